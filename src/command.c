/*
 * command.c - the command grammar.  Four tables say it all: the commands
 * (what each takes), the keywords (how each is written, and how a third
 * party reads it), the roles (who may give what) and the answer TYPEs
 * and applicant fields that arguments name.  The code only walks them.
 *
 * Text is read through folded characters (quote_fold()); what is kept
 * (keyword, argument, values) is copied from the text as written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "answer_items.h"
#include "command.h"
#include "quote.h"
#include "xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(k)		(1u << (k))

/* Characters of user text quoted in a reason, at most. */
#define QUOTE_CHARS	40
/* Characters of the first line searched for a misplaced keyword. */
#define SCAN_CHARS	1000

/* What the first line holds after the keyword. */
enum first_arg {
	FIRST_NONE,
	FIRST_TYPE,		/* ANSWER TYPE */
	FIRST_AMOUNT,		/* FEE AMOUNT */
	FIRST_ADDRESS,		/* CONSULT ADDRESS */
	FIRST_DIVISION,		/* ASSIGN DIVISION */
	FIRST_FIELD,		/* SET FIELD VALUE */
	FIRST_DATE,		/* DEFER DATE */
};

/* Flags of a command. */
#define CMD_TEXT	0x01	/* the argument text is required */
#define CMD_DECISION	0x02	/* approve, reject, agree, object */
#define CMD_COMMENT	0x04	/* a comment: drop a trailing sign-off */

static const struct command_spec {
	enum command_kind	 kind;
	const char		*name;
	enum first_arg		 first;
	int			 flags;
	const char		*usage;		/* "EN / 中文" */
	const char		*needs_zh;	/* what is required */
	const char		*needs_en;
} commands[] = {
	{ COMMAND_NONE, "none", FIRST_NONE, 0, "", "", "" },
	{ COMMAND_APPROVE, "approve", FIRST_NONE, CMD_DECISION | CMD_COMMENT,
	    "APPROVE [comment] / 同意 [意见]", "", "" },
	{ COMMAND_REJECT, "reject", FIRST_NONE,
	    CMD_TEXT | CMD_DECISION | CMD_COMMENT,
	    "REJECT: reason / 驳回：理由", "理由", "a reason" },
	{ COMMAND_REVISE, "revise", FIRST_NONE, 0,
	    "REVISE + the revised draft / 修改 + 修改稿", "", "" },
	{ COMMAND_ANSWER, "answer", FIRST_TYPE, 0,
	    "ANSWER TYPE + the draft answer / 答复 类型 + 答复书草稿",
	    "答复类型", "an answer TYPE" },
	{ COMMAND_CORRECTION, "correction", FIRST_NONE, CMD_TEXT | CMD_COMMENT,
	    "CORRECTION: what to supply / 补正：需补正的内容",
	    "需补正的内容", "what the applicant must supply" },
	{ COMMAND_EXTEND, "extend", FIRST_NONE, CMD_TEXT | CMD_COMMENT,
	    "EXTEND: reason / 延期：理由", "理由", "a reason" },
	{ COMMAND_CONSULT, "consult", FIRST_ADDRESS, 0,
	    "CONSULT ADDRESS + what is asked / 征求意见 地址 + 征求的内容",
	    "第三方的邮件地址", "the third party's address" },
	{ COMMAND_AGREE, "agree", FIRST_NONE, CMD_DECISION | CMD_COMMENT,
	    "AGREE [reason] / 同意公开 [理由]", "", "" },
	{ COMMAND_OBJECT, "object", FIRST_NONE,
	    CMD_TEXT | CMD_DECISION | CMD_COMMENT,
	    "OBJECT: reason / 不同意公开：理由", "理由", "a reason" },
	{ COMMAND_FEE, "fee", FIRST_AMOUNT, CMD_COMMENT,
	    "FEE AMOUNT + basis / 收费 金额 + 计费依据",
	    "金额", "an amount" },
	{ COMMAND_PAID, "paid", FIRST_NONE, CMD_COMMENT,
	    "PAID / 已缴费", "", "" },
	{ COMMAND_ASSIGN, "assign", FIRST_DIVISION, CMD_COMMENT,
	    "ASSIGN DIVISION / 转办 处室", "处室", "a division" },
	{ COMMAND_SET, "set", FIRST_FIELD, 0,
	    "SET FIELD VALUE / 设置 字段 值",
	    "字段和值", "a FIELD and a VALUE" },
	{ COMMAND_ESCALATE, "escalate", FIRST_NONE, CMD_COMMENT,
	    "ESCALATE / 报主要负责人", "", "" },
	{ COMMAND_NOTE, "note", FIRST_NONE, CMD_TEXT | CMD_COMMENT,
	    "NOTE text / 备注 内容", "内容", "the text" },
	{ COMMAND_CLEARED, "cleared", FIRST_NONE,
	    CMD_TEXT | CMD_DECISION | CMD_COMMENT,
	    "CLEARED: reason / 保密审查通过：理由", "理由", "a reason" },
	{ COMMAND_CONSULT_AGENCY, "consult-agency", FIRST_ADDRESS, 0,
	    "CONSULT-AGENCY ADDRESS + what is asked / 征求机关意见 地址 + "
	    "征求的内容", "被征求意见机关的邮件地址",
	    "the other agency's address" },
	{ COMMAND_ASK_REASON, "ask-reason", FIRST_NONE, CMD_TEXT | CMD_COMMENT,
	    "ASK-REASON: the question / 要求说明理由：需说明的事项",
	    "需申请人说明的事项", "the question to the applicant" },
	{ COMMAND_DEFER, "defer", FIRST_DATE, CMD_TEXT | CMD_COMMENT,
	    "DEFER YYYY-MM-DD: reason / 延迟答复 日期：理由",
	    "日期（YYYY-MM-DD）和理由", "a date (YYYY-MM-DD) and a reason" },
	{ COMMAND_WITHDRAW, "withdraw", FIRST_NONE, CMD_COMMENT,
	    "WITHDRAW [statement] / 撤回 [说明]", "", "" },
};

