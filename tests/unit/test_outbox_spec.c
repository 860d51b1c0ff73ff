/*
 * test_outbox_spec.c - a queued mail's spec (outbox_spec.c): composing
 * from the spec gives exactly the bytes mime_compose() gives from the
 * values it was made of (with an HTML alternative, references and
 * attachments in the spool), every time (the boundaries come from the
 * Message-ID, and differ between two mails); a spec that cannot be read,
 * or names a file outside the spool, or one that is gone, is an error;
 * mime_out_check() refuses at queue time what composing would refuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "config.h"
#include "mime.h"
#include "outbox.h"
#include "outbox_p.h"

#define FROM	"上海市人民政府外事办公室 <gongkai@fao.example.test>"
#define MSGID	"<gk-2026-0007.answer.abcdefgh@fao.example.test>"

static char *spool;
static struct config cfg;

static void
setup(void)
{
	GError *err = NULL;
	char *dir, *path;

	spool = g_dir_make_tmp("gk-spec-XXXXXX", &err);
	g_assert_no_error(err);
	dir = g_build_filename(spool, "att", NULL);
	g_assert_cmpint(g_mkdir(dir, 0700), ==, 0);
	path = g_build_filename(dir, "a.pdf", NULL);
	g_assert_true(g_file_set_contents(path, "%PDF-1.4\n答复书\n%%EOF\n", -1,
	    &err));
	g_free(path);
	path = g_build_filename(dir, "b.txt", NULL);
	g_assert_true(g_file_set_contents(path, "名单\n1. 张三\n", -1, &err));
	g_free(path);
	g_free(dir);
	memset(&cfg, 0, sizeof(cfg));
	cfg.store.spool = spool;
}

static const char *const refs[] = {
	"<179633937715.11761@example.test>", "<a.b@example.test>", NULL,
};
static const struct outbox_attachment atts[] = {
	{ "政府信息公开申请答复书.pdf", "application/pdf", "att/a.pdf" },
	{ "名单.txt", NULL, "att/b.txt" },
};

/* mo and om for one answer; mo's attachments point into the spool (the
 * caller frees them with free_att()). */
static void
answer(struct mime_out *mo, struct outmail *om, const char *msgid)
{
	struct mime_out_attachment *a;
	size_t i;

	memset(om, 0, sizeof(*om));
	om->attachments = atts;
	om->nattachments = G_N_ELEMENTS(atts);
	a = g_new0(struct mime_out_attachment, G_N_ELEMENTS(atts));
	for (i = 0; i < G_N_ELEMENTS(atts); i++) {
		a[i].filename = atts[i].filename;
		a[i].content_type = atts[i].content_type;
		a[i].path = outbox_att_path(&cfg, atts[i].spool_path);
	}
	memset(mo, 0, sizeof(*mo));
	mo->from = FROM;
	mo->to_addr = "citizen@example.test";
	mo->to_name = "张哲 \"Z\"";
	mo->reply_to = "gongkai+abcdefgh@fao.example.test";
	mo->subject = "[GK-2026-0007] 政府信息公开申请答复书";
	mo->date = 1790560800LL;
	mo->tz = "Asia/Shanghai";
	mo->message_id = msgid;
	mo->in_reply_to = refs[0];
	mo->references = refs;
	mo->auto_submitted = "auto-replied";
	mo->x_loop = "gongkai@fao.example.test";
	mo->body = "张哲您好：\n\n经查，……\n";
	mo->body_html = "<p>张哲您好：</p>";
	mo->attachments = a;
	mo->nattachments = G_N_ELEMENTS(atts);
	mo->max_bytes = 1000000;
}

static void
free_att(struct mime_out *mo)
{
	size_t i;

	for (i = 0; i < mo->nattachments; i++)
		free((char *)mo->attachments[i].path);
	g_free((void *)mo->attachments);
}

static void
test_same_bytes(void)
{
	struct mime_out mo;
	struct outmail om;
	char *direct, *again, *viaspec, *err = NULL, *other;
	gchar *spec;
	size_t ld, la, ls, lo;

	answer(&mo, &om, MSGID);
	g_assert_cmpint(mime_out_check(&mo, &err), ==, 0);
	direct = mime_compose(&mo, &ld, &err);
	g_assert_nonnull(direct);
	again = mime_compose(&mo, &la, &err);
	g_assert_cmpuint(la, ==, ld);
	g_assert_true(memcmp(direct, again, ld) == 0);
	g_assert_nonnull(strstr(direct, "boundary=\"=-gk-mix-"));
	g_assert_nonnull(strstr(direct, "boundary=\"=-gk-alt-"));

	spec = outbox_spec_dump(&mo, &om);
	g_assert_null(strstr(spec, spool));	/* paths kept relative */
	viaspec = outbox_spec_compose(&cfg, spec, &ls, &err);
	if (viaspec == NULL)
		g_error("outbox_spec_compose: %s", err);
	g_assert_cmpuint(ls, ==, ld);
	g_assert_true(memcmp(direct, viaspec, ld) == 0);

	/* another Message-ID, other boundaries */
	free_att(&mo);
	answer(&mo, &om, "<gk-2026-0008.answer.zzzzzzzz@fao.example.test>");
	other = mime_compose(&mo, &lo, &err);
	g_assert_nonnull(other);
	g_assert_null(strstr(other, strstr(direct, "=-gk-mix-")));
	free(other);
	free(direct);
	free(again);
	free(viaspec);
	g_free(spec);
	free_att(&mo);
}

