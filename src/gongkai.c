/* gongkai.c - main: global options, then the subcommand table (cli.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "clock.h"
#include "config.h"
#include "log.h"
#include "smtp.h"

#define DEFAULT_CONFIG	"/etc/gongkai/gongkai.conf"

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "now", required_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli cli = { 0 };
	const char *now = getenv("GONGKAI_NOW");
	int ch, verbose = 0, rv;

	/* The database, the spool and the secret are the office's alone:
	 * nothing gongkai creates is open to group or others. */
	umask(077);
	cli.config_path = getenv("GONGKAI_CONF");
	if (cli.config_path == NULL || *cli.config_path == '\0')
		cli.config_path = DEFAULT_CONFIG;
	/* "+": options end at the subcommand, which has options of its own. */
	while ((ch = getopt_long(argc, argv, "+c:hvV", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cli.config_path = optarg;
			break;
		case 'n':
			now = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			cli_usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("gongkai %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		default:
			cli_usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	log_init("gongkai", verbose);
	if (now != NULL && *now != '\0' && clock_pin(now) == -1) {
		fprintf(stderr, "gongkai: --now: \"%s\" is not an ISO 8601 "
		    "time with an offset (e.g. 2026-09-28T10:00:00+08:00)\n",
		    now);
		return EXIT_USAGE;
	}
	if (argc == 0) {
		cli_usage(stderr);
		return EXIT_USAGE;
	}
	smtp_global_init();
	rv = cli_dispatch(&cli, argc, argv);
	config_free(cli.cfg);
	return rv;
}
