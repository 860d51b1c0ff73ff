/* address.c - the syntax check and the plus-addresses of address.h. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "address.h"
#include "xmalloc.h"

#define VERP_PREFIX	"bounce-"

int
address_valid(const char *a)
{
	const char *at, *q;

	if (a == NULL || *a == '\0' || strlen(a) > ADDRESS_MAX ||
	    (at = strchr(a, '@')) == NULL || at == a || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL ||
	    (size_t)(at - a) > ADDRESS_LOCAL_MAX || strstr(a, "=?") != NULL ||
	    at[1] == '.' || a[strlen(a) - 1] == '.' || strstr(at, "..") != NULL)
		return 0;
	for (q = a; *q != '\0'; q++)
		if ((unsigned char)*q <= ' ' || (unsigned char)*q >= 0x7f ||
		    strchr("<>()[],;:\"\\", *q) != NULL)
			return 0;
	return 1;
}

char *
address_plus(const char *office, const char *plus)
{
	const char *at = strchr(office, '@');

	if (at == NULL)
		return NULL;
	return xasprintf("%.*s+%s%s", (int)(at - office), office, plus, at);
}

char *
address_verp(const char *office, const char *case_word, const char *kind,
    const char *random)
{
	const char *at = strchr(office, '@');
	size_t fixed;
	int kmax;

	if (at == NULL)
		return NULL;
	if (case_word == NULL)
		case_word = "gongkai";
	/* LOCAL+bounce-CASE-KIND-RANDOM: the kind gives way first. */
	fixed = (size_t)(at - office) + 1 + strlen(VERP_PREFIX) +
	    strlen(case_word) + 2 + strlen(random);
	kmax = fixed + 1 < ADDRESS_LOCAL_MAX ?
	    (int)(ADDRESS_LOCAL_MAX - fixed) : 1;
	return xasprintf("%.*s+" VERP_PREFIX "%s-%.*s-%s%s",
	    (int)(at - office), office, case_word, kmax, kind, random, at);
}

char *
address_plus_part(const char *addr, const char *office)
{
	const char *at = strrchr(addr, '@'), *oat = strchr(office, '@');
	const char *plus;
	size_t llen;
	char *d, *p;

	if (at == NULL || oat == NULL)
		return NULL;
	llen = (size_t)(oat - office);
	if (g_ascii_strcasecmp(at + 1, oat + 1) != 0)
		return NULL;
	if ((size_t)(at - addr) <= llen + 1 ||
	    g_ascii_strncasecmp(addr, office, llen) != 0 ||
	    addr[llen] != '+')
		return NULL;
	plus = addr + llen + 1;
	d = xstrndup(plus, (size_t)(at - plus));
	for (p = d; *p; p++)
		*p = g_ascii_tolower(*p);
	return d;
}

int
address_is_verp(const char *plus)
{
	return plus != NULL &&
	    strncmp(plus, VERP_PREFIX, strlen(VERP_PREFIX)) == 0;
}

char *
address_verp_case(const char *plus)
{
	const char *w;
	size_t k = 0;
	int dashes = 0;

	if (!address_is_verp(plus))
		return NULL;
	w = plus + strlen(VERP_PREFIX);
	while (w[k] != '\0' && !(w[k] == '-' && ++dashes == 3))
		k++;
	return xstrndup(w, k);
}
