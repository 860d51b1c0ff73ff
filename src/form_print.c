/*
 * form_print.c - the completed 互联网信息发布内容审核表 (form.h): the
 * fields of the regulation's 附件 1 in its order, then one row for each
 * review, as HTML to print and as text.
 */
#include <string.h>

#include <glib.h>

#include "form.h"
#include "markup.h"

#define FORM_TITLE	"互联网信息发布内容审核表"

struct row {
	const char	*label;
	char		*value;		/* owned */
};

static const char *
kind_label(enum form_kind kind)
{
	switch (kind) {
	case FORM_PROACTIVE:
		return "主动公开";
	case FORM_NEWS:
		return "动态信息";
	case FORM_INTRANET:
		return "内网转外网动态信息";
	case FORM_BUSINESS:
		return "业务相关信息";
	default:
		return "";
	}
}

static char *
date_words(const struct form_date *d)
{
	return d->y != 0 ? g_strdup_printf("%d年%d月%d日", d->y, d->m, d->d) :
	    g_strdup("");
}

static char *
or_empty(const char *s)
{
	return g_strdup(s != NULL ? s : "");
}

/* The fields in the form's order; the caller frees the values. */
static size_t
form_rows(const struct form *f, struct row *r)
{
	size_t n = 0;

	r[n].label = "类型";
	r[n++].value = or_empty(kind_label(f->kind));
	r[n].label = "日期";
	r[n++].value = date_words(&f->date);
	r[n].label = "处室";
	r[n++].value = or_empty(f->division);
	r[n].label = "联系人";
	r[n++].value = or_empty(f->contact);
	r[n].label = "标题";
	r[n++].value = or_empty(f->title);
	r[n].label = "拟发布栏目";
	r[n++].value = or_empty(f->column);
	r[n].label = "重大事项";
	r[n++].value = or_empty(f->major ? "是" : "否");
	if (f->kind == FORM_PROACTIVE) {
		r[n].label = "信息形成日期";
		r[n++].value = date_words(&f->formed);
		r[n].label = "类别";
		r[n++].value = or_empty(f->category);
	}
	r[n].label = "主要内容";
	r[n++].value = or_empty(f->content);
	return n;
}

/* A value's lines as paragraphs. */
static void
esc_lines(GString *out, const char *text)
{
	char **lines = g_strsplit(text != NULL ? text : "", "\n", -1);
	size_t i;

	for (i = 0; lines[i] != NULL; i++) {
		if (*g_strstrip(lines[i]) == '\0')
			continue;
		g_string_append(out, "<p>");
		markup_append(out, lines[i]);
		g_string_append(out, "</p>");
	}
	g_strfreev(lines);
}

char *
form_html(const char *office, const struct form *f,
    const struct form_review *reviews, size_t n)
{
	GString *h = g_string_new(NULL);
	struct row r[12];
	size_t i, nr = form_rows(f, r);

	g_string_append(h, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>" FORM_TITLE "</title>\n"
	    "<style>\n@page { size: A4; margin: 25mm 20mm; }\n"
	    "body { font-family: serif; font-size: 12pt; }\n"
	    "h1 { text-align: center; font-size: 18pt; }\n"
	    "table { width: 100%; border-collapse: collapse; }\n"
	    "th, td { border: 1px solid #000; padding: 4pt 6pt; "
	    "vertical-align: top; text-align: left; }\n"
	    "th { width: 7em; font-weight: normal; }\n"
	    "td.content { height: 12em; }\n</style>\n</head>\n<body>\n"
	    "<p class=\"office\">");
	markup_append(h, office);
	g_string_append(h, "</p>\n<h1>" FORM_TITLE "</h1>\n<table>\n");
	for (i = 0; i < nr; i++) {
		g_string_append(h, "<tr><th>");
		markup_append(h, r[i].label);
		g_string_append_printf(h, "</th><td%s>",
		    strcmp(r[i].label, "主要内容") == 0 ?
		    " class=\"content\"" : "");
		esc_lines(h, r[i].value);
		g_string_append(h, "</td></tr>\n");
		g_free(r[i].value);
	}
	g_string_append(h, "</table>\n<h2>审核意见</h2>\n<table class=\"reviews\">\n"
	    "<tr><th>审核</th><th>审核人</th><th>意见</th><th>说明</th>"
	    "<th>日期</th></tr>\n");
	for (i = 0; i < n; i++) {
		g_string_append(h, "<tr><td>");
		markup_append(h, reviews[i].level);
		g_string_append(h, "</td><td>");
		markup_append(h, reviews[i].name);
		if (reviews[i].title != NULL && *reviews[i].title != '\0') {
			g_string_append(h, "（");
			markup_append(h, reviews[i].title);
			g_string_append(h, "）");
		}
		g_string_append(h, "</td><td>");
		markup_append(h, reviews[i].decision);
		g_string_append(h, "</td><td>");
		esc_lines(h, reviews[i].comment);
		g_string_append(h, "</td><td>");
		markup_append(h, reviews[i].date);
		g_string_append(h, "</td></tr>\n");
	}
	g_string_append(h, "</table>\n</body>\n</html>\n");
	return g_string_free(h, FALSE);
}

char *
form_text(const char *office, const struct form *f,
    const struct form_review *reviews, size_t n)
{
	GString *t = g_string_new(NULL);
	struct row r[12];
	size_t i, nr = form_rows(f, r);

	g_string_append_printf(t, "%s\n%s\n\n", office != NULL ? office : "",
	    FORM_TITLE);
	for (i = 0; i < nr; i++) {
		if (strcmp(r[i].label, "主要内容") == 0)
			g_string_append_printf(t, "%s：\n%s\n", r[i].label,
			    r[i].value);
		else
			g_string_append_printf(t, "%s：%s\n", r[i].label,
			    r[i].value);
		g_free(r[i].value);
	}
	g_string_append(t, "\n审核意见：\n");
	for (i = 0; i < n; i++) {
		g_string_append_printf(t, "%s：%s", reviews[i].level,
		    reviews[i].name != NULL ? reviews[i].name : "");
		if (reviews[i].title != NULL && *reviews[i].title != '\0')
			g_string_append_printf(t, "（%s）", reviews[i].title);
		g_string_append_printf(t, " %s %s",
		    reviews[i].decision != NULL ? reviews[i].decision : "",
		    reviews[i].date != NULL ? reviews[i].date : "");
		if (reviews[i].comment != NULL && *reviews[i].comment != '\0')
			g_string_append_printf(t, "：%s", reviews[i].comment);
		g_string_append_c(t, '\n');
	}
	return g_string_free(t, FALSE);
}
