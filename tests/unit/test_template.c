/*
 * test_template.c - the template engine and the shipped templates: every
 * template renders with every variable supplied (and with the optional
 * ones empty); unknown and unsupplied variables are errors that name
 * FILE:LINE; sections, escapes and the standalone-line rule; the subject
 * is one bounded line whatever the values hold (header injection); no
 * template line reads as a command; refusing answers carry the 2024
 * remedy clause and each answer cites its article; template_check()
 * passes on the shipped folder and names each kind of fault.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "command.h"
#include "remedy.h"
#include "template.h"

static char *shipped;		/* the source tree's templates/ */

/* Every answer TYPE of doc/mail.md. */
static const char *const answer_types[] = {
	"public-already", "disclose", "partial",
	"withhold:state-secret", "withhold:law-prohibited",
	"withhold:security-stability", "withhold:third-party",
	"withhold:internal-affairs", "withhold:process-info",
	"withhold:enforcement-file", "withhold:query-matter",
	"unavailable:not-held", "unavailable:needs-creation",
	"unavailable:still-unclear",
	"not-processed:petition", "not-processed:repeat",
	"not-processed:publication", "not-processed:excessive",
	"not-processed:confirm-existing",
	"other:no-correction", "other:fee-unpaid", "other:misc",
};

/* Values for the content tests; every other variable is "〔name〕". */
static const struct template_var realistic[] = {
	{ "office_name",	"上海市人民政府外事办公室" },
	{ "office_address",	"gongkai@fao.example.test" },
	{ "case_id",		"GK-2026-0001" },
	{ "applicant_name",	"张三" },
	{ "applicant_email",	"zhangsan@example.com" },
	{ "applicant_phone",	"138****5678" },
	{ "receipt_date",	"2026年9月28日" },
	{ "due_date",		"2026年10月29日" },
	{ "due_by",		"最迟于2026年10月29日（含当日）" },
	{ "due_text",		"自收到申请之日起20个工作日内" },
	{ "days",		"20" },
	{ "token_code",		"q7x2mfa9k3" },
};

/* Keywords of doc/mail.md: none may be a line on its own. */
static const char *const keywords[] = {
	"APPROVE", "APPROVED", "REJECT", "REJECTED", "REVISE", "ANSWER",
	"CORRECTION", "EXTEND", "CONSULT", "AGREE", "OBJECT", "FEE", "PAID",
	"ASSIGN", "SET", "ESCALATE", "NOTE",
	"同意", "批准", "通过", "准予", "原则同意", "驳回", "退回", "不同意",
	"不批准", "不通过", "不予同意", "修改", "答复", "补正", "延期",
	"征求意见", "同意公开", "不同意公开", "收费", "已缴费", "转办", "设置",
	"报主要负责人", "备注",
};

static const enum command_role roles[] = {
	COMMAND_ROLE_HANDLER, COMMAND_ROLE_RESPONSIBLE,
	COMMAND_ROLE_SUPERVISING, COMMAND_ROLE_APPROVER, COMMAND_ROLE_LEADER,
	COMMAND_ROLE_HEAD, COMMAND_ROLE_SECRETARIAT, COMMAND_ROLE_THIRD_PARTY,
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A full variable set: the table's names, neutral or realistic values,
 * with `set` (name, value) pairs replacing them (value NULL: left out). */
struct varset {
	struct template_var	*v;
	char			**own;
	size_t			 n;
};

static void
varset_init(struct varset *vs, int real)
{
	size_t i, j;

	vs->n = template_nvars();
	vs->v = g_new0(struct template_var, vs->n);
	vs->own = g_new0(char *, vs->n);
	for (i = 0; i < vs->n; i++) {
		vs->v[i].name = template_var_name(i);
		vs->own[i] = g_strdup_printf("〔%s〕", vs->v[i].name);
		vs->v[i].value = vs->own[i];
		for (j = 0; real && j < NELEM(realistic); j++)
			if (strcmp(realistic[j].name, vs->v[i].name) == 0)
				vs->v[i].value = realistic[j].value;
	}
}

static void
varset_set(struct varset *vs, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0) {
			vs->v[i].value = value;
			return;
		}
	g_error("test bug: no variable %s", name);
}

/* Leaves `name` out of the set altogether. */
static void
varset_drop(struct varset *vs, const char *name)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0) {
			g_free(vs->own[i]);
			memmove(&vs->v[i], &vs->v[i + 1],
			    (vs->n - i - 1) * sizeof(vs->v[0]));
			memmove(&vs->own[i], &vs->own[i + 1],
			    (vs->n - i - 1) * sizeof(vs->own[0]));
			vs->n--;
			return;
		}
	g_error("test bug: no variable %s", name);
}

static void
varset_free(struct varset *vs)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		g_free(vs->own[i]);
	g_free(vs->own);
	g_free(vs->v);
}

/* Renders a shipped template or fails the test with the error. */
static void
render_ok(const char *name, const char *lang, const struct varset *vs,
    char **subject, char **body)
{
	char *err = NULL;

	if (template_render(shipped, name, lang, vs->v, vs->n, subject, body,
	    &err) != 0)
		g_error("%s.%s: got error \"%s\", want none", name, lang, err);
	g_assert_null(err);
}

static int
has_en(size_t i)
{
	return (template_flags(i) & TEMPLATE_F_EN) != 0;
}

/* Renders text held in memory. */
static int
render_text(const char *text, const struct template_var *vars, size_t n,
    char **subject, char **body, char **err)
{
	*err = NULL;
	return template_render_text("mem.zh.txt", text, strlen(text), vars, n,
	    subject, body, err);
}

static void
assert_body(const char *text, const struct template_var *vars, size_t n,
    const char *want)
{
	char *subject, *body, *err;

	if (render_text(text, vars, n, &subject, &body, &err) != 0)
		g_error("\"%s\": got error \"%s\", want body \"%s\"", text,
		    err, want);
	if (strcmp(body, want) != 0)
		g_error("\"%s\": got body \"%s\", want \"%s\"", text, body,
		    want);
	free(subject);
	free(body);
}

static void
assert_error(const char *text, const struct template_var *vars, size_t n,
    const char *want)
{
	char *subject = NULL, *body = NULL, *err = NULL;

	if (render_text(text, vars, n, &subject, &body, &err) == 0)
		g_error("\"%s\": got body \"%s\", want error \"%s\"", text,
		    body, want);
	g_assert_null(subject);
	g_assert_null(body);
	g_assert_nonnull(err);
	if (strstr(err, want) == NULL)
		g_error("\"%s\": got error \"%s\", want one with \"%s\"", text,
		    err, want);
	g_assert_null(strchr(err, '\n'));
	free(err);
}

/* Every shipped template renders with everything supplied, and with
 * every variable that only sections test left empty. */
