/*
 * smtp.c - the sole libcurl user for mail.  Every transfer carries the
 * configured timeouts, TLS policy and credentials; the server's own words
 * are kept for the error message (heard through the debug callback, which
 * sees every command and reply line; credentials are never kept).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <glib.h>

#include "config.h"
#include "log.h"
#include "smtp.h"
#include "xmalloc.h"

void
smtp_global_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		abort();
}

/* Sets what every SMTP transfer shares; the caller adds the rest. */
static CURL *
smtp_handle(const struct config *cfg, char *errbuf)
{
	CURL *c;

	if ((c = curl_easy_init()) == NULL)
		return NULL;
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp.url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
	    (long)cfg->smtp.timeout_seconds);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)cfg->smtp.timeout_seconds);
	/* TLS or nothing when asked, and whenever a password would go to
	 * a server that is not this machine. */
	if (cfg->smtp.starttls || (cfg->smtp.user != NULL &&
	    !config_url_loopback(cfg->smtp.url)))
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (cfg->smtp.ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->smtp.ca_file);
	if (cfg->smtp.user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp.user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp.password);
	}
	return c;
}

/* How a session with the configured server is protected (smtp.h). */
static const char *
smtp_protection(const struct config *cfg)
{
	if (g_ascii_strncasecmp(cfg->smtp.url, "smtps://", 8) == 0)
		return "TLS, certificate verified";
	if (cfg->smtp.starttls || (cfg->smtp.user != NULL &&
	    !config_url_loopback(cfg->smtp.url)))
		return "STARTTLS, certificate verified";
	return config_url_loopback(cfg->smtp.url) ? "plain, loopback" :
	    "plain, no password";
}

int
smtp_check(const struct config *cfg, const char **howp, char **errp)
{
	char errbuf[CURL_ERROR_SIZE];
	CURL *c;
	CURLcode rc;

	if ((c = smtp_handle(cfg, errbuf)) == NULL) {
		*errp = xasprintf("%s: out of memory", cfg->smtp.url);
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "NOOP");
	curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	rc = curl_easy_perform(c);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		*errp = xasprintf("%s: %s%s", cfg->smtp.url,
		    rc == CURLE_LOGIN_DENIED ? "AUTH: " :
		    rc == CURLE_USE_SSL_FAILED ? "STARTTLS: " :
		    rc == CURLE_COULDNT_CONNECT ? "connect: " : "",
		    errbuf[0] ? errbuf : curl_easy_strerror(rc));
		return -1;
	}
	*howp = smtp_protection(cfg);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Delivery                                                            */

#define SMTP_CMD_MAX	256	/* the last command kept for messages */
#define SMTP_WORDS_MAX	512	/* the last reply kept */

struct smtp_session {
	CURL		*c;
	char		*url;
	char		 errbuf[CURL_ERROR_SIZE];
	char		 cmd[SMTP_CMD_MAX];	/* never a credential */
	char		 words[SMTP_WORDS_MAX];
	int		 fresh;		/* the next reply line starts a reply */
	int		 past_mail;	/* MAIL FROM went out in this send */
	int		 quitting;	/* QUIT went out: its reply is noise */
	int		 in_auth;	/* lines out are credentials */
	struct curl_slist *rcpt;
	const char	*data;		/* the upload */
	size_t		 left;
};

/* Copies one line of `s` into dst[size], controls as spaces. */
static void
smtp_line(char *dst, size_t size, size_t at, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && at + 1 < size; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\r' || ch == '\n')
			break;
		dst[at++] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
	}
	dst[at] = '\0';
}

/*
 * Keeps what went out, without credentials: AUTH and every line sent
 * until the server stops answering 334 are kept as "AUTH" alone.  The
 * QUIT libcurl sends after a failure is not kept: the failure's words
 * are what matter.
 */
static void
smtp_note_cmd(struct smtp_session *s, const char *data, size_t len)
{
	static const char *const plain[] = { "MAIL FROM", "RCPT TO", "DATA",
	    "EHLO", "HELO", "STARTTLS", "RSET", "NOOP" };
	size_t i;

	s->fresh = 1;
	if (s->in_auth || (len >= 4 && strncasecmp(data, "AUTH", 4) == 0)) {
		s->in_auth = 1;
		snprintf(s->cmd, sizeof(s->cmd), "AUTH");
		return;
	}
	if (len >= 4 && strncasecmp(data, "QUIT", 4) == 0) {
		s->quitting = 1;
		return;
	}
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (len >= strlen(plain[i]) &&
		    strncasecmp(data, plain[i], strlen(plain[i])) == 0) {
			smtp_line(s->cmd, sizeof(s->cmd), 0, data, len);
			if (i == 0)
				s->past_mail = 1;
			return;
		}
	snprintf(s->cmd, sizeof(s->cmd), "AUTH");
}

/* Keeps the lines of the latest reply, joined by spaces. */
static void
smtp_note_reply(struct smtp_session *s, const char *data, size_t len)
{
	size_t at;

	if (s->quitting)
		return;
	if (len < 3 || strncmp(data, "334", 3) != 0)
		s->in_auth = 0;
	if (s->fresh) {
		s->words[0] = '\0';
		s->fresh = 0;
	}
	at = strlen(s->words);
	if (at > 0 && at + 1 < sizeof(s->words))
		s->words[at++] = ' ';
	smtp_line(s->words, sizeof(s->words), at, data, len);
	/* "250 " ends a reply, "250-" goes on: after DATA's 354, the
	 * answer to the mail itself is a reply of its own. */
	if (len < 4 || data[3] != '-')
		s->fresh = 1;
}

