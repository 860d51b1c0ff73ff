/*
 * report_text.c - the annual report (report.h) as text for a terminal or
 * a printer, as CSV (one table at a time) and as JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "appeal.h"
#include "clock.h"
#include "fields.h"
#include "report.h"
#include "report_p.h"
#include "request.h"
#include "xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* -------------------------------------------------------------- text */

/* Columns a terminal gives s: 2 for East Asian wide characters. */
static int
text_width(const char *s)
{
	int w = 0;

	for (; *s; s = g_utf8_next_char(s))
		w += g_unichar_iswide(g_utf8_get_char(s)) ? 2 : 1;
	return w;
}

static void
pad(FILE *f, int n)
{
	while (n-- > 0)
		fputc(' ', f);
}

/* s in `width` columns, right-aligned when `right`. */
static void
put_cell(FILE *f, const char *s, int width, int right)
{
	int w = text_width(s);

	if (right)
		pad(f, width - w);
	fputs(s, f);
	if (!right)
		pad(f, width - w);
}

#define TEXT_LABEL_W	46	/* columns for a row label */

/*
 * Prints a row label in TEXT_LABEL_W columns after `indent`, wrapping at
 * character boundaries; continuation lines are indented two more.  The
 * numbers go on the first line, written by the caller after this, which
 * returns the lines still to print (NULL-terminated, caller frees).
 */
static char **
wrap_label(const char *s, int first_w, int next_w)
{
	GPtrArray *lines = g_ptr_array_new();
	const char *p = s, *start = s;
	int w = 0, limit = first_w;
	char **v;
	size_t i;

	while (*p) {
		int cw = g_unichar_iswide(g_utf8_get_char(p)) ? 2 : 1;

		if (w + cw > limit) {
			g_ptr_array_add(lines, g_strndup(start,
			    (gsize)(p - start)));
			start = p;
			w = 0;
			limit = next_w;
		}
		w += cw;
		p = g_utf8_next_char(p);
	}
	g_ptr_array_add(lines, g_strdup(start));
	v = xcalloc(lines->len + 1, sizeof(*v));
	for (i = 0; i < lines->len; i++) {
		v[i] = xstrdup(g_ptr_array_index(lines, i));
		g_free(g_ptr_array_index(lines, i));
	}
	g_ptr_array_free(lines, TRUE);
	return v;
}

