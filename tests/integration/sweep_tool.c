/*
 * sweep_tool.c - drives the deadline sweep (sweep.h) on a database, for
 * bench/sweep.sh and the tests.
 *
 *	sweep_tool CONF run [N]
 *		runs the sweep N times (default 1) at the pinned clock
 *		(GONGKAI_NOW), each in its own transaction as the daemon
 *		does; prints one line per run: what it did and how long
 *		each part took
 *	sweep_tool CONF plans
 *		prints EXPLAIN QUERY PLAN of every sweep query
 *
 * Exit 0 on success, 1 with the error on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "store.h"
#include "sweep.h"

int
main(int argc, char **argv)
{
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct sweep_result r;
	const char *now = getenv("GONGKAI_NOW");
	char *err = NULL, *plans;
	int i, n, rv = 1;

	log_init("sweep_tool", getenv("GK_VERBOSE") != NULL);
	if (now != NULL && *now != '\0' && clock_pin(now) == -1) {
		fprintf(stderr, "sweep_tool: GONGKAI_NOW: bad time\n");
		return 1;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: sweep_tool CONF run [N] | plans\n");
		return 1;
	}
	if ((cfg = config_load(argv[1], 0, &err)) == NULL ||
	    (st = store_open(cfg->store.database, 0, &err)) == NULL)
		goto out;
	if (strcmp(argv[2], "run") == 0 && argc <= 4) {
		n = argc == 4 ? atoi(argv[3]) : 1;
		rv = 0;
		for (i = 1; i <= n; i++) {
			if (sweep_run(cfg, st, clock_now(), &r) == -1)
				rv = 1;
			printf("run %d: ran %d recomputed %ld expired %ld "
			    "reminders %ld nudges %ld calendar %ld digests %ld "
			    "failed %ld | seconds: recompute %.3f expire %.3f "
			    "remind %.3f idle %.3f calendar %.3f digest %.3f "
			    "total %.3f\n", i, r.ran, r.recomputed, r.expired,
			    r.reminders, r.nudges, r.calendar, r.digests,
			    r.failed, r.t_recompute, r.t_expire, r.t_remind,
			    r.t_idle, r.t_calendar, r.t_digest, r.t_total);
		}
	} else if (strcmp(argv[2], "plans") == 0 && argc == 3) {
		if ((plans = store_sweep_plans(st)) != NULL) {
			fputs(plans, stdout);
			free(plans);
			rv = 0;
		}
	} else
		fprintf(stderr, "sweep_tool: %s: unknown command or wrong "
		    "arguments\n", argv[2]);
out:
	if (err != NULL) {
		fprintf(stderr, "sweep_tool: %s\n", err);
		free(err);
	}
	store_close(st);
	config_free(cfg);
	return rv;
}
