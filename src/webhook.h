/*
 * webhook.h - the website's CMS told of each published item ([publish]
 * webhook): the row queued with the item (store.h, store_webhook_*) is
 * POSTed as JSON with its idempotency key until a 2xx accepts it; a
 * refusal for good (a 4xx other than 408 and 429) is held as failed;
 * anything else, or no answer, is tried again after 30 s, then twice as
 * long each time, at most an hour.  Every outcome is an event of the
 * item (`webhook`).  Rows survive restarts: they are the outbox of the
 * web, as outbox.c's are of mail.
 */
#ifndef GK_WEBHOOK_H
#define GK_WEBHOOK_H

struct config;
struct store;

#define WEBHOOK_RETRY_MIN	30	/* seconds */
#define WEBHOOK_RETRY_MAX	3600
#define WEBHOOK_TIMEOUT		15	/* seconds a POST may take */
#define WEBHOOK_BATCH		5	/* rows a cycle takes (each may wait WEBHOOK_TIMEOUT) */

/* POSTs the rows due now; how many were accepted, or -1 when the
 * database failed. */
int	webhook_flush(const struct config *, struct store *);

#endif
