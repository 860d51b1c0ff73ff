/*
 * cli.c - the subcommand table and the handlers of the commands that
 * administer the installation (init, check, run, ingest, pen).  Each
 * capability's own commands live with it (cmd_*.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "calendar.h"
#include "cli.h"
#include "cmd.h"
#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "imap.h"
#include "ingest.h"
#include "log.h"
#include "outbox.h"
#include "report.h"
#include "smtp.h"
#include "spool.h"
#include "store.h"
#include "template.h"
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
static int	cmd_run(struct cli *, int, char **);
static int	cmd_ingest(struct cli *, int, char **);
static int	cmd_pen(struct cli *, int, char **);

static const struct cli_cmd cli_cmds[] = {
	{ "init", "init", "create the database, the spool and the secret",
	    NEEDS_CONFIG_NO_SECRET, cmd_init },
	{ "run", "run [--once]", "the daemon (or one full cycle)",
	    NEEDS_CONFIG, cmd_run },
	{ "ingest", "ingest FILE... (- for stdin)",
	    "process raw messages as if they came from IMAP",
	    NEEDS_CONFIG, cmd_ingest },
	{ "cases", "cases [--state S] [--kind K] [--overdue] [--json]",
	    "list cases", NEEDS_CONFIG, cmd_cases },
	{ "show", "show CASE [--json]", "one case with its history",
	    NEEDS_CONFIG, cmd_show },
	{ "outbox", "outbox [--json]", "queued, sent and failed mail",
	    NEEDS_CONFIG, cmd_outbox },
	{ "pen", "pen [--json] | pen redeliver MSG CASE",
	    "the holding pen", NEEDS_CONFIG, cmd_pen },
	{ "report", "report annual YEAR [--format text|csv|json|html]",
	    "the statutory annual report", NEEDS_CONFIG, cmd_report },
	{ "calendar", "calendar add DATE N | calendar count DATE1 DATE2",
	    "working-day arithmetic", NEEDS_CONFIG, cmd_calendar },
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

static const struct cli_cmd *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (strcmp(name, cli_cmds[i].name) == 0)
			return &cli_cmds[i];
	return NULL;
}

struct store *
cmd_open_store(const struct config *cfg)
{
	struct store *st;
	char *err = NULL;

	if ((st = store_open(cfg->store.database, 0, &err)) == NULL ||
	    store_schema_version(st) != STORE_SCHEMA_VERSION) {
		fprintf(stderr, "gongkai: %s\n", err ? err :
		    "the database schema is not current; run gongkai init");
		free(err);
		store_close(st);
		return NULL;
	}
	return st;
}

static void
print_json(JsonNode *root)
{
	JsonGenerator *gen = json_generator_new();
	gchar *text;

	json_generator_set_pretty(gen, TRUE);
	json_generator_set_root(gen, root);
	text = json_generator_to_data(gen, NULL);
	printf("%s\n", text);
	g_free(text);
	g_object_unref(gen);
	json_node_unref(root);
}

void
cmd_print_json_array(JsonArray *a)
{
	JsonNode *root = json_node_new(JSON_NODE_ARRAY);

	json_node_take_array(root, a);
	print_json(root);
}

void
cmd_print_json_object(JsonObject *o)
{
	JsonNode *root = json_node_new(JSON_NODE_OBJECT);

	json_node_take_object(root, o);
	print_json(root);
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

/* init as root: the state belongs to [daemon] user (see below). */
static uid_t	chown_uid;
static gid_t	chown_gid;

static int
chown_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	if (lchown(path, chown_uid, chown_gid) == -1) {
		fprintf(stderr, "gongkai init: chown %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * When init runs as root and [daemon] user is set: the spool (all of
 * it), the database with its WAL and SHM, and the secret become that
 * user's, so that `run` can use them after it gives root up.  Symbolic
 * links are never followed.
 */
static int
give_state(const struct config *cfg)
{
	const char *suffix[] = { "", "-wal", "-shm" };
	struct passwd *pw;
	size_t i;

	if (geteuid() != 0 || cfg->daemon.user == NULL)
		return 0;
	if ((pw = getpwnam(cfg->daemon.user)) == NULL || pw->pw_uid == 0) {
		fprintf(stderr, "gongkai init: [daemon] user: \"%s\" is no "
		    "unprivileged user\n", cfg->daemon.user);
		return -1;
	}
	chown_uid = pw->pw_uid;
	chown_gid = pw->pw_gid;
	if (nftw(cfg->store.spool, chown_one, 16, FTW_PHYS) != 0)
		return -1;
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		char *p = xasprintf("%s%s", cfg->store.database, suffix[i]);
		int r = lchown(p, chown_uid, chown_gid);

		if (r == -1 && errno != ENOENT) {
			fprintf(stderr, "gongkai init: chown %s: %s\n", p,
			    strerror(errno));
			free(p);
			return -1;
		}
		free(p);
	}
	if (lchown(cfg->security.secret_file, chown_uid, chown_gid) == -1) {
		fprintf(stderr, "gongkai init: chown %s: %s\n",
		    cfg->security.secret_file, strerror(errno));
		return -1;
	}
	printf("owner: %s\n", cfg->daemon.user);
	return 0;
}

