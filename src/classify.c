/*
 * classify.c - automatic-mail detection; the rules and their order are in
 * classify.h and in the table rules[] below.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "classify.h"
#include "mime.h"
#include "xmalloc.h"

#define PLUS_LOCAL_MAX	64	/* doc/mail.md, "Reply tokens" */

struct ctx {
	const struct message	*m;
	const char		*office;
	const char		*xloop;
};

/* ASCII-only helpers: header tokens are ASCII. */
static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* 1 if s begins with the token tok (case-insensitive), then ends or
 * goes on with white space, ';', '(' or ','. */
static int
token_is(const char *s, const char *tok)
{
	size_t n = strlen(tok);

	if (s == NULL)
		return 0;
	while (is_space(*s))
		s++;
	if (strncasecmp(s, tok, n) != 0)
		return 0;
	s += n;
	return *s == '\0' || is_space(*s) || *s == ';' || *s == '(' ||
	    *s == ',';
}

/* 1 if s has a first token and it is not "no". */
static int
token_present_not_no(const char *s)
{
	if (s == NULL)
		return 0;
	while (is_space(*s))
		s++;
	if (*s == '\0' || *s == ';' || *s == '(')
		return 0;
	return !token_is(s, "no");
}

/* Equality of two header values, ignoring case, white space around and
 * angle brackets. */
static int
value_eq(const char *a, const char *b)
{
	size_t al, bl;

	while (is_space(*a) || *a == '<')
		a++;
	while (is_space(*b) || *b == '<')
		b++;
	al = strlen(a);
	bl = strlen(b);
	while (al > 0 && (is_space(a[al - 1]) || a[al - 1] == '>'))
		al--;
	while (bl > 0 && (is_space(b[bl - 1]) || b[bl - 1] == '>'))
		bl--;
	return al == bl && strncasecmp(a, b, al) == 0;
}

/* Subject prefixes of automatic replies. */
struct prefix {
	const char	*text;
	int		 need_colon;	/* ':' or '：' must follow */
};

static const struct prefix auto_subjects[] = {
	{ "自动回复", 0 },
	{ "【自动回复】", 0 },
	{ "自動回覆", 0 },
	{ "自動回复", 0 },
	{ "自动答复", 0 },
	{ "Automatic reply", 1 },
	{ "Auto:", 0 },
	{ "Auto-Reply", 1 },
	{ "Auto Reply", 1 },
	{ "AutoReply", 1 },
	{ "Auto Response", 1 },
	{ "Out of Office AutoReply", 1 },
	{ "Out of Office", 1 },
	{ "Out of the Office", 1 },
};

static const struct prefix bounce_subjects[] = {
	{ "Undelivered Mail Returned to Sender", 0 },
	{ "Undeliverable", 1 },
	{ "Delivery Status Notification (Failure)", 0 },
	{ "Mail delivery failed", 0 },
	{ "Mail Delivery Failure", 0 },
	{ "Delivery Failure", 0 },
	{ "Returned mail", 1 },
	{ "failure notice", 0 },
	{ "Undelivered Mail", 0 },
	{ "退信", 0 },
	{ "系统退信", 0 },
	{ "邮件投递失败", 0 },
};

static const char *const bounce_senders[] = {
	"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon",
};

static int
prefix_match(const char *s, const struct prefix *tab, size_t n)
{
	size_t i, l;
	const char *q;

	if (s == NULL)
		return 0;
	while (is_space(*s))
		s++;
	for (i = 0; i < n; i++) {
		l = strlen(tab[i].text);
		if (strncasecmp(s, tab[i].text, l) != 0)
			continue;
		if (!tab[i].need_colon)
			return 1;
		for (q = s + l; *q == ' '; q++)
			;
		if (*q == ':' || strncmp(q, "\xef\xbc\x9a", 3) == 0)
			return 1;
	}
	return 0;
}

static int
is_dsn(const struct message *m)
{
	return m->dsn.present || (m->content_type != NULL &&
	    strcmp(m->content_type, "multipart/report") == 0 &&
	    m->report_type != NULL &&
	    strcmp(m->report_type, "delivery-status") == 0);
}

static int
match_dsn_failure(const struct ctx *c)
{
	const struct message *m = c->m;

	if (!is_dsn(m))
		return 0;
	/* A success report is not a bounce. */
	return !(m->dsn.action != NULL &&
	    (strcmp(m->dsn.action, "delivered") == 0 ||
	    strcmp(m->dsn.action, "relayed") == 0 ||
	    strcmp(m->dsn.action, "expanded") == 0));
}

static int
match_bounce_guess(const struct ctx *c)
{
	const struct message *m = c->m;
	const char *at;
	size_t i, n;

	if (!m->return_path_empty)
		return 0;
	if (prefix_match(m->subject, bounce_subjects,
	    sizeof(bounce_subjects) / sizeof(bounce_subjects[0])))
		return 1;
	if (m->from.addr == NULL || (at = strrchr(m->from.addr, '@')) == NULL)
		return 0;
	n = at - m->from.addr;
	for (i = 0; i < sizeof(bounce_senders) / sizeof(bounce_senders[0]); i++)
		if (n == strlen(bounce_senders[i]) &&
		    strncasecmp(m->from.addr, bounce_senders[i], n) == 0)
			return 1;
	return 0;
}

