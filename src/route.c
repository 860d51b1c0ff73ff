/* route.c - matching a mail to a case: token, thread, tag, new or pen. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "address.h"
#include "route.h"
#include "xmalloc.h"

#define ROUTE_TOKEN_MIN	16

/* A lower-cased copy of n bytes of s; the caller frees it. */
static char *
lowdup(const char *s, size_t n)
{
	char *d = xstrndup(s, n), *p;

	for (p = d; *p; p++)
		*p = g_ascii_tolower(*p);
	return d;
}

int
route_token_syntax(const char *s)
{
	size_t n = strlen(s);

	if (n < ROUTE_TOKEN_MIN || n > ROUTE_TOKEN_MAX)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '2' && *s <= '7')))
			return 0;
	return 1;
}

char *
route_plus_part(const char *addr, const char *office_address)
{
	return address_plus_part(addr, office_address);
}

static int
route_is_bare_office(const char *addr, const char *office_address)
{
	return g_ascii_strcasecmp(addr, office_address) == 0;
}

char *
route_subject_tag(const char *subject, const char *prefix)
{
	const char *p = subject;
	size_t plen = strlen(prefix);

	if (subject == NULL)
		return NULL;
	while ((p = strchr(p, '[')) != NULL) {
		const char *q = p + 1;
		size_t i;

		p++;
		if (g_ascii_strncasecmp(q, prefix, plen) != 0 || q[plen] != '-')
			continue;
		q += plen + 1;
		for (i = 0; i < 4; i++)
			if (!isdigit((unsigned char)q[i]))
				break;
		if (i < 4 || q[4] != '-')
			continue;
		for (i = 5; isdigit((unsigned char)q[i]); i++)
			;
		if (i < 9 || i > 10 || q[i] != ']')
			continue;
		return xasprintf("%s-%.*s", prefix, (int)i, q);
	}
	return NULL;
}

/*
 * A token inside one of the office's Message-IDs: <a.b.TOKEN@domain>, the
 * last dot-separated part of the local part.
 */
static char *
route_msgid_token(const char *msgid, const char *office_address)
{
	const char *oat = strchr(office_address, '@'), *at, *dot, *start;
	char *id, *tok = NULL;

	if (msgid == NULL || oat == NULL)
		return NULL;
	id = xstrdup(msgid[0] == '<' ? msgid + 1 : msgid);
	id[strcspn(id, ">")] = '\0';
	if ((at = strrchr(id, '@')) == NULL ||
	    g_ascii_strcasecmp(at + 1, oat + 1) != 0)
		goto out;
	dot = NULL;
	for (start = id; start < at; start++)
		if (*start == '.')
			dot = start;
	start = dot ? dot + 1 : id;
	tok = lowdup(start, (size_t)(at - start));
	if (!route_token_syntax(tok)) {
		free(tok);
		tok = NULL;
	}
out:
	free(id);
	return tok;
}

/*
 * The token in a Message-ID of the office, as route_msgid_token(), unless
 * the Message-ID is a case's mail and no token of that name exists: mail
 * that asks for no command has a random hex word there, which can look
 * like a token (all of it in [a-f2-7]); a reply to it is a thread reply.
 */
static char *
route_msgid_candidate(const char *msgid, const char *office_address,
    const struct route_lookup *lk)
{
	char *tok = route_msgid_token(msgid, office_address), *id;

	if (tok == NULL)
		return NULL;
	if ((id = lk->by_token(lk->arg, tok)) == NULL &&
	    (id = lk->by_message_id(lk->arg, msgid)) != NULL) {
		free(id);
		free(tok);
		return NULL;
	}
	free(id);
	return tok;
}