static void
test_render_all(void)
{
	struct varset full, empty;
	char *subject, *body;
	size_t i, k, j;
	int count = 0;
	const char *langs[] = { "zh", "en" };

	varset_init(&full, 1);
	varset_init(&empty, 1);
	for (j = 0; j < empty.n; j++)
		empty.v[j].value = "";
	for (i = 0; i < template_nnames(); i++)
		for (k = 0; k < 2; k++) {
			if (k == 1 && !has_en(i))
				continue;
			render_ok(template_name(i), langs[k], &full, &subject,
			    &body);
			g_assert_cmpstr(subject, !=, "");
			g_assert_null(strchr(subject, '\n'));
			g_assert_true(g_utf8_validate(body, -1, NULL));
			if (strstr(body, "{{") != NULL || strstr(body, "}}"))
				g_error("%s.%s: a tag is left: %s",
				    template_name(i), langs[k], body);
			/* The case tag comes first in every subject, but
			 * for a 审核表 refused, which opened no case, and
			 * the report's sections, which are no mail. */
			if (strcmp(template_name(i), "item_invalid") != 0 &&
			    !(template_flags(i) & TEMPLATE_F_REPORT) &&
			    strncmp(subject, "[GK-2026-0001] ", 15) != 0)
				g_error("%s.%s: subject \"%s\" does not open "
				    "with the case tag", template_name(i),
				    langs[k], subject);
			free(subject);
			free(body);
			/* All empty renders too: "" is a supplied value. */
			render_ok(template_name(i), langs[k], &empty, &subject,
			    &body);
			free(subject);
			free(body);
			count++;
		}
	/* 71 + sweep 5 + secrecy 2 + held_mail + ack_missing + 4 refused
	 * steps + 2 reminders of the law's last days + 2 remedy clauses
	 * in both languages + Art. 32: refused draft, decision notice +
	 * items_answer + 3 refused Art. 35 and withdrawal steps + agency letter,
	 * notice (2), silence + reason request (2) + deferral notice (2) +
	 * other-agency (2) + items_answer and disclosure_decision in
	 * English + item_invalid + the report's 3 sections */
	g_assert_cmpint(count, ==, 113);
	varset_free(&full);
	varset_free(&empty);
}

/* Mail in English: a name without an English file falls back to zh. */
static void
test_render_lang(void)
{
	struct varset vs;
	char *subject, *body, *err = NULL;

	varset_init(&vs, 1);
	render_ok("ack", "en", &vs, &subject, &body);
	g_assert_nonnull(strstr(subject, "Acknowledgment"));
	g_assert_nonnull(strstr(body, "Dear 张三,"));
	free(subject);
	free(body);
	render_ok("forgery_alert", "en", &vs, &subject, &body);
	g_assert_nonnull(strstr(subject, "安全提示"));
	free(subject);
	free(body);

	g_assert_cmpint(template_render(shipped, "no_such", "zh", vs.v, vs.n,
	    &subject, &body, &err), ==, -1);
	g_assert_nonnull(strstr(err, "no_such.zh.txt"));
	g_assert_null(subject);
	g_assert_null(body);
	free(err);
	err = NULL;
	g_assert_cmpint(template_render(shipped, "no_such", "en", vs.v, vs.n,
	    &subject, &body, &err), ==, -1);
	g_assert_nonnull(strstr(err, "no_such.zh.txt"));
	free(err);
	err = NULL;
	g_assert_cmpint(template_render(shipped, "../templates/ack", "zh",
	    vs.v, vs.n, &subject, &body, &err), ==, -1);
	g_assert_nonnull(strstr(err, "not a template name"));
	free(err);
	err = NULL;
	g_assert_cmpint(template_render(shipped, "ack", "fr", vs.v, vs.n,
	    &subject, &body, &err), ==, -1);
	g_assert_nonnull(strstr(err, "not zh or en"));
	free(err);
	varset_free(&vs);
}

static char *
write_tmp(const char *dir, const char *file, const char *text)
{
	char *path = g_build_filename(dir, file, NULL);

	if (!g_file_set_contents(path, text, -1, NULL))
		g_error("cannot write %s", path);
	return path;
}

/* An unknown variable names FILE:LINE, rendered part or not. */
static void
test_unknown_variable(void)
{
	gchar *dir = g_dir_make_tmp("gk-tpl-XXXXXX", NULL);
	char *p1, *p2, *subject, *body, *err = NULL, *want;
	struct template_var v[] = { { "case_id", "GK-2026-0001" } };

	p1 = write_tmp(dir, "bad.zh.txt",
	    "Subject: [{{case_id}}] x\n\nline 3\nline 4 {{nope}}\n");
	g_assert_cmpint(template_render(dir, "bad", "zh", v, 1, &subject,
	    &body, &err), ==, -1);
	want = g_strdup_printf("%s:4: unknown variable {{nope}}", p1);
	g_assert_cmpstr(err, ==, want);
	g_free(want);
	free(err);
	err = NULL;

	/* In a section that is not rendered, and in a section test. */
	p2 = write_tmp(dir, "bad2.zh.txt",
	    "Subject: x\n\n{{#case_id}}\n{{#nope}}y{{/nope}}\n{{/case_id}}\n");
	g_assert_cmpint(template_render(dir, "bad2", "zh", NULL, 0, &subject,
	    &body, &err), ==, -1);
	want = g_strdup_printf("%s:4: unknown variable {{nope}}", p2);
	g_assert_cmpstr(err, ==, want);
	g_free(want);
	free(err);
	err = NULL;

	/* In the subject: line 1. */
	assert_error("Subject: {{subjekt}}\n\nbody\n", NULL, 0,
	    "mem.zh.txt:1: unknown variable {{subjekt}}");

	/* The caller supplying a name outside the table is a bug. */
	{
		struct template_var bad[] = { { "case_idd", "x" } };

		assert_error("Subject: x\n\nbody\n", bad, 1,
		    "unknown variable {{case_idd}} supplied");
	}
	{
		struct template_var twice[] = {
			{ "case_id", "a" }, { "case_id", "b" },
		};

		assert_error("Subject: x\n\nbody\n", twice, 2,
		    "{{case_id}} supplied twice");
	}
	g_remove(p1);
	g_remove(p2);
	g_rmdir(dir);
	free(p1);
	free(p2);
	g_free(dir);
}

/* A known variable the caller did not supply is an error, not "". */
static void
test_missing_variable(void)
{
	struct template_var none[] = { { "case_id", NULL } };
	struct template_var empty[] = { { "case_id", "" } };
	struct varset vs;
	char *subject, *body, *err = NULL;

	assert_error("Subject: x\n\na\n{{case_id}}\n", NULL, 0,
	    "mem.zh.txt:4: variable {{case_id}} not supplied");
	assert_error("Subject: x\n\n{{case_id}}\n", none, 1,
	    "mem.zh.txt:3: variable {{case_id}} not supplied");
	assert_error("Subject: [{{case_id}}]\n\nx\n", NULL, 0,
	    "mem.zh.txt:1: variable {{case_id}} not supplied");
	assert_body("Subject: x\n\n<{{case_id}}>\n", empty, 1, "<>\n");
	/* Not supplied is empty in a section test, and unrendered text
	 * need not be supplied. */
	assert_body("Subject: x\n\n{{#case_id}}[{{case_id}}]{{/case_id}}"
	    "{{^case_id}}none{{/case_id}}\n", NULL, 0, "none\n");

	/* A shipped template with one required variable left out. */
	varset_init(&vs, 1);
	varset_drop(&vs, "answer_text");
	g_assert_cmpint(template_render(shipped, "answer_disclose", "zh",
	    vs.v, vs.n, &subject, &body, &err), ==, -1);
	g_assert_nonnull(strstr(err, "answer_disclose.zh.txt:"));
	g_assert_nonnull(strstr(err, "variable {{answer_text}} not "
	    "supplied"));
	free(err);
	varset_free(&vs);
}

