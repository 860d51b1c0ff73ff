/* test_spool.c - raw bytes kept exactly, named by hash, stored once. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "spool.h"

static void
test_store_exact(void)
{
	gchar *dir = g_dir_make_tmp("gk-spool-XXXXXX", NULL);
	static const char raw[] = "Subject: x\r\n\r\nA\0B\r\n";	/* NUL kept */
	char hex[65], *err = NULL, *rel, *rel2;
	gchar *full, *data;
	gsize len;

	g_assert_cmpint(spool_init(dir, &err), ==, 0);
	spool_sha256(raw, sizeof(raw) - 1, hex);
	g_assert_cmpuint(strlen(hex), ==, 64);
	/* 2026-10-12T01:30:00Z */
	rel = spool_store(dir, raw, sizeof(raw) - 1, hex, 1791855000, 1, &err);
	g_assert_nonnull(rel);
	g_assert_true(g_str_has_prefix(rel, "in/2026/10/"));
	g_assert_true(g_str_has_suffix(rel, ".eml"));
	g_assert_nonnull(strstr(rel, hex));
	full = g_build_filename(dir, rel, NULL);
	g_assert_true(g_file_get_contents(full, &data, &len, NULL));
	g_assert_cmpmem(data, len, raw, sizeof(raw) - 1);
	/* Storing the same bytes again gives the same file. */
	rel2 = spool_store(dir, raw, sizeof(raw) - 1, hex, 1791855000, 1, &err);
	g_assert_cmpstr(rel, ==, rel2);
	g_free(data);
	g_free(full);
	free(rel);
	free(rel2);
	/* Nothing is left behind in tmp/. */
	{
		gchar *tmp = g_build_filename(dir, "tmp", NULL);
		GDir *d = g_dir_open(tmp, 0, NULL);
		g_assert_null(g_dir_read_name(d));
		g_dir_close(d);
		g_free(tmp);
	}
	g_free(dir);	/* left for inspection under /tmp: small */
}

static void
test_unwritable(void)
{
	char *err = NULL, hex[65];

	spool_sha256("x", 1, hex);
	g_assert_null(spool_store("/nonexistent/spool", "x", 1, hex, 0, 1, &err));
	g_assert_nonnull(err);
	g_assert_nonnull(strstr(err, "/nonexistent/spool"));
	free(err);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/spool/store-exact", test_store_exact);
	g_test_add_func("/spool/unwritable", test_unwritable);
	return g_test_run();
}
