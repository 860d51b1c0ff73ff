/* role.c - the list of role.h as a table, and its lookups. */
#include <stddef.h>
#include <string.h>

#include "role.h"

static const struct role_row {
	const char	*word;
	const char	*zh;
	const char	*en;
	const char	*person_en;
} roles[] = {
#define ROLE_ROW(e, w, where, req, zh, en, enp)	\
	[COMMAND_ROLE_##e] = { #w, zh, en, enp },
	ROLE_LIST(ROLE_ROW)
#undef ROLE_ROW
};

_Static_assert(sizeof(roles) / sizeof(roles[0]) == ROLE_COUNT,
    "one row per role");

static const struct role_row *
row(enum command_role role)
{
	if ((unsigned)role >= ROLE_COUNT)
		return NULL;
	return &roles[role];
}

const char *
role_word(enum command_role role)
{
	const struct role_row *r = row(role);

	return r != NULL ? r->word : NULL;
}

int
role_parse(const char *word, enum command_role *rolep)
{
	size_t i;

	for (i = 0; word != NULL && i < ROLE_COUNT; i++)
		if (strcmp(word, roles[i].word) == 0) {
			*rolep = (enum command_role)i;
			return 0;
		}
	return -1;
}

const char *
role_title(enum command_role role, const char *lang)
{
	const struct role_row *r = row(role);

	if (r == NULL)
		return NULL;
	return lang != NULL && strcmp(lang, "en") == 0 ? r->en : r->zh;
}

const char *
role_person_en(enum command_role role)
{
	const struct role_row *r = row(role);

	return r != NULL ? r->person_en : NULL;
}

const char *
role_title_of(const char *word, const char *lang)
{
	enum command_role role;

	if (role_parse(word, &role) == -1)
		return word;
	return role_title(role, lang);
}
