/*
 * token.h - reply tokens (doc/mail.md, "Reply tokens"): the TOKEN in
 * "Reply-To: gongkai+TOKEN@domain", in the notification's Message-ID and
 * in the 回复码 line.  Pure apart from token_random_nonce(): no I/O, no
 * clock, no database.
 *
 * Format (TOKEN_FORMAT 1).  25 bytes, written as lower-case unpadded
 * base32 (RFC 4648 alphabet a-z 2-7), so always TOKEN_LEN (40) characters:
 *
 *	byte 0       format (1)
 *	bytes 1..8   nonce: 8 random bytes, one per issued token
 *	bytes 9..24  MAC: HMAC-SHA256 truncated to its first 16 bytes
 *
 * The MAC is computed with the office's secret key over, in this order:
 *
 *	"gongkai-token" NUL, the format byte,
 *	u32be(len) case id, u32be(len) step,
 *	u32be(len) recipient address with ASCII letters lower-cased,
 *	the 8 nonce bytes,
 *	i64be(state version), i64be(expiry as unix seconds)
 *
 * Every variable-length field carries its length, so no two sets of claims
 * feed the same bytes to the MAC.  The recipient is compared without ASCII
 * case ("Chushen@FAO.example.test" is the same person); non-ASCII letters
 * are taken as written.  Tokens are read case-insensitively (a client or a
 * person may upper-case the local part) and at most TOKEN_MAX characters
 * are ever looked at.
 *
 * Division of labour.  token_verify() answers one question: was this token
 * issued by this key for exactly these claims?  It does NOT know the time,
 * the database or the mail.  The caller (route/request code) must itself:
 *   - look the token up in its table of issued tokens (by the token text or
 *     its nonce, see token_decode()) and take the claims from THAT row
 *     (case, step, recipient, version, expiry), never from the mail;
 *   - check that the claims are still current: the case's step and state
 *     version now equal the row's (a token for a superseded step or
 *     version changes nothing);
 *   - check expiry: now < expires_at (clock.c's now, honouring --now);
 *   - check single use: the row is unspent, and mark it spent in the same
 *     transaction that applies the command;
 *   - check the From address equals the recipient (doc/mail.md)
 *     and, when configured, DMARC.
 *
 * Memory and failure.  token_issue() returns a malloc'd string the caller
 * frees with free(), or NULL when the arguments are invalid (a NULL key,
 * a key shorter than TOKEN_KEY_MIN, NULL claims or a NULL claim string, a
 * claim longer than TOKEN_CLAIM_MAX bytes): a bug in the caller.  The
 * other functions return 0 or -1 and allocate nothing that outlives them.
 * token_random_nonce() aborts if the kernel cannot supply random bytes.
 */
#ifndef GK_TOKEN_H
#define GK_TOKEN_H

#include <stddef.h>

#define TOKEN_FORMAT		1	/* the format byte this code issues */
#define TOKEN_NONCE_LEN		8	/* bytes */
#define TOKEN_MAC_LEN		16	/* bytes of HMAC-SHA256 kept */
#define TOKEN_LEN		40	/* characters of a format-1 token */
#define TOKEN_MAX		64	/* characters ever read (local part) */
#define TOKEN_KEY_MIN		16	/* bytes of key at least */
#define TOKEN_CLAIM_MAX		1024	/* bytes of one claim string at most */

/* What a token is issued for.  Strings are borrowed, none may be NULL. */
struct token_claims {
	const char	*case_id;	/* "GK-2026-0007" */
	const char	*step;		/* the step's role key, "responsible" */
	const char	*recipient;	/* the address it was sent to */
	long long	 version;	/* the case's state version */
	long long	 expires_at;	/* unix seconds */
};

/*
 * The token for claims `c` and `nonce`: deterministic, so the caller
 * passes fresh bytes from token_random_nonce() (tests pass fixed ones).
 * A malloc'd string of TOKEN_LEN lower-case characters, or NULL on
 * invalid arguments.
 */
char	*token_issue(const unsigned char *key, size_t keylen,
	    const struct token_claims *c,
	    const unsigned char nonce[TOKEN_NONCE_LEN]);

/*
 * Syntax only, no key: 0 when `token` is TOKEN_LEN base32 characters (any
 * case, no padding) of a known format, with the nonce copied to `nonce`
 * and the format byte to *format (either may be NULL); -1 when it is NULL,
 * longer than TOKEN_MAX, of another length, holds a character outside the
 * alphabet, or has an unknown format byte.
 */
int	 token_decode(const char *token, unsigned char nonce[TOKEN_NONCE_LEN],
	    int *format);

/*
 * 0 when `token` decodes and its MAC equals the MAC of claims `c` under
 * `key` with the token's own nonce (compared in constant time); -1
 * otherwise, also for invalid arguments.  See "Division of labour" above
 * for what the caller checks besides.
 */
int	 token_verify(const unsigned char *key, size_t keylen,
	    const char *token, const struct token_claims *c);

/* Fills nonce with bytes from getrandom(2); aborts if that fails. */
void	 token_random_nonce(unsigned char nonce[TOKEN_NONCE_LEN]);

#endif
