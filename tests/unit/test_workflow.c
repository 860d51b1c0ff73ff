/* test_workflow.c - every row of the transition table, and refusals. */
#include <string.h>

#include <glib.h>

#include "workflow.h"

#define R(x)	COMMAND_ROLE_##x
#define C(x)	COMMAND_##x
#define S(x)	WF_##x
#define FX(x)	WF_FX_##x

struct wcase {
	const char		*name;
	enum wf_state		 state;
	enum command_role	 step;
	int			 used;		/* correction and extension */
	enum command_role	 role;
	enum command_kind	 cmd;
	int			 ok;
	enum wf_state		 next;
	enum command_role	 next_step;
	unsigned		 fx;		/* must all be set */
};

static const struct wcase cases[] = {
	{ "answer from received", S(RECEIVED), R(HANDLER), 0, R(HANDLER),
	    C(ANSWER), 1, S(REVIEW), R(RESPONSIBLE), FX(DRAFT) | FX(NOTIFY) },
	{ "answer from drafting", S(DRAFTING), R(HANDLER), 0, R(HANDLER),
	    C(ANSWER), 1, S(REVIEW), R(RESPONSIBLE), FX(DRAFT) | FX(NOTIFY) },
	{ "handler revise", S(DRAFTING), R(HANDLER), 0, R(HANDLER), C(REVISE),
	    1, S(REVIEW), R(RESPONSIBLE), FX(DRAFT) },
	{ "correction", S(RECEIVED), R(HANDLER), 0, R(HANDLER), C(CORRECTION),
	    1, S(CORRECTION), R(APPLICANT), FX(CORRECTION) },
	{ "correction from drafting", S(DRAFTING), R(HANDLER), 0, R(HANDLER),
	    C(CORRECTION), 1, S(CORRECTION), R(APPLICANT), FX(CORRECTION) },
	{ "second correction refused", S(DRAFTING), R(HANDLER), 1, R(HANDLER),
	    C(CORRECTION), 0, 0, 0, 0 },
	{ "consult", S(RECEIVED), R(HANDLER), 0, R(HANDLER), C(CONSULT), 1,
	    S(CONSULTING), R(THIRD_PARTY), FX(CONSULT) | FX(PAUSE) },
	{ "consult from drafting", S(DRAFTING), R(HANDLER), 0, R(HANDLER),
	    C(CONSULT), 1, S(CONSULTING), R(THIRD_PARTY), FX(CONSULT) },
	{ "third party agrees", S(CONSULTING), R(THIRD_PARTY), 0,
	    R(THIRD_PARTY), C(AGREE), 1, S(DRAFTING), R(HANDLER),
	    FX(RESUME) | FX(TELL_HANDLER) },
	{ "third party objects", S(CONSULTING), R(THIRD_PARTY), 0,
	    R(THIRD_PARTY), C(OBJECT), 1, S(DRAFTING), R(HANDLER),
	    FX(RESUME) | FX(TELL_HANDLER) },
	/* Art. 34: another agency, its own letter; the clock stops. */
	{ "consult an agency", S(RECEIVED), R(HANDLER), 0, R(HANDLER),
	    C(CONSULT_AGENCY), 1, S(AGENCY), R(THIRD_PARTY),
	    FX(AGENCY) | FX(PAUSE) },
	{ "consult an agency from drafting", S(DRAFTING), R(HANDLER), 0,
	    R(HANDLER), C(CONSULT_AGENCY), 1, S(AGENCY), R(THIRD_PARTY),
	    FX(AGENCY) | FX(PAUSE) },
	{ "the agency agrees", S(AGENCY), R(THIRD_PARTY), 0, R(THIRD_PARTY),
	    C(AGREE), 1, S(DRAFTING), R(HANDLER),
	    FX(RESUME) | FX(TELL_HANDLER) },
	{ "the agency objects", S(AGENCY), R(THIRD_PARTY), 0, R(THIRD_PARTY),
	    C(OBJECT), 1, S(DRAFTING), R(HANDLER),
	    FX(RESUME) | FX(TELL_HANDLER) },
	{ "no agency consultation in review", S(REVIEW), R(RESPONSIBLE), 0,
	    R(HANDLER), C(CONSULT_AGENCY), 0, 0, 0, 0 },
	/* Art. 35: asking for reasons keeps the case with the handler. */
	{ "ask for reasons", S(RECEIVED), R(HANDLER), 0, R(HANDLER),
	    C(ASK_REASON), 1, S(RECEIVED), R(HANDLER), FX(ASK_REASON) },
	{ "ask for reasons from drafting", S(DRAFTING), R(HANDLER), 0,
	    R(HANDLER), C(ASK_REASON), 1, S(DRAFTING), R(HANDLER),
	    FX(ASK_REASON) },
	{ "fee", S(RECEIVED), R(HANDLER), 0, R(HANDLER), C(FEE), 1, S(FEE),
	    R(HANDLER), FX(FEE) | FX(PAUSE) },
	{ "fee from drafting", S(DRAFTING), R(HANDLER), 0, R(HANDLER), C(FEE),
	    1, S(FEE), R(HANDLER), FX(FEE) | FX(PAUSE) },
	{ "paid", S(FEE), R(HANDLER), 0, R(HANDLER), C(PAID), 1, S(DRAFTING),
	    R(HANDLER), FX(RESUME) },
	{ "paid when no fee is due", S(DRAFTING), R(HANDLER), 0, R(HANDLER),
	    C(PAID), 0, 0, 0, 0 },
	{ "extend", S(DRAFTING), R(HANDLER), 0, R(HANDLER), C(EXTEND), 1,
	    S(EXTENSION), R(HEAD), FX(EXT_REQUEST) },
	{ "extend from received", S(RECEIVED), R(HANDLER), 0, R(HANDLER),
	    C(EXTEND), 1, S(EXTENSION), R(HEAD), FX(EXT_REQUEST) },
	{ "second extension refused", S(DRAFTING), R(HANDLER), 1, R(HANDLER),
	    C(EXTEND), 0, 0, 0, 0 },
	{ "head approves extension", S(EXTENSION), R(HEAD), 0, R(HEAD),
	    C(APPROVE), 1, S(DRAFTING), R(HANDLER),
	    FX(EXTEND) | FX(TELL_HANDLER) },
	{ "head refuses extension", S(EXTENSION), R(HEAD), 0, R(HEAD),
	    C(REJECT), 1, S(DRAFTING), R(HANDLER), FX(TELL_HANDLER) },
	{ "assign", S(DRAFTING), R(HANDLER), 0, R(HANDLER), C(ASSIGN), 1,
	    S(DRAFTING), R(HANDLER), FX(ASSIGN) | FX(NOTIFY) },
	{ "secretariat assigns", S(REVIEW), R(RESPONSIBLE), 0, R(SECRETARIAT),
	    C(ASSIGN), 1, S(DRAFTING), R(HANDLER), FX(ASSIGN) },
	{ "set", S(RECEIVED), R(HANDLER), 0, R(HANDLER), C(SET), 1,
	    S(RECEIVED), R(HANDLER), FX(SET) },
	{ "note keeps everything", S(REVIEW), R(SUPERVISING), 0,
	    R(SUPERVISING), C(NOTE), 1, S(REVIEW), R(SUPERVISING), 0 },
	{ "responsible approves", S(REVIEW), R(RESPONSIBLE), 0,
	    R(RESPONSIBLE), C(APPROVE), 1, S(REVIEW), R(SUPERVISING),
	    FX(NOTIFY) },
	{ "supervising approves", S(REVIEW), R(SUPERVISING), 0,
	    R(SUPERVISING), C(APPROVE), 1, S(REVIEW), R(APPROVER),
	    FX(NOTIFY) },
	{ "approver approves: answered", S(REVIEW), R(APPROVER), 0,
	    R(APPROVER), C(APPROVE), 1, S(ANSWERED), R(APPROVER),
	    FX(ANSWER) },
	{ "approver rejects: one level down", S(REVIEW), R(APPROVER), 0,
	    R(APPROVER), C(REJECT), 1, S(REVIEW), R(SUPERVISING),
	    FX(NOTIFY) },
	{ "supervising rejects: one level down", S(REVIEW), R(SUPERVISING), 0,
	    R(SUPERVISING), C(REJECT), 1, S(REVIEW), R(RESPONSIBLE),
	    FX(NOTIFY) },
	{ "responsible rejects: back to the handler", S(REVIEW),
	    R(RESPONSIBLE), 0, R(RESPONSIBLE), C(REJECT), 1, S(DRAFTING),
	    R(HANDLER), FX(NOTIFY) },
	{ "supervising revises: up again", S(REVIEW), R(SUPERVISING), 0,
	    R(SUPERVISING), C(REVISE), 1, S(REVIEW), R(APPROVER),
	    FX(DRAFT) | FX(NOTIFY) },
	{ "responsible revises: up again", S(REVIEW), R(RESPONSIBLE), 0,
	    R(RESPONSIBLE), C(REVISE), 1, S(REVIEW), R(SUPERVISING),
	    FX(DRAFT) | FX(NOTIFY) },
	{ "approver may not revise", S(REVIEW), R(APPROVER), 0, R(APPROVER),
	    C(REVISE), 0, 0, 0, 0 },
	{ "handler may not answer in review", S(REVIEW), R(RESPONSIBLE), 0,
	    R(HANDLER), C(ANSWER), 0, 0, 0, 0 },
	{ "approve while drafting refused", S(DRAFTING), R(HANDLER), 0,
	    R(RESPONSIBLE), C(APPROVE), 0, 0, 0, 0 },
	{ "third party agree out of consultation", S(DRAFTING), R(HANDLER),
	    0, R(THIRD_PARTY), C(AGREE), 0, 0, 0, 0 },
	{ "nothing on an answered case", S(ANSWERED), R(APPROVER), 0,
	    R(APPROVER), C(NOTE), 0, 0, 0, 0 },
	{ "nothing on a withdrawn case", S(WITHDRAWN), R(HANDLER), 0,
	    R(HANDLER), C(ANSWER), 0, 0, 0, 0 },
	{ "applicant gives no command", S(CORRECTION), R(APPLICANT), 0,
	    R(APPLICANT), C(APPROVE), 0, 0, 0, 0 },
	/* The secrecy hold (screen.h): only the approver's CLEARED sends. */
	{ "approver clears a secrecy hold", S(SECRECY), R(APPROVER), 0,
	    R(APPROVER), C(CLEARED), 1, S(ANSWERED), R(APPROVER),
	    FX(ANSWER) | FX(CLEARED) },
	{ "approver sends a held draft down", S(SECRECY), R(APPROVER), 0,
	    R(APPROVER), C(REJECT), 1, S(REVIEW), R(SUPERVISING), FX(NOTIFY) },
	{ "approving again does not clear a hold", S(SECRECY), R(APPROVER),
	    0, R(APPROVER), C(APPROVE), 0, 0, 0, 0 },
	{ "cleared without a hold", S(REVIEW), R(APPROVER), 0, R(APPROVER),
	    C(CLEARED), 0, 0, 0, 0 },
	{ "supervising may not clear", S(SECRECY), R(APPROVER), 0,
	    R(SUPERVISING), C(CLEARED), 0, 0, 0, 0 },
	{ "a note on a held case", S(SECRECY), R(APPROVER), 0, R(APPROVER),
	    C(NOTE), 1, S(SECRECY), R(APPROVER), 0 },
};