static void
test_sections(void)
{
	struct template_var v[] = {
		{ "comment", "good" }, { "reason", "" }, { "remedy", " \n" },
		{ "state", "审核中" },
	};
	size_t n = NELEM(v);

	assert_body("Subject: x\n\n{{#comment}}c={{comment}}{{/comment}}|"
	    "{{^comment}}none{{/comment}}\n", v, n, "c=good|\n");
	assert_body("Subject: x\n\n{{#reason}}r{{/reason}}|"
	    "{{^reason}}no reason{{/reason}}\n", v, n, "|no reason\n");
	/* Only blanks is empty. */
	assert_body("Subject: x\n\n{{#remedy}}R{{/remedy}}"
	    "{{^remedy}}-{{/remedy}}\n", v, n, "-\n");
	/* Standalone tags take their line; others keep it. */
	assert_body("Subject: x\n\na\n{{#reason}}\nhidden\n{{/reason}}\nb\n",
	    v, n, "a\nb\n");
	assert_body("Subject: x\n\na\n  {{#comment}}  \nshown\n\t{{/comment}}"
	    "\nb\n", v, n, "a\nshown\nb\n");
	assert_body("Subject: x\n\na\n{{#reason}}x{{/reason}}\nb\n", v, n,
	    "a\n\nb\n");
	assert_body("Subject: x\n\n{{state}}\n", v, n, "审核中\n");
	/* Nesting. */
	assert_body("Subject: x\n\n{{#comment}}\n{{^reason}}\nA\n{{/reason}}\n"
	    "{{/comment}}\nZ", v, n, "A\nZ");
	/* The last line without LF stays without. */
	assert_body("Subject: x\n\nend {{state}}", v, n, "end 审核中");
	/* Escape: {{{{ is a literal {{; values are never template text. */
	assert_body("Subject: x\n\n{{{{state}} is {{state}}\n", v, n,
	    "{{state}} is 审核中\n");
	{
		struct template_var t[] = { { "comment", "{{reason}}" } };

		assert_body("Subject: x\n\n{{comment}}\n", t, 1,
		    "{{reason}}\n");
	}
	/* CR LF and lone CR in a body value become LF. */
	{
		struct template_var t[] = { { "comment", "a\r\nb\rc\n" } };

		assert_body("Subject: x\n\n{{comment}}", t, 1, "a\nb\nc\n");
	}
	/* Faults. */
	assert_error("Subject: x\n\n{{#reason}}\n", v, n,
	    "mem.zh.txt:3: the section {{reason}} is not closed");
	assert_error("Subject: x\n\nok\n{{/reason}}\n", v, n,
	    "mem.zh.txt:4: {{/reason}} closes no section");
	assert_error("Subject: x\n\n{{#reason}}{{#comment}}\n{{/reason}}\n",
	    v, n, "mem.zh.txt:4: {{/reason}} closes the section {{comment}} "
	    "of line 3");
	assert_error("Subject: x\n\na {{state\n}}\n", v, n,
	    "mem.zh.txt:3:");
	assert_error("Subject: x\n\n{{State}}\n", v, n,
	    "mem.zh.txt:3: bad tag {{State}}");
	assert_error("Subject: x\n\n{{ state }}\n", v, n, "bad tag");
	assert_error("Subject: x\n\n{{}}\n", v, n, "bad tag");
	assert_error("Subject: {{#state}}x\n\n{{/state}}\n", v, n,
	    "mem.zh.txt:1: the section {{state}} is not closed");
	assert_error("Subject: x\n\n{{#a1}}{{#a2}}{{#a3}}\n", v, n,
	    "unknown variable");
	assert_error("Subject: x\n\n"
	    "{{#state}}{{#state}}{{#state}}{{#state}}{{#state}}{{#state}}"
	    "{{#state}}{{#state}}{{#state}}\n", v, n, "nested more than 8");
	/* The file's shape. */
	assert_error("Subjekt: x\n\nbody\n", v, n, "mem.zh.txt:1: the first "
	    "line must be");
	assert_error("Subject: x\nbody\n", v, n, "mem.zh.txt:2: the second "
	    "line must be blank");
	assert_error("Subject:   \n\nbody\n", v, n, "the subject is empty");
	assert_error("Subject: x\r\n\r\nbody\r\n", v, n, "mem.zh.txt:1: a "
	    "carriage return");
	assert_error("Subject: x\n\nok\nbad \xff\n", v, n,
	    "mem.zh.txt:4: invalid UTF-8");
	assert_body("\xef\xbb\xbfSubject: x\n\nbom\n", v, n, "bom\n");
	{
		struct template_var t[] = { { "state", "\xc3" } };

		assert_error("Subject: x\n\n{{state}}\n", t, 1,
		    "not valid UTF-8");
	}
}

