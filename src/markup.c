/*
 * markup.c - text into HTML and XML (markup.h).
 */
#include "markup.h"

void
markup_append(GString *out, const char *text)
{
	char *valid = g_utf8_make_valid(text != NULL ? text : "", -1);
	char *e = g_markup_escape_text(valid, -1);

	g_string_append(out, e);
	g_free(e);
	g_free(valid);
}
