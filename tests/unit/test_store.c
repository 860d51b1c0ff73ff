/*
 * test_store.c - the database is created, migrated once, and reopened;
 * the read-only listings (mails, tokens) give back what was written.
 */
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

struct seen {
	GString	*text;
	struct store *st;
};

static int
seen_attachment(void *arg, const struct store_attachment *a)
{
	struct seen *sn = arg;

	g_string_append_printf(sn->text, " [%s %lld]", a->filename, a->size);
	return 0;
}

static int
seen_mail(void *arg, const struct store_mail *m)
{
	struct seen *sn = arg;

	g_string_append_printf(sn->text, "%s %s %s", m->message_id,
	    m->outcome, m->case_id ? m->case_id : "-");
	if (store_attachments_of(sn->st, m->id, seen_attachment, sn) == -1)
		return -1;
	g_string_append(sn->text, ";");
	return 0;
}

static int
seen_token(void *arg, const struct store_token *t)
{
	struct seen *sn = arg;

	g_string_append_printf(sn->text, "%s %s %s %lld %d;", t->token,
	    t->step, t->recipient, t->version, t->spent_at != 0);
	return 0;
}

static long long
add_mail(struct store *st, const char *msgid, const char *outcome)
{
	struct store_mail m = {
		.message_id = msgid, .sha256 = msgid, .size = 10,
		.arrived_at = 1790000000, .spool_path = "in/x.eml",
		.source = "file", .outcome = outcome,
	};

	return store_mail_add(st, &m);
}

static void
test_listings(void)
{
	struct seen sn = { g_string_new(NULL), NULL };
	char tok[] = "ABCdef", step[] = "handler", to[] = "h@example.test";
	struct store_token t = {
		.token = tok, .step = step, .recipient = to, .version = 3,
		.expires_at = 1900000000,
	};
	struct store_attachment a = {
		.sha256 = "00", .filename = "a.pdf", .content_type =
		    "application/pdf", .size = 5, .spool_path = "att/00",
	};
	char *err = NULL, *id;
	long long m1, m2, m3;

	sn.st = store_open(":memory:", 1, &err);
	g_assert_nonnull(sn.st);
	g_assert_cmpint(store_migrate(sn.st, &err), ==, 0);
	m1 = add_mail(sn.st, "<1@x>", "new-request");
	m2 = add_mail(sn.st, "<2@x>", "pen");
	m3 = add_mail(sn.st, "<3@x>", "reply");
	g_assert_cmpint(m1 > 0 && m2 > m1 && m3 > m2, ==, 1);
	id = store_case_open(sn.st, "GK", 2026, "request", "received",
	    1790000000, "a@example.test", NULL, "s", m1);
	g_assert_cmpstr(id, ==, "GK-2026-0001");
	g_assert_cmpint(store_mail_set_case(sn.st, m1, id), ==, 0);
	g_assert_cmpint(store_mail_set_case(sn.st, m3, id), ==, 0);
	a.mail_id = m3;
	g_assert_cmpint(store_attachment_add(sn.st, &a), ==, 0);

	g_assert_cmpint(store_mails_of(sn.st, NULL, seen_mail, &sn), ==, 0);
	g_assert_cmpstr(sn.text->str, ==, "<1@x> new-request GK-2026-0001;"
	    "<2@x> pen -;<3@x> reply GK-2026-0001 [a.pdf 5];");
	g_string_truncate(sn.text, 0);
	g_assert_cmpint(store_mails_of(sn.st, id, seen_mail, &sn), ==, 0);
	g_assert_cmpstr(sn.text->str, ==, "<1@x> new-request GK-2026-0001;"
	    "<3@x> reply GK-2026-0001 [a.pdf 5];");

	/* Tokens come back as the SHA-256 of their lower case, spent or
	 * not; never as themselves. */
	t.case_id = id;
	g_assert_cmpint(store_token_add(sn.st, &t), ==, 0);
	g_assert_cmpint(store_token_spend(sn.st, "abcDEF", 1790000100), ==, 1);
	g_string_truncate(sn.text, 0);
	g_assert_cmpint(store_tokens_of(sn.st, id, seen_token, &sn), ==, 0);
	{
		gchar *h = g_compute_checksum_for_string(G_CHECKSUM_SHA256,
		    "abcdef", -1);
		gchar *want = g_strdup_printf("%s handler h@example.test 3 1;",
		    h);
		g_assert_cmpstr(sn.text->str, ==, want);
		g_free(want);
		g_free(h);
	}
	g_string_truncate(sn.text, 0);
	g_assert_cmpint(store_tokens_of(sn.st, "GK-2026-0002", seen_token,
	    &sn), ==, 0);
	g_assert_cmpstr(sn.text->str, ==, "");

	free(id);
	store_close(sn.st);
	g_string_free(sn.text, TRUE);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/store/migrate-idempotent", test_migrate_idempotent);
	g_test_add_func("/store/listings", test_listings);
	return g_test_run();
}
