/*
 * publish.c - the website's files for published items (publish.h): HTML
 * pages, a column's index and an Atom feed, each replaced atomically.
 */
#include <sys/stat.h>

#include <errno.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "markup.h"
#include "publish.h"

/* Replaces path with data: a temporary file beside it, fsync'd, renamed
 * (GLib's consistent and durable set_contents), then made 0644. */
static int
put_file(const char *path, const char *data, size_t len, char **errp)
{
	GError *error = NULL;

	if (!g_file_set_contents_full(path, data, (gssize)len,
	    G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
	    0644, &error)) {
		*errp = g_strdup(error->message);
		g_error_free(error);
		return -1;
	}
	/* the umask may have taken the reader's bits; the web server
	 * reads what is published */
	if (chmod(path, 0644) == -1) {
		*errp = g_strdup_printf("%s: %s", path, g_strerror(errno));
		return -1;
	}
	return 0;
}

/* dir, dir/a and dir/a/b (a and b may be NULL) made 0755 each, for the
 * web server, whatever the umask. */
static int
make_dirs(const char *dir, const char *a, const char *b, char **errp)
{
	char *path[3];
	int i, rv = 0;

	path[0] = g_strdup(dir);
	path[1] = a != NULL ? g_build_filename(dir, a, NULL) : NULL;
	path[2] = a != NULL && b != NULL ? g_build_filename(dir, a, b, NULL) :
	    NULL;
	for (i = 0; i < 3 && path[i] != NULL && rv == 0; i++)
		if (g_mkdir_with_parents(path[i], 0755) == -1 ||
		    chmod(path[i], 0755) == -1) {
			*errp = g_strdup_printf("%s: %s", path[i],
			    g_strerror(errno));
			rv = -1;
		}
	for (i = 0; i < 3; i++)
		g_free(path[i]);
	return rv;
}

char *
publish_safe_name(const char *name)
{
	GString *s = g_string_new(NULL);
	char *valid = g_utf8_make_valid(name != NULL ? name : "", -1);
	const char *p;
	gunichar c;

	for (p = valid; *p != '\0'; p = g_utf8_next_char(p)) {
		c = g_utf8_get_char(p);
		if (c == '/' || c == '\\' || g_unichar_iscntrl(c) ||
		    (c == '.' && s->len == 0))
			c = '_';
		if (s->len + 6 > PUBLISH_NAME_MAX)
			break;
		g_string_append_unichar(s, c);
	}
	g_free(valid);
	if (s->len == 0)
		g_string_append_c(s, '_');
	return g_string_free(s, FALSE);
}

static char *
date_of(time_t t, const char *fmt)
{
	GDateTime *dt = g_date_time_new_from_unix_local(t);
	char *s = g_date_time_format(dt, fmt);

	g_date_time_unref(dt);
	return s;
}

