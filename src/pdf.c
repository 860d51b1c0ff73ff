/*
 * pdf.c - an official document as PDF in the layout of GB/T 9704-2012
 * (pdf.h).  Everything is set on a grid: the type area has 22 rows, and
 * every line of text - title, number, body, signature, date - takes one
 * row, so a page never holds more than the standard's 22 lines.  Pass
 * one lays the text out into rows (pango); pass two assigns rows to
 * pages, keeping the signature with the end of the body; pass three
 * draws (cairo, into a PDF stream).
 */
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "pdf.h"

#define MM(x)		((x) * 72.0 / 25.4)	/* millimetres in points */
#define PAGE_W		MM(210.0)		/* A4 */
#define PAGE_H		MM(297.0)
#define AREA_TOP	MM(37.0)		/* 天头 */
#define AREA_LEFT	MM(28.0)		/* 订口 */
#define AREA_W		MM(156.0)		/* 版心 */
#define AREA_H		MM(225.0)
#define ROWS		22			/* lines a page */
#define COLUMNS		28			/* characters a line */
#define PITCH		(AREA_H / ROWS)
#define TITLE_PT	22.0			/* 2号 */
#define BODY_PT		16.0			/* 3号 */
#define FOLIO_PT	14.0			/* 4号 */
#define FOLIO_GAP	MM(7.0)			/* the folio's dashes below the area */
#define SEAL_D		MM(42.0)		/* a seal's usual diameter */
#define CHAR_W		(AREA_W / COLUMNS)	/* one character on the grid */

enum row_kind {
	ROW_TEXT,
	ROW_BLANK,
	ROW_BREAK,		/* the annex: the next row starts a page */
	ROW_SIGN,		/* the signature block's first row */
};

struct row {
	enum row_kind	 kind;
	PangoLayout	*layout;	/* ROW_TEXT: a reference */
	int		 line;		/* which of its lines */
	double		 x;		/* from the left of the type area */
	int		 red;		/* the heading: red, a red rule under */
	int		 page;		/* pass two */
	int		 slot;		/* 0..ROWS-1 */
};

struct pdf_state {
	cairo_t			*cr;
	PangoContext		*ctx;
	double			 spacing;	/* letter spacing, points */
	GArray			*rows;		/* struct row */
	double			 sign_x;	/* the signature block's centre */
	int			 pages;
};

/*
 * Debian 12's cairo 1.16 leaks a little in its PDF font subsetting
 * (under cairo_surface_finish), and fontconfig's matching leaks patterns
 * that nothing can free: LeakSanitizer, in a sanitizer build of any
 * program that links this file, ignores allocations made inside these
 * libraries, and does not print what it ignored: the daemon's standard
 * error is its log.  Ours are still checked.  (Hooks LeakSanitizer
 * calls; an ordinary build never does.)
 */
const char	*__lsan_default_suppressions(void);
const char	*__lsan_default_options(void);

const char *
__lsan_default_options(void)
{
	return "print_suppressions=0";
}

const char *
__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\nleak:libfontconfig.so\n"
	    "leak:libpangoft2-1.0.so\n";
}

