/* authres.c - Authentication-Results (RFC 8601).  See authres.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authres.h"
#include "xmalloc.h"

/* Deepest nesting of comments read. */
#define AUTHRES_DEPTH_MAX	8

/* Skips white space (folded or not) and comments; -1 if one is open. */
static int
skip_cfws(const char **pp)
{
	const char *p = *pp;
	int depth;

	for (;;) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
			continue;
		}
		if (*p != '(')
			break;
		depth = 1;
		p++;
		while (depth > 0) {
			if (*p == '\0')
				return -1;
			if (*p == '\\') {
				if (*++p == '\0')
					return -1;
			} else if (*p == '(') {
				if (++depth > AUTHRES_DEPTH_MAX)
					return -1;
			} else if (*p == ')')
				depth--;
			p++;
		}
	}
	*pp = p;
	return 0;
}

/* Appends c to buf (len bytes, *n used); -1 when it does not fit. */
static int
put(char *buf, size_t len, size_t *n, char c)
{
	if (*n + 1 >= len)
		return -1;
	buf[(*n)++] = c;
	buf[*n] = '\0';
	return 0;
}

/* A Keyword (letters, digits, hyphens), lower-cased into buf. */
static int
read_keyword(const char **pp, char *buf, size_t len)
{
	const char *p = *pp;
	size_t n = 0;

	buf[0] = '\0';
	while (isalnum((unsigned char)*p) || *p == '-')
		if (put(buf, len, &n, (char)tolower((unsigned char)*p++)) == -1)
			return -1;
	if (n == 0)
		return -1;
	*pp = p;
	return 0;
}

/* A quoted string (at *pp == '"'), appended unquoted to buf. */
static int
read_quoted(const char **pp, char *buf, size_t len, size_t *n)
{
	const char *p = *pp + 1;

	for (; *p != '"'; p++) {
		if (*p == '\0')
			return -1;
		if (*p == '\\' && *++p == '\0')
			return -1;
		if (*p == '\r' || *p == '\n')
			continue;	/* folding */
		if (put(buf, len, n, *p) == -1)
			return -1;
	}
	*pp = p + 1;
	return 0;
}

/* A MIME token character: no space, control or tspecial. */
static int
token_char(char c)
{
	return (unsigned char)c > ' ' && (unsigned char)c < 0x7f &&
	    strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* A value: a token or a quoted string. */
static int
read_value(const char **pp, char *buf, size_t len)
{
	const char *p = *pp;
	size_t n = 0;

	buf[0] = '\0';
	if (*p == '"') {
		if (read_quoted(&p, buf, len, &n) == -1)
			return -1;
	} else {
		while (token_char(*p))
			if (put(buf, len, &n, *p++) == -1)
				return -1;
		if (n == 0)
			return -1;
	}
	*pp = p;
	return 0;
}

/*
 * A property value: a value, or [local-part "@"] domain-name.  Read as
 * a run of quoted strings and of characters other than white space,
 * controls, parentheses, ";" and backslash, so that an address's local
 * part, whatever it holds, stays inside the value.
 */
static int
read_pvalue(const char **pp, char *buf, size_t len)
{
	const char *p = *pp;
	size_t n = 0;
	int quoted = 0;

	buf[0] = '\0';
	for (;;) {
		if (*p == '"') {
			if (read_quoted(&p, buf, len, &n) == -1)
				return -1;
			quoted = 1;
		} else if ((unsigned char)*p > ' ' && *p != 0x7f &&
		    strchr("();\\", *p) == NULL) {
			if (put(buf, len, &n, *p++) == -1)
				return -1;
		} else
			break;
	}
	if (n == 0 && !quoted)
		return -1;
	*pp = p;
	return 0;
}

/* Digits into *v (bounded). */
static int
read_number(const char **pp, unsigned int *v)
{
	const char *p = *pp;

	*v = 0;
	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (*v > 99999)
			return -1;
		*v = *v * 10 + (unsigned int)(*p - '0');
	}
	*pp = p;
	return 0;
}

