/* test_route.c - token, thread, tag, new request or holding pen. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "route.h"

#define TOK	"abcdefghijklmnopqrstuvwxyz234567abcdefghij"
#define OFFICE	"gongkai@fao.example.test"

/* A tiny world: one open case, one closed case, one token. */
static char *
lk_token(void *arg, const char *token)
{
	return strcmp(token, TOK) == 0 ? strdup("GK-2026-0007") : NULL;
}

static char *
lk_msgid(void *arg, const char *msgid)
{
	if (strcmp(msgid, "<gk-2026-0007.ack.1@fao.example.test>") == 0)
		return strdup("GK-2026-0007");
	if (strcmp(msgid, "<gk-2026-0001.ack.1@fao.example.test>") == 0)
		return strdup("GK-2026-0001");
	/* A mail asking for no command: a random word, no token. */
	if (strcmp(msgid, "<gk-2026-0007.correction_notice.deadbeefcafe2345"
	    "@fao.example.test>") == 0)
		return strdup("GK-2026-0007");
	return NULL;
}

static int
lk_open(void *arg, const char *id)
{
	if (strcmp(id, "GK-2026-0007") == 0)
		return 1;
	if (strcmp(id, "GK-2026-0001") == 0)
		return 0;
	return -1;
}

static const struct route_lookup lk = { lk_token, lk_msgid, lk_open, NULL };

struct rcase {
	const char	*name;
	const char	*rcpt[3];
	const char	*in_reply_to;
	const char	*refs[3];
	const char	*subject;
	const char	*text;
	enum route_kind	 want;
	const char	*want_case;
	const char	*want_via;
	const char	*want_reason;
};

