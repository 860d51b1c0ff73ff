/* summary.c - a short, defanged summary of a stranger's text.  See
 * summary.h. */
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "summary.h"
#include "xmalloc.h"

/* The text as one paragraph of at most max_chars + 1 characters. */
static GString *
fold(const char *text, size_t max_chars)
{
	GString *s = g_string_new(NULL);
	const char *p = text, *end = text + strlen(text);
	size_t n = 0;
	int space = 0;

	while (p < end && n <= max_chars) {
		gunichar u = g_utf8_get_char_validated(p, end - p);

		if (u == (gunichar)-1 || u == (gunichar)-2) {
			p++;		/* not UTF-8: skipped */
			continue;
		}
		p = g_utf8_next_char(p);
		if (g_unichar_isspace(u) || g_unichar_iscntrl(u) ||
		    g_unichar_type(u) == G_UNICODE_FORMAT) {
			space = s->len > 0;
			continue;
		}
		if (space) {
			g_string_append_c(s, ' ');
			n++;
			space = 0;
		}
		g_string_append_unichar(s, u);
		n++;
	}
	return s;
}

static int
alnum(char c)
{
	return g_ascii_isalnum(c);
}

/* Defangs the ASCII parts of s (UTF-8), into a new string. */
static GString *
defang(const char *s)
{
	static const struct {
		const char *from, *to;
	} schemes[] = {
		{ "https://", "hxxps://" },
		{ "http://", "hxxp://" },
		{ "ftp://", "fxp://" },
	};
	GString *d = g_string_new(NULL);
	size_t i, k, len = strlen(s);

	for (i = 0; i < len; i++) {
		for (k = 0; k < G_N_ELEMENTS(schemes); k++)
			if (g_ascii_strncasecmp(s + i, schemes[k].from,
			    strlen(schemes[k].from)) == 0 &&
			    (i == 0 || !alnum(s[i - 1])))
				break;
		if (k < G_N_ELEMENTS(schemes)) {
			g_string_append(d, schemes[k].to);
			i += strlen(schemes[k].from) - 1;
		} else if (strncmp(s + i, "://", 3) == 0) {
			g_string_append(d, "[://]");
			i += 2;
		} else if (s[i] == '.' && i > 0 && alnum(s[i - 1]) &&
		    g_ascii_isalpha(s[i + 1]))
			g_string_append(d, "[.]");
		else if (s[i] == '@' && i > 0 && s[i - 1] != ' ' &&
		    s[i + 1] != ' ' && s[i + 1] != '\0')
			g_string_append(d, "[@]");
		else
			g_string_append_c(d, s[i]);
	}
	return d;
}

char *
summary_inert(const char *text, size_t max_chars)
{
	GString *f, *d;
	const char *cut;

	f = fold(text != NULL ? text : "", max_chars);
	d = defang(f->str);
	g_string_free(f, TRUE);
	if ((size_t)g_utf8_strlen(d->str, -1) > max_chars) {
		cut = g_utf8_offset_to_pointer(d->str, (glong)(max_chars > 0 ?
		    max_chars - 1 : 0));
		g_string_truncate(d, (gsize)(cut - d->str));
		while (d->len > 0 && d->str[d->len - 1] == ' ')
			g_string_truncate(d, d->len - 1);
		g_string_append(d, "…");
	}
	return xgstring_free(d);
}
