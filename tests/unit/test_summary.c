/* test_summary.c - the acknowledgment's summary: one paragraph, short,
 * and nothing in it a mail client would turn into a link. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "summary.h"

static void
check(const char *in, size_t max, const char *want)
{
	char *got = summary_inert(in, max);

	if (strcmp(got, want) != 0)
		g_error("summary_inert(\"%s\", %zu): got \"%s\", want \"%s\"",
		    in, max, got, want);
	free(got);
}

static void
test_fold(void)
{
	check("  所需信息：\n\n  2025年度\t经费 \r\n", 200, "所需信息： 2025年度 经费");
	check("a\u3000b\u200bc", 200, "a b c");
	check("", 200, "");
	check(NULL, 200, "");
	check("a\xff\xfe" "b", 200, "ab");
}

static void
test_defang(void)
{
	check("see http://x.y/a?b=1 now", 200, "see hxxp://x[.]y/a?b=1 now");
	check("HTTPS://Evil.Example/x", 200, "hxxps://Evil[.]Example/x");
	check("ftp://files.example.test", 200, "fxp://files[.]example[.]test");
	check("javascript://x", 200, "javascript[://]x");
	check("www.evil.example", 200, "www[.]evil[.]example");
	check("boss@evil.example", 200, "boss[@]evil[.]example");
	check("1.5万元，共3.2页。End. Next", 200, "1.5万元，共3.2页。End. Next");
	check("李四＠例子", 200, "李四＠例子");
}

static void
test_cut(void)
{
	GString *s = g_string_new(NULL);
	char *got;
	int i;

	check("一二三四五六", 4, "一二三…");
	check("一二三四", 4, "一二三四");
	for (i = 0; i < 5000; i++)
		g_string_append(s, "http://a.b ");
	got = summary_inert(s->str, 200);
	g_assert_cmpint(g_utf8_strlen(got, -1), ==, 200);
	g_assert_null(strstr(got, "http://"));
	g_assert_true(g_str_has_suffix(got, "…"));
	free(got);
	g_string_free(s, TRUE);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/summary/fold", test_fold);
	g_test_add_func("/summary/defang", test_defang);
	g_test_add_func("/summary/cut", test_cut);
	return g_test_run();
}
