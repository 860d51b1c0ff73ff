/*
 * test_classify.c - automatic mail is told from a person's (corpus
 * automatic/a1-a5 and human mail), rule by rule, and the plus-part of a
 * recipient is found.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "classify.h"
#include "mime.h"

#define OFFICE	"gongkai@fao.example.test"
#define TOKEN	"abcdefghijklmnopqrstuvwxyz234567abcdefghij"

struct ccase {
	const char		*file;		/* under corpus/ */
	enum classify_kind	 kind;
	const char		*reason;
	int			 hard;		/* BOUNCE */
	const char		*orig;		/* BOUNCE: the returned id */
	const char		*plus;		/* classify_plus_token() */
};

static const struct ccase ccases[] = {
	{ "automatic/a1-coremail-out-of-office.eml", CLASSIFY_AUTO_REPLY,
	    "auto-submitted", 0, NULL, TOKEN },
	{ "automatic/a2-exchange-automatic-reply.eml", CLASSIFY_AUTO_REPLY,
	    "subject", 0, NULL, NULL },
	{ "automatic/a3-exim-dsn-5.1.1-answer-bounced.eml", CLASSIFY_BOUNCE,
	    "dsn", 1, "<gk-2026-0007.answer.1@fao.example.test>",
	    "bounce-gk-2026-0007-answer-1" },
	{ "automatic/a4-exchange-dsn-4.4.7-delayed.eml", CLASSIFY_BOUNCE,
	    "dsn", 0, "<gk-2026-0009.ack.1@fao.example.test>",
	    "bounce-gk-2026-0009-ack-1" },
	{ "automatic/a5-mailman-list-precedence-list.eml", CLASSIFY_LIST,
	    "list-id", 0, NULL, NULL },
	{ "replies/01-gmail-en-approve.eml", CLASSIFY_HUMAN, "human", 0, NULL,
	    TOKEN },
	{ "replies/x1-thunderbird-bare-office-address.eml", CLASSIFY_HUMAN,
	    "human", 0, NULL, NULL },
	{ "replies/x2-coremail-new-mail-uppercase-token.eml", CLASSIFY_HUMAN,
	    "human", 0, NULL, TOKEN },
	{ "replies/09-netease-web-eight-blank-lines.eml", CLASSIFY_HUMAN,
	    "human", 0, NULL, TOKEN },
	{ "requests/01-foxmail-gb2312-label-gbk-chars.eml", CLASSIFY_HUMAN,
	    "human", 0, NULL, NULL },
	{ "requests/06-big5-hongkong-traditional.eml", CLASSIFY_HUMAN,
	    "human", 0, NULL, NULL },
	{ "hostile/h01-forged-from-approver-dmarc-fail.eml", CLASSIFY_HUMAN,
	    "human", 0, NULL, TOKEN },
	{ "hostile/h11-forwarded-notification-third-party.eml", CLASSIFY_HUMAN,
	    "human", 0, NULL, TOKEN },
};

static gchar *
corpus_path(const char *rel)
{
	const char *shared = g_getenv("GK_SHARED");
	const char *src = g_getenv("GK_SRCDIR");

	if (shared != NULL)
		return g_build_filename(shared, "corpus", rel, NULL);
	return g_build_filename(src != NULL ? src : GK_SRCDIR, "tests", "data",
	    "corpus", rel, NULL);
}

static struct message *
parse_file(const char *rel)
{
	gchar *path = corpus_path(rel), *buf;
	gsize len;
	struct message *m;

	if (!g_file_get_contents(path, &buf, &len, NULL))
		g_error("cannot read %s", path);
	m = mime_parse(buf, len, NULL);
	g_free(buf);
	g_free(path);
	return m;
}

static void
test_corpus(gconstpointer data)
{
	const struct ccase *c = data;
	struct message *m = parse_file(c->file);
	struct classify_result r;
	char *plus;

	classify_message(m, OFFICE, NULL, &r);
	g_assert_cmpstr(classify_kind_name(r.kind), ==,
	    classify_kind_name(c->kind));
	g_assert_cmpstr(r.reason, ==, c->reason);
	if (c->kind == CLASSIFY_BOUNCE) {
		g_assert_cmpint(r.bounce_hard, ==, c->hard);
		g_assert_cmpstr(r.original_message_id, ==, c->orig);
	} else
		g_assert_null(r.original_message_id);
	plus = classify_plus_token(m, OFFICE);
	g_assert_cmpstr(plus, ==, c->plus);
	free(plus);
	mime_message_free(m);
}

/* The same mails under another office identity. */
static void
test_bounce_details(void)
{
	struct message *m;
	struct classify_result r;

	m = parse_file("automatic/a3-exim-dsn-5.1.1-answer-bounced.eml");
	classify_message(m, OFFICE, "gongkai@fao.example.test", &r);
	g_assert_cmpint(r.kind, ==, CLASSIFY_BOUNCE);
	g_assert_cmpstr(r.bounce_recipient, ==, "zhang.zhe@qq.example.test");
	g_assert_cmpstr(r.bounce_status, ==, "5.1.1");
	mime_message_free(m);

	m = parse_file("automatic/a4-exchange-dsn-4.4.7-delayed.eml");
	classify_message(m, OFFICE, NULL, &r);
	g_assert_cmpint(r.kind, ==, CLASSIFY_BOUNCE);
	g_assert_false(r.bounce_hard);
	g_assert_cmpstr(r.bounce_status, ==, "4.4.7");
	mime_message_free(m);
}

