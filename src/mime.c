/*
 * mime.c - the sole GMime user.  Sections, in order: set-up and small
 * helpers; charsets; header values; the structure pre-scan; HTML to text;
 * format=flowed; the walk over the MIME tree; mime_parse().  Outgoing
 * mail (mime_compose) has its own section at the end.
 *
 * Memory: GLib/GMime objects and strings stay in this file; everything a
 * struct message points to is made with xmalloc.h and freed by
 * mime_message_free().
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gmime/gmime.h>

#include "address.h"
#include "mime.h"
#include "mime_text.h"
#include "xmalloc.h"

#define HOLD_TOO_LARGE		"too-large"
#define HOLD_TOO_DEEP		"mime-too-deep"
#define HOLD_TOO_MANY		"too-many-parts"

#define NAME_MAX_BYTES		200	/* a cleaned attachment name */
#define EXT_MAX_BYTES		16	/* an extension kept when cutting */

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

/* ------------------------------------------------------------------ */
/* Set-up and small helpers                                            */

static gpointer
mime_init_once(gpointer unused)
{
	g_mime_init();
	return NULL;
}

static void
mime_init(void)
{
	static GOnce once = G_ONCE_INIT;

	g_once(&once, mime_init_once, NULL);
}

void
mime_limits_default(struct mime_limits *lim)
{
	lim->max_bytes = MIME_MAX_BYTES_DEFAULT;
	lim->max_depth = MIME_MAX_DEPTH_DEFAULT;
	lim->max_parts = MIME_MAX_PARTS_DEFAULT;
	lim->max_header_bytes = MIME_MAX_HEADER_BYTES_DEFAULT;
}

/* Keeps v[n] NULL, as mime.h promises. */
static void
strlist_add(struct mime_strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 2, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
	l->v[l->n] = NULL;
}

static void
strlist_free(struct mime_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
addrlist_free(struct mime_addrlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].addr);
		free(l->v[i].name);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int
mime_has_defect(const struct message *m, const char *code)
{
	size_t i;

	for (i = 0; i < m->defects.n; i++)
		if (strcmp(m->defects.v[i], code) == 0)
			return 1;
	return 0;
}

static void
defect(struct parse *p, const char *code)
{
	if (!mime_has_defect(p->m, code))
		strlist_add(&p->m->defects, code);
}

static void
hold(struct parse *p, const char *reason)
{
	defect(p, reason);
	if (p->m->hold_reason == NULL)
		p->m->hold_reason = reason;
}

/* A malloc'd copy of a GLib string, which is freed. */
static char *
from_g(gchar *g)
{
	char *s;

	if (g == NULL)
		return NULL;
	s = xstrdup(g);
	g_free(g);
	return s;
}

static void
ascii_lower(char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		*s = g_ascii_tolower(*s);
}

static int
is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * 1 if base64 content holds anything but the alphabet, white space and
 * final padding, or does not come in groups of four.
 */
static int
base64_is_invalid(GMimeStream *src)
{
	char buf[4096];
	ssize_t n, i;
	size_t count = 0;
	int pad = 0, bad = 0;

	g_mime_stream_reset(src);
	while (!bad && (n = g_mime_stream_read(src, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			unsigned char c = buf[i];

			if (c == '\r' || c == '\n' || is_wsp(c))
				continue;
			if (c == '=') {
				pad++;
				count++;
			} else if (g_ascii_isalnum(c) || c == '+' || c == '/') {
				if (pad)
					bad = 1;	/* data after padding */
				count++;
			} else
				bad = 1;
		}
	}
	g_mime_stream_reset(src);
	return bad || pad > 2 || count % 4 != 0;
}

/*
 * Broken base64, line by line: a line that is all alphabet (and final
 * '=') is decoded on its own, any other line is skipped, so that junk
 * does not shift the rest out of step.
 */
static GByteArray *
base64_lenient(GMimeStream *src)
{
	GByteArray *raw = g_byte_array_new(), *out = g_byte_array_new();
	char buf[4096], *line;
	guchar *dec;
	ssize_t n;
	size_t i = 0, j, e, k, len;
	gint state;
	guint save;
	int ok;

	g_mime_stream_reset(src);
	while ((n = g_mime_stream_read(src, buf, sizeof(buf))) > 0)
		g_byte_array_append(raw, (guchar *)buf, n);
	g_mime_stream_reset(src);
	while (i < raw->len) {
		for (e = i; e < raw->len && raw->data[e] != '\n'; e++)
			;
		j = i;
		while (j < e && g_ascii_isspace(raw->data[j]))
			j++;
		len = e - j;
		while (len > 0 && g_ascii_isspace(raw->data[j + len - 1]))
			len--;
		while (len > 0 && raw->data[j + len - 1] == '=')
			len--;
		for (ok = 1, k = 0; k < len; k++)
			if (!g_ascii_isalnum(raw->data[j + k]) &&
			    raw->data[j + k] != '+' && raw->data[j + k] != '/')
				ok = 0;
		if (len % 4 == 1)
			len--;
		if (ok && len > 0) {
			/* Padded again, or GLib keeps the last group back. */
			line = g_malloc(len + 4);
			memcpy(line, raw->data + j, len);
			for (k = len; k % 4 != 0; k++)
				line[k] = '=';
			state = 0;
			save = 0;
			dec = g_malloc(k / 4 * 3 + 3);
			n = g_base64_decode_step(line, k, dec, &state, &save);
			g_byte_array_append(out, dec, n);
			g_free(dec);
			g_free(line);
		}
		i = e + 1;
	}
	g_byte_array_free(raw, TRUE);
	return out;
}

/* The transfer-decoded content of a leaf part. */
static GByteArray *
part_bytes(struct parse *p, GMimePart *part)
{
	GMimeDataWrapper *dw;
	GMimeStream *ms, *src;
	GByteArray *ba;

	if ((dw = g_mime_part_get_content(part)) == NULL)
		return g_byte_array_new();
	if (g_mime_data_wrapper_get_encoding(dw) ==
	    GMIME_CONTENT_ENCODING_BASE64 &&
	    (src = g_mime_data_wrapper_get_stream(dw)) != NULL &&
	    base64_is_invalid(src)) {
		defect(p, "invalid-base64");
		return base64_lenient(src);
	}
	ba = g_byte_array_new();
	ms = g_mime_stream_mem_new_with_byte_array(ba);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(ms), FALSE);
	g_mime_data_wrapper_write_to_stream(dw, ms);
	g_object_unref(ms);
	return ba;
}

/* ------------------------------------------------------------------ */
/* Charsets                                                            */

struct charset_alias {
	const char	*label;
	const char	*iconv;
};

/* Labels read as a wider charset; lower case. */
static const struct charset_alias charset_aliases[] = {
	{ "gb2312",		"GB18030" },
	{ "gbk",		"GB18030" },
	{ "x-gbk",		"GB18030" },
	{ "gb18030",		"GB18030" },
	{ "cp936",		"GB18030" },
	{ "ms936",		"GB18030" },
	{ "windows-936",	"GB18030" },
	{ "euc-cn",		"GB18030" },
	{ "x-euc-cn",		"GB18030" },
	{ "csgb2312",		"GB18030" },
	{ "gb_2312-80",		"GB18030" },
	{ "chinese",		"GB18030" },
	{ "big5",		"BIG5-HKSCS" },
	{ "big-5",		"BIG5-HKSCS" },
	{ "x-big5",		"BIG5-HKSCS" },
	{ "cn-big5",		"BIG5-HKSCS" },
	{ "csbig5",		"BIG5-HKSCS" },
	{ "big5-hkscs",		"BIG5-HKSCS" },
	{ "big5hkscs",		"BIG5-HKSCS" },
	{ "cp950",		"CP950" },
	{ "utf-8",		"UTF-8" },
	{ "utf8",		"UTF-8" },
	{ "unicode-1-1-utf-8",	"UTF-8" },
	{ "us-ascii",		"US-ASCII" },
	{ "ascii",		"US-ASCII" },
	{ "ansi_x3.4-1968",	"US-ASCII" },
};

/* Tried in order when the label is missing, unknown or wrong. */
static const char *const charset_fallbacks[] = {
	"UTF-8", "GB18030", "BIG5-HKSCS", "CP950",
};

/* Labels too weak to trust over bytes that are valid UTF-8. */
static const char *const charset_weak[] = {
	"US-ASCII", "iso-8859-1", "latin1", "l1", "iso_8859-1",
	"windows-1252", "cp1252",
};

/*
 * The iconv name for a label; NULL for a label that cannot be one (iconv
 * reads "//" suffixes as options, and a mail chooses the label).
 */
static const char *
charset_iconv_name(const char *label)
{
	size_t i;

	if (strlen(label) > 40 ||
	    strspn(label, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._:-") != strlen(label))
		return NULL;
	for (i = 0; i < G_N_ELEMENTS(charset_aliases); i++)
		if (g_ascii_strcasecmp(label, charset_aliases[i].label) == 0)
			return charset_aliases[i].iconv;
	return label;
}

static int
charset_is_weak(const char *name)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(charset_weak); i++)
		if (g_ascii_strcasecmp(name, charset_weak[i]) == 0)
			return 1;
	return 0;
}

static int
charset_is_utf8(const char *name)
{
	return g_ascii_strcasecmp(name, "UTF-8") == 0;
}

/* Bytes that are not ASCII; those inside well-formed UTF-8 sequences. */
static void
utf8_census(const char *s, size_t len, size_t *high, size_t *good)
{
	const char *end = s + len, *bad;
	size_t i;

	*high = *good = 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			(*high)++;
	while (s < end) {
		if (g_utf8_validate_len(s, end - s, &bad)) {
			bad = end;
		}
		for (; s < bad; s++)
			if ((unsigned char)*s >= 0x80)
				(*good)++;
		if (s < end)
			s++;	/* the byte that failed */
	}
}

