/* test_pdf.c - the GB/T 9704 layout, read back with poppler: A4 pages,
 * the text exactly the caller's (page numbers aside), 28 characters a
 * full line and 22 lines a full page, page numbers "— N —", every font
 * embedded, the seal drawn, the translation on a page of its own, the
 * same bytes twice, and the errors: a font not installed, a seal that
 * is not a PNG. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "pdf.h"

#define FONT	"Noto Serif CJK SC"

#define GUO	"\xe5\x9b\xbd"		/* 国 */

static char *
repeat(const char *s, int n)
{
	GString *g = g_string_new(NULL);

	while (n-- > 0)
		g_string_append(g, s);
	return g_string_free(g, FALSE);
}

static PopplerDocument *
open_pdf(GByteArray *pdf)
{
	GError *error = NULL;
	GBytes *b = g_bytes_new(pdf->data, pdf->len);
	PopplerDocument *d = poppler_document_new_from_bytes(b, NULL, &error);

	g_assert_no_error(error);
	g_bytes_unref(b);
	return d;
}

static char *
page_text(PopplerDocument *d, int n)
{
	PopplerPage *p = poppler_document_get_page(d, n);
	char *t = poppler_page_get_text(p);

	g_object_unref(p);
	return t;
}

/* The page's text without blanks and without its page number "— N —"
 * (which must be there). */
static char *
squeeze(const char *text, int page)
{
	char *folio = g_strdup_printf("\xe2\x80\x94%d\xe2\x80\x94", page);
	GString *g = g_string_new(NULL);
	const char *p;
	char *at;

	for (p = text; *p != '\0'; p++)
		if (!g_ascii_isspace(*p))
			g_string_append_c(g, *p);
	at = strstr(g->str, folio);
	g_assert_nonnull(at);
	g_string_erase(g, at - g->str, strlen(folio));
	g_free(folio);
	return g_string_free(g, FALSE);
}

static char *
squeeze_all(const char *s)
{
	GString *g = g_string_new(NULL);

	for (; *s != '\0'; s++)
		if (!g_ascii_isspace(*s))
			g_string_append_c(g, *s);
	return g_string_free(g, FALSE);
}

static void
render(const struct pdf_doc *doc, GByteArray *out)
{
	char *err = NULL;

	g_assert_cmpint(pdf_render(doc, out, &err), ==, 0);
	g_assert_null(err);
	g_assert_cmpuint(out->len, >, 1000);
	g_assert_cmpint(memcmp(out->data, "%PDF-", 5), ==, 0);
}

static void
test_letter(void)
{
	struct pdf_doc doc = { 0 };
	GByteArray *pdf = g_byte_array_new(), *again = g_byte_array_new();
	PopplerDocument *d;
	char *body, *t, *sq, *want, *all, *line26, *line28;
	double w, h;

	doc.office = "上海市人民政府外事办公室";
	doc.number = "沪外办信公〔2026〕12号";
	doc.title = "政府信息公开申请答复书";
	doc.addressee = "张三：";
	/* one paragraph of 2 + 54 characters: a line of 26, a line of 28 */
	line26 = repeat(GUO, 26);
	line28 = repeat(GUO, 28);
	body = g_strdup_printf("%s%s\n\n本机关于2026年11月13日收到您的申请。\n",
	    line26, line28);
	doc.body = body;
	doc.issuer = "上海市人民政府外事办公室";
	doc.date = "2026年12月2日";
	doc.title_font = doc.body_font = FONT;
	doc.created = 1764633600;
	render(&doc, pdf);

	d = open_pdf(pdf);
	g_assert_cmpint(poppler_document_get_n_pages(d), ==, 1);
	PopplerPage *p = poppler_document_get_page(d, 0);
	poppler_page_get_size(p, &w, &h);
	g_object_unref(p);
	g_assert_cmpfloat(w, >, 595.0);
	g_assert_cmpfloat(w, <, 595.6);
	g_assert_cmpfloat(h, >, 841.6);
	g_assert_cmpfloat(h, <, 842.2);
	t = page_text(d, 0);
	/* a full line is 28 characters, on a line of its own */
	want = g_strdup_printf("\n%s\n", line28);
	g_assert_nonnull(strstr(t, want));
	g_free(want);
	/* the text, in order, is the caller's */
	sq = squeeze(t, 1);
	all = g_strconcat(doc.office, doc.number, doc.title, doc.addressee, body,
	    doc.issuer, doc.date, NULL);
	want = squeeze_all(all);
	g_assert_cmpstr(sq, ==, want);
	g_free(want);
	g_free(all);
	g_free(sq);
	g_free(t);

	/* every font embedded */
	PopplerFontInfo *fi = poppler_font_info_new(d);
	PopplerFontsIter *it = NULL;
	int fonts = 0;
	while (poppler_font_info_scan(fi, 1, &it)) {
		if (it == NULL)
			continue;
		do {
			g_assert_true(poppler_fonts_iter_is_embedded(it));
			fonts++;
		} while (poppler_fonts_iter_next(it));
		poppler_fonts_iter_free(it);
		it = NULL;
	}
	poppler_font_info_free(fi);
	g_assert_cmpint(fonts, >, 0);
	g_object_unref(d);

	/* the same document, the same bytes */
	render(&doc, again);
	g_assert_cmpuint(again->len, ==, pdf->len);
	g_assert_cmpint(memcmp(again->data, pdf->data, pdf->len), ==, 0);
	g_byte_array_free(again, TRUE);
	g_byte_array_free(pdf, TRUE);
	g_free(body);
	g_free(line26);
	g_free(line28);
}

