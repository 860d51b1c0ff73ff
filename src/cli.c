/*
 * cli.c - the subcommand table and the handlers of the commands that
 * administer the installation (init, check).  Each capability's own
 * commands live with it; until a capability lands its entry answers
 * "not implemented yet" with exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "imap.h"
#include "log.h"
#include "smtp.h"
#include "spool.h"
#include "store.h"
#include "xmalloc.h"

enum cli_needs {
	NEEDS_NOTHING,
	NEEDS_CONFIG,
	NEEDS_CONFIG_NO_SECRET,		/* init creates the secret */
};

struct cli_cmd {
	const char	*name;
	const char	*usage;
	const char	*summary;
	enum cli_needs	 needs;
	int		(*fn)(struct cli *, int, char **);
};

static int	cmd_init(struct cli *, int, char **);
static int	cmd_check(struct cli *, int, char **);
static int	cmd_todo(struct cli *, int, char **);

static const struct cli_cmd cli_cmds[] = {
	{ "init", "init", "create the database, the spool and the secret",
	    NEEDS_CONFIG_NO_SECRET, cmd_init },
	{ "run", "run [--once]", "the daemon (or one full cycle)",
	    NEEDS_CONFIG, cmd_todo },
	{ "ingest", "ingest FILE... (- for stdin)",
	    "process raw messages as if they came from IMAP",
	    NEEDS_CONFIG, cmd_todo },
	{ "cases", "cases [--state S] [--kind K] [--overdue] [--json]",
	    "list cases", NEEDS_CONFIG, cmd_todo },
	{ "show", "show CASE [--json]", "one case with its history",
	    NEEDS_CONFIG, cmd_todo },
	{ "outbox", "outbox [--json]", "queued, sent and failed mail",
	    NEEDS_CONFIG, cmd_todo },
	{ "pen", "pen [--json] | pen redeliver MSG CASE",
	    "the holding pen", NEEDS_CONFIG, cmd_todo },
	{ "report", "report annual YEAR [--format text|csv|json|html]",
	    "the statutory annual report", NEEDS_CONFIG, cmd_todo },
	{ "calendar", "calendar add DATE N | calendar count DATE1 DATE2",
	    "working-day arithmetic", NEEDS_CONFIG, cmd_todo },
	{ "check", "check [--connect]",
	    "validate the configuration (and log in to IMAP and SMTP)",
	    NEEDS_CONFIG, cmd_check },
};

#define NCMDS	(sizeof(cli_cmds) / sizeof(cli_cmds[0]))

void
cli_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: gongkai [-v] [-c FILE] [--now TIME] COMMAND "
	    "[ARGS]\n       gongkai --help | --version\n\ncommands:\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %-52s %s\n", cli_cmds[i].usage,
		    cli_cmds[i].summary);
}

static int
cmd_usage(const struct cli_cmd *c)
{
	fprintf(stderr, "usage: gongkai %s\n", c->usage);
	return EXIT_USAGE;
}

int
cli_dispatch(struct cli *cli, int argc, char **argv)
{
	const struct cli_cmd *c = NULL;
	char *err = NULL;
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (strcmp(argv[0], cli_cmds[i].name) == 0)
			c = &cli_cmds[i];
	if (c == NULL) {
		fprintf(stderr, "gongkai: unknown command \"%s\"; "
		    "gongkai --help lists them\n", argv[0]);
		return EXIT_USAGE;
	}
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		printf("usage: gongkai %s\n%s\n", c->usage, c->summary);
		return EXIT_OK;
	}
	if (c->needs != NEEDS_NOTHING) {
		cli->cfg = config_load(cli->config_path,
		    c->needs == NEEDS_CONFIG_NO_SECRET ?
		    CONFIG_SECRET_MAY_BE_MISSING : 0, &err);
		if (cli->cfg == NULL) {
			fprintf(stderr, "gongkai: %s\n", err);
			free(err);
			return EXIT_USAGE;
		}
	}
	return c->fn(cli, argc, argv);
}

static int
cmd_todo(struct cli *cli, int argc, char **argv)
{
	fprintf(stderr, "gongkai %s: not implemented yet\n", argv[0]);
	return EXIT_RUNTIME;
}

/* Creates `path` (mode 0600) holding 32 random bytes as hex. */
static int
secret_create(const char *path, char **errp)
{
	unsigned char raw[32];
	char hex[sizeof(raw) * 2 + 2];
	size_t i, off = 0;
	int fd, rv = -1;

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		*errp = xasprintf("getrandom: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof(raw); i++)
		off += (size_t)snprintf(hex + off, sizeof(hex) - off, "%02x",
		    raw[i]);
	hex[off++] = '\n';
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		*errp = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	if (write(fd, hex, off) != (ssize_t)off || fsync(fd) == -1) {
		*errp = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		goto out;
	}
	close(fd);
	rv = 0;
out:
	explicit_bzero(raw, sizeof(raw));
	explicit_bzero(hex, sizeof(hex));
	return rv;
}

static int
cmd_init(struct cli *cli, int argc, char **argv)
{
	struct config *cfg = cli->cfg;
	struct store *st = NULL;
	char *err = NULL;
	int before, rv = EXIT_RUNTIME;

	if (argc != 1)
		return cmd_usage(&cli_cmds[0]);
	if (spool_init(cfg->store.spool, &err) == -1)
		goto out;
	printf("spool: %s\n", cfg->store.spool);
	if ((st = store_open(cfg->store.database, 1, &err)) == NULL)
		goto out;
	before = store_schema_version(st);
	if (store_migrate(st, &err) == -1)
		goto out;
	if (before == STORE_SCHEMA_VERSION)
		printf("database: %s: schema version %d, up to date\n",
		    cfg->store.database, STORE_SCHEMA_VERSION);
	else
		printf("database: %s: schema version %d -> %d\n",
		    cfg->store.database, before, STORE_SCHEMA_VERSION);
	if (cfg->security.secret == NULL) {
		if (secret_create(cfg->security.secret_file, &err) == -1 ||
		    config_read_secret(cfg, &err) == -1)
			goto out;
		printf("secret: %s: created (mode 0600)\n",
		    cfg->security.secret_file);
	} else
		printf("secret: %s: present\n", cfg->security.secret_file);
	rv = EXIT_OK;
out:
	if (err != NULL) {
		fprintf(stderr, "gongkai init: %s\n", err);
		free(err);
	}
	store_close(st);
	return rv;
}

static int
cmd_check(struct cli *cli, int argc, char **argv)
{
	struct config *cfg = cli->cfg;
	struct imap *im;
	char *err = NULL;
	int rv = EXIT_OK;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--connect") != 0))
		return cmd_usage(&cli_cmds[NCMDS - 1]);
	printf("config: ok: %s\n", cfg->path);
	if (argc == 1)
		return EXIT_OK;

	if ((im = imap_open(cfg, &err)) == NULL) {
		printf("imap: failed: %s\n", err);
		free(err);
		err = NULL;
		rv = EXIT_RUNTIME;
	} else {
		printf("imap: ok: %s as %s\n", cfg->imap.url, cfg->imap.user);
		imap_close(im);
	}
	if (smtp_check(cfg, &err) == -1) {
		printf("smtp: failed: %s\n", err);
		free(err);
		rv = EXIT_RUNTIME;
	} else
		printf("smtp: ok: %s%s%s\n", cfg->smtp.url,
		    cfg->smtp.user ? " as " : "",
		    cfg->smtp.user ? cfg->smtp.user : "");
	return rv;
}
