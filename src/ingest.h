/*
 * ingest.h - the one path every inbound mail takes, from IMAP or from a
 * file: hash, check for a repeat, spool (durable before anything is
 * decided), parse, classify, route, and record the decision in ONE
 * transaction with the mail's own row.
 *
 * ingest_mail() returns 0 when the mail is recorded (or was already), so
 * the caller may let IMAP forget it; -1 when the environment failed
 * (disk, database): nothing was decided and the caller must keep the mail
 * and retry later.  A person's broken mail is never -1: it lands in the
 * holding pen with a reason.
 */
#ifndef GK_INGEST_H
#define GK_INGEST_H

#include <stddef.h>
#include <time.h>

struct config;
struct store;

struct ingest_source {
	const char	*kind;		/* "imap" or "file" */
	long long	 uidvalidity;	/* 0 when not from IMAP */
	long long	 uid;
	/*
	 * When the mail reached the office's mailbox (IMAP INTERNALDATE,
	 * `ingest --received`); 0: unknown, taken as now.  A request's
	 * arrival and receipt date are this day, however late it is
	 * processed (after an outage); a time after now is taken as now.
	 */
	time_t		 received_at;
	/*
	 * A request that came by another channel (`gongkai open`, 条例
	 * Art. 31(1)(2)): "letter", "visit", "portal" or "fax"; NULL for
	 * mail.  Such a mail opens a request whatever it is, dated by
	 * received_at (its lawful receipt), and records its channel.
	 */
	const char	*channel;
};

/* What became of a mail; `outcome` is one of the strings below. */
struct ingest_result {
	const char	*outcome;	/* "new-request", "new-item",
					   "item-invalid", "reply", "case-mail",
					   "automatic", "bounce", "loop",
					   "pen", "duplicate" */
	char		 case_id[32];	/* "" when none */
	const char	*reason;	/* for "pen": the reason code */
	long long	 mail_id;
};

int	ingest_mail(const struct config *, struct store *, const char *raw,
	    size_t len, const struct ingest_source *, struct ingest_result *);

/*
 * Many mails at once, for throughput: every new one is written to the
 * spool, then one sync makes them all durable, then ONE transaction
 * records them all, in groups of at most [imap] batch_bytes of raw mail
 * (a larger mail alone), since every mail of a group is held parsed until
 * its commit.  0 when every item is recorded (see each res); -1 when the
 * environment failed: the items whose res.outcome is NULL were not
 * recorded (those of groups before were).  An item with raw == NULL is a
 * mail too large to download, of `len` bytes (recorded without bytes).
 */
struct ingest_item {
	const char		*raw;
	size_t			 len;
	struct ingest_source	 src;
	struct ingest_result	 res;
};

int	ingest_batch(const struct config *, struct store *,
	    struct ingest_item *, size_t n);

/*
 * A mail held in the holding pen, decided again from its bytes in the
 * spool as of its recorded arrival (its dates, the acknowledgment's day):
 * `pen retry` (open 0) takes the path a new mail takes (a request, a
 * reply to a case, or held again with the reason that path gives);
 * `pen open` (open 1) opens a new request from it whatever it is.  Its
 * row keeps its id and takes the new outcome; the pen entry is resolved
 * (under the case, if any) unless it is held again, and the case gets a
 * "mail" event saying so.  All in one transaction.  0 with *res; 1 with
 * *errp (one line) when there is no such held mail, its bytes were never
 * downloaded, or it could not be processed (nothing changed, it stays
 * held); -1 with *errp when the environment failed.
 */
int	ingest_held(const struct config *, struct store *, long long mail_id,
	    int open, struct ingest_result *res, char **errp);

#endif
