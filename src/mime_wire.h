/*
 * mime_wire.h - struct message as bytes and back, so that mime_parse()
 * can run in a sandboxed child (sandbox.h) and hand its result to the
 * parent through a pipe; and mime_parse_sandboxed(), which does that.
 *
 * The encoding is private to this module and to one build (native byte
 * order, no versioning beyond a magic): both ends are the same program.
 * The decoder treats its input as hostile, since a child that a mail has
 * taken over writes it: every length and count is checked against what
 * is left; every string must be valid UTF-8 without NUL; header values
 * must be one line (no CR, LF or other control character); an
 * attachment's name must be a plain file name and its SHA-256 is
 * recomputed and must match; the hold reason must be one mime.c gives;
 * nothing may follow the end.  Any defect rejects the whole message.
 */
#ifndef GK_MIME_WIRE_H
#define GK_MIME_WIRE_H

#include <stddef.h>

#include "mime.h"

struct sandbox_limits;

/* The child's limits for one parse of a mail of `len` bytes. */
#define MIME_SANDBOX_CPU_SECONDS	10
#define MIME_SANDBOX_WALL_MS		30000
#define MIME_SANDBOX_MEM_BYTES		((size_t)1024 * 1024 * 1024)
/* Output cap: 4 bytes per input byte and 1 MiB (decoded text can grow
 * 3 times: one invalid byte becomes U+FFFD). */
#define MIME_SANDBOX_OUT_BYTES(len)	((len) < ((size_t)1 << 40) ? \
	    4 * (len) + 1024 * 1024 : (size_t)1 << 42)

/* The message as bytes (malloc'd, *lenp long).  Never fails. */
unsigned char	*mime_wire_encode(const struct message *, size_t *lenp);

/* The message back, or NULL with *errp (malloc'd) naming the defect. */
struct message	*mime_wire_decode(const unsigned char *buf, size_t len,
		    char **errp);

/*
 * A message that holds only a hold reason (a static string such as
 * "parser-failed"): no headers, empty text.  For a mail whose parse
 * failed, so that it goes to the holding pen like any held mail.
 */
struct message	*mime_message_held(const char *reason);

/*
 * mime_parse() in a sandboxed child.  lim as for mime_parse(); sl NULL
 * means the MIME_SANDBOX_* limits above (the environment variable
 * GONGKAI_PARSER_WALL_MS, for tests, may only lower the wall time).
 *
 * Returns the message.  When the child fails (timeout, a limit, a crash,
 * output that does not decode) it returns mime_message_held(
 * "parser-failed") and sets *whyp (malloc'd) to why.  When the sandbox
 * itself cannot start (no pipe, no fork: the environment) it returns NULL
 * with *whyp; the caller retries later.
 *
 * Before its first fork it loads what the parser loads lazily (GMime's
 * types, the iconv modules of the charsets in mail to this office),
 * because the child can open no file.
 */
struct message	*mime_parse_sandboxed(const char *raw, size_t len,
		    const struct mime_limits *lim,
		    const struct sandbox_limits *sl, char **whyp);

/*
 * The same for a batch: one child parses mail after mail (a fork per mail
 * costs more than the parse; see sandbox.h), restarted after a mail that
 * made it fail.  mime_parser_parse() returns as mime_parse_sandboxed();
 * the per-mail limits are the MIME_SANDBOX_* ones (CPU and wall time per
 * mail).  mime_parser_close(NULL) is a no-op.
 */
struct mime_parser;

struct mime_parser	*mime_parser_open(const struct mime_limits *lim);
struct message		*mime_parser_parse(struct mime_parser *,
			    const char *raw, size_t len, char **whyp);
void			 mime_parser_close(struct mime_parser *);

/* The preparation above, on its own (idempotent). */
void		 mime_sandbox_prepare(void);

#endif
