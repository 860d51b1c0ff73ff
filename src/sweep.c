/*
 * sweep.c - the deadline sweep.  See sweep.h.
 *
 * The sweep reads ranges of indexes, never every open case: the cases
 * due before the largest threshold (cases_open_due), the fee and
 * third-party windows that can have run out (cases_paused), the cases
 * awaiting a correction (cases_state), the provisional ones
 * (cases_provisional), the actions of the days that became idle since the
 * last sweep (events_at), the digest's first digest_max cases in due-date
 * order and its counts (covering cases_open_due).  Its cost follows the
 * alerts it sends, not the cases open (bench/sweep.sh) -- but for the
 * correction-window reminder, which reads the cases in `received` and
 * `drafting` (cases_state) to find those on their working days 5 to 7.  Case mail goes
 * through request.c (its variables, tokens, threads); mail about no case
 * (the digest, the calendar alert) is rendered here.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "calendar.h"
#include "clock.h"
#include "command.h"
#include "config.h"
#include "datadir.h"
#include "log.h"
#include "outbox.h"
#include "request.h"
#include "role.h"
#include "store.h"
#include "sweep.h"
#include "template.h"
#include "workflow.h"
#include "xmalloc.h"

#define SWEEP_CALENDAR_LIST	50	/* cases named in the calendar alert */

/* Alert clocks (the alerts table's `clock`). */
#define CLOCK_ANSWER	"answer"
#define CLOCK_IDLE	"idle"
#define CLOCK_DIGEST	"digest"
#define CLOCK_CALENDAR	"calendar"
#define CLOCK_ACK	"ack"		/* no acknowledgment sent in time */
#define SWEEP_ACK_DAYS	31	/* arrival days looked back on */
#define CLOCK_EXTENSION	"extension"	/* the last days to extend */
#define CLOCK_CORRECTION "correction-notice" /* day 5 of 7 (Art. 30) */
#define MARK_SWEEP	"sweep"		/* the days swept (idle windows) */
#define MARK_YEARS	"calendar-years" /* the data recomputed with */

static int		 sw_recompute = 1;	/* at the start, after reload */
static double		 sw_last = -1;		/* clock_mono() of a sweep */

void
sweep_reload(void)
{
	sw_recompute = 1;
	sw_last = -1;
}

/* ------------------------------------------------ the pure decisions */

int
sweep_threshold(const unsigned *remind, size_t n, int days_left,
    int *threshold)
{
	size_t i;
	long best = LONG_MAX;

	if (days_left < 0) {
		*threshold = days_left;
		return 1;
	}
	for (i = 0; i < n; i++)
		if ((long)remind[i] >= days_left && (long)remind[i] < best)
			best = (long)remind[i];
	if (best == LONG_MAX)
		return 0;
	*threshold = (int)best;
	return 1;
}

int
sweep_local_day(time_t t, const char *tz, int *hour)
{
	return clock_local_day(t, tz, hour);
}

time_t
sweep_day_start(int day, const char *tz)
{
	return clock_day_start(day, tz);
}

int
sweep_alert_time(const struct calendar *cal, int day, int hour,
    unsigned digest_hour)
{
	return calendar_is_workday(cal, day, NULL) == 1 &&
	    hour >= (int)digest_hour;
}

int
sweep_idle_cutoff(const struct calendar *cal, int day, unsigned n,
    int *cutoff)
{
	int d, seen = 0;

	if (n == 0 || n > CALENDAR_MAX_N)
		return -1;
	/* n working days lie well within 7n days and two months of
	 * holidays; the bound only guards against impossible data. */
	for (d = day; d > day - 7 * (int)n - 62; d--)
		if (calendar_is_workday(cal, d, NULL) == 1 &&
		    ++seen == (int)n) {
			*cutoff = d;
			return 0;
		}
	return -1;
}

int
sweep_answer_due(const struct calendar *cal, int receipt,
    unsigned answer_days, const struct sweep_part *parts, size_t nparts,
    int *due, int *provisional)
{
	long total = answer_days;
	size_t i;
	int n, p = 0;

	*provisional = 0;
	for (i = 0; i < nparts; i++) {
		if (parts[i].from < receipt)
			continue;	/* before a restart (Art. 30) */
		if (!parts[i].pause)
			total += parts[i].days;
		else if (parts[i].to > parts[i].from) {
			if (calendar_count(cal, parts[i].from, parts[i].to, &n,
			    &p) == -1)
				return -1;
			*provisional |= p;
			total += n;
		}
	}
	if (total > CALENDAR_MAX_N)
		return -1;
	if (calendar_add(cal, receipt, (int)total, due, &p) == -1)
		return -1;
	*provisional |= p;
	return 0;
}

int
sweep_window(const struct calendar *cal, int start, unsigned days,
    int today, int *deadline, int *provisional)
{
	*provisional = 0;
	if (calendar_add(cal, start, (int)days, deadline, provisional) == -1)
		return -1;
	return today > *deadline;
}

/* ------------------------------------------------------------- helpers */

static char *
iso(int d)
{
	char buf[CALENDAR_DATE_LEN];

	return xstrdup(calendar_date_format(d, buf));
}

static int
parse_day(const char *s)
{
	int d = 0;

	if (s == NULL || calendar_date_parse(s, &d) == -1)
		return 0;
	return d;
}

/* "2026年10月13日" */
static char *
words(int d)
{
	int y, m, dd;
	char *w;

	calendar_date_ymd(d, &y, &m, &dd);
	w = template_format_date(y, m, dd, "zh");
	return w != NULL ? w : xstrdup("");
}

static const char *
role_zh(const char *role)
{
	return role != NULL ? role_title_of(role, "zh") : "-";
}

/* States whose answer clock does not run now. */
static int
clock_stopped(const char *state, const char *paused_on)
{
	return paused_on != NULL || strcmp(state, "correction") == 0 ||
	    strcmp(state, "fee") == 0 || strcmp(state, "consulting") == 0 ||
	    strcmp(state, "agency") == 0;
}

/* "还有3个工作日到期", "今日到期", "已逾期2个工作日". */
static char *
status_words(int days_left)
{
	if (days_left > 0)
		return xasprintf("还有%d个工作日到期", days_left);
	if (days_left == 0)
		return xstrdup("今日到期");
	return xasprintf("已逾期%d个工作日", -days_left);
}

