/*
 * cli.h - the subcommand table (name, usage, handler) and exit codes.
 * Handlers return an exit code; they print results on stdout and one-line
 * errors on stderr.
 */
#ifndef GK_CLI_H
#define GK_CLI_H

#include <stdio.h>

#define EXIT_OK		0
#define EXIT_RUNTIME	1
#define EXIT_USAGE	2

struct config;

struct cli {
	const char	*config_path;
	struct config	*cfg;		/* loaded before the handler runs */
};

/* Handlers kept with their capability (cmd_*.c). */
int	cmd_show(struct cli *, int, char **);
int	cmd_cases(struct cli *, int, char **);

/* Runs argv[0] (a subcommand name) with the global options in `cli`. */
int	cli_dispatch(struct cli *, int argc, char **argv);
void	cli_usage(FILE *);

#endif
