/* test_command.c - the command grammar: every keyword in both languages,
 * every separator, every refusal, the roles, the arguments. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "answer_items.h"
#include "command.h"
#include "mime.h"
#include "quote.h"

#define R_APPLICANT	COMMAND_ROLE_APPLICANT
#define R_HANDLER	COMMAND_ROLE_HANDLER
#define R_RESPONSIBLE	COMMAND_ROLE_RESPONSIBLE
#define R_SUPERVISING	COMMAND_ROLE_SUPERVISING
#define R_APPROVER	COMMAND_ROLE_APPROVER
#define R_LEADER	COMMAND_ROLE_LEADER
#define R_HEAD		COMMAND_ROLE_HEAD
#define R_SECRETARIAT	COMMAND_ROLE_SECRETARIAT
#define R_THIRD		COMMAND_ROLE_THIRD_PARTY

/* One parse: the text, who sent it, what it must give. */
struct want {
	const char		*text;
	enum command_role	 role;
	enum command_kind	 kind;
	const char		*keyword;	/* NULL: not checked */
	const char		*argument;	/* NULL: not checked */
};

/* For COMMAND_NONE, help is what matters. */
struct want_help {
	const char		*text;
	enum command_role	 role;
	enum command_help	 help;
	const char		*in_reason;	/* a substring, or NULL */
};

static void
check(const struct want *w)
{
	struct command *c = command_parse(w->text, w->role);

	if (c->kind != w->kind)
		g_test_message("text \"%s\" role %s: got %s (%s), want %s",
		    w->text, command_role_name(w->role),
		    command_kind_name(c->kind), c->reason ? c->reason : "",
		    command_kind_name(w->kind));
	g_assert_cmpstr(command_kind_name(c->kind), ==,
	    command_kind_name(w->kind));
	g_assert_cmpint(c->help, ==, COMMAND_HELP_NONE);
	g_assert_null(c->reason);
	if (w->keyword != NULL)
		g_assert_cmpstr(c->keyword, ==, w->keyword);
	if (w->argument != NULL)
		g_assert_cmpstr(c->argument, ==, w->argument);
	command_free(c);
}

static void
check_help(const struct want_help *w)
{
	struct command *c = command_parse(w->text, w->role);

	if (c->help != w->help)
		g_test_message("text \"%s\" role %s: got %s help %d (%s), "
		    "want help %d", w->text, command_role_name(w->role),
		    command_kind_name(c->kind), c->help,
		    c->reason ? c->reason : "", w->help);
	g_assert_cmpstr(command_kind_name(c->kind), ==, "none");
	g_assert_cmpint(c->help, ==, w->help);
	g_assert_nonnull(c->reason);
	g_assert_true(g_utf8_validate(c->reason, -1, NULL));
	if (w->in_reason != NULL && strstr(c->reason, w->in_reason) == NULL)
		g_test_message("reason \"%s\" lacks \"%s\"", c->reason,
		    w->in_reason);
	if (w->in_reason != NULL)
		g_assert_nonnull(strstr(c->reason, w->in_reason));
	/* Nothing half-read survives a refusal. */
	g_assert_cmpstr(c->argument, ==, "");
	g_assert_null(c->type);
	g_assert_null(c->address);
	g_assert_null(c->division);
	g_assert_null(c->field);
	g_assert_null(c->value);
	g_assert_cmpint(c->amount, ==, -1);
	command_free(c);
}

static void
check_table(const struct want *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check(&w[i]);
}

