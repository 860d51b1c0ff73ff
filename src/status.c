/*
 * status.c - health facts, their judgement and the metrics file
 * (status.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "calendar.h"
#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "datadir.h"
#include "log.h"
#include "status.h"
#include "store.h"
#include "xmalloc.h"

/* ------------------------------------------------------------ gathering */

static int
pen_one(void *arg, const char *reason, long long n)
{
	struct status_facts *f = arg;
	struct status_pen *p;

	f->pen_total += n;
	if (f->npen == STATUS_MAX_PEN)
		return 0;
	p = &f->pen[f->npen++];
	g_strlcpy(p->reason, reason != NULL ? reason : "-",
	    sizeof(p->reason));
	p->n = n;
	return 0;
}

int
status_gather(const struct config *cfg, struct store *st,
    struct status_facts *f)
{
	const struct calendar *cal;
	struct store_sweep_counts n;
	char today[CALENDAR_DATE_LEN], tomorrow[CALENDAR_DATE_LEN];
	char *mode = NULL;
	size_t i;
	int r;

	memset(f, 0, sizeof(*f));
	f->now = clock_now();
	f->wall = clock_wall();
	f->today = clock_local_day(f->now, cfg->office.timezone, NULL);
	f->idle_configured = cfg->imap.idle;
	f->poll_seconds = cfg->imap.poll_seconds;
	if ((r = store_imap_contact(st, &f->contact, &mode)) == -1)
		return -1;
	f->contact_known = r == 1;
	if (mode != NULL)
		g_strlcpy(f->mode, mode, sizeof(f->mode));
	free(mode);
	if (store_status_outbox(st, f->now - STATUS_FAILED_WINDOW,
	    &f->outbox) == -1 || store_status_pen(st, pen_one, f) == -1)
		return -1;
	calendar_date_format(f->today, today);
	calendar_date_format(f->today + 1, tomorrow);
	if (store_sweep_count(st, today, tomorrow, &n) == -1)
		return -1;
	f->cases_open = n.open;
	f->cases_overdue = n.overdue;
	f->cases_due_today = n.soon;
	f->cases_provisional = n.provisional;
	cal = datadir_calendar(cfg);
	for (i = 0; i < calendar_nyears(cal) && f->nyears < STATUS_MAX_YEARS;
	    i++)
		f->years[f->nyears++] = calendar_year(cal, i);
	return 0;
}

void
status_facts_clear(struct status_facts *f)
{
	free(f->outbox.last_error);
	f->outbox.last_error = NULL;
}

