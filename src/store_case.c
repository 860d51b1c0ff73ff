/*
 * store_case.c - cases, their events and mail, reply tokens and the
 * acknowledgment counts, in the database (store.h; store_p.h).
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

char *
store_case_open(struct store *st, const char *prefix, int year,
    const char *kind, const char *state, time_t received_at,
    const char *email, const char *name, const char *subject,
    long long mail_id)
{
	static const char q_seq[] =
	    "INSERT INTO case_seq (year, last) VALUES (?, 1)"
	    " ON CONFLICT (year) DO UPDATE SET last = last + 1"
	    " RETURNING last";
	static const char q_case[] =
	    "INSERT INTO cases (id, kind, state, received_at,"
	    " applicant_email, applicant_name, subject, mail_id)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt;
	long long seq;
	char *id;

	if ((stmt = store_stmt(st, q_seq)) == NULL)
		return NULL;
	sqlite3_bind_int(stmt, 1, year);
	if ((seq = store_int1(st, stmt, -1)) < 0)
		return NULL;
	id = xasprintf("%s-%04d-%04lld", prefix, year, seq);
	if ((stmt = store_stmt(st, q_case)) == NULL)
		goto fail;
	store_bind_text(stmt, 1, id);
	store_bind_text(stmt, 2, kind);
	store_bind_text(stmt, 3, state);
	sqlite3_bind_int64(stmt, 4, (long long)received_at);
	store_bind_text(stmt, 5, email);
	store_bind_text(stmt, 6, name);
	store_bind_text(stmt, 7, subject);
	if (mail_id > 0)
		sqlite3_bind_int64(stmt, 8, mail_id);
	if (store_done(st, stmt) == -1)
		goto fail;
	return id;
fail:
	free(id);
	return NULL;
}

int
store_case_state(struct store *st, const char *case_id, char **state)
{
	static const char q[] = "SELECT state FROM cases WHERE id = ?";
	sqlite3_stmt *stmt;
	int r;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		*state = store_column_dup(stmt, 0);
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
store_event_add(struct store *st, const char *case_id, time_t at,
    const char *type, const char *actor, const char *detail,
    long long mail_id)
{
	static const char q[] =
	    "INSERT INTO events (case_id, at, type, actor, detail, mail_id)"
	    " VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	sqlite3_bind_int64(stmt, 2, (long long)at);
	store_bind_text(stmt, 3, type);
	store_bind_text(stmt, 4, actor);
	store_bind_text(stmt, 5, detail);
	if (mail_id > 0)
		sqlite3_bind_int64(stmt, 6, mail_id);
	return store_done(st, stmt);
}

int
store_case_message_add(struct store *st, const char *message_id,
    const char *case_id, const char *direction)
{
	static const char q[] =
	    "INSERT OR IGNORE INTO case_messages (message_id, case_id,"
	    " direction) VALUES (?, ?, ?)";
	sqlite3_stmt *stmt;
	char *rest;
	int rv;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	rest = store_msgid_at_rest(message_id);
	store_bind_text(stmt, 1, rest);
	store_bind_text(stmt, 2, case_id);
	store_bind_text(stmt, 3, direction);
	rv = store_done(st, stmt);
	free(rest);
	return rv;
}

char *
store_case_by_message_id(struct store *st, const char *msgid)
{
	static const char q[] =
	    "SELECT case_id FROM case_messages WHERE message_id = ?";
	sqlite3_stmt *stmt;
	char *rest, *rv;

	if ((stmt = store_stmt(st, q)) == NULL)
		return NULL;
	rest = store_msgid_at_rest(msgid);
	store_bind_text(stmt, 1, rest);
	rv = store_text1(st, stmt);
	free(rest);
	return rv;
}

/* The acknowledgment limit's queries; each searches its index. */
const char store_q_ack_addr[] =
    "SELECT count(*) FROM outbox WHERE kind = 'ack'"
    " AND lower(to_addr) = lower(?1) AND created_at >= ?2"
    " AND created_at < ?3";
const char store_q_ack_domain[] =
    "SELECT count(*) FROM outbox WHERE kind = 'ack'"
    " AND lower(substr(to_addr, instr(to_addr, '@') + 1)) = lower(?1)"
    " AND created_at >= ?2 AND created_at < ?3";
const char store_q_pen_reason[] =
    "SELECT count(*) FROM pen WHERE reason = ?1 AND resolved_at IS NULL";

