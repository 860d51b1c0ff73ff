/*
 * test_status.c - the health judgement (status_judge(), status_limits()):
 * which facts make gongkai status healthy (0), degraded (1) or broken
 * (2), and the metrics file's text for the same facts.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "calendar.h"
#include "config.h"
#include "status.h"

#define WALL	((time_t)1796184000)	/* 2026-12-02T04:00:00Z */

static struct config cfg;

/* Healthy facts on 2026-12-02: IDLE, contact 10 s ago, 2026 and 2027. */
static void
facts_good(struct status_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->now = f->wall = WALL;
	g_assert_cmpint(calendar_date_make(2026, 12, 2, &f->today), ==, 0);
	f->contact_known = 1;
	f->contact = WALL - 10;
	strcpy(f->mode, "idle");
	f->idle_configured = 1;
	f->poll_seconds = 60;
	f->years[0] = 2026;
	f->years[1] = 2027;
	f->nyears = 2;
}

/* The level, with the verdict in *v. */
static int
judge(const struct status_facts *f, struct status_verdict *v)
{
	struct status_limits l;

	status_limits(&cfg, f, &l);
	return status_judge(f, &l, v);
}

/* Exactly one reason, about `what`, whose text has `part`. */
static void
assert_one(const struct status_verdict *v, const char *what,
    const char *part)
{
	g_assert_cmpuint(v->nwhy, ==, 1);
	g_assert_cmpstr(v->why[0].what, ==, what);
	if (strstr(v->why[0].text, part) == NULL)
		g_error("got \"%s\", want it to contain \"%s\"",
		    v->why[0].text, part);
}

static void
test_healthy(void)
{
	struct status_facts f;
	struct status_verdict v;

	facts_good(&f);
	g_assert_cmpint(judge(&f, &v), ==, STATUS_OK);
	g_assert_cmpuint(v.nwhy, ==, 0);
	/* Overdue cases and ordinary held mail are not the daemon's health. */
	f.cases_overdue = 3;
	f.pen_total = f.pen[0].n = 4;
	strcpy(f.pen[0].reason, "unknown-token");
	f.npen = 1;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_OK);
}

static void
test_limits(void)
{
	struct status_facts f;
	struct status_limits l;

	facts_good(&f);
	status_limits(&cfg, &f, &l);
	g_assert_cmpint(l.imap_warn, ==, 3 * 25 * 60);
	g_assert_cmpint(l.imap_crit, ==, 4 * 3 * 25 * 60);
	g_assert_cmpint(l.deferred_warn, ==, 600);
	strcpy(f.mode, "poll");
	status_limits(&cfg, &f, &l);
	/* 3 x 60 s, but at least 5 min */
	g_assert_cmpint(l.imap_warn, ==, 300);
	g_assert_cmpint(l.imap_crit, ==, 3600);
	f.poll_seconds = 600;
	status_limits(&cfg, &f, &l);
	g_assert_cmpint(l.imap_warn, ==, 1800);
	g_assert_cmpint(l.imap_crit, ==, 7200);
	/* Nothing recorded yet: as configured. */
	f.mode[0] = '\0';
	f.idle_configured = 0;
	status_limits(&cfg, &f, &l);
	g_assert_cmpint(l.imap_warn, ==, 1800);
}

static void
test_imap(void)
{
	struct status_facts f;
	struct status_verdict v;

	facts_good(&f);
	f.contact_known = 0;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_BROKEN);
	assert_one(&v, "imap", "no IMAP contact recorded");
	facts_good(&f);
	f.contact = WALL - 4500;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_OK);
	f.contact = WALL - 4501;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_DEGRADED);
	assert_one(&v, "imap", "1 h 15 min ago (more than 1 h 15 min)");
	f.contact = WALL - 18001;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_BROKEN);
	assert_one(&v, "imap", "(more than 5 h 0 min)");
	/* Polling every minute: five minutes without contact is too long. */
	facts_good(&f);
	strcpy(f.mode, "poll");
	f.contact = WALL - 301;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_DEGRADED);
}

static void
test_outbox(void)
{
	struct status_facts f;
	struct status_verdict v;
	char err[] = "RCPT TO:<a@example.test>: 451 4.3.0 try later";

	facts_good(&f);
	f.outbox.deferred = 1;
	f.outbox.oldest_waiting = f.outbox.oldest_deferred = WALL - 600;
	f.outbox.next_try = WALL + 60;
	f.outbox.last_error = err;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_OK);
	f.outbox.oldest_waiting = f.outbox.oldest_deferred = WALL - 601;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_DEGRADED);
	assert_one(&v, "outbox", "1 mail waiting for delivery, the oldest "
	    "for 10 min 1 s (more than 10 min 0 s); last error: RCPT");
	/* Never tried but long queued (the delivery is stuck) counts too. */
	f.outbox.deferred = 0;
	f.outbox.queued = 2;
	f.outbox.last_error = NULL;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_DEGRADED);
	assert_one(&v, "outbox", "2 mails waiting");
	facts_good(&f);
	f.outbox.failed = 5;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_OK);	/* all long ago */
	f.outbox.failed_since = 1;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_DEGRADED);
	assert_one(&v, "outbox", "1 mail of the last 7 days failed for good");
}

