/*
 * report_html.c - the annual report (report.h) as one self-contained
 * HTML page: the national template's tables, two SVG charts, a print
 * stylesheet (A4), nothing loaded from elsewhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "appeal.h"
#include "clock.h"
#include "fields.h"
#include "report.h"
#include "report_p.h"
#include "request.h"
#include "xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* -------------------------------------------------------------- HTML */

static void
html_text(FILE *f, const char *s)
{
	gchar *e = g_markup_escape_text(s, -1);

	fputs(e, f);
	g_free(e);
}

/* 1, 2 or 5 times a power of ten, at least v (and at least 1). */
static long long
nice_max(long long v)
{
	long long p = 1;

	if (v < 1)
		return 1;
	for (;;) {
		if (v <= p)
			return p;
		if (v <= 2 * p)
			return 2 * p;
		if (v <= 5 * p)
			return 5 * p;
		p *= 10;
	}
}

#define CH_W		520	/* the charts' SVG size */
#define CH_H		230
#define CH_LEFT		44
#define CH_RIGHT	10
#define CH_TOP		18
#define CH_BOTTOM	40

/* The y axis: four grid lines with their numbers; returns the scale max. */
static long long
svg_axis(FILE *f, long long max)
{
	long long top = nice_max(max);
	double plot_h = CH_H - CH_TOP - CH_BOTTOM;
	int i;

	for (i = 0; i <= 4; i++) {
		double y = CH_TOP + plot_h - plot_h * i / 4.0;
		long long v = top * i / 4;

		if (top * i % 4 != 0)
			continue;	/* a tick between two integers */
		fprintf(f, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" "
		    "x2=\"%d\" y2=\"%.1f\"/>", CH_LEFT, y, CH_W - CH_RIGHT, y);
		fprintf(f, "<text class=\"tick\" x=\"%d\" y=\"%.1f\">%lld"
		    "</text>\n", CH_LEFT - 6, y + 4, v);
	}
	return top;
}

static void
svg_bar(FILE *f, const char *cls, const char *data, double x, double w,
    long long v, long long top, const char *title)
{
	double plot_h = CH_H - CH_TOP - CH_BOTTOM;
	double h = plot_h * (double)v / (double)top;
	double y = CH_TOP + plot_h - h;

	fprintf(f, "<rect class=\"bar %s\" %s data-value=\"%lld\" x=\"%.1f\" "
	    "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>", cls, data, v,
	    x, y, w, h);
	html_text(f, title);
	fprintf(f, "</title></rect>");
	if (v > 0)
		fprintf(f, "<text class=\"val\" x=\"%.1f\" y=\"%.1f\">%lld"
		    "</text>", x + w / 2, y - 3, v);
	fputc('\n', f);
}

static void
svg_months(FILE *f, const struct report *r)
{
	long long max = 0, top;
	double gw = (double)(CH_W - CH_LEFT - CH_RIGHT) / 12, bw = gw * 0.36;
	int m;

	for (m = 0; m < 12; m++) {
		if (r->month_received[m] > max)
			max = r->month_received[m];
		if (r->month_closed[m] > max)
			max = r->month_closed[m];
	}
	fprintf(f, "<svg class=\"chart\" id=\"chart-months\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" role=\"img\" "
	    "aria-label=\"每月收到和办结的申请\">\n", CH_W, CH_H, CH_W, CH_H);
	top = svg_axis(f, max);
	for (m = 0; m < 12; m++) {
		double x = CH_LEFT + gw * m + gw * 0.12;
		char data[64], title[96];

		snprintf(data, sizeof(data), "data-series=\"received\" "
		    "data-month=\"%d\"", m + 1);
		snprintf(title, sizeof(title), "%d月 收到 %lld 件", m + 1,
		    r->month_received[m]);
		svg_bar(f, "received", data, x, bw, r->month_received[m], top,
		    title);
		snprintf(data, sizeof(data), "data-series=\"closed\" "
		    "data-month=\"%d\"", m + 1);
		snprintf(title, sizeof(title), "%d月 办结 %lld 件", m + 1,
		    r->month_closed[m]);
		svg_bar(f, "closed", data, x + bw + gw * 0.04, bw,
		    r->month_closed[m], top, title);
		fprintf(f, "<text class=\"cat\" x=\"%.1f\" y=\"%d\">%d月</text>"
		    "\n", CH_LEFT + gw * m + gw / 2, CH_H - CH_BOTTOM + 16,
		    m + 1);
	}
	fprintf(f, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\"/>\n", CH_LEFT, CH_H - CH_BOTTOM, CH_W - CH_RIGHT,
	    CH_H - CH_BOTTOM);
	fprintf(f, "<rect class=\"key received\" x=\"%d\" y=\"%d\" "
	    "width=\"10\" height=\"10\"/><text class=\"legend\" x=\"%d\" "
	    "y=\"%d\">收到</text><rect class=\"key closed\" x=\"%d\" "
	    "y=\"%d\" width=\"10\" height=\"10\"/><text class=\"legend\" "
	    "x=\"%d\" y=\"%d\">办结</text>\n</svg>\n", CH_LEFT, CH_H - 14,
	    CH_LEFT + 14, CH_H - 5, CH_LEFT + 60, CH_H - 14, CH_LEFT + 74,
	    CH_H - 5);
}