long long
store_ack_count(struct store *st, const char *addr, const char *domain,
    time_t from, time_t to)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, addr != NULL ? store_q_ack_addr :
	    store_q_ack_domain)) == NULL)
		return -1;
	store_bind_text(stmt, 1, addr != NULL ? addr : domain);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)from);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)to);
	return store_int1(st, stmt, 0);
}

char *
store_case_by_token(struct store *st, const char *token)
{
	static const char q[] =
	    "SELECT case_id FROM tokens WHERE token_hash = ?";
	sqlite3_stmt *stmt;
	char hash[65];

	if ((stmt = store_stmt(st, q)) == NULL)
		return NULL;
	store_token_hash(token, hash);
	store_bind_text(stmt, 1, hash);
	return store_text1(st, stmt);
}

/* The columns of struct store_case, in this order, for get and put. */
#define CASE_COLS \
	"kind, state, version, received_at, applicant_email, applicant_name," \
	" subject, closed_at, step, assignee, division, receipt_date," \
	" due_date, due_provisional, paused_on, resume_state," \
	" correction_used, extension_used, answer_type, draft," \
	" draft_mail_id, third_party, fee_fen, lang, thread_msgid," \
	" applicant_type, id_type, id_number, phone, postal_address," \
	" description, delivery, medium"

int
store_case_get(struct store *st, const char *id, struct store_case *c)
{
	static const char q[] = "SELECT " CASE_COLS " FROM cases WHERE id = ?";
	sqlite3_stmt *stmt;
	int r, i = 0;

	memset(c, 0, sizeof(*c));
	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, id);
	r = sqlite3_step(stmt);
	if (r == SQLITE_DONE) {
		sqlite3_reset(stmt);
		return 0;
	}
	if (r != SQLITE_ROW) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		sqlite3_reset(stmt);
		return -1;
	}
	c->id = xstrdup(id);
	c->kind = store_column_dup(stmt, i++);
	c->state = store_column_dup(stmt, i++);
	c->version = sqlite3_column_int64(stmt, i++);
	c->received_at = (time_t)sqlite3_column_int64(stmt, i++);
	c->applicant_email = store_column_dup(stmt, i++);
	c->applicant_name = store_column_dup(stmt, i++);
	c->subject = store_column_dup(stmt, i++);
	c->closed_at = (time_t)sqlite3_column_int64(stmt, i++);
	c->step = store_column_dup(stmt, i++);
	c->assignee = store_column_dup(stmt, i++);
	c->division = store_column_dup(stmt, i++);
	c->receipt_date = store_column_dup(stmt, i++);
	c->due_date = store_column_dup(stmt, i++);
	c->due_provisional = sqlite3_column_int(stmt, i++);
	c->paused_on = store_column_dup(stmt, i++);
	c->resume_state = store_column_dup(stmt, i++);
	c->correction_used = sqlite3_column_int(stmt, i++);
	c->extension_used = sqlite3_column_int(stmt, i++);
	c->answer_type = store_column_dup(stmt, i++);
	c->draft = store_column_dup(stmt, i++);
	c->draft_mail_id = sqlite3_column_int64(stmt, i++);
	c->third_party = store_column_dup(stmt, i++);
	c->fee_fen = sqlite3_column_type(stmt, i) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(stmt, i);
	i++;
	c->lang = store_column_dup(stmt, i++);
	c->thread_msgid = store_column_dup(stmt, i++);
	c->applicant_type = store_column_dup(stmt, i++);
	c->id_type = store_column_dup(stmt, i++);
	c->id_number = store_column_dup(stmt, i++);
	c->phone = store_column_dup(stmt, i++);
	c->postal_address = store_column_dup(stmt, i++);
	c->description = store_column_dup(stmt, i++);
	c->delivery = store_column_dup(stmt, i++);
	c->medium = store_column_dup(stmt, i++);
	sqlite3_reset(stmt);
	return 1;
}

