/* notify.c - sd_notify(3) for the run loop.  See notify.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "clock.h"
#include "notify.h"

#ifdef HAVE_SYSTEMD
static double	notify_last_ping = -1;

static void
notify_send(const char *state)
{
	(void)sd_notify(0, state);
}
#else
static void
notify_send(const char *state)
{
	(void)state;
}
#endif

void
notify_ready(void)
{
	notify_send("READY=1");
}

void
notify_reloading(void)
{
	notify_send("RELOADING=1");
}

void
notify_stopping(void)
{
	notify_send("STOPPING=1");
}

void
notify_status(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "STATUS=");
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	notify_send(buf);
}

void
notify_watchdog(void)
{
#ifdef HAVE_SYSTEMD
	double now = clock_mono();

	if (notify_last_ping >= 0 && now - notify_last_ping < 1)
		return;
	notify_last_ping = now;
	notify_send("WATCHDOG=1");
#endif
}

unsigned
notify_watchdog_seconds(void)
{
#ifdef HAVE_SYSTEMD
	uint64_t usec = 0;

	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return 0;
	return usec / 2000000 > 0 ? (unsigned)(usec / 2000000) : 1;
#else
	return 0;
#endif
}