/* The subject is one line, whatever the values hold. */
static void
test_subject_one_line(void)
{
	struct varset vs;
	char *subject, *body, *err, *big;
	GString *g;
	size_t i, j;
	const char *evil[] = {
		"张三\r\nBcc: x@evil.example",
		"张三\nBcc: x@evil.example",
		"张三\rBcc: x@evil.example",
		"张三\xe2\x80\xa8" "Bcc: x@evil.example",	/* U+2028 */
		"张三\xc2\x85" "Bcc: x@evil.example",		/* U+0085 */
		"张三\t\x0b\x0c\r\n\r\n  Bcc: x@evil.example",
	};

	varset_init(&vs, 1);
	for (i = 0; i < NELEM(evil); i++) {
		varset_set(&vs, "applicant_name", evil[i]);
		render_ok("handler_notice", "zh", &vs, &subject, &body);
		for (j = 0; subject[j] != '\0'; j++)
			g_assert_true((unsigned char)subject[j] >= 0x20 &&
			    subject[j] != 0x7f);
		g_assert_null(strstr(subject, "\xe2\x80\xa8"));
		g_assert_null(strstr(subject, "\xc2\x85"));
		g_assert_cmpstr(subject, ==, "[GK-2026-0001] "
		    "政府信息公开申请待办理：张三 Bcc: x@evil.example");
		free(subject);
		free(body);
	}

	/* The transcript quotes the command in its subject. */
	varset_set(&vs, "command", "同意\r\nBcc: x@evil.example");
	varset_set(&vs, "result", "已送审");
	render_ok("transcript", "zh", &vs, &subject, &body);
	g_assert_cmpstr(subject, ==,
	    "[GK-2026-0001] 已处理：同意 Bcc: x@evil.example");
	free(subject);
	free(body);

	/* Bounded, cut on a character boundary, the tag kept. */
	g = g_string_new(NULL);
	for (i = 0; i < 500; i++)
		g_string_append(g, "长");
	big = g_string_free(g, FALSE);
	varset_set(&vs, "applicant_name", big);
	render_ok("handler_notice", "zh", &vs, &subject, &body);
	g_assert_true(g_utf8_validate(subject, -1, NULL));
	g_assert_cmpint(g_utf8_strlen(subject, -1), ==, TEMPLATE_SUBJECT_MAX);
	g_assert_true(g_str_has_prefix(subject, "[GK-2026-0001] "));
	g_assert_true(g_str_has_suffix(subject, "长…"));
	g_assert_nonnull(strstr(body, big));	/* the body keeps it all */
	free(subject);
	free(body);
	g_free(big);

	/* A subject that renders to nothing is an error. */
	{
		struct template_var t[] = { { "state", "\r\n" } };

		g_assert_cmpint(render_text("Subject: {{state}}\n\nx\n", t, 1,
		    &subject, &body, &err), ==, -1);
		g_assert_nonnull(strstr(err, "the subject renders empty"));
		free(err);
	}
	varset_free(&vs);
}

/* Lines of a rendered body, blanks and punctuation trimmed. */
static char *
trim_line(const char *line)
{
	static const char *const punct[] = {
		" ", "\t", "，", "。", "：", ":", "、", "；", ";", ",", ".",
		"!", "！", "?", "？", "“", "”", "\"", "'", "‘", "’", "（",
		"）", "(", ")", "【", "】", "[", "]", "-", "—", "…", "*",
	};
	const char *a = line, *b = line + strlen(line);
	size_t i, n;
	int moved = 1;

	while (moved) {
		moved = 0;
		for (i = 0; i < NELEM(punct); i++) {
			n = strlen(punct[i]);
			if ((size_t)(b - a) >= n &&
			    strncmp(a, punct[i], n) == 0) {
				a += n;
				moved = 1;
			}
			if ((size_t)(b - a) >= n &&
			    strncmp(b - n, punct[i], n) == 0) {
				b -= n;
				moved = 1;
			}
		}
	}
	return g_strndup(a, b - a);
}

/* No template line is a keyword alone, nor reads as a command: reply
 * instructions are sentences (doc/mail.md). */
static void
test_no_keyword_lines(void)
{
	struct varset vs;
	char *subject, *body, **lines, *t;
	struct command *cmd;
	size_t i, k, j, r, l;
	const char *langs[] = { "zh", "en" };

	varset_init(&vs, 0);		/* neutral values: 〔name〕 */
	for (i = 0; i < template_nnames(); i++)
		for (k = 0; k < 2; k++) {
			if (k == 1 && !has_en(i))
				continue;
			render_ok(template_name(i), langs[k], &vs, &subject,
			    &body);
			lines = g_strsplit(body, "\n", -1);
			for (l = 0; lines[l] != NULL; l++) {
				t = trim_line(lines[l]);
				for (j = 0; j < NELEM(keywords); j++)
					if (g_ascii_strcasecmp(t,
					    keywords[j]) == 0)
						g_error("%s.%s: the line "
						    "\"%s\" is a keyword "
						    "alone",
						    template_name(i),
						    langs[k], lines[l]);
				g_free(t);
				for (r = 0; r < NELEM(roles); r++) {
					cmd = command_parse(lines[l],
					    roles[r]);
					if (cmd->kind != COMMAND_NONE)
						g_error("%s.%s: the line "
						    "\"%s\" reads as the "
						    "command %s to %s",
						    template_name(i),
						    langs[k], lines[l],
						    command_kind_name(
						    cmd->kind),
						    command_role_name(
						    roles[r]));
					command_free(cmd);
				}
			}
			g_strfreev(lines);
			free(subject);
			free(body);
		}
	varset_free(&vs);
}

/* Mail that asks for a command: the marker first, the 回复码 last, and
 * the instructions in a sentence. */
static void
test_token_mail(void)
{
	struct varset vs;
	char *subject, *body, **lines;
	size_t i, k, n;
	const char *langs[] = { "zh", "en" };
	int seen = 0;

	varset_init(&vs, 1);
	for (i = 0; i < template_nnames(); i++) {
		if (!(template_flags(i) & TEMPLATE_F_TOKEN))
			continue;
		for (k = 0; k < 2; k++) {
			if (k == 1 && !has_en(i))
				continue;
			render_ok(template_name(i), langs[k], &vs, &subject,
			    &body);
			g_strchomp(body);
			lines = g_strsplit(body, "\n", -1);
			n = g_strv_length(lines);
			g_assert_cmpstr(lines[0], ==, TEMPLATE_MARKER);
			g_assert_true(g_str_has_prefix(lines[n - 1],
			    "回复码"));
			g_assert_true(g_str_has_suffix(lines[n - 1],
			    "q7x2mfa9k3"));
			/* No "-- " line: clients drop what follows it. */
			g_assert_null(strstr(body, "\n-- \n"));
			g_strfreev(lines);
			free(subject);
			free(body);
			seen++;
		}
	}
	g_assert_cmpint(seen, ==, 10);	/* with the nudges, secrecy_request,
					 * the agency letter and its silence */

	render_ok("review_request", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "请在第一行回复“同意”（可附意见），"
	    "或回复“驳回：理由”"));
	g_assert_true(g_str_has_suffix(body, "回复码：q7x2mfa9k3\n"));
	free(subject);
	free(body);
	render_ok("extension_request", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "请在第一行回复“同意”"));
	free(subject);
	free(body);
	render_ok("third_party_letter", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "“同意公开”"));
	g_assert_nonnull(strstr(body, "“不同意公开：”"));
	/* The third party never learns who applied. */
	g_assert_null(strstr(body, "张三"));
	g_assert_null(strstr(body, "zhangsan@example.com"));
	g_assert_null(strstr(body, "138****5678"));
	free(subject);
	free(body);
	render_ok("third_party_letter", "en", &vs, &subject, &body);
	g_assert_null(strstr(body, "张三"));
	free(subject);
	free(body);
	varset_free(&vs);
}

/* The remedy clause of 2024 in every refusing answer; the article each
 * answer relies on. */
