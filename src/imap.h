/*
 * imap.h - the sole libetpan user: connect (imap://, imaps://, STARTTLS),
 * LOGIN, and the mailbox operations of the run loop.
 *
 * Failures name the server, the step and the server's own words in
 * *errp (the caller's to free).
 */
#ifndef GK_IMAP_H
#define GK_IMAP_H

struct config;
struct imap;

/* Connects and logs in; NULL with *errp. */
struct imap	*imap_open(const struct config *, char **errp);
void		 imap_close(struct imap *);
/* The capabilities after login, space-separated; borrowed. */
const char	*imap_capabilities(const struct imap *);

#endif