static void
svg_days(FILE *f, const struct report *r)
{
	long long max = 0, top;
	double gw = (double)(CH_W - CH_LEFT - CH_RIGHT) / REPORT_NBUCKETS;
	int i;

	for (i = 0; i < REPORT_NBUCKETS; i++)
		if (r->hist[i] > max)
			max = r->hist[i];
	fprintf(f, "<svg class=\"chart\" id=\"chart-days\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" role=\"img\" "
	    "aria-label=\"答复用时分布（工作日）\">\n", CH_W, CH_H, CH_W, CH_H);
	top = svg_axis(f, max);
	for (i = 0; i < REPORT_NBUCKETS; i++) {
		const struct report_bucket *k = &report_buckets[i];
		const char *cls = k->lo > 40 ? "late" : k->lo > 20 ?
		    "extended" : "intime";
		char data[64], title[96];

		snprintf(data, sizeof(data), "data-bucket=\"%s\"", k->label);
		snprintf(title, sizeof(title), "%s 个工作日：%lld 件", k->label,
		    r->hist[i]);
		svg_bar(f, cls, data, CH_LEFT + gw * i + gw * 0.15, gw * 0.7,
		    r->hist[i], top, title);
		fprintf(f, "<text class=\"cat\" x=\"%.1f\" y=\"%d\">%s"
		    "</text>\n", CH_LEFT + gw * i + gw / 2,
		    CH_H - CH_BOTTOM + 16, k->label);
	}
	fprintf(f, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\"/>\n", CH_LEFT, CH_H - CH_BOTTOM, CH_W - CH_RIGHT,
	    CH_H - CH_BOTTOM);
	fprintf(f, "<rect class=\"key intime\" x=\"%d\" y=\"%d\" width=\"10\" "
	    "height=\"10\"/><text class=\"legend\" x=\"%d\" y=\"%d\">"
	    "20个工作日内</text><rect class=\"key extended\" x=\"%d\" y=\"%d\" "
	    "width=\"10\" height=\"10\"/><text class=\"legend\" x=\"%d\" "
	    "y=\"%d\">延期（21–40）</text><rect class=\"key late\" x=\"%d\" "
	    "y=\"%d\" width=\"10\" height=\"10\"/><text class=\"legend\" "
	    "x=\"%d\" y=\"%d\">超过40个工作日</text>\n</svg>\n",
	    CH_LEFT, CH_H - 14, CH_LEFT + 14, CH_H - 5,
	    CH_LEFT + 120, CH_H - 14, CH_LEFT + 134, CH_H - 5,
	    CH_LEFT + 250, CH_H - 14, CH_LEFT + 264, CH_H - 5);
}

