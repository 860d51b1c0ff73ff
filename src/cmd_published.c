/*
 * cmd_published.c - `gongkai published [--json]` (doc/commands.md): the
 * items on the website, newest first: one line each (id, kind, the day
 * published, whether late, column, title) and the chain that approved it
 * indented below; or, with --json, an array of objects with the page on
 * disk and the chain as the 审核表 has it.  Read-only.  Exit 0; 1 when
 * the database fails; 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "form.h"
#include "request.h"
#include "store.h"

static int	cmd_published_exec(struct cli *, int, char **);

const struct cmd_entry cmd_published_entry = {
	.name = "published",
	.usage = "published [--json]",
	.summary = "the items published on the website, and by which chain",
	.flags = CMD_CONFIG | CMD_STORE | CMD_NO_PASSWORDS,
	.exec = cmd_published_exec,
};

struct plist {
	const struct config	*cfg;
	JsonArray		*arr;	/* NULL: text */
};

static void
set_str(JsonObject *o, const char *k, const char *v)
{
	if (v != NULL)
		json_object_set_string_member(o, k, v);
	else
		json_object_set_null_member(o, k);
}

static int
list_one(void *arg, const struct request_published *p)
{
	struct plist *l = arg;
	const struct store_case *c = p->c;
	char *at = clock_iso8601(c->closed_at, l->cfg->office.timezone);
	size_t i;

	if (l->arr != NULL) {
		JsonObject *o = json_object_new();
		JsonArray *chain = json_array_new();

		json_object_set_string_member(o, "id", c->id);
		json_object_set_string_member(o, "kind", c->kind);
		set_str(o, "title", c->subject);
		json_object_set_string_member(o, "column", p->column);
		json_object_set_string_member(o, "published_at", at);
		set_str(o, "page", p->page);
		set_str(o, "due_date", c->due_date);
		json_object_set_boolean_member(o, "late", p->late != NULL);
		set_str(o, "late_detail", p->late);
		for (i = 0; i < p->nchain; i++) {
			JsonObject *r = json_object_new();

			json_object_set_string_member(r, "level",
			    p->chain[i].level);
			set_str(r, "name", p->chain[i].name);
			json_object_set_string_member(r, "decision",
			    p->chain[i].decision);
			set_str(r, "comment", p->chain[i].comment);
			json_object_set_string_member(r, "date",
			    p->chain[i].date);
			json_array_add_object_element(chain, r);
		}
		json_object_set_array_member(o, "chain", chain);
		if (p->webhook != NULL) {
			JsonObject *w = json_object_new();
			char *done = p->webhook_done ? clock_iso8601(
			    p->webhook_done, l->cfg->office.timezone) : NULL;

			json_object_set_string_member(w, "state", p->webhook);
			json_object_set_int_member(w, "attempts",
			    p->webhook_attempts);
			set_str(w, "key", p->webhook_key);
			set_str(w, "done_at", done);
			free(done);
			json_object_set_object_member(o, "webhook", w);
		} else
			json_object_set_null_member(o, "webhook");
		json_array_add_object_element(l->arr, o);
	} else {
		char day[16];

		snprintf(day, sizeof(day), "%.10s", at);
		cmd_print_cell(c->id, 15);
		cmd_print_cell(c->kind, 11);
		cmd_print_cell(day, 12);
		cmd_print_cell(p->late != NULL ? "late" : "-", 6);
		cmd_print_cell(p->column, 17);
		cmd_print_line(c->subject != NULL ? c->subject : "");
		putchar('\n');
		for (i = 0; i < p->nchain; i++) {
			fputs("    ", stdout);
			cmd_print_cell(p->chain[i].level, 15);
			cmd_print_cell(p->chain[i].name, 13);
			cmd_print_cell(p->chain[i].decision, 15);
			cmd_print_line(p->chain[i].date);
			putchar('\n');
		}
	}
	free(at);
	return 0;
}

static int
cmd_published_exec(struct cli *cli, int argc, char **argv)
{
	struct plist l = { cli->cfg, NULL };
	struct store *st;
	int i, json = 0, rv = EXIT_RUNTIME;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else {
			fprintf(stderr, "gongkai published: unexpected "
			    "\"%s\"\n", argv[i]);
			return cmd_usage(&cmd_published_entry);
		}
	}
	if ((st = cmd_store(cli)) == NULL)
		return EXIT_RUNTIME;
	if (json)
		l.arr = json_array_new();
	else {
		cmd_print_cell("ITEM", 15);
		cmd_print_cell("KIND", 11);
		cmd_print_cell("PUBLISHED", 12);
		cmd_print_cell("LATE", 6);
		cmd_print_cell("COLUMN", 17);
		cmd_print_line("TITLE");
		putchar('\n');
	}
	if (request_item_published(cli->cfg, st, list_one, &l) == 0) {
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
