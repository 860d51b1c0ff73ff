/*
 * store_status.c - the facts `gongkai status` and the metrics file read
 * (store.h, "health"; status.h): the daemon's last IMAP contact, the
 * outbox at a glance and the holding pen by reason.  Each is one indexed
 * query: the outbox's over queued and failed mail only (outbox_due), the
 * pen's over open entries only (pen_open_reason).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store_p.h"
#include "xmalloc.h"

#define CONTACT	"imap_contact"

int
store_imap_contact_set(struct store *st, time_t at, const char *mode)
{
	static const char q[] =
	    "INSERT INTO daemon_state (name, at, value) VALUES (?, ?, ?)"
	    " ON CONFLICT (name) DO UPDATE SET at = excluded.at,"
	    " value = excluded.value";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, CONTACT);
	sqlite3_bind_int64(stmt, 2, (long long)at);
	store_bind_text(stmt, 3, mode);
	return store_done(st, stmt);
}

int
store_imap_contact(struct store *st, time_t *at, char **mode)
{
	static const char q[] =
	    "SELECT at, value FROM daemon_state WHERE name = ?";
	sqlite3_stmt *stmt;
	int r;

	*at = 0;
	*mode = NULL;
	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, CONTACT);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		*at = (time_t)sqlite3_column_int64(stmt, 0);
		*mode = store_column_dup(stmt, 1);
		r = 1;
	} else if (r == SQLITE_DONE)
		r = 0;
	else {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		r = -1;
	}
	sqlite3_reset(stmt);
	return r;
}

int
store_status_outbox(struct store *st, time_t since,
    struct store_status_outbox *o)
{
	static const char q[] =
	    "SELECT"
	    " total(state = 'queued' AND attempts = 0),"
	    " total(state = 'queued' AND attempts > 0),"
	    " total(state = 'failed'),"
	    " total(state = 'failed' AND created_at >= ?1),"
	    " min(CASE WHEN state = 'queued' THEN created_at END),"
	    " min(CASE WHEN state = 'queued' AND attempts > 0"
	    "   THEN created_at END),"
	    " min(CASE WHEN state = 'queued' AND attempts > 0"
	    "   THEN next_attempt_at END)"
	    " FROM outbox WHERE state IN ('queued', 'failed')";
	static const char q_error[] =
	    "SELECT last_error FROM outbox WHERE state = 'queued'"
	    " AND attempts > 0 ORDER BY created_at, id LIMIT 1";
	sqlite3_stmt *stmt;
	int r;

	memset(o, 0, sizeof(*o));
	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)since);
	if ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		o->queued = (long long)sqlite3_column_double(stmt, 0);
		o->deferred = (long long)sqlite3_column_double(stmt, 1);
		o->failed = (long long)sqlite3_column_double(stmt, 2);
		o->failed_since = (long long)sqlite3_column_double(stmt, 3);
		o->oldest_waiting = sqlite3_column_int64(stmt, 4);
		o->oldest_deferred = sqlite3_column_int64(stmt, 5);
		o->next_try = sqlite3_column_int64(stmt, 6);
	}
	sqlite3_reset(stmt);
	if (r != SQLITE_ROW) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	if (o->deferred == 0)
		return 0;
	if ((stmt = store_stmt(st, q_error)) == NULL)
		return -1;
	if ((r = sqlite3_step(stmt)) == SQLITE_ROW)
		o->last_error = store_column_dup(stmt, 0);
	sqlite3_reset(stmt);
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

int
store_status_pen(struct store *st,
    int (*fn)(void *, const char *, long long), void *arg)
{
	static const char q[] =
	    "SELECT reason, count(*) FROM pen WHERE resolved_at IS NULL"
	    " GROUP BY reason ORDER BY reason";
	sqlite3_stmt *stmt;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW)
		if (fn(arg, (const char *)sqlite3_column_text(stmt, 0),
		    sqlite3_column_int64(stmt, 1)) == -1) {
			rv = -1;
			break;
		}
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		rv = -1;
	}
	sqlite3_reset(stmt);
	return rv;
}
