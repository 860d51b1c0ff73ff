/* test_document.c - the document inside a mail's text: its parts found
 * (heading with and without a number, the reply lines outside it, the
 * office named in the body), each missing part named, and every shipped
 * document template, rendered, holding one whose parts are exactly the
 * mail's lines. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "docnum.h"
#include "document.h"
#include "template.h"

#define OFFICE	"上海市人民政府外事办公室"

static void
test_parts(void)
{
	struct document d;
	char *err = NULL;

	g_assert_cmpint(document_parse(
	    OFFICE "\n"
	    "沪外办信公〔2026〕12号\n"
	    "政府信息公开申请答复书\n"
	    "\n"
	    "张三：\n"
	    "\n"
	    "本机关于2026年11月13日收到您的申请。\n"
	    "\n"
	    "经审查，" OFFICE "决定予以公开。\n"
	    "\n"
	    OFFICE "\n"
	    "2026年12月2日\n", OFFICE, &d, &err), ==, 0);
	g_assert_null(err);
	g_assert_cmpstr(d.office, ==, OFFICE);
	g_assert_cmpstr(d.title, ==, "政府信息公开申请答复书");
	g_assert_cmpstr(d.number, ==, "沪外办信公〔2026〕12号");
	g_assert_cmpstr(d.addressee, ==, "张三：");
	g_assert_cmpstr(d.body, ==, "本机关于2026年11月13日收到您的申请。\n"
	    "经审查，" OFFICE "决定予以公开。");
	g_assert_cmpstr(d.date, ==, "2026年12月2日");
	document_clear(&d);
	g_assert_null(d.title);
}

/* The reply marker above and the reply address and code below are the
 * mail's, not the document's; no number, and the body may hold a line
 * that is only the office's name. */
static void
test_letter(void)
{
	struct document d;
	char *err = NULL;

	g_assert_cmpint(document_parse(
	    "—— 请在此线以上回复 / Reply above this line ——\n"
	    "\n"
	    OFFICE "\n"
	    "征求第三方意见书\n"
	    "\n"
	    "某公司：\n"
	    "联系人：\n"
	    OFFICE "\n"
	    "\n"
	    OFFICE "\n"
	    "2026年12月2日\n"
	    "\n"
	    "回复码：ABCD-EFGH\n", OFFICE, &d, &err), ==, 0);
	g_assert_null(d.number);
	g_assert_cmpstr(d.title, ==, "征求第三方意见书");
	g_assert_cmpstr(d.addressee, ==, "某公司：");
	g_assert_cmpstr(d.body, ==, "联系人：\n" OFFICE);
	g_assert_cmpstr(d.date, ==, "2026年12月2日");
	document_clear(&d);
}

static void
test_missing(void)
{
	static const struct {
		const char	*text;
		const char	*why;
	} bad[] = {
		{ "张三：\n正文。\n", "no line names the office" },
		{ OFFICE "\n标题\n\n张三：\n正文。\n",
		    "no signature" },
		{ OFFICE "\n标题\n\n张三：\n正文。\n" OFFICE "\n",
		    "no date under the signature" },
		{ OFFICE "\n" OFFICE "\n2026年12月2日\n", "no title" },
		{ OFFICE "\n标题\n文号\n\n" OFFICE "\n2026年12月2日\n",
		    "no addressee" },
		{ OFFICE "\n标题\n文号\n又一行\n\n张三：\n正文。\n" OFFICE
		    "\n2026年12月2日\n", "more than a number and a title" },
	};
	struct document d;
	char *err;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		err = NULL;
		g_assert_cmpint(document_parse(bad[i].text, OFFICE, &d, &err),
		    ==, -1);
		g_assert_nonnull(strstr(err, bad[i].why));
		g_assert_null(d.body);
		g_free(err);
	}
	err = NULL;
	g_assert_cmpint(document_parse("x", "", &d, &err), ==, -1);
	g_free(err);
}

/* Squeezed: without blanks, so that a line's end does not count. */
static char *
squeeze(const char *s)
{
	GString *g = g_string_new(NULL);

	for (; *s != '\0'; s++)
		if (!g_ascii_isspace(*s))
			g_string_append_c(g, *s);
	return g_string_free(g, FALSE);
}

/* Every shipped document template, in each of its languages, rendered
 * with a value for every variable: a document, and the document is the
 * mail from the first office line to the date, word for word. */