/* A copy of the sweep's view of a case, to act on after the query. */
struct swcase {
	char		*id, *kind, *state, *step, *assignee, *name;
	char		*receipt, *due, *paused_on;
	int		 provisional;
	int		 extension_used;
};

struct swlist {
	struct swcase	*v;
	size_t		 n, cap;
};

/* v with room for one more of n elements of `size` (capacity *cap). */
static void *
grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	return xreallocarray(v, *cap, size);
}

static char *
dup0(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
collect(void *arg, const struct store_sweep_case *c)
{
	struct swlist *l = arg;
	struct swcase *s;

	l->v = grow(l->v, l->n, &l->cap, sizeof(*l->v));
	s = &l->v[l->n++];
	s->id = dup0(c->id);
	s->kind = dup0(c->kind);
	s->state = dup0(c->state);
	s->step = dup0(c->step);
	s->assignee = dup0(c->assignee);
	s->name = dup0(c->applicant_name);
	s->receipt = dup0(c->receipt_date);
	s->due = dup0(c->due_date);
	s->paused_on = dup0(c->paused_on);
	s->provisional = c->due_provisional;
	s->extension_used = c->extension_used;
	return 0;
}

static void
swlist_free(struct swlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].kind);
		free(l->v[i].state);
		free(l->v[i].step);
		free(l->v[i].assignee);
		free(l->v[i].name);
		free(l->v[i].receipt);
		free(l->v[i].due);
		free(l->v[i].paused_on);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* The state of one sweep. */
struct sweep {
	const struct config	*cfg;
	struct store		*st;
	const struct calendar	*cal;
	time_t			 now;
	int			 today;
	char			*today_iso;
	struct sweep_result	*res;
	struct request_ctx	 rc;
	/* the first year without data a clock needed, 0 if none */
	int			 missing_year;
	long			 window_provisional;
	char			*years;		/* years_of(cal) */
};

static void
note_missing(struct sweep *sw, int a, int b)
{
	int y = calendar_missing_year(sw->cal, a, b);

	if (y != 0 && (sw->missing_year == 0 || y < sw->missing_year))
		sw->missing_year = y;
}

/*
 * Runs fn for one alert inside a savepoint: a failure leaves it out
 * (counted and logged) without undoing the others.  -1 only when the
 * savepoint itself failed (the store is gone).
 */
static int
guarded(struct sweep *sw, int (*fn)(struct sweep *, void *), void *arg,
    long *count)
{
	int r;

	if (store_savepoint(sw->st) == -1)
		return -1;
	if ((r = fn(sw, arg)) == -1) {
		sw->res->failed++;
		return store_rollback_savepoint(sw->st);
	}
	if (store_release(sw->st) == -1)
		return -1;
	if (r == 1 && count != NULL)
		(*count)++;
	return 0;
}

/* ----------------------------------------------------- recomputation */

struct parts {
	struct sweep_part	*v;
	size_t			 n, cap;
};

static int
collect_part(void *arg, const struct store_clock_part *p)
{
	struct parts *l = arg;
	struct sweep_part *s;

	l->v = grow(l->v, l->n, &l->cap, sizeof(*l->v));
	s = &l->v[l->n++];
	s->pause = strcmp(p->kind, "pause") == 0;
	s->from = parse_day(p->from_date);
	s->to = parse_day(p->to_date);
	s->days = p->days;
	return 0;
}

/* The years of calendar data, "2025,2026" ("" for none). */
static char *
years_of(const struct calendar *cal)
{
	GString *s = g_string_new(NULL);
	size_t i;

	for (i = 0; i < calendar_nyears(cal); i++)
		g_string_append_printf(s, "%s%d", i ? "," : "",
		    calendar_year(cal, i));
	return xgstring_free(s);
}

static int
recompute_one(struct sweep *sw, void *arg)
{
	const struct swcase *c = arg;
	const struct config *cfg = sw->cfg;
	struct parts parts = { NULL, 0, 0 };
	GString *why = NULL;
	int receipt = parse_day(c->receipt), old = parse_day(c->due);
	int due, prov, rv = -1;
	long paused = 0, extended = 0;
	unsigned days;
	size_t i;
	char *due_iso = NULL;

	/* only the answer clock and a proactive item's (Art. 26, from its
	 * information's forming, which stands as its receipt) */
	if (strcmp(c->kind, "request") == 0)
		days = cfg->deadlines.answer_days;
	else if (strcmp(c->kind, "proactive") == 0)
		days = cfg->deadlines.proactive_days;
	else
		return 0;
	if (receipt == 0 || old == 0)
		return 0;
	if (store_clock_parts(sw->st, c->id, collect_part, &parts) == -1)
		goto out;
	if (sweep_answer_due(sw->cal, receipt, days,
	    parts.v, parts.n, &due, &prov) == -1) {
		log_warnx("%s: cannot recompute the due date", c->id);
		goto out;
	}
	if (due == old && prov == c->provisional) {
		rv = 0;
		goto out;
	}
	for (i = 0; i < parts.n; i++) {
		int n = 0, p;

		if (parts.v[i].from < receipt)
			continue;
		if (!parts.v[i].pause)
			extended += parts.v[i].days;
		else if (calendar_count(sw->cal, parts.v[i].from,
		    parts.v[i].to, &n, &p) == 0 && n > 0)
			paused += n;
	}
	due_iso = iso(due);
	why = g_string_new(NULL);
	g_string_printf(why, "%s due %s%s (was %s, provisional): "
	    "recomputed with the calendar data for %s: %u working days from "
	    "the day after %s", strcmp(c->kind, "request") == 0 ? "answer" :
	    "publication",
	    due_iso, prov ? " (still provisional)" : "",
	    c->due, *sw->years ? sw->years : "no year", days, c->receipt);
	if (paused > 0)
		g_string_append_printf(why, ", plus %ld while the clock stood "
		    "still", paused);
	if (extended > 0)
		g_string_append_printf(why, ", plus %ld of extension",
		    extended);
	if (store_case_set_due(sw->st, c->id, due_iso, prov) == -1 ||
	    store_event_add(sw->st, c->id, sw->now, "clock", NULL, why->str,
	    0) == -1)
		goto out;
	log_info("%s: %s", c->id, why->str);
	rv = 1;
out:
	if (why != NULL)
		g_string_free(why, TRUE);
	free(parts.v);
	free(due_iso);
	return rv;
}