/* The authserv-id at the start of value, into buf; the rest in *pp. */
static int
read_authserv_id(const char **pp, char *buf, size_t len)
{
	return skip_cfws(pp) == -1 ? -1 : read_value(pp, buf, len);
}

/* The rest of one resinfo after its ";": method, reason, properties. */
static int
read_resinfo(const char **pp, struct authres_result *r, int *none)
{
	const char *p = *pp;
	char word[AUTHRES_WORD_MAX];
	struct authres_prop *pr;

	if (read_keyword(&p, r->method, sizeof(r->method)) == -1 ||
	    skip_cfws(&p) == -1)
		return -1;
	if (*p != '=' && *p != '/') {
		/* "; none": only as the one result. */
		if (strcmp(r->method, "none") != 0)
			return -1;
		*none = 1;
		*pp = p;
		return 0;
	}
	if (*p == '/') {
		p++;
		if (skip_cfws(&p) == -1 ||
		    read_number(&p, &r->method_version) == -1 ||
		    skip_cfws(&p) == -1 || *p != '=')
			return -1;
	}
	p++;
	if (skip_cfws(&p) == -1 ||
	    read_keyword(&p, r->result, sizeof(r->result)) == -1)
		return -1;
	for (;;) {
		if (skip_cfws(&p) == -1)
			return -1;
		if (*p == ';' || *p == '\0')
			break;
		if (read_keyword(&p, word, sizeof(word)) == -1 ||
		    skip_cfws(&p) == -1)
			return -1;
		if (strcmp(word, "reason") == 0 && *p == '=' &&
		    r->nprops == 0 && r->reason[0] == '\0') {
			p++;
			if (skip_cfws(&p) == -1 || read_value(&p, r->reason,
			    sizeof(r->reason)) == -1)
				return -1;
			continue;
		}
		if (*p != '.' || r->nprops == AUTHRES_PROPS_MAX)
			return -1;
		pr = &r->props[r->nprops++];
		strcpy(pr->ptype, word);
		p++;
		if (skip_cfws(&p) == -1 || read_keyword(&p, pr->property,
		    sizeof(pr->property)) == -1 || skip_cfws(&p) == -1 ||
		    *p != '=')
			return -1;
		p++;
		if (skip_cfws(&p) == -1 || read_pvalue(&p, pr->value,
		    sizeof(pr->value)) == -1)
			return -1;
	}
	*pp = p;
	return 0;
}

struct authres *
authres_parse(const char *value)
{
	struct authres *ar = xcalloc(1, sizeof(*ar));
	const char *p = value;
	int none = 0;

	if (value == NULL || read_authserv_id(&p, ar->authserv_id,
	    sizeof(ar->authserv_id)) == -1 || skip_cfws(&p) == -1)
		goto fail;
	ar->version = 1;
	if (isdigit((unsigned char)*p) && (read_number(&p,
	    &ar->version) == -1 || skip_cfws(&p) == -1))
		goto fail;
	if (*p != ';')
		goto fail;	/* no result at all */
	while (*p == ';') {
		p++;
		if (skip_cfws(&p) == -1)
			goto fail;
		if (*p == '\0')
			break;	/* a trailing ";", as some servers write */
		if (none || ar->nresults == AUTHRES_RESULTS_MAX)
			goto fail;
		if (read_resinfo(&p, &ar->results[ar->nresults], &none) == -1)
			goto fail;
		if (none) {
			if (ar->nresults > 0)
				goto fail;
			memset(&ar->results[0], 0, sizeof(ar->results[0]));
			ar->none = 1;
		} else
			ar->nresults++;
		if (skip_cfws(&p) == -1)
			goto fail;
	}
	if (*p != '\0')
		goto fail;
	return ar;
fail:
	free(ar);
	return NULL;
}

