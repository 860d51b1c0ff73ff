/*
 * test_sweep.c - the deadline sweep's decisions (sweep.h): thresholds,
 * office days and hours, idle cutoffs, the recomputed answer due date,
 * the windows that run out; the alerts table's once-only key; that the
 * sweep's queries use indexes; and whole sweeps over a small database
 * (once per threshold, none on a holiday, one catch-up after a gap).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "calendar.h"
#include "config.h"
#include "datadir.h"
#include "log.h"
#include "mime.h"
#include "outbox.h"
#include "spool.h"
#include "store.h"
#include "sweep.h"

static struct calendar *cal;		/* the shipped 2025 and 2026 data */

static int
D(const char *iso)
{
	int d;

	if (calendar_date_parse(iso, &d) == -1)
		g_error("test bug: bad date %s", iso);
	return d;
}

static const char *
S(int d)
{
	static char buf[8][CALENDAR_DATE_LEN];
	static int i;

	i = (i + 1) % 8;
	return calendar_date_format(d, buf[i]);
}

/* ------------------------------------------------------- thresholds */

static void
test_threshold(void)
{
	static const unsigned std[] = { 5, 3, 1, 0 };
	static const unsigned mixed[] = { 0, 5, 1, 3, 3 };
	static const unsigned no_zero[] = { 5, 3, 1 };
	static const struct {
		int left, want_ok, want;
	} v[] = {
		{ 30, 0, 0 }, { 6, 0, 0 }, { 5, 1, 5 }, { 4, 1, 5 },
		{ 3, 1, 3 }, { 2, 1, 3 }, { 1, 1, 1 }, { 0, 1, 0 },
		{ -1, 1, -1 }, { -7, 1, -7 },
	};
	size_t i;
	int t, ok;

	for (i = 0; i < G_N_ELEMENTS(v); i++) {
		t = 99;
		ok = sweep_threshold(std, 4, v[i].left, &t);
		if (ok != v[i].want_ok || (ok && t != v[i].want))
			g_error("days left %d: got %d/%d, want %d/%d",
			    v[i].left, ok, t, v[i].want_ok, v[i].want);
		/* The order and repeats of the list do not matter. */
		t = 99;
		ok = sweep_threshold(mixed, 5, v[i].left, &t);
		g_assert_cmpint(ok, ==, v[i].want_ok);
		if (ok)
			g_assert_cmpint(t, ==, v[i].want);
	}
	/* Without 0, a due date of today is still the threshold of 1. */
	g_assert_cmpint(sweep_threshold(no_zero, 3, 0, &t), ==, 1);
	g_assert_cmpint(t, ==, 1);
	/* No thresholds: only overdue days remind. */
	g_assert_cmpint(sweep_threshold(NULL, 0, 0, &t), ==, 0);
	g_assert_cmpint(sweep_threshold(NULL, 0, 3, &t), ==, 0);
	g_assert_cmpint(sweep_threshold(NULL, 0, -2, &t), ==, 1);
	g_assert_cmpint(t, ==, -2);
}

/* Walking a case down to its due date day by day reaches every threshold
 * once; skipping days reaches the current one only. */
static void
test_threshold_walk(void)
{
	static const unsigned std[] = { 5, 3, 1, 0 };
	GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	int left, t, sent = 0;

	for (left = 25; left >= -3; left--)
		if (sweep_threshold(std, 4, left, &t) &&
		    g_hash_table_add(seen, GINT_TO_POINTER(t + 100)))
			sent++;
	g_assert_cmpint(sent, ==, 4 + 3);	/* 5 3 1 0, then -1 -2 -3 */
	g_hash_table_remove_all(seen);
	sent = 0;
	for (left = 25; left >= 0; left -= 4)	/* 25 21 ... 5 1 */
		if (sweep_threshold(std, 4, left, &t) &&
		    g_hash_table_add(seen, GINT_TO_POINTER(t + 100)))
			sent++;
	g_assert_cmpint(sent, ==, 2);		/* 5 and 1, not 3 */
	g_hash_table_destroy(seen);
}

/* ------------------------------------------------ office days, hours */

static void
test_local_day(void)
{
	int h = -1;

	/* 2026-09-29T23:30Z is 07:30 on the 30th in Shanghai. */
	g_assert_cmpint(sweep_local_day(1790724600, "Asia/Shanghai", &h), ==,
	    D("2026-09-30"));
	g_assert_cmpint(h, ==, 7);
	g_assert_cmpint(sweep_local_day(1790724600, "UTC", &h), ==,
	    D("2026-09-29"));
	g_assert_cmpint(h, ==, 23);
	g_assert_cmpint(sweep_local_day(1790724600, "No/Such_Zone", &h), ==,
	    D("2026-09-29"));
	/* A day starts at local midnight. */
	g_assert_cmpint((long long)sweep_day_start(D("2026-09-30"),
	    "Asia/Shanghai"), ==, 1790697600LL);
	g_assert_cmpint(sweep_local_day(sweep_day_start(D("2026-10-10"),
	    "Asia/Shanghai"), "Asia/Shanghai", &h), ==, D("2026-10-10"));
	g_assert_cmpint(h, ==, 0);
	g_assert_cmpint(sweep_local_day(sweep_day_start(D("2026-10-10"),
	    "Asia/Shanghai") - 1, "Asia/Shanghai", &h), ==, D("2026-10-09"));
	g_assert_cmpint(h, ==, 23);
}

