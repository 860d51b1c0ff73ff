/*
 * mime_p.h - what the mime files share; private to mime.c (parsing),
 * mime_header.c (header values and charsets) and mime_compose.c
 * (outgoing mail).  No other module includes it: GLib and GMime types
 * appear here and must not leave these files.
 *
 * Memory as in mime.h: a returned char * is the caller's, made by
 * malloc(3); a GString or gchar * is GLib's, freed with GLib.  Out of
 * memory aborts (xmalloc.h).  Nothing here fails otherwise: a person's
 * broken mail becomes a defect noted in the struct message.
 */
#ifndef GK_MIME_P_H
#define GK_MIME_P_H

#include <stddef.h>

#include <glib.h>
#include <gmime/gmime.h>

#include "mime.h"

/* One mime_parse() call; everything it builds hangs off m. */
struct parse {
	struct message		*m;
	struct mime_limits	 lim;
	GMimeParserOptions	*opts;
	GString			*text;		/* text/plain bodies */
	GString			*html;		/* the HTML body, UTF-8 */
	int			 html_is_body;	/* html is from the body path */
	unsigned int		 parts;		/* entities walked */
	unsigned int		 nattach;	/* for generated names */
	int			 cut;		/* the pre-scan cut the input */
	int			 repaired;	/* boundary repair tried */
	GPtrArray		*keep;		/* unref'd at the end */
	GArray			*atts;		/* struct mime_attachment */
};

static inline int
is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

/* mime.c */

/* g_mime_init() once per process, from any thread. */
void		 mime_init(void);
/* Appends a copy of s; keeps v[n] NULL, as mime.h promises. */
void		 mime_strlist_add(struct mime_strlist *, const char *s);
void		 mime_strlist_free(struct mime_strlist *);
void		 mime_addrlist_free(struct mime_addrlist *);
/* Notes defect `code` in p->m once. */
void		 mime_defect(struct parse *p, const char *code);
/* mime.h's rules for an attachment name; NULL when nothing is left. */
char		*mime_name_clean(const char *orig);
/* The type for a file name's extension (".pdf", any case), or NULL. */
const char	*mime_type_for_ext(const char *ext);

/* mime_header.c */

/* Appends s as UTF-8, each invalid byte replaced by U+FFFD, NUL dropped. */
void		 mime_utf8_append_lossy(GString *out, const char *s,
		    size_t len);
/*
 * Body bytes under charset `label` (may be NULL) as UTF-8, by mime.h's
 * rules; notes "charset-fallback" in p when the label gives way.
 */
GString		*mime_charset_decode(struct parse *p, const char *s,
		    size_t len, const char *label);
/*
 * One clean line of at most max bytes: valid UTF-8, controls, CR, LF,
 * U+2028/U+2029 as spaces, white space collapsed and trimmed.  NULL when
 * nothing is left.
 */
char		*mime_clean_line(const char *s, size_t max);
/* The first Message-ID in s, as "<id>", or NULL. */
char		*mime_msgid_first(const char *s, size_t max);
/* The header fields of struct message, read from obj's headers. */
void		 mime_headers_read(struct parse *p, GMimeObject *obj);

#endif