static void
check_help_table(const struct want_help *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_help(&w[i]);
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Every keyword of doc/mail.md, in both languages. */
static void
test_keywords(void)
{
	static const struct want t[] = {
		{ "APPROVE", R_RESPONSIBLE, COMMAND_APPROVE, "APPROVE", "" },
		{ "APPROVED", R_RESPONSIBLE, COMMAND_APPROVE, "APPROVED", "" },
		{ "同意", R_RESPONSIBLE, COMMAND_APPROVE, "同意", "" },
		{ "批准", R_APPROVER, COMMAND_APPROVE, "批准", "" },
		{ "通过", R_SUPERVISING, COMMAND_APPROVE, "通过", "" },
		{ "准予", R_HEAD, COMMAND_APPROVE, "准予", "" },
		{ "原则同意", R_LEADER, COMMAND_APPROVE, "原则同意", "" },
		{ "同意公开", R_RESPONSIBLE, COMMAND_APPROVE, "同意公开", "" },
		{ "REJECT: x", R_RESPONSIBLE, COMMAND_REJECT, "REJECT", "x" },
		{ "REJECTED: x", R_APPROVER, COMMAND_REJECT, "REJECTED",
		    "x" },
		{ "驳回：x", R_RESPONSIBLE, COMMAND_REJECT, "驳回", "x" },
		{ "退回：x", R_RESPONSIBLE, COMMAND_REJECT, "退回", "x" },
		{ "不同意：x", R_RESPONSIBLE, COMMAND_REJECT, "不同意", "x" },
		{ "不批准：x", R_APPROVER, COMMAND_REJECT, "不批准", "x" },
		{ "不通过：x", R_SUPERVISING, COMMAND_REJECT, "不通过", "x" },
		{ "不予同意：x", R_HEAD, COMMAND_REJECT, "不予同意", "x" },
		{ "不同意公开：x", R_RESPONSIBLE, COMMAND_REJECT, "不同意公开",
		    "x" },
		{ "REVISE\n新稿", R_RESPONSIBLE, COMMAND_REVISE, "REVISE",
		    "新稿" },
		{ "修改\n新稿", R_SUPERVISING, COMMAND_REVISE, "修改", "新稿" },
		{ "REVISE", R_HANDLER, COMMAND_REVISE, "REVISE", "" },
		{ "ANSWER disclose\n草稿", R_HANDLER, COMMAND_ANSWER, "ANSWER",
		    "草稿" },
		{ "答复 予以公开\n草稿", R_HANDLER, COMMAND_ANSWER, "答复",
		    "草稿" },
		{ "CORRECTION: 证件号码", R_HANDLER, COMMAND_CORRECTION,
		    "CORRECTION", "证件号码" },
		{ "补正：证件号码", R_HANDLER, COMMAND_CORRECTION, "补正",
		    "证件号码" },
		{ "EXTEND: 需要调查", R_HANDLER, COMMAND_EXTEND, "EXTEND",
		    "需要调查" },
		{ "延期：需要调查", R_HANDLER, COMMAND_EXTEND, "延期",
		    "需要调查" },
		{ "CONSULT tp@x.example.test\n是否同意？", R_HANDLER,
		    COMMAND_CONSULT, "CONSULT", "是否同意？" },
		{ "征求意见 tp@x.example.test", R_HANDLER, COMMAND_CONSULT,
		    "征求意见", "" },
		{ "AGREE", R_THIRD, COMMAND_AGREE, "AGREE", "" },
		{ "同意公开", R_THIRD, COMMAND_AGREE, "同意公开", "" },
		{ "OBJECT: 商业秘密", R_THIRD, COMMAND_OBJECT, "OBJECT",
		    "商业秘密" },
		{ "不同意公开：商业秘密", R_THIRD, COMMAND_OBJECT, "不同意公开",
		    "商业秘密" },
		{ "FEE 10 per page", R_HANDLER, COMMAND_FEE, "FEE",
		    "per page" },
		{ "收费 10元 按件", R_HANDLER, COMMAND_FEE, "收费", "按件" },
		{ "PAID", R_HANDLER, COMMAND_PAID, "PAID", "" },
		{ "已缴费", R_HANDLER, COMMAND_PAID, "已缴费", "" },
		{ "ASSIGN 国际处", R_HANDLER, COMMAND_ASSIGN, "ASSIGN", "" },
		{ "转办 国际处", R_SECRETARIAT, COMMAND_ASSIGN, "转办", "" },
		{ "SET 姓名 张喆", R_HANDLER, COMMAND_SET, "SET", "" },
		{ "设置 姓名 张喆", R_HANDLER, COMMAND_SET, "设置", "" },
		{ "ESCALATE", R_SUPERVISING, COMMAND_ESCALATE, "ESCALATE", "" },
		{ "报主要负责人", R_SUPERVISING, COMMAND_ESCALATE,
		    "报主要负责人", "" },
		{ "NOTE 已电话联系", R_HANDLER, COMMAND_NOTE, "NOTE",
		    "已电话联系" },
		{ "备注：已电话联系", R_SECRETARIAT, COMMAND_NOTE, "备注",
		    "已电话联系" },
		{ "CLEARED: the marking is an old heading", R_APPROVER,
		    COMMAND_CLEARED, "CLEARED", "the marking is an old heading" },
		{ "保密审查通过：附件已解密", R_APPROVER, COMMAND_CLEARED,
		    "保密审查通过", "附件已解密" },
		{ "保密审查通过\n该文件已于2024年解密。", R_APPROVER,
		    COMMAND_CLEARED, "保密审查通过", "该文件已于2024年解密。" },
	};

	check_table(t, NELEM(t));
}

/* English without case, full-width folded; the keyword kept as typed. */
static void
test_case_and_width(void)
{
	static const struct want t[] = {
		{ "approve", R_RESPONSIBLE, COMMAND_APPROVE, "approve", "" },
		{ "Approve", R_RESPONSIBLE, COMMAND_APPROVE, "Approve", "" },
		{ "Approved.", R_RESPONSIBLE, COMMAND_APPROVE, "Approved", "" },
		{ "ＡＰＰＲＯＶＥ", R_RESPONSIBLE, COMMAND_APPROVE,
		    "ＡＰＰＲＯＶＥ", "" },
		{ "ｒｅｊｅｃｔ：ｘ", R_RESPONSIBLE, COMMAND_REJECT,
		    "ｒｅｊｅｃｔ", "ｘ" },
		{ "  \t同意", R_RESPONSIBLE, COMMAND_APPROVE, "同意", "" },
		{ "\n\n\n同意", R_RESPONSIBLE, COMMAND_APPROVE, "同意", "" },
		{ "\xef\xbb\xbf" "APPROVE", R_RESPONSIBLE, COMMAND_APPROVE,
		    "APPROVE", "" },
		{ "批准\xc2\xa0", R_RESPONSIBLE, COMMAND_APPROVE, "批准", "" },
		{ "批准&nbsp;", R_RESPONSIBLE, COMMAND_APPROVE, "批准", "" },
	};

	check_table(t, NELEM(t));
}

/* The longest keyword wins. */
static void
test_longest(void)
{
	static const struct want t[] = {
		{ "不同意：x", R_RESPONSIBLE, COMMAND_REJECT, "不同意", "x" },
		{ "原则同意。好", R_RESPONSIBLE, COMMAND_APPROVE, "原则同意",
		    "好" },
		{ "同意公开", R_APPROVER, COMMAND_APPROVE, "同意公开", "" },
		{ "不同意公开：x", R_APPROVER, COMMAND_REJECT, "不同意公开",
		    "x" },
		{ "APPROVED", R_APPROVER, COMMAND_APPROVE, "APPROVED", "" },
		{ "REJECTED x", R_APPROVER, COMMAND_REJECT, "REJECTED", "x" },
		{ "不通过：x", R_APPROVER, COMMAND_REJECT, "不通过", "x" },
	};

	check_table(t, NELEM(t));
}

/* What may follow a keyword: end, : , 、 - blank, . 。 ! (after folding). */
static void
test_separators(void)
{
	static const struct want t[] = {
		{ "同意", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "" },
		{ "同意:好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意：好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意,好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意，好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意、好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意-好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意－好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意 好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意\t好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意　好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意.好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意。好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意!好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意！好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "好" },
		{ "同意！！！", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "" },
		{ "APPROVE - looks good", R_RESPONSIBLE, COMMAND_APPROVE, NULL,
		    "looks good" },
		{ "REJECT，x", R_RESPONSIBLE, COMMAND_REJECT, NULL, "x" },
		{ "驳回:x", R_RESPONSIBLE, COMMAND_REJECT, NULL, "x" },
		/* ':' separates; ")" is the comment. */
		{ "APPROVE:)", R_RESPONSIBLE, COMMAND_APPROVE, NULL, ")" },
	};
	static const struct want_help h[] = {
		{ "同意；好", R_RESPONSIBLE, COMMAND_HELP_TRAILING,
		    "同意；好" },
		{ "APPROVEX", R_RESPONSIBLE, COMMAND_HELP_TRAILING, NULL },
		{ "同意的", R_RESPONSIBLE, COMMAND_HELP_TRAILING, NULL },
		{ "Noted.", R_RESPONSIBLE, COMMAND_HELP_TRAILING, NULL },
		{ "APPROVE)", R_RESPONSIBLE, COMMAND_HELP_TRAILING, NULL },
		{ "答复予以公开", R_HANDLER, COMMAND_HELP_TRAILING, NULL },
	};

	check_table(t, NELEM(t));
	check_help_table(h, NELEM(h));
}

/* The refusals of doc/mail.md: nothing applies, help says why. */
static void
test_refusals(void)
{
	static const struct want_help h[] = {
		{ "", R_RESPONSIBLE, COMMAND_HELP_EMPTY, NULL },
		{ "\n \n\t\n", R_RESPONSIBLE, COMMAND_HELP_EMPTY, NULL },
		{ "Let me check with finance.", R_RESPONSIBLE,
		    COMMAND_HELP_NO_KEYWORD, "Let me check with finance." },
		{ "Looks fine.", R_RESPONSIBLE, COMMAND_HELP_NO_KEYWORD, NULL },
		{ "我不同意", R_RESPONSIBLE, COMMAND_HELP_TEXT_BEFORE,
		    "不同意" },
		{ "我同意。", R_RESPONSIBLE, COMMAND_HELP_TEXT_BEFORE, "同意" },
		{ "I approve", R_RESPONSIBLE, COMMAND_HELP_TEXT_BEFORE,
		    "approve" },
		{ "同意吗？", R_RESPONSIBLE, COMMAND_HELP_QUESTION,
		    "同意吗？" },
		{ "同意吗", R_RESPONSIBLE, COMMAND_HELP_QUESTION, NULL },
		{ "同意?", R_RESPONSIBLE, COMMAND_HELP_QUESTION, NULL },
		{ "approve?", R_RESPONSIBLE, COMMAND_HELP_QUESTION,
		    "approve?" },
		{ "Hi,\nAPPROVE", R_RESPONSIBLE, COMMAND_HELP_NOT_FIRST,
		    "APPROVE" },
		{ "您好！\n\n同意", R_RESPONSIBLE, COMMAND_HELP_NOT_FIRST,
		    "同意" },
		{ "APPROVE\nREJECT", R_RESPONSIBLE, COMMAND_HELP_TWO_DECISIONS,
		    "REJECT" },
		{ "同意\n\n驳回：x", R_RESPONSIBLE,
		    COMMAND_HELP_TWO_DECISIONS, NULL },
		{ "驳回：x\nAPPROVE", R_APPROVER, COMMAND_HELP_TWO_DECISIONS,
		    NULL },
		{ "同意\n不同意公开：x", R_THIRD, COMMAND_HELP_TWO_DECISIONS,
		    NULL },
	};
	/* Later lines that only look like keywords are the argument. */
	static const struct want t[] = {
		{ "驳回：第三段有误。\n同意其余部分。", R_RESPONSIBLE,
		    COMMAND_REJECT, NULL, "第三段有误。\n同意其余部分。" },
		{ "同意\nAPPROVE", R_RESPONSIBLE, COMMAND_APPROVE, NULL,
		    "APPROVE" },
		{ "驳回：\n不同意，因为x", R_RESPONSIBLE, COMMAND_REJECT, NULL,
		    "不同意，因为x" },
		{ "ANSWER disclose\n同意\n驳回", R_HANDLER, COMMAND_ANSWER,
		    NULL, "同意\n驳回" },
	};

	check_help_table(h, NELEM(h));
	check_table(t, NELEM(t));
}

/* Keywords read in the light of the role. */
static void
test_roles_reading(void)
{
	static const struct want t[] = {
		{ "同意", R_THIRD, COMMAND_AGREE, "同意", "" },
		{ "同意公开", R_THIRD, COMMAND_AGREE, NULL, "" },
		{ "APPROVE", R_THIRD, COMMAND_AGREE, NULL, "" },
		{ "不同意：涉及商业秘密", R_THIRD, COMMAND_OBJECT, NULL,
		    "涉及商业秘密" },
		{ "REJECT: trade secret", R_THIRD, COMMAND_OBJECT, NULL,
		    "trade secret" },
		{ "同意公开", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "" },
		{ "不同意公开：x", R_SUPERVISING, COMMAND_REJECT, NULL, "x" },
		{ "AGREE，可以公开", R_THIRD, COMMAND_AGREE, NULL, "可以公开" },
	};

	check_table(t, NELEM(t));
}

/* A command the role may not give: help names what it may give. */
static void
test_roles_refused(void)
{
	static const struct want_help h[] = {
		{ "APPROVE", R_HANDLER, COMMAND_HELP_ROLE, "ANSWER TYPE" },
		{ "同意", R_HANDLER, COMMAND_HELP_ROLE, "答复 类型" },
		{ "ANSWER disclose", R_RESPONSIBLE, COMMAND_HELP_ROLE,
		    "APPROVE" },
		{ "REVISE", R_APPROVER, COMMAND_HELP_ROLE, "REJECT: reason" },
		{ "ESCALATE", R_RESPONSIBLE, COMMAND_HELP_ROLE, NULL },
		{ "AGREE", R_RESPONSIBLE, COMMAND_HELP_ROLE, "同意 [意见]" },
		{ "OBJECT: x", R_APPROVER, COMMAND_HELP_ROLE, NULL },
		{ "ANSWER disclose", R_THIRD, COMMAND_HELP_ROLE,
		    "不同意公开：理由" },
		{ "NOTE x", R_THIRD, COMMAND_HELP_ROLE, NULL },
		{ "APPROVE", R_SECRETARIAT, COMMAND_HELP_ROLE, "ASSIGN" },
		{ "同意", R_APPLICANT, COMMAND_HELP_ROLE, "申请人" },
		{ "PAID", R_APPLICANT, COMMAND_HELP_ROLE, NULL },
		{ "FEE 10", R_HEAD, COMMAND_HELP_ROLE, NULL },
		{ "SET 姓名 x", R_SECRETARIAT, COMMAND_HELP_ROLE, NULL },
		/* only the approver clears a secrecy hit */
		{ "CLEARED: ok", R_SUPERVISING, COMMAND_HELP_ROLE, NULL },
		{ "保密审查通过：可以", R_HANDLER, COMMAND_HELP_ROLE, NULL },
		{ "CLEARED: ok", R_SECRETARIAT, COMMAND_HELP_ROLE, NULL },
	};

	check_help_table(h, NELEM(h));
}

static void
test_role_table(void)
{
	/* Who may give what, per doc/mail.md, "Keywords". */
	static const struct {
		enum command_role	 role;
		const char		*allowed;
	} t[] = {
		{ R_APPLICANT, "withdraw " },
		{ R_HANDLER, "revise answer correction extend consult fee paid "
		    "assign set note consult-agency ask-reason defer "
		    "withdraw " },
		{ R_RESPONSIBLE, "approve reject revise extend note " },
		{ R_SUPERVISING, "approve reject revise extend escalate "
		    "note " },
		{ R_APPROVER, "approve reject extend note cleared " },
		{ R_LEADER, "approve reject note " },
		{ R_HEAD, "approve reject note " },
		{ R_SECRETARIAT, "assign note " },
		{ R_THIRD, "agree object " },
	};
	enum command_role r;
	GString *s;
	size_t i;
	int k;

	for (i = 0; i < NELEM(t); i++) {
		s = g_string_new(NULL);
		for (k = COMMAND_NONE; k <= COMMAND_WITHDRAW; k++)
			if (command_role_allows(t[i].role, k))
				g_string_append_printf(s, "%s ",
				    command_kind_name(k));
		g_assert_cmpstr(s->str, ==, t[i].allowed);
		g_string_free(s, TRUE);
		g_assert_cmpint(command_role_parse(
		    command_role_name(t[i].role), &r), ==, 0);
		g_assert_cmpint(r, ==, t[i].role);
	}
	g_assert_cmpint(command_role_parse("nobody", &r), ==, -1);
	g_assert_cmpint(command_role_parse(NULL, &r), ==, -1);
	g_assert_cmpstr(command_role_name(COMMAND_ROLE_THIRD_PARTY), ==,
	    "third_party");
	g_assert_false(command_role_allows(R_HANDLER, COMMAND_NONE));
}

static void
test_usage(void)
{
	char *u;

	u = command_usage(R_RESPONSIBLE);
	g_assert_cmpstr(u, ==,
	    "APPROVE [comment] / 同意 [意见]\n"
	    "REJECT: reason / 驳回：理由\n"
	    "REVISE + the revised draft / 修改 + 修改稿\n"
	    "EXTEND: reason / 延期：理由\n"
	    "NOTE text / 备注 内容");
	free(u);
	u = command_usage(R_APPLICANT);
	g_assert_cmpstr(u, ==, "WITHDRAW [statement] / 撤回 [说明]");
	free(u);
}

/* Reasons and texts that are required. */
static void
test_missing(void)
{
	static const struct want_help h[] = {
		{ "REJECT", R_RESPONSIBLE, COMMAND_HELP_MISSING, "理由" },
		{ "驳回：", R_RESPONSIBLE, COMMAND_HELP_MISSING, NULL },
		{ "驳回\n\n发自我的iPhone", R_RESPONSIBLE,
		    COMMAND_HELP_MISSING, NULL },
		{ "不同意公开", R_THIRD, COMMAND_HELP_MISSING, NULL },
		{ "OBJECT", R_THIRD, COMMAND_HELP_MISSING, NULL },
		{ "EXTEND", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "补正", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "NOTE", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "ANSWER", R_HANDLER, COMMAND_HELP_MISSING, "TYPE" },
		{ "答复：", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "FEE", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "CONSULT", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "征求意见\ntp@x.example.test", R_HANDLER,
		    COMMAND_HELP_MISSING, NULL },
		{ "ASSIGN", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "转办：", R_SECRETARIAT, COMMAND_HELP_MISSING, NULL },
		{ "SET", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "SET 姓名", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "设置 姓名：", R_HANDLER, COMMAND_HELP_MISSING, NULL },
	};
	static const struct want t[] = {
		/* Optional texts. */
		{ "APPROVE", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "" },
		{ "AGREE", R_THIRD, COMMAND_AGREE, NULL, "" },
		{ "PAID", R_HANDLER, COMMAND_PAID, NULL, "" },
		{ "ESCALATE", R_SUPERVISING, COMMAND_ESCALATE, NULL, "" },
		/* A reason on the next paragraph, however short. */
		{ "驳回\n\n材料不全", R_RESPONSIBLE, COMMAND_REJECT, NULL,
		    "材料不全" },
	};

	check_help_table(h, NELEM(h));
	check_table(t, NELEM(t));
}

/* Arguments: rest of the line and the lines after, trimmed, signatures
 * and sign-offs cut. */
static void
test_argument(void)
{
	static const struct want t[] = {
		{ "同意，\n意见在下一行", R_RESPONSIBLE, COMMAND_APPROVE, NULL,
		    "意见在下一行" },
		{ "同意\n很好", R_RESPONSIBLE, COMMAND_APPROVE, NULL, "很好" },
		{ "同意  请尽快。  \n\n", R_RESPONSIBLE, COMMAND_APPROVE, NULL,
		    "请尽快。" },
		{ "驳回：第一点。\n\n第二点。\n-- \n陈晓燕", R_RESPONSIBLE,
		    COMMAND_REJECT, NULL, "第一点。\n\n第二点。" },
		{ "退回：材料不全\n\n发自我的iPhone", R_RESPONSIBLE,
		    COMMAND_REJECT, NULL, "材料不全" },
		{ "Approve\n\nGet Outlook for iOS<https://aka.ms/o0ukef>",
		    R_RESPONSIBLE, COMMAND_APPROVE, NULL, "" },
		/* Sign-offs, the sender unknown: only a closing and a name. */
		{ "同意\n\n陈晓燕", R_RESPONSIBLE, COMMAND_APPROVE, NULL,
		    "陈晓燕" },
		{ "驳回：材料不全\n\n陈晓燕", R_RESPONSIBLE, COMMAND_REJECT,
		    NULL, "材料不全\n\n陈晓燕" },
		{ "APPROVE, good work\n\nThanks,\nChen", R_RESPONSIBLE,
		    COMMAND_APPROVE, NULL, "good work" },
		/* A real last line of a reason is never cut. */
		{ "驳回：答复书有误。\n\n期限错误", R_RESPONSIBLE,
		    COMMAND_REJECT, NULL, "答复书有误。\n\n期限错误" },
		{ "驳回：答复书有误。\n\n谢谢", R_RESPONSIBLE,
		    COMMAND_REJECT, NULL, "答复书有误。\n\n谢谢" },
		/* The signature is cut before anything below it is read: a
		 * signature that opens with a keyword is no second
		 * decision. */
		{ "驳回：材料不全\n\n-- \n通过 上海市外办信息公开审核组\n"
		    "电话 021-55550000", R_RESPONSIBLE, COMMAND_REJECT, NULL,
		    "材料不全" },
		{ "REJECT: wrong article\n-- \nApproved by the FAO web team",
		    R_RESPONSIBLE, COMMAND_REJECT, NULL, "wrong article" },
		/* Drafts keep everything but the signature. */
		{ "REVISE\n答复书\n\n上海市人民政府外事办公室\n李明",
		    R_RESPONSIBLE, COMMAND_REVISE, NULL,
		    "答复书\n\n上海市人民政府外事办公室\n李明" },
		{ "ANSWER disclose\n张喆：\n\n正文\n\n2026年10月12日\n\n李明",
		    R_HANDLER, COMMAND_ANSWER, NULL,
		    "张喆：\n\n正文\n\n2026年10月12日\n\n李明" },
		/* Full-width punctuation is kept as typed. */
		{ "驳回：期限（60日），请补充。", R_RESPONSIBLE, COMMAND_REJECT,
		    NULL, "期限（60日），请补充。" },
	};

	check_table(t, NELEM(t));
}

/* Sign-offs when the sender is known: their own name or address. */
static void
test_signoff_sender(void)
{
	static const struct {
		const char	*text;
		enum command_kind kind;
		const char	*argument;
	} t[] = {
		{ "同意\n\n陈晓燕", COMMAND_APPROVE, "" },
		{ "通过\n\n\n\nchushen@fao.example.test", COMMAND_APPROVE,
		    "" },
		{ "驳回：材料不全\n\n陈晓燕", COMMAND_REJECT, "材料不全" },
		{ "驳回：材料不全\n\n谢谢\n陈晓燕", COMMAND_REJECT,
		    "材料不全" },
		/* Someone else's name is text. */
		{ "驳回：请转交\n\n李明", COMMAND_REJECT, "请转交\n\n李明" },
		/* A lone name as the whole reason stays the reason. */
		{ "驳回：\n\n陈晓燕", COMMAND_REJECT, "陈晓燕" },
	};
	struct command *c;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		c = command_parse_sender(t[i].text, R_RESPONSIBLE, "陈晓燕",
		    "chushen@fao.example.test");
		g_assert_cmpstr(command_kind_name(c->kind), ==,
		    command_kind_name(t[i].kind));
		g_assert_cmpstr(c->argument, ==, t[i].argument);
		command_free(c);
	}
}

/* Every answer TYPE, and its Chinese row-label aliases. */
static void
test_answer_types(void)
{
	static const struct {
		const char	*word;
		const char	*type;
	} t[] = {
		{ "public-already", "public-already" },
		{ "已主动公开", "public-already" },
		{ "disclose", "disclose" },
		{ "予以公开", "disclose" },
		{ "partial", "partial" },
		{ "部分公开", "partial" },
		{ "withhold:state-secret", "withhold:state-secret" },
		{ "属于国家秘密", "withhold:state-secret" },
		{ "withhold:law-prohibited", "withhold:law-prohibited" },
		{ "其他法律行政法规禁止公开", "withhold:law-prohibited" },
		{ "withhold:security-stability",
		    "withhold:security-stability" },
		{ "危及“三安全一稳定”", "withhold:security-stability" },
		{ "危及三安全一稳定", "withhold:security-stability" },
		{ "withhold:third-party", "withhold:third-party" },
		{ "保护第三方合法权益", "withhold:third-party" },
		{ "withhold:internal-affairs", "withhold:internal-affairs" },
		{ "属于三类内部事务信息", "withhold:internal-affairs" },
		{ "withhold:process-info", "withhold:process-info" },
		{ "属于四类过程性信息", "withhold:process-info" },
		{ "withhold:enforcement-file", "withhold:enforcement-file" },
		{ "属于行政执法案卷", "withhold:enforcement-file" },
		{ "withhold:query-matter", "withhold:query-matter" },
		{ "属于行政查询事项", "withhold:query-matter" },
		{ "unavailable:not-held", "unavailable:not-held" },
		{ "本机关不掌握", "unavailable:not-held" },
		{ "unavailable:needs-creation", "unavailable:needs-creation" },
		{ "没有现成信息需要另行制作", "unavailable:needs-creation" },
		{ "unavailable:still-unclear", "unavailable:still-unclear" },
		{ "补正后申请内容仍不明确", "unavailable:still-unclear" },
		{ "not-processed:petition", "not-processed:petition" },
		{ "信访举报投诉类申请", "not-processed:petition" },
		{ "not-processed:repeat", "not-processed:repeat" },
		{ "重复申请", "not-processed:repeat" },
		{ "not-processed:publication", "not-processed:publication" },
		{ "要求提供公开出版物", "not-processed:publication" },
		{ "not-processed:excessive", "not-processed:excessive" },
		{ "无正当理由大量反复申请", "not-processed:excessive" },
		{ "not-processed:confirm-existing",
		    "not-processed:confirm-existing" },
		{ "要求行政机关确认或重新出具已获取信息",
		    "not-processed:confirm-existing" },
		{ "other:misc", "other:misc" },
		{ "其他", "other:misc" },
		{ "other:no-correction", "other:no-correction" },
		{ "other:fee-unpaid", "other:fee-unpaid" },
		{ "DISCLOSE", "disclose" },
		{ "ｄｉｓｃｌｏｓｅ", "disclose" },
	};
	struct command *c;
	char *text;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		g_assert_cmpstr(command_answer_type(t[i].word), ==, t[i].type);
		if (g_str_has_prefix(t[i].type, "other:") &&
		    strcmp(t[i].type, "other:misc") != 0)
			continue;
		text = g_strdup_printf("ANSWER %s\n答复书正文", t[i].word);
		c = command_parse(text, R_HANDLER);
		g_assert_cmpstr(command_kind_name(c->kind), ==, "answer");
		g_assert_cmpstr(c->type, ==, t[i].type);
		g_assert_cmpstr(c->argument, ==, "答复书正文");
		command_free(c);
		g_free(text);
		text = g_strdup_printf("答复：%s。答复书正文", t[i].word);
		c = command_parse(text, R_HANDLER);
		g_assert_cmpstr(c->type, ==, t[i].type);
		g_assert_cmpstr(c->argument, ==, "答复书正文");
		command_free(c);
		g_free(text);
	}
	g_assert_null(command_answer_type("withhold"));
	g_assert_null(command_answer_type("予以公开吧"));
	g_assert_null(command_answer_type(""));
	g_assert_null(command_answer_type(NULL));
}

