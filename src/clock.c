/* clock.c - the only caller of time() and clock_gettime(); honours --now. */
#include <time.h>

#include <glib.h>

#include "clock.h"
#include "xmalloc.h"

static int clock_pinned;
static time_t clock_pinned_at;

int
clock_pin(const char *iso8601)
{
	GDateTime *dt;

	/* No default zone: a time without an offset is refused. */
	if (iso8601 == NULL ||
	    (dt = g_date_time_new_from_iso8601(iso8601, NULL)) == NULL)
		return -1;
	clock_pinned_at = (time_t)g_date_time_to_unix(dt);
	clock_pinned = 1;
	g_date_time_unref(dt);
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
	GTimeZone *tz = g_time_zone_new_identifier(zone);
	GDateTime *dt;
	gchar *g;
	char *s;

	if (tz == NULL)
		tz = g_time_zone_new_utc();
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
