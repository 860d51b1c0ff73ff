/*
 * sandbox.h - runs a function over untrusted bytes in a forked child under
 * CPU, memory, output and wall-clock limits, and reads back what it
 * writes to a pipe: the parent keeps the database, the spool and the
 * network, and a parser that crashes, loops or balloons takes only the
 * child with it.
 *
 * This is the plain version (fork, setrlimit, pipe, waitpid with a
 * deadline); the privilege-separation work replaces this file with one
 * that adds a seccomp filter, behind the same interface.  Under
 * AddressSanitizer, which reserves terabytes of address space, the
 * address-space limit is not set.
 *
 * The caller owns *outp and *errp (malloc'd).  The child's output is as
 * untrusted as its input.  Not thread-safe with respect to other threads
 * that fork.
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
 * Runs fn(in, inlen, outfd, arg) in a forked child under the limits;
 * returns 0 and the child's output in *outp and *outlenp (malloc'd, the
 * caller's, NUL-terminated one byte past *outlenp), or -1 with *errp
 * (malloc'd) saying why: "timeout", "cpu-limit", "memory-limit",
 * "output-too-large", "crashed: signal N", "exit N".  fn's return value
 * is the child's exit status (0: success).  A failure of the sandbox
 * itself (no pipe, no fork) is -1 with *errp naming it.
 */
int	sandbox_run(const struct sandbox_limits *lim,
	    int (*fn)(const void *in, size_t inlen, int outfd, void *arg),
	    void *arg, const void *in, size_t inlen, unsigned char **outp,
	    size_t *outlenp, char **errp);

/* Writes all of buf to fd (restarting on EINTR); 0, or -1 with errno. */
int	sandbox_write_all(int fd, const void *buf, size_t len);

#endif