/*
 * Keywords: English in upper case (matched without case), Chinese as
 * written; `kind` is how staff read it, `tp_kind` how a third party does.
 */
static const struct keyword {
	const char		*word;
	enum command_kind	 kind;
	enum command_kind	 tp_kind;
} keywords[] = {
	{ "APPROVE",	COMMAND_APPROVE,	COMMAND_AGREE },
	{ "APPROVED",	COMMAND_APPROVE,	COMMAND_AGREE },
	{ "同意",	COMMAND_APPROVE,	COMMAND_AGREE },
	{ "批准",	COMMAND_APPROVE,	COMMAND_AGREE },
	{ "通过",	COMMAND_APPROVE,	COMMAND_AGREE },
	{ "准予",	COMMAND_APPROVE,	COMMAND_AGREE },
	{ "原则同意",	COMMAND_APPROVE,	COMMAND_AGREE },
	{ "REJECT",	COMMAND_REJECT,		COMMAND_OBJECT },
	{ "REJECTED",	COMMAND_REJECT,		COMMAND_OBJECT },
	{ "驳回",	COMMAND_REJECT,		COMMAND_OBJECT },
	{ "退回",	COMMAND_REJECT,		COMMAND_OBJECT },
	{ "不同意",	COMMAND_REJECT,		COMMAND_OBJECT },
	{ "不批准",	COMMAND_REJECT,		COMMAND_OBJECT },
	{ "不通过",	COMMAND_REJECT,		COMMAND_OBJECT },
	{ "不予同意",	COMMAND_REJECT,		COMMAND_OBJECT },
	{ "REVISE",	COMMAND_REVISE,		COMMAND_REVISE },
	{ "修改",	COMMAND_REVISE,		COMMAND_REVISE },
	{ "ANSWER",	COMMAND_ANSWER,		COMMAND_ANSWER },
	{ "答复",	COMMAND_ANSWER,		COMMAND_ANSWER },
	{ "CORRECTION",	COMMAND_CORRECTION,	COMMAND_CORRECTION },
	{ "补正",	COMMAND_CORRECTION,	COMMAND_CORRECTION },
	{ "EXTEND",	COMMAND_EXTEND,		COMMAND_EXTEND },
	{ "延期",	COMMAND_EXTEND,		COMMAND_EXTEND },
	{ "CONSULT",	COMMAND_CONSULT,	COMMAND_CONSULT },
	{ "征求意见",	COMMAND_CONSULT,	COMMAND_CONSULT },
	{ "AGREE",	COMMAND_AGREE,		COMMAND_AGREE },
	{ "同意公开",	COMMAND_APPROVE,	COMMAND_AGREE },
	{ "OBJECT",	COMMAND_OBJECT,		COMMAND_OBJECT },
	{ "不同意公开",	COMMAND_REJECT,		COMMAND_OBJECT },
	{ "FEE",	COMMAND_FEE,		COMMAND_FEE },
	{ "收费",	COMMAND_FEE,		COMMAND_FEE },
	{ "PAID",	COMMAND_PAID,		COMMAND_PAID },
	{ "已缴费",	COMMAND_PAID,		COMMAND_PAID },
	{ "ASSIGN",	COMMAND_ASSIGN,		COMMAND_ASSIGN },
	{ "转办",	COMMAND_ASSIGN,		COMMAND_ASSIGN },
	{ "SET",	COMMAND_SET,		COMMAND_SET },
	{ "设置",	COMMAND_SET,		COMMAND_SET },
	{ "ESCALATE",	COMMAND_ESCALATE,	COMMAND_ESCALATE },
	{ "报主要负责人",	COMMAND_ESCALATE,	COMMAND_ESCALATE },
	{ "NOTE",	COMMAND_NOTE,		COMMAND_NOTE },
	{ "备注",	COMMAND_NOTE,		COMMAND_NOTE },
	{ "CLEARED",	COMMAND_CLEARED,	COMMAND_CLEARED },
	{ "保密审查通过",	COMMAND_CLEARED,	COMMAND_CLEARED },
	{ "CONSULT-AGENCY", COMMAND_CONSULT_AGENCY,	COMMAND_CONSULT_AGENCY },
	{ "征求机关意见",	COMMAND_CONSULT_AGENCY,	COMMAND_CONSULT_AGENCY },
	{ "ASK-REASON",	COMMAND_ASK_REASON,	COMMAND_ASK_REASON },
	{ "要求说明理由",	COMMAND_ASK_REASON,	COMMAND_ASK_REASON },
	{ "DEFER",	COMMAND_DEFER,		COMMAND_DEFER },
	{ "延迟答复",	COMMAND_DEFER,		COMMAND_DEFER },
	{ "WITHDRAW",	COMMAND_WITHDRAW,	COMMAND_WITHDRAW },
	{ "撤回",	COMMAND_WITHDRAW,	COMMAND_WITHDRAW },
};

#define REVIEW	(BIT(COMMAND_APPROVE) | BIT(COMMAND_REJECT) | BIT(COMMAND_NOTE))

/* What each role may do; its words and titles are role.h's. */
static const struct role_spec {
	enum command_role	 role;
	unsigned		 allowed;
	int			 third_party;	/* reads tp_kind */
} roles[] = {
	/* The applicant commands nothing but the end of their request. */
	{ COMMAND_ROLE_APPLICANT, BIT(COMMAND_WITHDRAW), 0 },
	{ COMMAND_ROLE_HANDLER,
	    BIT(COMMAND_ANSWER) | BIT(COMMAND_REVISE) |
	    BIT(COMMAND_CORRECTION) | BIT(COMMAND_EXTEND) |
	    BIT(COMMAND_CONSULT) | BIT(COMMAND_FEE) | BIT(COMMAND_PAID) |
	    BIT(COMMAND_ASSIGN) | BIT(COMMAND_SET) | BIT(COMMAND_NOTE) |
	    BIT(COMMAND_CONSULT_AGENCY) | BIT(COMMAND_ASK_REASON) |
	    BIT(COMMAND_DEFER) | BIT(COMMAND_WITHDRAW), 0 },
	/* A reviewer holding the draft may still ask for an extension. */
	{ COMMAND_ROLE_RESPONSIBLE,
	    REVIEW | BIT(COMMAND_REVISE) | BIT(COMMAND_EXTEND), 0 },
	{ COMMAND_ROLE_SUPERVISING, REVIEW | BIT(COMMAND_REVISE) |
	    BIT(COMMAND_ESCALATE) | BIT(COMMAND_EXTEND), 0 },
	{ COMMAND_ROLE_APPROVER,
	    REVIEW | BIT(COMMAND_CLEARED) | BIT(COMMAND_EXTEND), 0 },
	{ COMMAND_ROLE_LEADER, REVIEW, 0 },
	{ COMMAND_ROLE_HEAD, REVIEW, 0 },
	{ COMMAND_ROLE_PRINCIPAL, REVIEW, 0 },
	{ COMMAND_ROLE_SECRETARIAT, BIT(COMMAND_ASSIGN) | BIT(COMMAND_NOTE), 0 },
	{ COMMAND_ROLE_THIRD_PARTY, BIT(COMMAND_AGREE) | BIT(COMMAND_OBJECT), 1 },
};

