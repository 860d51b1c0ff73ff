/*
 * test_mime_wire.c - struct message survives the trip to bytes and back
 * for every corpus mail, and so does a parse in the sandboxed child
 * (GB18030 and Big5 mail included: the child can load no iconv module);
 * the decoder refuses truncated, garbled and lying bytes without
 * crashing; a child that fails leaves a held message, not a lost mail.
 *
 * The corpus is read from $GK_SHARED/corpus when set, else from the
 * project's copy in $GK_SRCDIR/tests/data/corpus.
 */
#include <sys/resource.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "mime.h"
#include "mime_wire.h"
#include "sandbox.h"
#include "spool.h"
#include "xmalloc.h"

static char *
corpus_dir(void)
{
	const char *shared = g_getenv("GK_SHARED");
	const char *src = g_getenv("GK_SRCDIR");

	if (shared != NULL)
		return g_build_filename(shared, "corpus", NULL);
	return g_build_filename(src != NULL ? src : GK_SRCDIR, "tests",
	    "data", "corpus", NULL);
}

/* Every .eml under dir, sorted. */
static void
corpus_files(const char *dir, GPtrArray *out)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	g_assert_nonnull(d);
	while ((name = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(dir, name, NULL);

		if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
			corpus_files(p, out);
			g_free(p);
		} else if (g_str_has_suffix(name, ".eml"))
			g_ptr_array_add(out, p);
		else
			g_free(p);
	}
	g_dir_close(d);
}

static gint
cmp_path(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static GPtrArray *
corpus(void)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	char *dir = corpus_dir();

	corpus_files(dir, a);
	g_free(dir);
	g_ptr_array_sort(a, cmp_path);
	g_assert_cmpuint(a->len, >=, 40);
	return a;
}

static char *
read_corpus(const char *rel, size_t *lenp)
{
	char *dir = corpus_dir(), *p = g_build_filename(dir, rel, NULL);
	gchar *raw;
	gsize len;

	g_assert_true(g_file_get_contents(p, &raw, &len, NULL));
	g_free(p);
	g_free(dir);
	*lenp = len;
	return raw;
}

/* ------------------------------------------------------------------ */
/* Field-by-field equality, got/want                                   */

#define EQ_STR(f)	g_assert_cmpstr(got->f, ==, want->f)
#define EQ_INT(f)	g_assert_cmpint(got->f, ==, want->f)

static void
eq_strlist(const struct mime_strlist *got, const struct mime_strlist *want)
{
	size_t i;

	g_assert_cmpuint(got->n, ==, want->n);
	for (i = 0; i < want->n; i++)
		g_assert_cmpstr(got->v[i], ==, want->v[i]);
	if (want->n == 0)
		g_assert_null(got->v);
	else
		g_assert_null(got->v[got->n]);
}

static void
eq_addrlist(const struct mime_addrlist *got, const struct mime_addrlist *want)
{
	size_t i;

	g_assert_cmpuint(got->n, ==, want->n);
	for (i = 0; i < want->n; i++) {
		g_assert_cmpstr(got->v[i].addr, ==, want->v[i].addr);
		g_assert_cmpstr(got->v[i].name, ==, want->v[i].name);
	}
}

/* Every field of struct message (see the size check in mime_wire.c). */
static void
eq_message(const struct message *got, const struct message *want)
{
	size_t i;

	EQ_STR(message_id);
	EQ_STR(in_reply_to);
	eq_strlist(&got->references, &want->references);
	EQ_STR(from.addr);
	EQ_STR(from.name);
	EQ_INT(from_count);
	eq_addrlist(&got->to, &want->to);
	eq_addrlist(&got->cc, &want->cc);
	eq_addrlist(&got->reply_to, &want->reply_to);
	eq_addrlist(&got->delivered_to, &want->delivered_to);
	eq_addrlist(&got->x_original_to, &want->x_original_to);
	EQ_STR(return_path);
	EQ_INT(return_path_empty);
	EQ_STR(subject);
	EQ_STR(date);
	EQ_INT(date_unix);
	EQ_INT(date_valid);
	EQ_STR(text);
	EQ_INT(text_from_html);
	EQ_INT(nattachments);
	for (i = 0; i < want->nattachments; i++) {
		const struct mime_attachment *g = &got->attachments[i];
		const struct mime_attachment *w = &want->attachments[i];

		g_assert_cmpstr(g->filename, ==, w->filename);
		g_assert_cmpstr(g->orig_filename, ==, w->orig_filename);
		g_assert_cmpstr(g->content_type, ==, w->content_type);
		g_assert_cmpmem(g->data, g->len, w->data, w->len);
		g_assert_cmpstr(g->sha256, ==, w->sha256);
	}
	EQ_STR(auto_submitted);
	EQ_STR(x_autoreply);
	EQ_STR(x_autorespond);
	EQ_STR(precedence);
	EQ_STR(list_id);
	eq_strlist(&got->x_loop, &want->x_loop);
	eq_strlist(&got->auth_results, &want->auth_results);
	EQ_STR(content_type);
	EQ_STR(report_type);
	EQ_INT(dsn.present);
	EQ_STR(dsn.action);
	EQ_STR(dsn.status);
	EQ_STR(dsn.final_recipient);
	EQ_STR(dsn.original_message_id);
	eq_strlist(&got->defects, &want->defects);
	EQ_STR(hold_reason);
}

