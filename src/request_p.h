/*
 * request_p.h - what the parts of the request lifecycle share (private:
 * only request*.c include it).  The lifecycle is four files:
 *
 *	request.c	 the entry points ingest and the sweep call: a new
 *			 request, a command reply, other mail in a thread, an
 *			 expiry; each decides through workflow.c and hands the
 *			 outcome to the executor
 *	request_exec.c	 the executor: one row per effect (its change to the
 *			 case, its mail), and case_write(), the one function
 *			 that writes a case's state, step and version
 *	request_auth.c	 who may change a case: a command's token and sender,
 *			 the applicant's token, and the notices when they may
 *			 not (refused, held)
 *	request_send.c	 dates, template variables, rendering a template and
 *			 queuing it with its token (the one "render and
 *			 queue" of a case's mail), notifying the holder
 */
#ifndef GK_REQUEST_P_H
#define GK_REQUEST_P_H

#include <glib.h>

#include "calendar.h"
#include "command.h"
#include "request.h"
#include "workflow.h"

struct applicant_fields;
struct config;
struct outbox_attachment;
struct secrecy_hits;
struct store_attachment;
struct store_case;
struct store_token;
struct template_var;

/* Template variables: every known name present, "" unless set. */
struct vars {
	struct template_var	*v;
	char			**val;
	size_t			 n;
};

/* Attachments of mail `mail_id`, for an answer. */
struct attlist {
	struct outbox_attachment *v;
	size_t		 n;
};

/*
 * One decision being carried out: the case, who took it (a command from
 * `role`; cmd is NULL when the applicant's correction or the daemon's
 * sweep did), what workflow.c decided, and what the effects hand on to
 * their mails.
 */
struct exec {
	struct request_ctx		*ctx;
	struct store_case		*c;
	enum command_role		 role;
	const struct command		*cmd;
	const struct wf_outcome		*out;
	GString				*result;	/* for the transcript */
	const char			*comment;	/* for the holder */
	const struct secrecy_hits	*hits;		/* what held it */
	const char			*line;		/* as written */
	enum request_expiry		 what;		/* an expiry: which, */
	const char			*start;		/* since, */
	const char			*deadline;	/* until */
	int				 resume_to;	/* clock runs again */
	int				 today;
	char				*prev_state;	/* before the change */
	char				*old_due;
	char				*fee_lines;
	int	(*mail)(struct exec *);		/* the effect's, running */
};

/* request_send.c: dates in the office's calendar and time zone */
int		 rq_today(const struct request_ctx *);
char		*rq_date_iso(int d, char buf[CALENDAR_DATE_LEN]);
char		*rq_date_words(const char *iso, const char *lang);
char		*rq_add_days(const struct request_ctx *, int from, int n,
		    int *provisional);
int		 rq_parse_date(const char *iso);

/* request_send.c: template variables */
void		 rq_vars_init(struct vars *);
void		 rq_var(struct vars *, const char *name, const char *value);
void		 rq_var_take(struct vars *, const char *name, char *value);
void		 rq_var_deadline(struct vars *, const char *name,
		    const char *by, const char *iso, const char *lang);
void		 rq_vars_free(struct vars *);
void		 rq_vars_case(struct vars *, const struct request_ctx *,
		    const struct store_case *, const char *lang);
void		 rq_vars_applicant_masked(struct vars *,
		    const struct store_case *);
int		 rq_var_remedy(const struct request_ctx *, struct vars *,
		    const char *type, const char *lang);

/* request_send.c: the case as the rest sees it */
enum command_role rq_case_step(const struct store_case *);
void		 rq_case_slice(const struct store_case *, struct wf_case *);
int		 rq_case_clock(struct request_ctx *, const struct store_case *,
		    struct wf_case *);
int		 rq_third_party_objected(struct request_ctx *,
		    const struct store_case *);
char		*rq_third_party_name(const char *question);

const char	*rq_role_address(const struct config *,
		    const struct store_case *, enum command_role);
const char	*rq_role_name(const struct config *,
		    const struct store_case *, enum command_role);
struct applicant_fields *rq_case_fields(const struct store_case *);
void		 rq_fields_to_case(const struct applicant_fields *,
		    struct store_case *);
/* An item's secrecy review at its final approval (request_exec.c's
 * fx_publish; request_item.c's 审核表 row). */
#define ITEM_SECRECY_REVIEW	"secrecy-review"
#define ITEM_SECRECY_PASSED	"passed: no classification marking in the " \
	"text or the attachments"
#define ITEM_SECRECY_CLEARED	"cleared: the approver's secrecy review " \
	"(CLEARED)"
