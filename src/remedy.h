/*
 * remedy.h - reconsideration (行政复议) and lawsuits (行政诉讼) against an
 * answer, recorded by the secretariat so that table 四 of the annual
 * report can be counted (doc/lifecycle.md, "Reconsideration and
 * lawsuits"; doc/commands.md, `gongkai case`).
 *
 * The commands, on an answered case only, each recorded as one event of
 * the case's history (the event type is the machine word, the detail a
 * Chinese sentence with the optional note):
 *
 *	REVIEW-FILED [note]		复议申请	review-filed
 *	REVIEW-RESULT 维持|纠正|其他	复议结果	review-upheld,
 *					review-corrected, review-other
 *	SUIT-FILED [after-review]	起诉		suit-filed,
 *					suit-filed-after-review
 *	SUIT-RESULT 维持|纠正|其他	诉讼结果	suit-upheld,
 *					suit-corrected, suit-other
 *
 * The result words also read in English (upheld, corrected, other) and
 * after-review as 复议后.  Each is recorded once per case: a result
 * needs its filing, a suit after review needs a reconsideration.
 *
 * Counting (remedy_count()): a reconsideration or a suit counts in the
 * year it was filed, under the result recorded before the year's end,
 * else under 尚未审结 (pending); a suit is "direct" (未经复议直接起诉)
 * unless it was filed after-review.
 */
#ifndef GK_REMEDY_H
#define GK_REMEDY_H

#include <time.h>

struct store;

enum remedy_kind {
	REMEDY_REVIEW_FILED,
	REMEDY_REVIEW_RESULT,
	REMEDY_SUIT_FILED,
	REMEDY_SUIT_RESULT,
};

/* The columns of table 四, in its order. */
enum remedy_col {
	REMEDY_UPHELD,		/* 结果维持 */
	REMEDY_CORRECTED,	/* 结果纠正 */
	REMEDY_OTHER,		/* 其他结果 */
	REMEDY_PENDING,		/* 尚未审结 */
	REMEDY_TOTAL,		/* 总计 */
	REMEDY_NCOLS
};

/* The parts of table 四. */
enum remedy_part {
	REMEDY_REVIEW,		/* 行政复议 */
	REMEDY_SUIT_DIRECT,	/* 行政诉讼 未经复议直接起诉 */
	REMEDY_SUIT_AFTER,	/* 行政诉讼 复议后起诉 */
	REMEDY_NPARTS
};

struct remedy_cmd {
	enum remedy_kind	 kind;
	int			 after_review;	/* SUIT-FILED after-review */
	enum remedy_col		 result;	/* the RESULT commands */
	char			*note;		/* the rest; never NULL */
};

/*
 * Reads a command from words (argv[0] the keyword).  0 with *cmd filled
 * (free with remedy_cmd_clear()); 1 when argv[0] is no remedy keyword;
 * -1 with *why (static) when it is one but its argument is wrong (an
 * unknown result word).
 */
int		 remedy_parse(int argc, char **argv, struct remedy_cmd *,
		    const char **why);
void		 remedy_cmd_clear(struct remedy_cmd *);
/* The event type the command records ("review-upheld"). */
const char	*remedy_event_type(const struct remedy_cmd *);
/* What the CLI prints when it was applied, one line in English. */
const char	*remedy_done_words(const struct remedy_cmd *);

/*
 * Records the command on case_id by actor.  0; 1 with *why (static) when
 * the case cannot take it (none, not answered, recorded already, a
 * result without its filing); -1 when the store failed.
 */
int		 remedy_apply(struct store *, const char *case_id,
		    const char *actor, const struct remedy_cmd *, time_t now,
		    const char **why);

/* Table 四 of the year [lo, hi) (epoch seconds): counts[part][col]. */
int		 remedy_count(struct store *, long long lo, long long hi,
		    long long counts[REMEDY_NPARTS][REMEDY_NCOLS]);

/* The column and part words of table 四 (Chinese), and stable keys. */
extern const char *const remedy_col_labels[REMEDY_NCOLS];
extern const char *const remedy_col_keys[REMEDY_NCOLS];
extern const char *const remedy_part_labels[REMEDY_NPARTS];
extern const char *const remedy_part_keys[REMEDY_NPARTS];

#endif