static void
test_row(gconstpointer data)
{
	const struct wcase *c = data;
	struct wf_case wc = { c->state, c->step, WF_DRAFTING, c->used,
	    c->used };
	struct wf_outcome out;
	int r;

	r = workflow_apply(&wc, c->role, c->cmd, &out);
	if (!c->ok) {
		g_assert_cmpint(r, ==, -1);
		g_assert_nonnull(out.refusal);
		g_assert_cmpuint(out.effects, ==, 0);
		return;
	}
	if (r != 0)
		g_test_message("%s: refused: %s", c->name, out.refusal);
	g_assert_cmpint(r, ==, 0);
	g_assert_null(out.refusal);
	g_assert_cmpstr(workflow_state_name(out.next), ==,
	    workflow_state_name(c->next));
	g_assert_cmpstr(command_role_name(out.step), ==,
	    command_role_name(c->next_step));
	g_assert_cmpuint(out.effects & c->fx, ==, c->fx);
}

/* Items for publication: each kind's chain, row by row. */
struct icase {
	const char		*name;
	enum wf_kind		 kind;
	int			 major;
	enum wf_state		 state;
	enum command_role	 step;
	enum command_role	 role;
	enum command_kind	 cmd;
	int			 ok;
	enum wf_state		 next;
	enum command_role	 next_step;
	unsigned		 fx;		/* exactly these */
};

