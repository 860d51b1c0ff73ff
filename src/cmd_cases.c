/*
 * cmd_cases.c - `gongkai cases [--state S] [--kind K] [--overdue]
 * [--json]` (doc/commands.md): the cases, a header row and one line
 * each (or a `show --json` object each, without events); --overdue
 * keeps the open cases past their due date whose clock runs.  Exit 0;
 * 1 when the database fails; 2 for a usage error (an unknown option or
 * state, named).
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
	.flags = CMD_CONFIG | CMD_STORE | CMD_NO_PASSWORDS,
	.exec = cmd_cases_exec,
};

struct list {
	const struct config	*cfg;
	struct store		*st;
	JsonArray		*arr;
	int			 overdue;
	char			 today[16];
};

/* One row of the text listing, its columns aligned by display width
 * (a Chinese name or subject counts two columns a character). */
static void
print_row(const char *id, const char *kind, const char *state,
    const char *due, const char *name, const char *email, const char *subj)
{
	cmd_print_cell(id, 15);
	cmd_print_cell(kind, 11);
	cmd_print_cell(state, 12);
	cmd_print_cell(due, 12);
	cmd_print_cell(name, 13);
	cmd_print_cell(email, 29);
	cmd_print_line(subj != NULL ? subj : "");
	putchar('\n');
}

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
	if (l->arr != NULL) {
		JsonObject *o = cmd_case_json(l->cfg, &c);
		char *channel = cmd_case_channel(l->st, c.id);

		if (channel == NULL) {
			json_object_unref(o);
			store_case_clear(&c);
			return -1;
		}
		json_object_set_string_member(o, "channel", channel);
		free(channel);
		json_array_add_object_element(l->arr, o);
	} else {
		char due[32];

		snprintf(due, sizeof(due), "%s%s", c.due_date ? c.due_date :
		    "-", c.due_provisional ? "*" : "");
		print_row(c.id, c.kind, c.state, due, c.applicant_name,
		    c.applicant_email, c.subject);
	}
	store_case_clear(&c);
	return 0;
}

/* --state WORD that names no state: refused, naming it and the states. */
static int
bad_state(const char *word)
{
	int i;

	fprintf(stderr, "gongkai cases: --state: \"%s\" is no state; one "
	    "of", word);
	for (i = 0; i < WF_NSTATES; i++)
		fprintf(stderr, "%s %s", i ? "," : "",
		    workflow_state_name((enum wf_state)i));
	fputc('\n', stderr);
	return cmd_usage(&cmd_cases_entry);
}

static int
cmd_cases_exec(struct cli *cli, int argc, char **argv)
{
	struct list l = { cli->cfg, NULL, NULL, 0, "" };
	const char *state = NULL, *kind = NULL;
	enum wf_state ws;
	int i, json = 0, rv = EXIT_RUNTIME;
	char *now;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--overdue") == 0)
			l.overdue = 1;
		else if ((strcmp(argv[i], "--state") == 0 ||
		    strcmp(argv[i], "--kind") == 0) && i + 1 == argc) {
			fprintf(stderr, "gongkai cases: %s needs a value\n",
			    argv[i]);
			return cmd_usage(&cmd_cases_entry);
		} else if (strcmp(argv[i], "--state") == 0)
			state = argv[++i];
		else if (strcmp(argv[i], "--kind") == 0)
			kind = argv[++i];
		else {
			fprintf(stderr, "gongkai cases: unexpected \"%s\"\n",
			    argv[i]);
			return cmd_usage(&cmd_cases_entry);
		}
	}
	if (state != NULL && workflow_state_parse(state, &ws) == -1)
		return bad_state(state);
	now = clock_iso8601(clock_now(), cli->cfg->office.timezone);
	snprintf(l.today, sizeof(l.today), "%.10s", now);
	free(now);
	if ((l.st = cmd_store(cli)) == NULL)
		return EXIT_RUNTIME;
	if (json)
		l.arr = json_array_new();
	else
		print_row("CASE", "KIND", "STATE", "DUE", "APPLICANT", "EMAIL",
		    "SUBJECT");
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