static void
test_pen(void)
{
	struct status_facts f;
	struct status_verdict v;

	facts_good(&f);
	strcpy(f.pen[0].reason, "closed-case");
	f.pen[0].n = 1;
	strcpy(f.pen[1].reason, "processing-failed");
	f.pen[1].n = 2;
	f.npen = 2;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_DEGRADED);
	assert_one(&v, "pen", "2 held mails could not be processed");
	strcpy(f.pen[1].reason, "parser-failed");
	f.pen[1].n = 1;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_DEGRADED);
}

static void
test_calendar(void)
{
	struct status_facts f;
	struct status_verdict v;

	facts_good(&f);
	f.nyears = 1;		/* 2026 only, on 2 December */
	g_assert_cmpint(judge(&f, &v), ==, STATUS_DEGRADED);
	assert_one(&v, "calendar", "next year, 2027");
	g_assert_cmpint(calendar_date_make(2026, 11, 30, &f.today), ==, 0);
	g_assert_cmpint(judge(&f, &v), ==, STATUS_OK);	/* not yet */
	g_assert_cmpint(calendar_date_make(2027, 3, 1, &f.today), ==, 0);
	f.years[0] = 2026;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_DEGRADED);
	assert_one(&v, "calendar", "no calendar data for 2027");
}

static void
test_worst_wins(void)
{
	struct status_facts f;
	struct status_verdict v;

	facts_good(&f);
	f.nyears = 1;
	f.outbox.failed_since = 1;
	f.contact_known = 0;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_BROKEN);
	g_assert_cmpuint(v.nwhy, ==, 3);
	g_assert_cmpint(v.why[0].level, ==, STATUS_BROKEN);
	g_assert_cmpint(v.why[1].level, ==, STATUS_DEGRADED);
}

/* 1 when `line` is a whole line of text. */
static int
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p;

	for (p = text; (p = strstr(p, line)) != NULL; p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return 1;
	return 0;
}

static void
test_metrics(void)
{
	static const char *const want[] = {
		"gongkai_status 1",
		"gongkai_last_imap_contact_timestamp_seconds 1796183990",
		"gongkai_imap_idle 1",
		"gongkai_outbox_queued 0",
		"gongkai_outbox_deferred 1",
		"gongkai_outbox_failed 0",
		"gongkai_outbox_oldest_deferred_seconds 700",
		"gongkai_outbox_next_try_timestamp_seconds 1796184060",
		"# TYPE gongkai_pen gauge",
		"gongkai_pen{reason=\"too-large\"} 2",
		"gongkai_pen{reason=\"a\\\"b\\\\c\"} 1",
		"gongkai_cases_overdue 4",
		"gongkai_calendar_year{year=\"2026\"} 1",
		"gongkai_calendar_next_year_missing 0",
	};
	struct status_facts f;
	struct status_verdict v;
	char *text;
	size_t i;

	facts_good(&f);
	f.outbox.deferred = 1;
	f.outbox.oldest_waiting = f.outbox.oldest_deferred = WALL - 700;
	f.outbox.next_try = WALL + 60;
	strcpy(f.pen[0].reason, "too-large");
	f.pen[0].n = 2;
	strcpy(f.pen[1].reason, "a\"b\\c");
	f.pen[1].n = 1;
	f.npen = 2;
	f.cases_overdue = 4;
	g_assert_cmpint(judge(&f, &v), ==, STATUS_DEGRADED);
	text = status_metrics_text(&f, &v);
	for (i = 0; i < G_N_ELEMENTS(want); i++)
		if (!has_line(text, want[i]))
			g_error("metrics: no line \"%s\" in:\n%s", want[i],
			    text);
	free(text);
}

static void
test_duration(void)
{
	char b[32];

	g_assert_cmpstr(status_duration(-5, b, sizeof(b)), ==, "0 s");
	g_assert_cmpstr(status_duration(59, b, sizeof(b)), ==, "59 s");
	g_assert_cmpstr(status_duration(61, b, sizeof(b)), ==, "1 min 1 s");
	g_assert_cmpstr(status_duration(7500, b, sizeof(b)), ==, "2 h 5 min");
	g_assert_cmpstr(status_duration(3 * 86400 + 4 * 3600, b, sizeof(b)),
	    ==, "3 d 4 h");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	cfg.status.deferred_warn_seconds = 600;
	g_test_add_func("/status/healthy", test_healthy);
	g_test_add_func("/status/limits", test_limits);
	g_test_add_func("/status/imap", test_imap);
	g_test_add_func("/status/outbox", test_outbox);
	g_test_add_func("/status/pen", test_pen);
	g_test_add_func("/status/calendar", test_calendar);
	g_test_add_func("/status/worst_wins", test_worst_wins);
	g_test_add_func("/status/metrics", test_metrics);
	g_test_add_func("/status/duration", test_duration);
	return g_test_run();
}