static void
test_answer_refused(void)
{
	static const struct want_help h[] = {
		{ "ANSWER withhold\nx", R_HANDLER, COMMAND_HELP_TYPE,
		    "“withhold”" },
		{ "ANSWER disclosed", R_HANDLER, COMMAND_HELP_TYPE,
		    "public-already（予以公开（已主动公开））" },
		{ "答复 公开", R_HANDLER, COMMAND_HELP_TYPE, "已主动公开" },
		{ "ANSWER other:no-correction", R_HANDLER, COMMAND_HELP_TYPE,
		    "set by the daemon" },
		{ "ANSWER other:fee-unpaid", R_HANDLER, COMMAND_HELP_TYPE,
		    NULL },
	};
	static const struct want t[] = {
		{ "answer disclose, 见附件", R_HANDLER, COMMAND_ANSWER, NULL,
		    "见附件" },
		{ "ANSWER: partial", R_HANDLER, COMMAND_ANSWER, NULL, "" },
	};

	check_help_table(h, NELEM(h));
	check_table(t, NELEM(t));
}

/* An answer of several items (answer_items.h): the first item's TYPE. */
static void
test_answer_items(void)
{
	static const struct want_help h[] = {
		{ "ANSWER\n1. disclosed 名单", R_HANDLER, COMMAND_HELP_TYPE,
		    "第1项“disclosed”不是可用的答复类型" },
		{ "ANSWER\n1. disclose a\n2. other:fee-unpaid b", R_HANDLER,
		    COMMAND_HELP_TYPE, "set by the daemon" },
		{ "ANSWER\n名单见附件", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "ANSWER", R_HANDLER, COMMAND_HELP_MISSING, NULL },
	};
	static const struct {
		const char	*text;
		const char	*type;
	} t[] = {
		{ "ANSWER\n1. disclose 名单见附件。\n"
		    "2. withhold:internal-affairs 内部意见", "disclose" },
		{ "答复\n\n1、属于三类内部事务信息 内部意见\n2、予以公开 名单",
		    "withhold:internal-affairs" },
		{ "ANSWER:\n1) partial 见附件", "partial" },
	};
	struct answer_items items;
	struct command *c;
	char *why, *s;
	size_t i;

	check_help_table(h, NELEM(h));
	for (i = 0; i < NELEM(t); i++) {
		c = command_parse(t[i].text, R_HANDLER);
		g_assert_cmpint(c->kind, ==, COMMAND_ANSWER);
		g_assert_cmpstr(c->type, ==, t[i].type);
		g_assert_nonnull(strstr(c->argument, "1"));
		command_free(c);
	}

	g_assert_cmpint(answer_items_parse("1. disclose 名单：\n甲\n"
	    "3. 不是新的一项\n2. 本机关不掌握 未制作\n", &items, &why), ==, 1);
	g_assert_null(why);
	g_assert_cmpuint(items.n, ==, 2);
	g_assert_cmpstr(items.v[0].type, ==, "disclose");
	g_assert_cmpstr(items.v[0].text, ==, "名单：\n甲\n3. 不是新的一项");
	g_assert_cmpstr(items.v[1].type, ==, "unavailable:not-held");
	g_assert_cmpstr(items.v[1].text, ==, "未制作");
	s = answer_items_render(&items, "zh");
	g_assert_cmpstr(s, ==, "1. 关于您申请的第1项：根据《条例》第三十六条第（二）"
	    "项的规定，予以公开。\n名单：\n甲\n3. 不是新的一项\n\n"
	    "2. 关于您申请的第2项：根据《条例》第三十六条第（四）项的规定，"
	    "无法提供（本机关不掌握该政府信息）。\n未制作\n");
	free(s);
	s = answer_items_render(&items, "en");
	g_assert_cmpstr(s, ==, "1. Item 1 of your request: under Article "
	    "36(2) of the Regulations (《条例》第三十六条第（二）项), the "
	    "information is disclosed (予以公开).\n名单：\n甲\n3. 不是新的一项\n"
	    "\n2. Item 2 of your request: under Article 36(4) of the "
	    "Regulations (《条例》第三十六条第（四）项), the information cannot "
	    "be provided (this office does not hold it) (无法提供（本机关不掌握该"
	    "政府信息）).\n未制作\n");
	free(s);
	answer_items_free(&items);
	g_assert_cmpint(answer_items_parse("1. partial x\n", &items, NULL), ==,
	    1);
	answer_items_free(&items);
	/* Not lists: a draft that does not open with item 1. */
	g_assert_cmpint(answer_items_parse("经查，共12个。\n1. disclose x",
	    &items, &why), ==, 0);
	g_assert_cmpint(answer_items_parse("2. disclose x", &items, &why),
	    ==, 0);
	g_assert_cmpint(answer_items_parse("10. disclose x", &items, &why),
	    ==, 0);
	g_assert_cmpint(answer_items_parse(NULL, &items, &why), ==, 0);
	g_assert_cmpint(answer_items_parse("1. 公开 x", &items, &why), ==, -1);
	g_assert_nonnull(strstr(why, "“公开”"));
	free(why);
	/* Every TYPE a person may give has an article and a decision. */
	for (i = 0; i < 21; i++) {
		static const char *const ty[] = { "public-already", "disclose",
		    "partial", "withhold:state-secret",
		    "withhold:law-prohibited", "withhold:security-stability",
		    "withhold:third-party", "withhold:internal-affairs",
		    "withhold:process-info", "withhold:enforcement-file",
		    "withhold:query-matter", "unavailable:not-held",
		    "unavailable:needs-creation", "unavailable:still-unclear",
		    "not-processed:petition", "not-processed:repeat",
		    "not-processed:publication", "not-processed:excessive",
		    "not-processed:confirm-existing", "other:misc",
		    "unavailable:other-agency" };

		g_assert_nonnull(answer_item_article(ty[i]));
		g_assert_nonnull(answer_item_decision(ty[i]));
	}
	g_assert_null(answer_item_article("other:fee-unpaid"));
}