/* Appends s as UTF-8, each invalid byte replaced by U+FFFD. */
static void
utf8_append_lossy(GString *out, const char *s, size_t len)
{
	const char *end, *bad;

	if (s == NULL || len == 0)
		return;
	end = s + len;

	while (s < end) {
		if (g_utf8_validate_len(s, end - s, &bad)) {
			g_string_append_len(out, s, end - s);
			return;
		}
		g_string_append_len(out, s, bad - s);
		if (*bad == '\0')
			;	/* NUL is valid UTF-8 but not wanted: drop it */
		else
			g_string_append(out, "\xef\xbf\xbd");
		s = bad + 1;
	}
}

/* Strict conversion to UTF-8; NULL when the bytes do not decode. */
static GString *
charset_strict(const char *s, size_t len, const char *name)
{
	gchar *u;
	gsize r, w;
	GString *out;

	if (charset_is_utf8(name) ||
	    (g_ascii_strcasecmp(name, "US-ASCII") == 0 &&
	    !g_mime_utils_text_is_8bit((const unsigned char *)s, len))) {
		if (!g_utf8_validate_len(s, len, NULL))
			return NULL;
		return g_string_new_len(s, len);
	}
	u = g_convert(s, len, "UTF-8", name, &r, &w, NULL);
	if (u == NULL)
		return NULL;
	if (r != len || !g_utf8_validate_len(u, w, NULL)) {
		g_free(u);
		return NULL;
	}
	out = g_string_new_len(u, w);
	g_free(u);
	return out;
}

/* Conversion replacing what does not decode by U+FFFD; NULL if no such
 * converter. */
static GString *
charset_lossy(const char *s, size_t len, const char *name)
{
	GIConv cd;
	GString *out;
	char obuf[4096];
	gchar *in = (gchar *)s, *op;
	gsize inleft = len, oleft;
	size_t rc;

	if (charset_is_utf8(name)) {
		out = g_string_sized_new(len);
		utf8_append_lossy(out, s, len);
		return out;
	}
	if ((cd = g_iconv_open("UTF-8", name)) == (GIConv)-1)
		return NULL;
	out = g_string_sized_new(len + len / 2);
	while (inleft > 0) {
		op = obuf;
		oleft = sizeof(obuf);
		rc = g_iconv(cd, &in, &inleft, &op, &oleft);
		g_string_append_len(out, obuf, op - obuf);
		if (rc != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		g_string_append(out, "\xef\xbf\xbd");
		if (errno == EILSEQ) {
			in++;
			inleft--;
		} else
			break;	/* EINVAL: an incomplete sequence at the end */
	}
	op = obuf;
	oleft = sizeof(obuf);
	g_iconv(cd, NULL, NULL, &op, &oleft);
	g_string_append_len(out, obuf, op - obuf);
	g_iconv_close(cd);
	/* Guards against a converter that lets invalid UTF-8 through. */
	if (!g_utf8_validate_len(out->str, out->len, NULL)) {
		GString *clean = g_string_sized_new(out->len);

		utf8_append_lossy(clean, out->str, out->len);
		g_string_free(out, TRUE);
		out = clean;
	}
	return out;
}

/*
 * How much decoded text looks like the Chinese and English mail the
 * office gets: common ideographs and punctuation count for it; private
 * use, U+FFFD, kana, Greek, Cyrillic, box drawing, Hangul and the rare
 * Extension A ideographs (what Big5 read as GB18030 and the like turn
 * into) count twice against it.  *bad gets the number of those.
 */
static long
charset_score(const GString *u, long *bad)
{
	const char *q, *end = u->str + u->len;
	gunichar c;
	long good = 0;

	*bad = 0;
	for (q = u->str; q < end; q = g_utf8_next_char(q)) {
		c = g_utf8_get_char(q);
		if (c < 0x80)
			continue;
		if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 &&
		    c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) ||
		    (c >= 0x2000 && c <= 0x206f) || (c >= 0xa0 && c <= 0xff))
			good++;
		else if ((c >= 0xe000 && c <= 0xf8ff) || c == 0xfffd ||
		    (c >= 0x3040 && c <= 0x30ff) || (c >= 0x370 &&
		    c <= 0x4ff) || (c >= 0x2500 && c <= 0x257f) ||
		    (c >= 0xac00 && c <= 0xd7af) || (c >= 0x3400 &&
		    c <= 0x4dbf))
			(*bad)++;
	}
	return good - 2 * *bad;
}

/*
 * The best strict decode among the fallbacks (ties to the earlier), or
 * NULL when none decodes.
 */
static GString *
charset_best_fallback(const char *s, size_t len, long *score)
{
	GString *best = NULL, *u;
	long sc, bad;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(charset_fallbacks); i++) {
		if ((u = charset_strict(s, len, charset_fallbacks[i])) == NULL)
			continue;
		sc = charset_score(u, &bad);
		if (best == NULL || sc > *score) {
			if (best != NULL)
				g_string_free(best, TRUE);
			best = u;
			*score = sc;
		} else
			g_string_free(u, TRUE);
	}
	return best;
}

/*
 * Decodes body bytes under `label` (may be NULL) to UTF-8, as mime.h
 * says: the label if the bytes decode under it without error (unless
 * they are plainly UTF-8), else the most plausible of UTF-8, GB18030,
 * Big5-HKSCS, else a lossy decode.
 */
static GString *
charset_decode(struct parse *p, const char *s, size_t len, const char *label)
{
	const char *name = NULL;
	GString *out = NULL;
	size_t high, good;
	long sc;

	if (len == 0 || s == NULL)
		return g_string_new(NULL);
	if (label != NULL && *label != '\0')
		name = charset_iconv_name(label);
	utf8_census(s, len, &high, &good);
	if (high == 0 && (name == NULL || charset_is_weak(name) ||
	    charset_is_utf8(name)))
		return g_string_new_len(s, len);
	if (name == NULL && (out = charset_strict(s, len, "UTF-8")) != NULL)
		goto out;
	/* Plainly UTF-8 (8 or more bytes, all well-formed) beats a label. */
	if (name != NULL && !charset_is_utf8(name) && high >= 8 &&
	    good == high && (out = charset_strict(s, len, "UTF-8")) != NULL) {
		defect(p, "charset-fallback");
		goto out;
	}
	/* A label that decodes the bytes is never second-guessed: the
	 * plausibility score below knows Chinese and English only, and
	 * would turn Russian, Greek or Japanese into nonsense Han. */
	if (name != NULL && (out = charset_strict(s, len, name)) != NULL)
		goto out;
	defect(p, "charset-fallback");
	/* Mostly UTF-8: damaged UTF-8 rather than another charset. */
	if (good * 10 >= high * 9) {
		out = charset_lossy(s, len, "UTF-8");
		goto out;
	}
	if ((out = charset_best_fallback(s, len, &sc)) != NULL)
		goto out;
	if (name != NULL)
		out = charset_lossy(s, len, name);
	if (out == NULL)
		out = charset_lossy(s, len, "UTF-8");
out:
	return out;
}

/* ------------------------------------------------------------------ */
/* Header values                                                       */

/*
 * raw cut to at most max bytes, at white space when there is some near
 * the end (so that an encoded word is not split); *cut set if it was.
 */
static gchar *
header_capped(const char *raw, size_t max, int *cut)
{
	size_t len = strlen(raw), n, i;

	*cut = 0;
	if (len <= max)
		return g_strdup(raw);
	*cut = 1;
	n = max;
	for (i = n; i > 0 && i + 80 > n; i--)
		if (is_wsp(raw[i - 1])) {
			n = i - 1;
			break;
		}
	return g_strndup(raw, n);
}

/* Unfolds: CR and LF vanish before white space, else become spaces. */
static void
header_unfold(gchar *s)
{
	char *r, *w;

	for (r = w = s; *r != '\0'; r++) {
		if (*r == '\r' || *r == '\n') {
			if (is_wsp(r[1]) || r[1] == '\r' || r[1] == '\n')
				continue;
			*w++ = ' ';
			continue;
		}
		*w++ = *r;
	}
	*w = '\0';
}

/*
 * One clean line of at most max bytes: valid UTF-8, controls, CR, LF,
 * U+2028/U+2029 as spaces, white space collapsed and trimmed.  NULL when
 * nothing is left.
 */
static char *
clean_line(const char *s, size_t max)
{
	GString *u, *out;
	const char *q, *end;
	gunichar c;
	int space = 0;
	char *r;

	if (s == NULL)
		return NULL;
	u = g_string_new(NULL);
	utf8_append_lossy(u, s, strlen(s));
	out = g_string_sized_new(u->len);
	end = u->str + u->len;
	for (q = u->str; q < end; q = g_utf8_next_char(q)) {
		c = g_utf8_get_char(q);
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
		    c == 0x2028 || c == 0x2029 || c == ' ') {
			space = 1;
			continue;
		}
		if (space && out->len > 0) {
			if (out->len + 1 > max)
				break;
			g_string_append_c(out, ' ');
		}
		space = 0;
		if (out->len + (g_utf8_next_char(q) - q) > max)
			break;
		g_string_append_len(out, q, g_utf8_next_char(q) - q);
	}
	g_string_free(u, TRUE);
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	r = xstrdup(out->str);
	g_string_free(out, TRUE);
	return r;
}

/*
 * RFC 2047, done here rather than by GMime: GMime 3.2.13 joins the
 * base64 of adjacent words before decoding and loses every word after
 * one that ends in '=' padding.  Adjacent words of one charset are
 * decoded to bytes, joined (a character may be split between them) and
 * converted once, through charset_decode().
 */

/* The encoded word at s: its charset and decoded bytes; the length, or
 * 0 when s does not start one. */
