/*
 * store.h - the sole sqlite3 user: opening the database (WAL), schema
 * migrations through PRAGMA user_version, transactions and queries.
 * Every statement is prepared; no SQL is ever built from data.
 *
 * Functions return 0 on success and -1 on failure with the reason logged
 * (the environment failed: disk full, locked, corrupt); the next cycle
 * retries.
 */
#ifndef GK_STORE_H
#define GK_STORE_H

struct store;

/* The schema version this build writes. */
#define STORE_SCHEMA_VERSION	1

/* Opens (creating when `create`) the database; NULL with *errp. */
struct store	*store_open(const char *path, int create, char **errp);
void		 store_close(struct store *);
/* Brings the schema to STORE_SCHEMA_VERSION; idempotent. */
int		 store_migrate(struct store *, char **errp);
int		 store_schema_version(struct store *);

int		 store_begin(struct store *);
int		 store_commit(struct store *);
void		 store_rollback(struct store *);

#endif
