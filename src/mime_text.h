/*
 * mime_text.h - the pure text conversions of mail bodies (mime_text.c):
 * HTML to text, format=flowed undone, text normalised.  No GMime, no
 * I/O.  Internal to the mime files, which call them on parts they have
 * decoded; the unit test and the fuzz target (tests/fuzz/fuzz_html.c)
 * call them directly.  The rest of the program reaches them only
 * through mime_parse().
 *
 * Each takes text that mime.c has already decoded (valid UTF-8, no NUL)
 * unless it says otherwise, never fails and returns a string the caller
 * frees with free(3).  Out of memory aborts (xmalloc.h).
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

/* len bytes of UTF-8 as the program wants text: LF line ends (CRLF and
 * LF kept as LF, a bare CR a space), NUL dropped, every other control
 * character but TAB a space. */
char	*text_normalise(const char *s, size_t len);

/* The charset a <meta> names ("charset=...") in the first 2048 of len
 * bytes of undecoded HTML, or NULL. */
char	*html_meta_charset(const char *s, size_t len);

#endif
