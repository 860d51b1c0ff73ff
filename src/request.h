/*
 * request.h - the request lifecycle by email (INTERFACE.md sections 4-5):
 * what a new request, a command reply, or another mail in a case's
 * thread does.  Called by ingest.c inside its transaction, so that the
 * change of state, its events, its tokens and the mails it causes (the
 * outbox) are committed together with the mail itself.
 *
 * Each function returns 0 when the mail was dealt with (applied, refused
 * with a notice, or answered with help) and -1 when the environment
 * failed (the caller rolls back and retries later).
 */
#ifndef GK_REQUEST_H
#define GK_REQUEST_H

#include <time.h>

struct config;
struct message;
struct store;

struct request_ctx {
	const struct config	*cfg;
	struct store		*st;
	const struct message	*msg;
	long long		 mail_id;
	time_t			 now;
	/* set by the functions: a word for the log and `ingest` output */
	const char		*result;
};

/* Opens a request for `msg`; its id into case_id (at least 32 bytes). */
int	request_open(struct request_ctx *, char *case_id, size_t len);
/* A reply that carries `token` of case_id: authorise, parse, apply. */
int	request_reply(struct request_ctx *, const char *case_id,
	    const char *token);
/* Any other mail in a case's thread (e.g. the applicant's 补正). */
int	request_mail(struct request_ctx *, const char *case_id);

/* Forgets cached data (the calendar) so that the next use reloads it. */
void	request_reload(void);

#endif