void
authres_free(struct authres *ar)
{
	free(ar);
}

const char *
authres_prop(const struct authres_result *r, const char *ptype,
    const char *property)
{
	size_t i;

	for (i = 0; i < r->nprops; i++)
		if (strcmp(r->props[i].ptype, ptype) == 0 &&
		    strcmp(r->props[i].property, property) == 0)
			return r->props[i].value;
	return NULL;
}

/* Public second-level labels under two-letter country domains. */
static const char *const public_sld[] = {
	"ac", "co", "com", "edu", "gov", "mil", "net", "org", NULL
};

/* Whether d is fit to be the parent in an alignment. */
static int
org_parent(const char *d)
{
	const char *dot = strchr(d, '.'), *last = strrchr(d, '.');
	size_t i;

	if (dot == NULL || dot == d || last[1] == '\0')
		return 0;
	if (dot != last || strlen(last + 1) != 2)
		return 1;	/* three labels or more, or a generic TLD */
	for (i = 0; public_sld[i] != NULL; i++)
		if (strncasecmp(d, public_sld[i], (size_t)(dot - d)) == 0 &&
		    strlen(public_sld[i]) == (size_t)(dot - d))
			return 0;
	return 1;
}

int
authres_aligned(const char *a, const char *b)
{
	const char *lo, *sh;
	size_t la, lb, ls, ll;

	if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
		return 0;
	if (strcasecmp(a, b) == 0)
		return 1;
	la = strlen(a);
	lb = strlen(b);
	lo = la > lb ? a : b;
	sh = la > lb ? b : a;
	ll = la > lb ? la : lb;
	ls = la > lb ? lb : la;
	return ll > ls + 1 && lo[ll - ls - 1] == '.' &&
	    strcasecmp(lo + ll - ls, sh) == 0 && org_parent(sh);
}

/* The domain of an address or of "@domain"; the whole when no "@". */
static const char *
domain_of(const char *v)
{
	const char *at = strrchr(v, '@');

	return at ? at + 1 : v;
}

/* Whether the parse says from_domain was authenticated. */
static int
decide(const struct authres *ar, const char *from_domain)
{
	const struct authres_result *r;
	const char *v;
	size_t i;
	int ok = 0;

	for (i = 0; i < ar->nresults; i++) {
		r = &ar->results[i];
		if (strcmp(r->method, "dmarc") == 0) {
			if (strcmp(r->result, "fail") == 0)
				return 0;
			if (strcmp(r->result, "pass") == 0 &&
			    (v = authres_prop(r, "header", "from")) != NULL &&
			    strcasecmp(v, from_domain) == 0)
				ok = 1;
		} else if (strcmp(r->method, "dkim") == 0 &&
		    strcmp(r->result, "pass") == 0) {
			if (((v = authres_prop(r, "header", "d")) != NULL &&
			    authres_aligned(v, from_domain)) ||
			    ((v = authres_prop(r, "header", "i")) != NULL &&
			    authres_aligned(domain_of(v), from_domain)))
				ok = 1;
		}
	}
	return ok;
}

int
authres_from_pass(const char *const *values, size_t n,
    const char *authserv_id, const char *from_domain)
{
	char id[AUTHRES_VALUE_MAX];
	struct authres *ar;
	const char *p;
	size_t i;
	int ok;

	if (authserv_id == NULL || *authserv_id == '\0' ||
	    from_domain == NULL || *from_domain == '\0')
		return 0;
	for (i = 0; i < n; i++) {
		p = values[i];
		if (p == NULL || read_authserv_id(&p, id, sizeof(id)) == -1 ||
		    strcasecmp(id, authserv_id) != 0)
			continue;
		/* The topmost of ours decides, even when unreadable. */
		if ((ar = authres_parse(values[i])) == NULL)
			return 0;
		ok = decide(ar, from_domain);
		authres_free(ar);
		return ok;
	}
	return 0;
}
