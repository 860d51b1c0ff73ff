/*
 * markup.h - text into HTML and XML: invalid UTF-8 repaired, then
 * escaped (& < > ' ").  Pure.
 */
#ifndef GK_MARKUP_H
#define GK_MARKUP_H

#include <glib.h>

/* Appends `text` (NULL is "") to out, escaped. */
void	markup_append(GString *out, const char *text);

#endif
