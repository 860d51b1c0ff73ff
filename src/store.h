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

#include <time.h>

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

/* A mail as recorded; strings are borrowed for the call. */
struct store_mail {
	long long	 id;
	long long	 uidvalidity;	/* 0 when not from IMAP */
	long long	 uid;
	const char	*message_id;
	const char	*sha256;
	long long	 size;
	time_t		 arrived_at;
	const char	*spool_path;
	const char	*source;	/* "imap", "file" */
	const char	*outcome;	/* see ingest.h */
	const char	*case_id;
	const char	*detail;
};

/*
 * The id of a mail already recorded under (uidvalidity, uid) or, when
 * that finds none (a new UIDVALIDITY, a file), with the same bytes: the
 * same SHA-256 means the same Message-ID too.  0 if none, -1 on error.
 */
long long	 store_mail_find(struct store *, long long uidvalidity,
		    long long uid, const char *sha256);
/* Records a mail; its id, or -1. */
long long	 store_mail_add(struct store *, const struct store_mail *);
/* The spool path of mail `id`, the caller's; NULL if none. */
char		*store_mail_spool_path(struct store *, long long id);

/* An attachment of a mail, stored in the spool by hash. */
struct store_attachment {
	long long	 mail_id;
	const char	*sha256;
	const char	*filename;	/* cleaned; data, never a path */
	const char	*content_type;
	long long	 size;
	const char	*spool_path;
};
int		 store_attachment_add(struct store *,
		    const struct store_attachment *);

/*
 * Opens a case numbered PREFIX-YEAR-NNNN (per year); the id is the
 * caller's, NULL on error.
 */
char		*store_case_open(struct store *, const char *prefix, int year,
		    const char *kind, const char *state, time_t received_at,
		    const char *email, const char *name, const char *subject,
		    long long mail_id);
/* 1 and *state (the caller's) when the case exists, 0 if not, -1. */
int		 store_case_state(struct store *, const char *case_id,
		    char **state);
int		 store_event_add(struct store *, const char *case_id,
		    time_t at, const char *type, const char *actor,
		    const char *detail, long long mail_id);
/* Threads: a Message-ID sent or received in a case. */
int		 store_case_message_add(struct store *, const char *message_id,
		    const char *case_id, const char *direction);
/* The case a Message-ID or a reply token belongs to; NULL if none. */
char		*store_case_by_message_id(struct store *, const char *msgid);
char		*store_case_by_token(struct store *, const char *token);

/* The holding pen. */
struct store_pen {
	long long	 mail_id;
	const char	*reason;
	const char	*sender;
	const char	*subject;
	time_t		 received_at;
};
int		 store_pen_add(struct store *, const struct store_pen *);
/* Calls fn for each unresolved entry, oldest first; -1 on error. */
int		 store_pen_list(struct store *,
		    int (*fn)(void *, const struct store_pen *), void *arg);
/* 1 if the entry was open and is now filed under case_id, 0 if not. */
int		 store_pen_resolve(struct store *, long long mail_id,
		    const char *case_id, time_t at);

/*
 * Files pen entry `mail_id` under an existing case by hand: the mail joins
 * the case's thread, the case gets a "mail" event by `actor`, and the
 * entry is resolved.  1 when done, 0 when there is no open entry or no
 * such case (nothing changed), -1 on error.  Call inside a transaction.
 */
int		 store_pen_redeliver(struct store *, long long mail_id,
		    const char *case_id, const char *actor, time_t at);

/* The last UIDVALIDITY seen for a mailbox (0 if none). */
long long	 store_imap_uidvalidity(struct store *, const char *mailbox);
int		 store_imap_set_uidvalidity(struct store *, const char *mailbox,
		    long long uidvalidity);

#endif
