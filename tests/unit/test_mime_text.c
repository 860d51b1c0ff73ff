/*
 * test_mime_text.c - mime_text.c on its own, without a mail around it:
 * html_to_text() (entities, quotes dropped, the Outlook cut, the length
 * given rather than the NUL), flowed_unwrap() (soft breaks, DelSp, quote
 * depth, space-stuffing, the signature line, quoted header blocks),
 * text_normalise() (line ends and control characters) and
 * html_meta_charset() (where it looks and what it takes).  got/want per
 * case; test_mime.c checks the same conversions through mime_parse().
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "mime_text.h"

static void
check(const char *what, size_t i, const char *got, const char *want)
{
	if (got == NULL && want == NULL)
		return;
	if (got == NULL || want == NULL || strcmp(got, want) != 0)
		g_error("%s %zu: got [%s] want [%s]", what, i,
		    got ? got : "(null)", want ? want : "(null)");
}

static void
test_html(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "", "" },
		{ "plain words", "plain words" },
		{ "<p>one</p><p>two</p>", "one\ntwo" },
		{ "a<br>b<br/><br>c", "a\nb\n\nc" },
		/* Entities: named, decimal, hex; unknown ones stay. */
		{ "&lt;&gt;&amp;&quot;&apos;", "<>&\"'" },
		{ "&#20013;&#x6587;", "中文" },
		{ "&#x110000;|&#xD800;", "\xef\xbf\xbd|\xef\xbf\xbd" },
		{ "&nosuch; &ampx &amp", "&nosuch; &ampx &" },
		{ "a&#0;b", "ab" },
		/* Quotes are not the author's text. */
		{ "<div>yes</div><blockquote>q<blockquote>qq</blockquote>"
		    "q</blockquote>after", "yes\nafter" },
		{ "mine<div class=\"x gmail_quote\">theirs</div>", "mine" },
		{ "<p>ok</p><hr><div id=\"divRplyFwdMsg\">From: o</div>rest",
		    "ok" },
		{ "<p>ok</p><div id=divRplyFwdMsg>From: o</div>rest", "ok" },
		/* Not text at all. */
		{ "<head><title>t</title></head><body>b</body>", "b" },
		{ "<style>p { }</style><script>x<y</script>z", "z" },
		{ "<!-- <p>c</p> -->v<?xml x?><!DOCTYPE html>w", "vw" },
		/* White space: collapsed, but kept inside <pre>. */
		{ "  a \n\t b  ", "a b" },
		{ "<pre>x  y\nz</pre>", "x  y\nz" },
		{ "<table><tr><td>a</td><td>b</td></tr></table>", "a b" },
		/* Not markup. */
		{ "1 < 2 <3 <", "1 < 2 <3 <" },
		{ "<p title='>'>t</p>", "t" },
		/* Blank lines: none at the ends, runs become one. */
		{ "<br><br>a<br><br><br><br>b<br><br>", "a\n\nb" },
	};
	size_t i;
	char *t;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		t = html_to_text(cases[i].in, strlen(cases[i].in));
		check("html", i, t, cases[i].want);
		free(t);
	}
}

/* Only len bytes are read: there need be no NUL after them. */
static void
test_html_len(void)
{
	static const char s[] = "<p>kept</p><p>not read</p>";
	char *t;

	t = html_to_text(s, strlen("<p>kept</p>"));
	check("html-len", 0, t, "kept");
	free(t);
	t = html_to_text(s, strlen("<p>kept</p><p>not"));
	check("html-len", 1, t, "kept\nnot");
	free(t);
}

