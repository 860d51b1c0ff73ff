/*
 * store.c - the sole sqlite3 user.  The database runs in WAL mode with
 * foreign keys on; each schema change is one migration, applied in its
 * own transaction together with the new PRAGMA user_version.
 *
 * Reply tokens at rest (schema 2).  The database never holds a live
 * token: the tokens table keys each one by the SHA-256 of its lower-case
 * text (tokens carry 192 bits no one can guess, so the hash cannot be
 * turned back); a token in one of our Message-IDs (<case.kind.TOKEN@d>)
 * is stored as <case.kind.h-HASH@d>, lookups hashing the same way; the
 * notification kept for quote.c holds a placeholder where the token was,
 * put back from the token the caller looks up with; and a mail's bytes
 * leave the outbox once it is sent (the spool keeps them).  Only a mail
 * still queued (or refused) holds its token in the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "workflow.h"
#include "xmalloc.h"

struct store_cached {
	const char	*sql;
	sqlite3_stmt	*stmt;
};

struct store {
	sqlite3		*db;
	char		*path;
	struct store_cached *stmts;
	size_t		 nstmts;
	int		 lazy;		/* in a store_begin_lazy() */
};

/*
 * Migrations, oldest first: migrations[i] takes the schema from version
 * i to version i + 1.  Never edit one that has shipped; add another.
 */
static const char *const migrations[] = {
	/* 1: mails seen, the holding pen, cases, events, reply tokens,
	 * the outbox, the answer clock's parts, alerts. */
	"CREATE TABLE mails ("
	"  id INTEGER PRIMARY KEY,"
	"  uidvalidity INTEGER,"
	"  uid INTEGER,"
	"  message_id TEXT,"
	"  sha256 TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  arrived_at INTEGER NOT NULL,"
	"  spool_path TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  outcome TEXT NOT NULL,"
	"  case_id TEXT,"
	"  detail TEXT"
	");"
	"CREATE UNIQUE INDEX mails_imap ON mails(uidvalidity, uid)"
	"  WHERE uid IS NOT NULL;"
	"CREATE INDEX mails_sha256 ON mails(sha256);"
	"CREATE TABLE attachments ("
	"  id INTEGER PRIMARY KEY,"
	"  mail_id INTEGER NOT NULL REFERENCES mails(id),"
	"  sha256 TEXT NOT NULL,"
	"  filename TEXT NOT NULL,"
	"  content_type TEXT,"
	"  size INTEGER NOT NULL,"
	"  spool_path TEXT NOT NULL"
	");"
	"CREATE INDEX attachments_mail ON attachments(mail_id);"
	"CREATE TABLE pen ("
	"  mail_id INTEGER PRIMARY KEY REFERENCES mails(id),"
	"  reason TEXT NOT NULL,"
	"  sender TEXT,"
	"  subject TEXT,"
	"  received_at INTEGER NOT NULL,"
	"  resolved_at INTEGER,"
	"  resolved_case TEXT"
	");"
	"CREATE TABLE imap_state ("
	"  mailbox TEXT PRIMARY KEY,"
	"  uidvalidity INTEGER NOT NULL,"
	"  last_uid INTEGER NOT NULL"
	");"
	"CREATE TABLE case_seq ("
	"  year INTEGER PRIMARY KEY,"
	"  last INTEGER NOT NULL"
	");"
	"CREATE TABLE cases ("
	"  id TEXT PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  state TEXT NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  received_at INTEGER NOT NULL,"
	"  applicant_email TEXT,"
	"  applicant_name TEXT,"
	"  subject TEXT,"
	"  mail_id INTEGER REFERENCES mails(id),"
	"  closed_at INTEGER,"
	"  step TEXT,"
	"  assignee TEXT,"
	"  division TEXT,"
	"  receipt_date TEXT,"
	"  due_date TEXT,"
	"  due_provisional INTEGER NOT NULL DEFAULT 0,"
	"  paused_on TEXT,"
	"  resume_state TEXT,"
	"  correction_used INTEGER NOT NULL DEFAULT 0,"
	"  extension_used INTEGER NOT NULL DEFAULT 0,"
	"  answer_type TEXT,"
	"  draft TEXT,"
	"  draft_mail_id INTEGER,"
	"  third_party TEXT,"
	"  fee_fen INTEGER,"
	"  lang TEXT NOT NULL DEFAULT 'zh',"
	"  thread_msgid TEXT,"
	"  applicant_type TEXT NOT NULL DEFAULT 'natural',"
	"  id_type TEXT,"
	"  id_number TEXT,"
	"  phone TEXT,"
	"  postal_address TEXT,"
	"  description TEXT,"
	"  delivery TEXT,"
	"  medium TEXT"
	");"
	"CREATE INDEX cases_state ON cases(state);"
	"CREATE TABLE case_messages ("
	"  message_id TEXT PRIMARY KEY,"
	"  case_id TEXT NOT NULL REFERENCES cases(id),"
	"  direction TEXT NOT NULL"
	");"
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id TEXT NOT NULL REFERENCES cases(id),"
	"  at INTEGER NOT NULL,"
	"  type TEXT NOT NULL,"
	"  actor TEXT,"
	"  detail TEXT,"
	"  mail_id INTEGER REFERENCES mails(id)"
	");"
	"CREATE INDEX events_case ON events(case_id, id);"
	"CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER events_append_only_d BEFORE DELETE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TABLE tokens ("
	"  token TEXT PRIMARY KEY,"
	"  case_id TEXT NOT NULL REFERENCES cases(id),"
	"  step TEXT NOT NULL,"
	"  recipient TEXT NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  spent_at INTEGER,"
	"  sent_text TEXT"
	");"
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id TEXT REFERENCES cases(id),"
	"  kind TEXT NOT NULL,"
	"  to_addr TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  message_id TEXT NOT NULL UNIQUE,"
	"  envelope_from TEXT NOT NULL,"
	"  raw BLOB NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'queued'"
	"    CHECK (state IN ('queued', 'sent', 'failed')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  next_attempt_at INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  sent_at INTEGER,"
	"  spool_path TEXT"
	");"
	"CREATE INDEX outbox_due ON outbox(state, next_attempt_at);"
	/* Deadlines (sweep.c): open cases by due date (the reminders and
	 * the digest read ranges of it, never every case), the provisional
	 * ones, paused clocks by the day they stopped (fee and third-party
	 * windows), activity by time (idle steps), the answer clock's pauses
	 * and extension (to recompute a provisional date), and the alerts
	 * sent, each once per (case, clock, threshold, version); case_id
	 * is '' for an alert about no case. */
	"CREATE INDEX cases_open_due ON cases(due_date, state)"
	"  WHERE state NOT IN (" WF_SQL_CLOSED ");"
	"CREATE INDEX cases_provisional ON cases(due_date, state)"
	"  WHERE due_provisional = 1"
	"  AND state NOT IN (" WF_SQL_CLOSED ");"
	"CREATE INDEX cases_paused ON cases(state, paused_on)"
	"  WHERE paused_on IS NOT NULL;"
	"CREATE INDEX events_at ON events(at);"
	"CREATE TABLE clock_parts ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id TEXT NOT NULL REFERENCES cases(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('pause', 'extension')),"
	"  from_date TEXT NOT NULL,"
	"  to_date TEXT,"
	"  days INTEGER NOT NULL,"
	"  at INTEGER NOT NULL"
	");"
	"CREATE INDEX clock_parts_case ON clock_parts(case_id, id);"
	"CREATE TABLE alerts ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id TEXT NOT NULL,"
	"  clock TEXT NOT NULL,"
	"  threshold INTEGER NOT NULL,"
	"  version TEXT NOT NULL,"
	"  day TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  UNIQUE (case_id, clock, threshold, version)"
	");",
	/* 2: reply tokens at rest only as hashes (see the top). */
	"CREATE TABLE tokens_hashed ("
	"  token_hash TEXT PRIMARY KEY,"
	"  case_id TEXT NOT NULL REFERENCES cases(id),"
	"  step TEXT NOT NULL,"
	"  recipient TEXT NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  spent_at INTEGER,"
	"  sent_text TEXT"
	");"
	"INSERT INTO tokens_hashed SELECT gk_token_hash(token), case_id, step,"
	"  recipient, version, expires_at, spent_at,"
	"  replace(sent_text, lower(token), '[[gongkai-reply-token]]')"
	"  FROM tokens;"
	"DROP TABLE tokens;"
	"ALTER TABLE tokens_hashed RENAME TO tokens;"
	"UPDATE OR IGNORE case_messages"
	"  SET message_id = gk_msgid_at_rest(message_id);"
	"UPDATE outbox SET message_id = gk_msgid_at_rest(message_id);"
	"UPDATE outbox SET raw = X'' WHERE state = 'sent'"
	"  AND spool_path IS NOT NULL;",
	/* 3: acknowledgments a day per sender address and per domain
	 * (request.c's limit), and the mail the limit held, for the
	 * digest. */
	"CREATE INDEX outbox_ack_addr ON outbox(lower(to_addr), created_at)"
	"  WHERE kind = 'ack';"
	"CREATE INDEX outbox_ack_domain ON outbox("
	"  lower(substr(to_addr, instr(to_addr, '@') + 1)), created_at)"
	"  WHERE kind = 'ack';"
	"CREATE INDEX pen_open_reason ON pen(reason)"
	"  WHERE resolved_at IS NULL;",
};

