/*
 * cmd_case.c - `gongkai show CASE [--json]` and `gongkai cases [--state S]
 * [--kind K] [--overdue] [--json]`: a case with its full event history,
 * or a list of cases, read from the store (doc/commands.md).
 * Identity and phone numbers are masked here as everywhere staff look.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "cli.h"
#include "cmd.h"
#include "clock.h"
#include "config.h"
#include "fields.h"
#include "store.h"
#include "workflow.h"
#include "xmalloc.h"

static void
set_str(JsonObject *o, const char *name, const char *v)
{
	if (v == NULL)
		json_object_set_null_member(o, name);
	else
		json_object_set_string_member(o, name, v);
}

/* The case as doc/commands.md's `show --json` object, without events. */
static JsonObject *
case_json(const struct config *cfg, const struct store_case *c)
{
	JsonObject *o = json_object_new(), *a = json_object_new();
	char *at = clock_iso8601(c->received_at, cfg->office.timezone);
	int open = workflow_word_is_open(c->state);

	json_object_set_string_member(o, "id", c->id);
	json_object_set_string_member(o, "kind", c->kind);
	json_object_set_string_member(o, "state", c->state);
	json_object_set_string_member(o, "received_at", at);
	set_str(o, "receipt_date", c->receipt_date);
	set_str(o, "due_date", c->due_date);
	json_object_set_boolean_member(o, "due_provisional",
	    c->due_provisional != 0);
	json_object_set_boolean_member(o, "paused", c->paused_on != NULL);
	set_str(a, "name", c->applicant_name);
	set_str(a, "email", c->applicant_email);
	set_str(a, "type", c->applicant_type);
	{
		char *id = fields_mask_id(c->id_number);
		char *ph = fields_mask_phone(c->phone);
		set_str(a, "id_number", id);
		set_str(a, "phone", ph);
		free(id);
		free(ph);
	}
	json_object_set_object_member(o, "applicant", a);
	if (open && c->step != NULL) {
		JsonObject *s = json_object_new();
		json_object_set_string_member(s, "role", c->step);
		set_str(s, "assignee", c->assignee);
		json_object_set_object_member(o, "step", s);
	} else
		json_object_set_null_member(o, "step");
	set_str(o, "division", c->division);
	set_str(o, "answer_type", c->answer_type);
	set_str(o, "subject", c->subject);
	free(at);
	return o;
}

struct show {
	const struct config	*cfg;
	JsonArray		*events;	/* NULL: text */
};

static int
show_event(void *arg, const struct store_event *e)
{
	struct show *sh = arg;
	char *at = clock_iso8601(e->at, sh->cfg->office.timezone);

	if (sh->events != NULL) {
		JsonObject *o = json_object_new();
		json_object_set_string_member(o, "at", at);
		json_object_set_string_member(o, "type", e->type);
		set_str(o, "actor", e->actor);
		set_str(o, "detail", e->detail);
		json_array_add_object_element(sh->events, o);
	} else
		printf("  %s  %-16s %-28s %s\n", at, e->type,
		    e->actor ? e->actor : "-", e->detail ? e->detail : "");
	free(at);
	return 0;
}

int
cmd_show(struct cli *cli, int argc, char **argv)
{
	struct show sh = { cli->cfg, NULL };
	struct store_case c;
	struct store *st;
	int json = 0, r, rv = EXIT_RUNTIME;

	if (argc == 3 && strcmp(argv[2], "--json") == 0)
		json = 1;
	else if (argc != 2) {
		fprintf(stderr, "usage: gongkai show CASE [--json]\n");
		return EXIT_USAGE;
	}
	if ((st = cmd_open_store(cli->cfg)) == NULL)
		return EXIT_RUNTIME;
	if ((r = store_case_get(st, argv[1], &c)) != 1) {
		if (r == 0)
			fprintf(stderr, "gongkai show: no case %s\n", argv[1]);
		store_close(st);
		return EXIT_RUNTIME;
	}
	if (json) {
		JsonObject *o = case_json(cli->cfg, &c);

		sh.events = json_array_new();
		if (store_events_of(st, c.id, show_event, &sh) == 0) {
			json_object_set_array_member(o, "events", sh.events);
			cmd_print_json_object(o);
			rv = EXIT_OK;
		} else {
			json_array_unref(sh.events);
			json_object_unref(o);
		}
	} else {
		printf("%s  %s  %s\n", c.id, c.kind, c.state);
		printf("applicant: %s <%s>\n", c.applicant_name ?
		    c.applicant_name : "-", c.applicant_email ?
		    c.applicant_email : "-");
		printf("receipt: %s  due: %s%s%s\n", c.receipt_date ?
		    c.receipt_date : "-", c.due_date ? c.due_date : "-",
		    c.due_provisional ? " (provisional)" : "",
		    c.paused_on ? "  (clock paused)" : "");
		if (workflow_word_is_open(c.state))
			printf("step: %s %s\n", c.step ? c.step : "-",
			    c.assignee ? c.assignee : "");
		if (c.answer_type != NULL)
			printf("answer: %s\n", c.answer_type);
		printf("events:\n");
		if (store_events_of(st, c.id, show_event, &sh) == 0)
			rv = EXIT_OK;
	}
	store_case_clear(&c);
	store_close(st);
	return rv;
}

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
		json_array_add_object_element(l->arr, case_json(l->cfg, &c));
	else
		printf("%-14s %-10s %-11s %-10s%s %-28s %s\n", c.id, c.kind,
		    c.state, c.due_date ? c.due_date : "-",
		    c.due_provisional ? "*" : " ", c.applicant_email ?
		    c.applicant_email : "-", c.subject ? c.subject : "");
	store_case_clear(&c);
	return 0;
}

int
cmd_cases(struct cli *cli, int argc, char **argv)
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
		else {
			fprintf(stderr, "usage: gongkai cases [--state S] "
			    "[--kind K] [--overdue] [--json]\n");
			return EXIT_USAGE;
		}
	}
	now = clock_iso8601(clock_now(), cli->cfg->office.timezone);
	snprintf(l.today, sizeof(l.today), "%.10s", now);
	free(now);
	if ((l.st = cmd_open_store(cli->cfg)) == NULL)
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
	store_close(l.st);
	return rv;
}
