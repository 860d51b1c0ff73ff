/*
 * request.h - the request lifecycle by email (doc/mail.md, doc/lifecycle.md):
 * what a new request, a command reply, or another mail in a case's
 * thread does.  Called by ingest.c inside its transaction, so that the
 * change of state, its events, its tokens and the mails it causes (the
 * outbox) are committed together with the mail itself.
 *
 * Each function returns 0 when the mail was dealt with (applied, refused
 * with a notice, or answered with help) and -1 when the environment
 * failed (the caller rolls back and retries later).
 */
#ifndef GK_REQUEST_H
#define GK_REQUEST_H

#include <stddef.h>
#include <time.h>

struct config;
struct message;
struct store;

struct request_ctx {
	const struct config	*cfg;
	struct store		*st;
	const struct message	*msg;
	long long		 mail_id;
	time_t			 now;
	/* when the mail reached the office's mailbox (<= now; ingest.h) */
	time_t			 arrived;
	/* a request by another channel (ingest.h); NULL: mail */
	const char		*channel;
	/* set by the functions: a word for the log and `ingest` output */
	const char		*result;
	/* request_doc.c's, while a translated document is made */
	struct rq_docpass	*docpass;
};

/*
 * Whether a new request from addr may be acknowledged today (the
 * office's day of `now`): 1 while fewer than [security]
 * ack_limit_address acknowledgments went to addr and fewer than
 * ack_limit_domain to its domain, else 0; -1 on error.
 */
int	request_ack_allowed(const struct config *, struct store *,
	    const char *addr, time_t now);
/*
 * Opens a request for `msg`; its id into case_id (at least 32 bytes).
 * With ctx->channel (`gongkai open`), a "channel" event dated by the
 * receipt records it; without an applicant address the acknowledgment is
 * not mailed but written, for printing, as REQUEST_ACK_FILE.txt and .html
 * in the case's folder of the spool (request_ack_dir()), and an
 * "ack-printed" event names the files.
 */
int	request_open(struct request_ctx *, char *case_id, size_t len);
#define REQUEST_ACK_FILE	"ack"
/* The case's folder of the spool (created when written); the caller's. */
char	*request_ack_dir(const struct config *, const char *case_id);
/*
 * Items for publication (request_item.c, doc/lifecycle.md): a mail whose
 * subject begins [主动公开], [动态], [内网转外网] or [业务].
 * request_item_kind() says which (FORM_NONE: none);
 * request_item_sender_ok() whether its sender may submit one (one From,
 * a division's handler compared without case, DMARC when required);
 * request_item_open() opens the item at its first review (0, its id in
 * case_id), or answers every fault of the 审核表 in one reply and opens
 * nothing (1), or -1.  request_item_division(): the division whose
 * handler addr is, NULL if none.
 */
struct config_division;
int	request_item_kind(const struct message *);
const struct config_division *request_item_division(const struct config *,
	    const char *addr);
int	request_item_sender_ok(const struct request_ctx *);
int	request_item_open(struct request_ctx *, char *case_id, size_t len);
/* An item's 审核表 as form_print.c prints it (text, or HTML when html),
 * every review from its history; NULL when c is no item.  Malloc'd. */
struct store;
struct store_case;
char	*request_item_sheet(const struct config *, struct store *,
	    const struct store_case *, int html);
/* The event that names an item's 审核表 as archived when it was
 * published: "PATH SHA256", PATH in the spool. */
#define ITEM_FORM_ARCHIVED	"form-archived"
/*
 * What was published (gongkai published): fn is called for each
 * published item, newest first, with its column, its page (NULL without
 * [publish] dir), the detail of its event "late" (NULL: on time or no
 * clock), its chain as the 审核表 lists it and its webhook call (the
 * last).  0, or -1 (fn's -1 too).
 */
struct form_review;
struct request_published {
	const struct store_case	*c;
	const char		*column;
	const char		*page;
	const char		*late;
	const struct form_review *chain;
	size_t			 nchain;
	const char		*webhook;	/* its call's state; NULL: none */
	long long		 webhook_attempts;
	const char		*webhook_key;
	time_t			 webhook_done;	/* accepted or failed at */
};
int	request_item_published(const struct config *, struct store *,
	    int (*fn)(void *, const struct request_published *), void *arg);
