/* test_report.c - the annual report's tables: every answer TYPE of
 * doc/mail.md lands on its row of table 三 (and the parser in
 * command.c knows each row's TYPE), the columns follow fields_types[], and
 * the printers lay out what they are given: the text table's numbers stay
 * aligned whatever their size, CSV and JSON carry every cell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "command.h"
#include "fields.h"
#include "report.h"

/* doc/mail.md, "Answer types", written out again: TYPE and its row's key. */
static const struct {
	const char	*type;
	const char	*row;
} types[] = {
	{ "public-already", "disclose" },
	{ "disclose", "disclose" },
	{ "partial", "partial" },
	{ "withhold:state-secret", "withhold:state-secret" },
	{ "withhold:law-prohibited", "withhold:law-prohibited" },
	{ "withhold:security-stability", "withhold:security-stability" },
	{ "withhold:third-party", "withhold:third-party" },
	{ "withhold:internal-affairs", "withhold:internal-affairs" },
	{ "withhold:process-info", "withhold:process-info" },
	{ "withhold:enforcement-file", "withhold:enforcement-file" },
	{ "withhold:query-matter", "withhold:query-matter" },
	{ "unavailable:not-held", "unavailable:not-held" },
	{ "unavailable:needs-creation", "unavailable:needs-creation" },
	{ "unavailable:still-unclear", "unavailable:still-unclear" },
	{ "not-processed:petition", "not-processed:petition" },
	{ "not-processed:repeat", "not-processed:repeat" },
	{ "not-processed:publication", "not-processed:publication" },
	{ "not-processed:excessive", "not-processed:excessive" },
	{ "not-processed:confirm-existing", "not-processed:confirm-existing" },
	{ "other:no-correction", "other:no-correction" },
	{ "other:fee-unpaid", "other:fee-unpaid" },
	{ "other:misc", "other:misc" },
};

static void
test_types(void)
{
	int seen[REPORT_NROWS] = { 0 };
	size_t i;
	int row;

	for (i = 0; i < G_N_ELEMENTS(types); i++) {
		row = report_row_of_type(types[i].type);
		if (row < 0)
			g_error("%s: no row", types[i].type);
		g_assert_cmpstr(report_rows[row].key, ==, types[i].row);
		/* command.c knows it, and gives it a report row too */
		g_assert_cmpstr(command_answer_type(types[i].type), ==,
		    types[i].type);
		g_assert_nonnull(command_answer_label(types[i].type));
		seen[row]++;
	}
	for (row = REPORT_ROW_FIRST_OUTCOME; row < REPORT_ROW_TOTAL; row++)
		if (seen[row] == 0)
			g_error("row %s: no TYPE lands there",
			    report_rows[row].key);
	g_assert_cmpint(seen[report_row_of_type("disclose")], ==, 2);
	g_assert_cmpint(report_row_of_type(NULL), ==, -1);
	g_assert_cmpint(report_row_of_type("withhold"), ==, -1);
	g_assert_cmpint(report_row_of_type("total"), ==, -1);
	g_assert_cmpint(report_row_of_type("new"), ==, -1);
}

