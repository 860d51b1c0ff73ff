/*
 * store_report.c - the queries of the deadline sweep (alerts, the answer
 * clock's parts) and of the annual report (store.h; store_p.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store_p.h"
#include "workflow.h"
#include "xmalloc.h"

/* ------------------------------------------------ deadlines (sweep.c) */

/*
 * A read transaction, so that the report's queries see one state of the
 * database while the daemon goes on writing (WAL: it does not block it).
 */
int
store_report_begin(struct store *st)
{
	return store_exec(st, "BEGIN DEFERRED;");
}

void
store_report_end(struct store *st)
{
	store_rollback(st);
}

/* The cases that touch [?1, ?2): received in it, closed in it, or open
 * at some time in it. */
#define REPORT_TOUCHES \
	" kind = 'request' AND ((received_at < ?2 AND (closed_at IS NULL" \
	" OR closed_at >= ?1)) OR (received_at >= ?1 AND received_at < ?2)" \
	" OR (closed_at >= ?1 AND closed_at < ?2))"

/* The group being added up: its key copied, as the row's strings go. */
struct report_run {
	struct store_report_group g;
	char		*applicant_type, *answer_type, *state;
	int		 closed_state;	/* state is not an open one */
	int		 any;
};

/* Starts the group of the row's key, the last one handed over. */
static void
run_start(struct report_run *run, const char *applicant_type,
    const char *answer_type, const char *state)
{
	g_free(run->applicant_type);
	g_free(run->answer_type);
	g_free(run->state);
	memset(&run->g, 0, sizeof(run->g));
	run->applicant_type = g_strdup(applicant_type);
	run->answer_type = g_strdup(answer_type);
	run->state = g_strdup(state);
	run->g.applicant_type = run->applicant_type;
	run->g.answer_type = run->answer_type;
	run->g.withdrawn = state != NULL &&
	    strcmp(state, workflow_state_name(WF_WITHDRAWN)) == 0;
	run->closed_state = !workflow_word_is_open(state ? state : "");
	run->any = 1;
}

static void
run_add(struct report_run *run, long long lo, long long hi,
    long long received, long long closed)
{
	struct store_report_group *g = &run->g;
	int has_closed = closed != 0;

	g->received += received >= lo && received < hi;
	g->carried_over += received < lo && (!has_closed || closed >= lo);
	g->closed += has_closed && closed >= lo && closed < hi;
	g->carried_forward += received < hi && (!has_closed || closed >= hi);
	g->bad += (has_closed && closed < received) ||
	    run->closed_state != has_closed;
}

int
store_report_scan(struct store *st, long long lo, long long hi,
    int (*group_fn)(void *, const struct store_report_group *),
    int (*case_fn)(void *, const struct store_report_case *), void *arg)
{
	/* in the order of the index cases_report, which covers it: nothing
	 * sorted, no row of the table read */
	static const char q[] =
	    "SELECT applicant_type, answer_type, state, received_at,"
	    " closed_at, receipt_date, due_date FROM cases WHERE"
	    REPORT_TOUCHES " ORDER BY applicant_type, answer_type, state";
	struct report_run run;
	struct store_report_case c;
	sqlite3_stmt *stmt;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	memset(&run, 0, sizeof(run));
	memset(&c, 0, sizeof(c));
	sqlite3_bind_int64(stmt, 1, lo);
	sqlite3_bind_int64(stmt, 2, hi);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		c.applicant_type = (const char *)sqlite3_column_text(stmt, 0);
		c.answer_type = (const char *)sqlite3_column_text(stmt, 1);
		c.state = (const char *)sqlite3_column_text(stmt, 2);
		c.received_at = sqlite3_column_int64(stmt, 3);
		c.closed_at = sqlite3_column_int64(stmt, 4);
		if (!run.any || g_strcmp0(c.state, run.state) != 0 ||
		    g_strcmp0(c.answer_type, run.answer_type) != 0 ||
		    g_strcmp0(c.applicant_type, run.applicant_type) != 0) {
			if (run.any && group_fn(arg, &run.g) == -1) {
				rv = -1;
				break;
			}
			run_start(&run, c.applicant_type, c.answer_type,
			    c.state);
		}
		run_add(&run, lo, hi, c.received_at, c.closed_at);
		if (!(c.received_at >= lo && c.received_at < hi) &&
		    !(c.closed_at >= lo && c.closed_at < hi))
			continue;
		c.receipt_date = (const char *)sqlite3_column_text(stmt, 5);
		c.due_date = (const char *)sqlite3_column_text(stmt, 6);
		if (case_fn(arg, &c) == -1) {
			rv = -1;
			break;
		}
	}
	if (rv == 0 && r != SQLITE_DONE) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		rv = -1;
	}
	if (rv == 0 && run.any && group_fn(arg, &run.g) == -1)
		rv = -1;
	sqlite3_reset(stmt);
	g_free(run.applicant_type);
	g_free(run.answer_type);
	g_free(run.state);
	return rv;
}

