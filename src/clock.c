/*
 * clock.c - the only caller of time() and clock_gettime(); honours --now.
 * Today in a zone and dates in words.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "calendar.h"
#include "clock.h"
#include "xmalloc.h"

static int clock_pinned;
static time_t clock_pinned_at;

int
clock_parse(const char *iso8601, time_t *tp)
{
	GDateTime *dt;

	/* No default zone: a time without an offset is refused. */
	if (iso8601 == NULL ||
	    (dt = g_date_time_new_from_iso8601(iso8601, NULL)) == NULL)
		return -1;
	*tp = (time_t)g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return 0;
}

int
clock_pin(const char *iso8601)
{
	if (clock_parse(iso8601, &clock_pinned_at) == -1)
		return -1;
	clock_pinned = 1;
	return 0;
}

int
clock_is_pinned(void)
{
	return clock_pinned;
}

time_t
clock_now(void)
{
	if (clock_pinned)
		return clock_pinned_at;
	return clock_wall();
}

time_t
clock_wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

double
clock_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *
clock_iso8601(time_t t, const char *zone)
{
	GTimeZone *tz = clock_tz(zone);
	GDateTime *dt;
	gchar *g;
	char *s;

	dt = g_date_time_new_from_unix_utc((gint64)t);
	{
		GDateTime *z = g_date_time_to_timezone(dt, tz);
		g = g_date_time_format(z, "%Y-%m-%dT%H:%M:%S%:z");
		g_date_time_unref(z);
	}
	s = xstrdup(g);
	g_free(g);
	g_date_time_unref(dt);
	g_time_zone_unref(tz);
	return s;
}

/*
 * GLib reads and parses the zone's file for every GTimeZone it makes (a
 * sweep turning 10,000 times into days spent most of its time there):
 * the last zone asked for is kept.  The daemon has one zone, its
 * office's.
 */
GTimeZone *
clock_tz(const char *tz)
{
	static GMutex lock;
	static char *name;
	static GTimeZone *zone;
	GTimeZone *z;

	if (tz == NULL)
		return g_time_zone_new_utc();
	g_mutex_lock(&lock);
	if (zone == NULL || strcmp(name, tz) != 0) {
		if ((z = g_time_zone_new_identifier(tz)) == NULL) {
			g_mutex_unlock(&lock);
			return g_time_zone_new_utc();
		}
		if (zone != NULL)
			g_time_zone_unref(zone);
		free(name);
		zone = z;
		name = xstrdup(tz);
	}
	z = g_time_zone_ref(zone);
	g_mutex_unlock(&lock);
	return z;
}

int
clock_local_day(time_t t, const char *tz, int *hour)
{
	GTimeZone *z = clock_tz(tz);
	GDateTime *u = g_date_time_new_from_unix_utc((gint64)t), *l;
	int d = 0;

	l = g_date_time_to_timezone(u, z);
	calendar_date_make(g_date_time_get_year(l), g_date_time_get_month(l),
	    g_date_time_get_day_of_month(l), &d);
	if (hour != NULL)
		*hour = g_date_time_get_hour(l);
	g_date_time_unref(l);
	g_date_time_unref(u);
	g_time_zone_unref(z);
	return d;
}

time_t
clock_day_start(int day, const char *tz)
{
	GTimeZone *z = clock_tz(tz);
	GDateTime *l;
	int y, m, d;
	time_t t;

	calendar_date_ymd(day, &y, &m, &d);
	l = g_date_time_new(z, y, m, d, 0, 0, 0);
	t = l != NULL ? (time_t)g_date_time_to_unix(l) : 0;
	if (l != NULL)
		g_date_time_unref(l);
	g_time_zone_unref(z);
	return t;
}

char *
clock_date_words(int y, int m, int d, const char *lang)
{
	static const char *const months[] = {
		"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November",
		"December",
	};

	if (lang == NULL || (strcmp(lang, "zh") != 0 &&
	    strcmp(lang, "en") != 0) || y < 1 || y > 9999 ||
	    !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
		return NULL;
	if (strcmp(lang, "zh") == 0)
		return xasprintf("%d年%d月%d日", y, m, d);
	return xasprintf("%d %s %d", d, months[m - 1], y);
}

char *
clock_iso_words(const char *iso, const char *lang)
{
	int day, y, m, d;
	char *w;

	if (iso == NULL || calendar_date_parse(iso, &day) == -1)
		return xstrdup("");
	calendar_date_ymd(day, &y, &m, &d);
	w = clock_date_words(y, m, d, lang);
	return w != NULL ? w : xstrdup("");
}

char *
clock_deadline_words(const char *iso, const char *lang)
{
	char *w = clock_iso_words(iso, lang), *s;

	if (*w == '\0')
		return w;
	if (lang != NULL && strcmp(lang, "en") == 0)
		s = xasprintf("no later than %s (that day included)", w);
	else
		s = xasprintf("最迟于%s（含当日）", w);
	free(w);
	return s;
}

char *
clock_today_words(time_t now, const char *tz, const char *lang)
{
	int y, m, d;
	char *w;

	calendar_date_ymd(clock_local_day(now, tz, NULL), &y, &m, &d);
	w = clock_date_words(y, m, d, lang);
	return w != NULL ? w : xstrdup("");
}
