/*
 * test_address.c - the one address rule, and the plus-addresses built
 * and read back.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "address.h"
#include "mime.h"

#define OFFICE	"gongkai@fao.example.test"

/* An address the office can send to, or not. */
static void
test_valid(void)
{
	static const struct {
		const char	*addr;
		int		 want;
	} t[] = {
		{ "zhang.zhe@example.test", 1 },
		{ "gongkai+bounce-gk-2026-0007-ack-1a2b@fao.example.test", 1 },
		{ "o'brien!x@example.test", 1 },
		{ "", 0 },
		{ "no-at.example.test", 0 },
		{ "@example.test", 0 },
		{ "zhang@", 0 },
		{ "a@b@example.test", 0 },
		{ "zhang zhe@example.test", 0 },
		{ "<zhang@example.test>", 0 },
		{ "zhang,li@example.test", 0 },
		{ "zhang\"@example.test", 0 },
		{ "zhang\\@example.test", 0 },
		{ "zh\x7f@example.test", 0 },
		{ "zhang@.example.test", 0 },
		{ "zhang@example.test.", 0 },
		{ "zhang@example..test", 0 },
		{ "=?utf-8?b?5byg?=@example.test", 0 },
		/* a byte >= 0x80, in the local part and in the domain */
		{ "张喆@example.test", 0 },
		{ "zhang@例子.test", 0 },
		{ "caf\xc3\xa9@example.test", 0 },
	};
	char local[66], *a;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(t); i++) {
		if (address_valid(t[i].addr) != t[i].want)
			g_error("address_valid(\"%s\"): got %d, want %d",
			    t[i].addr, !t[i].want, t[i].want);
	}
	g_assert_false(address_valid(NULL));
	/* 64 octets before the '@' pass, 65 do not; 254 in all. */
	memset(local, 'a', 64);
	local[64] = '\0';
	a = g_strdup_printf("%s@example.test", local);
	g_assert_true(address_valid(a));
	g_free(a);
	local[64] = 'a';
	local[65] = '\0';
	a = g_strdup_printf("%s@example.test", local);
	g_assert_false(address_valid(a));
	g_free(a);
}

/*
 * A byte >= 0x80 is refused where a mail comes in (ingest answers a new
 * request only when address_valid() passes its From) and where one goes
 * out (the composer): the same rule, the same answer.
 */
static void
test_high_byte_both_ways(void)
{
	static const char *const addrs[] = {
		"张喆@example.test", "caf\xc3\xa9@example.test",
		"zhang@ex\xe4mple.test", "citizen@example.test",
	};
	struct mime_out o;
	size_t i, len;

	for (i = 0; i < G_N_ELEMENTS(addrs); i++) {
		char *raw, *err = NULL;
		int in = address_valid(addrs[i]);

		memset(&o, 0, sizeof(o));
		o.from = "外办 <" OFFICE ">";
		o.to_addr = addrs[i];
		o.subject = "受理回执";
		o.date = 1790560800LL;
		o.tz = "Asia/Shanghai";
		o.message_id = "<gk-2026-0007.ack.1@fao.example.test>";
		o.auto_submitted = "auto-generated";
		o.body = "您好。\n";
		raw = mime_compose(&o, &len, &err);
		if ((raw != NULL) != in)
			g_error("%s: ingest %s, compose %s (%s)", addrs[i],
			    in ? "takes it" : "refuses it",
			    raw ? "sends it" : "refuses it", err ? err : "");
		free(raw);
		free(err);
	}
}

static void
test_plus(void)
{
	char *a = address_plus(OFFICE, "abcdefghijklmnop234567"), *p;

	g_assert_cmpstr(a, ==, "gongkai+abcdefghijklmnop234567"
	    "@fao.example.test");
	p = address_plus_part(a, OFFICE);
	g_assert_cmpstr(p, ==, "abcdefghijklmnop234567");
	free(p);
	free(a);
	/* Read back in any case, the plus-part lower-cased. */
	p = address_plus_part("GongKai+XyZ@FAO.Example.Test", OFFICE);
	g_assert_cmpstr(p, ==, "xyz");
	free(p);
	g_assert_null(address_plus_part("gongkai@fao.example.test", OFFICE));
	g_assert_null(address_plus_part("gongkai+@fao.example.test", OFFICE));
	g_assert_null(address_plus_part("gongkaix+a@fao.example.test",
	    OFFICE));
	g_assert_null(address_plus_part("gongkai+a@other.example.test",
	    OFFICE));
	g_assert_null(address_plus("no-at", "a"));
}

static void
test_verp(void)
{
	char *a, *p, *c;

	a = address_verp(OFFICE, "gk-2026-0007", "answer", "1a2b3c4d5e6f");
	g_assert_cmpstr(a, ==, "gongkai+bounce-gk-2026-0007-answer-"
	    "1a2b3c4d5e6f@fao.example.test");
	g_assert_true(address_valid(a));
	p = address_plus_part(a, OFFICE);
	g_assert_true(address_is_verp(p));
	c = address_verp_case(p);
	g_assert_cmpstr(c, ==, "gk-2026-0007");
	free(c);
	free(p);
	free(a);

	/* Mail about no case; a long kind gives way to 64 octets. */
	a = address_verp(OFFICE, NULL, "delivery_failed_notice_to_the_"
	    "secretariat_of_the_office", "1a2b3c4d5e6f");
	g_assert_cmpint(strchr(a, '@') - a, ==, 64);
	g_assert_true(g_str_has_prefix(a, "gongkai+bounce-gongkai-delivery"));
	g_assert_true(g_str_has_suffix(a, "-1a2b3c4d5e6f@fao.example.test"));
	g_assert_true(address_valid(a));
	free(a);

	g_assert_false(address_is_verp("abcdefghijklmnop"));
	g_assert_false(address_is_verp(NULL));
	g_assert_null(address_verp_case("abcdefghijklmnop"));
	c = address_verp_case("bounce-gk-2026");
	g_assert_cmpstr(c, ==, "gk-2026");
	free(c);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/address/valid", test_valid);
	g_test_add_func("/address/high-byte-both-ways",
	    test_high_byte_both_ways);
	g_test_add_func("/address/plus", test_plus);
	g_test_add_func("/address/verp", test_verp);
	return g_test_run();
}
