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
#define STORE_SCHEMA_VERSION	12

/* Opens (creating when `create`) the database; NULL with *errp. */
struct store	*store_open(const char *path, int create, char **errp);
/* Opens an existing database for reading only (never writes, not even
 * the journal mode): for a user with read access alone. */
struct store	*store_open_ro(const char *path, char **errp);
/* 1 when this process may write the database (store_open() falls back to
 * reading only when it may not), else 0. */
int		 store_writable(struct store *);
void		 store_close(struct store *);
/* Brings the schema to STORE_SCHEMA_VERSION; idempotent. */
int		 store_migrate(struct store *, char **errp);
int		 store_schema_version(struct store *);
/*
 * A consistent copy of the whole database, made while others may write
 * (SQLite's online backup API), into the new file `path` (mode 0600; it
 * must not exist).  0, or -1 with *errp set and nothing left at `path`.
 */
int		 store_backup(struct store *, const char *path, char **errp);

/* A savepoint inside the transaction, so one mail's failure can be
 * undone without the others'. */
int		 store_savepoint(struct store *);
int		 store_release(struct store *);
int		 store_rollback_savepoint(struct store *);
int		 store_begin(struct store *);
int		 store_begin_read(struct store *);
int		 store_commit(struct store *);
void		 store_rollback(struct store *);
/*
 * store_begin_lazy: a transaction whose commit does not wait for the disk
 * (durable when the process dies, not when the power does).  Only for one
 * whose loss in a power cut repeats work and loses nothing: the mark of
 * an SMTP delivery, whose window it narrows (a kill in it sends twice).
 */
int		 store_begin_lazy(struct store *);

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
/*
 * Calls fn for every mail recorded, oldest first, or (case_id not NULL)
 * for the mails filed under that case; fn may run other store calls.
 * -1 on error or when fn returned -1.
 */
int		 store_mails_of(struct store *, const char *case_id,
		    int (*fn)(void *, const struct store_mail *), void *arg);
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
/*
 * Calls fn for each token issued in a case, oldest first, the strings
 * borrowed for the call.  The database keeps a token only as its hash
 * (store.c): t->token is that hash, in hex, and t->sent_text NULL.  -1 on error or when fn returned -1.
 */
int		 store_tokens_of(struct store *, const char *case_id,
		    int (*fn)(void *, const struct store_token *), void *arg);

/*
 * Acknowledgments queued in [from, to) to addr, or (addr NULL) to any
 * address at domain, case-insensitively; -1 on error.
 */
long long	 store_ack_count(struct store *, const char *addr,
		    const char *domain, time_t from, time_t to);
/* Held mail of the pen with this reason, not yet filed; -1 on error. */
long long	 store_pen_count(struct store *, const char *reason);

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

/*
 * A mail held in the pen, to be decided again (`pen retry`, `pen open`):
 * its reason, spool path (relative to the spool; "imap:..." when its
 * bytes were never downloaded) and recorded arrival.  1 with *h (free it
 * with store_held_free()), 0 when there is no open entry, -1 on error.
 */
struct store_held {
	char		*reason;
	char		*spool_path;
	time_t		 arrived_at;
};
int		 store_pen_held(struct store *, long long mail_id,
		    struct store_held *h);
void		 store_held_free(struct store_held *);
/* What a mail decided again became: its row's outcome, case and detail.
 * store_pen_add() on a mail already held (resolved or not) holds it again
 * with the new reason. */
int		 store_mail_redo(struct store *, long long mail_id,
		    const char *outcome, const char *case_id,
		    const char *detail);

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
 *
 * Each attempt is made under a claim: store_outbox_claim() marks the
 * mail taken until a wall-clock time in a conditional UPDATE that only
 * one process can win, and the outcome is recorded only by the claim's
 * holder (the same `claim`), so that two processes never send one mail.
 * A claim whose holder died runs out at its time and the mail is due
 * again.  queued_at (office clock, like created_at) starts the queue
 * lifetime.
 */
