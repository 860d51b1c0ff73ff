/*
 * route.h - where a human mail belongs, in this order (issue 3):
 *   1. a reply token: the plus-part of To, Cc, Delivered-To or
 *      X-Original-To (gongkai+TOKEN@domain); then a token inside an
 *      office Message-ID in In-Reply-To or References; then the
 *      回复码 printed in the body;
 *   2. the thread: In-Reply-To or References naming a mail of a case;
 *   3. the [PREFIX-YYYY-NNNN] tag in the Subject;
 *   4. a new request, when the mail was addressed to the bare office
 *      address;
 *   5. otherwise the holding pen, with a reason code.
 * Pure apart from the lookups the caller supplies.  Bounces: see
 * route_bounce_case() below.
 */
#ifndef GK_ROUTE_H
#define GK_ROUTE_H

#define ROUTE_TOKEN_MAX	64

enum route_kind {
	ROUTE_TOKEN,	/* a command reply: case_id and token set */
	ROUTE_THREAD,	/* joins case_id */
	ROUTE_TAG,	/* joins case_id */
	ROUTE_NEW,	/* opens a new request */
	ROUTE_PEN,	/* the holding pen: reason set */
};

struct route_input {
	const char		*office_address;	/* local@domain */
	const char		*case_prefix;		/* "GK" */
	const char *const	*recipients;	/* To, Cc, Delivered-To, X-Original-To */
	const char		*in_reply_to;
	const char *const	*references;
	const char		*subject;
	const char		*text;
};

struct route_lookup {
	/* The case a token or Message-ID belongs to (caller frees); NULL. */
	char	*(*by_token)(void *, const char *token);
	char	*(*by_message_id)(void *, const char *msgid);
	/* 1 when the case takes mail, 0 when closed, -1 when unknown. */
	int	 (*is_open)(void *, const char *case_id);
	void	*arg;
};

struct route_result {
	enum route_kind	 kind;
	char		*case_id;	/* the caller's to free */
	char		*token;		/* the caller's to free */
	const char	*via;		/* static: how it was found */
	const char	*reason;	/* static: for ROUTE_PEN */
};

void	route_mail(const struct route_input *, const struct route_lookup *,
	    struct route_result *);
void	route_result_clear(struct route_result *);

/*
 * Bounces and automatic replies (classify.h), which are routed apart
 * from a person's mail: route_is_verp() tells whether a recipient is one
 * of the office's envelope senders (address.h), the address a delivery
 * report is believed at; route_bounce_case() says which case such a
 * report or reply concerns: the case named in an envelope sender, the
 * original Message-ID the report quotes (orig_msgid, may be NULL),
 * In-Reply-To, References, then the subject's tag.  A case named in an
 * address or a tag counts only if it exists (lk->is_open() is not -1);
 * NULL when none does.  The caller frees it.
 */
int	 route_is_verp(const char *addr, const char *office_address);
char	*route_bounce_case(const struct route_input *,
	    const char *orig_msgid, const struct route_lookup *);

/* address_plus_part() of address.h, as routing reads it. */
char	*route_plus_part(const char *addr, const char *office_address);
/* The case id named by a [PREFIX-YYYY-NNNN] tag in subject; NULL if none. */
char	*route_subject_tag(const char *subject, const char *prefix);
/* 1 if s is a well-formed token (base32, 16 to 64 characters). */
int	 route_token_syntax(const char *s);

#endif
