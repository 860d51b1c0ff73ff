/*
 * cmd.c - what the subcommand handlers (cmd_*.c) share: the usage line,
 * the database (opened once per command, closed by cli_dispatch()), the
 * --json printers and a case as `show --json` and `cases --json` give it.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "fields.h"
#include "log.h"
#include "store.h"
#include "workflow.h"
#include "xmalloc.h"

int
cmd_usage(const struct cmd_entry *e)
{
	fprintf(stderr, "usage: gongkai %s\n", e->usage);
	return EXIT_USAGE;
}

/* The open database at the current schema into cli->st; NULL after
 * saying why on stderr. */
static struct store *
store_checked(struct cli *cli, int rw)
{
	char *err = NULL;

	if (cli->entry != NULL && !(cli->entry->flags & CMD_STORE))
		fatalx("gongkai %s: opens the database without CMD_STORE",
		    cli->entry->name);
	if (cli->st != NULL)
		return cli->st;
	cli->st = rw ? store_open(cli->cfg->store.database, 0, &err) :
	    store_open_ro(cli->cfg->store.database, &err);
	if (cli->st == NULL ||
	    store_schema_version(cli->st) != STORE_SCHEMA_VERSION) {
		fprintf(stderr, "gongkai: %s\n", err ? err :
		    "the database schema is not current; run gongkai init");
		free(err);
		store_close(cli->st);
		cli->st = NULL;
	}
	return cli->st;
}

struct store *
cmd_store(struct cli *cli)
{
	return store_checked(cli, cli->entry == NULL ||
	    !(cli->entry->flags & CMD_NO_PASSWORDS));
}

/* "gongkai outbox flush: ...": what the user typed, for a message. */
static void
print_words(FILE *f, int argc, char **argv)
{
	int i;

	fputs("gongkai", f);
	for (i = 0; i < argc && i < 2; i++)
		fprintf(f, " %s", argv[i]);
}

int
cmd_refuse_unwritable(const struct config *cfg, int argc, char **argv)
{
	struct passwd *pw;
	const char *db = cfg->store.database;
	char *dir = g_path_get_dirname(db);
	int ok;

	ok = (access(db, W_OK) == 0 || errno == ENOENT) &&
	    access(dir, W_OK) == 0;
	g_free(dir);
	if (ok)
		return 0;
	pw = getpwuid(getuid());
	print_words(stderr, argc, argv);
	fprintf(stderr, ": changes the database, and %s may not write %s: "
	    "run it as root or as [daemon] user %s\n", pw != NULL ?
	    pw->pw_name : "this user", db, cfg->daemon.user != NULL ?
	    cfg->daemon.user : "(the database's owner)");
	return -1;
}

struct store *
cmd_store_rw(struct cli *cli, int argc, char **argv)
{
	struct config *full;
	char *err = NULL;

	if (cli->st != NULL && !store_writable(cli->st)) {
		store_close(cli->st);
		cli->st = NULL;
	}
	if (cli->st != NULL)
		return cli->st;
	/* Said before the passwords are read, which such a user may not. */
	if (cmd_refuse_unwritable(cli->cfg, argc, argv) == -1)
		return NULL;
	if (cli->entry != NULL && (cli->entry->flags & CMD_NO_PASSWORDS)) {
		/* The listing needed no password; this does. */
		if ((full = config_load(cli->config_path, 0, &err)) == NULL) {
			print_words(stderr, argc, argv);
			fprintf(stderr, ": %s\n", err);
			free(err);
			return NULL;
		}
		config_free(cli->cfg);
		cli->cfg = full;
	}
	if (store_checked(cli, 1) != NULL && !store_writable(cli->st)) {
		print_words(stderr, argc, argv);
		fprintf(stderr, ": changes the database, which is open for "
		    "reading only: %s\n", cli->cfg->store.database);
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

size_t
cmd_width(const char *s)
{
	const char *p = s;
	size_t w = 0;
	gunichar c;

	while (p != NULL && *p != '\0') {
		c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			w++;		/* a stray byte: one column */
			p++;
			continue;
		}
		if (g_unichar_iszerowidth(c))
			;
		else if (g_unichar_iswide(c))
			w += 2;
		else
			w++;
		p = g_utf8_next_char(p);
	}
	return w;
}

void
cmd_print_cell(const char *s, size_t width)
{
	size_t w;

	if (s == NULL || *s == '\0')
		s = "-";
	cmd_print_line(s);
	for (w = cmd_width(s); w < width; w++)
		putchar(' ');
}

void
cmd_json_set_string(JsonObject *o, const char *name, const char *v)
{
	if (v == NULL)
		json_object_set_null_member(o, name);
	else
		json_object_set_string_member(o, name, v);
}

struct channel_scan {
	char	*channel;
};

/* A "channel" event (request.c): its detail opens with the channel word. */
static int
channel_event(void *arg, const struct store_event *e)
{
	struct channel_scan *cs = arg;
	size_t n;

	if (cs->channel != NULL || strcmp(e->type, "channel") != 0 ||
	    e->detail == NULL)
		return 0;
	n = strcspn(e->detail, " ");
	if (n > 0)
		cs->channel = xstrndup(e->detail, n);
	return 0;
}

char *
cmd_case_channel(struct store *st, const char *case_id)
{
	struct channel_scan cs = { NULL };

	if (store_events_of(st, case_id, channel_event, &cs) == -1) {
		free(cs.channel);
		return NULL;
	}
	return cs.channel != NULL ? cs.channel : xstrdup("email");
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