static void
test_rows(void)
{
	/* The template's first, last and a few middle rows, verbatim. */
	g_assert_cmpstr(report_rows[REPORT_ROW_NEW].label, ==,
	    "一、本年新收政府信息公开申请数量");
	g_assert_cmpstr(report_rows[REPORT_ROW_CARRIED_OVER].label, ==,
	    "二、上年结转政府信息公开申请数量");
	g_assert_cmpstr(report_rows[REPORT_ROW_TOTAL].group, ==, "（七）总计");
	g_assert_cmpstr(report_rows[REPORT_ROW_FORWARD].label, ==,
	    "四、结转下年度继续办理");
	g_assert_cmpstr(report_rows[report_row_of_type(
	    "withhold:security-stability")].item, ==, "3.危及“三安全一稳定”");
	g_assert_cmpstr(report_rows[report_row_of_type(
	    "unavailable:not-held")].item, ==, "1.本机关不掌握相关政府信息");
	g_assert_cmpstr(report_rows[report_row_of_type("other:misc")].label,
	    ==, "（六）其他处理 3.其他");
	g_assert_cmpstr(report_rows[report_row_of_type("partial")].group, ==,
	    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
}

static void
test_columns(void)
{
	int i;

	for (i = 0; i < FIELDS_NTYPES; i++)
		g_assert_cmpint(report_col_of_type(fields_types[i].key), ==,
		    i);
	g_assert_cmpstr(fields_types[0].label, ==, "自然人");
	g_assert_cmpstr(fields_types[5].label, ==, "其他");
	g_assert_cmpint(report_col_of_type("自然人"), ==, -1);
	g_assert_cmpint(report_col_of_type(NULL), ==, -1);
	g_assert_cmpint(report_col_of_type(""), ==, -1);
}

static struct report *
sample(void)
{
	struct report *r = g_new0(struct report, 1);
	int row, col;

	r->year = 2025;
	r->office = strdup("外办");
	r->timezone = strdup("Asia/Shanghai");
	r->generated = strdup("2026-01-05T09:00:00+08:00");
	r->ok = 1;
	for (row = 0; row < REPORT_NROWS; row++)
		for (col = 0; col < REPORT_NCOLS; col++)
			r->cell[row][col] = (row * 7 + col) % 3 == 0 ? 0 :
			    (long long)(row + 1) * (col + 1) *
			    (row % 5 == 0 ? 100003 : 1);
	r->median_days = 12.5;
	r->answered = r->with_due = 40;
	r->on_time = 38;
	r->fee_fen = 123456789;
	r->fee_cases = 3;
	return r;
}

static char *
print(int (*fn)(const struct report *, FILE *), const struct report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	g_assert_nonnull(f);
	g_assert_cmpint(fn(r, f), ==, 0);
	fclose(f);
	return buf;
}

static int
width(const char *s)
{
	int w = 0;

	for (; *s; s = g_utf8_next_char(s))
		w += g_unichar_iswide(g_utf8_get_char(s)) ? 2 : 1;
	return w;
}

static void
test_text(void)
{
	struct report *r = sample();
	char *out = print(report_print_text, r);
	char **lines = g_strsplit(out, "\n", -1);
	int i, in = 0, nrows = 0, w = -1;

	for (i = 0; lines[i] != NULL; i++) {
		if (g_str_has_prefix(lines[i], "申请人情况"))
			in = 1;
		if (g_str_has_prefix(lines[i], "（本列数据"))
			in = 0;
		if (!in || !g_ascii_isdigit(lines[i][strlen(lines[i]) ?
		    strlen(lines[i]) - 1 : 0]))
			continue;
		/* every line that ends in a number: the same width */
		if (w < 0)
			w = width(lines[i]);
		if (width(lines[i]) != w)
			g_error("line %d is %d columns, the first %d:\n%s", i,
			    width(lines[i]), w, lines[i]);
		nrows++;
	}
	g_assert_cmpint(nrows, ==, REPORT_NROWS);
	g_assert_nonnull(strstr(out, "信息处理费 1,234,567.89 元（3 件申请）"));
	g_assert_nonnull(strstr(out, "按期答复：38 / 40（95.0%）"));
	g_assert_nonnull(strstr(out, "答复用时中位数：12.5 个工作日"));
	g_strfreev(lines);
	free(out);
	free(r->office);
	free(r->timezone);
	free(r->generated);
	g_free(r);
}

static void
test_csv_json(void)
{
	struct report *r = sample();
	char *csv = print(report_print_csv, r), *json;
	char **lines = g_strsplit(csv, "\r\n", -1);
	int row, col;

	g_assert_cmpstr(lines[0], ==, "key,项目,自然人,商业企业,科研机构,"
	    "社会公益组织,法律服务机构,其他,总计");
	for (row = 0; row < REPORT_NROWS; row++) {
		GString *want = g_string_new(NULL);

		g_string_printf(want, "%s,%s", report_rows[row].key,
		    report_rows[row].label);
		for (col = 0; col < REPORT_NCOLS; col++)
			g_string_append_printf(want, ",%lld",
			    r->cell[row][col]);
		g_assert_cmpstr(lines[row + 1], ==, want->str);
		g_string_free(want, TRUE);
	}
	g_assert_cmpstr(lines[REPORT_NROWS + 1], ==, "");
	g_assert_null(lines[REPORT_NROWS + 2]);
	g_strfreev(lines);

	json = print(report_print_json, r);
	g_assert_nonnull(strstr(json, "\"median_working_days\" : 12.5"));
	g_assert_nonnull(strstr(json, "\"fen\" : 123456789"));
	g_assert_nonnull(strstr(json, "\"yuan\" : \"1234567.89\""));
	free(json);
	free(csv);
	free(r->office);
	free(r->timezone);
	free(r->generated);
	g_free(r);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/report/types", test_types);
	g_test_add_func("/report/rows", test_rows);
	g_test_add_func("/report/columns", test_columns);
	g_test_add_func("/report/text", test_text);
	g_test_add_func("/report/csv-json", test_csv_json);
	return g_test_run();
}