static void
html_head(GString *h, const char *office, const char *title)
{
	g_string_append(h, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>");
	markup_append(h, title);
	g_string_append(h, " - ");
	markup_append(h, office);
	g_string_append(h, "</title>\n</head>\n<body>\n");
}

/* The attachments' names on the page, in order, unique: a second
 * "a.pdf" becomes "2-a.pdf". */
static char **
file_names(const struct publish_item *it)
{
	char **names = g_new0(char *, it->nfiles + 1), *safe;
	size_t i, j, k;

	for (i = 0; i < it->nfiles; i++) {
		safe = publish_safe_name(it->files[i].name);
		for (k = 1;; k++) {
			names[i] = k == 1 ? g_strdup(safe) :
			    g_strdup_printf("%zu-%s", k, safe);
			for (j = 0; j < i && strcmp(names[j], names[i]) != 0;
			    j++)
				;
			if (j == i && strcmp(names[i], "index.html") != 0)
				break;
			g_free(names[i]);
		}
		g_free(safe);
	}
	return names;
}

int
publish_page(const char *dir, const char *office,
    const struct publish_item *item, char **errp)
{
	char *id = publish_safe_name(item->id), *folder, *path, *date, *data;
	char **names = file_names(item), **lines;
	GString *h = g_string_new(NULL);
	gsize len;
	size_t i;
	int rv = -1;

	folder = g_build_filename(dir, "items", id, NULL);
	if (make_dirs(dir, "items", id, errp) == -1)
		goto out;
	for (i = 0; i < item->nfiles; i++) {
		GError *error = NULL;

		if (!g_file_get_contents(item->files[i].path, &data, &len,
		    &error)) {
			*errp = g_strdup(error->message);
			g_error_free(error);
			goto out;
		}
		path = g_build_filename(folder, names[i], NULL);
		rv = put_file(path, data, len, errp);
		g_free(path);
		g_free(data);
		if (rv == -1)
			goto out;
		rv = -1;
	}
	date = date_of(item->published, "%Y-%m-%d");
	html_head(h, office, item->title);
	g_string_append(h, "<article>\n<h1>");
	markup_append(h, item->title);
	g_string_append(h, "</h1>\n<p class=\"meta\"><span class=\"column\">");
	markup_append(h, item->column);
	g_string_append_printf(h, "</span> <time datetime=\"%s\">%s</time>"
	    "</p>\n", date, date);
	g_free(date);
	lines = g_strsplit(item->text != NULL ? item->text : "", "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		if (*g_strstrip(lines[i]) == '\0')
			continue;
		g_string_append(h, "<p>");
		markup_append(h, lines[i]);
		g_string_append(h, "</p>\n");
	}
	g_strfreev(lines);
	if (item->nfiles > 0) {
		g_string_append(h, "<h2>附件</h2>\n<ul class=\"files\">\n");
		for (i = 0; i < item->nfiles; i++) {
			char *href = g_uri_escape_string(names[i], NULL, TRUE);

			g_string_append_printf(h, "<li><a href=\"%s\">", href);
			markup_append(h, names[i]);
			g_string_append(h, "</a></li>\n");
			g_free(href);
		}
		g_string_append(h, "</ul>\n");
	}
	g_string_append(h, "</article>\n</body>\n</html>\n");
	path = g_build_filename(folder, "index.html", NULL);
	rv = put_file(path, h->str, h->len, errp);
	g_free(path);
 out:
	g_strfreev(names);
	g_string_free(h, TRUE);
	g_free(folder);
	g_free(id);
	return rv;
}

int
publish_index(const char *dir, const char *office, const char *column,
    const struct publish_item *items, size_t n, char **errp)
{
	char *safe = publish_safe_name(column), *folder, *path, *date, *id;
	char *href;
	GString *h = g_string_new(NULL);
	size_t i;
	int rv = -1;

	folder = g_build_filename(dir, "columns", safe, NULL);
	if (make_dirs(dir, "columns", safe, errp) == -1)
		goto out;
	html_head(h, office, column);
	g_string_append(h, "<h1>");
	markup_append(h, column);
	g_string_append(h, "</h1>\n<ul class=\"items\">\n");
	for (i = 0; i < n; i++) {
		date = date_of(items[i].published, "%Y-%m-%d");
		id = publish_safe_name(items[i].id);
		href = g_uri_escape_string(id, NULL, TRUE);
		g_string_append_printf(h, "<li><a href=\"../../items/%s/\">",
		    href);
		g_free(href);
		markup_append(h, items[i].title);
		g_string_append_printf(h, "</a> <time datetime=\"%s\">%s"
		    "</time></li>\n", date, date);
		g_free(date);
		g_free(id);
	}
	g_string_append(h, "</ul>\n</body>\n</html>\n");
	path = g_build_filename(folder, "index.html", NULL);
	rv = put_file(path, h->str, h->len, errp);
	g_free(path);
 out:
	g_string_free(h, TRUE);
	g_free(folder);
	g_free(safe);
	return rv;
}

int
publish_feed(const char *dir, const char *office, const char *base_url,
    const struct publish_item *items, size_t n, char **errp)
{
	GString *x = g_string_new(NULL);
	char *path, *date, *id, *href, *valid, *summary;
	const char *p;
	size_t i;
	int rv, chars;

	g_string_append(x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	markup_append(x, office);
	g_string_append(x, "</title>\n<id>");
	markup_append(x, base_url);
	g_string_append(x, "/feed.atom</id>\n<link rel=\"self\" href=\"");
	markup_append(x, base_url);
	g_string_append(x, "/feed.atom\"/>\n");
	/* the feed is as new as its newest entry (items come newest first) */
	date = date_of(n > 0 ? items[0].published : 0, "%Y-%m-%dT%H:%M:%S%:z");
	g_string_append_printf(x, "<updated>%s</updated>\n", date);
	g_free(date);
	for (i = 0; i < n; i++) {
		id = publish_safe_name(items[i].id);
		href = g_uri_escape_string(id, NULL, TRUE);
		date = date_of(items[i].published, "%Y-%m-%dT%H:%M:%S%:z");
		g_string_append(x, "<entry>\n<title>");
		markup_append(x, items[i].title);
		g_string_append(x, "</title>\n<id>");
		markup_append(x, base_url);
		g_string_append_printf(x, "/items/%s/</id>\n<link href=\"",
		    href);
		markup_append(x, base_url);
		g_string_append_printf(x, "/items/%s/\"/>\n<updated>%s"
		    "</updated>\n<category term=\"", href, date);
		markup_append(x, items[i].column);
		g_string_append(x, "\"/>\n<summary>");
		/* the first 200 characters of the text */
		valid = g_utf8_make_valid(items[i].text != NULL ?
		    items[i].text : "", -1);
		for (p = valid, chars = 0; *p != '\0' && chars < 200; chars++)
			p = g_utf8_next_char(p);
		summary = g_strndup(valid, p - valid);
		markup_append(x, summary);
		g_free(summary);
		g_free(valid);
		g_string_append(x, "</summary>\n</entry>\n");
		g_free(date);
		g_free(href);
		g_free(id);
	}
	g_string_append(x, "</feed>\n");
	if (make_dirs(dir, NULL, NULL, errp) == -1) {
		g_string_free(x, TRUE);
		return -1;
	}
	path = g_build_filename(dir, "feed.atom", NULL);
	rv = put_file(path, x->str, x->len, errp);
	g_free(path);
	g_string_free(x, TRUE);
	return rv;
}
