/*
 * test_cli.c - the subcommand table and its dispatch (cli.c, cmd.c): the
 * --help text, word for word; every entry well formed and listed once, in
 * order; `COMMAND --help` answered before any configuration is read; an
 * unknown command and a usage error exit 2 with their one line; the
 * database opened only by an entry with CMD_STORE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cmd.h"
#include "config.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* In the order --help lists them. */
static const struct cmd_entry *entries[] = {
	&cmd_init_entry, &cmd_run_entry, &cmd_ingest_entry, &cmd_cases_entry,
	&cmd_show_entry, &cmd_outbox_entry, &cmd_pen_entry, &cmd_report_entry,
	&cmd_calendar_entry, &cmd_check_entry,
	&cmd_status_entry, &cmd_case_entry,
};

/* `gongkai --help` as it has always been. */
static const char help[] =
    "usage: gongkai [-v] [-c FILE] [--now TIME] COMMAND [ARGS]\n"
    "       gongkai --help | --version\n"
    "\n"
    "commands:\n"
    "  init                                                 "
    "create the database, the spool and the secret\n"
    "  run [--once]                                         "
    "the daemon (or one full cycle)\n"
    "  ingest [--received TIME] FILE... (- for stdin)       "
    "process raw messages as if they came from IMAP\n"
    "  cases [--state S] [--kind K] [--overdue] [--json]    "
    "list cases\n"
    "  published [--json]                                   "
    "the items published on the website, and by which chain\n"
    "  show CASE [--json|--html]                            "
    "one case with its history\n"
    "  document CASE [NUMBER] [-o FILE]                     "
    "write a formal document of a case again (PDF)\n"
    "  outbox [--json|cat ID|flush|retry ID]                "
    "queued, sent and failed mail\n"
    "  pen [--json | redeliver MSG CASE | retry|open MSG]   "
    "the holding pen\n"
    "  mails [--case CASE] [--json]                         "
    "mail received and what became of it\n"
    "  report annual YEAR [--format F] [--table T]|set YEAR KEY VALUE "
    "the statutory annual report\n"
    "  calendar add DATE N | calendar count DATE1 DATE2     "
    "working-day arithmetic\n"
    "  check [--connect]                                    "
    "validate the configuration (and log in to IMAP and SMTP)\n"
    "  status [--json]                                      "
    "health: exit 0 healthy, 1 degraded, 2 broken\n"
    "  case CASE COMMAND [ARG...]                           "
    "a secretariat command on one case, applied locally\n"
    "  open --channel C --received DATE [--from ADDR] FILE  "
    "open a request that came by letter, visit, portal or fax\n"

    "  backup DIR                                           "
    "copy the database, the spool and the secret into DIR\n";

static void
test_help_text(void)
{
	if (!g_test_subprocess()) {
		g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
		g_test_trap_assert_passed();
		g_test_trap_assert_stdout(help);
		return;
	}
	cli_usage(stdout);
	fflush(stdout);
}

static void
test_entries(void)
{
	size_t i, j, n;

	for (i = 0; i < NELEM(entries); i++) {
		const struct cmd_entry *e = entries[i];

		g_assert_nonnull(e->name);
		g_assert_nonnull(e->exec);
		g_assert_nonnull(e->summary);
		g_assert_cmpuint(strlen(e->summary), >, 0);
		/* The usage line begins with the name. */
		n = strlen(e->name);
		g_assert_cmpint(strncmp(e->usage, e->name, n), ==, 0);
		g_assert_true(e->usage[n] == '\0' || e->usage[n] == ' ');
		/* Every command reads the configuration; only init may do
		 * without the secret, only run refuses root. */
		g_assert_true(e->flags & CMD_CONFIG);
		g_assert_true(!(e->flags & CMD_NO_SECRET) ||
		    e == &cmd_init_entry);
		g_assert_true(!(e->flags & CMD_REFUSE_ROOT) ||
		    e == &cmd_run_entry);
		for (j = 0; j < i; j++)
			g_assert_cmpstr(e->name, !=, entries[j]->name);
	}
}