/* Recomputes the provisional dates when the calendar's years changed. */
static int
phase_recompute(struct sweep *sw)
{
	struct swlist l = { NULL, 0, 0 };
	char *last = NULL;
	size_t i;
	int r, rv = -1;

	if ((r = store_alert_last(sw->st, MARK_YEARS, &last)) == -1)
		return -1;
	if (r == 1 && strcmp(last, sw->years) == 0) {
		free(last);
		return 0;
	}
	free(last);
	if (store_sweep_provisional(sw->st, 0, collect, &l) == -1)
		goto out;
	for (i = 0; i < l.n; i++)
		if (guarded(sw, recompute_one, &l.v[i],
		    &sw->res->recomputed) == -1)
			goto out;
	if (store_alert_mark(sw->st, MARK_YEARS, sw->years, sw->today_iso,
	    sw->now) == -1)
		goto out;
	rv = 0;
out:
	swlist_free(&l);
	return rv;
}

/* ----------------------------------------------------------- expiries */

struct expiry {
	const struct swcase	*c;
	enum request_expiry	 what;
	char			*start, *deadline;
};

static int
expire_one(struct sweep *sw, void *arg)
{
	struct expiry *e = arg;
	int r;

	r = request_expire(&sw->rc, e->c->id, e->what, e->start,
	    e->deadline);
	if (r == 0)
		log_info("%s: %s ran out on %s", e->c->id,
		    e->what == REQUEST_EXPIRE_CORRECTION ? "the correction "
		    "window" : e->what == REQUEST_EXPIRE_FEE ? "the fee "
		    "payment period" : e->what == REQUEST_EXPIRE_AGENCY ?
		    "the consulted agency's period" : "the third party's period",
		    e->deadline);
	return r == 0 ? 1 : -1;
}

static int
phase_expire(struct sweep *sw)
{
	static const struct {
		const char		*state;
		enum request_expiry	 what;
	} windows[] = {
		{ "correction", REQUEST_EXPIRE_CORRECTION },
		{ "fee", REQUEST_EXPIRE_FEE },
		{ "consulting", REQUEST_EXPIRE_THIRD_PARTY },
		{ "agency", REQUEST_EXPIRE_AGENCY },
	};
	const struct config *cfg = sw->cfg;
	struct swlist l = { NULL, 0, 0 };
	struct expiry e;
	size_t w, i;
	unsigned days;
	int start, deadline, prov, cut, r, rv = -1;
	time_t at;
	char *before;

	for (w = 0; w < G_N_ELEMENTS(windows); w++) {
		days = windows[w].what == REQUEST_EXPIRE_CORRECTION ?
		    cfg->deadlines.correction_window_days :
		    windows[w].what == REQUEST_EXPIRE_FEE ?
		    cfg->deadlines.fee_payment_days :
		    windows[w].what == REQUEST_EXPIRE_AGENCY ?
		    cfg->deadlines.agency_days :
		    cfg->deadlines.third_party_days;
		if (windows[w].what == REQUEST_EXPIRE_CORRECTION)
			r = store_sweep_in_state(sw->st, windows[w].state,
			    collect, &l);
		else {
			/* A window of `days` from a stop on day s has run
			 * out today when count(s, today) > days, that is
			 * when s lies before the (days + 1)-th working day
			 * back: only those are read. */
			if (sweep_idle_cutoff(sw->cal, sw->today, days + 1,
			    &cut) == -1)
				goto out;
			before = iso(cut);
			r = store_sweep_paused(sw->st, windows[w].state, before,
			    collect, &l);
			free(before);
		}
		if (r == -1)
			goto out;
		for (i = 0; i < l.n; i++) {
			const struct swcase *c = &l.v[i];

			if (windows[w].what == REQUEST_EXPIRE_CORRECTION) {
				/* From the day of the correction notice. */
				if ((r = store_event_last(sw->st, c->id,
				    command_kind_name(COMMAND_CORRECTION), &at,
				    NULL)) == -1)
					goto out;
				if (r == 0)
					continue;
				start = sweep_local_day(at,
				    cfg->office.timezone, NULL);
			} else if ((start = parse_day(c->paused_on)) == 0)
				continue;	/* from the stop: the notice */
			if ((r = sweep_window(sw->cal, start, days, sw->today,
			    &deadline, &prov)) == -1)
				continue;
			if (prov) {
				/* Not on a guess: the calendar alert asks
				 * for the year's data first. */
				note_missing(sw, start, deadline);
				sw->window_provisional++;
				continue;
			}
			if (r == 0)
				continue;
			e.c = c;
			e.what = windows[w].what;
			e.start = iso(start);
			e.deadline = iso(deadline);
			r = guarded(sw, expire_one, &e, &sw->res->expired);
			free(e.start);
			free(e.deadline);
			if (r == -1)
				goto out;
		}
		swlist_free(&l);
	}
	rv = 0;
out:
	swlist_free(&l);
	return rv;
}

/* --------------------------------------------------------- reminders */

static unsigned
remind_window(const struct config *cfg)
{
	unsigned m = 0;
	size_t i;

	for (i = 0; i < cfg->deadlines.nremind_days; i++)
		if (cfg->deadlines.remind_days[i] > m)
			m = cfg->deadlines.remind_days[i];
	return m;
}

struct reminder {
	const struct swcase	*c;
	int			 days_left;
};

static int
remind_one(struct sweep *sw, void *arg)
{
	struct reminder *r = arg;
	const struct swcase *c = r->c;
	struct template_var extra[3];
	char left[16], window[16], *status;
	int thr, n;

	if (!sweep_threshold(sw->cfg->deadlines.remind_days,
	    sw->cfg->deadlines.nremind_days, r->days_left, &thr))
		return 0;
	if ((n = store_alert_add(sw->st, c->id, strcmp(c->kind,
	    "request") == 0 ? CLOCK_ANSWER : c->kind, thr, c->due,
	    sw->today_iso, sw->now)) != 1)
		return n;	/* sent already (0), or -1 */
	snprintf(left, sizeof(left), "%d", r->days_left);
	snprintf(window, sizeof(window), "%u", remind_window(sw->cfg));
	status = status_words(r->days_left);
	extra[0].name = "days_left";
	extra[0].value = left;
	extra[1].name = "deadline_status";
	extra[1].value = status;
	extra[2].name = "remind_window";
	extra[2].value = window;
	/* a proactive item's Art. 26 period, or a request's answer */
	n = request_case_mail(&sw->rc, c->id, strcmp(c->kind, "request") == 0 ?
	    "deadline_reminder" : "publish_reminder",
	    sw->cfg->office.secretariat, -1, extra, 3);
	free(status);
	return n == -1 ? -1 : 1;
}

