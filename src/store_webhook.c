/*
 * store_webhook.c - the website's webhook calls, in the database
 * (store.h; store_p.h): one row per published item, queued in the
 * transaction that publishes it, with the JSON body and the idempotency
 * key fixed then; webhook.c posts it until the CMS accepts it.
 */
#include <stdlib.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store_p.h"

int
store_webhook_add(struct store *st, const char *case_id, const char *url,
    const char *body, const char *key, time_t created, time_t due)
{
	static const char q[] =
	    "INSERT INTO webhooks (case_id, url, body, idem_key,"
	    " next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	store_bind_text(stmt, 2, url);
	store_bind_text(stmt, 3, body);
	store_bind_text(stmt, 4, key);
	sqlite3_bind_int64(stmt, 5, (long long)due);
	sqlite3_bind_int64(stmt, 6, (long long)created);
	return store_done(st, stmt);
}

#define WEBHOOK_COLS \
	"id, case_id, url, body, idem_key, state, attempts, last_status," \
	" last_error, next_attempt_at, created_at, done_at"

static void
webhook_row(sqlite3_stmt *stmt, struct store_webhook *w)
{
	w->id = sqlite3_column_int64(stmt, 0);
	w->case_id = (const char *)sqlite3_column_text(stmt, 1);
	w->url = (const char *)sqlite3_column_text(stmt, 2);
	w->body = (const char *)sqlite3_column_text(stmt, 3);
	w->key = (const char *)sqlite3_column_text(stmt, 4);
	w->state = (const char *)sqlite3_column_text(stmt, 5);
	w->attempts = sqlite3_column_int64(stmt, 6);
	w->last_status = sqlite3_column_int64(stmt, 7);
	w->last_error = (const char *)sqlite3_column_text(stmt, 8);
	w->next_attempt_at = (time_t)sqlite3_column_int64(stmt, 9);
	w->created_at = (time_t)sqlite3_column_int64(stmt, 10);
	w->done_at = (time_t)sqlite3_column_int64(stmt, 11);
}

static int
webhook_each(struct store *st, sqlite3_stmt *stmt,
    int (*fn)(void *, const struct store_webhook *), void *arg)
{
	struct store_webhook w;
	int r, rv = 0;

	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		webhook_row(stmt, &w);
		if (fn(arg, &w) == -1) {
			rv = -1;
			break;
		}
	}
	if (rv == 0 && r != SQLITE_DONE) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		rv = -1;
	}
	sqlite3_reset(stmt);
	return rv;
}

int
store_webhook_due(struct store *st, time_t now, int max,
    int (*fn)(void *, const struct store_webhook *), void *arg)
{
	static const char q[] =
	    "SELECT " WEBHOOK_COLS " FROM webhooks WHERE state = 'queued'"
	    " AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)now);
	sqlite3_bind_int(stmt, 2, max);
	return webhook_each(st, stmt, fn, arg);
}

int
store_webhooks_of(struct store *st, const char *case_id,
    int (*fn)(void *, const struct store_webhook *), void *arg)
{
	static const char q[] =
	    "SELECT " WEBHOOK_COLS " FROM webhooks WHERE case_id = ?"
	    " ORDER BY id";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	return webhook_each(st, stmt, fn, arg);
}

int
store_webhook_attempt(struct store *st, long long id, const char *state,
    long status, const char *error, time_t next, time_t now)
{
	static const char q[] =
	    "UPDATE webhooks SET state = ?, attempts = attempts + 1,"
	    " last_status = ?, last_error = ?, next_attempt_at = ?,"
	    " done_at = CASE WHEN ? = 'queued' THEN NULL ELSE ? END"
	    " WHERE id = ? AND state = 'queued'";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, state);
	sqlite3_bind_int64(stmt, 2, status);
	store_bind_text(stmt, 3, error);
	sqlite3_bind_int64(stmt, 4, (long long)next);
	store_bind_text(stmt, 5, state);
	sqlite3_bind_int64(stmt, 6, (long long)now);
	sqlite3_bind_int64(stmt, 7, id);
	return store_done(st, stmt);
}

int
store_webhook_retry_now(struct store *st, time_t now)
{
	static const char q[] =
	    "UPDATE webhooks SET next_attempt_at = ?1 WHERE state = 'queued'"
	    " AND next_attempt_at > ?1";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)now);
	if (store_done(st, stmt) == -1)
		return -1;
	return sqlite3_changes(st->db);
}

long long
store_webhook_next_due(struct store *st)
{
	static const char q[] =
	    "SELECT coalesce(min(next_attempt_at), 0) FROM webhooks"
	    " WHERE state = 'queued'";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	return store_int1(st, stmt, 0);
}