static void
test_remedies(void)
{
	static const struct {
		const char	*type;
		const char	*zh;		/* the article cited */
		int		 first;		/* 复议前置 */
	} cite[] = {
		{ "public-already", "第三十六条第（一）项", 0 },
		{ "disclose", "第三十六条第（二）项", 0 },
		{ "partial", "第三十七条", 1 },
		{ "withhold:state-secret", "第十四条", 1 },
		{ "withhold:law-prohibited", "第十四条", 1 },
		{ "withhold:security-stability", "第十四条", 1 },
		{ "withhold:third-party", "第十五条", 1 },
		{ "withhold:internal-affairs", "第十六条第一款", 1 },
		{ "withhold:process-info", "第十六条第二款", 1 },
		{ "withhold:enforcement-file", "第十六条第二款", 1 },
		{ "withhold:query-matter", "第三十六条第（七）项", 1 },
		{ "unavailable:not-held", "第三十六条第（四）项", 0 },
		{ "unavailable:needs-creation", "第三十八条", 0 },
		{ "unavailable:still-unclear", "第三十条", 0 },
		{ "not-processed:petition", "第三十九条第一款", 0 },
		{ "not-processed:repeat", "第三十六条第（六）项", 0 },
		{ "not-processed:publication", "第三十九条第二款", 0 },
		{ "not-processed:excessive", "第三十五条", 0 },
		{ "not-processed:confirm-existing", "第二条", 0 },
		{ "other:no-correction", "第三十条", 0 },
		{ "other:fee-unpaid", "第四十二条", 0 },
		{ "other:misc", "《中华人民共和国政府信息公开条例》", 0 },
	};
	struct varset vs;
	char *subject, *body, *name;
	size_t i;
	int flags;

	g_assert_cmpint(NELEM(cite), ==, NELEM(answer_types));
	varset_init(&vs, 1);
	varset_set(&vs, "other_agency", "");	/* not held: Art. 36(4) */
	for (i = 0; i < NELEM(cite); i++) {
		name = template_answer_name(cite[i].type);
		g_assert_nonnull(name);
		flags = template_name_flags(name);
		/* every answer includes its clause (remedy.h) */
		g_assert_true(flags & TEMPLATE_F_CLAUSE);
		g_assert_false(flags & TEMPLATE_F_REMEDY);
		g_assert_true(flags & TEMPLATE_F_ANSWER);
		g_assert_true(flags & TEMPLATE_F_EN);

		render_ok(name, "zh", &vs, &subject, &body);
		g_assert_cmpstr(subject, ==,
		    "[GK-2026-0001] 政府信息公开申请答复书");
		if (strstr(body, cite[i].zh) == NULL)
			g_error("%s: does not cite %s", name, cite[i].zh);
		g_assert_nonnull(strstr(body, "本机关于2026年9月28日收到"));
		if (strstr(body, "\n〔remedy_clause〕\n") == NULL)
			g_error("%s: no remedy clause of its own line", name);
		/* the clause is the office's template, not the answer's */
		g_assert_null(strstr(body, "行政复议"));
		/* 复议前置 by default for 不予公开 and 部分公开 */
		g_assert_cmpint(strcmp(remedy_template(NULL, cite[i].type),
		    REMEDY_TEMPLATE_FIRST) == 0, ==, cite[i].first);
		g_assert_null(strstr(body, "3个月"));
		g_assert_null(strstr(body, "三个月"));
		g_assert_null(strstr(body, "上级主管部门"));
		free(subject);
		free(body);

		render_ok(name, "en", &vs, &subject, &body);
		g_assert_nonnull(strstr(body, "\n〔remedy_clause〕\n"));
		g_assert_null(strstr(body, "reconsideration"));
		g_assert_null(strstr(body, "3 months"));
		free(subject);
		free(body);
		free(name);
	}

	/* Not held, with the responsible agency known: Art. 36(5). */
	varset_set(&vs, "other_agency", "上海市某局（电话021-00000000）");
	render_ok("answer_unavailable_not-held", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "第三十六条第（五）项"));
	g_assert_null(strstr(body, "第三十六条第（四）项"));
	g_assert_nonnull(strstr(body, "上海市某局"));
	free(subject);
	free(body);

	/* The daemon's own closing notices carry the remedies too. */
	render_ok("no_correction_notice", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "视为您放弃申请"));
	g_assert_nonnull(strstr(body, "第三十条"));
	g_assert_nonnull(strstr(body, "〔remedy_clause〕"));
	free(subject);
	free(body);
	render_ok("fee_unpaid_notice", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "国办函〔2020〕109号"));
	g_assert_nonnull(strstr(body, "〔remedy_clause〕"));
	free(subject);
	free(body);

	/* The two clauses (行政复议法 Arts. 20, 23; 行政诉讼法 Arts. 45,
	 * 46): the body from [remedy], its channel when set. */
	varset_set(&vs, "reconsideration_body", "上海市人民政府");
	varset_set(&vs, "reconsideration_channel", "");
	render_ok("remedy_review_first", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "60日内向上海市人民政府申请行政复议。"));
	g_assert_nonnull(strstr(body, "第二十三条第一款第（四）项和第二款"));
	g_assert_nonnull(strstr(body, "应当先向行政复议机关申请行政复议"));
	g_assert_nonnull(strstr(body, "收到行政复议决定书之日起15日内"));
	g_assert_nonnull(strstr(body, "逾期不作决定的，可以在复议期满之日起"
	    "15日内"));
	g_assert_null(strstr(body, "6个月"));
	free(subject);
	free(body);
	varset_set(&vs, "reconsideration_channel", "https://fy.example.test");
	render_ok("remedy_ordinary", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "60日内向上海市人民政府申请行政复议（网上"
	    "申请渠道：https://fy.example.test）"));
	g_assert_nonnull(strstr(body, "6个月内依法向人民法院提起行政诉讼"));
	g_assert_nonnull(strstr(body, "在复议期满之日起15日内"));
	g_assert_null(strstr(body, "应当先"));
	free(subject);
	free(body);
	render_ok("remedy_ordinary", "en", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "within 60 days"));
	g_assert_nonnull(strstr(body, "within 6 months"));
	g_assert_nonnull(strstr(body, "within 15 days after that time limit"));
	free(subject);
	free(body);
	varset_free(&vs);
}

/* No shipped file says 3个月 (or three months), read as raw text. */
static void
test_no_outdated(void)
{
	GDir *d;
	const char *f;
	char *path, *text;
	int n = 0;

	d = g_dir_open(shipped, 0, NULL);
	g_assert_nonnull(d);
	while ((f = g_dir_read_name(d)) != NULL) {
		path = g_build_filename(shipped, f, NULL);
		g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
		if (g_str_has_suffix(f, ".txt")) {
			if (strstr(text, "3个月") || strstr(text, "三个月") ||
			    strstr(text, "3 months") ||
			    strstr(text, "three months"))
				g_error("%s says the outdated 3 months", f);
			/* a deadline is 最迟于…（含当日） (clock.h) */
			if (strstr(text, "}}前"))
				g_error("%s states a deadline as 于…前", f);
			n++;
		}
		g_free(text);
		g_free(path);
	}
	g_dir_close(d);
	g_assert_cmpint(n, ==, 113);	/* with refused steps, reminders,
					 * remedy clauses, items_answer, Art. 34, 35,
					 * items_answer and disclosure_decision in
					 * English */
}

