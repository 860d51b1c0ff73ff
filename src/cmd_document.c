/*
 * cmd_document.c - `gongkai document CASE [NUMBER] [-o FILE]`
 * (doc/commands.md): a formal document of a case written again, the PDF
 * exactly as it was sent (kept in the spool, never rendered again):
 * NUMBER's, or the case's last.  Its SHA-256 is checked against the one
 * recorded when it was sent.  To FILE (made 0644, replaced whole), or to
 * standard output when that is not a terminal (or with -o -).  Exit 0; 1
 * when there is no such case or document, or the file is missing or
 * changed; 2 for a usage error.  `gongkai show` lists the documents.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "cmd.h"
#include "config.h"
#include "spool.h"
#include "store.h"
#include "xmalloc.h"

static int	cmd_document_exec(struct cli *, int, char **);

const struct cmd_entry cmd_document_entry = {
	.name = "document",
	.usage = "document CASE [NUMBER] [-o FILE]",
	.summary = "write a formal document of a case again (PDF)",
	.flags = CMD_CONFIG | CMD_STORE | CMD_NO_PASSWORDS,
	.exec = cmd_document_exec,
};

struct pick {
	const char	*number;	/* NULL: the last */
	char		*path;		/* the chosen one's, in the spool */
	char		*sha256;
	GString		*numbers;	/* the case's, for the error */
};

static int
pick_document(void *arg, const struct store_document *d)
{
	struct pick *p = arg;

	g_string_append_printf(p->numbers, "%s%s", p->numbers->len ? ", " :
	    "", d->number);
	if (p->number != NULL && strcmp(p->number, d->number) != 0)
		return 0;
	free(p->path);
	free(p->sha256);
	p->path = xstrdup(d->pdf_path);
	p->sha256 = xstrdup(d->sha256);
	return 0;
}

/* The file, replaced whole: written beside it and renamed. */
static int
write_file(const char *file, const gchar *data, gsize len)
{
	GError *gerr = NULL;

	if (!g_file_set_contents_full(file, data, (gssize)len,
	    G_FILE_SET_CONTENTS_CONSISTENT, 0644, &gerr)) {
		fprintf(stderr, "gongkai document: %s\n", gerr->message);
		g_error_free(gerr);
		return -1;
	}
	return 0;
}

static int
cmd_document_exec(struct cli *cli, int argc, char **argv)
{
	struct pick p = { NULL, NULL, NULL, NULL };
	const char *case_id = NULL, *out = NULL;
	struct store *st;
	char *full = NULL, hex[65];
	gchar *data = NULL;
	gsize len = 0;
	GError *gerr = NULL;
	int i, rv = EXIT_RUNTIME;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && out == NULL)
			out = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cmd_usage(&cmd_document_entry);
		else if (case_id == NULL)
			case_id = argv[i];
		else if (p.number == NULL)
			p.number = argv[i];
		else
			return cmd_usage(&cmd_document_entry);
	}
	if (case_id == NULL)
		return cmd_usage(&cmd_document_entry);
	if (out == NULL && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "gongkai document: a PDF is not for the "
		    "terminal: give -o FILE (or -o - to write it here)\n");
		return EXIT_USAGE;
	}
	if ((st = cmd_store(cli)) == NULL)
		return EXIT_RUNTIME;
	p.numbers = g_string_new(NULL);
	if (store_documents_of(st, case_id, 0, pick_document, &p) == -1)
		goto out;
	if (p.path == NULL) {
		if (p.numbers->len == 0)
			fprintf(stderr, "gongkai document: %s has no "
			    "documents\n", case_id);
		else
			fprintf(stderr, "gongkai document: %s has no document "
			    "%s; it has %s\n", case_id, p.number, p.numbers->str);
		goto out;
	}
	full = xasprintf("%s/%s", cli->cfg->store.spool, p.path);
	if (!g_file_get_contents(full, &data, &len, &gerr)) {
		fprintf(stderr, "gongkai document: %s\n", gerr->message);
		g_error_free(gerr);
		goto out;
	}
	spool_sha256(data, len, hex);
	if (strcmp(hex, p.sha256) != 0) {
		fprintf(stderr, "gongkai document: %s has changed since it "
		    "was sent (SHA-256 %s, sent as %s)\n", full, hex, p.sha256);
		goto out;
	}
	if (out != NULL && strcmp(out, "-") != 0) {
		if (write_file(out, data, len) == -1)
			goto out;
	} else if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
		fprintf(stderr, "gongkai document: standard output: %s\n",
		    strerror(errno));
		goto out;
	}
	rv = EXIT_OK;
out:
	g_string_free(p.numbers, TRUE);
	free(p.path);
	free(p.sha256);
	free(full);
	g_free(data);
	return rv;
}
