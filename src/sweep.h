/*
 * sweep.h - the deadline sweep (doc/lifecycle.md, reminders and digest),
 * run by the daemon after each mailbox pass and by `gongkai run --once`.
 *
 * On a working day, from [deadlines] digest_hour (office time) on:
 *   - expiries: a correction window (correction_window_days from the
 *     correction notice) passed without a correction -> other:no-correction
 *     and its notice; a fee unpaid fee_payment_days after the fee notice ->
 *     other:fee-unpaid and its notice; a third party silent
 *     third_party_days after the letter -> the handler holds the case again
 *     and is told it may proceed (request_expire());
 *   - reminders: the secretariat is told when a case's answer clock
 *     reaches a remind_days threshold (working days left; the smallest
 *     threshold at or above them), and every working day while it is
 *     overdue; not while the clock is paused or awaits a correction;
 *   - nudges: the person holding a step (handler, reviewer, head) that
 *     has seen no action for idle_days working days gets a reminder with a
 *     reply token, once per idle spell;
 *   - the calendar: while any open clock has a provisional date (a year
 *     without calendar data), the secretariat is told once a day which
 *     year to install;
 *   - acknowledgments: a request that arrived on an earlier day (within
 *     31 days) and whose acknowledgment is not in the outbox as sent
 *     (still queued, failed, or never queued) is told to the secretariat
 *     ("ack_missing"), once per case;
 *   - the digest: one mail to the secretariat with the open cases, the
 *     most urgent first (at most digest_max), and the counts.
 * Nothing is sent on a non-working day.  Each alert is recorded in the
 * alerts table under (case, clock, threshold, version), in the same
 * transaction as its mail, so it goes out once across restarts; the
 * version of a deadline alert is the due date it is about, so a new due
 * date (extension, restart, recomputation) re-arms the thresholds.  After
 * downtime nothing is sent for the days missed: each case gets the alert
 * of where it stands today, and the day's digest says since when it is
 * the first.
 *
 * At the first sweep and after sweep_reload() (SIGHUP), when the years of
 * calendar data differ from those of the last recomputation, every open
 * answer clock with a provisional date is recomputed from its start
 * (receipt date + answer_days + the pauses and extension recorded since)
 * and a changed date is explained by a "clock" event.
 *
 * Failure: -1 when the environment failed (the transaction is rolled back
 * and the next cycle retries); an alert whose mail could not be made is
 * left out (its savepoint rolled back, logged) and tried again next time.
 */
#ifndef GK_SWEEP_H
#define GK_SWEEP_H

#include <stddef.h>
#include <time.h>

struct calendar;
struct config;
struct store;

/* What a sweep did, and how long its parts took (seconds). */
struct sweep_result {
	int	 ran;		/* 0: not a working day, or before the hour */
	long	 recomputed;	/* provisional clocks whose date changed */
	long	 expired;
	long	 reminders;
	long	 nudges;
	long	 last_days;	/* to extend, to ask for a correction */
	long	 calendar;	/* "install YEAR" alerts */
	long	 digests;
	long	 unacked;	/* requests without an acknowledgment */
	long	 failed;	/* alerts left out (logged) */
	double	 t_recompute, t_expire, t_remind, t_idle, t_calendar,
		 t_digest, t_total;
};

/*
 * One sweep at `now`, in its own transaction; res may be NULL.  0, or -1
 * when the store failed or an alert could not be made (after committing
 * the others).
 */
int	sweep_run(const struct config *, struct store *, time_t now,
	    struct sweep_result *res);

/*
 * For the daemon: sweep_run() at clock_now() unless a sweep ran less
 * than SWEEP_INTERVAL seconds ago (monotonic) and nothing asks for one.
 */
int	sweep_cycle(const struct config *, struct store *);

/* After datadir_reload() (SIGHUP): the next sweep runs now and
 * recomputes provisional dates. */
void	sweep_reload(void);

/* Seconds until the next digest_hour in the office's time zone, at least
 * 1 and at most cap: how long the daemon may sleep. */
long long sweep_idle_seconds(const struct config *, time_t now,
	    long long cap);

#define SWEEP_INTERVAL	60	/* seconds between the daemon's sweeps */

/* ------------------------------------------------ the pure decisions */

/*
 * The threshold a case `days_left` working days from its due date has
 * reached: for days_left >= 0 the smallest of remind[0..n-1] at or above
 * it (1 with *threshold), 0 when none is; for days_left < 0 (overdue) it
 * is days_left itself, a new one each working day.
 */
int	sweep_threshold(const unsigned *remind, size_t n, int days_left,
	    int *threshold);

/* `t` as an office day (calendar day number) and hour in zone tz (UTC
 * when unknown); the start of day `day` in that zone. */
int	sweep_local_day(time_t t, const char *tz, int *hour);
time_t	sweep_day_start(int day, const char *tz);

/* 1 when alerts may go out on `day` at `hour`: a working day, at or after
 * digest_hour. */
int	sweep_alert_time(const struct calendar *, int day, int hour,
	    unsigned digest_hour);

/*
 * The idle cutoff of `day`: the n-th working day counted back from day
 * (day itself first when it is one).  A step whose last action was on a
 * day before the cutoff has waited n working days (calendar_count(last,
 * day) >= n).  0 or -1.
 */
int	sweep_idle_cutoff(const struct calendar *, int day, unsigned n,
	    int *cutoff);

/* A part of the answer clock since its start (store_clock_part). */
struct sweep_part {
	int	 pause;		/* 1: a pause from..to; 0: an extension */
	int	 from, to;	/* day numbers; to unused for an extension */
	int	 days;		/* extension: working days added */
};

/*
 * The answer due date from its start: `answer_days` working days after
 * `receipt`, plus for each part that began on or after the receipt date
 * the working days a pause stood still (counted now) or an extension's
 * days.  0 with *due and *provisional, or -1.
 */
int	sweep_answer_due(const struct calendar *, int receipt,
	    unsigned answer_days, const struct sweep_part *, size_t nparts,
	    int *due, int *provisional);

/*
 * A window of `days` working days from `start` (a notice, a letter): its
 * last day in *deadline.  1 when it has run out on `today` (today is past
 * the deadline), 0 when not, -1 on bad arguments.
 */
int	sweep_window(const struct calendar *, int start, unsigned days,
	    int today, int *deadline, int *provisional);

#endif
