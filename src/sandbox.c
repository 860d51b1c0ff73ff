/*
 * sandbox.c - a forked child under rlimits and a seccomp filter, talking
 * through pipes.  See sandbox.h.
 *
 * The seccomp policy (libseccomp; x86-64 names).  Anything not listed
 * kills the whole child (SCMP_ACT_KILL_PROCESS, seen by the parent as
 * SIGSYS, "crashed: signal 31"): socket, connect, bind, sendto and every
 * other network call, execve and execveat, fork, vfork and clone (so no
 * threads either), ptrace, kill, chdir, unlink, rename, mkdir, ioctl,
 * prctl, setrlimit, memfd_create, pipe, dup, mount, and the rest.
 *
 *   read                 any fd: the child holds only its input socket
 *                        (fd 0, sessions only) and its two pipe ends
 *   write, writev        only fd 3 (the output pipe) and fd 2 (the
 *                        diagnostics pipe, which the parent logs); on
 *                        fd 1 (closed) they fail with EBADF, since GLib
 *                        and poppler print messages to stdout
 *   close                closing is harmless
 *   exit, exit_group     the way out (the child _exit()s)
 *   brk, munmap, mremap, madvise
 *                        malloc and GLib's allocators
 *   mmap, mprotect       memory, but never PROT_EXEC: no new code
 *   futex                GLib's locks and g_once in a one-thread process
 *   rt_sigreturn, rt_sigprocmask, rt_sigaction, sigaltstack
 *                        signal delivery; abort() resets SIGABRT
 *   getpid, gettid, tgkill (own pid only)
 *                        raise(3), which abort() and g_error() use, so
 *                        that a failed assertion is a crash, not SIGSYS
 *   clock_gettime, gettimeofday, time
 *                        clocks (normally the vDSO, no system call)
 *   getrandom            GLib's hash tables and random numbers
 *   fstat, newfstatat with AT_EMPTY_PATH, lseek
 *                        stdio probing its own fds; no path is looked up
 *   restart_syscall      the kernel's, after a stop
 *   open, openat         fail with EACCES instead of killing: GLib and
 *                        glibc probe optional files (gconv modules,
 *                        locale catalogues) and carry on without them.
 *                        The gconv modules the parser needs are loaded by
 *                        the parent before the fork (mime_wire.c).
 *
 * Before the filter the child: resets the signals the daemon catches,
 * dies with its parent (PR_SET_PDEATHSIG), moves its input socket to fd 0
 * (a session; else fd 0 is closed), its diagnostics pipe to fd 2 and its
 * output pipe to fd 3 and closes every other fd (1 too), and sets
 * RLIMIT_CPU (soft cpu_seconds, hard one more; a session's parent
 * raises the soft limit by cpu_seconds per call with prlimit), RLIMIT_AS
 * (mem_bytes; not under ASan, which reserves terabytes, nor valgrind),
 * RLIMIT_FSIZE 0, RLIMIT_NOFILE 4 (not under valgrind, which refuses
 * it), RLIMIT_NPROC 0 and RLIMIT_CORE 0, and TZ=UTC0 (so that no
 * time function looks for the zone database).  seccomp_load() sets
 * no_new_privs.  Under valgrind the filter is not loaded: valgrind runs
 * the child's code on its own system calls.
 *
 * Cost (61 corpus mails, non-sanitizer build, CPU ms per mail on a busy
 * shared 2-core machine): mime_parse() alone 0.52; a fork per mail 5.1
 * to 5.4; one session for all 0.56 to 0.71.  Hence sessions for batches.
 */
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include <seccomp.h>
#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

#include "clock.h"
#include "log.h"
#include "sandbox.h"
#include "xmalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_ASAN	1
#endif
#endif
#ifndef SANDBOX_ASAN
#define SANDBOX_ASAN	0
#endif

#define SANDBOX_IN_FD		0
#define SANDBOX_OUT_FD		3
#define SANDBOX_ERR_FD		2
#define SANDBOX_NOFILE		4
#define SANDBOX_EXIT_MAX	120	/* fn's statuses: 1..120 */
#define SANDBOX_EXIT_NOMEM	121	/* an allocation failed */
#define SANDBOX_EXIT_SETUP	122	/* the child could not be confined */
#define SANDBOX_DIAG_MAX	4096	/* bytes of stderr logged */

/* 1 under valgrind: it cannot run a process under a seccomp filter. */
static int
under_valgrind(void)
{
#ifdef RUNNING_ON_VALGRIND
	if (RUNNING_ON_VALGRIND)
		return 1;
#endif
	return getenv("GK_VALGRIND") != NULL &&
	    strcmp(getenv("GK_VALGRIND"), "1") == 0;
}

