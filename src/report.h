/*
 * report.h - the statutory annual report (doc/lifecycle.md): table
 * 三 of the national format (国办公开办函〔2021〕30号) exactly as
 * that format lays it out, the proactive
 * disclosures, the fees collected (section 六), and the statistics the
 * secretariat reads at a glance: the share answered on time, the median
 * working days to answer, requests and closures per month and a
 * histogram of answer times.
 *
 * What counts.  Cases of kind "request".  A year is 1 January 00:00 to 1
 * January 00:00 in the office's time zone.  A case is new in the year it
 * was received (received_at, the arrival of the applicant's mail); it is
 * closed in the year its answer was sent (closed_at), and counted there in
 * the row of its answer TYPE (public-already and disclose both under （一）
 * 予以公开; a withdrawn case under （六）3 其他).  One received before the
 * year and open at its start is carried over (二); one open at its end is
 * carried forward (四).  Table 三 is one store query
 * (store_report_scan()); the columns are fields_types[] in order, then
 * 总计.
 *
 * The checks.  一 + 二 = 三（七） + 四 in every column, （七） = the sum of
 * its sub-rows, 总计 = the sum of the six columns; and no case that touches
 * the year may be inconsistent (answered before it was received, closed
 * without an answer time or open with one, an answer without a TYPE or
 * with an unknown one, an unknown applicant type).  When any check fails
 * the report is not printed: report_build() still returns it, with
 * `ok` 0, the failed equations in `problems` and the cases at fault in
 * `faults`, and the caller exits 1 naming them.
 *
 * Timeliness (cases closed in the year with an answer sent, withdrawn ones
 * left out): on time when the answer went out, in the office's time zone,
 * on or before due_date; the working days to answer are
 * calendar_count(receipt_date, answer day), the receipt day not counted.
 *
 * Memory: report_build() returns a report the caller frees with
 * report_free() (NULL is a no-op); its strings belong to it.  The
 * printers write to a FILE and return 0, or -1 when writing failed.
 */
#ifndef GK_REPORT_H
#define GK_REPORT_H

#include <stdio.h>
#include <time.h>

#include "fields.h"
#include "appeal.h"

struct calendar;
struct store;

#define REPORT_NCOLS		(FIELDS_NTYPES + 1)	/* six types, 总计 */
#define REPORT_COL_TOTAL	FIELDS_NTYPES
#define REPORT_NROWS		25
#define REPORT_NBUCKETS		7	/* histogram of working days */
#define REPORT_MAX_FAULTS	50	/* cases named; the rest counted */

/* The rows of table 三 that are not an outcome. */
enum {
	REPORT_ROW_NEW = 0,		/* 一 */
	REPORT_ROW_CARRIED_OVER = 1,	/* 二 */
	REPORT_ROW_FIRST_OUTCOME = 2,	/* （一） ... （六）3 */
	REPORT_ROW_TOTAL = 23,		/* 三（七） */
	REPORT_ROW_FORWARD = 24,	/* 四 */
};

/*
 * A row of table 三.  `key` is stable for scripts ("new", "carried-over",
 * the answer TYPE of an outcome row, "total", "carried-forward"); `head`
 * is the top-level label (一、… 四、…), `group` the （一）…（七） label
 * under 三 and `item` the numbered reason, each NULL when the row has
 * none; `label` is the row's whole label as one line.
 */
struct report_row {
	const char	*key;
	const char	*head;
	const char	*group;
	const char	*item;
	const char	*label;
};
extern const struct report_row report_rows[REPORT_NROWS];

/* The histogram's buckets: [lo, hi] working days, hi -1 for no limit. */
struct report_bucket {
	int		 lo;
	int		 hi;
	const char	*label;
};
extern const struct report_bucket report_buckets[REPORT_NBUCKETS];

struct report_fault {
	char		*case_id;
	char		*what;		/* English, one line */
};

/* The channels a request comes by: "email", "letter", "visit",
 * "portal", "fax", with their Chinese words. */
