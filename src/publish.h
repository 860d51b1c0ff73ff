/*
 * publish.h - the website's files for published items, under
 * [publish] dir:
 *
 *	items/ID/index.html	one item: title, column, date, text, files
 *	items/ID/NAME		its attachments, copied
 *	columns/COLUMN/index.html	a column's items, newest first
 *	feed.atom		every item given, newest first (RFC 4287)
 *
 * Every file is written to a temporary name in its folder, synced and
 * renamed over the old one, so a web server never serves half a page;
 * files are 0644 and folders 0755 whatever the umask, for the server to
 * read.  Names that come from people (the column, an attachment's name)
 * are made safe for one path component: no '/', no leading '.', no
 * control characters, at most PUBLISH_NAME_MAX bytes.  All text is
 * escaped for HTML and XML.  IDs are the office's case ids.
 */
#ifndef GK_PUBLISH_H
#define GK_PUBLISH_H

#include <stddef.h>
#include <time.h>

#define PUBLISH_NAME_MAX	120	/* bytes of a file or folder name */

struct publish_file {
	const char	*name;		/* as the handler named it */
	const char	*path;		/* where its bytes are (the spool) */
};

struct publish_item {
	const char		*id;		/* GK-2026-0042 */
	const char		*title;
	const char		*column;
	time_t			 published;
	const char		*text;		/* one paragraph a line */
	const struct publish_file *files;
	size_t			 nfiles;
};

/* Writes items/ID/: the page and the attachments.  0, or -1 with *errp. */
int	publish_page(const char *dir, const char *office,
	    const struct publish_item *item, char **errp);
/* Writes columns/COLUMN/index.html listing items[0..n-1] (the caller's
 * order: newest first). */
int	publish_index(const char *dir, const char *office, const char *column,
	    const struct publish_item *items, size_t n, char **errp);
/* Writes feed.atom: items[0..n-1] as entries under base_url (the
 * address of `dir` on the website, without a trailing '/'). */
int	publish_feed(const char *dir, const char *office, const char *base_url,
	    const struct publish_item *items, size_t n, char **errp);

/* `name` made safe for one path component (see above); never empty. */
char	*publish_safe_name(const char *name);

#endif