int
store_report_cases(struct store *st, long long lo, long long hi,
    int (*fn)(void *, const struct store_report_case *), void *arg)
{
	static const char q[] =
	    "SELECT id, state, applicant_type, answer_type, receipt_date,"
	    " due_date, received_at, closed_at FROM cases WHERE"
	    REPORT_TOUCHES " ORDER BY received_at, id";
	sqlite3_stmt *stmt;
	struct store_report_case c;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, lo);
	sqlite3_bind_int64(stmt, 2, hi);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		c.id = (const char *)sqlite3_column_text(stmt, 0);
		c.state = (const char *)sqlite3_column_text(stmt, 1);
		c.applicant_type = (const char *)sqlite3_column_text(stmt, 2);
		c.answer_type = (const char *)sqlite3_column_text(stmt, 3);
		c.receipt_date = (const char *)sqlite3_column_text(stmt, 4);
		c.due_date = (const char *)sqlite3_column_text(stmt, 5);
		c.received_at = sqlite3_column_int64(stmt, 6);
		c.closed_at = sqlite3_column_int64(stmt, 7);
		if (fn(arg, &c) == -1) {
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
store_report_fees(struct store *st, long long lo, long long hi,
    long long *ncases, long long *fen)
{
	/* the year's payments by the index events_paid, then their cases
	 * by cases_fee, neither reading a row: a case that paid has a fee
	 * (PAID is taken in state fee only, which FEE enters with it) */
	static const char q[] =
	    "SELECT count(*), coalesce(sum(fee_fen), 0) FROM cases"
	    " WHERE fee_fen IS NOT NULL AND kind = 'request' AND id IN"
	    " (SELECT case_id FROM events WHERE type = 'paid' AND at >= ?1"
	    " AND at < ?2)";
	sqlite3_stmt *stmt;
	int r;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, lo);
	sqlite3_bind_int64(stmt, 2, hi);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		*ncases = sqlite3_column_int64(stmt, 0);
		*fen = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (r != SQLITE_ROW) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

int
store_report_events(struct store *st, long long lo, long long hi,
    const char *types_json, int (*fn)(void *, const char *,
    const struct store_event *), void *arg)
{
	static const char q[] =
	    "SELECT e.case_id, e.id, e.at, e.type, e.actor, e.detail"
	    " FROM events e JOIN cases c ON c.id = e.case_id"
	    " WHERE c.kind = 'request' AND e.at >= ?1 AND e.at < ?2"
	    " AND e.type IN (SELECT value FROM json_each(?3))"
	    " ORDER BY e.case_id, e.at, e.id";
	sqlite3_stmt *stmt;
	struct store_event e;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, lo);
	sqlite3_bind_int64(stmt, 2, hi);
	store_bind_text(stmt, 3, types_json);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		e.id = sqlite3_column_int64(stmt, 1);
		e.at = (time_t)sqlite3_column_int64(stmt, 2);
		e.type = (const char *)sqlite3_column_text(stmt, 3);
		e.actor = (const char *)sqlite3_column_text(stmt, 4);
		e.detail = (const char *)sqlite3_column_text(stmt, 5);
		if (fn(arg, (const char *)sqlite3_column_text(stmt, 0),
		    &e) == -1) {
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
store_report_proactive(struct store *st, long long hi,
    int (*fn)(void *, const char *, long long, long long), void *arg)
{
	static const char q[] =
	    "SELECT (SELECT e.detail FROM events e WHERE e.case_id = c.id"
	    "  AND e.type = 'item-form' ORDER BY e.id DESC LIMIT 1),"
	    " c.closed_at, (SELECT min(e.at) FROM events e"
	    "  WHERE e.case_id = c.id AND e.type = 'repealed')"
	    " FROM cases c WHERE c.state = ?2 AND c.kind = 'proactive'"
	    " AND c.closed_at < ?1 ORDER BY c.closed_at, c.id";
	sqlite3_stmt *stmt;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, hi);
	store_bind_text(stmt, 2, workflow_state_name(WF_PUBLISHED));
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW)
		if (fn(arg, (const char *)sqlite3_column_text(stmt, 0),
		    sqlite3_column_int64(stmt, 1),
		    sqlite3_column_type(stmt, 2) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(stmt, 2)) == -1) {
			rv = -1;
			break;
		}
	if (rv == 0 && r != SQLITE_DONE) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		rv = -1;
	}
	sqlite3_reset(stmt);
	return rv;
}