static void
test_alert_time(void)
{
	static const struct {
		const char *day;
		int hour, want;
	} v[] = {
		{ "2026-09-30", 8, 1 },		/* Wednesday */
		{ "2026-09-30", 7, 0 },		/* before the hour */
		{ "2026-09-30", 23, 1 },
		{ "2026-10-01", 10, 0 },	/* 国庆 */
		{ "2026-10-08", 10, 1 },	/* back to work */
		{ "2026-10-10", 10, 1 },	/* Saturday, 调休上班 */
		{ "2026-10-11", 10, 0 },	/* Sunday */
		{ "2026-09-20", 9, 1 },		/* Sunday, 调休上班 */
		{ "2026-02-16", 9, 0 },		/* 春节, a Monday */
		{ "2025-01-26", 9, 1 },		/* Sunday, 春节调休 */
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(v); i++)
		if (sweep_alert_time(cal, D(v[i].day), v[i].hour, 8) !=
		    v[i].want)
			g_error("%s %02d:00: want %d", v[i].day, v[i].hour,
			    v[i].want);
	g_assert_cmpint(sweep_alert_time(cal, D("2026-09-30"), 0, 0), ==, 1);
}

/* ------------------------------------------------------ idle cutoff */

static void
test_idle_cutoff(void)
{
	int c, d, n, k, p, checked = 0;

	g_assert_cmpint(sweep_idle_cutoff(cal, D("2026-10-08"), 3, &c), ==,
	    0);
	g_assert_cmpstr(S(c), ==, "2026-09-29");	/* over 国庆 */
	g_assert_cmpint(sweep_idle_cutoff(cal, D("2026-10-12"), 2, &c), ==,
	    0);
	g_assert_cmpstr(S(c), ==, "2026-10-10");	/* the 调休 Saturday */
	g_assert_cmpint(sweep_idle_cutoff(cal, D("2026-10-11"), 1, &c), ==,
	    0);
	g_assert_cmpstr(S(c), ==, "2026-10-10");	/* a Sunday: back */
	g_assert_cmpint(sweep_idle_cutoff(cal, D("2026-10-08"), 0, &c), ==,
	    -1);
	/* The definition, on every working day of both years: an action
	 * on the cutoff has waited n - 1 days, one the day before n. */
	for (d = D("2025-02-01"); d <= D("2026-12-31"); d++) {
		if (calendar_is_workday(cal, d, NULL) != 1)
			continue;
		for (n = 1; n <= 10; n++) {
			g_assert_cmpint(sweep_idle_cutoff(cal, d, (unsigned)n,
			    &c), ==, 0);
			calendar_count(cal, c, d, &k, &p);
			if (k != n - 1)
				g_error("%s n=%d: count(cutoff %s) = %d",
				    S(d), n, S(c), k);
			calendar_count(cal, c - 1, d, &k, &p);
			g_assert_cmpint(k, ==, n);
			checked++;
		}
	}
	g_assert_cmpint(checked, >, 4000);
}

/* ------------------------------------------------- answer due dates */

static void
test_answer_due(void)
{
	struct sweep_part parts[3];
	int due, prov, d0, d1, d2, n, p;

	/* doc/lifecycle.md, "Working days": receipt -> +20, +40 (extended). */
	g_assert_cmpint(sweep_answer_due(cal, D("2026-09-18"), 20, NULL, 0,
	    &due, &prov), ==, 0);
	g_assert_cmpstr(S(due), ==, "2026-10-22");
	g_assert_cmpint(prov, ==, 0);
	memset(parts, 0, sizeof(parts));
	parts[0].from = D("2026-10-20");
	parts[0].days = 20;
	g_assert_cmpint(sweep_answer_due(cal, D("2026-09-18"), 20, parts, 1,
	    &due, &prov), ==, 0);
	g_assert_cmpstr(S(due), ==, "2026-11-19");
	g_assert_cmpint(sweep_answer_due(cal, D("2026-02-10"), 20, parts, 0,
	    &due, &prov), ==, 0);
	g_assert_cmpstr(S(due), ==, "2026-03-16");
	g_assert_cmpint(sweep_answer_due(cal, D("2025-09-26"), 20, NULL, 0,
	    &due, &prov), ==, 0);
	g_assert_cmpstr(S(due), ==, "2025-10-30");

	/* A pause over 中秋 (9-25..27): 9-22, 9-23, 9-24 stood still. */
	memset(parts, 0, sizeof(parts));
	parts[0].pause = 1;
	parts[0].from = D("2026-09-21");
	parts[0].to = D("2026-09-27");
	g_assert_cmpint(sweep_answer_due(cal, D("2026-09-18"), 20, parts, 1,
	    &due, &prov), ==, 0);
	calendar_add(cal, D("2026-09-18"), 23, &d0, &p);
	g_assert_cmpstr(S(due), ==, S(d0));
	/* Parts from before the receipt date (a restart) do not count. */
	parts[1].from = D("2026-09-01");
	parts[1].days = 20;
	g_assert_cmpint(sweep_answer_due(cal, D("2026-09-18"), 20, parts, 2,
	    &due, &prov), ==, 0);
	g_assert_cmpstr(S(due), ==, S(d0));

	/* The same as request.c's steps: +20, then the pause, then +20. */
	for (n = 0; n < 400; n++) {
		int r = D("2025-01-02") + g_test_rand_int_range(0, 680);
		int f = r + g_test_rand_int_range(0, 25);
		int t = f + g_test_rand_int_range(0, 40), k;

		calendar_add(cal, r, 20, &d0, &p);
		calendar_count(cal, f, t, &k, &p);
		calendar_add(cal, d0, k, &d1, &p);
		calendar_add(cal, d1, 20, &d2, &p);
		memset(parts, 0, sizeof(parts));
		parts[0].pause = 1;
		parts[0].from = f;
		parts[0].to = t;
		parts[1].from = t;
		parts[1].days = 20;
		g_assert_cmpint(sweep_answer_due(cal, r, 20, parts, 2, &due,
		    &prov), ==, 0);
		if (due != d2)
			g_error("receipt %s pause %s..%s: got %s, want %s",
			    S(r), S(f), S(t), S(due), S(d2));
	}

	/* Into a year without data: weekdays only, provisional. */
	g_assert_cmpint(sweep_answer_due(cal, D("2026-12-18"), 20, NULL, 0,
	    &due, &prov), ==, 0);
	g_assert_cmpstr(S(due), ==, "2027-01-15");
	g_assert_cmpint(prov, ==, 1);
	g_assert_cmpint(sweep_answer_due(NULL, D("2026-09-18"), 20, NULL, 0,
	    &due, &prov), ==, 0);
	g_assert_cmpint(prov, ==, 1);
	g_assert_cmpint(sweep_answer_due(cal, D("2026-09-18"), 20000, NULL,
	    0, &due, &prov), ==, -1);
}

