/*
 * store.c - the database: opening, the schema and its migrations, transactions,
 * the statement cache, and the mails, the holding pen and attachments.  With
 * store_case.c, store_outbox.c and store_report.c (sharing store_p.h) the
 * only sqlite3 user.  The database runs in WAL mode with
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
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store_p.h"
#include "workflow.h"
#include "xmalloc.h"

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
	/* 4: what the daemon says of itself for `gongkai status`: one row
	 * per fact (name), its wall-clock time and a word (store_status.c). */
	"CREATE TABLE daemon_state ("
	"  name TEXT PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  value TEXT"
	");",
	/* 5: a mail is claimed before each attempt (claimed_until, wall
	 * clock: no other process takes it before then), and its queue
	 * lifetime counts from queued_at (the office's clock; `outbox
	 * retry` restarts it). */
	"ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;"
	"ALTER TABLE outbox ADD COLUMN queued_at INTEGER;"
	"UPDATE outbox SET queued_at = created_at;",
	/* 6: the items of each per-item fee notice (109号 Art. 4), by the
	 * calendar month of the request's receipt: the applicant's earlier
	 * items of the month are counted from them (store_case.c). */
	"CREATE TABLE IF NOT EXISTS fee_items ("
	"  case_id TEXT PRIMARY KEY REFERENCES cases(id),"
	"  month TEXT NOT NULL,"
	"  items INTEGER NOT NULL,"
	"  at INTEGER NOT NULL"
	");"
	"CREATE INDEX IF NOT EXISTS fee_items_month ON fee_items(month);",
	/* 7: the formal documents sent, with their numbers (文号): a
	 * series (docnum.h) is numbered 1, 2, 3 ... each year, a number
	 * taken by the row that records its document, in the transaction
	 * that sends it (store_document.c); the PDF as sent, in the
	 * spool. */
	"CREATE TABLE documents ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id TEXT NOT NULL REFERENCES cases(id),"
	"  kind TEXT NOT NULL,"
	"  template TEXT NOT NULL,"
	"  series TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  number TEXT NOT NULL,"
	"  issued TEXT NOT NULL,"
	"  lang TEXT,"
	"  pdf_path TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  message_id TEXT,"
	"  at INTEGER NOT NULL,"
	"  UNIQUE (series, year, n)"
	");"
	"CREATE INDEX documents_case ON documents(case_id);",
	/* 8: indexes for the sweep and the report.  A case's mails of a
	 * kind, newest first (missing acknowledgments): without it, every
	 * request of the window read the whole outbox, the mails the same
	 * sweep had just queued included. */
	"CREATE INDEX outbox_case ON outbox(case_id, kind, id);"
	/* and the requests of a state by receipt (the correction notice's
	 * last days), not every request still being drafted */
	"CREATE INDEX cases_state_receipt ON cases(state, receipt_date);"
	/* and events of some types over a time range (the annual report's
	 * remedies, channels and notes), not every event of the year */
	"CREATE INDEX events_type_at ON events(type, at);"
	/* and the report's table 三 read from an index that covers it, in
	 * the order it groups by, instead of the cases sorted (kind not
	 * first: else it looks selective to every "kind = 'request'") */
	"CREATE INDEX cases_report ON cases(applicant_type, answer_type,"
	"  state, kind, received_at, closed_at);",
	/* 9: the website's webhook, one row per published item, queued in
	 * the transaction that publishes it (store_webhook.c). */
	"CREATE TABLE webhooks ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id TEXT NOT NULL REFERENCES cases(id),"
	"  url TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  idem_key TEXT NOT NULL UNIQUE,"
	"  state TEXT NOT NULL DEFAULT 'queued'"
	"    CHECK (state IN ('queued', 'accepted', 'failed')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  last_status INTEGER,"
	"  last_error TEXT,"
	"  next_attempt_at INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  done_at INTEGER"
	");"
	"CREATE INDEX webhooks_due ON webhooks(state, next_attempt_at);"
	"CREATE INDEX webhooks_case ON webhooks(case_id);",
	/* 10: the annual report's figures from other systems (table 二's
	 * (五), (六), (八)), as `gongkai report set` enters them: every
	 * entry kept, the latest of a year and key counting. */
	"CREATE TABLE report_figures ("
	"  id INTEGER PRIMARY KEY,"
	"  year INTEGER NOT NULL,"
	"  key TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  at INTEGER NOT NULL"
	");"
	"CREATE INDEX report_figures_year ON report_figures(year, key, id);",
	/* 11: a queued mail may hold what it is made of instead of its
	 * bytes (outbox.c composes it at send time): raw is then empty
	 * until the first attempt stores the composed bytes. */
	"ALTER TABLE outbox ADD COLUMN spec TEXT;",
	/* 12: the index of table 三 covers the answer clock's dates too, so
	 * that the report reads the year's cases once, from it alone
	 * (store_report_scan()). */
	"DROP INDEX cases_report;"
	"CREATE INDEX cases_report ON cases(applicant_type, answer_type,"
	"  state, kind, received_at, closed_at, receipt_date, due_date);"
	/* and its fees from two small indexes that cover the query
	 * (store_report_fees()), not the rows of events and cases */
	"CREATE INDEX events_paid ON events(type, at, case_id)"
	"  WHERE type = 'paid';"
	"CREATE INDEX cases_fee ON cases(id, kind, fee_fen)"
	"  WHERE fee_fen IS NOT NULL;",
};