static size_t
ew_parse(const char *s, gchar **charset, GByteArray *out)
{
	const char *cs, *q, *txt, *e;
	guchar *buf;
	gint state = 0;
	guint save = 0;
	gsize n;
	int b;

	if (s[0] != '=' || s[1] != '?')
		return 0;
	cs = s + 2;
	for (q = cs; *q != '\0' && *q != '?'; q++)
		if ((unsigned char)*q <= ' ' || *q == '=')
			return 0;
	if (*q != '?' || q == cs || (q[1] != 'B' && q[1] != 'b' &&
	    q[1] != 'Q' && q[1] != 'q') || q[2] != '?')
		return 0;
	b = q[1] == 'B' || q[1] == 'b';
	txt = q + 3;
	for (e = txt; *e != '\0' && !(e[0] == '?' && e[1] == '='); e++)
		if ((unsigned char)*e <= ' ')
			return 0;
	if (*e == '\0')
		return 0;
	*charset = g_strndup(cs, q - cs);
	(*charset)[strcspn(*charset, "*")] = '\0';	/* RFC 2231 language */
	if (b) {
		buf = g_malloc((e - txt) / 4 * 3 + 4);
		n = g_base64_decode_step(txt, e - txt, buf, &state, &save);
		g_byte_array_append(out, buf, n);
		g_free(buf);
	} else {
		for (q = txt; q < e; q++) {
			guchar c = *q;

			if (c == '_')
				c = ' ';
			else if (c == '=' && q + 2 < e &&
			    g_ascii_isxdigit(q[1]) && g_ascii_isxdigit(q[2])) {
				c = g_ascii_xdigit_value(q[1]) * 16 +
				    g_ascii_xdigit_value(q[2]);
				q += 2;
			}
			g_byte_array_append(out, &c, 1);
		}
	}
	return e + 2 - s;
}

enum ew_mode {
	EW_TEXT,	/* decode everything to UTF-8 */
	EW_MERGE,	/* runs of words become one =?UTF-8?B?...?= word */
};

static void
ew_flush(struct parse *p, GString *out, gchar **cs, GByteArray *run,
    enum ew_mode mode)
{
	GString *u;
	gchar *b64;

	if (*cs == NULL)
		return;
	u = charset_decode(p, (const char *)run->data, run->len, *cs);
	if (mode == EW_TEXT)
		g_string_append_len(out, u->str, u->len);
	else {
		b64 = g_base64_encode((const guchar *)u->str, u->len);
		g_string_append_printf(out, "=?UTF-8?B?%s?=", b64);
		g_free(b64);
	}
	g_string_free(u, TRUE);
	g_free(*cs);
	*cs = NULL;
	g_byte_array_set_size(run, 0);
}

static void
lit_flush(struct parse *p, GString *out, GString *lit, enum ew_mode mode)
{
	GString *u;

	if (lit->len == 0)
		return;
	if (mode == EW_MERGE)
		g_string_append_len(out, lit->str, lit->len);
	else {
		u = charset_decode(p, lit->str, lit->len, NULL);
		g_string_append_len(out, u->str, u->len);
		g_string_free(u, TRUE);
	}
	g_string_truncate(lit, 0);
}

/* A GLib string: s with its encoded words decoded (or merged). */
static gchar *
rfc2047_decode(struct parse *p, const char *s, enum ew_mode mode)
{
	GString *out = g_string_sized_new(strlen(s)), *lit = g_string_new(NULL);
	GByteArray *run = g_byte_array_new(), *w = g_byte_array_new();
	gchar *cs = NULL, *wcs = NULL;
	size_t n, sp;

	while (*s != '\0') {
		if ((n = ew_parse(s, &wcs, w)) == 0) {
			ew_flush(p, out, &cs, run, mode);
			g_string_append_c(lit, *s++);
			continue;
		}
		lit_flush(p, out, lit, mode);
		if (cs != NULL && g_ascii_strcasecmp(cs, wcs) != 0)
			ew_flush(p, out, &cs, run, mode);
		if (cs == NULL) {
			cs = wcs;
			wcs = NULL;
		}
		g_free(wcs);
		wcs = NULL;
		g_byte_array_append(run, w->data, w->len);
		g_byte_array_set_size(w, 0);
		s += n;
		/* White space between two words is dropped. */
		sp = strspn(s, " \t\r\n");
		if (sp > 0 && s[sp] == '=' && s[sp + 1] == '?' &&
		    ew_parse(s + sp, &wcs, w) > 0) {
			g_byte_array_set_size(w, 0);
			g_free(wcs);
			wcs = NULL;
			s += sp;
		}
	}
	ew_flush(p, out, &cs, run, mode);
	lit_flush(p, out, lit, mode);
	g_byte_array_free(run, TRUE);
	g_byte_array_free(w, TRUE);
	g_string_free(lit, TRUE);
	return g_string_free(out, FALSE);
}

/* A header's raw value capped and unfolded (a GLib string). */
static gchar *
header_prepare(struct parse *p, const char *raw)
{
	gchar *v;
	int cut;

	v = header_capped(raw != NULL ? raw : "", p->lim.max_header_bytes,
	    &cut);
	if (cut)
		defect(p, "header-too-long");
	header_unfold(v);
	return v;
}

/* Message-IDs in s, each "<...>", in order; bare tokens when none has
 * brackets. */
static void
msgids_parse(const char *s, struct mime_strlist *out, size_t max)
{
	const char *q = s, *lt, *gt;
	char *id;
	gchar **tok;
	size_t i, n0 = out->n;

	while ((lt = strchr(q, '<')) != NULL &&
	    (gt = strchr(lt, '>')) != NULL) {
		if (gt - lt > 2 && (size_t)(gt - lt + 1) <= max) {
			gchar *raw = g_strndup(lt, gt - lt + 1);

			id = clean_line(raw, max);
			g_free(raw);
			if (id != NULL && strchr(id, ' ') == NULL)
				strlist_add(out, id);
			free(id);
		}
		q = gt + 1;
	}
	if (out->n > n0 || strchr(s, '<') != NULL)
		return;
	tok = g_strsplit_set(s, " \t,", -1);
	for (i = 0; tok[i] != NULL; i++) {
		char *raw;

		if (strchr(tok[i], '@') == NULL || strchr(tok[i], '>') ||
		    strlen(tok[i]) + 2 > max)
			continue;
		/* Cleaned as a bracketed id is: valid UTF-8, no controls. */
		raw = xasprintf("<%s>", tok[i]);
		id = clean_line(raw, max);
		free(raw);
		if (id != NULL && strchr(id, ' ') == NULL)
			strlist_add(out, id);
		free(id);
	}
	g_strfreev(tok);
}

static char *
msgid_first(const char *s, size_t max)
{
	struct mime_strlist l = { NULL, 0 };
	char *id = NULL;

	msgids_parse(s, &l, max);
	if (l.n > 0) {
		id = l.v[0];
		l.v[0] = NULL;
	}
	strlist_free(&l);
	return id;
}

static void
addr_add(struct parse *p, struct mime_addrlist *l, InternetAddressMailbox *mb)
{
	const char *addr = internet_address_mailbox_get_addr(mb);
	const char *name = internet_address_get_name(INTERNET_ADDRESS(mb));
	char *a;

	if ((a = clean_line(addr, p->lim.max_header_bytes)) == NULL)
		return;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n].addr = a;
	l->v[l->n].name = clean_line(name, p->lim.max_header_bytes);
	l->n++;
}

/* Appends every mailbox of an address header, group members included. */
static void
addrs_parse(struct parse *p, const char *value, struct mime_addrlist *l)
{
	InternetAddressList *al, *members;
	InternetAddress *ia;
	gchar *merged;
	int i, j;

	merged = rfc2047_decode(p, value, EW_MERGE);
	al = internet_address_list_parse(p->opts, merged);
	g_free(merged);
	if (al == NULL)
		return;
	for (i = 0; i < internet_address_list_length(al); i++) {
		ia = internet_address_list_get_address(al, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			addr_add(p, l, INTERNET_ADDRESS_MAILBOX(ia));
			continue;
		}
		if (!INTERNET_ADDRESS_IS_GROUP(ia))
			continue;
		members = internet_address_group_get_members(
		    INTERNET_ADDRESS_GROUP(ia));
		for (j = 0; members != NULL &&
		    j < internet_address_list_length(members); j++) {
			ia = internet_address_list_get_address(members, j);
			if (INTERNET_ADDRESS_IS_MAILBOX(ia))
				addr_add(p, l, INTERNET_ADDRESS_MAILBOX(ia));
		}
	}
	g_object_unref(al);
}

/* Header handlers: value is capped and unfolded; seen counts earlier
 * headers of the same name. */
struct hdr_rule;
typedef void	 hdr_fn(struct parse *, const struct hdr_rule *,
		    const char *value, int seen);

struct hdr_rule {
	const char	*name;
	hdr_fn		*fn;
	size_t		 off;	/* of the field in struct message */
};

#define FIELD(p, r, type)	((type *)((char *)(p)->m + (r)->off))

static void
hdr_text(struct parse *p, const struct hdr_rule *r, const char *value, int seen)
{
	gchar *d;

	if (seen)
		return;
	d = rfc2047_decode(p, value, EW_TEXT);
	*FIELD(p, r, char *) = clean_line(d, p->lim.max_header_bytes);
	g_free(d);
}

static void
hdr_raw(struct parse *p, const struct hdr_rule *r, const char *value, int seen)
{
	if (!seen)
		*FIELD(p, r, char *) = clean_line(value,
		    p->lim.max_header_bytes);
}

static void
hdr_raw_all(struct parse *p, const struct hdr_rule *r, const char *value,
    int seen)
{
	char *v;

	if ((v = clean_line(value, p->lim.max_header_bytes)) != NULL)
		strlist_add(FIELD(p, r, struct mime_strlist), v);
	free(v);
}

static void
hdr_msgid(struct parse *p, const struct hdr_rule *r, const char *value,
    int seen)
{
	if (!seen)
		*FIELD(p, r, char *) = msgid_first(value,
		    p->lim.max_header_bytes);
}

static void
hdr_refs(struct parse *p, const struct hdr_rule *r, const char *value, int seen)
{
	if (!seen)
		msgids_parse(value, FIELD(p, r, struct mime_strlist),
		    p->lim.max_header_bytes);
}

static void
hdr_addrs(struct parse *p, const struct hdr_rule *r, const char *value,
    int seen)
{
	addrs_parse(p, value, FIELD(p, r, struct mime_addrlist));
}

static void
hdr_from(struct parse *p, const struct hdr_rule *r, const char *value, int seen)
{
	struct mime_addrlist l = { NULL, 0 };
	struct message *m = p->m;

	addrs_parse(p, value, &l);
	if (m->from.addr == NULL && l.n > 0) {
		m->from = l.v[0];
		l.v[0].addr = l.v[0].name = NULL;
	}
	m->from_count += l.n;
	addrlist_free(&l);
}

