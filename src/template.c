/*
 * template.c - renders templates/NAME.LANG.txt.  A file is parsed into a
 * flat list of nodes (text, variable, section open, section close) with
 * the standalone-line rule applied while parsing; rendering walks the
 * list with a stack of "emitting" flags.  Parsing checks everything that
 * does not depend on the values: syntax, known variables, balanced
 * sections.  The work is linear in the size of the template and values.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "clock.h"
#include "document.h"
#include "template.h"
#include "datadir.h"
#include "xmalloc.h"

#ifndef GK_TEMPLATEDIR
#define GK_TEMPLATEDIR	"/usr/local/share/gongkai/templates"
#endif

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * The known variables: the only names a template may use and a caller may
 * supply.  Dates are written by the caller in the mail's language
 * (template_format_date(): zh 2026年9月28日).  "Staff mail" is mail to
 * people of the office; "applicant mail" goes to the applicant or a
 * third party, where identity and phone numbers are not masked and a
 * provisional date is never shown (doc/lifecycle.md).
 */
static const struct tvar {
	const char	*name;
	const char	*meaning;
} tvars[] = {
	/* The office. */
	{ "office_name",	"the office's name ([office] name)" },
	{ "office_address",	"the office's mail address ([office] "
				"address), for questions" },
	{ "doc_number",		"the document number (文号) of a notice or "
				"answer; optional" },
	{ "earlier_number",	"the number of the earlier document this one "
				"refers to (a repeated request's answer); "
				"optional" },
	{ "date",		"today: the date the mail is written" },

	/* The case and the applicant (doc/lifecycle.md, "Receipt"; Art. 29). */
	{ "case_id",		"the case id, GK-2026-0001; subjects carry "
				"it as the tag [case_id]" },
	{ "applicant_name",	"姓名/名称: the applicant's name" },
	{ "applicant_email",	"电子邮箱: the applicant's mail address" },
	{ "applicant_type",	"申请人类型: 自然人, 商业企业, 科研机构, "
				"社会公益组织, 法律服务机构, 其他" },
	{ "applicant_id_type",	"证件类型" },
	{ "applicant_id_number", "证件号码; masked by the caller "
				"(3101**********1234) except to the "
				"applicant" },
	{ "applicant_phone",	"联系电话; masked like the id number" },
	{ "applicant_postal_address", "通信地址" },
	{ "delivery_method",	"获取方式: how the applicant wants the "
				"information" },
	{ "medium",		"载体形式: paper, electronic ..." },
	{ "request_description", "所需信息: the information asked for "
				"(名称、文号或特征性描述), or the whole "
				"text of a mail without labels" },
	{ "missing_fields",	"the Art. 29 fields missing from the "
				"application, as one list" },
	{ "attachments",	"the names of the attachments, as one "
				"list (to a reviewer: one a line with "
				"type, size and SHA-256)" },

	/* Dates and the clock. */
	{ "received_date",	"the day the application mail arrived, "
				"in the office's time zone" },
	{ "receipt_date",	"the legal receipt date (Art. 31(3)): "
				"the day the request reached the office's "
				"mailbox (after a correction, the day it "
				"did); periods count from the next "
				"working day" },
	{ "due_date",		"the answer due date; in applicant mail "
				"empty when provisional (then due_text)" },
	{ "due_text",		"the statutory period in words, for "
				"applicant mail when the date is "
				"provisional: 自收到申请之日起20个工作日内" },
	{ "due_by",		"the answer due date as notices state a "
				"deadline: 最迟于2026年9月28日（含当日）; "
				"empty like due_date" },
	{ "days",		"the answer period in working days "
				"([deadlines] answer_days)" },
	{ "provisional_note",	"staff mail: why a date is provisional "
				"(a year without calendar data); empty "
				"otherwise" },
	{ "notice_date",	"the date of an earlier notice the mail "
				"refers to: the correction notice, the fee "
				"notice, an earlier answer" },

	/* The step and the people. */
	{ "state",		"the case's state as people read it: "
				"审核中 (review)" },
	{ "step_role",		"the role holding the current step, as "
				"people read it: 责任处室审核" },
	{ "step_person",	"the person holding it (name or address); "
				"the addressee of staff mail" },
	{ "division",		"the division handling the case" },
	{ "handler",		"the handler (name or address)" },
	{ "token_code",		"the reply code (回复码) for mail clients "
				"that drop Reply-To and References" },
	{ "reply_address",	"where replies go: gongkai+TOKEN@domain" },

	/* Commands and their transcripts. */
	{ "command",		"the command line as the person wrote it "
				"(its first line)" },
	{ "result",		"what the command did; empty when nothing "
				"was applied (then reason says why)" },
	{ "reason",		"why: nothing was applied, a command was "
				"refused, a delivery failed, the "
				"applicant withdrew" },
	{ "help_text",		"the commands the person's role may give, "
				"one per line (command_usage())" },
	{ "sender",		"the From address of a mail, as it "
				"claimed" },
	{ "last_day",		"a step refused as too late: the last day "
				"it was allowed (the due date, or the last "
				"day for a correction notice)" },
	{ "recipient",		"the address a mail could not be "
				"delivered to" },
	{ "message_id",		"the Message-ID of the mail concerned" },
	{ "mail_subject",	"the subject of the mail concerned" },

	/* Review. */
	{ "review_level",	"the level the draft is at: 责任处室审核, "
				"主管处室审核, 审批" },
	{ "draft_text",		"the draft answer under review" },
	{ "rejected_by",	"who sent the draft back; empty if nobody "
				"did" },
	{ "comment",		"a reviewer's comment, or the reason the "
				"draft was sent back" },

	/* The answer (答复书). */
	{ "answer_type",	"the answer TYPE (doc/mail.md): "
				"withhold:state-secret" },
	{ "answer_label",	"the TYPE's report row: 予以公开, "
				"不予公开 1 属于国家秘密" },
	{ "answer_text",	"the body of the answer: the approved "
				"draft (reasons, where to find the "
				"information ...)" },
	{ "legal_basis",	"a provision relied on beyond the "
				"template's own articles (the law that "
				"prohibits disclosure); optional" },
	{ "other_agency",	"not-held: the agency responsible for the "
				"information and its contact (Art. "
				"36(5)); empty when unknown" },
	{ "remedy_clause",	"the remedy clause the answer TYPE carries: "
				"remedy_review_first or remedy_ordinary, "
				"rendered (remedy.h)" },
	{ "reconsideration_body", "the reconsideration body ([remedy] "
				"reconsideration_body): 上海市人民政府" },
	{ "reconsideration_channel", "its online channel ([remedy] "
				"reconsideration_channel); empty when none" },
	{ "answer_items",	"an answer of several items: each item in "
				"order with its number, the article its "
				"TYPE relies on, the decision and its "
				"text (answer_items.h)" },
	{ "other_agency_contact", "other-agency: how to reach the agency "
				"responsible (Art. 36(5)), when the "
				"handler gave it" },
	{ "reason_question",	"ASK-REASON: what the applicant is asked "
				"to explain (Art. 35)" },
	{ "remedy",		"more on remedies, e.g. the online channel "
				"for reconsideration (行政复议法 Art. 22); "
				"optional" },

	/* Correction (补正, Art. 30). */
	{ "correction_items",	"everything the applicant must supply "
				"(the CORRECTION argument)" },
	{ "correction_deadline", "the date by which to correct" },
	{ "correction_by",	"the same as a deadline: 最迟于…（含当日）" },

	/* Extension (Art. 33). */
	{ "new_due_date",	"the due date after the extension; in "
				"applicant mail empty when provisional" },
	{ "new_due_by",		"the same as a deadline: 最迟于…（含当日）" },
	{ "extension_days",	"working days an extension adds "
				"([deadlines] extension_days)" },
	{ "extension_reason",	"the reason given with EXTEND" },
	{ "head_consent",	"the head's consent as recorded: who "
				"agreed and when" },

	/* Third party (Art. 32). */
	{ "third_party_name",	"the third party consulted" },
	{ "consult_question",	"what the third party is asked (the "
				"CONSULT argument)" },
	{ "consult_days",	"working days the third party has "
				"([deadlines] third_party_days)" },
	{ "consult_deadline",	"the last day, counted from the day the "
				"letter goes out; optional" },
	{ "disclose_reason",	"why the office discloses over the third "
				"party's objection: the draft's 公开理由 "
				"line (Art. 32)" },
	{ "consult_by",		"the same as a deadline: 最迟于…（含当日）" },

	/* Fees (国办函〔2020〕109号). */
	{ "fee_amount",		"the amount in yuan: 3000.00" },
	{ "fee_mode",		"the mode in words: 按件计收 or 按量计收" },
	{ "fee_by_item",	"non-empty when charged per item (a "
				"section test for the bands)" },
	{ "fee_by_volume",	"non-empty when charged per page" },
	{ "fee_basis",		"the handler's basis (the FEE argument)" },
	{ "fee_lines",		"the calculation, one band per line: "
				"11-30件 20件 × 100元 = 2000元" },
	{ "fee_by",		"the last day to pay as a deadline: "
				"最迟于…（含当日）" },
	{ "fee_days",		"working days to pay ([deadlines] "
				"fee_payment_days)" },
	{ "fee_deadline",	"the last day to pay, counted from the "
				"day the notice goes out" },
	{ "payment_method",	"how and where to pay" },

	/* Deadlines: reminders, nudges, the digest (sweep.h). */
	{ "days_left",		"working days left on the answer clock: "
				"3, 0 (due today), -2 (two working days "
				"overdue)" },
	{ "deadline_status",	"the same in words: 还有3个工作日到期, "
				"今日到期, 已逾期2个工作日" },
	{ "idle_days",		"working days the step has waited for its "
				"holder ([deadlines] idle_days or more)" },
	{ "idle_since",		"the day of the case's last action" },
	{ "open_count",		"open cases with a due date" },
	{ "overdue_count",	"of them, running past their due date" },
	{ "soon_count",		"of them, due within remind_window "
				"working days" },
	{ "provisional_count",	"of them, with a provisional date; empty "
				"when none" },
	{ "remind_window",	"the largest [deadlines] remind_days" },
	{ "digest_lines",	"the digest: one line per case, the most "
				"urgent first" },
	{ "digest_more",	"open cases the digest does not list; "
				"empty when none" },
	{ "catch_up",		"the day of the previous digest when that "
				"was not the previous working day (the "
				"daemon was down); empty otherwise" },
	{ "ack_held_count",	"request mails held in the pen because "
				"their sender or domain passed the day's "
				"acknowledgments (ack-rate-limit); empty "
				"when none" },
	{ "calendar_year",	"the first year without calendar data "
				"that an open clock needs" },
	{ "calendar_path",	"where the calendar data lives "
				"([calendar] holidays)" },
	{ "case_list",		"the cases concerned, one a line" },

	/* The secrecy check (doc/mail.md, "Secrecy check"). */
	{ "secrecy_findings",	"what the secrecy check found, one a line: "
				"the marker, where (正文 or the "
				"attachment), an excerpt; or an "
				"attachment that could not be read" },

	/* The annual report's sections 一, 五 and 六 (report.h). */
	{ "report_year",	"the year the annual report covers" },
	{ "proactive_total",	"proactive items published in the year" },
	{ "rules_issued",	"规章 published in the year" },
	{ "rules_repealed",	"规章 repealed in the year" },
	{ "rules_in_force",	"规章 in force at the year's end" },
	{ "normative_issued",	"行政规范性文件 published in the year" },
	{ "normative_repealed",	"行政规范性文件 repealed in the year" },
	{ "normative_in_force",	"行政规范性文件 in force at the year's "
				"end" },
	{ "requests_new",	"requests received in the year (table 三 "
				"一)" },
	{ "requests_carried_over", "requests carried over from the year "
				"before (二)" },
	{ "requests_closed",	"requests closed in the year (三（七）)" },
	{ "requests_carried_forward", "requests carried into the next "
				"year (四)" },
	{ "requests_disclosed",	"of the closed, disclosed (（一）予以公开)" },
	{ "requests_partial",	"of the closed, partly disclosed (（二）)" },
	{ "on_time_share",	"the share of answers sent by their due "
				"date: 95.0%, or — when none had one" },
	{ "median_days",	"the median working days to answer, or —" },
	{ "fee_yuan",		"information-processing fees collected in "
				"the year, in yuan: 1,234.50" },
	{ "fee_cases",		"the requests those fees were paid for" },
	{ "reviews_total",	"reconsiderations (行政复议) filed in the "
				"year" },
	{ "suits_total",	"lawsuits (行政诉讼) filed in the year, "
				"direct and after reconsideration" },
	{ "corrected_total",	"of the reconsiderations and lawsuits, "
				"those whose result corrected the office "
				"(结果纠正)" },

	/* Items for publication (doc/mail.md, "Items for publication"). */
	{ "form_problems",	"every fault of a submitted 审核表, one a "
				"line" },
};

