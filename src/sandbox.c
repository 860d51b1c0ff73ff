/*
 * sandbox.c - a function in a limited child process.  See sandbox.h.
 *
 * The child inherits the input through fork (no copy through a pipe),
 * sets its limits, runs fn, and _exit()s with fn's status; the parent
 * reads the output pipe until EOF, the output cap or the deadline, then
 * reaps the child and names what ended it.
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"
#include "xmalloc.h"

/*
 * AddressSanitizer reserves terabytes of shadow memory up front: under
 * RLIMIT_AS it cannot start, so a sanitizer build runs without the
 * memory cap (CPU, output and wall-clock limits still hold).
 */
#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_NO_AS	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_NO_AS	1
#endif
#endif

#define EXIT_NOMEM	121	/* the child's allocation failed */
#define EXIT_SETUP	122	/* the child could not set its limits */

static size_t child_mem_bytes;

/*
 * An abort or trap after a failed allocation is the memory limit: errno
 * says so, unless the message printed before it was changed it; then
 * what malloc holds, near the cap, does.
 */
static void
on_abort(int sig)
{
	struct mallinfo2 mi;

	if (errno == ENOMEM)
		_exit(EXIT_NOMEM);
	mi = mallinfo2();
	if (child_mem_bytes > 0 && mi.arena + mi.hblkhd >= child_mem_bytes / 2)
		_exit(EXIT_NOMEM);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
child(const struct sandbox_limits *lim,
    int (*fn)(const void *, size_t, int, void *), void *arg,
    const void *in, size_t inlen, int outfd)
{
	struct rlimit rl;
	int rc, nul;

	rl.rlim_cur = lim->cpu_seconds;
	rl.rlim_max = lim->cpu_seconds + 1;
	if (setrlimit(RLIMIT_CPU, &rl) == -1)
		_exit(EXIT_SETUP);
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);
#ifndef SANDBOX_NO_AS
	if (lim->mem_bytes > 0) {
		rl.rlim_cur = rl.rlim_max = lim->mem_bytes;
		if (setrlimit(RLIMIT_AS, &rl) == -1)
			_exit(EXIT_SETUP);
		child_mem_bytes = lim->mem_bytes;
	}
#endif
	/* GLib ends with SIGTRAP (g_error) or SIGABRT after a failed
	 * allocation; its messages are not the child's output. */
	signal(SIGABRT, on_abort);
	signal(SIGTRAP, on_abort);
	signal(SIGPIPE, SIG_DFL);
	if ((nul = open("/dev/null", O_WRONLY)) != -1 && nul != 1) {
		dup2(nul, 1);
		close(nul);
	}
	rc = fn(in, inlen, outfd, arg);
	close(outfd);
	/* _exit: no atexit handlers, no stdio flush, no leak check. */
	_exit(rc < 0 || rc > 120 ? 120 : rc);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Why the child ended, or NULL when it exited 0. */
static char *
verdict(int status, const struct rusage *ru,
    const struct sandbox_limits *lim)
{
	long long cpu_ms = (long long)ru->ru_utime.tv_sec * 1000 +
	    ru->ru_utime.tv_usec / 1000 + (long long)ru->ru_stime.tv_sec *
	    1000 + ru->ru_stime.tv_usec / 1000;

	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) == 0)
			return NULL;
		if (WEXITSTATUS(status) == EXIT_NOMEM)
			return xstrdup("memory-limit");
		return xasprintf("exit %d", WEXITSTATUS(status));
	}
	if (WIFSIGNALED(status)) {
		if (WTERMSIG(status) == SIGXCPU || (WTERMSIG(status) ==
		    SIGKILL && cpu_ms >= (long long)lim->cpu_seconds * 1000))
			return xstrdup("cpu-limit");
		return xasprintf("crashed: signal %d", WTERMSIG(status));
	}
	return xasprintf("status %d", status);
}

int
sandbox_run(const struct sandbox_limits *lim,
    int (*fn)(const void *in, size_t inlen, int outfd, void *arg),
    void *arg, const void *in, size_t inlen, unsigned char **outp,
    size_t *outlenp, char **errp)
{
	unsigned char *out = NULL;
	size_t len = 0, cap = 0;
	long long deadline = now_ms() + lim->wall_ms;
	struct rusage ru;
	char *why = NULL;
	int fds[2] = { -1, -1 }, status = 0, rv = -1, killed = 0;
	pid_t pid;

	*outp = NULL;
	*outlenp = 0;
	*errp = NULL;
	if (pipe2(fds, O_CLOEXEC) == -1) {
		*errp = xasprintf("pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		*errp = xasprintf("fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		child(lim, fn, arg, in, inlen, fds[1]);
	}
	close(fds[1]);
	for (;;) {
		struct pollfd pfd = { fds[0], POLLIN, 0 };
		long long left = deadline - now_ms();
		ssize_t n;
		int r;

		if (left <= 0) {
			why = xstrdup("timeout");
			break;
		}
		if ((r = poll(&pfd, 1, (int)(left > 1000 ? 1000 : left))) ==
		    -1 && errno != EINTR) {
			why = xasprintf("poll: %s", strerror(errno));
			break;
		}
		if (r <= 0)
			continue;
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > lim->out_bytes + 1)
				cap = lim->out_bytes + 1;
			out = xreallocarray(out, cap + 1, 1);
		}
		n = read(fds[0], out + len, cap - len);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n == -1) {
			why = xasprintf("read: %s", strerror(errno));
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > lim->out_bytes) {
			why = xstrdup("output-too-large");
			break;
		}
	}
	if (why != NULL) {
		kill(pid, SIGKILL);
		killed = 1;
	}
	close(fds[0]);
	/* EOF: the child is ending; it has until the deadline to do so. */
	memset(&ru, 0, sizeof(ru));
	for (;;) {
		pid_t r = wait4(pid, &status, killed ? 0 : WNOHANG, &ru);

		if (r == pid)
			break;
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			if (why == NULL)
				why = xasprintf("wait: %s", strerror(errno));
			break;
		}
		if (now_ms() >= deadline) {
			kill(pid, SIGKILL);
			killed = 1;
			if (why == NULL)
				why = xstrdup("timeout");
			continue;
		}
		usleep(10000);
	}
	if (why == NULL)
		why = verdict(status, &ru, lim);
	else if (strcmp(why, "timeout") == 0 && WIFSIGNALED(status) &&
	    WTERMSIG(status) == SIGXCPU) {
		free(why);
		why = xstrdup("cpu-limit");
	}
	if (why != NULL) {
		*errp = why;
		free(out);
		goto out;
	}
	if (out == NULL)
		out = xmalloc(1);
	out[len] = '\0';
	*outp = out;
	*outlenp = len;
	rv = 0;
out:
	return rv;
}

int
sandbox_write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
