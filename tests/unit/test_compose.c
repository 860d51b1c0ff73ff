/*
 * test_compose.c - mime_compose(): what it writes parses back (through
 * mime_parse) to what was asked for; values with CR, LF and other
 * controls never make a header of their own; every line is CRLF-ended
 * and at most 998 octets; bad addresses and ids are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "mime.h"

#define FROM		"上海市人民政府外事办公室 <gongkai@fao.example.test>"
#define OFFICE		"gongkai@fao.example.test"
#define MSGID		"<gk-2026-0007.review.abcdefgh@fao.example.test>"
#define REPLY_TO	"gongkai+abcdefghijklmnopqrstuvwxyz234567abcdefgh" \
			"@fao.example.test"
#define SUBJ_CN		"[GK-2026-0007] 受理回执：政府信息公开申请" \
			"（2025年度因公出国（境）团组情况）"
#define T_2026_09_28	1790560800LL	/* 2026-09-28T10:00:00+08:00 */

static void
out_defaults(struct mime_out *o)
{
	memset(o, 0, sizeof(*o));
	o->from = FROM;
	o->to_addr = "citizen@example.test";
	o->to_name = "张哲";
	o->subject = SUBJ_CN;
	o->date = T_2026_09_28;
	o->tz = "Asia/Shanghai";
	o->message_id = MSGID;
	o->auto_submitted = "auto-generated";
	o->x_loop = OFFICE;
	o->body = "张哲您好：\n\n您的申请已于2026年9月28日受理。\n";
}

static char *
compose_ok(const struct mime_out *o, size_t *lenp)
{
	char *err = NULL, *raw;

	raw = mime_compose(o, lenp, &err);
	if (raw == NULL)
		g_test_message("mime_compose: %s", err);
	g_assert_nonnull(raw);
	g_assert_null(err);
	g_assert_cmpuint(strlen(raw), ==, *lenp);
	return raw;
}

/* The header block, unfolded: one element per header, "Name: value". */
static gchar **
headers_of(const char *raw)
{
	const char *end = strstr(raw, "\r\n\r\n");
	GPtrArray *a = g_ptr_array_new();
	gchar *block, **lines;
	size_t i;

	g_assert_nonnull(end);
	block = g_strndup(raw, (gsize)(end - raw));
	lines = g_strsplit(block, "\r\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		if (lines[i][0] == ' ' || lines[i][0] == '\t') {
			gchar *prev;

			g_assert_cmpuint(a->len, >, 0);
			prev = g_ptr_array_index(a, a->len - 1);
			a->pdata[a->len - 1] = g_strconcat(prev, lines[i],
			    NULL);
			g_free(prev);
		} else {
			/* Every other line starts a header: "Name:". */
			const char *colon = strchr(lines[i], ':');
			const char *q;

			g_assert_nonnull(colon);
			g_assert_true(colon > lines[i]);
			for (q = lines[i]; q < colon; q++)
				g_assert_true(g_ascii_isgraph(*q));
			g_ptr_array_add(a, g_strdup(lines[i]));
		}
	}
	g_ptr_array_add(a, NULL);
	g_strfreev(lines);
	g_free(block);
	return (gchar **)g_ptr_array_free(a, FALSE);
}

/* How many headers are called `name`. */
static int
header_count(gchar **h, const char *name)
{
	size_t n = strlen(name), i;
	int c = 0;

	for (i = 0; h[i] != NULL; i++)
		if (g_ascii_strncasecmp(h[i], name, n) == 0 && h[i][n] == ':')
			c++;
	return c;
}

/* The value of the only header `name` (unfolded, trimmed). */
static const char *
header_value(gchar **h, const char *name)
{
	size_t n = strlen(name), i;

	for (i = 0; h[i] != NULL; i++)
		if (g_ascii_strncasecmp(h[i], name, n) == 0 &&
		    h[i][n] == ':') {
			const char *v = h[i] + n + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			return v;
		}
	return NULL;
}

/* CRLF everywhere, 7-bit, no line over 998 octets. */
static void
assert_lines(const char *raw, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		g_assert_cmpint((unsigned char)raw[i], <, 0x80);
		if (raw[i] == '\n') {
			g_assert_true(i > 0 && raw[i - 1] == '\r');
			if (i - 1 - start > 998)
				g_test_message("line at %zu: %zu octets",
				    start, i - 1 - start);
			g_assert_cmpuint(i - 1 - start, <=, 998);
			start = i + 1;
		} else if (raw[i] == '\r')
			g_assert_true(i + 1 < len && raw[i + 1] == '\n');
	}
	g_assert_cmpuint(len - start, <=, 998);
}

