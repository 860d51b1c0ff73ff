/*
 * daemon.h - the run loop: IMAP (IDLE or polling) -> ingest -> MOVE after
 * the commit, reconnecting with capped exponential backoff.  SIGTERM and
 * SIGINT finish the current mail and return; SIGHUP reloads the
 * configuration (a bad one is refused and the old one kept); SIGUSR1
 * makes every deferred mail due and delivers it now (`outbox flush`).
 *
 * One instance: `run` holds a lock on DATABASE.lock (lockfile.h) for its
 * whole life, so that no two daemons work on one database.
 */
#ifndef GK_DAEMON_H
#define GK_DAEMON_H

struct config;
struct store;

/* IDLE is renewed this often (RFC 2177: before 29 minutes): the longest
 * the daemon goes without a pass over the mailbox when it idles. */
#define DAEMON_IDLE_SECONDS	(25 * 60)

/*
 * Runs until stopped (once = 0) or for one full cycle (once = 1).  *cfgp
 * may be replaced on reload.  Returns an exit code: 0 when stopped by a
 * signal or after a good cycle, 1 when a --once cycle failed.
 */
int	daemon_run(struct config **cfgp, struct store *, int once);

/* The instance lock's file, [store] database with ".lock"; the caller
 * frees it. */
char	*daemon_lock_path(const struct config *);

#endif
