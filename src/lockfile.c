/*
 * lockfile.c - a lock held for a process's life, with its PID
 * (lockfile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockfile.h"
#include "log.h"

/* The PID written in the file, or 0 when it holds none. */
static pid_t
lockfile_read_pid(int fd)
{
	char buf[32];
	ssize_t n;
	long pid;
	char *end;

	if ((n = pread(fd, buf, sizeof(buf) - 1, 0)) <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, &end, 10);
	if (end == buf || pid <= 0 || (*end != '\n' && *end != '\0'))
		return 0;
	return (pid_t)pid;
}

/* Who holds the lock on fd: F_GETLK's answer, else the file's word. */
static pid_t
lockfile_who(int fd)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_GETLK, &fl) == -1)
		return -1;
	if (fl.l_type == F_UNLCK)
		return 0;
	/* 0 from another PID namespace: trust what the holder wrote. */
	return fl.l_pid > 0 ? fl.l_pid : lockfile_read_pid(fd);
}

int
lockfile_take(const char *path, pid_t *holder)
{
	struct flock fl;
	char buf[32];
	int fd, len;

	*holder = -1;
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0644)) == -1) {
		log_warn("%s", path);
		return -1;
	}
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) == -1) {
		if (errno == EAGAIN || errno == EACCES) {
			if ((*holder = lockfile_who(fd)) == -1)
				*holder = 0;
		} else
			log_warn("%s: lock", path);
		close(fd);
		return -1;
	}
	/* Ours: the PID for people and for the other side's message. */
	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, (size_t)len, 0) != len)
		log_warn("%s: cannot write the PID", path);
	*holder = 0;
	return fd;
}

pid_t
lockfile_holder(const char *path)
{
	pid_t pid;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return errno == ENOENT ? 0 : -1;
	pid = lockfile_who(fd);
	close(fd);
	return pid;
}
