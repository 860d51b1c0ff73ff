/*
 * smtp.h - the sole libcurl user for mail: connection checks and batch
 * delivery to the configured submission server.
 */
#ifndef GK_SMTP_H
#define GK_SMTP_H

#include <stddef.h>

struct config;

/*
 * Connects, says EHLO, upgrades with STARTTLS when configured, logs in
 * when a user is configured, and sends NOOP.  0 with *howp saying how the
 * session was protected ("TLS, certificate verified", "STARTTLS,
 * certificate verified", "plain, loopback", or "plain, no password" for a
 * relay without login), or -1 with *errp naming the server, the step and
 * the server's words.  A password never goes without TLS to a server
 * that is not on loopback: libcurl is told to require TLS then.
 */
int	smtp_check(const struct config *, const char **howp, char **errp);

/* Once per process, before any thread starts. */
void	smtp_global_init(void);

/*
 * Delivery.  A session is one libcurl handle kept for a batch of mails,
 * so that one connection (and one TLS handshake and login) serves them
 * all; libcurl connects on the first send and again by itself when the
 * server dropped the connection (as it does after a refused recipient).
 * The bytes are sent as they are: they must already be CRLF-ended (the
 * dot-stuffing of DATA is libcurl's).
 */
struct smtp_session;

enum smtp_status {
	SMTP_SENT,		/* 2xx after DATA: the server took it */
	SMTP_DEFERRED,		/* 4xx, or cut off after MAIL FROM: retry */
	SMTP_REJECTED,		/* 5xx to MAIL FROM, RCPT TO or DATA: never */
	SMTP_UNREACHABLE,	/* no connection, greeting, EHLO, STARTTLS
				   or login: the server, not the mail */
};

/* A session for the configured server (nothing is connected yet). */
struct smtp_session *smtp_session_new(const struct config *);
/* Sends QUIT when connected; NULL is a no-op. */
void		 smtp_session_free(struct smtp_session *);

/*
 * Sends `len` bytes of `data` from envelope sender `mail_from` to the
 * one recipient `rcpt_to`.  Anything but SMTP_SENT sets *errp (the
 * caller's) to one line naming the command and the server's own words,
 * e.g. "RCPT TO:<a@b>: 451 4.3.0 test-induced temporary failure", or
 * libcurl's reason when the server said nothing.
 */
enum smtp_status smtp_send(struct smtp_session *, const char *mail_from,
		    const char *rcpt_to, const char *data, size_t len,
		    char **errp);

/*
 * The server's words in its latest reply, lines joined by spaces (after
 * SMTP_SENT, its answer to the data: "250 2.0.0 OK id=1vQx2A-0001Ab"),
 * for the log; "" before any.  Valid until the next smtp_send().
 */
const char	*smtp_session_reply(const struct smtp_session *);

#endif