/* Answer TYPEs (doc/mail.md, "Answer types"), with their Chinese aliases. */
static const struct answer_type {
	const char	*type;
	const char	*row;		/* the report row, for help */
	int		 daemon;	/* set by the daemon, never by hand */
	const char	*alias[4];
} answer_types[] = {
	{ "public-already", "予以公开（已主动公开）", 0, { "已主动公开" } },
	{ "disclose", "予以公开", 0, { "予以公开" } },
	{ "partial", "部分公开", 0, { "部分公开" } },
	{ "withhold:state-secret", "不予公开 1 属于国家秘密", 0,
	    { "属于国家秘密", "国家秘密" } },
	{ "withhold:law-prohibited",
	    "不予公开 2 其他法律行政法规禁止公开", 0,
	    { "其他法律行政法规禁止公开", "法律行政法规禁止公开" } },
	{ "withhold:security-stability", "不予公开 3 危及“三安全一稳定”", 0,
	    { "危及“三安全一稳定”", "危及三安全一稳定", "三安全一稳定" } },
	{ "withhold:third-party", "不予公开 4 保护第三方合法权益", 0,
	    { "保护第三方合法权益", "第三方合法权益" } },
	{ "withhold:internal-affairs", "不予公开 5 属于三类内部事务信息", 0,
	    { "属于三类内部事务信息", "三类内部事务信息", "内部事务信息" } },
	{ "withhold:process-info", "不予公开 6 属于四类过程性信息", 0,
	    { "属于四类过程性信息", "四类过程性信息", "过程性信息" } },
	{ "withhold:enforcement-file", "不予公开 7 属于行政执法案卷", 0,
	    { "属于行政执法案卷", "行政执法案卷" } },
	{ "withhold:query-matter", "不予公开 8 属于行政查询事项", 0,
	    { "属于行政查询事项", "行政查询事项" } },
	{ "unavailable:not-held", "无法提供 1 本机关不掌握", 0,
	    { "本机关不掌握" } },
	{ "unavailable:other-agency",
	    "无法提供 1 不属于本机关负责公开（第三十六条第五项）", 0,
	    { "不属于本机关负责公开", "其他机关负责公开" } },
	{ "unavailable:needs-creation",
	    "无法提供 2 没有现成信息需要另行制作", 0,
	    { "没有现成信息需要另行制作", "需要另行制作" } },
	{ "unavailable:still-unclear", "无法提供 3 补正后申请内容仍不明确", 0,
	    { "补正后申请内容仍不明确" } },
	{ "not-processed:petition", "不予处理 1 信访举报投诉类申请", 0,
	    { "信访举报投诉类申请" } },
	{ "not-processed:repeat", "不予处理 2 重复申请", 0,
	    { "重复申请" } },
	{ "not-processed:publication", "不予处理 3 要求提供公开出版物", 0,
	    { "要求提供公开出版物" } },
	{ "not-processed:excessive", "不予处理 4 无正当理由大量反复申请", 0,
	    { "无正当理由大量反复申请" } },
	{ "not-processed:confirm-existing",
	    "不予处理 5 要求行政机关确认或重新出具已获取信息", 0,
	    { "要求行政机关确认或重新出具已获取信息" } },
	{ "other:no-correction", "其他处理 1（系统设置）", 1, { NULL } },
	{ "other:fee-unpaid", "其他处理 2（系统设置）", 1, { NULL } },
	{ "other:misc", "其他处理 3 其他", 0, { "其他" } },
	{ "other:withdrawn", "其他处理 3（申请人撤回）", 1, { NULL } },
};

/* Applicant fields SET may correct (doc/lifecycle.md, "Receipt"): the label,
 * then its traditional forms and English keys. */
static const struct field {
	const char	*label;
	const char	*alias[4];
} fields[] = {
	{ "姓名",	{ "name" } },
	{ "名称",	{ "名稱", "organisation", "organization" } },
	{ "申请人类型",	{ "申請人類型", "applicant_type", "type" } },
	{ "证件类型",	{ "證件類型", "id_type" } },
	{ "证件号码",	{ "證件號碼", "id_number" } },
	{ "联系电话",	{ "聯繫電話", "聯系電話", "phone" } },
	{ "通信地址",	{ "通訊地址", "address" } },
	{ "电子邮箱",	{ "電子郵箱", "email" } },
	{ "所需信息",	{ "所需資訊", "description" } },
	{ "获取方式",	{ "獲取方式", "delivery" } },
	{ "载体形式",	{ "載體形式", "medium" } },
};

_Static_assert(NELEM(commands) == COMMAND_WITHDRAW + 1,
    "one row per command kind, in enum order");
_Static_assert(NELEM(roles) == COMMAND_ROLE_THIRD_PARTY + 1,
    "one row per role, in enum order");

static gunichar
fold(gunichar c)
{
	if (c >= 0xff01 && c <= 0xff5e)
		return c - 0xfee0;
	if (c == 0x3000)
		return ' ';
	return c;
}

/* The folded character at p; 0 at the end. */
static gunichar
char_at(const char *p)
{
	return *p == '\0' ? 0 : fold(g_utf8_get_char(p));
}