static void
test_fee(void)
{
	static const struct {
		const char	*text;
		long long	 fen;
		const char	*argument;
	} t[] = {
		{ "FEE 120", 12000, "" },
		{ "FEE 120.50 per page", 12050, "per page" },
		{ "FEE 12.5", 1250, "" },
		{ "收费 120元，按件计收", 12000, "按件计收" },
		{ "收费：￥３０.５０ 元\n按页计收", 3050, "按页计收" },
		{ "FEE ¥ 7", 700, "" },
		{ "FEE RMB 50 per item", 5000, "per item" },
		{ "FEE 50 CNY", 5000, "" },
		{ "FEE 100000000", 10000000000LL, "" },
		{ "FEE 0.01", 1, "" },
	};
	static const struct want_help h[] = {
		{ "FEE abc", R_HANDLER, COMMAND_HELP_AMOUNT, "abc" },
		{ "FEE 0", R_HANDLER, COMMAND_HELP_AMOUNT, NULL },
		{ "FEE 1,200", R_HANDLER, COMMAND_HELP_AMOUNT, NULL },
		{ "FEE 1.234", R_HANDLER, COMMAND_HELP_AMOUNT, NULL },
		{ "FEE 100000000.01", R_HANDLER, COMMAND_HELP_AMOUNT, NULL },
		{ "FEE 999999999999", R_HANDLER, COMMAND_HELP_AMOUNT, NULL },
		{ "收费 一百元", R_HANDLER, COMMAND_HELP_AMOUNT, NULL },
		{ "FEE 10x", R_HANDLER, COMMAND_HELP_AMOUNT, NULL },
	};
	struct command *c;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		c = command_parse(t[i].text, R_HANDLER);
		g_assert_cmpstr(command_kind_name(c->kind), ==, "fee");
		g_assert_cmpint(c->amount, ==, t[i].fen);
		g_assert_cmpstr(c->argument, ==, t[i].argument);
		command_free(c);
	}
	check_help_table(h, NELEM(h));
}

