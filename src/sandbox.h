/*
 * sandbox.h - runs a function over untrusted bytes in a forked child that
 * can do little but compute and write its answer to a pipe (the OpenSMTPD
 * and Postfix shape): the parent keeps the database, the spool and the
 * network; the child gets a copy of the input, CPU, memory, file and
 * process limits, no open file but its output pipe and a pipe for its
 * diagnostics, and a seccomp filter (the policy is at the top of
 * sandbox.c) that kills it for any system call that opens, connects,
 * forks or execs.
 *
 * The caller owns *outp and *errp (malloc'd).  The child's output is as
 * untrusted as its input: decode it with every length checked.  What the
 * child writes to stderr is logged by the parent (log_warnx, "sandbox:"
 * and at most a few KiB).  A failure of the sandbox itself (no pipe, no
 * fork) is -1 with *errp naming it, like a failure of the child.
 *
 * Not thread-safe with respect to other threads that fork; call it from
 * the thread that owns the work.  Under valgrind (which cannot run a
 * filtered process) the seccomp filter is skipped, and under
 * AddressSanitizer (which reserves terabytes of address space) the
 * address-space limit is; each is logged once.
 */
#ifndef GK_SANDBOX_H
#define GK_SANDBOX_H

#include <stddef.h>

struct sandbox_limits {
	unsigned int	cpu_seconds;	/* RLIMIT_CPU of the child */
	size_t		mem_bytes;	/* address-space cap; 0: none */
	size_t		out_bytes;	/* most bytes read back */
	unsigned int	wall_ms;	/* killed (SIGKILL) after this */
};

/*
 * Runs fn(in, inlen, outfd, arg) in a forked child under the limits and a
 * seccomp filter (read/write on its fds, memory, exit; nothing that opens,
 * connects or execs); returns 0 and the child's output in *outp, *outlenp
 * (malloc'd, the caller's), or -1 with *errp (malloc'd) saying why:
 * "timeout", "cpu-limit", "memory-limit", "output-too-large",
 * "crashed: signal N", "exit N".
 *
 * fn's return value is the child's exit status (0: success; anything
 * else is "exit N" with N in 1..120).  A child that runs out of memory
 * under mem_bytes (an allocation fails and it aborts) reports
 * "memory-limit".  The output is NUL-terminated one byte past *outlenp,
 * for convenience.
 */
int	sandbox_run(const struct sandbox_limits *lim,
	    int (*fn)(const void *in, size_t inlen, int outfd, void *arg),
	    void *arg, const void *in, size_t inlen, unsigned char **outp,
	    size_t *outlenp, char **errp);

/*
 * A session: one long-lived child for many calls (a batch of mails), fed
 * through its input socket, because a fork per call costs more than a
 * parse (measured: see the commit that added it).  The child is confined
 * as for sandbox_run() once, then runs fn once per call, in the same
 * process: a call can see what earlier calls of the session left in
 * memory, so one session serves one batch and is closed after it.
 *
 * fn returns 0 with its output in *outp (malloc'd in the child), or a
 * status 1..120 that the call reports as "exit N" (the child lives on).
 * sandbox_open() copies lim (cpu_seconds: per call; mem_bytes: the
 * child's whole address space) and forks lazily, at the first call.
 * sandbox_call() takes the per-call limits (out_bytes, wall_ms; NULL: the
 * session's) and returns as sandbox_run() does; when the child failed
 * (timeout, a limit, a crash, a broken answer) it is killed and the next
 * call starts a fresh one.  sandbox_close(NULL) is a no-op.
 */
struct sandbox;

struct sandbox	*sandbox_open(const struct sandbox_limits *lim,
		    int (*fn)(const void *in, size_t inlen,
		    unsigned char **outp, size_t *outlenp, void *arg),
		    void *arg);
int		 sandbox_call(struct sandbox *, const struct sandbox_limits *,
		    const void *in, size_t inlen, unsigned char **outp,
		    size_t *outlenp, char **errp);
void		 sandbox_close(struct sandbox *);

/*
 * 1 when children get their seccomp filter; 0 under valgrind, where they
 * may open files (so nothing needs loading for them in advance).
 */
int		 sandbox_confined(void);

/* Writes all of buf to fd (restarting on EINTR); 0, or -1 with errno. */
int	sandbox_write_all(int fd, const void *buf, size_t len);

#endif
