/*
 * mime.h - the sole GMime user: raw RFC 5322 bytes in, a plain struct
 * message out; and outgoing mail composed (mime_compose, at the end).
 *
 * mime_parse() never fails on a person's mail, however broken: it always
 * returns a struct message, noting what it had to repair in `defects` and,
 * when the mail must not be acted on automatically, why in `hold_reason`
 * (the holding pen).  It aborts only on exhausted memory.  Nothing it
 * returns depends on GMime or GLib: plain C strings and arrays.
 *
 * Strings.  Every string is NUL-terminated, valid UTF-8 (invalid input is
 * replaced by U+FFFD), and belongs to the struct that holds it; take one
 * over by setting the field to NULL (it was made by malloc(3)).  A header
 * value is one line: control characters, CR, LF and U+2028/U+2029 become
 * spaces, runs of white space one space, and it is at most
 * lim->max_header_bytes long.  A single-valued field is NULL when the
 * header is absent.  Message-IDs keep their angle brackets: "<id@host>".
 *
 * Charsets.  A gb2312 or gbk label is read as GB18030 and big5 as
 * Big5-HKSCS.  A label that iconv knows and under which the bytes decode
 * without error is kept, whatever the text's language (utf-8 Russian or
 * Greek, koi8-r, windows-1251, iso-8859-7, shift_jis, euc-kr,
 * iso-2022-jp, windows-1258 ...): a correct label on valid bytes is never
 * second-guessed.  One exception: bytes that are entirely valid UTF-8,
 * with at least 8 of them not ASCII, are read as UTF-8 whatever the
 * label says (text in another charset is not valid UTF-8 by chance; UTF-8
 * labelled windows-1251 or gb2312 is a common client mistake).  Only a
 * label that is missing, unknown to iconv or wrong (the bytes do not
 * decode under it) gives way to the heuristics: damaged UTF-8 (nine in
 * ten non-ASCII bytes well-formed) is read as UTF-8 with U+FFFD for the
 * damage; else UTF-8, GB18030 or Big5-HKSCS, whichever decodes the bytes
 * to the most plausible Chinese or English text (ties in that order);
 * nothing decoding, the bytes are decoded lossily.  Each of these notes
 * the defect "charset-fallback"; a kept label notes nothing.  RFC 2047
 * words follow the same rules, each run of adjacent words of one charset
 * joined as bytes and converted once; they are decoded here, not by
 * GMime (whose 3.2 decoder drops words after one ending in '=' padding).
 *
 * Limits (struct mime_limits): a mail longer than max_bytes has only its
 * header block parsed (hold "too-large"); MIME nesting deeper than
 * max_depth or more than max_parts parts are cut off before GMime sees
 * them (a linear pre-scan of the boundaries), so neither GMime nor this
 * module recurses or loops beyond those caps (hold "mime-too-deep",
 * "too-many-parts").  GMime 3.2 also caps its own recursion at 1024.
 *
 * mime_parse() is reentrant: threads may parse different mails at once.
 */
#ifndef GK_MIME_H
#define GK_MIME_H

#include <stddef.h>

struct mime_limits {
	size_t		max_bytes;		/* whole raw mail */
	unsigned int	max_depth;		/* multipart/message nesting */
	unsigned int	max_parts;		/* MIME entities in all */
	size_t		max_header_bytes;	/* one header's value */
};

#define MIME_MAX_BYTES_DEFAULT		(25U * 1024 * 1024)
#define MIME_MAX_DEPTH_DEFAULT		32
#define MIME_MAX_PARTS_DEFAULT		500
#define MIME_MAX_HEADER_BYTES_DEFAULT	(16U * 1024)

/* v[n] is NULL (and v itself NULL when n is 0). */
struct mime_strlist {
	char		**v;
	size_t		  n;
};

struct mime_address {
	char		*addr;		/* local@domain as written */
	char		*name;		/* decoded display name, or NULL */
};

struct mime_addrlist {
	struct mime_address	*v;
	size_t			 n;
};

struct mime_attachment {
	/*
	 * The cleaned name: a basename only, without '/', '\', "..", a
	 * leading '.', control or bidi characters, at most 200 bytes; a
	 * generated "attachment-N.ext" when nothing usable is left.  It is
	 * data, never to be used as a path as it stands.
	 */
	char		*filename;
	char		*orig_filename;	/* as the sender wrote it, or NULL */
	char		*content_type;	/* lower case "type/subtype" */
	unsigned char	*data;		/* transfer-decoded bytes */
	size_t		 len;
	char		 sha256[65];	/* of data, lower-case hex */
};

/* From a multipart/report; report-type=delivery-status (RFC 3464). */
struct mime_dsn {
	int		 present;
	char		*action;	/* lower case: failed, delayed, ... */
	char		*status;	/* "5.1.1" */
	char		*final_recipient;	/* without "rfc822;" */
	char		*original_message_id;	/* of the returned mail */
};

struct message {
	char			*message_id;
	char			*in_reply_to;	/* the first id in it */
	struct mime_strlist	 references;	/* in order, oldest first */

	struct mime_address	 from;		/* the first From mailbox */
	size_t			 from_count;	/* over every From header */
	struct mime_addrlist	 to, cc, reply_to;
	struct mime_addrlist	 delivered_to, x_original_to;
	char			*return_path;	/* "" for <>; NULL if absent */
	int			 return_path_empty;

	char			*subject;	/* RFC 2047 and 8-bit decoded */
	char			*date;		/* the header, one line */
	long long		 date_unix;	/* valid when date_valid */
	int			 date_valid;

