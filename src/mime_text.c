/*
 * mime_text.c - the pure text conversions of mail bodies: HTML to text,
 * format=flowed undone, and text normalised to what the rest of the
 * program reads.  No GMime and no I/O: text in, text out (mime_text.h),
 * so that each piece is unit-tested (tests/unit/test_mime_text.c) and
 * fuzzed (tests/fuzz/fuzz_html.c) on its own.  mime.c calls it on parts
 * it has already decoded to UTF-8.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "mime_text.h"
#include "xmalloc.h"

/* ------------------------------------------------------------------ */
/* HTML to text                                                        */

struct html_entity {
	const char	*name;
	gunichar	 c;
};

static const struct html_entity html_entities[] = {
	{ "nbsp", 0xa0 }, { "amp", '&' }, { "lt", '<' }, { "gt", '>' },
	{ "quot", '"' }, { "apos", '\'' }, { "copy", 0xa9 }, { "reg", 0xae },
	{ "trade", 0x2122 }, { "hellip", 0x2026 }, { "mdash", 0x2014 },
	{ "ndash", 0x2013 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 },
	{ "ldquo", 0x201c }, { "rdquo", 0x201d }, { "middot", 0xb7 },
	{ "bull", 0x2022 }, { "ensp", 0x2002 }, { "emsp", 0x2003 },
	{ "thinsp", 0x2009 }, { "zwnj", 0x200c }, { "zwj", 0x200d },
	{ "shy", 0xad }, { "laquo", 0xab }, { "raquo", 0xbb },
	{ "times", 0xd7 }, { "divide", 0xf7 }, { "yen", 0xa5 },
	{ "euro", 0x20ac }, { "pound", 0xa3 }, { "cent", 0xa2 },
	{ "sect", 0xa7 }, { "deg", 0xb0 }, { "plusmn", 0xb1 },
	{ "para", 0xb6 }, { "iexcl", 0xa1 }, { "iquest", 0xbf },
};

/* Elements whose content is not text. */
static const char *const html_skip[] = {
	"head", "style", "script", "title", "template", "noscript", "xml",
};

/* Elements that start and end a line. */
static const char *const html_block[] = {
	"address", "article", "aside", "blockquote", "body", "caption",
	"center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
	"fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
	"h3", "h4", "h5", "h6", "header", "hgroup", "html", "li", "main",
	"menu", "nav", "ol", "p", "pre", "section", "summary", "table",
	"tbody", "tfoot", "thead", "tr", "ul",
};

/* Elements without an end tag. */
static const char *const html_void[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "param", "source", "track", "wbr",
};

struct html {
	const char	*s;
	size_t		 len, i;
	GString		*out;
	int		 space;		/* white space is pending */
	int		 pre;		/* inside <pre> */
	gssize		 last_hr;	/* out->len before the last <hr> */
	int		 stop;
	char		 drop[16];	/* the element being dropped */
	int		 drop_depth;
};

struct html_tag {
	char		 name[16];
	int		 closing, selfclose;
	int		 quote;		/* class gmail_quote */
	int		 rplyfwd;	/* id divRplyFwdMsg */
};

