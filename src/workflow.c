/*
 * workflow.c - the transition table of the request lifecycle.
 *
 * A rule matches on (state, role, command); its next step is a role, or
 * one of the relative moves below for the review chain.  Rules are tried
 * in order, the first match wins; no match is a refusal.
 */
#include <stddef.h>
#include <string.h>

#include "workflow.h"

#define ANY_OPEN	(-1)		/* every state that takes commands */
#define SAME		(-1)		/* the state or step does not change */
#define UP		(-2)		/* the next level of the chain */
#define DOWN		(-3)		/* one level down the chain */
#define RESUME		(-4)		/* back where the case came from */

struct wf_rule {
	enum wf_kind		 kind;
	int			 state;		/* enum wf_state or ANY_OPEN */
	enum command_role	 role;
	enum command_kind	 cmd;
	int			 next;		/* enum wf_state or SAME/UP/RESUME */
	int			 step;		/* enum command_role or relative */
	unsigned		 effects;
	const char		*once;		/* refusal when already used */
};

#define RQ	WF_KIND_REQUEST
#define PA	WF_KIND_PROACTIVE
#define NW	WF_KIND_NEWS
#define BU	WF_KIND_BUSINESS
#define H	COMMAND_ROLE_HANDLER
#define RS	COMMAND_ROLE_RESPONSIBLE
#define LD	COMMAND_ROLE_LEADER
#define SU	COMMAND_ROLE_SUPERVISING
#define AP	COMMAND_ROLE_APPROVER
#define PR	COMMAND_ROLE_PRINCIPAL
#define FX(x)	WF_FX_##x

/* The rows every item's chain has: the handler's new text after a
 * reject, the first level's decisions, and the secrecy hold. */
#define ITEM_ROWS(K)							\
	{ K, WF_DRAFTING, H, COMMAND_REVISE, WF_REVIEW, RS,		\
	    FX(DRAFT) | FX(NOTIFY), NULL },				\
	{ K, WF_REVIEW, RS, COMMAND_APPROVE, SAME, UP, FX(NOTIFY), NULL }, \
	{ K, WF_REVIEW, RS, COMMAND_REVISE, SAME, UP,			\
	    FX(DRAFT) | FX(NOTIFY), NULL },				\
	{ K, WF_REVIEW, RS, COMMAND_REJECT, WF_DRAFTING, H, FX(NOTIFY),	\
	    NULL },							\
	{ K, WF_SECRECY, AP, COMMAND_CLEARED, WF_PUBLISHED, SAME,	\
	    FX(PUBLISH) | FX(CLEARED), NULL },				\
	{ K, WF_SECRECY, AP, COMMAND_REJECT, WF_DRAFTING, H,		\
	    FX(NOTIFY), NULL }

/* The leader's level (news, business; only when 重大: UP skips it). */
#define LEADER_ROWS(K)							\
	{ K, WF_REVIEW, LD, COMMAND_APPROVE, SAME, UP, FX(NOTIFY), NULL }, \
	{ K, WF_REVIEW, LD, COMMAND_REVISE, SAME, UP,			\
	    FX(DRAFT) | FX(NOTIFY), NULL },				\
	{ K, WF_REVIEW, LD, COMMAND_REJECT, SAME, DOWN, FX(NOTIFY), NULL }