#define STORE_TOKEN_LEN		40	/* characters (token.h) */

#define NMIGRATIONS	(sizeof(migrations) / sizeof(migrations[0]))

_Static_assert(NMIGRATIONS == STORE_SCHEMA_VERSION,
    "one migration per schema version");

/* The SHA-256 of a token's lower-case text, as hex, into out[65]. */
void
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
char *
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
char *
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

int
store_exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_errorx("%s: %s", st->path, msg ? msg : "unknown error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* What a reader can do about a failed read-only open of path. */
static const char *
ro_hint(const char *path, int rc)
{
	if (access(path, F_OK) == -1)
		return errno == ENOENT ? " (gongkai init creates it)" : "";
	if (access(path, R_OK) == -1)
		return " (the read-only commands need read access to it: "
		    "membership of its group)";
	if (rc == SQLITE_READONLY_DIRECTORY || (rc & 0xff) == SQLITE_CANTOPEN)
		return " (a reader needs its -wal and -shm beside it, which "
		    "gongkai init and gongkai run leave there)";
	return "";
}

/*
 * Each mail of a batch is decided under its own savepoint, whose journal
 * holds the pages the mail changes (some 40): SQLite writes it to a
 * temporary file past 64 KiB, three quarters of all the writes of an
 * ingest.  Held in memory up to STORE_SUBJOURNAL_MEMORY, and emptied at
 * each RELEASE.  Once, before SQLite is initialised (else it refuses).
 */
#define STORE_SUBJOURNAL_MEMORY	(4 * 1024 * 1024)

static void
store_configure(void)
{
	static int done;

	if (!done && sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL,
	    STORE_SUBJOURNAL_MEMORY) != SQLITE_OK)
		log_debug("sqlite: statement journals spill at SQLite's "
		    "default size");
	done = 1;
}

struct store *
store_open_ro(const char *path, char **errp)
{
	struct store *st;
	int rc;

	store_configure();
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	if ((rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL)) != SQLITE_OK) {
		*errp = xasprintf("%s: %s%s", path,
		    st->db ? sqlite3_errmsg(st->db) : "out of memory",
		    ro_hint(path, rc));
		store_close(st);
		return NULL;
	}
	sqlite3_busy_timeout(st->db, 10000);
	sqlite3_extended_result_codes(st->db, 1);
	/* Read now, so that what stands in the way is said here. */
	if ((rc = sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_master;",
	    NULL, NULL, NULL)) != SQLITE_OK) {
		*errp = xasprintf("%s: %s%s", path, sqlite3_errmsg(st->db),
		    ro_hint(path, rc));
		store_close(st);
		return NULL;
	}
	return st;
}

int
store_writable(struct store *st)
{
	return sqlite3_db_readonly(st->db, "main") == 0;
}

