/*
 * daemon.c - the run loop, signals and backoff.
 *
 * A cycle: SELECT (noting a UIDVALIDITY change), list every message in
 * the mailbox (handled mail is moved out, so what is there is new or was
 * interrupted), fetch in batches, ingest each mail (it commits), then
 * MOVE the committed ones.  A mail whose ingest failed for the
 * environment's reasons stays in the mailbox for the next cycle.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "datadir.h"
#include "imap.h"
#include "ingest.h"
#include "log.h"
#include "notify.h"
#include "outbox.h"
#include "status.h"
#include "store.h"
#include "webhook.h"
#include "sweep.h"
#include "xmalloc.h"

#define DAEMON_BATCH		200	/* UIDs fetched per round */
#define DAEMON_BATCH_FIRST	8	/* ... at first after a start */
#define DAEMON_BACKOFF_MIN	1
#define DAEMON_BACKOFF_MAX	300

static volatile sig_atomic_t daemon_stop;
static volatile sig_atomic_t daemon_reload;
static volatile sig_atomic_t daemon_flush;	/* SIGUSR1: deferred mail now */
static volatile sig_atomic_t daemon_wake;	/* any: leave IDLE */
/*
 * A batch is one transaction: if the process dies before its commit, the
 * next start does it all again.  So a start takes a few mails first and
 * doubles the batch with each commit: a daemon restarted again and again
 * (a crash loop, the OOM killer) still moves forward.
 */
static size_t daemon_batch = DAEMON_BATCH_FIRST;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		daemon_reload = 1;
	else if (sig == SIGUSR1)
		daemon_flush = 1;
	else
		daemon_stop = 1;
	daemon_wake = 1;
}

static void
signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal must interrupt a sleep or a read. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Sleeps up to `seconds`, returning early when a signal asks to. */
static void
nap(unsigned seconds)
{
	double end = clock_mono() + seconds;

	while (!daemon_stop && !daemon_reload && !daemon_flush &&
	    clock_mono() < end) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		notify_watchdog();
	}
}

/* A wait of `seconds`, cut to what systemd's watchdog allows. */
static unsigned
wd_cap(unsigned seconds)
{
	unsigned wd = notify_watchdog_seconds();

	return wd != 0 && wd < seconds ? wd : seconds;
}

/*
 * SIGHUP: the configuration and the templates are read and checked
 * whole before either is taken; a fault in one keeps both as they were
 * (and the calendar), and each fault is logged.  The calendar is read
 * again at its next use; the next sweep recomputes provisional dates
 * (sweep.h).
 */
static void
reload(struct config **cfgp)
{
	struct config *fresh;
	char *err = NULL, *line, *next;

	daemon_reload = 0;
	if ((fresh = config_load((*cfgp)->path, 0, &err)) == NULL) {
		/* One line each error of the file (config_load() tells all). */
		for (line = err; line != NULL; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			log_warnx("reload refused, keeping the running "
			    "configuration and templates: %s", line);
		}
		free(err);
		return;
	}
	if (datadir_reload(&err) == -1) {
		log_warnx("reload refused, keeping the running "
		    "configuration and templates: a template does not pass");
		for (line = err; line != NULL; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			log_warnx("reload refused: %s", line);
		}
		free(err);
		config_free(fresh);
		return;
	}
	sweep_reload();
	config_free(*cfgp);
	*cfgp = fresh;
	log_info("configuration and templates reloaded from %s", fresh->path);
}

/*
 * One fetched batch, copied out of libetpan's buffers.  It holds at most
 * [imap] batch_bytes of raw mail (or one larger mail alone): when the
 * next mail would pass the cap, what is held is recorded first (spool,
 * one sync, one transaction) and let go, and its UIDs wait in `done` for
 * the MOVE after the fetch.
 */
struct batch {
	const struct config	*cfg;
	struct store		*st;
	struct ingest_item	*items;
	size_t			 n;
	size_t			 bytes;	/* raw bytes in items */
	uint32_t		 uidvalidity;
	uint32_t		*done;		/* recorded, to move */
	size_t			 ndone;
	int			 failed;	/* the store failed */
};

static void
batch_clear(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free((char *)b->items[i].raw);
	b->n = 0;
	b->bytes = 0;
}