static void
test_consult(void)
{
	static const struct {
		const char	*text;
		const char	*address;
		const char	*argument;
	} t[] = {
		{ "CONSULT tp@corp.example.test\n是否同意公开贵司合同？",
		    "tp@corp.example.test", "是否同意公开贵司合同？" },
		{ "征求意见 <Li.Si@Corp.Example.TEST>，合同是否可公开",
		    "Li.Si@corp.example.test", "合同是否可公开" },
		{ "CONSULT mailto:a+b@x.example.test", "a+b@x.example.test",
		    "" },
		{ "征求意见：tp@corp.example.test。", "tp@corp.example.test",
		    "" },
	};
	static const struct want_help h[] = {
		{ "CONSULT 张三", R_HANDLER, COMMAND_HELP_ADDRESS, "张三" },
		{ "CONSULT tp@localhost", R_HANDLER, COMMAND_HELP_ADDRESS,
		    NULL },
		{ "CONSULT a@@b.test", R_HANDLER, COMMAND_HELP_ADDRESS, NULL },
		{ "CONSULT @b.test", R_HANDLER, COMMAND_HELP_ADDRESS, NULL },
		{ "CONSULT a@b..test", R_HANDLER, COMMAND_HELP_ADDRESS, NULL },
	};
	struct command *c;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		c = command_parse(t[i].text, R_HANDLER);
		g_assert_cmpstr(command_kind_name(c->kind), ==, "consult");
		g_assert_cmpstr(c->address, ==, t[i].address);
		g_assert_cmpstr(c->argument, ==, t[i].argument);
		command_free(c);
	}
	check_help_table(h, NELEM(h));
}

