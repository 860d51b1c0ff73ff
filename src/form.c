/*
 * form.c - a handler's submission for publication (form.h): the tag of
 * the subject, then one walk over the body's lines with the label syntax
 * of fields.c, every fault collected for one reply.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fields.h"
#include "form.h"

enum form_field {
	F_DATE,
	F_DIVISION,
	F_CONTACT,
	F_TITLE,
	F_COLUMN,
	F_MAJOR,
	F_FORMED,
	F_CATEGORY,
	F_CONTENT,
	F_COUNT
};

/* The name a reply gives each field, in the order faults are listed. */
static const char *const field_names[F_COUNT] = {
	"日期", "处室", "联系人", "标题", "拟发布栏目", "重大事项",
	"信息形成日期", "类别", "主要内容"
};

/* Labels as fields_split_label() normalises them. */
static const struct {
	const char		*label;
	enum form_field		 field;
} labels[] = {
	{ "日期",		F_DATE },
	{ "填表日期",		F_DATE },
	{ "处室",		F_DIVISION },
	{ "责任处室",		F_DIVISION },
	{ "联系人",		F_CONTACT },
	{ "标题",		F_TITLE },
	{ "拟发布栏目",		F_COLUMN },
	{ "发布栏目",		F_COLUMN },
	{ "栏目",		F_COLUMN },
	{ "重大事项",		F_MAJOR },
	{ "是否重大事项",	F_MAJOR },
	{ "信息形成日期",	F_FORMED },
	{ "形成日期",		F_FORMED },
	{ "信息形成或变更日期",	F_FORMED },
	{ "类别",		F_CATEGORY },
	{ "信息类别",		F_CATEGORY },
	{ "主要内容",		F_CONTENT },
};

static const struct {
	const char	*tag;
	enum form_kind	 kind;
} tags[] = {
	{ "主动公开",	FORM_PROACTIVE },
	{ "动态",	FORM_NEWS },
	{ "内网转外网",	FORM_INTRANET },
	{ "业务",	FORM_BUSINESS },
};

enum form_kind
form_kind_of_subject(const char *subject, const char **rest)
{
	const char *p = subject, *close;
	size_t i, n;

	if (p == NULL)
		return FORM_NONE;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '[') {
		p++;
		close = "]";
	} else if (strncmp(p, "【", strlen("【")) == 0) {
		p += strlen("【");
		close = "】";
	} else
		return FORM_NONE;
	for (i = 0; i < G_N_ELEMENTS(tags); i++) {
		n = strlen(tags[i].tag);
		if (strncmp(p, tags[i].tag, n) == 0 &&
		    strncmp(p + n, close, strlen(close)) == 0) {
			if (rest != NULL) {
				p += n + strlen(close);
				while (*p == ' ' || *p == '\t')
					p++;
				*rest = p;
			}
			return tags[i].kind;
		}
	}
	return FORM_NONE;
}

const char *
form_kind_word(enum form_kind kind)
{
	switch (kind) {
	case FORM_PROACTIVE:
		return "proactive";
	case FORM_NEWS:
	case FORM_INTRANET:
		return "news";
	case FORM_BUSINESS:
		return "business";
	default:
		return NULL;
	}
}

static int
field_of(const char *norm, enum form_field *field)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(labels); i++)
		if (strcmp(labels[i].label, norm) == 0) {
			*field = labels[i].field;
			return 1;
		}
	return 0;
}

/* "2026年12月2日", "2026-12-02", "2026/12/2", "2026.12.2": 0 for a
 * real day. */
static int
parse_date(const char *s, struct form_date *d)
{
	const char *p = s;
	char *end;
	long v[3];
	int i;

	for (i = 0; i < 3; i++) {
		while (*p == ' ')
			p++;
		if (!g_ascii_isdigit(*p))
			return -1;
		v[i] = strtol(p, &end, 10);
		p = end;
		while (*p == ' ')
			p++;
		if (i == 0 && (strncmp(p, "年", 3) == 0))
			p += 3;
		else if (i == 1 && (strncmp(p, "月", 3) == 0))
			p += 3;
		else if (i == 2 && (strncmp(p, "日", 3) == 0 ||
		    strncmp(p, "号", 3) == 0))
			p += 3;
		else if (i < 2 && (*p == '-' || *p == '/' || *p == '.'))
			p++;
		else if (i < 2)
			return -1;
	}
	while (*p == ' ')
		p++;
	if (*p != '\0' || v[0] < 1900 || v[0] > 9999 || v[1] < 1 ||
	    v[1] > 12 || v[2] < 1 || v[2] > 31 ||
	    !g_date_valid_dmy((GDateDay)v[2], (GDateMonth)v[1],
	    (GDateYear)v[0]))
		return -1;
	d->y = (int)v[0];
	d->m = (int)v[1];
	d->d = (int)v[2];
	return 0;
}

/* At most 30 characters of what the handler wrote, to quote it back. */
static char *
excerpt(const char *s)
{
	const char *end = s;
	int n;

	for (n = 0; *end != '\0' && n < 30; n++)
		end = g_utf8_next_char(end);
	return g_strdup_printf("%.*s%s", (int)(end - s), s,
	    *end != '\0' ? "…" : "");
}