static int
is_blank(gunichar c)
{
	return c == ' ' || c == '\t' || (c != 0 && g_unichar_isspace(c));
}

/* A separator after a keyword: ':' ',' '、' '-' or a blank. */
static int
is_sep(gunichar c)
{
	return c == ':' || c == ',' || c == 0x3001 || c == '-' || is_blank(c);
}

/* A full stop or an exclamation mark after a keyword. */
static int
is_stop(gunichar c)
{
	return c == '.' || c == 0x3002 || c == '!';
}

/* Whether what follows a keyword (at p) lets it be a command. */
static int
tail_ok(const char *p)
{
	gunichar c = char_at(p);

	return c == 0 || is_sep(c) || is_stop(c);
}

static const char *
skip_seps(const char *p)
{
	gunichar c;

	while ((c = char_at(p)) != 0 && (is_sep(c) || is_stop(c)))
		p = g_utf8_next_char(p);
	return p;
}

/*
 * Matches `word` at p through folding, ASCII without case; returns the
 * end of the match in p, or NULL.
 */
static const char *
match_word(const char *p, const char *word)
{
	gunichar a, b;

	while (*word != '\0') {
		if (*p == '\0')
			return NULL;
		a = fold(g_utf8_get_char(p));
		b = g_utf8_get_char(word);
		if (a < 0x80 && b < 0x80) {
			if (g_ascii_tolower(a) != g_ascii_tolower(b))
				return NULL;
		} else if (a != b)
			return NULL;
		p = g_utf8_next_char(p);
		word = g_utf8_next_char(word);
	}
	return p;
}

/* The longest keyword at p: its row, and its end through *endp. */
static const struct keyword *
keyword_at(const char *p, const char **endp)
{
	const struct keyword *best = NULL;
	const char *end, *best_end = NULL;
	size_t i;

	for (i = 0; i < NELEM(keywords); i++) {
		if ((end = match_word(p, keywords[i].word)) == NULL)
			continue;
		if (best == NULL || end > best_end) {
			best = &keywords[i];
			best_end = end;
		}
	}
	*endp = best_end;
	return best;
}

static const struct role_spec *
role_spec(enum command_role role)
{
	if ((unsigned)role >= NELEM(roles))
		return NULL;
	return &roles[role];
}

static enum command_kind
read_kind(const struct keyword *kw, enum command_role role)
{
	const struct role_spec *r = role_spec(role);

	return r != NULL && r->third_party ? kw->tp_kind : kw->kind;
}

/* A copy of at most QUOTE_CHARS characters of s[0..len), "…" when
 * cut. */
static char *
excerpt(const char *s, size_t len)
{
	char *t, *rv;

	t = xstrndup(s, len);
	rv = xstrcut(t, QUOTE_CHARS);
	free(t);
	return rv;
}

/* Lines of the cleaned authored text. */
static void
text_split(struct quote_lines *t, const char *authored)
{
	char *clean;

	clean = quote_clean(authored);
	quote_lines_split(t, clean);
	free(clean);
}

static const char *
skip_blanks(const char *p)
{
	while (*p != '\0' && is_blank(char_at(p)))
		p = g_utf8_next_char(p);
	return p;
}

/* A line that starts with a keyword and a valid tail: its row. */
static const struct keyword *
command_line(const char *line)
{
	const struct keyword *kw;
	const char *end;

	kw = keyword_at(skip_blanks(line), &end);
	if (kw == NULL || !tail_ok(end))
		return NULL;
	return kw;
}

static void
set_help(struct command *cmd, enum command_help help, char *reason)
{
	cmd->kind = COMMAND_NONE;
	cmd->help = help;
	free(cmd->reason);
	cmd->reason = reason;
}

/* The help for a first line that does not start with a keyword. */
static void
help_no_keyword(struct command *cmd, const struct quote_lines *t,
    size_t first, const char *line)
{
	const struct keyword *kw;
	const char *p, *end;
	char *l, *w;
	size_t i;
	long n;
	gunichar prev = 0;

	l = excerpt(line, strlen(line));
	for (p = line, n = 0; *p != '\0' && n < SCAN_CHARS;
	    p = g_utf8_next_char(p), n++) {
		kw = keyword_at(p, &end);
		if (p != line && kw != NULL && tail_ok(end) &&
		    !((unsigned char)kw->word[0] < 0x80 && prev < 0x80 &&
		    g_ascii_isalnum(prev))) {
			w = xstrndup(p, end - p);
			set_help(cmd, COMMAND_HELP_TEXT_BEFORE, xasprintf(
			    "第一行“%s”在命令“%s”之前还有文字；命令必须写在"
			    "第一行的开头。\n"
			    "The first line \"%s\" has text before the "
			    "command word \"%s\"; the command must begin the "
			    "first line.", l, w, l, w));
			free(w);
			goto out;
		}
		prev = char_at(p);
	}
	for (i = first + 1; i < t->n; i++) {
		if (command_line(t->v[i]) == NULL)
			continue;
		w = excerpt(skip_blanks(t->v[i]), strlen(skip_blanks(t->v[i])));
		set_help(cmd, COMMAND_HELP_NOT_FIRST, xasprintf(
		    "命令“%s”不在第一行（第一行是“%s”）；请把命令写在第一行。\n"
		    "The command \"%s\" is not on the first line (which is "
		    "\"%s\"); write the command on the first line.",
		    w, l, w, l));
		free(w);
		goto out;
	}
	set_help(cmd, COMMAND_HELP_NO_KEYWORD, xasprintf(
	    "第一行“%s”不是命令。\n"
	    "The first line \"%s\" is not a command.", l, l));
out:
	free(l);
}

static void
help_role(struct command *cmd, enum command_role role, const char *word,
    enum command_kind kind)
{
	const struct role_spec *r = role_spec(role);
	char *usage;

