/*
 * report.c - the annual report: built from the store (store.h's annual
 * report queries), checked, and printed as text, CSV, JSON or one
 * self-contained HTML page.  See report.h for what counts where.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "calendar.h"
#include "clock.h"
#include "docnum.h"
#include "fields.h"
#include "form.h"
#include "report.h"
#include "request.h"
#include "store.h"
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

#define CORNER_NOTE \
	"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

static const char *const col_keys[REPORT_NCOLS] = {
	"natural", "commercial", "research", "public-welfare",
	"legal-service", "other", "total",
};

static const char *
col_label(int col)
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
};

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
			    col_keys[col], col_label(col),
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
			    "were closed (（七）)", col_keys[col],
			    col_label(col), sub,
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
	    calendar_count(b->cal, receipt, day, &n, &p) == -1)
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
#define X(e, key, label, money) { key, label, money },
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

/* A published proactive item: counted under its 审核表's 类别 ("" when
 * it has none that reads), in the order the categories first come. */
static int
add_category(void *arg, const char *form)
{
	struct report *r = arg;
	struct form f;
	char *problems = NULL;
	const char *name;
	size_t i;

	r->proactive_total++;
	(void)form_parse(FORM_PROACTIVE, form ? form : "", &f, &problems);
	free(problems);
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
	r->office = xstrdup(office ? office : "");
	r->timezone = xstrdup(tz ? tz : "UTC");
	r->generated = clock_iso8601(now, r->timezone);
	r->median_days = -1;
	build_days(&b, year);

	if (store_report_groups(st, b.lo, b.hi, add_group, &b) == -1)
		goto fail;
	check_sums(r);
	if (b.suspect || r->nproblems > 0) {
		if (store_report_cases(st, b.lo, b.hi, 0, add_fault, &b) == -1)
			goto fail;
	}
	r->ok = !b.suspect && r->nproblems == 0 && r->faults_total == 0;
	if (!r->ok)
		goto out;

	if (store_report_cases(st, b.lo, b.hi, 1, add_activity, &b) == -1 ||
	    store_report_fees(st, b.lo, b.hi, &r->fee_cases,
	    &r->fee_fen) == -1 ||
	    store_report_proactive(st, b.lo, b.hi, add_category, r) == -1 ||
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
	free(b.wd);
	g_time_zone_unref(b.tz);
	return r;
fail:
	*errp = xasprintf("the report for %d could not be read from the "
	    "database; see the log above", year);
	free(b.wd);
	g_time_zone_unref(b.tz);
	report_free(r);
	return NULL;
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
	free(r->categories);
	free(r->office);
	free(r->timezone);
	free(r->generated);
	free(r);
}

/* ------------------------------------------------------------- helpers */

/* "1,234.50" from fen. */
static char *
yuan(long long fen)
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
static char *
share(const struct report *r)
{
	if (r->with_due == 0)
		return xstrdup("—");
	return xasprintf("%.1f%%", 100.0 * (double)r->on_time /
	    (double)r->with_due);
}

static char *
median_words(const struct report *r)
{
	if (r->median_days < 0)
		return xstrdup("—");
	if (r->median_days == (double)(long long)r->median_days)
		return xasprintf("%lld", (long long)r->median_days);
	return xasprintf("%.1f", r->median_days);
}

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
		cw[col] = text_width(col_label(col));
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
		put_cell(f, col_label(col), cw[col], 1);
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
	fprintf(f, "\n%s\n", CORNER_NOTE);
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
	char *fee = yuan(r->fee_fen), *pct = share(r), *med = median_words(r);
	size_t i;
	int m;

	fprintf(f, "%s%s%d年政府信息公开工作年度报告（统计数据）\n", r->office,
	    *r->office ? " " : "", r->year);
	fprintf(f, "生成时间：%s（gongkai）\n\n", r->generated);

	fprintf(f, "二、主动公开政府信息情况\n\n");
	fprintf(f, "  本年主动公开政府信息 %lld 条。\n", r->proactive_total);
	for (i = 0; i < r->ncategories; i++)
		fprintf(f, "    %s：%lld\n", *r->categories[i].name ?
		    r->categories[i].name : "（未分类）",
		    r->categories[i].count);
	for (i = 0; i < REPORT_NFIGURES; i++) {
		char *at = r->figures[i].value ? clock_iso8601(
		    r->figures[i].at, r->timezone) : NULL;

		if (at != NULL)
			fprintf(f, "  %s：%s（%s 于 %.10s 录入）\n",
			    report_figure_defs[i].label, r->figures[i].value,
			    r->figures[i].who, at);
		else
			fprintf(f, "  %s：未录入\n",
			    report_figure_defs[i].label);
		free(at);
	}
	fputc('\n', f);

	text_table(f, r);

	fprintf(f, "\n  本年新收申请按渠道：");
	for (m = 0; m < REPORT_NCHANNELS; m++)
		fprintf(f, "%s%s %lld", m ? "，" : "", report_channel_words[m],
		    r->channels[m]);
	fputs("\n", f);

	text_table4(f, r);

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

	fprintf(f, "\n六、其他需要报告的事项\n\n");
	fprintf(f, "  本年收取信息处理费 %s 元（%lld 件申请）。\n", fee,
	    r->fee_cases);
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

int
report_print_csv(const struct report *r, FILE *f)
{
	int row, col;

	fputs("key,项目", f);
	for (col = 0; col < REPORT_NCOLS; col++) {
		fputc(',', f);
		csv_field(f, col_label(col));
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
		json_object_set_string_member(x, "key", col_keys[col]);
		json_object_set_string_member(x, "label", col_label(col));
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
	json_object_set_object_member(o, "table3", json_table3(r));
	t = json_object_new();
	for (k = 0; k < REPORT_NCHANNELS; k++)
		json_object_set_int_member(t, report_channels[k],
		    r->channels[k]);
	json_object_set_object_member(o, "channels", t);
	json_object_set_object_member(o, "table4", json_table4(r));
	json_object_set_object_member(o, "proactive", json_proactive(r));
	json_object_set_array_member(o, "figures", json_figures(r));
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
    "footer{margin-top:24px;font-size:12px;color:#666}\n"
    /* Printed: A4 landscape, the table on the first page with the title,
     * the rest on the second. */
    "@media print{@page{size:A4 landscape;margin:10mm}"
    "body{margin:0;max-width:none;font-size:10px;line-height:1.3}"
    "h1{font-size:16px}h2{font-size:13px;margin:8px 0 4px;"
    "break-after:avoid}.sub{margin:0 0 4px}"
    "table.t3{font-size:9.5px}table.t3 th,table.t3 td{padding:1px 4px}"
    "table.t3 th{background:none}table.t3,figure{break-inside:avoid}"
    "#timeliness{break-before:page}.charts{flex-wrap:nowrap}"
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
		    "%lld</td>", report_rows[row].key, col_keys[col],
		    r->cell[row][col]);
	fputs("</tr>\n", f);
}

static void
html_table(FILE *f, const struct report *r)
{
	int row, col, n3 = REPORT_ROW_TOTAL - REPORT_ROW_FIRST_OUTCOME + 1;

	fputs("<table class=\"t3\" id=\"table3\">\n<thead>\n", f);
	fprintf(f, "<tr><th class=\"corner\" colspan=\"3\" rowspan=\"3\">%s"
	    "</th><th colspan=\"%d\">申请人情况</th></tr>\n", CORNER_NOTE,
	    REPORT_NCOLS);
	fprintf(f, "<tr><th rowspan=\"2\">%s</th><th colspan=\"%d\">"
	    "法人或其他组织</th><th rowspan=\"2\">总计</th></tr>\n<tr>",
	    col_label(0), FIELDS_NTYPES - 1);
	for (col = 1; col < FIELDS_NTYPES; col++)
		fprintf(f, "<th>%s</th>", col_label(col));
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
	char *fee = yuan(r->fee_fen), *pct = share(r), *med = median_words(r);
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

	fputs("<section id=\"proactive\">\n<h2>二、主动公开政府信息情况</h2>\n",
	    f);
	fprintf(f, "<p>本年主动公开政府信息 <b id=\"proactive-total\">%lld</b>"
	    " 条。</p>\n", r->proactive_total);
	if (r->ncategories > 0) {
		fputs("<table class=\"t3\"><tr><th>类别</th><th>条数</th>"
		    "</tr>\n", f);
		for (i = 0; i < r->ncategories; i++) {
			fputs("<tr><td class=\"l\">", f);
			html_text(f, *r->categories[i].name ?
			    r->categories[i].name : "（未分类）");
			fprintf(f, "</td><td class=\"n\">%lld</td></tr>\n",
			    r->categories[i].count);
		}
		fputs("</table>\n", f);
	}
	fputs("<table class=\"t3\" id=\"figures\"><tr><th>信息内容</th>"
	    "<th>本年数据</th></tr>\n", f);
	for (i = 0; i < REPORT_NFIGURES; i++) {
		fprintf(f, "<tr id=\"figure-%s\"><td class=\"l\">",
		    report_figure_defs[i].key);
		html_text(f, report_figure_defs[i].label);
		fputs("</td><td class=\"n\">", f);
		html_text(f, r->figures[i].value ? r->figures[i].value :
		    "未录入");
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	fputs("</section>\n", f);

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
	fprintf(f, "<section id=\"other\">\n<h2>六、其他需要报告的事项</h2>\n"
	    "<p>本年收取信息处理费 <b id=\"fees\">%s</b> 元（%lld 件申请）。"
	    "</p>\n", fee, r->fee_cases);
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