static const struct wf_rule wf_rules[] = {
	/* The handler drafts the answer, or takes another road. */
	{ RQ, WF_RECEIVED, H, COMMAND_ANSWER, WF_REVIEW,
	    COMMAND_ROLE_RESPONSIBLE, FX(DRAFT) | FX(NOTIFY), NULL },
	{ RQ, WF_DRAFTING, H, COMMAND_ANSWER, WF_REVIEW,
	    COMMAND_ROLE_RESPONSIBLE, FX(DRAFT) | FX(NOTIFY), NULL },
	{ RQ, WF_DRAFTING, H, COMMAND_REVISE, WF_REVIEW,
	    COMMAND_ROLE_RESPONSIBLE, FX(DRAFT) | FX(NOTIFY), NULL },
	{ RQ, WF_RECEIVED, H, COMMAND_CORRECTION, WF_CORRECTION,
	    COMMAND_ROLE_APPLICANT, FX(CORRECTION), "correction" },
	{ RQ, WF_DRAFTING, H, COMMAND_CORRECTION, WF_CORRECTION,
	    COMMAND_ROLE_APPLICANT, FX(CORRECTION), "correction" },
	{ RQ, WF_RECEIVED, H, COMMAND_CONSULT, WF_CONSULTING,
	    COMMAND_ROLE_THIRD_PARTY, FX(CONSULT) | FX(PAUSE), NULL },
	{ RQ, WF_DRAFTING, H, COMMAND_CONSULT, WF_CONSULTING,
	    COMMAND_ROLE_THIRD_PARTY, FX(CONSULT) | FX(PAUSE), NULL },
	/* Art. 34: another agency, its own letter; the clock stops. */
	{ RQ, WF_RECEIVED, H, COMMAND_CONSULT_AGENCY, WF_AGENCY,
	    COMMAND_ROLE_THIRD_PARTY, FX(AGENCY) | FX(PAUSE), NULL },
	{ RQ, WF_DRAFTING, H, COMMAND_CONSULT_AGENCY, WF_AGENCY,
	    COMMAND_ROLE_THIRD_PARTY, FX(AGENCY) | FX(PAUSE), NULL },
	/* Art. 35: reasons asked; then excessive, or a later date. */
	{ RQ, WF_RECEIVED, H, COMMAND_ASK_REASON, SAME, H, FX(ASK_REASON),
	    NULL },
	{ RQ, WF_DRAFTING, H, COMMAND_ASK_REASON, SAME, H, FX(ASK_REASON),
	    NULL },
	{ RQ, WF_RECEIVED, H, COMMAND_DEFER, WF_DRAFTING, H, FX(DEFER), NULL },
	{ RQ, WF_DRAFTING, H, COMMAND_DEFER, WF_DRAFTING, H, FX(DEFER), NULL },
	/* The applicant's own statement, filed by the handler. */
	{ RQ, ANY_OPEN, H, COMMAND_WITHDRAW, WF_WITHDRAWN, SAME, FX(WITHDRAW),
	    NULL },
	{ RQ, WF_RECEIVED, H, COMMAND_FEE, WF_FEE, H, FX(FEE) | FX(PAUSE),
	    NULL },
	{ RQ, WF_DRAFTING, H, COMMAND_FEE, WF_FEE, H, FX(FEE) | FX(PAUSE),
	    NULL },
	{ RQ, WF_FEE, H, COMMAND_PAID, WF_DRAFTING, H, FX(RESUME), NULL },
	{ RQ, WF_RECEIVED, H, COMMAND_EXTEND, WF_EXTENSION, COMMAND_ROLE_HEAD,
	    FX(EXT_REQUEST), "extension" },
	{ RQ, WF_DRAFTING, H, COMMAND_EXTEND, WF_EXTENSION, COMMAND_ROLE_HEAD,
	    FX(EXT_REQUEST), "extension" },
	/* The clock runs during review: its holder may still ask for an
	 * extension (Art. 33 para. 2), and gets the case back after. */
	{ RQ, WF_REVIEW, COMMAND_ROLE_RESPONSIBLE, COMMAND_EXTEND,
	    WF_EXTENSION, COMMAND_ROLE_HEAD, FX(EXT_REQUEST), "extension" },
	{ RQ, WF_REVIEW, COMMAND_ROLE_SUPERVISING, COMMAND_EXTEND,
	    WF_EXTENSION, COMMAND_ROLE_HEAD, FX(EXT_REQUEST), "extension" },
	{ RQ, WF_REVIEW, COMMAND_ROLE_APPROVER, COMMAND_EXTEND,
	    WF_EXTENSION, COMMAND_ROLE_HEAD, FX(EXT_REQUEST), "extension" },
	{ RQ, ANY_OPEN, H, COMMAND_ASSIGN, SAME, H, FX(ASSIGN) | FX(NOTIFY),
	    NULL },
	{ RQ, ANY_OPEN, H, COMMAND_SET, SAME, SAME, FX(SET), NULL },
	{ RQ, ANY_OPEN, COMMAND_ROLE_SECRETARIAT, COMMAND_ASSIGN, SAME, H,
	    FX(ASSIGN) | FX(NOTIFY), NULL },

	/* The head answers the request for an extension. */
	{ RQ, WF_EXTENSION, COMMAND_ROLE_HEAD, COMMAND_APPROVE, RESUME,
	    RESUME, FX(EXTEND) | FX(TELL_HANDLER), NULL },
	{ RQ, WF_EXTENSION, COMMAND_ROLE_HEAD, COMMAND_REJECT, RESUME, RESUME,
	    FX(TELL_HANDLER), NULL },

	/* The third party answers the consultation. */
	{ RQ, WF_CONSULTING, COMMAND_ROLE_THIRD_PARTY, COMMAND_AGREE,
	    WF_DRAFTING, H, FX(RESUME) | FX(TELL_HANDLER), NULL },
	{ RQ, WF_CONSULTING, COMMAND_ROLE_THIRD_PARTY, COMMAND_OBJECT,
	    WF_DRAFTING, H, FX(RESUME) | FX(TELL_HANDLER), NULL },

	/* The consulted agency answers (Art. 34). */
	{ RQ, WF_AGENCY, COMMAND_ROLE_THIRD_PARTY, COMMAND_AGREE,
	    WF_DRAFTING, H, FX(RESUME) | FX(TELL_HANDLER), NULL },
	{ RQ, WF_AGENCY, COMMAND_ROLE_THIRD_PARTY, COMMAND_OBJECT,
	    WF_DRAFTING, H, FX(RESUME) | FX(TELL_HANDLER), NULL },

	/* The review chain: up on approval or revision, down on reject. */
	{ RQ, WF_REVIEW, COMMAND_ROLE_RESPONSIBLE, COMMAND_APPROVE, SAME, UP,
	    FX(NOTIFY), NULL },
	{ RQ, WF_REVIEW, COMMAND_ROLE_SUPERVISING, COMMAND_APPROVE, SAME, UP,
	    FX(NOTIFY), NULL },
	{ RQ, WF_REVIEW, COMMAND_ROLE_APPROVER, COMMAND_APPROVE, WF_ANSWERED,
	    SAME, FX(ANSWER), NULL },
	{ RQ, WF_REVIEW, COMMAND_ROLE_RESPONSIBLE, COMMAND_REVISE, SAME, UP,
	    FX(DRAFT) | FX(NOTIFY), NULL },
	{ RQ, WF_REVIEW, COMMAND_ROLE_SUPERVISING, COMMAND_REVISE, SAME, UP,
	    FX(DRAFT) | FX(NOTIFY), NULL },
	{ RQ, WF_REVIEW, COMMAND_ROLE_RESPONSIBLE, COMMAND_REJECT, WF_DRAFTING,
	    H, FX(NOTIFY), NULL },
	{ RQ, WF_REVIEW, COMMAND_ROLE_SUPERVISING, COMMAND_REJECT, SAME, DOWN,
	    FX(NOTIFY), NULL },
	{ RQ, WF_REVIEW, COMMAND_ROLE_APPROVER, COMMAND_REJECT, SAME, DOWN,
	    FX(NOTIFY), NULL },

	/* Held by the secrecy check: the approver clears it with a reason,
	 * or sends the draft down to be changed. */
	{ RQ, WF_SECRECY, COMMAND_ROLE_APPROVER, COMMAND_CLEARED, WF_ANSWERED,
	    SAME, FX(ANSWER) | FX(CLEARED), NULL },
	{ RQ, WF_SECRECY, COMMAND_ROLE_APPROVER, COMMAND_REJECT, WF_REVIEW,
	    DOWN, FX(NOTIFY), NULL },

	/* 主动公开: responsible -> supervising -> approver -> published. */
	ITEM_ROWS(PA),
	{ PA, WF_REVIEW, SU, COMMAND_APPROVE, SAME, UP, FX(NOTIFY), NULL },
	{ PA, WF_REVIEW, SU, COMMAND_REVISE, SAME, UP, FX(DRAFT) | FX(NOTIFY),
	    NULL },
	{ PA, WF_REVIEW, SU, COMMAND_REJECT, SAME, DOWN, FX(NOTIFY), NULL },
	{ PA, WF_REVIEW, AP, COMMAND_APPROVE, WF_PUBLISHED, SAME, FX(PUBLISH),
	    NULL },
	{ PA, WF_REVIEW, AP, COMMAND_REJECT, SAME, DOWN, FX(NOTIFY), NULL },

	/* 动态类信息: responsible (-> leader) -> supervising (-> the
	 * principal when it asks) -> published. */
	ITEM_ROWS(NW),
	LEADER_ROWS(NW),
	{ NW, WF_REVIEW, SU, COMMAND_APPROVE, WF_PUBLISHED, SAME, FX(PUBLISH),
	    NULL },
	{ NW, WF_REVIEW, SU, COMMAND_ESCALATE, SAME, PR, FX(NOTIFY), NULL },
	{ NW, WF_REVIEW, SU, COMMAND_REJECT, SAME, DOWN, FX(NOTIFY), NULL },
	{ NW, WF_REVIEW, PR, COMMAND_APPROVE, WF_PUBLISHED, SAME, FX(PUBLISH),
	    NULL },
	{ NW, WF_REVIEW, PR, COMMAND_REJECT, SAME, DOWN, FX(NOTIFY), NULL },

	/* 业务相关信息: responsible (-> leader) -> supervising ->
	 * published. */
	ITEM_ROWS(BU),
	LEADER_ROWS(BU),
	{ BU, WF_REVIEW, SU, COMMAND_APPROVE, WF_PUBLISHED, SAME, FX(PUBLISH),
	    NULL },
	{ BU, WF_REVIEW, SU, COMMAND_REJECT, SAME, DOWN, FX(NOTIFY), NULL },
};

