/*
 * extract.c - attachment text in a limited child.  See extract.h.
 *
 * The child writes the text to its pipe as it goes and exits with one of
 * the XT_* codes below when the file cannot be read; the parent turns an
 * exit code into the reason.  Nothing partial is ever used: a child that
 * fails half-way is unreadable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <poppler.h>

#include "extract.h"
#include "sandbox.h"
#include "xmalloc.h"

const struct extract_limits extract_default_limits = {
	.cpu_seconds = 20,
	.mem_bytes = (size_t)1 << 30,
	.wall_ms = 60000,
	.out_bytes = (size_t)16 << 20,
	.zip_entries = 10000,
	.zip_part_bytes = (size_t)64 << 20,
	.zip_total_bytes = (size_t)256 << 20,
	.pdf_pages = 5000,
};

/* The child's exit codes, and what they mean to people. */
enum {
	XT_OK,
	XT_UNKNOWN = 2,
	XT_CORRUPT,
	XT_ENCRYPTED,
	XT_NO_TEXT,
	XT_TOO_LARGE,
	XT_WRITE,
	XT_TOO_MANY,
};

static const struct {
	int		 code;
	const char	*why;
} x_reasons[] = {
	{ XT_UNKNOWN, "unknown type" },
	{ XT_CORRUPT, "corrupt" },
	{ XT_ENCRYPTED, "encrypted" },
	{ XT_NO_TEXT, "no text" },
	{ XT_TOO_LARGE, "too large when uncompressed" },
	{ XT_WRITE, "output failed" },
	{ XT_TOO_MANY, "too many parts or pages" },
};

/*
 * Converters opened in the parent: the child may not be able to load
 * iconv modules (no open() under the seccomp sandbox).
 */
static const char *const conv_names[] = {
	"GB18030", "BIG5-HKSCS", "UTF-16LE", "UTF-16BE",
};
static GIConv conv[G_N_ELEMENTS(conv_names)];
static int extract_ready;

/* A one-page PDF, its offsets right: opening it sets poppler up. */
static const char tiny_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj<</Type/Catalog/Pages 2 0 R>> endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]"
    "/Contents 4 0 R>> endobj\n"
    "4 0 obj<</Length 0>>stream\n"
    "\n"
    "endstream endobj\n"
    "xref\n"
    "0 5\n"
    "0000000000 65535 f \n"
    "0000000009 00000 n \n"
    "0000000053 00000 n \n"
    "0000000103 00000 n \n"
    "0000000182 00000 n \n"
    "trailer<</Size 5/Root 1 0 R>>\n"
    "startxref\n"
    "227\n"
    "%%EOF\n";

void
extract_init(void)
{
	PopplerDocument *doc;
	GBytes *b;
	size_t i;

	if (extract_ready)
		return;
	extract_ready = 1;
	for (i = 0; i < G_N_ELEMENTS(conv_names); i++)
		conv[i] = g_iconv_open("UTF-8", conv_names[i]);
	LIBXML_TEST_VERSION
	xmlInitParser();
	b = g_bytes_new_static(tiny_pdf, sizeof(tiny_pdf) - 1);
	if ((doc = poppler_document_new_from_bytes(b, NULL, NULL)) != NULL) {
		PopplerPage *p = poppler_document_get_page(doc, 0);

		if (p != NULL) {
			g_free(poppler_page_get_text(p));
			g_object_unref(p);
		}
		g_object_unref(doc);
	}
	g_bytes_unref(b);
}

/* ----------------------------------------------------------------- kind */

static int
has_suffix(const char *name, const char *const *sfx)
{
	size_t n, k;

	if (name == NULL)
		return 0;
	n = strlen(name);
	for (; *sfx != NULL; sfx++) {
		k = strlen(*sfx);
		if (n >= k && strcasecmp(name + n - k, *sfx) == 0)
			return 1;
	}
	return 0;
}

/* Whether the first bytes look like text: no NUL, valid UTF-8. */
static int
looks_text(const unsigned char *d, size_t len)
{
	size_t n = len < 8192 ? len : 8192;
	const gchar *end;

	if (memchr(d, '\0', n) != NULL)
		return 0;
	/* a character cut at the 8 KiB mark is not invalid */
	return g_utf8_validate((const char *)d, (gssize)n, &end) ||
	    (size_t)((const unsigned char *)end - d) + 4 > n;
}