#define K(x)	WF_KIND_##x

static const struct icase icases[] = {
	/* 主动公开: responsible -> supervising -> approver -> published */
	{ "proactive: responsible approves", K(PROACTIVE), 0, S(REVIEW),
	    R(RESPONSIBLE), R(RESPONSIBLE), C(APPROVE), 1, S(REVIEW),
	    R(SUPERVISING), FX(NOTIFY) },
	{ "proactive: no leader even when major", K(PROACTIVE), 1, S(REVIEW),
	    R(RESPONSIBLE), R(RESPONSIBLE), C(APPROVE), 1, S(REVIEW),
	    R(SUPERVISING), FX(NOTIFY) },
	{ "proactive: supervising approves", K(PROACTIVE), 0, S(REVIEW),
	    R(SUPERVISING), R(SUPERVISING), C(APPROVE), 1, S(REVIEW),
	    R(APPROVER), FX(NOTIFY) },
	{ "proactive: the approver publishes", K(PROACTIVE), 0, S(REVIEW),
	    R(APPROVER), R(APPROVER), C(APPROVE), 1, S(PUBLISHED),
	    R(APPROVER), FX(PUBLISH) },
	{ "proactive: supervising may not publish", K(PROACTIVE), 0,
	    S(REVIEW), R(SUPERVISING), R(SUPERVISING), C(APPROVE), 1,
	    S(REVIEW), R(APPROVER), FX(NOTIFY) },
	{ "proactive: no escalation", K(PROACTIVE), 0, S(REVIEW),
	    R(SUPERVISING), R(SUPERVISING), C(ESCALATE), 0, 0, 0, 0 },
	{ "proactive: responsible rejects to the handler", K(PROACTIVE), 0,
	    S(REVIEW), R(RESPONSIBLE), R(RESPONSIBLE), C(REJECT), 1,
	    S(DRAFTING), R(HANDLER), FX(NOTIFY) },
	{ "proactive: the approver rejects one level down", K(PROACTIVE), 0,
	    S(REVIEW), R(APPROVER), R(APPROVER), C(REJECT), 1, S(REVIEW),
	    R(SUPERVISING), FX(NOTIFY) },
	{ "proactive: supervising revises up", K(PROACTIVE), 0, S(REVIEW),
	    R(SUPERVISING), R(SUPERVISING), C(REVISE), 1, S(REVIEW),
	    R(APPROVER), FX(DRAFT) | FX(NOTIFY) },
	{ "proactive: the handler revises after a reject", K(PROACTIVE), 0,
	    S(DRAFTING), R(HANDLER), R(HANDLER), C(REVISE), 1, S(REVIEW),
	    R(RESPONSIBLE), FX(DRAFT) | FX(NOTIFY) },
	{ "proactive: the handler answers nothing", K(PROACTIVE), 0,
	    S(DRAFTING), R(HANDLER), R(HANDLER), C(ANSWER), 0, 0, 0, 0 },
	{ "proactive: no extension", K(PROACTIVE), 0, S(REVIEW),
	    R(RESPONSIBLE), R(RESPONSIBLE), C(EXTEND), 0, 0, 0, 0 },
	{ "proactive: cleared publishes", K(PROACTIVE), 0, S(SECRECY),
	    R(APPROVER), R(APPROVER), C(CLEARED), 1, S(PUBLISHED),
	    R(APPROVER), FX(PUBLISH) | FX(CLEARED) },
	{ "proactive: a held item rejected to the handler", K(PROACTIVE), 0,
	    S(SECRECY), R(APPROVER), R(APPROVER), C(REJECT), 1, S(DRAFTING),
	    R(HANDLER), FX(NOTIFY) },
	{ "proactive: published takes nothing", K(PROACTIVE), 0,
	    S(PUBLISHED), R(APPROVER), R(APPROVER), C(APPROVE), 0, 0, 0, 0 },

	/* 动态: responsible (-> leader) -> supervising (-> principal) */
	{ "news: responsible approves, not major", K(NEWS), 0, S(REVIEW),
	    R(RESPONSIBLE), R(RESPONSIBLE), C(APPROVE), 1, S(REVIEW),
	    R(SUPERVISING), FX(NOTIFY) },
	{ "news: responsible approves, major: the leader", K(NEWS), 1,
	    S(REVIEW), R(RESPONSIBLE), R(RESPONSIBLE), C(APPROVE), 1,
	    S(REVIEW), R(LEADER), FX(NOTIFY) },
	{ "news: responsible revises, major: the leader", K(NEWS), 1,
	    S(REVIEW), R(RESPONSIBLE), R(RESPONSIBLE), C(REVISE), 1,
	    S(REVIEW), R(LEADER), FX(DRAFT) | FX(NOTIFY) },
	{ "news: the leader approves", K(NEWS), 1, S(REVIEW), R(LEADER),
	    R(LEADER), C(APPROVE), 1, S(REVIEW), R(SUPERVISING), FX(NOTIFY) },
	{ "news: the leader rejects", K(NEWS), 1, S(REVIEW), R(LEADER),
	    R(LEADER), C(REJECT), 1, S(REVIEW), R(RESPONSIBLE), FX(NOTIFY) },
	{ "news: supervising publishes", K(NEWS), 0, S(REVIEW),
	    R(SUPERVISING), R(SUPERVISING), C(APPROVE), 1, S(PUBLISHED),
	    R(SUPERVISING), FX(PUBLISH) },
	{ "news: supervising rejects, major: the leader", K(NEWS), 1,
	    S(REVIEW), R(SUPERVISING), R(SUPERVISING), C(REJECT), 1,
	    S(REVIEW), R(LEADER), FX(NOTIFY) },
	{ "news: supervising rejects, not major", K(NEWS), 0, S(REVIEW),
	    R(SUPERVISING), R(SUPERVISING), C(REJECT), 1, S(REVIEW),
	    R(RESPONSIBLE), FX(NOTIFY) },
	{ "news: supervising escalates to the principal", K(NEWS), 0,
	    S(REVIEW), R(SUPERVISING), R(SUPERVISING), C(ESCALATE), 1,
	    S(REVIEW), R(PRINCIPAL), FX(NOTIFY) },
	{ "news: the principal publishes", K(NEWS), 0, S(REVIEW),
	    R(PRINCIPAL), R(PRINCIPAL), C(APPROVE), 1, S(PUBLISHED),
	    R(PRINCIPAL), FX(PUBLISH) },
	{ "news: the principal rejects to supervising", K(NEWS), 1,
	    S(REVIEW), R(PRINCIPAL), R(PRINCIPAL), C(REJECT), 1, S(REVIEW),
	    R(SUPERVISING), FX(NOTIFY) },
	{ "news: the leader may not escalate", K(NEWS), 1, S(REVIEW),
	    R(LEADER), R(LEADER), C(ESCALATE), 0, 0, 0, 0 },
	{ "news: no approver level", K(NEWS), 0, S(REVIEW), R(APPROVER),
	    R(APPROVER), C(APPROVE), 0, 0, 0, 0 },
	{ "news: cleared publishes", K(NEWS), 0, S(SECRECY), R(APPROVER),
	    R(APPROVER), C(CLEARED), 1, S(PUBLISHED), R(APPROVER),
	    FX(PUBLISH) | FX(CLEARED) },

	/* 业务: responsible (-> leader) -> supervising -> published */
	{ "business: responsible approves, major: the leader", K(BUSINESS), 1,
	    S(REVIEW), R(RESPONSIBLE), R(RESPONSIBLE), C(APPROVE), 1,
	    S(REVIEW), R(LEADER), FX(NOTIFY) },
	{ "business: responsible approves, not major", K(BUSINESS), 0,
	    S(REVIEW), R(RESPONSIBLE), R(RESPONSIBLE), C(APPROVE), 1,
	    S(REVIEW), R(SUPERVISING), FX(NOTIFY) },
	{ "business: supervising publishes", K(BUSINESS), 1, S(REVIEW),
	    R(SUPERVISING), R(SUPERVISING), C(APPROVE), 1, S(PUBLISHED),
	    R(SUPERVISING), FX(PUBLISH) },
	{ "business: no escalation", K(BUSINESS), 0, S(REVIEW),
	    R(SUPERVISING), R(SUPERVISING), C(ESCALATE), 0, 0, 0, 0 },
	{ "business: the leader rejects", K(BUSINESS), 1, S(REVIEW),
	    R(LEADER), R(LEADER), C(REJECT), 1, S(REVIEW), R(RESPONSIBLE),
	    FX(NOTIFY) },

	/* A request's chain is unchanged: the approver answers. */
	{ "request: the approver answers, publishes nothing", K(REQUEST), 1,
	    S(REVIEW), R(APPROVER), R(APPROVER), C(APPROVE), 1, S(ANSWERED),
	    R(APPROVER), FX(ANSWER) },
	{ "request: no leader level even when major", K(REQUEST), 1,
	    S(REVIEW), R(RESPONSIBLE), R(RESPONSIBLE), C(APPROVE), 1,
	    S(REVIEW), R(SUPERVISING), FX(NOTIFY) },
};

