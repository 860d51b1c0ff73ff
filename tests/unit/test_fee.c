/* test_fee.c - 信息处理费: doc/lifecycle.md's worked examples, every band
 * boundary, the monthly running total, the explanation, and the guards. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fee.h"

/* The price of the n-th item of a month, written out independently. */
static long long
item_price(long long n)
{
	if (n <= 10)
		return 0;
	if (n <= 30)
		return 100;
	return 100 * (2 + (n - 31) / 10);
}

static long long
page_price(long long n)
{
	if (n <= 30)
		return 0;
	if (n <= 100)
		return 10;
	if (n <= 200)
		return 20;
	return 40;
}

static void
check_items(int before, int items, long long want)
{
	long long got = fee_per_item(before, items);

	if (got != want)
		g_error("fee_per_item(%d, %d): got %lld, want %lld",
		    before, items, got, want);
}

static void
check_pages(int pages, long long want)
{
	long long got = fee_per_page(pages);

	if (got != want)
		g_error("fee_per_page(%d): got %lld, want %lld",
		    pages, got, want);
}

static void
test_rules_examples(void)
{
	check_items(0, 35, 3000);	/* 20×100 + 5×200 */
	check_pages(250, 4700);		/* 70×10 + 100×20 + 50×40 */
}

static void
test_item_boundaries(void)
{
	check_items(0, 0, 0);
	check_items(0, 1, 0);
	check_items(0, 10, 0);
	check_items(0, 11, 100);
	check_items(0, 30, 2000);
	check_items(0, 31, 2200);
	check_items(0, 40, 4000);
	check_items(0, 41, 4300);
	check_items(0, 50, 7000);
	check_items(0, 51, 7400);
}

static void
test_items_before(void)
{
	check_items(10, 1, 100);	/* the 11th item of the month */
	check_items(9, 2, 100);		/* 10th free, 11th 100 */
	check_items(5, 30, 3000);	/* items 6..35 */
	check_items(29, 3, 500);	/* 30th 100, 31st and 32nd 200 */
	check_items(30, 10, 2000);	/* the whole 200 band */
	check_items(40, 1, 300);
	check_items(35, 0, 0);
	check_items(100, 1, 900);	/* 91..100 cost 800 each; 101 900 */
}

/* Against the item-by-item sum, and split months add up. */
static void
test_items_brute_force(void)
{
	long long sum = 0;
	int n, a;

	for (n = 0; n <= 300; n++) {
		if (n > 0)
			sum += item_price(n);
		check_items(0, n, sum);
	}
	for (a = 0; a <= 120; a++)
		for (n = 0; n <= 60; n++)
			if (fee_per_item(0, a) + fee_per_item(a, n) !=
			    fee_per_item(0, a + n))
				g_error("split %d + %d does not add up", a, n);
}

static void
test_page_boundaries(void)
{
	long long sum = 0;
	int n;

	check_pages(0, 0);
	check_pages(30, 0);
	check_pages(31, 10);
	check_pages(100, 700);
	check_pages(101, 720);
	check_pages(200, 2700);
	check_pages(201, 2740);
	for (n = 0; n <= 500; n++) {
		if (n > 0)
			sum += page_price(n);
		check_pages(n, sum);
	}
}

static void
test_guards(void)
{
	check_items(-1, 5, -1);
	check_items(0, -1, -1);
	check_items(INT_MIN, 0, -1);
	check_items(INT_MAX, 1, -1);
	check_items(1, INT_MAX, -1);
	check_items(INT_MAX, INT_MAX, -1);
	check_items(FEE_ITEMS_MAX, 1, -1);
	check_items(FEE_ITEMS_MAX - 1, 2, -1);
	g_assert_cmpint(fee_per_item(0, FEE_ITEMS_MAX), >, 0);
	check_items(FEE_ITEMS_MAX, 0, 0);
	check_items(FEE_ITEMS_MAX - 1, 1, item_price(FEE_ITEMS_MAX));
	check_pages(-1, -1);
	check_pages(INT_MIN, -1);
	/* The largest page count cannot overflow. */
	check_pages(INT_MAX, 2700 + 40LL * (INT_MAX - 200));
	g_assert_null(fee_explain_items(-1, 1));
	g_assert_null(fee_explain_items(1, -1));
	g_assert_null(fee_explain_items(INT_MAX, INT_MAX));
	g_assert_null(fee_explain_pages(-1));
}