#define REPORT_NCHANNELS	5
extern const char *const report_channels[REPORT_NCHANNELS];
extern const char *const report_channel_words[REPORT_NCHANNELS];

/* A note of the report: a step the secretariat allowed against a time
 * limit (ALLOW-LATE-CORRECTION), with its reason. */
struct report_note {
	char		*case_id;
	char		*at;		/* ISO 8601, the office's time */
	char		*actor;
	char		*detail;	/* the recorded text, with the reason */
};

/* An answer of the year with its document number (文号): the case list. */
struct report_doc {
	char		*case_id;
	char		*number;
	char		*issued;	/* YYYY-MM-DD */
	char		*template;	/* the answer's: answer_disclose */
};

/* Table 二's figures from other systems (`gongkai report set`): the
 * 30号 rows (五), (六) and (八), by key, with the item of 第二十条 they
 * belong to, the row's 信息内容 and its column. */
#define REPORT_FIGURES(X) \
	X(LICENSING, "licensing", "（五）", "行政许可", "本年处理决定数量", 0) \
	X(PENALTY, "penalty", "（六）", "行政处罚", "本年处理决定数量", 0) \
	X(ENFORCEMENT, "enforcement", "（六）", "行政强制", \
	    "本年处理决定数量", 0) \
	X(CHARGES, "charges", "（八）", "行政事业性收费", \
	    "本年收费金额（单位：万元）", 1)
enum report_figure {
#define X(e, key, item, content, column, money) REPORT_FIG_##e,
	REPORT_FIGURES(X)
#undef X
	REPORT_NFIGURES
};
struct report_figure_def {
	const char	*key;
	const char	*item;		/* （五） */
	const char	*content;	/* 行政许可 */
	const char	*column;	/* 本年处理决定数量 */
	const char	*label;		/* all of them in one line */
	int		 money;		/* 万元, up to 4 decimals; else a count */
};
extern const struct report_figure_def report_figure_defs[REPORT_NFIGURES];
/* key's figure, or -1; report_figure_ok(): value valid for it. */
int	report_figure_of(const char *key);
int	report_figure_ok(int fig, const char *value);

struct report_figure_value {
	char		*value;		/* NULL: not entered */
	char		*who;
	time_t		 at;
};

/* Table 二, 第二十条第（一）项: the rows and columns. */
enum report_rule { REPORT_RULE, REPORT_NORMATIVE, REPORT_NRULES };
enum report_rule_col {
	REPORT_ISSUED,		/* 本年制发件数 */
	REPORT_REPEALED,	/* 本年废止件数 */
	REPORT_IN_FORCE,	/* 现行有效件数 */
	REPORT_NRULECOLS
};
extern const char *const report_rule_labels[REPORT_NRULES];
extern const char *const report_rule_keys[REPORT_NRULES];
extern const char *const report_rule_col_labels[REPORT_NRULECOLS];
extern const char *const report_rule_col_keys[REPORT_NRULECOLS];

struct report_category {
	char		*name;		/* "" when a case has none */
	long long	 count;
};

/* Sections 一, 五 and 六: a heading and text the office writes, from
 * the templates report_overview, report_problems and report_other with
 * the year's figures filled in (report_sections()). */
enum report_section {
	REPORT_SEC_OVERVIEW,	/* 一、总体情况 */
	REPORT_SEC_PROBLEMS,	/* 五、存在的主要问题及改进情况 */
	REPORT_SEC_OTHER,	/* 六、其他需要报告的事项 */
	REPORT_NSECTIONS
};
struct report_text {
	char		*title;		/* NULL: not rendered */
	char		*body;
};

/* The tables one can ask CSV for: 二, 三, 四. */
enum report_table { REPORT_TABLE2 = 2, REPORT_TABLE3 = 3, REPORT_TABLE4 = 4 };