static void
test_round_trip(void)
{
	static const char *const refs[] = {
		"<req.1@example.test>",
		"<gk-2026-0007.ack.x1@fao.example.test>", NULL
	};
	struct mime_out o;
	struct message *m;
	gchar **h;
	char *raw;
	size_t len;

	out_defaults(&o);
	o.reply_to = REPLY_TO;
	o.in_reply_to = "<gk-2026-0007.ack.x1@fao.example.test>";
	o.references = refs;
	raw = compose_ok(&o, &len);
	assert_lines(raw, len);

	m = mime_parse(raw, len, NULL);
	g_assert_cmpstr(m->from.addr, ==, OFFICE);
	g_assert_cmpstr(m->from.name, ==, "上海市人民政府外事办公室");
	g_assert_cmpuint(m->from_count, ==, 1);
	g_assert_cmpuint(m->to.n, ==, 1);
	g_assert_cmpstr(m->to.v[0].addr, ==, "citizen@example.test");
	g_assert_cmpstr(m->to.v[0].name, ==, "张哲");
	g_assert_cmpuint(m->cc.n, ==, 0);
	g_assert_cmpuint(m->reply_to.n, ==, 1);
	g_assert_cmpstr(m->reply_to.v[0].addr, ==, REPLY_TO);
	g_assert_cmpstr(m->subject, ==, SUBJ_CN);
	g_assert_cmpstr(m->message_id, ==, MSGID);
	g_assert_cmpstr(m->in_reply_to, ==,
	    "<gk-2026-0007.ack.x1@fao.example.test>");
	g_assert_cmpuint(m->references.n, ==, 2);
	g_assert_cmpstr(m->references.v[0], ==, refs[0]);
	g_assert_cmpstr(m->references.v[1], ==, refs[1]);
	g_assert_true(m->date_valid);
	g_assert_cmpint(m->date_unix, ==, T_2026_09_28);
	g_assert_cmpstr(m->auto_submitted, ==, "auto-generated");
	g_assert_cmpuint(m->x_loop.n, ==, 1);
	g_assert_cmpstr(m->x_loop.v[0], ==, OFFICE);
	g_assert_cmpstr(m->content_type, ==, "text/plain");
	g_assert_cmpstr(m->text, ==,
	    "张哲您好：\n\n您的申请已于2026年9月28日受理。\n");
	g_assert_cmpuint(m->nattachments, ==, 0);
	g_assert_cmpuint(m->defects.n, ==, 0);
	mime_message_free(m);

	h = headers_of(raw);
	g_assert_cmpstr(header_value(h, "Date"), ==,
	    "Mon, 28 Sep 2026 10:00:00 +0800");
	g_assert_cmpstr(header_value(h, "MIME-Version"), ==, "1.0");
	g_assert_cmpint(header_count(h, "MIME-Version"), ==, 1);
	g_assert_cmpstr(header_value(h, "X-Auto-Response-Suppress"), ==,
	    "All");
	g_assert_cmpstr(header_value(h, "Content-Type"), ==,
	    "text/plain; charset=utf-8");
	g_assert_nonnull(header_value(h, "Content-Transfer-Encoding"));
	g_assert_true(strcmp(header_value(h, "Content-Transfer-Encoding"),
	    "base64") == 0 || strcmp(header_value(h,
	    "Content-Transfer-Encoding"), "quoted-printable") == 0);
	g_assert_cmpint(header_count(h, "Message-ID"), ==, 1);
	g_strfreev(h);
	free(raw);
}

static void
test_auto_replied_no_extras(void)
{
	struct mime_out o;
	struct message *m;
	gchar **h;
	char *raw;
	size_t len;

	out_defaults(&o);
	o.auto_submitted = "auto-replied";
	o.to_name = NULL;
	o.tz = "Nowhere/Atlantis";	/* unknown: UTC */
	o.body = "Plain ASCII.\r\nSecond line\rthird\n";
	raw = compose_ok(&o, &len);
	h = headers_of(raw);
	g_assert_cmpstr(header_value(h, "Date"), ==,
	    "Mon, 28 Sep 2026 02:00:00 +0000");
	g_assert_cmpint(header_count(h, "Reply-To"), ==, 0);
	g_assert_cmpint(header_count(h, "In-Reply-To"), ==, 0);
	g_assert_cmpint(header_count(h, "References"), ==, 0);
	g_assert_cmpstr(header_value(h, "To"), ==, "citizen@example.test");
	g_strfreev(h);
	m = mime_parse(raw, len, NULL);
	g_assert_cmpstr(m->auto_submitted, ==, "auto-replied");
	g_assert_cmpstr(m->text, ==, "Plain ASCII.\nSecond line\nthird\n");
	mime_message_free(m);
	free(raw);
}

