/*
 * store_outbox.c - the outbox in the database: queued, sent, deferred,
 * failed and bounced mail (store.h; store_p.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store_p.h"
#include "xmalloc.h"

/* ------------------------------------------------------------------ */
/* The outbox                                                          */

#define OUTBOX_COLS \
	"id, case_id, kind, to_addr, subject, message_id, envelope_from," \
	" state, attempts, last_error, next_attempt_at, created_at," \
	" sent_at, spool_path, queued_at"

/* Fills o from a row of OUTBOX_COLS (then raw, when with_raw). */
static void
outbox_row(sqlite3_stmt *stmt, struct store_outbox *o, int with_raw)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(stmt, 0);
	o->case_id = (const char *)sqlite3_column_text(stmt, 1);
	o->kind = (const char *)sqlite3_column_text(stmt, 2);
	o->to_addr = (const char *)sqlite3_column_text(stmt, 3);
	o->subject = (const char *)sqlite3_column_text(stmt, 4);
	o->message_id = (const char *)sqlite3_column_text(stmt, 5);
	o->envelope_from = (const char *)sqlite3_column_text(stmt, 6);
	o->state = (const char *)sqlite3_column_text(stmt, 7);
	o->attempts = sqlite3_column_int(stmt, 8);
	o->last_error = (const char *)sqlite3_column_text(stmt, 9);
	o->next_attempt_at = (time_t)sqlite3_column_int64(stmt, 10);
	o->created_at = (time_t)sqlite3_column_int64(stmt, 11);
	o->sent_at = (time_t)sqlite3_column_int64(stmt, 12);
	o->spool_path = (const char *)sqlite3_column_text(stmt, 13);
	o->queued_at = (time_t)sqlite3_column_int64(stmt, 14);
	if (with_raw) {
		o->raw = sqlite3_column_blob(stmt, 15);
		o->raw_len = (size_t)sqlite3_column_bytes(stmt, 15);
		o->spec = (const char *)sqlite3_column_text(stmt, 16);
	}
}

long long
store_outbox_add(struct store *st, const struct store_outbox *o)
{
	static const char q[] =
	    "INSERT INTO outbox (case_id, kind, to_addr, subject, message_id,"
	    " envelope_from, raw, next_attempt_at, created_at, queued_at,"
	    " spec) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?9, ?9, ?10)";
	sqlite3_stmt *stmt;
	char *rest;
	long long rv = -1;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	rest = store_msgid_at_rest(o->message_id);
	store_bind_text(stmt, 1, o->case_id);
	store_bind_text(stmt, 2, o->kind);
	store_bind_text(stmt, 3, o->to_addr);
	store_bind_text(stmt, 4, o->subject ? o->subject : "");
	store_bind_text(stmt, 5, rest);
	store_bind_text(stmt, 6, o->envelope_from);
	sqlite3_bind_blob64(stmt, 7, o->raw ? o->raw : "",
	    (sqlite3_uint64)o->raw_len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 8, (long long)o->next_attempt_at);
	sqlite3_bind_int64(stmt, 9, (long long)o->created_at);
	store_bind_text(stmt, 10, o->spec);
	if (store_done(st, stmt) == 0)
		rv = sqlite3_last_insert_rowid(st->db);
	free(rest);
	return rv;
}

int
store_outbox_due(struct store *st, time_t now, size_t max, int slot,
    int nslots, long long **idsp)
{
	static const char q[] =
	    "SELECT id FROM outbox WHERE state = 'queued'"
	    " AND next_attempt_at <= ?1 AND (claimed_until IS NULL"
	    " OR claimed_until <= ?1) AND id % ?4 = ?3"
	    " ORDER BY next_attempt_at, id LIMIT ?2";
	sqlite3_stmt *stmt;
	long long *ids = NULL;
	int r, n = 0;

	*idsp = NULL;
	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)now);
	sqlite3_bind_int64(stmt, 2, (long long)max);
	sqlite3_bind_int(stmt, 3, slot);
	sqlite3_bind_int(stmt, 4, nslots > 0 ? nslots : 1);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		ids = xreallocarray(ids, (size_t)n + 1, sizeof(*ids));
		ids[n++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_reset(stmt);
	if (r != SQLITE_DONE) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		free(ids);
		return -1;
	}
	*idsp = ids;
	return n;
}

int
store_outbox_get(struct store *st, long long id,
    int (*fn)(void *, const struct store_outbox *), void *arg)
{
	static const char q[] =
	    "SELECT " OUTBOX_COLS ", raw, spec FROM outbox WHERE id = ?";
	sqlite3_stmt *stmt;
	struct store_outbox o;
	int r, rv;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		outbox_row(stmt, &o, 1);
		rv = fn(arg, &o) == -1 ? -1 : 1;
	} else if (r == SQLITE_DONE)
		rv = 0;
	else {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		rv = -1;
	}
	sqlite3_reset(stmt);
	return rv;
}

int
store_outbox_list(struct store *st,
    int (*fn)(void *, const struct store_outbox *), void *arg)
{
	static const char q[] =
	    "SELECT " OUTBOX_COLS " FROM outbox ORDER BY id";
	sqlite3_stmt *stmt;
	struct store_outbox o;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		outbox_row(stmt, &o, 0);
		if (fn(arg, &o) == -1) {
			rv = -1;
			break;
		}
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		rv = -1;
	}
	sqlite3_reset(stmt);
	return rv;
}

