/*
 * cmd_calendar.c - `gongkai calendar add DATE N` and `gongkai calendar
 * count DATE1 DATE2` (doc/commands.md; doc/lifecycle.md, "Working days").
 *
 * Exit codes: 0 with one line on stdout (YYYY-MM-DD or a number); 1 when
 * the answer needed a year without data (nothing on stdout; stderr names
 * the year and gives the provisional answer); 2 for a usage error or
 * calendar data that does not load (stderr names FILE:LINE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "calendar.h"
#include "cmd.h"
#include "config.h"

static int	cmd_calendar_exec(struct cli *, int, char **);

const struct cmd_entry cmd_calendar_entry = {
	.name = "calendar",
	.usage = "calendar add DATE N | calendar count DATE1 DATE2",
	.summary = "working-day arithmetic",
	.flags = CMD_CONFIG,
	.exec = cmd_calendar_exec,
};

static int
cc_date(const char *s, int *date)
{
	if (calendar_date_parse(s, date) == 0)
		return 0;
	fprintf(stderr, "gongkai calendar: \"%s\" is not a date (YYYY-MM-DD, "
	    "years %d to %d)\n", s, CALENDAR_YEAR_MIN, CALENDAR_YEAR_MAX);
	return -1;
}

/* N: decimal digits only, 0..CALENDAR_MAX_N. */
static int
cc_number(const char *s, int *n)
{
	long v = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9' && v <= CALENDAR_MAX_N; p++)
		v = v * 10 + (*p - '0');
	if (p == s || *p != '\0' || v > CALENDAR_MAX_N) {
		fprintf(stderr, "gongkai calendar: N must be a whole number "
		    "from 0 to %d, not \"%s\"\n", CALENDAR_MAX_N, s);
		return -1;
	}
	*n = (int)v;
	return 0;
}

/* The one line for a year without data: which year, what to do. */
static void
cc_missing(const char *path, int year, const char *answer)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		fprintf(stderr, "gongkai calendar: no calendar data for %d; "
		    "weekdays alone give %s (provisional); install %s/%d.conf "
		    "from the State Council's holiday notice\n", year, answer,
		    path, year);
	else
		fprintf(stderr, "gongkai calendar: no calendar data for %d; "
		    "weekdays alone give %s (provisional); add a \"year %d\" "
		    "block to %s from the State Council's holiday notice\n",
		    year, answer, year, path);
}

static int
cmd_calendar_exec(struct cli *cli, int argc, char **argv)
{
	struct calendar *cal = NULL;
	char *path = NULL, *err = NULL;
	char answer[32];
	int a = 0, b = 0, n = 0, out, provisional, missing;
	int rv = EXIT_USAGE;

	if (argc != 4 || (strcmp(argv[1], "add") != 0 &&
	    strcmp(argv[1], "count") != 0))
		return cmd_usage(&cmd_calendar_entry);
	if (cc_date(argv[2], &a) == -1)
		goto out;
	if (strcmp(argv[1], "add") == 0 ? cc_number(argv[3], &n) == -1 :
	    cc_date(argv[3], &b) == -1)
		goto out;

	path = calendar_path(cli->cfg != NULL ?
	    cli->cfg->calendar.holidays : NULL);
	if ((cal = calendar_load(path, &err)) == NULL) {
		fprintf(stderr, "gongkai calendar: %s\n", err);
		goto out;
	}
	rv = EXIT_RUNTIME;
	if (strcmp(argv[1], "add") == 0) {
		if (calendar_add(cal, a, n, &out, &provisional) == -1) {
			fprintf(stderr, "gongkai calendar: %s + %d working "
			    "days is after %d-12-31\n", argv[2], n,
			    CALENDAR_YEAR_MAX);
			rv = EXIT_USAGE;
			goto out;
		}
		calendar_date_format(out, answer);
		b = out;
	} else {
		if (calendar_count(cal, a, b, &n, &provisional) == -1)
			goto out;	/* not reached: both dates are valid */
		snprintf(answer, sizeof(answer), "%d", n);
	}
	if (provisional) {
		missing = calendar_missing_year(cal, a, b);
		cc_missing(path, missing, answer);
		goto out;
	}
	printf("%s\n", answer);
	rv = EXIT_OK;
out:
	free(err);
	free(path);
	calendar_free(cal);
	return rv;
}