static const char html_style[] =
    "<style>\n"
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
    "\"PingFang SC\",\"Microsoft YaHei\",\"WenQuanYi Zen Hei\",SimSun,"
    "sans-serif;color:#111;margin:24px auto;max-width:1060px;padding:0 16px;"
    "line-height:1.5}\n"
    "h1{font-size:22px;text-align:center;margin:0 0 4px}\n"
    "h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid #999}\n"
    ".sub{text-align:center;color:#555;font-size:13px;margin:0 0 12px}\n"
    "table.t3{border-collapse:collapse;width:100%;font-size:13px}\n"
    "table.t3 th,table.t3 td{border:1px solid #444;padding:3px 6px}\n"
    "table.t3 th{background:#eef2f7;font-weight:normal}\n"
    "table.t3 td.n{text-align:right;font-variant-numeric:tabular-nums;"
    "min-width:3.5em}\n"
    "table.t3 td.l{text-align:left}\n"
    "table.t3 tr.sum td{font-weight:bold}\n"
    "table.t3 thead th{white-space:nowrap}\n"
    "table.t3 th.corner{font-size:12px;white-space:normal;width:16em}\n"
    "table.t3 td.g{white-space:nowrap}\n"
    ".note{font-size:12px;color:#444}\n"
    ".ok{color:#1a6b2f}\n"
    "dl.kv{display:grid;grid-template-columns:max-content auto;gap:2px 16px;"
    "margin:0}\n"
    "dl.kv dt{color:#444}dl.kv dd{margin:0;font-weight:bold}\n"
    ".charts{display:flex;flex-wrap:wrap;gap:12px}\n"
    "figure{margin:0}figcaption{font-size:14px;margin:4px 0}\n"
    "svg.chart{max-width:100%;height:auto;font-size:11px}\n"
    "svg .grid{stroke:#ddd;stroke-width:1}\n"
    "svg .axis{stroke:#444;stroke-width:1}\n"
    "svg .tick{text-anchor:end;fill:#555}\n"
    "svg .cat{text-anchor:middle;fill:#222}\n"
    "svg .val{text-anchor:middle;fill:#222;font-size:10px}\n"
    "svg .legend{fill:#222}\n"
    "svg .received{fill:#1f4e79}svg .closed{fill:#8db4e2}\n"
    "svg .intime{fill:#1f4e79}svg .extended{fill:#d08a2c}"
    "svg .late{fill:#b22222}\n"
    "section.prose p{text-indent:2em;margin:4px 0}\n"
    "table.t2{width:auto;min-width:60%}table.t2 tr.item th{text-align:left;"
    "font-weight:bold}\n"
    "footer{margin-top:24px;font-size:12px;color:#666}\n"
    /* Printed: A4 landscape, the table on the first page with the title,
     * the rest on the second. */
    "@media print{@page{size:A4 landscape;margin:10mm}"
    "body{margin:0;max-width:none;font-size:10px;line-height:1.3}"
    "h1{font-size:16px}h2{font-size:13px;margin:8px 0 4px;"
    "break-after:avoid}.sub{margin:0 0 4px}"
    "table.t3{font-size:9.5px}table.t3 th,table.t3 td{padding:1px 4px}"
    "table.t3 th{background:none}table.t3,figure{break-inside:avoid}"
    "#applications,#remedies{break-before:page}.charts{flex-wrap:nowrap}"
    "figure{flex:1 1 0}svg.chart{width:100%}"
    ".note{font-size:9.5px}svg .grid{stroke:#bbb}}\n"
    "</style>\n";

/* Counts, once laid out, the bars whose box is not empty: a check that
 * the charts were drawn (the tests read the attribute).  The charts are
 * plain SVG and need no script. */
static const char html_script[] =
    "<script>\n"
    "(function(){var s=document.querySelectorAll('svg.chart');"
    "for(var i=0;i<s.length;i++){var n=0,"
    "b=s[i].querySelectorAll('rect.bar');for(var j=0;j<b.length;j++){"
    "var r=b[j].getBBox();if(r.width>0&&r.height>0)n++;}"
    "s[i].setAttribute('data-drawn',String(n));}})();\n"
    "</script>\n";

static void
html_num(FILE *f, const struct report *r, int row)
{
	int col;

	for (col = 0; col < REPORT_NCOLS; col++)
		fprintf(f, "<td class=\"n\" data-row=\"%s\" data-col=\"%s\">"
		    "%lld</td>", report_rows[row].key, report_col_keys[col],
		    r->cell[row][col]);
	fputs("</tr>\n", f);
}