static void
hdr_return_path(struct parse *p, const struct hdr_rule *r, const char *value,
    int seen)
{
	struct message *m = p->m;
	const char *lt, *gt;
	gchar *in;

	if (seen)
		return;
	if ((lt = strchr(value, '<')) != NULL && (gt = strchr(lt, '>')) != NULL)
		in = g_strndup(lt + 1, gt - lt - 1);
	else
		in = g_strdup(value);
	m->return_path = clean_line(in, p->lim.max_header_bytes);
	g_free(in);
	if (m->return_path == NULL) {
		m->return_path = xstrdup("");
		m->return_path_empty = 1;
	}
}

static void
hdr_date(struct parse *p, const struct hdr_rule *r, const char *value, int seen)
{
	struct message *m = p->m;
	GDateTime *dt;

	if (seen)
		return;
	m->date = clean_line(value, p->lim.max_header_bytes);
	if (m->date != NULL &&
	    (dt = g_mime_utils_header_decode_date(m->date)) != NULL) {
		m->date_unix = g_date_time_to_unix(dt);
		m->date_valid = 1;
		g_date_time_unref(dt);
	}
}

#define OFF(f)	offsetof(struct message, f)

static const struct hdr_rule hdr_rules[] = {
	{ "Message-ID",			hdr_msgid,	OFF(message_id) },
	{ "In-Reply-To",		hdr_msgid,	OFF(in_reply_to) },
	{ "References",			hdr_refs,	OFF(references) },
	{ "From",			hdr_from,	0 },
	{ "To",				hdr_addrs,	OFF(to) },
	{ "Cc",				hdr_addrs,	OFF(cc) },
	{ "Reply-To",			hdr_addrs,	OFF(reply_to) },
	{ "Delivered-To",		hdr_addrs,	OFF(delivered_to) },
	{ "X-Original-To",		hdr_addrs,	OFF(x_original_to) },
	{ "Return-Path",		hdr_return_path, 0 },
	{ "Subject",			hdr_text,	OFF(subject) },
	{ "Date",			hdr_date,	0 },
	{ "Auto-Submitted",		hdr_raw,	OFF(auto_submitted) },
	{ "X-Autoreply",		hdr_raw,	OFF(x_autoreply) },
	{ "X-Autorespond",		hdr_raw,	OFF(x_autorespond) },
	{ "Precedence",			hdr_raw,	OFF(precedence) },
	{ "List-Id",			hdr_text,	OFF(list_id) },
	{ "X-Loop",			hdr_raw_all,	OFF(x_loop) },
	{ "Authentication-Results",	hdr_raw_all,	OFF(auth_results) },
};

static void
headers_read(struct parse *p, GMimeObject *obj)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	GMimeHeader *h;
	const char *name;
	gchar *value;
	int i, n, seen[G_N_ELEMENTS(hdr_rules)];
	size_t k;

	memset(seen, 0, sizeof(seen));
	n = g_mime_header_list_get_count(hl);
	for (i = 0; i < n; i++) {
		h = g_mime_header_list_get_header_at(hl, i);
		name = g_mime_header_get_name(h);
		for (k = 0; k < G_N_ELEMENTS(hdr_rules); k++)
			if (g_ascii_strcasecmp(name, hdr_rules[k].name) == 0)
				break;
		if (k == G_N_ELEMENTS(hdr_rules))
			continue;
		value = header_prepare(p, g_mime_header_get_raw_value(h));
		hdr_rules[k].fn(p, &hdr_rules[k], value, seen[k]++);
		g_free(value);
	}
}

/* ------------------------------------------------------------------ */
/* The structure pre-scan                                              */

struct scan {
	struct parse	*p;
	char		**bounds;	/* NULL for an embedded message */
	size_t		 depth;
	GString		*ctype;		/* the block's Content-Type value */
	int		 in_ctype;
};

static const char *const scan_not_messages[] = {
	"delivery-status", "global-delivery-status", "disposition-notification",
	"global-disposition-notification", "partial", "external-body",
	"feedback-report",
};

/*
 * The innermost boundary that line (after its "--") starts with, or -1;
 * a prefix is enough, which over- rather than under-states the nesting.
 */
static int
scan_match(struct scan *s, const char *line, size_t len, int *final)
{
	size_t i, bl;

	for (i = s->depth; i > 0; i--) {
		if (s->bounds[i - 1] == NULL)
			continue;
		bl = strlen(s->bounds[i - 1]);
		if (len >= bl && memcmp(line, s->bounds[i - 1], bl) == 0) {
			*final = len >= bl + 2 && line[bl] == '-' &&
			    line[bl + 1] == '-';
			return (int)i - 1;
		}
	}
	return -1;
}

static void
scan_pop(struct scan *s, size_t depth)
{
	while (s->depth > depth)
		g_free(s->bounds[--s->depth]);
}

/*
 * A header block ended: pushes a frame for a multipart or an embedded
 * message.  Returns -1 when that is one level too deep, else 1 when a
 * new header block follows at once (message/rfc822), else 0.
 */
static int
scan_block_end(struct scan *s)
{
	GMimeContentType *ct;
	const char *b, *sub;
	int rv = 0;
	size_t i;

	if (s->ctype->len == 0)
		return 0;
	ct = g_mime_content_type_parse(s->p->opts, s->ctype->str);
	g_string_truncate(s->ctype, 0);
	s->in_ctype = 0;
	if (ct == NULL)
		return 0;
	sub = g_mime_content_type_get_media_subtype(ct);
	if (g_mime_content_type_is_type(ct, "multipart", "*")) {
		b = g_mime_content_type_get_parameter(ct, "boundary");
		if (b == NULL || *b == '\0')
			goto out;
		if (s->depth + 1 > s->p->lim.max_depth) {
			rv = -1;
			goto out;
		}
		s->bounds[s->depth++] = g_strdup(b);
	} else if (g_mime_content_type_is_type(ct, "message", "*")) {
		for (i = 0; i < G_N_ELEMENTS(scan_not_messages); i++)
			if (sub != NULL &&
			    g_ascii_strcasecmp(sub, scan_not_messages[i]) == 0)
				goto out;
		if (s->depth + 1 > s->p->lim.max_depth) {
			rv = -1;
			goto out;
		}
		s->bounds[s->depth++] = NULL;
		rv = 1;
	}
out:
	g_object_unref(ct);
	return rv;
}

/* The Content-Type value on a header line, or NULL. */
static const char *
scan_ctype_value(const char *line, size_t len)
{
	static const char name[] = "content-type";
	size_t i = sizeof(name) - 1;

	if (len < i || g_ascii_strncasecmp(line, name, i) != 0)
		return NULL;
	while (i < len && is_wsp(line[i]))
		i++;
	if (i >= len || line[i] != ':')
		return NULL;
	return line + i + 1;
}

static int
scan_is_header(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (line[i] == ':')
			return i > 0;
		if ((unsigned char)line[i] <= ' ' || line[i] == 0x7f)
			return i > 0 && is_wsp(line[i]) &&
			    memchr(line + i, ':', len - i) != NULL;
	}
	return 0;
}

/*
 * How many leading bytes of raw GMime may see: all, or fewer (*why set)
 * when the structure nests deeper than max_depth or has more than
 * max_parts entities.  Linear: a line is compared with at most max_depth
 * boundaries, and nothing recurses.
 */
static size_t
prescan(struct parse *p, const char *raw, size_t len, const char **why)
{
	struct scan s;
	size_t pos = 0, next, ll, cl, block = 0, cut = len;
	const char *line, *nl, *v;
	unsigned int parts = 1;
	int in_hdr = 1, b, final = 0, r;

	memset(&s, 0, sizeof(s));
	s.p = p;
	s.bounds = xcalloc(p->lim.max_depth + 1, sizeof(*s.bounds));
	s.ctype = g_string_new(NULL);
	*why = NULL;
	while (pos < len) {
		line = raw + pos;
		nl = memchr(line, '\n', len - pos);
		ll = nl != NULL ? (size_t)(nl - line) : len - pos;
		next = nl != NULL ? pos + ll + 1 : len;
		cl = ll > 0 && line[ll - 1] == '\r' ? ll - 1 : ll;
		b = -1;
		if (cl >= 2 && line[0] == '-' && line[1] == '-')
			b = scan_match(&s, line + 2, cl - 2, &final);
		if (in_hdr && b < 0) {
			if (cl > 0 && is_wsp(line[0])) {
				if (s.in_ctype && s.ctype->len <
				    p->lim.max_header_bytes)
					g_string_append_len(s.ctype, line, cl);
				pos = next;
				continue;
			}
			if (cl > 0 && scan_is_header(line, cl)) {
				s.in_ctype = 0;
				if ((v = scan_ctype_value(line, cl)) != NULL) {
					g_string_truncate(s.ctype, 0);
					g_string_append_len(s.ctype, v,
					    MIN((size_t)(line + cl - v),
					    p->lim.max_header_bytes));
					s.in_ctype = 1;
				}
				pos = next;
				continue;
			}
			/* A blank line, or content without one. */
			if ((r = scan_block_end(&s)) < 0) {
				cut = block;
				*why = HOLD_TOO_DEEP;
				break;
			}
			in_hdr = r;
			if (r == 1 && ++parts > p->lim.max_parts) {
				cut = block;
				*why = HOLD_TOO_MANY;
				break;
			}
			if (r == 1 && cl != 0)
				continue;	/* embedded headers */
			if (cl == 0) {
				pos = next;
				continue;
			}
		}
		if (b >= 0) {
			/* Headers cut short by a boundary: no content. */
			g_string_truncate(s.ctype, 0);
			s.in_ctype = 0;
			scan_pop(&s, (size_t)b + 1);
			if (final) {
				scan_pop(&s, (size_t)b);
				in_hdr = 0;
			} else {
				in_hdr = 1;
				block = pos;
				if (++parts > p->lim.max_parts) {
					cut = pos;
					*why = HOLD_TOO_MANY;
					break;
				}
			}
		}
		pos = next;
	}
	scan_pop(&s, 0);
	free(s.bounds);
	g_string_free(s.ctype, TRUE);
	return cut;
}

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
	char *r;

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
	r = xstrdup(out->str);
	g_string_free(out, TRUE);
	return r;
}

