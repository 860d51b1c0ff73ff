/*
 * pdf.h - an official document (公文) as PDF, in the layout of GB/T
 * 9704-2012: A4, the type area of 156 x 225 mm at 37 mm from the top
 * and 28 mm from the binding edge, 22 lines of 28 characters, the title
 * in 2号 (22 pt) bold type under the issuing body's name in red and a
 * red rule (the letter format's 版头), the body in 3号 (16 pt), page numbers
 * "— N —" in 4号 (14 pt) below the type area (odd pages right, even
 * pages left, one character in), the issuing body and the date at the
 * bottom right with the seal pressed over them, and an optional
 * courtesy translation on pages of its own.
 *
 * The only file that talks to cairo, pango and fontconfig.  The text
 * is laid out exactly as given: every line of body is a paragraph
 * (indented two characters), a blank line is skipped; nothing is
 * added but the page numbers, so the PDF's text is the caller's text.
 * The same document renders to the same bytes (the creation date is
 * the document's).
 */
#ifndef GK_PDF_H
#define GK_PDF_H

#include <time.h>

#include <glib.h>

struct pdf_doc {
	const char	*office;	/* 发文机关标志, red; NULL: none */
	const char	*number;	/* 文号, above the title; NULL: none */
	const char	*title;		/* 标题, centred; NULL: none */
	const char	*addressee;	/* 主送, flush left; NULL: none */
	const char	*body;		/* one paragraph a line */
	const char	*issuer;	/* 发文机关署名 */
	const char	*date;		/* 成文日期, e.g. "2026年12月2日" */
	const char	*seal_png;	/* the seal, PNG with alpha; NULL: none */
	const char	*title_font;	/* fontconfig families */
	const char	*body_font;
	const char	*annex_title;	/* the translation's title; NULL: none */
	const char	*annex_body;	/* the translation, on new pages */
	time_t		 created;	/* the PDF's creation date */
};

/* Renders doc into out (appended).  0, or -1 with *errp (a missing or
 * unreadable seal, a font family fontconfig does not have, a cairo
 * error). */
int	pdf_render(const struct pdf_doc *doc, GByteArray *out, char **errp);

/* 0 if fontconfig has the family itself (not a substitute); else -1
 * with *errp naming what it would have used instead. */
int	pdf_font_check(const char *family, char **errp);

/* 0 if `png` is a PNG cairo can read; else -1 with *errp. */
int	pdf_seal_check(const char *png, char **errp);

#endif
