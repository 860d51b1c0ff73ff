/*
 * cmd_init.c - `gongkai init` (doc/commands.md): creates the spool, the
 * database (or brings its schema up to date) and the secret, each once;
 * run again, it changes nothing.  The database's folder is made 0750 when
 * missing, the database (with its -wal and -shm) is 0640 for the read-only
 * commands of the daemon user's group, the spool and the secret are the
 * daemon user's alone.  As root with [daemon] user set, it
 * hands all of them to that user, so that `run` can use them after it
 * gives root up.  Exit 0, 1 when something cannot be made, 2 for a usage
 * error.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "cmd.h"
#include "config.h"
#include "spool.h"
#include "store.h"
#include "xmalloc.h"

static int	cmd_init_exec(struct cli *, int, char **);

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "init",
	.summary = "create the database, the spool and the secret",
	.flags = CMD_CONFIG | CMD_NO_SECRET,
	.exec = cmd_init_exec,
};

/* init as root: the state belongs to [daemon] user (see below). */
static uid_t	chown_uid;
static gid_t	chown_gid;

/* $(localstatedir)/lib/gongkai, from configure (Makefile.am). */
#ifndef GK_STATEDIR
#define GK_STATEDIR	"/var/lib/gongkai"
#endif

/*
 * The folder of the database: made (0750) when missing.  *made says
 * whether init made it: a folder made here, or the state folder configure
 * names, is handed to [daemon] user with the rest; any other existing
 * folder is left as it is.
 */
static int
state_dir(const char *database, char **dirp, int *made, char **errp)
{
	char *dir = g_path_get_dirname(database);

	*dirp = NULL;
	*made = 0;
	if (mkdir(dir, 0750) == 0) {
		*made = 1;
		/* The umask (077) took the group's bits. */
		if (chmod(dir, 0750) == -1) {
			*errp = xasprintf("chmod %s: %s", dir, strerror(errno));
			g_free(dir);
			return -1;
		}
		printf("folder: %s: created (mode 0750)\n", dir);
	} else if (errno != EEXIST) {
		*errp = xasprintf("mkdir %s: %s", dir, strerror(errno));
		g_free(dir);
		return -1;
	} else if (strcmp(dir, GK_STATEDIR) == 0)
		*made = 1;
	*dirp = xstrdup(dir);
	g_free(dir);
	return 0;
}

/*
 * The database with its WAL and SHM: 0640, so that members of the
 * daemon user's group can run the read-only commands.
 */
static int
database_modes(const char *database, char **errp)
{
	const char *suffix[] = { "", "-wal", "-shm" };
	size_t i;

	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		char *p = xasprintf("%s%s", database, suffix[i]);

		if (chmod(p, 0640) == -1 && errno != ENOENT) {
			*errp = xasprintf("chmod %s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

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
give_state(const struct config *cfg, const char *dir, int give_dir)
{
	const char *suffix[] = { "", "-wal", "-shm" };
	struct passwd *pw;
	struct stat sb;
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
	if (give_dir && lchown(dir, chown_uid, chown_gid) == -1) {
		fprintf(stderr, "gongkai init: chown %s: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	/* SQLite makes its -wal and -shm beside the database. */
	if (stat(dir, &sb) == -1 || !(sb.st_uid == chown_uid ?
	    (sb.st_mode & 0300) == 0300 : sb.st_gid == chown_gid ?
	    (sb.st_mode & 030) == 030 : (sb.st_mode & 03) == 03)) {
		fprintf(stderr, "gongkai init: %s: [daemon] user %s cannot "
		    "write there (the database's -wal and -shm are made "
		    "beside it): chown %s %s\n", dir, cfg->daemon.user,
		    cfg->daemon.user, dir);
		return -1;
	}
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
cmd_init_exec(struct cli *cli, int argc, char **argv)
{
	struct config *cfg = cli->cfg;
	struct store *st = NULL;
	char *err = NULL, *dir = NULL;
	int before, made, rv = EXIT_RUNTIME;

	if (argc != 1)
		return cmd_usage(&cmd_init_entry);
	if (state_dir(cfg->store.database, &dir, &made, &err) == -1)
		goto out;
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
	if (database_modes(cfg->store.database, &err) == -1 ||
	    give_state(cfg, dir, made) == -1)
		goto out;
	rv = EXIT_OK;
out:
	if (err != NULL) {
		fprintf(stderr, "gongkai init: %s\n", err);
		free(err);
	}
	store_close(st);
	free(dir);
	return rv;
}
