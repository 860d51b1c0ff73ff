/*
 * workflow.h - the request lifecycle as ONE transition table:
 * (state, role, command) -> (next state, next step, effects).  Pure: it
 * decides, the caller (request.c) carries the effects out in the same
 * transaction.  doc/lifecycle.md; the states as in its "States".
 *
 * Who holds a case: the step.  received/drafting: the handler; review:
 * one level of the chain responsible -> supervising -> approver;
 * correction: the applicant; consulting: the third party; fee: the
 * handler (who confirms PAID); extension: the head; secrecy: the
 * approver, whose approval found classification markings (screen.h) and
 * whose CLEARED lets the answer go.  Only the holder's
 * token can command (token.h), so a rule names the holder's role.
 */
#ifndef GK_WORKFLOW_H
#define GK_WORKFLOW_H

#include "command.h"

/*
 * The states of a case, the one list: the enum, the word the database
 * stores (cases.state), who the case waits for, and the words mails and
 * `show` use.  OFFICE: someone of the office holds it and the answer
 * clock runs; OUTSIDE: it waits for the applicant or a third party (the
 * clock stands still or a window of theirs runs); CLOSED: it takes no
 * more mail or commands.  Nothing outside workflow.c compares state
 * words: it parses them (workflow_state_parse()) and asks this list.
 */
#define WF_STATES(X)							\
	X(RECEIVED,   "received",   OFFICE,  "已受理，待经办", "received") \
	X(CORRECTION, "correction", OUTSIDE, "待申请人补正",		\
	    "awaiting correction")					\
	X(DRAFTING,   "drafting",   OFFICE,  "经办中", "drafting")	\
	X(REVIEW,     "review",     OFFICE,  "审核中", "under review")	\
	X(EXTENSION,  "extension",  OFFICE,  "延期待批",		\
	    "extension awaiting the head")				\
	X(CONSULTING, "consulting", OUTSIDE, "征求第三方意见中",		\
	    "consulting a third party")					\
	X(AGENCY,     "agency",     OUTSIDE, "征求其他机关意见中",	\
	    "consulting another agency")				\
	X(FEE,        "fee",        OUTSIDE, "待缴费", "awaiting payment") \
	X(ANSWERED,   "answered",   CLOSED,  "已答复", "answered")	\
	X(WITHDRAWN,  "withdrawn",  CLOSED,  "已撤回", "withdrawn")	\
	X(SECRECY,    "secrecy",    OFFICE,				\
	    "保密审查暂停，待审批人确认", "held by the secrecy check")	\
	X(PUBLISHED,  "published",  CLOSED,  "已发布", "published")

enum wf_state {
#define WF_STATE_ENUM(e, word, holder, zh, en)	WF_##e,
	WF_STATES(WF_STATE_ENUM)
#undef WF_STATE_ENUM
	WF_NSTATES
};

/* Who a state waits for (the third column of WF_STATES). */
enum wf_holder {
	WF_HOLDER_OFFICE,
	WF_HOLDER_OUTSIDE,
	WF_HOLDER_CLOSED,
};

/*
 * The same classes as SQL lists, for the queries and the partial indexes
 * of store.c (an index is used only when a query spells its WHERE the
 * same way, so these are literal); test_workflow checks them against
 * WF_STATES.
 */
#define WF_SQL_CLOSED	"'answered', 'withdrawn', 'published'"
#define WF_SQL_OUTSIDE	"'correction', 'consulting', 'agency', 'fee'"

/*
 * The kinds of case the transition table has rows for, with the word
 * cases.kind stores.  Items for publication (doc/lifecycle.md, "Items
 * for publication") have their own chains:
 *	proactive	responsible -> supervising -> approver -> published
 *	news		responsible (-> leader when 重大) -> supervising
 *			(-> principal on ESCALATE) -> published
 *	business	responsible (-> leader when 重大) -> supervising
 *			-> published
 * REJECT goes one level down (from the first, to the handler, who sends
 * a new text with REVISE); REVISE sends a new text one level up.
 */
#define WF_KINDS(X)							\
	X(REQUEST,   "request")		/* 依申请公开 */		\
	X(PROACTIVE, "proactive")	/* 主动公开 */			\
	X(NEWS,      "news")		/* 动态类信息, 内网转外网 */	\
	X(BUSINESS,  "business")	/* 业务相关信息 */

enum wf_kind {
#define WF_KIND_ENUM(e, word)	WF_KIND_##e,
	WF_KINDS(WF_KIND_ENUM)
#undef WF_KIND_ENUM
};