/* The sweep's columns of a case, in the order of sweep_row(). */
#define SWEEP_COLS \
	"id, kind, state, step, assignee, applicant_name, receipt_date," \
	" due_date, due_provisional, paused_on, extension_used, version"
/* A case still open: the same words as the partial indexes' WHERE, so
 * that the planner can use them. */
#define SWEEP_OPEN	"state NOT IN (" WF_SQL_CLOSED ")"

static const char sweep_q_due[] =
    "SELECT " SWEEP_COLS " FROM cases WHERE " SWEEP_OPEN
    " AND due_date < ?1 ORDER BY due_date LIMIT ?2";
static const char sweep_q_provisional[] =
    "SELECT " SWEEP_COLS " FROM cases WHERE due_provisional = 1 AND "
    SWEEP_OPEN " ORDER BY due_date LIMIT ?1";
static const char sweep_q_state[] =
    "SELECT " SWEEP_COLS " FROM cases WHERE state = ?1 ORDER BY rowid";
static const char sweep_q_received[] =
    "SELECT " SWEEP_COLS " FROM cases WHERE state = ?1"
    " AND receipt_date >= ?2 ORDER BY receipt_date";
static const char sweep_q_paused[] =
    "SELECT " SWEEP_COLS " FROM cases WHERE state = ?1"
    " AND paused_on IS NOT NULL AND paused_on < ?2 ORDER BY paused_on";
static const char sweep_q_case[] =
    "SELECT " SWEEP_COLS " FROM cases WHERE id = ?1";
static const char sweep_q_count_open[] =
    "SELECT count(*) FROM cases WHERE " SWEEP_OPEN
    " AND due_date IS NOT NULL";
static const char sweep_q_count_running[] =
    "SELECT count(*) FROM cases WHERE " SWEEP_OPEN " AND due_date < ?1"
    " AND paused_on IS NULL AND state NOT IN (" WF_SQL_OUTSIDE ")";
static const char sweep_q_count_provisional[] =
    "SELECT count(*) FROM cases WHERE due_provisional = 1 AND "
    SWEEP_OPEN;
static const char sweep_q_alert_add[] =
    "INSERT OR IGNORE INTO alerts (case_id, clock, threshold, version,"
    " day, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sweep_q_mark_clear[] =
    "DELETE FROM alerts WHERE case_id = '' AND clock = ?1";