struct store *
store_open(const char *path, int create, char **errp)
{
	struct store *st;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, persist = 1;

	store_configure();
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
	/* The -wal and -shm stay when the last writer closes (the WAL
	 * emptied, journal_size_limit below): a reader who may not write
	 * the folder can open a WAL database only when both exist.  (An
	 * in-memory database has no WAL to keep.) */
	(void)sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL,
	    &persist);
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
	    store_exec(st, "PRAGMA journal_size_limit = 0;") == -1 ||
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
store_backup(struct store *st, const char *path, char **errp)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *bk;
	int fd, r, rv = -1;

	/* Made here first, so that its mode is ours, not SQLite's. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		*errp = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		*errp = xasprintf("%s: %s", path, dst ? sqlite3_errmsg(dst) :
		    "out of memory");
		goto out;
	}
	if ((bk = sqlite3_backup_init(dst, "main", st->db, "main")) == NULL) {
		*errp = xasprintf("%s: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	/* In steps, so that a writer waits at most one step. */
	do {
		r = sqlite3_backup_step(bk, 256);
		if (r == SQLITE_BUSY || r == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (r == SQLITE_OK || r == SQLITE_BUSY || r == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (r != SQLITE_DONE) {
		*errp = xasprintf("%s: backup of %s: %s", path, st->path,
		    sqlite3_errstr(r));
		goto out;
	}
	rv = 0;
out:
	if (dst != NULL)
		sqlite3_close(dst);
	if (rv == -1)
		unlink(path);
	return rv;
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

/* Reads until store_commit(): one snapshot, one lock, no writer kept
 * waiting. */
int
store_begin_read(struct store *st)
{
	return store_exec(st, "BEGIN DEFERRED;");
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
sqlite3_stmt *
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
		log_errorx("%s: prepare: %s", st->path, sqlite3_errmsg(st->db));
		return NULL;
	}
	st->stmts = xreallocarray(st->stmts, st->nstmts + 1,
	    sizeof(*st->stmts));
	st->stmts[st->nstmts].sql = sql;
	st->stmts[st->nstmts].stmt = stmt;
	st->nstmts++;
	return stmt;
}

void
store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

char *
store_column_dup(sqlite3_stmt *stmt, int i)
{
	const unsigned char *t = sqlite3_column_text(stmt, i);

	return t ? xstrdup((const char *)t) : NULL;
}

/* Steps a statement that returns no row; 0 or -1. */
int
store_done(struct store *st, sqlite3_stmt *stmt)
{
	int r = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (r != SQLITE_DONE) {
		log_errorx("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

/* Steps a statement returning at most one text column; NULL if no row. */
char *
store_text1(struct store *st, sqlite3_stmt *stmt)
{
	char *rv = NULL;
	int r = sqlite3_step(stmt);

	if (r == SQLITE_ROW)
		rv = store_column_dup(stmt, 0);
	else if (r != SQLITE_DONE)
		log_errorx("%s: %s", st->path, sqlite3_errmsg(st->db));
	sqlite3_reset(stmt);
	return rv;
}

/* Steps a statement returning one integer; `none` if no row, -1 on error. */
long long
store_int1(struct store *st, sqlite3_stmt *stmt, long long none)
{
	long long rv = none;
	int r = sqlite3_step(stmt);

	if (r == SQLITE_ROW)
		rv = sqlite3_column_int64(stmt, 0);
	else if (r != SQLITE_DONE) {
		log_errorx("%s: %s", st->path, sqlite3_errmsg(st->db));
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
	store_bind_text(stmt, 1, sha256);
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
	store_bind_text(stmt, 3, m->message_id);
	store_bind_text(stmt, 4, m->sha256);
	sqlite3_bind_int64(stmt, 5, m->size);
	sqlite3_bind_int64(stmt, 6, (long long)m->arrived_at);
	store_bind_text(stmt, 7, m->spool_path);
	store_bind_text(stmt, 8, m->source);
	store_bind_text(stmt, 9, m->outcome);
	store_bind_text(stmt, 10, m->case_id);
	store_bind_text(stmt, 11, m->detail);
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

int
store_mails_of(struct store *st, const char *case_id,
    int (*fn)(void *, const struct store_mail *), void *arg)
{
	static const char q[] =
	    "SELECT id, coalesce(uidvalidity, 0), coalesce(uid, 0),"
	    " message_id, sha256, size, arrived_at, spool_path, source,"
	    " outcome, case_id, detail FROM mails"
	    " WHERE ?1 IS NULL OR case_id = ?1 ORDER BY id";
	sqlite3_stmt *stmt;
	struct store_mail m;
	int r, rv = 0;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, case_id);
	while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		m.id = sqlite3_column_int64(stmt, 0);
		m.uidvalidity = sqlite3_column_int64(stmt, 1);
		m.uid = sqlite3_column_int64(stmt, 2);
		m.message_id = (const char *)sqlite3_column_text(stmt, 3);
		m.sha256 = (const char *)sqlite3_column_text(stmt, 4);
		m.size = sqlite3_column_int64(stmt, 5);
		m.arrived_at = (time_t)sqlite3_column_int64(stmt, 6);
		m.spool_path = (const char *)sqlite3_column_text(stmt, 7);
		m.source = (const char *)sqlite3_column_text(stmt, 8);
		m.outcome = (const char *)sqlite3_column_text(stmt, 9);
		m.case_id = (const char *)sqlite3_column_text(stmt, 10);
		m.detail = (const char *)sqlite3_column_text(stmt, 11);
		if (fn(arg, &m) == -1) {
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

long long
store_pen_count(struct store *st, const char *reason)
{
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, store_q_pen_reason)) == NULL)
		return -1;
	store_bind_text(stmt, 1, reason);
	return store_int1(st, stmt, 0);
}

int
store_pen_add(struct store *st, const struct store_pen *p)
{
	static const char q[] =
	    "INSERT INTO pen (mail_id, reason, sender, subject,"
	    " received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (mail_id)"
	    " DO UPDATE SET reason = excluded.reason,"
	    " resolved_at = NULL, resolved_case = NULL";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, p->mail_id);
	store_bind_text(stmt, 2, p->reason);
	store_bind_text(stmt, 3, p->sender);
	store_bind_text(stmt, 4, p->subject);
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
	store_bind_text(stmt, 2, case_id);
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
	store_bind_text(stmt, 1, mailbox);
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
	store_bind_text(stmt, 1, mailbox);
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
		reason = store_column_dup(stmt, 0);
		msgid = store_column_dup(stmt, 1);
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
	store_bind_text(stmt, 1, case_id);
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
store_pen_held(struct store *st, long long mail_id, struct store_held *h)
{
	static const char q[] =
	    "SELECT p.reason, m.spool_path, m.arrived_at FROM pen p"
	    " JOIN mails m ON m.id = p.mail_id"
	    " WHERE p.mail_id = ? AND p.resolved_at IS NULL";
	sqlite3_stmt *stmt;
	int r;

	memset(h, 0, sizeof(*h));
	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, mail_id);
	if ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
		h->reason = store_column_dup(stmt, 0);
		h->spool_path = store_column_dup(stmt, 1);
		h->arrived_at = (time_t)sqlite3_column_int64(stmt, 2);
	}
	sqlite3_reset(stmt);
	if (r == SQLITE_ROW)
		return 1;
	if (r == SQLITE_DONE)
		return 0;
	log_warnx("%s: %s", st->path, sqlite3_errmsg(st->db));
	return -1;
}

void
store_held_free(struct store_held *h)
{
	free(h->reason);
	free(h->spool_path);
	memset(h, 0, sizeof(*h));
}

int
store_mail_redo(struct store *st, long long mail_id, const char *outcome,
    const char *case_id, const char *detail)
{
	static const char q[] =
	    "UPDATE mails SET outcome = ?, case_id = ?, detail = ?"
	    " WHERE id = ?";
	sqlite3_stmt *stmt;

	if ((stmt = store_stmt(st, q)) == NULL)
		return -1;
	store_bind_text(stmt, 1, outcome);
	store_bind_text(stmt, 2, case_id);
	store_bind_text(stmt, 3, detail);
	sqlite3_bind_int64(stmt, 4, mail_id);
	return store_done(st, stmt);
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
	store_bind_text(stmt, 2, a->sha256);
	store_bind_text(stmt, 3, a->filename);
	store_bind_text(stmt, 4, a->content_type);
	sqlite3_bind_int64(stmt, 5, a->size);
	store_bind_text(stmt, 6, a->spool_path);
	return store_done(st, stmt);
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
	store_bind_text(stmt, 1, case_id);
	sqlite3_bind_int64(stmt, 2, mail_id);
	return store_done(st, stmt);
}
