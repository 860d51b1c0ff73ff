/*
 * document.c - the official document inside a mail's text (document.h):
 * a walk over its lines, from the first that names the office to the
 * date under the last.
 */
#include <string.h>

#include <glib.h>

#include "document.h"

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
	guint n = g_strv_length(l), i, first, last, start, end;
	GString *body;
	int rv = -1;

	memset(doc, 0, sizeof(*doc));
	for (i = 0; i < n; i++)
		g_strchomp(l[i]);
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
	start = first + 2;
	if (start < last && !blank(l[start]))
		doc->number = g_strdup(l[start++]);
	if (start < last && !blank(l[start])) {
		fail(errp, "more than a title and a number in the heading");
		goto out;
	}
	while (start < last && blank(l[start]))
		start++;
	if (start == last) {
		fail(errp, "no addressee");
		goto out;
	}
	doc->office = g_strdup(office);
	doc->title = g_strdup(l[first + 1]);
	doc->addressee = g_strdup(l[start++]);
	doc->date = g_strdup(l[last + 1]);
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
	return rv;
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