static void
test_window(void)
{
	int dl, prov;

	/* A correction window of 15 from 2026-09-02: last day 9-22. */
	g_assert_cmpint(sweep_window(cal, D("2026-09-02"), 15,
	    D("2026-09-21"), &dl, &prov), ==, 0);
	g_assert_cmpstr(S(dl), ==, "2026-09-22");
	g_assert_cmpint(sweep_window(cal, D("2026-09-02"), 15,
	    D("2026-09-22"), &dl, &prov), ==, 0);
	g_assert_cmpint(sweep_window(cal, D("2026-09-02"), 15,
	    D("2026-09-23"), &dl, &prov), ==, 1);
	g_assert_cmpint(prov, ==, 0);
	/* Fee: 20 from 2026-09-17 crosses 中秋 and 国庆. */
	g_assert_cmpint(sweep_window(cal, D("2026-09-17"), 20,
	    D("2026-10-21"), &dl, &prov), ==, 0);
	g_assert_cmpstr(S(dl), ==, "2026-10-21");
	g_assert_cmpint(sweep_window(cal, D("2026-09-17"), 20,
	    D("2026-10-22"), &dl, &prov), ==, 1);
	/* Into 2027: provisional. */
	g_assert_cmpint(sweep_window(cal, D("2026-12-20"), 15,
	    D("2027-02-01"), &dl, &prov), ==, 1);
	g_assert_cmpint(prov, ==, 1);
}

/* ---------------------------------------------------------- the store */

struct fx {
	gchar		*dir;
	struct store	*st;
};

static void
fx_setup(struct fx *fx, gconstpointer data)
{
	gchar *path;
	char *err = NULL;

	(void)data;
	fx->dir = g_dir_make_tmp("gk-sweep-XXXXXX", NULL);
	path = g_build_filename(fx->dir, "gk.db", NULL);
	fx->st = store_open(path, 1, &err);
	g_assert_nonnull(fx->st);
	g_assert_cmpint(store_migrate(fx->st, &err), ==, 0);
	g_free(path);
}

static void
fx_teardown(struct fx *fx, gconstpointer data)
{
	gchar *cmd;

	(void)data;
	store_close(fx->st);
	cmd = g_strdup_printf("rm -rf '%s'", fx->dir);
	g_assert_cmpint(system(cmd), ==, 0);
	g_free(cmd);
	g_free(fx->dir);
}

static void
test_alerts_once(struct fx *fx, gconstpointer data)
{
	char *v = NULL;

	(void)data;
	g_assert_cmpint(store_alert_add(fx->st, "GK-2026-0001", "answer", 5,
	    "2026-10-13", "2026-09-30", 1), ==, 1);
	g_assert_cmpint(store_alert_add(fx->st, "GK-2026-0001", "answer", 5,
	    "2026-10-13", "2026-10-01", 2), ==, 0);
	/* A new due date is a new version: the threshold is armed again. */
	g_assert_cmpint(store_alert_add(fx->st, "GK-2026-0001", "answer", 5,
	    "2026-11-10", "2026-11-03", 3), ==, 1);
	g_assert_cmpint(store_alert_add(fx->st, "GK-2026-0001", "answer", 3,
	    "2026-10-13", "2026-10-09", 4), ==, 1);
	g_assert_cmpint(store_alert_add(fx->st, "GK-2026-0002", "answer", 5,
	    "2026-10-13", "2026-09-30", 5), ==, 1);
	/* NULL and "" are the same case: no case. */
	g_assert_cmpint(store_alert_add(fx->st, NULL, "digest", 0,
	    "2026-09-30", "2026-09-30", 6), ==, 1);
	g_assert_cmpint(store_alert_add(fx->st, "", "digest", 0,
	    "2026-09-30", "2026-09-30", 7), ==, 0);
	g_assert_cmpint(store_alert_add(fx->st, NULL, "digest", 0,
	    "2026-10-08", "2026-10-08", 8), ==, 1);
	g_assert_cmpint(store_alert_last(fx->st, "digest", &v), ==, 1);
	g_assert_cmpstr(v, ==, "2026-10-08");
	free(v);
	g_assert_cmpint(store_alert_last(fx->st, "sweep", &v), ==, 0);
	g_assert_null(v);
	/* A marker holds one value, the latest. */
	g_assert_cmpint(store_alert_mark(fx->st, "calendar-years",
	    "2025,2026,2027", "2026-12-21", 9), ==, 0);
	g_assert_cmpint(store_alert_mark(fx->st, "calendar-years",
	    "2025,2026", "2026-12-22", 10), ==, 0);
	g_assert_cmpint(store_alert_last(fx->st, "calendar-years", &v), ==,
	    1);
	g_assert_cmpstr(v, ==, "2025,2026");
	free(v);
}