static const char sweep_q_alert_last[] =
    "SELECT max(version) FROM alerts WHERE case_id = '' AND clock = ?1";
static const char sweep_q_event_last[] =
    "SELECT at, detail FROM events WHERE case_id = ?1 AND type = ?2"
    " ORDER BY id DESC LIMIT 1";
/* Activity: events of the types given, and a "clock" event that a
 * person caused (the applicant's correction restarting the period). */
#define SWEEP_ACTIVITY \
	"(type IN (SELECT value FROM json_each(?3))" \
	" OR (type = 'clock' AND actor IS NOT NULL))"
static const char sweep_q_active[] =
    "SELECT case_id FROM events WHERE at >= ?1 AND at < ?2 AND "
    SWEEP_ACTIVITY " GROUP BY case_id";
static const char sweep_q_last_activity[] =
    "SELECT max(at) FROM events WHERE case_id = ?1 AND "
    SWEEP_ACTIVITY;
static const char sweep_q_part_add[] =
    "INSERT INTO clock_parts (case_id, kind, from_date, to_date, days, at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sweep_q_parts[] =
    "SELECT kind, from_date, to_date, days FROM clock_parts"
    " WHERE case_id = ?1 ORDER BY id";
static const char sweep_q_set_due[] =
    "UPDATE cases SET due_date = ?1, due_provisional = ?2 WHERE id = ?3";

/* Fills c from a row of SWEEP_COLS; the strings are the statement's. */
static void
sweep_row(sqlite3_stmt *stmt, struct store_sweep_case *c)
{
	memset(c, 0, sizeof(*c));
	c->id = (const char *)sqlite3_column_text(stmt, 0);
	c->kind = (const char *)sqlite3_column_text(stmt, 1);
	c->state = (const char *)sqlite3_column_text(stmt, 2);
	c->step = (const char *)sqlite3_column_text(stmt, 3);
	c->assignee = (const char *)sqlite3_column_text(stmt, 4);
	c->applicant_name = (const char *)sqlite3_column_text(stmt, 5);
	c->receipt_date = (const char *)sqlite3_column_text(stmt, 6);
	c->due_date = (const char *)sqlite3_column_text(stmt, 7);
	c->due_provisional = sqlite3_column_int(stmt, 8);
	c->paused_on = (const char *)sqlite3_column_text(stmt, 9);
	c->extension_used = sqlite3_column_int(stmt, 10);
	c->version = sqlite3_column_int64(stmt, 11);
}

/* Steps a bound SWEEP_COLS query, calling fn for each row. */
static int
sweep_each(struct store *st, sqlite3_stmt *stmt,
    int (*fn)(void *, const struct store_sweep_case *), void *arg)
{
	struct store_sweep_case c;
	int r, rv = 0;

	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		sweep_row(stmt, &c);
		if (fn(arg, &c) == -1) {
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
store_sweep_due(struct store *st, const char *before, long long max,
    int (*fn)(void *, const struct store_sweep_case *), void *arg)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_due)) == NULL)
		return -1;
	/* Every date sorts before "A": NULL means no bound. */
	store_bind_text(stmt, 1, before != NULL ? before : "A");
	sqlite3_bind_int64(stmt, 2, max > 0 ? max : -1);
	return sweep_each(st, stmt, fn, arg);
}

int
store_sweep_provisional(struct store *st, long long max,
    int (*fn)(void *, const struct store_sweep_case *), void *arg)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_provisional)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, max > 0 ? max : -1);
	return sweep_each(st, stmt, fn, arg);
}

/* The candidates come by the events' time index (events_at): the day's
 * requests, never every open case. */