/*
 * The templates gongkai sends.  TEMPLATE_F_EN: applicant-facing, shipped
 * in English too; TEMPLATE_F_REMEDY: a remedy clause, rendered into
 * {{remedy_clause}} of the answers (TEMPLATE_F_CLAUSE: every answer and
 * closing notice includes it; templates/README.md); TEMPLATE_F_TOKEN: asks
 * for a command; TEMPLATE_F_DOCUMENT: an official document, sent as PDF
 * too.
 */
#define EN	TEMPLATE_F_EN
#define DOC	TEMPLATE_F_DOCUMENT
#define ANS	(TEMPLATE_F_ANSWER | TEMPLATE_F_EN | TEMPLATE_F_CLAUSE | \
		 TEMPLATE_F_DOCUMENT)
#define CLA	TEMPLATE_F_CLAUSE
#define REM	TEMPLATE_F_REMEDY
#define TOK	TEMPLATE_F_TOKEN

static const struct tfile {
	const char	*name;
	int		 flags;
} tfiles[] = {
	{ "ack",			EN },		/* 受理回执 */
	{ "handler_notice",		TOK },
	{ "review_request",		TOK },
	{ "transcript",			EN },
	{ "help",			EN },
	{ "correction_notice",		EN | DOC },		/* 补正申请告知书 */
	{ "extension_request",		TOK },
	{ "extension_notice",		EN | DOC },		/* 延长答复期限告知书 */
	{ "third_party_letter",		EN | TOK | DOC },	/* 征求第三方意见书 */
	{ "fee_notice",			EN | DOC },		/* 收费通知书 */
	{ "withdrawal_notice",		EN | DOC },
	{ "no_correction_notice",	EN | CLA | DOC }, /* other:no-correction */
	{ "fee_unpaid_notice",		EN | CLA | DOC },	/* other:fee-unpaid */
	/* The remedy clauses the answers include (remedy.h). */
	{ "remedy_review_first",	EN | REM },	/* 复议前置 */
	{ "remedy_ordinary",		EN | REM },
	{ "forgery_alert",		0 },
	{ "refused_notice",		EN },
	{ "held_mail",			0 },		/* unvouched applicant mail */
	{ "item_invalid",		0 },		/* a 审核表's faults */
	{ "delivery_failed",		0 },
	{ "deadline_reminder",		0 },		/* to the secretariat */
	{ "publish_reminder",		0 },		/* Art. 26, likewise */
	{ "idle_reminder",		TOK },		/* to the holder */
	{ "digest",			0 },		/* each working day */
	{ "calendar_missing",		0 },		/* install YEAR.conf */
	{ "ack_missing",		0 },		/* ack unsent */
	{ "third_party_silent",		TOK },		/* Art. 32: proceed */
	{ "secrecy_alert",		0 },		/* a hold, to staff */
	{ "secrecy_request",		TOK },		/* CLEARED? */
	/* The annual report's sections 一, 五, 六 (no mail). */
	{ "report_overview",		TEMPLATE_F_REPORT },
	{ "report_problems",		TEMPLATE_F_REPORT },
	{ "report_other",		TEMPLATE_F_REPORT },
	/* A step the law forbids now, refused (workflow.c's guards). */
	{ "refused_late_extension",	0 },		/* Art. 33 para. 2 */
	{ "refused_late_correction",	0 },		/* Art. 30 */
	{ "refused_late_fee",		0 },		/* 109号 */
	{ "refused_still_unclear",	0 },		/* Art. 30 */
	{ "refused_over_objection",	0 },		/* Art. 32 */
	/* Art. 32: disclosing over the third party's objection */
	{ "disclosure_decision",	EN | CLA | DOC },	/* 公开决定告知书 */
	{ "refused_excessive",		0 },		/* Art. 35 */
	{ "refused_defer_date",		0 },		/* Art. 35 */
	{ "refused_withdraw_statement",	0 },		/* Art. 29 */
	/* Art. 34 and Art. 35 steps, and the withdrawal. */
	{ "agency_letter",		TOK | DOC }, /* 征求意见函 to an agency */
	{ "agency_consult_notice",	EN },	/* the clock stands still */
	{ "agency_silent",		TOK },	/* Art. 34: consent */
	{ "reason_request",		EN },	/* 说明理由 (Art. 35) */
	{ "deferral_notice",		EN },	/* 延迟答复告知书 (Art. 35) */
	{ "extension_reminder",		0 },	/* last days to extend */
	{ "correction_reminder",	0 },	/* day 5 of 7 (Art. 30) */
	/* One 答复书 per answer TYPE (doc/mail.md, "Answer types"). */
	/* An answer of several items, one letter (answer_items.h). */
	{ "items_answer",			EN | CLA | DOC },
	{ "answer_public-already",		ANS },
	{ "answer_disclose",			ANS },
	{ "answer_partial",			ANS },
	{ "answer_withhold_state-secret",	ANS },
	{ "answer_withhold_law-prohibited",	ANS },
	{ "answer_withhold_security-stability",	ANS },
	{ "answer_withhold_third-party",	ANS },
	{ "answer_withhold_internal-affairs",	ANS },
	{ "answer_withhold_process-info",	ANS },
	{ "answer_withhold_enforcement-file",	ANS },
	{ "answer_withhold_query-matter",	ANS },
	{ "answer_unavailable_not-held",	ANS },
	{ "answer_unavailable_other-agency",	ANS },
	{ "answer_unavailable_needs-creation",	ANS },
	{ "answer_unavailable_still-unclear",	ANS },
	{ "answer_not-processed_petition",	ANS },
	{ "answer_not-processed_repeat",	ANS },
	{ "answer_not-processed_publication",	ANS },
	{ "answer_not-processed_excessive",	ANS },
	{ "answer_not-processed_confirm-existing", ANS },
	{ "answer_other_no-correction",		ANS },
	{ "answer_other_fee-unpaid",		ANS },
	{ "answer_other_misc",			ANS },
};

