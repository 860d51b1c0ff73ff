/*
 * cmd_outbox.c - `gongkai outbox [--json]` (doc/commands.md):
 * every outgoing mail, queued, sent or failed, oldest first.
 *
 * Text: one line per mail, "ID STATE ATTEMPTS CASE TO MESSAGE-ID SUBJECT",
 * then " -- LAST_ERROR" when there is one.  --json: an array of {id,
 * case, kind, to, subject, message_id, state, attempts, next_attempt_at,
 * last_error} (case and last_error null when none).  `outbox cat ID`:
 * the mail's bytes exactly as they go (or went) out.  Exit 0, or 1 when
 * the database cannot be read or there is no such mail, 2 for a usage
 * error.
 *
 * `gongkai outbox deliver PID` is the daemon's delivery process
 * (outbox.h), PID the daemon's: not for people.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "cmd.h"
#include "config.h"
#include "outbox.h"
#include "store.h"

static int	cmd_outbox_exec(struct cli *, int, char **);

const struct cmd_entry cmd_outbox_entry = {
	.name = "outbox",
	.usage = "outbox [--json] | outbox cat ID",
	.summary = "queued, sent and failed mail",
	.flags = CMD_CONFIG | CMD_STORE,
	.exec = cmd_outbox_exec,
};

struct outbox_print {
	JsonArray	*json;		/* NULL: text */
};

/* s on one line: controls are printed as spaces. */
static void
print_line(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static int
outbox_print_one(void *arg, const struct store_outbox *o)
{
	struct outbox_print *op = arg;
	JsonObject *j;

	if (op->json != NULL) {
		j = json_object_new();
		json_object_set_int_member(j, "id", o->id);
		if (o->case_id != NULL)
			json_object_set_string_member(j, "case", o->case_id);
		else
			json_object_set_null_member(j, "case");
		json_object_set_string_member(j, "kind", o->kind);
		json_object_set_string_member(j, "to", o->to_addr);
		json_object_set_string_member(j, "subject", o->subject);
		json_object_set_string_member(j, "message_id", o->message_id);
		json_object_set_string_member(j, "state", o->state);
		json_object_set_int_member(j, "attempts", o->attempts);
		json_object_set_int_member(j, "next_attempt_at",
		    (gint64)o->next_attempt_at);
		if (o->last_error != NULL)
			json_object_set_string_member(j, "last_error",
			    o->last_error);
		else
			json_object_set_null_member(j, "last_error");
		json_array_add_object_element(op->json, j);
		return 0;
	}
	printf("%-6lld %-6s %2d %-14s %s %s ", o->id, o->state, o->attempts,
	    o->case_id ? o->case_id : "-", o->to_addr, o->message_id);
	print_line(o->subject);
	if (o->last_error != NULL) {
		fputs(" -- ", stdout);
		print_line(o->last_error);
	}
	putchar('\n');
	return 0;
}

/* outbox cat ID: the mail's bytes as they go out (postcat -q). */
static int
outbox_print_raw(struct cli *cli, const char *arg)
{
	struct store *st;
	char *end, *err = NULL;
	long long id;

	errno = 0;
	id = strtoll(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || id <= 0) {
		fprintf(stderr, "gongkai outbox cat: %s: not a mail id\n", arg);
		return EXIT_USAGE;
	}
	if ((st = cmd_store(cli)) == NULL)
		return EXIT_RUNTIME;
	if (outbox_cat(cli->cfg, st, id, stdout, &err) == -1) {
		fprintf(stderr, "gongkai outbox cat: %s\n", err);
		free(err);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

static int
cmd_outbox_exec(struct cli *cli, int argc, char **argv)
{
	struct outbox_print op = { NULL };
	struct store *st = NULL;
	int rv = EXIT_RUNTIME;

	if (argc == 3 && strcmp(argv[1], "deliver") == 0) {
		long parent = strtol(argv[2], NULL, 10);

		if (parent <= 1) {
			fprintf(stderr, "usage: gongkai outbox deliver PID\n");
			return EXIT_USAGE;
		}
		if ((st = cmd_store(cli)) == NULL)
			return EXIT_RUNTIME;
		return outbox_deliver_child(cli->cfg, st, (pid_t)parent) ==
		    -1 ? EXIT_RUNTIME : EXIT_OK;
	}
	if (argc == 3 && strcmp(argv[1], "cat") == 0)
		return outbox_print_raw(cli, argv[2]);
	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		op.json = json_array_new();
	else if (argc != 1)
		return cmd_usage(&cmd_outbox_entry);
	if ((st = cmd_store(cli)) == NULL)
		goto out;
	if (store_outbox_list(st, outbox_print_one, &op) == -1) {
		fprintf(stderr, "gongkai outbox: %s: cannot be read; see the "
		    "log above\n", cli->cfg->store.database);
		goto out;
	}
	if (op.json != NULL) {
		cmd_print_json_array(op.json);
		op.json = NULL;
	}
	rv = EXIT_OK;
out:
	if (op.json != NULL)
		json_array_unref(op.json);
	return rv;
}