static void
test_item_row(gconstpointer data)
{
	const struct icase *c = data;
	struct wf_case wc;
	struct wf_outcome out;
	int r;

	memset(&wc, 0, sizeof(wc));
	wc.kind = c->kind;
	wc.major = c->major;
	wc.state = c->state;
	wc.step = c->step;
	wc.resume = WF_DRAFTING;
	r = workflow_apply(&wc, c->role, c->cmd, &out);
	if (!c->ok) {
		g_assert_cmpint(r, ==, -1);
		g_assert_nonnull(out.refusal);
		g_assert_cmpuint(out.effects, ==, 0);
		return;
	}
	if (r != 0)
		g_test_message("%s: refused: %s", c->name, out.refusal);
	g_assert_cmpint(r, ==, 0);
	g_assert_cmpstr(workflow_state_name(out.next), ==,
	    workflow_state_name(c->next));
	g_assert_cmpstr(command_role_name(out.step), ==,
	    command_role_name(c->next_step));
	g_assert_cmpuint(out.effects, ==, c->fx);
}

static void
test_kinds(void)
{
	const char *words[] = { "request", "proactive", "news", "business" };
	enum wf_kind k;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(words); i++) {
		g_assert_cmpint(workflow_kind_parse(words[i], &k), ==, 0);
		g_assert_cmpint(k, ==, (int)i);
		g_assert_cmpstr(workflow_kind_name(k), ==, words[i]);
	}
	g_assert_cmpint(workflow_kind_parse("dynamic", &k), ==, -1);
	g_assert_cmpint(workflow_kind_parse(NULL, &k), ==, -1);
	g_assert_cmpstr(workflow_kind_name((enum wf_kind)99), ==, "unknown");
}