#undef EN
#undef DOC
#undef ANS
#undef REM
#undef CLA
#undef TOK

/* The annual report's sections (report.c, report_sections()). */
#define REPORT_VARS	"office_name date report_year proactive_total rules_issued " \
				"rules_repealed rules_in_force normative_issued " \
				"normative_repealed normative_in_force requests_new " \
				"requests_carried_over requests_closed " \
				"requests_carried_forward requests_disclosed " \
				"requests_partial on_time_share median_days " \
				"fee_yuan fee_cases reviews_total suits_total " \
				"corrected_total"

/*
 * The variables each mail about no case is rendered with (outbox.c,
 * sweep.c): such a template may use no other.  Case mail is rendered
 * with every variable of the table (request_send.c), "" when unknown.
 */
static const struct tvarset {
	const char	*name;
	const char	*vars;		/* space-separated */
} tvarsets[] = {
	{ "delivery_failed",	"office_name office_address date case_id "
				"recipient reason message_id mail_subject "
				"result" },
	{ "calendar_missing",	"office_name date calendar_year "
				"provisional_count calendar_path case_list" },
	{ "ack_missing",	"office_name date case_id applicant_email "
				"received_date reason" },
	{ "digest",		"office_name date open_count overdue_count "
				"soon_count provisional_count remind_window "
				"digest_lines digest_more catch_up "
				"ack_held_count" },
	{ "report_overview",	REPORT_VARS },
	{ "report_problems",	REPORT_VARS },
	{ "report_other",	REPORT_VARS },
};
#undef REPORT_VARS