/* Where a token stood in a notification kept in the database. */
#define STORE_TOKEN_MARK	"[[gongkai-reply-token]]"
#define STORE_TOKEN_LEN		40	/* characters (token.h) */

#define NMIGRATIONS	(sizeof(migrations) / sizeof(migrations[0]))

_Static_assert(NMIGRATIONS == STORE_SCHEMA_VERSION,
    "one migration per schema version");

/* The SHA-256 of a token's lower-case text, as hex, into out[65]. */
static void
store_token_hash(const char *token, char out[65])
{
	gchar *low = g_ascii_strdown(token, -1);
	gchar *hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, low, -1);

	g_strlcpy(out, hex, 65);
	g_free(hex);
	g_free(low);
}

/* 1 when s[0..len) is a token's shape: 40 characters of base32. */
static int
store_token_shape(const char *s, size_t len)
{
	size_t i;

	if (len != STORE_TOKEN_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (!g_ascii_isalpha(s[i]) && !(s[i] >= '2' && s[i] <= '7'))
			return 0;
	return 1;
}

/*
 * A Message-ID as the database keeps it: a token as the last word of
 * the local part (<case.kind.TOKEN@domain>) becomes h-HASH; any other is
 * kept as it is.  The caller frees it.
 */
static char *
store_msgid_at_rest(const char *msgid)
{
	const char *at, *w;
	char hash[65];
	char *tok, *rv;

	if (msgid == NULL)
		return NULL;
	if ((at = strrchr(msgid, '@')) == NULL)
		return xstrdup(msgid);
	for (w = at; w > msgid && w[-1] != '.' && w[-1] != '<'; w--)
		;
	if (!store_token_shape(w, (size_t)(at - w)))
		return xstrdup(msgid);
	tok = xstrndup(w, (size_t)(at - w));
	store_token_hash(tok, hash);
	rv = xasprintf("%.*sh-%s%s", (int)(w - msgid), msgid, hash, at);
	free(tok);
	return rv;
}

/* `text` with every occurrence of `from` (ASCII case aside) as `to`. */
static char *
store_replace(const char *text, const char *from, const char *to)
{
	GString *s = g_string_new(NULL);
	size_t n = strlen(from);
	const char *p = text;

	while (*p != '\0') {
		if (n > 0 && g_ascii_strncasecmp(p, from, n) == 0) {
			g_string_append(s, to);
			p += n;
		} else
			g_string_append_c(s, *p++);
	}
	return xgstring_free(s);
}

/* SQL functions for the migration: gk_token_hash(t), gk_msgid_at_rest(m). */
static void
store_sql_token_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *t = sqlite3_value_text(argv[0]);
	char hash[65];

	(void)argc;
	if (t == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	store_token_hash((const char *)t, hash);
	sqlite3_result_text(ctx, hash, -1, SQLITE_TRANSIENT);
}

static void
store_sql_msgid_at_rest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *m = sqlite3_value_text(argv[0]);
	char *r;

	(void)argc;
	if (m == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	r = store_msgid_at_rest((const char *)m);
	sqlite3_result_text(ctx, r, -1, SQLITE_TRANSIENT);
	free(r);
}

static int
store_exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_warnx("%s: %s", st->path, msg ? msg : "unknown error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

struct store *
store_open(const char *path, int create, char **errp)
{
	struct store *st;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (create)
		flags |= SQLITE_OPEN_CREATE;
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		*errp = xasprintf("%s: %s%s", path,
		    st->db ? sqlite3_errmsg(st->db) : "out of memory",
		    create ? "" : " (gongkai init creates it)");
		store_close(st);
		return NULL;
	}
	sqlite3_busy_timeout(st->db, 10000);
	sqlite3_extended_result_codes(st->db, 1);
	if (sqlite3_create_function(st->db, "gk_token_hash", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, store_sql_token_hash,
	    NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(st->db, "gk_msgid_at_rest", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, store_sql_msgid_at_rest,
	    NULL, NULL) != SQLITE_OK) {
		*errp = xasprintf("%s: %s", path, sqlite3_errmsg(st->db));
		store_close(st);
		return NULL;
	}
	if (store_exec(st, "PRAGMA journal_mode = WAL;") == -1 ||
	    store_exec(st, "PRAGMA foreign_keys = ON;") == -1 ||
	    store_exec(st, "PRAGMA synchronous = FULL;") == -1) {
		*errp = xasprintf("%s: %s", path, sqlite3_errmsg(st->db));
		store_close(st);
		return NULL;
	}
	return st;
}

void
store_close(struct store *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nstmts; i++)
		sqlite3_finalize(st->stmts[i].stmt);
	free(st->stmts);
	if (st->db != NULL)
		sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int
store_schema_version(struct store *st)
{
	sqlite3_stmt *stmt;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

int
store_migrate(struct store *st, char **errp)
{
	int v;
	char pragma[64];

	if ((v = store_schema_version(st)) < 0) {
		*errp = xasprintf("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	if (v > STORE_SCHEMA_VERSION) {
		*errp = xasprintf("%s: schema version %d is newer than this "
		    "gongkai's %d", st->path, v, STORE_SCHEMA_VERSION);
		return -1;
	}
	for (; v < STORE_SCHEMA_VERSION; v++) {
		/* The pragma takes no parameter; v is our own integer. */
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d;",
		    v + 1);
		if (store_exec(st, "BEGIN IMMEDIATE;") == -1)
			goto fail;
		if (store_exec(st, migrations[v]) == -1 ||
		    store_exec(st, pragma) == -1) {
			store_rollback(st);
			goto fail;
		}
		if (store_exec(st, "COMMIT;") == -1) {
			store_rollback(st);
			goto fail;
		}
		log_info("%s: schema migrated to version %d", st->path, v + 1);
	}
	return 0;
fail:
	*errp = xasprintf("%s: migration to version %d failed: %s", st->path,
	    v + 1, sqlite3_errmsg(st->db));
	return -1;
}

int
store_savepoint(struct store *st)
{
	return store_exec(st, "SAVEPOINT item;");
}

int
store_release(struct store *st)
{
	return store_exec(st, "RELEASE item;");
}

int
store_rollback_savepoint(struct store *st)
{
	return store_exec(st, "ROLLBACK TO item; RELEASE item;");
}

int
store_begin(struct store *st)
{
	return store_exec(st, "BEGIN IMMEDIATE;");
}

/* After a lazy transaction, the next commits wait for the disk again. */
static void
store_unlazy(struct store *st)
{
	if (st->lazy && store_exec(st, "PRAGMA synchronous = FULL;") == -1)
		fatalx("%s: cannot restore synchronous = FULL", st->path);
	st->lazy = 0;
}

int
store_commit(struct store *st)
{
	int rv = store_exec(st, "COMMIT;");

	if (rv == 0)
		store_unlazy(st);
	return rv;
}

int
store_begin_lazy(struct store *st)
{
	/* WAL: NORMAL writes a commit to the log without an fsync.  The
	 * level may change only outside a transaction. */
	if (store_exec(st, "PRAGMA synchronous = NORMAL;") == -1)
		return -1;
	st->lazy = 1;
	if (store_begin(st) == -1) {
		store_unlazy(st);
		return -1;
	}
	return 0;
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		(void)store_exec(st, "ROLLBACK;");
	store_unlazy(st);
}

/*
 * Prepared statements, cached by the address of their (static) SQL text.
 * Every query goes through here: no SQL is ever built from data.
 */
static sqlite3_stmt *
store_stmt(struct store *st, const char *sql)
{
	size_t i;
	sqlite3_stmt *stmt;

	for (i = 0; i < st->nstmts; i++)
		if (st->stmts[i].sql == sql) {
			sqlite3_reset(st->stmts[i].stmt);
			sqlite3_clear_bindings(st->stmts[i].stmt);
			return st->stmts[i].stmt;
		}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &stmt, NULL) != SQLITE_OK) {
		log_warnx("%s: prepare: %s", st->path, sqlite3_errmsg(st->db));
		return NULL;
	}
	st->stmts = xreallocarray(st->stmts, st->nstmts + 1,
	    sizeof(*st->stmts));
	st->stmts[st->nstmts].sql = sql;
	st->stmts[st->nstmts].stmt = stmt;
	st->nstmts++;
	return stmt;
}

static void
bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

static char *
column_dup(sqlite3_stmt *stmt, int i)
{
	const unsigned char *t = sqlite3_column_text(stmt, i);

	return t ? xstrdup((const char *)t) : NULL;
}

/* Steps a statement that returns no row; 0 or -1. */
static int
store_done(struct store *st, sqlite3_stmt *stmt)
{
	int r = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (r != SQLITE_DONE) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

/* Steps a statement returning at most one text column; NULL if no row. */
static char *
store_text1(struct store *st, sqlite3_stmt *stmt)
{
	char *rv = NULL;
	int r = sqlite3_step(stmt);

	if (r == SQLITE_ROW)
		rv = column_dup(stmt, 0);
	else if (r != SQLITE_DONE)
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
	sqlite3_reset(stmt);
	return rv;
}

/* Steps a statement returning one integer; `none` if no row, -1 on error. */
static long long
store_int1(struct store *st, sqlite3_stmt *stmt, long long none)
{
	long long rv = none;
	int r = sqlite3_step(stmt);

	if (r == SQLITE_ROW)
		rv = sqlite3_column_int64(stmt, 0);
	else if (r != SQLITE_DONE) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		rv = -1;
	}
	sqlite3_reset(stmt);
	return rv;
}

long long
store_mail_find(struct store *st, long long uidvalidity, long long uid,
    const char *sha256)
{
	static const char q_uid[] =
	    "SELECT id FROM mails WHERE uidvalidity = ? AND uid = ?";
	static const char q_hash[] = "SELECT id FROM mails WHERE sha256 = ?";
	sqlite3_stmt *stmt;
	long long id;

	if (uidvalidity != 0) {
		if ((stmt = store_stmt(st, q_uid)) == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, uidvalidity);
		sqlite3_bind_int64(stmt, 2, uid);
		if ((id = store_int1(st, stmt, 0)) != 0)
			return id;
	}
	if ((stmt = store_stmt(st, q_hash)) == NULL)
		return -1;
	bind_text(stmt, 1, sha256);
	return store_int1(st, stmt, 0);
}

long long
store_mail_add(struct store *st, const struct store_mail *m)
{
	static const char q[] =
	    "INSERT INTO mails (uidvalidity, uid, message_id, sha256, size,"
	    " arrived_at, spool_path, source, outcome, case_id, detail)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	if (m->uidvalidity != 0) {
		sqlite3_bind_int64(stmt, 1, m->uidvalidity);
		sqlite3_bind_int64(stmt, 2, m->uid);
	}
	bind_text(stmt, 3, m->message_id);
	bind_text(stmt, 4, m->sha256);
	sqlite3_bind_int64(stmt, 5, m->size);
	sqlite3_bind_int64(stmt, 6, (long long)m->arrived_at);
	bind_text(stmt, 7, m->spool_path);
	bind_text(stmt, 8, m->source);
	bind_text(stmt, 9, m->outcome);
	bind_text(stmt, 10, m->case_id);
	bind_text(stmt, 11, m->detail);
	if (store_done(st, stmt) == -1)
		return -1;
	return sqlite3_last_insert_rowid(st->db);
}