/*
 * Calls fn (under guarded(), counted in *count) for each open case whose
 * answer clock runs and is due before the (window)-th working day after
 * today (so at most window - 1 working days left, or overdue), with
 * r.days_left set.
 */
static int
each_due_within(struct sweep *sw, int window,
    int (*fn)(struct sweep *, void *), long *count)
{
	struct swlist l = { NULL, 0, 0 };
	struct reminder r;
	size_t i;
	int hi, due, p, rv = -1;
	char *before;

	if (calendar_add(sw->cal, sw->today, window, &hi, &p) == -1)
		return -1;
	before = iso(hi);
	if (store_sweep_due(sw->st, before, 0, collect, &l) == -1)
		goto out;
	for (i = 0; i < l.n; i++) {
		const struct swcase *c = &l.v[i];

		if (clock_stopped(c->state, c->paused_on) ||
		    (due = parse_day(c->due)) == 0 ||
		    calendar_count(sw->cal, sw->today, due, &r.days_left,
		    &p) == -1)
			continue;
		r.c = c;
		if (guarded(sw, fn, &r, count) == -1)
			goto out;
	}
	rv = 0;
out:
	free(before);
	swlist_free(&l);
	return rv;
}

static int
phase_remind(struct sweep *sw)
{
	/* Due before the (largest threshold + 1)-th working day after
	 * today: at most that many working days left, or overdue. */
	return each_due_within(sw, (int)remind_window(sw->cfg) +
	    (sw->cfg->deadlines.nremind_days > 0), remind_one,
	    &sw->res->reminders);
}

/* ------------------------------------ the law's last days (Arts. 30, 33) */

/*
 * An extension must reach the applicant within the answer period (条例
 * Art. 33 para. 2): the handler and the head are told once when
 * `extension_remind_days` working days or fewer are left and the period
 * has not been extended; the handler (or the reviewer holding the
 * draft) may still ask.
 */
static int
extension_one(struct sweep *sw, void *arg)
{
	struct reminder *r = arg;
	const struct swcase *c = r->c;
	const struct config *cfg = sw->cfg;
	struct template_var extra[2];
	enum wf_state st;
	char left[16], *status;
	int n;

	/* Still extensible: not extended, with the office, not overdue. */
	if (c->extension_used || strcmp(c->kind, "request") != 0 ||
	    workflow_state_parse(c->state, &st) == -1 ||
	    (st != WF_RECEIVED && st != WF_DRAFTING && st != WF_REVIEW) ||
	    r->days_left < 0 ||
	    r->days_left > (int)cfg->deadlines.extension_remind_days)
		return 0;
	if ((n = store_alert_add(sw->st, c->id, CLOCK_EXTENSION,
	    (int)cfg->deadlines.extension_remind_days, c->due, sw->today_iso,
	    sw->now)) != 1)
		return n;
	snprintf(left, sizeof(left), "%d", r->days_left);
	status = status_words(r->days_left);
	extra[0].name = "days_left";
	extra[0].value = left;
	extra[1].name = "deadline_status";
	extra[1].value = status;
	/* The case's handler (to NULL) and the head. */
	n = request_case_mail(&sw->rc, c->id, "extension_reminder", NULL,
	    -1, extra, 2);
	if (n == 0)
		n = request_case_mail(&sw->rc, c->id, "extension_reminder",
		    cfg->office.head, -1, extra, 2);
	free(status);
	return n == -1 ? -1 : 1;
}

static int
phase_extension(struct sweep *sw)
{
	return each_due_within(sw,
	    (int)sw->cfg->deadlines.extension_remind_days + 1, extension_one,
	    &sw->res->last_days);
}

/*
 * A correction notice goes within 7 working days of receipt (Art. 30):
 * on working day 5 (of correction_notice_days) the handler of a request
 * that lacks Art. 29 fields, and that had no correction notice, is told
 * once, with what is missing and the last day.
 */
static int
correction_one(struct sweep *sw, void *arg)
{
	struct reminder *r = arg;
	const struct swcase *c = r->c;
	struct template_var extra[2];
	char *missing = NULL, *last, *last_iso;
	int n;

	if ((n = request_lacks_fields(sw->st, c->id, &missing)) != 1)
		return n;
	last = words(r->days_left);
	last_iso = iso(r->days_left);
	n = store_alert_add(sw->st, c->id, CLOCK_CORRECTION, 5, last_iso,
	    sw->today_iso, sw->now);
	free(last_iso);
	if (n != 1)
		goto out;
	extra[0].name = "missing_fields";
	extra[0].value = missing;
	extra[1].name = "last_day";
	extra[1].value = last;
	n = request_case_mail(&sw->rc, c->id, "correction_reminder", NULL,
	    -1, extra, 2);
	n = n == -1 ? -1 : 1;
out:
	free(missing);
	free(last);
	return n;
}

static int
phase_correction(struct sweep *sw)
{
	struct swlist l = { NULL, 0, 0 };
	struct reminder r;
	const char *states[] = { "received", "drafting" };
	unsigned last_n = sw->cfg->deadlines.correction_notice_days;
	size_t i, k;
	int day5, last, first, p, rv = -1;
	char *since = NULL;

	/* Received on or after the first day whose last day is not past:
	 * the day after the last_n-th working day before today (never
	 * every request still being drafted). */
	for (first = sw->today; first > sw->today - 366; first--)
		if (calendar_add(sw->cal, first - 1, (int)last_n, &last,
		    &p) == -1 || last < sw->today)
			break;
	since = iso(first);
	for (k = 0; k < G_N_ELEMENTS(states); k++)
		if (store_sweep_received(sw->st, states[k], since, collect,
		    &l) == -1)
			goto out;
	for (i = 0; i < l.n; i++) {
		const struct swcase *c = &l.v[i];
		int receipt = parse_day(c->receipt);

		/* Day 5, or day 1 with a shorter window; until the last. */
		if (receipt == 0 || strcmp(c->kind, "request") != 0 ||
		    calendar_add(sw->cal, receipt, last_n > 5 ? 5 : 1, &day5,
		    &p) == -1 ||
		    calendar_add(sw->cal, receipt, (int)last_n, &last,
		    &p) == -1 || sw->today < day5 || sw->today > last)
			continue;
		r.c = c;
		r.days_left = last;	/* the last day, as a day number */
		if (guarded(sw, correction_one, &r, &sw->res->last_days) == -1)
			goto out;
	}
	rv = 0;
out:
	free(since);
	swlist_free(&l);
	return rv;
}

