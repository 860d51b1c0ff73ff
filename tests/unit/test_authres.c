/* test_authres.c - the Authentication-Results parser and the decision
 * built on it: grammar, comments, quoted strings, bounds, the topmost
 * field of our own server, alignment, and the attacks a review found. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "authres.h"

#define ID	"mail.fao.example.test"
#define DOM	"fao.example.test"

static void
test_parse_basic(void)
{
	struct authres *ar = authres_parse(ID ";\r\n"
	    "\tdkim=pass (2048-bit key) header.d=fao.example.test "
	    "header.i=@fao.example.test header.b=AbCd+/Ef12=;\r\n"
	    "\tspf=pass (" ID ": domain of chushen@fao.example.test "
	    "designates 203.0.113.9 as permitted sender) "
	    "smtp.mailfrom=chushen@fao.example.test;\r\n"
	    "\tdmarc=pass (p=quarantine dis=none) header.from=fao.example.test");

	g_assert_nonnull(ar);
	g_assert_cmpstr(ar->authserv_id, ==, ID);
	g_assert_cmpuint(ar->version, ==, 1);
	g_assert_false(ar->none);
	g_assert_cmpuint(ar->nresults, ==, 3);
	g_assert_cmpstr(ar->results[0].method, ==, "dkim");
	g_assert_cmpstr(ar->results[0].result, ==, "pass");
	g_assert_cmpuint(ar->results[0].nprops, ==, 3);
	g_assert_cmpstr(authres_prop(&ar->results[0], "header", "d"), ==, DOM);
	g_assert_cmpstr(authres_prop(&ar->results[0], "header", "i"), ==,
	    "@" DOM);
	g_assert_cmpstr(authres_prop(&ar->results[0], "header", "b"), ==,
	    "AbCd+/Ef12=");
	g_assert_cmpstr(ar->results[1].method, ==, "spf");
	g_assert_cmpstr(authres_prop(&ar->results[1], "smtp", "mailfrom"), ==,
	    "chushen@" DOM);
	g_assert_cmpstr(ar->results[2].method, ==, "dmarc");
	g_assert_cmpstr(authres_prop(&ar->results[2], "header", "from"), ==,
	    DOM);
	g_assert_null(authres_prop(&ar->results[2], "header", "d"));
	authres_free(ar);
}

static void
test_parse_grammar(void)
{
	struct authres *ar;

	/* Version, method version, reason, upper case, CFWS everywhere. */
	ar = authres_parse(" (c) \"" ID "\" (x) 1 (y) ; (z) DKIM (a) / 1 = "
	    "Pass (b) reason = \"good sig; really\" Header (c) . (d) D (e) = "
	    "(f) fao.example.test (g) ; none=fail");
	g_assert_nonnull(ar);
	g_assert_cmpstr(ar->authserv_id, ==, ID);
	g_assert_cmpuint(ar->version, ==, 1);
	g_assert_cmpuint(ar->nresults, ==, 2);
	g_assert_cmpstr(ar->results[0].method, ==, "dkim");
	g_assert_cmpuint(ar->results[0].method_version, ==, 1);
	g_assert_cmpstr(ar->results[0].result, ==, "pass");
	g_assert_cmpstr(ar->results[0].reason, ==, "good sig; really");
	g_assert_cmpstr(authres_prop(&ar->results[0], "header", "d"), ==, DOM);
	authres_free(ar);

	/* "none": nothing checked. */
	ar = authres_parse(ID " 1; none");
	g_assert_nonnull(ar);
	g_assert_true(ar->none);
	g_assert_cmpuint(ar->nresults, ==, 0);
	authres_free(ar);

	/* Nested comments with quoted pairs; a trailing ";". */
	ar = authres_parse(ID "; spf=pass (a (b \\) (c)) d) smtp.helo=x;");
	g_assert_nonnull(ar);
	g_assert_cmpuint(ar->nresults, ==, 1);
	g_assert_cmpstr(authres_prop(&ar->results[0], "smtp", "helo"), ==, "x");
	authres_free(ar);

	/* A quoted local part keeps its ";" inside the value. */
	ar = authres_parse(ID "; spf=pass smtp.mailfrom=\"a; dmarc=pass "
	    "header.from=fao.example.test\"@evil.example");
	g_assert_nonnull(ar);
	g_assert_cmpuint(ar->nresults, ==, 1);
	g_assert_cmpstr(authres_prop(&ar->results[0], "smtp", "mailfrom"), ==,
	    "a; dmarc=pass header.from=fao.example.test@evil.example");
	authres_free(ar);
}