static void
test_correction_and_expiry(void)
{
	struct wf_case wc = { WF_CORRECTION, COMMAND_ROLE_APPLICANT,
	    WF_DRAFTING, 1, 0 };
	struct wf_outcome out;

	g_assert_cmpint(workflow_correction_received(&wc, &out), ==, 0);
	g_assert_cmpint(out.next, ==, WF_DRAFTING);
	g_assert_true(out.effects & WF_FX_RESTART);
	g_assert_cmpint(workflow_expire(&wc, &out), ==, 0);
	g_assert_cmpint(out.next, ==, WF_ANSWERED);
	wc.state = WF_DRAFTING;
	g_assert_cmpint(workflow_correction_received(&wc, &out), ==, -1);
	g_assert_cmpint(workflow_expire(&wc, &out), ==, -1);
	wc.state = WF_FEE;
	g_assert_cmpint(workflow_expire(&wc, &out), ==, 0);
	/* the secrecy check holds an approved answer at the approver */
	wc.state = WF_REVIEW;
	wc.step = COMMAND_ROLE_APPROVER;
	g_assert_cmpint(workflow_apply(&wc, COMMAND_ROLE_APPROVER,
	    COMMAND_APPROVE, &out), ==, 0);
	g_assert_true(out.effects & WF_FX_ANSWER);
	g_assert_false(out.effects & WF_FX_CLEARED);
	workflow_secrecy_hold(&wc, &out);
	g_assert_cmpint(out.next, ==, WF_SECRECY);
	g_assert_cmpint(out.step, ==, COMMAND_ROLE_APPROVER);
	g_assert_cmpuint(out.effects, ==, WF_FX_SECRECY);
	g_assert_true(workflow_is_open(WF_SECRECY));
	wc.state = WF_SECRECY;
	g_assert_cmpint(workflow_apply(&wc, COMMAND_ROLE_APPROVER,
	    COMMAND_APPROVE, &out), ==, -1);
	g_assert_nonnull(strstr(out.refusal, "保密审查通过"));
}