/*
 * REPEAL (废止; `gongkai case ITEM REPEAL [note]`): a published proactive
 * item whose 类别 is 规章 or 行政规范性文件 is repealed, recorded as its
 * event ITEM_REPEALED_EVENT (once) with `actor` and the note, so that
 * table 二 counts it as 本年废止 and no longer 现行有效
 * (store_report_proactive() reads the event by this name).  0; 1 with
 * *why (static) when the case cannot take it; -1.
 */
#define ITEM_REPEALED_EVENT	"repealed"
int	request_item_repeal(struct store *, const char *case_id,
	    const char *actor, const char *note, time_t now,
	    const char **why);
/* A reply that carries `token` of case_id: authorise, parse, apply. */
int	request_reply(struct request_ctx *, const char *case_id,
	    const char *token);
/*
 * Any other mail in a case's thread (e.g. the applicant's 补正); token:
 * the applicant's token the mail carried (request_applicant_token()), or
 * NULL.  Mail that would change the case counts only with that token, one
 * From equal to the applicant and, with require_dmarc, DMARC; otherwise
 * it changes nothing and the handler is told (result "held").
 */
int	request_mail(struct request_ctx *, const char *case_id,
	    const char *token);
/* 1 when token was issued to a case's applicant (it commands nothing). */
int	request_applicant_token(struct store *, const char *token);

/* ------------------------------------------------- the deadline sweep */

struct template_var;

/*
 * Case mail from the deadline sweep (sweep.c): template `name` to `to`,
 * with what the templates may say about the case (staff view: identity
 * and phone numbers masked) and `extra` (names in the template table).
 * With role >= 0 it carries a reply token for that role, so the person
 * acts by replying to it.  `to` NULL: the handler of the case's
 * division.  Recorded like all case mail (mail-queued).  ctx->msg may be
 * NULL.
 */
int	request_case_mail(struct request_ctx *, const char *case_id,
	    const char *name, const char *to, int role,
	    const struct template_var *extra, size_t nextra);

/*
 * Whether a request lacks fields 条例 Art. 29 requires and had no
 * correction notice: 1 with *missing (the caller's; "证件类型、证件号码"),
 * 0 when not, -1.
 */
int	request_lacks_fields(struct store *, const char *case_id,
	    char **missing);

enum request_expiry {
	REQUEST_EXPIRE_CORRECTION,	/* no correction: other:no-correction */
	REQUEST_EXPIRE_FEE,		/* fee unpaid: other:fee-unpaid */
	REQUEST_EXPIRE_THIRD_PARTY,	/* silent: the case may proceed */
	REQUEST_EXPIRE_AGENCY,		/* the agency silent: consent
					 * (Art. 34) */
};

/*
 * A clock ran out; `start` is the day it started (the notice, the
 * letter) and `deadline` its last day, YYYY-MM-DD.  Correction or fee:
 * deemed abandoned, the case is answered with the daemon's TYPE and the
 * applicant gets the notice (no_correction_notice, fee_unpaid_notice).
 * Third party: the answer clock resumes (the pause ends on the
 * deadline), the handler holds the case again and is told, with a
 * token, that it may proceed (third_party_silent).  Returns 0 (also when
 * the case has left that state meanwhile: nothing is done) or -1.
 */
int	request_expire(struct request_ctx *, const char *case_id,
	    enum request_expiry, const char *start, const char *deadline);

/*
 * The secretariat allows a correction notice after its last day (条例
 * Art. 30; `gongkai case CASE ALLOW-LATE-CORRECTION reason`): recorded as
 * an event of REQUEST_EVENT_LATE_ALLOWED with `actor` and the reason, so
 * that the handler's CORRECTION goes; the correction it brings does not
 * restart the clock.  0; 1 with *why (static) when the case cannot take
 * it (closed, a correction already sent, no reason); -1.
 */
#define REQUEST_EVENT_LATE_ALLOWED	"late-correction-allowed"
int	request_allow_late_correction(struct store *, const char *case_id,
	    const char *actor, const char *reason, time_t now,
	    const char **why);

#endif