/* HTML (valid UTF-8) to text, without quotes; mime.h says which. */
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
static gchar *
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
		return e > q ? g_strndup(q, e - q) : NULL;
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
	char *r;

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
	r = xstrdup(out->str);
	g_string_free(out, TRUE);
	return r;
}

/* ------------------------------------------------------------------ */
/* The walk over the MIME tree                                         */

/*
 * Text as the rest of the program wants it: LF line ends (a bare CR is
 * a space), no NUL or other control character but TAB and LF.
 */
static char *
text_normalise(const char *s, size_t len)
{
	GString *out = g_string_sized_new(len);
	const char *q, *end = s + len;
	gunichar c;
	char *r;

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
	r = xstrdup(out->str);
	g_string_free(out, TRUE);
	return r;
}

/* A text part's content as UTF-8 (GLib string), NULs dropped. */
static GString *
part_utf8(struct parse *p, GMimePart *part, int sniff_meta)
{
	GByteArray *ba = part_bytes(p, part);
	const char *label;
	gchar *meta = NULL;
	GString *u;
	guint i, w;

	for (i = w = 0; i < ba->len; i++)
		if (ba->data[i] != '\0')
			ba->data[w++] = ba->data[i];
	if (w != ba->len)
		defect(p, "nul-bytes");
	g_byte_array_set_size(ba, w);
	label = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part),
	    "charset");
	if (label == NULL && sniff_meta)
		label = meta = html_meta_charset((const char *)ba->data,
		    ba->len);
	u = charset_decode(p, (const char *)ba->data, ba->len, label);
	g_free(meta);
	g_byte_array_free(ba, TRUE);
	return u;
}

static char *
plain_text(struct parse *p, GMimePart *part)
{
	GMimeObject *o = GMIME_OBJECT(part);
	const char *fmt, *delsp;
	GString *u = part_utf8(p, part, 0);
	char *t, *f;

	t = text_normalise(u->str, u->len);
	g_string_free(u, TRUE);
	fmt = g_mime_object_get_content_type_parameter(o, "format");
	delsp = g_mime_object_get_content_type_parameter(o, "delsp");
	if (fmt != NULL && g_ascii_strcasecmp(fmt, "flowed") == 0) {
		f = flowed_unwrap(t, delsp != NULL &&
		    g_ascii_strcasecmp(delsp, "yes") == 0);
		free(t);
		t = f;
	}
	return t;
}

struct ext_rule {
	const char	*type;
	const char	*ext;
};

static const struct ext_rule ext_rules[] = {
	{ "image/jpeg", ".jpg" }, { "image/png", ".png" },
	{ "image/gif", ".gif" }, { "application/pdf", ".pdf" },
	{ "text/plain", ".txt" }, { "text/html", ".html" },
	{ "message/rfc822", ".eml" }, { "text/calendar", ".ics" },
	{ "application/zip", ".zip" },
	{ "application/msword", ".doc" },
	{ "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document", ".docx" },
};

static const char *
ext_for(const char *type)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(ext_rules); i++)
		if (strcmp(type, ext_rules[i].type) == 0)
			return ext_rules[i].ext;
	return ".bin";
}

/* Characters a cleaned name never holds: Windows-reserved become '_'. */
static int
name_char_ok(gunichar c)
{
	return !(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
	    (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0xfeff);
}

/* mime.h's rules for an attachment name; NULL when nothing is left. */
static char *
name_clean(const char *orig)
{
	GString *out;
	const char *q, *base, *end;
	gunichar c;
	char *r, *dot;
	size_t stem, ext;

	if (orig == NULL)
		return NULL;
	for (base = q = orig; *q != '\0'; q++)
		if (*q == '/' || *q == '\\')
			base = q + 1;
	out = g_string_new(NULL);
	end = base + strlen(base);
	for (q = base; q < end; q = g_utf8_next_char(q)) {
		c = g_utf8_get_char(q);
		if (!name_char_ok(c))
			continue;
		if (c == '.' && out->len > 0 && out->str[out->len - 1] == '.')
			continue;
		if (strchr(":*?\"<>|", (int)c) != NULL && c < 0x80)
			g_string_append_c(out, '_');
		else
			g_string_append_unichar(out, c);
	}
	g_strstrip(out->str);
	g_string_set_size(out, strlen(out->str));
	while (out->len > 0 && (out->str[out->len - 1] == '.' ||
	    out->str[out->len - 1] == ' '))
		g_string_truncate(out, out->len - 1);
	if (out->len > 0 && out->str[0] == '.')
		out->str[0] = '_';
	if (out->len > NAME_MAX_BYTES) {
		dot = strrchr(out->str, '.');
		ext = dot != NULL ? strlen(dot) : 0;
		if (ext > EXT_MAX_BYTES)
			ext = 0;
		stem = NAME_MAX_BYTES - ext;
		while (stem > 0 && (out->str[stem] & 0xc0) == 0x80)
			stem--;
		if (ext > 0)
			memmove(out->str + stem, dot, ext);
		g_string_truncate(out, stem + ext);
	}
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	r = xstrdup(out->str);
	g_string_free(out, TRUE);
	return r;
}

static void
attach_add(struct parse *p, const char *orig, const char *type,
    GByteArray *ba)
{
	struct mime_attachment a;
	GChecksum *ck;
	GString *u;

	memset(&a, 0, sizeof(a));
	p->nattach++;
	a.orig_filename = clean_line(orig, p->lim.max_header_bytes);
	if (orig != NULL) {
		u = g_string_new(NULL);
		utf8_append_lossy(u, orig, strlen(orig));
		a.filename = name_clean(u->str);
		g_string_free(u, TRUE);
	}
	if (a.filename == NULL)
		a.filename = xasprintf("attachment-%u%s", p->nattach,
		    ext_for(type));
	a.content_type = xstrdup(type);
	a.len = ba->len;
	a.data = xmalloc(ba->len);
	if (ba->len > 0)
		memcpy(a.data, ba->data, ba->len);
	ck = g_checksum_new(G_CHECKSUM_SHA256);
	if (ba->len > 0)
		g_checksum_update(ck, ba->data, ba->len);
	g_strlcpy(a.sha256, g_checksum_get_string(ck), sizeof(a.sha256));
	g_checksum_free(ck);
	g_array_append_val(p->atts, a);
}

static char *
mime_type_of(GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *t;

	if (ct == NULL)
		return xstrdup("application/octet-stream");
	t = from_g(g_mime_content_type_get_mime_type(ct));
	ascii_lower(t);
	return t;
}

/* Unfolded "Name: value" fields of one text block, for DSN parsing. */
static char *
dsn_field(gchar **lines, size_t from, size_t to, const char *name)
{
	size_t i, n = strlen(name);
	GString *v;
	char *r = NULL;

	for (i = from; i < to; i++) {
		if (g_ascii_strncasecmp(lines[i], name, n) != 0 ||
		    lines[i][n] != ':')
			continue;
		v = g_string_new(lines[i] + n + 1);
		while (i + 1 < to && is_wsp(lines[i + 1][0]))
			g_string_append(v, lines[++i]);
		r = clean_line(v->str, 998);
		g_string_free(v, TRUE);
		break;
	}
	return r;
}

/* message/delivery-status: the first recipient that failed, else the
 * first with an Action. */
static void
dsn_parse(struct parse *p, GMimePart *part)
{
	struct mime_dsn *d = &p->m->dsn;
	GByteArray *ba = part_bytes(p, part);
	GString *u;
	gchar **lines, *t;
	char *action, *semi;
	size_t i, start, n;
	int done = 0;

	u = g_string_new(NULL);
	utf8_append_lossy(u, (const char *)ba->data, ba->len);
	g_byte_array_free(ba, TRUE);
	t = g_strdelimit(u->str, "\r", ' ');
	lines = g_strsplit(t, "\n", -1);
	g_string_free(u, TRUE);
	n = g_strv_length(lines);
	for (i = 0; i < n; i++)
		g_strchomp(lines[i]);
	d->present = 1;
	for (start = 0; start < n && !done; start = i + 1) {
		for (i = start; i < n && lines[i][0] != '\0'; i++)
			;
		if ((action = dsn_field(lines, start, i, "Action")) == NULL)
			continue;
		ascii_lower(action);
		if (d->action != NULL && strcmp(action, "failed") != 0) {
			free(action);
			continue;
		}
		done = strcmp(action, "failed") == 0;
		free(d->action);
		free(d->status);
		free(d->final_recipient);
		d->action = action;
		d->status = dsn_field(lines, start, i, "Status");
		if (d->status != NULL)
			d->status[strcspn(d->status, " (")] = '\0';
		d->final_recipient = dsn_field(lines, start, i,
		    "Final-Recipient");
		if (d->final_recipient != NULL &&
		    (semi = strchr(d->final_recipient, ';')) != NULL)
			memmove(d->final_recipient, semi + 1, strlen(semi));
		if (d->final_recipient != NULL) {
			g_strstrip(d->final_recipient);
			d->final_recipient[strcspn(d->final_recipient, ">")] =
			    '\0';
			if (d->final_recipient[0] == '<')
				memmove(d->final_recipient,
				    d->final_recipient + 1,
				    strlen(d->final_recipient));
		}
	}
	g_strfreev(lines);
}

/* text/rfc822-headers: the Message-ID of the returned mail. */
static void
dsn_headers(struct parse *p, GMimePart *part)
{
	GByteArray *ba = part_bytes(p, part);
	GString *u = g_string_new(NULL);
	gchar **lines;
	char *v;
	size_t n;

	utf8_append_lossy(u, (const char *)ba->data, ba->len);
	g_byte_array_free(ba, TRUE);
	g_strdelimit(u->str, "\r", ' ');
	lines = g_strsplit(u->str, "\n", -1);
	n = g_strv_length(lines);
	if (p->m->dsn.original_message_id == NULL &&
	    (v = dsn_field(lines, 0, n, "Message-ID")) != NULL) {
		p->m->dsn.original_message_id = msgid_first(v, 998);
		free(v);
	}
	g_strfreev(lines);
	g_string_free(u, TRUE);
}

struct walk {
	GMimeObject	*obj;
	unsigned int	 depth;
	int		 body;		/* on the path of the body text */
	int		 in_report;	/* a child of multipart/report */
};

static void
leaf(struct parse *p, const struct walk *w)
{
	GMimePart *part = GMIME_PART(w->obj);
	const char *disp, *fname;
	char *type, *t;
	GString *u;
	GByteArray *ba;
	int attach;

	type = mime_type_of(w->obj);
	disp = g_mime_object_get_disposition(w->obj);
	fname = g_mime_part_get_filename(part);
	attach = fname != NULL ||
	    (disp != NULL && g_ascii_strcasecmp(disp, "attachment") == 0);
	if (!attach && strcmp(type, "text/plain") == 0) {
		if (w->body) {
			t = plain_text(p, part);
			if (p->text->len > 0 && *t != '\0')
				g_string_append_c(p->text, '\n');
			g_string_append(p->text, t);
			free(t);
		}
	} else if (!attach && strcmp(type, "text/html") == 0) {
		if (p->html == NULL || (w->body && !p->html_is_body)) {
			u = part_utf8(p, part, 1);
			if (p->html != NULL)
				g_string_free(p->html, TRUE);
			p->html = u;
			p->html_is_body = w->body;
		}
	} else if (strcmp(type, "message/delivery-status") == 0 ||
	    strcmp(type, "message/global-delivery-status") == 0) {
		if (!p->m->dsn.present)
			dsn_parse(p, part);
	} else if (w->in_report && strcmp(type, "text/rfc822-headers") == 0) {
		dsn_headers(p, part);
	} else {
		ba = part_bytes(p, part);
		attach_add(p, fname, type, ba);
		g_byte_array_free(ba, TRUE);
	}
	free(type);
}

static void
message_part(struct parse *p, const struct walk *w)
{
	GMimeMessage *mm = g_mime_message_part_get_message(
	    GMIME_MESSAGE_PART(w->obj));
	GMimeStream *ms;
	GByteArray *ba;
	const char *id, *fname;
	char *type;

	if (mm == NULL)
		return;
	if (w->in_report) {
		id = g_mime_object_get_header(GMIME_OBJECT(mm), "Message-ID");
		if (id != NULL && p->m->dsn.original_message_id == NULL)
			p->m->dsn.original_message_id = msgid_first(id, 998);
		return;
	}
	ba = g_byte_array_new();
	ms = g_mime_stream_mem_new_with_byte_array(ba);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(ms), FALSE);
	g_mime_object_write_to_stream(GMIME_OBJECT(mm), NULL, ms);
	g_object_unref(ms);
	type = mime_type_of(w->obj);
	fname = g_mime_object_get_content_disposition_parameter(w->obj,
	    "filename");
	attach_add(p, fname, type, ba);
	free(type);
	g_byte_array_free(ba, TRUE);
}