	if (r == NULL || r->allowed == 0) {
		set_help(cmd, COMMAND_HELP_ROLE, xasprintf(
		    "%s不通过邮件发出命令；“%s”未被执行。\n"
		    "Mail from %s carries no commands; \"%s\" was not "
		    "applied.",
		    r != NULL ? role_title(role, "zh") : "?", word,
		    r != NULL ? role_person_en(role) : "?", word));
		return;
	}
	usage = command_usage(role);
	set_help(cmd, COMMAND_HELP_ROLE, xasprintf(
	    "“%s”不是%s在此步骤可用的命令。\n"
	    "\"%s\" (%s) is not a command %s may give at this step.\n"
	    "可用的命令 / commands you may give:\n%s",
	    word, role_title(role, "zh"), word, commands[kind].name,
	    role_person_en(role), usage));
	free(usage);
}

static void
help_missing(struct command *cmd, const struct command_spec *c,
    const char *word)
{
	set_help(cmd, COMMAND_HELP_MISSING, xasprintf(
	    "“%s”需要%s。\n\"%s\" needs %s.\n例如 / for example: %s",
	    word, c->needs_zh, word, c->needs_en, c->usage));
}

/* The list of answer TYPEs for a help reply. */
static char *
type_list(void)
{
	GString *s = g_string_new(NULL);
	size_t i;

	for (i = 0; i < NELEM(answer_types); i++) {
		if (answer_types[i].daemon)
			continue;
		g_string_append_printf(s, "%s%s（%s）", i > 0 ? "\n" : "",
		    answer_types[i].type, answer_types[i].row);
	}
	return xgstring_free(s);
}

/* The longest answer TYPE or alias at p that ends a word: its row, the
 * end through *endp. */
static const struct answer_type *
type_at(const char *p, const char **endp)
{
	const struct answer_type *best = NULL;
	const char *end, *best_end = NULL;
	size_t i, j;

	for (i = 0; i < NELEM(answer_types); i++) {
		for (j = 0; j <= NELEM(answer_types[i].alias); j++) {
			const char *w = j == 0 ? answer_types[i].type :
			    answer_types[i].alias[j - 1];

			if (w == NULL)
				break;
			if ((end = match_word(p, w)) == NULL)
				continue;
			if (!tail_ok(end) && char_at(end) != ';')
				continue;
			if (best == NULL || end > best_end) {
				best = &answer_types[i];
				best_end = end;
			}
		}
	}
	*endp = best_end;
	return best;
}

const char *
command_answer_type_at(const char *p, const char **endp, int *daemon)
{
	const struct answer_type *t;

	if ((t = type_at(p, endp)) == NULL)
		return NULL;
	*daemon = t->daemon;
	return t->type;
}

const char *
command_answer_type(const char *word)
{
	const struct answer_type *t;
	const char *end;

	if (word == NULL || (t = type_at(word, &end)) == NULL || *end != '\0')
		return NULL;
	return t->type;
}

/* The end of a token: up to a blank or one of `stops` (folded, ASCII). */
static const char *
token_end(const char *p, const char *stops)
{
	gunichar c;

	while ((c = char_at(p)) != 0 && !is_blank(c) &&
	    !(c < 0x80 && strchr(stops, (int)c) != NULL) &&
	    !(c == 0x3001 && strchr(stops, ',') != NULL))
		p = g_utf8_next_char(p);
	return p;
}

/*
 * An amount at *pp: [¥|￥|RMB|CNY] DIGITS [.D[D]] [元|yuan|RMB|CNY].
 * Returns the amount in fen, or -1; *pp moves past it.
 */
static long long
parse_amount(const char **pp)
{
	static const char *const prefixes[] = { "¥", "￥", "RMB", "CNY" };
	static const char *const suffixes[] = { "元", "yuan", "RMB", "CNY" };
	const char *p = *pp, *q;
	long long yuan = 0, fen = 0;
	int digits = 0, dec = 0;
	size_t i;

	for (i = 0; i < NELEM(prefixes); i++)
		if ((q = match_word(p, prefixes[i])) != NULL) {
			p = skip_blanks(q);
			break;
		}
	while (g_ascii_isdigit(char_at(p))) {
		if (++digits > 11)
			return -1;
		yuan = yuan * 10 + (char_at(p) - '0');
		p = g_utf8_next_char(p);
	}
	if (digits == 0)
		return -1;
	/* "1,200" would read as 1 yuan and a basis of "200": refuse. */
	if (char_at(p) == ',') {
		q = g_utf8_next_char(p);
		for (i = 0; g_ascii_isdigit(char_at(q)); i++)
			q = g_utf8_next_char(q);
		if (i == 3)
			return -1;
	}
	if (char_at(p) == '.' &&
	    g_ascii_isdigit(char_at(g_utf8_next_char(p)))) {
		p = g_utf8_next_char(p);
		while (g_ascii_isdigit(char_at(p))) {
			if (++dec > 2)
				return -1;
			fen = fen * 10 + (char_at(p) - '0');
			p = g_utf8_next_char(p);
		}
		if (dec == 1)
			fen *= 10;
	}
	for (i = 0; i < NELEM(suffixes); i++)
		if ((q = match_word(skip_blanks(p), suffixes[i])) != NULL) {
			p = q;
			break;
		}
	if (!tail_ok(p) && char_at(p) != ';')
		return -1;
	*pp = p;
	return yuan * 100 + fen;
}

/* An address: local@domain with an ASCII dot-atom local part and at least
 * two domain labels.  Returns a copy, the domain in lower case, or NULL. */
static char *
parse_address(const char *s, size_t len)
{
	static const char atext[] = ".!#$%&'*+/=?^_`{|}~-";
	const char *at, *p, *end;
	char *rv, *q;
	int labels = 0, lablen = 0;

	if (len >= 7 && g_ascii_strncasecmp(s, "mailto:", 7) == 0) {
		s += 7;
		len -= 7;
	}
	if (len >= 2 && s[0] == '<' && s[len - 1] == '>') {
		s++;
		len -= 2;
	}
	end = s + len;
	if ((at = memchr(s, '@', len)) == NULL || at == s || at + 1 >= end)
		return NULL;
	for (p = s; p < at; p++)
		if (!g_ascii_isalnum(*p) && strchr(atext, *p) == NULL)
			return NULL;
	for (p = at + 1; p <= end; p++) {
		if (p == end || *p == '.') {
			if (lablen == 0)
				return NULL;
			labels++;
			lablen = 0;
			continue;
		}
		if (!g_ascii_isalnum(*p) && *p != '-')
			return NULL;
		lablen++;
	}
	if (labels < 2)
		return NULL;
	rv = xstrndup(s, len);
	for (q = rv + (at - s); *q != '\0'; q++)
		*q = g_ascii_tolower(*q);
	return rv;
}