static const char sweep_q_unacked[] =
    "SELECT c.id, c.applicant_email, c.received_at,"
    " (SELECT o.state FROM outbox o WHERE o.case_id = c.id"
    "  AND o.kind = 'ack' ORDER BY o.id DESC LIMIT 1),"
    " (SELECT o.attempts FROM outbox o WHERE o.case_id = c.id"
    "  AND o.kind = 'ack' ORDER BY o.id DESC LIMIT 1),"
    " (SELECT o.last_error FROM outbox o WHERE o.case_id = c.id"
    "  AND o.kind = 'ack' ORDER BY o.id DESC LIMIT 1)"
    " FROM events e JOIN cases c ON c.id = e.case_id"
    " WHERE e.at >= ?1 AND e.at < ?2 AND e.type = 'received'"
    " AND c.kind = 'request' AND c." SWEEP_OPEN
    " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id"
    "  AND o.kind = 'ack' AND o.state = 'sent')"
    " AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.case_id = c.id"
    "  AND a.clock = ?3)"
    " ORDER BY e.at, e.id";

int
store_sweep_unacked(struct store *st, time_t from, time_t to,
    const char *clock, int (*fn)(void *, const struct store_unacked *),
    void *arg)
{
	struct store_unacked u;
	sqlite3_stmt *stmt;
	int r, rv = 0;

	if ((stmt = store_stmt(st, sweep_q_unacked)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)from);
	sqlite3_bind_int64(stmt, 2, (long long)to);
	store_bind_text(stmt, 3, clock);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		u.case_id = (const char *)sqlite3_column_text(stmt, 0);
		u.applicant_email = (const char *)sqlite3_column_text(stmt, 1);
		u.received_at = (time_t)sqlite3_column_int64(stmt, 2);
		u.ack_state = (const char *)sqlite3_column_text(stmt, 3);
		u.attempts = sqlite3_column_int64(stmt, 4);
		u.last_error = (const char *)sqlite3_column_text(stmt, 5);
		if (fn(arg, &u) == -1) {
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
store_sweep_in_state(struct store *st, const char *state,
    int (*fn)(void *, const struct store_sweep_case *), void *arg)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_state)) == NULL)
		return -1;
	store_bind_text(stmt, 1, state);
	return sweep_each(st, stmt, fn, arg);
}

int
store_sweep_received(struct store *st, const char *state, const char *since,
    int (*fn)(void *, const struct store_sweep_case *), void *arg)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_received)) == NULL)
		return -1;
	store_bind_text(stmt, 1, state);
	store_bind_text(stmt, 2, since);
	return sweep_each(st, stmt, fn, arg);
}

int
store_sweep_paused(struct store *st, const char *state, const char *before,
    int (*fn)(void *, const struct store_sweep_case *), void *arg)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_paused)) == NULL)
		return -1;
	store_bind_text(stmt, 1, state);
	store_bind_text(stmt, 2, before);
	return sweep_each(st, stmt, fn, arg);
}

int
store_sweep_case(struct store *st, const char *case_id,
    int (*fn)(void *, const struct store_sweep_case *), void *arg)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_case)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	return sweep_each(st, stmt, fn, arg);
}

int
store_sweep_count(struct store *st, const char *today, const char *soon,
    struct store_sweep_counts *n)
{
	sqlite3_stmt *stmt;

	memset(n, 0, sizeof(*n));
	if ((stmt = store_stmt(st, sweep_q_count_open)) == NULL ||
	    (n->open = store_int1(st, stmt, 0)) < 0)
		return -1;
	if ((stmt = store_stmt(st, sweep_q_count_running)) == NULL)
		return -1;
	store_bind_text(stmt, 1, today);
	if ((n->overdue = store_int1(st, stmt, 0)) < 0)
		return -1;
	if ((stmt = store_stmt(st, sweep_q_count_running)) == NULL)
		return -1;
	store_bind_text(stmt, 1, soon);
	if ((n->soon = store_int1(st, stmt, 0)) < 0)
		return -1;
	n->soon -= n->overdue;
	if ((stmt = store_stmt(st, sweep_q_count_provisional)) == NULL ||
	    (n->provisional = store_int1(st, stmt, 0)) < 0)
		return -1;
	return 0;
}