/* Records what the batch holds and lets it go; -1 when the store failed. */
static int
batch_flush(struct batch *b)
{
	size_t i;

	if (b->n == 0)
		return 0;
	if (ingest_batch(b->cfg, b->st, b->items, b->n) == -1) {
		b->failed = 1;
		batch_clear(b);
		return -1;
	}
	for (i = 0; i < b->n; i++) {
		log_debug("uid %lld: %s %s", b->items[i].src.uid,
		    b->items[i].res.outcome, b->items[i].res.case_id);
		b->done[b->ndone++] = (uint32_t)b->items[i].src.uid;
	}
	batch_clear(b);
	/* A long first pass over a full mailbox is progress too. */
	notify_watchdog();
	return 0;
}

static int
on_message(void *arg, const struct imap_message *m)
{
	struct batch *b = arg;
	struct ingest_item *it;

	if (m->data != NULL && b->n > 0 &&
	    b->bytes + m->len > b->cfg->imap.batch_bytes &&
	    batch_flush(b) == -1)
		return -1;
	it = &b->items[b->n++];
	memset(it, 0, sizeof(*it));
	it->src.kind = "imap";
	it->src.uidvalidity = b->uidvalidity;
	it->src.uid = m->uid;
	it->src.received_at = m->internaldate;
	it->len = m->len;
	if (m->data != NULL) {	/* NULL: too large, recorded without bytes */
		char *copy = xmalloc(m->len + 1);
		memcpy(copy, m->data, m->len);
		copy[m->len] = '\0';
		it->raw = copy;
		b->bytes += m->len;
	}
	return daemon_stop ? -1 : 0;
}

/*
 * One pass over the mailbox; -1 when the connection or the store failed.
 * Per round of UIDs: fetch, record each batch (spool, one sync, one
 * transaction) as it fills, and only then move what was recorded.
 */
static int
cycle(struct imap *im, const struct config *cfg, struct store *st,
    char **errp)
{
	struct batch b;
	uint32_t uidnext, *uids = NULL, done[DAEMON_BATCH];
	size_t n;
	long long known;
	int fetched, rv = -1;

	memset(&b, 0, sizeof(b));
	b.cfg = cfg;
	b.st = st;
	b.done = done;
	if (imap_select(im, cfg->imap.mailbox, &b.uidvalidity, &uidnext,
	    errp) == -1)
		return -1;
	known = store_imap_uidvalidity(st, cfg->imap.mailbox);
	if (known != (long long)b.uidvalidity) {
		if (known > 0)
			log_warnx("imap: %s: UIDVALIDITY changed from %lld to "
			    "%u; mail already seen is recognised by its bytes",
			    cfg->imap.mailbox, known, b.uidvalidity);
		if (store_imap_set_uidvalidity(st, cfg->imap.mailbox,
		    b.uidvalidity) == -1) {
			*errp = xstrdup("database: cannot record UIDVALIDITY");
			return -1;
		}
	}
	b.items = xcalloc(DAEMON_BATCH, sizeof(*b.items));
	while (!daemon_stop) {
		if (imap_list_after(im, 0, daemon_batch, &uids, &n, errp) ==
		    -1)
			goto out;
		if (n == 0)
			break;
		b.ndone = 0;
		/* A fetch cut short still leaves whole mails to record. */
		fetched = imap_fetch(im, uids, n,
		    cfg->security.max_message_bytes, on_message, &b, errp);
		if (b.failed || batch_flush(&b) == -1) {
			free(*errp);
			*errp = xstrdup("the mails could not be recorded; they "
			    "stay in the mailbox for the next cycle");
			goto out;
		}
		if (fetched == -1 && !daemon_stop)
			goto out;
		free(*errp);	/* "stopped by the caller", if that */
		*errp = NULL;
		/* Only what was committed leaves the mailbox: all of the
		 * round in one command. */
		if (imap_move_set(im, done, b.ndone, cfg->imap.done_mailbox,
		    errp) == -1)
			goto out;
		free(uids);
		uids = NULL;
		if (n < daemon_batch)
			break;
		if ((daemon_batch *= 2) > DAEMON_BATCH)
			daemon_batch = DAEMON_BATCH;
	}
	rv = 0;
out:
	batch_clear(&b);
	free(b.items);
	free(uids);
	return rv;
}

char *
daemon_lock_path(const struct config *cfg)
{
	return xasprintf("%s.lock", cfg->store.database);
}

