/* test_extract.c - attachment text in a limited child: every format the
 * secrecy check reads (fixtures from tests/data/secrecy/mkfixtures.py),
 * the ones it cannot (unreadable, with the reason), the zip-bomb and
 * entity bounds, and the sandbox's own verdicts (exit, output, CPU,
 * memory), so that the privilege-separated sandbox can be held to them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "extract.h"
#include "sandbox.h"
#include "secrecy.h"
#include "xmalloc.h"

static const char *const markers[] = {
	"绝密", "机密", "秘密★", "内部资料", "不得公开", NULL
};

static char *
fixture(const char *name, size_t *len)
{
	char *path = g_build_filename(GK_SRCDIR, "tests", "data", "secrecy",
	    name, NULL);
	gchar *d = NULL;
	gsize n = 0;

	if (!g_file_get_contents(path, &d, &n, NULL))
		g_error("cannot read %s", path);
	g_free(path);
	*len = n;
	return d;
}

/* The text of bytes, or "ERR: why". */
static char *
text_of(const void *d, size_t len, const char *ct, const char *name,
    const struct extract_limits *lim)
{
	char *text = NULL, *err = NULL, *r;

	if (extract_text(d, len, ct, name, lim, &text, &err) == -1) {
		g_assert_null(text);
		g_assert_nonnull(err);
		r = g_strdup_printf("ERR: %s", err);
		free(err);
		return r;
	}
	g_assert_null(err);
	g_assert_true(g_utf8_validate(text, -1, NULL));
	r = g_strdup(text);
	free(text);
	return r;
}

/* The markers hit in a fixture's text ("" none), or "ERR: why". */
static char *
hits_in(const char *name, const struct extract_limits *lim)
{
	struct secrecy_hits h = { 0 };
	GString *s = g_string_new(NULL);
	size_t len, i;
	char *d = fixture(name, &len), *t;

	/* as mkmail.py sends them: application/octet-stream */
	t = text_of(d, len, "application/octet-stream", name, lim);
	g_free(d);
	if (g_str_has_prefix(t, "ERR: ")) {
		g_string_free(s, TRUE);
		return t;
	}
	secrecy_scan(markers, t, strlen(t), name, &h);
	for (i = 0; i < h.n; i++)
		g_string_append_printf(s, "%s%s", i ? "," : "", h.v[i].marker);
	secrecy_hits_clear(&h);
	g_free(t);
	return g_string_free(s, FALSE);
}

static void
test_fixtures(void)
{
	static const struct {
		const char	*name;
		const char	*want;
	} cases[] = {
		{ "secret.pdf", "秘密★" },
		{ "clean.pdf", "" },
		{ "secret.docx", "机密" },	/* over two runs */
		{ "header.docx", "绝密" },	/* in the header only */
		{ "clean.docx", "" },
		{ "secret.xlsx", "内部资料" },
		{ "secret.odt", "秘密★" },	/* in styles.xml, <text:s/> */
		{ "scan.pdf", "ERR: no text" },
		{ "corrupt.pdf", "ERR: corrupt" },
		{ "dtd.docx", "ERR: corrupt" },
		{ "notadoc.zip", "ERR: unknown type" },
		{ "bomb.docx", "" },		/* 2 MiB is allowed */
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = hits_in(cases[i].name, NULL);

		if (strcmp(got, cases[i].want) != 0)
			g_error("%s: got [%s], want [%s]", cases[i].name, got,
			    cases[i].want);
		g_free(got);
	}
}

static void
test_text_content(void)
{
	size_t len;
	char *d = fixture("clean.pdf", &len), *t;

	t = text_of(d, len, "application/pdf", "a.pdf", NULL);
	g_assert_nonnull(strstr(t, "2025年度因公出国（境）团组情况"));
	g_assert_nonnull(strstr(t, "共12个团组。"));
	g_free(t);
	g_free(d);
	d = fixture("clean.docx", &len);
	t = text_of(d, len, NULL, "x.docx", NULL);
	g_assert_nonnull(strstr(t, "团组共12个"));
	g_assert_nonnull(strstr(t, "答复附件"));	/* docProps title */
	g_free(t);
	g_free(d);
}