static void
check_explain(char *got, const char *want)
{
	g_assert_nonnull(got);
	g_assert_cmpstr(got, ==, want);
	free(got);
}

static void
test_explain(void)
{
	char *s;

	check_explain(fee_explain_items(0, 35),
	    "按件计收：本自然月此前已计0件，本次申请35件（第1至35件）。\n"
	    "第1至10件，免费，计10件，0元\n"
	    "第11至30件，每件100元，计20件，2000元\n"
	    "第31至35件，每件200元，计5件，1000元\n"
	    "合计：3000元\n");
	check_explain(fee_explain_items(12, 30),
	    "按件计收：本自然月此前已计12件，本次申请30件（第13至42件）。\n"
	    "第13至30件，每件100元，计18件，1800元\n"
	    "第31至40件，每件200元，计10件，2000元\n"
	    "第41至42件，每件300元，计2件，600元\n"
	    "合计：4400元\n");
	g_assert_cmpint(fee_per_item(12, 30), ==, 4400);
	check_explain(fee_explain_items(3, 4),
	    "按件计收：本自然月此前已计3件，本次申请4件（第4至7件）。\n"
	    "第4至7件，免费，计4件，0元\n"
	    "合计：0元\n");
	check_explain(fee_explain_items(7, 0),
	    "按件计收：本自然月此前已计7件，本次申请0件。\n"
	    "合计：0元\n");
	check_explain(fee_explain_pages(250),
	    "按量计收：本次提供250页。\n"
	    "第1至30页，免费，计30页，0元\n"
	    "第31至100页，每页10元，计70页，700元\n"
	    "第101至200页，每页20元，计100页，2000元\n"
	    "第201至250页，每页40元，计50页，2000元\n"
	    "合计：4700元\n");
	check_explain(fee_explain_pages(31),
	    "按量计收：本次提供31页。\n"
	    "第1至30页，免费，计30页，0元\n"
	    "第31至31页，每页10元，计1页，10元\n"
	    "合计：10元\n");
	check_explain(fee_explain_pages(0),
	    "按量计收：本次提供0页。\n"
	    "合计：0元\n");

	/* The largest month stays bounded: one line per band of 10. */
	s = fee_explain_items(0, FEE_ITEMS_MAX);
	g_assert_nonnull(s);
	g_assert_cmpuint(strlen(s), <, 100 * (FEE_ITEMS_MAX / 10 + 4));
	g_assert_true(g_str_has_suffix(s, "元\n"));
	free(s);
}

/* 109号 Art. 4: one applicant, by ID number when both give one, else by
 * mail address. */
static void
test_same_applicant(void)
{
	const char *id = "310101199001011234", *mail = "a@example.test";

	g_assert_true(fee_same_applicant(id, mail, id, "b@example.test"));
	g_assert_false(fee_same_applicant(id, mail, "310101199001015678",
	    mail));
	g_assert_true(fee_same_applicant("31010119900101123X", NULL,
	    "31010119900101123x", NULL));
	/* an ID on one request only: the mail address decides */
	g_assert_true(fee_same_applicant(id, mail, NULL, "A@Example.test"));
	g_assert_true(fee_same_applicant("", mail, id, mail));
	g_assert_false(fee_same_applicant(NULL, mail, NULL,
	    "b@example.test"));
	g_assert_false(fee_same_applicant(NULL, NULL, NULL, NULL));
	g_assert_false(fee_same_applicant(id, NULL, NULL, NULL));
}

static void
test_month(void)
{
	char *m;

	m = fee_month("2026-09-30");
	g_assert_cmpstr(m, ==, "2026-09");
	free(m);
	g_assert_null(fee_month("2026-9-30"));
	g_assert_null(fee_month("2026/09/30"));
	g_assert_null(fee_month(""));
	g_assert_null(fee_month(NULL));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/fee/rules-examples", test_rules_examples);
	g_test_add_func("/fee/item-boundaries", test_item_boundaries);
	g_test_add_func("/fee/items-before", test_items_before);
	g_test_add_func("/fee/items-brute-force", test_items_brute_force);
	g_test_add_func("/fee/page-boundaries", test_page_boundaries);
	g_test_add_func("/fee/guards", test_guards);
	g_test_add_func("/fee/explain", test_explain);
	g_test_add_func("/fee/same-applicant", test_same_applicant);
	g_test_add_func("/fee/month", test_month);
	return g_test_run();
}
