/*
 * test_clock.c - today in the office's time zone, the first second of a
 * day, and dates in words.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "calendar.h"
#include "clock.h"

#define T_0930	1790703000	/* 2026-09-30T01:30:00+08:00 = 09-29 17:30Z */

static int
day(const char *iso)
{
	int d;

	g_assert_cmpint(calendar_date_parse(iso, &d), ==, 0);
	return d;
}

static void
test_local_day(void)
{
	int h = -1;

	g_assert_cmpint(clock_local_day(T_0930, "Asia/Shanghai", &h), ==,
	    day("2026-09-30"));
	g_assert_cmpint(h, ==, 1);
	g_assert_cmpint(clock_local_day(T_0930, "UTC", &h), ==,
	    day("2026-09-29"));
	g_assert_cmpint(h, ==, 17);
	/* An unknown zone, or none, reads as UTC. */
	g_assert_cmpint(clock_local_day(T_0930, "No/Such_Zone", NULL), ==,
	    day("2026-09-29"));
	g_assert_cmpint(clock_local_day(T_0930, NULL, NULL), ==,
	    day("2026-09-29"));
}

static void
test_day_start(void)
{
	time_t s = clock_day_start(day("2026-09-30"), "Asia/Shanghai");

	g_assert_cmpint(s, ==, 1790697600);	/* 09-29T16:00Z */
	g_assert_cmpint(clock_local_day(s, "Asia/Shanghai", NULL), ==,
	    day("2026-09-30"));
	g_assert_cmpint(clock_local_day(s - 1, "Asia/Shanghai", NULL), ==,
	    day("2026-09-29"));
	g_assert_cmpint(clock_day_start(day("2026-09-30") + 1,
	    "Asia/Shanghai") - s, ==, 86400);
	/* A day of 23 hours where the clocks go forward. */
	g_assert_cmpint(clock_day_start(day("2026-03-30"), "Europe/Berlin") -
	    clock_day_start(day("2026-03-29"), "Europe/Berlin"), ==, 82800);
}

static void
test_words(void)
{
	static const struct {
		int		 y, m, d;
		const char	*lang, *want;
	} t[] = {
		{ 2026, 9, 28, "zh", "2026年9月28日" },
		{ 2026, 10, 1, "en", "1 October 2026" },
		{ 2026, 12, 31, "zh", "2026年12月31日" },
		{ 2028, 2, 29, "en", "29 February 2028" },
		{ 2026, 2, 29, "zh", NULL },
		{ 2026, 13, 1, "zh", NULL },
		{ 0, 1, 1, "zh", NULL },
		{ 2026, 1, 1, "fr", NULL },
		{ 2026, 1, 1, NULL, NULL },
	};
	size_t i;
	char *w;

	for (i = 0; i < G_N_ELEMENTS(t); i++) {
		w = clock_date_words(t[i].y, t[i].m, t[i].d, t[i].lang);
		g_assert_cmpstr(w, ==, t[i].want);
		free(w);
	}
	w = clock_iso_words("2026-09-21", "zh");
	g_assert_cmpstr(w, ==, "2026年9月21日");
	free(w);
	w = clock_iso_words("2026-09-21", "en");
	g_assert_cmpstr(w, ==, "21 September 2026");
	free(w);
	w = clock_iso_words(NULL, "zh");
	g_assert_cmpstr(w, ==, "");
	free(w);
	w = clock_iso_words("2026-02-30", "zh");
	g_assert_cmpstr(w, ==, "");
	free(w);
}

/* Every deadline a notice states, in the one form: the last day named,
 * and that it counts. */
static void
test_deadline_words(void)
{
	char *w;

	w = clock_deadline_words("2026-10-08", "zh");
	g_assert_cmpstr(w, ==, "最迟于2026年10月8日（含当日）");
	free(w);
	w = clock_deadline_words("2026-10-08", "en");
	g_assert_cmpstr(w, ==, "no later than 8 October 2026 (that day included)");
	free(w);
	w = clock_deadline_words(NULL, "zh");
	g_assert_cmpstr(w, ==, "");
	free(w);
	w = clock_deadline_words("2026-02-30", "en");
	g_assert_cmpstr(w, ==, "");
	free(w);
}

/* The letter's date is the office's today, not UTC's. */
static void
test_today_words(void)
{
	char *w = clock_today_words(T_0930, "Asia/Shanghai", "zh");

	g_assert_cmpstr(w, ==, "2026年9月30日");
	free(w);
	w = clock_today_words(T_0930, "UTC", "en");
	g_assert_cmpstr(w, ==, "29 September 2026");
	free(w);
	/* A pinned clock is today's clock. */
	g_assert_cmpint(clock_pin("2026-09-30T01:30:00+08:00"), ==, 0);
	g_assert_cmpint(clock_now(), ==, T_0930);
	w = clock_today_words(clock_now(), "Asia/Shanghai", "zh");
	g_assert_cmpstr(w, ==, "2026年9月30日");
	free(w);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/clock/local-day", test_local_day);
	g_test_add_func("/clock/day-start", test_day_start);
	g_test_add_func("/clock/words", test_words);
	g_test_add_func("/clock/today-words", test_today_words);
	g_test_add_func("/clock/deadline-words", test_deadline_words);
	return g_test_run();
}
