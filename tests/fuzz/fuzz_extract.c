/*
 * fuzz_extract.c - attachment text for the secrecy check (extract.h): the
 * input is an attachment; its kind is found as extract_text() finds it
 * (from the bytes alone, and as each kind in turn), and the extractor the
 * child would run reads it in this process, so that libFuzzer sees its
 * coverage and its crashes.  The text goes to /dev/null.
 */
#include <fcntl.h>
#include <unistd.h>

#include "fuzz.h"
#include "extract.h"

static const char *const kinds[] = { "pdf", "zip", "html", "text" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int null = -1;
	const char *kind;

	if (null == -1 && (null = open("/dev/null", O_WRONLY)) == -1)
		abort();
	kind = extract_kind(data, size, NULL, NULL);
	if (kind != NULL)
		(void)extract_run(kind, data, size, NULL, null);
	else if (size > 0)
		(void)extract_run(kinds[data[0] % 4], data + 1, size - 1,
		    NULL, null);
	return 0;
}
