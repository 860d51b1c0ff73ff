/*
 * cmd.c - what the subcommand handlers (cmd_*.c) share: the usage line,
 * the database (opened once per command, closed by cli_dispatch()), the
 * --json printers and a case as `show --json` and `cases --json` give it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "fields.h"
#include "log.h"
#include "store.h"
#include "workflow.h"

int
cmd_usage(const struct cmd_entry *e)
{
	fprintf(stderr, "usage: gongkai %s\n", e->usage);
	return EXIT_USAGE;
}

struct store *
cmd_store(struct cli *cli)
{
	char *err = NULL;

	if (cli->entry != NULL && !(cli->entry->flags & CMD_STORE))
		fatalx("gongkai %s: opens the database without CMD_STORE",
		    cli->entry->name);
	if (cli->st != NULL)
		return cli->st;
	if ((cli->st = store_open(cli->cfg->store.database, 0, &err)) ==
	    NULL || store_schema_version(cli->st) != STORE_SCHEMA_VERSION) {
		fprintf(stderr, "gongkai: %s\n", err ? err :
		    "the database schema is not current; run gongkai init");
		free(err);
		store_close(cli->st);
		cli->st = NULL;
	}
	return cli->st;
}

static void
print_json(JsonNode *root)
{
	JsonGenerator *gen = json_generator_new();
	gchar *text;

	json_generator_set_pretty(gen, TRUE);
	json_generator_set_root(gen, root);
	text = json_generator_to_data(gen, NULL);
	printf("%s\n", text);
	g_free(text);
	g_object_unref(gen);
	json_node_unref(root);
}

void
cmd_print_json_array(JsonArray *a)
{
	JsonNode *root = json_node_new(JSON_NODE_ARRAY);

	json_node_take_array(root, a);
	print_json(root);
}

void
cmd_print_json_object(JsonObject *o)
{
	JsonNode *root = json_node_new(JSON_NODE_OBJECT);

	json_node_take_object(root, o);
	print_json(root);
}

void
cmd_print_line(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

void
cmd_json_set_string(JsonObject *o, const char *name, const char *v)
{
	if (v == NULL)
		json_object_set_null_member(o, name);
	else
		json_object_set_string_member(o, name, v);
}

/* The case as doc/commands.md's `show --json` object, without events. */
JsonObject *
cmd_case_json(const struct config *cfg, const struct store_case *c)
{
	JsonObject *o = json_object_new(), *a = json_object_new();
	char *at = clock_iso8601(c->received_at, cfg->office.timezone);
	int open = workflow_word_is_open(c->state);

	json_object_set_string_member(o, "id", c->id);
	json_object_set_string_member(o, "kind", c->kind);
	json_object_set_string_member(o, "state", c->state);
	json_object_set_string_member(o, "received_at", at);
	cmd_json_set_string(o, "receipt_date", c->receipt_date);
	cmd_json_set_string(o, "due_date", c->due_date);
	json_object_set_boolean_member(o, "due_provisional",
	    c->due_provisional != 0);
	json_object_set_boolean_member(o, "paused", c->paused_on != NULL);
	cmd_json_set_string(o, "paused_on", c->paused_on);
	json_object_set_int_member(o, "version", c->version);
	json_object_set_boolean_member(o, "correction_used",
	    c->correction_used != 0);
	json_object_set_boolean_member(o, "extension_used",
	    c->extension_used != 0);
	if (c->closed_at != 0) {
		char *cl = clock_iso8601(c->closed_at, cfg->office.timezone);
		json_object_set_string_member(o, "closed_at", cl);
		free(cl);
	} else
		json_object_set_null_member(o, "closed_at");
	cmd_json_set_string(a, "name", c->applicant_name);
	cmd_json_set_string(a, "email", c->applicant_email);
	cmd_json_set_string(a, "type", c->applicant_type);
	cmd_json_set_string(a, "id_type", c->id_type);
	cmd_json_set_string(a, "postal_address", c->postal_address);
	{
		char *id = fields_mask_id(c->id_number);
		char *ph = fields_mask_phone(c->phone);
		cmd_json_set_string(a, "id_number", id);
		cmd_json_set_string(a, "phone", ph);
		free(id);
		free(ph);
	}
	json_object_set_object_member(o, "applicant", a);
	if (open && c->step != NULL) {
		JsonObject *s = json_object_new();
		json_object_set_string_member(s, "role", c->step);
		cmd_json_set_string(s, "assignee", c->assignee);
		json_object_set_object_member(o, "step", s);
	} else
		json_object_set_null_member(o, "step");
	cmd_json_set_string(o, "division", c->division);
	cmd_json_set_string(o, "answer_type", c->answer_type);
	cmd_json_set_string(o, "subject", c->subject);
	free(at);
	return o;
}

void
cmd_print_faults(const char *what, const char *faults)
{
	const char *p = faults, *nl;

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		fprintf(stderr, "gongkai: %s: %.*s\n", what,
		    (int)(nl != NULL ? (size_t)(nl - p) : strlen(p)), p);
		p = nl != NULL ? nl + 1 : NULL;
	}
}
