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

enum wf_state {
	WF_RECEIVED,
	WF_CORRECTION,
	WF_DRAFTING,
	WF_REVIEW,
	WF_EXTENSION,
	WF_CONSULTING,
	WF_FEE,
	WF_ANSWERED,
	WF_WITHDRAWN,
	WF_SECRECY,		/* approved, held by the secrecy check */
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
};

/* The slice of a case the table reads. */
struct wf_case {
	enum wf_state		 state;
	enum command_role	 step;
	enum wf_state		 resume;	/* after extension */
	int			 correction_used;	/* once only */
	int			 extension_used;	/* once only */
};

struct wf_outcome {
	enum wf_state		 next;
	enum command_role	 step;
	unsigned		 effects;
	const char		*refusal;	/* static, bilingual; NULL if applied */
};

/*
 * Decides what `cmd` from `role` does to a case.  0 with *out filled when
 * it applies; -1 with out->refusal when the state does not allow it
 * (nothing is to change).
 */
int		 workflow_apply(const struct wf_case *, enum command_role role,
		    enum command_kind cmd, struct wf_outcome *out);

/* A correction arriving from the applicant (state correction). */
int		 workflow_correction_received(const struct wf_case *,
		    struct wf_outcome *);

/*
 * The secrecy check found something in an answer the approver has just
 * approved (out came from workflow_apply() with WF_FX_ANSWER): *out
 * becomes the hold instead (state secrecy at the approver, WF_FX_SECRECY).
 * Answers the approver CLEARED (WF_FX_CLEARED) are not checked again.
 */
void		 workflow_secrecy_hold(const struct wf_case *,
		    struct wf_outcome *);

/* The daemon closing a case for lack of correction or of payment. */
int		 workflow_expire(const struct wf_case *, struct wf_outcome *);

const char	*workflow_state_name(enum wf_state);
int		 workflow_state_parse(const char *, enum wf_state *);
/* 1 when the case still takes mail and commands. */
int		 workflow_is_open(enum wf_state);

#endif