int
store_case_put(struct store *st, const struct store_case *c)
{
	static const char q[] =
	    "UPDATE cases SET (" CASE_COLS ") = (?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?) WHERE id = ?";
	sqlite3_stmt *stmt;
	int i = 1;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, i++, c->kind);
	store_bind_text(stmt, i++, c->state);
	sqlite3_bind_int64(stmt, i++, c->version);
	sqlite3_bind_int64(stmt, i++, (long long)c->received_at);
	store_bind_text(stmt, i++, c->applicant_email);
	store_bind_text(stmt, i++, c->applicant_name);
	store_bind_text(stmt, i++, c->subject);
	if (c->closed_at != 0)
		sqlite3_bind_int64(stmt, i, (long long)c->closed_at);
	i++;
	store_bind_text(stmt, i++, c->step);
	store_bind_text(stmt, i++, c->assignee);
	store_bind_text(stmt, i++, c->division);
	store_bind_text(stmt, i++, c->receipt_date);
	store_bind_text(stmt, i++, c->due_date);
	sqlite3_bind_int(stmt, i++, c->due_provisional);
	store_bind_text(stmt, i++, c->paused_on);
	store_bind_text(stmt, i++, c->resume_state);
	sqlite3_bind_int(stmt, i++, c->correction_used);
	sqlite3_bind_int(stmt, i++, c->extension_used);
	store_bind_text(stmt, i++, c->answer_type);
	store_bind_text(stmt, i++, c->draft);
	if (c->draft_mail_id > 0)
		sqlite3_bind_int64(stmt, i, c->draft_mail_id);
	i++;
	store_bind_text(stmt, i++, c->third_party);
	if (c->fee_fen >= 0)
		sqlite3_bind_int64(stmt, i, c->fee_fen);
	i++;
	store_bind_text(stmt, i++, c->lang ? c->lang : "zh");
	store_bind_text(stmt, i++, c->thread_msgid);
	store_bind_text(stmt, i++, c->applicant_type ? c->applicant_type :
	    "natural");
	store_bind_text(stmt, i++, c->id_type);
	store_bind_text(stmt, i++, c->id_number);
	store_bind_text(stmt, i++, c->phone);
	store_bind_text(stmt, i++, c->postal_address);
	store_bind_text(stmt, i++, c->description);
	store_bind_text(stmt, i++, c->delivery);
	store_bind_text(stmt, i++, c->medium);
	store_bind_text(stmt, i++, c->id);
	return store_done(st, stmt);
}

void
store_case_clear(struct store_case *c)
{
	char **strs[] = { &c->id, &c->kind, &c->state, &c->applicant_email,
	    &c->applicant_name, &c->subject, &c->step, &c->assignee,
	    &c->division, &c->receipt_date, &c->due_date, &c->paused_on,
	    &c->resume_state, &c->answer_type, &c->draft, &c->third_party,
	    &c->lang, &c->thread_msgid, &c->applicant_type, &c->id_type,
	    &c->id_number, &c->phone, &c->postal_address, &c->description,
	    &c->delivery, &c->medium };
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
	memset(c, 0, sizeof(*c));
}

void
store_case_setstr(char **field, const char *value)
{
	free(*field);
	*field = value ? xstrdup(value) : NULL;
}

int
store_token_add(struct store *st, const struct store_token *t)
{
	static const char q[] =
	    "INSERT INTO tokens (token_hash, case_id, step, recipient, version,"
	    " expires_at, sent_text) VALUES (?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt;
	char hash[65], *text;
	int rv;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_token_hash(t->token, hash);
	text = t->sent_text ? store_replace(t->sent_text, t->token,
	    STORE_TOKEN_MARK) : NULL;
	store_bind_text(stmt, 1, hash);
	store_bind_text(stmt, 2, t->case_id);
	store_bind_text(stmt, 3, t->step);
	store_bind_text(stmt, 4, t->recipient);
	sqlite3_bind_int64(stmt, 5, t->version);
	sqlite3_bind_int64(stmt, 6, t->expires_at);
	store_bind_text(stmt, 7, text);
	rv = store_done(st, stmt);
	g_free(text);
	return rv;
}