char *
store_mail_spool_path(struct store *st, long long id)
{
	static const char q[] = "SELECT spool_path FROM mails WHERE id = ?";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	return store_text1(st, stmt);
}

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
	bind_text(stmt, 1, id);
	bind_text(stmt, 2, kind);
	bind_text(stmt, 3, state);
	sqlite3_bind_int64(stmt, 4, (long long)received_at);
	bind_text(stmt, 5, email);
	bind_text(stmt, 6, name);
	bind_text(stmt, 7, subject);
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
	bind_text(stmt, 1, case_id);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		*state = column_dup(stmt, 0);
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
	bind_text(stmt, 1, case_id);
	sqlite3_bind_int64(stmt, 2, (long long)at);
	bind_text(stmt, 3, type);
	bind_text(stmt, 4, actor);
	bind_text(stmt, 5, detail);
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
	bind_text(stmt, 1, rest);
	bind_text(stmt, 2, case_id);
	bind_text(stmt, 3, direction);
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
	bind_text(stmt, 1, rest);
	rv = store_text1(st, stmt);
	free(rest);
	return rv;
}

/* The acknowledgment limit's queries; each searches its index. */
static const char ack_q_addr[] =
    "SELECT count(*) FROM outbox WHERE kind = 'ack'"
    " AND lower(to_addr) = lower(?1) AND created_at >= ?2"
    " AND created_at < ?3";