int
sandbox_confined(void)
{
	return !under_valgrind();
}

/* ------------------------------------------------------------------ */
/* The child                                                           */

/* A diagnostic from the child, to its stderr pipe, without stdio. */
static void
child_say(const char *what, int err)
{
	char buf[256];
	int n;

	n = snprintf(buf, sizeof(buf), "%s%s%s\n", what, err ? ": " : "",
	    err ? strerror(err) : "");
	if (n > 0)
		(void)sandbox_write_all(SANDBOX_ERR_FD, buf,
		    (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/*
 * SIGABRT and SIGTRAP (fatal(), g_error() after a failed g_malloc):
 * with errno ENOMEM the child ran into its memory limit.
 */
static void
child_on_abort(int sig)
{
	if (errno == ENOMEM)
		_exit(SANDBOX_EXIT_NOMEM);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
child_limit(int resource, rlim_t cur, rlim_t max, const char *name)
{
	struct rlimit rl;

	if (getrlimit(resource, &rl) == 0 && rl.rlim_max != RLIM_INFINITY) {
		if (max > rl.rlim_max)
			max = rl.rlim_max;
		if (cur > max)
			cur = max;
	}
	rl.rlim_cur = cur;
	rl.rlim_max = max;
	if (setrlimit(resource, &rl) == -1) {
		child_say(name, errno);
		return -1;
	}
	return 0;
}

/*
 * Only fds 0 (the input pipe of a session; closed for sandbox_run), 2
 * (diagnostics) and 3 (output) stay open.
 */
static int
child_fds(int infd, int outfd, int errfd)
{
	int i = -1, o, e, fd;

	if ((infd != -1 && (i = fcntl(infd, F_DUPFD, 10)) == -1) ||
	    (o = fcntl(outfd, F_DUPFD, 10)) == -1 ||
	    (e = fcntl(errfd, F_DUPFD, 10)) == -1 ||
	    dup2(e, SANDBOX_ERR_FD) == -1 || dup2(o, SANDBOX_OUT_FD) == -1)
		return -1;
	if (i != -1) {
		if (dup2(i, SANDBOX_IN_FD) == -1)
			return -1;
	} else
		close(SANDBOX_IN_FD);
	close(1);
	if (syscall(SYS_close_range, SANDBOX_OUT_FD + 1, ~0U, 0) == -1) {
		struct rlimit rl;
		rlim_t n = 65536;

		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < n)
			n = rl.rlim_cur;
		for (fd = SANDBOX_OUT_FD + 1; (rlim_t)fd < n; fd++)
			close(fd);
	}
	return 0;
}

/*
 * Reads what the child wrote to its diagnostics pipe *fdp into diag (at
 * most SANDBOX_DIAG_MAX bytes kept; past that *cutp is set and the rest
 * read and dropped); closes *fdp and sets it to -1 at its end.
 */
static void
diag_read(int *fdp, char *diag, size_t *lenp, int *cutp)
{
	char junk[4096], *dst = diag + *lenp;
	size_t room = SANDBOX_DIAG_MAX - *lenp;
	ssize_t got;

	if (room == 0) {
		dst = junk;
		room = sizeof(junk);
	}
	got = read(*fdp, dst, room);
	if (got == 0 || (got == -1 && errno != EINTR && errno != EAGAIN)) {
		close(*fdp);
		*fdp = -1;
	} else if (got > 0 && dst == junk)
		*cutp = 1;
	else if (got > 0)
		*lenp += (size_t)got;
}

#define ALLOW(ctx, name) \
	seccomp_rule_add((ctx), SCMP_ACT_ALLOW, SCMP_SYS(name), 0)

static int
child_seccomp(void)
{
	static const int fds[] = { SANDBOX_ERR_FD, SANDBOX_OUT_FD };
	scmp_filter_ctx ctx;
	size_t i;
	int r = 0;

	if ((ctx = seccomp_init(SCMP_ACT_KILL_PROCESS)) == NULL) {
		child_say("sandbox: seccomp_init failed", 0);
		return -1;
	}
	r |= ALLOW(ctx, read);
	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(write), 1,
		    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fds[i]));
		r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(writev), 1,
		    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fds[i]));
	}
	/* Libraries print to stdout (GLib's g_message, poppler's
	 * complaints about a broken PDF): closed, it fails, not kills. */
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EBADF), SCMP_SYS(write), 1,
	    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)1));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EBADF), SCMP_SYS(writev), 1,
	    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)1));
	r |= ALLOW(ctx, close);
	r |= ALLOW(ctx, exit);
	r |= ALLOW(ctx, exit_group);
	r |= ALLOW(ctx, brk);
	r |= ALLOW(ctx, munmap);
	r |= ALLOW(ctx, mremap);
	r |= ALLOW(ctx, madvise);
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	r |= ALLOW(ctx, futex);
	r |= ALLOW(ctx, rt_sigreturn);
	r |= ALLOW(ctx, rt_sigprocmask);
	r |= ALLOW(ctx, rt_sigaction);
	r |= ALLOW(ctx, sigaltstack);
	r |= ALLOW(ctx, getpid);
	r |= ALLOW(ctx, gettid);
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
	    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid()));
	r |= ALLOW(ctx, clock_gettime);
	r |= ALLOW(ctx, gettimeofday);
	r |= ALLOW(ctx, time);
	r |= ALLOW(ctx, getrandom);
	r |= ALLOW(ctx, fstat);
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(newfstatat), 1,
	    SCMP_A3(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH));
	r |= ALLOW(ctx, lseek);
	r |= ALLOW(ctx, restart_syscall);
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(open), 0);
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat),
	    0);
	if (r != 0) {
		child_say("sandbox: seccomp_rule_add failed", -r);
		seccomp_release(ctx);
		return -1;
	}
	if ((r = seccomp_load(ctx)) != 0) {
		child_say("sandbox: seccomp_load", -r);
		seccomp_release(ctx);
		return -1;
	}
	seccomp_release(ctx);
	return 0;
}