static void
free_lines(char **v)
{
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static void
text_row(FILE *f, const struct report *r, const int *cw, int indent,
    const char *label, int row)
{
	char **lines = wrap_label(label, TEXT_LABEL_W - indent,
	    TEXT_LABEL_W - indent - 2);
	size_t i;
	int col;

	for (i = 0; lines[i] != NULL; i++) {
		pad(f, indent + (i > 0 ? 2 : 0));
		if (i > 0 || row < 0) {
			fputs(lines[i], f);
			fputc('\n', f);
			continue;
		}
		put_cell(f, lines[i], TEXT_LABEL_W - indent, 0);
		for (col = 0; col < REPORT_NCOLS; col++) {
			char num[32];

			snprintf(num, sizeof(num), "%lld", r->cell[row][col]);
			fputs("  ", f);
			put_cell(f, num, cw[col], 1);
		}
		fputc('\n', f);
	}
	free_lines(lines);
}

static void
text_table(FILE *f, const struct report *r)
{
	int cw[REPORT_NCOLS], row, col, orgw = 0;
	const char *group = NULL;

	for (col = 0; col < REPORT_NCOLS; col++) {
		cw[col] = text_width(report_col_label(col));
		for (row = 0; row < REPORT_NROWS; row++) {
			char num[32];
			int w = snprintf(num, sizeof(num), "%lld",
			    r->cell[row][col]);

			if (w > cw[col])
				cw[col] = w;
		}
	}
	for (col = 1; col < FIELDS_NTYPES; col++)
		orgw += cw[col] + 2;
	orgw -= 2;

	fprintf(f, "三、收到和处理政府信息公开申请情况\n\n");
	/* Header: 法人或其他组织 spans the five organisation columns. */
	{
		const char *org = " 法人或其他组织 ";
		int ow = text_width(org), left = (orgw - ow) / 2, i;

		pad(f, TEXT_LABEL_W + 2 + cw[0] + 2);
		for (i = 0; i < left; i++)
			fputc('-', f);
		fputs(org, f);
		for (i = left + ow; i < orgw; i++)
			fputc('-', f);
		fputc('\n', f);
	}
	put_cell(f, "申请人情况", TEXT_LABEL_W, 0);
	for (col = 0; col < REPORT_NCOLS; col++) {
		fputs("  ", f);
		put_cell(f, report_col_label(col), cw[col], 1);
	}
	fputc('\n', f);
	for (col = 0, row = TEXT_LABEL_W; col < REPORT_NCOLS; col++)
		row += 2 + cw[col];
	for (col = 0; col < row; col++)
		fputc('-', f);
	fputc('\n', f);

	for (row = 0; row < REPORT_NROWS; row++) {
		const struct report_row *rr = &report_rows[row];

		if (rr->group == NULL) {
			text_row(f, r, cw, 0, rr->head, row);
			continue;
		}
		if (row == REPORT_ROW_FIRST_OUTCOME)
			text_row(f, r, cw, 0, rr->head, -1);
		if (rr->item == NULL) {
			text_row(f, r, cw, 2, rr->group, row);
			group = NULL;
			continue;
		}
		if (group == NULL || strcmp(group, rr->group) != 0) {
			text_row(f, r, cw, 2, rr->group, -1);
			group = rr->group;
		}
		text_row(f, r, cw, 6, rr->item, row);
	}
	fprintf(f, "\n%s\n", REPORT_CORNER_NOTE);
	fprintf(f, "核对：一 + 二 = 三（七）+ 四，七列均成立；三（七）等于"
	    "（一）至（六）之和；总计等于六类申请人之和。\n");
}

/* Table 四: one line per part, the five columns. */
static void
text_table4(FILE *f, const struct report *r)
{
	int p, c;

	fprintf(f, "\n四、政府信息公开行政复议、行政诉讼情况\n\n");
	fputs("  ", f);
	put_cell(f, "", 30, 0);
	for (c = 0; c < APPEAL_NCOLS; c++) {
		fputs(" ", f);
		put_cell(f, appeal_col_labels[c], 8, 1);
	}
	fputc('\n', f);
	for (p = 0; p < APPEAL_NPARTS; p++) {
		fputs("  ", f);
		put_cell(f, appeal_part_labels[p], 30, 0);
		for (c = 0; c < APPEAL_NCOLS; c++)
			fprintf(f, " %8lld", r->appeal[p][c]);
		fputc('\n', f);
	}
}

/* The notes: late correction notices allowed in the year. */
/* Table 二 as the national template lays it out: (一) with three
 * columns, then (五), (六) and (八), one figure a row, with who entered
 * each figure and when. */
static void
text_table2(FILE *f, const struct report *r)
{
	const char *item = NULL;
	char *at;
	int i, c;

	fputs("  第二十条第（一）项\n  ", f);
	put_cell(f, "信息内容", 18, 0);
	for (c = 0; c < REPORT_NRULECOLS; c++) {
		fputs(" ", f);
		put_cell(f, report_rule_col_labels[c], 14, 1);
	}
	fputc('\n', f);
	for (i = 0; i < REPORT_NRULES; i++) {
		fputs("  ", f);
		put_cell(f, report_rule_labels[i], 18, 0);
		for (c = 0; c < REPORT_NRULECOLS; c++)
			fprintf(f, " %14lld", r->rules[i][c]);
		fputc('\n', f);
	}
	for (i = 0; i < REPORT_NFIGURES; i++) {
		const struct report_figure_def *d = &report_figure_defs[i];
		const struct report_figure_value *v = &r->figures[i];

		if (item == NULL || strcmp(item, d->item) != 0) {
			item = d->item;
			fprintf(f, "\n  第二十条第%s项\n  ", item);
			put_cell(f, "信息内容", 18, 0);
			fprintf(f, " %s\n", d->column);
		}
		fputs("  ", f);
		put_cell(f, d->content, 18, 0);
		if (v->value == NULL) {
			fputs(" 未录入\n", f);
			continue;
		}
		at = clock_iso8601(v->at, r->timezone);
		fprintf(f, " %s（%s 于 %.10s 录入）\n", v->value, v->who, at);
		free(at);
	}
}

/* Section i from its template: the heading, then the text indented. */
static void
text_section(FILE *f, const struct report *r, enum report_section i)
{
	const struct report_text *t = &r->sections[i];
	const char *p, *eol;

	if (t->title == NULL)
		return;
	fprintf(f, "%s\n\n", t->title);
	for (p = t->body; *p != '\0'; p = *eol ? eol + 1 : eol) {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		if (eol > p)
			fprintf(f, "  %.*s", (int)(eol - p), p);
		fputc('\n', f);
	}
	fputc('\n', f);
}

static void
text_notes(FILE *f, const struct report *r)
{
	size_t i;

	if (r->nnotes == 0)
		return;
	fprintf(f, "\n  注：本年秘书处准许逾期发出补正告知 %zu 件"
	    "（条例第三十条）：\n", r->nnotes);
	for (i = 0; i < r->nnotes; i++)
		fprintf(f, "    %s（%s，%s）：%s\n", r->notes[i].case_id,
		    r->notes[i].at, r->notes[i].actor, r->notes[i].detail);
}

/* The case list: the year's answers with their numbers (文号). */
static void
text_docs(FILE *f, const struct report *r)
{
	size_t i;

	if (r->ndocs == 0)
		return;
	fprintf(f, "\n  本年答复文书 %zu 件（文号、案件、日期、答复书）：\n",
	    r->ndocs);
	for (i = 0; i < r->ndocs; i++)
		fprintf(f, "    %s  %s  %s  %s\n", r->docs[i].number,
		    r->docs[i].case_id, r->docs[i].issued, r->docs[i].template);
}

int
report_print_text(const struct report *r, FILE *f)
{
	char *fee = report_yuan(r->fee_fen), *pct = report_share(r), *med = report_median_words(r);
	size_t i;
	int m;

	fprintf(f, "%s%s%d年政府信息公开工作年度报告（统计数据）\n", r->office,
	    *r->office ? " " : "", r->year);
	fprintf(f, "生成时间：%s（gongkai）\n\n", r->generated);

	text_section(f, r, REPORT_SEC_OVERVIEW);
	fprintf(f, "二、主动公开政府信息情况\n\n");
	text_table2(f, r);
	fprintf(f, "\n  本年主动公开政府信息 %lld 条。\n", r->proactive_total);
	for (i = 0; i < r->ncategories; i++)
		fprintf(f, "    %s：%lld\n", *r->categories[i].name ?
		    r->categories[i].name : "（未分类）",
		    r->categories[i].count);
	fputc('\n', f);

	text_table(f, r);

	fprintf(f, "\n  本年新收申请按渠道：");
	for (m = 0; m < REPORT_NCHANNELS; m++)
		fprintf(f, "%s%s %lld", m ? "，" : "", report_channel_words[m],
		    r->channels[m]);
	fputs("\n", f);

	fprintf(f, "\n答复情况（本年办结并已答复的申请 %lld 件）\n\n",
	    r->answered);
	fprintf(f, "  按期答复：%lld / %lld（%s），答复书在答复期限当日或之前"
	    "发出\n", r->on_time, r->with_due, pct);
	if (r->answered > r->with_due)
		fprintf(f, "  另有 %lld 件没有答复期限\n",
		    r->answered - r->with_due);
	fprintf(f, "  答复用时中位数：%s 个工作日（%lld 件；自收到申请之日"
	    "次日起算）\n", med, r->timed);
	fprintf(f, "  答复用时分布（工作日）：");
	for (i = 0; i < REPORT_NBUCKETS; i++)
		fprintf(f, "%s%s：%lld", i ? "，" : "", report_buckets[i].label,
		    r->hist[i]);
	fputc('\n', f);
	if (r->provisional)
		fprintf(f, "  注：%d 年没有节假日数据，该年的日子按周一至周五"
		    "计算（暂定）。\n", r->missing_year);

	fprintf(f, "\n每月收到和办结的申请\n\n");
	fputs("  ", f);
	put_cell(f, "月份", 6, 0);
	for (m = 0; m < 12; m++) {
		char mon[16];

		snprintf(mon, sizeof(mon), "%d月", m + 1);
		fputs(" ", f);
		put_cell(f, mon, 6, 1);
	}
	fprintf(f, "\n  收到  ");
	for (m = 0; m < 12; m++)
		fprintf(f, " %6lld", r->month_received[m]);
	fprintf(f, "\n  办结  ");
	for (m = 0; m < 12; m++)
		fprintf(f, " %6lld", r->month_closed[m]);
	fputc('\n', f);

	text_table4(f, r);
	fputc('\n', f);
	text_section(f, r, REPORT_SEC_PROBLEMS);
	if (r->sections[REPORT_SEC_OTHER].title != NULL)
		text_section(f, r, REPORT_SEC_OTHER);
	else	/* no template: the figure alone */
		fprintf(f, "六、其他需要报告的事项\n\n  本年收取信息处理费 %s "
		    "元（%lld 件申请）。\n", fee, r->fee_cases);
	text_notes(f, r);
	text_docs(f, r);
	free(fee);
	free(pct);
	free(med);
	return ferror(f) ? -1 : 0;
}

/* --------------------------------------------------------------- CSV */

static void
csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* Table 二, one cell a row: item of 第二十条, key, 信息内容, column key,
 * column, value ("" when a figure was not entered). */
static void
csv_table2(const struct report *r, FILE *f)
{
	int i, c;

	fputs("item,key,信息内容,column,项目,value\r\n", f);
	for (i = 0; i < REPORT_NRULES; i++)
		for (c = 0; c < REPORT_NRULECOLS; c++)
			fprintf(f, "（一）,%s,%s,%s,%s,%lld\r\n",
			    report_rule_keys[i], report_rule_labels[i],
			    report_rule_col_keys[c], report_rule_col_labels[c],
			    r->rules[i][c]);
	for (i = 0; i < REPORT_NFIGURES; i++) {
		const struct report_figure_def *d = &report_figure_defs[i];

		fprintf(f, "%s,%s,%s,value,%s,", d->item, d->key, d->content,
		    d->column);
		csv_field(f, r->figures[i].value ? r->figures[i].value : "");
		fputs("\r\n", f);
	}
}

static void
csv_table3(const struct report *r, FILE *f)
{
	int row, col;

	fputs("key,项目", f);
	for (col = 0; col < REPORT_NCOLS; col++) {
		fputc(',', f);
		csv_field(f, report_col_label(col));
	}
	fputs("\r\n", f);
	for (row = 0; row < REPORT_NROWS; row++) {
		csv_field(f, report_rows[row].key);
		fputc(',', f);
		csv_field(f, report_rows[row].label);
		for (col = 0; col < REPORT_NCOLS; col++)
			fprintf(f, ",%lld", r->cell[row][col]);
		fputs("\r\n", f);
	}
}

static void
csv_table4(const struct report *r, FILE *f)
{
	int p, c;

	fputs("key,项目", f);
	for (c = 0; c < APPEAL_NCOLS; c++)
		fprintf(f, ",%s", appeal_col_labels[c]);
	fputs("\r\n", f);
	for (p = 0; p < APPEAL_NPARTS; p++) {
		fprintf(f, "%s,%s", appeal_part_keys[p], appeal_part_labels[p]);
		for (c = 0; c < APPEAL_NCOLS; c++)
			fprintf(f, ",%lld", r->appeal[p][c]);
		fputs("\r\n", f);
	}
}

int
report_print_csv(const struct report *r, FILE *f)
{
	switch (r->table) {
	case REPORT_TABLE2:
		csv_table2(r, f);
		break;
	case REPORT_TABLE4:
		csv_table4(r, f);
		break;
	default:
		csv_table3(r, f);
		break;
	}
	return ferror(f) ? -1 : 0;
}

/* -------------------------------------------------------------- JSON */

static JsonArray *
int_array(const long long *v, size_t n)
{
	JsonArray *a = json_array_new();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_add_int_element(a, v[i]);
	return a;
}

/* Table 3: its columns, its rows of counts, whether its checks hold. */
static JsonObject *
json_table3(const struct report *r)
{
	JsonObject *t = json_object_new(), *x;
	JsonArray *a;
	int row, col;

	a = json_array_new();
	for (col = 0; col < REPORT_NCOLS; col++) {
		x = json_object_new();
		json_object_set_string_member(x, "key", report_col_keys[col]);
		json_object_set_string_member(x, "label", report_col_label(col));
		json_array_add_object_element(a, x);
	}
	json_object_set_array_member(t, "columns", a);
	a = json_array_new();
	for (row = 0; row < REPORT_NROWS; row++) {
		x = json_object_new();
		json_object_set_string_member(x, "key", report_rows[row].key);
		json_object_set_string_member(x, "label",
		    report_rows[row].label);
		json_object_set_array_member(x, "counts",
		    int_array(r->cell[row], REPORT_NCOLS));
		json_array_add_object_element(a, x);
	}
	json_object_set_array_member(t, "rows", a);
	json_object_set_boolean_member(t, "checks_hold", r->ok != 0);
	return t;
}

/* Table 4: per part, the five columns by key. */
static JsonObject *
json_table4(const struct report *r)
{
	JsonObject *t = json_object_new(), *x;
	int p, c;

	for (p = 0; p < APPEAL_NPARTS; p++) {
		x = json_object_new();
		json_object_set_string_member(x, "label",
		    appeal_part_labels[p]);
		for (c = 0; c < APPEAL_NCOLS; c++)
			json_object_set_int_member(x, appeal_col_keys[c],
			    r->appeal[p][c]);
		json_object_set_object_member(t, appeal_part_keys[p], x);
	}
	return t;
}

static JsonArray *
json_docs(const struct report *r)
{
	JsonArray *a = json_array_new();
	JsonObject *x;
	size_t i;

	for (i = 0; i < r->ndocs; i++) {
		x = json_object_new();
		json_object_set_string_member(x, "number", r->docs[i].number);
		json_object_set_string_member(x, "case", r->docs[i].case_id);
		json_object_set_string_member(x, "issued", r->docs[i].issued);
		json_object_set_string_member(x, "template",
		    r->docs[i].template);
		json_array_add_object_element(a, x);
	}
	return a;
}

static JsonArray *
json_notes(const struct report *r)
{
	JsonArray *a = json_array_new();
	JsonObject *x;
	size_t i;

	for (i = 0; i < r->nnotes; i++) {
		x = json_object_new();
		json_object_set_string_member(x, "case", r->notes[i].case_id);
		json_object_set_string_member(x, "type",
		    REQUEST_EVENT_LATE_ALLOWED);
		json_object_set_string_member(x, "at", r->notes[i].at);
		json_object_set_string_member(x, "actor", r->notes[i].actor);
		json_object_set_string_member(x, "detail",
		    r->notes[i].detail);
		json_array_add_object_element(a, x);
	}
	return a;
}

/* Table 二's figures from other systems: key, label, value (a string, or
 * null when not entered), who entered it and when. */
static JsonArray *
json_figures(const struct report *r)
{
	JsonArray *a = json_array_new();
	JsonObject *x;
	char *at;
	int i;

	for (i = 0; i < REPORT_NFIGURES; i++) {
		const struct report_figure_value *v = &r->figures[i];

		x = json_object_new();
		json_object_set_string_member(x, "key",
		    report_figure_defs[i].key);
		json_object_set_string_member(x, "label",
		    report_figure_defs[i].label);
		if (v->value != NULL) {
			at = clock_iso8601(v->at, r->timezone);
			json_object_set_string_member(x, "value", v->value);
			json_object_set_string_member(x, "set_by", v->who);
			json_object_set_string_member(x, "set_at", at);
			free(at);
		} else {
			json_object_set_null_member(x, "value");
			json_object_set_null_member(x, "set_by");
			json_object_set_null_member(x, "set_at");
		}
		json_array_add_object_element(a, x);
	}
	return a;
}

/* Table 二 (一): per row, its label and the three columns by key. */
static JsonObject *
json_table2(const struct report *r)
{
	JsonObject *t = json_object_new(), *x;
	int i, c;

	for (i = 0; i < REPORT_NRULES; i++) {
		x = json_object_new();
		json_object_set_string_member(x, "label",
		    report_rule_labels[i]);
		for (c = 0; c < REPORT_NRULECOLS; c++)
			json_object_set_int_member(x, report_rule_col_keys[c],
			    r->rules[i][c]);
		json_object_set_object_member(t, report_rule_keys[i], x);
	}
	json_object_set_array_member(t, "figures", json_figures(r));
	return t;
}

/* Sections 一, 五, 六: [{key, title, text}] (only those rendered). */
static JsonArray *
json_sections(const struct report *r)
{
	static const char *const keys[REPORT_NSECTIONS] = {
		"overview", "problems", "other",
	};
	JsonArray *a = json_array_new();
	JsonObject *x;
	int i;

	for (i = 0; i < REPORT_NSECTIONS; i++) {
		if (r->sections[i].title == NULL)
			continue;
		x = json_object_new();
		json_object_set_string_member(x, "key", keys[i]);
		json_object_set_string_member(x, "title",
		    r->sections[i].title);
		json_object_set_string_member(x, "text", r->sections[i].body);
		json_array_add_object_element(a, x);
	}
	return a;
}

static JsonObject *
json_proactive(const struct report *r)
{
	JsonObject *t = json_object_new(), *x;
	JsonArray *a;
	size_t i;

	json_object_set_boolean_member(t, "by_category", TRUE);
	json_object_set_int_member(t, "total", r->proactive_total);
	a = json_array_new();
	for (i = 0; i < r->ncategories; i++) {
		x = json_object_new();
		json_object_set_string_member(x, "category",
		    r->categories[i].name);
		json_object_set_int_member(x, "count", r->categories[i].count);
		json_array_add_object_element(a, x);
	}
	json_object_set_array_member(t, "categories", a);
	return t;
}

static JsonObject *
json_fees(const struct report *r)
{
	JsonObject *t = json_object_new();
	char *s;

	json_object_set_int_member(t, "cases", r->fee_cases);
	json_object_set_int_member(t, "fen", r->fee_fen);
	s = xasprintf("%lld.%02lld", r->fee_fen / 100, r->fee_fen % 100);
	json_object_set_string_member(t, "yuan", s);
	free(s);
	return t;
}

/* Sets member `name` to v, or to null when v is negative. */
static void
json_set_double_or_null(JsonObject *t, const char *name, double v)
{
	if (v >= 0)
		json_object_set_double_member(t, name, v);
	else
		json_object_set_null_member(t, name);
}

static JsonObject *
json_timeliness(const struct report *r)
{
	JsonObject *t = json_object_new(), *x;
	JsonArray *a;
	size_t i;

	json_object_set_int_member(t, "answered", r->answered);
	json_object_set_int_member(t, "with_due_date", r->with_due);
	json_object_set_int_member(t, "on_time", r->on_time);
	json_set_double_or_null(t, "on_time_share", r->with_due > 0 ?
	    (double)r->on_time / (double)r->with_due : -1);
	json_object_set_int_member(t, "timed", r->timed);
	json_set_double_or_null(t, "median_working_days", r->median_days);
	a = json_array_new();
	for (i = 0; i < REPORT_NBUCKETS; i++) {
		x = json_object_new();
		json_object_set_string_member(x, "label",
		    report_buckets[i].label);
		json_object_set_int_member(x, "min", report_buckets[i].lo);
		if (report_buckets[i].hi >= 0)
			json_object_set_int_member(x, "max",
			    report_buckets[i].hi);
		else
			json_object_set_null_member(x, "max");
		json_object_set_int_member(x, "count", r->hist[i]);
		json_array_add_object_element(a, x);
	}
	json_object_set_array_member(t, "working_days_histogram", a);
	json_object_set_boolean_member(t, "provisional", r->provisional != 0);
	if (r->missing_year)
		json_object_set_int_member(t, "year_without_calendar",
		    r->missing_year);
	return t;
}

int
report_print_json(const struct report *r, FILE *f)
{
	JsonObject *o = json_object_new(), *t;
	JsonNode *root;
	JsonGenerator *gen;
	gchar *text;
	int k;

	json_object_set_int_member(o, "year", r->year);
	json_object_set_string_member(o, "office", r->office);
	json_object_set_string_member(o, "timezone", r->timezone);
	json_object_set_string_member(o, "generated", r->generated);
	json_object_set_array_member(o, "sections", json_sections(r));
	json_object_set_object_member(o, "table2", json_table2(r));
	json_object_set_object_member(o, "table3", json_table3(r));
	t = json_object_new();
	for (k = 0; k < REPORT_NCHANNELS; k++)
		json_object_set_int_member(t, report_channels[k],
		    r->channels[k]);
	json_object_set_object_member(o, "channels", t);
	json_object_set_object_member(o, "table4", json_table4(r));
	json_object_set_object_member(o, "proactive", json_proactive(r));
	json_object_set_object_member(o, "fees", json_fees(r));
	json_object_set_object_member(o, "timeliness", json_timeliness(r));
	t = json_object_new();
	json_object_set_array_member(t, "received",
	    int_array(r->month_received, 12));
	json_object_set_array_member(t, "closed",
	    int_array(r->month_closed, 12));
	json_object_set_object_member(o, "months", t);
	json_object_set_array_member(o, "notes", json_notes(r));
	json_object_set_array_member(o, "documents", json_docs(r));

	root = json_node_new(JSON_NODE_OBJECT);
	json_node_take_object(root, o);
	gen = json_generator_new();
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_root(gen, root);
	text = json_generator_to_data(gen, NULL);
	fprintf(f, "%s\n", text);
	g_free(text);
	g_object_unref(gen);
	json_node_unref(root);
	return ferror(f) ? -1 : 0;
}
