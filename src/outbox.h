/*
 * outbox.h - outgoing mail: queued in the same transaction as the change
 * of state that causes it, delivered after the commit.
 *
 * outbox_enqueue() checks the mail and queues what it is made of (its
 * spec, outbox_spec.c); the first attempt composes it (mime.c,
 * deterministic) and stores the bytes before sending them, so every
 * retry sends the same bytes and the same Message-ID; it must be called
 * inside the caller's transaction.  outbox_flush() delivers what is due
 * over one SMTP connection per call: 2xx -> sent; 4xx or no connection ->
 * retried with capped exponential backoff until [smtp]
 * queue_lifetime_hours have passed since it was queued (on the office's
 * clock, as its Date); 5xx, or that lifetime over -> failed, and the
 * secretariat is told (unless the failed mail was to the secretariat).
 * Each attempt is made under a claim in the database (store.h), so that
 * no two processes ever send one mail, whatever locks they hold.
 *
 * No header is ever built by pasting text: names and subjects go through
 * GMime's encoders, and CR, LF and other controls in them become spaces.
 */
#ifndef GK_OUTBOX_H
#define GK_OUTBOX_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct config;
struct store;

struct outbox_attachment {
	const char	*filename;	/* as the applicant will see it */
	const char	*content_type;	/* "application/pdf"; NULL: guessed */
	const char	*spool_path;	/* relative to [store] spool */
};

struct outmail {
	const char	*case_id;	/* NULL for mail about no case */
	const char	*kind;		/* template name: "ack", "review_request" */
	const char	*to_addr;
	const char	*to_name;	/* NULL: none */
	const char	*subject;	/* one line; the [case] tag is the caller's */
	const char	*body;		/* UTF-8 text */
	const char	*body_html;	/* an HTML alternative, or NULL */
	const char	*token;		/* NULL, or the reply token: it goes in
					   Reply-To and the Message-ID */
	const char	*in_reply_to;	/* "<id>" or NULL */
	const char *const *references;	/* "<id>"s, NULL-terminated, or NULL */
	int		 auto_replied;	/* Auto-Submitted: auto-replied, else
					   auto-generated */
	const struct outbox_attachment *attachments;
	size_t		 nattachments;
};

/*
 * Queues a mail; its id, with *message_id set to the "<id>" given to it
 * (the caller's to free; NULL allowed).  -1 on failure (logged).
 */
long long	outbox_enqueue(const struct config *, struct store *,
		    const struct outmail *, char **message_id);

struct template_var;

/*
 * Renders template `name` (Chinese) with vars into om's subject and body
 * and queues om; its Message-ID into *message_id as outbox_enqueue().
 * -1 when the template cannot be rendered (*errp says why; nothing is
 * queued: the caller may send words of its own) or on failure (logged,
 * *errp NULL).  Mail about a case from the case's lifecycle goes through
 * request_send.c, which also issues its token.
 */
long long	outbox_template(const struct config *, struct store *,
		    const char *name, const struct template_var *, size_t n,
		    struct outmail *om, char **message_id, char **errp);

/* An attachment's file: [store] spool joined with its spool path (the
 * caller's); NULL when the path would leave the spool. */
char		*outbox_att_path(const struct config *, const char *rel);
/*
 * Writes mail `id`'s bytes, exactly as they go (or went) out, to `out`:
 * the queued copy in the database or, once sent, the spool's.  0; -1
 * with *errp (the caller's) when there is no such mail or its bytes are
 * gone (a mail sent before the spool kept copies).
 */
int		outbox_cat(const struct config *, struct store *, long long id,
		    FILE *out, char **errp);

/*
 * Delivers every queued mail whose time has come (clock_wall(), never the
 * pinned clock), each outcome committed in its own transaction; mail the
 * server refuses with 5xx also gets a "delivery-failed" event in its case.
 * Returns the number sent (0 when another process holds the delivery
 * lock, below), or -1 when the SMTP server could not be
 * reached at all (the mails of that batch, up to 50, are deferred as by
 * a 4xx without another try; the rest stay as they were) or the database
 * failed.
 */
int		outbox_flush(const struct config *, struct store *);

/*
 * The daemon delivers in a process of its own, so that the daemon's death
 * (a crash, SIGKILL, the OOM killer) never cuts an SMTP transaction after
 * its final dot, where the server keeps the mail and we would send it
 * again: the process goes on to the end of the batch at hand (up to 50
 * mails, each recorded as it goes), then stops, as a Postfix smtp client
 * outlives its master.  A lock in the spool lets one process deliver at a
 * time (outbox_flush() takes it too, and sends nothing while another
 * holds it).
 *
 * outbox_deliver(): when mail is due, asks each of [smtp] connections
 * delivery processes for a flush and waits for their answers; *stop set
 * by a signal handler is passed on as SIGTERM.  The processes, `gongkai
 * outbox deliver PID SLOT NSLOTS` (the same binary, a database connection
 * and an SMTP connection each), are started at the first mail due and
 * kept, as Postfix's master keeps its smtp processes; one that ended is
 * started again at the next.  Each delivers the mails of its slot of the
 * queue (store_outbox_due(): id % NSLOTS = SLOT; the lock is per slot).
 * 0, or -1 when a process could not run or a flush failed.
 * outbox_deliver_end(): lets the processes go (the daemon stops or
 * reloads its configuration) and waits for them.
 * outbox_deliver_child(): the body of such a process: a flush of its slot
 * at once and then at each byte on stdin, each answered by a byte on
 * stdout, until stdin ends; it stops before the next mail on SIGTERM, and
 * before the next batch when `parent` is no longer its parent.  0 or -1.
 */
#define OUTBOX_MAX_CONNECTIONS	8	/* [smtp] connections at most */
int		outbox_deliver(const struct config *, struct store *,
		    volatile sig_atomic_t *stop);
void		outbox_deliver_end(void);
int		outbox_deliver_child(const struct config *, struct store *,
		    pid_t parent, int slot, int nslots);

/*
 * `outbox retry ID`: failed mail `id` queued again, due now, its queue
 * lifetime ([smtp] queue_lifetime_hours) counted afresh; its bytes are
 * read back from the spool when the database no longer holds them (a
 * mail that bounced after it was sent).  1 when queued; 0 when there is
 * no failed mail `id`, -1 on failure, both with *errp (the caller's).
 */
int		outbox_retry(const struct config *, struct store *,
		    long long id, char **errp);

/*
 * Seconds until the next queued mail is due, at least 1 and at most
 * `cap` (cap when nothing is queued): how long the daemon may idle.
 */
long long	outbox_idle_seconds(struct store *, long long cap);

#endif