/* `NAME --help`: the usage line and the summary, no config needed. */
static void
test_entry_help(gconstpointer data)
{
	const struct cmd_entry *e = data;
	struct cli cli = { "/nonexistent/gongkai.conf", NULL, NULL, NULL };
	char *argv[] = { (char *)e->name, (char *)"--help", NULL };
	gchar *want;

	if (!g_test_subprocess()) {
		/* Twice: once for --help, once for -h. */
		want = g_strdup_printf("usage: gongkai %s\n%s\n"
		    "usage: gongkai %s\n%s\n", e->usage, e->summary,
		    e->usage, e->summary);
		g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
		g_test_trap_assert_passed();
		g_test_trap_assert_stdout(want);
		g_test_trap_assert_stderr("");
		g_free(want);
		return;
	}
	g_assert_cmpint(cli_dispatch(&cli, 2, argv), ==, EXIT_OK);
	g_assert_null(cli.cfg);
	argv[1] = (char *)"-h";
	g_assert_cmpint(cli_dispatch(&cli, 2, argv), ==, EXIT_OK);
	fflush(stdout);
}

static void
test_unknown(void)
{
	struct cli cli = { "/nonexistent/gongkai.conf", NULL, NULL, NULL };
	char *argv[] = { (char *)"help", NULL };

	if (!g_test_subprocess()) {
		g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
		g_test_trap_assert_passed();
		g_test_trap_assert_stdout("");
		g_test_trap_assert_stderr("gongkai: unknown command \"help\"; "
		    "gongkai --help lists them\n");
		return;
	}
	g_assert_cmpint(cli_dispatch(&cli, 1, argv), ==, EXIT_USAGE);
}

static void
test_missing_config(void)
{
	struct cli cli = { "/nonexistent/gongkai.conf", NULL, NULL, NULL };
	char *argv[] = { (char *)"cases", NULL };

	if (!g_test_subprocess()) {
		g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
		g_test_trap_assert_passed();
		g_test_trap_assert_stderr("gongkai: /nonexistent/gongkai.conf:"
		    " *No such file or directory\n");
		return;
	}
	g_assert_cmpint(cli_dispatch(&cli, 1, argv), ==, EXIT_USAGE);
	g_assert_null(cli.cfg);
}

static void
test_usage_line(void)
{
	if (!g_test_subprocess()) {
		g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
		g_test_trap_assert_passed();
		g_test_trap_assert_stderr("usage: gongkai report annual YEAR "
		    "[--format F] [--table T]|set YEAR KEY VALUE\n");
		return;
	}
	g_assert_cmpint(cmd_usage(&cmd_report_entry), ==, EXIT_USAGE);
}

/* An option the command does not know is refused by name, before the
 * configuration is read; "-" (stdin) and negative numbers are no
 * options. */
static void
test_unknown_option(void)
{
	struct cli cli = { "/nonexistent/gongkai.conf", NULL, NULL, NULL };
	char *a1[] = { (char *)"cases", (char *)"--sate", (char *)"x", NULL };
	char *a2[] = { (char *)"status", (char *)"-j", NULL };
	char *a3[] = { (char *)"ingest", (char *)"-", NULL };
	char *a4[] = { (char *)"calendar", (char *)"add",
	    (char *)"2026-01-05", (char *)"-3", NULL };
	char *a5[] = { (char *)"cases", (char *)"--state=received", NULL };

	if (!g_test_subprocess()) {
		g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
		g_test_trap_assert_passed();
		g_test_trap_assert_stderr("gongkai cases: unknown option "
		    "\"--sate\"\nusage: gongkai cases [--state S] [--kind K] "
		    "[--overdue] [--json]\n"
		    "gongkai status: unknown option \"-j\"\n"
		    "usage: gongkai status [--json]\n"
		    "gongkai: /nonexistent/gongkai.conf:*\n"
		    "gongkai: /nonexistent/gongkai.conf:*\n"
		    "gongkai: /nonexistent/gongkai.conf:*\n");
		return;
	}
	g_assert_cmpint(cli_dispatch(&cli, 3, a1), ==, EXIT_USAGE);
	g_assert_cmpint(cli_dispatch(&cli, 2, a2), ==, EXIT_USAGE);
	/* Past the option check: the missing configuration is what fails. */
	g_assert_cmpint(cli_dispatch(&cli, 2, a3), ==, EXIT_USAGE);
	g_assert_cmpint(cli_dispatch(&cli, 4, a4), ==, EXIT_USAGE);
	g_assert_cmpint(cli_dispatch(&cli, 2, a5), ==, EXIT_USAGE);
}