/* ------------------------------------------------------------ nudges */

/* What counts as an action in a case: its opening, every command, a
 * clock that ran out (and, in store.c, a clock a person restarted). */
static char *
activity_types(void)
{
	GString *s = g_string_new("[\"received\",\"expired\"");
	int k;

	for (k = COMMAND_APPROVE; k <= COMMAND_NOTE; k++)
		g_string_append_printf(s, ",\"%s\"",
		    command_kind_name((enum command_kind)k));
	g_string_append_c(s, ']');
	return xgstring_free(s);
}

struct ids {
	char	**v;
	size_t	 n, cap;
};

static int
collect_id(void *arg, const char *id)
{
	struct ids *l = arg;

	l->v = grow(l->v, l->n, &l->cap, sizeof(*l->v));
	l->v[l->n++] = xstrdup(id);
	return 0;
}

struct nudge {
	const char	*id;
	const char	*types;
	time_t		 hi;
};

/* A step held by someone of the office whose clock runs. */
static int
nudgeable(const struct swcase *c, enum command_role *role)
{
	enum wf_state st;

	if (c->assignee == NULL || c->step == NULL ||
	    command_role_parse(c->step, role) == -1 ||
	    *role == COMMAND_ROLE_APPLICANT ||
	    *role == COMMAND_ROLE_THIRD_PARTY)
		return 0;
	return workflow_state_parse(c->state, &st) == 0 &&
	    workflow_state_holder(st) == WF_HOLDER_OFFICE;
}

static int
nudge_one(struct sweep *sw, void *arg)
{
	struct nudge *nd = arg;
	struct swlist l = { NULL, 0, 0 };
	struct template_var extra[6];
	enum command_role role;
	char version[32], idle[16], left[16], *since = NULL;
	char *status = NULL, *usage = NULL;
	time_t at;
	int r, n, day, due, p, rv = -1;

	if (store_sweep_case(sw->st, nd->id, collect, &l) == -1)
		goto out;
	rv = 0;
	if (l.n != 1 || !nudgeable(&l.v[0], &role))
		goto out;
	rv = -1;
	if ((r = store_case_last_activity(sw->st, nd->id, nd->types,
	    &at)) == -1)
		goto out;
	rv = 0;
	if (r == 0 || at >= nd->hi)
		goto out;	/* acted on since */
	snprintf(version, sizeof(version), "%lld", (long long)at);
	if ((rv = store_alert_add(sw->st, nd->id, CLOCK_IDLE,
	    (int)sw->cfg->deadlines.idle_days, version, sw->today_iso,
	    sw->now)) != 1)
		goto out;
	day = sweep_local_day(at, sw->cfg->office.timezone, NULL);
	if (calendar_count(sw->cal, day, sw->today, &n, &p) == -1)
		n = (int)sw->cfg->deadlines.idle_days;
	snprintf(idle, sizeof(idle), "%d", n);
	since = words(day);
	usage = command_usage(role);
	n = 0;
	extra[n].name = "idle_days";
	extra[n++].value = idle;
	extra[n].name = "idle_since";
	extra[n++].value = since;
	extra[n].name = "help_text";
	extra[n++].value = usage;
	if ((due = parse_day(l.v[0].due)) != 0 &&
	    calendar_count(sw->cal, sw->today, due, &r, &p) == 0) {
		snprintf(left, sizeof(left), "%d", r);
		status = status_words(r);
		extra[n].name = "days_left";
		extra[n++].value = left;
		extra[n].name = "deadline_status";
		extra[n++].value = status;
	}
	rv = request_case_mail(&sw->rc, nd->id, "idle_reminder",
	    l.v[0].assignee, (int)role, extra, (size_t)n) == -1 ? -1 : 1;
out:
	free(since);
	free(status);
	free(usage);
	swlist_free(&l);
	return rv;
}

/*
 * Steps that became idle since the last sweep: their last action lies
 * between the idle cutoff of the last day swept and today's.  Cases
 * acted on since are dropped by their latest action; each idle spell is
 * nudged once (its version is the time of that action).
 */
static int
phase_idle(struct sweep *sw)
{
	const struct config *cfg = sw->cfg;
	struct ids ids = { NULL, 0, 0 };
	struct nudge nd;
	char *last = NULL, *types = activity_types();
	time_t lo = 0, hi;
	size_t i;
	int cut, r, rv = -1;

	if (sweep_idle_cutoff(sw->cal, sw->today, cfg->deadlines.idle_days,
	    &cut) == -1)
		goto out;
	hi = sweep_day_start(cut, cfg->office.timezone);
	if ((r = store_alert_last(sw->st, MARK_SWEEP, &last)) == -1)
		goto out;
	if (r == 1 && parse_day(last) != 0 &&
	    sweep_idle_cutoff(sw->cal, parse_day(last),
	    cfg->deadlines.idle_days, &cut) == 0)
		lo = sweep_day_start(cut, cfg->office.timezone);
	rv = 0;
	if (hi <= lo)
		goto out;
	rv = -1;
	if (store_sweep_active(sw->st, lo, hi, types, collect_id, &ids) == -1)
		goto out;
	nd.types = types;
	nd.hi = hi;
	for (i = 0; i < ids.n; i++) {
		nd.id = ids.v[i];
		if (guarded(sw, nudge_one, &nd, &sw->res->nudges) == -1)
			goto out;
	}
	rv = 0;
out:
	for (i = 0; i < ids.n; i++)
		free(ids.v[i]);
	free(ids.v);
	free(last);
	free(types);
	return rv;
}

/* ------------------------------------------------ mail about no case */

/* Renders template `name` and queues it to the secretariat. */
static int
office_mail(struct sweep *sw, const char *name,
    const struct template_var *v, size_t n, const char *html)
{
	struct outmail om;
	char *err = NULL;

	memset(&om, 0, sizeof(om));
	om.kind = name;
	om.to_addr = sw->cfg->office.secretariat;
	om.body_html = html;
	if (outbox_template(sw->cfg, sw->st, name, v, n, &om, NULL,
	    &err) == -1) {
		if (err != NULL)
			log_warnx("sweep: template %s: %s", name, err);
		free(err);
		return -1;
	}
	return 0;
}

