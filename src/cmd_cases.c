/*
 * cmd_cases.c - `gongkai cases [--state S] [--kind K] [--overdue]
 * [--json]` (doc/commands.md): the cases, one line (or `show --json`
 * object, without events) each; --overdue keeps the open cases past
 * their due date whose clock runs.  Exit 0; 1 when the database fails;
 * 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "store.h"
#include "workflow.h"

static int	cmd_cases_exec(struct cli *, int, char **);

const struct cmd_entry cmd_cases_entry = {
	.name = "cases",
	.usage = "cases [--state S] [--kind K] [--overdue] [--json]",
	.summary = "list cases",
	.flags = CMD_CONFIG | CMD_STORE,
	.exec = cmd_cases_exec,
};

struct list {
	const struct config	*cfg;
	struct store		*st;
	JsonArray		*arr;
	int			 overdue;
	char			 today[16];
};

static int
list_one(void *arg, const char *id)
{
	struct list *l = arg;
	struct store_case c;

	if (store_case_get(l->st, id, &c) != 1)
		return -1;
	if (l->overdue && (c.due_date == NULL ||
	    strcmp(c.due_date, l->today) >= 0 ||
	    !workflow_word_is_open(c.state) ||
	    c.paused_on != NULL)) {
		store_case_clear(&c);
		return 0;
	}
	if (l->arr != NULL)
		json_array_add_object_element(l->arr,
		    cmd_case_json(l->cfg, &c));
	else
		printf("%-14s %-10s %-11s %-10s%s %-28s %s\n", c.id, c.kind,
		    c.state, c.due_date ? c.due_date : "-",
		    c.due_provisional ? "*" : " ", c.applicant_email ?
		    c.applicant_email : "-", c.subject ? c.subject : "");
	store_case_clear(&c);
	return 0;
}

static int
cmd_cases_exec(struct cli *cli, int argc, char **argv)
{
	struct list l = { cli->cfg, NULL, NULL, 0, "" };
	const char *state = NULL, *kind = NULL;
	int i, json = 0, rv = EXIT_RUNTIME;
	char *now;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--overdue") == 0)
			l.overdue = 1;
		else if (strcmp(argv[i], "--state") == 0 && i + 1 < argc)
			state = argv[++i];
		else if (strcmp(argv[i], "--kind") == 0 && i + 1 < argc)
			kind = argv[++i];
		else
			return cmd_usage(&cmd_cases_entry);
	}
	now = clock_iso8601(clock_now(), cli->cfg->office.timezone);
	snprintf(l.today, sizeof(l.today), "%.10s", now);
	free(now);
	if ((l.st = cmd_store(cli)) == NULL)
		return EXIT_RUNTIME;
	if (json)
		l.arr = json_array_new();
	if (store_case_ids(l.st, state, kind, list_one, &l) == 0) {
		if (json) {
			cmd_print_json_array(l.arr);
			l.arr = NULL;
		}
		rv = EXIT_OK;
	}
	if (l.arr != NULL)
		json_array_unref(l.arr);
	return rv;
}
