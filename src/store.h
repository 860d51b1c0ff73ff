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

/* A savepoint inside the transaction, so one mail's failure can be
 * undone without the others'. */
int		 store_savepoint(struct store *);
int		 store_release(struct store *);
int		 store_rollback_savepoint(struct store *);
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
/* Files mail `mail_id` under a case. */
int		 store_mail_set_case(struct store *, long long mail_id,
		    const char *case_id);
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
/* Calls fn for each attachment of a mail, in order; -1 on error. */
int		 store_attachments_of(struct store *, long long mail_id,
		    int (*fn)(void *, const struct store_attachment *),
		    void *arg);

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

/*
 * A case as a whole, for the request engine: store_case_get() fills it
 * (1 found, 0 not, -1 error; strings malloc'd, free with
 * store_case_clear()), store_case_put() writes every field back.
 * Dates are YYYY-MM-DD in the office's time zone; fee_fen -1 is none.
 */
struct store_case {
	char		*id;
	char		*kind;
	char		*state;
	long long	 version;
	time_t		 received_at;
	char		*applicant_email;
	char		*applicant_name;
	char		*subject;
	time_t		 closed_at;
	char		*step;		/* role key of who holds the case */
	char		*assignee;	/* their address */
	char		*division;
	char		*receipt_date;	/* the legal receipt date */
	char		*due_date;
	int		 due_provisional;
	char		*paused_on;	/* the clock stopped on this day */
	char		*resume_state;
	int		 correction_used;
	int		 extension_used;
	char		*answer_type;
	char		*draft;
	long long	 draft_mail_id;	/* whose attachments go out */
	char		*third_party;
	long long	 fee_fen;
	char		*lang;		/* "zh" or "en" */
	char		*thread_msgid;	/* the applicant's first mail */
	char		*applicant_type;
	char		*id_type;
	char		*id_number;
	char		*phone;
	char		*postal_address;
	char		*description;
	char		*delivery;
	char		*medium;
};
int		 store_case_get(struct store *, const char *id,
		    struct store_case *);
int		 store_case_put(struct store *, const struct store_case *);
void		 store_case_clear(struct store_case *);
/* Replaces a string field with a copy of value (NULL allowed). */
void		 store_case_setstr(char **field, const char *value);

/* A case's history, oldest first; strings borrowed for the call. */
struct store_event {
	long long	 id;
	time_t		 at;
	const char	*type;
	const char	*actor;
	const char	*detail;
};
int		 store_events_of(struct store *, const char *case_id,
		    int (*fn)(void *, const struct store_event *), void *arg);
/* The ids of the cases in `state` and of `kind` (NULL: any), oldest
 * first; fn may run other store calls. */
int		 store_case_ids(struct store *, const char *state,
		    const char *kind, int (*fn)(void *, const char *),
		    void *arg);

/* Reply tokens, as issued (token.h); strings malloc'd. */
struct store_token {
	char		*token;
	char		*case_id;
	char		*step;
	char		*recipient;
	long long	 version;
	long long	 expires_at;
	long long	 spent_at;	/* 0: unspent */
	char		*sent_text;	/* the notification, for quote.c */
};
int		 store_token_add(struct store *, const struct store_token *);
/* 1 and *t filled when known, 0 if not, -1 on error. */
int		 store_token_get(struct store *, const char *token,
		    struct store_token *);
/* 1 when spent now, 0 when it was spent already, -1 on error. */
int		 store_token_spend(struct store *, const char *token, time_t at);
void		 store_token_clear(struct store_token *);

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

/*
 * The outbox (outbox.h).  A mail is composed once and its bytes (raw) are
 * what every attempt sends.  state goes queued -> sent or queued ->
 * failed; attempts counts the tries, last_error keeps the server's words
 * of the latest failure.  next_attempt_at is wall-clock time (clock_wall,
 * never the pinned clock), so that retries happen in real time.
 */
struct store_outbox {
	long long	 id;
	const char	*case_id;	/* NULL: about no case */
	const char	*kind;		/* "ack", "delivery_failed" ... */
	const char	*to_addr;
	const char	*subject;
	const char	*message_id;	/* "<id@domain>", unique */
	const char	*envelope_from;	/* MAIL FROM (VERP) */
	const char	*raw;		/* the whole mail; NULL in _list */
	size_t		 raw_len;
	const char	*state;		/* "queued", "sent", "failed" */
	int		 attempts;
	const char	*last_error;	/* NULL if none */
	time_t		 next_attempt_at;
	time_t		 created_at;
	time_t		 sent_at;	/* 0 until sent */
	const char	*spool_path;	/* out/...eml once sent, or NULL */
};

/*
 * Queues a mail: state queued, no attempts, due at next_attempt_at (the
 * other state fields are ignored).  Strings are borrowed.  Its id, or -1
 * (also for a Message-ID already queued).
 */
long long	 store_outbox_add(struct store *, const struct store_outbox *);
/*
 * The ids of at most `max` queued mails due at `now`, the longest due
 * first, in *idsp (the caller's, NULL when none); their number, or -1.
 */
int		 store_outbox_due(struct store *, time_t now, size_t max,
		    long long **idsp);
/*
 * Calls fn with mail `id`, raw included, the fields borrowed for the
 * call; 1 when found, 0 if not, -1 on error or when fn returned -1.
 */
int		 store_outbox_get(struct store *, long long id,
		    int (*fn)(void *, const struct store_outbox *), void *arg);
/* Calls fn for every mail, oldest first, without raw; -1 on error. */
int		 store_outbox_list(struct store *,
		    int (*fn)(void *, const struct store_outbox *), void *arg);
/*
 * After an attempt on a queued mail (each adds one to attempts): sent at
 * `at` and kept in the spool as spool_path (NULL: not kept); deferred to
 * next_attempt_at; failed for good.  1 when done, 0 when the mail was not
 * queued (nothing changed), -1 on error.
 */
int		 store_outbox_sent(struct store *, long long id, time_t at,
		    const char *spool_path);
int		 store_outbox_deferred(struct store *, long long id,
		    const char *error, time_t next_attempt_at);
int		 store_outbox_failed(struct store *, long long id,
		    const char *error);
/*
 * Makes queued mail `id` (0: every queued mail) due at `at` unless it is
 * due earlier already; the number of mails changed, or -1.
 */
int		 store_outbox_retry_now(struct store *, long long id,
		    time_t at);
/* The earliest next_attempt_at of queued mail; 0 when none, -1 on error. */
long long	 store_outbox_next_due(struct store *);

/* ------------------------------------------------ deadlines (sweep.c) */

/* ------------------------------------------- annual report (report.c) */

#endif