#undef ITEM_ROWS
#undef LEADER_ROWS
#undef RQ
#undef PA
#undef NW
#undef BU
#undef H
#undef RS
#undef LD
#undef SU
#undef AP
#undef PR
#undef FX

/*
 * The law's time limits and preconditions (doc/lifecycle.md, "Time limits
 * the law enforces"): a step its rule allows is still refused when its
 * guard says so, with a help template that cites the provision.
 */
static int
wf_overdue(const struct wf_case *c)
{
	return c->due > 0 && c->today > c->due;
}

static int
wf_correction_late(const struct wf_case *c)
{
	return c->correction_last > 0 && c->today > c->correction_last &&
	    !c->late_allowed;
}

static int
wf_not_corrected(const struct wf_case *c)
{
	return c->answer_type != NULL &&
	    strcmp(c->answer_type, "unavailable:still-unclear") == 0 &&
	    (!c->correction_used || c->state == WF_CORRECTION);
}

/* Art. 32: disclosing over the third party's objection needs the reason
 * in the draft (ANSWER, or a reviewer's REVISE). */
static int
wf_over_objection(const struct wf_case *c)
{
	return c->third_party_objected && c->answer_type != NULL &&
	    (strcmp(c->answer_type, "disclose") == 0 ||
	    strcmp(c->answer_type, "partial") == 0) && !c->draft_has_reason;
}