/*
 * Confines the child: signals, fds, limits, seccomp.  cpu_hard: the hard
 * RLIMIT_CPU (a session's parent raises the soft one call by call).
 * Returns only when confined.
 */
static void
child_confine(const struct sandbox_limits *lim, pid_t parent, int infd,
    int outfd, int errfd, rlim_t cpu_hard)
{
	static const int deflt[] = { SIGHUP, SIGINT, SIGTERM, SIGALRM,
	    SIGCHLD, SIGPIPE, SIGUSR1, SIGUSR2 };
	sigset_t none;
	size_t i;
	int limit_mem;

	for (i = 0; i < sizeof(deflt) / sizeof(deflt[0]); i++)
		signal(deflt[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
		_exit(SANDBOX_EXIT_SETUP);
	if (child_fds(infd, outfd, errfd) == -1)
		_exit(SANDBOX_EXIT_SETUP);
	/*
	 * A fixed POSIX zone: localtime(3) (libarchive's zip dates, for one)
	 * would otherwise stat /etc/localtime on every call, a path the
	 * filter does not allow.
	 */
	if (setenv("TZ", "UTC0", 1) == -1)
		_exit(SANDBOX_EXIT_SETUP);
	tzset();

	limit_mem = lim->mem_bytes > 0 && !SANDBOX_ASAN && !under_valgrind();
	if (limit_mem) {
		signal(SIGABRT, child_on_abort);
		signal(SIGTRAP, child_on_abort);
	}
	/* valgrind keeps fds of its own above the limit it shows. */
	if (child_limit(RLIMIT_CORE, 0, 0, "RLIMIT_CORE") == -1 ||
	    child_limit(RLIMIT_FSIZE, 0, 0, "RLIMIT_FSIZE") == -1 ||
	    (!under_valgrind() && child_limit(RLIMIT_NOFILE, SANDBOX_NOFILE,
	    SANDBOX_NOFILE, "RLIMIT_NOFILE") == -1) ||
	    child_limit(RLIMIT_NPROC, 0, 0, "RLIMIT_NPROC") == -1 ||
	    (lim->cpu_seconds > 0 && child_limit(RLIMIT_CPU,
	    lim->cpu_seconds, cpu_hard, "RLIMIT_CPU") == -1) ||
	    (limit_mem && child_limit(RLIMIT_AS, lim->mem_bytes,
	    lim->mem_bytes, "RLIMIT_AS") == -1))
		_exit(SANDBOX_EXIT_SETUP);
	if (!under_valgrind() && child_seccomp() == -1)
		_exit(SANDBOX_EXIT_SETUP);
}

static void __attribute__((noreturn))
child_run(const struct sandbox_limits *lim, pid_t parent, int outfd,
    int errfd, int (*fn)(const void *, size_t, int, void *), void *arg,
    const void *in, size_t inlen)
{
	int rc;

	child_confine(lim, parent, -1, outfd, errfd,
	    (rlim_t)lim->cpu_seconds + 1);
	rc = fn(in, inlen, SANDBOX_OUT_FD, arg);
	if (rc < 0 || rc > SANDBOX_EXIT_MAX)
		rc = 1;
	/* _exit: no atexit handlers, no stdio flush, no LeakSanitizer. */
	_exit(rc);
}

/* ------------------------------------------------------------------ */
/* The parent                                                          */

/* Writes every byte of iov[0..n) (restarting on EINTR); 0, or -1. */
static int
writev_all(int fd, struct iovec *iov, int n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = writev(fd, iov, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (; n > 0 && (size_t)w >= iov->iov_len; iov++, n--)
			w -= (ssize_t)iov->iov_len;
		if (n > 0) {
			iov->iov_base = (unsigned char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

int
sandbox_write_all(int fd, const void *buf, size_t len)
{
	struct iovec iov = { (void *)buf, len };

	return writev_all(fd, &iov, 1);
}

/* Logs the child's stderr, line by line. */
static void
log_diag(pid_t pid, char *diag, size_t len, int cut)
{
	char *line, *nl;

	diag[len] = '\0';
	for (line = diag; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (*line != '\0')
			log_warnx("sandbox %ld: %s", (long)pid, line);
		if (nl == NULL)
			break;
	}
	if (cut)
		log_warnx("sandbox %ld: (more diagnostics dropped)", (long)pid);
}

static void
once_notes(void)
{
	static int said;

	if (said)
		return;
	said = 1;
	if (under_valgrind())
		log_info("sandbox: under valgrind: children run without "
		    "their seccomp filter or memory limit");
	if (SANDBOX_ASAN)
		log_debug("sandbox: AddressSanitizer build: children run "
		    "without a memory limit");
}

/* Why a child that we did not kill ended, or NULL for success. */
static char *
status_reason(const struct sandbox_limits *lim, int st,
    const struct rusage *ru)
{
	double cpu;

	if (WIFEXITED(st)) {
		switch (WEXITSTATUS(st)) {
		case 0:
			return NULL;
		case SANDBOX_EXIT_NOMEM:
			return xstrdup("memory-limit");
		default:
			return xasprintf("exit %d", WEXITSTATUS(st));
		}
	}
	if (!WIFSIGNALED(st))
		return xasprintf("exit status %#x", st);
	if (WTERMSIG(st) == SIGXCPU)
		return xstrdup("cpu-limit");
	cpu = (double)ru->ru_utime.tv_sec + (double)ru->ru_stime.tv_sec +
	    (ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
	/* The hard RLIMIT_CPU, one second after the soft one. */
	if (WTERMSIG(st) == SIGKILL && lim->cpu_seconds > 0 &&
	    cpu >= lim->cpu_seconds)
		return xstrdup("cpu-limit");
	return xasprintf("crashed: signal %d", WTERMSIG(st));
}

/* Adds fd to a poll set; its index. */
static int
pfd_add(struct pollfd *pfd, nfds_t *n, int fd, short events)
{
	pfd[*n].fd = fd;
	pfd[*n].events = events;
	pfd[*n].revents = 0;
	return (int)(*n)++;
}

/* Milliseconds to the deadline, at least 1; -1 once it has passed. */
static int
ms_left(double deadline)
{
	double now = clock_mono();

	if (now >= deadline)
		return -1;
	return (int)((deadline - now) * 1000.0) + 1;
}

static void
fd_close(int *fdp)
{
	if (*fdp != -1) {
		close(*fdp);
		*fdp = -1;
	}
}

/* Reaps the child if it has exited; NULL, or why waiting failed. */
static char *
child_reap(pid_t pid, int *st, struct rusage *ru, int *reaped)
{
	int r;

	r = wait4(pid, st, WNOHANG, ru);
	if (r == pid)
		*reaped = 1;
	else if (r == -1 && errno != EINTR) {
		*reaped = 1;
		return xasprintf("wait: %s", strerror(errno));
	}
	return NULL;
}

/* What a one-shot child has written so far; at most out_bytes + 1. */
struct run_out {
	unsigned char	*buf;
	size_t		 len, cap;
};

/* Reads what the child wrote, closing *fdp at EOF; NULL, or why the
 * call fails. */
static char *
run_read(const struct sandbox_limits *lim, int *fdp, struct run_out *o)
{
	ssize_t got;

	if (o->len == o->cap) {
		o->cap = o->cap * 2 > lim->out_bytes + 1 ?
		    lim->out_bytes + 1 : o->cap * 2;
		o->buf = xreallocarray(o->buf, o->cap + 1, 1);
	}
	got = read(*fdp, o->buf + o->len, o->cap - o->len);
	if (got == -1 && errno != EINTR && errno != EAGAIN)
		return xasprintf("read: %s", strerror(errno));
	if (got == 0)
		fd_close(fdp);
	else if (got > 0) {
		o->len += (size_t)got;
		if (o->len > lim->out_bytes)
			return xstrdup("output-too-large");
	}
	return NULL;
}

/* A one-shot child's life between fork and exit. */
struct run {
	const struct sandbox_limits	*lim;
	pid_t				 pid;
	int				 out, err, pidfd;
	int				 st, reaped;
	struct rusage			 ru;
	struct run_out			 o;
	char				 diag[SANDBOX_DIAG_MAX + 1];
	size_t				 diaglen;
	int				 diagcut;
};

/* Reads the child's output and diagnostics until it has exited and
 * closed both; NULL, or why the call fails (the child may still run). */
static char *
run_wait(struct run *r, double deadline)
{
	struct pollfd pfd[3];
	nfds_t n;
	int left, iout, ierr, ipid;
	char *why = NULL;

	while (r->out != -1 || r->err != -1 || !r->reaped) {
		if ((left = ms_left(deadline)) == -1)
			return xstrdup("timeout");
		n = 0;
		iout = ierr = ipid = -1;
		if (r->out != -1)
			iout = pfd_add(pfd, &n, r->out, POLLIN);
		if (r->err != -1)
			ierr = pfd_add(pfd, &n, r->err, POLLIN);
		if (!r->reaped && r->pidfd != -1)
			ipid = pfd_add(pfd, &n, r->pidfd, POLLIN);
		else if (!r->reaped && n == 0) {
			/* No pidfd: poll for the exit, a millisecond apart. */
			if ((why = child_reap(r->pid, &r->st, &r->ru,
			    &r->reaped)) != NULL)
				return why;
			if (!r->reaped)
				poll(NULL, 0, 1);
			continue;
		}
		if (poll(pfd, n, left) == -1) {
			if (errno == EINTR)
				continue;
			return xasprintf("poll: %s", strerror(errno));
		}
		if (iout != -1 && pfd[iout].revents != 0 &&
		    (why = run_read(r->lim, &r->out, &r->o)) != NULL)
			return why;
		if (ierr != -1 && pfd[ierr].revents != 0)
			diag_read(&r->err, r->diag, &r->diaglen, &r->diagcut);
		if (ipid != -1 && pfd[ipid].revents != 0 &&
		    (why = child_reap(r->pid, &r->st, &r->ru,
		    &r->reaped)) != NULL)
			return why;
	}
	return NULL;
}

int
sandbox_run(const struct sandbox_limits *lim,
    int (*fn)(const void *in, size_t inlen, int outfd, void *arg),
    void *arg, const void *in, size_t inlen, unsigned char **outp,
    size_t *outlenp, char **errp)
{
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, rv = -1;
	struct run r;
	char *why = NULL;
	pid_t me = getpid();

	memset(&r, 0, sizeof(r));
	r.lim = lim;
	r.pid = -1;
	r.out = r.err = r.pidfd = -1;
	*outp = NULL;
	*outlenp = 0;
	*errp = NULL;
	once_notes();
	if (pipe2(po, O_CLOEXEC) == -1 || pipe2(pe, O_CLOEXEC) == -1) {
		why = xasprintf("pipe: %s", strerror(errno));
		goto out;
	}
	fflush(NULL);	/* nothing buffered is written twice */
	if ((r.pid = fork()) == -1) {
		why = xasprintf("fork: %s", strerror(errno));
		goto out;
	}
	if (r.pid == 0)
		child_run(lim, me, po[1], pe[1], fn, arg, in, inlen);
	fd_close(&po[1]);
	fd_close(&pe[1]);
	r.out = po[0];
	r.err = pe[0];
	po[0] = pe[0] = -1;
	r.pidfd = (int)syscall(SYS_pidfd_open, r.pid, 0);
	r.o.cap = lim->out_bytes < 65536 ? lim->out_bytes + 1 : 65536;
	r.o.buf = xmalloc(r.o.cap + 1);

	why = run_wait(&r, clock_mono() + lim->wall_ms / 1000.0);
	if (!r.reaped) {
		/* why is set: a limit, or the parent's own failure. */
		kill(r.pid, SIGKILL);
		while (wait4(r.pid, &r.st, 0, &r.ru) == -1 && errno == EINTR)
			;
		r.reaped = 1;
	} else if (why == NULL)
		why = status_reason(lim, r.st, &r.ru);
	if (r.diaglen > 0 || r.diagcut)
		log_diag(r.pid, r.diag, r.diaglen, r.diagcut);
	if (why != NULL)
		goto out;
	r.o.buf[r.o.len] = '\0';
	*outp = r.o.buf;
	*outlenp = r.o.len;
	r.o.buf = NULL;
	rv = 0;
out:
	if (why != NULL) {
		*errp = why;
		if (r.pid > 0)
			log_debug("sandbox %ld: %s", (long)r.pid, why);
	}
	free(r.o.buf);
	fd_close(&r.pidfd);
	fd_close(&r.out);
	fd_close(&r.err);
	fd_close(&po[0]);
	fd_close(&po[1]);
	fd_close(&pe[0]);
	fd_close(&pe[1]);
	return rv;
}

/* ------------------------------------------------------------------ */
/* Sessions                                                            */

struct sandbox {
	struct sandbox_limits	  lim;
	int			(*fn)(const void *, size_t, unsigned char **,
				    size_t *, void *);
	void			 *arg;
	pid_t			  pid;		/* -1: none running */
	int			  in, out, err, pidfd;
	unsigned int		  calls;	/* of this child */
};

/* Reads exactly len bytes; 0, or -1 at EOF or on error. */
static int
child_read_all(int fd, void *buf, size_t len)
{
	unsigned char *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = read(fd, p, len)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * The child of a session: a request is a length (8 bytes) and the bytes;
 * an answer is a status (4 bytes), a length (8) and the bytes.
 */
static void __attribute__((noreturn))
session_child(struct sandbox *sb, pid_t parent, int infd, int outfd,
    int errfd)
{
	child_confine(&sb->lim, parent, infd, outfd, errfd, RLIM_INFINITY);
	for (;;) {
		unsigned char hdr[12], *in, *out = NULL;
		struct iovec iov[2];
		uint64_t len, olen = 0;
		uint32_t st;
		size_t outlen = 0;
		int rc;

		if (child_read_all(SANDBOX_IN_FD, &len, sizeof(len)) == -1)
			_exit(0);	/* the parent closed the session */
		in = xmalloc(len > 0 ? (size_t)len : 1);
		if (child_read_all(SANDBOX_IN_FD, in, (size_t)len) == -1)
			_exit(0);
		rc = sb->fn(in, (size_t)len, &out, &outlen, sb->arg);
		free(in);
		if (rc < 0 || rc > SANDBOX_EXIT_MAX)
			rc = 1;
		st = (uint32_t)rc;
		if (rc == 0)
			olen = outlen;
		memcpy(hdr, &st, 4);
		memcpy(hdr + 4, &olen, 8);
		/* One write for both: the parent wakes once per answer. */
		iov[0].iov_base = hdr;
		iov[0].iov_len = sizeof(hdr);
		iov[1].iov_base = out;
		iov[1].iov_len = (size_t)olen;
		if (writev_all(SANDBOX_OUT_FD, iov, 2) == -1)
			_exit(1);
		free(out);
	}
}

struct sandbox *
sandbox_open(const struct sandbox_limits *lim,
    int (*fn)(const void *, size_t, unsigned char **, size_t *, void *),
    void *arg)
{
	struct sandbox *sb = xcalloc(1, sizeof(*sb));

	sb->lim = *lim;
	sb->fn = fn;
	sb->arg = arg;
	sb->pid = -1;
	sb->in = sb->out = sb->err = sb->pidfd = -1;
	return sb;
}

static void
session_fds_close(struct sandbox *sb)
{
	int *fds[] = { &sb->in, &sb->out, &sb->err, &sb->pidfd };
	size_t i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (*fds[i] != -1) {
			close(*fds[i]);
			*fds[i] = -1;
		}
}

static int
session_spawn(struct sandbox *sb, char **errp)
{
	int si[2] = { -1, -1 }, po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	pid_t me = getpid();

	once_notes();
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, si) == -1 ||
	    pipe2(po, O_CLOEXEC) == -1 || pipe2(pe, O_CLOEXEC) == -1) {
		*errp = xasprintf("pipe: %s", strerror(errno));
		goto fail;
	}
	fflush(NULL);
	if ((sb->pid = fork()) == -1) {
		*errp = xasprintf("fork: %s", strerror(errno));
		goto fail;
	}
	if (sb->pid == 0)
		session_child(sb, me, si[1], po[1], pe[1]);
	close(si[1]);
	close(po[1]);
	close(pe[1]);
	sb->in = si[0];
	sb->out = po[0];
	sb->err = pe[0];
	(void)fcntl(sb->in, F_SETFL, O_NONBLOCK);
	sb->pidfd = (int)syscall(SYS_pidfd_open, sb->pid, 0);
	sb->calls = 0;
	return 0;
fail:
	sb->pid = -1;
	if (si[0] != -1) {
		close(si[0]);
		close(si[1]);
	}
	if (po[0] != -1) {
		close(po[0]);
		close(po[1]);
	}
	if (pe[0] != -1) {
		close(pe[0]);
		close(pe[1]);
	}
	return -1;
}

/* Ends the child: SIGKILL unless it has exited; returns its status. */
static int
session_end(struct sandbox *sb, int reaped, int st, int killit,
    struct rusage *ru)
{
	if (!reaped) {
		if (killit)
			kill(sb->pid, SIGKILL);
		while (wait4(sb->pid, &st, 0, ru) == -1 && errno == EINTR)
			;
	}
	session_fds_close(sb);
	sb->pid = -1;
	return st;
}

/* One call's exchange with a session's child. */
struct call {
	struct sandbox			*sb;
	const struct sandbox_limits	*lim;
	const unsigned char		*in;
	uint64_t			 req;	/* the request's length */
	size_t				 sent, total;
	unsigned char			 rhdr[12], *out;
	uint32_t			 status;
	size_t				 got, want;
	int				 done;
	int				 st, reaped;
	struct rusage			 ru;
	char				 diag[SANDBOX_DIAG_MAX + 1];
	size_t				 diaglen;
	int				 diagcut;
};

/* Gives this call its CPU budget on top of what the child has used. */
static void
call_budget(struct sandbox *sb)
{
	struct rlimit rl;

	if (sb->lim.cpu_seconds == 0)
		return;
	rl.rlim_cur = (rlim_t)sb->lim.cpu_seconds * (sb->calls + 1);
	rl.rlim_max = RLIM_INFINITY;
	if (prlimit(sb->pid, RLIMIT_CPU, &rl, NULL) == -1)
		log_warn("sandbox %ld: prlimit", (long)sb->pid);
}

/* Sends what the child takes of the request, its length and then it,
 * in one call: the child wakes once per request. */
static void
call_send(struct call *c)
{
	const size_t hlen = sizeof(c->req);
	struct iovec iov[2];
	struct msghdr mh;
	size_t off;
	ssize_t w;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = iov;
	if (c->sent < hlen) {
		iov[mh.msg_iovlen].iov_base = (unsigned char *)&c->req +
		    c->sent;
		iov[mh.msg_iovlen++].iov_len = hlen - c->sent;
	}
	off = c->sent > hlen ? c->sent - hlen : 0;
	if (off < (size_t)c->req) {
		iov[mh.msg_iovlen].iov_base = (void *)(c->in + off);
		iov[mh.msg_iovlen++].iov_len = (size_t)c->req - off;
	}
	w = sendmsg(c->sb->in, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (w > 0)
		c->sent += (size_t)w;
	else if (w == -1 && errno != EINTR && errno != EAGAIN) {
		/* The child is gone: its status says why. */
		c->sent = c->total;
	}
}

/* Reads the answer's header and what follows of it, in one read;
 * NULL, or why the call fails. */
static char *
call_recv_head(struct call *c)
{
	const size_t hlen = sizeof(c->rhdr);
	unsigned char buf[16384];
	uint64_t olen;
	size_t k, more;
	ssize_t rd;

	if ((rd = read(c->sb->out, buf, sizeof(buf))) == 0)
		return xstrdup("exit 0");	/* unless reaped */
	if (rd < 0)
		return NULL;
	k = hlen - c->got < (size_t)rd ? hlen - c->got : (size_t)rd;
	memcpy(c->rhdr + c->got, buf, k);
	c->got += k;
	if (c->got < hlen)
		return NULL;
	memcpy(&c->status, c->rhdr, 4);
	memcpy(&olen, c->rhdr + 4, 8);
	if (olen > c->lim->out_bytes)
		return xstrdup("output-too-large");
	if (c->status != 0 && olen != 0)
		return xstrdup("bad answer");
	c->want = (size_t)olen;
	c->out = xmalloc(c->want + 1);
	if ((more = (size_t)rd - k) > c->want)
		return xstrdup("bad answer");	/* more than it said */
	memcpy(c->out, buf + k, more);
	c->got += more;
	return NULL;
}

/* Reads the answer: a status and a length, then the bytes; NULL, or
 * why the call fails. */
static char *
call_recv(struct call *c)
{
	const size_t hlen = sizeof(c->rhdr);
	char *why;
	ssize_t rd;

	if (c->got < hlen) {
		if ((why = call_recv_head(c)) != NULL)
			return why;
	} else {
		rd = read(c->sb->out, c->out + (c->got - hlen),
		    c->want - (c->got - hlen));
		if (rd == 0)
			return xstrdup("exit 0");	/* unless reaped */
		if (rd < 0)
			return NULL;
		c->got += (size_t)rd;
	}
	if (c->got >= hlen && c->got == hlen + c->want)
		c->done = 1;
	return NULL;
}

/* Sends the request and reads the answer; NULL, or why the call
 * fails. */
static char *
call_wait(struct call *c, double deadline)
{
	struct sandbox *sb = c->sb;
	struct pollfd pfd[4];
	nfds_t n;
	int left, iin, iout, ierr, ipid;
	char *why;

	call_send(c);		/* the socket has room, mostly: no poll */
	while (!c->done) {
		if ((left = ms_left(deadline)) == -1)
			return xstrdup("timeout");
		n = 0;
		iin = ierr = ipid = -1;
		if (c->sent < c->total)
			iin = pfd_add(pfd, &n, sb->in, POLLOUT);
		iout = pfd_add(pfd, &n, sb->out, POLLIN);
		if (sb->err != -1)
			ierr = pfd_add(pfd, &n, sb->err, POLLIN);
		if (sb->pidfd != -1)
			ipid = pfd_add(pfd, &n, sb->pidfd, POLLIN);
		else if (left > 10)
			left = 10;	/* no pidfd: look for the exit often */
		if (poll(pfd, n, left) == -1) {
			if (errno == EINTR)
				continue;
			return xasprintf("poll: %s", strerror(errno));
		}
		if (iin != -1 && pfd[iin].revents != 0)
			call_send(c);
		if (pfd[iout].revents != 0 && (why = call_recv(c)) != NULL)
			return why;
		if (ierr != -1 && pfd[ierr].revents != 0)
			diag_read(&sb->err, c->diag, &c->diaglen, &c->diagcut);
		if (!c->done && (ipid != -1 ? pfd[ipid].revents != 0 : 1) &&
		    wait4(sb->pid, &c->st, WNOHANG, &c->ru) == sb->pid) {
			c->reaped = 1;
			return xstrdup("exit 0");
		}
	}
	return NULL;
}

/* The child failed or lied: it ends here.  Why, from its status where
 * that says more than `why`. */
static char *
call_fail(struct call *c, char *why)
{
	char *r;

	c->st = session_end(c->sb, c->reaped, c->st, 1, &c->ru);
	if (c->reaped || !(strcmp(why, "timeout") == 0 ||
	    strcmp(why, "output-too-large") == 0 ||
	    strcmp(why, "bad answer") == 0 ||
	    strncmp(why, "poll: ", 6) == 0)) {
		if ((r = status_reason(&c->sb->lim, c->st, &c->ru)) != NULL) {
			free(why);
			why = r;
		}
	}
	return why;
}

int
sandbox_call(struct sandbox *sb, const struct sandbox_limits *lim,
    const void *in, size_t inlen, unsigned char **outp, size_t *outlenp,
    char **errp)
{
	struct call c;
	char *why;
	pid_t pid;
	int rv = -1;

	*outp = NULL;
	*outlenp = 0;
	*errp = NULL;
	if (lim == NULL)
		lim = &sb->lim;
	if (sb->pid == -1 && session_spawn(sb, errp) == -1)
		return -1;
	pid = sb->pid;
	call_budget(sb);
	sb->calls++;
	memset(&c, 0, sizeof(c));
	c.sb = sb;
	c.lim = lim;
	c.in = in;
	c.req = inlen;
	c.total = sizeof(c.req) + inlen;

	why = call_wait(&c, clock_mono() + lim->wall_ms / 1000.0);
	if (why != NULL)
		why = call_fail(&c, why);
	else if (c.status != 0)
		why = xasprintf("exit %u", c.status);
	if (c.diaglen > 0 || c.diagcut)
		log_diag(pid, c.diag, c.diaglen, c.diagcut);
	if (why != NULL) {
		*errp = why;
		log_debug("sandbox %ld: %s", (long)pid, why);
		goto out;
	}
	c.out[c.want] = '\0';
	*outp = c.out;
	*outlenp = c.want;
	c.out = NULL;
	rv = 0;
out:
	free(c.out);
	return rv;
}

void
sandbox_close(struct sandbox *sb)
{
	struct rusage ru;

	if (sb == NULL)
		return;
	if (sb->pid != -1) {
		/* EOF on its input: the child _exit()s; SIGKILL if it hangs. */
		close(sb->in);
		sb->in = -1;
		if (sb->pidfd != -1) {
			struct pollfd p = { sb->pidfd, POLLIN, 0 };

			if (poll(&p, 1, 1000) != 1)
				kill(sb->pid, SIGKILL);
		} else
			kill(sb->pid, SIGKILL);
		session_end(sb, 0, 0, 0, &ru);
	}
	free(sb);
}
