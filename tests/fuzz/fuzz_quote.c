/*
 * fuzz_quote.c - the authored text of a reply (quote.h).  The input is
 * fields cut at NUL: the mail's text, then the "reply above this line"
 * marker, then the lines of the notification the reply answers.  The text
 * is passed as it is (quote.c promises to repair invalid UTF-8 itself);
 * the authored text then goes through the signature cut, as command.c
 * does.
 */
#include "fuzz.h"
#include "quote.h"

#define NSENT	6

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[2 + NSENT], *a, *b;
	const char *sent[NSENT + 1];
	size_t n, i;

	n = fuzz_fields(data, size, f, 2 + NSENT);
	for (i = 0; i < NSENT && i + 2 < n; i++)
		sent[i] = f[i + 2];
	sent[i] = NULL;
	a = quote_authored(f[0], n > 2 ? sent : NULL, n > 1 ? f[1] : NULL);
	if (!g_utf8_validate(a, -1, NULL))
		abort();
	b = quote_cut_signature(a, 0);
	free(b);
	b = quote_cut_signature(a, QUOTE_SIGNOFF);
	free(b);
	free(a);
	a = quote_clean(f[0]);
	free(a);
	a = quote_fold(f[0]);
	free(a);
	for (i = 0; i < 2 + NSENT; i++)
		free(f[i]);
	return 0;
}