/* A file in a fresh folder; the caller frees the path. */
static char *
write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char *p = g_build_filename(dir, name, NULL);

	g_assert_true(g_file_set_contents(p, data, (gssize)len, NULL));
	return p;
}

static void
test_attachments(void)
{
	static const unsigned char pdf[] = "%PDF-1.4\n\0\x01\x02\xff\xfe"
	    "binary\r\n.\r\nFrom here";
	struct mime_out_attachment att[2];
	struct mime_out o;
	struct message *m;
	GString *big = g_string_new(NULL);
	gchar *dir;
	char *p1, *p2, *raw, *err = NULL;
	size_t len, i;

	dir = g_dir_make_tmp("gk-compose-XXXXXX", NULL);
	g_assert_nonnull(dir);
	p1 = write_file(dir, "a", pdf, sizeof(pdf));
	for (i = 0; i < 5000; i++)
		g_string_append(big, "第一行很长的文本没有换行");
	p2 = write_file(dir, "b", big->str, big->len);

	out_defaults(&o);
	att[0].filename = "2025年度因公出国（境）团组情况答复书.pdf";
	att[0].content_type = NULL;	/* from the extension */
	att[0].path = p1;
	att[1].filename = "../../etc/附件\r\n二.txt";
	att[1].content_type = "Text/Plain";
	att[1].path = p2;
	o.attachments = att;
	o.nattachments = 2;
	raw = compose_ok(&o, &len);
	assert_lines(raw, len);
	m = mime_parse(raw, len, NULL);
	g_assert_cmpstr(m->content_type, ==, "multipart/mixed");
	g_assert_cmpstr(m->text, ==,
	    "张哲您好：\n\n您的申请已于2026年9月28日受理。\n");
	g_assert_cmpuint(m->nattachments, ==, 2);
	g_assert_cmpstr(m->attachments[0].filename, ==,
	    "2025年度因公出国（境）团组情况答复书.pdf");
	g_assert_cmpstr(m->attachments[0].content_type, ==,
	    "application/pdf");
	g_assert_cmpuint(m->attachments[0].len, ==, sizeof(pdf));
	g_assert_true(memcmp(m->attachments[0].data, pdf, sizeof(pdf)) == 0);
	/* A name is a name: no folders, no line breaks. */
	g_assert_cmpstr(m->attachments[1].filename, ==, "附件二.txt");
	g_assert_cmpstr(m->attachments[1].content_type, ==, "text/plain");
	g_assert_cmpuint(m->attachments[1].len, ==, big->len);
	g_assert_true(memcmp(m->attachments[1].data, big->str, big->len) == 0);
	g_assert_null(m->hold_reason);
	mime_message_free(m);
	free(raw);

	/* The cap on the attachments' bytes. */
	o.max_bytes = sizeof(pdf) + 10;
	g_assert_null(mime_compose(&o, &len, &err));
	g_assert_nonnull(err);
	g_assert_nonnull(strstr(err, "exceed"));
	free(err);
	err = NULL;

	/* A missing file names itself. */
	o.max_bytes = 0;
	att[1].path = "/nonexistent/gk-file";
	g_assert_null(mime_compose(&o, &len, &err));
	g_assert_nonnull(strstr(err, "/nonexistent/gk-file"));
	free(err);

	g_unlink(p1);
	g_unlink(p2);
	g_rmdir(dir);
	g_free(p1);
	g_free(p2);
	g_free(dir);
	g_string_free(big, TRUE);
}

/*
 * The corpus's h03: CR LF and "Bcc:" inside values meant for headers.
 * Whatever a name or subject holds, the result has one From, one To,
 * one Subject, and no Bcc, Cc or X-Injected header.
 */