struct hcase {
	const char		*name;
	const char		*headers;	/* before the body */
	enum classify_kind	 kind;
	const char		*reason;
};

#define HUMAN_HDRS	"From: 陈晓燕 <chushen@fao.example.test>\r\n" \
			"To: gongkai@fao.example.test\r\n"

static const struct hcase hcases[] = {
	{ "plain human mail", HUMAN_HDRS "Subject: Re: x\r\n",
	    CLASSIFY_HUMAN, "human" },
	{ "X-Auto-Response-Suppress alone proves nothing", HUMAN_HDRS
	    "Subject: Re: x\r\nX-Auto-Response-Suppress: All\r\n",
	    CLASSIFY_HUMAN, "human" },
	{ "Auto-Submitted: no", HUMAN_HDRS "Subject: x\r\n"
	    "Auto-Submitted: no\r\n", CLASSIFY_HUMAN, "human" },
	{ "Auto-Submitted: auto-generated", HUMAN_HDRS "Subject: x\r\n"
	    "Auto-Submitted: auto-generated; owner-email=x@y\r\n",
	    CLASSIFY_AUTO_REPLY, "auto-submitted" },
	{ "X-Autoreply", HUMAN_HDRS "Subject: x\r\nX-Autoreply: yes\r\n",
	    CLASSIFY_AUTO_REPLY, "x-autoreply" },
	{ "X-Autorespond", HUMAN_HDRS "Subject: x\r\nX-Autorespond: 1\r\n",
	    CLASSIFY_AUTO_REPLY, "x-autoreply" },
	{ "Precedence: auto_reply", HUMAN_HDRS "Subject: x\r\n"
	    "Precedence: auto_reply\r\n", CLASSIFY_AUTO_REPLY, "precedence" },
	{ "Precedence: bulk", HUMAN_HDRS "Subject: x\r\nPrecedence: bulk\r\n",
	    CLASSIFY_LIST, "precedence" },
	{ "Precedence: junk", HUMAN_HDRS "Subject: x\r\nPrecedence: junk\r\n",
	    CLASSIFY_LIST, "precedence" },
	{ "List-Id", HUMAN_HDRS "Subject: x\r\nList-Id: <a.b.c>\r\n",
	    CLASSIFY_LIST, "list-id" },
	{ "auto-reply with Precedence: bulk is an auto-reply", HUMAN_HDRS
	    "Subject: x\r\nPrecedence: bulk\r\n"
	    "Auto-Submitted: auto-replied\r\n",
	    CLASSIFY_AUTO_REPLY, "auto-submitted" },
	{ "subject 自动回复", HUMAN_HDRS "Subject: 自动回复: 休假\r\n",
	    CLASSIFY_AUTO_REPLY, "subject" },
	{ "subject Automatic reply, encoded", HUMAN_HDRS "Subject: "
	    "=?utf-8?B?QXV0b21hdGljIHJlcGx5OiB4?=\r\n", CLASSIFY_AUTO_REPLY,
	    "subject" },
	{ "subject Auto:", HUMAN_HDRS "Subject: Auto: out\r\n",
	    CLASSIFY_AUTO_REPLY, "subject" },
	{ "subject Out of Office", HUMAN_HDRS "Subject: Out of Office: x\r\n",
	    CLASSIFY_AUTO_REPLY, "subject" },
	{ "subject Out of Office AutoReply", HUMAN_HDRS
	    "Subject: Out of Office AutoReply: x\r\n", CLASSIFY_AUTO_REPLY,
	    "subject" },
	{ "a reply to an auto-reply is human", HUMAN_HDRS
	    "Subject: Re: 自动回复：x\r\n", CLASSIFY_HUMAN, "human" },
	{ "a word that only starts like one", HUMAN_HDRS
	    "Subject: Automatic replies are annoying\r\n", CLASSIFY_HUMAN,
	    "human" },
	{ "the office's own X-Loop", HUMAN_HDRS "Subject: x\r\n"
	    "X-Loop: GongKai@fao.example.test\r\n", CLASSIFY_LOOP, "x-loop" },
	{ "another X-Loop", HUMAN_HDRS "Subject: x\r\n"
	    "X-Loop: other@example.test\r\n", CLASSIFY_HUMAN, "human" },
	{ "X-Loop beats Auto-Submitted", HUMAN_HDRS "Subject: x\r\n"
	    "Auto-Submitted: auto-generated\r\nX-Loop: other@example.test\r\n"
	    "X-Loop: gongkai@fao.example.test\r\n", CLASSIFY_LOOP, "x-loop" },
	{ "empty Return-Path", "Return-Path: <>\r\n" HUMAN_HDRS
	    "Subject: hello\r\n", CLASSIFY_AUTO_REPLY, "null-sender" },
	{ "empty Return-Path from MAILER-DAEMON", "Return-Path: <>\r\n"
	    "From: MAILER-DAEMON@mx.example.test\r\nSubject: hello\r\n",
	    CLASSIFY_BOUNCE, "bounce" },
	{ "empty Return-Path, bounce subject", "Return-Path: <>\r\n"
	    "From: x@example.test\r\nSubject: Undeliverable: x\r\n",
	    CLASSIFY_BOUNCE, "bounce" },
	{ "read receipt", HUMAN_HDRS "Subject: Read: x\r\nContent-Type: "
	    "multipart/report; report-type=disposition-notification; "
	    "boundary=b\r\n", CLASSIFY_AUTO_REPLY, "report" },
	{ "success DSN", "Return-Path: <>\r\nFrom: MAILER-DAEMON@x\r\n"
	    "Subject: Delivered\r\nContent-Type: multipart/report; "
	    "report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
	    "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x"
	    "\r\n\r\nFinal-Recipient: rfc822; a@b\r\nAction: delivered\r\n"
	    "Status: 2.0.0\r\n\r\n--b--\r\n", CLASSIFY_AUTO_REPLY, "report" },
};