static const char ack_q_domain[] =
    "SELECT count(*) FROM outbox WHERE kind = 'ack'"
    " AND lower(substr(to_addr, instr(to_addr, '@') + 1)) = lower(?1)"
    " AND created_at >= ?2 AND created_at < ?3";
static const char pen_q_open_reason[] =
    "SELECT count(*) FROM pen WHERE reason = ?1 AND resolved_at IS NULL";

long long
store_ack_count(struct store *st, const char *addr, const char *domain,
    time_t from, time_t to)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, addr != NULL ? ack_q_addr :
	    ack_q_domain)) == NULL)
		return -1;
	bind_text(stmt, 1, addr != NULL ? addr : domain);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)from);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)to);
	return store_int1(st, stmt, 0);
}

long long
store_pen_count(struct store *st, const char *reason)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, pen_q_open_reason)) == NULL)
		return -1;
	bind_text(stmt, 1, reason);
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
	bind_text(stmt, 1, hash);
	return store_text1(st, stmt);
}

int
store_pen_add(struct store *st, const struct store_pen *p)
{
	static const char q[] =
	    "INSERT OR IGNORE INTO pen (mail_id, reason, sender, subject,"
	    " received_at) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, p->mail_id);
	bind_text(stmt, 2, p->reason);
	bind_text(stmt, 3, p->sender);
	bind_text(stmt, 4, p->subject);
	sqlite3_bind_int64(stmt, 5, (long long)p->received_at);
	return store_done(st, stmt);
}

