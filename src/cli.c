/*
 * cli.c - the command line: the global options (-c, -v, --now, --help,
 * --version), the table of subcommand entries (one cmd_NAME.c each,
 * cmd.h) and the dispatch that loads the configuration, gives root up
 * and runs the entry's function.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "datadir.h"
#include "log.h"
#include "smtp.h"
#include "store.h"

/* $(sysconfdir)/gongkai/gongkai.conf, from configure (Makefile.am). */
#ifndef GK_SYSCONFDIR
#define GK_SYSCONFDIR	"/etc"
#endif
#define DEFAULT_CONFIG	GK_SYSCONFDIR "/gongkai/gongkai.conf"

/* In the order --help lists them. */
static const struct cmd_entry *cli_entries[] = {
	&cmd_init_entry,
	&cmd_run_entry,
	&cmd_ingest_entry,
	&cmd_cases_entry,
	&cmd_published_entry,
	&cmd_show_entry,
	&cmd_document_entry,
	&cmd_outbox_entry,
	&cmd_pen_entry,
	&cmd_mails_entry,
	&cmd_report_entry,
	&cmd_calendar_entry,
	&cmd_check_entry,
	&cmd_status_entry,
	&cmd_case_entry,
	&cmd_open_entry,
	&cmd_backup_entry,
};

#define NENTRIES	(sizeof(cli_entries) / sizeof(cli_entries[0]))

void
cli_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: gongkai [-v] [-c FILE] [--now TIME] COMMAND "
	    "[ARGS]\n       gongkai --help | --version\n\ncommands:\n");
	for (i = 0; i < NENTRIES; i++)
		fprintf(f, "  %-52s %s\n", cli_entries[i]->usage,
		    cli_entries[i]->summary);
}

static const struct cmd_entry *
cli_find(const char *name)
{
	size_t i;

	for (i = 0; i < NENTRIES; i++)
		if (strcmp(name, cli_entries[i]->name) == 0)
			return cli_entries[i];
	return NULL;
}

/*
 * Root gives way to [daemon] user before anything of the installation is
 * opened (nothing gongkai does needs root): the supplementary groups,
 * then the group, then the user, and a check that root cannot be had
 * back.  0 when not root, or done; -1 after saying why on stderr (`run`
 * as root with no user to become, an unknown user, root itself).
 */
static int
become_user(const struct config *cfg, const char *cmd, int must)
{
	struct passwd *pw;

	if (getuid() != 0 && geteuid() != 0)
		return 0;
	if (cfg->daemon.user == NULL) {
		if (!must)
			return 0;
		fprintf(stderr, "gongkai %s: refusing to run as root; set "
		    "[daemon] user in %s to the user to run as (gongkai init "
		    "gives it the database and the spool)\n", cmd, cfg->path);
		return -1;
	}
	errno = 0;
	if ((pw = getpwnam(cfg->daemon.user)) == NULL) {
		fprintf(stderr, "gongkai %s: %s: [daemon] user: no user \"%s\""
		    "\n", cmd, cfg->path, cfg->daemon.user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		fprintf(stderr, "gongkai %s: %s: [daemon] user: \"%s\" is "
		    "root; name an unprivileged user\n", cmd, cfg->path,
		    cfg->daemon.user);
		return -1;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) == -1 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1) {
		fprintf(stderr, "gongkai %s: cannot become %s: %s\n", cmd,
		    cfg->daemon.user, strerror(errno));
		return -1;
	}
	if (setuid(0) != -1 || seteuid(0) != -1 || setgid(0) != -1 ||
	    getuid() != pw->pw_uid || geteuid() != pw->pw_uid ||
	    getgid() != pw->pw_gid || getegid() != pw->pw_gid)
		fatalx("still root after becoming %s", cfg->daemon.user);
	log_debug("running as %s (uid %u, gid %u)", cfg->daemon.user,
	    (unsigned)pw->pw_uid, (unsigned)pw->pw_gid);
	return 0;
}

/* 1 when arg ("--name", "--name=value", or "-x") is an option usage
 * names ("[-o FILE]"). */