/* cases --state WORD that is no state: refused, naming it and the
 * states; --state without a value: said. */
static void
test_cases_state(void)
{
	struct config cfg;
	struct cli cli = { NULL, &cfg, &cmd_cases_entry, NULL };
	char *a1[] = { (char *)"cases", (char *)"--state", (char *)"open",
	    NULL };
	char *a2[] = { (char *)"cases", (char *)"--state", NULL };

	if (!g_test_subprocess()) {
		g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
		g_test_trap_assert_passed();
		g_test_trap_assert_stderr("gongkai cases: --state: \"open\" is "
		    "no state; one of received, correction, drafting, review, "
		    "extension, consulting, agency, fee, answered, withdrawn, "
		    "secrecy, published\nusage: gongkai cases *\n"
		    "gongkai cases: --state needs a value\n"
		    "usage: gongkai cases *\n");
		return;
	}
	memset(&cfg, 0, sizeof(cfg));
	g_assert_cmpint(cmd_cases_entry.exec(&cli, 3, a1), ==, EXIT_USAGE);
	g_assert_cmpint(cmd_cases_entry.exec(&cli, 2, a2), ==, EXIT_USAGE);
}

/* Display width: a wide (CJK) character two columns, a stray byte one. */
static void
test_width(void)
{
	g_assert_cmpuint(cmd_width(""), ==, 0);
	g_assert_cmpuint(cmd_width("GK-2026-0001"), ==, 12);
	g_assert_cmpuint(cmd_width("张喆"), ==, 4);
	g_assert_cmpuint(cmd_width("政府信息公开申请 a"), ==, 18);
	g_assert_cmpuint(cmd_width("ＡＢ"), ==, 4);	/* full width */
	g_assert_cmpuint(cmd_width("e\xcc\x81"), ==, 1);	/* combining */
	g_assert_cmpuint(cmd_width("a\xff"), ==, 2);
}

/* A database without the current schema: NULL, and why. */
static void
test_store_not_current(void)
{
	struct config cfg;
	struct cli cli = { NULL, &cfg, &cmd_cases_entry, NULL };

	if (!g_test_subprocess()) {
		g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
		g_test_trap_assert_passed();
		g_test_trap_assert_stderr("gongkai: the database schema is not "
		    "current; run gongkai init\n");
		return;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.store.database = (char *)":memory:";
	g_assert_null(cmd_store(&cli));
	g_assert_null(cli.st);
}

/* A command without CMD_STORE that asks for the database is a bug. */
static void
test_store_needs_flag(void)
{
	struct config cfg;
	struct cli cli = { NULL, &cfg, &cmd_calendar_entry, NULL };

	if (!g_test_subprocess()) {
		g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
		g_test_trap_assert_failed();
		g_test_trap_assert_stderr("*calendar*CMD_STORE*");
		return;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.store.database = (char *)":memory:";
	cmd_store(&cli);
}

int
main(int argc, char **argv)
{
	char path[64];
	size_t i;

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cli/help-text", test_help_text);
	g_test_add_func("/cli/entries", test_entries);
	for (i = 0; i < NELEM(entries); i++) {
		snprintf(path, sizeof(path), "/cli/entry-help/%s",
		    entries[i]->name);
		g_test_add_data_func(path, entries[i], test_entry_help);
	}
	g_test_add_func("/cli/unknown", test_unknown);
	g_test_add_func("/cli/missing-config", test_missing_config);
	g_test_add_func("/cli/usage-line", test_usage_line);
	g_test_add_func("/cli/unknown-option", test_unknown_option);
	g_test_add_func("/cli/cases-state", test_cases_state);
	g_test_add_func("/cli/width", test_width);
	g_test_add_func("/cli/store/not-current", test_store_not_current);
	g_test_add_func("/cli/store/needs-flag", test_store_needs_flag);
	return g_test_run();
}