/* The alternative the text comes from: text/plain, else HTML, else the
 * first. */
static int
alt_choice(GMimeMultipart *mp)
{
	GMimeObject *c;
	int i, n = g_mime_multipart_get_count(mp), html = -1;
	GMimeContentType *ct;

	for (i = 0; i < n; i++) {
		c = g_mime_multipart_get_part(mp, i);
		ct = g_mime_object_get_content_type(c);
		if (ct == NULL)
			continue;
		if (g_mime_content_type_is_type(ct, "text", "plain"))
			return i;
		if (html < 0 &&
		    (g_mime_content_type_is_type(ct, "text", "html") ||
		    g_mime_content_type_is_type(ct, "multipart", "*")))
			html = i;
	}
	return html >= 0 ? html : 0;
}

/*
 * A multipart with no parts: its boundary never occurs.  Once per mail,
 * a line "--X" followed by a Content- header names the boundary really
 * used and the body is parsed again with it; otherwise the body is text.
 */
static GMimeObject *
multipart_repair(struct parse *p, GMimeMultipart *mp)
{
	const char *pro = g_mime_multipart_get_prologue(mp);
	GMimeParser *parser;
	GMimeStream *ms;
	GMimeObject *o = NULL;
	gchar **lines, *b = NULL, *buf;
	const char *why;
	GString *u;
	size_t i, n;

	if (pro == NULL || *pro == '\0') {
		defect(p, "boundary-missing");
		return NULL;
	}
	lines = g_strsplit(pro, "\n", -1);
	for (i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++) {
		if (strncmp(lines[i], "--", 2) != 0 || strlen(lines[i]) < 4 ||
		    g_ascii_strncasecmp(lines[i + 1], "Content-", 8) != 0)
			continue;
		b = g_strstrip(g_strdup(lines[i] + 2));
		break;
	}
	g_strfreev(lines);
	if (b != NULL && !p->repaired) {
		p->repaired = 1;
		buf = g_strdup_printf("Content-Type: multipart/mixed; "
		    "boundary=\"%s\"\r\n\r\n%s", b, pro);
		/* The same bounds as the mail itself. */
		if ((n = prescan(p, buf, strlen(buf), &why)) < strlen(buf)) {
			hold(p, why);
			p->cut = 1;
		}
		ms = g_mime_stream_mem_new_with_buffer(buf, n);
		parser = g_mime_parser_new_with_stream(ms);
		o = g_mime_parser_construct_part(parser, p->opts);
		g_object_unref(parser);
		g_object_unref(ms);
		g_free(buf);
		if (o != NULL && (!GMIME_IS_MULTIPART(o) ||
		    g_mime_multipart_get_count(GMIME_MULTIPART(o)) == 0)) {
			g_object_unref(o);
			o = NULL;
		}
	}
	g_free(b);
	if (o != NULL) {
		defect(p, "boundary-repaired");
		g_ptr_array_add(p->keep, o);
		return o;
	}
	defect(p, "boundary-missing");
	u = charset_decode(p, pro, strlen(pro), NULL);
	buf = text_normalise(u->str, u->len);
	g_string_free(u, TRUE);
	if (p->text->len > 0)
		g_string_append_c(p->text, '\n');
	g_string_append(p->text, buf);
	free(buf);
	return NULL;
}

/* Depth-first over the tree with an explicit stack: no recursion. */
static void
walk_tree(struct parse *p, GMimeObject *root)
{
	GArray *st = g_array_new(FALSE, FALSE, sizeof(struct walk));
	struct walk w, c;
	GMimeMultipart *mp;
	GMimeObject *fix;
	char *type;
	int i, n, pref, is_alt, is_report;

	w.obj = root;
	w.depth = 1;
	w.body = 1;
	w.in_report = 0;
	g_array_append_val(st, w);
	while (st->len > 0) {
		w = g_array_index(st, struct walk, st->len - 1);
		g_array_set_size(st, st->len - 1);
		if (++p->parts > p->lim.max_parts) {
			hold(p, HOLD_TOO_MANY);
			break;
		}
		if (w.depth > p->lim.max_depth) {
			hold(p, HOLD_TOO_DEEP);
			continue;
		}
		if (GMIME_IS_MULTIPART(w.obj)) {
			mp = GMIME_MULTIPART(w.obj);
			n = g_mime_multipart_get_count(mp);
			if (n == 0 && !p->cut) {
				if ((fix = multipart_repair(p, mp)) != NULL) {
					w.obj = fix;
					p->parts--;
					g_array_append_val(st, w);
				}
				continue;
			}
			type = mime_type_of(w.obj);
			is_alt = strcmp(type, "multipart/alternative") == 0;
			is_report = strcmp(type, "multipart/report") == 0;
			free(type);
			pref = is_alt ? alt_choice(mp) : -1;
			for (i = n - 1; i >= 0; i--) {
				c.obj = g_mime_multipart_get_part(mp, i);
				c.depth = w.depth + 1;
				c.body = w.body && (!is_alt || i == pref);
				c.in_report = is_report;
				g_array_append_val(st, c);
			}
		} else if (GMIME_IS_MESSAGE_PART(w.obj))
			message_part(p, &w);
		else if (GMIME_IS_PART(w.obj))
			leaf(p, &w);
	}
	g_array_free(st, TRUE);
}

/* ------------------------------------------------------------------ */
/* mime_parse                                                          */

struct warn_rule {
	GMimeParserWarning	 code;
	const char		*defect;
};

static const struct warn_rule warn_rules[] = {
	{ GMIME_WARN_TRUNCATED_MESSAGE,		"truncated" },
	{ GMIME_WARN_MALFORMED_MESSAGE,		"malformed" },
	{ GMIME_WARN_MALFORMED_MULTIPART,	"malformed" },
	{ GMIME_CRIT_INVALID_HEADER_NAME,	"invalid-header" },
	{ GMIME_CRIT_CONFLICTING_HEADER,	"conflicting-header" },
	{ GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY, "boundary-missing" },
	{ GMIME_CRIT_NESTING_OVERFLOW,		"mime-too-deep" },
	{ GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT, "malformed" },
};

static void
on_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
    gpointer arg)
{
	struct parse *p = arg;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(warn_rules); i++)
		if (warn_rules[i].code == code) {
			if (code == GMIME_CRIT_NESTING_OVERFLOW)
				hold(p, HOLD_TOO_DEEP);
			else
				defect(p, warn_rules[i].defect);
		}
}

