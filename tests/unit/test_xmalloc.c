/* test_xmalloc.c - the allocators' string helpers: a GString leaves its
 * module as a malloc'd copy, and a cut string ends in "…". */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "xmalloc.h"

static void
check(const char *what, char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		g_error("%s: got \"%s\", want \"%s\"", what, got, want);
	free(got);
}

static void
test_gstring(void)
{
	GString *s;

	check("empty", xgstring_free(g_string_new(NULL)), "");
	s = g_string_new("案件");
	g_string_append_printf(s, " %d", 7);
	check("built", xgstring_free(s), "案件 7");
	/* The copy stops at the first NUL, as every caller reads it. */
	s = g_string_new("a");
	g_string_append_len(s, "\0b", 2);
	check("nul", xgstring_free(s), "a");
}

static void
test_cut(void)
{
	check("short", xstrcut("政府信息", 4), "政府信息");
	check("cut", xstrcut("政府信息公开", 4), "政府信息…");
	check("zero", xstrcut("ab", 0), "…");
	g_assert_null(xstrcut(NULL, 3));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/xmalloc/gstring", test_gstring);
	g_test_add_func("/xmalloc/cut", test_cut);
	return g_test_run();
}
