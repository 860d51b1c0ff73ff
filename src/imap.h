/*
 * imap.h - the sole libetpan user: connect (imap://, imaps://, STARTTLS)
 * with the server certificate verified, LOGIN, and the mailbox operations
 * of the run loop: SELECT, list new UIDs, fetch raw messages without
 * setting \Seen, IDLE, and move a message to the done mailbox.
 *
 * Ownership: all memory belongs to the caller unless stated otherwise.
 * A returned char * or array is the caller's to free(); a const char * is
 * borrowed from the struct imap and lives until imap_close().
 *
 * Failure: every call that talks to the server returns -1 (NULL for
 * imap_open) with *errp set to one line "HOST:PORT: STEP: WORDS", where
 * WORDS are the server's own or the name of the transport failure; *errp
 * is the caller's to free.  When the server answered NO or BAD, the
 * connection stays usable.  When the connection itself failed (dropped,
 * timed out, BYE, unparsable answer), imap_broken() is true from then on
 * and every further call fails at once; the caller imap_close()s it and
 * reconnects with backoff.
 *
 * TLS: for imaps:// and STARTTLS the server's chain is verified against
 * [imap] ca_file when set, else the system trust store, and the host
 * name of the URL against the certificate, before the password is sent.
 * A failure reads "HOST:PORT: TLS: certificate ...".  Without TLS the
 * password is sent only to a server on loopback (config_host_loopback()).
 *
 * A struct imap is one connection, used by one thread; nothing here is
 * safe to call from a signal handler.
 */
#ifndef GK_IMAP_H
#define GK_IMAP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct config;
struct imap;

/* Connects, verifies TLS, logs in; NULL with *errp. */
struct imap	*imap_open(const struct config *, char **errp);
/* Logs out when the connection is still good; imap_close(NULL) is a no-op. */
void		 imap_close(struct imap *);
/*
 * How the login was protected: "TLS, certificate verified" (imaps://),
 * "STARTTLS, certificate verified" or "plain, loopback" (a password goes
 * without TLS only to this machine); borrowed, static.
 */
const char	*imap_protection(const struct imap *);
/* The capabilities after login, space-separated; borrowed. */
const char	*imap_capabilities(const struct imap *);
/* 1 when the server announced the capability (case-insensitive). */
int		 imap_has_capability(const struct imap *, const char *name);
/* 1 once the connection has failed; see above. */
int		 imap_broken(const struct imap *);

/*
 * SELECTs the mailbox (UTF-8; sent as modified UTF-7).  *uidvalidity is
 * never 0 on success; *uidnext is 0 when the server did not say.
 */
int		 imap_select(struct imap *, const char *mailbox,
		    uint32_t *uidvalidity, uint32_t *uidnext, char **errp);

/*
 * The UIDs greater than `after` in the selected mailbox, ascending, at
 * most `max` of them (the lowest ones): *uidsp is the caller's to free()
 * (NULL when *np is 0).  The server's "n:*" quirk (the last message always
 * matches) is filtered out.  With `after` 0 and more messages than `max`,
 * it asks for messages 1 to max by sequence number, not for every UID:
 * what a round holds stays bounded by `max` in a mailbox of any size.
 */
int		 imap_list_after(struct imap *, uint32_t after, size_t max,
		    uint32_t **uidsp, size_t *np, char **errp);

/*
 * The fetch callback: one call per message, in the order of `uids`.
 * data/len are the raw bytes the server sends for BODY[] (taken as they
 * are, NULs included, though Dovecot sends a stored NUL as 0x80); data is
 * not NUL-terminated and is borrowed until the callback returns.  A
 * message larger than max_bytes is reported with data NULL and len its
 * size on the server, and is not downloaded.  internaldate is the
 * server's INTERNALDATE (RFC 3501 2.3.3: when the message reached the
 * mailbox), asked with the sizes.  A UID that no longer exists gets no
 * call.  Return 0 to go on, -1 to stop.
 */
struct imap_message {
	uint32_t	 uid;
	const char	*data;		/* NULL: too large, not downloaded */
	size_t		 len;		/* of data, or the size on the server */
	time_t		 internaldate;	/* arrival in the mailbox; 0: unknown */
};
typedef int	 imap_fetch_cb(void *arg, const struct imap_message *);

/*
 * Fetches the messages by UID with BODY.PEEK[] (\Seen is never set), in
 * batches bounded in count and bytes (8 MiB, or [imap] batch_bytes when
 * less, or one larger message alone); RFC822.SIZE and INTERNALDATE are
 * asked first, and no
 * more than max_bytes + 1 bytes of any one message are ever downloaded.
 * 0 when every callback returned 0; -1 with *errp on failure or when a
 * callback stopped the fetch ("... stopped by the caller").
 */
int		 imap_fetch(struct imap *, const uint32_t *uids, size_t n,
		    size_t max_bytes, imap_fetch_cb *cb, void *arg,
		    char **errp);

/*
 * IDLE (RFC 2177) in the selected mailbox until the server announces new
 * mail (*woken = 1), timeout_seconds pass (*woken = 0) or *stop becomes
 * non-zero (*woken = 0; stop may be NULL); then DONE.  Returns at once
 * with *woken = 1 when new mail was announced during an earlier command
 * since the last imap_list_after().  A wake is a hint: list again.  The
 * server drops an IDLE after 30 minutes, so keep timeout_seconds under
 * 29 * 60 and loop.  -1 with *errp when the server lacks IDLE.
 */
int		 imap_idle(struct imap *, unsigned timeout_seconds,
		    volatile sig_atomic_t *stop, int *woken, char **errp);

/*
 * Moves one message of the selected mailbox to `mailbox` (UTF-8),
 * creating that mailbox first if needed: UID MOVE with MOVE, else
 * UID COPY, STORE \Deleted and UID EXPUNGE with UIDPLUS, else EXPUNGE
 * (which also expunges any other message flagged \Deleted).  A UID that no
 * longer exists is not an error (another client moved it); moving into
 * the selected mailbox is refused (the mail would come back as new).
 */
int		 imap_move(struct imap *, uint32_t uid, const char *mailbox,
		    char **errp);
/* The same for n UIDs in one command (sent as ranges). */
int		 imap_move_set(struct imap *, const uint32_t *uids, size_t n,
		    const char *mailbox, char **errp);

#endif