/* What a remedy clause must say, and what no template may say. */
static const char *const remedy_zh[] = {
	"60日", "15日", "{{reconsideration_body}}",
};
static const char *const remedy_en[] = {
	"60 days", "15 days", "{{reconsideration_body}}",
};
static const char *const outdated[] = {
	"3个月", "三个月", "3 months", "three months",
};

#define TOKEN_LINE_PREFIX	"回复码"
#define TOKEN_LINE_SUFFIX	"{{token_code}}"

enum tnode_kind {
	TN_TEXT,		/* s, len */
	TN_VAR,			/* {{var}} */
	TN_OPEN,		/* {{#var}} */
	TN_INVERT,		/* {{^var}} */
	TN_CLOSE,		/* {{/var}} */
};

struct tnode {
	enum tnode_kind	 kind;
	const char	*s;		/* TN_TEXT: into the template text */
	size_t		 len;
	size_t		 var;		/* index into tvars */
	int		 line;
};

/* A parsed template: the nodes of the subject and of the body. */
struct tpl {
	const char	*file;
	GArray		*subject;	/* of struct tnode */
	GArray		*body;
	const char	*body_text;	/* the raw body, for template_check() */
	size_t		 body_len;
};

static void tpl_err(char **, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
tpl_err(char **errp, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	if (s == NULL) {
		fprintf(stderr, "gongkai: out of memory\n");
		abort();
	}
	if (errp != NULL && *errp == NULL)
		*errp = s;
	else
		free(s);
}

/* The index of a variable by name: built once, read by every render
 * (a linear search was a tenth of a sweep that composes 20,000 mails). */
static GHashTable *
var_index(void)
{
	static gsize once;
	static GHashTable *h;
	size_t i;

	if (g_once_init_enter(&once)) {
		h = g_hash_table_new(g_str_hash, g_str_equal);
		for (i = 0; i < NELEM(tvars); i++)
			g_hash_table_insert(h, (gpointer)tvars[i].name,
			    GSIZE_TO_POINTER(i + 1));
		g_once_init_leave(&once, 1);
	}
	return h;
}

static long
var_find(const char *name, size_t len)
{
	char buf[TEMPLATE_MAX_NAME + 1];
	gpointer p;

	if (len > TEMPLATE_MAX_NAME)
		return -1;
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (strlen(buf) != len)		/* a NUL inside */
		return -1;
	p = g_hash_table_lookup(var_index(), buf);
	return p != NULL ? (long)GPOINTER_TO_SIZE(p) - 1 : -1;
}

static const struct tfile *
tfile_find(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(tfiles); i++)
		if (strcmp(tfiles[i].name, name) == 0)
			return &tfiles[i];
	return NULL;
}