static void
spec_fails(const char *spec, const char *want)
{
	char *err = NULL, *raw;
	size_t len;

	raw = outbox_spec_compose(&cfg, spec, &len, &err);
	g_assert_null(raw);
	g_assert_nonnull(err);
	if (strstr(err, want) == NULL)
		g_error("\"%s\": error \"%s\", want \"%s\"", spec, err, want);
	free(err);
}

static void
test_bad_specs(void)
{
	struct mime_out mo;
	struct outmail om;
	struct outbox_attachment gone = { "x.pdf", NULL, "att/gone.pdf" };
	struct outbox_attachment out = { "x.pdf", NULL, "../etc/passwd" };
	gchar *spec;

	spec_fails("{not json", "cannot be read");
	spec_fails("[1, 2]", "not an object");
	spec_fails("{}", "From");
	answer(&mo, &om, MSGID);
	om.attachments = &out;
	om.nattachments = 1;
	spec = outbox_spec_dump(&mo, &om);
	spec_fails(spec, "outside the spool");
	g_free(spec);
	om.attachments = &gone;
	spec = outbox_spec_dump(&mo, &om);
	spec_fails(spec, "gone.pdf");
	g_free(spec);
	free_att(&mo);
}

static void
check_fails(const struct mime_out *mo, const char *want)
{
	char *err = NULL;

	g_assert_cmpint(mime_out_check(mo, &err), ==, -1);
	if (err == NULL || strstr(err, want) == NULL)
		g_error("mime_out_check: \"%s\", want \"%s\"", err, want);
	free(err);
}

static void
test_check(void)
{
	struct mime_out mo;
	struct outmail om;
	const struct mime_out_attachment *a;
	struct mime_out_attachment bad[1];

	answer(&mo, &om, MSGID);
	mo.to_addr = "citizen@example.test\r\nBcc: x@y";
	check_fails(&mo, "To");
	mo.to_addr = "citizen@example.test";
	mo.message_id = "<no-domain>";
	check_fails(&mo, "Message-ID");
	mo.message_id = MSGID;
	mo.max_bytes = 10;
	check_fails(&mo, "exceed 10 bytes");
	mo.max_bytes = 0;
	a = mo.attachments;
	bad[0] = a[0];
	bad[0].path = "/nonexistent/gk/a.pdf";
	mo.attachments = bad;
	mo.nattachments = 1;
	check_fails(&mo, "/nonexistent/gk/a.pdf");
	bad[0].path = spool;		/* a folder */
	check_fails(&mo, "not a file");
	mo.attachments = a;
	mo.nattachments = G_N_ELEMENTS(atts);
	free_att(&mo);
}

/* A member of the spec as JSON reads it back. */
static char *
member(const char *spec, const char *name)
{
	JsonParser *p = json_parser_new();
	GError *err = NULL;
	char *v;

	if (!json_parser_load_from_data(p, spec, -1, &err))
		g_error("not JSON (%s): %s", err->message, spec);
	v = g_strdup(json_object_get_string_member(
	    json_node_get_object(json_parser_get_root(p)), name));
	g_object_unref(p);
	return v;
}

/* Every string comes back as it went in: quotes, backslashes, every C0
 * control, DEL, CJK and beyond the BMP; bytes that are not UTF-8 as
 * U+FFFD (a spec is always JSON). */
static void
test_escapes(void)
{
	struct mime_out mo;
	struct outmail om;
	char c0[33], *spec, *v;
	int i;

	for (i = 0; i < 32; i++)
		c0[i] = (char)(i + 1 < 32 ? i + 1 : 0x7f);
	c0[32] = '\0';
	answer(&mo, &om, MSGID);
	mo.subject = "\"引号\" \\反斜杠\\ 😀 /";
	mo.body = c0;
	mo.to_name = "\xe5\xbc\xa0\xff\xfe哲";
	mo.references = NULL;
	spec = outbox_spec_dump(&mo, &om);
	v = member(spec, "subject");
	g_assert_cmpstr(v, ==, mo.subject);
	g_free(v);
	v = member(spec, "body");
	g_assert_cmpstr(v, ==, c0);
	g_free(v);
	v = member(spec, "to_name");
	g_assert_true(g_utf8_validate(v, -1, NULL));
	g_assert_nonnull(strstr(v, "\xef\xbf\xbd"));	/* U+FFFD */
	g_assert_true(g_str_has_suffix(v, "哲"));
	g_free(v);
	v = member(spec, "message_id");
	g_assert_cmpstr(v, ==, MSGID);
	g_free(v);
	g_assert_null(strstr(spec, "\"references\""));
	g_free(spec);
	free_att(&mo);
}

int
main(int argc, char **argv)
{
	int rv;
	char *cmd;

	g_test_init(&argc, &argv, NULL);
	setup();
	g_test_add_func("/outbox-spec/same-bytes", test_same_bytes);
	g_test_add_func("/outbox-spec/bad-specs", test_bad_specs);
	g_test_add_func("/outbox-spec/check", test_check);
	g_test_add_func("/outbox-spec/escapes", test_escapes);
	rv = g_test_run();
	cmd = g_strdup_printf("rm -rf '%s'", spool);
	if (system(cmd) != 0)
		rv = 1;
	g_free(cmd);
	g_free(spool);
	return rv;
}
