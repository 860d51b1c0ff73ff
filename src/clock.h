/*
 * clock.h - the only reader of the system clock.  `--now TIME` (or
 * $GONGKAI_NOW) pins it, so that receipt dates, deadlines and reminders
 * are reproducible in tests and replays.  It also owns "today in the
 * office's time zone" and dates in words (2026年9月28日, 28 September
 * 2026): whoever needs either asks here.
 *
 * A time zone is an IANA name; an unknown one (or NULL) is read as UTC.
 * Days are calendar.h's day numbers.  char * results are the caller's.
 */
#ifndef GK_CLOCK_H
#define GK_CLOCK_H

#include <time.h>

#include <glib.h>

/* An ISO 8601 time with offset into *tp; -1 if it is not one. */
int	clock_parse(const char *iso8601, time_t *tp);
/* Pins the clock to an ISO 8601 time with offset; -1 if it is not one. */
int	clock_pin(const char *iso8601);
int	clock_is_pinned(void);
/* Seconds since the epoch: the pinned time, or the system's. */
time_t	clock_now(void);
/* The system's time, never pinned: for file ages and log stamps. */
time_t	clock_wall(void);
/* Monotonic seconds, for timeouts and backoff; never pinned. */
double	clock_mono(void);

/*
 * `t` as ISO 8601 with the offset of time zone `tz` (an IANA name; UTC if
 * unknown), e.g. 2026-09-28T10:00:00+08:00; the caller frees it.
 */
char	*clock_iso8601(time_t t, const char *tz);
/* The time zone `tz` (an IANA name; NULL or unknown: UTC), a reference
 * the caller drops with g_time_zone_unref(); made once, then shared. */
GTimeZone *clock_tz(const char *tz);

/* The day `t` falls on in zone tz; *hour (if not NULL) its local hour. */
int	 clock_local_day(time_t t, const char *tz, int *hour);
/* The first second of `day` in zone tz; 0 if the day does not exist. */
time_t	 clock_day_start(int day, const char *tz);
/*
 * A date in words in lang "zh" (2026年9月28日) or "en" (28 September
 * 2026); NULL for another lang or a date that does not exist.
 */
char	*clock_date_words(int y, int m, int d, const char *lang);
/* The same from YYYY-MM-DD; "" when iso is NULL or not a date. */
char	*clock_iso_words(const char *iso, const char *lang);
/*
 * A deadline in words, the one form every notice uses: zh
 * "最迟于2026年9月28日（含当日）", en "no later than 28 September 2026
 * (that day included)"; "" when iso is not a date.  Malloc'd.
 */
char	*clock_deadline_words(const char *iso, const char *lang);
/* Today in zone tz, in words: the date a letter is written. */
char	*clock_today_words(time_t now, const char *tz, const char *lang);

#endif