/* The documents say what templates/README.md asks of them. */
static void
test_documents(void)
{
	struct varset vs;
	char *subject, *body;

	varset_init(&vs, 1);

	/* 受理回执: the due date, or the statutory period when provisional. */
	render_ok("ack", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "GK-2026-0001"));
	g_assert_nonnull(strstr(body, "以本回执确认2026年9月28日为收到申请之日"));
	g_assert_nonnull(strstr(body,
	    "即最迟于2026年10月29日（含当日）依法作出答复"));
	g_assert_null(strstr(body, "〔provisional_note〕"));
	free(subject);
	free(body);
	varset_set(&vs, "due_date", "");
	varset_set(&vs, "due_by", "");
	render_ok("ack", "zh", &vs, &subject, &body);
	g_assert_null(strstr(body, "最迟于"));
	g_assert_nonnull(strstr(body, "本机关将自收到申请之日起20个工作日内"
	    "依法作出答复"));
	free(subject);
	free(body);
	varset_set(&vs, "due_date", "2026年10月29日");
	varset_set(&vs, "due_by", "最迟于2026年10月29日（含当日）");

	render_ok("correction_notice", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "一次性告知"));
	g_assert_nonnull(strstr(body, "请〔correction_by〕直接回复"));
	g_assert_nonnull(strstr(body,
	    "答复期限自本机关收到补正后的申请之日起计算"));
	g_assert_nonnull(strstr(body, "视为放弃申请"));
	g_assert_nonnull(strstr(body, "第三十条"));
	free(subject);
	free(body);

	render_ok("extension_notice", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "第三十三条第二款"));
	g_assert_nonnull(strstr(body, "政府信息公开工作机构负责人（政务公开管理"
	    "办公室负责人）同意"));
	g_assert_nonnull(strstr(body, "本机关将〔new_due_by〕作出答复"));
	g_assert_nonnull(strstr(body, "〔extension_reason〕"));
	g_assert_nonnull(strstr(body, "最长不超过20个工作日"));
	free(subject);
	free(body);

	render_ok("third_party_letter", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "第三十二条"));
	g_assert_nonnull(strstr(body, "自收到本意见书之日起〔consult_days〕个"
	    "工作日内"));
	g_assert_nonnull(strstr(body, "合理理由"));
	g_assert_nonnull(strstr(body, "逾期未提出意见的，由本机关"));
	free(subject);
	free(body);

	varset_set(&vs, "fee_by_volume", "");
	render_ok("fee_notice", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "国办函〔2020〕109号"));
	g_assert_nonnull(strstr(body, "按件计收标准"));
	g_assert_null(strstr(body, "按量计收标准"));
	g_assert_nonnull(strstr(body, "〔fee_lines〕"));
	g_assert_nonnull(strstr(body, "人民币〔fee_amount〕元"));
	g_assert_nonnull(strstr(body, "〔payment_method〕"));
	g_assert_nonnull(strstr(body,
	    "自收到本通知书次日起〔fee_days〕个工作日"));
	g_assert_nonnull(strstr(body, "视为放弃申请"));
	free(subject);
	free(body);

	/* The transcript: what was done, or why nothing was. */
	varset_set(&vs, "result", "已送主管处室审核");
	render_ok("transcript", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(body, "> 〔command〕\n"));
	g_assert_nonnull(strstr(body, "处理结果：已送主管处室审核"));
	g_assert_nonnull(strstr(body, "答复期限：2026年10月29日"));
	g_assert_null(strstr(body, "未被执行"));
	free(subject);
	free(body);
	varset_set(&vs, "result", "");
	render_ok("transcript", "zh", &vs, &subject, &body);
	g_assert_nonnull(strstr(subject, "未执行"));
	g_assert_nonnull(strstr(body, "本指令未被执行"));
	g_assert_nonnull(strstr(body, "原因：〔reason〕"));
	free(subject);
	free(body);

	/* The handler notice lists every command, and says what is missing. */
	render_ok("handler_notice", "zh", &vs, &subject, &body);
	{
		const char *cmds[] = { "ANSWER 类型", "CORRECTION",
		    "CONSULT 地址", "FEE 金额", "EXTEND", "ASSIGN 处室",
		    "SET 字段 值", "NOTE" };
		size_t i;

		for (i = 0; i < NELEM(cmds); i++)
			g_assert_nonnull(strstr(body, cmds[i]));
		for (i = 0; i < NELEM(answer_types); i++)
			if (strcmp(answer_types[i], "other:no-correction") &&
			    strcmp(answer_types[i], "other:fee-unpaid"))
				g_assert_nonnull(strstr(body,
				    answer_types[i]));
	}
	g_assert_nonnull(strstr(body, "〔missing_fields〕"));
	g_assert_nonnull(strstr(body, "138****5678"));
	free(subject);
	free(body);
	varset_free(&vs);
}

/* template_check: the shipped folder passes; each fault is named. */
static void
copy_dir(const char *from, const char *to)
{
	GDir *d = g_dir_open(from, 0, NULL);
	const char *f;
	char *a, *b, *text;
	gsize len;

	g_assert_nonnull(d);
	while ((f = g_dir_read_name(d)) != NULL) {
		a = g_build_filename(from, f, NULL);
		b = g_build_filename(to, f, NULL);
		g_assert_true(g_file_get_contents(a, &text, &len, NULL));
		g_assert_true(g_file_set_contents(b, text, len, NULL));
		g_free(text);
		g_free(a);
		g_free(b);
	}
	g_dir_close(d);
}

static void
remove_dir(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *f;
	char *p;

	while ((f = g_dir_read_name(d)) != NULL) {
		p = g_build_filename(dir, f, NULL);
		g_remove(p);
		g_free(p);
	}
	g_dir_close(d);
	g_rmdir(dir);
}

/* Copies the shipped folder, edits `file` (replace `old` by `new`, or
 * delete it when old is NULL and new NULL, or create it with new), and
 * expects template_check to fail with `want`. */
static void
check_fault(const char *file, const char *old, const char *new,
    const char *want)
{
	gchar *dir = g_dir_make_tmp("gk-tpl-XXXXXX", NULL);
	char *path, *text, *err = NULL, *p;
	GString *g;

	copy_dir(shipped, dir);
	path = g_build_filename(dir, file, NULL);
	if (old == NULL && new == NULL)
		g_assert_cmpint(g_remove(path), ==, 0);
	else if (old == NULL)
		g_assert_true(g_file_set_contents(path, new, -1, NULL));
	else {
		g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
		p = strstr(text, old);
		if (p == NULL)
			g_error("test bug: %s has no \"%s\"", file, old);
		g = g_string_new_len(text, p - text);
		g_string_append(g, new);
		g_string_append(g, p + strlen(old));
		g_assert_true(g_file_set_contents(path, g->str, -1, NULL));
		g_string_free(g, TRUE);
		g_free(text);
	}
	g_assert_cmpint(template_check(dir, &err), ==, -1);
	g_assert_nonnull(err);
	if (strstr(err, want) == NULL)
		g_error("%s: got error \"%s\", want one with \"%s\"", file, err,
		    want);
	g_assert_nonnull(strstr(err, dir));
	free(err);
	g_free(path);
	remove_dir(dir);
	g_free(dir);
}