static int
in_list(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

static void
html_newline(struct html *h)
{
	h->space = 0;
	if (h->out->len > 0 && h->out->str[h->out->len - 1] != '\n')
		g_string_append_c(h->out, '\n');
}

static void
html_char(struct html *h, gunichar c)
{
	if (h->drop_depth > 0)
		return;
	if (h->space && h->out->len > 0 &&
	    h->out->str[h->out->len - 1] != '\n' &&
	    h->out->str[h->out->len - 1] != ' ')
		g_string_append_c(h->out, ' ');
	h->space = 0;
	if (c == 0)
		return;
	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	g_string_append_unichar(h->out, c);
}

/* An entity at s[i] == '&': its character and length, or 0. */
static size_t
html_entity(const char *s, size_t len, size_t i, gunichar *c)
{
	size_t j = i + 1, k, n;
	unsigned long v = 0;
	int hex = 0, digits = 0;

	if (j < len && s[j] == '#') {
		j++;
		if (j < len && (s[j] == 'x' || s[j] == 'X')) {
			hex = 1;
			j++;
		}
		for (; j < len && digits < 8; j++, digits++) {
			if (hex && g_ascii_isxdigit(s[j]))
				v = v * 16 + g_ascii_xdigit_value(s[j]);
			else if (!hex && g_ascii_isdigit(s[j]))
				v = v * 10 + (s[j] - '0');
			else
				break;
		}
		if (digits == 0)
			return 0;
		if (j < len && s[j] == ';')
			j++;
		*c = v > 0x10ffff ? 0xfffd : (gunichar)v;
		return j - i;
	}
	for (k = 0; k < G_N_ELEMENTS(html_entities); k++) {
		n = strlen(html_entities[k].name);
		if (j + n <= len &&
		    memcmp(s + j, html_entities[k].name, n) == 0) {
			if (j + n < len && s[j + n] == ';')
				n++;
			else if (j + n < len && g_ascii_isalnum(s[j + n]))
				continue;
			*c = html_entities[k].c;
			return 1 + n;
		}
	}
	return 0;
}

/* Text up to the next '<'. */
static void
html_text(struct html *h)
{
	const char *s = h->s;
	size_t n;
	gunichar c;

	while (h->i < h->len && s[h->i] != '<') {
		unsigned char b = s[h->i];

		if (b == '&' && (n = html_entity(s, h->len, h->i, &c)) > 0) {
			html_char(h, c);
			h->i += n;
		} else if (!h->pre && (b == ' ' || b == '\t' || b == '\r' ||
		    b == '\n' || b == '\f')) {
			if (h->drop_depth == 0)
				h->space = 1;
			h->i++;
		} else if (b == '\r') {
			h->i++;
		} else if (b == '\n') {
			if (h->drop_depth == 0) {
				h->space = 0;
				g_string_append_c(h->out, '\n');
			}
			h->i++;
		} else {
			n = g_utf8_next_char(s + h->i) - (s + h->i);
			if (h->i + n > h->len)
				n = h->len - h->i;
			if (h->drop_depth == 0) {
				html_char(h, 0);
				g_string_append_len(h->out, s + h->i, n);
			}
			h->i += n;
		}
	}
}

/* 1 if the attribute list holds token `tok` in attribute `attr`. */
static int
html_attr_has(const char *attr, size_t alen, const char *val, size_t vlen,
    const char *want_attr, const char *tok)
{
	size_t tl = strlen(tok), i = 0, j;

	if (alen != strlen(want_attr) ||
	    g_ascii_strncasecmp(attr, want_attr, alen) != 0)
		return 0;
	while (i < vlen) {
		while (i < vlen && g_ascii_isspace(val[i]))
			i++;
		j = i;
		while (j < vlen && !g_ascii_isspace(val[j]))
			j++;
		if (j - i == tl && g_ascii_strncasecmp(val + i, tok, tl) == 0)
			return 1;
		i = j;
	}
	return 0;
}

/* Parses the tag at s[i] == '<'; h->i moves past it. */
static void
html_tag_parse(struct html *h, struct html_tag *t)
{
	const char *s = h->s;
	size_t i = h->i + 1, n = 0, a, al, v, vl;
	char q;

	memset(t, 0, sizeof(*t));
	if (i < h->len && s[i] == '/') {
		t->closing = 1;
		i++;
	}
	while (i < h->len && (g_ascii_isalnum(s[i]) || s[i] == ':' ||
	    s[i] == '-')) {
		if (n + 1 < sizeof(t->name))
			t->name[n++] = g_ascii_tolower(s[i]);
		i++;
	}
	t->name[n] = '\0';
	while (i < h->len && s[i] != '>') {
		if (s[i] == '/' && i + 1 < h->len && s[i + 1] == '>') {
			t->selfclose = 1;
			i++;
			continue;
		}
		if (g_ascii_isspace(s[i]) || s[i] == '/') {
			i++;
			continue;
		}
		a = i;
		while (i < h->len && !g_ascii_isspace(s[i]) && s[i] != '=' &&
		    s[i] != '>' && s[i] != '/')
			i++;
		al = i - a;
		while (i < h->len && g_ascii_isspace(s[i]))
			i++;
		v = vl = 0;
		if (i < h->len && s[i] == '=') {
			i++;
			while (i < h->len && g_ascii_isspace(s[i]))
				i++;
			if (i < h->len && (s[i] == '"' || s[i] == '\'')) {
				q = s[i++];
				v = i;
				while (i < h->len && s[i] != q)
					i++;
				vl = i - v;
				if (i < h->len)
					i++;
			} else {
				v = i;
				while (i < h->len && !g_ascii_isspace(s[i]) &&
				    s[i] != '>')
					i++;
				vl = i - v;
			}
		}
		if (al == 0) {
			if (i == a)
				i++;
			continue;
		}
		if (html_attr_has(s + a, al, s + v, vl, "class", "gmail_quote"))
			t->quote = 1;
		if (html_attr_has(s + a, al, s + v, vl, "id", "divRplyFwdMsg"))
			t->rplyfwd = 1;
	}
	h->i = i < h->len ? i + 1 : h->len;
}

/* Skips to just past the end tag of name (or to `alt`'s start tag). */
static void
html_skip_to_end(struct html *h, const char *name, const char *alt)
{
	size_t n = strlen(name), an = alt != NULL ? strlen(alt) : 0, i;

	for (i = h->i; i < h->len; i++) {
		if (h->s[i] != '<')
			continue;
		if (i + 2 + n <= h->len && h->s[i + 1] == '/' &&
		    g_ascii_strncasecmp(h->s + i + 2, name, n) == 0) {
			h->i = i;
			while (h->i < h->len && h->s[h->i] != '>')
				h->i++;
			if (h->i < h->len)
				h->i++;
			return;
		}
		if (alt != NULL && i + 1 + an <= h->len &&
		    g_ascii_strncasecmp(h->s + i + 1, alt, an) == 0) {
			h->i = i;
			return;
		}
	}
	h->i = h->len;
}

/* Skips a comment, declaration or processing instruction. */
static void
html_skip_markup(struct html *h)
{
	const char *e;

	if (h->i + 4 <= h->len && memcmp(h->s + h->i, "<!--", 4) == 0) {
		e = g_strstr_len(h->s + h->i + 4, h->len - h->i - 4, "-->");
		h->i = e != NULL ? (size_t)(e - h->s) + 3 : h->len;
		return;
	}
	e = memchr(h->s + h->i, '>', h->len - h->i);
	h->i = e != NULL ? (size_t)(e - h->s) + 1 : h->len;
}

static void
html_element(struct html *h, struct html_tag *t)
{
	int is_void = in_list(t->name, html_void, G_N_ELEMENTS(html_void));

	if (h->drop_depth > 0) {
		if (strcmp(t->name, h->drop) != 0 || is_void || t->selfclose)
			return;
		h->drop_depth += t->closing ? -1 : 1;
		if (h->drop_depth == 0)
			html_newline(h);
		return;
	}
	if (t->closing) {
		if (strcmp(t->name, "pre") == 0)
			h->pre = 0;
		if (in_list(t->name, html_block, G_N_ELEMENTS(html_block)))
			html_newline(h);
		else if (strcmp(t->name, "td") == 0 ||
		    strcmp(t->name, "th") == 0)
			h->space = 1;
		return;
	}
	if (t->rplyfwd) {
		/* Outlook: the quoted mail starts at the <hr> before it. */
		if (h->last_hr >= 0)
			g_string_truncate(h->out, h->last_hr);
		h->stop = 1;
		return;
	}
	if (in_list(t->name, html_skip, G_N_ELEMENTS(html_skip))) {
		if (!t->selfclose)
			html_skip_to_end(h, t->name,
			    strcmp(t->name, "head") == 0 ? "body" : NULL);
		return;
	}
	if (!is_void && !t->selfclose &&
	    (strcmp(t->name, "blockquote") == 0 || t->quote)) {
		g_strlcpy(h->drop, t->name, sizeof(h->drop));
		h->drop_depth = 1;
		html_newline(h);
		return;
	}
	if (strcmp(t->name, "br") == 0) {
		h->space = 0;
		g_string_append_c(h->out, '\n');
	} else if (strcmp(t->name, "hr") == 0) {
		html_newline(h);
		h->last_hr = h->out->len;
		g_string_append(h->out, "________________________________\n");
	} else if (strcmp(t->name, "pre") == 0) {
		html_newline(h);
		h->pre = 1;
	} else if (in_list(t->name, html_block, G_N_ELEMENTS(html_block)))
		html_newline(h);
	else if (strcmp(t->name, "td") == 0 || strcmp(t->name, "th") == 0)
		h->space = 1;
}

/* Trims lines, drops blank lines at both ends and runs of more than one. */
static char *
text_tidy(const char *s)
{
	GString *out = g_string_sized_new(strlen(s));
	gchar **lines = g_strsplit(s, "\n", -1);
	size_t i, blank = 0;

	for (i = 0; lines[i] != NULL; i++) {
		g_strchomp(lines[i]);
		if (lines[i][0] == '\0') {
			blank++;
			continue;
		}
		if (out->len > 0)
			g_string_append(out, blank > 0 ? "\n\n" : "\n");
		blank = 0;
		g_string_append(out, lines[i] + strspn(lines[i], " \t"));
	}
	g_strfreev(lines);
	return xgstring_free(out);
}

/* HTML (valid UTF-8) to text, without quotes; mime_text.h says which. */
char *
html_to_text(const char *s, size_t len)
{
	struct html h;
	struct html_tag t;
	char *r;

	memset(&h, 0, sizeof(h));
	h.s = s;
	h.len = len;
	h.out = g_string_sized_new(len / 2);
	h.last_hr = -1;
	while (h.i < h.len && !h.stop) {
		if (s[h.i] != '<') {
			html_text(&h);
			continue;
		}
		if (h.i + 1 < h.len &&
		    (s[h.i + 1] == '!' || s[h.i + 1] == '?')) {
			html_skip_markup(&h);
			continue;
		}
		if (h.i + 1 >= h.len || !(g_ascii_isalpha(s[h.i + 1]) ||
		    s[h.i + 1] == '/')) {
			html_char(&h, '<');
			h.i++;
			continue;
		}
		html_tag_parse(&h, &t);
		html_element(&h, &t);
	}
	r = text_tidy(h.out->str);
	g_string_free(h.out, TRUE);
	return r;
}

/* A charset named by <meta> in the first bytes of HTML, or NULL. */
char *
html_meta_charset(const char *s, size_t len)
{
	const char *q, *e;
	size_t n = MIN(len, 2048), i;

	for (i = 0; i + 8 <= n; i++) {
		if (g_ascii_strncasecmp(s + i, "charset=", 8) != 0)
			continue;
		q = s + i + 8;
		while (q < s + n && (*q == '"' || *q == '\''))
			q++;
		for (e = q; e < s + n && (g_ascii_isalnum(*e) || *e == '-' ||
		    *e == '_'); e++)
			;
		return e > q ? xstrndup(q, e - q) : NULL;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* format=flowed (RFC 3676)                                            */

/* Lines a flowed join must not swallow: the header block of a quote. */
static const char *const flowed_heads[] = {
	"From", "To", "Cc", "Sent", "Date", "Subject", "Reply-To",
	"发件人", "收件人", "抄送", "发送时间", "日期", "主题",
	"寄件者", "收件者", "副本", "主旨",
};

static int
flowed_header_like(const char *s)
{
	size_t i, n;
	const char *q;

	for (i = 0; i < G_N_ELEMENTS(flowed_heads); i++) {
		n = strlen(flowed_heads[i]);
		if (g_ascii_strncasecmp(s, flowed_heads[i], n) != 0)
			continue;
		for (q = s + n; *q == ' '; q++)
			;
		if (*q == ':' || strncmp(q, "\xef\xbc\x9a", 3) == 0)
			return 1;
	}
	return 0;
}

char *
flowed_unwrap(const char *text, int delsp)
{
	GString *out = g_string_sized_new(strlen(text));
	gchar **lines = g_strsplit(text, "\n", -1);
	const char *c;
	size_t i, depth, cur_depth = 0, cl;
	int open = 0, flowed;

	for (i = 0; lines[i] != NULL; i++) {
		c = lines[i];
		if (lines[i + 1] == NULL && *c == '\0')
			break;		/* the final newline */
		for (depth = 0; c[depth] == '>'; depth++)
			;
		c += depth;
		if (*c == ' ')
			c++;		/* space-stuffing */
		cl = strlen(c);
		flowed = cl > 0 && c[cl - 1] == ' ' && strcmp(c, "-- ") != 0;
		if (open && (depth != cur_depth || flowed_header_like(c))) {
			g_string_append_c(out, '\n');
			open = 0;
		}
		if (!open) {
			cur_depth = depth;
			if (depth > 0) {
				for (size_t k = 0; k < depth; k++)
					g_string_append_c(out, '>');
				g_string_append_c(out, ' ');
			}
		}
		g_string_append_len(out, c, flowed && delsp ? cl - 1 : cl);
		open = flowed;
		if (!open)
			g_string_append_c(out, '\n');
	}
	if (open)
		g_string_append_c(out, '\n');
	g_strfreev(lines);
	return xgstring_free(out);
}

/* ------------------------------------------------------------------ */
/* Text as the program wants it                                        */

/*
 * Text as the rest of the program wants it: LF line ends (a bare CR is
 * a space), no NUL or other control character but TAB and LF.
 */
char *
text_normalise(const char *s, size_t len)
{
	GString *out = g_string_sized_new(len);
	const char *q, *end = s + len;
	gunichar c;

	for (q = s; q < end; q = g_utf8_next_char(q)) {
		c = g_utf8_get_char(q);
		if (c == '\r') {
			g_string_append_c(out, q + 1 < end && q[1] == '\n' ?
			    '\n' : ' ');
			if (q + 1 < end && q[1] == '\n')
				q++;
		} else if (c == '\n' || c == '\t')
			g_string_append_c(out, (char)c);
		else if (c == 0)
			continue;
		else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
			g_string_append_c(out, ' ');
		else
			g_string_append_len(out, q, g_utf8_next_char(q) - q);
	}
	return xgstring_free(out);
}