static cairo_status_t
write_bytes(void *closure, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

int
pdf_font_check(const char *family, char **errp)
{
	FcPattern *pat, *match;
	FcResult res;
	FcChar8 *got = NULL, *first = NULL;
	int i, found = 0;

	if (family == NULL || *family == '\0') {
		*errp = g_strdup("no font family named");
		return -1;
	}
	if ((pat = FcPatternCreate()) == NULL) {
		*errp = g_strdup("fontconfig: out of memory");
		return -1;
	}
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	for (i = 0; match != NULL &&
	    FcPatternGetString(match, FC_FAMILY, i, &got) == FcResultMatch;
	    i++) {
		if (first == NULL)
			first = got;
		if (g_ascii_strcasecmp((const char *)got, family) == 0)
			found = 1;
	}
	if (!found)
		*errp = g_strdup_printf("font family \"%s\" is not installed "
		    "(fontconfig would use \"%s\"; fc-list : family lists "
		    "what is)", family, first != NULL ? (const char *)first :
		    "nothing");
	if (match != NULL)
		FcPatternDestroy(match);
	return found ? 0 : -1;
}

static PangoLayout *
layout_new(struct pdf_state *s, const char *text, const char *family,
    double size, int bold, PangoAlignment align, double width, double indent)
{
	PangoLayout *l = pango_layout_new(s->ctx);
	PangoFontDescription *fd = pango_font_description_new();
	PangoAttrList *attrs = pango_attr_list_new();

	pango_font_description_set_family(fd, family);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (size == BODY_PT)
		pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
		    (int)(s->spacing * PANGO_SCALE)));
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	/* A hair over the area, so that 28 characters of exactly the
	 * grid's width are not pushed to the next line by rounding. */
	if (width > 0)
		pango_layout_set_width(l, (int)((width + 0.5) * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_indent(l, (int)(indent * PANGO_SCALE));
	pango_layout_set_text(l, text, -1);
	return l;
}

static void
add_row(struct pdf_state *s, enum row_kind kind, PangoLayout *l, int line,
    double x)
{
	struct row r = { 0 };

	r.kind = kind;
	r.layout = l != NULL ? g_object_ref(l) : NULL;
	r.line = line;
	r.x = x;
	g_array_append_val(s->rows, r);
}

/* Every line of the laid-out text as a row, at its own x. */
static void
add_layout(struct pdf_state *s, PangoLayout *l, double x)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	PangoRectangle logical;
	int line = 0;

	do {
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		add_row(s, ROW_TEXT, l, line++, x +
		    (double)logical.x / PANGO_SCALE);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
}

static double
text_width(PangoLayout *l)
{
	PangoRectangle logical;

	pango_layout_get_extents(l, NULL, &logical);
	return (double)logical.width / PANGO_SCALE;
}

/* Each line of text a paragraph, indented two characters; blank lines
 * are dropped (the grid has no half rows). */
static void
add_paragraphs(struct pdf_state *s, const char *text, const char *family)
{
	char **lines = g_strsplit(text != NULL ? text : "", "\n", -1);
	char **p;

	for (p = lines; *p != NULL; p++) {
		g_strchomp(*p);
		if (**p == '\0')
			continue;
		add_layout(s, layout_new(s, *p, family, BODY_PT, 0,
		    PANGO_ALIGN_LEFT, AREA_W, 2 * CHAR_W), 0);
	}
	g_strfreev(lines);
}

static void
add_title(struct pdf_state *s, const char *title, const char *family)
{
	add_layout(s, layout_new(s, title, family, TITLE_PT, 1,
	    PANGO_ALIGN_CENTER, AREA_W, 0), 0);
}

/* The signature over the date, the date four characters in from the
 * right (GB/T 9704 7.3.5.1): two blank rows under the body for the
 * seal's upper half. */
static void
add_signature(struct pdf_state *s, const struct pdf_doc *doc)
{
	PangoLayout *sign, *date;
	double date_w, sign_w, date_x;

	date = layout_new(s, doc->date != NULL ? doc->date : "",
	    doc->body_font, BODY_PT, 0, PANGO_ALIGN_LEFT, -1, 0);
	sign = layout_new(s, doc->issuer != NULL ? doc->issuer : "",
	    doc->body_font, BODY_PT, 0, PANGO_ALIGN_LEFT, -1, 0);
	date_w = text_width(date);
	sign_w = text_width(sign);
	date_x = AREA_W - 4 * CHAR_W - date_w;
	s->sign_x = date_x + date_w / 2;
	add_row(s, ROW_SIGN, NULL, 0, 0);
	add_row(s, ROW_BLANK, NULL, 0, 0);
	add_row(s, ROW_TEXT, sign, 0, s->sign_x - sign_w / 2);
	add_row(s, ROW_TEXT, date, 0, date_x);
	g_object_unref(sign);
	g_object_unref(date);
}

/* Pass two: rows to pages.  The signature block (4 rows) never starts
 * a page alone: when it does not fit, the last two body rows go over
 * with it. */
static void
paginate(struct pdf_state *s)
{
	struct row *r;
	guint i;
	int page = 0, slot = 0, j;

	for (i = 0; i < s->rows->len; i++) {
		r = &g_array_index(s->rows, struct row, i);
		if (r->kind == ROW_BREAK) {
			if (slot > 0) {
				page++;
				slot = 0;
			}
			r->page = page;
			continue;
		}
		if (r->kind == ROW_SIGN && slot + 4 > ROWS) {
			page++;
			slot = 0;
			for (j = 2; j >= 1; j--) {
				if (i < (guint)j)
					continue;
				struct row *b = &g_array_index(s->rows,
				    struct row, i - j);
				if (b->kind == ROW_TEXT && b->page == page - 1) {
					b->page = page;
					b->slot = slot++;
				}
			}
		}
		if (slot == ROWS) {
			page++;
			slot = 0;
		}
		r->page = page;
		r->slot = slot++;
	}
	s->pages = page + 1;
}

static void
draw_folio(struct pdf_state *s, const char *family, int n)
{
	char buf[64];
	PangoLayout *l;
	double w, x;

	snprintf(buf, sizeof(buf), "\xe2\x80\x94 %d \xe2\x80\x94", n);
	l = layout_new(s, buf, family, FOLIO_PT, 0, PANGO_ALIGN_LEFT, -1, 0);
	w = text_width(l);
	/* Odd pages right, even pages left, one character in. */
	x = n % 2 ? AREA_LEFT + AREA_W - FOLIO_PT - w : AREA_LEFT + FOLIO_PT;
	cairo_move_to(s->cr, x, AREA_TOP + AREA_H + FOLIO_GAP);
	pango_cairo_show_layout(s->cr, l);
	g_object_unref(l);
}

/* The seal's image, or NULL with *errp. */
static cairo_surface_t *
seal_load(const char *png, char **errp)
{
	cairo_surface_t *img = cairo_image_surface_create_from_png(png);

	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		*errp = g_strdup_printf("%s: cannot be read as PNG: %s", png,
		    cairo_status_to_string(cairo_surface_status(img)));
		cairo_surface_destroy(img);
		return NULL;
	}
	return img;
}

