/*
 * cmd_run.c - `gongkai run [--once]` (doc/commands.md): the daemon
 * (daemon.h), or one full cycle.  Refuses to start when a template is
 * broken (every mail would stop) or, as root, without [daemon] user to
 * become.  Holds the instance lock (daemon.h) for its whole life: a
 * second `run` on the same database exits 1 naming the holder's PID.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "datadir.h"
#include "daemon.h"
#include "datadir.h"
#include "lockfile.h"
#include "spool.h"

static int	cmd_run_exec(struct cli *, int, char **);

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.usage = "run [--once]",
	.summary = "the daemon (or one full cycle)",
	.flags = CMD_CONFIG | CMD_REFUSE_ROOT | CMD_STORE | CMD_WRITES,
	.exec = cmd_run_exec,
};

static int
cmd_run_exec(struct cli *cli, int argc, char **argv)
{
	struct store *st;
	char *path;
	pid_t holder;
	int once = 0, lock, rv;

	if (argc == 2 && strcmp(argv[1], "--once") == 0)
		once = 1;
	else if (argc != 1)
		return cmd_usage(&cmd_run_entry);
	/* A broken template would stop every mail: refuse to start.  The
	 * set checked is the set used until a reload passes (datadir.h). */
	{
		char *err = NULL;
		int r = datadir_templates_load(&err);

		if (r == -1)
			cmd_print_faults("templates", err);
		free(err);
		if (r == -1)
			return EXIT_USAGE;
	}
	/* `outbox flush` may signal us as soon as we hold the lock. */
	signal(SIGUSR1, SIG_IGN);
	path = daemon_lock_path(cli->cfg);
	if ((lock = lockfile_take(path, &holder)) == -1) {
		if (holder > 0)
			fprintf(stderr, "gongkai: %s: already running as PID "
			    "%ld\n", path, (long)holder);
		else if (holder == 0)
			fprintf(stderr, "gongkai: %s: already running (PID "
			    "unknown)\n", path);
		free(path);
		return EXIT_RUNTIME;
	}
	free(path);
	if ((st = cmd_store(cli)) == NULL) {
		close(lock);
		return EXIT_RUNTIME;
	}
	spool_clean_tmp(cli->cfg->store.spool);
	rv = daemon_run(&cli->cfg, st, once);
	close(lock);
	return rv;
}
