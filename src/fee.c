/*
 * fee.c - 信息处理费: progressive bands, walked from tables.  The per-page
 * bands are a fixed table; the per-item bands repeat without end, so
 * their table is the first bands and a rule for the rest.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "fee.h"
#include "xmalloc.h"

/* One band: units first..last (last 0: no end) at `rate` yuan each. */
struct fee_band {
	long long	 first;
	long long	 last;
	long long	 rate;
};

/* 按量 (Art. 5 of 109号). */
static const struct fee_band fee_page_bands[] = {
	{ 1,	30,	0 },
	{ 31,	100,	10 },
	{ 101,	200,	20 },
	{ 201,	0,	40 },
};

/* 按件 (Art. 4): the fixed start; from 31, bands of FEE_ITEM_STEP units,
 * each FEE_ITEM_RAISE yuan dearer than the one before. */
static const struct fee_band fee_item_bands[] = {
	{ 1,	10,	0 },
	{ 11,	30,	100 },
};
#define FEE_ITEM_STEP	10
#define FEE_ITEM_RAISE	100

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The item band holding unit n (n >= 1). */
static struct fee_band
fee_item_band(long long n)
{
	struct fee_band b;
	const struct fee_band *top = &fee_item_bands[NELEM(fee_item_bands) - 1];
	long long k;
	size_t i;

	for (i = 0; i < NELEM(fee_item_bands); i++)
		if (n <= fee_item_bands[i].last)
			return fee_item_bands[i];
	k = (n - top->last - 1) / FEE_ITEM_STEP;
	b.first = top->last + 1 + k * FEE_ITEM_STEP;
	b.last = b.first + FEE_ITEM_STEP - 1;
	b.rate = top->rate + (k + 1) * FEE_ITEM_RAISE;
	return b;
}

static struct fee_band
fee_page_band(long long n)
{
	size_t i;

	for (i = 0; i < NELEM(fee_page_bands) - 1; i++)
		if (n <= fee_page_bands[i].last)
			break;
	return fee_page_bands[i];
}

/*
 * Walks units from+1..to band by band; adds each band's share to *total
 * and, when out is not NULL, one line to it.  unit is "件" or "页".
 */
static void
fee_walk(struct fee_band (*band)(long long), long long from, long long to,
    const char *unit, long long *total, GString *out)
{
	struct fee_band b;
	long long n, last, count, amount;

	*total = 0;
	for (n = from + 1; n <= to; n = last + 1) {
		b = band(n);
		last = b.last == 0 || b.last > to ? to : b.last;
		count = last - n + 1;
		amount = count * b.rate;
		*total += amount;
		if (out == NULL)
			continue;
		if (b.rate == 0)
			g_string_append_printf(out,
			    "第%lld至%lld%s，免费，计%lld%s，0元\n",
			    n, last, unit, count, unit);
		else
			g_string_append_printf(out,
			    "第%lld至%lld%s，每%s%lld元，计%lld%s，%lld元\n",
			    n, last, unit, unit, b.rate, count, unit, amount);
	}
}

static int
fee_items_ok(int before, int items)
{
	return before >= 0 && items >= 0 && before <= FEE_ITEMS_MAX &&
	    items <= FEE_ITEMS_MAX - before;
}

long long
fee_per_item(int items_before_this_month, int items)
{
	long long total;

	if (!fee_items_ok(items_before_this_month, items))
		return -1;
	fee_walk(fee_item_band, items_before_this_month,
	    (long long)items_before_this_month + items, "件", &total, NULL);
	return total;
}

long long
fee_per_page(int pages)
{
	long long total;

	if (pages < 0)
		return -1;
	fee_walk(fee_page_band, 0, pages, "页", &total, NULL);
	return total;
}

char *
fee_explain_items(int items_before_this_month, int items)
{
	GString *out;
	long long before = items_before_this_month, total;

	if (!fee_items_ok(items_before_this_month, items))
		return NULL;
	out = g_string_new(NULL);
	if (items == 0)
		g_string_append_printf(out,
		    "按件计收：本自然月此前已计%lld件，本次申请0件。\n",
		    before);
	else
		g_string_append_printf(out,
		    "按件计收：本自然月此前已计%lld件，"
		    "本次申请%d件（第%lld至%lld件）。\n",
		    before, items, before + 1, before + items);
	fee_walk(fee_item_band, before, before + items, "件", &total, out);
	g_string_append_printf(out, "合计：%lld元\n", total);
	return xgstring_free(out);
}

char *
fee_explain_pages(int pages)
{
	GString *out;
	long long total;

	if (pages < 0)
		return NULL;
	out = g_string_new(NULL);
	g_string_append_printf(out, "按量计收：本次提供%d页。\n", pages);
	fee_walk(fee_page_band, 0, pages, "页", &total, out);
	g_string_append_printf(out, "合计：%lld元\n", total);
	return xgstring_free(out);
}

static int
fee_blank(const char *s)
{
	return s == NULL || *s == '\0';
}

int
fee_same_applicant(const char *id_a, const char *mail_a, const char *id_b,
    const char *mail_b)
{
	if (!fee_blank(id_a) && !fee_blank(id_b))
		return strcasecmp(id_a, id_b) == 0;
	if (fee_blank(mail_a) || fee_blank(mail_b))
		return 0;
	return strcasecmp(mail_a, mail_b) == 0;
}

char *
fee_month(const char *iso)
{
	size_t i;

	if (iso == NULL || strlen(iso) < 10)
		return NULL;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? iso[i] != '-' :
		    !g_ascii_isdigit(iso[i]))
			return NULL;
	return xstrndup(iso, 7);
}