/* Every query of the sweep searches an index; none scans a table. */
static void
test_plans(struct fx *fx, gconstpointer data)
{
	char *plans = store_sweep_plans(fx->st), **lines;
	size_t i, n = 0;
	static const char *const want[] = {
		"due: SEARCH cases USING INDEX cases_open_due (due_date<?)",
		"provisional: SCAN cases USING INDEX cases_provisional",
		"state: SEARCH cases USING INDEX cases_state (state=?)",
		"paused: SEARCH cases USING INDEX cases_paused (state=? AND "
		    "paused_on>? AND paused_on<?)",
		"count_open: SEARCH cases USING COVERING INDEX cases_open_due",
		"count_running: SEARCH cases USING INDEX cases_open_due",
		"count_provisional: SCAN cases USING INDEX cases_provisional",
		"event_last: SEARCH events USING INDEX events_case (case_id=?)",
		/* the activity types' ranges only, by (type, at) */
		"active: SEARCH events USING INDEX events_type_at (type=? AND "
		    "at>? AND at<?)",
		/* correction reminders: the requests of the last days */
		"received: SEARCH cases USING INDEX cases_state_receipt "
		    "(state=? AND receipt_date>?)",
		/* missing acknowledgments: a case's mails by its index */
		"unacked: SEARCH o USING INDEX outbox_case (case_id=? AND "
		    "kind=?)",
		"last_activity: SEARCH events USING INDEX events_case "
		    "(case_id=?)",
		"parts: SEARCH clock_parts USING INDEX clock_parts_case "
		    "(case_id=?)",
		"alert_last: SEARCH alerts USING COVERING INDEX",
		/* The acknowledgment limit (request.c) and its digest line. */
		"ack_addr: SEARCH outbox USING INDEX outbox_ack_addr "
		    "(<expr>=? AND created_at>? AND created_at<?)",
		"ack_domain: SEARCH outbox USING INDEX outbox_ack_domain "
		    "(<expr>=? AND created_at>? AND created_at<?)",
		"pen_reason: SEARCH pen USING INDEX pen_open_reason (reason=?)",
	};

	(void)data;
	g_assert_nonnull(plans);
	g_test_message("%s", plans);
	lines = g_strsplit(plans, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		const char *l = lines[i];

		if (*l == '\0')
			continue;
		n++;
		/* Rows come in the order of an index, never sorted. */
		if (strstr(l, "TEMP B-TREE FOR") != NULL &&
		    strstr(l, "GROUP BY") == NULL)
			g_error("a sort: %s", l);
		/* A SCAN of a table without an index reads every row. */
		if (strstr(l, "SCAN cases") != NULL &&
		    strstr(l, "USING") == NULL)
			g_error("a scan of every case: %s", l);
		if (strstr(l, "SCAN events") != NULL &&
		    strstr(l, "USING") == NULL)
			g_error("a scan of every event: %s", l);
	}
	for (i = 0; i < G_N_ELEMENTS(want); i++)
		if (strstr(plans, want[i]) == NULL)
			g_error("no plan line \"%s\" in:\n%s", want[i], plans);
	g_assert_cmpuint(n, >=, 14);
	g_strfreev(lines);
	free(plans);
}

/* ------------------------------------------------------ whole sweeps */

static const char sweep_conf[] =
    "[office]\n"
    "name = 上海市人民政府外事办公室\n"
    "address = gongkai@fao.example.test\n"
    "secretariat = mishu@fao.example.test\n"
    "supervising = gkreview@fao.example.test\n"
    "approver = shenpi@fao.example.test\n"
    "head = head@fao.example.test\n"
    "default_division = 秘书处\n"
    "[division 秘书处]\n"
    "handler = jingban@fao.example.test\n"
    "responsible = chushen@fao.example.test\n"
    "[imap]\n"
    "url = imap://127.0.0.1:1\n"
    "user = gongkai\n"
    "password_file = imap.pass\n"
    "[smtp]\n"
    "url = smtp://127.0.0.1:1\n"
    "from = 外办 <gongkai@fao.example.test>\n"
    "[store]\n"
    "database = gk.db\n"
    "spool = spool\n"
    "[security]\n"
    "secret_file = secret\n"
    "[fee]\n"
    "payment_method = 银行转账\n";

struct world {
	gchar		*dir;
	struct config	*cfg;
	struct store	*st;
};