static GMimeParserOptions *
options_new(struct parse *p)
{
	static const char *fallbacks[] = {
		"UTF-8", "GB18030", "BIG5-HKSCS", NULL
	};
	GMimeParserOptions *o = g_mime_parser_options_new();

	g_mime_parser_options_set_address_compliance_mode(o,
	    GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(o,
	    GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_rfc2047_compliance_mode(o,
	    GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_allow_addresses_without_domain(o, FALSE);
	g_mime_parser_options_set_fallback_charsets(o, fallbacks);
	g_mime_parser_options_set_warning_callback(o, on_warning, p);
	return o;
}

/* The length of the header block of raw (through its blank line). */
static size_t
header_block_len(const char *raw, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (raw[i] != '\n')
			continue;
		if (raw[i + 1] == '\n')
			return i + 2;
		if (raw[i + 1] == '\r' && i + 2 < len && raw[i + 2] == '\n')
			return i + 3;
	}
	return len;
}

static void
top_type(struct parse *p, GMimeObject *top)
{
	const char *rt;

	p->m->content_type = mime_type_of(top);
	if (strcmp(p->m->content_type, "multipart/report") == 0 &&
	    (rt = g_mime_object_get_content_type_parameter(top,
	    "report-type")) != NULL) {
		p->m->report_type = xstrdup(rt);
		ascii_lower(p->m->report_type);
	}
}

/* text from the plain parts, else from the HTML body. */
static void
body_text(struct parse *p)
{
	struct message *m = p->m;
	const char *q;
	char *t;

	for (q = p->text->str; *q != '\0' && g_ascii_isspace(*q); q++)
		;
	if (*q == '\0' && p->html != NULL) {
		t = html_to_text(p->html->str, p->html->len);
		m->text = text_normalise(t, strlen(t));
		free(t);
		m->text_from_html = 1;
		return;
	}
	m->text = xstrdup(p->text->str);
}

struct message *
mime_parse(const char *raw, size_t len, const struct mime_limits *lim)
{
	struct parse p;
	struct message *m;
	GMimeStream *ms = NULL;
	GMimeParser *parser = NULL;
	GMimeMessage *msg = NULL;
	GMimeObject *top;
	const char *why = NULL;
	char *copy = NULL;
	size_t n = len, i, hlen;

	mime_init();
	m = xcalloc(1, sizeof(*m));
	memset(&p, 0, sizeof(p));
	p.m = m;
	if (lim != NULL)
		p.lim = *lim;
	else
		mime_limits_default(&p.lim);
	if (p.lim.max_depth < 1)
		p.lim.max_depth = 1;
	if (p.lim.max_parts < 1)
		p.lim.max_parts = 1;
	if (p.lim.max_header_bytes < 64)
		p.lim.max_header_bytes = 64;
	p.opts = options_new(&p);
	p.text = g_string_new(NULL);
	p.keep = g_ptr_array_new_with_free_func(g_object_unref);
	p.atts = g_array_new(FALSE, TRUE, sizeof(struct mime_attachment));
	if (raw == NULL) {
		raw = "";
		len = n = 0;
	}
	if (memchr(raw, '\0', len) != NULL) {
		defect(&p, "nul-bytes");
		/* GMime reads header values as C strings: NUL would end
		 * them early, so in the header block it becomes a space. */
		hlen = header_block_len(raw, MIN(len, p.lim.max_bytes));
		if (memchr(raw, '\0', hlen) != NULL) {
			copy = g_malloc(len);
			memcpy(copy, raw, len);
			for (i = 0; i < hlen; i++)
				if (copy[i] == '\0')
					copy[i] = ' ';
			raw = copy;
		}
	}
	if (len > p.lim.max_bytes) {
		hold(&p, HOLD_TOO_LARGE);
		n = header_block_len(raw, MIN(len, p.lim.max_bytes));
	} else if ((n = prescan(&p, raw, len, &why)) < len) {
		hold(&p, why);
		p.cut = 1;
	}

	ms = g_mime_stream_mem_new_with_buffer(raw, n);
	parser = g_mime_parser_new_with_stream(ms);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, p.opts);
	if (msg == NULL) {
		defect(&p, "malformed");
		goto out;
	}
	headers_read(&p, GMIME_OBJECT(msg));
	if ((top = g_mime_message_get_mime_part(msg)) == NULL)
		goto out;
	top_type(&p, top);
	if (m->hold_reason != NULL &&
	    strcmp(m->hold_reason, HOLD_TOO_LARGE) == 0)
		goto out;
	walk_tree(&p, top);

out:
	body_text(&p);
	m->nattachments = p.atts->len;
	m->attachments = xcalloc(p.atts->len + 1, sizeof(*m->attachments));
	for (i = 0; i < p.atts->len; i++)
		m->attachments[i] = g_array_index(p.atts,
		    struct mime_attachment, i);
	g_array_free(p.atts, TRUE);
	if (p.html != NULL)
		g_string_free(p.html, TRUE);
	g_string_free(p.text, TRUE);
	g_ptr_array_free(p.keep, TRUE);
	if (msg != NULL)
		g_object_unref(msg);
	if (parser != NULL)
		g_object_unref(parser);
	if (ms != NULL)
		g_object_unref(ms);
	g_mime_parser_options_free(p.opts);
	g_free(copy);
	return m;
}

void
mime_message_free(struct message *m)
{
	size_t i;

	if (m == NULL)
		return;
	free(m->message_id);
	free(m->in_reply_to);
	strlist_free(&m->references);
	free(m->from.addr);
	free(m->from.name);
	addrlist_free(&m->to);
	addrlist_free(&m->cc);
	addrlist_free(&m->reply_to);
	addrlist_free(&m->delivered_to);
	addrlist_free(&m->x_original_to);
	free(m->return_path);
	free(m->subject);
	free(m->date);
	free(m->text);
	for (i = 0; i < m->nattachments; i++) {
		free(m->attachments[i].filename);
		free(m->attachments[i].orig_filename);
		free(m->attachments[i].content_type);
		free(m->attachments[i].data);
	}
	free(m->attachments);
	free(m->auto_submitted);
	free(m->x_autoreply);
	free(m->x_autorespond);
	free(m->precedence);
	free(m->list_id);
	strlist_free(&m->x_loop);
	strlist_free(&m->auth_results);
	free(m->content_type);
	free(m->report_type);
	free(m->dsn.action);
	free(m->dsn.status);
	free(m->dsn.final_recipient);
	free(m->dsn.original_message_id);
	strlist_free(&m->defects);
	free(m);
}

/* ------------------------------------------------------------------ */
/* Outgoing mail                                                       */

#define OUT_MAX_VALUE		900	/* bytes of a cleaned name or subject */
#define OUT_MAX_ID		250	/* bytes of one Message-ID */
#define OUT_MAX_REFS		20	/* ids kept in References */
#define OUT_MAX_LINE		998	/* octets, RFC 5322 2.1.1 */

/* An address the office can send to: address.h's one rule. */
static int
out_addr_ok(const char *a)
{
	return address_valid(a);
}

/* "<id@host>": printable ASCII without space or brackets inside. */
static int
out_msgid_ok(const char *id)
{
	size_t len, i;

	if (id == NULL || (len = strlen(id)) < 5 || len > OUT_MAX_ID ||
	    id[0] != '<' || id[len - 1] != '>' ||
	    memchr(id + 1, '@', len - 2) == NULL)
		return 0;
	for (i = 1; i + 1 < len; i++)
		if (id[i] <= ' ' || id[i] >= 0x7f || id[i] == '<' ||
		    id[i] == '>')
			return 0;
	return 1;
}

/* The body as canonical text: valid UTF-8, CRLF line ends, no NUL or
 * other controls but TAB; the caller g_free()s it. */
static gchar *
out_body(const char *body, size_t *lenp)
{
	GString *u = g_string_new(NULL), *out;
	size_t i;

	if (body != NULL)
		utf8_append_lossy(u, body, strlen(body));
	out = g_string_sized_new(u->len + u->len / 16 + 2);
	for (i = 0; i < u->len; i++) {
		unsigned char c = (unsigned char)u->str[i];

		if (c == '\r' || c == '\n') {
			if (c == '\r' && i + 1 < u->len &&
			    u->str[i + 1] == '\n')
				i++;
			g_string_append(out, "\r\n");
		} else if (c < 0x20 && c != '\t')
			g_string_append_c(out, ' ');
		else if (c != 0x7f)
			g_string_append_c(out, (char)c);
	}
	if (out->len > 0 && out->str[out->len - 1] != '\n')
		g_string_append(out, "\r\n");
	g_string_free(u, TRUE);
	*lenp = out->len;
	return g_string_free(out, FALSE);
}

/* A type/subtype of token characters, lower-cased into out[size]. */
static int
out_type_ok(const char *t, char *out, size_t size)
{
	const char *slash, *q;
	size_t len;

	if (t == NULL || (len = strlen(t)) >= size ||
	    (slash = strchr(t, '/')) == NULL || slash == t ||
	    slash[1] == '\0' || strchr(slash + 1, '/') != NULL)
		return 0;
	for (q = t; *q != '\0'; q++)
		if (!g_ascii_isalnum(*q) && strchr("/!#$&^_.+-", *q) == NULL)
			return 0;
	for (q = t; *q != '\0'; q++)
		*out++ = g_ascii_tolower(*q);
	*out = '\0';
	return 1;
}

/* The content type for an attachment, into out[size]. */
static void
out_type(const struct mime_out_attachment *a, const char *name, char *out,
    size_t size)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	if (out_type_ok(a->content_type, out, size))
		return;
	for (i = 0; dot != NULL && i < G_N_ELEMENTS(ext_rules); i++)
		if (g_ascii_strcasecmp(dot, ext_rules[i].ext) == 0) {
			g_strlcpy(out, ext_rules[i].type, size);
			return;
		}
	if (dot != NULL && g_ascii_strcasecmp(dot, ".jpeg") == 0)
		g_strlcpy(out, "image/jpeg", size);
	else
		g_strlcpy(out, "application/octet-stream", size);
}

/* The text/plain part of the body. */
static GMimeObject *
out_text_part(const char *body, const char *subtype)
{
	GMimePart *part = g_mime_part_new_with_type("text", subtype);
	GMimeStream *s;
	GMimeDataWrapper *dw;
	gchar *text;
	size_t len;

	text = out_body(body, &len);
	s = g_mime_stream_mem_new_with_buffer(text, len);
	g_free(text);
	dw = g_mime_data_wrapper_new_with_stream(s,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(part, dw);
	g_object_unref(dw);
	g_object_unref(s);
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(part),
	    "charset", "utf-8");
	g_mime_part_set_content_encoding(part,
	    g_mime_part_get_best_content_encoding(part,
	    GMIME_ENCODING_CONSTRAINT_7BIT));
	return GMIME_OBJECT(part);
}