static void
test_zip_bomb(void)
{
	struct extract_limits lim = extract_default_limits;
	char *got;

	lim.zip_part_bytes = 1 << 20;
	got = hits_in("bomb.docx", &lim);
	g_assert_cmpstr(got, ==, "ERR: too large when uncompressed");
	g_free(got);
	lim = extract_default_limits;
	lim.zip_total_bytes = 1 << 20;
	got = hits_in("bomb.docx", &lim);
	g_assert_cmpstr(got, ==, "ERR: too large when uncompressed");
	g_free(got);
	lim = extract_default_limits;
	lim.zip_entries = 2;
	got = hits_in("secret.docx", &lim);
	g_assert_cmpstr(got, ==, "ERR: too many parts or pages");
	g_free(got);
	lim = extract_default_limits;
	lim.out_bytes = 1000;
	got = hits_in("bomb.docx", &lim);
	g_assert_cmpstr(got, ==, "ERR: output-too-large");
	g_free(got);
}

static void
test_text_and_html(void)
{
	/* 机密 in GB18030 and in Big5, 绝密 in UTF-16LE with its BOM */
	static const char gb[] = "\xbb\xfa\xc3\xdc";
	static const char big5[] = "\xbe\xf7\xb1\x4b";
	static const char u16[] = "\xff\xfe\xdd\x7e\xc6\x5b";
	static const char html[] = "<html><head><style>p{}</style>"
	    "<script>x='<p>'</script></head><body><p>绝<b>密</b></p>"
	    "<p>&#26426;&#x5bc6;&amp;&lt;秘密&starf;&gt;</p>"
	    "<!-- 内部资料 --></body></html>";
	char *t;

	t = text_of(gb, 4, "text/plain", "a.txt", NULL);
	g_assert_nonnull(strstr(t, "机密"));
	g_free(t);
	t = text_of(big5, 4, "text/plain", "a.txt", NULL);
	g_assert_nonnull(strstr(t, "機密"));
	g_free(t);
	t = text_of(u16, 6, "application/octet-stream", "a.txt", NULL);
	g_assert_cmpstr(t, ==, "绝密");
	g_free(t);
	/* tags out, inline tags join, entities in, script and style out */
	t = text_of(html, strlen(html), "text/html", "a.html", NULL);
	g_assert_nonnull(strstr(t, "绝密"));
	g_assert_nonnull(strstr(t, "机密&<秘密★>"));
	g_assert_null(strstr(t, "x="));
	g_assert_null(strstr(t, "p{}"));
	g_assert_null(strstr(t, "内部资料"));
	g_free(t);
	/* a NUL never cuts the text short */
	t = text_of("abc\0机密", 10, "text/plain", "a.txt", NULL);
	g_assert_nonnull(strstr(t, "机密"));
	g_free(t);
}

static void
test_kinds(void)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n', 0, 0, 0, 13 };
	static const unsigned char ole[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1,
	    0xb1, 0x1a, 0xe1, 0, 0 };
	char *t;

	g_assert_cmpstr(extract_kind("%PDF-1.7", 8, NULL, NULL), ==, "pdf");
	g_assert_cmpstr(extract_kind("PK\003\004", 4, NULL, NULL), ==, "zip");
	g_assert_cmpstr(extract_kind("x", 1, "text/html", NULL), ==, "html");
	g_assert_cmpstr(extract_kind("x", 1, NULL, "A.HTM"), ==, "html");
	g_assert_cmpstr(extract_kind("plain", 5, "application/octet-stream",
	    "x.bin"), ==, "text");
	g_assert_null(extract_kind(png, sizeof(png), "image/png", "a.png"));
	g_assert_null(extract_kind(ole, sizeof(ole), NULL, "old.doc"));
	t = text_of(png, sizeof(png), "image/png", "a.png", NULL);
	g_assert_cmpstr(t, ==, "ERR: unknown type");
	g_free(t);
	/* a .docx that is not a zip */
	t = text_of("hello", 5, NULL, "a.docx", NULL);
	g_assert_cmpstr(t, ==, "ERR: corrupt");
	g_free(t);
}

/* ------------------------------------------------ the sandbox verdicts */

static int
fn_echo(const void *in, size_t inlen, int outfd, void *arg)
{
	return sandbox_write_all(outfd, in, inlen) == 0 ? 0 : 9;
}