const char *
extract_kind(const void *data, size_t len, const char *content_type,
    const char *filename)
{
	static const char *const html_sfx[] = { ".html", ".htm", ".xhtml",
	    NULL };
	static const char *const text_sfx[] = { ".txt", ".text", ".csv",
	    ".md", ".xml", ".json", ".log", ".eml", NULL };
	const unsigned char *d = data;
	const char *ct = content_type ? content_type : "";
	size_t i;

	for (i = 0; i + 5 <= len && i < 1024; i++)
		if (memcmp(d + i, "%PDF-", 5) == 0)
			return "pdf";
	if (len >= 4 && memcmp(d, "PK\003\004", 4) == 0)
		return "zip";
	if (g_ascii_strncasecmp(ct, "application/pdf", 15) == 0 ||
	    has_suffix(filename, (const char *const[]){ ".pdf", NULL }))
		return "pdf";	/* no magic: it will fail as corrupt */
	if (g_ascii_strncasecmp(ct, "application/vnd.openxmlformats", 30) ==
	    0 || g_ascii_strncasecmp(ct, "application/vnd.oasis.opendocument",
	    34) == 0 || has_suffix(filename, (const char *const[]){ ".docx",
	    ".xlsx", ".pptx", ".odt", ".ods", ".odp", NULL }))
		return "zip";
	if (g_ascii_strncasecmp(ct, "text/html", 9) == 0 ||
	    g_ascii_strncasecmp(ct, "application/xhtml", 17) == 0 ||
	    has_suffix(filename, html_sfx))
		return "html";
	if (g_ascii_strncasecmp(ct, "text/", 5) == 0 ||
	    has_suffix(filename, text_sfx))
		return "text";
	if ((len >= 2 && ((d[0] == 0xff && d[1] == 0xfe) ||
	    (d[0] == 0xfe && d[1] == 0xff))) || (len > 0 && looks_text(d, len)))
		return "text";
	return NULL;
}

/* -------------------------------------------------------- the child */

struct job {
	const char			*kind;
	const struct extract_limits	*lim;
	int				 fd;
	int				 failed;	/* a write failed */
};

static void
put(struct job *j, const char *s, size_t n)
{
	if (!j->failed && n > 0 && sandbox_write_all(j->fd, s, n) == -1)
		j->failed = 1;
}

static void
puts_(struct job *j, const char *s)
{
	put(j, s, strlen(s));
}

/* Bytes in a charset through a converter opened by extract_init(). */
static int
put_converted(struct job *j, GIConv cd, const char *s, size_t len)
{
	gchar *u;
	gsize n = 0;

	if (cd == (GIConv)-1)
		return -1;
	g_iconv(cd, NULL, NULL, NULL, NULL);
	if ((u = g_convert_with_iconv(s, (gssize)len, cd, NULL, &n,
	    NULL)) == NULL)
		return -1;
	put(j, u, n);
	g_free(u);
	return 0;
}

static GIConv
conv_of(const char *name)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(conv_names); i++)
		if (strcmp(conv_names[i], name) == 0)
			return conv[i];
	return (GIConv)-1;
}

/*
 * Text in an unknown charset: UTF-8 as it is; UTF-16 by its BOM; else
 * every legacy Chinese reading that decodes (GB18030 and Big5 overlap,
 * and a marking must be found in either), one after the other; else the
 * valid parts.
 */
static int
put_text(struct job *j, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	int any = 0;
	gchar *v;

	/* a NUL byte is no reason to read UTF-8 as something else */
	if (memchr(s, '\0', len) != NULL && !(len >= 2 &&
	    ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))) {
		char *c = g_memdup2(s, len);
		size_t i;
		int rc;

		for (i = 0; i < len; i++)
			if (c[i] == '\0')
				c[i] = ' ';
		rc = put_text(j, c, len);
		g_free(c);
		return rc;
	}
	if (g_utf8_validate(s, (gssize)len, NULL)) {
		put(j, s, len);
		return 0;
	}
	if (len >= 2 && u[0] == 0xff && u[1] == 0xfe)
		return put_converted(j, conv_of("UTF-16LE"), s + 2, len - 2);
	if (len >= 2 && u[0] == 0xfe && u[1] == 0xff)
		return put_converted(j, conv_of("UTF-16BE"), s + 2, len - 2);
	if (put_converted(j, conv_of("GB18030"), s, len) == 0) {
		any = 1;
		puts_(j, "\n");
	}
	if (put_converted(j, conv_of("BIG5-HKSCS"), s, len) == 0)
		any = 1;
	if (!any) {
		v = g_utf8_make_valid(s, (gssize)len);
		puts_(j, v);
		g_free(v);
	}
	return 0;
}

/* ---- HTML: tags out, script and style out, entities decoded */

static const char *const html_blocks[] = {
	"p", "br", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
	"table", "ul", "ol", "blockquote", "pre", "hr", "title", "td", "th",
	"dt", "dd", "section", "article", "header", "footer",
};