#define WF_OBJECTION_REFUSAL						\
	"第三方不同意公开，决定公开的，草稿应写明公开的理由（“公开理由：……”，"	\
	"条例第三十二条）。/ The third party objected: a draft that "	\
	"discloses must state why (a line \"公开理由: ...\", Art. 32)."

static int
wf_excessive_early(const struct wf_case *c)
{
	return c->answer_type != NULL &&
	    strcmp(c->answer_type, "not-processed:excessive") == 0 &&
	    !c->reason_asked;
}

static int
wf_reason_not_asked(const struct wf_case *c)
{
	return !c->reason_asked;
}

static int
wf_defer_not_later(const struct wf_case *c)
{
	return c->defer_to == 0 || (c->due > 0 && c->defer_to <= c->due);
}

static int
wf_no_statement(const struct wf_case *c)
{
	return !c->attachments;
}

static const struct wf_guard {
	int			 state;		/* enum wf_state or ANY_OPEN */
	enum command_kind	 cmd;
	int			(*refuses)(const struct wf_case *);
	const char		*help;		/* its template */
	const char		*refusal;
} wf_guards[] = {
	{ ANY_OPEN, COMMAND_EXTEND, wf_overdue, "refused_late_extension",
	    "答复期限已届满，不能再延长（条例第三十三条第二款）。/ The answer "
	    "period has passed: it can no longer be extended (Art. 33 "
	    "para. 2)." },
	{ WF_EXTENSION, COMMAND_APPROVE, wf_overdue, "refused_late_extension",
	    "答复期限已届满，不能再同意延期（条例第三十三条第二款）。/ The "
	    "answer period has passed: an extension can no longer be "
	    "approved (Art. 33 para. 2)." },
	{ ANY_OPEN, COMMAND_CORRECTION, wf_correction_late,
	    "refused_late_correction",
	    "补正告知应在收到申请之日起7个工作日内发出，已超过期限（条例第三十"
	    "条）。/ A correction notice goes within 7 working days of "
	    "receipt; that time has passed (Art. 30)." },
	{ ANY_OPEN, COMMAND_FEE, wf_overdue, "refused_late_fee",
	    "答复期限已届满，不能再发出收费通知（国办函〔2020〕109号）。/ The "
	    "answer period has passed: no fee notice can go now (109号)." },
	{ ANY_OPEN, COMMAND_ANSWER, wf_over_objection, "refused_over_objection",
	    WF_OBJECTION_REFUSAL },
	{ WF_REVIEW, COMMAND_REVISE, wf_over_objection,
	    "refused_over_objection", WF_OBJECTION_REFUSAL },
	{ ANY_OPEN, COMMAND_ANSWER, wf_not_corrected, "refused_still_unclear",
	    "“补正后申请内容仍不明确”须以已告知补正并收到补正为前提（条例第三十"
	    "条）。/ still-unclear needs a correction asked for and received "
	    "(Art. 30)." },
	{ ANY_OPEN, COMMAND_ANSWER, wf_excessive_early, "refused_excessive",
	    "“无正当理由大量反复申请”须先要求申请人说明理由（条例第三十五条）"
	    "：请先回复“要求说明理由”。/ not-processed:excessive needs "
	    "the applicant asked for reasons first (Art. 35): ASK-REASON." },
	{ ANY_OPEN, COMMAND_DEFER, wf_reason_not_asked, "refused_excessive",
	    "延迟答复须先要求申请人说明理由（条例第三十五条）：请先回复“要求"
	    "说明理由”。/ DEFER needs the applicant asked for reasons first "
	    "(Art. 35): ASK-REASON." },
	{ ANY_OPEN, COMMAND_DEFER, wf_defer_not_later, "refused_defer_date",
	    "延迟答复的日期须晚于现在的答复期限（条例第三十五条：确定合理的"
	    "延迟答复期限）。/ The deferred date must be after the current "
	    "due date (Art. 35: a reasonable later time limit)." },
	{ ANY_OPEN, COMMAND_WITHDRAW, wf_no_statement,
	    "refused_withdraw_statement",
	    "撤回须附申请人本人的书面撤回申请（条例第二十九条：申请以书面形式"
	    "提出，撤回亦同）。/ A withdrawal needs the applicant's written "
	    "statement attached (Art. 29: requests are in writing, so is "
	    "their withdrawal)." },
};

