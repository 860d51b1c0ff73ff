/*
 * report.c - the annual report: built from the store (store.h's annual
 * report queries) and checked; printed by report_text.c (text, CSV,
 * JSON) and report_html.c (one self-contained HTML page), which share
 * report_p.h.  See report.h for what counts where.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "calendar.h"
#include "clock.h"
#include "datadir.h"
#include "docnum.h"
#include "fields.h"
#include "form.h"
#include "report.h"
#include "report_p.h"
#include "request.h"
#include "store.h"
#include "template.h"
#include "workflow.h"
#include "xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define H1	"一、本年新收政府信息公开申请数量"
#define H2	"二、上年结转政府信息公开申请数量"
#define H3	"三、本年度办理结果"
#define H4	"四、结转下年度继续办理"
#define G3	"（三）不予公开"
#define G4	"（四）无法提供"
#define G5	"（五）不予处理"
#define G6	"（六）其他处理"

/* Table 三 of 国办公开办函〔2021〕30号, in the template's order. */
const struct report_row report_rows[REPORT_NROWS] = {
	{ "new", H1, NULL, NULL, H1 },
	{ "carried-over", H2, NULL, NULL, H2 },
	{ "disclose", H3, "（一）予以公开", NULL, "（一）予以公开" },
	{ "partial", H3,
	    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", NULL,
	    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" },
	{ "withhold:state-secret", H3, G3, "1.属于国家秘密",
	    G3 " 1.属于国家秘密" },
	{ "withhold:law-prohibited", H3, G3, "2.其他法律行政法规禁止公开",
	    G3 " 2.其他法律行政法规禁止公开" },
	{ "withhold:security-stability", H3, G3, "3.危及“三安全一稳定”",
	    G3 " 3.危及“三安全一稳定”" },
	{ "withhold:third-party", H3, G3, "4.保护第三方合法权益",
	    G3 " 4.保护第三方合法权益" },
	{ "withhold:internal-affairs", H3, G3, "5.属于三类内部事务信息",
	    G3 " 5.属于三类内部事务信息" },
	{ "withhold:process-info", H3, G3, "6.属于四类过程性信息",
	    G3 " 6.属于四类过程性信息" },
	{ "withhold:enforcement-file", H3, G3, "7.属于行政执法案卷",
	    G3 " 7.属于行政执法案卷" },
	{ "withhold:query-matter", H3, G3, "8.属于行政查询事项",
	    G3 " 8.属于行政查询事项" },
	{ "unavailable:not-held", H3, G4, "1.本机关不掌握相关政府信息",
	    G4 " 1.本机关不掌握相关政府信息" },
	{ "unavailable:needs-creation", H3, G4, "2.没有现成信息需要另行制作",
	    G4 " 2.没有现成信息需要另行制作" },
	{ "unavailable:still-unclear", H3, G4, "3.补正后申请内容仍不明确",
	    G4 " 3.补正后申请内容仍不明确" },
	{ "not-processed:petition", H3, G5, "1.信访举报投诉类申请",
	    G5 " 1.信访举报投诉类申请" },
	{ "not-processed:repeat", H3, G5, "2.重复申请", G5 " 2.重复申请" },
	{ "not-processed:publication", H3, G5, "3.要求提供公开出版物",
	    G5 " 3.要求提供公开出版物" },
	{ "not-processed:excessive", H3, G5, "4.无正当理由大量反复申请",
	    G5 " 4.无正当理由大量反复申请" },
	{ "not-processed:confirm-existing", H3, G5,
	    "5.要求行政机关确认或重新出具已获取信息",
	    G5 " 5.要求行政机关确认或重新出具已获取信息" },
	{ "other:no-correction", H3, G6,
	    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
	    G6 " 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息"
	    "公开申请" },
	{ "other:fee-unpaid", H3, G6,
	    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息"
	    "公开申请",
	    G6 " 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府"
	    "信息公开申请" },
	{ "other:misc", H3, G6, "3.其他", G6 " 3.其他" },
	{ "total", H3, "（七）总计", NULL, "（七）总计" },
	{ "carried-forward", H4, NULL, NULL, H4 },
};

#define ROW_OTHER_MISC	22

_Static_assert(REPORT_ROW_TOTAL == REPORT_NROWS - 2, "（七） before 四");
_Static_assert(ROW_OTHER_MISC == REPORT_ROW_TOTAL - 1, "其他 before （七）");

/* 20 working days is the answer period, 40 with the extension. */
const struct report_bucket report_buckets[REPORT_NBUCKETS] = {
	{ 0, 5, "0–5" },
	{ 6, 10, "6–10" },
	{ 11, 15, "11–15" },
	{ 16, 20, "16–20" },
	{ 21, 30, "21–30" },
	{ 31, 40, "31–40" },
	{ 41, -1, "41+" },
};

const char *const report_col_keys[REPORT_NCOLS] = {
	"natural", "commercial", "research", "public-welfare",
	"legal-service", "other", "total",
};

const char *
report_col_label(int col)
{
	return col == REPORT_COL_TOTAL ? "总计" : fields_types[col].label;
}

int
report_row_of_type(const char *type)
{
	int i;

	if (type == NULL)
		return -1;
	/* TYPEs counted in another's row (doc/mail.md, "Answer types"). */
	if (strcmp(type, "public-already") == 0)
		type = "disclose";
	else if (strcmp(type, "unavailable:other-agency") == 0)
		type = "unavailable:not-held";	/* 无法提供 1 (Art. 36(5)) */
	else if (strcmp(type, "other:withdrawn") == 0)
		type = "other:misc";		/* 其他处理 3 */
	for (i = REPORT_ROW_FIRST_OUTCOME; i < REPORT_ROW_TOTAL; i++)
		if (strcmp(type, report_rows[i].key) == 0)
			return i;
	return -1;
}

int
report_col_of_type(const char *applicant_type)
{
	int i;

	if (applicant_type == NULL)
		return -1;
	for (i = 0; i < FIELDS_NTYPES; i++)
		if (strcmp(applicant_type, fields_types[i].key) == 0)
			return i;
	return -1;
}

/* ------------------------------------------------------------ building */

struct build {
	struct report	*r;
	GTimeZone	*tz;
	const struct calendar *cal;
	long long	 lo, hi;
	/* day[i]: the first second of the year's i-th day, day[ndays] = hi */
	long long	 day[367];
	int		 ndays;
	int		 jan1;		/* calendar day number of 1 January */
	int		 month_first[13];	/* day index; [12] = ndays */
	int		 suspect;	/* a group says a case is wrong */
	int		*wd;		/* working days of each timed answer */
	size_t		 nwd, capwd;
	/* Working days in (first, first + i], and days of years without
	 * data among them, for i in [0, nspan]: a count of the year's answers
	 * is then a subtraction (span_count()). */
	int		 first;
	int		*work, *unknown;
	int		 nspan;
};

#define REPORT_SPAN_BEFORE	731	/* days before 1 January in it */

static long long
local_midnight(GTimeZone *tz, int y, int m, int d)
{
	GDateTime *dt = g_date_time_new(tz, y, m, d, 0, 0, 0);
	long long t;

	if (dt == NULL)
		abort();	/* the year was checked by the caller */
	t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

static void
build_days(struct build *b, int year)
{
	int i, m = 0, y, mo, d, first;

	calendar_date_make(year, 1, 1, &first);
	b->jan1 = first;
	b->ndays = 0;
	for (i = 0; i < 366; i++) {
		calendar_date_ymd(first + i, &y, &mo, &d);
		if (y != year)
			break;
		b->day[i] = local_midnight(b->tz, y, mo, d);
		if (d == 1)
			b->month_first[m++] = i;
		b->ndays++;
	}
	b->day[b->ndays] = local_midnight(b->tz, year + 1, 1, 1);
	b->month_first[12] = b->ndays;
	b->lo = b->day[0];
	b->hi = b->day[b->ndays];
}

static void
build_span(struct build *b)
{
	int i, known;

	b->first = b->jan1 - REPORT_SPAN_BEFORE;
	b->nspan = REPORT_SPAN_BEFORE + b->ndays;
	b->work = xreallocarray(NULL, b->nspan + 1, sizeof(*b->work));
	b->unknown = xreallocarray(NULL, b->nspan + 1, sizeof(*b->unknown));
	b->work[0] = b->unknown[0] = 0;
	for (i = 1; i <= b->nspan; i++) {
		b->work[i] = b->work[i - 1] +
		    calendar_is_workday(b->cal, b->first + i, &known);
		b->unknown[i] = b->unknown[i - 1] + !known;
	}
}

/* calendar_count(from, to) for from <= to, from the span when it covers
 * them. */
static int
span_count(const struct build *b, int from, int to, int *n, int *p)
{
	int i = from - b->first, j = to - b->first;

	if (i < 0 || j > b->nspan)
		return calendar_count(b->cal, from, to, n, p);
	*n = b->work[j] - b->work[i];
	*p = b->unknown[j] != b->unknown[i];
	return 0;
}

static void
build_free(struct build *b)
{
	free(b->wd);
	free(b->work);
	free(b->unknown);
	g_time_zone_unref(b->tz);
}

/* The day of the year (0 ...) of t, which lies in [lo, hi). */
static int
day_of(const struct build *b, long long t)
{
	int lo = 0, hi = b->ndays;	/* day[lo] <= t < day[hi] */

	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;

		if (b->day[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int
month_of(const struct build *b, long long t)
{
	int d = day_of(b, t), m = 0;

	while (m < 11 && b->month_first[m + 1] <= d)
		m++;
	return m;
}

static int
in_year(const struct build *b, long long t)
{
	return t >= b->lo && t < b->hi;
}

static void
add(struct report *r, int row, int col, long long n)
{
	if (col >= 0 && col != REPORT_COL_TOTAL)
		r->cell[row][col] += n;
	r->cell[row][REPORT_COL_TOTAL] += n;
}

static int
add_group(void *arg, const struct store_report_group *g)
{
	struct build *b = arg;
	struct report *r = b->r;
	int col = report_col_of_type(g->applicant_type);
	int row = g->withdrawn ? ROW_OTHER_MISC :
	    report_row_of_type(g->answer_type);

	add(r, REPORT_ROW_NEW, col, g->received);
	add(r, REPORT_ROW_CARRIED_OVER, col, g->carried_over);
	add(r, REPORT_ROW_FORWARD, col, g->carried_forward);
	/* （七） counts every closed case, so that one without a row breaks
	 * （七） = the sum of its sub-rows. */
	add(r, REPORT_ROW_TOTAL, col, g->closed);
	if (row >= 0)
		add(r, row, col, g->closed);
	else if (g->closed > 0)
		b->suspect = 1;
	if (g->bad > 0 || (col < 0 && (g->received || g->carried_over ||
	    g->closed || g->carried_forward)))
		b->suspect = 1;
	return 0;
}

static void
problem(struct report *r, char *line)
{
	r->problems = xreallocarray(r->problems, r->nproblems + 1,
	    sizeof(*r->problems));
	r->problems[r->nproblems++] = line;
}

/* The three equations of table 三 (doc/lifecycle.md, "The annual report"). */
static void
check_sums(struct report *r)
{
	int row, col;

	for (col = 0; col < REPORT_NCOLS; col++) {
		long long a = r->cell[REPORT_ROW_NEW][col] +
		    r->cell[REPORT_ROW_CARRIED_OVER][col];
		long long b = r->cell[REPORT_ROW_TOTAL][col] +
		    r->cell[REPORT_ROW_FORWARD][col];
		long long sub = 0;

		if (a != b)
			problem(r, xasprintf("column %s (%s): 一 %lld + 二 "
			    "%lld = %lld, but 三（七） %lld + 四 %lld = %lld",
			    report_col_keys[col], report_col_label(col),
			    r->cell[REPORT_ROW_NEW][col],
			    r->cell[REPORT_ROW_CARRIED_OVER][col], a,
			    r->cell[REPORT_ROW_TOTAL][col],
			    r->cell[REPORT_ROW_FORWARD][col], b));
		for (row = REPORT_ROW_FIRST_OUTCOME; row < REPORT_ROW_TOTAL;
		    row++)
			sub += r->cell[row][col];
		if (sub != r->cell[REPORT_ROW_TOTAL][col])
			problem(r, xasprintf("column %s (%s): the outcomes "
			    "（一）-（六） add up to %lld, but %lld cases "
			    "were closed (（七）)", report_col_keys[col],
			    report_col_label(col), sub,
			    r->cell[REPORT_ROW_TOTAL][col]));
	}
	for (row = 0; row < REPORT_NROWS; row++) {
		long long sum = 0;

		for (col = 0; col < FIELDS_NTYPES; col++)
			sum += r->cell[row][col];
		if (sum != r->cell[row][REPORT_COL_TOTAL])
			problem(r, xasprintf("row %s: the six applicant types "
			    "add up to %lld, but the total is %lld (a case has "
			    "an unknown applicant type)", report_rows[row].key,
			    sum, r->cell[row][REPORT_COL_TOTAL]));
	}
}

static char *
local_time(const struct build *b, long long t)
{
	return clock_iso8601((time_t)t, b->r->timezone);
}

/* Whether a stored state is "withdrawn" (撤回: not an answer). */
static int
withdrawn(const char *word)
{
	enum wf_state s;

	return workflow_state_parse(word, &s) == 0 && s == WF_WITHDRAWN;
}

/* What is wrong with a case that touches the year, or NULL. */
static char *
case_fault(const struct build *b, const struct store_report_case *c)
{
	const char *state = c->state ? c->state : "";
	int closed_state = !workflow_word_is_open(state);
	char *at = NULL, *rcv = NULL, *what = NULL;

	if (c->closed_at != 0)
		at = local_time(b, c->closed_at);
	if (report_col_of_type(c->applicant_type) < 0)
		what = xasprintf("unknown applicant type \"%s\" (not one of "
		    "the six columns)", c->applicant_type ?
		    c->applicant_type : "(none)");
	else if (c->closed_at != 0 && c->closed_at < c->received_at) {
		rcv = local_time(b, c->received_at);
		what = xasprintf("answered at %s, before it was received at "
		    "%s", at, rcv);
	} else if (closed_state && c->closed_at == 0)
		what = xasprintf("state %s but no answer time (closed_at)",
		    state);
	else if (!closed_state && c->closed_at != 0)
		what = xasprintf("answer time %s but state %s", at, state);
	else if (c->closed_at != 0 && in_year(b, c->closed_at) &&
	    !withdrawn(state)) {
		if (c->answer_type == NULL)
			what = xasprintf("answered at %s without an answer "
			    "type", at);
		else if (report_row_of_type(c->answer_type) < 0)
			what = xasprintf("answered at %s with an unknown "
			    "answer type \"%s\"", at, c->answer_type);
	}
	free(at);
	free(rcv);
	return what;
}

static int
add_fault(void *arg, const struct store_report_case *c)
{
	struct build *b = arg;
	struct report *r = b->r;
	char *what = case_fault(b, c);

	if (what == NULL)
		return 0;
	r->faults_total++;
	if (r->nfaults < REPORT_MAX_FAULTS) {
		r->faults = xreallocarray(r->faults, r->nfaults + 1,
		    sizeof(*r->faults));
		r->faults[r->nfaults].case_id = xstrdup(c->id);
		r->faults[r->nfaults].what = what;
		r->nfaults++;
	} else
		free(what);
	return 0;
}

static int
parse_day(const char *s, int *d)
{
	return s != NULL && calendar_date_parse(s, d) == 0;
}

static int
add_activity(void *arg, const struct store_report_case *c)
{
	struct build *b = arg;
	struct report *r = b->r;
	int day, due, receipt, n, p = 0, i;

	if (in_year(b, c->received_at))
		r->month_received[month_of(b, c->received_at)]++;
	if (c->closed_at == 0 || !in_year(b, c->closed_at))
		return 0;
	r->month_closed[month_of(b, c->closed_at)]++;
	if (withdrawn(c->state))
		return 0;
	r->answered++;
	day = b->jan1 + day_of(b, c->closed_at);
	if (parse_day(c->due_date, &due)) {
		r->with_due++;
		if (day <= due)
			r->on_time++;
	}
	if (!parse_day(c->receipt_date, &receipt) || receipt > day ||
	    span_count(b, receipt, day, &n, &p) == -1)
		return 0;
	if (p) {
		int y = calendar_missing_year(b->cal, receipt, day);

		r->provisional = 1;
		if (y != 0 && (r->missing_year == 0 || y < r->missing_year))
			r->missing_year = y;
	}
	r->timed++;
	for (i = 0; i < REPORT_NBUCKETS - 1; i++)
		if (n <= report_buckets[i].hi)
			break;
	r->hist[i]++;
	if (b->nwd == b->capwd) {
		b->capwd = b->capwd ? b->capwd * 2 : 1024;
		b->wd = xreallocarray(b->wd, b->capwd, sizeof(*b->wd));
	}
	b->wd[b->nwd++] = n;
	return 0;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

const struct report_figure_def report_figure_defs[REPORT_NFIGURES] = {
#define X(e, key, item, content, column, money) \
	{ key, item, content, column, "第二十条第" item "项 " content " " \
	    column, money },
	REPORT_FIGURES(X)
#undef X
};

int
report_figure_of(const char *key)
{
	int i;

	for (i = 0; key != NULL && i < REPORT_NFIGURES; i++)
		if (strcmp(report_figure_defs[i].key, key) == 0)
			return i;
	return -1;
}

/* A count: digits, no sign, at most 12; money (万元): the same with at
 * most 4 decimals after a point. */
int
report_figure_ok(int fig, const char *v)
{
	size_t n = strspn(v, "0123456789"), d = 0;

	if (fig < 0 || fig >= REPORT_NFIGURES || n == 0 || n > 12)
		return 0;
	if (v[n] == '.' && report_figure_defs[fig].money) {
		d = strspn(v + n + 1, "0123456789");
		if (d == 0 || d > 4)
			return 0;
		n += 1 + d;
	}
	return v[n] == '\0';
}

static int
add_figure(void *arg, const char *key, const char *value, const char *who,
    time_t at)
{
	struct report *r = arg;
	int i = report_figure_of(key);

	if (i < 0)
		return 0;	/* a key of a later version */
	free(r->figures[i].value);
	free(r->figures[i].who);
	r->figures[i].value = xstrdup(value);
	r->figures[i].who = xstrdup(who);
	r->figures[i].at = at;
	return 0;
}

const char *const report_rule_labels[REPORT_NRULES] = {
	"规章", "行政规范性文件",
};
const char *const report_rule_keys[REPORT_NRULES] = {
	"rules", "normative",
};
const char *const report_rule_col_labels[REPORT_NRULECOLS] = {
	"本年制发件数", "本年废止件数", "现行有效件数",
};
const char *const report_rule_col_keys[REPORT_NRULECOLS] = {
	"issued", "repealed", "in_force",
};

/* A published proactive item (store_report_proactive(): all published
 * before the year's end).  One of the year is counted under its 审核表's
 * 类别 ("" when it has none that reads), in the order the categories
 * first come; a 规章 or 行政规范性文件 also in table 二 (一). */
static int
add_item(void *arg, const char *form, long long published,
    long long repealed)
{
	struct build *b = arg;
	struct report *r = b->r;
	struct form f;
	char *problems = NULL;
	const char *name;
	long long *row = NULL;
	size_t i;
	int this_year = published >= b->lo;

	(void)form_parse(FORM_PROACTIVE, form ? form : "", &f, &problems);
	free(problems);
	if (f.category_kind != FORM_CAT_OTHER) {
		row = r->rules[f.category_kind == FORM_CAT_RULE ?
		    REPORT_RULE : REPORT_NORMATIVE];
		row[REPORT_ISSUED] += this_year;
		row[REPORT_REPEALED] += repealed >= b->lo && repealed < b->hi;
		row[REPORT_IN_FORCE] += repealed < 0 || repealed >= b->hi;
	}
	if (!this_year)
		goto out;
	r->proactive_total++;
	name = f.category != NULL ? f.category : "";
	for (i = 0; i < r->ncategories; i++)
		if (strcmp(r->categories[i].name, name) == 0)
			break;
	if (i == r->ncategories) {
		r->categories = xreallocarray(r->categories,
		    r->ncategories + 1, sizeof(*r->categories));
		r->categories[i].name = xstrdup(name);
		r->categories[i].count = 0;
		r->ncategories++;
	}
	r->categories[i].count++;
out:
	form_clear(&f);
	return 0;
}

const char *const report_channels[REPORT_NCHANNELS] = {
	"email", "letter", "visit", "portal", "fax",
};
const char *const report_channel_words[REPORT_NCHANNELS] = {
	"电子邮件", "信函", "当面提交", "网站", "传真",
};

/* A "channel" event (request.c): its detail opens with the channel. */
static int
add_channel(void *arg, const char *case_id, const struct store_event *e)
{
	struct report *r = arg;
	size_t n;
	int i;

	(void)case_id;
	for (i = 1; i < REPORT_NCHANNELS; i++) {
		n = strlen(report_channels[i]);
		if (e->detail != NULL &&
		    strncmp(e->detail, report_channels[i], n) == 0 &&
		    (e->detail[n] == ' ' || e->detail[n] == '\0')) {
			r->channels[i]++;
			break;
		}
	}
	return 0;
}

static int
add_note(void *arg, const char *case_id, const struct store_event *e)
{
	struct build *b = arg;
	struct report *r = b->r;
	struct report_note *n;

	r->notes = xreallocarray(r->notes, r->nnotes + 1, sizeof(*r->notes));
	n = &r->notes[r->nnotes++];
	n->case_id = xstrdup(case_id);
	n->at = local_time(b, e->at);
	n->actor = xstrdup(e->actor ? e->actor : "");
	n->detail = xstrdup(e->detail ? e->detail : "");
	return 0;
}

static int
add_doc(void *arg, const struct store_document *d)
{
	struct report *r = arg;
	struct report_doc *x;

	if (strcmp(d->kind, docnum_kind_name(DOCNUM_ANSWER)) != 0)
		return 0;
	r->docs = xreallocarray(r->docs, r->ndocs + 1, sizeof(*r->docs));
	x = &r->docs[r->ndocs++];
	x->case_id = xstrdup(d->case_id);
	x->number = xstrdup(d->number);
	x->issued = xstrdup(d->issued);
	x->template = xstrdup(d->template);
	return 0;
}

struct report *
report_build(struct store *st, int year, const char *office, const char *tz,
    const struct calendar *cal, time_t now, char **errp)
{
	struct report *r = xcalloc(1, sizeof(*r));
	struct build b;
	int k;

	memset(&b, 0, sizeof(b));
	b.r = r;
	b.cal = cal;
	b.tz = clock_tz(tz);
	r->year = year;
	r->table = REPORT_TABLE3;
	r->office = xstrdup(office ? office : "");
	r->timezone = xstrdup(tz ? tz : "UTC");
	r->generated = clock_iso8601(now, r->timezone);
	r->median_days = -1;
	build_days(&b, year);
	build_span(&b);

	/* The activity is added up too, and thrown away when not ok. */
	if (store_report_scan(st, b.lo, b.hi, add_group, add_activity,
	    &b) == -1)
		goto fail;
	check_sums(r);
	if (b.suspect || r->nproblems > 0) {
		if (store_report_cases(st, b.lo, b.hi, add_fault, &b) == -1)
			goto fail;
	}
	r->ok = !b.suspect && r->nproblems == 0 && r->faults_total == 0;
	if (!r->ok)
		goto out;

	if (store_report_fees(st, b.lo, b.hi, &r->fee_cases,
	    &r->fee_fen) == -1 ||
	    store_report_proactive(st, b.hi, add_item, &b) == -1 ||
	    store_report_figures(st, year, add_figure, r) == -1 ||
	    appeal_count(st, b.lo, b.hi, r->appeal) == -1 ||
	    store_report_events(st, b.lo, b.hi,
	    "[\"" REQUEST_EVENT_LATE_ALLOWED "\"]", add_note, &b) == -1 ||
	    store_report_events(st, b.lo, b.hi, "[\"channel\"]", add_channel,
	    r) == -1 ||
	    store_documents_of(st, NULL, year, add_doc, r) == -1)
		goto fail;
	r->channels[0] = r->cell[REPORT_ROW_NEW][REPORT_COL_TOTAL];
	for (k = 1; k < REPORT_NCHANNELS; k++)
		r->channels[0] -= r->channels[k];
	if (b.nwd > 0) {
		qsort(b.wd, b.nwd, sizeof(*b.wd), cmp_int);
		if (b.nwd % 2)
			r->median_days = b.wd[b.nwd / 2];
		else
			r->median_days = (b.wd[b.nwd / 2 - 1] +
			    b.wd[b.nwd / 2]) / 2.0;
	}
out:
	build_free(&b);
	return r;
fail:
	*errp = xasprintf("the report for %d could not be read from the "
	    "database; see the log above", year);
	build_free(&b);
	report_free(r);
	return NULL;
}

/* The figures sections 一, 五 and 六 may say, by template variable. */
struct vars {
	struct template_var	 v[24];
	char			*own[24];
	size_t			 n;
};

static void
var(struct vars *vs, const char *name, char *value)
{
	vs->own[vs->n] = value;
	vs->v[vs->n].name = name;
	vs->v[vs->n].value = value;
	vs->n++;
}

static char *
num(long long n)
{
	return xasprintf("%lld", n);
}

int
report_sections(struct report *r, char **errp)
{
	static const char *const names[REPORT_NSECTIONS] = {
		"report_overview", "report_problems", "report_other",
	};
	struct vars vs;
	long long corrected = 0, suits = 0;
	size_t i;
	int rv = 0;

	for (i = 0; i < APPEAL_NPARTS; i++)
		corrected += r->appeal[i][APPEAL_CORRECTED];
	suits = r->appeal[APPEAL_SUIT_DIRECT][APPEAL_TOTAL] +
	    r->appeal[APPEAL_SUIT_AFTER][APPEAL_TOTAL];
	vs.n = 0;
	var(&vs, "office_name", xstrdup(r->office));
	var(&vs, "date", xstrndup(r->generated, 10));
	var(&vs, "report_year", num(r->year));
	var(&vs, "proactive_total", num(r->proactive_total));
	var(&vs, "rules_issued", num(r->rules[REPORT_RULE][REPORT_ISSUED]));
	var(&vs, "rules_repealed",
	    num(r->rules[REPORT_RULE][REPORT_REPEALED]));
	var(&vs, "rules_in_force",
	    num(r->rules[REPORT_RULE][REPORT_IN_FORCE]));
	var(&vs, "normative_issued",
	    num(r->rules[REPORT_NORMATIVE][REPORT_ISSUED]));
	var(&vs, "normative_repealed",
	    num(r->rules[REPORT_NORMATIVE][REPORT_REPEALED]));
	var(&vs, "normative_in_force",
	    num(r->rules[REPORT_NORMATIVE][REPORT_IN_FORCE]));
	var(&vs, "requests_new",
	    num(r->cell[REPORT_ROW_NEW][REPORT_COL_TOTAL]));
	var(&vs, "requests_carried_over",
	    num(r->cell[REPORT_ROW_CARRIED_OVER][REPORT_COL_TOTAL]));
	var(&vs, "requests_closed",
	    num(r->cell[REPORT_ROW_TOTAL][REPORT_COL_TOTAL]));
	var(&vs, "requests_carried_forward",
	    num(r->cell[REPORT_ROW_FORWARD][REPORT_COL_TOTAL]));
	var(&vs, "requests_disclosed",
	    num(r->cell[REPORT_ROW_FIRST_OUTCOME][REPORT_COL_TOTAL]));
	var(&vs, "requests_partial",
	    num(r->cell[REPORT_ROW_FIRST_OUTCOME + 1][REPORT_COL_TOTAL]));
	var(&vs, "on_time_share", report_share(r));
	var(&vs, "median_days", report_median_words(r));
	var(&vs, "fee_yuan", report_yuan(r->fee_fen));
	var(&vs, "fee_cases", num(r->fee_cases));
	var(&vs, "reviews_total",
	    num(r->appeal[APPEAL_REVIEW][APPEAL_TOTAL]));
	var(&vs, "suits_total", num(suits));
	var(&vs, "corrected_total", num(corrected));
	g_assert(vs.n <= G_N_ELEMENTS(vs.v));

	for (i = 0; i < REPORT_NSECTIONS && rv == 0; i++) {
		free(r->sections[i].title);
		free(r->sections[i].body);
		r->sections[i].title = r->sections[i].body = NULL;
		rv = datadir_render(names[i], "zh", vs.v, vs.n,
		    &r->sections[i].title, &r->sections[i].body, errp);
	}
	for (i = 0; i < vs.n; i++)
		free(vs.own[i]);
	return rv;
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nproblems; i++)
		free(r->problems[i]);
	free(r->problems);
	for (i = 0; i < r->nfaults; i++) {
		free(r->faults[i].case_id);
		free(r->faults[i].what);
	}
	free(r->faults);
	for (i = 0; i < r->nnotes; i++) {
		free(r->notes[i].case_id);
		free(r->notes[i].at);
		free(r->notes[i].actor);
		free(r->notes[i].detail);
	}
	free(r->notes);
	for (i = 0; i < r->ndocs; i++) {
		free(r->docs[i].case_id);
		free(r->docs[i].number);
		free(r->docs[i].issued);
		free(r->docs[i].template);
	}
	free(r->docs);
	for (i = 0; i < r->ncategories; i++)
		free(r->categories[i].name);
	for (i = 0; i < REPORT_NFIGURES; i++) {
		free(r->figures[i].value);
		free(r->figures[i].who);
	}
	for (i = 0; i < REPORT_NSECTIONS; i++) {
		free(r->sections[i].title);
		free(r->sections[i].body);
	}
	free(r->categories);
	free(r->office);
	free(r->timezone);
	free(r->generated);
	free(r);
}

/* ------------------------------------------------------------- helpers */

/* "1,234.50" from fen. */
char *
report_yuan(long long fen)
{
	char digits[32], out[48];
	size_t n, i, o = 0;

	snprintf(digits, sizeof(digits), "%lld", fen / 100);
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	snprintf(out + o, sizeof(out) - o, ".%02lld", fen % 100);
	return xstrdup(out);
}

/* The on-time share as "95.0%", or "—" when nothing had a due date. */
char *
report_share(const struct report *r)
{
	if (r->with_due == 0)
		return xstrdup("—");
	return xasprintf("%.1f%%", 100.0 * (double)r->on_time /
	    (double)r->with_due);
}

char *
report_median_words(const struct report *r)
{
	if (r->median_days < 0)
		return xstrdup("—");
	if (r->median_days == (double)(long long)r->median_days)
		return xasprintf("%lld", (long long)r->median_days);
	return xasprintf("%.1f", r->median_days);
}
