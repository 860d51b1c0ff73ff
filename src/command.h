/*
 * command.h - the command grammar of doc/mail.md: the command
 * on the first line of a reply's authored text (quote.h), in English or
 * Chinese, read in the light of the sender's role at that step.  Pure: no
 * I/O, no clock.
 *
 * The grammar.  The first non-blank line holds the command.  Keywords are
 * matched at its start, after full-width folding and without case for
 * English; the longest keyword wins (不同意 is a reject, 原则同意 an
 * approval).  After the keyword only the end of the line, a separator
 * (':' ',' '、' '-' blank) or '.' '。' '!' may follow.  The rest of the line
 * and the lines after it are the argument, trimmed.  The text is cut at
 * its signature ("-- ", a mobile signature: quote_cut_signature()) before
 * anything else is read, so nothing below it counts; comments and reasons
 * also lose a trailing sign-off by the exact rule at the top of quote.c
 * (the sender's own name or address, or a closing followed by a name),
 * unless that would leave a required reason empty.  A decision (approve,
 * reject, agree, object) followed by a line that is a different decision
 * is ambiguous.
 *
 * Roles.  A keyword is read for the role: to a third party 同意, 同意公开
 * and APPROVE are AGREE, 不同意, 不同意公开 and REJECT are OBJECT; to staff
 * 同意公开 is an approval and 不同意公开 a reject.  Each role gives only its
 * own commands (command_role_allows()); whether a command fits the case's
 * state is the workflow's business, not this module's.
 *
 * Failure.  command_parse() never fails: a mail without a valid command
 * gives kind COMMAND_NONE, a help code saying why, and a reason in
 * Chinese and English for the help reply; nothing is to be applied.
 *
 * All memory belongs to the caller: free a command with command_free()
 * (command_free(NULL) is a no-op); strings returned as char * are
 * malloc'd, const char * are static.
 */
#ifndef GK_COMMAND_H
#define GK_COMMAND_H

#include "role.h"	/* enum command_role */

enum command_kind {
	COMMAND_NONE,		/* nothing to apply: see help and reason */
	COMMAND_APPROVE,	/* argument: optional comment */
	COMMAND_REJECT,		/* argument: the reason (required) */
	COMMAND_REVISE,		/* argument: the revised draft */
	COMMAND_ANSWER,		/* type; argument: the draft answer */
	COMMAND_CORRECTION,	/* argument: what to supply (required) */
	COMMAND_EXTEND,		/* argument: the reason (required) */
	COMMAND_CONSULT,	/* address; argument: what is asked */
	COMMAND_AGREE,		/* argument: optional reason */
	COMMAND_OBJECT,		/* argument: the reason (required) */
	COMMAND_FEE,		/* amount; argument: the basis */
	COMMAND_PAID,		/* argument: optional note */
	COMMAND_ASSIGN,		/* division */
	COMMAND_SET,		/* field, value */
	COMMAND_ESCALATE,	/* argument: optional note */
	COMMAND_NOTE,		/* argument: the text (required) */
	COMMAND_CLEARED,	/* a secrecy hit; argument: the reason
				   (required) */
	COMMAND_CONSULT_AGENCY,	/* address; argument: what is asked
				   (Art. 34) */
	COMMAND_ASK_REASON,	/* argument: the question to the applicant
				   (required; Art. 35) */
	COMMAND_DEFER,		/* date; argument: the reason (required;
				   Art. 35) */
	COMMAND_WITHDRAW,	/* argument: the applicant's statement */
};

/* Why a mail holds no command. */
enum command_help {
	COMMAND_HELP_NONE,		/* it holds one */
	COMMAND_HELP_EMPTY,		/* nothing authored above the quote */
	COMMAND_HELP_NO_KEYWORD,	/* first line: no keyword */
	COMMAND_HELP_TEXT_BEFORE,	/* 我不同意: text before the keyword */
	COMMAND_HELP_NOT_FIRST,		/* "Hi," then APPROVE */
	COMMAND_HELP_QUESTION,		/* 同意吗？, approve? */
	COMMAND_HELP_TRAILING,		/* APPROVEX: not a separator */
	COMMAND_HELP_TWO_DECISIONS,	/* APPROVE then REJECT */
	COMMAND_HELP_ROLE,		/* not a command of this role */
	COMMAND_HELP_MISSING,		/* a required argument is missing */
	COMMAND_HELP_TYPE,		/* unknown or daemon-only TYPE */
	COMMAND_HELP_AMOUNT,		/* unreadable amount */
	COMMAND_HELP_ADDRESS,		/* unreadable address */
	COMMAND_HELP_FIELD,		/* unknown applicant field */
	COMMAND_HELP_DATE,		/* unreadable date */
};

struct command {
	enum command_kind	 kind;
	enum command_help	 help;
	char			*keyword;	/* as written; NULL if none */
	char			*argument;	/* never NULL; "" if none */
	char			*type;		/* ANSWER: canonical TYPE */
	long long		 amount;	/* FEE: in fen (分); else -1 */
	char			*address;	/* CONSULT, CONSULT-AGENCY:
						   local@domain */
	char			*date;		/* DEFER: YYYY-MM-DD */
	char			*division;	/* ASSIGN: as written */
	char			*field;		/* SET: the label, 姓名 */
	char			*value;		/* SET: the new value */
	char			*reason;	/* COMMAND_NONE: for the help
						   reply; NULL otherwise */
};

/* The largest FEE accepted, in fen. */
#define COMMAND_AMOUNT_MAX	10000000000LL

/*
 * Reads the command in `authored` (the output of quote_authored()) sent by
 * someone holding `role` at the case's current step.  Never NULL.
 */
struct command	*command_parse(const char *authored, enum command_role role);

/* command_parse() knowing the sender's From display name and address
 * (each NULL if unknown), which the sign-off rule may drop. */
struct command	*command_parse_sender(const char *authored,
		    enum command_role role, const char *from_name,
		    const char *from_addr);
void		 command_free(struct command *);

/* "approve" ... "note"; "none" for COMMAND_NONE. */
const char	*command_kind_name(enum command_kind);

/* Role keys as in doc/mail.md, "Who writes" ("handler", "third_party"):
 * role_word() and role_parse() of role.h, "unknown" for no role. */
const char	*command_role_name(enum command_role);
int		 command_role_parse(const char *name, enum command_role *);

/* Whether `role` may give `kind` at all. */
int		 command_role_allows(enum command_role, enum command_kind);

/* The commands `role` may give, for a help reply: one line per command,
 * "APPROVE [comment] / 同意 [意见]". */
char		*command_usage(enum command_role);

/* The canonical answer TYPE for a TYPE or its Chinese row label
 * (已主动公开 -> "public-already"); NULL if unknown. */
const char	*command_answer_type(const char *word);

/*
 * The canonical TYPE written at p (a TYPE or an alias, the longest that
 * ends a word), the end through *endp and *daemon 1 when the daemon alone
 * sets it; NULL if none.
 */
const char	*command_answer_type_at(const char *p, const char **endp,
		    int *daemon);

/* The annual report's row for a canonical TYPE ("disclose" -> 予以公开);
 * NULL if unknown. */
const char	*command_answer_label(const char *type);
/*
 * The reason a draft gives for disclosing over a third party's objection
 * (条例 Art. 32): the text after "公开理由" (or "Reason for disclosure")
 * and a colon at the start of a line, to the end of the draft; NULL
 * when there is none or it is empty.  Malloc'd.
 */
char		*command_disclose_reason(const char *draft);

#endif