/*
 * The outbox's turn in a cycle: after SIGUSR1 every deferred mail is
 * made due first; then what is due goes out, from a process that
 * outlives a crash of this one (outbox.h), or from this one with --once.
 */
static int
deliver(const struct config *cfg, struct store *st, int once)
{
	int n;

	if (daemon_flush) {
		daemon_flush = 0;
		n = store_outbox_retry_now(st, 0, clock_wall());
		log_info("outbox: flush asked (SIGUSR1): %d deferred made "
		    "due here", n < 0 ? 0 : n);
		(void)store_webhook_retry_now(st, clock_wall());
	}
	/* the website's webhook calls, from this process: each a row */
	if (webhook_flush(cfg, st) == -1)
		return -1;
	return once ? outbox_flush(cfg, st) : outbox_deliver(cfg, st,
	    &daemon_stop);
}

int
daemon_run(struct config **cfgp, struct store *st, int once)
{
	struct imap *im = NULL;
	unsigned backoff = DAEMON_BACKOFF_MIN;
	char *err = NULL;
	int woken, rv = 0, was_down = 0;

	signals_install();
	notify_ready();
	while (!daemon_stop) {
		const struct config *cfg;

		notify_watchdog();
		if (daemon_reload) {
			notify_reloading();
			reload(cfgp);
			outbox_deliver_end();	/* started again as configured */
			notify_ready();
			imap_close(im);	/* the server may have changed */
			im = NULL;
		}
		cfg = *cfgp;
		if (im == NULL) {
			if ((im = imap_open(cfg, &err)) == NULL)
				goto down;
			log_info("imap: connected to %s as %s%s", cfg->imap.url,
			    cfg->imap.user, was_down ? " again" : "");
			notify_status("connected to %s", cfg->imap.url);
			was_down = 0;
		}
		if (cycle(im, cfg, st, &err) == -1)
			goto down;
		status_imap_contact(st, cfg->imap.idle &&
		    imap_has_capability(im, "IDLE"));
		backoff = DAEMON_BACKOFF_MIN;
		/* Deadlines: expiries, reminders, the digest (sweep.h). */
		if (sweep_cycle(cfg, st) == -1 && once)
			rv = 1;
		/* After the mailbox pass: what it queued goes out now. */
		if (deliver(cfg, st, once) == -1 && once)
			rv = 1;
		(void)status_cycle(cfg, st);	/* [status] metrics_file */
		if (once)
			break;
		/* Wake up for the next retry of deferred mail, too. */
		if (cfg->imap.idle && imap_has_capability(im, "IDLE")) {
			/* SIGHUP too ends IDLE, so that a reload is prompt. */
			daemon_wake = daemon_stop || daemon_reload ||
			    daemon_flush;
			if (imap_idle(im, wd_cap((unsigned)sweep_idle_seconds(
			    cfg, clock_now(), outbox_idle_seconds(st,
			    DAEMON_IDLE_SECONDS))), &daemon_wake, &woken,
			    &err) == -1)
				goto down;
			if (woken)	/* bench/review.sh times from here */
				log_debug("imap: IDLE: the mailbox changed");
		} else
			nap((unsigned)sweep_idle_seconds(cfg, clock_now(),
			    outbox_idle_seconds(st, cfg->imap.poll_seconds)));
		continue;
down:
		log_warnx("imap: %s%s", err ? err : "failed",
		    once ? "" : "; will retry");
		notify_status("IMAP unreachable");
		free(err);
		err = NULL;
		if (im != NULL && (imap_broken(im) || once)) {
			imap_close(im);
			im = NULL;
		}
		/* Deadlines do not wait for IMAP either. */
		(void)sweep_cycle(cfg, st);
		/* Mail already decided still goes out while IMAP is down. */
		(void)deliver(cfg, st, once);
		(void)status_cycle(cfg, st);
		if (once) {
			rv = 1;
			break;
		}
		was_down = 1;
		log_info("imap: retrying in %u s", backoff);
		notify_status("IMAP unreachable, retrying in %u s", backoff);
		nap(backoff);
		backoff = backoff * 2 > DAEMON_BACKOFF_MAX ?
		    DAEMON_BACKOFF_MAX : backoff * 2;
	}
	notify_stopping();
	outbox_deliver_end();
	imap_close(im);
	if (daemon_stop)
		log_info("stopped by signal");
	return rv;
}