struct office {
	struct store_sweep_counts	 n;
	struct swlist			 list;
};

static int
calendar_one(struct sweep *sw, void *arg)
{
	struct office *o = arg;
	GString *cases = g_string_new(NULL);
	struct template_var v[6];
	char year[16], count[32], *date = words(sw->today), *path;
	size_t i;
	int r, rv = -1;

	if ((r = store_alert_add(sw->st, NULL, CLOCK_CALENDAR,
	    sw->missing_year, sw->today_iso, sw->today_iso, sw->now)) != 1) {
		rv = r;
		goto out;
	}
	for (i = 0; i < o->list.n; i++)
		g_string_append_printf(cases, "%s %s 答复期限（暂定）%s\n",
		    o->list.v[i].id, o->list.v[i].name ? o->list.v[i].name :
		    "-", o->list.v[i].due);
	if ((long long)o->list.n < o->n.provisional)
		g_string_append_printf(cases, "……另有%lld件\n",
		    o->n.provisional - (long long)o->list.n);
	if (sw->window_provisional > 0)
		g_string_append_printf(cases, "另有%ld件案件的补正、缴费或征求"
		    "意见期限为暂定日期，期限届满后暂不自动处理。\n",
		    sw->window_provisional);
	if (cases->len > 0)
		g_string_truncate(cases, cases->len - 1);
	snprintf(year, sizeof(year), "%d", sw->missing_year);
	snprintf(count, sizeof(count), "%lld",
	    o->n.provisional + sw->window_provisional);
	path = calendar_path(sw->cfg->calendar.holidays);
	v[0].name = "office_name";
	v[0].value = sw->cfg->office.name;
	v[1].name = "date";
	v[1].value = date;
	v[2].name = "calendar_year";
	v[2].value = year;
	v[3].name = "provisional_count";
	v[3].value = count;
	v[4].name = "calendar_path";
	v[4].value = path;
	v[5].name = "case_list";
	v[5].value = cases->str;
	rv = office_mail(sw, "calendar_missing", v, 6, NULL) == -1 ? -1 : 1;
	free(path);
out:
	g_string_free(cases, TRUE);
	free(date);
	return rv;
}

/* Tells the secretariat once a day while a clock needs a missing year. */
static int
phase_calendar(struct sweep *sw, struct office *o)
{
	size_t i;
	int rv;

	if (store_sweep_provisional(sw->st, SWEEP_CALENDAR_LIST, collect,
	    &o->list) == -1)
		return -1;
	for (i = 0; i < o->list.n; i++) {
		int from = parse_day(o->list.v[i].receipt);

		note_missing(sw, from != 0 ? from : sw->today,
		    parse_day(o->list.v[i].due));
	}
	rv = 0;
	if (sw->missing_year != 0 &&
	    o->n.provisional + sw->window_provisional > 0)
		rv = guarded(sw, calendar_one, o, &sw->res->calendar);
	swlist_free(&o->list);
	return rv;
}

/* ------------------------------------------ acknowledgments not sent */

struct unacked {
	char		*id;
	char		*email;
	time_t		 at;
	char		*state;		/* of the ack; NULL: none queued */
	long long	 attempts;
	char		*error;
};

struct unacked_list {
	struct unacked	*v;
	size_t		 n, cap;
};

static int
collect_unacked(void *arg, const struct store_unacked *u)
{
	struct unacked_list *l = arg;
	struct unacked *x;

	l->v = grow(l->v, l->n, &l->cap, sizeof(*l->v));
	x = &l->v[l->n++];
	x->id = xstrdup(u->case_id);
	x->email = dup0(u->applicant_email);
	x->at = u->received_at;
	x->state = dup0(u->ack_state);
	x->attempts = u->attempts;
	x->error = dup0(u->last_error);
	return 0;
}

/* Tells the secretariat, once, that case u has no acknowledgment sent. */
static int
unacked_one(struct sweep *sw, void *arg)
{
	const struct unacked *u = arg;
	struct template_var v[6];
	int day = sweep_local_day(u->at, sw->cfg->office.timezone, NULL);
	char *date = words(sw->today), *received = words(day), *why;
	int r;

	if ((r = store_alert_add(sw->st, u->id, CLOCK_ACK, 0, "1",
	    sw->today_iso, sw->now)) != 1) {
		free(date);
		free(received);
		return r;
	}
	if (u->state == NULL)
		why = xstrdup("未生成（没有可发送的地址）");
	else if (strcmp(u->state, "failed") == 0)
		why = xasprintf("投递失败：%s", u->error ? u->error : "-");
	else
		why = xasprintf("待发送，已尝试%lld次%s%s", u->attempts,
		    u->error ? "，最近一次错误：" : "",
		    u->error ? u->error : "");
	v[0].name = "office_name";
	v[0].value = sw->cfg->office.name;
	v[1].name = "date";
	v[1].value = date;
	v[2].name = "case_id";
	v[2].value = u->id;
	v[3].name = "applicant_email";
	v[3].value = u->email ? u->email : "-";
	v[4].name = "received_date";
	v[4].value = received;
	v[5].name = "reason";
	v[5].value = why;
	r = office_mail(sw, "ack_missing", v, 6, NULL) == -1 ? -1 : 1;
	if (r == 1)
		log_warnx("%s: no acknowledgment sent by the end of its "
		    "arrival day (%s); the secretariat is told", u->id,
		    u->state ? u->state : "none queued");
	free(why);
	free(date);
	free(received);
	return r;
}

/*
 * Requests that arrived before today (within SWEEP_ACK_DAYS, and not
 * before the last day swept: that sweep looked at those before it) whose
 * acknowledgment is not in the outbox as sent: the secretariat is told,
 * once per case.
 */