static void
test_parse_broken(void)
{
	static const char *const bad[] = {
		"",
		ID,				/* no result */
		ID "; dkim",			/* no "=" */
		ID "; dkim=",			/* no result keyword */
		ID "; dkim=pass header",	/* property without "." */
		ID "; dkim=pass header.d",	/* no "=" */
		ID "; dkim=pass header.d=",	/* no value */
		ID "; dkim=pass (open comment",
		ID "; dkim=pass header.d=\"open",
		ID "; none; dkim=pass",		/* none is alone */
		ID "; dkim=pass; none",
		ID "; dkim=pass header.d=x junk",
		ID "; dkim=pass (((((((((deep))))))))) header.d=x",
		ID " x; dkim=pass",		/* the version is digits */
		";dkim=pass",			/* no authserv-id */
	};
	GString *s;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct authres *ar = authres_parse(bad[i]);

		if (ar != NULL)
			g_error("got a parse of [%s], want none", bad[i]);
	}
	g_assert_null(authres_parse(NULL));

	/* Bounds: more results or properties than kept, a long value. */
	s = g_string_new(ID);
	for (i = 0; i <= AUTHRES_RESULTS_MAX; i++)
		g_string_append(s, "; spf=pass");
	g_assert_null(authres_parse(s->str));
	g_string_assign(s, ID "; dkim=pass");
	for (i = 0; i <= AUTHRES_PROPS_MAX; i++)
		g_string_append(s, " header.d=x");
	g_assert_null(authres_parse(s->str));
	g_string_assign(s, ID "; dkim=pass header.d=");
	for (i = 0; i < AUTHRES_VALUE_MAX; i++)
		g_string_append_c(s, 'a');
	g_assert_null(authres_parse(s->str));
	g_string_free(s, TRUE);
}

static void
test_aligned(void)
{
	g_assert_true(authres_aligned(DOM, "FAO.Example.Test"));
	g_assert_true(authres_aligned("mail.fao.example.test", DOM));
	g_assert_true(authres_aligned(DOM, "a.b.fao.example.test"));
	g_assert_true(authres_aligned("example.cn", "mail.example.cn"));
	g_assert_true(authres_aligned("example.com", "mail.example.com"));
	g_assert_false(authres_aligned("a.example.cn", "b.example.cn"));
	g_assert_false(authres_aligned("x.com.cn", "com.cn"));
	g_assert_false(authres_aligned("evil.co.uk", "co.uk"));
	g_assert_false(authres_aligned("example.com", "com"));
	g_assert_false(authres_aligned("xfao.example.test", DOM));
	g_assert_false(authres_aligned("fao.example.test.evil", DOM));
	g_assert_false(authres_aligned("", DOM));
	g_assert_false(authres_aligned(NULL, DOM));
}

struct dcase {
	const char	*name;
	const char	*v[3];
	const char	*from_domain;
	int		 want;
};