static int
usage_names(const char *usage, const char *arg)
{
	size_t n = strcspn(arg, "=");
	const char *p = usage;

	if (arg[1] != '-') {
		if (arg[1] == '\0' || arg[2] != '\0')
			return 0;
		for (; (p = strstr(p, arg)) != NULL; p++)
			if (p > usage && (p[-1] == '[' || p[-1] == ' ' ||
			    p[-1] == '|') && (p[2] == ' ' || p[2] == ']' ||
			    p[2] == '\0'))
				return 1;
		return 0;
	}
	while ((p = strstr(p, "--")) != NULL) {
		if (strncmp(p, arg, n) == 0 && !g_ascii_isalnum(p[n]) &&
		    p[n] != '-')
			return 1;
		p += 2;
	}
	return 0;
}

/*
 * Every argument that looks like an option ("-x", "--name"; not "-" for
 * stdin, nor a negative number, nor anything after "--") must be one the
 * command's usage line names: else -1, after naming it on stderr.
 */
static int
unknown_option(const struct cmd_entry *e, int argc, char **argv)
{
	const char *a;
	int i;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (a[0] != '-' || a[1] == '\0' || g_ascii_isdigit(a[1]) ||
		    usage_names(e->usage, a))
			continue;
		fprintf(stderr, "gongkai %s: unknown option \"%s\"\n", e->name,
		    a);
		cmd_usage(e);
		return -1;
	}
	return 0;
}

/*
 * A command that writes, whose configuration could not be loaded: when
 * it is because this user (a member of the database's group, say) may
 * read neither the passwords nor write the database, the second is what
 * to say.  -1 when said, else 0.
 */
static int
refuse_writer(struct cli *cli, const struct cmd_entry *e, int argc,
    char **argv)
{
	struct config *cfg;
	char *err = NULL;
	int rv = 0;

	if (getuid() == 0 || !(e->flags & CMD_WRITES))
		return 0;
	if ((cfg = config_load(cli->config_path, CONFIG_NO_PASSWORDS,
	    &err)) == NULL) {
		free(err);
		return 0;
	}
	rv = cmd_refuse_unwritable(cfg, argc, argv);
	config_free(cfg);
	return rv;
}

int
cli_dispatch(struct cli *cli, int argc, char **argv)
{
	const struct cmd_entry *e = cli_find(argv[0]);
	char *err = NULL, *p, *nl;
	int rv;

	if (e == NULL) {
		fprintf(stderr, "gongkai: unknown command \"%s\"; "
		    "gongkai --help lists them\n", argv[0]);
		return EXIT_USAGE;
	}
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		printf("usage: gongkai %s\n%s\n", e->usage, e->summary);
		return EXIT_OK;
	}
	if (unknown_option(e, argc, argv) == -1)
		return EXIT_USAGE;
	if (e->flags & CMD_CONFIG) {
		cli->cfg = config_load(cli->config_path,
		    (e->flags & CMD_NO_SECRET ?
		    CONFIG_SECRET_MAY_BE_MISSING : 0) |
		    (e->flags & CMD_NO_PASSWORDS ? CONFIG_NO_PASSWORDS : 0),
		    &err);
		if (cli->cfg == NULL) {
			rv = refuse_writer(cli, e, argc, argv);
			/* One line each error of the configuration. */
			for (p = err; rv == 0 && p != NULL && *p != '\0';
			    p = nl != NULL ? nl + 1 : NULL) {
				nl = strchr(p, '\n');
				fprintf(stderr, "gongkai: %.*s\n", nl != NULL ?
				    (int)(nl - p) : (int)strlen(p), p);
			}
			free(err);
			return rv != 0 ? EXIT_RUNTIME : EXIT_USAGE;
		}
		datadir_configure(cli->cfg->path);
		/* Everything but init (which hands the state over) runs as
		 * [daemon] user when started as root; run refuses root. */
		if (!(e->flags & CMD_NO_SECRET) && become_user(cli->cfg,
		    e->name, (e->flags & CMD_REFUSE_ROOT) != 0) == -1)
			return EXIT_USAGE;
	}
	cli->entry = e;
	rv = e->exec(cli, argc, argv);
	store_close(cli->st);
	cli->st = NULL;
	cli->entry = NULL;
	return rv;
}

/*
 * Standard input, output and error open, on /dev/null when they were
 * closed (as Postfix does): else the next file opened takes their number,
 * and a message meant for stderr, or a pipe meant to be a child's stdin,
 * lands in it.
 */
static void
cli_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 &&
		    open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			abort();	/* nothing can be said: no stderr */
}

int
cli_main(int argc, char **argv)
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
	cli_std_fds();
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