static gunichar
html_entity(const char *s, size_t len, size_t *used)
{
	static const struct {
		const char	*name;
		gunichar	 c;
	} named[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", 0xa0 }, { "ensp", 0x2002 },
		{ "emsp", 0x2003 }, { "thinsp", 0x2009 }, { "zwsp", 0x200b },
		{ "star", 0x2606 }, { "starf", 0x2605 }, { "bigstar", 0x2605 },
	};
	size_t i, n;
	gunichar c = 0;

	/* s points after '&' */
	for (n = 0; n < len && n < 12 && s[n] != ';'; n++)
		;
	if (n == len || n == 12 || s[n] != ';')
		return 0;
	*used = n + 1;
	if (n >= 2 && s[0] == '#') {
		char *end;
		unsigned long v = (s[1] == 'x' || s[1] == 'X') ?
		    strtoul(s + 2, &end, 16) : strtoul(s + 1, &end, 10);

		if (end != s + n || v == 0 || v > 0x10ffff ||
		    !g_unichar_validate((gunichar)v))
			return 0;
		return (gunichar)v;
	}
	for (i = 0; i < G_N_ELEMENTS(named); i++)
		if (strlen(named[i].name) == n &&
		    strncmp(named[i].name, s, n) == 0)
			c = named[i].c;
	return c;
}

static void
put_html(struct job *j, const char *s, size_t len)
{
	GString *out = g_string_sized_new(len / 2);
	size_t i = 0, k, used;
	gunichar c;

	while (i < len) {
		if (s[i] == '&' && (c = html_entity(s + i + 1, len - i - 1,
		    &used)) != 0) {
			g_string_append_unichar(out, c);
			i += 1 + used;
			continue;
		}
		if (s[i] != '<') {
			g_string_append_c(out, s[i++]);
			continue;
		}
		if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			const char *e = g_strstr_len(s + i + 4,
			    (gssize)(len - i - 4), "-->");

			i = e ? (size_t)(e - s) + 3 : len;
			continue;
		}
		/* the tag's name */
		for (k = i + 1; k < len && s[k] == '/'; k++)
			;
		{
			size_t n0 = k, n;
			char name[16];

			while (k < len && g_ascii_isalnum(s[k]))
				k++;
			n = k - n0 < sizeof(name) - 1 ? k - n0 :
			    sizeof(name) - 1;
			memcpy(name, s + n0, n);
			name[n] = '\0';
			while (k < len && s[k] != '>')
				k++;
			i = k < len ? k + 1 : len;
			if (s[n0 - 1] != '/' &&
			    (g_ascii_strcasecmp(name, "script") == 0 ||
			    g_ascii_strcasecmp(name, "style") == 0)) {
				/* to the closing tag */
				char *low = g_ascii_strdown(s + i,
				    (gssize)(len - i));
				char *e = strstr(low, g_ascii_strcasecmp(name,
				    "script") == 0 ? "</script" : "</style");

				i = e ? i + (size_t)(e - low) : len;
				g_free(low);
				continue;
			}
			for (n = 0; n < G_N_ELEMENTS(html_blocks); n++)
				if (g_ascii_strcasecmp(name, html_blocks[n]) ==
				    0) {
					g_string_append_c(out, '\n');
					break;
				}
		}
	}
	put_text(j, out->str, out->len);
	g_string_free(out, TRUE);
}

/* A charset named by <meta> in the first bytes of HTML, or NULL. */
static char *
html_charset(const char *s, size_t len)
{
	char *low = g_ascii_strdown(s, (gssize)(len < 2048 ? len : 2048));
	char *p, *r = NULL;
	size_t n;

	if ((p = strstr(low, "charset=")) != NULL) {
		p += 8;
		while (*p == '"' || *p == '\'')
			p++;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-_:.");
		if (n > 0 && n < 40)
			r = xstrndup(p, n);
	}
	g_free(low);
	return r;
}

/* ---- PDF */