static void
world_open(struct world *w)
{
	gchar *p;
	char *err = NULL;

	p = g_build_filename(w->dir, "gk.db", NULL);
	w->st = store_open(p, 1, &err);
	g_assert_nonnull(w->st);
	g_assert_cmpint(store_migrate(w->st, &err), ==, 0);
	g_free(p);
	/* A restart: the sweep forgets everything it held. */
	datadir_reload(NULL);
	sweep_reload();
}

static void
world_setup(struct world *w, gconstpointer data)
{
	gchar *p;
	char *err = NULL;

	(void)data;
	w->dir = g_dir_make_tmp("gk-sweep-XXXXXX", NULL);
	p = g_build_filename(w->dir, "gongkai.conf", NULL);
	g_assert_true(g_file_set_contents(p, sweep_conf, -1, NULL));
	g_free(p);
	p = g_build_filename(w->dir, "imap.pass", NULL);
	g_assert_true(g_file_set_contents(p, "x\n", -1, NULL));
	g_assert_cmpint(chmod(p, 0600), ==, 0);
	g_free(p);
	p = g_build_filename(w->dir, "secret", NULL);
	g_assert_true(g_file_set_contents(p,
	    "0123456789abcdef0123456789abcdef0123456789abcdef", -1, NULL));
	g_assert_cmpint(chmod(p, 0600), ==, 0);
	g_free(p);
	p = g_build_filename(w->dir, "gongkai.conf", NULL);
	w->cfg = config_load(p, 0, &err);
	if (w->cfg == NULL)
		g_error("%s", err);
	g_free(p);
	/* The spool as `gongkai init` makes it (answers keep their PDF). */
	g_assert_cmpint(spool_init(w->cfg->store.spool, &err), ==, 0);
	/* The new keys and their defaults. */
	g_assert_cmpuint(w->cfg->deadlines.correction_window_days, ==, 15);
	g_assert_cmpuint(w->cfg->deadlines.idle_days, ==, 3);
	g_assert_cmpuint(w->cfg->deadlines.digest_hour, ==, 8);
	g_assert_cmpuint(w->cfg->deadlines.digest_max, ==, 200);
	world_open(w);
}

static void
world_teardown(struct world *w, gconstpointer data)
{
	gchar *cmd;

	(void)data;
	store_close(w->st);
	config_free(w->cfg);
	cmd = g_strdup_printf("rm -rf '%s'", w->dir);
	g_assert_cmpint(system(cmd), ==, 0);
	g_free(cmd);
	g_free(w->dir);
}

/* Opens request case received on `receipt`, due on `due`, held by the
 * handler; returns its id (the caller's). */
static char *
world_case(struct world *w, const char *receipt, const char *due,
    const char *state, const char *paused_on, time_t at)
{
	struct store_case c;
	char *id;

	g_assert_cmpint(store_begin(w->st), ==, 0);
	id = store_case_open(w->st, "GK", 2026, "request", state, at,
	    "zhang.zhe@example.test", "张喆", "申请", 0);
	g_assert_nonnull(id);
	g_assert_cmpint(store_case_get(w->st, id, &c), ==, 1);
	store_case_setstr(&c.step, "handler");
	store_case_setstr(&c.assignee, "jingban@fao.example.test");
	store_case_setstr(&c.division, "秘书处");
	store_case_setstr(&c.receipt_date, receipt);
	store_case_setstr(&c.due_date, due);
	store_case_setstr(&c.paused_on, paused_on);
	c.fee_fen = -1;
	g_assert_cmpint(store_case_put(w->st, &c), ==, 0);
	g_assert_cmpint(store_event_add(w->st, id, at, "received",
	    "zhang.zhe@example.test", "申请", 0), ==, 0);
	g_assert_cmpint(store_commit(w->st), ==, 0);
	store_case_clear(&c);
	return id;
}

/* `2026-09-30 10` as Asia/Shanghai time. */
static time_t
at(const char *day, int hour)
{
	return sweep_day_start(D(day), "Asia/Shanghai") + hour * 3600;
}

struct tally {
	const char	*kind;
	int		 n;
};

static int
tally_one(void *arg, const struct store_outbox *o)
{
	struct tally *t = arg;

	if (strcmp(o->kind, t->kind) == 0)
		t->n++;
	return 0;
}

static int
tally(struct world *w, const char *kind)
{
	struct tally t = { kind, 0 };

	g_assert_cmpint(store_outbox_list(w->st, tally_one, &t), ==, 0);
	return t.n;
}

static int
newest_id(void *arg, const struct store_outbox *o)
{
	struct tally *t = arg;

	if (strcmp(o->kind, t->kind) == 0)
		t->n = (int)o->id;
	return 0;
}

/* The newest mail of `kind`, its bytes as `outbox cat` gives them
 * (composed from what was queued: outbox.h). */
static char *
newest(struct world *w, const char *kind)
{
	struct tally t = { kind, 0 };
	char *buf = NULL, *err = NULL;
	size_t len = 0;
	FILE *f;

	g_assert_cmpint(store_outbox_list(w->st, newest_id, &t), ==, 0);
	g_assert_cmpint(t.n, >, 0);
	g_assert_nonnull(f = open_memstream(&buf, &len));
	if (outbox_cat(w->cfg, w->st, t.n, f, &err) == -1)
		g_error("outbox cat %d: %s", t.n, err);
	g_assert_cmpint(fclose(f), ==, 0);
	return buf;
}

