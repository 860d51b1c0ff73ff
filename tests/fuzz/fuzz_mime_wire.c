/*
 * fuzz_mime_wire.c - the parent's decoder of what the parser child sends
 * (mime_wire.h): as hostile as the mail itself, since a child taken over
 * by a mail writes what it likes.  What decodes must encode again to
 * bytes that decode to the same encoding (a fixed point).
 */
#include "fuzz.h"
#include "mime.h"
#include "mime_wire.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct message *m, *m2;
	unsigned char *enc, *enc2;
	size_t len, len2;
	char *err = NULL;

	if ((m = mime_wire_decode(data, size, &err)) == NULL) {
		if (err == NULL)
			abort();
		free(err);
		return 0;
	}
	enc = mime_wire_encode(m, &len);
	if ((m2 = mime_wire_decode(enc, len, &err)) == NULL)
		abort();
	enc2 = mime_wire_encode(m2, &len2);
	if (len != len2 || memcmp(enc, enc2, len) != 0)
		abort();
	free(enc);
	free(enc2);
	mime_message_free(m);
	mime_message_free(m2);
	return 0;
}