static void
test_injection(void)
{
	static const char *const names[] = {
		"王五\r\nBcc: attacker@evil.example.test",
		"王五\rBcc: attacker@evil.example.test",
		"王五\nBcc: attacker@evil.example.test\nX-Injected: 1",
		"王五\xe2\x80\xa8" "Bcc: attacker@evil.example.test",
		"王五\xe2\x80\xa9" "Bcc: attacker@evil.example.test",
		"王五\x0b\x0c\x1b\x7f\xc2\x85"
		    "Bcc: attacker@evil.example.test",
		"\"王五\" <victim@victim.example.test>, x@evil.example.test",
		"=?UTF-8?B?546L5LqUDQpCY2M6IGV2ZXJ5b25lQHZpY3RpbS5leGFtcGxlLnRl"
		    "c3Q=?=",
		"\xff\xfe\r\n\r\nBcc: attacker@evil.example.test",
	};
	struct mime_out o;
	struct message *m;
	gchar **h;
	char *raw;
	size_t len, i;

	for (i = 0; i < G_N_ELEMENTS(names); i++) {
		out_defaults(&o);
		o.to_addr = "wangwu@evil.example.test";
		o.to_name = names[i];
		o.subject = names[i];
		o.body = "正文\r\n\r\nBcc: not-a-header@example.test\r\n";
		raw = compose_ok(&o, &len);
		assert_lines(raw, len);
		h = headers_of(raw);
		g_assert_cmpint(header_count(h, "From"), ==, 1);
		g_assert_cmpint(header_count(h, "To"), ==, 1);
		g_assert_cmpint(header_count(h, "Subject"), ==, 1);
		g_assert_cmpint(header_count(h, "Bcc"), ==, 0);
		g_assert_cmpint(header_count(h, "Cc"), ==, 0);
		g_assert_cmpint(header_count(h, "X-Injected"), ==, 0);
		g_strfreev(h);

		m = mime_parse(raw, len, NULL);
		g_assert_cmpuint(m->to.n, ==, 1);
		g_assert_cmpstr(m->to.v[0].addr, ==,
		    "wangwu@evil.example.test");
		g_assert_cmpuint(m->cc.n, ==, 0);
		g_assert_null(strpbrk(m->to.v[0].name, "\r\n"));
		g_assert_null(strpbrk(m->subject, "\r\n"));
		g_assert_null(strstr(m->subject, "\xe2\x80\xa8"));
		g_assert_null(strstr(m->to.v[0].name, "\xe2\x80\xa9"));
		mime_message_free(m);
		free(raw);
	}

	/* The exact values, as the parser gets them from h03. */
	out_defaults(&o);
	o.to_addr = "wangwu@evil.example.test";
	o.to_name = "王五\r\nBcc: everyone@victim.example.test";
	o.subject = "政府信息公开申请\r\nBcc: attacker@evil.example.test\r\n"
	    "X-Injected: 1";
	raw = compose_ok(&o, &len);
	m = mime_parse(raw, len, NULL);
	g_assert_cmpstr(m->to.v[0].name, ==,
	    "王五 Bcc: everyone@victim.example.test");
	g_assert_cmpstr(m->subject, ==,
	    "政府信息公开申请 Bcc: attacker@evil.example.test X-Injected: 1");
	mime_message_free(m);
	free(raw);
}

/* Addresses and ids are checked, not repaired. */
static void
test_refused(void)
{
	static const char *const bad_addrs[] = {
		"", "no-at", "a@b@c", "victim@x\r\nBcc: y@z", "a b@c",
		"<a@b>", "a@b, c@d", "@b", "a@",
	};
	static const char *const bad_ids[] = {
		"", "no-brackets@x", "<no-at>", "<a@b>\r\nBcc: x@y", "<a b@c>",
		"<a@b",
	};
	struct mime_out o;
	char *err;
	size_t len, i;

	for (i = 0; i < G_N_ELEMENTS(bad_addrs); i++) {
		out_defaults(&o);
		o.to_addr = bad_addrs[i];
		err = NULL;
		g_assert_null(mime_compose(&o, &len, &err));
		g_assert_nonnull(err);
		g_assert_nonnull(strstr(err, "To"));
		free(err);

		out_defaults(&o);
		o.reply_to = bad_addrs[i];
		err = NULL;
		g_assert_null(mime_compose(&o, &len, &err));
		g_assert_nonnull(strstr(err, "Reply-To"));
		free(err);
	}
	for (i = 0; i < G_N_ELEMENTS(bad_ids); i++) {
		out_defaults(&o);
		o.message_id = bad_ids[i];
		err = NULL;
		g_assert_null(mime_compose(&o, &len, &err));
		g_assert_nonnull(strstr(err, "Message-ID"));
		free(err);
	}
	out_defaults(&o);
	o.from = "two <a@fao.example.test>, addresses <b@fao.example.test>";
	err = NULL;
	g_assert_null(mime_compose(&o, &len, &err));
	g_assert_nonnull(strstr(err, "From"));
	free(err);

	out_defaults(&o);
	o.auto_submitted = "no";
	err = NULL;
	g_assert_null(mime_compose(&o, &len, &err));
	g_assert_nonnull(strstr(err, "Auto-Submitted"));
	free(err);
}