/* The newest mail of `kind` says `what` (subject or text). */
static void
want_text(struct world *w, const char *kind, const char *what)
{
	char *raw = newest(w, kind);
	struct message *m = mime_parse(raw, strlen(raw), NULL);

	g_assert_nonnull(m);
	if ((m->subject == NULL || strstr(m->subject, what) == NULL) &&
	    (m->text == NULL || strstr(m->text, what) == NULL))
		g_error("%s does not say \"%s\":\n%s\n%s", kind, what,
		    m->subject ? m->subject : "", m->text ? m->text : "");
	mime_message_free(m);
	free(raw);
}

static struct sweep_result
run(struct world *w, const char *day, int hour)
{
	struct sweep_result r;

	if (sweep_run(w->cfg, w->st, at(day, hour), &r) == -1)
		g_error("sweep at %s %d failed", day, hour);
	return r;
}

static void
test_run_thresholds(struct world *w, gconstpointer data)
{
	struct sweep_result r;
	char *id;

	(void)data;
	/* Received 2026-09-09, due 2026-10-13 (calendar add 2026-09-09 20). */
	id = world_case(w, "2026-09-09", "2026-10-13", "drafting", NULL,
	    at("2026-09-09", 10));
	r = run(w, "2026-09-29", 10);		/* 6 left */
	g_assert_cmpint(r.ran, ==, 1);
	g_assert_cmpint(r.reminders, ==, 0);
	g_assert_cmpint(r.digests, ==, 1);
	g_assert_cmpint(r.nudges, ==, 1);	/* idle since 09-09 */
	r = run(w, "2026-09-30", 7);		/* before digest_hour */
	g_assert_cmpint(r.ran, ==, 0);
	g_assert_cmpint(tally(w, "deadline_reminder"), ==, 0);
	r = run(w, "2026-09-30", 10);		/* 5 left */
	g_assert_cmpint(r.reminders, ==, 1);
	g_assert_cmpint(r.nudges, ==, 0);	/* once per idle spell */
	r = run(w, "2026-09-30", 15);		/* again the same day */
	g_assert_cmpint(r.reminders, ==, 0);
	g_assert_cmpint(r.digests, ==, 0);
	store_close(w->st);			/* a restart */
	world_open(w);
	r = run(w, "2026-09-30", 16);
	g_assert_cmpint(r.reminders + r.digests + r.nudges, ==, 0);
	r = run(w, "2026-10-01", 10);		/* 国庆 */
	g_assert_cmpint(r.ran, ==, 0);
	r = run(w, "2026-10-08", 10);		/* 4 left: between */
	g_assert_cmpint(r.reminders, ==, 0);
	g_assert_cmpint(r.digests, ==, 1);
	r = run(w, "2026-10-09", 10);		/* 3 left */
	g_assert_cmpint(r.reminders, ==, 1);
	/* Down over 10-10 (调休 Saturday) and 10-12 (1 left): 10-13 is due
	 * today; one reminder, not one per day missed, and the digest
	 * says since when. */
	r = run(w, "2026-10-13", 10);
	g_assert_cmpint(r.reminders, ==, 1);
	g_assert_cmpint(r.digests, ==, 1);
	want_text(w, "deadline_reminder", "今日到期");
	want_text(w, "digest", "上一份摘要于2026年10月9日发出");
	r = run(w, "2026-10-14", 10);		/* overdue 1 */
	g_assert_cmpint(r.reminders, ==, 1);
	r = run(w, "2026-10-14", 11);
	g_assert_cmpint(r.reminders, ==, 0);
	r = run(w, "2026-10-17", 10);		/* Saturday */
	g_assert_cmpint(r.ran, ==, 0);
	r = run(w, "2026-10-19", 10);		/* overdue 4 */
	g_assert_cmpint(r.reminders, ==, 1);
	g_assert_cmpint(tally(w, "deadline_reminder"), ==, 5);
	g_assert_cmpint(tally(w, "digest"), ==, 7);
	g_assert_cmpint(tally(w, "idle_reminder"), ==, 1);

	/* A new due date (say, an extension) arms the thresholds again. */
	g_assert_cmpint(store_case_set_due(w->st, id, "2026-10-26", 0), ==, 0);
	r = run(w, "2026-10-20", 10);		/* 4 left of the new date */
	g_assert_cmpint(r.reminders, ==, 1);
	r = run(w, "2026-10-21", 10);		/* 3 left */
	g_assert_cmpint(r.reminders, ==, 1);
	g_assert_cmpint(tally(w, "deadline_reminder"), ==, 7);
	free(id);
}

static void
test_run_paused(struct world *w, gconstpointer data)
{
	struct sweep_result r;
	char *id;

	(void)data;
	/* The clock stands still while a fee is awaited: no reminder
	 * however close the due date, and no nudge (the applicant acts). */
	id = world_case(w, "2026-09-09", "2026-10-13", "fee", "2026-10-09",
	    at("2026-09-09", 10));
	r = run(w, "2026-10-12", 10);
	g_assert_cmpint(r.reminders, ==, 0);
	g_assert_cmpint(r.nudges, ==, 0);
	g_assert_cmpint(r.expired, ==, 0);
	g_assert_cmpint(r.digests, ==, 1);
	free(id);
}

struct look {
	char	*state, *answer_type, *due;
};