static int
phase_unacked(struct sweep *sw)
{
	struct unacked_list l = { NULL, 0, 0 };
	const char *tz = sw->cfg->office.timezone;
	char *last = NULL;
	size_t i;
	int from = sw->today - SWEEP_ACK_DAYS, r, rv = -1;

	/* The last day swept looked at every arrival before it. */
	if ((r = store_alert_last(sw->st, MARK_SWEEP, &last)) == -1)
		goto out;
	if (r == 1 && parse_day(last) > from)
		from = parse_day(last);
	if (from < sw->today && store_sweep_unacked(sw->st,
	    sweep_day_start(from, tz), sweep_day_start(sw->today, tz),
	    CLOCK_ACK, collect_unacked, &l) == -1)
		goto out;
	for (i = 0; i < l.n; i++)
		if (guarded(sw, unacked_one, &l.v[i], &sw->res->unacked) ==
		    -1)
			goto out;
	rv = 0;
out:
	for (i = 0; i < l.n; i++) {
		free(l.v[i].id);
		free(l.v[i].email);
		free(l.v[i].state);
		free(l.v[i].error);
	}
	free(l.v);
	free(last);
	return rv;
}

/*
 * One case of the digest, as a text line and as an HTML table row: the
 * working days left, or why the clock stands still ("补正", "暂停").
 * *left is set when the days could be counted (overdue: negative).
 */
static const char *
digest_left(struct sweep *sw, const struct swcase *c, char buf[16],
    int *left)
{
	int due = parse_day(c->due), p;

	*left = 0;
	if (strcmp(c->state, "correction") == 0)
		return "补正";
	if (clock_stopped(c->state, c->paused_on))
		return "暂停";
	if (due != 0 && calendar_count(sw->cal, sw->today, due, left, &p) == 0) {
		snprintf(buf, 16, "%d", *left);
		return buf;
	}
	return "-";
}

static void
digest_line(struct sweep *sw, GString *s, GString *html,
    const struct swcase *c)
{
	const char *cells[6];
	char buf[16];
	int left, i;

	cells[0] = c->id;
	cells[1] = c->name ? c->name : "-";
	cells[2] = role_zh(c->step);
	cells[3] = c->assignee ? c->assignee : "-";
	cells[4] = c->due;
	cells[5] = digest_left(sw, c, buf, &left);
	g_string_append_printf(s, "%s | %s | %s | %s | %s%s | %s\n",
	    cells[0], cells[1], cells[2], cells[3], cells[4],
	    c->provisional ? "（暂定）" : "", cells[5]);
	g_string_append(html, left < 0 ? "<tr class=\"overdue\">" :
	    "<tr>");
	for (i = 0; i < 6; i++) {
		gchar *e = g_markup_escape_text(cells[i], -1);

		g_string_append_printf(html, "<td>%s%s</td>", e,
		    i == 4 && c->provisional ? "（暂定）" : "");
		g_free(e);
	}
	g_string_append(html, "</tr>\n");
}

/* The HTML alternative of the digest: its counts and its table. */
static char *
digest_html(const struct config *cfg, const char *date, const char *counts,
    const GString *rows, const char *more)
{
	gchar *office = g_markup_escape_text(cfg->office.name, -1);
	gchar *d = g_markup_escape_text(date, -1);
	gchar *c = g_markup_escape_text(counts, -1);
	char *html;

	html = xasprintf("<!DOCTYPE html>\n<html lang=\"zh\"><head>"
	    "<meta charset=\"utf-8\"><title>%s 政府信息公开每日提示</title>"
	    "<style>body{font-family:sans-serif}table{border-collapse:"
	    "collapse}td,th{border:1px solid #999;padding:2px 8px}"
	    "tr.overdue td{color:#b00;font-weight:bold}</style></head>"
	    "<body><h1>%s</h1><p>%s 政府信息公开每日提示</p><p>%s</p>"
	    "<table><tr><th>案件</th><th>申请人</th><th>环节</th>"
	    "<th>承办人</th><th>答复期限</th><th>剩余工作日</th></tr>\n"
	    "%s</table>%s%s%s</body></html>\n", office, office, d, c,
	    rows->str, *more ? "<p>另有" : "", more, *more ? "件未列出。</p>" :
	    "");
	g_free(office);
	g_free(d);
	g_free(c);
	return html;
}

static int
digest_one(struct sweep *sw, void *arg)
{
	struct office *o = arg;
	GString *lines = NULL, *rows = NULL;
	struct template_var v[11];
	char *last = NULL, *date = NULL, *catch_up = NULL;
	char *counts = NULL, *html = NULL;
	char open[32], overdue[32], soon[32], prov[32], window[16], more[32];
	char held[32];
	size_t i, n = 0;
	long long nheld;
	int r, prev, p, rv = -1;

	if (o->n.open == 0)
		return 0;	/* nothing to say */
	if ((r = store_alert_last(sw->st, CLOCK_DIGEST, &last)) == -1)
		return -1;
	if ((r = store_alert_add(sw->st, NULL, CLOCK_DIGEST, 0, sw->today_iso,
	    sw->today_iso, sw->now)) != 1) {
		free(last);
		return r;
	}
	/* A gap: the previous digest is older than the previous working
	 * day.  This one catches up; the days missed get nothing. */
	if (last != NULL && parse_day(last) != 0 &&
	    calendar_prev_workday(sw->cal, sw->today - 1, &prev, &p) == 0 &&
	    parse_day(last) < prev)
		catch_up = words(parse_day(last));
	if (store_sweep_due(sw->st, NULL, (long long)sw->cfg->deadlines.
	    digest_max, collect, &o->list) == -1)
		goto out;
	lines = g_string_new(NULL);
	rows = g_string_new(NULL);
	for (i = 0; i < o->list.n; i++)
		digest_line(sw, lines, rows, &o->list.v[i]);
	if (lines->len > 0)
		g_string_truncate(lines, lines->len - 1);
	date = words(sw->today);
	snprintf(open, sizeof(open), "%lld", o->n.open);
	snprintf(overdue, sizeof(overdue), "%lld", o->n.overdue);
	snprintf(soon, sizeof(soon), "%lld", o->n.soon);
	snprintf(prov, sizeof(prov), "%lld", o->n.provisional);
	snprintf(window, sizeof(window), "%u", remind_window(sw->cfg));
	snprintf(more, sizeof(more), "%lld",
	    o->n.open - (long long)o->list.n);
	v[n].name = "office_name";
	v[n++].value = sw->cfg->office.name;
	v[n].name = "date";
	v[n++].value = date;
	v[n].name = "open_count";
	v[n++].value = open;
	v[n].name = "overdue_count";
	v[n++].value = overdue;
	v[n].name = "soon_count";
	v[n++].value = soon;
	v[n].name = "provisional_count";
	v[n++].value = o->n.provisional > 0 ? prov : "";
	v[n].name = "remind_window";
	v[n++].value = window;
	v[n].name = "digest_lines";
	v[n++].value = lines->str;
	v[n].name = "digest_more";
	v[n++].value = o->n.open > (long long)o->list.n ? more : "";
	v[n].name = "catch_up";
	v[n++].value = catch_up != NULL ? catch_up : "";
	/* Requests the acknowledgment limit held, waiting to be looked at. */
	if ((nheld = store_pen_count(sw->st, "ack-rate-limit")) == -1)
		goto out;
	snprintf(held, sizeof(held), "%lld", nheld);
	v[n].name = "ack_held_count";
	v[n++].value = nheld > 0 ? held : "";
	counts = xasprintf("在办%s件，其中逾期%s件，%s个工作日内到期%s件%s%s%s。"
	    "%s%s%s", open, overdue, window, soon, o->n.provisional > 0 ?
	    "，暂定日期" : "", o->n.provisional > 0 ? prov : "",
	    o->n.provisional > 0 ? "件" : "", nheld > 0 ?
	    "超过每日受理回执上限而暂存待处理区的来信" : "", nheld > 0 ? held : "",
	    nheld > 0 ? "封（ack-rate-limit）。" : "");
	html = digest_html(sw->cfg, date, counts, rows,
	    o->n.open > (long long)o->list.n ? more : "");
	rv = office_mail(sw, "digest", v, n, html) == -1 ? -1 : 1;
out:
	free(counts);
	free(html);
	if (rows != NULL)
		g_string_free(rows, TRUE);
	if (lines != NULL)
		g_string_free(lines, TRUE);
	swlist_free(&o->list);
	free(last);
	free(date);
	free(catch_up);
	return rv;
}

