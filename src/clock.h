/*
 * clock.h - the only reader of the system clock.  `--now TIME` (or
 * $GONGKAI_NOW) pins it, so that receipt dates, deadlines and reminders
 * are reproducible in tests and replays.
 */
#ifndef GK_CLOCK_H
#define GK_CLOCK_H

#include <time.h>

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

#endif
