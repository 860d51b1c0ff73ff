/*
 * quote.h - the text a person wrote in a reply: everything above the quote
 * of earlier mail, the office's notification and the client's headers
 * (doc/mail.md, "The authored text").  Pure: no I/O, no clock.
 *
 * Input is the UTF-8 text mime.c yields (text/plain, else HTML turned to
 * text with blockquote, .gmail_quote and #divRplyFwdMsg removed), with LF
 * or CRLF line ends.  Invalid UTF-8 is never trusted: it is replaced with
 * U+FFFD before anything is read.
 *
 * Cleaning, done to every line: U+FEFF (BOM), zero-width characters
 * (U+200B..U+200D, U+2060, U+00AD) are removed; U+00A0 and the literal
 * entity "&nbsp;" become a space; CRLF and lone CR become LF; trailing
 * blanks are dropped.  Full-width forms (U+FF01..U+FF5E, U+3000) are
 * FOLDED only for matching (ＡＰＰＲＯＶＥ, ：，；): the returned text keeps
 * what the person wrote, so a reason reads back exactly as typed.
 *
 * The authored text ends at the first line that is:
 *   - a '>' line (also "&gt;" left by a client that leaks entities);
 *   - an attribution: "On ... wrote:", "在 ... 写道:", "... 于 ... 写道:"
 *     (either colon), also wrapped over two lines (the cut is then at
 *     the first of the two);
 *   - a separator: dashes around "Original Message", "Original",
 *     "原始邮件", "邮件原件", "回复的原邮件" (or "Forwarded message",
 *     "转发的邮件"), with anything after the closing dashes (a
 *     format=flowed reader may have joined the next line);
 *     "Begin forwarded message:"; a line of five or more underscores;
 *   - the first of two or more header-like lines in a row: From, 发件人,
 *     Sent, 发送时间, Date, 日期, To, 收件人, Cc, 抄送, Subject, 主题,
 *     followed by ':' (ASCII or full-width), also inside '|' table cells;
 *   - a line holding `marker` (or either half of it around " / ");
 *   - a line equal to one of `sent_lines` after cleaning, folding, trimming
 *     and collapsing blanks, where sent lines shorter than
 *     QUOTE_SENT_MIN characters are ignored (so that a reviewer's "同意" or
 *     a notification's example "APPROVE" never matches).
 *
 * All memory belongs to the caller: every char * returned is malloc'd
 * (free() it), never NULL, and "" when nothing is left.  Out of memory
 * aborts (xmalloc.h).
 */
#ifndef GK_QUOTE_H
#define GK_QUOTE_H

/* Sent lines with fewer characters than this (blanks not counted) never
 * end the authored text. */
#define QUOTE_SENT_MIN		10

/* quote_cut_signature() flags. */
#define QUOTE_SIGNOFF		0x01	/* also drop a trailing sign-off */

/*
 * The authored text of `text`: cleaned, cut at the first quote boundary
 * above, with leading and trailing blank lines removed; lines end in LF.
 * `sent_lines` (NULL-terminated; NULL for none) are the lines of the
 * notification the reply answers; `marker` (NULL for none) is its "reply
 * above this line" line.
 */
char	*quote_authored(const char *text, const char *const *sent_lines,
	    const char *marker);

/*
 * A comment or reason cut at its signature: at the first line that is
 * "-- " (or "--"), or a mobile signature ("Sent from my ...",
 * "Get Outlook for ...", "发自..." such as 发自我的iPhone or 发自网易邮箱大师,
 * "从我的...发送").  With QUOTE_SIGNOFF, a last paragraph of one or two
 * short lines set off by a blank line that is only a sign-off (a name of
 * at most four CJK characters or three capitalised words, an e-mail
 * address, a closing such as "Thanks," or 此致) is dropped too.  The result
 * is trimmed of blank lines and of blanks at both ends.
 */
char	*quote_cut_signature(const char *text, int flags);

/* `text` cleaned as above (not folded, not cut); LF line ends. */
char	*quote_clean(const char *text);

/* `text` with full-width forms folded to ASCII (U+FF01..U+FF5E, U+3000);
 * nothing else changes.  For matching, never for what is stored. */
char	*quote_fold(const char *text);

#endif
