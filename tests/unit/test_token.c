/* test_token.c - reply tokens: round trip, every claim bound, syntax
 * limits, case-insensitive reading, and vectors computed independently. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "token.h"

/* The key of the known-answer vectors: bytes 0x00..0x1f. */
static unsigned char key[32];
static const unsigned char nonce1[TOKEN_NONCE_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static struct token_claims
claims(void)
{
	struct token_claims c = {
		.case_id = "GK-2026-0007",
		.step = "responsible",
		.recipient = "chushen@fao.example.test",
		.version = 5,
		.expires_at = 1791000000,
	};
	return c;
}

static char *
issue(const struct token_claims *c)
{
	char *t = token_issue(key, sizeof(key), c, nonce1);

	g_assert_nonnull(t);
	return t;
}

/*
 * Computed at test-writing time with Python, independently of token.c:
 *   msg = b'gongkai-token\0' + bytes([1]) + s(case) + s(step)
 *       + s(rcpt.lower()) + nonce + pack('>q', ver) + pack('>q', exp)
 *   (s(x) = pack('>I', len(x)) + x), mac = HMAC-SHA256(key, msg)[:16],
 *   token = b32encode(bytes([1]) + nonce + mac).lower().rstrip('=')
 */
static void
test_known_answer(void)
{
	struct token_claims c = claims();
	static const unsigned char nonce2[TOKEN_NONCE_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	char *got;

	got = token_issue(key, sizeof(key), &c, nonce1);
	g_assert_cmpstr(got, ==, "aeaqeayeaudaocgmgoxjcixoqqcma32hjrue6zgr");
	free(got);

	c.case_id = "GK-2026-0007";
	c.step = "approver";
	c.recipient = "shenpi@fao.example.test";
	c.version = 12;
	c.expires_at = -1;
	got = token_issue(key, sizeof(key), &c, nonce2);
	g_assert_cmpstr(got, ==, "ah7777777777775vztccrnu553m3uhg2vb2icuiy");
	free(got);
}

static void
test_round_trip(void)
{
	struct token_claims c = claims();
	unsigned char nonce[TOKEN_NONCE_LEN];
	char *t = issue(&c);
	size_t i;
	int format = 0;

	g_assert_cmpuint(strlen(t), ==, TOKEN_LEN);
	for (i = 0; t[i] != '\0'; i++)
		g_assert_nonnull(strchr("abcdefghijklmnopqrstuvwxyz234567",
		    t[i]));
	g_assert_cmpint(token_verify(key, sizeof(key), t, &c), ==, 0);
	g_assert_cmpint(token_decode(t, nonce, &format), ==, 0);
	g_assert_cmpint(format, ==, TOKEN_FORMAT);
	g_assert_cmpmem(nonce, sizeof(nonce), nonce1, sizeof(nonce1));
	g_assert_cmpint(token_decode(t, NULL, NULL), ==, 0);
	free(t);
}

static void
test_claims_bound(void)
{
	struct token_claims c = claims(), d;
	char *t = issue(&c);

	d = c;
	d.case_id = "GK-2026-0008";
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, -1);
	d = c;
	d.step = "supervising";
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, -1);
	d = c;
	d.recipient = "shenpi@fao.example.test";
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, -1);
	d = c;
	d.recipient = "chushen@fao.example.tes";
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, -1);
	d = c;
	d.version = 6;
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, -1);
	d = c;
	d.version = -5;
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, -1);
	d = c;
	d.expires_at = c.expires_at + 1;
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, -1);

	/* The same person whatever the case of the address. */
	d = c;
	d.recipient = "ChuShen@FAO.Example.TEST";
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, 0);
	free(t);

	/* Issued to an upper-case address: the same token. */
	d = c;
	d.recipient = "CHUSHEN@FAO.EXAMPLE.TEST";
	t = issue(&d);
	g_assert_cmpstr(t, ==, "aeaqeayeaudaocgmgoxjcixoqqcma32hjrue6zgr");
	free(t);
}

