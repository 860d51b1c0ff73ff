/*
 * screen.c - the secrecy check of an outgoing document.  See screen.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "config.h"
#include "extract.h"
#include "log.h"
#include "outbox.h"
#include "screen.h"
#include "secrecy.h"

size_t
screen_document(const struct config *cfg, const char *text,
    const struct screen_file *files, size_t n, struct secrecy_hits *hits)
{
	const char *const *markers =
	    (const char *const *)cfg->security.secrecy_markers;
	size_t before = hits->n + hits->dropped, i;

	if (text != NULL)
		secrecy_scan(markers, text, strlen(text), "text", hits);
	for (i = 0; i < n; i++) {
		const struct screen_file *f = &files[i];
		const char *name = f->name ? f->name : "?";
		char *path = outbox_att_path(cfg, f->spool_path);
		char *t = NULL, *err = NULL;
		gchar *data = NULL;
		gsize len = 0;
		struct stat sb;

		if (path == NULL)
			secrecy_unreadable(hits, name, "not in the spool");
		else if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
			secrecy_unreadable(hits, name, "missing");
		else if ((unsigned long long)sb.st_size >
		    cfg->security.max_message_bytes)
			secrecy_unreadable(hits, name, "too large");
		else if (!g_file_get_contents(path, &data, &len, NULL))
			secrecy_unreadable(hits, name, "missing");
		else if (extract_text(data, len, f->content_type, name, NULL,
		    &t, &err) == -1) {
			log_warnx("secrecy check: %s: unreadable: %s", name,
			    err);
			secrecy_unreadable(hits, name, err);
		} else
			secrecy_scan(markers, t, strlen(t), name, hits);
		free(t);
		free(err);
		g_free(data);
		free(path);
	}
	return hits->n + hits->dropped - before;
}
