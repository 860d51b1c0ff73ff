/*
 * role.h - who acts on a case: one list of the roles, each with its enum,
 * the word the database and the configuration use for it (a case's and a
 * token's step; the key of the role's address in [office] or [division
 * NAME]), whether that key is required, and the one title every mail
 * gives it.  Everything else that names a role reads this list: the
 * command grammar (command.c), the configuration table (config.c), the
 * mails (request.c, sweep.c) and the template variables that carry a
 * role (step_role, review_level, rejected_by).
 *
 * Pure: no I/O.  Every string returned is static; an unknown role or
 * word gives NULL or -1, never a crash.
 */
#ifndef GK_ROLE_H
#define GK_ROLE_H

/*
 * X(ENUM, word, where, required, 中文, English step, English person)
 *
 * `word` is a bare token: its spelling is the stored word, the config
 * key and the member of struct config (office.word) or config_division
 * (word).  `where` is CASE (the address comes from the case: no config
 * key), OFFICE or DIVISION.  The Chinese title is the one every mail
 * uses, as a step (当前环节：责任处室审核) and as a person (已被责任处室审核
 * 退回); the English step word is for English mails, the English person
 * for the command help ("not a command a handler may give").
 */
#define ROLE_LIST(X)							\
	X(APPLICANT, applicant, CASE, 0, "申请人",			\
	    "applicant", "the applicant")				\
	X(HANDLER, handler, DIVISION, 1, "经办人员",			\
	    "handler", "a handler")					\
	X(RESPONSIBLE, responsible, DIVISION, 1, "责任处室审核",	\
	    "responsible review", "a responsible-division reviewer")	\
	X(SUPERVISING, supervising, OFFICE, 1, "主管处室审核",		\
	    "supervising review", "a supervising-division reviewer")	\
	X(APPROVER, approver, OFFICE, 1, "审批",			\
	    "approval", "the approver")					\
	X(LEADER, leader, DIVISION, 0, "分管办领导审核",		\
	    "leader", "the division leader")				\
	X(HEAD, head, OFFICE, 1, "政府信息公开工作机构负责人",		\
	    "head", "the office head")					\
	X(PRINCIPAL, principal, OFFICE, 0, "主要负责人",		\
	    "principal", "the office's principal")			\
	X(SECRETARIAT, secretariat, OFFICE, 1, "秘书处",		\
	    "secretariat", "the secretariat")				\
	X(THIRD_PARTY, third_party, CASE, 0, "第三方",			\
	    "third party", "a third party")

/* The enum keeps the name the command grammar gave it first. */
enum command_role {
#define ROLE_ENUM(e, w, where, req, zh, en, enp)	COMMAND_ROLE_##e,
	ROLE_LIST(ROLE_ENUM)
#undef ROLE_ENUM
};

#define ROLE_COUNT	(COMMAND_ROLE_THIRD_PARTY + 1)

/* "responsible": the stored word and config key; NULL if unknown. */
const char	*role_word(enum command_role);
/* The role whose word is `word`: 0, or -1 (*rolep untouched). */
int		 role_parse(const char *word, enum command_role *rolep);
/*
 * The title in lang "zh" (责任处室审核) or "en" (responsible review);
 * the Chinese one for any other lang; NULL if the role is unknown.
 */
const char	*role_title(enum command_role, const char *lang);
/* For an English sentence: "a responsible-division reviewer". */
const char	*role_person_en(enum command_role);
/* The title for a stored word, or the word itself if it names no role. */
const char	*role_title_of(const char *word, const char *lang);

#endif