/* Moving bytes between adjacent fields never gives the same MAC. */
static void
test_no_field_collision(void)
{
	struct token_claims a = claims(), b = claims();
	char *ta, *tb;

	a.case_id = "GK-2026-0007r";
	a.step = "esponsible";
	ta = issue(&a);
	tb = issue(&b);
	g_assert_cmpstr(ta, !=, tb);
	g_assert_cmpint(token_verify(key, sizeof(key), ta, &b), ==, -1);
	free(ta);
	free(tb);

	a = claims();
	a.step = "responsiblec";
	a.recipient = "hushen@fao.example.test";
	ta = issue(&a);
	g_assert_cmpint(token_verify(key, sizeof(key), ta, &b), ==, -1);
	free(ta);

	a = claims();
	a.case_id = "";
	a.step = "GK-2026-0007responsible";
	ta = issue(&a);
	g_assert_cmpint(token_verify(key, sizeof(key), ta, &b), ==, -1);
	free(ta);
}

static void
test_flipped_character(void)
{
	struct token_claims c = claims();
	char *t = issue(&c), *u;
	size_t i;

	for (i = 0; i < TOKEN_LEN; i++) {
		u = g_strdup(t);
		u[i] = u[i] == 'a' ? 'b' : 'a';
		if (token_verify(key, sizeof(key), u, &c) != -1)
			g_error("flipped position %zu verifies: %s", i, u);
		g_free(u);
	}
	free(t);
}

static void
test_upper_case(void)
{
	struct token_claims c = claims();
	char *t = issue(&c);
	char *u = g_ascii_strup(t, -1);
	char *mixed = g_strdup(t);
	unsigned char nonce[TOKEN_NONCE_LEN];

	mixed[0] = g_ascii_toupper(mixed[0]);
	mixed[TOKEN_LEN - 1] = g_ascii_toupper(mixed[TOKEN_LEN - 1]);
	g_assert_cmpint(token_verify(key, sizeof(key), u, &c), ==, 0);
	g_assert_cmpint(token_verify(key, sizeof(key), mixed, &c), ==, 0);
	g_assert_cmpint(token_decode(u, nonce, NULL), ==, 0);
	g_assert_cmpmem(nonce, sizeof(nonce), nonce1, sizeof(nonce1));
	g_free(u);
	g_free(mixed);
	free(t);
}