/* The first at most `max` bytes of s[0..len), cut on a UTF-8 boundary. */
static int
utf8_prefix(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return (int)len;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return (int)max;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* Appends a text node of s[0..len) on `line`. */
static void
tpl_text(GArray *nodes, const char *s, size_t len, int line)
{
	struct tnode n;

	memset(&n, 0, sizeof(n));
	n.kind = TN_TEXT;
	n.s = s;
	n.len = len;
	n.line = line;
	g_array_append_val(nodes, n);
}

/* The tag q[0..e+2) ("{{name}}", "{{#name}}" ...) as a node; 0, or -1
 * with *errp. */
static int
tpl_tag(const char *file, int line, const char *q, const char *e,
    struct tnode *n, char **errp)
{
	const char *t = q + 2;
	size_t tlen = e - t;
	long v;

	memset(n, 0, sizeof(*n));
	n->line = line;
	switch (tlen > 0 ? *t : '\0') {
	case '#':
		n->kind = TN_OPEN;
		break;
	case '^':
		n->kind = TN_INVERT;
		break;
	case '/':
		n->kind = TN_CLOSE;
		break;
	default:
		n->kind = TN_VAR;
		break;
	}
	if (n->kind != TN_VAR) {
		t++;
		tlen--;
	}
	if (!name_ok(t, tlen)) {
		tpl_err(errp, "%s:%d: bad tag %.*s (a name is a-z, 0-9 and _)",
		    file, line, utf8_prefix(q, e + 2 - q, 60), q);
		return -1;
	}
	if ((v = var_find(t, tlen)) == -1) {
		tpl_err(errp, "%s:%d: unknown variable {{%.*s}}", file, line,
		    (int)tlen, t);
		return -1;
	}
	n->var = (size_t)v;
	return 0;
}

/* One line's text and tags, p[0..eol), in `lnodes`. */
struct tpl_line {
	GArray	*lnodes;
	size_t	 ntags, nsections;
	int	 blank;		/* no text but blanks */
};

/* Splits the line p[0..eol) into text and tag nodes; 0, or -1 with
 * *errp. */
static int
tpl_line(const char *file, int line, const char *p, const char *eol,
    struct tpl_line *l, char **errp)
{
	const char *q, *e, *t;
	struct tnode n;

	g_array_set_size(l->lnodes, 0);
	l->ntags = l->nsections = 0;
	l->blank = 1;
	for (q = p; q < eol; ) {
		/* Text up to the next "{{". */
		for (t = q; t < eol; t++)
			if (t + 1 < eol && t[0] == '{' && t[1] == '{')
				break;
		if (t > q) {
			tpl_text(l->lnodes, q, t - q, line);
			for (e = q; e < t; e++)
				if (!is_blank(*e))
					l->blank = 0;
			q = t;
		}
		if (q >= eol)
			break;
		/* "{{{{" is a literal "{{". */
		if (q + 3 < eol && q[2] == '{' && q[3] == '{') {
			tpl_text(l->lnodes, q, 2, line);
			l->blank = 0;
			q += 4;
			continue;
		}
		for (e = q + 2; e + 1 < eol; e++)
			if (e[0] == '}' && e[1] == '}')
				break;
		if (e + 1 >= eol) {
			tpl_err(errp, "%s:%d: \"%.*s\": {{ without }} on the "
			    "same line (a literal {{ is written {{{{)", file,
			    line, utf8_prefix(q, eol - q, 40), q);
			return -1;
		}
		if (tpl_tag(file, line, q, e, &n, errp) == -1)
			return -1;
		l->ntags++;
		if (n.kind != TN_VAR)
			l->nsections++;
		g_array_append_val(l->lnodes, n);
		q = e + 2;
	}
	return 0;
}

/* The sections open at a point of the template, innermost last. */
struct tpl_open {
	struct {
		size_t	 var;
		int	 line;
	}	 v[TEMPLATE_MAX_DEPTH];
	size_t	 depth;
};

/* Opens and closes the sections of one line; 0, or -1 with *errp. */
static int
tpl_balance(const char *file, int line, const GArray *lnodes,
    struct tpl_open *o, char **errp)
{
	struct tnode n;
	size_t i;

	for (i = 0; i < lnodes->len; i++) {
		n = g_array_index(lnodes, struct tnode, i);
		if (n.kind == TN_OPEN || n.kind == TN_INVERT) {
			if (o->depth == TEMPLATE_MAX_DEPTH) {
				tpl_err(errp, "%s:%d: sections nested more "
				    "than %d deep", file, line,
				    TEMPLATE_MAX_DEPTH);
				return -1;
			}
			o->v[o->depth].var = n.var;
			o->v[o->depth].line = n.line;
			o->depth++;
		} else if (n.kind == TN_CLOSE) {
			if (o->depth == 0) {
				tpl_err(errp, "%s:%d: {{/%s}} closes no "
				    "section", file, line, tvars[n.var].name);
				return -1;
			}
			if (o->v[o->depth - 1].var != n.var) {
				tpl_err(errp, "%s:%d: {{/%s}} closes the "
				    "section {{%s}} of line %d", file, line,
				    tvars[n.var].name,
				    tvars[o->v[o->depth - 1].var].name,
				    o->v[o->depth - 1].line);
				return -1;
			}
			o->depth--;
		}
	}
	return 0;
}

/*
 * Parses one part (subject or body) of the template into `nodes`.  The
 * part starts on line `line` of `file`.  Returns 0 or -1 with *errp.
 */
static int
tpl_parse(const char *file, const char *text, size_t len, int line,
    GArray *nodes, char **errp)
{
	const char *p = text, *end = text + len, *eol;
	struct tpl_open o;
	struct tpl_line l;
	struct tnode n;
	size_t i;
	int has_nl, rv = -1;

	o.depth = 0;
	l.lnodes = g_array_new(FALSE, FALSE, sizeof(struct tnode));
	while (p < end) {
		eol = memchr(p, '\n', end - p);
		has_nl = eol != NULL;
		if (eol == NULL)
			eol = end;
		if (tpl_line(file, line, p, eol, &l, errp) == -1)
			goto out;

		/* A section tag alone on its line takes the line with it. */
		if (l.ntags == 1 && l.nsections == 1 && l.blank) {
			for (i = 0; i < l.lnodes->len; i++) {
				n = g_array_index(l.lnodes, struct tnode, i);
				if (n.kind != TN_TEXT)
					g_array_append_val(nodes, n);
			}
		} else {
			g_array_append_vals(nodes, l.lnodes->data,
			    l.lnodes->len);
			if (has_nl)
				tpl_text(nodes, eol, 1, line);
		}

		if (tpl_balance(file, line, l.lnodes, &o, errp) == -1)
			goto out;
		if (has_nl)
			line++;
		p = has_nl ? eol + 1 : end;
	}
	if (o.depth > 0) {
		tpl_err(errp, "%s:%d: the section {{%s}} is not closed",
		    file, o.v[o.depth - 1].line,
		    tvars[o.v[o.depth - 1].var].name);
		goto out;
	}
	rv = 0;
 out:
	g_array_free(l.lnodes, TRUE);
	return rv;
}

static void
tpl_clear(struct tpl *t)
{
	if (t->subject != NULL)
		g_array_free(t->subject, TRUE);
	if (t->body != NULL)
		g_array_free(t->body, TRUE);
	memset(t, 0, sizeof(*t));
}

/* Splits and parses a whole file held in memory. */
static int
tpl_load(struct tpl *t, const char *file, const char *text, size_t len,
    char **errp)
{
	const char *p, *eol, *s, *bad;
	size_t i;
	int line;

	memset(t, 0, sizeof(*t));
	t->file = file;
	t->subject = g_array_new(FALSE, FALSE, sizeof(struct tnode));
	t->body = g_array_new(FALSE, FALSE, sizeof(struct tnode));

	if (len > TEMPLATE_MAX_FILE) {
		tpl_err(errp, "%s: longer than %d bytes", file,
		    TEMPLATE_MAX_FILE);
		return -1;
	}
	if (!g_utf8_validate(text, (gssize)len, &bad)) {
		for (line = 1, p = text; p < bad; p++)
			if (*p == '\n')
				line++;
		tpl_err(errp, "%s:%d: %s", file, line, bad < text + len &&
		    *bad == '\0' ? "a NUL byte" : "invalid UTF-8");
		return -1;
	}
	for (line = 1, i = 0; i < len; i++) {
		if (text[i] == '\r') {
			tpl_err(errp, "%s:%d: a carriage return (templates "
			    "have LF line ends)", file, line);
			return -1;
		}
		if (text[i] == '\n')
			line++;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}

	/* Line 1: "Subject: TEXT". */
	if (len < 8 || memcmp(text, "Subject:", 8) != 0) {
		tpl_err(errp, "%s:1: the first line must be \"Subject: "
		    "...\"", file);
		return -1;
	}
	if ((eol = memchr(text, '\n', len)) == NULL)
		eol = text + len;
	for (s = text + 8; s < eol && is_blank(*s); s++)
		;
	if (s == eol) {
		tpl_err(errp, "%s:1: the subject is empty", file);
		return -1;
	}
	if (tpl_parse(file, s, eol - s, 1, t->subject, errp) == -1)
		return -1;

	/* Line 2: blank; the body is the rest. */
	if (eol == text + len || eol + 1 == text + len || eol[1] != '\n') {
		tpl_err(errp, "%s:2: the second line must be blank, "
		    "followed by the body", file);
		return -1;
	}
	t->body_text = eol + 2;
	t->body_len = text + len - (eol + 2);
	return tpl_parse(file, t->body_text, t->body_len, 3, t->body, errp);
}

/* A value is empty: NULL, or only blanks, CR and LF. */
static int
val_empty(const char *v)
{
	if (v == NULL)
		return 1;
	for (; *v != '\0'; v++)
		if (*v != ' ' && *v != '\t' && *v != '\r' && *v != '\n')
			return 0;
	return 1;
}

/* Appends `v` to the body with CR LF and lone CR made LF. */
static void
append_body_value(GString *out, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\r') {
			g_string_append_c(out, '\n');
			if (v[1] == '\n')
				v++;
		} else
			g_string_append_c(out, *v);
	}
}

