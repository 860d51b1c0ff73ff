/*
 * remedy.h - which remedy clause an answer carries (templates/README.md,
 * "Remedy clause"; doc/lifecycle.md).  Every answer states the remedies:
 * 行政复议 within 60 days (行政复议法 Art. 20) to the reconsideration body
 * ([remedy] reconsideration_body), or 行政诉讼 within 6 months (行政诉讼法
 * Art. 46), and 15 days after a reconsideration decision or after the
 * reconsideration period ends without one (Art. 45).  For the groups of
 * [remedy] review_first, reconsideration must come first (行政复议法 Art.
 * 23 ¶1(4), ¶2): always 不予公开 (withhold), and by default the whole of a
 * 部分公开 (partial) answer.  Pure: no I/O.
 *
 * The groups are the part of an answer TYPE before its colon:
 * public-already, disclose, partial, withhold, unavailable,
 * not-processed, other.
 */
#ifndef GK_REMEDY_H
#define GK_REMEDY_H

#define REMEDY_TEMPLATE_FIRST	"remedy_review_first"
#define REMEDY_TEMPLATE_ORDINARY "remedy_ordinary"

/* The default [remedy] review_first, and the group the law requires. */
#define REMEDY_REVIEW_FIRST_DEFAULT	"withhold,partial"
#define REMEDY_REVIEW_FIRST_REQUIRED	"withhold"

/* 1 when `group` names a group of answer TYPEs. */
int		 remedy_group_valid(const char *group);

/*
 * The template of the remedy clause for an answer of `type` (a TYPE,
 * withhold:state-secret; NULL or unknown: disclose), given the groups
 * that must go to reconsideration first (NULL-terminated; NULL: the
 * default).
 */
const char	*remedy_template(char *const *review_first, const char *type);

#endif
