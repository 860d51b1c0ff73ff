/* spool.c - raw files: tmp -> fsync -> rename, then fsync of the folder. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "clock.h"
#include "spool.h"
#include "xmalloc.h"

/* Seconds after which a file in tmp/ is an abandoned write. */
#define SPOOL_TMP_STALE	3600

static const char *const spool_dirs[] = { "", "tmp", "in", "att", "out",
    "doc", "quarantine" };

/*
 * The spool is the daemon user's alone but for what went out: its group
 * (the read-only commands' users) may pass through the spool (0710) and
 * read out/ and doc/ (0710, files 0640) for `gongkai outbox cat` and
 * `gongkai document`.
 */
static int
group_dir(const char *d1)
{
	return d1 != NULL && (strcmp(d1, "out") == 0 || strcmp(d1, "doc") == 0);
}

static mode_t
dir_mode(const char *d1)
{
	return d1 == NULL || *d1 == '\0' || group_dir(d1) ? 0710 : 0700;
}

/* p (folder d1 of the spool, "" the spool) made when missing; a folder
 * made here gets its mode whatever the umask. */
static int
mkdir_p1(const char *p, const char *d1, char **errp)
{
	mode_t m = dir_mode(d1);

	if (mkdir(p, m) == -1) {
		if (errno == EEXIST)
			return 0;
		*errp = xasprintf("%s: %s", p, strerror(errno));
		return -1;
	}
	if (chmod(p, m) == -1) {
		*errp = xasprintf("chmod %s: %s", p, strerror(errno));
		return -1;
	}
	return 0;
}

/* The mail an older spool kept in out/ at 0600: made 0640 as new. */
static int
out_modes(const char *dir, char **errp)
{
	char *p = xasprintf("%s/out", dir);
	struct dirent *de;
	struct stat sb;
	DIR *d;
	int rv = 0;

	if ((d = opendir(p)) == NULL) {
		*errp = xasprintf("%s: %s", p, strerror(errno));
		free(p);
		return -1;
	}
	while (rv == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || fstatat(dirfd(d), de->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG(sb.st_mode) ||
		    (sb.st_mode & 07777) != 0600)
			continue;
		if (fchmodat(dirfd(d), de->d_name, 0640, 0) == -1) {
			*errp = xasprintf("chmod %s/%s: %s", p, de->d_name,
			    strerror(errno));
			rv = -1;
		}
	}
	closedir(d);
	free(p);
	return rv;
}

int
spool_init(const char *dir, char **errp)
{
	size_t i;
	int rv = 0;

	for (i = 0; rv == 0 && i < sizeof(spool_dirs) / sizeof(spool_dirs[0]);
	    i++) {
		char *p = xasprintf("%s/%s", dir, spool_dirs[i]);

		rv = mkdir_p1(p, spool_dirs[i], errp);
		/* An older spool's: the modes as above. */
		if (rv == 0 && dir_mode(spool_dirs[i]) != 0700 &&
		    chmod(p, dir_mode(spool_dirs[i])) == -1) {
			*errp = xasprintf("chmod %s: %s", p, strerror(errno));
			rv = -1;
		}
		free(p);
	}
	if (rv == 0)
		rv = out_modes(dir, errp);
	return rv;
}

void
spool_sha256(const char *data, size_t len, char out[65])
{
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);

	g_checksum_update(ck, (const guchar *)data, (gssize)len);
	g_strlcpy(out, g_checksum_get_string(ck), 65);
	g_checksum_free(ck);
}