static void
test_syntax_limits(void)
{
	struct token_claims c = claims();
	char *t = issue(&c);
	char buf[200];
	unsigned char nonce[TOKEN_NONCE_LEN];
	int format = -7;

	g_assert_cmpint(token_decode(NULL, nonce, &format), ==, -1);
	g_assert_cmpint(token_decode("", nonce, &format), ==, -1);
	g_assert_cmpint(format, ==, -7);

	/* One short, one long, padded, and far too long. */
	g_strlcpy(buf, t, TOKEN_LEN);
	g_assert_cmpint(token_decode(buf, NULL, NULL), ==, -1);
	g_assert_cmpint(token_verify(key, sizeof(key), buf, &c), ==, -1);
	g_snprintf(buf, sizeof(buf), "%sa", t);
	g_assert_cmpint(token_decode(buf, NULL, NULL), ==, -1);
	g_assert_cmpint(token_verify(key, sizeof(key), buf, &c), ==, -1);
	g_snprintf(buf, sizeof(buf), "%s==", t);
	g_assert_cmpint(token_decode(buf, NULL, NULL), ==, -1);
	memset(buf, 'a', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	g_assert_cmpint(token_decode(buf, NULL, NULL), ==, -1);

	/* The corpus placeholder: valid alphabet, 42 characters. */
	g_assert_cmpint(token_decode(
	    "abcdefghijklmnopqrstuvwxyz234567abcdefghij", NULL, NULL), ==, -1);

	/* Characters outside a-z 2-7, in place of the last one. */
	static const char bad[] = "0189=-_+ @.\xc3";
	for (size_t i = 0; bad[i] != '\0'; i++) {
		g_strlcpy(buf, t, sizeof(buf));
		buf[TOKEN_LEN - 1] = bad[i];
		if (token_decode(buf, NULL, NULL) != -1)
			g_error("character 0x%02x accepted",
			    (unsigned char)bad[i]);
	}

	/* 40 characters of another format byte: "ai…" is format 2. */
	g_strlcpy(buf, t, sizeof(buf));
	buf[1] = 'i';
	g_assert_cmpint(token_decode(buf, NULL, NULL), ==, -1);
	buf[0] = 'a';
	buf[1] = 'a';		/* format 0 */
	g_assert_cmpint(token_decode(buf, NULL, NULL), ==, -1);
	free(t);
}

static void
test_wrong_key(void)
{
	struct token_claims c = claims();
	unsigned char other[32];
	char *t = issue(&c);

	memcpy(other, key, sizeof(other));
	other[31] ^= 1;
	g_assert_cmpint(token_verify(other, sizeof(other), t, &c), ==, -1);
	g_assert_cmpint(token_verify(key, sizeof(key) - 1, t, &c), ==, -1);
	free(t);
}

static void
test_invalid_arguments(void)
{
	struct token_claims c = claims(), d;
	char *t = issue(&c);
	char *longer;

	g_assert_null(token_issue(NULL, 32, &c, nonce1));
	g_assert_null(token_issue(key, TOKEN_KEY_MIN - 1, &c, nonce1));
	g_assert_null(token_issue(key, sizeof(key), NULL, nonce1));
	g_assert_null(token_issue(key, sizeof(key), &c, NULL));
	d = c;
	d.case_id = NULL;
	g_assert_null(token_issue(key, sizeof(key), &d, nonce1));
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, -1);
	d = c;
	d.step = NULL;
	g_assert_null(token_issue(key, sizeof(key), &d, nonce1));
	d = c;
	d.recipient = NULL;
	g_assert_null(token_issue(key, sizeof(key), &d, nonce1));
	g_assert_cmpint(token_verify(NULL, 0, t, &c), ==, -1);
	g_assert_cmpint(token_verify(key, sizeof(key), t, NULL), ==, -1);

	longer = g_strnfill(TOKEN_CLAIM_MAX + 1, 'x');
	d = c;
	d.case_id = longer;
	g_assert_null(token_issue(key, sizeof(key), &d, nonce1));
	longer[TOKEN_CLAIM_MAX] = '\0';
	free(t);
	t = token_issue(key, sizeof(key), &d, nonce1);
	g_assert_nonnull(t);
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, 0);
	g_free(longer);
	free(t);

	/* Extreme integers are claims like any other. */
	d = c;
	d.version = LLONG_MIN;
	d.expires_at = LLONG_MAX;
	t = issue(&d);
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, 0);
	d.version = LLONG_MAX;
	g_assert_cmpint(token_verify(key, sizeof(key), t, &d), ==, -1);
	free(t);
}

static void
test_random_nonce(void)
{
	unsigned char a[TOKEN_NONCE_LEN], b[TOKEN_NONCE_LEN];
	struct token_claims c = claims();
	char *ta, *tb;

	token_random_nonce(a);
	token_random_nonce(b);
	/* 2^-64 chance of a false failure. */
	g_assert_true(memcmp(a, b, sizeof(a)) != 0);
	ta = token_issue(key, sizeof(key), &c, a);
	tb = token_issue(key, sizeof(key), &c, b);
	g_assert_cmpstr(ta, !=, tb);
	g_assert_cmpint(token_verify(key, sizeof(key), ta, &c), ==, 0);
	g_assert_cmpint(token_verify(key, sizeof(key), tb, &c), ==, 0);
	free(ta);
	free(tb);
}

int
main(int argc, char **argv)
{
	size_t i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)i;
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/token/known-answer", test_known_answer);
	g_test_add_func("/token/round-trip", test_round_trip);
	g_test_add_func("/token/claims-bound", test_claims_bound);
	g_test_add_func("/token/no-field-collision", test_no_field_collision);
	g_test_add_func("/token/flipped-character", test_flipped_character);
	g_test_add_func("/token/upper-case", test_upper_case);
	g_test_add_func("/token/syntax-limits", test_syntax_limits);
	g_test_add_func("/token/wrong-key", test_wrong_key);
	g_test_add_func("/token/invalid-arguments", test_invalid_arguments);
	g_test_add_func("/token/random-nonce", test_random_nonce);
	return g_test_run();
}