/* ------------------------------------------------------------------ */

/*
 * First, in a fresh process (before anything else here has converted a
 * charset): the child decodes GB18030 (a GBK-only character under a
 * gb2312 label) and Big5-HKSCS without opening a gconv module.
 */
static void
test_chinese_sandboxed(void)
{
	struct message *m;
	char *raw, *why = NULL;
	size_t len;

	raw = read_corpus("requests/01-foxmail-gb2312-label-gbk-chars.eml",
	    &len);
	m = mime_parse_sandboxed(raw, len, NULL, NULL, &why);
	g_assert_null(why);
	g_assert_null(m->hold_reason);
	g_assert_cmpstr(m->subject, ==, "政府信息公开申请（何镕）");
	g_assert_cmpstr(m->from.name, ==, "何镕");
	g_assert_nonnull(strstr(m->text, "姓名：何镕\n"));
	g_assert_false(mime_has_defect(m, "charset-fallback"));
	mime_message_free(m);
	g_free(raw);

	raw = read_corpus("requests/06-big5-hongkong-traditional.eml", &len);
	m = mime_parse_sandboxed(raw, len, NULL, NULL, &why);
	g_assert_null(why);
	g_assert_cmpstr(m->subject, ==, "申請公開政府信息（香港居民 陳嘉欣）");
	g_assert_cmpstr(m->from.name, ==, "陳嘉欣");
	g_assert_nonnull(strstr(m->text, "證件類型：港澳居民來往內地通行證\n"));
	g_assert_false(mime_has_defect(m, "charset-fallback"));
	mime_message_free(m);
	g_free(raw);
}

/* Labels beyond Chinese, each in a part of its own. */
static void
test_other_charsets_sandboxed(void)
{
	static const struct {
		const char	*charset;
		const char	*bytes;
		const char	*utf8;	/* NULL: only direct = sandboxed */
	} cases[] = {
		{ "koi8-r", "\xf3\xd0\xc1\xd3\xc9\xc2\xcf", "Спасибо" },
		{ "windows-1251", "\xd1\xef\xe0\xf1\xe8\xe1\xee", "Спасибо" },
		{ "iso-8859-7", "\xc5\xf5\xf7\xe1\xf1\xe9\xf3\xf4\xfe",
		    "Ευχαριστώ" },
		/* mime.c reads kana and hangul as implausible and
		 * prefers GB18030 (its charset rules, not the sandbox's
		 * concern): here only direct = sandboxed. */
		{ "shift_jis", "\x82\xa0\x82\xe8\x82\xaa\x82\xc6\x82\xa4",
		    NULL },
		{ "euc-kr", "\xb0\xa8\xbb\xe7\xc7\xd5\xb4\xcf\xb4\xd9",
		    NULL },
		{ "iso-8859-2", "Dzi\xea" "kuj\xea", "Dziękuję" },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct message *d, *s;
		char *raw, *why = NULL;

		raw = g_strdup_printf("From: a@example.test\r\n"
		    "Subject: x\r\nMIME-Version: 1.0\r\n"
		    "Content-Type: text/plain; charset=%s\r\n"
		    "Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n",
		    cases[i].charset, cases[i].bytes);
		s = mime_parse_sandboxed(raw, strlen(raw), NULL, NULL, &why);
		g_assert_null(why);
		d = mime_parse(raw, strlen(raw), NULL);
		eq_message(s, d);
		if (cases[i].utf8 != NULL &&
		    strstr(s->text, cases[i].utf8) == NULL)
			g_error("%s: got \"%s\", want \"%s\"",
			    cases[i].charset, s->text, cases[i].utf8);
		mime_message_free(s);
		mime_message_free(d);
		g_free(raw);
	}
}