/* What the caller must do; several may be set. */
enum wf_effect {
	WF_FX_DRAFT		= 1 << 0,	/* keep the draft (and TYPE) */
	WF_FX_NOTIFY		= 1 << 1,	/* notify the new holder */
	WF_FX_CORRECTION	= 1 << 2,	/* 补正告知书 to the applicant */
	WF_FX_CONSULT		= 1 << 3,	/* 征求意见书 to the third party */
	WF_FX_FEE		= 1 << 4,	/* 收费通知书 to the applicant */
	WF_FX_PAUSE		= 1 << 5,	/* stop the answer clock */
	WF_FX_RESUME		= 1 << 6,	/* start it again */
	WF_FX_EXT_REQUEST	= 1 << 7,	/* ask the head */
	WF_FX_EXTEND		= 1 << 8,	/* +20 working days, notice */
	WF_FX_ANSWER		= 1 << 9,	/* 答复书 to the applicant */
	WF_FX_ASSIGN		= 1 << 10,	/* another division */
	WF_FX_SET		= 1 << 11,	/* correct an applicant field */
	WF_FX_TELL_HANDLER	= 1 << 12,	/* pass an opinion or refusal on */
	WF_FX_RESTART		= 1 << 13,	/* the answer period restarts */
	WF_FX_SECRECY		= 1 << 14,	/* held: alerts, ask approver */
	WF_FX_CLEARED		= 1 << 15,	/* a hold cleared: record it */
	WF_FX_SILENT		= 1 << 16,	/* the third party let its
						 * window pass (Art. 32) */
	WF_FX_ABANDONED		= 1 << 17,	/* deemed abandoned: no
						 * correction or no payment */
	WF_FX_CORRECTED		= 1 << 18,	/* a correction to a late
						 * notice: fields only, the
						 * clock not restarted */
	WF_FX_AGENCY		= 1 << 19,	/* 征求意见函 to another
						 * agency (Art. 34); the
						 * applicant told */
	WF_FX_ASK_REASON	= 1 << 20,	/* ask the applicant for
						 * reasons (Art. 35) */
	WF_FX_DEFER		= 1 << 21,	/* a later due date, notice
						 * (Art. 35) */
	WF_FX_WITHDRAW		= 1 << 22,	/* withdrawn: confirmation */
	WF_FX_PUBLISH		= 1 << 23,	/* an item: page, column
						 * index and feed written */
};

/*
 * The slice of a case the table reads.  The dates are day numbers
 * (calendar.h), 0 when unknown; the guards that read them (the law's
 * time limits, doc/lifecycle.md) then let the step through.
 */
struct wf_case {
	enum wf_state		 state;
	enum command_role	 step;
	enum wf_state		 resume;	/* after extension */
	int			 correction_used;	/* once only */
	int			 extension_used;	/* once only */
	enum wf_kind		 kind;
	enum command_role	 resume_step;	/* who asked for it; the
						 * applicant (0): the handler */
	const char		*answer_type;	/* the TYPE an ANSWER gives */
	int			 today;
	int			 due;		/* the answer due date */
	int			 correction_last; /* last day for a
						 * correction notice (Art. 30) */
	int			 late_allowed;	/* the secretariat allowed a
						 * late correction notice */
	int			 third_party_objected; /* the third party's
						 * last opinion: OBJECT */
	int			 draft_has_reason; /* the draft states why the
						 * office discloses anyway
						 * (command_disclose_reason()) */
	int			 reason_asked;	/* ASK-REASON sent (Art. 35) */
	int			 defer_to;	/* DEFER's date */
	int			 attachments;	/* the command mail has some */
	int			 major;		/* an item's 重大事项 = 是 */
};

struct wf_outcome {
	enum wf_state		 next;
	enum command_role	 step;
	unsigned		 effects;
	const char		*refusal;	/* static, bilingual; NULL if applied */
	const char		*help;		/* a guard's refusal: the help
						 * template that cites the law */
};

/*
 * Decides what `cmd` from `role` does to a case.  0 with *out filled when
 * it applies; -1 with out->refusal when the state does not allow it
 * (nothing is to change), and out->help too when the law forbids the
 * step now (a guard: EXTEND, the head's approval or FEE after the due
 * date, a correction notice after its last day, still-unclear without a
 * correction asked and received, a draft that discloses over a third
 * party's objection without saying why (Art. 32), excessive or DEFER
 * before ASK-REASON, DEFER to a day not after the due date, the handler's
 * WITHDRAW without the applicant's statement attached).
 */
int		 workflow_apply(const struct wf_case *, enum command_role role,
		    enum command_kind cmd, struct wf_outcome *out);

/* A correction arriving from the applicant (state correction). */
int		 workflow_correction_received(const struct wf_case *,
		    struct wf_outcome *);

/*
 * The secrecy check found something in an answer the approver has just
 * approved (out came from workflow_apply() with WF_FX_ANSWER), or in an
 * item about to be published (WF_FX_PUBLISH): *out becomes the hold
 * instead (state secrecy at the approver, WF_FX_SECRECY).  What the
 * approver CLEARED (WF_FX_CLEARED) is not checked again.
 */
void		 workflow_secrecy_hold(const struct wf_case *,
		    struct wf_outcome *);

/* The daemon closing a case for lack of correction or of payment. */
int		 workflow_expire(const struct wf_case *, struct wf_outcome *);

/* The applicant withdraws the request (any open state). */
int		 workflow_withdraw(const struct wf_case *, struct wf_outcome *);

/* The third party's or the consulted agency's window passed without an
 * opinion (state consulting or agency). */
int		 workflow_silence(const struct wf_case *, struct wf_outcome *);

/* "request", "proactive", "news", "business"; parse: 0, or -1. */
const char	*workflow_kind_name(enum wf_kind);
int		 workflow_kind_parse(const char *, enum wf_kind *);

const char	*workflow_state_name(enum wf_state);
int		 workflow_state_parse(const char *, enum wf_state *);
/* The words a mail or `show` uses: lang "en" or Chinese. */
const char	*workflow_state_words(enum wf_state, const char *lang);
enum wf_holder	 workflow_state_holder(enum wf_state);
/* 1 when the case still takes mail and commands. */
int		 workflow_is_open(enum wf_state);
/* The same for a stored word; an unknown word is open (never lost). */
int		 workflow_word_is_open(const char *);

#endif