int
store_alert_add(struct store *st, const char *case_id, const char *clock,
    int threshold, const char *version, const char *day, time_t at)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_alert_add)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id != NULL ? case_id : "");
	store_bind_text(stmt, 2, clock);
	sqlite3_bind_int(stmt, 3, threshold);
	store_bind_text(stmt, 4, version);
	store_bind_text(stmt, 5, day);
	sqlite3_bind_int64(stmt, 6, (long long)at);
	if (store_done(st, stmt) == -1)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

int
store_alert_mark(struct store *st, const char *clock, const char *version,
    const char *day, time_t at)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_mark_clear)) == NULL)
		return -1;
	store_bind_text(stmt, 1, clock);
	if (store_done(st, stmt) == -1)
		return -1;
	return store_alert_add(st, NULL, clock, 0, version, day, at) == -1 ?
	    -1 : 0;
}

int
store_alert_last(struct store *st, const char *clock, char **version)
{
	sqlite3_stmt *stmt;
	int r;

	*version = NULL;
	if ((stmt = store_stmt(st, sweep_q_alert_last)) == NULL)
		return -1;
	store_bind_text(stmt, 1, clock);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW)
		*version = store_column_dup(stmt, 0);
	sqlite3_reset(stmt);
	if (r != SQLITE_ROW) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	return *version != NULL;
}