/* CPU seconds of this process and its reaped children. */
static double
cpu_now(void)
{
	struct rusage a, b;

	getrusage(RUSAGE_SELF, &a);
	getrusage(RUSAGE_CHILDREN, &b);
	return (double)(a.ru_utime.tv_sec + a.ru_stime.tv_sec +
	    b.ru_utime.tv_sec + b.ru_stime.tv_sec) +
	    (a.ru_utime.tv_usec + a.ru_stime.tv_usec + b.ru_utime.tv_usec +
	    b.ru_stime.tv_usec) / 1e6;
}

/*
 * Every corpus mail: direct = encoded and decoded = parsed in a child of
 * its own = parsed by one child for the whole corpus (the batch path).
 * Prints the cost of each way, in wall and CPU milliseconds per mail.
 */
static void
test_corpus_roundtrip(void)
{
	GPtrArray *files = corpus();
	struct mime_parser *mp;
	size_t i, wlen, n = files->len;
	double wall[3], cpu[3];
	struct message **d, *w, *s;
	gchar **raw = g_new0(gchar *, n);
	gsize *lens = g_new0(gsize, n);
	unsigned char *wire;
	char *why = NULL;
	int k;

	d = g_new0(struct message *, n);
	for (i = 0; i < n; i++)
		g_assert_true(g_file_get_contents(files->pdata[i], &raw[i],
		    &lens[i], NULL));
	/* 0: direct, 1: a child per mail, 2: one child for all. */
	for (k = 0; k < 3; k++) {
		wall[k] = g_get_monotonic_time();
		cpu[k] = cpu_now();
		mp = k == 2 ? mime_parser_open(NULL) : NULL;
		for (i = 0; i < n; i++) {
			const char *path = files->pdata[i];

			if (k == 0) {
				d[i] = mime_parse(raw[i], lens[i], NULL);
				continue;
			}
			if (k == 1)
				s = mime_parse_sandboxed(raw[i], lens[i], NULL,
				    NULL, &why);
			else
				s = mime_parser_parse(mp, raw[i], lens[i],
				    &why);
			if (why != NULL)
				g_error("%s: %s: %s", path, k == 1 ?
				    "a child per mail" : "one child", why);
			eq_message(s, d[i]);
			mime_message_free(s);
		}
		mime_parser_close(mp);
		wall[k] = (g_get_monotonic_time() - wall[k]) / 1000.0 / n;
		cpu[k] = (cpu_now() - cpu[k]) * 1000.0 / n;
	}
	for (i = 0; i < n; i++) {
		wire = mime_wire_encode(d[i], &wlen);
		if ((w = mime_wire_decode(wire, wlen, &why)) == NULL)
			g_error("%s: %s", (char *)files->pdata[i], why);
		eq_message(w, d[i]);
		mime_message_free(w);
		mime_message_free(d[i]);
		free(wire);
		g_free(raw[i]);
	}
	g_test_message("%zu mails, ms per mail (wall/cpu): direct %.3f/%.3f, "
	    "a child per mail %.3f/%.3f, one child %.3f/%.3f", n,
	    wall[0], cpu[0], wall[1], cpu[1], wall[2], cpu[2]);
	g_free(d);
	g_free(raw);
	g_free(lens);
	g_ptr_array_free(files, TRUE);
}