/*
 * The law's guards (doc/lifecycle.md, "Time limits the law enforces"):
 * each step refused the day after its last day, with a help template,
 * and allowed on the last day itself.
 */
static void
test_guards(void)
{
	static const struct {
		const char		*name;
		enum wf_state		 state;
		enum command_role	 role;
		enum command_kind	 cmd;
		const char		*help;
	} g[] = {
		{ "EXTEND", WF_DRAFTING, R(HANDLER), C(EXTEND),
		    "refused_late_extension" },
		{ "EXTEND in review", WF_REVIEW, R(SUPERVISING), C(EXTEND),
		    "refused_late_extension" },
		{ "the head's approval", WF_EXTENSION, R(HEAD), C(APPROVE),
		    "refused_late_extension" },
		{ "FEE", WF_DRAFTING, R(HANDLER), C(FEE), "refused_late_fee" },
		{ "CORRECTION", WF_RECEIVED, R(HANDLER), C(CORRECTION),
		    "refused_late_correction" },
	};
	struct wf_case wc;
	struct wf_outcome out;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(g); i++) {
		memset(&wc, 0, sizeof(wc));
		wc.state = g[i].state;
		wc.step = g[i].role;
		wc.resume = WF_DRAFTING;
		wc.due = 1000;
		wc.correction_last = 990;
		wc.today = g[i].cmd == C(CORRECTION) ? 990 : 1000;
		g_test_message("%s on its last day", g[i].name);
		g_assert_cmpint(workflow_apply(&wc, g[i].role, g[i].cmd,
		    &out), ==, 0);
		wc.today++;
		g_test_message("%s the day after", g[i].name);
		g_assert_cmpint(workflow_apply(&wc, g[i].role, g[i].cmd,
		    &out), ==, -1);
		g_assert_cmpstr(out.help, ==, g[i].help);
		g_assert_nonnull(out.refusal);
		g_assert_cmpuint(out.effects, ==, 0);
	}
	/* The head may still refuse a late extension; a late correction
	 * notice allowed by the secretariat goes. */
	memset(&wc, 0, sizeof(wc));
	wc.state = WF_EXTENSION;
	wc.step = R(HEAD);
	wc.resume = WF_DRAFTING;
	wc.due = 1000;
	wc.today = 1001;
	g_assert_cmpint(workflow_apply(&wc, R(HEAD), C(REJECT), &out), ==, 0);
	wc.state = WF_DRAFTING;
	wc.step = R(HANDLER);
	wc.correction_last = 990;
	wc.late_allowed = 1;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(CORRECTION), &out),
	    ==, 0);
	/* Unknown dates never refuse. */
	memset(&wc, 0, sizeof(wc));
	wc.state = WF_DRAFTING;
	wc.step = R(HANDLER);
	wc.today = 5000;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(FEE), &out), ==, 0);

	/* still-unclear: only after a correction asked and received. */
	wc.answer_type = "unavailable:still-unclear";
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(ANSWER), &out), ==,
	    -1);
	g_assert_cmpstr(out.help, ==, "refused_still_unclear");
	wc.correction_used = 1;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(ANSWER), &out), ==,
	    0);
	wc.answer_type = "unavailable:not-held";
	wc.correction_used = 0;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(ANSWER), &out), ==,
	    0);
}

/* Art. 32: a draft that discloses over the third party's objection must
 * say why (ANSWER, and a reviewer's REVISE); a withholding draft, or one
 * after an AGREE, need not. */
