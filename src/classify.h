/*
 * classify.h - automatic-mail detection (doc/mail.md, "Automatic mail,
 * loops and bounces"): is a parsed mail from a person, an automatic reply,
 * a bounce, a mailing list, or the office's own mail come back?
 *
 * Pure: classify_message() reads a struct message and the office's
 * identity, allocates nothing and cannot fail.  The rules are tried in
 * this order, the first that matches decides (classify.c's table):
 *   BOUNCE      a multipart/report delivery-status notification whose
 *               Action is not a success (hard: failed, or a 5.x.x
 *               status; soft: delayed, or 4.x.x);
 *   AUTO_REPLY  any other multipart/report: a success DSN, a read receipt;
 *   BOUNCE      an empty Return-Path from MAILER-DAEMON/postmaster or
 *               under a bounce subject (hard; no returned Message-ID);
 *   LOOP        a topmost X-Loop equal to the office's X-Loop value;
 *   AUTO_REPLY  Auto-Submitted other than "no", X-Autoreply,
 *               X-Autorespond, Precedence: auto_reply, a subject that
 *               starts 自动回复 / Automatic reply / Auto: / Out of Office
 *               and the like (RFC 2047 decoded by mime.c);
 *   LIST        List-Id, or Precedence: bulk, junk or list;
 *   AUTO_REPLY  any other mail with an empty Return-Path (<>);
 *   HUMAN       everything else.  X-Auto-Response-Suppress is a request
 *               to others and proves nothing about the mail carrying it.
 * Only the mail's own headers count: an X-Loop inside a returned or
 * forwarded message/rfc822 part does not make it a loop.
 */
#ifndef GK_CLASSIFY_H
#define GK_CLASSIFY_H

struct message;

enum classify_kind {
	CLASSIFY_HUMAN,
	CLASSIFY_AUTO_REPLY,
	CLASSIFY_BOUNCE,
	CLASSIFY_LIST,
	CLASSIFY_LOOP,
};

struct classify_result {
	enum classify_kind	 kind;
	const char		*reason;	/* static: the deciding rule */
	/* BOUNCE only; the strings are borrowed from the message. */
	int			 bounce_hard;	/* 1 permanent, 0 delay */
	const char		*original_message_id;	/* "<id>" or NULL */
	const char		*bounce_recipient;	/* or NULL */
	const char		*bounce_status;		/* "5.1.1" or NULL */
};

/*
 * Classifies m.  office_address is the office mailbox (local@domain);
 * xloop the X-Loop value the office puts on its mail, NULL meaning the
 * office address.
 */
void		 classify_message(const struct message *m,
		    const char *office_address, const char *xloop,
		    struct classify_result *out);

/* "human", "auto-reply", "bounce", "list", "loop". */
const char	*classify_kind_name(enum classify_kind);

/*
 * The plus-part (VERP or reply token) of the first recipient of the form
 * office_local+X@office_domain, any case, looked for in Delivered-To,
 * X-Original-To, To, then Cc.  X is lower-cased, made only of
 * [a-z0-9._=-], and the local part is at most 64 characters; NULL when
 * there is none.  The caller frees the result (malloc).
 */
char		*classify_plus_token(const struct message *m,
		    const char *office_address);

#endif