int
store_event_last(struct store *st, const char *case_id, const char *type,
    time_t *at, char **detail)
{
	sqlite3_stmt *stmt;
	int r;

	*at = 0;
	if (detail != NULL)
		*detail = NULL;
	if ((stmt = store_stmt(st, sweep_q_event_last)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	store_bind_text(stmt, 2, type);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		*at = (time_t)sqlite3_column_int64(stmt, 0);
		if (detail != NULL)
			*detail = store_column_dup(stmt, 1);
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
store_sweep_active(struct store *st, time_t from, time_t to,
    const char *types_json, int (*fn)(void *, const char *), void *arg)
{
	sqlite3_stmt *stmt;
	int r, rv = 0;
	char *id;

	if ((stmt = store_stmt(st, sweep_q_active)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)from);
	sqlite3_bind_int64(stmt, 2, (long long)to);
	store_bind_text(stmt, 3, types_json);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = store_column_dup(stmt, 0);
		r = fn(arg, id);
		free(id);
		if (r == -1) {
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
store_case_last_activity(struct store *st, const char *case_id,
    const char *types_json, time_t *at)
{
	sqlite3_stmt *stmt;
	int r;

	*at = 0;
	if ((stmt = store_stmt(st, sweep_q_last_activity)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	store_bind_text(stmt, 3, types_json);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		r = sqlite3_column_type(stmt, 0) != SQLITE_NULL;
		*at = (time_t)sqlite3_column_int64(stmt, 0);
	} else {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		r = -1;
	}
	sqlite3_reset(stmt);
	return r;
}

int
store_clock_part_add(struct store *st, const char *case_id,
    const char *kind, const char *from, const char *to, int days, time_t at)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_part_add)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	store_bind_text(stmt, 2, kind);
	store_bind_text(stmt, 3, from);
	store_bind_text(stmt, 4, to);
	sqlite3_bind_int(stmt, 5, days);
	sqlite3_bind_int64(stmt, 6, (long long)at);
	return store_done(st, stmt);
}

int
store_clock_parts(struct store *st, const char *case_id,
    int (*fn)(void *, const struct store_clock_part *), void *arg)
{
	sqlite3_stmt *stmt;
	struct store_clock_part p;
	int r, rv = 0;

	if ((stmt = store_stmt(st, sweep_q_parts)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		p.kind = (const char *)sqlite3_column_text(stmt, 0);
		p.from_date = (const char *)sqlite3_column_text(stmt, 1);
		p.to_date = (const char *)sqlite3_column_text(stmt, 2);
		p.days = sqlite3_column_int(stmt, 3);
		if (fn(arg, &p) == -1) {
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
store_case_set_due(struct store *st, const char *case_id, const char *due,
    int provisional)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_set_due)) == NULL)
		return -1;
	store_bind_text(stmt, 1, due);
	sqlite3_bind_int(stmt, 2, provisional != 0);
	store_bind_text(stmt, 3, case_id);
	return store_done(st, stmt);
}

char *
store_sweep_plans(struct store *st)
{
	static const struct {
		const char *name, *sql;
	} qs[] = {
		{ "due", sweep_q_due },
		{ "provisional", sweep_q_provisional },
		{ "state", sweep_q_state },
		{ "paused", sweep_q_paused },
		{ "received", sweep_q_received },
		{ "case", sweep_q_case },
		{ "count_open", sweep_q_count_open },
		{ "count_running", sweep_q_count_running },
		{ "count_provisional", sweep_q_count_provisional },
		{ "alert_add", sweep_q_alert_add },
		{ "alert_last", sweep_q_alert_last },
		{ "event_last", sweep_q_event_last },
		{ "active", sweep_q_active },
		{ "last_activity", sweep_q_last_activity },
		{ "parts", sweep_q_parts },
		{ "set_due", sweep_q_set_due },
		{ "unacked", sweep_q_unacked },
		{ "ack_addr", store_q_ack_addr },
		{ "ack_domain", store_q_ack_domain },
		{ "pen_reason", store_q_pen_reason },
	};
	sqlite3_stmt *stmt;
	size_t i, len = 0, cap = 1024;
	char *out = xmalloc(cap), *sql;
	int r;

	out[0] = '\0';
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		sql = xasprintf("EXPLAIN QUERY PLAN %s", qs[i].sql);
		r = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
		free(sql);
		if (r != SQLITE_OK) {
			log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
			free(out);
			return NULL;
		}
		/* Columns: id, parent, notused, detail. */
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(stmt,
			    3);
			size_t need = strlen(qs[i].name) + strlen(d ? d : "") +
			    4;

			while (len + need + 1 > cap)
				out = xreallocarray(out, cap *= 2, 1);
			len += (size_t)snprintf(out + len, cap - len,
			    "%s: %s\n", qs[i].name, d ? d : "");
		}
		sqlite3_finalize(stmt);
	}
	return out;
}

/* ------------------------------------------- annual report (report.c) */

int
store_report_figure_set(struct store *st, int year, const char *key,
    const char *value, const char *who, time_t at)
{
	static const char q[] =
	    "INSERT INTO report_figures (year, key, value, who, at)"
	    " VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, year);
	store_bind_text(stmt, 2, key);
	store_bind_text(stmt, 3, value);
	store_bind_text(stmt, 4, who);
	sqlite3_bind_int64(stmt, 5, (long long)at);
	return store_done(st, stmt);
}

int
store_report_figures(struct store *st, int year,
    int (*fn)(void *, const char *, const char *, const char *, time_t),
    void *arg)
{
	static const char q[] =
	    "SELECT key, value, who, at FROM report_figures f"
	    " WHERE year = ?1 AND id = (SELECT max(id) FROM report_figures"
	    "  WHERE year = ?1 AND key = f.key) ORDER BY key";
	sqlite3_stmt *stmt;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, year);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW)
		if (fn(arg, (const char *)sqlite3_column_text(stmt, 0),
		    (const char *)sqlite3_column_text(stmt, 1),
		    (const char *)sqlite3_column_text(stmt, 2),
		    (time_t)sqlite3_column_int64(stmt, 3)) == -1) {
			rv = -1;
			break;
		}
	if (rv == 0 && r != SQLITE_DONE) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		rv = -1;
	}
	sqlite3_reset(stmt);
	return rv;
}
