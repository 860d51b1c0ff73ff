/*
 * fee.h - 信息处理费, the information-processing fee of 国办函〔2020〕109号
 * (doc/lifecycle.md): the amount and the line-by-line calculation for
 * the 收费通知 (fee notice).  Pure: no I/O, no clock, no database.
 *
 * Amounts are whole 元 (yuan), as long long: every rate is a whole number
 * of yuan, so nothing is ever rounded.
 *
 * Two modes, progressive on the excess (超额累进); the office picks one per
 * application, never both (F-MODE):
 *
 *   per item (按件), counted per applicant per natural month (自然月),
 *   cumulatively: the fee of an application is what its items cost given
 *   the items the applicant already had that month.
 *	items 1-10	free
 *	items 11-30	100元/件
 *	items 31-40	200元/件	(from 31, each further band of 10
 *	items 41-50	300元/件	 adds 100元/件: the project's reading,
 *	...				 not the notice's own words)
 *
 *   per page (按量), per application:
 *	pages 1-30	free
 *	pages 31-100	10元/页
 *	pages 101-200	20元/页
 *	pages 201-	40元/页
 *
 * Worked examples: 35 items in one month cost 20×100 + 5×200 =
 * 3000元; 250 pages cost 70×10 + 100×20 + 50×40 = 4700元.
 *
 * Limits and failure.  Counts are never negative.  Per item, the month's
 * running total (items_before + items) is at most FEE_ITEMS_MAX, which
 * bounds both the amount and the length of the explanation (one line per
 * band of 10).  Pages may be any int (the amount cannot overflow a long
 * long).  Out of range: fee_per_item()/fee_per_page() return -1 and the
 * explanations NULL.  Who pays, waivers (F-WAIVE) and what counts as a
 * page (F-PAGES) are the handler's decision, not this module's.
 *
 * Memory: fee_explain_*() return a malloc'd string the caller frees with
 * free().
 */
#ifndef GK_FEE_H
#define GK_FEE_H

#define FEE_ITEMS_MAX	10000	/* items per applicant per month */

/*
 * The fee in yuan for `items` items when the applicant already had
 * `items_before` items this month; -1 when either is negative or their
 * sum exceeds FEE_ITEMS_MAX.
 */
long long	 fee_per_item(int items_before_this_month, int items);

/* The fee in yuan for `pages` pages; -1 when pages is negative. */
long long	 fee_per_page(int pages);

/*
 * The calculation in Chinese for the fee notice, one line per band that
 * the application touches, each ending in "\n", then the total; e.g. for
 * fee_explain_items(0, 35):
 *
 *	按件计收：本自然月此前已计0件，本次申请35件（第1至35件）。
 *	第1至10件，免费，计10件，0元
 *	第11至30件，每件100元，计20件，2000元
 *	第31至35件，每件200元，计5件，1000元
 *	合计：3000元
 *
 * NULL for the arguments that make fee_per_item() return -1.  With no
 * items the text says so and the total is 0元.
 */
char		*fee_explain_items(int items_before_this_month, int items);

/*
 * The same for pages, e.g. fee_explain_pages(250):
 *
 *	按量计收：本次提供250页。
 *	第1至30页，免费，计30页，0元
 *	第31至100页，每页10元，计70页，700元
 *	第101至200页，每页20元，计100页，2000元
 *	第201至250页，每页40元，计50页，2000元
 *	合计：4700元
 *
 * NULL when pages is negative.
 */
char		*fee_explain_pages(int pages);

/*
 * Who counts as the same applicant for the month's running total (109号
 * Art. 4): by the identity document number when both requests give one
 * (compared as stored, letters in either case: a final X or x), else by
 * the mail address (case-insensitive).  1 when the same, 0 when not
 * (nothing to compare: not the same).
 */
int		 fee_same_applicant(const char *id_a, const char *mail_a,
		    const char *id_b, const char *mail_b);

/*
 * The calendar month ("YYYY-MM") of a date YYYY-MM-DD: the month whose
 * items an application counts with.  NULL when iso is not such a date.
 */
char		*fee_month(const char *iso);

#endif