/* Art. 34 and 35, and the withdrawal: CONSULT-AGENCY ADDRESS, ASK-REASON,
 * DEFER DATE, WITHDRAW. */
static void
test_art35(void)
{
	static const struct want_help h[] = {
		{ "DEFER 明年：理由", R_HANDLER, COMMAND_HELP_DATE, "明年" },
		{ "DEFER 2026-02-30: x", R_HANDLER, COMMAND_HELP_DATE, NULL },
		{ "延迟答复 2026-12-31", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "ASK-REASON", R_HANDLER, COMMAND_HELP_MISSING, NULL },
		{ "征求机关意见 某局", R_HANDLER, COMMAND_HELP_ADDRESS, NULL },
		{ "撤回", R_RESPONSIBLE, COMMAND_HELP_ROLE, NULL },
		{ "同意", R_APPLICANT, COMMAND_HELP_ROLE, NULL },
	};
	struct command *c;

	c = command_parse("CONSULT-AGENCY ban@sfb.example.gov\n"
	    "是否同意公开联合发文？", R_HANDLER);
	g_assert_cmpstr(command_kind_name(c->kind), ==, "consult-agency");
	g_assert_cmpstr(c->address, ==, "ban@sfb.example.gov");
	g_assert_cmpstr(c->argument, ==, "是否同意公开联合发文？");
	command_free(c);
	c = command_parse("征求机关意见 ban@sfb.example.gov", R_HANDLER);
	g_assert_cmpstr(command_kind_name(c->kind), ==, "consult-agency");
	command_free(c);
	/* CONSULT alone is still the third party's. */
	c = command_parse("CONSULT tp@corp.example.test", R_HANDLER);
	g_assert_cmpstr(command_kind_name(c->kind), ==, "consult");
	command_free(c);
	c = command_parse("要求说明理由：请说明申请100件的用途", R_HANDLER);
	g_assert_cmpstr(command_kind_name(c->kind), ==, "ask-reason");
	g_assert_cmpstr(c->argument, ==, "请说明申请100件的用途");
	command_free(c);
	c = command_parse("DEFER 2026-12-31: 材料较多", R_HANDLER);
	g_assert_cmpstr(command_kind_name(c->kind), ==, "defer");
	g_assert_cmpstr(c->date, ==, "2026-12-31");
	g_assert_cmpstr(c->argument, ==, "材料较多");
	command_free(c);
	c = command_parse("延迟答复 2026年1月5日：材料较多", R_HANDLER);
	g_assert_cmpstr(command_kind_name(c->kind), ==, "defer");
	g_assert_cmpstr(c->date, ==, "2026-01-05");
	command_free(c);
	c = command_parse("撤回", R_APPLICANT);
	g_assert_cmpstr(command_kind_name(c->kind), ==, "withdraw");
	command_free(c);
	c = command_parse("WITHDRAW\n申请人来信撤回", R_HANDLER);
	g_assert_cmpstr(command_kind_name(c->kind), ==, "withdraw");
	command_free(c);
	/* other-agency is a TYPE; other:withdrawn is the daemon's. */
	g_assert_cmpstr(command_answer_type("unavailable:other-agency"), ==,
	    "unavailable:other-agency");
	c = command_parse("ANSWER other:withdrawn\nx", R_HANDLER);
	g_assert_cmpint(c->help, ==, COMMAND_HELP_TYPE);
	command_free(c);
	check_help_table(h, NELEM(h));
}

static void
test_assign(void)
{
	static const struct {
		const char		*text;
		enum command_role	 role;
		const char		*division;
	} t[] = {
		{ "ASSIGN 国际交流处", R_HANDLER, "国际交流处" },
		{ "转办：礼宾处。", R_SECRETARIAT, "礼宾处" },
		{ "转办 秘书处，请处理", R_SECRETARIAT, "秘书处" },
	};
	struct command *c;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		c = command_parse(t[i].text, t[i].role);
		g_assert_cmpstr(command_kind_name(c->kind), ==, "assign");
		g_assert_cmpstr(c->division, ==, t[i].division);
		command_free(c);
	}
}

static void
test_set(void)
{
	static const struct {
		const char	*text;
		const char	*field;
		const char	*value;
	} t[] = {
		{ "SET 姓名 张喆", "姓名", "张喆" },
		{ "设置 证件号码：110101199003070000",
		    "证件号码", "110101199003070000" },
		{ "SET phone 13900000001", "联系电话", "13900000001" },
		{ "SET Email=a@b.example.test", "电子邮箱",
		    "a@b.example.test" },
		{ "设置 聯繫電話 13900000002", "联系电话", "13900000002" },
		{ "设置 通信地址 上海市 徐汇区 示例路1号 ", "通信地址",
		    "上海市 徐汇区 示例路1号" },
		{ "设置 所需信息\n2025年度的\n因公出国情况", "所需信息",
		    "2025年度的\n因公出国情况" },
		{ "SET 申请人类型 法律服务机构", "申请人类型", "法律服务机构" },
		{ "SET 名称 上海示例律师事务所", "名称", "上海示例律师事务所" },
		{ "SET 获取方式 邮寄", "获取方式", "邮寄" },
		{ "SET 载体形式 纸质", "载体形式", "纸质" },
		{ "SET 证件类型 护照", "证件类型", "护照" },
	};
	static const struct want_help h[] = {
		{ "SET foo bar", R_HANDLER, COMMAND_HELP_FIELD, "姓名" },
		{ "设置 名字 张喆", R_HANDLER, COMMAND_HELP_FIELD, "名字" },
	};
	struct command *c;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		c = command_parse(t[i].text, R_HANDLER);
		g_assert_cmpstr(command_kind_name(c->kind), ==, "set");
		g_assert_cmpstr(c->field, ==, t[i].field);
		g_assert_cmpstr(c->value, ==, t[i].value);
		command_free(c);
	}
	check_help_table(h, NELEM(h));
}

static void
test_misc(void)
{
	struct command *c;
	char *big;

	command_free(NULL);
	g_assert_cmpstr(command_kind_name(COMMAND_NONE), ==, "none");
	g_assert_cmpstr(command_kind_name(COMMAND_ESCALATE), ==, "escalate");
	g_assert_cmpstr(command_kind_name((enum command_kind)999), ==, "none");

	c = command_parse(NULL, R_RESPONSIBLE);
	g_assert_cmpint(c->help, ==, COMMAND_HELP_EMPTY);
	command_free(c);

	/* Invalid UTF-8 never reaches a reason. */
	c = command_parse("\xff\xfe同意吗", R_RESPONSIBLE);
	g_assert_true(g_utf8_validate(c->reason, -1, NULL));
	command_free(c);

	/* A long first line is quoted short in the reason. */
	big = g_strnfill(100000, 'x');
	c = command_parse(big, R_RESPONSIBLE);
	g_assert_cmpint(c->help, ==, COMMAND_HELP_NO_KEYWORD);
	g_assert_cmpint(strlen(c->reason), <, 400);
	command_free(c);
	g_free(big);
}

/*
 * shared/corpus/replies/, copied byte for byte into tests/data/corpus/replies/:
 * each reply of 陈晓燕 (the responsible reviewer) to the review
 * notification of GK-2026-0007, with the outcome INDEX.md states.  The
 * mail is decoded by mime_parse(), its text cut by quote_authored()
 * against the notification's lines, and read by command_parse().
 */
#define MARKER	"—— 请在此线以上回复 / Reply above this line ——"