/* An attachment read from its file; NULL with *errp. */
static GMimeObject *
out_attachment(const struct mime_out_attachment *a, size_t *total,
    size_t max, char **errp)
{
	GMimePart *part = NULL;
	GMimeStream *s;
	GMimeDataWrapper *dw;
	GError *gerr = NULL;
	gchar *data = NULL;
	gsize len;
	char type[128], *name = NULL, *slash;

	if (a->path == NULL) {
		*errp = xstrdup("an attachment without a file");
		goto out;
	}
	if (!g_file_get_contents(a->path, &data, &len, &gerr)) {
		*errp = xasprintf("attachment %s", gerr->message);
		g_error_free(gerr);
		goto out;
	}
	*total += len;
	if (max > 0 && *total > max) {
		*errp = xasprintf("%s: the attachments exceed %zu bytes",
		    a->path, max);
		goto out;
	}
	if ((name = name_clean(a->filename)) == NULL)
		name = xstrdup("attachment");
	out_type(a, name, type, sizeof(type));
	slash = strchr(type, '/');
	*slash = '\0';
	part = g_mime_part_new_with_type(type, slash + 1);
	s = g_mime_stream_mem_new_with_buffer(data, len);
	dw = g_mime_data_wrapper_new_with_stream(s,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(part, dw);
	g_object_unref(dw);
	g_object_unref(s);
	g_mime_part_set_filename(part, name);
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
out:
	g_free(data);
	free(name);
	return part != NULL ? GMIME_OBJECT(part) : NULL;
}

/* Adds the valid ids of refs to References, at most OUT_MAX_REFS of them:
 * the first and the latest. */
static void
out_references(GMimeObject *obj, const char *const *refs)
{
	GPtrArray *ok = g_ptr_array_new();
	GString *v = g_string_new(NULL);
	size_t i, skip_to = 0;

	for (i = 0; refs != NULL && refs[i] != NULL; i++)
		if (out_msgid_ok(refs[i]))
			g_ptr_array_add(ok, (gpointer)refs[i]);
	if (ok->len > OUT_MAX_REFS)
		skip_to = ok->len - (OUT_MAX_REFS - 1);
	for (i = 0; i < ok->len; i++) {
		if (i > 0 && i < skip_to)
			continue;
		if (v->len > 0)
			g_string_append_c(v, ' ');
		g_string_append(v, g_ptr_array_index(ok, i));
	}
	if (v->len > 0)
		g_mime_object_set_header(obj, "References", v->str, NULL);
	g_string_free(v, TRUE);
	g_ptr_array_free(ok, TRUE);
}

/* Every line ends in CRLF and holds at most OUT_MAX_LINE octets. */
static int
out_lines_ok(const unsigned char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') {
			if (i - start > OUT_MAX_LINE)
				return 0;
			start = ++i + 1;
		} else if (s[i] == '\r' || s[i] == '\n' || s[i] >= 0x80)
			return 0;
	}
	return len - start <= OUT_MAX_LINE;
}

char *
mime_compose(const struct mime_out *o, size_t *lenp, char **errp)
{
	GMimeMessage *msg = NULL;
	GMimeObject *obj, *text, *part;
	GMimeMultipart *mixed;
	GMimeFormatOptions *fo = NULL;
	GMimeStream *ms = NULL;
	GByteArray *ba;
	InternetAddressList *from = NULL;
	InternetAddress *ia, *mb;
	GTimeZone *tz = NULL;
	GDateTime *utc = NULL, *local = NULL;
	char *name = NULL, *subject = NULL, *id = NULL, *rv = NULL;
	size_t i, total = 0;

	mime_init();
	*errp = NULL;

	/* Everything is checked before anything is built. */
	name = clean_line(o->from, OUT_MAX_VALUE);
	if (name == NULL || (from = internet_address_list_parse(NULL,
	    name)) == NULL || internet_address_list_length(from) != 1 ||
	    !INTERNET_ADDRESS_IS_MAILBOX(ia =
	    internet_address_list_get_address(from, 0)) ||
	    !out_addr_ok(internet_address_mailbox_get_addr(
	    INTERNET_ADDRESS_MAILBOX(ia)))) {
		*errp = xasprintf("From \"%s\": not one address",
		    o->from ? o->from : "");
		goto out;
	}
	free(name);
	name = NULL;
	if (!out_addr_ok(o->to_addr)) {
		*errp = xasprintf("To \"%s\": not an address",
		    o->to_addr ? o->to_addr : "");
		goto out;
	}
	if (o->reply_to != NULL && !out_addr_ok(o->reply_to)) {
		*errp = xasprintf("Reply-To \"%s\": not an address",
		    o->reply_to);
		goto out;
	}
	if (o->x_loop != NULL && !out_addr_ok(o->x_loop)) {
		*errp = xasprintf("X-Loop \"%s\": not an address", o->x_loop);
		goto out;
	}
	if (!out_msgid_ok(o->message_id)) {
		*errp = xasprintf("Message-ID \"%s\": not <id@domain>",
		    o->message_id ? o->message_id : "");
		goto out;
	}
	if (o->auto_submitted == NULL ||
	    (strcmp(o->auto_submitted, "auto-generated") != 0 &&
	    strcmp(o->auto_submitted, "auto-replied") != 0)) {
		*errp = xasprintf("Auto-Submitted \"%s\": not auto-generated "
		    "or auto-replied", o->auto_submitted ?
		    o->auto_submitted : "");
		goto out;
	}

	msg = g_mime_message_new(TRUE);
	obj = GMIME_OBJECT(msg);
	tz = o->tz != NULL ? g_time_zone_new_identifier(o->tz) : NULL;
	if (tz == NULL)
		tz = g_time_zone_new_utc();
	utc = g_date_time_new_from_unix_utc((gint64)o->date);
	local = g_date_time_to_timezone(utc, tz);
	g_mime_message_set_date(msg, local);

	/* The configured name, cleaned again: it is put back by GMime. */
	name = clean_line(internet_address_get_name(ia), OUT_MAX_VALUE);
	mb = internet_address_mailbox_new(name,
	    internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
	internet_address_list_add(g_mime_message_get_addresses(msg,
	    GMIME_ADDRESS_TYPE_FROM), mb);
	g_object_unref(mb);
	free(name);
	name = NULL;
	if (o->reply_to != NULL) {
		mb = internet_address_mailbox_new(NULL, o->reply_to);
		internet_address_list_add(g_mime_message_get_addresses(msg,
		    GMIME_ADDRESS_TYPE_REPLY_TO), mb);
		g_object_unref(mb);
	}
	name = clean_line(o->to_name, OUT_MAX_VALUE);
	mb = internet_address_mailbox_new(name, o->to_addr);
	internet_address_list_add(g_mime_message_get_addresses(msg,
	    GMIME_ADDRESS_TYPE_TO), mb);
	g_object_unref(mb);

	subject = clean_line(o->subject, OUT_MAX_VALUE);
	g_mime_message_set_subject(msg, subject ? subject : "", "utf-8");
	id = xstrndup(o->message_id + 1, strlen(o->message_id) - 2);
	g_mime_message_set_message_id(msg, id);
	if (out_msgid_ok(o->in_reply_to))
		g_mime_object_set_header(obj, "In-Reply-To", o->in_reply_to,
		    NULL);
	out_references(obj, o->references);
	g_mime_object_set_header(obj, "MIME-Version", "1.0", NULL);
	g_mime_object_set_header(obj, "Auto-Submitted", o->auto_submitted,
	    NULL);
	if (o->x_loop != NULL)
		g_mime_object_set_header(obj, "X-Loop", o->x_loop, NULL);
	g_mime_object_set_header(obj, "X-Auto-Response-Suppress", "All",
	    NULL);

	text = out_text_part(o->body, "plain");
	if (o->body_html != NULL) {
		/* text/plain first: clients show the last part they can. */
		GMimeMultipart *alt = g_mime_multipart_new_with_subtype(
		    "alternative");
		GMimeObject *html = out_text_part(o->body_html, "html");

		g_mime_multipart_add(alt, text);
		g_mime_multipart_add(alt, html);
		g_object_unref(html);
		g_object_unref(text);
		text = GMIME_OBJECT(alt);
	}
	if (o->nattachments == 0)
		g_mime_message_set_mime_part(msg, text);
	else {
		mixed = g_mime_multipart_new_with_subtype("mixed");
		g_mime_multipart_add(mixed, text);
		for (i = 0; i < o->nattachments; i++) {
			if ((part = out_attachment(&o->attachments[i], &total,
			    o->max_bytes, errp)) == NULL) {
				g_object_unref(mixed);
				g_object_unref(text);
				goto out;
			}
			g_mime_multipart_add(mixed, part);
			g_object_unref(part);
		}
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(mixed));
		g_object_unref(mixed);
	}
	g_object_unref(text);

	fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	ms = g_mime_stream_mem_new();
	if (g_mime_object_write_to_stream(obj, fo, ms) < 0) {
		*errp = xstrdup("the message could not be written");
		goto out;
	}
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
	if (!out_lines_ok(ba->data, ba->len)) {
		/* GMime folds and encodes; this is a bug if it happens. */
		*errp = xstrdup("the composed message has a line over 998 "
		    "octets, a bare CR or LF, or 8-bit bytes");
		goto out;
	}
	rv = xmalloc(ba->len + 1);
	memcpy(rv, ba->data, ba->len);
	rv[ba->len] = '\0';
	*lenp = ba->len;
out:
	if (ms != NULL)
		g_object_unref(ms);
	if (fo != NULL)
		g_mime_format_options_free(fo);
	if (msg != NULL)
		g_object_unref(msg);
	if (from != NULL)
		g_object_unref(from);
	if (local != NULL)
		g_date_time_unref(local);
	if (utc != NULL)
		g_date_time_unref(utc);
	if (tz != NULL)
		g_time_zone_unref(tz);
	free(name);
	free(subject);
	free(id);
	return rv;
}
