/*
 * remedy.c - the remedy clause an answer TYPE carries (remedy.h).
 */
#include <string.h>

#include "remedy.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const remedy_groups[] = {
	"public-already", "disclose", "partial", "withhold", "unavailable",
	"not-processed", "other",
};

int
remedy_group_valid(const char *group)
{
	size_t i;

	for (i = 0; group != NULL && i < NELEM(remedy_groups); i++)
		if (strcmp(group, remedy_groups[i]) == 0)
			return 1;
	return 0;
}

/* Whether `type` (GROUP or GROUP:reason) is of `group`. */
static int
remedy_in_group(const char *type, const char *group)
{
	size_t n = strlen(group);

	return strncmp(type, group, n) == 0 &&
	    (type[n] == '\0' || type[n] == ':');
}

const char *
remedy_template(char *const *review_first, const char *type)
{
	static const char *const def[] = { "withhold", "partial", NULL };
	const char *const *g = review_first != NULL ?
	    (const char *const *)review_first : def;
	size_t i;

	if (type == NULL)
		return REMEDY_TEMPLATE_ORDINARY;
	/* the law's group, whatever the configuration says */
	if (remedy_in_group(type, REMEDY_REVIEW_FIRST_REQUIRED))
		return REMEDY_TEMPLATE_FIRST;
	for (i = 0; g[i] != NULL; i++)
		if (remedy_in_group(type, g[i]))
			return REMEDY_TEMPLATE_FIRST;
	return REMEDY_TEMPLATE_ORDINARY;
}