int
status_has_year(const struct status_facts *f, int y)
{
	size_t i;

	for (i = 0; i < f->nyears; i++)
		if (f->years[i] == y)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ judging */

const char *
status_word(int level)
{
	static const char *const words[] = { "healthy", "degraded",
		"broken" };

	return level >= 0 && level <= STATUS_BROKEN ? words[level] : "?";
}

void
status_limits(const struct config *cfg, const struct status_facts *f,
    struct status_limits *l)
{
	long long pass;

	/* How the daemon waits, as it said, else as it is told to. */
	if (strcmp(f->mode, "idle") == 0 ||
	    (f->mode[0] == '\0' && f->idle_configured))
		pass = DAEMON_IDLE_SECONDS;
	else
		pass = f->poll_seconds;
	l->imap_warn = 3 * pass < 300 ? 300 : 3 * pass;
	l->imap_crit = 4 * l->imap_warn < 3600 ? 3600 : 4 * l->imap_warn;
	l->deferred_warn = cfg->status.deferred_warn_seconds;
	l->failed_window = STATUS_FAILED_WINDOW;
}

char *
status_duration(long long s, char *buf, size_t len)
{
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(buf, len, "%lld s", s);
	else if (s < 3600)
		snprintf(buf, len, "%lld min %lld s", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%lld h %lld min", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, len, "%lld d %lld h", s / 86400,
		    s % 86400 / 3600);
	return buf;
}

static void
why_add(struct status_verdict *v, int level, const char *what,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
why_add(struct status_verdict *v, int level, const char *what,
    const char *fmt, ...)
{
	struct status_why *w;
	va_list ap;

	if (level > v->level)
		v->level = level;
	if (v->nwhy == STATUS_MAX_WHY)
		return;
	w = &v->why[v->nwhy++];
	w->level = level;
	w->what = what;
	va_start(ap, fmt);
	vsnprintf(w->text, sizeof(w->text), fmt, ap);
	va_end(ap);
}

static void
judge_imap(const struct status_facts *f, const struct status_limits *l,
    struct status_verdict *v)
{
	char age[32], lim[32];
	long long a = (long long)(f->wall - f->contact);

	if (!f->contact_known) {
		why_add(v, STATUS_BROKEN, "imap", "no IMAP contact recorded: "
		    "the daemon has never finished a pass over the mailbox "
		    "(is gongkai run running?)");
		return;
	}
	if (a <= l->imap_warn)
		return;
	status_duration(a, age, sizeof(age));
	status_duration(a > l->imap_crit ? l->imap_crit : l->imap_warn, lim,
	    sizeof(lim));
	why_add(v, a > l->imap_crit ? STATUS_BROKEN : STATUS_DEGRADED, "imap",
	    "last IMAP contact %s ago (more than %s): is the daemon running "
	    "and the server reachable?", age, lim);
}

static void
judge_outbox(const struct status_facts *f, const struct status_limits *l,
    struct status_verdict *v)
{
	const struct store_status_outbox *o = &f->outbox;
	char age[32], lim[32];
	long long a = (long long)f->now - o->oldest_waiting;

	if (o->oldest_waiting != 0 && a > l->deferred_warn) {
		status_duration(a, age, sizeof(age));
		status_duration(l->deferred_warn, lim, sizeof(lim));
		why_add(v, STATUS_DEGRADED, "outbox", "%lld mail%s waiting "
		    "for delivery, the oldest for %s (more than %s)%s%.200s",
		    o->queued + o->deferred, o->queued + o->deferred == 1 ?
		    "" : "s", age, lim, o->last_error ? "; last error: " : "",
		    o->last_error ? o->last_error : "");
	}
	if (o->failed_since > 0)
		why_add(v, STATUS_DEGRADED, "outbox", "%lld mail%s of the last "
		    "%lld days failed for good (gongkai outbox lists them)",
		    o->failed_since, o->failed_since == 1 ? "" : "s",
		    l->failed_window / 86400);
}

int
status_judge(const struct status_facts *f, const struct status_limits *l,
    struct status_verdict *v)
{
	long long stuck = 0;
	size_t i;
	int y, m;

	memset(v, 0, sizeof(*v));
	judge_imap(f, l, v);
	judge_outbox(f, l, v);
	for (i = 0; i < f->npen; i++)
		if (strcmp(f->pen[i].reason, "processing-failed") == 0 ||
		    strcmp(f->pen[i].reason, "parser-failed") == 0)
			stuck += f->pen[i].n;
	if (stuck > 0)
		why_add(v, STATUS_DEGRADED, "pen", "%lld held mail%s could not "
		    "be processed and wait%s for a person (gongkai pen lists "
		    "them)", stuck, stuck == 1 ? "" : "s",
		    stuck == 1 ? "s" : "");
	calendar_date_ymd(f->today, &y, &m, NULL);
	if (!status_has_year(f, y))
		why_add(v, STATUS_DEGRADED, "calendar", "no calendar data for "
		    "%d: working days are Monday to Friday, due dates "
		    "provisional ([calendar] holidays)", y);
	else if (m == 12 && !status_has_year(f, y + 1))
		why_add(v, STATUS_DEGRADED, "calendar", "no calendar data for "
		    "next year, %d: install it before January, when due dates "
		    "reach it ([calendar] holidays)", y + 1);
	return v->level;
}

/* ------------------------------------------------------ the metrics file */


/* A label value as the text format wants it: \, " and newline escaped. */
static void
label_value(GString *s, const char *v)
{
	for (; *v != '\0'; v++)
		if (*v == '\\' || *v == '"')
			g_string_append_printf(s, "\\%c", *v);
		else if (*v == '\n')
			g_string_append(s, "\\n");
		else
			g_string_append_c(s, *v);
}

static void
gauge(GString *s, const char *name, const char *help, long long v)
{
	g_string_append_printf(s, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n",
	    name, help, name, name, v);
}

char *
status_metrics_text(const struct status_facts *f,
    const struct status_verdict *v)
{
	const struct store_status_outbox *o = &f->outbox;
	GString *s = g_string_new(NULL);
	size_t i;
	int y;

	gauge(s, "gongkai_status", "0 healthy, 1 degraded, 2 broken "
	    "(gongkai status)", v->level);
	gauge(s, "gongkai_metrics_timestamp_seconds", "when this file was "
	    "written", (long long)f->wall);
	gauge(s, "gongkai_last_imap_contact_timestamp_seconds", "the last "
	    "good pass over the mailbox (0: never)", f->contact_known ?
	    (long long)f->contact : 0);
	gauge(s, "gongkai_imap_idle", "1 when the daemon waits for mail by "
	    "IDLE, 0 when it polls", strcmp(f->mode, "idle") == 0);
	gauge(s, "gongkai_outbox_queued", "mail not yet tried", o->queued);
	gauge(s, "gongkai_outbox_deferred", "mail waiting for another try",
	    o->deferred);
	gauge(s, "gongkai_outbox_failed", "mail failed for good", o->failed);
	gauge(s, "gongkai_outbox_oldest_deferred_seconds", "age of the "
	    "oldest deferred mail (0: none)", o->oldest_deferred ?
	    (long long)f->now - o->oldest_deferred : 0);
	gauge(s, "gongkai_outbox_oldest_waiting_seconds", "age of the "
	    "oldest queued or deferred mail (0: none)", o->oldest_waiting ?
	    (long long)f->now - o->oldest_waiting : 0);
	gauge(s, "gongkai_outbox_next_try_timestamp_seconds", "the next "
	    "try of deferred mail (0: none)", o->next_try);
	g_string_append(s, "# HELP gongkai_pen held mail not yet filed, by "
	    "reason\n# TYPE gongkai_pen gauge\n");
	for (i = 0; i < f->npen; i++) {
		g_string_append(s, "gongkai_pen{reason=\"");
		label_value(s, f->pen[i].reason);
		g_string_append_printf(s, "\"} %lld\n", f->pen[i].n);
	}
	gauge(s, "gongkai_cases_open", "open cases with a due date",
	    f->cases_open);
	gauge(s, "gongkai_cases_due_today", "open cases due today",
	    f->cases_due_today);
	gauge(s, "gongkai_cases_overdue", "open cases past their due date",
	    f->cases_overdue);
	gauge(s, "gongkai_cases_provisional", "open cases whose due date is "
	    "provisional (a year without calendar data)",
	    f->cases_provisional);
	g_string_append(s, "# HELP gongkai_calendar_year calendar data "
	    "loaded for the year\n# TYPE gongkai_calendar_year gauge\n");
	for (i = 0; i < f->nyears; i++)
		g_string_append_printf(s, "gongkai_calendar_year{year=\"%d\"} "
		    "1\n", f->years[i]);
	calendar_date_ymd(f->today, &y, NULL, NULL);
	gauge(s, "gongkai_calendar_next_year_missing", "1 when next year "
	    "has no calendar data", !status_has_year(f, y + 1));
	return xgstring_free(s);
}

/* Writes text to path through a temporary file in the same folder. */
static int
metrics_replace(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	size_t len = strlen(text);
	int fd, rv = -1;

	if ((fd = mkstemp(tmp)) == -1) {
		log_warn("status: %s", tmp);
		goto out;
	}
	if (write(fd, text, len) != (ssize_t)len || fchmod(fd, 0644) == -1) {
		log_warn("status: %s", tmp);
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		log_warn("status: %s", path);
		unlink(tmp);
		goto out;
	}
	rv = 0;
out:
	free(tmp);
	return rv;
}

void
status_imap_contact(struct store *st, int idle)
{
	if (store_imap_contact_set(st, clock_wall(), idle ? "idle" :
	    "poll") == -1)
		log_warnx("status: the IMAP contact could not be recorded");
}

int
status_cycle(const struct config *cfg, struct store *st)
{
	struct status_facts f;
	struct status_limits l;
	struct status_verdict v;
	char *text;
	int rv = -1;

	if (cfg->status.metrics_file == NULL)
		return 0;
	if (status_gather(cfg, st, &f) == 0) {
		status_limits(cfg, &f, &l);
		status_judge(&f, &l, &v);
		text = status_metrics_text(&f, &v);
		rv = metrics_replace(cfg->status.metrics_file, text);
		free(text);
		log_debug("status: %s, %s", status_word(v.level),
		    cfg->status.metrics_file);
	} else
		log_warnx("status: the database could not be read for %s",
		    cfg->status.metrics_file);
	status_facts_clear(&f);
	return rv;
}
