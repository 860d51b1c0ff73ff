/*
 * status.h - health: the facts `gongkai status` prints and the daemon's
 * metrics file carries ([status] metrics_file, Prometheus text format),
 * and the one judgement of them: 0 healthy, 1 degraded, 2 broken, as a
 * Nagios or Zabbix check reads an exit code.
 *
 * status_gather() reads the facts (the database through store.h, the
 * calendar the program uses through datadir.h); status_judge() is pure:
 * facts and limits in, a level and its reasons out.  The limits
 * (doc/commands.md, "gongkai status"):
 *
 *   broken     no IMAP contact ever recorded, or none for imap_crit
 *              seconds; the database or configuration unreadable (the
 *              command says so before judging);
 *   degraded   no IMAP contact for imap_warn seconds; mail waiting for
 *              delivery (queued or deferred) for more than
 *              [status] deferred_warn_seconds; mail queued in the last
 *              STATUS_FAILED_WINDOW that failed for good; held mail
 *              that could not be processed (processing-failed,
 *              parser-failed); no calendar data for this year, or, in
 *              December, for next year.
 *
 * imap_warn is three times the longest the daemon waits between two
 * mailbox passes (its IDLE renewal, DAEMON_IDLE_SECONDS, or [imap]
 * poll_seconds), at least 5 minutes; imap_crit four times that, at least
 * an hour.  Overdue cases are reported, never judged: they are the
 * office's work, not the daemon's health.
 *
 * Failure: status_gather() returns -1 when the database cannot be read
 * (logged); the metrics writer logs and returns -1, the daemon goes on.
 */
#ifndef GK_STATUS_H
#define GK_STATUS_H

#include <stddef.h>
#include <time.h>

#include "store.h"

#define STATUS_OK		0
#define STATUS_DEGRADED		1
#define STATUS_BROKEN		2

#define STATUS_MAX_PEN		32	/* reasons listed */
#define STATUS_MAX_YEARS	64	/* calendar years listed */
#define STATUS_MAX_WHY		8
#define STATUS_WHY_LEN		512
#define STATUS_FAILED_WINDOW	(7 * 86400)

struct config;

struct status_pen {
	char		 reason[48];
	long long	 n;
};

struct status_facts {
	time_t		 now;	/* clock_now(): outbox ages, today */
	time_t		 wall;	/* clock_wall(): IMAP, next tries */
	int		 today;	/* calendar.h day, office's zone */
	int		 contact_known;
	time_t		 contact;	/* last mailbox pass (wall) */
	char		 mode[8];	/* "idle", "poll"; "" unknown */
	int		 idle_configured;	/* [imap] idle */
	unsigned	 poll_seconds;
	struct store_status_outbox outbox;
	struct status_pen pen[STATUS_MAX_PEN];
	size_t		 npen;
	long long	 pen_total;
	long long	 cases_open;
	long long	 cases_due_today;
	long long	 cases_overdue;
	long long	 cases_provisional;
	int		 years[STATUS_MAX_YEARS];
	size_t		 nyears;
};

struct status_limits {
	long long	 imap_warn;
	long long	 imap_crit;
	long long	 deferred_warn;
	long long	 failed_window;
};

struct status_why {
	int		 level;
	const char	*what;	/* imap, outbox, pen, calendar */
	char		 text[STATUS_WHY_LEN];
};

struct status_verdict {
	int		 level;
	struct status_why why[STATUS_MAX_WHY];
	size_t		 nwhy;
};

/* The facts now; -1 when the database could not be read.  Clear them
 * with status_facts_clear() either way. */
int	 status_gather(const struct config *, struct store *,
	    struct status_facts *);
void	 status_facts_clear(struct status_facts *);
/* The limits for these facts under this configuration. */
void	 status_limits(const struct config *, const struct status_facts *,
	    struct status_limits *);
/* Pure: the verdict, whose level it returns. */
int	 status_judge(const struct status_facts *,
	    const struct status_limits *, struct status_verdict *);
/* "healthy", "degraded", "broken". */
const char *status_word(int level);
/* 1 when the year `y` is among the facts' calendar years. */
int	 status_has_year(const struct status_facts *, int y);

/* "45 s", "5 min 3 s", "2 h 5 min", "3 d 4 h" into buf. */
char	*status_duration(long long seconds, char *buf, size_t len);

/* The metrics as Prometheus text (the caller frees it). */
char	*status_metrics_text(const struct status_facts *,
	    const struct status_verdict *);

/*
 * For the daemon.  status_imap_contact(): a mailbox pass succeeded,
 * waiting by IDLE (idle) or polling; logged on failure.  status_cycle():
 * when [status] metrics_file is set, gathers, judges and replaces the
 * file (a temporary file renamed over it, mode 0644); -1 (logged) when
 * it could not.
 */
void	 status_imap_contact(struct store *, int idle);
int	 status_cycle(const struct config *, struct store *);

#endif