/*
 * The review chains, bottom to top, per kind; a level marked MAJOR is
 * there only when the item's 重大事项 is 是.  The principal tops the news
 * chain for DOWN only: no row goes UP to it (ESCALATE names it).
 */
#define WF_CHAIN_MAX	6
#define ALWAYS		0
#define MAJOR		1

static const struct wf_level {
	enum command_role	 role;
	int			 when;
} wf_chains[][WF_CHAIN_MAX] = {
	[WF_KIND_REQUEST] = { { COMMAND_ROLE_HANDLER, ALWAYS },
	    { COMMAND_ROLE_RESPONSIBLE, ALWAYS },
	    { COMMAND_ROLE_SUPERVISING, ALWAYS },
	    { COMMAND_ROLE_APPROVER, ALWAYS } },
	[WF_KIND_PROACTIVE] = { { COMMAND_ROLE_HANDLER, ALWAYS },
	    { COMMAND_ROLE_RESPONSIBLE, ALWAYS },
	    { COMMAND_ROLE_SUPERVISING, ALWAYS },
	    { COMMAND_ROLE_APPROVER, ALWAYS } },
	[WF_KIND_NEWS] = { { COMMAND_ROLE_HANDLER, ALWAYS },
	    { COMMAND_ROLE_RESPONSIBLE, ALWAYS },
	    { COMMAND_ROLE_LEADER, MAJOR },
	    { COMMAND_ROLE_SUPERVISING, ALWAYS },
	    { COMMAND_ROLE_PRINCIPAL, ALWAYS } },
	[WF_KIND_BUSINESS] = { { COMMAND_ROLE_HANDLER, ALWAYS },
	    { COMMAND_ROLE_RESPONSIBLE, ALWAYS },
	    { COMMAND_ROLE_LEADER, MAJOR },
	    { COMMAND_ROLE_SUPERVISING, ALWAYS } },
};