static int
fn_exit3(const void *in, size_t inlen, int outfd, void *arg)
{
	return 3;
}

static int
fn_flood(const void *in, size_t inlen, int outfd, void *arg)
{
	char buf[4096];

	memset(buf, 'x', sizeof(buf));
	for (;;)
		if (sandbox_write_all(outfd, buf, sizeof(buf)) == -1)
			return 1;
}

static int
fn_spin(const void *in, size_t inlen, int outfd, void *arg)
{
	volatile unsigned long n = 0;

	for (;;)
		n++;
	return 0;
}

static int
fn_hog(const void *in, size_t inlen, int outfd, void *arg)
{
	static void *volatile keep[64];
	size_t i;

	/*
	 * xmalloc aborts with ENOMEM when the cap is reached, which the
	 * sandbox reports as memory-limit.  (g_malloc's g_error would first
	 * ask isatty(2), an ioctl the filter kills: "crashed: signal 31",
	 * still a failed extraction, but not this test's answer.)
	 */
	for (i = 0; i < G_N_ELEMENTS(keep); i++) {
		keep[i] = xmalloc((size_t)64 << 20);
		memset(keep[i], 1, (size_t)64 << 20);
	}
	return 0;
}

/* fn in the sandbox with cpu seconds, mem bytes and wall milliseconds. */
static char *
run(int (*fn)(const void *, size_t, int, void *), unsigned int cpu,
    size_t mem, unsigned int wall)
{
	struct sandbox_limits lim = { cpu, mem, 1 << 20, wall };
	unsigned char *out = NULL;
	size_t len = 0;
	char *err = NULL, *r;

	if (sandbox_run(&lim, fn, NULL, "hello", 5, &out, &len, &err) == 0) {
		g_assert_null(err);
		g_assert_cmpint(out[len], ==, '\0');
		r = g_strdup_printf("OK %.*s", (int)len, out);
		free(out);
		return r;
	}
	g_assert_null(out);
	r = g_strdup(err);
	free(err);
	return r;
}

static void
test_sandbox(void)
{
	char *got;

	got = run(fn_echo, 1, 0, 5000);
	g_assert_cmpstr(got, ==, "OK hello");
	g_free(got);
	got = run(fn_exit3, 1, 0, 5000);
	g_assert_cmpstr(got, ==, "exit 3");
	g_free(got);
	got = run(fn_flood, 1, 0, 5000);
	g_assert_cmpstr(got, ==, "output-too-large");
	g_free(got);
	/* one second of CPU, however long a loaded machine takes to give
	 * it */
	got = run(fn_spin, 1, 0, 120000);
	g_assert_cmpstr(got, ==, "cpu-limit");
	g_free(got);
	/* the wall clock, before the CPU limit */
	got = run(fn_spin, 1, 0, 300);
	g_assert_cmpstr(got, ==, "timeout");
	g_free(got);
}

static void
test_sandbox_memory(void)
{
	char *got;

	/*
	 * The memory cap, with the CPU and the wall clock out of its way:
	 * touching a few hundred MB takes two CPU seconds on a slow virtual
	 * machine, which a one-second cap would report as cpu-limit.
	 */
	got = run(fn_hog, 30, (size_t)256 << 20, 120000);
	g_assert_cmpstr(got, ==, "memory-limit");
	g_free(got);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	extract_init();
	g_test_add_func("/extract/fixtures", test_fixtures);
	g_test_add_func("/extract/text-content", test_text_content);
	g_test_add_func("/extract/zip-bomb", test_zip_bomb);
	g_test_add_func("/extract/text-and-html", test_text_and_html);
	g_test_add_func("/extract/kinds", test_kinds);
	g_test_add_func("/extract/sandbox", test_sandbox);
	/* Not under ASan: as in test_sandbox.c's main. */
#if defined(__SANITIZE_ADDRESS__)
	printf("# not registered under AddressSanitizer: "
	    "/extract/sandbox-memory (RLIMIT_AS)\n");
	(void)test_sandbox_memory;
#else
	g_test_add_func("/extract/sandbox-memory", test_sandbox_memory);
#endif
	return g_test_run();
}
