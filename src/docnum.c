/*
 * docnum.c - document numbers (docnum.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "docnum.h"

static const struct {
	const char	*name;
	const char	*title;
} kinds[] = {
#define DOCNUM_ROW(e, k, zh)	[DOCNUM_##e] = { #k, zh },
	DOCNUM_KINDS(DOCNUM_ROW)
#undef DOCNUM_ROW
};

/*
 * The numbered templates (templates/README.md; the TEMPLATE_F_DOCUMENT
 * ones).  Every answer is an answer, and so are the notices that close a
 * case in its place (other:no-correction, other:fee-unpaid).
 */
static const struct {
	const char		*name;
	enum docnum_kind	 kind;
} templates[] = {
	{ "items_answer",		DOCNUM_ANSWER },
	{ "no_correction_notice",	DOCNUM_ANSWER },
	{ "fee_unpaid_notice",		DOCNUM_ANSWER },
	{ "correction_notice",		DOCNUM_CORRECTION },
	{ "extension_notice",		DOCNUM_EXTENSION },
	{ "fee_notice",			DOCNUM_FEE },
	{ "third_party_letter",		DOCNUM_CONSULTATION },
	{ "agency_letter",		DOCNUM_CONSULTATION },
	{ "disclosure_decision",	DOCNUM_DECISION },
	{ "withdrawal_notice",		DOCNUM_WITHDRAWAL },
};

int
docnum_kind_of(const char *name)
{
	size_t i;

	if (strncmp(name, "answer_", 7) == 0)
		return DOCNUM_ANSWER;
	for (i = 0; i < G_N_ELEMENTS(templates); i++)
		if (strcmp(name, templates[i].name) == 0)
			return (int)templates[i].kind;
	return -1;
}

const char *
docnum_kind_name(enum docnum_kind k)
{
	return (unsigned)k < DOCNUM_NKINDS ? kinds[k].name : "?";
}

const char *
docnum_kind_title(enum docnum_kind k)
{
	return (unsigned)k < DOCNUM_NKINDS ? kinds[k].title : "?";
}

const char *
docnum_series(enum docnum_kind k, char *const kind_format[DOCNUM_NKINDS],
    const char *office_format, const char **format)
{
	if ((unsigned)k < DOCNUM_NKINDS && kind_format != NULL &&
	    kind_format[k] != NULL && *kind_format[k] != '\0') {
		*format = kind_format[k];
		return kinds[k].name;
	}
	*format = office_format;
	return "office";
}

/* The length of the placeholder at p ("{n}", "{year}"), 0 if none. */
static size_t
placeholder(const char *p, const char *name)
{
	size_t n = strlen(name);

	return p[0] == '{' && strncmp(p + 1, name, n) == 0 && p[n + 1] == '}' ?
	    n + 2 : 0;
}

int
docnum_format_check(const char *fmt, const char **errp)
{
	int nn = 0, ny = 0;
	const char *p;
	size_t l;

	for (p = fmt; *p != '\0'; p++) {
		if (*p != '{')
			continue;
		if ((l = placeholder(p, "n")) > 0)
			nn++;
		else if ((l = placeholder(p, "year")) > 0)
			ny++;
		else {
			*errp = "only {year} and {n} may stand in braces";
			return -1;
		}
		p += l - 1;
	}
	if (nn != 1) {
		*errp = nn == 0 ? "has no {n}: every number would be the same" :
		    "has {n} more than once";
		return -1;
	}
	if (ny > 1) {
		*errp = "has {year} more than once";
		return -1;
	}
	return 0;
}

char *
docnum_format(const char *fmt, int year, long long n)
{
	GString *s = g_string_new(NULL);
	const char *p;
	size_t l;

	for (p = fmt; *p != '\0'; p++) {
		if ((l = placeholder(p, "n")) > 0)
			g_string_append_printf(s, "%lld", n);
		else if ((l = placeholder(p, "year")) > 0)
			g_string_append_printf(s, "%d", year);
		else {
			g_string_append_c(s, *p);
			continue;
		}
		p += l - 1;
	}
	return g_string_free(s, FALSE);
}