static const struct dcase dcases[] = {
	{ "dmarc=pass for the From domain",
	    { ID "; dmarc=pass header.from=fao.example.test" }, DOM, 1 },
	{ "dmarc=pass, From domain in another case",
	    { ID "; dmarc=pass header.from=FAO.example.test" }, DOM, 1 },
	{ "the review's attack: dmarc=pass inside an address",
	    { ID "; spf=pass smtp.mailfrom=dmarc=pass@attacker.example; "
	    "dkim=none; dmarc=fail header.from=fao.example.test" }, DOM, 0 },
	{ "the attack without a dmarc result at all",
	    { ID "; spf=pass smtp.mailfrom=dmarc=pass@attacker.example" },
	    DOM, 0 },
	{ "dmarc=pass in a comment",
	    { ID "; spf=pass (dmarc=pass header.from=fao.example.test) "
	    "smtp.mailfrom=x@attacker.example" }, DOM, 0 },
	{ "dmarc=pass in a quoted string",
	    { ID "; spf=pass reason=\"dmarc=pass header.from="
	    "fao.example.test\"" }, DOM, 0 },
	{ "dmarc=pass for another domain",
	    { ID "; dmarc=pass header.from=attacker.example" }, DOM, 0 },
	{ "dmarc=pass for a parent domain is not equality",
	    { ID "; dmarc=pass header.from=example.test" }, DOM, 0 },
	{ "dmarc=pass without header.from",
	    { ID "; dmarc=pass" }, DOM, 0 },
	{ "a spoofed field below the topmost of ours",
	    { ID "; dmarc=fail header.from=fao.example.test",
	    ID "; dmarc=pass header.from=fao.example.test" }, DOM, 0 },
	{ "another server's field above ours does not count",
	    { "mx.attacker.example; dmarc=pass header.from=fao.example.test",
	    ID "; dmarc=fail header.from=fao.example.test" }, DOM, 0 },
	{ "ours below another server's decides",
	    { "mx.other.example; dmarc=fail header.from=fao.example.test",
	    ID "; dmarc=pass header.from=fao.example.test" }, DOM, 1 },
	{ "a wrong authserv-id only",
	    { "mail.fao.example.test.evil; dmarc=pass "
	    "header.from=fao.example.test" }, DOM, 0 },
	{ "an unreadable field of ours is not skipped",
	    { ID "; dmarc=pass header.from=fao.example.test (open",
	    ID "; dmarc=pass header.from=fao.example.test" }, DOM, 0 },
	{ "several results, folded",
	    { ID ";\r\n\tdkim=pass header.d=fao.example.test;\r\n"
	    "\tspf=pass smtp.mailfrom=chushen@fao.example.test;\r\n"
	    "\tdmarc=pass (p=quarantine dis=none) "
	    "header.from=fao.example.test" }, DOM, 1 },
	{ "dkim=pass aligned, dmarc=none",
	    { ID "; dkim=pass header.d=fao.example.test; dmarc=none "
	    "header.from=fao.example.test" }, DOM, 1 },
	{ "dkim=pass from a sub-domain",
	    { ID "; dkim=pass header.d=mail.fao.example.test" }, DOM, 1 },
	{ "dkim=pass by header.i",
	    { ID "; dkim=pass header.i=news@mail.fao.example.test" }, DOM,
	    1 },
	{ "dkim=pass for another domain",
	    { ID "; dkim=pass header.d=attacker.example" }, DOM, 0 },
	{ "dkim=pass aligned but dmarc=fail",
	    { ID "; dkim=pass header.d=fao.example.test; dmarc=fail "
	    "header.from=fao.example.test" }, DOM, 0 },
	{ "dkim=fail aligned",
	    { ID "; dkim=fail header.d=fao.example.test" }, DOM, 0 },
	{ "none", { ID "; none" }, DOM, 0 },
	{ "no field", { NULL }, DOM, 0 },
};

static void
test_decide(gconstpointer data)
{
	const struct dcase *c = data;
	size_t n;

	for (n = 0; n < G_N_ELEMENTS(c->v) && c->v[n] != NULL; n++)
		;
	if (authres_from_pass(c->v, n, ID, c->from_domain) != c->want)
		g_error("%s: got %d, want %d", c->name, !c->want, c->want);
	/* Our authserv-id in another case is still ours. */
	if (authres_from_pass(c->v, n, "MAIL.fao.example.test",
	    c->from_domain) != c->want)
		g_error("%s (upper-case id): got %d, want %d", c->name,
		    !c->want, c->want);
}

static void
test_decide_args(void)
{
	const char *v[] = { ID "; dmarc=pass header.from=fao.example.test" };

	g_assert_cmpint(authres_from_pass(v, 1, ID, NULL), ==, 0);
	g_assert_cmpint(authres_from_pass(v, 1, ID, ""), ==, 0);
	g_assert_cmpint(authres_from_pass(v, 1, "", DOM), ==, 0);
	g_assert_cmpint(authres_from_pass(v, 1, "mail", DOM), ==, 0);
}

int
main(int argc, char **argv)
{
	size_t i;

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/authres/parse/basic", test_parse_basic);
	g_test_add_func("/authres/parse/grammar", test_parse_grammar);
	g_test_add_func("/authres/parse/broken", test_parse_broken);
	g_test_add_func("/authres/aligned", test_aligned);
	for (i = 0; i < G_N_ELEMENTS(dcases); i++) {
		gchar *name = g_strdup_printf("/authres/decide/%zu", i);

		g_test_add_data_func(name, &dcases[i], test_decide);
		g_free(name);
	}
	g_test_add_func("/authres/decide/args", test_decide_args);
	return g_test_run();
}
