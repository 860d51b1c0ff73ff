/*
 * mime_header.c - the header values of struct message, and the charset
 * decoding that they and mime.c's bodies share.  Sections: charsets
 * (labels, strict and lossy conversion, the fallbacks and their
 * plausibility score); header values (capping, unfolding, clean lines,
 * RFC 2047, Message-IDs, addresses, and the table of the headers read).
 * mime.h states the rules; mime_p.h declares what mime.c and
 * mime_compose.c use from here.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gmime/gmime.h>

#include "mime.h"
#include "mime_p.h"
#include "xmalloc.h"

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
void
mime_utf8_append_lossy(GString *out, const char *s, size_t len)
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
		mime_utf8_append_lossy(out, s, len);
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

		mime_utf8_append_lossy(clean, out->str, out->len);
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
GString *
mime_charset_decode(struct parse *p, const char *s, size_t len,
    const char *label)
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
		mime_defect(p, "charset-fallback");
		goto out;
	}
	/* A label that decodes the bytes is never second-guessed: the
	 * plausibility score below knows Chinese and English only, and
	 * would turn Russian, Greek or Japanese into nonsense Han. */
	if (name != NULL && (out = charset_strict(s, len, name)) != NULL)
		goto out;
	mime_defect(p, "charset-fallback");
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
char *
mime_clean_line(const char *s, size_t max)
{
	GString *u, *out;
	const char *q, *end;
	gunichar c;
	int space = 0;

	if (s == NULL)
		return NULL;
	u = g_string_new(NULL);
	mime_utf8_append_lossy(u, s, strlen(s));
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
	return xgstring_free(out);
}

/*
 * RFC 2047, done here rather than by GMime: GMime 3.2.13 joins the
 * base64 of adjacent words before decoding and loses every word after
 * one that ends in '=' padding.  Adjacent words of one charset are
 * decoded to bytes, joined (a character may be split between them) and
 * converted once, through mime_charset_decode().
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
	u = mime_charset_decode(p, (const char *)run->data, run->len, *cs);
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
		u = mime_charset_decode(p, lit->str, lit->len, NULL);
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
		mime_defect(p, "header-too-long");
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

			id = mime_clean_line(raw, max);
			g_free(raw);
			if (id != NULL && strchr(id, ' ') == NULL)
				mime_strlist_add(out, id);
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
		id = mime_clean_line(raw, max);
		free(raw);
		if (id != NULL && strchr(id, ' ') == NULL)
			mime_strlist_add(out, id);
		free(id);
	}
	g_strfreev(tok);
}

char *
mime_msgid_first(const char *s, size_t max)
{
	struct mime_strlist l = { NULL, 0 };
	char *id = NULL;

	msgids_parse(s, &l, max);
	if (l.n > 0) {
		id = l.v[0];
		l.v[0] = NULL;
	}
	mime_strlist_free(&l);
	return id;
}

static void
addr_add(struct parse *p, struct mime_addrlist *l, InternetAddressMailbox *mb)
{
	const char *addr = internet_address_mailbox_get_addr(mb);
	const char *name = internet_address_get_name(INTERNET_ADDRESS(mb));
	char *a;

	if ((a = mime_clean_line(addr, p->lim.max_header_bytes)) == NULL)
		return;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n].addr = a;
	l->v[l->n].name = mime_clean_line(name, p->lim.max_header_bytes);
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
	*FIELD(p, r, char *) = mime_clean_line(d, p->lim.max_header_bytes);
	g_free(d);
}

static void
hdr_raw(struct parse *p, const struct hdr_rule *r, const char *value, int seen)
{
	if (!seen)
		*FIELD(p, r, char *) = mime_clean_line(value,
		    p->lim.max_header_bytes);
}

static void
hdr_raw_all(struct parse *p, const struct hdr_rule *r, const char *value,
    int seen)
{
	char *v;

	if ((v = mime_clean_line(value, p->lim.max_header_bytes)) != NULL)
		mime_strlist_add(FIELD(p, r, struct mime_strlist), v);
	free(v);
}

static void
hdr_msgid(struct parse *p, const struct hdr_rule *r, const char *value,
    int seen)
{
	if (!seen)
		*FIELD(p, r, char *) = mime_msgid_first(value,
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
	mime_addrlist_free(&l);
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
	m->return_path = mime_clean_line(in, p->lim.max_header_bytes);
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
	m->date = mime_clean_line(value, p->lim.max_header_bytes);
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

void
mime_headers_read(struct parse *p, GMimeObject *obj)
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