int
pdf_seal_check(const char *png, char **errp)
{
	cairo_surface_t *img = seal_load(png, errp);

	if (img == NULL)
		return -1;
	cairo_surface_destroy(img);
	return 0;
}

static int
draw_seal(struct pdf_state *s, const char *png, double top, char **errp)
{
	cairo_surface_t *img = seal_load(png, errp);
	double w, h, k;

	if (img == NULL)
		return -1;
	w = cairo_image_surface_get_width(img);
	h = cairo_image_surface_get_height(img);
	k = SEAL_D / (w > h ? w : h);
	cairo_save(s->cr);
	cairo_translate(s->cr, AREA_LEFT + s->sign_x - w * k / 2, top);
	cairo_scale(s->cr, k, k);
	cairo_set_source_surface(s->cr, img, 0, 0);
	cairo_paint(s->cr);
	cairo_restore(s->cr);
	cairo_surface_destroy(img);
	return 0;
}

/* Pass three: each page's rows on their baselines, its folio, the seal
 * over the signature block. */
static int
draw(struct pdf_state *s, const struct pdf_doc *doc, char **errp)
{
	struct row *r;
	PangoLayoutLine *line;
	PangoRectangle logical;
	guint i = 0;
	int page, baseline;
	double y;

	for (page = 0; page < s->pages; page++) {
		for (; i < s->rows->len; i++) {
			r = &g_array_index(s->rows, struct row, i);
			if (r->page != page)
				break;
			y = AREA_TOP + r->slot * PITCH;
			if (r->kind == ROW_SIGN && doc->seal_png != NULL &&
			    draw_seal(s, doc->seal_png, y + PITCH / 4,
			    errp) == -1)
				return -1;
			if (r->kind != ROW_TEXT)
				continue;
			cairo_set_source_rgb(s->cr, r->red ? 0.8 : 0, 0, 0);
			if (r->red && (i + 1 == s->rows->len ||
			    !g_array_index(s->rows, struct row, i + 1).red)) {
				cairo_set_line_width(s->cr, 1.0);
				cairo_move_to(s->cr, AREA_LEFT, y + PITCH);
				cairo_line_to(s->cr, AREA_LEFT + AREA_W,
				    y + PITCH);
				cairo_stroke(s->cr);
			}
			line = pango_layout_get_line_readonly(r->layout,
			    r->line);
			pango_layout_line_get_extents(line, NULL, &logical);
			/* The line's box centred in its row. */
			baseline = -logical.y;
			cairo_move_to(s->cr, AREA_LEFT + r->x, y +
			    (PITCH - (double)logical.height / PANGO_SCALE) /
			    2 + (double)baseline / PANGO_SCALE);
			pango_cairo_show_layout_line(s->cr, line);
		}
		cairo_set_source_rgb(s->cr, 0, 0, 0);
		draw_folio(s, doc->body_font, page + 1);
		cairo_show_page(s->cr);
	}
	return 0;
}

