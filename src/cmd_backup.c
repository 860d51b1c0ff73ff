/*
 * cmd_backup.c - `gongkai backup DIR` (doc/commands.md; README.md,
 * "Backup and restore"): DIR, made 0700 (it must not exist, or be an
 * empty folder), receives gongkai.db, a consistent copy of the database
 * taken while the daemon may be writing (SQLite's online backup API,
 * store_backup()), then spool/, a copy of the spool without its tmp/
 * folder (taken after the database, so every mail the copy names is
 * there), and the secret, without which no reply token sent before the
 * backup can be checked.  Every file is 0600.  Like every command but
 * init it runs as [daemon] user when started as root: DIR must be
 * writable by that user.  Exit 0; 1 when something could not be copied
 * (what was made is left for inspection); 2 for a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "store.h"
#include "xmalloc.h"

static int	cmd_backup_exec(struct cli *, int, char **);

const struct cmd_entry cmd_backup_entry = {
	.name = "backup",
	.usage = "backup DIR",
	.summary = "copy the database, the spool and the secret into DIR",
	.flags = CMD_CONFIG | CMD_STORE,
	.exec = cmd_backup_exec,
};

/* The nftw() walk's state: one walk at a time. */
static const char	*bk_from;
static const char	*bk_to;
static size_t		 bk_files;
static char		*bk_err;

/* Copies the regular file `from` to the new file `to` (0600), synced. */
static int
copy_file(const char *from, const char *to, char **errp)
{
	char buf[65536];
	ssize_t n;
	int in, out = -1, rv = -1;

	if ((in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		*errp = xasprintf("%s: %s", from, strerror(errno));
		return -1;
	}
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		*errp = xasprintf("%s: %s", to, strerror(errno));
		goto out;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			*errp = xasprintf("%s: %s", to, strerror(errno));
			goto out;
		}
	if (n == -1 || fsync(out) == -1) {
		*errp = xasprintf("%s: %s", n == -1 ? from : to,
		    strerror(errno));
		goto out;
	}
	rv = 0;
out:
	close(in);
	if (out != -1)
		close(out);
	return rv;
}

static int
copy_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	const char *rel = path + strlen(bk_from);
	char *to;
	int rv = 0;

	(void)sb;
	/* tmp/: mail half written, by definition not yet recorded. */
	if (f->level == 1 && strcmp(path + f->base, "tmp") == 0 &&
	    flag == FTW_D)
		return FTW_SKIP_SUBTREE;
	to = xasprintf("%s%s", bk_to, rel);
	if (flag == FTW_D) {
		if (mkdir(to, 0700) == -1 && !(errno == EEXIST &&
		    f->level == 0)) {
			bk_err = xasprintf("%s: %s", to, strerror(errno));
			rv = FTW_STOP;
		}
	} else if (flag == FTW_F) {
		if (copy_file(path, to, &bk_err) == -1)
			rv = FTW_STOP;
		else
			bk_files++;
	}
	free(to);
	return rv;
}

/* DIR: made 0700, or an empty folder already there. */
static int
backup_dir(const char *dir, char **errp)
{
	char *probe;
	int empty;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST) {
		*errp = xasprintf("%s: %s", dir, strerror(errno));
		return -1;
	}
	probe = xasprintf("%s/gongkai.db", dir);
	empty = access(probe, F_OK) == -1 && errno == ENOENT;
	free(probe);
	if (!empty) {
		*errp = xasprintf("%s: holds a backup already; name a new "
		    "folder", dir);
		return -1;
	}
	return 0;
}

static int
cmd_backup_exec(struct cli *cli, int argc, char **argv)
{
	const struct config *cfg = cli->cfg;
	struct store *st;
	char *db = NULL, *spool = NULL, *secret = NULL, *err = NULL;
	int rv = EXIT_RUNTIME;

	if (argc != 2 || argv[1][0] == '\0' || argv[1][0] == '-')
		return cmd_usage(&cmd_backup_entry);
	if ((st = cmd_store(cli)) == NULL)
		return EXIT_RUNTIME;
	if (backup_dir(argv[1], &err) == -1)
		goto out;
	db = xasprintf("%s/gongkai.db", argv[1]);
	if (store_backup(st, db, &err) == -1)
		goto out;
	printf("database: %s (schema version %d)\n", db,
	    store_schema_version(st));
	spool = xasprintf("%s/spool", argv[1]);
	bk_from = cfg->store.spool;
	bk_to = spool;
	bk_files = 0;
	if (nftw(cfg->store.spool, copy_one, 16, FTW_PHYS |
	    FTW_ACTIONRETVAL) != 0) {
		err = bk_err != NULL ? bk_err : xasprintf("%s: %s",
		    cfg->store.spool, strerror(errno));
		bk_err = NULL;
		goto out;
	}
	printf("spool: %s (%zu files)\n", spool, bk_files);
	secret = xasprintf("%s/secret", argv[1]);
	if (copy_file(cfg->security.secret_file, secret, &err) == -1)
		goto out;
	printf("secret: %s\n", secret);
	rv = EXIT_OK;
out:
	if (err != NULL) {
		fprintf(stderr, "gongkai backup: %s\n", err);
		free(err);
	}
	free(db);
	free(spool);
	free(secret);
	return rv;
}