static int
smtp_debug(CURL *c, curl_infotype type, char *data, size_t len, void *arg)
{
	struct smtp_session *s = arg;

	if (type == CURLINFO_HEADER_OUT)
		smtp_note_cmd(s, data, len);
	else if (type == CURLINFO_HEADER_IN)
		smtp_note_reply(s, data, len);
	return 0;
}

static size_t
smtp_read(char *buf, size_t size, size_t nitems, void *arg)
{
	struct smtp_session *s = arg;
	size_t n = size * nitems;

	if (n > s->left)
		n = s->left;
	memcpy(buf, s->data, n);
	s->data += n;
	s->left -= n;
	return n;
}

struct smtp_session *
smtp_session_new(const struct config *cfg)
{
	struct smtp_session *s = xcalloc(1, sizeof(*s));
	const char *host, *at;

	if ((s->c = smtp_handle(cfg, s->errbuf)) == NULL) {
		free(s);
		return NULL;
	}
	/* The URL's path is the EHLO name: the office's domain if none. */
	host = strstr(cfg->smtp.url, "://");
	at = strchr(cfg->office.address, '@');
	if (host != NULL && strchr(host + 3, '/') == NULL && at != NULL)
		s->url = xasprintf("%s/%s", cfg->smtp.url, at + 1);
	else
		s->url = xstrdup(cfg->smtp.url);
	curl_easy_setopt(s->c, CURLOPT_URL, s->url);
	curl_easy_setopt(s->c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(s->c, CURLOPT_READFUNCTION, smtp_read);
	curl_easy_setopt(s->c, CURLOPT_READDATA, s);
	/* The debug callback is how the server's words are heard. */
	curl_easy_setopt(s->c, CURLOPT_DEBUGFUNCTION, smtp_debug);
	curl_easy_setopt(s->c, CURLOPT_DEBUGDATA, s);
	curl_easy_setopt(s->c, CURLOPT_VERBOSE, 1L);
	return s;
}

void
smtp_session_free(struct smtp_session *s)
{
	if (s == NULL)
		return;
	curl_easy_cleanup(s->c);	/* QUIT, if connected */
	curl_slist_free_all(s->rcpt);
	free(s->url);
	free(s);
}

static enum smtp_status
smtp_send_once(struct smtp_session *s, const char *mail_from,
    const char *rcpt_to, const char *data, size_t len, int *codep,
    char **errp)
{
	enum smtp_status rv;
	CURLcode rc;
	int code = 0;

	*errp = NULL;
	s->errbuf[0] = s->cmd[0] = s->words[0] = '\0';
	s->fresh = 1;
	s->past_mail = s->quitting = s->in_auth = 0;
	s->data = data;
	s->left = len;
	curl_slist_free_all(s->rcpt);
	if ((s->rcpt = curl_slist_append(NULL, rcpt_to)) == NULL) {
		*errp = xstrdup("out of memory");
		return SMTP_DEFERRED;
	}
	curl_easy_setopt(s->c, CURLOPT_MAIL_FROM, mail_from);
	curl_easy_setopt(s->c, CURLOPT_MAIL_RCPT, s->rcpt);
	curl_easy_setopt(s->c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	if ((rc = curl_easy_perform(s->c)) == CURLE_OK)
		return SMTP_SENT;

	if (s->words[0] >= '1' && s->words[0] <= '5' &&
	    s->words[1] >= '0' && s->words[1] <= '9' &&
	    s->words[2] >= '0' && s->words[2] <= '9')
		code = (s->words[0] - '0') * 100 + (s->words[1] - '0') * 10 +
		    (s->words[2] - '0');
	*codep = code;
	if (!s->past_mail)
		rv = SMTP_UNREACHABLE;
	else if (code >= 500)
		rv = SMTP_REJECTED;
	else
		rv = SMTP_DEFERRED;
	if (rv == SMTP_UNREACHABLE)
		*errp = xasprintf("%s: %s: %s", s->url,
		    s->cmd[0] ? s->cmd : "connect",
		    code != 0 ? s->words : s->errbuf[0] ? s->errbuf :
		    curl_easy_strerror(rc));
	else if (code != 0)
		*errp = xasprintf("%s: %s", s->cmd, s->words);
	else
		*errp = xasprintf("%s: %s", s->cmd[0] ? s->cmd : "SMTP",
		    s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc));
	return rv;
}

enum smtp_status
smtp_send(struct smtp_session *s, const char *mail_from, const char *rcpt_to,
    const char *data, size_t len, char **errp)
{
	enum smtp_status rv;
	int code = 0;

	rv = smtp_send_once(s, mail_from, rcpt_to, data, len, &code, errp);
	/*
	 * 421 to MAIL FROM: the server closes the channel before it took
	 * anything (Exim after smtp_accept_max_per_connection mails, 1000
	 * by default).  Once more at once, on the new connection libcurl
	 * makes, rather than a retry's backoff later.
	 */
	if (rv == SMTP_DEFERRED && code == 421 &&
	    strncmp(s->cmd, "MAIL FROM", 9) == 0) {
		log_info("smtp: %s; again on a new connection", *errp);
		free(*errp);
		code = 0;
		rv = smtp_send_once(s, mail_from, rcpt_to, data, len, &code,
		    errp);
	}
	return rv;
}

const char *
smtp_session_reply(const struct smtp_session *s)
{
	return s != NULL ? s->words : "";
}
