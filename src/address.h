/*
 * address.h - the office's mail addresses: the one syntax check, and the
 * plus-addresses built on the office address LOCAL@DOMAIN, both ways.
 *
 * Syntax.  address_valid() is the one rule for "an address the office
 * can send to", used where an address comes in (the configuration, the
 * From of a new request) and where one goes out (the composer): a bare
 * addr-spec of printable ASCII without specials, one '@' with something
 * on each side, at most 64 octets before it and 254 in all, a domain
 * that neither starts nor ends with a dot nor holds "..", and no
 * undecoded encoded word ("=?").  A byte >= 0x80 is refused everywhere:
 * the office's mail goes out without SMTPUTF8, so an address it cannot
 * send to is not one it takes a request from.
 *
 * Plus-addresses.  The reply address LOCAL+TOKEN@DOMAIN (Reply-To of a
 * mail that asks for a command) and the envelope sender (VERP)
 * LOCAL+bounce-CASE-KIND-RANDOM@DOMAIN ("gongkai" for CASE when the mail
 * is about no case; the KIND cut so that the local part stays within 64
 * octets).  Reading one back gives the plus-part in lower case.
 *
 * Pure: no I/O.  Every char * returned is the caller's to free; NULL
 * means "not one" (or an office address without '@').
 */
#ifndef GK_ADDRESS_H
#define GK_ADDRESS_H

#define ADDRESS_MAX		254	/* octets of an address */
#define ADDRESS_LOCAL_MAX	64	/* octets of its local part */

/* 1 when addr is an address the office can send to, else 0. */
int	 address_valid(const char *addr);

/* LOCAL+plus@DOMAIN for office LOCAL@DOMAIN. */
char	*address_plus(const char *office, const char *plus);
/* The envelope sender of one outgoing mail; case_word NULL: no case. */
char	*address_verp(const char *office, const char *case_word,
	    const char *kind, const char *random);

/*
 * The plus-part of addr when it is office_local+X@office_domain (any
 * case), lower-cased; NULL otherwise.
 */
char	*address_plus_part(const char *addr, const char *office);
/* 1 when a plus-part is an envelope sender's (bounce-...). */
int	 address_is_verp(const char *plus);
/*
 * The case word of an envelope sender's plus-part: "gk-2026-0007" from
 * bounce-gk-2026-0007-answer-1a2b3c (the first three words after
 * "bounce-"); NULL when plus is no envelope sender's.
 */
char	*address_verp_case(const char *plus);

#endif