static int
put_pdf(struct job *j, const char *s, size_t len)
{
	PopplerDocument *doc;
	GError *err = NULL;
	GBytes *b = g_bytes_new_static(s, len);
	int n, i, rc = XT_OK;
	size_t text = 0;

	doc = poppler_document_new_from_bytes(b, NULL, &err);
	if (doc == NULL) {
		rc = err != NULL && err->domain == POPPLER_ERROR &&
		    err->code == POPPLER_ERROR_ENCRYPTED ? XT_ENCRYPTED :
		    XT_CORRUPT;
		g_clear_error(&err);
		g_bytes_unref(b);
		return rc;
	}
	n = poppler_document_get_n_pages(doc);
	if (n <= 0)
		rc = XT_CORRUPT;
	else if ((size_t)n > j->lim->pdf_pages)
		rc = XT_TOO_MANY;
	for (i = 0; rc == XT_OK && i < n; i++) {
		PopplerPage *p = poppler_document_get_page(doc, i);
		char *t, *q;

		if (p == NULL)
			continue;
		if ((t = poppler_page_get_text(p)) != NULL) {
			for (q = t; *q; q++)
				if (!g_ascii_isspace(*q))
					text++;
			puts_(j, t);
			puts_(j, "\n");
			g_free(t);
		}
		g_object_unref(p);
	}
	g_object_unref(doc);
	g_bytes_unref(b);
	if (rc == XT_OK && text == 0)
		rc = XT_NO_TEXT;	/* a scan: nothing to check */
	return rc;
}

/* ---- zip: OOXML and ODF */

/* The parts that hold text. */
static const char *const zip_parts[] = {
	"word/document.xml", "word/header*.xml", "word/footer*.xml",
	"word/footnotes.xml", "word/endnotes.xml", "word/comments.xml",
	"xl/sharedStrings.xml", "xl/worksheets/sheet*.xml",
	"xl/comments*.xml", "ppt/slides/slide*.xml",
	"ppt/notesSlides/notesSlide*.xml", "content.xml", "styles.xml",
	"docProps/core.xml", "meta.xml",
};

/* The parts that make a zip a document (at least one must be there). */
static const char *const zip_main[] = {
	"word/document.xml", "xl/sharedStrings.xml",
	"xl/worksheets/sheet*.xml", "ppt/slides/slide*.xml", "content.xml",
};

/* Elements after which a line ends, or a blank goes. */
static const char *const xml_lines[] = {
	"p", "h", "br", "cr", "tr", "row", "si", "line-break", "title",
};
static const char *const xml_blanks[] = {
	"tab", "s", "c", "tc", "cell", "table-cell",
};

static int
in_list(const char *s, const char *const *v, size_t n, int glob)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (glob ? g_pattern_match_simple(v[i], s) :
		    strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

struct zpart {
	struct archive	*a;
	size_t		 part;		/* bytes of this part so far */
	size_t		*total;
	const struct extract_limits *lim;
	int		 too_large;
};

static int
zread(void *arg, char *buf, int len)
{
	struct zpart *z = arg;
	la_ssize_t n;

	n = archive_read_data(z->a, buf, (size_t)len);
	if (n < 0)
		return -1;
	z->part += (size_t)n;
	*z->total += (size_t)n;
	if (z->part > z->lim->zip_part_bytes ||
	    *z->total > z->lim->zip_total_bytes) {
		z->too_large = 1;
		return -1;
	}
	return (int)n;
}

static int
zclose(void *arg)
{
	return 0;
}

/* One XML part, streamed: its text nodes, lines where paragraphs end. */
static int
put_xml(struct job *j, struct zpart *z)
{
	xmlTextReaderPtr r;
	int ret, type;
	const xmlChar *ln, *v;

	/* no URL: libxml2 would make a relative one absolute (getcwd) */
	r = xmlReaderForIO(zread, zclose, z, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (r == NULL)
		return XT_CORRUPT;
	while ((ret = xmlTextReaderRead(r)) == 1) {
		type = xmlTextReaderNodeType(r);
		/* Office programs write no DTD; entities could hide text */
		if (type == XML_READER_TYPE_DOCUMENT_TYPE ||
		    type == XML_READER_TYPE_ENTITY_REFERENCE) {
			ret = -1;
			break;
		}
		if (type == XML_READER_TYPE_TEXT ||
		    type == XML_READER_TYPE_CDATA ||
		    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			if ((v = xmlTextReaderConstValue(r)) != NULL)
				puts_(j, (const char *)v);
			continue;
		}
		if (type != XML_READER_TYPE_END_ELEMENT &&
		    !(type == XML_READER_TYPE_ELEMENT &&
		    xmlTextReaderIsEmptyElement(r)))
			continue;
		if ((ln = xmlTextReaderConstLocalName(r)) == NULL)
			continue;
		if (in_list((const char *)ln, xml_lines,
		    G_N_ELEMENTS(xml_lines), 0))
			puts_(j, "\n");
		else if (in_list((const char *)ln, xml_blanks,
		    G_N_ELEMENTS(xml_blanks), 0))
			puts_(j, " ");
	}
	xmlFreeTextReader(r);
	if (z->too_large)
		return XT_TOO_LARGE;
	return ret == 0 ? XT_OK : XT_CORRUPT;
}

static int
put_zip(struct job *j, const char *s, size_t len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	size_t entries = 0, total = 0, mains = 0;
	int rc = XT_OK, r;

	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, s, len) != ARCHIVE_OK) {
		archive_read_free(a);
		return XT_CORRUPT;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	    r == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(e);
		struct zpart z = { a, 0, &total, j->lim, 0 };

		if (++entries > j->lim->zip_entries) {
			rc = XT_TOO_MANY;
			break;
		}
		if (name == NULL || !in_list(name, zip_parts,
		    G_N_ELEMENTS(zip_parts), 1))
			continue;
		if (archive_entry_is_encrypted(e)) {
			rc = XT_ENCRYPTED;
			break;
		}
		if (in_list(name, zip_main, G_N_ELEMENTS(zip_main), 1))
			mains++;
		if ((rc = put_xml(j, &z)) != XT_OK)
			break;
		puts_(j, "\n");
	}
	if (rc == XT_OK && r != ARCHIVE_EOF)
		rc = XT_CORRUPT;
	if (rc == XT_OK && mains == 0)
		rc = XT_UNKNOWN;	/* a zip, but not a document */
	archive_read_free(a);
	return rc;
}