static void
test_shipped(void)
{
	struct template_var vars[256];
	struct document d;
	const char *src = getenv("GK_SRCDIR");
	char *dir, *subject, *body, *err = NULL, *from, *to, *mail, *doc;
	char *squeezed_mail, *squeezed_doc;
	const char *langs[] = { "zh", "en" };
	size_t i, k, n = 0, docs = 0;

	g_assert_nonnull(src);
	dir = g_build_filename(src, "templates", NULL);
	g_assert_cmpuint(template_nvars(), <=, G_N_ELEMENTS(vars));
	for (i = 0; i < template_nvars(); i++) {
		vars[n].name = template_var_name(i);
		vars[n++].value = strcmp(template_var_name(i),
		    "office_name") == 0 ? OFFICE : template_var_name(i);
	}
	for (i = 0; i < template_nnames(); i++) {
		if (!(template_flags(i) & TEMPLATE_F_DOCUMENT))
			continue;
		for (k = 0; k < 2; k++) {
			if (k == 1 && !(template_flags(i) & TEMPLATE_F_EN))
				continue;
			g_assert_cmpint(template_render(dir, template_name(i),
			    langs[k], vars, n, &subject, &body, &err), ==, 0);
			if (document_parse(body, OFFICE, &d, &err) == -1)
				g_error("%s.%s: %s", template_name(i),
				    langs[k], err);
			/* from the first office line to the end of the
			 * date line under the last */
			from = strstr(body, OFFICE);
			to = g_strrstr(body, "\n" OFFICE "\n");
			g_assert_nonnull(from);
			g_assert_nonnull(to);
			to = strchr(to + strlen(OFFICE) + 2, '\n');
			mail = g_strndup(from, to != NULL ? (gsize)(to - from) :
			    strlen(from));
			doc = g_strjoin("", d.office, d.number != NULL ?
			    d.number : "", d.title, d.addressee, d.body,
			    d.office, d.date, NULL);
			squeezed_mail = squeeze(mail);
			squeezed_doc = squeeze(doc);
			g_assert_cmpstr(squeezed_doc, ==, squeezed_mail);
			g_free(squeezed_mail);
			g_free(squeezed_doc);
			g_free(mail);
			g_free(doc);
			document_clear(&d);
			free(subject);
			free(body);
			docs++;
		}
	}
	/* 22 answers in two languages and the notices */
	g_assert_cmpuint(docs, >=, 50);
	g_free(dir);
}

/* `gongkai check` refuses a document template that holds no document
 * (here: the signature and date dropped from a correction notice). */
static void
test_check(void)
{
	static const char good[] = "Subject: [{{case_id}}] 补正申请告知书\n\n"
	    "{{office_name}}\n补正申请告知书\n\n{{applicant_name}}：\n\n"
	    "正文。\n\n{{office_name}}\n{{date}}\n";
	static const char bad[] = "Subject: [{{case_id}}] 补正申请告知书\n\n"
	    "{{office_name}}\n补正申请告知书\n\n{{applicant_name}}：\n\n"
	    "正文。\n";
	char *err = NULL;

	g_assert_cmpint(template_check_text("correction_notice.zh.txt",
	    "correction_notice", "zh", good, strlen(good), &err), ==, 0);
	g_assert_cmpint(template_check_text("correction_notice.zh.txt",
	    "correction_notice", "zh", bad, strlen(bad), &err), ==, -1);
	g_assert_nonnull(strstr(err, "correction_notice.zh.txt: not a "
	    "document: no signature"));
	free(err);
	/* the same text is fine where no document is due */
	err = NULL;
	g_assert_cmpint(template_check_text("help.zh.txt", "help", "zh", bad,
	    strlen(bad), &err), ==, 0);
}

/* The span of the document in its mail, and the document written out
 * again parses to the same parts. */