static int
tpl_render_part(const struct tpl *t, const GArray *nodes,
    const char *const *vals, GString *out, char **errp)
{
	int emit[TEMPLATE_MAX_DEPTH + 1];
	size_t depth = 0, i;
	const struct tnode *n;
	const char *v;
	int cond;

	emit[0] = 1;
	for (i = 0; i < nodes->len; i++) {
		n = &g_array_index(nodes, struct tnode, i);
		switch (n->kind) {
		case TN_TEXT:
			if (emit[depth])
				g_string_append_len(out, n->s, n->len);
			break;
		case TN_VAR:
			if (!emit[depth])
				break;
			if ((v = vals[n->var]) == NULL) {
				tpl_err(errp, "%s:%d: variable {{%s}} not "
				    "supplied", t->file, n->line,
				    tvars[n->var].name);
				return -1;
			}
			append_body_value(out, v);
			break;
		case TN_OPEN:
		case TN_INVERT:
			/* tpl_parse() bounded the depth. */
			cond = !val_empty(vals[n->var]);
			if (n->kind == TN_INVERT)
				cond = !cond;
			emit[depth + 1] = emit[depth] && cond;
			depth++;
			break;
		case TN_CLOSE:
			depth--;
			break;
		}
		if (out->len > TEMPLATE_MAX_OUTPUT) {
			tpl_err(errp, "%s: the rendered text is longer than "
			    "%d bytes", t->file, TEMPLATE_MAX_OUTPUT);
			return -1;
		}
	}
	return 0;
}

/* A character that breaks or controls a line: a space in a subject. */
static int
subject_space(gunichar c)
{
	return c < 0x20 || c == ' ' || (c >= 0x7f && c < 0xa0) ||
	    c == 0x2028 || c == 0x2029;
}

/* The rendered subject as one bounded line. */
static char *
subject_line(const char *s)
{
	GString *out = g_string_new(NULL);
	size_t nchars = 0, keep = 0;
	const char *p;
	gunichar c;
	int space = 0;
	char *rv;

	for (p = s; *p != '\0'; p = g_utf8_next_char(p)) {
		c = g_utf8_get_char(p);
		if (subject_space(c)) {
			space = 1;
			continue;
		}
		if (space && out->len > 0) {
			g_string_append_c(out, ' ');
			nchars++;
		}
		space = 0;
		g_string_append_unichar(out, c);
		nchars++;
	}
	if (nchars > TEMPLATE_SUBJECT_MAX) {
		/* Keep MAX - 1 characters and mark the cut. */
		for (p = out->str; keep < TEMPLATE_SUBJECT_MAX - 1; keep++)
			p = g_utf8_next_char(p);
		g_string_truncate(out, p - out->str);
		while (out->len > 0 && out->str[out->len - 1] == ' ')
			g_string_truncate(out, out->len - 1);
		g_string_append(out, "…");
	}
	rv = xgstring_free(out);
	return rv;
}

/* vals[i] is the value of tvars[i], NULL if not supplied. */
static int
vals_fill(const char *file, const struct template_var *vars, size_t nvars,
    const char **vals, char **errp)
{
	size_t i;
	long v;

	for (i = 0; i < NELEM(tvars); i++)
		vals[i] = NULL;
	for (i = 0; i < nvars; i++) {
		if (vars[i].name == NULL ||
		    (v = var_find(vars[i].name, strlen(vars[i].name))) == -1) {
			tpl_err(errp, "template %s: unknown variable {{%s}} "
			    "supplied", file, vars[i].name != NULL ?
			    vars[i].name : "(null)");
			return -1;
		}
		if (vals[v] != NULL) {
			tpl_err(errp, "template %s: variable {{%s}} supplied "
			    "twice", file, vars[i].name);
			return -1;
		}
		if (vars[i].value != NULL &&
		    !g_utf8_validate(vars[i].value, -1, NULL)) {
			tpl_err(errp, "template %s: the value of {{%s}} is "
			    "not valid UTF-8", file, vars[i].name);
			return -1;
		}
		vals[v] = vars[i].value;
	}
	return 0;
}

/* Renders a parsed template. */
static int
tpl_render(const struct tpl *t, const struct template_var *vars,
    size_t nvars, char **subject, char **body, char **errp)
{
	const char *vals[NELEM(tvars)];
	GString *s = NULL, *b = NULL;
	int rv = -1;

	*subject = NULL;
	*body = NULL;
	if (vals_fill(t->file, vars, nvars, vals, errp) == -1)
		goto out;
	s = g_string_new(NULL);
	b = g_string_new(NULL);
	if (tpl_render_part(t, t->subject, vals, s, errp) == -1 ||
	    tpl_render_part(t, t->body, vals, b, errp) == -1)
		goto out;
	*subject = subject_line(s->str);
	if (**subject == '\0') {
		tpl_err(errp, "%s:1: the subject renders empty", t->file);
		free(*subject);
		*subject = NULL;
		goto out;
	}
	*body = xstrdup(b->str);
	rv = 0;
 out:
	if (s != NULL)
		g_string_free(s, TRUE);
	if (b != NULL)
		g_string_free(b, TRUE);
	return rv;
}

int
template_render_text(const char *file, const char *text, size_t len,
    const struct template_var *vars, size_t nvars, char **subject,
    char **body, char **errp)
{
	struct tpl t;
	int rv = -1;

	*subject = NULL;
	*body = NULL;
	if (tpl_load(&t, file, text, len, errp) == 0)
		rv = tpl_render(&t, vars, nvars, subject, body, errp);
	tpl_clear(&t);
	return rv;
}

/* A template parsed once (template_set.c keeps one per file). */
struct template_parsed {
	struct tpl	t;
};

struct template_parsed *
template_parse(const char *file, const char *text, size_t len, char **errp)
{
	struct template_parsed *p = xcalloc(1, sizeof(*p));

	if (tpl_load(&p->t, file, text, len, errp) == -1) {
		template_parsed_free(p);
		return NULL;
	}
	return p;
}

int
template_render_parsed(const struct template_parsed *p,
    const struct template_var *vars, size_t nvars, char **subject,
    char **body, char **errp)
{
	return tpl_render(&p->t, vars, nvars, subject, body, errp);
}

void
template_parsed_free(struct template_parsed *p)
{
	if (p == NULL)
		return;
	tpl_clear(&p->t);
	free(p);
}

/*
 * Reads `path` whole.  Returns 0, -1 with *errp, or 1 (nothing set) when
 * the file does not exist and `missing_ok`.
 */