static void
html_table(FILE *f, const struct report *r)
{
	int row, col, n3 = REPORT_ROW_TOTAL - REPORT_ROW_FIRST_OUTCOME + 1;

	fputs("<table class=\"t3\" id=\"table3\">\n<thead>\n", f);
	fprintf(f, "<tr><th class=\"corner\" colspan=\"3\" rowspan=\"3\">%s"
	    "</th><th colspan=\"%d\">申请人情况</th></tr>\n", REPORT_CORNER_NOTE,
	    REPORT_NCOLS);
	fprintf(f, "<tr><th rowspan=\"2\">%s</th><th colspan=\"%d\">"
	    "法人或其他组织</th><th rowspan=\"2\">总计</th></tr>\n<tr>",
	    report_col_label(0), FIELDS_NTYPES - 1);
	for (col = 1; col < FIELDS_NTYPES; col++)
		fprintf(f, "<th>%s</th>", report_col_label(col));
	fputs("</tr>\n</thead>\n<tbody>\n", f);
	for (row = 0; row < REPORT_NROWS; row++) {
		const struct report_row *rr = &report_rows[row];

		fprintf(f, "<tr data-row=\"%s\"%s>", rr->key,
		    row == REPORT_ROW_TOTAL ? " class=\"sum\"" : "");
		if (rr->group == NULL) {
			fprintf(f, "<td class=\"l\" colspan=\"3\">%s</td>",
			    rr->head);
			html_num(f, r, row);
			continue;
		}
		if (row == REPORT_ROW_FIRST_OUTCOME)
			fprintf(f, "<td class=\"l g\" rowspan=\"%d\">%s</td>",
			    n3, rr->head);
		if (rr->item == NULL) {
			fprintf(f, "<td class=\"l\" colspan=\"2\">%s</td>",
			    rr->group);
		} else {
			if (row == 0 || report_rows[row - 1].group == NULL ||
			    strcmp(report_rows[row - 1].group,
			    rr->group) != 0) {
				int k = 0;

				while (row + k < REPORT_NROWS &&
				    report_rows[row + k].group != NULL &&
				    strcmp(report_rows[row + k].group,
				    rr->group) == 0)
					k++;
				fprintf(f, "<td class=\"l g\" rowspan=\"%d\">"
				    "%s</td>", k, rr->group);
			}
			fprintf(f, "<td class=\"l\">%s</td>", rr->item);
		}
		html_num(f, r, row);
	}
	fputs("</tbody>\n</table>\n", f);
}

static void
html_table4(FILE *f, const struct report *r)
{
	int p, c;

	fputs("<section id=\"remedies\">\n<h2>四、政府信息公开行政复议、"
	    "行政诉讼情况</h2>\n<table class=\"t4\" id=\"table4\">\n"
	    "<thead>\n<tr><th colspan=\"5\">行政复议</th>"
	    "<th colspan=\"5\">行政诉讼：未经复议直接起诉</th>"
	    "<th colspan=\"5\">行政诉讼：复议后起诉</th></tr>\n<tr>", f);
	for (p = 0; p < APPEAL_NPARTS; p++)
		for (c = 0; c < APPEAL_NCOLS; c++)
			fprintf(f, "<th>%s</th>", appeal_col_labels[c]);
	fputs("</tr>\n</thead>\n<tbody>\n<tr>", f);
	for (p = 0; p < APPEAL_NPARTS; p++)
		for (c = 0; c < APPEAL_NCOLS; c++)
			fprintf(f, "<td data-cell=\"%s.%s\">%lld</td>",
			    appeal_part_keys[p], appeal_col_keys[c],
			    r->appeal[p][c]);
	fputs("</tr>\n</tbody>\n</table>\n</section>\n", f);
}

/* Section i from its template: the heading, a paragraph per block of
 * lines (blank lines between), every character escaped. */
