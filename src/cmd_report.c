/*
 * cmd_report.c - `gongkai report annual YEAR [--format text|csv|json|html]
 * [--table 2|3|4]` (doc/commands.md, doc/lifecycle.md): builds the report
 * (report.h) in one read transaction, renders sections 一, 五 and 六 from
 * their templates and prints it (CSV: one table, 三 unless --table says), or refuses, naming the cases at fault,
 * when the data break the table's checks.  `gongkai report set YEAR KEY
 * VALUE` enters one of table 二's figures from other systems, kept with
 * who entered it and when.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pwd.h>

#include "calendar.h"
#include "cmd.h"
#include "clock.h"
#include "config.h"
#include "report.h"
#include "store.h"

static int	cmd_report_exec(struct cli *, int, char **);

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "report annual YEAR [--format F] [--table T]|set YEAR KEY "
	    "VALUE",
	.summary = "the statutory annual report",
	.flags = CMD_CONFIG | CMD_STORE | CMD_NO_PASSWORDS,
	.exec = cmd_report_exec,
};

static const struct {
	const char	*name;
	int		(*print)(const struct report *, FILE *);
} formats[] = {
	{ "text", report_print_text },
	{ "csv", report_print_csv },
	{ "json", report_print_json },
	{ "html", report_print_html },
};

#define NFORMATS	(sizeof(formats) / sizeof(formats[0]))

/* Names the failed checks and the cases at fault on stderr. */
static void
refuse(const struct report *r)
{
	size_t i;

	fprintf(stderr, "gongkai report: %d: the data break table 三's checks "
	    "(一 + 二 = 三（七） + 四 in every column); nothing printed\n",
	    r->year);
	for (i = 0; i < r->nproblems; i++)
		fprintf(stderr, "  %s\n", r->problems[i]);
	if (r->faults_total > 0)
		fprintf(stderr, "cases at fault (%lld):\n", r->faults_total);
	for (i = 0; i < r->nfaults; i++)
		fprintf(stderr, "  %s: %s\n", r->faults[i].case_id,
		    r->faults[i].what);
	if (r->faults_total > (long long)r->nfaults)
		fprintf(stderr, "  ... and %lld more\n",
		    r->faults_total - (long long)r->nfaults);
	if (r->faults_total == 0)
		fprintf(stderr, "  no single case was found at fault\n");
}

/* The table --table names: 2, 3, 4 or 二, 三, 四; 0 for none. */
static enum report_table
table_of(const char *s)
{
	static const char *const names[][2] = {
		{ "2", "二" }, { "3", "三" }, { "4", "四" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i][0]) == 0 || strcmp(s, names[i][1]) == 0)
			return (enum report_table)(REPORT_TABLE2 + i);
	return 0;
}

/* YEAR into *year; -1 said on stderr when it is none. */
static int
report_year(const char *s, long *year)
{
	char *end;

	*year = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || *year < CALENDAR_YEAR_MIN ||
	    *year >= CALENDAR_YEAR_MAX) {
		fprintf(stderr, "gongkai report: \"%s\" is not a year (%d to "
		    "%d)\n", s, CALENDAR_YEAR_MIN, CALENDAR_YEAR_MAX - 1);
		return -1;
	}
	return 0;
}

/* Who enters a figure: the person behind sudo, else the login. */
static const char *
report_who(void)
{
	const char *names[] = { "SUDO_USER", "LOGNAME", "USER" }, *v;
	struct passwd *pw;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((v = getenv(names[i])) != NULL && *v != '\0')
			return v;
	return (pw = getpwuid(getuid())) != NULL ? pw->pw_name : "?";
}

