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

static const char *const spool_dirs[] = { "", "tmp", "in", "out",
    "quarantine" };

static int
mkdir_p1(const char *p, char **errp)
{
	if (mkdir(p, 0750) == -1 && errno != EEXIST) {
		*errp = xasprintf("%s: %s", p, strerror(errno));
		return -1;
	}
	return 0;
}

int
spool_init(const char *dir, char **errp)
{
	size_t i;
	int rv = 0;

	for (i = 0; rv == 0 && i < sizeof(spool_dirs) / sizeof(spool_dirs[0]);
	    i++) {
		char *p = xasprintf("%s/%s", dir, spool_dirs[i]);
		rv = mkdir_p1(p, errp);
		free(p);
	}
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

char *
spool_store(const char *dir, const char *data, size_t len,
    const char *sha256_hex, time_t when, char **errp)
{
	struct tm tm;
	char *tmp = NULL, *year = NULL, *month = NULL, *final = NULL;
	char *rel = NULL, *rv = NULL;
	int fd = -1;

	gmtime_r(&when, &tm);
	year = xasprintf("%s/in/%04d", dir, tm.tm_year + 1900);
	month = xasprintf("%s/%02d", year, tm.tm_mon + 1);
	rel = xasprintf("in/%04d/%02d/%s.eml", tm.tm_year + 1900,
	    tm.tm_mon + 1, sha256_hex);
	final = xasprintf("%s/%s", dir, rel);
	if (mkdir_p1(year, errp) == -1 || mkdir_p1(month, errp) == -1)
		goto out;
	if (access(final, F_OK) == 0) {		/* same bytes, same name */
		rv = rel;
		rel = NULL;
		goto out;
	}
	tmp = xasprintf("%s/tmp/%s.%ld", dir, sha256_hex, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0640)) == -1 || write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1) {
		*errp = xasprintf("%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		*errp = xasprintf("%s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, final) == -1) {
		*errp = xasprintf("rename %s: %s", final, strerror(errno));
		goto out;
	}
	if (fsync_dir(month) == -1) {
		*errp = xasprintf("fsync %s: %s", month, strerror(errno));
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
	free(year);
	free(month);
	free(final);
	free(rel);
	return rv;
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