/* ------------------------------------------------------------ the run */

int
sweep_run(const struct config *cfg, struct store *st, time_t now,
    struct sweep_result *res)
{
	struct sweep sw;
	struct sweep_result dummy;
	struct office o;
	char *soon = NULL;
	double t0 = clock_mono(), t;
	int hour, hi, p, rv = -1;

	if (res == NULL)
		res = &dummy;
	memset(res, 0, sizeof(*res));
	memset(&sw, 0, sizeof(sw));
	memset(&o, 0, sizeof(o));
	sw.cfg = cfg;
	sw.st = st;
	sw.now = now;
	sw.res = res;
	sw.cal = datadir_calendar(cfg);
	sw.today = sweep_local_day(now, cfg->office.timezone, &hour);
	sw.today_iso = iso(sw.today);
	sw.years = years_of(sw.cal);
	sw.rc.cfg = cfg;
	sw.rc.st = st;
	sw.rc.now = now;

	if (store_begin(st) == -1)
		goto out;
	t = clock_mono();
	if (sw_recompute && phase_recompute(&sw) == -1)
		goto fail;
	res->t_recompute = clock_mono() - t;
	if (sweep_alert_time(sw.cal, sw.today, hour,
	    cfg->deadlines.digest_hour)) {
		res->ran = 1;
		t = clock_mono();
		if (phase_expire(&sw) == -1)
			goto fail;
		res->t_expire = clock_mono() - t;
		t = clock_mono();
		if (phase_remind(&sw) == -1 || phase_extension(&sw) == -1 ||
		    phase_correction(&sw) == -1)
			goto fail;
		res->t_remind = clock_mono() - t;
		t = clock_mono();
		if (phase_idle(&sw) == -1)
			goto fail;
		res->t_idle = clock_mono() - t;
		/* The counts are the digest's, the calendar alert's too. */
		t = clock_mono();
		if (calendar_add(sw.cal, sw.today, (int)remind_window(cfg) + 1,
		    &hi, &p) == -1)
			goto fail;
		soon = iso(hi);
		if (store_sweep_count(st, sw.today_iso, soon, &o.n) == -1)
			goto fail;
		res->t_digest = clock_mono() - t;
		t = clock_mono();
		if (phase_calendar(&sw, &o) == -1 ||
		    phase_unacked(&sw) == -1)
			goto fail;
		res->t_calendar = clock_mono() - t;
		t = clock_mono();
		if (guarded(&sw, digest_one, &o, &res->digests) == -1)
			goto fail;
		res->t_digest += clock_mono() - t;
		if (store_alert_mark(st, MARK_SWEEP, sw.today_iso,
		    sw.today_iso, now) == -1)
			goto fail;
	}
	if (store_commit(st) == -1)
		goto fail;
	sw_recompute = 0;
	rv = res->failed > 0 ? -1 : 0;
	res->t_total = clock_mono() - t0;
	if (res->recomputed + res->expired + res->reminders + res->nudges +
	    res->calendar + res->digests + res->failed > 0)
		log_info("sweep %s: %ld recomputed, %ld expired, %ld "
		    "reminders, %ld nudges, %ld calendar alerts, %ld digests, "
		    "%ld failed (%.3f s)", sw.today_iso, res->recomputed,
		    res->expired, res->reminders, res->nudges, res->calendar,
		    res->digests, res->failed, res->t_total);
	goto out;
fail:
	store_rollback(st);
	log_warnx("sweep %s: rolled back; the next cycle retries",
	    sw.today_iso);
out:
	swlist_free(&o.list);
	free(soon);
	free(sw.today_iso);
	free(sw.years);
	return rv;
}

int
sweep_cycle(const struct config *cfg, struct store *st)
{
	if (!sw_recompute && sw_last >= 0 &&
	    clock_mono() - sw_last < SWEEP_INTERVAL)
		return 0;
	sw_last = clock_mono();
	return sweep_run(cfg, st, clock_now(), NULL);
}

long long
sweep_idle_seconds(const struct config *cfg, time_t now, long long cap)
{
	int hour, day = sweep_local_day(now, cfg->office.timezone, &hour);
	time_t next;
	long long s;

	next = sweep_day_start(day, cfg->office.timezone) +
	    (time_t)cfg->deadlines.digest_hour * 3600;
	if (next <= now)
		next = sweep_day_start(day + 1, cfg->office.timezone) +
		    (time_t)cfg->deadlines.digest_hour * 3600;
	s = (long long)(next - now);
	if (s < 1)
		s = 1;
	return s < cap ? s : cap;
}
