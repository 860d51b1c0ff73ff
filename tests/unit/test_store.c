/* test_store.c - the database is created, migrated once, and reopened. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "store.h"

static void
test_migrate_idempotent(void)
{
	gchar *dir = g_dir_make_tmp("gk-store-XXXXXX", NULL);
	gchar *path = g_build_filename(dir, "t.db", NULL);
	struct store *st;
	char *err = NULL;

	st = store_open(path, 0, &err);
	g_assert_null(st);		/* not created without `create` */
	g_assert_nonnull(err);
	free(err);
	err = NULL;

	st = store_open(path, 1, &err);
	g_assert_nonnull(st);
	g_assert_cmpint(store_schema_version(st), ==, 0);
	g_assert_cmpint(store_migrate(st, &err), ==, 0);
	g_assert_cmpint(store_schema_version(st), ==, STORE_SCHEMA_VERSION);
	store_close(st);

	st = store_open(path, 0, &err);
	g_assert_nonnull(st);
	g_assert_cmpint(store_migrate(st, &err), ==, 0);
	g_assert_cmpint(store_schema_version(st), ==, STORE_SCHEMA_VERSION);
	store_close(st);

	g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	gchar *wal = g_strconcat(path, "-wal", NULL);
	g_remove(wal);
	g_free(wal);
	gchar *shm = g_strconcat(path, "-shm", NULL);
	g_remove(shm);
	g_free(shm);
	g_remove(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/store/migrate-idempotent", test_migrate_idempotent);
	return g_test_run();
}