static void
html_section(FILE *f, const struct report *r, enum report_section i,
    const char *id)
{
	const struct report_text *t = &r->sections[i];
	gchar **paras;
	size_t k;

	if (t->title == NULL)
		return;
	fprintf(f, "<section id=\"%s\" class=\"prose\">\n<h2>", id);
	html_text(f, t->title);
	fputs("</h2>\n", f);
	paras = g_regex_split_simple("\n[ \t]*\n", t->body, 0, 0);
	for (k = 0; paras[k] != NULL; k++) {
		g_strstrip(paras[k]);
		if (*paras[k] == '\0')
			continue;
		fputs("<p>", f);
		html_text(f, paras[k]);
		fputs("</p>\n", f);
	}
	g_strfreev(paras);
	fputs("</section>\n", f);
}

/* Table 二 in the national template's layout; the cells carry
 * data-cell="rules.issued" ... and "licensing" ... for scripts. */
static void
html_table2(FILE *f, const struct report *r)
{
	const char *item = NULL;
	char *at;
	int i, c;

	fputs("<table class=\"t3 t2\" id=\"table2\">\n<tr class=\"item\">"
	    "<th colspan=\"4\">第二十条第（一）项</th></tr>\n<tr><th>信息内容"
	    "</th>", f);
	for (c = 0; c < REPORT_NRULECOLS; c++)
		fprintf(f, "<th>%s</th>", report_rule_col_labels[c]);
	fputs("</tr>\n", f);
	for (i = 0; i < REPORT_NRULES; i++) {
		fprintf(f, "<tr><td class=\"l\">%s</td>",
		    report_rule_labels[i]);
		for (c = 0; c < REPORT_NRULECOLS; c++)
			fprintf(f, "<td class=\"n\" data-cell=\"%s.%s\">%lld"
			    "</td>", report_rule_keys[i],
			    report_rule_col_keys[c], r->rules[i][c]);
		fputs("</tr>\n", f);
	}
	for (i = 0; i < REPORT_NFIGURES; i++) {
		const struct report_figure_def *d = &report_figure_defs[i];
		const struct report_figure_value *v = &r->figures[i];

		if (item == NULL || strcmp(item, d->item) != 0) {
			item = d->item;
			fprintf(f, "<tr class=\"item\"><th colspan=\"4\">"
			    "第二十条第%s项</th></tr>\n<tr><th>信息内容</th>"
			    "<th colspan=\"3\">%s</th></tr>\n", item,
			    d->column);
		}
		fprintf(f, "<tr id=\"figure-%s\"><td class=\"l\">%s</td>"
		    "<td class=\"n\" colspan=\"3\" data-cell=\"%s\"", d->key,
		    d->content, d->key);
		if (v->value != NULL) {
			at = clock_iso8601(v->at, r->timezone);
			fputs(" title=\"", f);
			html_text(f, v->who);
			fprintf(f, " 于 %.10s 录入\">", at);
			html_text(f, v->value);
			free(at);
		} else
			fputs(">未录入", f);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void
html_notes(FILE *f, const struct report *r)
{
	size_t i;

	if (r->nnotes == 0)
		return;
	fprintf(f, "<p class=\"note\">注：本年秘书处准许逾期发出补正告知 %zu "
	    "件（条例第三十条）：</p>\n<ul id=\"notes\">\n", r->nnotes);
	for (i = 0; i < r->nnotes; i++) {
		fputs("<li>", f);
		html_text(f, r->notes[i].case_id);
		fputs("（", f);
		html_text(f, r->notes[i].at);
		fputs("，", f);
		html_text(f, r->notes[i].actor);
		fputs("）：", f);
		html_text(f, r->notes[i].detail);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n", f);
}

static void
html_docs(FILE *f, const struct report *r)
{
	size_t i;

	if (r->ndocs == 0)
		return;
	fprintf(f, "<p class=\"note\">本年答复文书 %zu 件：</p>\n"
	    "<table id=\"documents\">\n<thead><tr><th>文号</th><th>案件"
	    "</th><th>日期</th><th>答复书</th></tr></thead>\n<tbody>\n",
	    r->ndocs);
	for (i = 0; i < r->ndocs; i++) {
		fputs("<tr><td>", f);
		html_text(f, r->docs[i].number);
		fputs("</td><td>", f);
		html_text(f, r->docs[i].case_id);
		fputs("</td><td>", f);
		html_text(f, r->docs[i].issued);
		fputs("</td><td>", f);
		html_text(f, r->docs[i].template);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

int
report_print_html(const struct report *r, FILE *f)
{
	char *fee = report_yuan(r->fee_fen), *pct = report_share(r), *med = report_median_words(r);
	size_t i;

	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>", f);
	html_text(f, r->office);
	fprintf(f, "%d年政府信息公开工作年度报告（统计数据）</title>\n",
	    r->year);
	fputs(html_style, f);
	fputs("</head>\n<body>\n<h1>", f);
	html_text(f, r->office);
	fprintf(f, "<br>%d年政府信息公开工作年度报告（统计数据）</h1>\n",
	    r->year);
	fputs("<p class=\"sub\">生成时间：", f);
	html_text(f, r->generated);
	fputs("　数据来源：gongkai 案件库</p>\n", f);

	html_section(f, r, REPORT_SEC_OVERVIEW, "overview");
	fputs("<section id=\"proactive\">\n<h2>二、主动公开政府信息情况</h2>\n",
	    f);
	html_table2(f, r);
	fprintf(f, "<p>本年主动公开政府信息 <b id=\"proactive-total\">%lld</b>"
	    " 条", r->proactive_total);
	for (i = 0; i < r->ncategories; i++) {
		fputs(i == 0 ? "：" : "，", f);
		html_text(f, *r->categories[i].name ?
		    r->categories[i].name : "（未分类）");
		fprintf(f, " %lld 条", r->categories[i].count);
	}
	fputs("。</p>\n</section>\n", f);

	fputs("<section id=\"applications\">\n"
	    "<h2>三、收到和处理政府信息公开申请情况</h2>\n", f);
	html_table(f, r);
	fputs("<p class=\"note ok\">核对：一 + 二 = 三（七）+ 四，七列均成立；"
	    "三（七）等于（一）至（六）之和；总计等于六类申请人之和。</p>\n"
	    "</section>\n", f);

	fprintf(f, "<section id=\"timeliness\">\n<h2>答复情况</h2>\n"
	    "<dl class=\"kv\">\n"
	    "<dt>本年办结并已答复</dt><dd id=\"answered\">%lld 件</dd>\n"
	    "<dt>按期答复（在答复期限当日或之前发出）</dt><dd id=\"on-time\">"
	    "%lld / %lld（%s）</dd>\n"
	    "<dt>答复用时中位数（自收到申请之日次日起算）</dt>"
	    "<dd id=\"median\">%s 个工作日</dd>\n</dl>\n",
	    r->answered, r->on_time, r->with_due, pct, med);
	if (r->provisional)
		fprintf(f, "<p class=\"note\">注：%d 年没有节假日数据，"
		    "该年的日子按周一至周五计算（暂定）。</p>\n",
		    r->missing_year);
	fputs("<div class=\"charts\">\n<figure>\n<figcaption>每月收到和办结的"
	    "申请（件）</figcaption>\n", f);
	svg_months(f, r);
	fputs("</figure>\n<figure>\n<figcaption>答复用时分布（工作日，件）"
	    "</figcaption>\n", f);
	svg_days(f, r);
	fputs("</figure>\n</div>\n</section>\n", f);

	html_table4(f, r);
	html_section(f, r, REPORT_SEC_PROBLEMS, "problems");
	if (r->sections[REPORT_SEC_OTHER].title != NULL)
		html_section(f, r, REPORT_SEC_OTHER, "other");
	else	/* no template: the figure alone */
		fprintf(f, "<section id=\"other\">\n<h2>六、其他需要报告的事项"
		    "</h2>\n<p>本年收取信息处理费 <b id=\"fees\">%s</b> 元（%lld "
		    "件申请）。</p>\n</section>\n", fee, r->fee_cases);
	fputs("<section id=\"other-notes\">\n", f);
	html_notes(f, r);
	html_docs(f, r);
	fputs("</section>\n", f);
	fputs("<footer>依据《中华人民共和国政府信息公开条例》第五十条及"
	    "国办公开办函〔2021〕30号规定的格式生成。</footer>\n", f);
	fputs(html_script, f);
	fputs("</body>\n</html>\n", f);
	free(fee);
	free(pct);
	free(med);
	return ferror(f) ? -1 : 0;
}
