/*
 * mime.c - mime_parse(): raw bytes to struct message.  Sections, in
 * order: set-up and the helpers the other mime files share (mime_p.h);
 * transfer decoding; the structure pre-scan; the walk over the MIME tree
 * (bodies, attachments, DSN); mime_parse() and mime_message_free().
 * Header values and charsets are in mime_header.c, HTML to text and
 * format=flowed in mime_text.c, outgoing mail in mime_compose.c.
 *
 * Memory: GLib/GMime objects and strings stay in the mime files;
 * everything a struct message points to is made with xmalloc.h and
 * freed by mime_message_free().
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gmime/gmime.h>

#include "mime.h"
#include "mime_p.h"
#include "mime_text.h"
#include "xmalloc.h"

#define HOLD_TOO_LARGE		"too-large"
#define HOLD_TOO_DEEP		"mime-too-deep"
#define HOLD_TOO_MANY		"too-many-parts"

#define NAME_MAX_BYTES		200	/* a cleaned attachment name */
#define EXT_MAX_BYTES		16	/* an extension kept when cutting */

/* ------------------------------------------------------------------ */
/* Set-up and small helpers                                            */

static gpointer
mime_init_once(gpointer unused)
{
	g_mime_init();
	return NULL;
}

void
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
void
mime_strlist_add(struct mime_strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 2, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
	l->v[l->n] = NULL;
}

void
mime_strlist_free(struct mime_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
mime_addrlist_free(struct mime_addrlist *l)
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

void
mime_defect(struct parse *p, const char *code)
{
	if (!mime_has_defect(p->m, code))
		mime_strlist_add(&p->m->defects, code);
}

static void
hold(struct parse *p, const char *reason)
{
	mime_defect(p, reason);
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
		mime_defect(p, "invalid-base64");
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
/* The walk over the MIME tree                                         */

/* A text part's content as UTF-8 (GLib string), NULs dropped. */
static GString *
part_utf8(struct parse *p, GMimePart *part, int sniff_meta)
{
	GByteArray *ba = part_bytes(p, part);
	const char *label;
	char *meta = NULL;
	GString *u;
	guint i, w;

	for (i = w = 0; i < ba->len; i++)
		if (ba->data[i] != '\0')
			ba->data[w++] = ba->data[i];
	if (w != ba->len)
		mime_defect(p, "nul-bytes");
	g_byte_array_set_size(ba, w);
	label = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part),
	    "charset");
	if (label == NULL && sniff_meta)
		label = meta = html_meta_charset((const char *)ba->data,
		    ba->len);
	u = mime_charset_decode(p, (const char *)ba->data, ba->len, label);
	free(meta);
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

const char *
mime_type_for_ext(const char *ext)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(ext_rules); i++)
		if (g_ascii_strcasecmp(ext, ext_rules[i].ext) == 0)
			return ext_rules[i].type;
	return NULL;
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
char *
mime_name_clean(const char *orig)
{
	GString *out;
	const char *q, *base, *end;
	gunichar c;
	char *dot;
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
	return xgstring_free(out);
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
	a.orig_filename = mime_clean_line(orig, p->lim.max_header_bytes);
	if (orig != NULL) {
		u = g_string_new(NULL);
		mime_utf8_append_lossy(u, orig, strlen(orig));
		a.filename = mime_name_clean(u->str);
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
		r = mime_clean_line(v->str, 998);
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
	mime_utf8_append_lossy(u, (const char *)ba->data, ba->len);
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

	mime_utf8_append_lossy(u, (const char *)ba->data, ba->len);
	g_byte_array_free(ba, TRUE);
	g_strdelimit(u->str, "\r", ' ');
	lines = g_strsplit(u->str, "\n", -1);
	n = g_strv_length(lines);
	if (p->m->dsn.original_message_id == NULL &&
	    (v = dsn_field(lines, 0, n, "Message-ID")) != NULL) {
		p->m->dsn.original_message_id = mime_msgid_first(v, 998);
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
			p->m->dsn.original_message_id =
			    mime_msgid_first(id, 998);
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
		mime_defect(p, "boundary-missing");
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
		mime_defect(p, "boundary-repaired");
		g_ptr_array_add(p->keep, o);
		return o;
	}
	mime_defect(p, "boundary-missing");
	u = mime_charset_decode(p, pro, strlen(pro), NULL);
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
				mime_defect(p, warn_rules[i].defect);
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
		mime_defect(&p, "nul-bytes");
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
		mime_defect(&p, "malformed");
		goto out;
	}
	mime_headers_read(&p, GMIME_OBJECT(msg));
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
	mime_strlist_free(&m->references);
	free(m->from.addr);
	free(m->from.name);
	mime_addrlist_free(&m->to);
	mime_addrlist_free(&m->cc);
	mime_addrlist_free(&m->reply_to);
	mime_addrlist_free(&m->delivered_to);
	mime_addrlist_free(&m->x_original_to);
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
	mime_strlist_free(&m->x_loop);
	mime_strlist_free(&m->auth_results);
	free(m->content_type);
	free(m->report_type);
	free(m->dsn.action);
	free(m->dsn.status);
	free(m->dsn.final_recipient);
	free(m->dsn.original_message_id);
	mime_strlist_free(&m->defects);
	free(m);
}