static void
look(struct world *w, const char *id, struct look *l)
{
	struct store_case c;

	g_assert_cmpint(store_case_get(w->st, id, &c), ==, 1);
	l->state = g_strdup(c.state);
	l->answer_type = g_strdup(c.answer_type);
	l->due = g_strdup(c.due_date);
	store_case_clear(&c);
}

static void
look_clear(struct look *l)
{
	g_free(l->state);
	g_free(l->answer_type);
	g_free(l->due);
}

static int
count_pause(void *arg, const struct store_clock_part *p)
{
	int *n = arg;

	g_assert_cmpstr(p->kind, ==, "pause");
	g_assert_cmpstr(p->from_date, ==, "2026-09-02");
	g_assert_cmpstr(p->to_date, ==, "2026-09-22");
	g_assert_cmpint(p->days, ==, 15);
	(*n)++;
	return 0;
}

static void
test_run_expiries(struct world *w, gconstpointer data)
{
	struct sweep_result r;
	struct store_case c;
	struct look l;
	char *a, *b, *cc;
	int n = 0;

	(void)data;
	/* A: a correction notice on 09-02; the window of 15 ends 09-22. */
	a = world_case(w, "2026-09-01", "2026-09-29", "correction", NULL,
	    at("2026-09-01", 10));
	g_assert_cmpint(store_event_add(w->st, a, at("2026-09-02", 10),
	    "correction", "jingban@fao.example.test",
	    "correction: 请补充身份证件号码", 0), ==, 0);
	/* B: a fee notice on 09-02: 20 working days, to 09-30. */
	b = world_case(w, "2026-09-01", "2026-09-29", "fee", "2026-09-02",
	    at("2026-09-01", 10));
	g_assert_cmpint(store_case_get(w->st, b, &c), ==, 1);
	c.fee_fen = 50000;
	g_assert_cmpint(store_case_put(w->st, &c), ==, 0);
	store_case_clear(&c);
	/* C: a third party asked on 09-02: 15 working days, to 09-22. */
	cc = world_case(w, "2026-09-01", "2026-09-29", "consulting",
	    "2026-09-02", at("2026-09-01", 10));
	g_assert_cmpint(store_case_get(w->st, cc, &c), ==, 1);
	store_case_setstr(&c.step, "third_party");
	store_case_setstr(&c.assignee, "tp@example.test");
	store_case_setstr(&c.third_party, "tp@example.test");
	g_assert_cmpint(store_case_put(w->st, &c), ==, 0);
	store_case_clear(&c);

	r = run(w, "2026-09-22", 10);		/* the last day of A and C */
	g_assert_cmpint(r.expired, ==, 0);
	r = run(w, "2026-09-23", 10);
	g_assert_cmpint(r.expired, ==, 2);
	look(w, a, &l);
	g_assert_cmpstr(l.state, ==, "answered");
	g_assert_cmpstr(l.answer_type, ==, "other:no-correction");
	look_clear(&l);
	want_text(w, "no_correction_notice", "请补充身份证件号码");
	want_text(w, "no_correction_notice", "2026年9月22日");
	look(w, cc, &l);
	g_assert_cmpstr(l.state, ==, "drafting");
	/* 15 working days stood still: 09-29 + 15 = 10-26. */
	g_assert_cmpstr(l.due, ==, "2026-10-26");
	look_clear(&l);
	g_assert_cmpint(store_clock_parts(w->st, cc, count_pause, &n), ==, 0);
	g_assert_cmpint(n, ==, 1);
	want_text(w, "third_party_silent", "tp@example.test");
	g_assert_cmpint(tally(w, "third_party_silent"), ==, 1);
	look(w, b, &l);
	g_assert_cmpstr(l.state, ==, "fee");
	look_clear(&l);

	r = run(w, "2026-09-30", 10);		/* B's last day */
	g_assert_cmpint(r.expired, ==, 0);
	r = run(w, "2026-10-08", 10);		/* after 国庆 */
	g_assert_cmpint(r.expired, ==, 1);
	look(w, b, &l);
	g_assert_cmpstr(l.state, ==, "answered");
	g_assert_cmpstr(l.answer_type, ==, "other:fee-unpaid");
	look_clear(&l);
	want_text(w, "fee_unpaid_notice", "500.00");
	r = run(w, "2026-10-09", 10);		/* nothing twice */
	g_assert_cmpint(r.expired, ==, 0);
	g_assert_cmpint(tally(w, "no_correction_notice"), ==, 1);
	g_assert_cmpint(tally(w, "fee_unpaid_notice"), ==, 1);
	free(a);
	free(b);
	free(cc);
}

/* A window that reaches a year without data is not acted on; the
 * secretariat is asked for the year's calendar, once a day. */
static void
test_run_provisional_window(struct world *w, gconstpointer data)
{
	struct sweep_result r;
	char *id;

	(void)data;
	id = world_case(w, "2026-12-01", "2026-12-29", "fee", "2026-12-10",
	    at("2026-12-01", 10));
	r = run(w, "2027-01-20", 10);	/* weekdays: past the deadline */
	g_assert_cmpint(r.ran, ==, 1);
	g_assert_cmpint(r.expired, ==, 0);
	g_assert_cmpint(r.calendar, ==, 1);
	want_text(w, "calendar_missing", "请安装2027年节假日安排");
	r = run(w, "2027-01-20", 14);
	g_assert_cmpint(r.calendar, ==, 0);
	r = run(w, "2027-01-21", 10);
	g_assert_cmpint(r.calendar, ==, 1);
	g_assert_cmpint(tally(w, "calendar_missing"), ==, 2);
	free(id);
}