static const struct field *
field_lookup(const char *s, size_t len)
{
	const char *end;
	size_t i, j;

	for (i = 0; i < NELEM(fields); i++)
		for (j = 0; j <= NELEM(fields[i].alias); j++) {
			const char *w = j == 0 ? fields[i].label :
			    fields[i].alias[j - 1];

			if (w == NULL)
				break;
			if ((end = match_word(s, w)) != NULL &&
			    (size_t)(end - s) == len)
				return &fields[i];
		}
	return NULL;
}

/* Trims blanks at both ends; a copy. */
static char *
trimmed(const char *p)
{
	const char *end;

	p = skip_blanks(p);
	end = p + strlen(p);
	while (end > p) {
		const char *prev = g_utf8_prev_char(end);

		if (!is_blank(char_at(prev)))
			break;
		end = prev;
	}
	return xstrndup(p, end - p);
}

/* What a reader of the first argument returns besides 0 and -1 (the
 * help is set): nothing stands there. */
#define FIRST_MISSING	1

static int
first_type(struct command *cmd, const char **pp)
{
	const struct answer_type *at;
	const char *p = *pp, *end;
	char *tok, *list;

	if (*p == '\0')
		return FIRST_MISSING;
	if ((at = type_at(p, &end)) == NULL || at->daemon) {
		tok = excerpt(p, token_end(p, ",;") - p);
		list = type_list();
		set_help(cmd, COMMAND_HELP_TYPE, xasprintf(
		    "“%s”不是可用的答复类型%s。\n"
		    "\"%s\" is not an answer type%s.\n"
		    "可用的类型 / answer types:\n%s",
		    tok, at != NULL ? "（由系统设置）" : "",
		    tok, at != NULL ? " (it is set by the daemon)" : "",
		    list));
		free(list);
		free(tok);
		return -1;
	}
	cmd->type = xstrdup(at->type);
	*pp = end;
	return 0;
}

static int
first_amount(struct command *cmd, const char **pp)
{
	const char *p = *pp, *end = p;
	char *tok;

	if (*p == '\0')
		return FIRST_MISSING;
	if ((cmd->amount = parse_amount(&end)) <= 0 ||
	    cmd->amount > COMMAND_AMOUNT_MAX) {
		cmd->amount = -1;
		tok = excerpt(p, token_end(p, ",;") - p);
		set_help(cmd, COMMAND_HELP_AMOUNT, xasprintf(
		    "无法识别金额“%s”；请写阿拉伯数字，例如“收费 120元”"
		    "或“FEE 120.50”。\n"
		    "The amount \"%s\" cannot be read; write digits, "
		    "e.g. \"FEE 120.50\".", tok, tok));
		free(tok);
		return -1;
	}
	*pp = end;
	return 0;
}

static int
first_address(struct command *cmd, const char **pp)
{
	const char *p = *pp, *end;
	char *tok;

	if (*p == '\0')
		return FIRST_MISSING;
	end = token_end(p, ",;");
	/* A full stop ends the sentence, not the address. */
	while (end > p && is_stop(char_at(g_utf8_prev_char(end))))
		end = g_utf8_prev_char(end);
	if ((cmd->address = parse_address(p, end - p)) == NULL) {
		tok = excerpt(p, end - p);
		set_help(cmd, COMMAND_HELP_ADDRESS, xasprintf(
		    "无法识别邮件地址“%s”；请在命令后直接写地址，例如"
		    "“征求意见 name@example.com”。\n"
		    "\"%s\" is not an e-mail address; write it right "
		    "after the command, e.g. \"CONSULT "
		    "name@example.com\".", tok, tok));
		free(tok);
		return -1;
	}
	*pp = end;
	return 0;
}

static int
first_division(struct command *cmd, const char **pp)
{
	const char *p = *pp, *end;

	end = token_end(p, ",:;.!");
	while (end > p && is_stop(char_at(g_utf8_prev_char(end))))
		end = g_utf8_prev_char(end);
	if (end == p)
		return FIRST_MISSING;
	cmd->division = xstrndup(p, end - p);
	*pp = end;
	return 0;
}

static int
first_field(struct command *cmd, const char **pp)
{
	const char *p = *pp, *end;
	const struct field *f;
	GString *s;
	char *tok;
	size_t i;

	end = token_end(p, ":=");
	if (end == p)
		return FIRST_MISSING;
	if ((f = field_lookup(p, end - p)) == NULL) {
		s = g_string_new(NULL);
		for (i = 0; i < NELEM(fields); i++)
			g_string_append_printf(s, "%s%s",
			    i > 0 ? "、" : "", fields[i].label);
		tok = excerpt(p, end - p);
		set_help(cmd, COMMAND_HELP_FIELD, xasprintf(
		    "“%s”不是可以设置的字段。可设置的字段 / fields: "
		    "%s", tok, s->str));
		g_string_free(s, TRUE);
		free(tok);
		return -1;
	}
	cmd->field = xstrdup(f->label);
	p = skip_blanks(end);
	if (char_at(p) == ':' || char_at(p) == '=')
		p = g_utf8_next_char(p);
	cmd->value = trimmed(p);
	*pp = p + strlen(p);
	return 0;
}