/* Which notification the reply quotes (tests/data/notification/README.md). */
enum notice {
	NOTICE_PLAIN,		/* notification.txt */
	NOTICE_EXAMPLES,	/* notification-examples.txt: 13, 14, 16 */
};

static const struct reply {
	const char		*file;
	enum notice		 notice;
	enum command_kind	 kind;
	enum command_help	 help;
	const char		*argument;	/* the comment or reason */
} replies[] = {
	{ "01-gmail-en-approve.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "02-gmail-zh-wrapped-attribution.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "03-outlook-web-en-reject-rule.eml", NOTICE_PLAIN,
	    COMMAND_REJECT, COMMAND_HELP_NONE,
	    "the legal basis in the draft cites the wrong article." },
	{ "04-outlook-web-zh-reject.eml", NOTICE_PLAIN,
	    COMMAND_REJECT, COMMAND_HELP_NONE,
	    "答复书未写明申请行政复议的期限（60日），请补充后重新提交。" },
	{ "05a-outlook2010-classic-approved.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "05b-outlook2007-zh-youjian-yuanjian.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "按程序报审批人。" },
	{ "06a-qqmail-original-mail-separator.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	/* INDEX.md allows the signature line 'chushen@fao.example.test' as
	 * the comment; the sign-off rule drops it as the sender's own
	 * address. */
	{ "06b-foxmail-fullwidth-header-block.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "06c-qqmail-app-original-english.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "07a-qqmail-web-u00a0.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "07b-qqmail-web-literal-nbsp.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "08-coremail-approve-comment.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "请尽快执行。" },
	{ "09-netease-web-eight-blank-lines.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "10-iphone-zh-reject-signature.eml", NOTICE_PLAIN,
	    COMMAND_REJECT, COMMAND_HELP_NONE, "材料不全" },
	{ "11-outlook-ios-approve.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "12-iphone-unquoted-attribution-bom.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "13-gmail-help-quoted-approve.eml", NOTICE_EXAMPLES,
	    COMMAND_NONE, COMMAND_HELP_NO_KEYWORD, "" },
	{ "14-outlook-desktop-help-no-rule.eml", NOTICE_EXAMPLES,
	    COMMAND_NONE, COMMAND_HELP_NO_KEYWORD, "" },
	{ "15-qqmail-wo-bu-tongyi.eml", NOTICE_PLAIN,
	    COMMAND_NONE, COMMAND_HELP_TEXT_BEFORE, "" },
	{ "16-applemail-help-leaked-url-line.eml", NOTICE_EXAMPLES,
	    COMMAND_NONE, COMMAND_HELP_NO_KEYWORD, "" },
	{ "17a-iphone-fullwidth-approve.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "17b-thunderbird-lowercase-approve.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "17c-exmail-tongyi-fullstop.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "17d-mailmaster-reject-ascii-colon.eml", NOTICE_PLAIN,
	    COMMAND_REJECT, COMMAND_HELP_NONE, "未引用条例第三十六条" },
	{ "17e-outlook-android-reject-fullwidth-comma.eml", NOTICE_PLAIN,
	    COMMAND_REJECT, COMMAND_HELP_NONE,
	    "答复书落款日期应为2026年10月13日。" },
	{ "17f-mutt-bom-approve.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "18a-gmail-zh-tongyi-ma.eml", NOTICE_PLAIN,
	    COMMAND_NONE, COMMAND_HELP_QUESTION, "" },
	{ "18b-outlook-web-approve-question.eml", NOTICE_PLAIN,
	    COMMAND_NONE, COMMAND_HELP_QUESTION, "" },
	{ "18c-applemail-hi-then-approve.eml", NOTICE_PLAIN,
	    COMMAND_NONE, COMMAND_HELP_NOT_FIRST, "" },
	{ "18d-thunderbird-approve-then-reject.eml", NOTICE_PLAIN,
	    COMMAND_NONE, COMMAND_HELP_TWO_DECISIONS, "" },
	{ "19a-gmail-html-only.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "请按修改稿发出。" },
	{ "19b-outlook-mac-html-only-divrplyfwdmsg.eml", NOTICE_PLAIN,
	    COMMAND_REJECT, COMMAND_HELP_NONE,
	    "答复书第三段引用的文号有误，应为沪外办〔2026〕12号。" },
	{ "20a-outlook-gb2312-label-gbk-base64.eml", NOTICE_PLAIN,
	    COMMAND_REJECT, COMMAND_HELP_NONE,
	    "申请人姓名应为“张喆”，草稿误作“张哲”，请经办人更正后重新提交。" },
	{ "20b-windows-live-mail-gb2312-qp-flowed.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE,
	    "附件第3页“昇平路”的“昇”字请核对。" },
	{ "20c-roundcube-utf8-qp-split-character.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE,
	    "经核对答复书所列数据与我处统计一致，同意按此稿答复申请人，"
	    "并请经办人同步更新政府信息公开目录。" },
	{ "x1-thunderbird-bare-office-address.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
	{ "x2-coremail-new-mail-uppercase-token.eml", NOTICE_PLAIN,
	    COMMAND_APPROVE, COMMAND_HELP_NONE, "" },
};

static char *
data_dir(const char *sub)
{
	const char *src = getenv("GK_SRCDIR");

	return g_build_filename(src != NULL ? src : GK_SRCDIR, "tests",
	    "data", sub, NULL);
}

static char *
replies_dir(void)
{
	return data_dir("corpus/replies");
}

/* The notification's lines; g_strfreev() them. */
static char **
notice_lines(enum notice n)
{
	char *dir = data_dir("notification"), *path, *text = NULL;
	GError *err = NULL;
	char **lines;

	path = g_build_filename(dir, n == NOTICE_EXAMPLES ?
	    "notification-examples.txt" : "notification.txt", NULL);
	if (!g_file_get_contents(path, &text, NULL, &err))
		g_error("%s: %s", path, err->message);
	lines = g_strsplit(text, "\n", -1);
	g_free(text);
	g_free(path);
	g_free(dir);
	return lines;
}

static void
test_reply(gconstpointer data)
{
	const struct reply *r = data;
	char *dir = replies_dir(), *path, *raw = NULL, *authored;
	struct message *msg;
	struct command *c;
	GError *err = NULL;
	char **sent;
	gsize len;

	path = g_build_filename(dir, r->file, NULL);
	if (!g_file_get_contents(path, &raw, &len, &err))
		g_error("%s: %s", path, err->message);
	msg = mime_parse(raw, len, NULL);
	sent = notice_lines(r->notice);
	authored = quote_authored(msg->text, (const char *const *)sent,
	    MARKER);
	c = command_parse_sender(authored, COMMAND_ROLE_RESPONSIBLE,
	    msg->from.name, msg->from.addr);

	g_test_message("%s: got %s help %d argument \"%s\"; want %s help %d "
	    "argument \"%s\"", r->file, command_kind_name(c->kind), c->help,
	    c->argument, command_kind_name(r->kind), r->help, r->argument);
	if (c->reason != NULL)
		g_test_message("reason: %s", c->reason);
	g_assert_cmpstr(command_kind_name(c->kind), ==,
	    command_kind_name(r->kind));
	g_assert_cmpint(c->help, ==, r->help);
	g_assert_cmpstr(c->argument, ==, r->argument);

	command_free(c);
	free(authored);
	g_strfreev(sent);
	mime_message_free(msg);
	g_free(raw);
	g_free(path);
	g_free(dir);
}

/* Every .eml in the folder has a row, and every row a file. */
static void
test_replies_listed(void)
{
	char *dir = replies_dir();
	const char *name;
	GError *err = NULL;
	GDir *d;
	size_t i, seen = 0;

	if ((d = g_dir_open(dir, 0, &err)) == NULL)
		g_error("%s: %s", dir, err->message);
	while ((name = g_dir_read_name(d)) != NULL) {
		if (!g_str_has_suffix(name, ".eml"))
			continue;
		for (i = 0; i < NELEM(replies); i++)
			if (strcmp(replies[i].file, name) == 0)
				break;
		if (i == NELEM(replies))
			g_test_message("%s: no expected outcome", name);
		g_assert_cmpuint(i, <, NELEM(replies));
		seen++;
	}
	g_dir_close(d);
	g_assert_cmpuint(seen, ==, NELEM(replies));
	g_free(dir);
}

/* One test per file, named after it: /command/replies/01-gmail-... */
static void
add_reply_tests(void)
{
	char *path;
	size_t i;

	g_test_add_func("/command/replies/listed", test_replies_listed);
	for (i = 0; i < NELEM(replies); i++) {
		path = g_strdup_printf("/command/replies/%.*s",
		    (int)(strlen(replies[i].file) - 4), replies[i].file);
		g_test_add_data_func(path, &replies[i], test_reply);
		g_free(path);
	}
}

/*
 * tests/data/replies-intl/: replies in other languages and clients, read
 * from expect.txt (FILE|OUTCOME|ARGUMENT, "\n" for a line break) so that
 * a case is added without code.  Each is read as gongkai reads it:
 * mime_parse(), quote_authored() against the notification, the office
 * address scrub, command_parse_sender() with the mail's From.
 */
#define INTL_OFFICE	"gongkai@fao.example.test"
#define INTL_TOKEN	"abcdefghijklmnopqrstuvwxyz234567abcdefghij"

struct intl_reply {
	char	*file;
	char	*outcome;
	char	*argument;
};

static GPtrArray *intl_replies;

static void
intl_load(void)
{
	char *dir = data_dir("replies-intl"), *path, *text = NULL;
	GError *err = NULL;
	struct intl_reply *r;
	char **lines, **f, **parts;
	size_t i;

	intl_replies = g_ptr_array_new();
	path = g_build_filename(dir, "expect.txt", NULL);
	if (!g_file_get_contents(path, &text, NULL, &err))
		g_error("%s: %s", path, err->message);
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		if (lines[i][0] == '#' || lines[i][0] == '\0')
			continue;
		f = g_strsplit(lines[i], "|", 3);
		if (g_strv_length(f) != 3)
			g_error("%s: bad line: %s", path, lines[i]);
		r = g_new0(struct intl_reply, 1);
		r->file = g_strdup(f[0]);
		r->outcome = g_strdup(f[1]);
		parts = g_strsplit(f[2], "\\n", -1);
		r->argument = g_strjoinv("\n", parts);
		g_strfreev(parts);
		g_ptr_array_add(intl_replies, r);
		g_strfreev(f);
	}
	g_strfreev(lines);
	g_free(text);
	g_free(path);
	g_free(dir);
}

static void
test_intl_reply(gconstpointer data)
{
	const struct intl_reply *r = data;
	char *dir = data_dir("replies-intl"), *path, *raw = NULL;
	char *authored, *scrubbed;
	struct message *msg;
	struct command *c;
	GError *err = NULL;
	char **sent;
	gsize len;

	path = g_build_filename(dir, r->file, NULL);
	if (!g_file_get_contents(path, &raw, &len, &err))
		g_error("%s: %s", path, err->message);
	msg = mime_parse(raw, len, NULL);
	sent = notice_lines(NOTICE_PLAIN);
	authored = quote_authored(msg->text, (const char *const *)sent,
	    MARKER);
	scrubbed = quote_scrub_office(authored, INTL_OFFICE, INTL_TOKEN);
	c = command_parse_sender(scrubbed, COMMAND_ROLE_RESPONSIBLE,
	    msg->from.name, msg->from.addr);

	g_test_message("%s: got %s argument \"%s\"; want %s argument \"%s\"",
	    r->file, command_kind_name(c->kind), c->argument, r->outcome,
	    r->argument);
	if (c->reason != NULL)
		g_test_message("reason: %s", c->reason);
	if (strcmp(r->outcome, "help") == 0)
		g_assert_cmpstr(command_kind_name(c->kind), ==, "none");
	else
		g_assert_cmpstr(command_kind_name(c->kind), ==, r->outcome);
	g_assert_cmpstr(c->argument, ==, r->argument);
	g_assert_null(strstr(c->argument, INTL_TOKEN));

	command_free(c);
	free(scrubbed);
	free(authored);
	g_strfreev(sent);
	mime_message_free(msg);
	g_free(raw);
	g_free(path);
	g_free(dir);
}

/* Every .eml in the folder has a line in expect.txt, and every line a
 * file. */
static void
test_intl_listed(void)
{
	char *dir = data_dir("replies-intl"), *path;
	const struct intl_reply *r;
	const char *name;
	GError *err = NULL;
	GDir *d;
	size_t i, seen = 0;

	if ((d = g_dir_open(dir, 0, &err)) == NULL)
		g_error("%s: %s", dir, err->message);
	while ((name = g_dir_read_name(d)) != NULL) {
		if (!g_str_has_suffix(name, ".eml"))
			continue;
		for (i = 0; i < intl_replies->len; i++) {
			r = g_ptr_array_index(intl_replies, i);
			if (strcmp(r->file, name) == 0)
				break;
		}
		if (i == intl_replies->len)
			g_test_message("%s: no line in expect.txt", name);
		g_assert_cmpuint(i, <, intl_replies->len);
		seen++;
	}
	g_dir_close(d);
	for (i = 0; i < intl_replies->len; i++) {
		r = g_ptr_array_index(intl_replies, i);
		path = g_build_filename(dir, r->file, NULL);
		if (!g_file_test(path, G_FILE_TEST_EXISTS))
			g_error("expect.txt names %s, which is missing",
			    r->file);
		g_free(path);
	}
	g_assert_cmpuint(seen, ==, intl_replies->len);
	g_free(dir);
}

static void
add_intl_tests(void)
{
	const struct intl_reply *r;
	char *path;
	size_t i;

	intl_load();
	g_test_add_func("/command/replies-intl/listed", test_intl_listed);
	for (i = 0; i < intl_replies->len; i++) {
		r = g_ptr_array_index(intl_replies, i);
		path = g_strdup_printf("/command/replies-intl/%.*s",
		    (int)(strlen(r->file) - 4), r->file);
		g_test_add_data_func(path, r, test_intl_reply);
		g_free(path);
	}
}

/* Art. 32: the reason a disclosing draft gives, on its own line. */
static void
test_disclose_reason(void)
{
	char *r;

	r = command_disclose_reason("经查，予以公开。\n公开理由：涉及公共安全，"
	    "不公开将对公共利益造成重大影响。");
	g_assert_cmpstr(r, ==, "涉及公共安全，不公开将对公共利益造成重大影响。");
	free(r);
	r = command_disclose_reason("text\n  Reason for disclosure: public "
	    "health\n");
	g_assert_cmpstr(r, ==, "public health");
	free(r);
	r = command_disclose_reason("公开理由:  \n");
	g_assert_null(r);
	r = command_disclose_reason("本案无公开理由可言。");
	g_assert_null(r);
	g_assert_null(command_disclose_reason(""));
	g_assert_null(command_disclose_reason(NULL));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/command/keywords", test_keywords);
	g_test_add_func("/command/case-and-width", test_case_and_width);
	g_test_add_func("/command/longest", test_longest);
	g_test_add_func("/command/separators", test_separators);
	g_test_add_func("/command/refusals", test_refusals);
	g_test_add_func("/command/roles-reading", test_roles_reading);
	g_test_add_func("/command/roles-refused", test_roles_refused);
	g_test_add_func("/command/role-table", test_role_table);
	g_test_add_func("/command/usage", test_usage);
	g_test_add_func("/command/missing", test_missing);
	g_test_add_func("/command/argument", test_argument);
	g_test_add_func("/command/signoff-sender", test_signoff_sender);
	g_test_add_func("/command/answer-types", test_answer_types);
	g_test_add_func("/command/answer-refused", test_answer_refused);
	g_test_add_func("/command/answer-items", test_answer_items);
	g_test_add_func("/command/fee", test_fee);
	g_test_add_func("/command/consult", test_consult);
	g_test_add_func("/command/art35", test_art35);
	g_test_add_func("/command/assign", test_assign);
	g_test_add_func("/command/set", test_set);
	g_test_add_func("/command/misc", test_misc);
	g_test_add_func("/command/disclose-reason", test_disclose_reason);
	add_reply_tests();
	add_intl_tests();
	return g_test_run();
}