/* Steps an UPDATE of one queued mail: 1 if it changed, 0 if not, -1. */
static int
outbox_update(struct store *st, sqlite3_stmt *stmt)
{
	if (store_done(st, stmt) == -1)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

int
store_outbox_claim(struct store *st, long long id, time_t now, time_t claim)
{
	static const char q[] =
	    "UPDATE outbox SET claimed_until = ?1 WHERE id = ?2"
	    " AND state = 'queued' AND next_attempt_at <= ?3"
	    " AND (claimed_until IS NULL OR claimed_until <= ?3)";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)claim);
	sqlite3_bind_int64(stmt, 2, id);
	sqlite3_bind_int64(stmt, 3, (long long)now);
	return outbox_update(st, stmt);
}

int
store_outbox_composed(struct store *st, long long id, time_t claim,
    const char *raw, size_t len)
{
	static const char q[] =
	    "UPDATE outbox SET raw = ?1, spec = NULL"
	    " WHERE id = ?2 AND state = 'queued' AND claimed_until = ?3";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_blob64(stmt, 1, raw, (sqlite3_uint64)len,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, id);
	sqlite3_bind_int64(stmt, 3, (long long)claim);
	return outbox_update(st, stmt);
}

int
store_outbox_sent(struct store *st, long long id, time_t claim, time_t at,
    const char *spool_path)
{
	static const char q[] =
	    "UPDATE outbox SET state = 'sent', attempts = attempts + 1,"
	    " sent_at = ?1, spool_path = ?2, last_error = NULL,"
	    " claimed_until = NULL,"
	    " raw = CASE WHEN ?2 IS NULL THEN raw ELSE X'' END"
	    " WHERE id = ?3 AND state = 'queued' AND claimed_until = ?4";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)at);
	store_bind_text(stmt, 2, spool_path);
	sqlite3_bind_int64(stmt, 3, id);
	sqlite3_bind_int64(stmt, 4, (long long)claim);
	return outbox_update(st, stmt);
}

int
store_outbox_deferred(struct store *st, long long id, time_t claim,
    const char *error, time_t next_attempt_at)
{
	static const char q[] =
	    "UPDATE outbox SET attempts = attempts + 1, last_error = ?,"
	    " next_attempt_at = ?, claimed_until = NULL"
	    " WHERE id = ? AND state = 'queued' AND claimed_until = ?";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, error);
	sqlite3_bind_int64(stmt, 2, (long long)next_attempt_at);
	sqlite3_bind_int64(stmt, 3, id);
	sqlite3_bind_int64(stmt, 4, (long long)claim);
	return outbox_update(st, stmt);
}

int
store_outbox_failed(struct store *st, long long id, time_t claim,
    const char *error)
{
	static const char q[] =
	    "UPDATE outbox SET state = 'failed', attempts = attempts + 1,"
	    " last_error = ?, claimed_until = NULL"
	    " WHERE id = ? AND state = 'queued' AND claimed_until = ?";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, error);
	sqlite3_bind_int64(stmt, 2, id);
	sqlite3_bind_int64(stmt, 3, (long long)claim);
	return outbox_update(st, stmt);
}

int
store_outbox_requeue(struct store *st, long long id, time_t next,
    time_t queued_at, const char *raw, size_t len)
{
	static const char q[] =
	    "UPDATE outbox SET state = 'queued', next_attempt_at = ?1,"
	    " queued_at = ?2, claimed_until = NULL,"
	    " raw = CASE WHEN ?3 IS NULL THEN raw ELSE ?3 END"
	    " WHERE id = ?4 AND state = 'failed'";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)next);
	sqlite3_bind_int64(stmt, 2, (long long)queued_at);
	if (raw != NULL)
		sqlite3_bind_blob64(stmt, 3, raw, (sqlite3_uint64)len,
		    SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, 3);
	sqlite3_bind_int64(stmt, 4, id);
	return outbox_update(st, stmt);
}

int
store_outbox_by_envelope(struct store *st, const char *addr, long long *idp,
    char **case_idp)
{
	static const char q[] =
	    "SELECT id, case_id FROM outbox WHERE lower(envelope_from) ="
	    " lower(?) AND state IN ('sent', 'failed') ORDER BY id LIMIT 1";
	sqlite3_stmt *stmt;
	int r;

	*case_idp = NULL;
	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, addr);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		*idp = sqlite3_column_int64(stmt, 0);
		*case_idp = store_column_dup(stmt, 1);
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
store_outbox_bounced(struct store *st, long long id, const char *error)
{
	static const char q[] =
	    "UPDATE outbox SET state = 'failed', last_error = ?"
	    " WHERE id = ? AND state = 'sent'";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, error);
	sqlite3_bind_int64(stmt, 2, id);
	return outbox_update(st, stmt);
}

int
store_outbox_retry_now(struct store *st, long long id, time_t at)
{
	static const char q[] =
	    "UPDATE outbox SET next_attempt_at = ? WHERE state = 'queued'"
	    " AND next_attempt_at > ? AND (? = 0 OR id = ?)";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)at);
	sqlite3_bind_int64(stmt, 2, (long long)at);
	sqlite3_bind_int64(stmt, 3, id);
	sqlite3_bind_int64(stmt, 4, id);
	if (store_done(st, stmt) == -1)
		return -1;
	return sqlite3_changes(st->db);
}

long long
store_outbox_next_due(struct store *st)
{
	static const char q[] =
	    "SELECT min(max(next_attempt_at, coalesce(claimed_until, 0)))"
	    " FROM outbox WHERE state = 'queued'";
	sqlite3_stmt *stmt;
	long long rv;
	int r;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW)
		rv = sqlite3_column_type(stmt, 0) == SQLITE_NULL ? 0 :
		    sqlite3_column_int64(stmt, 0);
	else {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		rv = -1;
	}
	sqlite3_reset(stmt);
	return rv;
}