static void
test_over_objection(void)
{
	struct wf_case wc;
	struct wf_outcome out;

	memset(&wc, 0, sizeof(wc));
	wc.state = WF_DRAFTING;
	wc.step = R(HANDLER);
	wc.third_party_objected = 1;
	wc.answer_type = "disclose";
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(ANSWER), &out), ==,
	    -1);
	g_assert_cmpstr(out.help, ==, "refused_over_objection");
	g_assert_nonnull(strstr(out.refusal, "第三十二条"));
	wc.answer_type = "partial";
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(ANSWER), &out), ==,
	    -1);
	wc.draft_has_reason = 1;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(ANSWER), &out), ==,
	    0);
	g_assert_true(out.effects & WF_FX_DRAFT);
	wc.draft_has_reason = 0;
	wc.answer_type = "withhold:third-party";
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(ANSWER), &out), ==,
	    0);
	wc.answer_type = "disclose";
	wc.third_party_objected = 0;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(ANSWER), &out), ==,
	    0);
	/* a reviewer's revised draft loses the reason: refused */
	wc.state = WF_REVIEW;
	wc.step = R(SUPERVISING);
	wc.third_party_objected = 1;
	g_assert_cmpint(workflow_apply(&wc, R(SUPERVISING), C(REVISE), &out),
	    ==, -1);
	g_assert_cmpstr(out.help, ==, "refused_over_objection");
	wc.draft_has_reason = 1;
	g_assert_cmpint(workflow_apply(&wc, R(SUPERVISING), C(REVISE), &out),
	    ==, 0);
}

/*
 * Art. 35 and the withdrawal: excessive and DEFER only after ASK-REASON,
 * DEFER only to a day after the due date, the handler's WITHDRAW only
 * with the applicant's statement attached; the applicant's withdrawal
 * from any open state.
 */
static void
test_art35_withdraw(void)
{
	struct wf_case wc;
	struct wf_outcome out;

	memset(&wc, 0, sizeof(wc));
	wc.state = WF_DRAFTING;
	wc.step = R(HANDLER);
	wc.due = 1000;
	wc.today = 990;
	wc.answer_type = "not-processed:excessive";
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(ANSWER), &out), ==,
	    -1);
	g_assert_cmpstr(out.help, ==, "refused_excessive");
	g_assert_nonnull(strstr(out.refusal, "第三十五条"));
	g_assert_cmpuint(out.effects, ==, 0);
	wc.defer_to = 1010;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(DEFER), &out), ==,
	    -1);
	g_assert_cmpstr(out.help, ==, "refused_excessive");
	wc.reason_asked = 1;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(ANSWER), &out), ==,
	    0);
	g_assert_cmpint(out.next, ==, WF_REVIEW);
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(DEFER), &out), ==,
	    0);
	g_assert_cmpint(out.next, ==, WF_DRAFTING);
	g_assert_cmpuint(out.effects, ==, WF_FX_DEFER);
	/* Not after the due date: refused, the due date itself too. */
	wc.defer_to = 1000;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(DEFER), &out), ==,
	    -1);
	g_assert_cmpstr(out.help, ==, "refused_defer_date");
	wc.defer_to = 0;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(DEFER), &out), ==,
	    -1);
	g_assert_cmpstr(out.help, ==, "refused_defer_date");

	/* The handler's WITHDRAW: the statement attached. */
	wc.state = WF_FEE;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(WITHDRAW), &out), ==,
	    -1);
	g_assert_cmpstr(out.help, ==, "refused_withdraw_statement");
	g_assert_nonnull(strstr(out.refusal, "第二十九条"));
	wc.attachments = 1;
	g_assert_cmpint(workflow_apply(&wc, R(HANDLER), C(WITHDRAW), &out), ==,
	    0);
	g_assert_cmpint(out.next, ==, WF_WITHDRAWN);
	g_assert_cmpuint(out.effects, ==, WF_FX_WITHDRAW);

	/* The applicant's: any open state, never a closed one. */
	wc.state = WF_AGENCY;
	wc.step = R(THIRD_PARTY);
	g_assert_cmpint(workflow_withdraw(&wc, &out), ==, 0);
	g_assert_cmpint(out.next, ==, WF_WITHDRAWN);
	g_assert_cmpuint(out.effects, ==, WF_FX_WITHDRAW);
	wc.state = WF_ANSWERED;
	g_assert_cmpint(workflow_withdraw(&wc, &out), ==, -1);
	g_assert_nonnull(out.refusal);

	/* The agency's silence: consent, the clock resumes. */
	wc.state = WF_AGENCY;
	g_assert_cmpint(workflow_silence(&wc, &out), ==, 0);
	g_assert_cmpint(out.next, ==, WF_DRAFTING);
	g_assert_cmpuint(out.effects, ==, WF_FX_SILENT | WF_FX_RESUME);
}