int
cli_dispatch(struct cli *cli, int argc, char **argv)
{
	const struct cli_cmd *c = cmd_find(argv[0]);
	char *err = NULL;

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
		/* Everything but init (which hands the state over) runs as
		 * [daemon] user when started as root; run refuses root. */
		if (c->needs == NEEDS_CONFIG && become_user(cli->cfg, c->name,
		    c->fn == cmd_run) == -1)
			return EXIT_USAGE;
	}
	return c->fn(cli, argc, argv);
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
		return cmd_usage(cmd_find("init"));
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
	/* Closed first, so that no WAL or SHM appears after the chown. */
	store_close(st);
	st = NULL;
	if (give_state(cfg) == -1)
		goto out;
	rv = EXIT_OK;
out:
	if (err != NULL) {
		fprintf(stderr, "gongkai init: %s\n", err);
		free(err);
	}
	store_close(st);
	return rv;
}

/*
 * The files gongkai reads besides its configuration: the templates and
 * the working-day calendar.  Prints a line for each; -1 after the first
 * fault, named FILE:LINE.
 */
static int
check_files(const struct config *cfg)
{
	char *dir = template_dir(NULL), *path, *err = NULL;
	struct calendar *cal;
	size_t i;
	int rv = -1;

	if (template_check(dir, &err) == -1) {
		fprintf(stderr, "gongkai: templates: %s\n", err);
		goto out;
	}
	printf("templates: ok: %s\n", dir);
	path = calendar_path(cfg->calendar.holidays);
	if ((cal = calendar_load(path, &err)) == NULL) {
		fprintf(stderr, "gongkai: calendar: %s\n", err);
		free(path);
		goto out;
	}
	printf("calendar: ok: %s (", path);
	for (i = 0; i < calendar_nyears(cal); i++)
		printf("%s%d", i ? ", " : "", calendar_year(cal, i));
	printf(")\n");
	calendar_free(cal);
	free(path);
	rv = 0;
out:
	free(err);
	free(dir);
	return rv;
}

static int
cmd_check(struct cli *cli, int argc, char **argv)
{
	struct config *cfg = cli->cfg;
	struct imap *im;
	const char *how = NULL;
	char *err = NULL;
	int rv = EXIT_OK;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--connect") != 0))
		return cmd_usage(cmd_find("check"));
	printf("config: ok: %s\n", cfg->path);
	if (check_files(cfg) == -1)
		return EXIT_USAGE;
	if (argc == 1)
		return EXIT_OK;

	if ((im = imap_open(cfg, &err)) == NULL) {
		printf("imap: failed: %s\n", err);
		free(err);
		err = NULL;
		rv = EXIT_RUNTIME;
	} else {
		printf("imap: ok: %s as %s (%s)\n", cfg->imap.url,
		    cfg->imap.user, imap_protection(im));
		imap_close(im);
	}
	if (smtp_check(cfg, &how, &err) == -1) {
		printf("smtp: failed: %s\n", err);
		free(err);
		rv = EXIT_RUNTIME;
	} else
		printf("smtp: ok: %s%s%s (%s)\n", cfg->smtp.url,
		    cfg->smtp.user ? " as " : "",
		    cfg->smtp.user ? cfg->smtp.user : "", how);
	return rv;
}

static int
cmd_run(struct cli *cli, int argc, char **argv)
{
	struct store *st;
	int once = 0, rv;

	if (argc == 2 && strcmp(argv[1], "--once") == 0)
		once = 1;
	else if (argc != 1)
		return cmd_usage(cmd_find("run"));
	/* A broken template would stop every mail: refuse to start. */
	{
		char *dir = template_dir(NULL), *err = NULL;
		int r = template_check(dir, &err);

		if (r == -1)
			fprintf(stderr, "gongkai: templates: %s\n", err);
		free(err);
		free(dir);
		if (r == -1)
			return EXIT_USAGE;
	}
	if ((st = cmd_open_store(cli->cfg)) == NULL)
		return EXIT_RUNTIME;
	spool_clean_tmp(cli->cfg->store.spool);
	rv = daemon_run(&cli->cfg, st, once);
	store_close(st);
	return rv;
}