int		 rq_event(struct request_ctx *, const char *case_id,
		    const char *type, const char *actor, const char *detail);

/* request_send.c: mail */
int		 rq_collect_attachment(void *, const struct store_attachment *);
void		 rq_attlist_free(struct attlist *);
int		 rq_send_mail_in(struct request_ctx *,
		    const struct store_case *, const char *name, const char *to,
		    int role, struct vars *, const struct attlist *,
		    const char *in_reply_to);
int		 rq_send_mail(struct request_ctx *, const struct store_case *,
		    const char *name, const char *to, int role, struct vars *,
		    const struct attlist *);
int		 rq_notify_step(struct request_ctx *, const struct store_case *,
		    struct vars *);

/*
 * request_doc.c: formal documents.  rq_doc_number() gives a document
 * template's mail its number (the "doc_number" variable; d->kind is -1
 * for any other template), rq_doc_make() its PDF in the spool and, for a
 * translated one, its Chinese-first text and subject, rq_doc_record() its
 * row once queued.  rq_doc_pass() runs mail(arg) as the case's documents
 * need: twice for an applicant who wrote in English (a first, Chinese
 * pass whose documents rq_doc_keep() holds while rq_doc_keeping() says
 * so, nothing else being sent), else once.
 */
struct rq_doc {
	int		 kind;		/* enum docnum_kind; -1: none */
	const char	*series;
	const char	*format;
	int		 year;
	long long	 n;
	char		*number;
	char		 issued[CALENDAR_DATE_LEN];
	char		*pdf_path;	/* in the spool */
	char		 sha256[65];
	size_t		 size;
	char		*filename;	/* the attachment's name */
	int		 translated;
};
int		 rq_doc_translated(const struct store_case *);
int		 rq_doc_pass(struct request_ctx *, struct store_case *,
		    int (*mail)(void *), void *arg);
int		 rq_doc_keeping(const struct request_ctx *);
void		 rq_doc_keep(struct request_ctx *, const char *name,
		    char *subject, char *body);
int		 rq_doc_number(struct request_ctx *, const char *name,
		    struct vars *, struct rq_doc *);
int		 rq_doc_make(struct request_ctx *, const struct store_case *,
		    const char *name, const char *lang, struct vars *,
		    struct rq_doc *, char **subject, char **body);
int		 rq_doc_record(struct request_ctx *, const struct store_case *,
		    const char *name, const struct rq_doc *,
		    const char *message_id);
void		 rq_doc_clear(struct rq_doc *);
/* A repeated request's answer: the earlier answer of the case its draft
 * names (PREFIX-YYYY-NNNN), as "earlier_number" and "notice_date". */
int		 rq_doc_earlier(struct request_ctx *, const struct store_case *,
		    struct vars *, const char *lang);

/* request_auth.c */
const char	*rq_authorise(struct request_ctx *, const struct store_token *,
		    const struct store_case *);
int		 rq_refuse(struct request_ctx *, const struct store_case *,
		    const struct store_token *, const char *code,
		    const char *command);
const char	*rq_applicant_trust(struct request_ctx *,
		    const struct store_case *, const char *token);
int		 rq_held(struct request_ctx *, const struct store_case *,
		    const char *why);

/* request_exec.c */
int		 rq_execute(struct exec *);
int		 rq_screen_answer(struct request_ctx *,
		    const struct store_case *, struct secrecy_hits *);

/* request_auth.c: DMARC as doc/mail.md says, for the single From. */
struct message;
int		 rq_dmarc_pass(const struct config *,
		    const struct message *);

/* request_item.c: an item's 审核表 as submitted (its history): 1 and *f
 * (form_clear() it), 0 when c is no item or has none, -1. */
struct form;
int		 request_item_form(struct request_ctx *,
		    const struct store_case *, struct form *f);
/* request_item.c: whether a draft holds the line 增补主动公开[：栏目];
 * *column (NULL when not wanted) the column named, *text the draft
 * without that line (both the caller's). */
int		 rq_item_catalogue_flag(const char *draft, char **column,
		    char **text);
/* request_item.c: WF_FX_ANSWER, the answer sent: a flagged answer that
 * discloses opens a proactive item (seed §8.1).  0 or -1. */
int		 rq_item_catalogue(struct request_ctx *,
		    const struct store_case *);
/* request_item.c: WF_FX_PUBLISH, the case written published: its page,
 * its column's index and the feed under [publish] dir; a "published"
 * event.  -1 when a file cannot be written (nothing is committed). */
int		 rq_item_publish(struct request_ctx *,
		    const struct store_case *);

#endif