static void
test_check(void)
{
	char *err = NULL;

	if (template_check(shipped, &err) != 0)
		g_error("template_check(%s): %s", shipped, err);
	g_assert_null(err);

	check_fault("ack.zh.txt", "{{case_id}}。根据", "{{case_idd}}。根据",
	    "ack.zh.txt:8: unknown variable {{case_idd}}");
	check_fault("review_request.zh.txt", "{{draft_text}}",
	    "{{#draft_text}}", "the section {{draft_text}} is not closed");
	check_fault("ack.en.txt", NULL, NULL, "ack.en.txt: missing");
	check_fault("answer_disclose.zh.txt", NULL, NULL,
	    "answer_disclose.zh.txt: missing");
	check_fault("acknowledge.zh.txt", NULL, "Subject: x\n\ny\n",
	    "acknowledge.zh.txt: no template is called acknowledge");
	check_fault("ack.fr.txt", NULL, "Subject: x\n\ny\n",
	    "ack.fr.txt: not NAME.zh.txt or NAME.en.txt");
	check_fault("remedy_ordinary.zh.txt", "60日内", "六十日内",
	    "remedy_ordinary.zh.txt: the remedy clause lacks \"60日\"");
	check_fault("remedy_review_first.en.txt", "{{reconsideration_body}}",
	    "the municipal government", "lacks "
	    "\"{{reconsideration_body}}\"");
	check_fault("remedy_ordinary.zh.txt", "6个月", "3个月",
	    "remedy_ordinary.zh.txt: says \"3个月\"");
	check_fault("answer_disclose.zh.txt", "{{remedy_clause}}", "",
	    "answer_disclose.zh.txt: an answer must include the remedy "
	    "clause");
	check_fault("ack.zh.txt", "本回执仅确认", "三个月内有效。本回执仅确认",
	    "ack.zh.txt: says \"三个月\"");
	check_fault("review_request.zh.txt", TEMPLATE_MARKER "\n", "",
	    "review_request.zh.txt:3: the body must open with the line");
	check_fault("extension_request.zh.txt", "回复码：{{token_code}}",
	    "{{token_code}}", "must end with the line");
	check_fault("help.zh.txt", "\n\n", "\r\n\n", "help.zh.txt:1: a "
	    "carriage return");

	/* Not a folder. */
	g_assert_cmpint(template_check("/nonexistent/templates", &err), ==,
	    -1);
	g_assert_nonnull(strstr(err, "/nonexistent/templates: "));
	free(err);
}