struct store_outbox {
	long long	 id;
	const char	*case_id;	/* NULL: about no case */
	const char	*kind;		/* "ack", "delivery_failed" ... */
	const char	*to_addr;
	const char	*subject;
	const char	*message_id;	/* "<id@domain>", unique */
	const char	*envelope_from;	/* MAIL FROM (VERP) */
	const char	*raw;		/* the whole mail; NULL in _list; empty
					   when sent (the spool has it) or
					   not composed yet (spec) */
	size_t		 raw_len;
	const char	*spec;		/* what the mail is made of (outbox.c),
					   until it is composed; else NULL */
	const char	*state;		/* "queued", "sent", "failed" */
	int		 attempts;
	const char	*last_error;	/* NULL if none */
	time_t		 next_attempt_at;
	time_t		 created_at;
	time_t		 sent_at;	/* 0 until sent */
	const char	*spool_path;	/* out/...eml once sent, or NULL */
	time_t		 queued_at;	/* queued (again); = created_at */
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
 * Only the ids of delivery slot `slot` of `nslots` (id % nslots = slot):
 * parallel delivery processes share the queue without meeting.
 */
int		 store_outbox_due(struct store *, time_t now, size_t max,
		    int slot, int nslots, long long **idsp);
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
 * Claims queued mail `id`, due at `now` and not claimed (or its claim run
 * out), until `claim`: 1 when this call won it, 0 when it is not there
 * to take (sent, not due, or another process holds it), -1 on error.
 */
int		 store_outbox_claim(struct store *, long long id, time_t now,
		    time_t claim);
/*
 * After an attempt on a queued mail claimed with `claim` (each adds one
 * to attempts and ends the claim): sent at `at` and kept in the spool as
 * spool_path (NULL: not kept); deferred to next_attempt_at; failed for
 * good.  1 when done, 0 when the mail was not queued or the claim is no
 * longer ours (nothing changed), -1 on error.
 */
/* The composed bytes of claimed mail `id`, which held a spec: raw set,
 * spec dropped.  1, 0 when the claim is not ours, -1. */
int		 store_outbox_composed(struct store *, long long id,
		    time_t claim, const char *raw, size_t len);
int		 store_outbox_sent(struct store *, long long id, time_t claim,
		    time_t at, const char *spool_path);
int		 store_outbox_deferred(struct store *, long long id,
		    time_t claim, const char *error, time_t next_attempt_at);
int		 store_outbox_failed(struct store *, long long id, time_t claim,
		    const char *error);
/*
 * Failed mail `id` queued again (`outbox retry`): due at `next`, its
 * lifetime counted from `queued_at`, its bytes raw[0..len) when the row
 * no longer holds them (raw NULL: keep).  1, 0 when it is not failed, -1.
 */
int		 store_outbox_requeue(struct store *, long long id, time_t next,
		    time_t queued_at, const char *raw, size_t len);
/*
 * The mail that went out with envelope sender `addr` (compared without
 * case), for a bounce: 1 with *idp and *case_idp (the caller's; NULL for
 * mail about no case), 0 when no sent mail has that sender, -1 on error.
 */
int		 store_outbox_by_envelope(struct store *, const char *addr,
		    long long *idp, char **case_idp);
/* A sent mail bounced for good: failed; 1, 0 if it was not sent, -1. */
int		 store_outbox_bounced(struct store *, long long id,
		    const char *error);
/*
 * Makes queued mail `id` (0: every queued mail) due at `at` unless it is
 * due earlier already; the number of mails changed, or -1.
 */
int		 store_outbox_retry_now(struct store *, long long id,
		    time_t at);
/* When queued mail is next due (the later of next_attempt_at and its
 * claim), the earliest; 0 when none, -1 on error. */
long long	 store_outbox_next_due(struct store *);

/* ------------------------------------------------ deadlines (sweep.c) */

/*
 * A case as the sweep reads it (open cases are those not answered,
 * withdrawn or published); strings are borrowed for the call.  The list
 * functions call fn for each case, stopping at -1; fn must not change
 * the cases table (copy what you need, change it after).
 */
struct store_sweep_case {
	const char	*id;
	const char	*kind;
	const char	*state;
	const char	*step;
	const char	*assignee;
	const char	*applicant_name;
	const char	*receipt_date;
	const char	*due_date;
	int		 due_provisional;
	const char	*paused_on;
	int		 extension_used;
	long long	 version;
};
/* Open cases due before `before` (YYYY-MM-DD; NULL: any), the most
 * urgent first (due date, then age); at most max (<= 0: all). */
int		 store_sweep_due(struct store *, const char *before,
		    long long max,
		    int (*fn)(void *, const struct store_sweep_case *),
		    void *arg);
/* Open cases whose due date is provisional, the most urgent first. */
int		 store_sweep_provisional(struct store *, long long max,
		    int (*fn)(void *, const struct store_sweep_case *),
		    void *arg);
/* The cases in `state`, oldest first. */
int		 store_sweep_in_state(struct store *, const char *state,
		    int (*fn)(void *, const struct store_sweep_case *),
		    void *arg);
/* The cases in `state` received on or after `since` (YYYY-MM-DD), oldest
 * first. */
int		 store_sweep_received(struct store *, const char *state,
		    const char *since,
		    int (*fn)(void *, const struct store_sweep_case *),
		    void *arg);
/* The cases in `state` whose clock stopped (paused_on) before `before`,
 * the longest stopped first. */
int		 store_sweep_paused(struct store *, const char *state,
		    const char *before,
		    int (*fn)(void *, const struct store_sweep_case *),
		    void *arg);
/* One case (fn is not called when there is none). */
int		 store_sweep_case(struct store *, const char *case_id,
		    int (*fn)(void *, const struct store_sweep_case *),
		    void *arg);

/* Open cases with a due date: all of them; those whose answer clock runs
 * (not paused, not awaiting a correction) and is due before `today`
 * (overdue), or before `soon` but not overdue; provisional ones. */
struct store_sweep_counts {
	long long	 open;
	long long	 overdue;
	long long	 soon;
	long long	 provisional;
};
int		 store_sweep_count(struct store *, const char *today,
		    const char *soon, struct store_sweep_counts *);

/*
 * Records an alert under its key (case_id NULL or "" for one about no
 * case): 1 when recorded now, 0 when it was already (send nothing), -1.
 */
int		 store_alert_add(struct store *, const char *case_id,
		    const char *clock, int threshold, const char *version,
		    const char *day, time_t at);
/* A marker about no case: the one alert of `clock`, now `version`. */
int		 store_alert_mark(struct store *, const char *clock,
		    const char *version, const char *day, time_t at);
/* The greatest version of the alerts of `clock` about no case, in
 * *version (the caller's): 1, 0 when there is none, -1. */
int		 store_alert_last(struct store *, const char *clock,
		    char **version);

/*
 * Open requests received (their "received" event) in [from, to) whose
 * acknowledgment is not in the outbox as sent, and about which there is
 * no alert of `clock` yet, oldest first; for each, fn gets the case id,
 * the applicant's address, the time received and what became of the
 * acknowledgment ("queued", "failed", or NULL when none was queued) with
 * its last error (NULL if none).  -1 on error.
 */
struct store_unacked {
	const char	*case_id;
	const char	*applicant_email;
	time_t		 received_at;
	const char	*ack_state;
	long long	 attempts;
	const char	*last_error;
};
int		 store_sweep_unacked(struct store *, time_t from, time_t to,
		    const char *clock,
		    int (*fn)(void *, const struct store_unacked *), void *arg);

/* The case's latest event of `type`: 1 with *at and *detail (the
 * caller's; detail may be NULL), 0 when none, -1. */
int		 store_event_last(struct store *, const char *case_id,
		    const char *type, time_t *at, char **detail);
/*
 * Activity: events whose type is in `types_json` (a JSON array of
 * strings), and "clock" events a person caused (actor not NULL).
 * store_sweep_active() calls fn once for each case with activity at a
 * time in [from, to) (fn may use the store); store_case_last_activity()
 * gives the time of a case's latest: 1, 0 when none, -1.
 */
int		 store_sweep_active(struct store *, time_t from, time_t to,
		    const char *types_json, int (*fn)(void *, const char *),
		    void *arg);
int		 store_case_last_activity(struct store *, const char *case_id,
		    const char *types_json, time_t *at);

/*
 * The answer clock's history, from which a provisional due date is
 * recomputed: kind "pause" (the clock stood still from from_date to
 * to_date, `days` working days as counted then) or "extension" (granted
 * on from_date, `days` working days).  Strings borrowed for the call.
 */
struct store_clock_part {
	const char	*kind;
	const char	*from_date;
	const char	*to_date;	/* NULL for an extension */
	int		 days;
};
int		 store_clock_part_add(struct store *, const char *case_id,
		    const char *kind, const char *from, const char *to,
		    int days, time_t at);
int		 store_clock_parts(struct store *, const char *case_id,
		    int (*fn)(void *, const struct store_clock_part *),
		    void *arg);
/*
 * Per-item fees (109号 Art. 4): the items a case's fee notice charged,
 * under the calendar month ("YYYY-MM") of the request's receipt; set
 * again, it replaces the case's row.  store_fee_items_month() calls fn
 * for the other cases of `month`, oldest notice first, with the
 * identity of their applicant as the cases hold it now (fee.h,
 * fee_same_applicant()); strings borrowed for the call.
 */
struct store_fee_items {
	const char	*case_id;
	const char	*id_number;	/* NULL when not given */
	const char	*email;
	int		 items;
};
int		 store_fee_items_set(struct store *, const char *case_id,
		    const char *month, int items, time_t at);
int		 store_fee_items_month(struct store *, const char *month,
		    const char *except_case,
		    int (*fn)(void *, const struct store_fee_items *),
		    void *arg);
/* Sets the answer due date (a recomputation; the caller records why). */
int		 store_case_set_due(struct store *, const char *case_id,
		    const char *due, int provisional);

/* EXPLAIN QUERY PLAN of each sweep query, "name: step" lines; the
 * caller's, NULL on error.  For the benchmark and the tests. */
char		*store_sweep_plans(struct store *);

/* ------------------------------------------- annual report (report.c) */

/*
 * The annual report's queries.  A year is the half-open interval [lo, hi)
 * of epoch seconds, its bounds computed by the caller in the office's time
 * zone.  Only cases of kind "request" count, except in
 * store_report_proactive().  Strings are borrowed for the call; fn
 * returning -1 stops the walk, and the function then returns -1.
 */

/* Opens and ends the read transaction the report's queries run in. */
int		 store_report_begin(struct store *);
void		 store_report_end(struct store *);

/*
 * Table 三 in one pass over the cases that touch the year (received in
 * it, closed in it, or open at some time in it):
 * - group_fn once a group of the same applicant type, answer type and
 *   state, with the four counts of the table and the count of rows that
 *   cannot be right (answered before received; a closed state without an
 *   answer time, or an answer time on an open case); a type may be NULL;
 * - case_fn for each case received or closed in the year, without its
 *   id (closed_at 0 when it has none).
 */
struct store_report_group {
	const char	*applicant_type;	/* as stored, may be NULL */
	const char	*answer_type;		/* NULL: none */
	int		 withdrawn;
	long long	 received;	/* received in [lo, hi) */
	long long	 carried_over;	/* received before lo, open at lo */
	long long	 closed;	/* closed_at in [lo, hi) */
	long long	 carried_forward; /* received before hi, open at hi */
	long long	 bad;		/* inconsistent rows */
};
struct store_report_case {
	const char	*id;
	const char	*state;
	const char	*applicant_type;
	const char	*answer_type;
	const char	*receipt_date;	/* YYYY-MM-DD or NULL */
	const char	*due_date;	/* YYYY-MM-DD or NULL */
	long long	 received_at;
	long long	 closed_at;
};
int		 store_report_scan(struct store *, long long lo, long long hi,
		    int (*group_fn)(void *, const struct store_report_group *),
		    int (*case_fn)(void *, const struct store_report_case *),
		    void *arg);
/* Every case store_report_scan() counted, with its id, by receipt: to
 * name the ones that are wrong. */
int		 store_report_cases(struct store *, long long lo, long long hi,
		    int (*fn)(void *, const struct store_report_case *),
		    void *arg);

/* Fees: the cases with a "paid" event in [lo, hi) and the sum of their
 * fee_fen. */
int		 store_report_fees(struct store *, long long lo, long long hi,
		    long long *ncases, long long *fen);

/*
 * The events of request cases whose type is one of types_json (a JSON
 * array of strings) with at in [lo, hi), ordered by case, then time, then
 * id; e->id is the event's, and the case id is passed along.  For table
 * 四 (appeal.c) and the report's notes.
 */
int		 store_report_events(struct store *, long long lo,
		    long long hi, const char *types_json,
		    int (*fn)(void *, const char *case_id,
		    const struct store_event *), void *arg);

/*
 * Proactive items (kind "proactive") published (closed_at) before hi,
 * oldest first: fn(arg, form, published, repealed) for each, form the
 * 审核表 it was submitted with (its last event "item-form"; NULL when it
 * has none), published its closed_at, repealed the time of its event
 * "repealed" (REPEAL, request_item_repeal()) or -1.  0, or -1 on error.
 */
int		 store_report_proactive(struct store *, long long hi,
		    int (*fn)(void *, const char *form, long long published,
		    long long repealed), void *arg);

/*
 * The report's figures from other systems (store_report.c): an entry of
 * `gongkai report set`, and for a year the latest entry of each key
 * (fn(arg, key, value, who, at), in key order).
 */
int		 store_report_figure_set(struct store *, int year,
		    const char *key, const char *value, const char *who,
		    time_t at);
int		 store_report_figures(struct store *, int year,
		    int (*fn)(void *, const char *key, const char *value,
		    const char *who, time_t at), void *arg);

/* ------------------------------------ health (status.c, store_status.c) */

/*
 * The daemon's last successful IMAP contact (clock_wall() time) and how it
 * waits for mail ("idle" or "poll"): set after each good mailbox pass;
 * store_imap_contact() gives 1 with *at and *mode (the caller's), 0 when
 * none was ever recorded, -1 on error.
 */
int		 store_imap_contact_set(struct store *, time_t at,
		    const char *mode);
int		 store_imap_contact(struct store *, time_t *at, char **mode);

/*
 * The formal documents sent (store_document.c).  A document's number is
 * the next of its series and year: store_document_next() says which,
 * and store_document_add() takes it, in the transaction that sends the
 * document, so that a crash neither skips nor repeats one (UNIQUE
 * refuses a repeat).  pdf_path is in the spool; message_id is kept as
 * store_msgid_at_rest() writes it.  Documents are never deleted.
 */
struct store_document {
	long long	 id;
	const char	*case_id;
	const char	*kind;		/* docnum.h: "answer" */
	const char	*template;	/* "answer_disclose" */
	const char	*series;	/* "office", or the kind's own */
	int		 year;
	long long	 n;
	const char	*number;	/* as printed: 沪外办信公〔2026〕3号 */
	const char	*issued;	/* YYYY-MM-DD */
	const char	*lang;		/* "en": a translation annexed; NULL */
	const char	*pdf_path;
	const char	*sha256;
	long long	 size;
	const char	*message_id;
	time_t		 at;
};
long long	 store_document_next(struct store *, const char *series,
		    int year);
long long	 store_document_add(struct store *,
		    const struct store_document *);
/* The case's documents (case_id NULL: every case's) of series year
 * `year` (0: any), oldest first; fn returning -1 stops the walk (and the
 * function returns -1), 1 stops it (and the function returns 1). */
int		 store_documents_of(struct store *, const char *case_id,
		    int year, int (*fn)(void *, const struct store_document *),
		    void *arg);

/*
 * The outbox at a glance.  queued: never tried yet; deferred: queued
 * after at least one failed attempt; failed: for good, failed_since of
 * them created at or after `since`.  Times are 0 when there is no such
 * mail: the created_at (clock_now()) of the oldest waiting mail (queued
 * or deferred) and of the oldest deferred one, the earliest next try of a
 * deferred mail (clock_wall()); last_error is the oldest deferred mail's
 * (the caller's, NULL if none).
 */
struct store_status_outbox {
	long long	 queued;
	long long	 deferred;
	long long	 failed;
	long long	 failed_since;
	long long	 oldest_waiting;
	long long	 oldest_deferred;
	long long	 next_try;
	char		*last_error;
};
int		 store_status_outbox(struct store *, time_t since,
		    struct store_status_outbox *);
/* The holding pen's open entries by reason, in reason order; fn
 * returning -1 stops the walk (and the function returns -1). */
int		 store_status_pen(struct store *,
		    int (*fn)(void *, const char *reason, long long n),
		    void *arg);

/*
 * The website's webhook (webhook.c; store_webhook.c): a row per published
 * item, queued in the transaction that publishes it, holding the URL, the
 * JSON body and the idempotency key; state queued, accepted (a 2xx) or
 * failed (refused for good); every attempt counted with the status (0:
 * no answer) and error of the last.  store_webhook_add(): created at the
 * case's time (a pinned clock), first due at `due` (the real clock, as
 * every attempt after it).  The strings live until fn returns.
 */
struct store_webhook {
	long long	 id;
	const char	*case_id, *url, *body, *key, *state;
	long long	 attempts;
	long long	 last_status;
	const char	*last_error;
	time_t		 next_attempt_at, created_at, done_at;
};
int		 store_webhook_add(struct store *, const char *case_id,
		    const char *url, const char *body, const char *key,
		    time_t created, time_t due);
/* The queued rows due at now, the longest waiting first, at most max. */
int		 store_webhook_due(struct store *, time_t now, int max,
		    int (*fn)(void *, const struct store_webhook *),
		    void *arg);
int		 store_webhooks_of(struct store *, const char *case_id,
		    int (*fn)(void *, const struct store_webhook *),
		    void *arg);
/* One attempt of a queued row: its new state, the status and error, when
 * to try again. */
int		 store_webhook_attempt(struct store *, long long id,
		    const char *state, long status, const char *error,
		    time_t next, time_t now);
/* When the first queued row is due; 0 when none is. */
long long	 store_webhook_next_due(struct store *);
/* Every queued row due now; how many were waiting. */
int		 store_webhook_retry_now(struct store *, time_t now);

#endif