/* Every prefix of an encoding fails cleanly; so does every byte flip. */
static void
test_decode_truncated_garbled(void)
{
	struct message *m, *d;
	unsigned char *wire, *copy;
	char *raw, *why = NULL;
	size_t len, wlen, i, ok = 0;

	raw = read_corpus("requests/04-gmail-utf8-jpeg-rfc2231.eml", &len);
	m = mime_parse(raw, len, NULL);
	g_assert_cmpuint(m->nattachments, >, 0);
	wire = mime_wire_encode(m, &wlen);
	copy = xmalloc(wlen);
	for (i = 0; i < wlen; i++) {
		memcpy(copy, wire, i);
		d = mime_wire_decode(copy, i, &why);
		g_assert_null(d);
		g_assert_nonnull(why);
		free(why);
		why = NULL;
	}
	/* Each byte in turn set to 0xff, then to 0x00. */
	for (i = 0; i < wlen; i++) {
		unsigned char v;

		for (v = 0; v < 2; v++) {
			memcpy(copy, wire, wlen);
			copy[i] = v ? 0xff : 0x00;
			if ((d = mime_wire_decode(copy, wlen, &why)) != NULL) {
				ok++;
				mime_message_free(d);
			} else {
				g_assert_nonnull(why);
				free(why);
				why = NULL;
			}
		}
	}
	/* Flips inside attachment bytes fail the hash; some inside
	 * numbers pass (a date): most are refused. */
	g_test_message("%zu of %zu garbled encodings decoded", ok, 2 * wlen);
	g_assert_cmpuint(ok, <, wlen);
	/* A byte more at the end. */
	copy = xreallocarray(copy, wlen + 1, 1);
	memcpy(copy, wire, wlen);
	copy[wlen] = 0;
	g_assert_null(mime_wire_decode(copy, wlen + 1, &why));
	g_assert_true(g_str_has_prefix(why, "bad output: bytes after the end"));
	free(why);
	free(copy);
	free(wire);
	mime_message_free(m);
	g_free(raw);
}

/* A hand-made encoding: magic, then fields as mime_wire.c writes them. */
struct hand {
	GByteArray	*b;
};

static void
h_u64(struct hand *h, uint64_t v)
{
	g_byte_array_append(h->b, (guint8 *)&v, sizeof(v));
}

static void
h_str(struct hand *h, const char *s)
{
	guint8 f = s != NULL;

	g_byte_array_append(h->b, &f, 1);
	if (s != NULL) {
		h_u64(h, strlen(s));
		g_byte_array_append(h->b, (const guint8 *)s, strlen(s));
	}
}

/*
 * A message with one attachment; the pieces an attacker controls are
 * arguments.  subject, filename, claimed hash, list count, hold.
 */
static GByteArray *
hand_made(const char *subject, const char *filename, const char *sha,
    uint64_t refs, const char *hold)
{
	struct hand h = { g_byte_array_new() };
	char real[65];
	int i;

	g_byte_array_append(h.b, (const guint8 *)"GKW1", 4);
	h_str(&h, "<id@x>");			/* message_id */
	h_str(&h, NULL);			/* in_reply_to */
	h_u64(&h, refs);			/* references */
	h_str(&h, "a@x");			/* from */
	h_str(&h, NULL);
	h_u64(&h, 1);				/* from_count */
	for (i = 0; i < 5; i++)
		h_u64(&h, 0);			/* address lists */
	h_str(&h, NULL);			/* return_path */
	h_u64(&h, 0);
	h_str(&h, subject);
	h_str(&h, NULL);			/* date */
	h_u64(&h, 0);
	h_u64(&h, 0);
	h_str(&h, "text");
	h_u64(&h, 0);
	h_u64(&h, 1);				/* attachments */
	h_str(&h, filename);
	h_str(&h, NULL);
	h_str(&h, "text/plain");
	h_u64(&h, 3);
	g_byte_array_append(h.b, (const guint8 *)"abc", 3);
	spool_sha256("abc", 3, real);
	g_byte_array_append(h.b, (const guint8 *)(sha ? sha : real), 64);
	for (i = 0; i < 5; i++)
		h_str(&h, NULL);		/* auto_submitted .. list_id */
	h_u64(&h, 0);				/* x_loop */
	h_u64(&h, 0);				/* auth_results */
	h_str(&h, "text/plain");
	h_str(&h, NULL);
	h_u64(&h, 0);				/* dsn */
	for (i = 0; i < 4; i++)
		h_str(&h, NULL);
	h_u64(&h, 0);				/* defects */
	h_str(&h, hold);
	g_byte_array_append(h.b, (const guint8 *)"END1", 4);
	return h.b;
}