static int
count_lines(const char *s)
{
	int n = 1;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* Replaces `old` by `new` in dir/file. */
static void
edit_file(const char *dir, const char *file, const char *old,
    const char *new)
{
	char *path = g_build_filename(dir, file, NULL), *text, *p;
	GString *g;

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	if ((p = strstr(text, old)) == NULL)
		g_error("test bug: %s has no \"%s\"", file, old);
	g = g_string_new_len(text, p - text);
	g_string_append(g, new);
	g_string_append(g, p + strlen(old));
	g_assert_true(g_file_set_contents(path, g->str, -1, NULL));
	g_string_free(g, TRUE);
	g_free(text);
	g_free(path);
}

/*
 * Validation renders: a subject that is empty when its variables are
 * (parsing alone passes it) is a fault, and so is a variable the
 * template's caller does not supply; every fault is reported, one a
 * line; a loaded set renders what was checked, whatever the files
 * become, and a broken folder does not load.
 */
static void
test_check_render(void)
{
	gchar *dir = g_dir_make_tmp("gk-tpl-XXXXXX", NULL);
	struct template_set *ts, *ts2;
	const struct template_var v[] = { { "case_id", "GK-2026-0001" } };
	char *err = NULL, *subject, *body, *path;

	copy_dir(shipped, dir);
	ts = template_set_load(dir, &err);
	g_assert_null(err);
	g_assert_nonnull(ts);
	g_assert_cmpstr(template_set_dir(ts), ==, dir);

	path = g_build_filename(dir, "digest.zh.txt", NULL);
	g_assert_true(g_file_set_contents(path, "Subject: {{#catch_up}}"
	    "{{catch_up}}{{/catch_up}}\n\nbody\n", -1, NULL));
	g_free(path);
	/* Mail about no case has only its caller's variables. */
	edit_file(dir, "calendar_missing.zh.txt", "{{calendar_year}}",
	    "{{case_id}}");
	edit_file(dir, "ack.zh.txt", "{{case_id}}", "{{case_idd}}");
	edit_file(dir, "held_mail.zh.txt", "\n\n", "\n\n{{#sender}}\n");
	g_assert_cmpint(template_check(dir, &err), ==, -1);
	g_assert_nonnull(strstr(err, "digest.zh.txt:1: the subject renders "
	    "empty"));
	g_assert_nonnull(strstr(err, "ack.zh.txt:"));
	g_assert_nonnull(strstr(err, "unknown variable {{case_idd}}"));
	g_assert_nonnull(strstr(err, "held_mail.zh.txt:"));
	g_assert_nonnull(strstr(err, "calendar_missing.zh.txt:"));
	g_assert_nonnull(strstr(err, "variable {{case_id}} not supplied"));
	g_assert_cmpint(count_lines(err), ==, 4);
	free(err);
	err = NULL;

	/* The set loaded before the edits still renders the old text. */
	g_assert_null(template_set_load(dir, &err));
	g_assert_nonnull(strstr(err, "ack.zh.txt:"));
	free(err);
	err = NULL;
	g_assert_cmpint(template_set_render(ts, "ack", "zh", v, 1, &subject,
	    &body, &err), ==, -1);	/* the old ack needs more than case_id */
	g_assert_nonnull(strstr(err, "not supplied"));
	g_assert_null(strstr(err, "case_idd"));
	free(err);
	err = NULL;
	/* Removed from disk: still there. */
	path = g_build_filename(dir, "ack.en.txt", NULL);
	g_assert_cmpint(g_remove(path), ==, 0);
	g_free(path);
	g_assert_cmpint(template_set_render(ts, "nosuch", "zh", v, 1,
	    &subject, &body, &err), ==, -1);
	free(err);
	err = NULL;

	/* Fixed: a new set loads. */
	copy_dir(shipped, dir);
	ts2 = template_set_load(dir, &err);
	g_assert_null(err);
	g_assert_nonnull(ts2);
	template_set_free(ts2);
	template_set_free(ts);
	remove_dir(dir);
	g_free(dir);
}

static void
test_answer_name(void)
{
	char *name, *path;
	size_t i;

	for (i = 0; i < NELEM(answer_types); i++) {
		name = template_answer_name(answer_types[i]);
		g_assert_nonnull(name);
		g_assert_null(strchr(name, ':'));
		g_assert_true(g_str_has_prefix(name, "answer_"));
		path = g_strdup_printf("%s/%s.zh.txt", shipped, name);
		g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
		g_free(path);
		/* The command grammar knows the same TYPEs. */
		g_assert_cmpstr(command_answer_type(answer_types[i]), ==,
		    answer_types[i]);
		free(name);
	}
	name = template_answer_name("withhold:state-secret");
	g_assert_cmpstr(name, ==, "answer_withhold_state-secret");
	free(name);
	g_assert_null(template_answer_name("bogus"));
	g_assert_null(template_answer_name("withhold"));
	g_assert_null(template_answer_name("../ack"));
	g_assert_null(template_answer_name(NULL));
	/* Every answer template is a TYPE. */
	for (i = 0; i < template_nnames(); i++)
		if (template_flags(i) & TEMPLATE_F_ANSWER)
			g_assert_true(g_str_has_prefix(template_name(i),
			    "answer_"));
	g_assert_cmpint(template_name_flags("nope"), ==, -1);
	g_assert_null(template_name(template_nnames()));
}

static void
test_var_table(void)
{
	static const char *const required[] = {
		"office_name", "office_address", "case_id", "applicant_name",
		"applicant_email", "received_date", "receipt_date", "due_date",
		"due_text", "days", "new_due_date", "request_description",
		"answer_text", "answer_type", "answer_label", "legal_basis",
		"remedy", "reason", "comment", "command", "result", "state",
		"step_role", "step_person", "token_code", "reply_address",
		"help_text", "missing_fields", "correction_items",
		"correction_deadline", "third_party_name", "consult_question",
		"consult_deadline", "fee_amount", "fee_basis", "fee_lines",
		"fee_deadline", "payment_method", "extension_reason",
		"head_consent", "division", "handler", "draft_text",
		"review_level", "rejected_by", "attachments", "date",
		"provisional_note",
	};
	size_t i, j;

	for (i = 0; i < NELEM(required); i++)
		if (!template_var_known(required[i]))
			g_error("variable %s is not in the table",
			    required[i]);
	for (i = 0; i < template_nvars(); i++) {
		g_assert_nonnull(template_var_meaning(i));
		g_assert_cmpstr(template_var_meaning(i), !=, "");
		for (j = i + 1; j < template_nvars(); j++)
			g_assert_cmpstr(template_var_name(i), !=,
			    template_var_name(j));
	}
	g_assert_null(template_var_name(template_nvars()));
	g_assert_false(template_var_known("nope"));
	g_assert_false(template_var_known(NULL));
}

static void
test_format_date(void)
{
	char *s;

	s = template_format_date(2026, 9, 28, "zh");
	g_assert_cmpstr(s, ==, "2026年9月28日");
	free(s);
	s = template_format_date(2026, 10, 1, "en");
	g_assert_cmpstr(s, ==, "1 October 2026");
	free(s);
	g_assert_null(template_format_date(2026, 2, 29, "zh"));
	g_assert_null(template_format_date(2026, 13, 1, "zh"));
	g_assert_null(template_format_date(2026, 1, 1, "fr"));
}

static void
test_dir(void)
{
	char *d, *p;

	d = template_dir("/etc/gongkai/templates");
	g_assert_cmpstr(d, ==, "/etc/gongkai/templates");
	free(d);
	d = template_dir(NULL);
	p = g_build_filename(d, "ack.zh.txt", NULL);
	g_assert_true(g_file_test(p, G_FILE_TEST_IS_REGULAR));
	g_assert_null(strstr(d, "/../"));
	g_free(p);
	free(d);
}

/*
 * An override folder first in the search path: its NAME.LANG.txt wins,
 * the rest comes from the shipped folder, and check covers both (a
 * stray file in the override folder is named).
 */
static void
test_override(void)
{
	gchar *dir = g_dir_make_tmp("gk-tpl-XXXXXX", NULL);
	char *list, *p1, *p2, *subject, *body, *err = NULL;
	struct varset vs;

	varset_init(&vs, 1);
	list = g_strdup_printf("%s:%s", dir, shipped);
	p1 = write_tmp(dir, "forgery_alert.zh.txt",
	    "Subject: 本机关自定义 {{case_id}}\n\n自定义正文\n");
	g_assert_cmpint(template_render(list, "forgery_alert", "zh", vs.v,
	    vs.n, &subject, &body, &err), ==, 0);
	g_assert_cmpstr(subject, ==, "本机关自定义 GK-2026-0001");
	g_assert_cmpstr(body, ==, "自定义正文\n");
	free(subject);
	free(body);
	/* Not overridden: the shipped file. */
	g_assert_cmpint(template_render(list, "ack", "en", vs.v, vs.n,
	    &subject, &body, &err), ==, 0);
	g_assert_nonnull(strstr(subject, "Acknowledgment"));
	free(subject);
	free(body);
	g_assert_cmpint(template_check(list, &err), ==, 0);
	g_assert_null(err);

	p2 = write_tmp(dir, "ackk.zh.txt", "Subject: x\n\ny\n");
	g_assert_cmpint(template_check(list, &err), ==, -1);
	g_assert_nonnull(strstr(err, "ackk.zh.txt: no template is called"));
	g_assert_true(g_str_has_prefix(err, dir));
	free(err);
	g_remove(p1);
	g_remove(p2);
	g_rmdir(dir);
	g_free(p1);
	g_free(p2);
	g_free(list);
	g_free(dir);
	varset_free(&vs);
}

int
main(int argc, char **argv)
{
	const char *src;
	int rv;

	g_test_init(&argc, &argv, NULL);
	if ((src = g_getenv("GK_SRCDIR")) == NULL)
		src = GK_SRCDIR;
	shipped = g_build_filename(src, "templates", NULL);

	g_test_add_func("/template/render-all", test_render_all);
	g_test_add_func("/template/render-lang", test_render_lang);
	g_test_add_func("/template/unknown-variable", test_unknown_variable);
	g_test_add_func("/template/missing-variable", test_missing_variable);
	g_test_add_func("/template/sections", test_sections);
	g_test_add_func("/template/subject-one-line", test_subject_one_line);
	g_test_add_func("/template/no-keyword-lines", test_no_keyword_lines);
	g_test_add_func("/template/token-mail", test_token_mail);
	g_test_add_func("/template/remedies", test_remedies);
	g_test_add_func("/template/no-outdated", test_no_outdated);
	g_test_add_func("/template/documents", test_documents);
	g_test_add_func("/template/check", test_check);
	g_test_add_func("/template/check-render", test_check_render);
	g_test_add_func("/template/answer-name", test_answer_name);
	g_test_add_func("/template/var-table", test_var_table);
	g_test_add_func("/template/format-date", test_format_date);
	g_test_add_func("/template/dir", test_dir);
	g_test_add_func("/template/override", test_override);
	rv = g_test_run();
	g_free(shipped);
	return rv;
}
