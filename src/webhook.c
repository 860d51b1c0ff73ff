/*
 * webhook.c - posts the queued webhook rows (webhook.h).  Each attempt is
 * its own transaction, written after the answer: a crash between the
 * CMS's 2xx and the commit posts the row again with the same key, which
 * the CMS recognises.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "clock.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "store.h"
#include "webhook.h"
#include "xmalloc.h"

struct due {
	long long	 id;
	char		*case_id, *url, *body, *key;
	long long	 attempts;
};

static int
collect(void *arg, const struct store_webhook *w)
{
	GArray *a = arg;
	struct due d;

	d.id = w->id;
	d.case_id = xstrdup(w->case_id);
	d.url = xstrdup(w->url);
	d.body = xstrdup(w->body);
	d.key = xstrdup(w->key);
	d.attempts = w->attempts;
	g_array_append_val(a, d);
	return 0;
}

/* The wait before attempt n + 1 after n failed ones. */
static long
backoff(long long n)
{
	long s = WEBHOOK_RETRY_MIN;

	while (--n > 0 && s < WEBHOOK_RETRY_MAX)
		s *= 2;
	return s < WEBHOOK_RETRY_MAX ? s : WEBHOOK_RETRY_MAX;
}

/* Records one attempt and its event; 0 or -1. */
static int
record(struct store *st, const struct due *d, const char *state,
    long status, const char *error, time_t next)
{
	time_t now = clock_now();
	char *detail;
	int rv;

	if (strcmp(state, "accepted") == 0)
		detail = xasprintf("accepted by %s (HTTP %ld) at attempt %lld, "
		    "key %s", d->url, status, d->attempts + 1, d->key);
	else if (strcmp(state, "failed") == 0)
		detail = xasprintf("refused by %s (HTTP %ld) at attempt %lld: "
		    "held, not tried again: %s", d->url, status,
		    d->attempts + 1, error ? error : "-");
	else
		detail = xasprintf("attempt %lld to %s: %s; next in %ld s",
		    d->attempts + 1, d->url, error ? error : "-",
		    (long)(next - clock_wall()));
	if (store_begin(st) == -1) {
		free(detail);
		return -1;
	}
	rv = store_webhook_attempt(st, d->id, state, status, error, next,
	    clock_wall()) == -1 || store_event_add(st, d->case_id, now,
	    "webhook", NULL, detail, 0) == -1 ? -1 : 0;
	if (rv == 0)
		rv = store_commit(st);
	else
		store_rollback(st);
	free(detail);
	return rv;
}

int
webhook_flush(const struct config *cfg, struct store *st)
{
	GArray *due = g_array_new(FALSE, TRUE, sizeof(struct due));
	struct http_answer ans;
	char *err = NULL, *why;
	guint i;
	int accepted = 0, rv = -1;

	(void)cfg;
	if (store_webhook_due(st, clock_wall(), WEBHOOK_BATCH, collect,
	    due) == -1)
		goto out;
	for (i = 0; i < due->len; i++) {
		const struct due *d = &g_array_index(due, struct due, i);
		time_t next = clock_wall() + backoff(d->attempts + 1);
		int r;

		memset(&ans, 0, sizeof(ans));
		if (http_post_json(d->url, d->body, d->key, WEBHOOK_TIMEOUT,
		    &ans, &err) == -1) {
			log_warnx("%s: webhook %s: %s", d->case_id, d->url,
			    err ? err : "no answer");
			r = record(st, d, "queued", 0, err, next);
		} else if (ans.status >= 200 && ans.status < 300) {
			log_info("%s: webhook %s: HTTP %ld", d->case_id, d->url,
			    ans.status);
			r = record(st, d, "accepted", ans.status, NULL, 0);
			accepted += r == 0;
		} else {
			why = xasprintf("HTTP %ld %.200s", ans.status,
			    ans.body);
			g_strdelimit(why, "\r\n", ' ');
			log_warnx("%s: webhook %s: %s", d->case_id, d->url,
			    why);
			r = ans.status >= 400 && ans.status < 500 &&
			    ans.status != 408 && ans.status != 429 ?
			    record(st, d, "failed", ans.status, why, 0) :
			    record(st, d, "queued", ans.status, why, next);
			free(why);
		}
		free(err);
		err = NULL;
		if (r == -1)
			goto out;
	}
	rv = accepted;
out:
	for (i = 0; i < due->len; i++) {
		struct due *d = &g_array_index(due, struct due, i);

		free(d->case_id);
		free(d->url);
		free(d->body);
		free(d->key);
	}
	g_array_free(due, TRUE);
	return rv;
}
