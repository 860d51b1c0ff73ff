/*
 * document.c - the official document inside a mail's text (document.h):
 * a walk over its lines, from the first that names the office to the
 * date under the last.
 */
#include <string.h>

#include <glib.h>

#include "document.h"
#include "pdf.h"

static int
fail(char **errp, const char *why)
{
	*errp = g_strdup_printf("not a document: %s (templates/README.md, "
	    "\"Documents\")", why);
	return -1;
}

static int
blank(const char *s)
{
	return s == NULL || *s == '\0';
}

int
document_parse(const char *text, const char *office, struct document *doc,
    char **errp)
{
	char **l = g_strsplit(text != NULL ? text : "", "\n", -1);
	guint n = g_strv_length(l), i, first, last, title, start, end;
	size_t *at = g_new(size_t, n + 1);
	GString *body;
	int rv = -1;

	memset(doc, 0, sizeof(*doc));
	for (at[0] = 0, i = 0; i < n; i++) {
		at[i + 1] = at[i] + strlen(l[i]) + 1;	/* where line i + 1 is */
		g_strchomp(l[i]);
	}
	if (blank(office)) {
		fail(errp, "the office has no name");
		goto out;
	}
	for (first = 0; first < n && strcmp(l[first], office) != 0; first++)
		;
	for (last = n; last > first + 1 && strcmp(l[last - 1], office) != 0;
	    last--)
		;
	if (first == n) {
		fail(errp, "no line names the office");
		goto out;
	}
	if (last <= first + 1) {
		fail(errp, "no signature: the office is named once");
		goto out;
	}
	last--;				/* the signature's line */
	if (last + 1 >= n || blank(l[last + 1])) {
		fail(errp, "no date under the signature");
		goto out;
	}
	if (first + 1 >= last || blank(l[first + 1])) {
		fail(errp, "no title under the office");
		goto out;
	}
	/* The heading: the title, or the number and then the title (GB/T
	 * 9704 puts 发文字号 above the title). */
	title = first + 1;
	start = first + 2;
	if (start < last && !blank(l[start])) {
		doc->number = g_strdup(l[first + 1]);
		title = start++;
	}
	if (start < last && !blank(l[start])) {
		fail(errp, "more than a number and a title in the heading");
		goto out;
	}
	while (start < last && blank(l[start]))
		start++;
	if (start == last) {
		fail(errp, "no addressee");
		goto out;
	}
	doc->office = g_strdup(office);
	doc->title = g_strdup(l[title]);
	doc->addressee = g_strdup(l[start++]);
	doc->date = g_strdup(l[last + 1]);
	doc->start = at[first];
	doc->end = at[last + 1] + strlen(l[last + 1]);
	for (end = last; end > start && blank(l[end - 1]); end--)
		;
	body = g_string_new(NULL);
	for (i = start; i < end; i++) {
		if (blank(l[i]))
			continue;
		if (body->len > 0)
			g_string_append_c(body, '\n');
		g_string_append(body, l[i]);
	}
	doc->body = g_string_free(body, FALSE);
	rv = 0;
 out:
	if (rv == -1)
		document_clear(doc);
	g_strfreev(l);
	g_free(at);
	return rv;
}

void
document_to_pdf(const struct document *doc, struct pdf_doc *p)
{
	p->office = doc->office;
	p->number = doc->number;
	p->title = doc->title;
	p->addressee = doc->addressee;
	p->body = doc->body;
	p->issuer = doc->office;
	p->date = doc->date;
}

char *
document_text(const struct document *doc)
{
	GString *s = g_string_new(NULL);

	g_string_append_printf(s, "%s\n", doc->office);
	if (doc->number != NULL)
		g_string_append_printf(s, "%s\n", doc->number);
	g_string_append_printf(s, "%s\n\n%s\n\n", doc->title, doc->addressee);
	if (doc->body != NULL && *doc->body != '\0') {
		char **p = g_strsplit(doc->body, "\n", -1), **q;

		for (q = p; *q != NULL; q++)
			g_string_append_printf(s, "%s\n\n", *q);
		g_strfreev(p);
	}
	g_string_append_printf(s, "%s\n%s\n", doc->office, doc->date);
	return g_string_free(s, FALSE);
}

void
document_clear(struct document *doc)
{
	g_free(doc->office);
	g_free(doc->title);
	g_free(doc->number);
	g_free(doc->addressee);
	g_free(doc->body);
	g_free(doc->date);
	memset(doc, 0, sizeof(*doc));
}