/* The token after 回复码 (or "Reply code") in the body. */
static char *
route_body_token(const char *text)
{
	static const char *const labels[] = { "回复码", "Reply code" };
	size_t i;

	if (text == NULL)
		return NULL;
	for (i = 0; i < G_N_ELEMENTS(labels); i++) {
		const char *p = text;

		while ((p = strstr(p, labels[i])) != NULL) {
			const char *q = p + strlen(labels[i]);
			size_t n;

			p = q;
			while (*q == ' ' || *q == '\t')
				q++;
			if (strncmp(q, "：", strlen("：")) == 0)
				q += strlen("：");
			else if (*q == ':')
				q++;
			else
				continue;
			while (*q == ' ' || *q == '\t')
				q++;
			n = strspn(q, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
			if (n >= ROUTE_TOKEN_MIN && n <= ROUTE_TOKEN_MAX &&
			    !isalnum((unsigned char)q[n]))
				return lowdup(q, n);
		}
	}
	return NULL;
}

/* Routes by a candidate token (taking it); 1 when decided. */
static int
route_by_token(char *tok, const char *via, const struct route_lookup *lk,
    struct route_result *res)
{
	if (tok == NULL)
		return 0;
	res->token = tok;
	res->via = via;
	if ((res->case_id = lk->by_token(lk->arg, res->token)) == NULL) {
		res->kind = ROUTE_PEN;
		res->reason = "unknown-token";
		return 1;
	}
	if (lk->is_open(lk->arg, res->case_id) != 1) {
		res->kind = ROUTE_PEN;
		res->reason = "closed-case";
		return 1;
	}
	res->kind = ROUTE_TOKEN;
	return 1;
}

/* Routes to a known case by id; 1 when decided. */
static int
route_to_case(char *case_id, enum route_kind kind, const char *via,
    const struct route_lookup *lk, struct route_result *res)
{
	int open;

	if (case_id == NULL)
		return 0;
	open = lk->is_open(lk->arg, case_id);
	if (open == -1) {
		free(case_id);
		return 0;
	}
	res->case_id = case_id;
	res->via = via;
	if (open == 0) {
		res->kind = ROUTE_PEN;
		res->reason = "closed-case";
	} else
		res->kind = kind;
	return 1;
}

void
route_mail(const struct route_input *in, const struct route_lookup *lk,
    struct route_result *res)
{
	size_t i;
	int bare = 0;

	memset(res, 0, sizeof(*res));

	/* 1. Tokens: recipients, then Message-IDs, then the body. */
	for (i = 0; in->recipients && in->recipients[i]; i++) {
		char *plus = route_plus_part(in->recipients[i],
		    in->office_address);

		/* A plus-part that is no token does not decide. */
		if (plus != NULL && route_token_syntax(plus) &&
		    route_by_token(plus, "recipient", lk, res))
			return;
		free(plus);
		if (route_is_bare_office(in->recipients[i], in->office_address))
			bare = 1;
	}
	if (route_by_token(route_msgid_candidate(in->in_reply_to,
	    in->office_address, lk), "in-reply-to", lk, res))
		return;
	for (i = 0; in->references && in->references[i]; i++)
		if (route_by_token(route_msgid_candidate(in->references[i],
		    in->office_address, lk), "references", lk, res))
			return;
	if (route_by_token(route_body_token(in->text), "body-code", lk, res))
		return;

	/* 2. The thread. */
	if (in->in_reply_to != NULL && route_to_case(lk->by_message_id(lk->arg,
	    in->in_reply_to), ROUTE_THREAD, "in-reply-to", lk, res))
		return;
	for (i = 0; in->references && in->references[i]; i++)
		if (route_to_case(lk->by_message_id(lk->arg,
		    in->references[i]), ROUTE_THREAD, "references", lk, res))
			return;

	/* 3. The tag. */
	if (route_to_case(route_subject_tag(in->subject, in->case_prefix),
	    ROUTE_TAG, "subject-tag", lk, res))
		return;
	if ((res->case_id = route_subject_tag(in->subject, in->case_prefix))) {
		res->kind = ROUTE_PEN;
		res->reason = "unknown-case";
		res->via = "subject-tag";
		return;
	}

	/* 4. A new request to the bare address. */
	if (bare) {
		res->kind = ROUTE_NEW;
		res->via = "office-address";
		return;
	}
	res->kind = ROUTE_PEN;
	res->reason = "not-addressed";
}

int
route_is_verp(const char *addr, const char *office_address)
{
	char *plus = address_plus_part(addr, office_address);
	int r = address_is_verp(plus);

	free(plus);
	return r;
}

/* The case a recipient's envelope sender names, if that case exists. */
static char *
route_verp_case(const char *addr, const struct route_input *in,
    const struct route_lookup *lk)
{
	char *plus = address_plus_part(addr, in->office_address);
	char *word = address_verp_case(plus), *tag, *id = NULL;

	if (word != NULL) {
		tag = xasprintf("[%s]", word);
		id = route_subject_tag(tag, in->case_prefix);
		free(tag);
	}
	free(word);
	free(plus);
	if (id != NULL && lk->is_open(lk->arg, id) == -1) {
		free(id);
		id = NULL;
	}
	return id;
}

char *
route_bounce_case(const struct route_input *in, const char *orig_msgid,
    const struct route_lookup *lk)
{
	char *id = NULL;
	size_t i;

	for (i = 0; id == NULL && in->recipients && in->recipients[i]; i++)
		id = route_verp_case(in->recipients[i], in, lk);
	if (id == NULL && orig_msgid != NULL)
		id = lk->by_message_id(lk->arg, orig_msgid);
	if (id == NULL && in->in_reply_to != NULL)
		id = lk->by_message_id(lk->arg, in->in_reply_to);
	for (i = 0; id == NULL && in->references && in->references[i]; i++)
		id = lk->by_message_id(lk->arg, in->references[i]);
	if (id == NULL) {
		id = route_subject_tag(in->subject, in->case_prefix);
		if (id != NULL && lk->is_open(lk->arg, id) == -1) {
			free(id);
			id = NULL;
		}
	}
	return id;
}

void
route_result_clear(struct route_result *res)
{
	free(res->case_id);
	free(res->token);
	memset(res, 0, sizeof(*res));
}
