/*
 * appeal.h - reconsideration (行政复议) and lawsuits (行政诉讼) against an
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
 * Counting (appeal_count()): a reconsideration or a suit counts in the
 * year it was filed, under the result recorded before the year's end,
 * else under 尚未审结 (pending); a suit is "direct" (未经复议直接起诉)
 * unless it was filed after-review.
 */
#ifndef GK_APPEAL_H
#define GK_APPEAL_H

#include <time.h>

struct store;

enum appeal_kind {
	APPEAL_REVIEW_FILED,
	APPEAL_REVIEW_RESULT,
	APPEAL_SUIT_FILED,
	APPEAL_SUIT_RESULT,
};

/* The columns of table 四, in its order. */
enum appeal_col {
	APPEAL_UPHELD,		/* 结果维持 */
	APPEAL_CORRECTED,	/* 结果纠正 */
	APPEAL_OTHER,		/* 其他结果 */
	APPEAL_PENDING,		/* 尚未审结 */
	APPEAL_TOTAL,		/* 总计 */
	APPEAL_NCOLS
};

/* The parts of table 四. */
enum appeal_part {
	APPEAL_REVIEW,		/* 行政复议 */
	APPEAL_SUIT_DIRECT,	/* 行政诉讼 未经复议直接起诉 */
	APPEAL_SUIT_AFTER,	/* 行政诉讼 复议后起诉 */
	APPEAL_NPARTS
};

struct appeal_cmd {
	enum appeal_kind	 kind;
	int			 after_review;	/* SUIT-FILED after-review */
	enum appeal_col		 result;	/* the RESULT commands */
	char			*note;		/* the rest; never NULL */
};

/*
 * Reads a command from words (argv[0] the keyword).  0 with *cmd filled
 * (free with appeal_cmd_clear()); 1 when argv[0] is no remedy keyword;
 * -1 with *why (static) when it is one but its argument is wrong (an
 * unknown result word).
 */
int		 appeal_parse(int argc, char **argv, struct appeal_cmd *,
		    const char **why);
void		 appeal_cmd_clear(struct appeal_cmd *);
/* The event type the command records ("review-upheld"). */
const char	*appeal_event_type(const struct appeal_cmd *);
/* What the CLI prints when it was applied, one line in English. */
const char	*appeal_done_words(const struct appeal_cmd *);

/*
 * Records the command on case_id by actor.  0; 1 with *why (static) when
 * the case cannot take it (none, not answered, recorded already, a
 * result without its filing); -1 when the store failed.
 */
int		 appeal_apply(struct store *, const char *case_id,
		    const char *actor, const struct appeal_cmd *, time_t now,
		    const char **why);

/* Table 四 of the year [lo, hi) (epoch seconds): counts[part][col]. */
int		 appeal_count(struct store *, long long lo, long long hi,
		    long long counts[APPEAL_NPARTS][APPEAL_NCOLS]);

/* The column and part words of table 四 (Chinese), and stable keys. */
extern const char *const appeal_col_labels[APPEAL_NCOLS];
extern const char *const appeal_col_keys[APPEAL_NCOLS];
extern const char *const appeal_part_labels[APPEAL_NPARTS];
extern const char *const appeal_part_keys[APPEAL_NPARTS];

#endif
