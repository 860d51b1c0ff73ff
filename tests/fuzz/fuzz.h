/*
 * fuzz.h - what the libFuzzer targets of tests/fuzz/ share: the input cut
 * into NUL-separated fields, and text made into a C string.  Header-only,
 * so that a target is built from its own .c file (Makefile.am).
 *
 * Every string returned is malloc'd and the caller's; out of memory
 * aborts, as in the program.
 */
#ifndef GK_FUZZ_H
#define GK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The input as a NUL-terminated string (cut at its first NUL). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * The input as valid UTF-8 without NUL, as mime.c hands text on: NULs
 * dropped, invalid bytes replaced with U+FFFD.
 */
static inline char *
fuzz_utf8(const uint8_t *data, size_t size)
{
	char *raw = xmalloc(size + 1), *s;
	gchar *g;
	size_t i, w;

	for (i = w = 0; i < size; i++)
		if (data[i] != '\0')
			raw[w++] = (char)data[i];
	raw[w] = '\0';
	g = g_utf8_make_valid(raw, (gssize)w);
	s = xstrdup(g);
	g_free(g);
	free(raw);
	return s;
}

/*
 * The input cut at each NUL into at most max fields, each as fuzz_str();
 * what follows the max-th field is ignored, missing fields are "".  Returns the number of fields found; the caller
 * frees f[0..max-1].
 */
static inline size_t
fuzz_fields(const uint8_t *data, size_t size, char **f, size_t max)
{
	size_t i, n = 0, start = 0;

	for (i = 0; i <= size && n < max; i++)
		if (i == size || data[i] == '\0') {
			f[n++] = fuzz_str(data + start, i - start);
			start = i + 1;
		}
	i = n;
	while (n < max)
		f[n++] = xstrdup("");
	return i;
}

#endif