static void
test_headers(gconstpointer data)
{
	const struct hcase *c = data;
	gchar *raw = g_strconcat(c->headers, "\r\nbody\r\n", NULL);
	struct message *m = mime_parse(raw, strlen(raw), NULL);
	struct classify_result r;

	classify_message(m, OFFICE, NULL, &r);
	if (r.kind != c->kind || strcmp(r.reason, c->reason) != 0)
		g_error("%s: got %s/%s want %s/%s", c->name,
		    classify_kind_name(r.kind), r.reason,
		    classify_kind_name(c->kind), c->reason);
	mime_message_free(m);
	g_free(raw);
}

static void
test_plus_token(void)
{
	static const struct {
		const char *hdrs, *want;
	} cases[] = {
		{ "To: gongkai+Abc@FAO.example.test\r\n", "abc" },
		{ "To: x@y\r\nCc: \"n\" <gongkai+tok@fao.example.test>\r\n",
		    "tok" },
		{ "Delivered-To: gongkai+first@fao.example.test\r\n"
		    "To: gongkai+second@fao.example.test\r\n", "first" },
		{ "X-Original-To: gongkai+xo@fao.example.test\r\n", "xo" },
		{ "To: gongkai+tok@evil.example.test\r\n", NULL },
		{ "To: gongkaix+tok@fao.example.test\r\n", NULL },
		{ "To: gongkai+@fao.example.test\r\n", NULL },
		{ "To: gongkai@fao.example.test\r\n", NULL },
		{ "To: gongkai+a/b@fao.example.test\r\n", NULL },
		{ "To: gongkai+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaa@fao.example.test\r\n", NULL },
	};
	struct message *m;
	gchar *raw;
	char *got;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		raw = g_strconcat("Subject: t\r\n", cases[i].hdrs, "\r\nb\r\n",
		    NULL);
		m = mime_parse(raw, strlen(raw), NULL);
		got = classify_plus_token(m, OFFICE);
		if (g_strcmp0(got, cases[i].want) != 0)
			g_error("plus %zu: got %s want %s", i, got,
			    cases[i].want);
		free(got);
		mime_message_free(m);
		g_free(raw);
	}
	m = mime_parse("", 0, NULL);
	g_assert_null(classify_plus_token(m, NULL));
	mime_message_free(m);
}

static void
test_kind_names(void)
{
	g_assert_cmpstr(classify_kind_name(CLASSIFY_HUMAN), ==, "human");
	g_assert_cmpstr(classify_kind_name(CLASSIFY_AUTO_REPLY), ==,
	    "auto-reply");
	g_assert_cmpstr(classify_kind_name(CLASSIFY_BOUNCE), ==, "bounce");
	g_assert_cmpstr(classify_kind_name(CLASSIFY_LIST), ==, "list");
	g_assert_cmpstr(classify_kind_name(CLASSIFY_LOOP), ==, "loop");
}

int
main(int argc, char **argv)
{
	gchar *name;
	size_t i;

	g_test_init(&argc, &argv, NULL);
	for (i = 0; i < G_N_ELEMENTS(ccases); i++) {
		name = g_strdup_printf("/classify/corpus/%s", ccases[i].file);
		g_test_add_data_func(name, &ccases[i], test_corpus);
		g_free(name);
	}
	g_test_add_func("/classify/bounce-details", test_bounce_details);
	for (i = 0; i < G_N_ELEMENTS(hcases); i++) {
		name = g_strdup_printf("/classify/headers/%zu", i);
		g_test_add_data_func(name, &hcases[i], test_headers);
		g_free(name);
	}
	g_test_add_func("/classify/plus-token", test_plus_token);
	g_test_add_func("/classify/kind-names", test_kind_names);
	return g_test_run();
}