static void
test_run_nothing_open(struct world *w, gconstpointer data)
{
	struct sweep_result r;

	(void)data;
	r = run(w, "2026-09-30", 10);
	g_assert_cmpint(r.ran, ==, 1);
	g_assert_cmpint(r.digests, ==, 0);	/* nothing to say */
	g_assert_cmpint(tally(w, "digest"), ==, 0);
}

/* Queues case id's acknowledgment; marks it sent when `sent`. */
static void
world_ack(struct world *w, const char *id, int n, int sent, time_t t)
{
	struct store_outbox o;
	char msgid[64];
	long long oid;

	snprintf(msgid, sizeof(msgid), "<%s.ack.%d@fao.example.test>", id, n);
	memset(&o, 0, sizeof(o));
	o.case_id = id;
	o.kind = "ack";
	o.to_addr = "zhang.zhe@example.test";
	o.subject = "受理回执";
	o.message_id = msgid;
	o.envelope_from = "gongkai@fao.example.test";
	o.raw = "x";
	o.raw_len = 1;
	o.next_attempt_at = t;
	o.created_at = t;
	g_assert_cmpint(store_begin(w->st), ==, 0);
	g_assert_cmpint((oid = store_outbox_add(w->st, &o)), >, 0);
	if (sent) {
		g_assert_cmpint(store_outbox_claim(w->st, oid, t, t + 60), ==,
		    1);
		g_assert_cmpint(store_outbox_sent(w->st, oid, t + 60, t, NULL),
		    ==, 1);
	}
	g_assert_cmpint(store_commit(w->st), ==, 0);
}

/*
 * A request whose acknowledgment was not sent by the end of its arrival
 * day: the secretariat is told the next working day, once; not about one
 * whose acknowledgment went out, nor before the day has ended.
 */
static void
test_run_unacked(struct world *w, gconstpointer data)
{
	struct sweep_result r;
	char *a, *b, *c;

	(void)data;
	/* Tuesday 2026-09-29: a queued, b sent, c never queued. */
	a = world_case(w, "2026-09-29", "2026-10-27", "received", NULL,
	    at("2026-09-29", 10));
	b = world_case(w, "2026-09-29", "2026-10-27", "received", NULL,
	    at("2026-09-29", 11));
	world_ack(w, a, 1, 0, at("2026-09-29", 10));
	world_ack(w, b, 1, 1, at("2026-09-29", 11));
	r = run(w, "2026-09-29", 16);		/* the day is not over */
	g_assert_cmpint(r.unacked, ==, 0);
	c = world_case(w, "2026-09-29", "2026-10-27", "received", NULL,
	    at("2026-09-29", 23));
	r = run(w, "2026-09-30", 10);
	g_assert_cmpint(r.unacked, ==, 2);	/* a and c */
	g_assert_cmpint(tally(w, "ack_missing"), ==, 2);
	want_text(w, "ack_missing", c);
	want_text(w, "ack_missing", "受理回执未发出");
	r = run(w, "2026-09-30", 15);		/* once per case */
	g_assert_cmpint(r.unacked, ==, 0);
	world_ack(w, c, 1, 1, at("2026-09-30", 16));
	r = run(w, "2026-10-08", 10);
	g_assert_cmpint(r.unacked, ==, 0);
	g_assert_cmpint(tally(w, "ack_missing"), ==, 2);
	free(a);
	free(b);
	free(c);
}

int
main(int argc, char **argv)
{
	char *path, *err = NULL;
	int rv;

	g_test_init(&argc, &argv, NULL);
	log_init("test_sweep", 0);
	path = calendar_path(NULL);
	if ((cal = calendar_load(path, &err)) == NULL)
		g_error("%s", err);
	free(path);
	g_test_add_func("/sweep/threshold", test_threshold);
	g_test_add_func("/sweep/threshold-walk", test_threshold_walk);
	g_test_add_func("/sweep/local-day", test_local_day);
	g_test_add_func("/sweep/alert-time", test_alert_time);
	g_test_add_func("/sweep/idle-cutoff", test_idle_cutoff);
	g_test_add_func("/sweep/answer-due", test_answer_due);
	g_test_add_func("/sweep/window", test_window);
	g_test_add("/sweep/alerts-once", struct fx, NULL, fx_setup,
	    test_alerts_once, fx_teardown);
	g_test_add("/sweep/plans", struct fx, NULL, fx_setup, test_plans,
	    fx_teardown);
	g_test_add("/sweep/run-thresholds", struct world, NULL, world_setup,
	    test_run_thresholds, world_teardown);
	g_test_add("/sweep/run-paused", struct world, NULL, world_setup,
	    test_run_paused, world_teardown);
	g_test_add("/sweep/run-expiries", struct world, NULL, world_setup,
	    test_run_expiries, world_teardown);
	g_test_add("/sweep/run-provisional-window", struct world, NULL,
	    world_setup, test_run_provisional_window, world_teardown);
	g_test_add("/sweep/run-nothing-open", struct world, NULL,
	    world_setup, test_run_nothing_open, world_teardown);
	g_test_add("/sweep/run-unacked", struct world, NULL,
	    world_setup, test_run_unacked, world_teardown);
	rv = g_test_run();
	calendar_free(cal);
	return rv;
}
