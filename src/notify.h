/*
 * notify.h - telling systemd how the daemon is (sd_notify(3)): READY=1
 * once it runs, RELOADING=1 around a reload, STOPPING=1, a STATUS= line,
 * and WATCHDOG=1 pings while the run loop turns.  The only file that
 * talks to libsystemd; built without it (configure --without-systemd, or
 * no libsystemd-dev), every function does nothing and
 * notify_watchdog_seconds() is 0.  Outside systemd ($NOTIFY_SOCKET unset)
 * they do nothing either.  Nothing here fails: a message systemd cannot
 * take is dropped.
 */
#ifndef GK_NOTIFY_H
#define GK_NOTIFY_H

void		notify_ready(void);
void		notify_reloading(void);
void		notify_stopping(void);
/* STATUS=TEXT, one line (printf format). */
void		notify_status(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));
/* WATCHDOG=1, at most once a second however often it is called. */
void		notify_watchdog(void);
/*
 * Half the watchdog interval systemd asked for (WatchdogSec=), in
 * seconds, at least 1; 0 when there is no watchdog.  The run loop never
 * waits longer than this without a ping.
 */
unsigned	notify_watchdog_seconds(void);

#endif