/* 36 one-line paragraphs: 22 rows on page 1 (number, blank, title,
 * blank, 18 paragraphs), 18 and the signature (4 rows) filling page 2,
 * then the translation on page 3. */
static void
test_pages(void)
{
	struct pdf_doc doc = { 0 };
	GByteArray *pdf = g_byte_array_new();
	PopplerDocument *d;
	GString *body = g_string_new(NULL);
	char *t, **lines;
	int i, n;

	for (i = 1; i <= 36; i++)
		g_string_append_printf(body, "第%d段。\n", i);
	doc.number = "沪外办信公〔2026〕13号";
	doc.title = "答复书";
	doc.body = body->str;
	doc.issuer = "某某办公室";
	doc.date = "2026年12月2日";
	doc.title_font = doc.body_font = FONT;
	doc.annex_title = "English translation (for courtesy only)";
	doc.annex_body = "We received your request on 13 November 2026.";
	render(&doc, pdf);
	d = open_pdf(pdf);
	g_assert_cmpint(poppler_document_get_n_pages(d), ==, 3);

	t = page_text(d, 0);
	lines = g_strsplit(t, "\n", -1);
	for (n = 0, i = 0; lines[i] != NULL; i++)
		if (*g_strstrip(lines[i]) != '\0')
			n++;
	/* 20 text rows (2 are blank) and the page number */
	g_assert_cmpint(n, ==, 21);
	g_assert_nonnull(strstr(t, "第18段。"));
	g_assert_null(strstr(t, "第19段。"));
	g_strfreev(lines);
	g_free(t);

	t = page_text(d, 1);
	g_assert_nonnull(strstr(t, "第19段。"));
	g_assert_nonnull(strstr(t, "某某办公室"));
	g_free(squeeze(t, 2));		/* asserts the page number */
	g_assert_null(strstr(t, "English"));
	g_free(t);

	t = page_text(d, 2);
	g_assert_nonnull(strstr(t, "English translation"));
	g_assert_nonnull(strstr(t, "13 November 2026"));
	g_free(squeeze(t, 3));
	g_free(t);
	g_object_unref(d);
	g_byte_array_free(pdf, TRUE);
	g_string_free(body, TRUE);
}

/* A body that ends at the foot of a page takes its last two lines over
 * to the signature's page: the signature never stands alone. */