static int
read_file(const char *path, int missing_ok, char **bufp, size_t *lenp,
    char **errp)
{
	struct stat sb;
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;
	int fd, rv = -1;

	*bufp = NULL;
	*lenp = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT && missing_ok)
			return 1;
		tpl_err(errp, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1) {
		tpl_err(errp, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		tpl_err(errp, "%s: not a regular file", path);
		goto out;
	}
	if (sb.st_size > TEMPLATE_MAX_FILE) {
		tpl_err(errp, "%s: longer than %d bytes", path,
		    TEMPLATE_MAX_FILE);
		goto out;
	}
	buf = xmalloc(TEMPLATE_MAX_FILE + 2);
	for (;;) {
		n = read(fd, buf + len, TEMPLATE_MAX_FILE + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			tpl_err(errp, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > TEMPLATE_MAX_FILE) {
			tpl_err(errp, "%s: longer than %d bytes", path,
			    TEMPLATE_MAX_FILE);
			goto out;
		}
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	buf = NULL;
	rv = 0;
 out:
	free(buf);
	close(fd);
	return rv;
}

static int
lang_ok(const char *lang)
{
	return lang != NULL &&
	    (strcmp(lang, "zh") == 0 || strcmp(lang, "en") == 0);
}

static int
tname_ok(const char *name)
{
	size_t i, len;

	if (name == NULL || (len = strlen(name)) == 0 ||
	    len > TEMPLATE_MAX_NAME)
		return 0;
	for (i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '_' ||
		    (name[i] == '-' && i > 0)))
			return 0;
	return 1;
}

char *
template_path(const char *dirs, const char *name, const char *lang)
{
	const char *p = dirs, *colon;
	char *path;

	for (;;) {
		colon = strchr(p, ':');
		path = xasprintf("%.*s/%s.%s.txt", colon != NULL ?
		    (int)(colon - p) : (int)strlen(p), p, name, lang);
		if (colon == NULL || access(path, F_OK) == 0)
			return path;
		free(path);
		p = colon + 1;
	}
}

int
template_render(const char *dir, const char *name, const char *lang,
    const struct template_var *vars, size_t nvars, char **subject,
    char **body, char **errp)
{
	char *path = NULL, *buf = NULL;
	size_t len;
	int rv = -1, r;

	*subject = NULL;
	*body = NULL;
	if (!tname_ok(name)) {
		tpl_err(errp, "template %s: not a template name",
		    name != NULL ? name : "(null)");
		goto out;
	}
	if (!lang_ok(lang)) {
		tpl_err(errp, "template %s: language %s is not zh or en",
		    name, lang != NULL ? lang : "(null)");
		goto out;
	}
	path = template_path(dir, name, lang);
	r = read_file(path, strcmp(lang, "en") == 0, &buf, &len, errp);
	if (r == 1) {
		free(path);
		path = template_path(dir, name, "zh");
		r = read_file(path, 0, &buf, &len, errp);
	}
	if (r == -1)
		goto out;
	rv = template_render_text(path, buf, len, vars, nvars, subject,
	    body, errp);
 out:
	free(buf);
	free(path);
	return rv;
}

/* The lines of the raw body: the first and the last non-blank one. */
static void
body_ends(const char *s, size_t len, const char **first, size_t *flen,
    const char **last, size_t *llen)
{
	const char *p = s, *end = s + len, *eol, *a, *b;

	*first = *last = NULL;
	*flen = *llen = 0;
	while (p < end) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end;
		for (a = p; a < eol && is_blank(*a); a++)
			;
		for (b = eol; b > a && is_blank(b[-1]); b--)
			;
		if (b > a) {
			if (*first == NULL) {
				*first = a;
				*flen = b - a;
			}
			*last = a;
			*llen = b - a;
		}
		p = eol + 1;
	}
}

static int
contains(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	if (n > len)
		return 0;
	return memmem(s, len, needle, n) != NULL;
}

/* The checks that depend on what a template is (template_check()). */
static int
check_content(const char *path, const char *lang, int flags,
    const char *text, size_t len, const struct tpl *t, char **errp)
{
	const char *const *need;
	const char *first, *last;
	size_t i, nneed, flen, llen;

	for (i = 0; i < NELEM(outdated); i++)
		if (contains(text, len, outdated[i])) {
			tpl_err(errp, "%s: says \"%s\": the litigation "
			    "period is 6个月 (6 months) since 2015, and "
			    "the remedy clause of 2024 applies", path,
			    outdated[i]);
			return -1;
		}
	if (flags & TEMPLATE_F_REMEDY) {
		need = strcmp(lang, "en") == 0 ? remedy_en : remedy_zh;
		nneed = strcmp(lang, "en") == 0 ? NELEM(remedy_en) :
		    NELEM(remedy_zh);
		for (i = 0; i < nneed; i++)
			if (!contains(t->body_text, t->body_len, need[i])) {
				tpl_err(errp, "%s: the remedy clause lacks "
				    "\"%s\" (templates/README.md)", path,
				    need[i]);
				return -1;
			}
	}
	if ((flags & TEMPLATE_F_CLAUSE) && !contains(t->body_text,
	    t->body_len, "{{remedy_clause}}")) {
		tpl_err(errp, "%s: an answer must include the remedy "
		    "clause, {{remedy_clause}} (templates/README.md)", path);
		return -1;
	}
	if (flags & TEMPLATE_F_TOKEN) {
		body_ends(t->body_text, t->body_len, &first, &flen, &last,
		    &llen);
		if (first == NULL || flen != strlen(TEMPLATE_MARKER) ||
		    memcmp(first, TEMPLATE_MARKER, flen) != 0) {
			tpl_err(errp, "%s:3: the body must open with the "
			    "line \"%s\"", path, TEMPLATE_MARKER);
			return -1;
		}
		if (llen < strlen(TOKEN_LINE_PREFIX) +
		    strlen(TOKEN_LINE_SUFFIX) ||
		    memcmp(last, TOKEN_LINE_PREFIX,
		    strlen(TOKEN_LINE_PREFIX)) != 0 ||
		    memcmp(last + llen - strlen(TOKEN_LINE_SUFFIX),
		    TOKEN_LINE_SUFFIX, strlen(TOKEN_LINE_SUFFIX)) != 0) {
			tpl_err(errp, "%s: the body must end with the line "
			    "\"回复码：{{token_code}}\"", path);
			return -1;
		}
	}
	return 0;
}