/* The letter spacing that makes COLUMNS ideographs fill the type area. */
static double
grid_spacing(struct pdf_state *s, const char *family)
{
	PangoLayout *l;
	double w;

	s->spacing = 0;
	l = layout_new(s, "\xe5\x9b\xbd", family, BODY_PT, 0,	/* 国 */
	    PANGO_ALIGN_LEFT, -1, 0);
	w = text_width(l);
	g_object_unref(l);
	return CHAR_W - w;
}

static void
rows_free(GArray *rows)
{
	guint i;
	struct row *r;

	for (i = 0; i < rows->len; i++) {
		r = &g_array_index(rows, struct row, i);
		if (r->layout != NULL)
			g_object_unref(r->layout);
	}
	g_array_free(rows, TRUE);
}

int
pdf_render(const struct pdf_doc *doc, GByteArray *out, char **errp)
{
	struct pdf_state s = { 0 };
	cairo_surface_t *surface;
	cairo_font_options_t *fo;
	cairo_status_t st;
	char date[32];
	struct tm tm;
	guint i;
	int rv = -1;

	if (pdf_font_check(doc->title_font, errp) == -1 ||
	    pdf_font_check(doc->body_font, errp) == -1)
		return -1;
	surface = cairo_pdf_surface_create_for_stream(write_bytes, out,
	    PAGE_W, PAGE_H);
	cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
	gmtime_r(&doc->created, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	cairo_pdf_surface_set_metadata(surface,
	    CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
	    "gongkai");
	if (doc->title != NULL)
		cairo_pdf_surface_set_metadata(surface,
		    CAIRO_PDF_METADATA_TITLE, doc->title);
	s.cr = cairo_create(surface);
	s.ctx = pango_cairo_create_context(s.cr);
	/* Exact advances: the grid is computed, not hinted. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(s.ctx, fo);
	cairo_font_options_destroy(fo);
	s.rows = g_array_new(FALSE, TRUE, sizeof(struct row));
	s.spacing = grid_spacing(&s, doc->body_font);

	if (doc->office != NULL && *doc->office != '\0') {
		i = s.rows->len;
		add_title(&s, doc->office, doc->title_font);
		for (; i < s.rows->len; i++)
			g_array_index(s.rows, struct row, i).red = 1;
	}
	if (doc->number != NULL && *doc->number != '\0') {
		add_layout(&s, layout_new(&s, doc->number, doc->body_font,
		    BODY_PT, 0, PANGO_ALIGN_RIGHT, AREA_W, 0), 0);
		add_row(&s, ROW_BLANK, NULL, 0, 0);
	}
	if (doc->title != NULL && *doc->title != '\0') {
		add_title(&s, doc->title, doc->title_font);
		add_row(&s, ROW_BLANK, NULL, 0, 0);
	}
	if (doc->addressee != NULL && *doc->addressee != '\0')
		add_layout(&s, layout_new(&s, doc->addressee, doc->body_font,
		    BODY_PT, 0, PANGO_ALIGN_LEFT, AREA_W, 0), 0);
	add_paragraphs(&s, doc->body, doc->body_font);
	if ((doc->issuer != NULL && *doc->issuer != '\0') ||
	    (doc->date != NULL && *doc->date != '\0'))
		add_signature(&s, doc);
	if (doc->annex_body != NULL && *doc->annex_body != '\0') {
		add_row(&s, ROW_BREAK, NULL, 0, 0);
		if (doc->annex_title != NULL && *doc->annex_title != '\0') {
			add_title(&s, doc->annex_title, doc->title_font);
			add_row(&s, ROW_BLANK, NULL, 0, 0);
		}
		add_paragraphs(&s, doc->annex_body, doc->body_font);
	}
	paginate(&s);
	if (draw(&s, doc, errp) == 0)
		rv = 0;
	rows_free(s.rows);
	g_object_unref(s.ctx);
	cairo_destroy(s.cr);
	cairo_surface_finish(surface);
	st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (rv == 0 && st != CAIRO_STATUS_SUCCESS) {
		*errp = g_strdup_printf("cairo: %s",
		    cairo_status_to_string(st));
		rv = -1;
	}
	return rv;
}