static int
cmd_report_set(struct cli *cli, int argc, char **argv)
{
	struct store *st;
	long year;
	int fig, i;

	if (argc != 5)
		return cmd_usage(&cmd_report_entry);
	if (report_year(argv[2], &year) == -1)
		return EXIT_USAGE;
	if ((fig = report_figure_of(argv[3])) == -1) {
		fprintf(stderr, "gongkai report set: \"%s\" is no figure; one "
		    "of", argv[3]);
		for (i = 0; i < REPORT_NFIGURES; i++)
			fprintf(stderr, "%s %s", i ? "," : "",
			    report_figure_defs[i].key);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	if (!report_figure_ok(fig, argv[4])) {
		fprintf(stderr, "gongkai report set: %s: \"%s\" is not %s\n",
		    argv[3], argv[4], report_figure_defs[fig].money ?
		    "an amount in 万元 (digits, at most 4 decimals)" :
		    "a count (digits)");
		return EXIT_USAGE;
	}
	if ((st = cmd_store_rw(cli, argc, argv)) == NULL)
		return EXIT_RUNTIME;
	if (store_report_figure_set(st, (int)year, argv[3], argv[4],
	    report_who(), clock_now()) == -1) {
		fprintf(stderr, "gongkai report set: %s: cannot be written; "
		    "see the log above\n", cli->cfg->store.database);
		return EXIT_RUNTIME;
	}
	printf("report set: %ld %s = %s (%s)\n", year, argv[3], argv[4],
	    report_figure_defs[fig].label);
	return EXIT_OK;
}

static int
cmd_report_exec(struct cli *cli, int argc, char **argv)
{
	const struct config *cfg = cli->cfg;
	struct store *st;
	struct calendar *cal = NULL;
	struct report *r = NULL;
	char *err = NULL, *path;
	size_t fmt = 0;
	enum report_table table = REPORT_TABLE3;
	long year;
	int i;
	int rv = EXIT_RUNTIME;

	if (argc >= 2 && strcmp(argv[1], "set") == 0)
		return cmd_report_set(cli, argc, argv);
	if (argc < 3 || strcmp(argv[1], "annual") != 0)
		return cmd_usage(&cmd_report_entry);
	for (i = 3; i < argc; i += 2) {
		if (i + 1 == argc)
			return cmd_usage(&cmd_report_entry);
		if (strcmp(argv[i], "--format") == 0) {
			for (fmt = 0; fmt < NFORMATS; fmt++)
				if (strcmp(argv[i + 1], formats[fmt].name) == 0)
					break;
			if (fmt == NFORMATS)
				return cmd_usage(&cmd_report_entry);
		} else if (strcmp(argv[i], "--table") == 0) {
			if ((table = table_of(argv[i + 1])) == 0)
				return cmd_usage(&cmd_report_entry);
		} else
			return cmd_usage(&cmd_report_entry);
	}
	if (report_year(argv[2], &year) == -1)
		return EXIT_USAGE;

	path = calendar_path(cfg->calendar.holidays);
	cal = calendar_load(path, &err);
	free(path);
	if (cal == NULL) {
		fprintf(stderr, "gongkai report: calendar: %s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	if ((st = cmd_store(cli)) == NULL)
		goto out;
	if (store_report_begin(st) == -1) {
		fprintf(stderr, "gongkai report: %s: cannot read; see the log "
		    "above\n", cfg->store.database);
		goto out;
	}
	r = report_build(st, (int)year, cfg->office.name,
	    cfg->office.timezone, cal, clock_now(), &err);
	store_report_end(st);
	if (r == NULL) {
		fprintf(stderr, "gongkai report: %s\n", err);
		goto out;
	}
	if (!r->ok) {
		refuse(r);
		goto out;
	}
	r->table = table;
	if (report_sections(r, &err) == -1) {
		fprintf(stderr, "gongkai report: the sections' templates: %s\n",
		    err);
		goto out;
	}
	if (formats[fmt].print(r, stdout) == -1 || fflush(stdout) == EOF) {
		fprintf(stderr, "gongkai report: cannot write the report\n");
		goto out;
	}
	rv = EXIT_OK;
out:
	free(err);
	report_free(r);
	calendar_free(cal);
	return rv;
}