/* Ids from someone else's mail that are not plain ids are left out. */
static void
test_bad_references_dropped(void)
{
	static const char *const refs[] = {
		"<ok.1@example.test>", "<bad\r\nBcc: x@y>", "junk",
		"<ok.2@example.test>", NULL
	};
	struct mime_out o;
	struct message *m;
	char *raw;
	size_t len;

	out_defaults(&o);
	o.in_reply_to = "<x@y>\r\nBcc: a@b";
	o.references = refs;
	raw = compose_ok(&o, &len);
	m = mime_parse(raw, len, NULL);
	g_assert_null(m->in_reply_to);
	g_assert_cmpuint(m->references.n, ==, 2);
	g_assert_cmpstr(m->references.v[0], ==, "<ok.1@example.test>");
	g_assert_cmpstr(m->references.v[1], ==, "<ok.2@example.test>");
	mime_message_free(m);
	free(raw);
}

/* Long values: folded or encoded, never a line over 998 octets. */
static void
test_long_lines(void)
{
	GString *ascii = g_string_new(NULL), *cn = g_string_new(NULL);
	GPtrArray *refs = g_ptr_array_new_with_free_func(g_free);
	struct mime_out o;
	struct message *m;
	char *raw;
	size_t len, i;

	for (i = 0; i < 3000; i++)
		g_string_append_c(ascii, 'x');
	for (i = 0; i < 800; i++)
		g_string_append(cn, "政");
	for (i = 0; i < 60; i++)
		g_ptr_array_add(refs, g_strdup_printf(
		    "<reference.%zu.with.a.long.local.part@example.test>",
		    i));
	g_ptr_array_add(refs, NULL);

	out_defaults(&o);
	o.subject = ascii->str;
	o.to_name = cn->str;
	o.body = ascii->str;
	o.references = (const char *const *)refs->pdata;
	raw = compose_ok(&o, &len);
	assert_lines(raw, len);
	m = mime_parse(raw, len, NULL);
	/* The subject is cut to 900 bytes, not broken. */
	g_assert_cmpuint(strlen(m->subject), ==, 900);
	g_assert_cmpuint(strspn(m->subject, "x"), ==, 900);
	g_assert_true(g_str_has_prefix(cn->str, m->to.v[0].name));
	/* The body itself survives whole (a line of 3000 'x'). */
	g_assert_cmpuint(strlen(m->text), ==, 3001);
	g_assert_cmpuint(strspn(m->text, "x"), ==, 3000);
	mime_message_free(m);

	o.subject = cn->str;
	o.to_name = ascii->str;
	o.body = cn->str;
	free(raw);
	raw = compose_ok(&o, &len);
	assert_lines(raw, len);
	m = mime_parse(raw, len, NULL);
	g_assert_true(g_str_has_prefix(cn->str, m->subject));
	g_assert_cmpuint(strlen(m->subject), >=, 897);
	g_assert_cmpuint(m->references.n, ==, 20);
	g_assert_cmpstr(m->references.v[0], ==, refs->pdata[0]);
	g_assert_cmpstr(m->references.v[19], ==, refs->pdata[59]);
	g_assert_true(g_str_has_prefix(m->text, cn->str));
	mime_message_free(m);
	free(raw);
	g_ptr_array_free(refs, TRUE);
	g_string_free(ascii, TRUE);
	g_string_free(cn, TRUE);
}

/* The same input gives the same bytes but for the MIME boundary. */
static void
test_stable(void)
{
	struct mime_out o;
	char *a, *b;
	size_t la, lb;

	out_defaults(&o);
	a = compose_ok(&o, &la);
	b = compose_ok(&o, &lb);
	g_assert_cmpuint(la, ==, lb);
	g_assert_cmpstr(a, ==, b);
	free(a);
	free(b);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/compose/round-trip", test_round_trip);
	g_test_add_func("/compose/auto-replied", test_auto_replied_no_extras);
	g_test_add_func("/compose/attachments", test_attachments);
	g_test_add_func("/compose/injection", test_injection);
	g_test_add_func("/compose/refused", test_refused);
	g_test_add_func("/compose/bad-references", test_bad_references_dropped);
	g_test_add_func("/compose/long-lines", test_long_lines);
	g_test_add_func("/compose/stable", test_stable);
	return g_test_run();
}
