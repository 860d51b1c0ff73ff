/*
 * token.c - reply tokens: base32 of format, nonce and a truncated
 * HMAC-SHA256 over length-prefixed claims (token.h has the layout).
 */
#include <sys/random.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "log.h"
#include "token.h"
#include "xmalloc.h"

#define TOKEN_RAW_LEN	(1 + TOKEN_NONCE_LEN + TOKEN_MAC_LEN)	/* 25 */
#define TOKEN_DOMAIN	"gongkai-token"

static const char token_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

/* The value of a base32 character in either case, or -1. */
static int
token_b32_value(unsigned char ch)
{
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a';
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= '2' && ch <= '7')
		return ch - '2' + 26;
	return -1;
}

/* RFC 4648 base32 of len bytes, lower case, no padding, into out. */
static void
token_b32_encode(const unsigned char *in, size_t len, char *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = token_alphabet[(acc >> bits) & 0x1f];
		}
	}
	if (bits > 0)
		out[o++] = token_alphabet[(acc << (5 - bits)) & 0x1f];
	out[o] = '\0';
}

/*
 * Decodes exactly TOKEN_LEN characters into TOKEN_RAW_LEN bytes.  40
 * characters are 200 bits, exactly 25 bytes, so no bits are left over.
 */
static int
token_b32_decode(const char *in, unsigned char out[TOKEN_RAW_LEN])
{
	uint32_t acc = 0;
	int bits = 0, v;
	size_t i, o = 0;

	for (i = 0; i < TOKEN_LEN; i++) {
		if ((v = token_b32_value((unsigned char)in[i])) < 0)
			return -1;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (acc >> bits) & 0xff;
		}
	}
	return o == TOKEN_RAW_LEN && bits == 0 ? 0 : -1;
}

static void
token_put_u32(GHmac *h, size_t v)
{
	unsigned char b[4];

	b[0] = (v >> 24) & 0xff;
	b[1] = (v >> 16) & 0xff;
	b[2] = (v >> 8) & 0xff;
	b[3] = v & 0xff;
	g_hmac_update(h, b, sizeof(b));
}

static void
token_put_i64(GHmac *h, long long sv)
{
	unsigned char b[8];
	uint64_t v = (uint64_t)sv;
	int i;

	for (i = 7; i >= 0; i--) {
		b[i] = v & 0xff;
		v >>= 8;
	}
	g_hmac_update(h, b, sizeof(b));
}

static void
token_put_str(GHmac *h, const char *s, size_t len)
{
	token_put_u32(h, len);
	g_hmac_update(h, (const guchar *)s, len);
}

static int
token_args_ok(const unsigned char *key, size_t keylen,
    const struct token_claims *c)
{
	if (key == NULL || keylen < TOKEN_KEY_MIN || c == NULL)
		return 0;
	if (c->case_id == NULL || c->step == NULL || c->recipient == NULL)
		return 0;
	if (strnlen(c->case_id, TOKEN_CLAIM_MAX + 1) > TOKEN_CLAIM_MAX ||
	    strnlen(c->step, TOKEN_CLAIM_MAX + 1) > TOKEN_CLAIM_MAX ||
	    strnlen(c->recipient, TOKEN_CLAIM_MAX + 1) > TOKEN_CLAIM_MAX)
		return 0;
	return 1;
}

/* The truncated MAC of the claims; the arguments were checked. */
static void
token_mac(const unsigned char *key, size_t keylen, int format,
    const struct token_claims *c, const unsigned char nonce[TOKEN_NONCE_LEN],
    unsigned char mac[TOKEN_MAC_LEN])
{
	GHmac *h;
	guint8 digest[32];
	gsize dlen = sizeof(digest);
	unsigned char fb = (unsigned char)format;
	char *rcpt;

	rcpt = g_ascii_strdown(c->recipient, -1);
	h = g_hmac_new(G_CHECKSUM_SHA256, key, keylen);
	g_hmac_update(h, (const guchar *)TOKEN_DOMAIN, sizeof(TOKEN_DOMAIN));
	g_hmac_update(h, &fb, 1);
	token_put_str(h, c->case_id, strlen(c->case_id));
	token_put_str(h, c->step, strlen(c->step));
	token_put_str(h, rcpt, strlen(rcpt));
	g_hmac_update(h, nonce, TOKEN_NONCE_LEN);
	token_put_i64(h, c->version);
	token_put_i64(h, c->expires_at);
	g_hmac_get_digest(h, digest, &dlen);
	g_hmac_unref(h);
	g_free(rcpt);
	if (dlen != sizeof(digest))
		fatalx("token_mac: HMAC-SHA256 gave %zu bytes", (size_t)dlen);
	memcpy(mac, digest, TOKEN_MAC_LEN);
	explicit_bzero(digest, sizeof(digest));
}

char *
token_issue(const unsigned char *key, size_t keylen,
    const struct token_claims *c, const unsigned char nonce[TOKEN_NONCE_LEN])
{
	unsigned char raw[TOKEN_RAW_LEN];
	char *rv = NULL;

	if (!token_args_ok(key, keylen, c) || nonce == NULL)
		goto out;
	raw[0] = TOKEN_FORMAT;
	memcpy(raw + 1, nonce, TOKEN_NONCE_LEN);
	token_mac(key, keylen, TOKEN_FORMAT, c, nonce,
	    raw + 1 + TOKEN_NONCE_LEN);
	rv = xmalloc(TOKEN_LEN + 1);
	token_b32_encode(raw, sizeof(raw), rv);
out:
	return rv;
}

/* Syntax check and decode to raw bytes. */
static int
token_parse(const char *token, unsigned char raw[TOKEN_RAW_LEN])
{
	if (token == NULL)
		return -1;
	if (strnlen(token, TOKEN_MAX + 1) != TOKEN_LEN)
		return -1;
	if (token_b32_decode(token, raw) == -1)
		return -1;
	if (raw[0] != TOKEN_FORMAT)
		return -1;
	return 0;
}

int
token_decode(const char *token, unsigned char nonce[TOKEN_NONCE_LEN],
    int *format)
{
	unsigned char raw[TOKEN_RAW_LEN];

	if (token_parse(token, raw) == -1)
		return -1;
	if (nonce != NULL)
		memcpy(nonce, raw + 1, TOKEN_NONCE_LEN);
	if (format != NULL)
		*format = raw[0];
	return 0;
}

int
token_verify(const unsigned char *key, size_t keylen, const char *token,
    const struct token_claims *c)
{
	unsigned char raw[TOKEN_RAW_LEN], mac[TOKEN_MAC_LEN];
	volatile unsigned char diff = 0;
	size_t i;
	int rv = -1;

	if (!token_args_ok(key, keylen, c))
		goto out;
	if (token_parse(token, raw) == -1)
		goto out;
	token_mac(key, keylen, raw[0], c, raw + 1, mac);
	for (i = 0; i < TOKEN_MAC_LEN; i++)
		diff |= mac[i] ^ raw[1 + TOKEN_NONCE_LEN + i];
	if (diff == 0)
		rv = 0;
	explicit_bzero(mac, sizeof(mac));
out:
	return rv;
}

void
token_random_nonce(unsigned char nonce[TOKEN_NONCE_LEN])
{
	size_t got = 0;
	ssize_t n;

	while (got < TOKEN_NONCE_LEN) {
		n = getrandom(nonce + got, TOKEN_NONCE_LEN - got, 0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			fatal("getrandom");
		}
		got += (size_t)n;
	}
}
