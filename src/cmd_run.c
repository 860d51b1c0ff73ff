/*
 * cmd_run.c - `gongkai run [--once]` (doc/commands.md): the daemon
 * (daemon.h), or one full cycle.  Refuses to start when a template is
 * broken (every mail would stop) or, as root, without [daemon] user to
 * become.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "config.h"
#include "datadir.h"
#include "daemon.h"
#include "spool.h"
#include "template.h"

static int	cmd_run_exec(struct cli *, int, char **);

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.usage = "run [--once]",
	.summary = "the daemon (or one full cycle)",
	.flags = CMD_CONFIG | CMD_REFUSE_ROOT | CMD_STORE,
	.exec = cmd_run_exec,
};

static int
cmd_run_exec(struct cli *cli, int argc, char **argv)
{
	struct store *st;
	int once = 0;

	if (argc == 2 && strcmp(argv[1], "--once") == 0)
		once = 1;
	else if (argc != 1)
		return cmd_usage(&cmd_run_entry);
	/* A broken template would stop every mail: refuse to start. */
	{
		char *dir = datadir_template_path(), *err = NULL;
		int r = template_check(dir, &err);

		if (r == -1)
			fprintf(stderr, "gongkai: templates: %s\n", err);
		free(err);
		free(dir);
		if (r == -1)
			return EXIT_USAGE;
	}
	if ((st = cmd_store(cli)) == NULL)
		return EXIT_RUNTIME;
	spool_clean_tmp(cli->cfg->store.spool);
	return daemon_run(&cli->cfg, st, once);
}
