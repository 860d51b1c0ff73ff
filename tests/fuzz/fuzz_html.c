/*
 * fuzz_html.c - mime_text.c's HTML to text and format=flowed unwrapping
 * (mime_text.h) on any text: the input, made valid UTF-8 without NUL as
 * mime.c makes a decoded part, goes through html_to_text() and through
 * flowed_unwrap() with and without DelSp.
 */
#include "fuzz.h"
#include "mime_text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_utf8(data, size), *t;

	t = html_to_text(s, strlen(s));
	if (!g_utf8_validate(t, -1, NULL))
		abort();
	free(t);
	t = flowed_unwrap(s, 0);
	free(t);
	t = flowed_unwrap(s, 1);
	free(t);
	free(s);
	return 0;
}
