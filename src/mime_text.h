/*
 * mime_text.h - two pure text conversions of mime.c, declared here so that
 * their fuzz targets (tests/fuzz/fuzz_html.c) can call them directly; the
 * rest of the program reaches them only through mime_parse().  Internal:
 * no other module includes this header.
 *
 * Both take text that mime.c has already decoded (valid UTF-8, no NUL),
 * never fail and return a string the caller frees with free(3).  Out of
 * memory aborts (xmalloc.h).
 */
#ifndef GK_MIME_TEXT_H
#define GK_MIME_TEXT_H

#include <stddef.h>

/* len bytes of HTML as text: tags dropped, entities decoded, blockquote,
 * .gmail_quote and #divRplyFwdMsg (cut at the <hr> before it) removed,
 * lines trimmed and blank lines at the ends and runs of them dropped. */
char	*html_to_text(const char *s, size_t len);

/* format=flowed (RFC 3676) undone: soft line breaks joined (delsp: their
 * trailing space removed), space-stuffing undone, quote depth kept. */
char	*flowed_unwrap(const char *text, int delsp);

#endif