int
store_pen_list(struct store *st, int (*fn)(void *, const struct store_pen *),
    void *arg)
{
	static const char q[] =
	    "SELECT mail_id, reason, sender, subject, received_at FROM pen"
	    " WHERE resolved_at IS NULL ORDER BY received_at, mail_id";
	sqlite3_stmt *stmt;
	struct store_pen p;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		p.mail_id = sqlite3_column_int64(stmt, 0);
		p.reason = (const char *)sqlite3_column_text(stmt, 1);
		p.sender = (const char *)sqlite3_column_text(stmt, 2);
		p.subject = (const char *)sqlite3_column_text(stmt, 3);
		p.received_at = (time_t)sqlite3_column_int64(stmt, 4);
		if (fn(arg, &p) == -1) {
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
store_pen_resolve(struct store *st, long long mail_id, const char *case_id,
    time_t at)
{
	static const char q[] =
	    "UPDATE pen SET resolved_at = ?, resolved_case = ?"
	    " WHERE mail_id = ? AND resolved_at IS NULL";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)at);
	bind_text(stmt, 2, case_id);
	sqlite3_bind_int64(stmt, 3, mail_id);
	if (store_done(st, stmt) == -1)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

long long
store_imap_uidvalidity(struct store *st, const char *mailbox)
{
	static const char q[] =
	    "SELECT uidvalidity FROM imap_state WHERE mailbox = ?";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	bind_text(stmt, 1, mailbox);
	return store_int1(st, stmt, 0);
}

int
store_imap_set_uidvalidity(struct store *st, const char *mailbox,
    long long uidvalidity)
{
	static const char q[] =
	    "INSERT INTO imap_state (mailbox, uidvalidity, last_uid)"
	    " VALUES (?, ?, 0) ON CONFLICT (mailbox)"
	    " DO UPDATE SET uidvalidity = excluded.uidvalidity";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	bind_text(stmt, 1, mailbox);
	sqlite3_bind_int64(stmt, 2, uidvalidity);
	return store_done(st, stmt);
}

int
store_pen_redeliver(struct store *st, long long mail_id, const char *case_id,
    const char *actor, time_t at)
{
	static const char q_pen[] =
	    "SELECT p.reason, m.message_id FROM pen p JOIN mails m"
	    " ON m.id = p.mail_id WHERE p.mail_id = ? AND p.resolved_at IS NULL";
	static const char q_mail[] =
	    "UPDATE mails SET outcome = 'case-mail', case_id = ? WHERE id = ?";
	sqlite3_stmt *stmt;
	char *state = NULL, *reason = NULL, *msgid = NULL, *detail = NULL;
	int r, rv = -1;

	if ((r = store_case_state(st, case_id, &state)) != 1)
		return r;
	free(state);
	if ((stmt = store_stmt(st, q_pen)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, mail_id);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		reason = column_dup(stmt, 0);
		msgid = column_dup(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (r == SQLITE_DONE)
		return 0;
	if (r != SQLITE_ROW) {
		log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	if ((stmt = store_stmt(st, q_mail)) == NULL)
		goto out;
	bind_text(stmt, 1, case_id);
	sqlite3_bind_int64(stmt, 2, mail_id);
	if (store_done(st, stmt) == -1)
		goto out;
	if (msgid != NULL &&
	    store_case_message_add(st, msgid, case_id, "in") == -1)
		goto out;
	detail = xasprintf("filed by hand from the holding pen (%s)", reason);
	if (store_event_add(st, case_id, at, "mail", actor, detail,
	    mail_id) == -1)
		goto out;
	rv = store_pen_resolve(st, mail_id, case_id, at);
out:
	free(reason);
	free(msgid);
	free(detail);
	return rv;
}

int
store_attachment_add(struct store *st, const struct store_attachment *a)
{
	static const char q[] =
	    "INSERT INTO attachments (mail_id, sha256, filename, content_type,"
	    " size, spool_path) VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, a->mail_id);
	bind_text(stmt, 2, a->sha256);
	bind_text(stmt, 3, a->filename);
	bind_text(stmt, 4, a->content_type);
	sqlite3_bind_int64(stmt, 5, a->size);
	bind_text(stmt, 6, a->spool_path);
	return store_done(st, stmt);
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
	bind_text(stmt, 1, id);
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
	c->kind = column_dup(stmt, i++);
	c->state = column_dup(stmt, i++);
	c->version = sqlite3_column_int64(stmt, i++);
	c->received_at = (time_t)sqlite3_column_int64(stmt, i++);
	c->applicant_email = column_dup(stmt, i++);
	c->applicant_name = column_dup(stmt, i++);
	c->subject = column_dup(stmt, i++);
	c->closed_at = (time_t)sqlite3_column_int64(stmt, i++);
	c->step = column_dup(stmt, i++);
	c->assignee = column_dup(stmt, i++);
	c->division = column_dup(stmt, i++);
	c->receipt_date = column_dup(stmt, i++);
	c->due_date = column_dup(stmt, i++);
	c->due_provisional = sqlite3_column_int(stmt, i++);
	c->paused_on = column_dup(stmt, i++);
	c->resume_state = column_dup(stmt, i++);
	c->correction_used = sqlite3_column_int(stmt, i++);
	c->extension_used = sqlite3_column_int(stmt, i++);
	c->answer_type = column_dup(stmt, i++);
	c->draft = column_dup(stmt, i++);
	c->draft_mail_id = sqlite3_column_int64(stmt, i++);
	c->third_party = column_dup(stmt, i++);
	c->fee_fen = sqlite3_column_type(stmt, i) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(stmt, i);
	i++;
	c->lang = column_dup(stmt, i++);
	c->thread_msgid = column_dup(stmt, i++);
	c->applicant_type = column_dup(stmt, i++);
	c->id_type = column_dup(stmt, i++);
	c->id_number = column_dup(stmt, i++);
	c->phone = column_dup(stmt, i++);
	c->postal_address = column_dup(stmt, i++);
	c->description = column_dup(stmt, i++);
	c->delivery = column_dup(stmt, i++);
	c->medium = column_dup(stmt, i++);
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
	bind_text(stmt, i++, c->kind);
	bind_text(stmt, i++, c->state);
	sqlite3_bind_int64(stmt, i++, c->version);
	sqlite3_bind_int64(stmt, i++, (long long)c->received_at);
	bind_text(stmt, i++, c->applicant_email);
	bind_text(stmt, i++, c->applicant_name);
	bind_text(stmt, i++, c->subject);
	if (c->closed_at != 0)
		sqlite3_bind_int64(stmt, i, (long long)c->closed_at);
	i++;
	bind_text(stmt, i++, c->step);
	bind_text(stmt, i++, c->assignee);
	bind_text(stmt, i++, c->division);
	bind_text(stmt, i++, c->receipt_date);
	bind_text(stmt, i++, c->due_date);
	sqlite3_bind_int(stmt, i++, c->due_provisional);
	bind_text(stmt, i++, c->paused_on);
	bind_text(stmt, i++, c->resume_state);
	sqlite3_bind_int(stmt, i++, c->correction_used);
	sqlite3_bind_int(stmt, i++, c->extension_used);
	bind_text(stmt, i++, c->answer_type);
	bind_text(stmt, i++, c->draft);
	if (c->draft_mail_id > 0)
		sqlite3_bind_int64(stmt, i, c->draft_mail_id);
	i++;
	bind_text(stmt, i++, c->third_party);
	if (c->fee_fen >= 0)
		sqlite3_bind_int64(stmt, i, c->fee_fen);
	i++;
	bind_text(stmt, i++, c->lang ? c->lang : "zh");
	bind_text(stmt, i++, c->thread_msgid);
	bind_text(stmt, i++, c->applicant_type ? c->applicant_type :
	    "natural");
	bind_text(stmt, i++, c->id_type);
	bind_text(stmt, i++, c->id_number);
	bind_text(stmt, i++, c->phone);
	bind_text(stmt, i++, c->postal_address);
	bind_text(stmt, i++, c->description);
	bind_text(stmt, i++, c->delivery);
	bind_text(stmt, i++, c->medium);
	bind_text(stmt, i++, c->id);
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
	bind_text(stmt, 1, hash);
	bind_text(stmt, 2, t->case_id);
	bind_text(stmt, 3, t->step);
	bind_text(stmt, 4, t->recipient);
	sqlite3_bind_int64(stmt, 5, t->version);
	sqlite3_bind_int64(stmt, 6, t->expires_at);
	bind_text(stmt, 7, text);
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
	bind_text(stmt, 1, hash);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		const unsigned char *sent = sqlite3_column_text(stmt, 6);

		t->token = xstrdup(token);
		t->case_id = column_dup(stmt, 0);
		t->step = column_dup(stmt, 1);
		t->recipient = column_dup(stmt, 2);
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
	bind_text(stmt, 2, hash);
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
store_attachments_of(struct store *st, long long mail_id,
    int (*fn)(void *, const struct store_attachment *), void *arg)
{
	static const char q[] =
	    "SELECT sha256, filename, content_type, size, spool_path"
	    " FROM attachments WHERE mail_id = ? ORDER BY id";
	sqlite3_stmt *stmt;
	struct store_attachment a;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, mail_id);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		a.mail_id = mail_id;
		a.sha256 = (const char *)sqlite3_column_text(stmt, 0);
		a.filename = (const char *)sqlite3_column_text(stmt, 1);
		a.content_type = (const char *)sqlite3_column_text(stmt, 2);
		a.size = sqlite3_column_int64(stmt, 3);
		a.spool_path = (const char *)sqlite3_column_text(stmt, 4);
		if (fn(arg, &a) == -1) {
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
store_mail_set_case(struct store *st, long long mail_id, const char *case_id)
{
	static const char q[] = "UPDATE mails SET case_id = ? WHERE id = ?";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	bind_text(stmt, 1, case_id);
	sqlite3_bind_int64(stmt, 2, mail_id);
	return store_done(st, stmt);
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
	bind_text(stmt, 1, case_id);
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
	bind_text(stmt, 1, state);
	bind_text(stmt, 2, kind);
	/* Each id is copied out: fn may run other statements. */
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = column_dup(stmt, 0);
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

/* ------------------------------------------------------------------ */
/* The outbox                                                          */

#define OUTBOX_COLS \
	"id, case_id, kind, to_addr, subject, message_id, envelope_from," \
	" state, attempts, last_error, next_attempt_at, created_at," \
	" sent_at, spool_path"

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
	if (with_raw) {
		o->raw = sqlite3_column_blob(stmt, 14);
		o->raw_len = (size_t)sqlite3_column_bytes(stmt, 14);
	}
}

long long
store_outbox_add(struct store *st, const struct store_outbox *o)
{
	static const char q[] =
	    "INSERT INTO outbox (case_id, kind, to_addr, subject, message_id,"
	    " envelope_from, raw, next_attempt_at, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt;
	char *rest;
	long long rv = -1;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	rest = store_msgid_at_rest(o->message_id);
	bind_text(stmt, 1, o->case_id);
	bind_text(stmt, 2, o->kind);
	bind_text(stmt, 3, o->to_addr);
	bind_text(stmt, 4, o->subject ? o->subject : "");
	bind_text(stmt, 5, rest);
	bind_text(stmt, 6, o->envelope_from);
	sqlite3_bind_blob64(stmt, 7, o->raw, (sqlite3_uint64)o->raw_len,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 8, (long long)o->next_attempt_at);
	sqlite3_bind_int64(stmt, 9, (long long)o->created_at);
	if (store_done(st, stmt) == 0)
		rv = sqlite3_last_insert_rowid(st->db);
	free(rest);
	return rv;
}

int
store_outbox_due(struct store *st, time_t now, size_t max, long long **idsp)
{
	static const char q[] =
	    "SELECT id FROM outbox WHERE state = 'queued'"
	    " AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?";
	sqlite3_stmt *stmt;
	long long *ids = NULL;
	int r, n = 0;

	*idsp = NULL;
	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)now);
	sqlite3_bind_int64(stmt, 2, (long long)max);
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
	    "SELECT " OUTBOX_COLS ", raw FROM outbox WHERE id = ?";
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
store_outbox_sent(struct store *st, long long id, time_t at,
    const char *spool_path)
{
	static const char q[] =
	    "UPDATE outbox SET state = 'sent', attempts = attempts + 1,"
	    " sent_at = ?, spool_path = ?, last_error = NULL,"
	    " raw = CASE WHEN ?2 IS NULL THEN raw ELSE X'' END"
	    " WHERE id = ? AND state = 'queued'";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)at);
	bind_text(stmt, 2, spool_path);
	sqlite3_bind_int64(stmt, 3, id);
	return outbox_update(st, stmt);
}

int
store_outbox_deferred(struct store *st, long long id, const char *error,
    time_t next_attempt_at)
{
	static const char q[] =
	    "UPDATE outbox SET attempts = attempts + 1, last_error = ?,"
	    " next_attempt_at = ? WHERE id = ? AND state = 'queued'";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	bind_text(stmt, 1, error);
	sqlite3_bind_int64(stmt, 2, (long long)next_attempt_at);
	sqlite3_bind_int64(stmt, 3, id);
	return outbox_update(st, stmt);
}

int
store_outbox_failed(struct store *st, long long id, const char *error)
{
	static const char q[] =
	    "UPDATE outbox SET state = 'failed', attempts = attempts + 1,"
	    " last_error = ? WHERE id = ? AND state = 'queued'";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	bind_text(stmt, 1, error);
	sqlite3_bind_int64(stmt, 2, id);
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
	bind_text(stmt, 1, addr);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		*idp = sqlite3_column_int64(stmt, 0);
		*case_idp = column_dup(stmt, 1);
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
	bind_text(stmt, 1, error);
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
	    "SELECT min(next_attempt_at) FROM outbox WHERE state = 'queued'";
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

int
store_report_groups(struct store *st, long long lo, long long hi,
    int (*fn)(void *, const struct store_report_group *), void *arg)
{
	static const char q[] =
	    "SELECT applicant_type, answer_type, state = ?3 AS w,"
	    " total(received_at >= ?1 AND received_at < ?2),"
	    " total(received_at < ?1 AND (closed_at IS NULL"
	    "  OR closed_at >= ?1)),"
	    " total(closed_at >= ?1 AND closed_at < ?2),"
	    " total(received_at < ?2 AND (closed_at IS NULL"
	    "  OR closed_at >= ?2)),"
	    " total(closed_at < received_at"
	    "  OR (state IN (" WF_SQL_CLOSED "))"
	    "  <> (closed_at IS NOT NULL))"
	    " FROM cases WHERE" REPORT_TOUCHES
	    " GROUP BY applicant_type, answer_type, w";
	sqlite3_stmt *stmt;
	struct store_report_group g;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, lo);
	sqlite3_bind_int64(stmt, 2, hi);
	bind_text(stmt, 3, workflow_state_name(WF_WITHDRAWN));
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		g.applicant_type = (const char *)sqlite3_column_text(stmt, 0);
		g.answer_type = (const char *)sqlite3_column_text(stmt, 1);
		g.withdrawn = sqlite3_column_int(stmt, 2);
		g.received = (long long)sqlite3_column_double(stmt, 3);
		g.carried_over = (long long)sqlite3_column_double(stmt, 4);
		g.closed = (long long)sqlite3_column_double(stmt, 5);
		g.carried_forward = (long long)sqlite3_column_double(stmt, 6);
		g.bad = (long long)sqlite3_column_double(stmt, 7);
		if (fn(arg, &g) == -1) {
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
store_report_cases(struct store *st, long long lo, long long hi,
    int active_only, int (*fn)(void *, const struct store_report_case *),
    void *arg)
{
	static const char q_touch[] =
	    "SELECT id, state, applicant_type, answer_type, receipt_date,"
	    " due_date, received_at, closed_at FROM cases WHERE"
	    REPORT_TOUCHES " ORDER BY received_at, id";
	static const char q_active[] =
	    "SELECT id, state, applicant_type, answer_type, receipt_date,"
	    " due_date, received_at, closed_at FROM cases"
	    " WHERE kind = 'request' AND ((received_at >= ?1"
	    " AND received_at < ?2) OR (closed_at >= ?1 AND closed_at < ?2))";
	sqlite3_stmt *stmt;
	struct store_report_case c;
	int r, rv = 0;

	if ((stmt = store_stmt(st, active_only ? q_active : q_touch)) == NULL)
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
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
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
	/* "+at": one pass over the events; an index on `at` alone would
	 * fetch each of the year's events by a random lookup, 20 times
	 * slower over a million cases. */
	static const char q[] =
	    "SELECT count(*), coalesce(sum(fee_fen), 0) FROM cases"
	    " WHERE kind = 'request' AND id IN (SELECT case_id FROM events"
	    " WHERE type = 'paid' AND +at >= ?1 AND +at < ?2)";
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
store_report_proactive(struct store *st, long long lo, long long hi,
    int (*fn)(void *, const char *, long long), void *arg)
{
	static const char q_has[] =
	    "SELECT count(*) FROM pragma_table_info('cases')"
	    " WHERE name = 'category'";
	static const char q_total[] =
	    "SELECT count(*) FROM cases WHERE kind = 'proactive'"
	    " AND state = ?3 AND closed_at >= ?1 AND closed_at < ?2";
	/* Prepared only once the column is known to exist. */
	static const char q_by[] =
	    "SELECT coalesce(category, ''), count(*) FROM cases"
	    " WHERE kind = 'proactive' AND state = ?3"
	    " AND closed_at >= ?1 AND closed_at < ?2"
	    " GROUP BY 1 ORDER BY 1";
	sqlite3_stmt *stmt;
	long long has, n;
	int r, rv;

	if ((stmt = store_stmt(st, q_has)) == NULL ||
	    (has = store_int1(st, stmt, 0)) < 0)
		return -1;
	if (!has) {
		if ((stmt = store_stmt(st, q_total)) == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, lo);
		sqlite3_bind_int64(stmt, 2, hi);
		bind_text(stmt, 3, workflow_state_name(WF_PUBLISHED));
		if ((n = store_int1(st, stmt, 0)) < 0)
			return -1;
		return fn(arg, NULL, n) == -1 ? -1 : 0;
	}
	if ((stmt = store_stmt(st, q_by)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, lo);
	sqlite3_bind_int64(stmt, 2, hi);
	bind_text(stmt, 3, workflow_state_name(WF_PUBLISHED));
	rv = 1;
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
	bind_text(stmt, 1, before != NULL ? before : "A");
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

int
store_sweep_in_state(struct store *st, const char *state,
    int (*fn)(void *, const struct store_sweep_case *), void *arg)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_state)) == NULL)
		return -1;
	bind_text(stmt, 1, state);
	return sweep_each(st, stmt, fn, arg);
}

int
store_sweep_paused(struct store *st, const char *state, const char *before,
    int (*fn)(void *, const struct store_sweep_case *), void *arg)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_paused)) == NULL)
		return -1;
	bind_text(stmt, 1, state);
	bind_text(stmt, 2, before);
	return sweep_each(st, stmt, fn, arg);
}

