/*
 * test_remedy.c - the remedy clause per answer TYPE: reconsideration
 * first for every 不予公开 TYPE whatever the configuration says, and for
 * the groups configured (by default the whole of a 部分公开 answer); the
 * ordinary clause for the rest, 予以公开 and 已主动公开 included.
 */
#include <glib.h>

#include "remedy.h"

static const char *const all_types[] = {
	"public-already", "disclose", "partial",
	"withhold:state-secret", "withhold:law-prohibited",
	"withhold:security-stability", "withhold:third-party",
	"withhold:internal-affairs", "withhold:process-info",
	"withhold:enforcement-file", "withhold:query-matter",
	"unavailable:not-held", "unavailable:needs-creation",
	"unavailable:still-unclear", "unavailable:other-agency",
	"not-processed:petition", "not-processed:repeat",
	"not-processed:publication", "not-processed:excessive",
	"not-processed:confirm-existing", "other:no-correction",
	"other:fee-unpaid", "other:misc", "other:withdrawn",
};

static int
first(char *const *groups, const char *type)
{
	return g_strcmp0(remedy_template(groups, type),
	    REMEDY_TEMPLATE_FIRST) == 0;
}

static void
test_default(void)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(all_types); i++) {
		const char *t = all_types[i];
		int want = g_str_has_prefix(t, "withhold:") ||
		    g_strcmp0(t, "partial") == 0;

		if (first(NULL, t) != want)
			g_error("%s: got %s", t, remedy_template(NULL, t));
	}
	g_assert_cmpstr(remedy_template(NULL, NULL), ==,
	    REMEDY_TEMPLATE_ORDINARY);
	/* a group is the whole word before the colon */
	g_assert_false(first(NULL, "withholding"));
	g_assert_false(first(NULL, "partially"));
}

static void
test_configured(void)
{
	static char w[] = "withhold", u[] = "unavailable";
	char *unavail[] = { w, u, NULL };
	char *none[] = { NULL };

	g_assert_true(first(unavail, "unavailable:not-held"));
	g_assert_true(first(unavail, "withhold:process-info"));
	g_assert_false(first(unavail, "partial"));
	g_assert_false(first(unavail, "disclose"));
	/* the law's group cannot be configured away (行政复议法 Art. 23) */
	g_assert_true(first(none, "withhold:state-secret"));
	g_assert_false(first(none, "partial"));
}

static void
test_groups(void)
{
	g_assert_true(remedy_group_valid("withhold"));
	g_assert_true(remedy_group_valid("public-already"));
	g_assert_true(remedy_group_valid("not-processed"));
	g_assert_false(remedy_group_valid("withhold:state-secret"));
	g_assert_false(remedy_group_valid(""));
	g_assert_false(remedy_group_valid(NULL));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/remedy/default", test_default);
	g_test_add_func("/remedy/configured", test_configured);
	g_test_add_func("/remedy/groups", test_groups);
	return g_test_run();
}
