/*
 * store.c - the sole sqlite3 user.  The database runs in WAL mode with
 * foreign keys on; each schema change is one migration, applied in its
 * own transaction together with the new PRAGMA user_version.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "xmalloc.h"

struct store {
	sqlite3	*db;
	char	*path;
};

/*
 * Migrations, oldest first: migrations[i] takes the schema from version
 * i to version i + 1.  Never edit one that has shipped; add another.
 */
static const char *const migrations[] = {
	/* 1: the mails seen, and the holding pen. */
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
	"CREATE INDEX mails_msgid ON mails(message_id, sha256);"
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
	");",
};

#define NMIGRATIONS	(sizeof(migrations) / sizeof(migrations[0]))

_Static_assert(NMIGRATIONS == STORE_SCHEMA_VERSION,
    "one migration per schema version");

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
	if (st == NULL)
		return;
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
store_begin(struct store *st)
{
	return store_exec(st, "BEGIN IMMEDIATE;");
}

int
store_commit(struct store *st)
{
	return store_exec(st, "COMMIT;");
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		(void)store_exec(st, "ROLLBACK;");
}