static const char *const wf_kinds[] = {
#define WF_KIND_WORD(e, word)	[WF_KIND_##e] = word,
	WF_KINDS(WF_KIND_WORD)
#undef WF_KIND_WORD
};

static const struct {
	const char	*word, *zh, *en;
	enum wf_holder	 holder;
} wf_states[] = {
#define WF_STATE_ROW(e, word, holder, zh, en)				\
	[WF_##e] = { word, zh, en, WF_HOLDER_##holder },
	WF_STATES(WF_STATE_ROW)
#undef WF_STATE_ROW
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const char *
workflow_kind_name(enum wf_kind k)
{
	return (unsigned)k < NELEM(wf_kinds) ? wf_kinds[k] : "unknown";
}

int
workflow_kind_parse(const char *word, enum wf_kind *k)
{
	size_t i;

	for (i = 0; word != NULL && i < NELEM(wf_kinds); i++)
		if (strcmp(wf_kinds[i], word) == 0) {
			*k = (enum wf_kind)i;
			return 0;
		}
	return -1;
}

const char *
workflow_state_name(enum wf_state s)
{
	return (unsigned)s < NELEM(wf_states) ? wf_states[s].word : "unknown";
}

int
workflow_state_parse(const char *word, enum wf_state *s)
{
	size_t i;

	for (i = 0; word != NULL && i < NELEM(wf_states); i++)
		if (strcmp(wf_states[i].word, word) == 0) {
			*s = (enum wf_state)i;
			return 0;
		}
	return -1;
}

const char *
workflow_state_words(enum wf_state s, const char *lang)
{
	if ((unsigned)s >= NELEM(wf_states))
		return "unknown";
	return lang != NULL && strcmp(lang, "en") == 0 ? wf_states[s].en :
	    wf_states[s].zh;
}

enum wf_holder
workflow_state_holder(enum wf_state s)
{
	return (unsigned)s < NELEM(wf_states) ? wf_states[s].holder :
	    WF_HOLDER_OFFICE;
}

int
workflow_is_open(enum wf_state s)
{
	return workflow_state_holder(s) != WF_HOLDER_CLOSED;
}

int
workflow_word_is_open(const char *word)
{
	enum wf_state s;

	return workflow_state_parse(word, &s) == -1 || workflow_is_open(s);
}

/* The role `delta` levels from `r` on c's chain; -1 past either end. */
static int
wf_chain_move(const struct wf_case *c, enum command_role r, int delta)
{
	enum command_role chain[WF_CHAIN_MAX];
	size_t i, n = 0;
	int j;

	if ((unsigned)c->kind >= NELEM(wf_chains))
		return -1;
	for (i = 0; i < WF_CHAIN_MAX; i++) {
		const struct wf_level *l = &wf_chains[c->kind][i];

		/* Unused slots are 0, the applicant, who is on no chain. */
		if (l->role == COMMAND_ROLE_APPLICANT)
			break;
		if (l->when == MAJOR && !c->major)
			continue;
		chain[n++] = l->role;
	}
	for (i = 0; i < n; i++)
		if (chain[i] == r) {
			j = (int)i + delta;
			if (j < 0 || j >= (int)n)
				return -1;
			return (int)chain[j];
		}
	return -1;
}

int
workflow_apply(const struct wf_case *c, enum command_role role,
    enum command_kind cmd, struct wf_outcome *out)
{
	const struct wf_rule *r = NULL;
	size_t i;
	int step;

	memset(out, 0, sizeof(*out));
	if (!workflow_is_open(c->state)) {
		out->refusal = "本案已办结，不再受理指令。/ The case is closed.";
		return -1;
	}
	/* Notes are for everyone who holds a step, in every open state. */
	if (cmd == COMMAND_NOTE) {
		out->next = c->state;
		out->step = c->step;
		return 0;
	}
	for (i = 0; i < NELEM(wf_rules); i++) {
		const struct wf_rule *w = &wf_rules[i];

		if (w->kind == c->kind && w->role == role && w->cmd == cmd &&
		    (w->state == (int)c->state || w->state == ANY_OPEN)) {
			r = w;
			break;
		}
	}
	if (r == NULL && c->state == WF_SECRECY) {
		out->refusal = "保密审查发现问题，答复暂停发送：请回复“保密审查"
		    "通过：理由”放行，或回复“驳回：理由”退回修改。/ The "
		    "secrecy check stopped the answer: reply CLEARED: reason, "
		    "or REJECT: reason.";
		return -1;
	}
	if (r == NULL) {
		out->refusal = "该指令不适用于本案当前环节。/ That command "
		    "does not apply at the case's current step.";
		return -1;
	}
	if (r->once != NULL &&
	    ((strcmp(r->once, "correction") == 0 && c->correction_used) ||
	    (strcmp(r->once, "extension") == 0 && c->extension_used))) {
		out->refusal = strcmp(r->once, "correction") == 0 ?
		    "补正告知只能发出一次（条例第三十条）。/ A correction "
		    "notice may be sent only once (Art. 30)." :
		    "答复期限只能延长一次（条例第三十三条）。/ The answer "
		    "period may be extended only once (Art. 33).";
		return -1;
	}
	for (i = 0; i < NELEM(wf_guards); i++) {
		const struct wf_guard *g = &wf_guards[i];

		if (g->cmd == cmd && (g->state == ANY_OPEN ||
		    g->state == (int)c->state) && g->refuses(c)) {
			out->refusal = g->refusal;
			out->help = g->help;
			return -1;
		}
	}
	out->effects = r->effects;
	out->next = r->next == SAME ? c->state :
	    r->next == RESUME ? c->resume : (enum wf_state)r->next;
	if (r->next == RESUME && out->next == WF_EXTENSION)
		out->next = WF_DRAFTING;
	switch (r->step) {
	case SAME:
		step = (int)c->step;
		break;
	case UP:
		step = wf_chain_move(c, c->step, 1);
		break;
	case DOWN:
		step = wf_chain_move(c, c->step, -1);
		break;
	case RESUME:
		step = c->resume_step == COMMAND_ROLE_APPLICANT ?
		    (int)COMMAND_ROLE_HANDLER : (int)c->resume_step;
		break;
	default:
		step = r->step;
		break;
	}
	if (step < 0) {
		out->refusal = "审核链已到尽头。/ The review chain has no "
		    "further level.";
		return -1;
	}
	out->step = (enum command_role)step;
	/* Back to a handler (rejected or reassigned): drafting again. */
	if (out->next == WF_REVIEW && out->step == COMMAND_ROLE_HANDLER)
		out->next = WF_DRAFTING;
	return 0;
}

void
workflow_secrecy_hold(const struct wf_case *c, struct wf_outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->next = WF_SECRECY;
	out->step = COMMAND_ROLE_APPROVER;
	out->effects = WF_FX_SECRECY;
}

int
workflow_correction_received(const struct wf_case *c, struct wf_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (c->state != WF_CORRECTION) {
		out->refusal = "本案未在等待补正。/ No correction is awaited.";
		return -1;
	}
	out->next = WF_DRAFTING;
	out->step = COMMAND_ROLE_HANDLER;
	/* Art. 30: the period restarts, unless the notice went late (by the
	 * secretariat's leave): lateness is not to be hidden. */
	out->effects = (c->late_allowed ? WF_FX_CORRECTED : WF_FX_RESTART) |
	    WF_FX_NOTIFY;
	return 0;
}

int
workflow_expire(const struct wf_case *c, struct wf_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (c->state != WF_CORRECTION && c->state != WF_FEE) {
		out->refusal = "本案无可过期的期限。/ Nothing to expire.";
		return -1;
	}
	out->next = WF_ANSWERED;
	out->step = c->step;
	out->effects = WF_FX_ABANDONED;
	return 0;
}

int
workflow_withdraw(const struct wf_case *c, struct wf_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (!workflow_is_open(c->state)) {
		out->refusal = "本案已办结，不再受理撤回。/ The case is closed.";
		return -1;
	}
	out->next = WF_WITHDRAWN;
	out->step = c->step;
	out->effects = WF_FX_WITHDRAW;
	return 0;
}

int
workflow_silence(const struct wf_case *c, struct wf_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (c->state != WF_CONSULTING && c->state != WF_AGENCY) {
		out->refusal = "本案未在征求第三方意见。/ No third party is "
		    "being consulted.";
		return -1;
	}
	out->next = WF_DRAFTING;
	out->step = COMMAND_ROLE_HANDLER;
	out->effects = WF_FX_SILENT | WF_FX_RESUME;
	return 0;
}