static int
match_report_other(const struct ctx *c)
{
	const struct message *m = c->m;

	return m->content_type != NULL &&
	    strcmp(m->content_type, "multipart/report") == 0;
}

static int
match_xloop(const struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->m->x_loop.n; i++)
		if (value_eq(c->m->x_loop.v[i], c->xloop))
			return 1;
	return 0;
}

static int
match_auto_submitted(const struct ctx *c)
{
	return token_present_not_no(c->m->auto_submitted);
}

static int
match_x_auto(const struct ctx *c)
{
	return token_present_not_no(c->m->x_autoreply) ||
	    token_present_not_no(c->m->x_autorespond);
}

static int
match_precedence_auto(const struct ctx *c)
{
	return token_is(c->m->precedence, "auto_reply");
}

static int
match_subject(const struct ctx *c)
{
	return prefix_match(c->m->subject, auto_subjects,
	    sizeof(auto_subjects) / sizeof(auto_subjects[0]));
}

static int
match_list_id(const struct ctx *c)
{
	return c->m->list_id != NULL;
}

static int
match_precedence_list(const struct ctx *c)
{
	const char *p = c->m->precedence;

	return token_is(p, "bulk") || token_is(p, "junk") ||
	    token_is(p, "list");
}

static int
match_null_sender(const struct ctx *c)
{
	return c->m->return_path_empty;
}

struct rule {
	const char		*reason;
	enum classify_kind	 kind;
	int			(*match)(const struct ctx *);
};

static const struct rule rules[] = {
	{ "dsn",		CLASSIFY_BOUNCE,	match_dsn_failure },
	{ "report",		CLASSIFY_AUTO_REPLY,	match_report_other },
	{ "bounce",		CLASSIFY_BOUNCE,	match_bounce_guess },
	{ "x-loop",		CLASSIFY_LOOP,		match_xloop },
	{ "auto-submitted",	CLASSIFY_AUTO_REPLY,	match_auto_submitted },
	{ "x-autoreply",	CLASSIFY_AUTO_REPLY,	match_x_auto },
	{ "precedence",		CLASSIFY_AUTO_REPLY,	match_precedence_auto },
	{ "subject",		CLASSIFY_AUTO_REPLY,	match_subject },
	{ "list-id",		CLASSIFY_LIST,		match_list_id },
	{ "precedence",		CLASSIFY_LIST,		match_precedence_list },
	{ "null-sender",	CLASSIFY_AUTO_REPLY,	match_null_sender },
};

static void
bounce_details(const struct message *m, struct classify_result *out)
{
	const char *a = m->dsn.action, *s = m->dsn.status;

	out->original_message_id = m->dsn.original_message_id;
	out->bounce_recipient = m->dsn.final_recipient;
	out->bounce_status = s;
	if (a != NULL && strcmp(a, "failed") == 0)
		out->bounce_hard = 1;
	else if (a != NULL && strcmp(a, "delayed") == 0)
		out->bounce_hard = 0;
	else
		out->bounce_hard = !(s != NULL && s[0] == '4');
}

void
classify_message(const struct message *m, const char *office_address,
    const char *xloop, struct classify_result *out)
{
	struct ctx c;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->kind = CLASSIFY_HUMAN;
	out->reason = "human";
	c.m = m;
	c.office = office_address != NULL ? office_address : "";
	c.xloop = xloop != NULL ? xloop : c.office;
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (!rules[i].match(&c))
			continue;
		out->kind = rules[i].kind;
		out->reason = rules[i].reason;
		if (out->kind == CLASSIFY_BOUNCE)
			bounce_details(m, out);
		break;
	}
}

static const char *const kind_names[] = {
	[CLASSIFY_HUMAN] = "human",
	[CLASSIFY_AUTO_REPLY] = "auto-reply",
	[CLASSIFY_BOUNCE] = "bounce",
	[CLASSIFY_LIST] = "list",
	[CLASSIFY_LOOP] = "loop",
};

const char *
classify_kind_name(enum classify_kind k)
{
	if ((size_t)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "unknown";
	return kind_names[k];
}

/* The plus-part of addr for office local@domain when it could be a
 * token (a short local part of token characters), or NULL. */
static char *
plus_part(const char *addr, const char *office)
{
	const char *at = strrchr(addr, '@');
	char *r = address_plus_part(addr, office);

	if (r == NULL)
		return NULL;
	if ((size_t)(at - addr) > PLUS_LOCAL_MAX ||
	    r[strspn(r, "abcdefghijklmnopqrstuvwxyz0123456789._=-")] != '\0') {
		free(r);
		return NULL;
	}
	return r;
}

char *
classify_plus_token(const struct message *m, const char *office_address)
{
	const struct mime_addrlist *lists[4];
	char *tok;
	size_t i, j;

	if (office_address == NULL)
		return NULL;
	lists[0] = &m->delivered_to;
	lists[1] = &m->x_original_to;
	lists[2] = &m->to;
	lists[3] = &m->cc;
	for (i = 0; i < 4; i++)
		for (j = 0; j < lists[i]->n; j++)
			if ((tok = plus_part(lists[i]->v[j].addr,
			    office_address)) != NULL)
				return tok;
	return NULL;
}