int
store_token_get(struct store *st, const char *token, struct store_token *t)
{
	static const char q[] =
	    "SELECT case_id, step, recipient, version, expires_at, spent_at,"
	    " sent_text FROM tokens WHERE token_hash = ?";
	sqlite3_stmt *stmt;
	char hash[65];
	int r;

	memset(t, 0, sizeof(*t));
	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_token_hash(token, hash);
	store_bind_text(stmt, 1, hash);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		const unsigned char *sent = sqlite3_column_text(stmt, 6);

		t->token = xstrdup(token);
		t->case_id = store_column_dup(stmt, 0);
		t->step = store_column_dup(stmt, 1);
		t->recipient = store_column_dup(stmt, 2);
		t->version = sqlite3_column_int64(stmt, 3);
		t->expires_at = sqlite3_column_int64(stmt, 4);
		t->spent_at = sqlite3_column_int64(stmt, 5);
		if (sent != NULL) {
			gchar *back = store_replace((const char *)sent,
			    STORE_TOKEN_MARK, token);

			t->sent_text = xstrdup(back);
			g_free(back);
		}
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
store_token_spend(struct store *st, const char *token, time_t at)
{
	static const char q[] =
	    "UPDATE tokens SET spent_at = ? WHERE token_hash = ?"
	    " AND spent_at IS NULL";
	sqlite3_stmt *stmt;
	char hash[65];

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_token_hash(token, hash);
	sqlite3_bind_int64(stmt, 1, (long long)at);
	store_bind_text(stmt, 2, hash);
	if (store_done(st, stmt) == -1)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

void
store_token_clear(struct store_token *t)
{
	free(t->token);
	free(t->case_id);
	free(t->step);
	free(t->recipient);
	free(t->sent_text);
	memset(t, 0, sizeof(*t));
}

int
store_events_of(struct store *st, const char *case_id,
    int (*fn)(void *, const struct store_event *), void *arg)
{
	static const char q[] =
	    "SELECT id, at, type, actor, detail FROM events WHERE case_id = ?"
	    " ORDER BY id";
	sqlite3_stmt *stmt;
	struct store_event e;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		e.id = sqlite3_column_int64(stmt, 0);
		e.at = (time_t)sqlite3_column_int64(stmt, 1);
		e.type = (const char *)sqlite3_column_text(stmt, 2);
		e.actor = (const char *)sqlite3_column_text(stmt, 3);
		e.detail = (const char *)sqlite3_column_text(stmt, 4);
		if (fn(arg, &e) == -1) {
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

int
store_tokens_of(struct store *st, const char *case_id,
    int (*fn)(void *, const struct store_token *), void *arg)
{
	static const char q[] =
	    "SELECT token_hash, step, recipient, version, expires_at,"
	    " coalesce(spent_at, 0) FROM tokens WHERE case_id = ?"
	    " ORDER BY rowid";
	sqlite3_stmt *stmt;
	struct store_token t;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	memset(&t, 0, sizeof(t));
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		t.token = (char *)sqlite3_column_text(stmt, 0);
		t.case_id = (char *)case_id;
		t.step = (char *)sqlite3_column_text(stmt, 1);
		t.recipient = (char *)sqlite3_column_text(stmt, 2);
		t.version = sqlite3_column_int64(stmt, 3);
		t.expires_at = sqlite3_column_int64(stmt, 4);
		t.spent_at = sqlite3_column_int64(stmt, 5);
		if (fn(arg, &t) == -1) {
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

int
store_case_ids(struct store *st, const char *state, const char *kind,
    int (*fn)(void *, const char *), void *arg)
{
	static const char q[] =
	    "SELECT id FROM cases WHERE (?1 IS NULL OR state = ?1)"
	    " AND (?2 IS NULL OR kind = ?2) ORDER BY received_at, id";
	sqlite3_stmt *stmt;
	int r, rv = 0;
	char *id;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, state);
	store_bind_text(stmt, 2, kind);
	/* Each id is copied out: fn may run other statements. */
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = store_column_dup(stmt, 0);
		r = fn(arg, id);
		free(id);
		if (r == -1) {
			rv = -1;
			break;
		}
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE && rv == 0) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		rv = -1;
	}
	sqlite3_reset(stmt);
	return rv;
}

int
store_fee_items_set(struct store *st, const char *case_id, const char *month,
    int items, time_t at)
{
	static const char q[] =
	    "INSERT INTO fee_items (case_id, month, items, at)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (case_id) DO UPDATE SET"
	    " month = ?2, items = ?3, at = ?4";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	store_bind_text(stmt, 2, month);
	sqlite3_bind_int(stmt, 3, items);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)at);
	return store_done(st, stmt);
}

int
store_fee_items_month(struct store *st, const char *month,
    const char *except_case, int (*fn)(void *, const struct store_fee_items *),
    void *arg)
{
	static const char q[] =
	    "SELECT f.case_id, c.id_number, c.applicant_email, f.items"
	    " FROM fee_items f JOIN cases c ON c.id = f.case_id"
	    " WHERE f.month = ?1 AND f.case_id <> ?2 ORDER BY f.at, f.rowid";
	sqlite3_stmt *stmt;
	struct store_fee_items fi;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, month);
	store_bind_text(stmt, 2, except_case ? except_case : "");
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		fi.case_id = (const char *)sqlite3_column_text(stmt, 0);
		fi.id_number = (const char *)sqlite3_column_text(stmt, 1);
		fi.email = (const char *)sqlite3_column_text(stmt, 2);
		fi.items = sqlite3_column_int(stmt, 3);
		if (fn(arg, &fi) == -1) {
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
