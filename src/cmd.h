/*
 * cmd.h - the command line's one header: the subcommand entry (tmux's
 * cmd_entry shape: name, usage, summary, flags, function), the entries
 * the table in cli.c lists, the exit codes, and what the handlers
 * (cmd_*.c) share (cmd.c): the database, the usage line, --json output
 * and a case as JSON.
 * No library header knows about the command line; only cli.c, cmd.c,
 * cmd_*.c and gongkai.c include this one.
 *
 * A handler gets argv with argv[0] its own name and the configuration
 * already loaded (when its flags ask for it); it prints results on stdout
 * and one-line errors on stderr, and returns an exit code.
 */
#ifndef GK_CMD_H
#define GK_CMD_H

#include <stdio.h>

#include <json-glib/json-glib.h>

#define EXIT_OK		0
#define EXIT_RUNTIME	1
#define EXIT_USAGE	2

struct config;
struct store;
struct store_case;

/* What cli_dispatch() does before the handler runs (cmd_entry.flags). */
#define CMD_CONFIG	0x01	/* load -c FILE; root becomes [daemon] user */
#define CMD_NO_SECRET	0x02	/* init: the secret may be missing; keep root */
#define CMD_REFUSE_ROOT	0x04	/* run: root without [daemon] user is refused */
#define CMD_STORE	0x08	/* may open the database (cmd_store()) */
#define CMD_NO_PASSWORDS 0x10	/* leave the passwords and secret unread;
				   cmd_store() opens for reading only */
#define CMD_WRITES	0x20	/* writes: a user who may not write the
				   database is told so by name */

struct cli {
	const char		*config_path;
	struct config		*cfg;	/* loaded before the handler runs */
	const struct cmd_entry	*entry;	/* the command running */
	struct store		*st;	/* cmd_store()'s; dispatch closes it */
};

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* after "usage: gongkai " */
	const char	*summary;	/* one line for --help */
	int		 flags;		/* CMD_* */
	int		(*exec)(struct cli *, int argc, char **argv);
};

/* One file each (cmd_NAME.c), in the order --help lists them (cli.c). */
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_ingest_entry;
extern const struct cmd_entry cmd_cases_entry;
extern const struct cmd_entry cmd_published_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_document_entry;
extern const struct cmd_entry cmd_outbox_entry;
extern const struct cmd_entry cmd_pen_entry;
extern const struct cmd_entry cmd_mails_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_calendar_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_case_entry;
extern const struct cmd_entry cmd_open_entry;
extern const struct cmd_entry cmd_backup_entry;

/*
 * cli.c.  cli_main() is the program: the global options (-c, -v, --now,
 * --help, --version), then the subcommand.  cli_dispatch() runs argv[0]
 * (a subcommand name) with the global options in `cli`, and closes the
 * database the handler opened; cli->cfg stays for the caller to free.
 */
int		 cli_main(int argc, char **argv);
int		 cli_dispatch(struct cli *, int argc, char **argv);
void		 cli_usage(FILE *);

/* "usage: gongkai USAGE" on stderr; returns EXIT_USAGE. */
int		 cmd_usage(const struct cmd_entry *);

/*
 * The database `gongkai init` made, at the current schema, opened once
 * per command and closed by cli_dispatch(); NULL after saying why on
 * stderr.  Only a command with CMD_STORE may ask (fatal otherwise).
 * Read-only for a command with CMD_NO_PASSWORDS (store_open_ro()).
 */
struct store	*cmd_store(struct cli *);
/*
 * cmd_store() for what writes, in a command whose other forms only read
 * (CMD_NO_PASSWORDS: outbox flush, pen retry): refuses, naming the
 * command (argv[0], argv[1]) and whom to run it as, when this user may
 * not write the database; loads the configuration again with the
 * passwords and the secret; opens the database for writing.
 */
struct store	*cmd_store_rw(struct cli *, int argc, char **argv);
/* -1 after saying so on stderr (naming the command, argv[0] and
 * argv[1], and whom to run it as) when this user may not write the
 * database or its folder; else 0. */
int		 cmd_refuse_unwritable(const struct config *, int argc,
		    char **argv);

/* "gongkai: WHAT: LINE" on stderr for each line of `faults`. */
void		 cmd_print_faults(const char *what, const char *faults);

/* Prints the document on stdout, pretty, and frees it. */
void		 cmd_print_json_array(JsonArray *);
void		 cmd_print_json_object(JsonObject *);

/* s on stdout on one line: control characters printed as spaces. */
void		 cmd_print_line(const char *);
/* The columns s takes on a terminal: a wide (CJK) character two, a
 * combining one none, a byte that is not UTF-8 one. */
size_t		 cmd_width(const char *);
/* s ("-" when NULL or empty) as cmd_print_line() prints it, then spaces
 * up to `width` columns (cmd_width()): one cell of a listing's row. */
void		 cmd_print_cell(const char *s, size_t width);
/* Sets o.name to v, or to null when v is NULL. */
void		 cmd_json_set_string(JsonObject *, const char *name,
		    const char *v);

/* The case as `show --json` gives it (doc/commands.md), without events;
 * identity and phone numbers masked. */
JsonObject	*cmd_case_json(const struct config *,
		    const struct store_case *);
/* The channel the request came by (`gongkai open --channel`, its
 * "channel" event): "letter", "visit", "portal", "fax", or "email" when
 * it came to the office's mailbox; free() it; NULL when the store
 * fails. */
char		*cmd_case_channel(struct store *, const char *case_id);

#endif
