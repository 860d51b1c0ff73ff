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
 * The authored text ends at the first line that is (the patterns, one
 * table row per client's pattern, are in quote.c; matching ignores case,
 * Unicode compatibility forms and Markdown bold stars):
 *   - a '>' line (also "&gt;" left by a client that leaks entities);
 *   - an attribution, possibly wrapped over up to four lines (the cut is
 *     then at the first): "On ... wrote:", "At ..., X wrote:",
 *     "X <x@y> wrote:", "Le ... a écrit :", "Am ... schrieb X:",
 *     "El ... escribió:", "Em ... escreveu:", "Il ... ha scritto:",
 *     "... пишет:", "... написал(а):", "... のメッセージ:",
 *     "...さんは書きました:", "...님이 작성:", "在 ... 写道：",
 *     "... 于 ... 写道：", "於 ... 寫道：", "寫到", "写到", "寫下",
 *     "撰寫", "已寫入" (either colon); a line ending in ':' that holds an
 *     address (or a date and a time) directly above a '>' line
 *     ("2026年9月21日 10:05 张三 <x@y>:");
 *   - a separator: two or more dashes on each side of known words
 *     ("Original Message", "原始邮件", "Ursprüngliche Nachricht",
 *     "Исходное сообщение" ...), four or more around any words
 *     ("-------- 转发邮件信息 --------"), with anything after the closing
 *     dashes (a format=flowed reader may have joined the next line);
 *     "Begin forwarded message:" and its translations; a line of five or
 *     more underscores;
 *   - the first of two or more header-like lines in a row: a label
 *     (From, Sent, Date, To, Cc, Subject, Reply-To, 发件人, 发送时间,
 *     寄件者, 主旨, Von, Betreff, De, Objet, Para, Asunto, Da, Oggetto,
 *     От, Тема, 差出人, 件名, 보낸 사람, 제목 ...) followed by ':' (ASCII or
 *     full-width), also inside '|' table cells or bold ("*From:*");
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
 * "从我的...发送", "從我的 iPhone 傳送", "發自我的...", "Envoyé de mon ...",
 * "Von meinem ... gesendet", "iPhoneから送信" ...).  With QUOTE_SIGNOFF,
 * a last paragraph that is a sign-off is dropped too, by the exact rule
 * at the top of quote.c: only the sender's own name or address (`name`,
 * `addr`; NULL: unknown), or a closing ("Thanks,", 此致) followed by a
 * name; never a short last line that is part of the reason.  The result
 * is trimmed of blank lines and of blanks at both ends.
 */
char	*quote_cut_signature_from(const char *text, int flags,
	    const char *name, const char *addr);

/* quote_cut_signature_from() with the sender unknown. */
char	*quote_cut_signature(const char *text, int flags);

/*
 * `text` with every reply address of the office removed: each
 * local+ANYTHING@domain of `office` (the configured address, compared
 * without case; NULL: none) becomes the bare office address, and each
 * occurrence of `token` (NULL: none; at least 16 characters, compared
 * without case) becomes "[已删除]".  For the authored text of a reply
 * before anything of it is stored or mailed on: a client that quotes
 * the notification's Reply-To must not forward a live token.
 */
char	*quote_scrub_office(const char *text, const char *office,
	    const char *token);

/* `text` cleaned as above (not folded, not cut); LF line ends. */
char	*quote_clean(const char *text);

/* A text split into lines at LF; v[i] points into buf, n >= 1. */
struct quote_lines {
	char	 *buf;
	char	**v;
	size_t	  n;
};

/* Splits `text` (LF line ends, as quote_clean() leaves it) into lines;
 * the text is copied.  quote_lines_free() frees what it made. */
void	 quote_lines_split(struct quote_lines *, const char *text);
void	 quote_lines_free(struct quote_lines *);

/* `text` with full-width forms folded to ASCII (U+FF01..U+FF5E, U+3000);
 * nothing else changes.  For matching, never for what is stored. */
char	*quote_fold(const char *text);

#endif