	/*
	 * The authored-text input: the text/plain body (inline text/plain
	 * parts joined), else the HTML body as text without blockquote,
	 * .gmail_quote and #divRplyFwdMsg (cut at the <hr> before it).
	 * LF line ends, format=flowed undone, no NUL; never NULL.
	 */
	char			*text;
	int			 text_from_html;

	struct mime_attachment	*attachments;
	size_t			 nattachments;

	/* Headers for classify.c: the topmost value, or NULL. */
	char			*auto_submitted;
	char			*x_autoreply;
	char			*x_autorespond;
	char			*precedence;
	char			*list_id;
	struct mime_strlist	 x_loop;	/* every value */
	struct mime_strlist	 auth_results;	/* every value, topmost first */
	char			*content_type;	/* top level, "type/subtype" */
	char			*report_type;	/* its report-type */
	struct mime_dsn		 dsn;

	/*
	 * What was repaired or skipped, each code once, in the order met:
	 * "header-too-long" (a value cut to max_header_bytes),
	 * "invalid-base64" (decoded line by line, bad lines skipped),
	 * "charset-fallback", "nul-bytes" (dropped from text; in the header
	 * block read as spaces), "boundary-repaired" (the declared boundary
	 * never occurs, the one used was found), "boundary-missing" (no
	 * parts: the body was taken as text), "truncated", "malformed",
	 * "invalid-header", "conflicting-header" (GMime's warnings), and
	 * the hold reasons below.
	 */
	struct mime_strlist	 defects;
	/* NULL, or why the mail goes to the holding pen: "too-large",
	 * "mime-too-deep", "too-many-parts".  A static string. */
	const char		*hold_reason;
};

/* Fills *lim with the defaults above. */
void		 mime_limits_default(struct mime_limits *lim);

/*
 * Parses len bytes of raw mail (NULs allowed); lim NULL means the
 * defaults.  Always returns a message; the caller frees it.
 */
struct message	*mime_parse(const char *raw, size_t len,
		    const struct mime_limits *lim);
void		 mime_message_free(struct message *);

/* 1 if the message carries defect `code`. */
int		 mime_has_defect(const struct message *, const char *code);

/*
 * Outgoing mail.  mime_compose() builds one whole RFC 5322 message from
 * a plain description, so that the caller can store the bytes and send
 * exactly them, however often delivery is retried.
 *
 * Headers are never pasted together: every value goes through GMime,
 * display names and the subject through its RFC 2047 encoder, file names
 * through RFC 2231.  Before that, in the display names and the subject
 * invalid UTF-8 becomes U+FFFD and CR, LF, U+2028, U+2029 and every other
 * control character becomes a space (runs of white space one space), so
 * "王五\r\nBcc: x@y" stays one display name in one To header; a file
 * name is cleaned as struct mime_attachment's (controls and folders
 * dropped).  Addresses and Message-IDs are not repaired but checked: a bad From, To, Reply-To or Message-ID is an
 * error; an In-Reply-To or References id that is not a plain "<id>" is
 * left out (it came from someone else's mail).
 *
 * Composing is deterministic: the multipart boundaries come from the
 * Message-ID, so the same struct mime_out (and the same attachment
 * files) give the same bytes every time.
 *
 * The result: CRLF line ends, no line over 998 octets, only 7-bit bytes
 * (the body is text/plain; charset=utf-8 in quoted-printable or base64,
 * as GMime finds best; attachments base64, in multipart/mixed), with
 * Date (in time zone `tz`), From, Reply-To, To, Subject, Message-ID,
 * In-Reply-To, References, MIME-Version, Auto-Submitted, X-Loop and
 * X-Auto-Response-Suppress: All.
 */
struct mime_out_attachment {
	const char	*filename;	/* as the recipient sees it; cleaned
					   as in struct mime_attachment */
	const char	*content_type;	/* "application/pdf"; NULL or not a
					   type/subtype: from the name's
					   extension, else octet-stream */
	const char	*path;		/* the file to read */
};

struct mime_out {
	const char	*from;		/* "Name <addr>", parsed by GMime */
	const char	*to_addr;	/* local@domain */
	const char	*to_name;	/* display name, or NULL */
	const char	*reply_to;	/* local@domain, or NULL */
	const char	*subject;	/* UTF-8, one line after cleaning */
	long long	 date;		/* unix seconds */
	const char	*tz;		/* IANA zone of Date, else UTC */
	const char	*message_id;	/* "<id@domain>" */
	const char	*in_reply_to;	/* "<id>" or NULL */
	const char *const *references;	/* "<id>"s, NULL-terminated, or NULL */
	const char	*auto_submitted; /* "auto-generated", "auto-replied" */
	const char	*x_loop;	/* the office address, or NULL */
	const char	*body;		/* UTF-8 text; any line ends */
	const char	*body_html;	/* an HTML alternative, or NULL */
	const struct mime_out_attachment *attachments;
	size_t		 nattachments;
	size_t		 max_bytes;	/* cap on the attachments' bytes;
					   0: none */
};

/*
 * Composes `out`.  Returns the message (NUL-terminated, *lenp bytes
 * without the NUL; the caller frees it), or NULL with *errp (the caller's)
 * saying which value or file was at fault.  Reentrant.
 */
char		*mime_compose(const struct mime_out *out, size_t *lenp,
		    char **errp);
/*
 * mime_compose()'s checks without building the message: the values
 * (addresses, ids) and the attachments' files (each a regular file, all
 * together within max_bytes), none of them read: 0, or -1 with *errp.
 */
int		 mime_out_check(const struct mime_out *out, char **errp);

#endif