static void
test_flowed(void)
{
	static const struct {
		const char *in;
		int delsp;
		const char *want;
	} cases[] = {
		{ "", 0, "" },
		{ "one \ntwo\n", 0, "one two\n" },
		{ "one \ntwo\n", 1, "onetwo\n" },
		{ "中文 \n继续\n", 1, "中文继续\n" },
		/* A fixed line ends the paragraph. */
		{ "a \nb\nc \nd\n", 0, "a b\nc d\n" },
		/* Space-stuffing undone. */
		{ " >not quoted\n  two\n", 0, ">not quoted\n two\n" },
		/* Quote depth kept; a change of depth breaks the join. */
		{ ">> a \n>> b\n", 0, ">> a b\n" },
		{ "> a \nb\n", 0, "> a \nb\n" },
		{ "> a \n>> b\n", 0, "> a \n>> b\n" },
		/* The signature separator is not a soft break. */
		{ "-- \nsig\n", 0, "-- \nsig\n" },
		/* A quoted header block is not swallowed. */
		{ "text \nFrom: x\nSent: y\n", 0, "text \nFrom: x\nSent: y\n" },
		{ "ok \n发件人：x\n", 1, "ok\n发件人：x\n" },
		{ "ok \n主题 : x\n", 0, "ok \n主题 : x\n" },
		/* A soft break on the last line is closed; no final newline
		 * is added twice. */
		{ "end ", 0, "end \n" },
		{ "end", 0, "end\n" },
	};
	size_t i;
	char *t;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		t = flowed_unwrap(cases[i].in, cases[i].delsp);
		check("flowed", i, t, cases[i].want);
		free(t);
	}
}

static void
test_normalise(void)
{
	static const struct {
		const char *in;
		size_t len;		/* 0: strlen(in) */
		const char *want;
	} cases[] = {
		{ "a\r\nb\nc\rd", 0, "a\nb\nc d" },
		{ "\r\r\n", 0, " \n" },
		{ "tab\there", 0, "tab\there" },
		{ "a\0b", 3, "ab" },
		{ "bell\a esc\x1b del\x7f", 0, "bell  esc  del " },
		{ "c1\xc2\x85x nbsp\xc2\xa0y", 0, "c1 x nbsp\xc2\xa0y" },
		{ "中文\r\n", 0, "中文\n" },
		{ "cut here", 3, "cut" },
	};
	size_t i;
	char *t;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		t = text_normalise(cases[i].in, cases[i].len > 0 ?
		    cases[i].len : strlen(cases[i].in));
		check("normalise", i, t, cases[i].want);
		free(t);
	}
}

static void
test_meta_charset(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "<meta charset=\"gb2312\">", "gb2312" },
		{ "<meta http-equiv=Content-Type content='text/html; "
		    "CHARSET=big5'>", "big5" },
		{ "<meta charset=utf-8><meta charset=gbk>", "utf-8" },
		{ "<meta charset=\"x_y-1\";>", "x_y-1" },
		{ "<meta charset=\"\">", NULL },
		{ "<meta charset=>", NULL },
		{ "<p>no meta</p>", NULL },
		{ "charset", NULL },
	};
	GString *late;
	size_t i;
	char *t;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		t = html_meta_charset(cases[i].in, strlen(cases[i].in));
		check("meta", i, t, cases[i].want);
		free(t);
	}
	/* Only the first 2048 bytes are looked at. */
	late = g_string_new(NULL);
	for (i = 0; i < 2041; i++)
		g_string_append_c(late, ' ');
	g_string_append(late, "charset=gbk");
	t = html_meta_charset(late->str, late->len);
	check("meta-late", 0, t, NULL);
	free(t);
	g_string_erase(late, 0, 100);
	t = html_meta_charset(late->str, late->len);
	check("meta-late", 1, t, "gbk");
	free(t);
	/* Nor beyond len. */
	t = html_meta_charset("charset=gbk", 9);
	check("meta-len", 0, t, "g");
	free(t);
	g_string_free(late, TRUE);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/mime_text/html", test_html);
	g_test_add_func("/mime_text/html-len", test_html_len);
	g_test_add_func("/mime_text/flowed", test_flowed);
	g_test_add_func("/mime_text/normalise", test_normalise);
	g_test_add_func("/mime_text/meta-charset", test_meta_charset);
	return g_test_run();
}
