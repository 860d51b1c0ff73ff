/*
 * authres.h - reading Authentication-Results header fields (RFC 8601)
 * and deciding whether a mail's From domain was authenticated.
 *
 * The parser follows the RFC's grammar: an authserv-id (a token or a
 * quoted string), an optional version, then either "none" or results
 * separated by ";", each `method[/version]=result`, an optional
 * `reason=value` and `ptype.property=value` properties.  Comments
 * ("( ... )", nested, with quoted pairs) and folding white space may
 * stand between any two parts; a property value is one word (dots and
 * "@" included, so smtp.mailfrom=dmarc=pass@x is one value) or a quoted
 * string.  Keywords are lower-cased; values are kept as written.
 *
 * Pure and bounded: no I/O, at most AUTHRES_RESULTS_MAX results of at
 * most AUTHRES_PROPS_MAX properties, words and values of at most
 * AUTHRES_WORD_MAX and AUTHRES_VALUE_MAX - 1 bytes.  A field that breaks
 * the grammar or a bound is not read at all (authres_parse() returns
 * NULL): a mail whose authentication cannot be read is not authenticated.
 */
#ifndef GK_AUTHRES_H
#define GK_AUTHRES_H

#include <stddef.h>

#define AUTHRES_RESULTS_MAX	16
#define AUTHRES_PROPS_MAX	12
#define AUTHRES_WORD_MAX	64
#define AUTHRES_VALUE_MAX	512

struct authres_prop {
	char	ptype[AUTHRES_WORD_MAX];	/* "header", lower case */
	char	property[AUTHRES_WORD_MAX];	/* "from", lower case */
	char	value[AUTHRES_VALUE_MAX];	/* as written, unquoted */
};

struct authres_result {
	char			method[AUTHRES_WORD_MAX];  /* "dmarc" */
	unsigned int		method_version;		/* 0: none given */
	char			result[AUTHRES_WORD_MAX];  /* "pass" */
	char			reason[AUTHRES_VALUE_MAX]; /* "" if none */
	struct authres_prop	props[AUTHRES_PROPS_MAX];
	size_t			nprops;
};

struct authres {
	char			authserv_id[AUTHRES_VALUE_MAX];
	unsigned int		version;	/* 1 when none is given */
	int			none;		/* "; none": nothing checked */
	struct authres_result	results[AUTHRES_RESULTS_MAX];
	size_t			nresults;
};

/*
 * Parses one field value (unfolded or not; the header name excluded).
 * Returns the parse (the caller's, authres_free()) or NULL when the
 * value breaks the grammar or a bound.
 */
struct authres	*authres_parse(const char *value);
void		 authres_free(struct authres *);

/* The value of ptype.property in r (the first), or NULL. */
const char	*authres_prop(const struct authres_result *r,
		    const char *ptype, const char *property);

/*
 * Relaxed alignment of two domains, case-insensitively: equal, or one a
 * sub-domain of the other, where the parent has at least two labels and
 * is not a public second-level domain of a two-letter country (com.cn,
 * gov.cn, co.uk ...).  Without the public suffix list this is a simple
 * stand-in for DMARC's organisational domain, and stricter than it:
 * "mail.example.cn" and "example.cn" align; siblings ("a.example.cn",
 * "b.example.cn") and "x.com.cn" with "com.cn" do not.
 */
int		 authres_aligned(const char *a, const char *b);

/*
 * Whether the mail was authenticated for from_domain (the domain of its
 * single From address), judged by the topmost of the fields values[0..n)
 * (topmost first) whose authserv-id is authserv_id (case-insensitive);
 * fields below it or stamped by others do not count.  Yes when that
 * field parses and holds no dmarc=fail, and holds either a dmarc=pass
 * whose header.from equals from_domain, or a dkim=pass whose header.d
 * (or the domain of header.i) is aligned with from_domain.  Returns 1
 * or 0.
 */
int		 authres_from_pass(const char *const *values, size_t n,
		    const char *authserv_id, const char *from_domain);

#endif