/* The child: the text of in, by kind, to outfd. */
static int
child_main(const void *in, size_t inlen, int outfd, void *arg)
{
	struct job *j = arg;
	const char *s = in;
	int rc = XT_OK;

	j->fd = outfd;
	if (strcmp(j->kind, "pdf") == 0)
		rc = put_pdf(j, s, inlen);
	else if (strcmp(j->kind, "zip") == 0)
		rc = put_zip(j, s, inlen);
	else if (strcmp(j->kind, "html") == 0) {
		char *cs = html_charset(s, inlen);
		char *u = NULL;

		/* decode first, so that tags are found in any charset */
		if (cs != NULL && !g_utf8_validate(s, (gssize)inlen, NULL))
			u = g_convert(s, (gssize)inlen, "UTF-8", cs, NULL,
			    NULL, NULL);
		if (u != NULL)
			put_html(j, u, strlen(u));
		else
			put_html(j, s, inlen);
		g_free(u);
		free(cs);
	} else
		rc = put_text(j, s, inlen) == 0 ? XT_OK : XT_CORRUPT;
	if (rc == XT_OK && j->failed)
		rc = XT_WRITE;
	return rc;
}

int
extract_run(const char *kind, const void *data, size_t len,
    const struct extract_limits *lim, int outfd)
{
	struct job j;

	memset(&j, 0, sizeof(j));
	j.kind = kind;
	j.lim = lim != NULL ? lim : &extract_default_limits;
	extract_init();
	return child_main(data, len, outfd, &j);
}

int
extract_text(const void *data, size_t len, const char *content_type,
    const char *filename, const struct extract_limits *lim, char **textp,
    char **errp)
{
	struct sandbox_limits sl;
	struct job j;
	unsigned char *out = NULL;
	size_t outlen = 0, i;
	char *err = NULL;
	int code;

	*textp = NULL;
	*errp = NULL;
	if (lim == NULL)
		lim = &extract_default_limits;
	extract_init();
	memset(&j, 0, sizeof(j));
	j.lim = lim;
	if ((j.kind = extract_kind(data, len, content_type, filename)) ==
	    NULL) {
		*errp = xstrdup("unknown type");
		return -1;
	}
	sl.cpu_seconds = lim->cpu_seconds;
	sl.mem_bytes = lim->mem_bytes;
	sl.out_bytes = lim->out_bytes;
	sl.wall_ms = lim->wall_ms;
	if (sandbox_run(&sl, child_main, &j, data, len, &out, &outlen,
	    &err) == -1) {
		if (sscanf(err, "exit %d", &code) == 1)
			for (i = 0; i < G_N_ELEMENTS(x_reasons); i++)
				if (x_reasons[i].code == code) {
					free(err);
					err = xstrdup(x_reasons[i].why);
					break;
				}
		*errp = err;
		return -1;
	}
	/* as untrusted as the input: no NUL to cut it short, valid UTF-8 */
	for (i = 0; i < outlen; i++)
		if (out[i] == '\0')
			out[i] = ' ';
	if (!g_utf8_validate((const char *)out, (gssize)outlen, NULL)) {
		gchar *v = g_utf8_make_valid((const char *)out,
		    (gssize)outlen);

		free(out);
		*textp = xstrdup(v);
		g_free(v);
		return 0;
	}
	*textp = (char *)out;
	return 0;
}
