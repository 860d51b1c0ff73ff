/*
 * cmd_check.c - `gongkai check [--connect]` (doc/commands.md): the
 * configuration (loaded by cli_dispatch()), the templates, the
 * working-day calendar, and that the database and the spool are writable
 * by [daemon] user (check started as root becomes it), one line each;
 * with --connect, a login to IMAP and to SMTP.  Exit 0; 1 when the
 * database or spool is not writable or a login failed; 2 for a usage
 * error or a file at fault (named FILE:LINE on stderr).
 */
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "calendar.h"
#include "cmd.h"
#include "config.h"
#include "datadir.h"
#include "imap.h"
#include "pdf.h"
#include "smtp.h"
#include "template.h"

static int	cmd_check_exec(struct cli *, int, char **);

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "check [--connect]",
	.summary = "validate the configuration (and log in to IMAP and SMTP)",
	.flags = CMD_CONFIG,
	.exec = cmd_check_exec,
};

static int
txt_only(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 4 &&
	    strcmp(d->d_name + n - 4, ".txt") == 0;
}

/* One line per template of the override folder (datadir.h). */
static void
list_overrides(void)
{
	const char *ov = datadir_template_override();
	struct dirent **ents;
	int i, n;

	if (ov == NULL || (n = scandir(ov, &ents, txt_only, alphasort)) == -1)
		return;
	for (i = 0; i < n; i++) {
		printf("templates: override: %s/%s\n", ov, ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
}

/*
 * The files gongkai reads besides its configuration: the templates and
 * the working-day calendar.  Prints a line for each; -1 after the first
 * fault, named FILE:LINE.
 */
static int
check_files(const struct config *cfg)
{
	char *dir = datadir_template_path(), *path, *err = NULL;
	struct calendar *cal;
	size_t i;
	int rv = -1;

	if (template_check(dir, &err) == -1) {
		cmd_print_faults("templates", err);
		goto out;
	}
	printf("templates: ok: %s\n", dir);
	list_overrides();
	path = calendar_path(cfg->calendar.holidays);
	if ((cal = calendar_load(path, &err)) == NULL) {
		fprintf(stderr, "gongkai: calendar: %s\n", err);
		free(path);
		goto out;
	}
	printf("calendar: ok: %s (", path);
	for (i = 0; i < calendar_nyears(cal); i++)
		printf("%s%d", i ? ", " : "", calendar_year(cal, i));
	printf(")\n");
	calendar_free(cal);
	free(path);
	rv = 0;
out:
	free(err);
	free(dir);
	return rv;
}

/*
 * What the PDF documents need: the fonts, installed (never a page in a
 * substitute), and the seal, readable.  -1 after naming every fault.
 */
static int
check_documents(const struct config *cfg)
{
	const char *fonts[] = { cfg->documents.title_font,
	    cfg->documents.body_font };
	char *err = NULL;
	size_t i;
	int rv = 0;

	for (i = 0; i < 2; i++)
		if (pdf_font_check(fonts[i], &err) == -1) {
			fprintf(stderr, "gongkai: [documents] %s_font: %s\n",
			    i == 0 ? "title" : "body", err);
			g_free(err);
			err = NULL;
			rv = -1;
		}
	if (cfg->documents.seal_image != NULL &&
	    pdf_seal_check(cfg->documents.seal_image, &err) == -1) {
		fprintf(stderr, "gongkai: [documents] seal_image: %s\n", err);
		g_free(err);
		rv = -1;
	}
	if (rv == 0)
		printf("documents: ok: fonts %s, %s; %s%s\n",
		    cfg->documents.title_font, cfg->documents.body_font,
		    cfg->documents.seal_image != NULL ? "seal " : "no seal",
		    cfg->documents.seal_image != NULL ?
		    cfg->documents.seal_image : "");
	return rv;
}

/*
 * path, and each of `subs` under it that exists, writable (and passable)
 * by this user: [daemon] user when check started as root.  0, or -1
 * after naming what is not on stderr.  A path not made yet is said, and
 * is no fault (gongkai init makes it).
 */
static int
check_writable(const char *what, const char *path, const char *const *subs,
    const char *who)
{
	size_t i;
	char *p;
	int rv = 0;

	if (access(path, F_OK) == -1 && errno == ENOENT) {
		printf("%s: not made yet: %s (gongkai init makes it)\n", what,
		    path);
		return 0;
	}
	for (i = 0; rv == 0 && (i == 0 || subs[i - 1] != NULL); i++) {
		p = i == 0 ? g_strdup(path) : g_strdup_printf("%s%s",
		    path, subs[i - 1]);
		if (access(p, W_OK) == -1 && errno != ENOENT) {
			fprintf(stderr, "gongkai: %s: %s: %s may not write it "
			    "(%s): gongkai init, as root, gives it to [daemon] "
			    "user\n", what, p, who, strerror(errno));
			rv = -1;
		}
		g_free(p);
	}
	if (rv == 0)
		printf("%s: ok: writable by %s: %s\n", what, who, path);
	return rv;
}

/* The database (with its folder, -wal and -shm) and the spool. */
static int
check_state(const struct config *cfg)
{
	static const char *const db[] = { "-wal", "-shm", NULL };
	static const char *const spool[] = { "/tmp", "/in", "/att", "/out",
	    "/quarantine", NULL };
	static const char *const none[] = { NULL };
	struct passwd *pw = getpwuid(geteuid());
	const char *who = pw != NULL ? pw->pw_name : "this user";
	char *dir = g_path_get_dirname(cfg->store.database);
	int rv = 0;

	if (access(cfg->store.database, F_OK) == 0 &&
	    check_writable("database folder", dir, none, who) == -1)
		rv = -1;
	if (check_writable("database", cfg->store.database, db, who) == -1)
		rv = -1;
	if (check_writable("spool", cfg->store.spool, spool, who) == -1)
		rv = -1;
	g_free(dir);
	return rv;
}

static int
cmd_check_exec(struct cli *cli, int argc, char **argv)
{
	struct config *cfg = cli->cfg;
	struct imap *im;
	const char *how = NULL;
	char *err = NULL;
	int rv = EXIT_OK;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--connect") != 0))
		return cmd_usage(&cmd_check_entry);
	printf("config: ok: %s\n", cfg->path);
	if (check_files(cfg) == -1)
		return EXIT_USAGE;
	if (check_documents(cfg) == -1)
		return EXIT_USAGE;
	if (check_state(cfg) == -1)
		rv = EXIT_RUNTIME;
	if (argc == 1)
		return rv;

	if ((im = imap_open(cfg, &err)) == NULL) {
		printf("imap: failed: %s\n", err);
		free(err);
		err = NULL;
		rv = EXIT_RUNTIME;
	} else {
		printf("imap: ok: %s as %s (%s)\n", cfg->imap.url,
		    cfg->imap.user, imap_protection(im));
		imap_close(im);
	}
	if (smtp_check(cfg, &how, &err) == -1) {
		printf("smtp: failed: %s\n", err);
		free(err);
		rv = EXIT_RUNTIME;
	} else
		printf("smtp: ok: %s%s%s (%s)\n", cfg->smtp.url,
		    cfg->smtp.user ? " as " : "",
		    cfg->smtp.user ? cfg->smtp.user : "", how);
	return rv;
}