int
store_sweep_case(struct store *st, const char *case_id,
    int (*fn)(void *, const struct store_sweep_case *), void *arg)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, sweep_q_case)) == NULL)
		return -1;
	bind_text(stmt, 1, case_id);
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
	bind_text(stmt, 1, today);
	if ((n->overdue = store_int1(st, stmt, 0)) < 0)
		return -1;
	if ((stmt = store_stmt(st, sweep_q_count_running)) == NULL)
		return -1;
	bind_text(stmt, 1, soon);
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
	bind_text(stmt, 1, case_id != NULL ? case_id : "");
	bind_text(stmt, 2, clock);
	sqlite3_bind_int(stmt, 3, threshold);
	bind_text(stmt, 4, version);
	bind_text(stmt, 5, day);
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
	bind_text(stmt, 1, clock);
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
	bind_text(stmt, 1, clock);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW)
		*version = column_dup(stmt, 0);
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
	bind_text(stmt, 1, case_id);
	bind_text(stmt, 2, type);
	r = sqlite3_step(stmt);
	if (r == SQLITE_ROW) {
		*at = (time_t)sqlite3_column_int64(stmt, 0);
		if (detail != NULL)
			*detail = column_dup(stmt, 1);
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
	bind_text(stmt, 3, types_json);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = column_dup(stmt, 0);
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
	bind_text(stmt, 1, case_id);
	bind_text(stmt, 3, types_json);
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
	bind_text(stmt, 1, case_id);
	bind_text(stmt, 2, kind);
	bind_text(stmt, 3, from);
	bind_text(stmt, 4, to);
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
	bind_text(stmt, 1, case_id);
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
	bind_text(stmt, 1, due);
	sqlite3_bind_int(stmt, 2, provisional != 0);
	bind_text(stmt, 3, case_id);
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
		{ "ack_addr", ack_q_addr },
		{ "ack_domain", ack_q_domain },
		{ "pen_reason", pen_q_open_reason },
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
