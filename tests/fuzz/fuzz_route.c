/*
 * fuzz_route.c - matching a mail to a case (route.h): the plus-address of
 * the recipients, the token in an office Message-ID, the 回复码 in the
 * body and the [GK-YYYY-NNNN] subject tag.  The input is fields cut at
 * NUL: recipients (one a line), In-Reply-To, References (one a line),
 * Subject, body text.  The lookups answer from the shape of what they are
 * asked, so that every way through route_mail() is reached.
 */
#include "fuzz.h"
#include "route.h"

#define OFFICE	"gongkai@fao.example.test"
#define MAXLIST	8

static char *
by_token(void *arg, const char *token)
{
	return strlen(token) % 2 == 0 ? xstrdup("GK-2026-0001") : NULL;
}

static char *
by_message_id(void *arg, const char *msgid)
{
	return strchr(msgid, 'c') != NULL ? xstrdup("GK-2026-0002") : NULL;
}

static int
is_open(void *arg, const char *case_id)
{
	return case_id[strlen(case_id) - 1] == '1' ? 1 : 0;
}

/* s cut at each LF into v[0..MAXLIST-1], NULL-terminated. */
static void
split(char *s, const char **v)
{
	size_t n = 0;
	char *nl;

	while (n < MAXLIST && *s != '\0') {
		v[n++] = s;
		if ((nl = strchr(s, '\n')) == NULL)
			break;
		*nl = '\0';
		s = nl + 1;
	}
	v[n] = NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[5], *t;
	const char *rcpt[MAXLIST + 1], *refs[MAXLIST + 1];
	struct route_input in;
	struct route_lookup lk = { by_token, by_message_id, is_open, NULL };
	struct route_result res;
	size_t i;

	(void)fuzz_fields(data, size, f, 5);
	t = route_subject_tag(f[3], "GK");
	free(t);
	split(f[0], rcpt);
	split(f[2], refs);
	for (i = 0; rcpt[i] != NULL; i++) {
		t = route_plus_part(rcpt[i], OFFICE);
		if (t != NULL)
			(void)route_token_syntax(t);
		free(t);
	}
	memset(&in, 0, sizeof(in));
	in.office_address = OFFICE;
	in.case_prefix = "GK";
	in.recipients = rcpt;
	in.in_reply_to = f[1][0] != '\0' ? f[1] : NULL;
	in.references = refs;
	in.subject = f[3];
	in.text = f[4];
	memset(&res, 0, sizeof(res));
	route_mail(&in, &lk, &res);
	if (res.kind == ROUTE_PEN && res.reason == NULL)
		abort();
	if ((res.kind == ROUTE_TOKEN || res.kind == ROUTE_THREAD ||
	    res.kind == ROUTE_TAG) && res.case_id == NULL)
		abort();
	route_result_clear(&res);
	for (i = 0; i < 5; i++)
		free(f[i]);
	return 0;
}