/* An extension asked in review returns the case to the level that asked. */
static void
test_extension_in_review(void)
{
	struct wf_case wc;
	struct wf_outcome out;

	memset(&wc, 0, sizeof(wc));
	wc.state = WF_REVIEW;
	wc.step = R(SUPERVISING);
	g_assert_cmpint(workflow_apply(&wc, R(SUPERVISING), C(EXTEND), &out),
	    ==, 0);
	g_assert_cmpint(out.next, ==, WF_EXTENSION);
	g_assert_cmpint(out.step, ==, R(HEAD));
	g_assert_true(out.effects & WF_FX_EXT_REQUEST);
	wc.state = WF_EXTENSION;
	wc.step = R(HEAD);
	wc.resume = WF_REVIEW;
	wc.resume_step = R(SUPERVISING);
	g_assert_cmpint(workflow_apply(&wc, R(HEAD), C(APPROVE), &out), ==, 0);
	g_assert_cmpint(out.next, ==, WF_REVIEW);
	g_assert_cmpint(out.step, ==, R(SUPERVISING));
	g_assert_true(out.effects & WF_FX_EXTEND);
	/* From drafting (resume_step unset): the handler again. */
	wc.resume = WF_DRAFTING;
	wc.resume_step = R(APPLICANT);
	g_assert_cmpint(workflow_apply(&wc, R(HEAD), C(REJECT), &out), ==, 0);
	g_assert_cmpint(out.next, ==, WF_DRAFTING);
	g_assert_cmpint(out.step, ==, R(HANDLER));
}

static void
test_names(void)
{
	enum wf_state s;
	int i;

	for (i = WF_RECEIVED; i <= WF_SECRECY; i++) {
		g_assert_cmpint(workflow_state_parse(workflow_state_name(i),
		    &s), ==, 0);
		g_assert_cmpint(s, ==, i);
	}
	g_assert_cmpint(workflow_state_parse("bogus", &s), ==, -1);
	g_assert_false(workflow_is_open(WF_ANSWERED));
	g_assert_true(workflow_is_open(WF_FEE));
}

/* The states' one list: its words, classes and the SQL spelled from it. */
static void
test_state_list(void)
{
	GString *closed = g_string_new(NULL), *outside = g_string_new(NULL);
	GString *l;
	int i;

	g_assert_cmpint(WF_NSTATES, ==, 12);
	for (i = 0; i < WF_NSTATES; i++) {
		const char *w = workflow_state_name(i);

		g_assert_cmpstr(w, !=, "unknown");
		g_assert_cmpstr(workflow_state_words(i, "zh"), !=, w);
		g_assert_nonnull(workflow_state_words(i, "en"));
		g_assert_cmpint(workflow_word_is_open(w), ==,
		    workflow_is_open(i));
		l = workflow_state_holder(i) == WF_HOLDER_CLOSED ? closed :
		    workflow_state_holder(i) == WF_HOLDER_OUTSIDE ? outside :
		    NULL;
		if (l != NULL)
			g_string_append_printf(l, "%s'%s'", l->len ? ", " : "",
			    w);
	}
	/* store.c's queries and partial indexes say the same */
	g_assert_cmpstr(closed->str, ==, WF_SQL_CLOSED);
	g_assert_cmpstr(outside->str, ==, WF_SQL_OUTSIDE);
	g_string_free(closed, TRUE);
	g_string_free(outside, TRUE);
	g_assert_cmpstr(workflow_state_words(WF_REVIEW, "zh"), ==, "审核中");
	g_assert_cmpstr(workflow_state_words(WF_FEE, "en"), ==,
	    "awaiting payment");
	g_assert_true(workflow_word_is_open("bogus"));	/* never lost */
	g_assert_false(workflow_word_is_open("withdrawn"));
	g_assert_cmpint(workflow_state_holder(WF_SECRECY), ==,
	    WF_HOLDER_OFFICE);
	g_assert_cmpint(workflow_state_holder(WF_CONSULTING), ==,
	    WF_HOLDER_OUTSIDE);
}

int
main(int argc, char **argv)
{
	size_t i;

	g_test_init(&argc, &argv, NULL);
	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		gchar *name = g_strdup_printf("/workflow/%s", cases[i].name);
		g_test_add_data_func(name, &cases[i], test_row);
		g_free(name);
	}
	for (i = 0; i < G_N_ELEMENTS(icases); i++) {
		gchar *name = g_strdup_printf("/workflow/%s", icases[i].name);
		g_test_add_data_func(name, &icases[i], test_item_row);
		g_free(name);
	}
	g_test_add_func("/workflow/kinds", test_kinds);
	g_test_add_func("/workflow/correction-and-expiry",
	    test_correction_and_expiry);
	g_test_add_func("/workflow/guards", test_guards);
	g_test_add_func("/workflow/over-objection", test_over_objection);
	g_test_add_func("/workflow/art35-withdraw", test_art35_withdraw);
	g_test_add_func("/workflow/extension-in-review",
	    test_extension_in_review);
	g_test_add_func("/workflow/names", test_names);
	g_test_add_func("/workflow/state-list", test_state_list);
	return g_test_run();
}