static void
problem(GString *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
problem(GString *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_string_append_vprintf(p, fmt, ap);
	va_end(ap);
	g_string_append_c(p, '\n');
}

/* Stores one field's value (cleaned); a fault goes to p. */
static void
store(struct form *f, enum form_field field, const char *raw, GString *p,
    int *given)
{
	int truncated = 0;
	size_t max = field == F_TITLE ? FORM_TITLE_MAX : FORM_VALUE_MAX;
	char *v = fields_clean_value(raw, strlen(raw), 0, max, &truncated);
	char *ex;

	if (v == NULL)
		return;			/* empty: reported as missing */
	given[field] = 1;
	if (truncated)
		problem(p, "“%s”超过%zu个字", field_names[field], max);
	switch (field) {
	case F_DATE:
	case F_FORMED:
		if (parse_date(v, field == F_DATE ? &f->date :
		    &f->formed) == -1) {
			ex = excerpt(v);
			problem(p, "“%s”不是有效的日期：%s（应如 2026年12月2日）",
			    field_names[field], ex);
			g_free(ex);
			given[field] = -1;
		}
		g_free(v);
		return;
	case F_MAJOR:
		if (strcmp(v, "是") == 0 || g_ascii_strcasecmp(v, "yes") == 0)
			f->major = 1;
		else if (strcmp(v, "否") == 0 ||
		    g_ascii_strcasecmp(v, "no") == 0)
			f->major = 0;
		else {
			ex = excerpt(v);
			problem(p, "“重大事项”应填“是”或“否”，不是：%s", ex);
			g_free(ex);
			given[field] = -1;
		}
		g_free(v);
		return;
	case F_DIVISION:
		f->division = v;
		return;
	case F_CONTACT:
		f->contact = v;
		return;
	case F_TITLE:
		f->title = v;
		return;
	case F_COLUMN:
		f->column = v;
		return;
	case F_CATEGORY:
		f->category = v;
		if (strcmp(v, "规章") == 0)
			f->category_kind = FORM_CAT_RULE;
		else if (strcmp(v, "行政规范性文件") == 0 ||
		    strcmp(v, "规范性文件") == 0)
			f->category_kind = FORM_CAT_NORMATIVE;
		return;
	default:
		g_free(v);
		return;
	}
}

int
form_parse(enum form_kind kind, const char *text, struct form *f,
    char **problems)
{
	char **lines, *norm, *ex, *valid, *with_colon;
	const char *v;
	GString *p = g_string_new(NULL), *content = NULL;
	enum form_field field;
	int given[F_COUNT] = { 0 }, truncated = 0;
	size_t i;

	memset(f, 0, sizeof(*f));
	f->kind = kind;
	valid = g_utf8_make_valid(text != NULL ? text : "", -1);
	lines = g_strsplit(valid, "\n", -1);
	g_free(valid);
	for (i = 0; lines[i] != NULL; i++) {
		g_strchomp(lines[i]);		/* CR and blanks */
		if (content != NULL) {
			g_string_append_c(content, '\n');
			g_string_append(content, lines[i]);
			continue;
		}
		if ((norm = fields_split_label(lines[i], &v)) == NULL) {
			/* "主要内容" alone on its line, as on the paper form */
			with_colon = g_strconcat(lines[i], "：", NULL);
			norm = fields_split_label(with_colon, &v);
			g_free(with_colon);
			if (norm != NULL && field_of(norm, &field) &&
			    field == F_CONTENT) {
				g_free(norm);
				content = g_string_new(NULL);
				continue;
			}
			g_free(norm);
			if (*g_strstrip(lines[i]) != '\0') {
				ex = excerpt(lines[i]);
				problem(p, "第%zu行不是“栏目：内容”的格式：%s",
				    i + 1, ex);
				g_free(ex);
			}
			continue;
		}
		if (!field_of(norm, &field)) {
			ex = excerpt(norm);
			problem(p, "第%zu行：审核表没有“%s”一栏", i + 1, ex);
			g_free(ex);
		} else if (field == F_CONTENT)
			content = g_string_new(v);
		else if (given[field] != 0)
			problem(p, "“%s”填了两次", field_names[field]);
		else if ((field != F_FORMED && field != F_CATEGORY) ||
		    kind == FORM_PROACTIVE)
			store(f, field, v, p, given);
		g_free(norm);
	}
	g_strfreev(lines);
	if (content != NULL) {
		f->content = fields_clean_value(content->str, content->len, 1,
		    FORM_CONTENT_MAX, &truncated);
		g_string_free(content, TRUE);
		if (truncated)
			problem(p, "“主要内容”超过%d个字", FORM_CONTENT_MAX);
		if (f->content != NULL)
			given[F_CONTENT] = 1;
	}
	for (i = 0; i < F_COUNT; i++) {
		if (given[i] != 0)
			continue;
		if ((i == F_FORMED || i == F_CATEGORY) &&
		    kind != FORM_PROACTIVE)
			continue;
		problem(p, "缺少“%s”", field_names[i]);
	}
	if (p->len == 0) {
		g_string_free(p, TRUE);
		*problems = NULL;
		return 0;
	}
	*problems = g_string_free(p, FALSE);
	return -1;
}

void
form_clear(struct form *f)
{
	g_free(f->division);
	g_free(f->contact);
	g_free(f->title);
	g_free(f->column);
	g_free(f->category);
	g_free(f->content);
	memset(f, 0, sizeof(*f));
}
