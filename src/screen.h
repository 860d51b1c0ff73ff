/*
 * screen.h - the secrecy check of what is about to leave the office
 * (doc/mail.md, "Secrecy check"): a text (the draft answer, an item to
 * publish) and the text of every attachment (extract.h, each in its
 * limited child) searched for `[security] secrecy_markers` (secrecy.h).
 * A marker found, or an attachment that cannot be read, is a finding;
 * any finding stops the document until the approver clears it.  Callers:
 * the final approval of an answer (request.c); publication reuses it.
 *
 * Attachments are named by their path in the spool, relative to
 * `[store] spool`, as stored with their mail; one that is missing,
 * outside the spool or larger than `[security] max_message_bytes` is
 * unreadable.  Nothing here fails: an environment that cannot read a file
 * makes that file a finding, which stops the document (fail closed).
 */
#ifndef GK_SCREEN_H
#define GK_SCREEN_H

#include <stddef.h>

struct config;
struct secrecy_hits;

struct screen_file {
	const char	*name;		/* as shown to people */
	const char	*content_type;	/* as received; may be NULL */
	const char	*spool_path;	/* relative to [store] spool */
};

/*
 * Checks text (may be NULL) and files[0..n); appends the findings to
 * *hits (secrecy.h; "text" names the text) and returns how many there
 * were (0: the document may go).
 */
size_t	screen_document(const struct config *, const char *text,
	    const struct screen_file *files, size_t n,
	    struct secrecy_hits *hits);

#endif
