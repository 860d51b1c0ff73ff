/*
 * document.h - the official document inside a mail's text.  A document
 * template (TEMPLATE_F_DOCUMENT, templates/README.md) writes it as
 *
 *	OFFICE			发文机关标志: the line [office] name
 *	[NUMBER]		文号, when one was given
 *	TITLE			标题
 *	(blank)
 *	ADDRESSEE		主送: "张三：", "Dear Ms Zhang,"
 *	BODY...			paragraphs, one a line; blank lines between
 *	OFFICE			署名: the last line that is [office] name
 *	DATE			成文日期
 *
 * with anything before the first OFFICE line (the reply marker) and
 * after the DATE line (the reply address and code) outside it.  The PDF
 * (pdf.h) is made of exactly these parts, so its text is the mail's.
 * Pure.
 */
#ifndef GK_DOCUMENT_H
#define GK_DOCUMENT_H

struct document {
	char	*office;
	char	*title;
	char	*number;	/* NULL: none */
	char	*addressee;
	char	*body;		/* lines joined by "\n" */
	char	*date;
	size_t	 start, end;	/* its bytes in the text: [start, end) */
};

/* Finds the document in `text`; 0, or -1 with *errp saying which part
 * is missing (the caller frees it).  document_clear() frees the parts. */
int	document_parse(const char *text, const char *office,
	    struct document *doc, char **errp);
void	document_clear(struct document *doc);

struct pdf_doc;

/* The parts of pdf_doc (pdf.h) the document gives: the office (also the
 * issuer), number, title, addressee, body and date, pointing into doc;
 * the rest of *p is left as it is. */
void	document_to_pdf(const struct document *doc, struct pdf_doc *p);

/* The document written out again as a mail shows it: heading, a blank
 * line, the addressee and each paragraph with a blank line after, the
 * signature and the date (g_free). */
char	*document_text(const struct document *doc);

#endif
