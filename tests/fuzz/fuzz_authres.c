/*
 * fuzz_authres.c - the Authentication-Results parser (authres.h).  The
 * input is fields cut at NUL: header values (one a line, topmost first),
 * then a From domain and a second domain.  Each value is parsed and its
 * properties looked up; the verdict for the From domain is asked as
 * ingest asks it, and the two domains' alignment both ways (it must be
 * symmetric).
 *
 * Built once src/authres.c is in the tree: add "tests/fuzz/fuzz_authres"
 * to fuzz_targets in Makefile.am.
 */
#include "fuzz.h"
#include "authres.h"

#define MAXVALUES	8

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[3], *nl, *s;
	const char *values[MAXVALUES];
	struct authres *ar;
	size_t i, j, n = 0;

	(void)fuzz_fields(data, size, f, 3);
	for (s = f[0]; n < MAXVALUES; s = nl + 1) {
		values[n++] = s;
		if ((nl = strchr(s, '\n')) == NULL)
			break;
		*nl = '\0';
	}
	for (i = 0; i < n; i++) {
		if ((ar = authres_parse(values[i])) == NULL)
			continue;
		if (ar->nresults > AUTHRES_RESULTS_MAX)
			abort();
		for (j = 0; j < ar->nresults; j++) {
			if (ar->results[j].nprops > AUTHRES_PROPS_MAX)
				abort();
			(void)authres_prop(&ar->results[j], "header", "from");
			(void)authres_prop(&ar->results[j], "header", "d");
		}
		authres_free(ar);
	}
	(void)authres_from_pass(values, n, "mx.fao.example.test", f[1]);
	if (authres_aligned(f[1], f[2]) != authres_aligned(f[2], f[1]))
		abort();
	for (i = 0; i < 3; i++)
		free(f[i]);
	return 0;
}