/* A date, YYYY-MM-DD (or YYYY年M月D日); kept as YYYY-MM-DD. */
static int
first_date(struct command *cmd, const char **pp)
{
	const char *p = *pp, *end;
	int y, m, d, n = 0;
	char *tok, *t;

	if (*p == '\0')
		return FIRST_MISSING;
	end = token_end(p, ",:;");
	while (end > p && is_stop(char_at(g_utf8_prev_char(end))))
		end = g_utf8_prev_char(end);
	t = xstrndup(p, end - p);
	if ((sscanf(t, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 &&
	    sscanf(t, "%4d年%2d月%2d日%n", &y, &m, &d, &n) != 3) ||
	    t[n] != '\0' || y < 2000 || y > 2999 || m < 1 || m > 12 ||
	    d < 1 || d > 31 || !g_date_valid_dmy(d, m, y)) {
		free(t);
		tok = excerpt(p, end - p);
		set_help(cmd, COMMAND_HELP_DATE, xasprintf(
		    "无法识别日期“%s”；请写成“延迟答复 2026-12-31：理由”。\n"
		    "\"%s\" is not a date; write e.g. \"DEFER 2026-12-31: "
		    "reason\".", tok, tok));
		free(tok);
		return -1;
	}
	free(t);
	cmd->date = xasprintf("%04d-%02d-%02d", y, m, d);
	*pp = end;
	return 0;
}

/* How each kind of first argument is read: one row a kind. */
static int (*const first_readers[])(struct command *, const char **) = {
	[FIRST_NONE] =		NULL,
	[FIRST_TYPE] =		first_type,
	[FIRST_AMOUNT] =	first_amount,
	[FIRST_ADDRESS] =	first_address,
	[FIRST_DIVISION] =	first_division,
	[FIRST_FIELD] =		first_field,
	[FIRST_DATE] =		first_date,
};

/*
 * Reads the first line's own argument (TYPE, AMOUNT, ADDRESS, DIVISION,
 * FIELD VALUE) at *pp, moving *pp past it.  0, or -1 with the help set.
 */
static int
parse_first(struct command *cmd, const struct command_spec *c,
    const char **pp)
{
	const char *p = *pp;
	int r = 0;

	if (first_readers[c->first] != NULL)
		r = first_readers[c->first](cmd, &p);
	if (r == FIRST_MISSING)
		help_missing(cmd, c, cmd->keyword);
	if (r != 0)
		return -1;
	*pp = skip_seps(p);
	return 0;
}

/* The argument: the rest of the first line, then the lines after it. */
static char *
argument_text(const char *rest, const struct quote_lines *t, size_t first)
{
	GString *s = g_string_new(NULL);
	size_t i;

	if (*rest != '\0')
		g_string_append(s, rest);
	for (i = first + 1; i < t->n; i++) {
		if (i > first + 1 || *rest != '\0')
			g_string_append_c(s, '\n');
		g_string_append(s, t->v[i]);
	}
	return xgstring_free(s);
}

struct command *
command_parse(const char *authored, enum command_role role)
{
	return command_parse_sender(authored, role, NULL, NULL);
}

/* The help for a first line whose keyword is followed by more than a
 * separator: a question, or trailing words. */
static void
help_tail(struct command *cmd, const char *line, const char *end)
{
	gunichar tail = char_at(end);
	char *l = excerpt(line, strlen(line));

	if (tail == '?' || tail == 0x5417 /* 吗 */ ||
	    tail == 0x4e48 /* 么 */)
		set_help(cmd, COMMAND_HELP_QUESTION, xasprintf(
		    "“%s”是一个问题，不是决定；未执行任何操作。\n"
		    "\"%s\" is a question, not a decision; nothing "
		    "was applied.", l, l));
	else
		set_help(cmd, COMMAND_HELP_TRAILING, xasprintf(
		    "第一行“%s”：命令“%s”之后只能是行尾、分隔符"
		    "（：，、- 空格）或句号、感叹号。\n"
		    "First line \"%s\": after the command word \"%s\" "
		    "only the end of the line, a separator (: , 、 - "
		    "space) or . 。 ! may follow.",
		    l, cmd->keyword, l, cmd->keyword));
	free(l);
}

/* A decision below the first line that differs from `kind`: -1 with the
 * help set; 0 when there is none. */
static int
second_decision(struct command *cmd, const struct quote_lines *t,
    size_t first, enum command_kind kind, enum command_role role)
{
	const struct keyword *other;
	enum command_kind k2;
	const char *line;
	char *l;
	size_t i;

	for (i = first + 1; i < t->n; i++) {
		if ((other = command_line(t->v[i])) == NULL)
			continue;
		k2 = read_kind(other, role);
		if (k2 == kind || !(commands[k2].flags & CMD_DECISION))
			continue;
		line = skip_blanks(t->v[i]);
		l = excerpt(line, strlen(line));
		set_help(cmd, COMMAND_HELP_TWO_DECISIONS, xasprintf(
		    "邮件中有两个不同的决定（“%s”和“%s”）；未执行任何"
		    "操作，请只写一个。\n"
		    "The mail holds two different decisions (\"%s\" "
		    "and \"%s\"); nothing was applied: write one.",
		    cmd->keyword, l, cmd->keyword, l));
		free(l);
		return -1;
	}
	return 0;
}

/* The argument text: from `rest` on, cut at the signature (and, for a
 * comment, the sender's sign-off); SET's value when the first line
 * had none.  0, or -1 with the help set when a required text is
 * missing. */
static int
read_argument(struct command *cmd, const struct command_spec *c,
    const char *rest, const struct quote_lines *t, size_t first,
    const char *from_name, const char *from_addr)
{
	char *raw;

	raw = argument_text(rest, t, first);
	cmd->argument = quote_cut_signature_from(raw,
	    (c->flags & CMD_COMMENT) ? QUOTE_SIGNOFF : 0, from_name,
	    from_addr);
	if ((c->flags & CMD_TEXT) && (c->flags & CMD_COMMENT) &&
	    *cmd->argument == '\0') {
		/* A lone short reason is a reason, not a sign-off. */
		free(cmd->argument);
		cmd->argument = quote_cut_signature(raw, 0);
	}
	free(raw);
	if (c->kind == COMMAND_SET && *cmd->value == '\0') {
		free(cmd->value);
		cmd->value = cmd->argument;
		cmd->argument = xstrdup("");
	}
	if ((c->kind == COMMAND_SET && *cmd->value == '\0') ||
	    ((c->flags & CMD_TEXT) && *cmd->argument == '\0')) {
		help_missing(cmd, c, cmd->keyword);
		return -1;
	}
	return 0;
}

/*
 * An ANSWER without a TYPE on its line: its argument must be a list of
 * items, and the first item's TYPE is the answer's.  0, or -1 with the
 * help set.
 */
static int
items_type(struct command *cmd, const struct command_spec *c)
{
	struct answer_items items;
	char *why;
	int r;

	r = answer_items_parse(cmd->argument, &items, &why);
	if (r == 1) {
		cmd->type = xstrdup(items.v[0].type);
		answer_items_free(&items);
		return 0;
	}
	if (r == -1)
		set_help(cmd, COMMAND_HELP_TYPE, why);
	else
		help_missing(cmd, c, cmd->keyword);
	return -1;
}

/* Nothing applies: no half-read arguments either. */
static void
command_clear(struct command *cmd)
{
	free(cmd->argument);
	cmd->argument = xstrdup("");
	free(cmd->type);
	free(cmd->address);
	free(cmd->division);
	free(cmd->field);
	free(cmd->value);
	free(cmd->date);
	cmd->date = NULL;
	cmd->type = cmd->address = cmd->division = NULL;
	cmd->field = cmd->value = NULL;
	cmd->amount = -1;
}

struct command *
command_parse_sender(const char *authored, enum command_role role,
    const char *from_name, const char *from_addr)
{
	struct quote_lines t = { NULL, NULL, 0 };
	const struct command_spec *c;
	const struct keyword *kw;
	struct command *cmd;
	const char *line, *end, *rest;
	enum command_kind kind;
	char *signed_text;
	size_t first;

	cmd = xcalloc(1, sizeof(*cmd));
	cmd->amount = -1;
	/* The signature goes before anything below it is read: a default
	 * signature that opens with 通过 is not a second decision. */
	signed_text = quote_cut_signature(authored != NULL ? authored : "", 0);
	text_split(&t, signed_text);
	free(signed_text);

	for (first = 0; first < t.n; first++)
		if (*skip_blanks(t.v[first]) != '\0')
			break;
	if (first == t.n) {
		set_help(cmd, COMMAND_HELP_EMPTY, xstrdup(
		    "邮件中引用的原文之上没有找到您写的内容。\n"
		    "Nothing was found above the quoted text."));
		goto out;
	}
	line = skip_blanks(t.v[first]);

	if ((kw = keyword_at(line, &end)) == NULL) {
		help_no_keyword(cmd, &t, first, line);
		goto out;
	}
	cmd->keyword = xstrndup(line, end - line);

	if (!tail_ok(end)) {
		help_tail(cmd, line, end);
		goto out;
	}

	kind = read_kind(kw, role);
	c = &commands[kind];
	if (!command_role_allows(role, kind)) {
		help_role(cmd, role, cmd->keyword, kind);
		goto out;
	}

	if ((c->flags & CMD_DECISION) &&
	    second_decision(cmd, &t, first, kind, role) == -1)
		goto out;

	rest = skip_seps(end);
	if (kind == COMMAND_ANSWER && *rest == '\0') {
		/* No TYPE on the line: a list of items (answer_items.h). */
		if (read_argument(cmd, c, rest, &t, first, from_name,
		    from_addr) == -1 || items_type(cmd, c) == -1)
			goto out;
	} else {
		if (parse_first(cmd, c, &rest) == -1)
			goto out;
		if (read_argument(cmd, c, rest, &t, first, from_name,
		    from_addr) == -1)
			goto out;
	}
	cmd->kind = kind;
	cmd->help = COMMAND_HELP_NONE;
out:
	if (cmd->kind == COMMAND_NONE)
		command_clear(cmd);
	quote_lines_free(&t);
	return cmd;
}

void
command_free(struct command *cmd)
{
	if (cmd == NULL)
		return;
	free(cmd->keyword);
	free(cmd->argument);
	free(cmd->type);
	free(cmd->address);
	free(cmd->division);
	free(cmd->field);
	free(cmd->value);
	free(cmd->date);
	free(cmd->reason);
	free(cmd);
}

const char *
command_kind_name(enum command_kind kind)
{
	if ((unsigned)kind >= NELEM(commands))
		return "none";
	return commands[kind].name;
}

const char *
command_role_name(enum command_role role)
{
	const char *w = role_word(role);

	return w != NULL ? w : "unknown";
}

int
command_role_parse(const char *name, enum command_role *rolep)
{
	return role_parse(name, rolep);
}

int
command_role_allows(enum command_role role, enum command_kind kind)
{
	const struct role_spec *r = role_spec(role);

	if (r == NULL || kind == COMMAND_NONE ||
	    (unsigned)kind >= NELEM(commands))
		return 0;
	return (r->allowed & BIT(kind)) != 0;
}

char *
command_usage(enum command_role role)
{
	GString *s = g_string_new(NULL);
	size_t i;

	for (i = 1; i < NELEM(commands); i++) {
		if (!command_role_allows(role, commands[i].kind))
			continue;
		g_string_append_printf(s, "%s%s", s->len > 0 ? "\n" : "",
		    commands[i].usage);
	}
	return xgstring_free(s);
}

const char *
command_answer_label(const char *type)
{
	size_t i;

	for (i = 0; i < NELEM(answer_types); i++)
		if (strcmp(answer_types[i].type, type) == 0)
			return answer_types[i].row;
	return NULL;
}

char *
command_disclose_reason(const char *draft)
{
	static const char *const labels[] = { "公开理由", "reason for disclosure" };
	const char *p, *q;
	size_t i, n;
	char *r;

	for (p = draft; p != NULL && *p != '\0'; p = strchr(p, '\n'),
	    p = p ? p + 1 : NULL) {
		while (*p == ' ' || *p == '\t')
			p++;
		for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
			n = strlen(labels[i]);
			if (g_ascii_strncasecmp(p, labels[i], n) != 0)
				continue;
			q = p + n;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == ':')
				q++;
			else if (strncmp(q, "：", 3) == 0)
				q += 3;
			else
				continue;
			r = g_strstrip(xstrdup(q));
			if (*r != '\0')
				return r;
			free(r);
		}
	}
	return NULL;
}