static void
test_decode_lies(void)
{
	static const struct {
		const char	*subject, *filename, *sha;
		uint64_t	 refs;
		const char	*hold;
		const char	*err;		/* NULL: decodes */
	} cases[] = {
		{ "ok", "a.txt", NULL, 0, NULL, NULL },
		{ "ok", "a.txt", NULL, 0, "too-large", NULL },
		{ "x\r\nBcc: v@x", "a.txt", NULL, 0, NULL,
		    "header value with a control character" },
		{ "x\xe2\x80\xa8y", "a.txt", NULL, 0, NULL,
		    "header value with a control character" },
		{ "\xff\xfe", "a.txt", NULL, 0, NULL,
		    "string not UTF-8 or with NUL" },
		{ "ok", "../../etc/passwd", NULL, 0, NULL,
		    "attachment name or type" },
		{ "ok", ".profile", NULL, 0, NULL, "attachment name or type" },
		{ "ok", "a\\b", NULL, 0, NULL, "attachment name or type" },
		{ "ok", "a.txt", "0000000000000000000000000000000000000000"
		    "000000000000000000000000", 0, NULL,
		    "attachment hash does not match its bytes" },
		{ "ok", "a.txt", NULL, UINT64_MAX / 2, NULL,
		    "count larger than the rest" },
		{ "ok", "a.txt", NULL, 0, "free-pass", "unknown hold reason" },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		GByteArray *b = hand_made(cases[i].subject, cases[i].filename,
		    cases[i].sha, cases[i].refs, cases[i].hold);
		struct message *m;
		char *why = NULL;

		m = mime_wire_decode(b->data, b->len, &why);
		if (cases[i].err == NULL) {
			g_assert_null(why);
			g_assert_nonnull(m);
			g_assert_cmpstr(m->subject, ==, cases[i].subject);
			g_assert_cmpstr(m->hold_reason, ==, cases[i].hold);
			g_assert_cmpuint(m->nattachments, ==, 1);
			mime_message_free(m);
		} else {
			g_assert_null(m);
			g_assert_nonnull(why);
			if (strstr(why, cases[i].err) == NULL)
				g_error("case %zu: got \"%s\", want \"%s\"", i,
				    why, cases[i].err);
			free(why);
		}
		g_byte_array_unref(b);
	}
}

/* A child that fails leaves a held message and says why. */
static void
test_child_fails(void)
{
	struct sandbox_limits tiny_out = { 10, 0, 16, 30000 };
	struct sandbox_limits no_time = { 10, 0, 1 << 20, 0 };
	struct message *m;
	char *raw, *why = NULL;
	size_t len;

	raw = read_corpus("requests/01-foxmail-gb2312-label-gbk-chars.eml",
	    &len);
	m = mime_parse_sandboxed(raw, len, NULL, &tiny_out, &why);
	g_assert_nonnull(m);
	g_assert_cmpstr(m->hold_reason, ==, "parser-failed");
	g_assert_cmpstr(m->text, ==, "");
	g_assert_null(m->from.addr);
	g_assert_cmpstr(why, ==, "output-too-large");
	free(why);
	mime_message_free(m);

	m = mime_parse_sandboxed(raw, len, NULL, &no_time, &why);
	g_assert_cmpstr(m->hold_reason, ==, "parser-failed");
	g_assert_cmpstr(why, ==, "timeout");
	free(why);
	mime_message_free(m);

	/* The batch parser: held, then a fresh child parses the next. */
	{
		struct mime_parser *mp = mime_parser_open(NULL);

		m = mime_parser_parse(mp, raw, len, &why);
		g_assert_null(why);
		g_assert_cmpstr(m->from.name, ==, "何镕");
		mime_message_free(m);
		g_setenv("GONGKAI_PARSER_WALL_MS", "0", TRUE);
		m = mime_parser_parse(mp, raw, len, &why);
		g_unsetenv("GONGKAI_PARSER_WALL_MS");
		g_assert_cmpstr(m->hold_reason, ==, "parser-failed");
		g_assert_cmpstr(why, ==, "timeout");
		free(why);
		mime_message_free(m);
		m = mime_parser_parse(mp, raw, len, &why);
		g_assert_null(why);
		g_assert_cmpstr(m->from.name, ==, "何镕");
		mime_message_free(m);
		mime_parser_close(mp);
	}
	g_free(raw);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* First: the process has converted no charset yet. */
	g_test_add_func("/mime_wire/chinese-sandboxed",
	    test_chinese_sandboxed);
	g_test_add_func("/mime_wire/other-charsets-sandboxed",
	    test_other_charsets_sandboxed);
	g_test_add_func("/mime_wire/corpus-roundtrip", test_corpus_roundtrip);
	g_test_add_func("/mime_wire/decode-truncated-garbled",
	    test_decode_truncated_garbled);
	g_test_add_func("/mime_wire/decode-lies", test_decode_lies);
	g_test_add_func("/mime_wire/child-fails", test_child_fails);
	return g_test_run();
}
