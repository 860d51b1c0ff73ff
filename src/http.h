/*
 * http.h - the one HTTP request gongkai makes: a JSON POST to the
 * website's CMS ([publish] webhook) with an idempotency key, so that a
 * retry after a lost answer publishes nothing twice.  The libcurl user
 * for the web, as smtp.c is for mail (curl_global_init() is
 * smtp_global_init()'s).  Only http and https, no redirects, TLS
 * verified, at most HTTP_BODY_MAX bytes of the answer kept for the log.
 */
#ifndef GK_HTTP_H
#define GK_HTTP_H

#define HTTP_BODY_MAX	1024

struct http_answer {
	long	status;			/* 200, 503 …; 0 when none came */
	char	body[HTTP_BODY_MAX + 1];	/* its start, NUL-ended */
};

/*
 * POSTs `json` to `url` with the headers Content-Type:
 * application/json and Idempotency-Key: `key`, within `timeout` seconds.
 * 0 when the server answered (any status: the caller decides; 2xx means
 * accepted), -1 with *errp when it could not be reached.
 */
int	http_post_json(const char *url, const char *json, const char *key,
	    long timeout, struct http_answer *answer, char **errp);

#endif