/* Reads all of fd, at most `cap` bytes; NULL (errno set) on failure. */
static char *
read_capped(int fd, size_t cap, size_t *lenp)
{
	size_t len = 0, size = 65536;
	char *buf = xmalloc(size);
	ssize_t n;

	for (;;) {
		if (len == size) {
			if (size > cap) {
				free(buf);
				errno = EFBIG;
				return NULL;
			}
			size *= 2;
			buf = xreallocarray(buf, size, 1);
		}
		n = read(fd, buf + len, size - len);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			free(buf);
			return NULL;
		}
		len += (size_t)n;
	}
	*lenp = len;
	return buf;
}

static int
cmd_ingest(struct cli *cli, int argc, char **argv)
{
	struct ingest_source src = { "file", 0, 0 };
	struct ingest_result res;
	struct store *st;
	/* A mail over the limit is still kept, and held: read well past it. */
	size_t cap = (size_t)cli->cfg->security.max_message_bytes * 4;
	int i, rv = EXIT_OK;

	if (argc < 2)
		return cmd_usage(cmd_find("ingest"));
	if ((st = cmd_open_store(cli->cfg)) == NULL)
		return EXIT_RUNTIME;
	for (i = 1; i < argc; i++) {
		int fd = strcmp(argv[i], "-") == 0 ? 0 :
		    open(argv[i], O_RDONLY | O_CLOEXEC);
		size_t len;
		char *raw;

		if (fd == -1 || (raw = read_capped(fd, cap, &len)) == NULL) {
			fprintf(stderr, "gongkai ingest: %s: %s\n", argv[i],
			    strerror(errno));
			if (fd > 0)
				close(fd);
			rv = EXIT_RUNTIME;
			continue;
		}
		if (fd > 0)
			close(fd);
		if (ingest_mail(cli->cfg, st, raw, len, &src, &res) == -1) {
			fprintf(stderr, "gongkai ingest: %s: not recorded; "
			    "see the log above\n", argv[i]);
			rv = EXIT_RUNTIME;
		} else
			printf("%s: mail %lld: %s%s%s%s%s\n", argv[i],
			    res.mail_id, res.outcome, res.case_id[0] ? " " : "",
			    res.case_id, res.reason ? " " : "",
			    res.reason ? res.reason : "");
		free(raw);
	}
	store_close(st);
	return rv;
}

struct pen_print {
	const struct config	*cfg;
	JsonArray		*json;		/* NULL: text */
	int			 count;
};

static int
pen_print_one(void *arg, const struct store_pen *p)
{
	struct pen_print *pp = arg;
	char *at = clock_iso8601(p->received_at, pp->cfg->office.timezone);

	pp->count++;
	if (pp->json != NULL) {
		JsonObject *o = json_object_new();

		json_object_set_int_member(o, "id", p->mail_id);
		json_object_set_string_member(o, "from", p->sender);
		json_object_set_string_member(o, "subject", p->subject);
		json_object_set_string_member(o, "received_at", at);
		json_object_set_string_member(o, "reason", p->reason);
		json_array_add_object_element(pp->json, o);
	} else
		printf("%-6lld %-25s %-16s %s  %s\n", p->mail_id, at, p->reason,
		    p->sender ? p->sender : "-", p->subject ? p->subject : "");
	free(at);
	return 0;
}

static int
cmd_pen(struct cli *cli, int argc, char **argv)
{
	struct pen_print pp = { cli->cfg, NULL, 0 };
	struct store *st;
	int rv = EXIT_RUNTIME, r;

	if (argc == 4 && strcmp(argv[1], "redeliver") == 0) {
		char *end;
		long long id = strtoll(argv[2], &end, 10);

		if (*argv[2] == '\0' || *end != '\0' || id <= 0)
			return cmd_usage(cmd_find("pen"));
		if ((st = cmd_open_store(cli->cfg)) == NULL)
			return EXIT_RUNTIME;
		if (store_begin(st) == -1)
			goto out;
		r = store_pen_redeliver(st, id, argv[3], "secretariat",
		    clock_now());
		if (r != 1 || store_commit(st) == -1) {
			store_rollback(st);
			if (r == 0)
				fprintf(stderr, "gongkai pen: no open holding-"
				    "pen entry %lld, or no case %s\n", id,
				    argv[3]);
			goto out;
		}
		printf("mail %lld filed under %s\n", id, argv[3]);
		rv = EXIT_OK;
		goto out;
	}
	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		pp.json = json_array_new();
	else if (argc != 1)
		return cmd_usage(cmd_find("pen"));
	if ((st = cmd_open_store(cli->cfg)) == NULL) {
		if (pp.json)
			json_array_unref(pp.json);
		return EXIT_RUNTIME;
	}
	if (store_pen_list(st, pen_print_one, &pp) == 0) {
		if (pp.json != NULL) {
			cmd_print_json_array(pp.json);
			pp.json = NULL;
		}
		rv = EXIT_OK;
	}
out:
	if (pp.json != NULL)
		json_array_unref(pp.json);
	store_close(st);
	return rv;
}
