/*
 * report_p.h - what report.c shares with its printers (report_text.c,
 * report_html.c); not for other modules.
 */
#ifndef GK_REPORT_P_H
#define GK_REPORT_P_H

#include "report.h"

/* Printed over table 三, as the national template prints it. */
#define REPORT_CORNER_NOTE \
	"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

/* Table 三's column keys ("natural" ... "total") and labels. */
extern const char *const report_col_keys[REPORT_NCOLS];
const char	*report_col_label(int col);

/* Malloc'd words: "1,234.50" from fen; the on-time share "95.0%" ("—"
 * when nothing had a due date); the median working days ("—": none). */
char		*report_yuan(long long fen);
char		*report_share(const struct report *);
char		*report_median_words(const struct report *);

#endif