/* 1 when template `name` is rendered with variable `var`. */
static int
var_supplied(const char *name, const char *var)
{
	const char *p;
	size_t i, n = strlen(var);

	for (i = 0; i < NELEM(tvarsets); i++)
		if (strcmp(tvarsets[i].name, name) == 0)
			break;
	if (i == NELEM(tvarsets))
		return 1;
	for (p = tvarsets[i].vars; (p = strstr(p, var)) != NULL; p += n)
		if ((p == tvarsets[i].vars || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/*
 * Renders a parsed-clean text twice, as the program may: with every
 * variable its callers supply (tvarsets; for case mail every variable of
 * the table) given a sample value, so that every section opens, and
 * with each of them empty, so that every section stays closed.  Either
 * must render, with a subject; with the sample values a document
 * template must hold a document (its office is the sample office_name).
 */
static int
check_render(const char *path, const char *name, int flags,
    const char *text, size_t len, char **errp)
{
	struct template_var vars[NELEM(tvars)];
	struct document doc;
	char *subject, *body, *why = NULL;
	size_t i, n;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = n = 0; i < NELEM(tvars); i++) {
			if (!var_supplied(name, tvars[i].name))
				continue;
			vars[n].name = tvars[i].name;
			vars[n++].value = pass == 0 ? tvars[i].name : "";
		}
		if (template_render_text(path, text, len, vars, n, &subject,
		    &body, errp) == -1)
			return -1;
		if (pass == 0 && (flags & TEMPLATE_F_DOCUMENT)) {
			if (document_parse(body, "office_name", &doc,
			    &why) == -1) {
				tpl_err(errp, "%s: %s", path, why);
				g_free(why);
				free(subject);
				free(body);
				return -1;
			}
			document_clear(&doc);
		}
		free(subject);
		free(body);
	}
	return 0;
}

int
template_check_text(const char *path, const char *name, const char *lang,
    const char *text, size_t len, char **errp)
{
	const struct tfile *tf;
	struct tpl t;
	int rv = -1;

	if ((tf = tfile_find(name)) == NULL || !lang_ok(lang)) {
		tpl_err(errp, "%s: no template is called %s", path, name);
		return -1;
	}
	if (tpl_load(&t, path, text, len, errp) == -1)
		goto out;
	if (check_content(path, lang, tf->flags, text, len, &t, errp) == -1)
		goto out;
	rv = check_render(path, name, tf->flags, text, len, errp);
 out:
	tpl_clear(&t);
	return rv;
}

int
template_read(const char *path, int missing_ok, char **bufp, size_t *lenp,
    char **errp)
{
	return read_file(path, missing_ok, bufp, lenp, errp);
}

/* Reads and checks one file; 1 when it does not exist. */
static int
check_file(const char *dir, const char *name, const char *lang, int flags,
    int required, char **errp)
{
	char *path, *buf = NULL;
	size_t len;
	int rv = -1, r;

	path = template_path(dir, name, lang);
	if ((r = read_file(path, 1, &buf, &len, errp)) == 1) {
		if (required) {
			tpl_err(errp, "%s: missing (every %s template is "
			    "required)", path, strcmp(lang, "zh") == 0 ?
			    "Chinese" : "applicant-facing English");
			goto out;
		}
		rv = 1;
		goto out;
	}
	if (r == -1)
		goto out;
	rv = template_check_text(path, name, lang, buf, len, errp);
 out:
	free(buf);
	free(path);
	return rv;
}

/* Adds the fault in *err, if any, to `all` as a line of its own. */
static void
fault(GString *all, char **err)
{
	if (*err == NULL)
		return;
	if (all->len > 0)
		g_string_append_c(all, '\n');
	g_string_append(all, *err);
	free(*err);
	*err = NULL;
}

static int
dirent_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every NAME.LANG.txt in the folder `dir` is one of ours (a stray one
 * is a typo): each fault a line of `all`. */
static void
check_names(const char *dir, GString *all)
{
	struct dirent **ents = NULL;
	const char *dn, *dot;
	char *name = NULL, *err = NULL;
	size_t len;
	int n, k;

	if ((n = scandir(dir, &ents, NULL, dirent_cmp)) == -1) {
		tpl_err(&err, "%s: %s", dir, strerror(errno));
		fault(all, &err);
		return;
	}
	for (k = 0; k < n; k++) {
		dn = ents[k]->d_name;
		len = strlen(dn);
		if (dn[0] == '.' || len < 4 || strcmp(dn + len - 4, ".txt"))
			continue;
		free(name);
		name = xstrndup(dn, len - 4);
		if ((dot = strrchr(name, '.')) == NULL ||
		    !lang_ok(dot + 1)) {
			tpl_err(&err, "%s/%s: not NAME.zh.txt or NAME.en.txt",
			    dir, dn);
			fault(all, &err);
			continue;
		}
		name[dot - name] = '\0';
		if (tfile_find(name) == NULL) {
			tpl_err(&err, "%s/%s: no template is called %s", dir,
			    dn, name);
			fault(all, &err);
		}
	}
	free(name);
	for (k = 0; k < n; k++)
		free(ents[k]);
	free(ents);
}

int
template_check(const char *dir, char **errp)
{
	struct stat sb;
	GString *all = g_string_new(NULL);
	char **dirs, *err = NULL;
	size_t i;
	int rv = -1;

	/* dir: folders in the order searched (the override first). */
	dirs = g_strsplit(dir, ":", -1);
	for (i = 0; dirs[i] != NULL; i++) {
		if (stat(dirs[i], &sb) == -1)
			tpl_err(&err, "%s: %s", dirs[i], strerror(errno));
		else if (!S_ISDIR(sb.st_mode))
			tpl_err(&err, "%s: not a folder", dirs[i]);
		fault(all, &err);
	}
	if (all->len > 0)
		goto out;
	for (i = 0; i < NELEM(tfiles); i++) {
		(void)check_file(dir, tfiles[i].name, "zh", tfiles[i].flags, 1,
		    &err);
		fault(all, &err);
		(void)check_file(dir, tfiles[i].name, "en", tfiles[i].flags,
		    (tfiles[i].flags & TEMPLATE_F_EN) != 0, &err);
		fault(all, &err);
	}
	for (i = 0; dirs[i] != NULL; i++)
		check_names(dirs[i], all);
	rv = all->len == 0 ? 0 : -1;
 out:
	if (all->len > 0)
		tpl_err(errp, "%s", all->str);
	g_string_free(all, TRUE);
	g_strfreev(dirs);
	return rv;
}

char *
template_dir(const char *configured)
{
	return datadir_find(configured, GK_TEMPLATEDIR, "templates");
}

char *
template_answer_name(const char *type)
{
	char *name;
	size_t i;

	if (type == NULL || strlen(type) > TEMPLATE_MAX_NAME)
		return NULL;
	name = xasprintf("answer_%s", type);
	for (i = 0; name[i] != '\0'; i++)
		if (name[i] == ':')
			name[i] = '_';
	if (!tname_ok(name) || tfile_find(name) == NULL) {
		free(name);
		return NULL;
	}
	return name;
}

char *
template_format_date(int y, int m, int d, const char *lang)
{
	return clock_date_words(y, m, d, lang);
}

size_t
template_nnames(void)
{
	return NELEM(tfiles);
}

const char *
template_name(size_t i)
{
	return i < NELEM(tfiles) ? tfiles[i].name : NULL;
}

int
template_flags(size_t i)
{
	return i < NELEM(tfiles) ? tfiles[i].flags : -1;
}

int
template_name_flags(const char *name)
{
	const struct tfile *f;

	if (name == NULL || (f = tfile_find(name)) == NULL)
		return -1;
	return f->flags;
}

size_t
template_nvars(void)
{
	return NELEM(tvars);
}

const char *
template_var_name(size_t i)
{
	return i < NELEM(tvars) ? tvars[i].name : NULL;
}

const char *
template_var_meaning(size_t i)
{
	return i < NELEM(tvars) ? tvars[i].meaning : NULL;
}

int
template_var_known(const char *name)
{
	return name != NULL && var_find(name, strlen(name)) != -1;
}