static void
test_span(void)
{
	const char *text =
	    "—— 请在此线以上回复 / Reply above this line ——\n"
	    "\n"
	    OFFICE "\n"
	    "沪外办信公〔2026〕3号\n"
	    "补正申请告知书\n"
	    "\n"
	    "张三：\n"
	    "\n"
	    "请补正。\n"
	    "\n"
	    "第二段。\n"
	    "\n"
	    OFFICE "\n"
	    "2026年12月3日  \n"
	    "\n"
	    "回复码：abc\n";
	struct document d, e;
	char *err = NULL, *again;

	g_assert_cmpint(document_parse(text, OFFICE, &d, &err), ==, 0);
	g_assert_true(g_str_has_prefix(text + d.start, OFFICE "\n沪外办"));
	g_assert_cmpint(d.end - d.start, ==, strlen(OFFICE "\n"
	    "沪外办信公〔2026〕3号\n补正申请告知书\n\n张三：\n\n请补正。\n\n第二段。\n\n"
	    OFFICE "\n2026年12月3日"));
	again = document_text(&d);
	g_assert_cmpint(document_parse(again, OFFICE, &e, &err), ==, 0);
	g_assert_cmpstr(e.number, ==, d.number);
	g_assert_cmpstr(e.body, ==, "请补正。\n第二段。");
	g_assert_cmpstr(e.date, ==, "2026年12月3日");
	g_assert_cmpint(e.start, ==, 0);
	g_assert_cmpint(e.end, ==, strlen(again) - 1);
	document_clear(&d);
	document_clear(&e);
	g_free(again);
}

/* Numbers: the formats, the series, the kinds of the templates. */
static void
test_numbers(void)
{
	char *own[DOCNUM_NKINDS] = { NULL };
	const char *fmt, *why;
	char *n;

	n = docnum_format("沪外办信公〔{year}〕{n}号", 2026, 12);
	g_assert_cmpstr(n, ==, "沪外办信公〔2026〕12号");
	free(n);
	n = docnum_format("{n}/{year}{x", 2027, 1);
	g_assert_cmpstr(n, ==, "1/2027{x");
	free(n);
	g_assert_cmpint(docnum_format_check("〔{year}〕{n}号", &why), ==, 0);
	g_assert_cmpint(docnum_format_check("〔{year}〕号", &why), ==, -1);
	g_assert_nonnull(strstr(why, "no {n}"));
	g_assert_cmpint(docnum_format_check("{n}{n}", &why), ==, -1);
	g_assert_cmpint(docnum_format_check("{year}{year}{n}", &why), ==, -1);
	g_assert_cmpint(docnum_format_check("{n}{month}", &why), ==, -1);
	g_assert_nonnull(strstr(why, "only {year} and {n}"));

	g_assert_cmpstr(docnum_series(DOCNUM_FEE, own, "O{n}", &fmt), ==,
	    "office");
	g_assert_cmpstr(fmt, ==, "O{n}");
	own[DOCNUM_FEE] = (char *)"F{n}";
	g_assert_cmpstr(docnum_series(DOCNUM_FEE, own, "O{n}", &fmt), ==,
	    "fee");
	g_assert_cmpstr(fmt, ==, "F{n}");
	g_assert_cmpstr(docnum_series(DOCNUM_ANSWER, own, "O{n}", &fmt), ==,
	    "office");

	g_assert_cmpint(docnum_kind_of("answer_withhold_state-secret"), ==,
	    DOCNUM_ANSWER);
	g_assert_cmpint(docnum_kind_of("items_answer"), ==, DOCNUM_ANSWER);
	g_assert_cmpint(docnum_kind_of("fee_unpaid_notice"), ==,
	    DOCNUM_ANSWER);
	g_assert_cmpint(docnum_kind_of("correction_notice"), ==,
	    DOCNUM_CORRECTION);
	g_assert_cmpint(docnum_kind_of("agency_letter"), ==,
	    DOCNUM_CONSULTATION);
	g_assert_cmpint(docnum_kind_of("ack"), ==, -1);
	g_assert_cmpstr(docnum_kind_name(DOCNUM_WITHDRAWAL), ==, "withdrawal");
}

/* Every document template is a numbered kind, and every numbered kind's
 * templates are documents. */
static void
test_numbered(void)
{
	size_t i;

	for (i = 0; i < template_nnames(); i++) {
		int doc = (template_flags(i) & TEMPLATE_F_DOCUMENT) != 0;

		if (doc != (docnum_kind_of(template_name(i)) >= 0))
			g_error("%s: document %d, numbered kind %d",
			    template_name(i), doc,
			    docnum_kind_of(template_name(i)));
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/document/parts", test_parts);
	g_test_add_func("/document/letter", test_letter);
	g_test_add_func("/document/missing", test_missing);
	g_test_add_func("/document/shipped", test_shipped);
	g_test_add_func("/document/check", test_check);
	g_test_add_func("/document/span", test_span);
	g_test_add_func("/document/numbers", test_numbers);
	g_test_add_func("/document/numbered", test_numbered);
	return g_test_run();
}