struct report {
	int		 year;
	enum report_table table;	/* CSV's; REPORT_TABLE3 by default */
	char		*office;	/* [office] name */
	char		*timezone;
	char		*generated;	/* ISO 8601, the time of the report */

	struct report_text sections[REPORT_NSECTIONS];

	/* Table 三 */
	long long	 cell[REPORT_NROWS][REPORT_NCOLS];

	/* The checks: ok is 1 when every one holds and no case is at
	 * fault; problems are the failed equations, one line each. */
	int		 ok;
	char		**problems;
	size_t		 nproblems;
	struct report_fault *faults;	/* at most REPORT_MAX_FAULTS */
	size_t		 nfaults;
	long long	 faults_total;	/* all of them */

	/* 二、主动公开: the year's published proactive items, by the 类别
	 * of their 审核表 ("" when none reads); (一): the items whose 类别
	 * is 规章 or 行政规范性文件, published in the year (issued),
	 * repealed in it (REPEAL), and published by its end and not
	 * repealed by then (in force) */
	long long	 proactive_total;
	long long	 rules[REPORT_NRULES][REPORT_NRULECOLS];
	struct report_figure_value figures[REPORT_NFIGURES];
	struct report_category *categories;
	size_t		 ncategories;

	/* 六、信息处理费: cases with a "paid" event in the year */
	long long	 fee_cases;
	long long	 fee_fen;

	/* Table 四: 行政复议, 行政诉讼 direct and after reconsideration
	 * (appeal.h: counted in the year filed) */
	long long	 appeal[APPEAL_NPARTS][APPEAL_NCOLS];

	/* Requests received in the year by channel (report_channels[]):
	 * mail, and those opened by `gongkai open` (条例 Art. 31) */
	long long	 channels[REPORT_NCHANNELS];

	/* Notes: late correction notices the secretariat allowed in the
	 * year (条例 Art. 30), oldest first per case */
	struct report_note *notes;
	size_t		 nnotes;

	/* The answers numbered in the year (the office's documents of
	 * kind answer, docnum.h), in the order they went */
	struct report_doc *docs;
	size_t		 ndocs;

	/* Timeliness of the answers sent in the year */
	long long	 answered;	/* closed in the year, not withdrawn */
	long long	 with_due;	/* of which with a due date */
	long long	 on_time;	/* of which answered by it */
	long long	 timed;		/* with a usable receipt date */
	double		 median_days;	/* working days; -1 when none */
	long long	 hist[REPORT_NBUCKETS];
	int		 provisional;	/* a day counted without calendar
					   data */
	int		 missing_year;	/* the first such year, or 0 */

	/* Per month (0 = January) */
	long long	 month_received[12];
	long long	 month_closed[12];	/* withdrawn ones included */
};

/*
 * Builds the report of `year` from the store.  tz is the office's IANA
 * time zone, cal the working-day calendar (NULL: weekdays only, every
 * count provisional), now the time the report says it was made.  The
 * report (also when its checks fail), or NULL with *errp (the caller's)
 * when the store failed.
 */
struct report	*report_build(struct store *, int year, const char *office,
		    const char *tz, const struct calendar *cal, time_t now,
		    char **errp);
void		 report_free(struct report *);

/*
 * Renders sections 一, 五 and 六 into r->sections from the loaded
 * templates (datadir.h) with the report's figures: 0, or -1 with *errp
 * (the caller frees it) when a template fails.
 */
int		 report_sections(struct report *, char **errp);

/* The row of an answer TYPE, or -1 when it is none of the 22. */
int		 report_row_of_type(const char *type);
/* The column of an applicant type key, or -1 when it is unknown. */
int		 report_col_of_type(const char *applicant_type);

int		 report_print_text(const struct report *, FILE *);
/* CSV: the table r->table, one row per line (CRLF), with a header. */
int		 report_print_csv(const struct report *, FILE *);
int		 report_print_json(const struct report *, FILE *);
int		 report_print_html(const struct report *, FILE *);

#endif