static void
test_signature_kept(void)
{
	struct pdf_doc doc = { 0 };
	GByteArray *pdf = g_byte_array_new();
	PopplerDocument *d;
	GString *body = g_string_new(NULL);
	char *t;
	int i;

	for (i = 1; i <= 20; i++)	/* title, blank, 20 rows: page full */
		g_string_append_printf(body, "第%d段。\n", i);
	doc.title = "答复书";
	doc.body = body->str;
	doc.issuer = "某某办公室";
	doc.date = "2026年12月2日";
	doc.title_font = doc.body_font = FONT;
	render(&doc, pdf);
	d = open_pdf(pdf);
	g_assert_cmpint(poppler_document_get_n_pages(d), ==, 2);
	t = page_text(d, 1);
	g_assert_nonnull(strstr(t, "第19段。"));
	g_assert_nonnull(strstr(t, "第20段。"));
	g_assert_null(strstr(t, "第18段。"));
	g_assert_nonnull(strstr(t, "某某办公室"));
	g_free(t);
	g_object_unref(d);
	g_byte_array_free(pdf, TRUE);
	g_string_free(body, TRUE);
}

/* A red disc with a transparent surround: pixels under the signature
 * turn red where the seal is pressed. */
static void
test_seal(void)
{
	struct pdf_doc doc = { 0 };
	GByteArray *pdf = g_byte_array_new(), *plain = g_byte_array_new();
	cairo_surface_t *img;
	cairo_t *cr;
	char *png = g_build_filename(g_get_tmp_dir(), "test_pdf_seal.png",
	    NULL), *err = NULL;

	img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 200);
	cr = cairo_create(img);
	cairo_set_source_rgba(cr, 0.85, 0.1, 0.1, 0.9);
	cairo_arc(cr, 100, 100, 95, 0, 2 * G_PI);
	cairo_fill(cr);
	cairo_destroy(cr);
	g_assert_cmpint(cairo_surface_write_to_png(img, png), ==,
	    CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(img);

	doc.title = "答复书";
	doc.body = "正文。";
	doc.issuer = "某某办公室";
	doc.date = "2026年12月2日";
	doc.title_font = doc.body_font = FONT;
	render(&doc, plain);
	doc.seal_png = png;
	render(&doc, pdf);
	/* the seal is an image in the PDF: it makes the file larger and
	 * holds an image XObject */
	g_assert_cmpuint(pdf->len, >, plain->len);
	g_assert_nonnull(g_strstr_len((const char *)pdf->data, pdf->len,
	    "/Subtype /Image"));
	g_assert_null(g_strstr_len((const char *)plain->data, plain->len,
	    "/Subtype /Image"));

	/* not a PNG: an error naming the file */
	g_assert_true(g_file_set_contents(png, "not a png", -1, NULL));
	g_byte_array_set_size(pdf, 0);
	g_assert_cmpint(pdf_render(&doc, pdf, &err), ==, -1);
	g_assert_nonnull(strstr(err, png));
	g_free(err);
	g_unlink(png);
	g_free(png);
	g_byte_array_free(pdf, TRUE);
	g_byte_array_free(plain, TRUE);
}

static void
test_font_missing(void)
{
	struct pdf_doc doc = { 0 };
	GByteArray *pdf = g_byte_array_new();
	char *err = NULL;

	g_assert_cmpint(pdf_font_check("No Such Family 9704", &err), ==, -1);
	g_assert_nonnull(strstr(err, "\"No Such Family 9704\" is not "
	    "installed"));
	g_free(err);
	err = NULL;
	g_assert_cmpint(pdf_font_check("", &err), ==, -1);
	g_free(err);
	err = NULL;
	doc.body = "正文。";
	doc.title_font = "No Such Family 9704";
	doc.body_font = FONT;
	g_assert_cmpint(pdf_render(&doc, pdf, &err), ==, -1);
	g_assert_nonnull(strstr(err, "No Such Family 9704"));
	g_assert_cmpuint(pdf->len, ==, 0);
	g_free(err);
	g_byte_array_free(pdf, TRUE);
}

int
main(int argc, char **argv)
{
	char *err = NULL;

	g_test_init(&argc, &argv, NULL);
	/* fonts-noto-cjk is a build dependency: its absence is a failure */
	if (pdf_font_check(FONT, &err) == -1)
		g_error("%s", err);
	g_test_add_func("/pdf/letter", test_letter);
	g_test_add_func("/pdf/pages", test_pages);
	g_test_add_func("/pdf/signature-kept", test_signature_kept);
	g_test_add_func("/pdf/seal", test_seal);
	g_test_add_func("/pdf/font-missing", test_font_missing);
	return g_test_run();
}