static int
fsync_dir(const char *path)
{
	int fd, r;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

static int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Writes data as dir/d1/d2/name (d2 NULL: dir/d1/name) through tmp/
 * (rename is atomic); an existing file of that name holds the same bytes,
 * since names are hashes.  Returns the path relative to dir, or NULL with
 * *errp.
 */
static char *
spool_put(const char *dir, const char *d1, const char *d2, const char *name,
    const char *sha256_hex, const char *data, size_t len, int sync,
    char **errp)
{
	char *p1, *p2, *final, *tmp = NULL, *rel, *rv = NULL;
	int fd = -1, r;

	p1 = xasprintf("%s/%s", dir, d1);
	p2 = d2 != NULL ? xasprintf("%s/%s", p1, d2) : xstrdup(p1);
	rel = d2 != NULL ? xasprintf("%s/%s/%s", d1, d2, name) :
	    xasprintf("%s/%s", d1, name);
	final = xasprintf("%s/%s", dir, rel);
	if (access(final, F_OK) == 0) {		/* same bytes, same name */
		rv = rel;
		rel = NULL;
		goto out;
	}
	tmp = xasprintf("%s/tmp/%s.%ld", dir, sha256_hex, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1 || (group_dir(d1) && fchmod(fd, 0640) == -1) || write_all(fd, data, len) == -1 ||
	    (sync && fsync(fd) == -1)) {
		*errp = xasprintf("%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		*errp = xasprintf("%s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	/* The folders are made when the first file needs them. */
	if ((r = rename(tmp, final)) == -1 && errno == ENOENT) {
		if (mkdir_p1(p1, d1, errp) == -1 ||
		    (d2 != NULL && mkdir_p1(p2, "-", errp) == -1))
			goto out;
		r = rename(tmp, final);
	}
	if (r == -1) {
		*errp = xasprintf("rename %s: %s", final, strerror(errno));
		goto out;
	}
	if (sync && fsync_dir(p2) == -1) {
		*errp = xasprintf("fsync %s: %s", p2, strerror(errno));
		goto out;
	}
	rv = rel;
	rel = NULL;
out:
	if (fd != -1)
		close(fd);
	if (rv == NULL && tmp != NULL)
		unlink(tmp);
	free(tmp);
	free(p1);
	free(p2);
	free(final);
	free(rel);
	return rv;
}

char *
spool_store(const char *dir, const char *data, size_t len,
    const char *sha256_hex, time_t when, int sync, char **errp)
{
	struct tm tm;
	char y[16], m[16], *name, *rv;

	gmtime_r(&when, &tm);
	snprintf(y, sizeof(y), "%04d", tm.tm_year + 1900);
	snprintf(m, sizeof(m), "%02d", tm.tm_mon + 1);
	name = xasprintf("%s.eml", sha256_hex);
	/* in/YYYY/MM: spool_put makes the last two levels; in/ exists. */
	{
		char *in = xasprintf("in/%s", y);
		rv = spool_put(dir, in, m, name, sha256_hex, data, len, sync,
		    errp);
		free(in);
	}
	free(name);
	return rv;
}

char *
spool_store_attachment(const char *dir, const void *data, size_t len,
    const char *sha256_hex, int sync, char **errp)
{
	char d2[3] = { sha256_hex[0], sha256_hex[1], '\0' };

	return spool_put(dir, "att", d2, sha256_hex, sha256_hex, data, len,
	    sync, errp);
}

char *
spool_store_out(const char *dir, const char *data, size_t len,
    const char *message_id, char **errp)
{
	char hex[65], *name, *rv;

	spool_sha256(message_id, strlen(message_id), hex);
	name = xasprintf("%s.eml", hex);
	rv = spool_put(dir, "out", NULL, name, hex, data, len, 1, errp);
	free(name);
	return rv;
}

char *
spool_store_document(const char *dir, const void *data, size_t len,
    const char *ext, char **errp)
{
	char hex[65], *name, *rv;

	spool_sha256(data, len, hex);
	name = xasprintf("%s.%s", hex, ext);
	rv = spool_put(dir, "doc", NULL, name, hex, data, len, 1, errp);
	free(name);
	return rv;
}

int
spool_sync(const char *dir, char **errp)
{
	int fd, r;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (r = syncfs(fd)) == -1) {
		*errp = xasprintf("sync %s: %s", dir, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

void
spool_clean_tmp(const char *dir)
{
	char *tmpdir = xasprintf("%s/tmp", dir);
	DIR *d = opendir(tmpdir);
	struct dirent *de;

	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *p;

			struct stat st;

			if (de->d_name[0] == '.')
				continue;
			p = xasprintf("%s/%s", tmpdir, de->d_name);
			/* A fresh file may belong to a running writer. */
			if (stat(p, &st) == 0 &&
			    st.st_mtime < clock_wall() - SPOOL_TMP_STALE)
				unlink(p);
			free(p);
		}
		closedir(d);
	}
	free(tmpdir);
}
