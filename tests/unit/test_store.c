/*
 * test_store.c - the database is created, migrated once, and reopened;
 * the read-only listings (mails, tokens) give back what was written; an
 * outbox row is claimed by one connection only, and only the claim's
 * holder records its outcome.
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

/* One queued mail, due at `due`; its id. */
static long long
claim_add(struct store *st, const char *msgid, time_t due)
{
	struct store_outbox o;

	memset(&o, 0, sizeof(o));
	o.kind = "digest";
	o.to_addr = "mishu@fao.example.test";
	o.subject = "s";
	o.message_id = msgid;
	o.envelope_from = "gongkai+bounce@fao.example.test";
	o.raw = "x";
	o.raw_len = 1;
	o.next_attempt_at = due;
	o.created_at = due;
	return store_outbox_add(st, &o);
}

static int
claim_state(void *arg, const struct store_outbox *o)
{
	GString *s = arg;

	g_string_printf(s, "%s %d", o->state, o->attempts);
	return 0;
}

/* Two connections to one database, as two processes have. */
static void
test_outbox_claim(void)
{
	gchar *dir = g_dir_make_tmp("gk-store-XXXXXX", NULL);
	gchar *path = g_build_filename(dir, "t.db", NULL);
	GString *state = g_string_new(NULL);
	struct store *a, *b;
	long long id1, id2, *ids = NULL;
	char *err = NULL;
	const time_t t = 1790000000;

	a = store_open(path, 1, &err);
	g_assert_nonnull(a);
	g_assert_cmpint(store_migrate(a, &err), ==, 0);
	b = store_open(path, 0, &err);
	g_assert_nonnull(b);
	id1 = claim_add(a, "<one@fao.example.test>", t);
	id2 = claim_add(a, "<two@fao.example.test>", t + 100);
	g_assert_cmpint(id1, >, 0);

	/* Not due yet: nobody takes it. */
	g_assert_cmpint(store_outbox_claim(a, id2, t, t + 50), ==, 0);
	/* Due: the first wins, the second loses and no longer sees it. */
	g_assert_cmpint(store_outbox_claim(a, id1, t, t + 50), ==, 1);
	g_assert_cmpint(store_outbox_claim(b, id1, t, t + 60), ==, 0);
	g_assert_cmpint(store_outbox_claim(a, id1, t, t + 70), ==, 0);
	g_assert_cmpint(store_outbox_due(b, t + 10, 10, 0, 1, &ids), ==, 0);
	g_assert_cmpint(store_outbox_next_due(b), ==, t + 50);
	/* Only the holder records the outcome. */
	g_assert_cmpint(store_outbox_sent(b, id1, t + 60, t, NULL), ==, 0);
	g_assert_cmpint(store_outbox_deferred(b, id1, t + 60, "x", t + 99),
	    ==, 0);
	g_assert_cmpint(store_outbox_failed(b, id1, t + 60, "x"), ==, 0);
	g_assert_cmpint(store_outbox_deferred(a, id1, t + 50, "451", t + 60),
	    ==, 1);
	g_assert_cmpint(store_outbox_get(b, id1, claim_state, state), ==, 1);
	g_assert_cmpstr(state->str, ==, "queued 1");

	/* A claim whose holder died runs out: then another takes it, and
	 * the late holder can no longer record anything. */
	g_assert_cmpint(store_outbox_claim(a, id1, t + 60, t + 120), ==, 1);
	g_assert_cmpint(store_outbox_claim(b, id1, t + 119, t + 200), ==, 0);
	g_assert_cmpint(store_outbox_due(b, t + 119, 10, 0, 1, &ids), ==, 1);
	g_assert_cmpint(ids[0], ==, id2);
	free(ids);
	g_assert_cmpint(store_outbox_due(b, t + 120, 10, 0, 1, &ids), ==, 2);
	g_assert_cmpint(ids[0], ==, id1);
	free(ids);
	/* Two delivery slots share the queue without meeting. */
	g_assert_cmpint(id2, ==, id1 + 1);
	g_assert_cmpint(store_outbox_due(b, t + 120, 10, (int)(id1 % 2), 2,
	    &ids), ==, 1);
	g_assert_cmpint(ids[0], ==, id1);
	free(ids);
	g_assert_cmpint(store_outbox_due(b, t + 120, 10, (int)(id2 % 2), 2,
	    &ids), ==, 1);
	g_assert_cmpint(ids[0], ==, id2);
	free(ids);
	ids = NULL;
	g_assert_cmpint(store_outbox_claim(b, id1, t + 120, t + 200), ==, 1);
	g_assert_cmpint(store_outbox_sent(a, id1, t + 120, t, NULL), ==, 0);
	g_assert_cmpint(store_outbox_sent(b, id1, t + 200, t, NULL), ==, 1);
	g_assert_cmpint(store_outbox_get(a, id1, claim_state, state), ==, 1);
	g_assert_cmpstr(state->str, ==, "sent 2");
	g_assert_cmpint(store_outbox_claim(a, id1, t + 300, t + 400), ==, 0);

	/* Failed, then queued again: due, claimable, lifetime afresh. */
	g_assert_cmpint(store_outbox_requeue(a, id2, t, t, NULL, 0), ==, 0);
	g_assert_cmpint(store_outbox_claim(a, id2, t + 100, t + 150), ==, 1);
	g_assert_cmpint(store_outbox_failed(a, id2, t + 150, "550"), ==, 1);
	g_assert_cmpint(store_outbox_claim(b, id2, t + 500, t + 600), ==, 0);
	g_assert_cmpint(store_outbox_requeue(b, id2, t + 500, t + 9, "yz",
	    2), ==, 1);
	g_assert_cmpint(store_outbox_claim(b, id2, t + 500, t + 600), ==, 1);
	g_assert_cmpint(store_outbox_get(a, id2, claim_state, state), ==, 1);
	g_assert_cmpstr(state->str, ==, "queued 1");

	store_close(a);
	store_close(b);
	g_string_free(state, TRUE);
	gchar *cmd = g_strdup_printf("rm -rf '%s'", dir);
	g_assert_cmpint(system(cmd), ==, 0);
	g_free(cmd);
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

/*
 * The -wal and -shm stay beside the database when the last writer closes
 * (the WAL emptied), so that a reader who may not write the folder can
 * open it; store_open_ro() reads, writes nothing, and says what is wrong.
 */
static void
test_wal_kept(void)
{
	gchar *dir = g_dir_make_tmp("gk-store-XXXXXX", NULL);
	gchar *path = g_build_filename(dir, "gk.db", NULL);
	gchar *wal = g_strconcat(path, "-wal", NULL);
	gchar *shm = g_strconcat(path, "-shm", NULL);
	gchar *cmd;
	char *err = NULL;
	struct store *st;
	GStatBuf sb;

	st = store_open(path, 1, &err);
	g_assert_nonnull(st);
	g_assert_cmpint(store_migrate(st, &err), ==, 0);
	g_assert_true(store_writable(st));
	store_close(st);
	g_assert_cmpint(g_stat(wal, &sb), ==, 0);
	g_assert_cmpint(sb.st_size, ==, 0);	/* emptied: nothing lingers */
	g_assert_cmpint(g_stat(shm, &sb), ==, 0);

	st = store_open_ro(path, &err);
	g_assert_nonnull(st);
	g_assert_false(store_writable(st));
	g_assert_cmpint(store_schema_version(st), ==, STORE_SCHEMA_VERSION);
	store_close(st);

	g_assert_null(store_open_ro("/nonexistent/gk.db", &err));
	g_assert_nonnull(strstr(err, "gongkai init creates it"));
	free(err);

	cmd = g_strdup_printf("rm -rf '%s'", dir);
	g_assert_cmpint(system(cmd), ==, 0);
	g_free(cmd);
	g_free(wal);
	g_free(shm);
	g_free(path);
	g_free(dir);
}

/* The month's per-item fees (migration 6): the other cases of the month,
 * oldest notice first, with their applicant's identity; a case set again
 * replaces its row. */
static int
fee_row(void *arg, const struct store_fee_items *fi)
{
	g_string_append_printf(arg, "%s %s %s %d\n", fi->case_id,
	    fi->id_number ? fi->id_number : "-", fi->email, fi->items);
	return 0;
}

static void
test_fee_items(void)
{
	struct store *st;
	struct store_case c;
	GString *out = g_string_new(NULL);
	char *err = NULL, *a, *b, *d;

	st = store_open(":memory:", 1, &err);
	g_assert_nonnull(st);
	g_assert_cmpint(store_migrate(st, &err), ==, 0);
	a = store_case_open(st, "GK", 2026, "request", "drafting",
	    1790000000, "a@example.test", NULL, "s", 0);
	b = store_case_open(st, "GK", 2026, "request", "drafting",
	    1790000000, "b@example.test", NULL, "s", 0);
	d = store_case_open(st, "GK", 2026, "request", "drafting",
	    1790000000, "a@example.test", NULL, "s", 0);
	g_assert_cmpint(store_case_get(st, b, &c), ==, 1);
	store_case_setstr(&c.id_number, "310101199001011234");
	g_assert_cmpint(store_case_put(st, &c), ==, 0);
	store_case_clear(&c);
	g_assert_cmpint(store_fee_items_set(st, a, "2026-09", 12, 100), ==, 0);
	g_assert_cmpint(store_fee_items_set(st, b, "2026-09", 5, 200), ==, 0);
	g_assert_cmpint(store_fee_items_set(st, d, "2026-10", 3, 300), ==, 0);
	g_assert_cmpint(store_fee_items_month(st, "2026-09", d, fee_row, out),
	    ==, 0);
	g_assert_cmpstr(out->str, ==,
	    "GK-2026-0001 - a@example.test 12\n"
	    "GK-2026-0002 310101199001011234 b@example.test 5\n");
	g_string_truncate(out, 0);
	g_assert_cmpint(store_fee_items_set(st, a, "2026-09", 15, 400), ==, 0);
	g_assert_cmpint(store_fee_items_month(st, "2026-09", b, fee_row, out),
	    ==, 0);
	g_assert_cmpstr(out->str, ==, "GK-2026-0001 - a@example.test 15\n");
	g_string_truncate(out, 0);
	g_assert_cmpint(store_fee_items_month(st, "2026-11", NULL, fee_row,
	    out), ==, 0);
	g_assert_cmpstr(out->str, ==, "");
	g_string_free(out, TRUE);
	free(a);
	free(b);
	free(d);
	store_close(st);
}

/* Documents (migration 7): a series counts from 1 each year, per series;
 * a number is taken only by its row, and never twice; a rolled-back
 * transaction leaves it free. */
static int
doc_row(void *arg, const struct store_document *d)
{
	g_string_append_printf(arg, "%s %s %d %lld %s %s\n", d->case_id,
	    d->series, d->year, d->n, d->number, d->message_id);
	return 0;
}

static void
test_documents(void)
{
	struct store *st;
	struct store_document d;
	GString *out = g_string_new(NULL);
	char *err = NULL, *a;

	st = store_open(":memory:", 1, &err);
	g_assert_nonnull(st);
	g_assert_cmpint(store_migrate(st, &err), ==, 0);
	a = store_case_open(st, "GK", 2026, "request", "drafting",
	    1790000000, "a@example.test", NULL, "s", 0);
	memset(&d, 0, sizeof(d));
	d.case_id = a;
	d.kind = "answer";
	d.template = "answer_disclose";
	d.series = "office";
	d.year = 2026;
	d.issued = "2026-12-03";
	d.pdf_path = "doc/x.pdf";
	d.sha256 = "00";
	d.message_id = "<a.answer@x>";
	g_assert_cmpint(store_document_next(st, "office", 2026), ==, 1);
	d.n = 1;
	d.number = "N1";
	g_assert_cmpint(store_document_add(st, &d), >, 0);
	g_assert_cmpint(store_document_next(st, "office", 2026), ==, 2);
	g_assert_cmpint(store_document_next(st, "office", 2027), ==, 1);
	g_assert_cmpint(store_document_next(st, "fee", 2026), ==, 1);
	/* the same number again is refused */
	g_assert_cmpint(store_document_add(st, &d), ==, -1);
	/* taken in a transaction that is rolled back: free again */
	g_assert_cmpint(store_begin(st), ==, 0);
	d.n = 2;
	d.number = "N2";
	g_assert_cmpint(store_document_add(st, &d), >, 0);
	g_assert_cmpint(store_document_next(st, "office", 2026), ==, 3);
	store_rollback(st);
	g_assert_cmpint(store_document_next(st, "office", 2026), ==, 2);
	g_assert_cmpint(store_documents_of(st, a, 0, doc_row, out), ==, 0);
	g_assert_cmpstr(out->str, ==,
	    "GK-2026-0001 office 2026 1 N1 <a.answer@x>\n");
	g_string_truncate(out, 0);
	g_assert_cmpint(store_documents_of(st, NULL, 2027, doc_row, out), ==,
	    0);
	g_assert_cmpstr(out->str, ==, "");
	g_assert_cmpint(store_documents_of(st, NULL, 2026, doc_row, out), ==,
	    0);
	g_assert_cmpstr(out->str, ==,
	    "GK-2026-0001 office 2026 1 N1 <a.answer@x>\n");
	g_string_truncate(out, 0);
	g_assert_cmpint(store_documents_of(st, "GK-2026-0009", 0, doc_row, out),
	    ==, 0);
	g_assert_cmpstr(out->str, ==, "");
	g_string_free(out, TRUE);
	free(a);
	store_close(st);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/store/migrate-idempotent", test_migrate_idempotent);
	g_test_add_func("/store/listings", test_listings);
	g_test_add_func("/store/wal-kept", test_wal_kept);
	g_test_add_func("/store/outbox-claim", test_outbox_claim);
	g_test_add_func("/store/fee-items", test_fee_items);
	g_test_add_func("/store/documents", test_documents);
	return g_test_run();
}