static const struct rcase cases[] = {
	{ "token in To", { "gongkai+" TOK "@fao.example.test" }, NULL, { 0 },
	    "Re: x", NULL, ROUTE_TOKEN, "GK-2026-0007", "recipient", NULL },
	{ "token in To, upper-cased", { "GONGKAI+ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "234567ABCDEFGHIJ@FAO.EXAMPLE.TEST" }, NULL, { 0 }, "x", NULL,
	    ROUTE_TOKEN, "GK-2026-0007", "recipient", NULL },
	{ "token in References only", { OFFICE }, NULL,
	    { "<other@example.test>", "<gk-2026-0007.review." TOK
	    "@fao.example.test>" }, "Re: x", NULL, ROUTE_TOKEN,
	    "GK-2026-0007", "references", NULL },
	{ "token in In-Reply-To", { OFFICE }, "<gk-2026-0007.review." TOK
	    "@fao.example.test>", { 0 }, "Re: x", NULL, ROUTE_TOKEN,
	    "GK-2026-0007", "in-reply-to", NULL },
	{ "token of another domain's Message-ID is ignored", { OFFICE },
	    "<gk.review." TOK "@evil.example.test>", { 0 }, "hello", NULL,
	    ROUTE_NEW, NULL, "office-address", NULL },
	{ "token in the body's 回复码", { OFFICE }, NULL, { 0 }, "x",
	    "同意\n\n> 回复码：" TOK "\n", ROUTE_TOKEN, "GK-2026-0007",
	    "body-code", NULL },
	{ "unknown token", { "gongkai+aaaaaaaaaaaaaaaaaaaa@fao.example.test" },
	    NULL, { 0 }, "x", NULL, ROUTE_PEN, NULL, "recipient",
	    "unknown-token" },
	{ "thread by In-Reply-To", { OFFICE },
	    "<gk-2026-0007.ack.1@fao.example.test>", { 0 }, "补正材料", NULL,
	    ROUTE_THREAD, "GK-2026-0007", "in-reply-to", NULL },
	{ "thread by a Message-ID whose random word looks like a token",
	    { OFFICE }, "<gk-2026-0007.correction_notice.deadbeefcafe2345"
	    "@fao.example.test>", { 0 }, "Re: 补正", NULL, ROUTE_THREAD,
	    "GK-2026-0007", "in-reply-to", NULL },
	{ "unknown token in In-Reply-To", { OFFICE },
	    "<gk-2026-0007.review.aaaaaaaaaaaaaaaaaaaa@fao.example.test>",
	    { 0 }, "Re: x", NULL, ROUTE_PEN, NULL, "in-reply-to",
	    "unknown-token" },
	{ "thread of a closed case", { OFFICE },
	    "<gk-2026-0001.ack.1@fao.example.test>", { 0 }, "x", NULL,
	    ROUTE_PEN, "GK-2026-0001", "in-reply-to", "closed-case" },
	{ "tag in the subject", { OFFICE }, NULL, { 0 },
	    "Re: [GK-2026-0007] 补正", NULL, ROUTE_TAG, "GK-2026-0007",
	    "subject-tag", NULL },
	{ "tag of an unknown case", { OFFICE }, NULL, { 0 },
	    "[GK-2025-0099] hello", NULL, ROUTE_PEN, "GK-2025-0099",
	    "subject-tag", "unknown-case" },
	{ "malformed tag is no tag", { OFFICE }, NULL, { 0 },
	    "[GK-26-7] hello", NULL, ROUTE_NEW, NULL, "office-address", NULL },
	{ "new request to the bare address", { "someone@example.test",
	    "GongKai@Fao.Example.Test" }, NULL, { 0 }, "申请公开", NULL,
	    ROUTE_NEW, NULL, "office-address", NULL },
	{ "a plus-part that is no token does not decide", {
	    "gongkai+info@fao.example.test", OFFICE }, NULL, { 0 }, "x", NULL,
	    ROUTE_NEW, NULL, "office-address", NULL },
	{ "not addressed to the office", { "other@fao.example.test" }, NULL,
	    { 0 }, "x", NULL, ROUTE_PEN, NULL, NULL, "not-addressed" },
};

static void
test_case(gconstpointer data)
{
	const struct rcase *c = data;
	struct route_input in = { OFFICE, "GK", c->rcpt, c->in_reply_to,
	    c->refs, c->subject, c->text };
	struct route_result r;

	route_mail(&in, &lk, &r);
	if (r.kind != c->want)
		g_test_message("%s: got kind %d, want %d (reason %s)",
		    c->name, r.kind, c->want, r.reason ? r.reason : "-");
	g_assert_cmpint(r.kind, ==, c->want);
	g_assert_cmpstr(r.case_id, ==, c->want_case);
	g_assert_cmpstr(r.via, ==, c->want_via);
	g_assert_cmpstr(r.reason, ==, c->want_reason);
	route_result_clear(&r);
}

static void
test_helpers(void)
{
	char *s;

	s = route_plus_part("Gongkai+XyZ@FAO.example.test", OFFICE);
	g_assert_cmpstr(s, ==, "xyz");
	free(s);
	g_assert_null(route_plus_part("gongkai@fao.example.test", OFFICE));
	g_assert_null(route_plus_part("gongkaix+a@fao.example.test", OFFICE));
	g_assert_null(route_plus_part("gongkai+a@other.example.test", OFFICE));
	g_assert_null(route_plus_part("gongkai+@fao.example.test", OFFICE));
	s = route_subject_tag("回复：[gk-2026-0012]答复", "GK");
	g_assert_cmpstr(s, ==, "GK-2026-0012");
	free(s);
	g_assert_null(route_subject_tag("[GK-2026-12]", "GK"));
	g_assert_null(route_subject_tag(NULL, "GK"));
	g_assert_true(route_token_syntax(TOK));
	g_assert_false(route_token_syntax("abc"));
	g_assert_false(route_token_syntax("abcdefghijklmnop1"));	/* 1 */
}

/* Which case a bounce concerns, and which recipient is a VERP sender. */
static void
test_bounce(void)
{
	static const struct {
		const char	*name;
		const char	*rcpt[3];
		const char	*orig, *in_reply_to, *refs[2], *subject;
		const char	*want;
	} t[] = {
		{ "the case in the envelope sender", { "gongkai+bounce-"
		    "gk-2026-0007-answer-1a2b3c@fao.example.test" }, NULL,
		    NULL, { 0 }, "Undelivered", "GK-2026-0007" },
		{ "a closed case still counts", { "gongkai+bounce-gk-2026-"
		    "0001-ack-1a2b3c@fao.example.test" }, NULL, NULL, { 0 },
		    NULL, "GK-2026-0001" },
		{ "an envelope sender naming no case: the original id",
		    { "gongkai+bounce-gk-2026-0099-ack-1a2b3c"
		    "@fao.example.test" },
		    "<gk-2026-0007.ack.1@fao.example.test>", NULL, { 0 },
		    NULL, "GK-2026-0007" },
		{ "mail about no case, then In-Reply-To", { "gongkai+bounce-"
		    "gongkai-digest-1a2b3c@fao.example.test" }, NULL,
		    "<gk-2026-0007.ack.1@fao.example.test>", { 0 }, NULL,
		    "GK-2026-0007" },
		{ "References", { OFFICE }, NULL, NULL, { "<x@example.test>",
		    "<gk-2026-0001.ack.1@fao.example.test>" }, NULL,
		    "GK-2026-0001" },
		{ "the subject's tag", { OFFICE }, NULL, NULL, { 0 },
		    "自动回复: [GK-2026-0007] 受理回执", "GK-2026-0007" },
		{ "a tag naming no case", { OFFICE }, NULL, NULL, { 0 },
		    "Re: [GK-2026-0099]", NULL },
		{ "another domain's bounce- address", { "gongkai+bounce-"
		    "gk-2026-0007-ack-1@other.example.test" }, NULL, NULL,
		    { 0 }, NULL, NULL },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(t); i++) {
		struct route_input in;
		char *got;

		memset(&in, 0, sizeof(in));
		in.office_address = OFFICE;
		in.case_prefix = "GK";
		in.recipients = t[i].rcpt;
		in.in_reply_to = t[i].in_reply_to;
		in.references = t[i].refs;
		in.subject = t[i].subject;
		got = route_bounce_case(&in, t[i].orig, &lk);
		if (g_strcmp0(got, t[i].want) != 0)
			g_error("%s: got %s, want %s", t[i].name,
			    got ? got : "NULL", t[i].want ? t[i].want : "NULL");
		free(got);
	}
	g_assert_true(route_is_verp("GongKai+Bounce-gk-2026-0007-ack-1a2b"
	    "@FAO.example.test", OFFICE));
	g_assert_false(route_is_verp("gongkai+" TOK "@fao.example.test",
	    OFFICE));
	g_assert_false(route_is_verp(OFFICE, OFFICE));
	g_assert_false(route_is_verp("gongkai+bounce-x@other.example.test",
	    OFFICE));
}

int
main(int argc, char **argv)
{
	size_t i;

	g_test_init(&argc, &argv, NULL);
	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		gchar *name = g_strdup_printf("/route/%zu", i);
		g_test_add_data_func(name, &cases[i], test_case);
		g_free(name);
	}
	g_test_add_func("/route/helpers", test_helpers);
	g_test_add_func("/route/bounce", test_bounce);
	return g_test_run();
}
