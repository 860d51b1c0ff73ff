/*
 * cmd_pen.c - `gongkai pen [--json]` and `gongkai pen redeliver MSG CASE`
 * (doc/commands.md): the holding pen, one line (or object) per mail held,
 * and filing a held mail under a case.  Exit 0; 1 when the database
 * fails or there is no such entry or case; 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "store.h"

static int	cmd_pen_exec(struct cli *, int, char **);

const struct cmd_entry cmd_pen_entry = {
	.name = "pen",
	.usage = "pen [--json] | pen redeliver MSG CASE",
	.summary = "the holding pen",
	.flags = CMD_CONFIG | CMD_STORE,
	.exec = cmd_pen_exec,
};

struct pen_print {
	const struct config	*cfg;
	JsonArray		*json;		/* NULL: text */
	int			 count;
};

static int
pen_print_one(void *arg, const struct store_pen *p)
{
	struct pen_print *pp = arg;
	char *at = clock_iso8601(p->received_at, pp->cfg->office.timezone);

	pp->count++;
	if (pp->json != NULL) {
		JsonObject *o = json_object_new();

		json_object_set_int_member(o, "id", p->mail_id);
		json_object_set_string_member(o, "from", p->sender);
		json_object_set_string_member(o, "subject", p->subject);
		json_object_set_string_member(o, "received_at", at);
		json_object_set_string_member(o, "reason", p->reason);
		json_array_add_object_element(pp->json, o);
	} else
		printf("%-6lld %-25s %-16s %s  %s\n", p->mail_id, at, p->reason,
		    p->sender ? p->sender : "-", p->subject ? p->subject : "");
	free(at);
	return 0;
}

static int
cmd_pen_exec(struct cli *cli, int argc, char **argv)
{
	struct pen_print pp = { cli->cfg, NULL, 0 };
	struct store *st;
	int rv = EXIT_RUNTIME, r;

	if (argc == 4 && strcmp(argv[1], "redeliver") == 0) {
		char *end;
		long long id = strtoll(argv[2], &end, 10);

		if (*argv[2] == '\0' || *end != '\0' || id <= 0)
			return cmd_usage(&cmd_pen_entry);
		if ((st = cmd_store(cli)) == NULL)
			return EXIT_RUNTIME;
		if (store_begin(st) == -1)
			goto out;
		r = store_pen_redeliver(st, id, argv[3], "secretariat",
		    clock_now());
		if (r != 1 || store_commit(st) == -1) {
			store_rollback(st);
			if (r == 0)
				fprintf(stderr, "gongkai pen: no open holding-"
				    "pen entry %lld, or no case %s\n", id,
				    argv[3]);
			goto out;
		}
		printf("mail %lld filed under %s\n", id, argv[3]);
		rv = EXIT_OK;
		goto out;
	}
	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		pp.json = json_array_new();
	else if (argc != 1)
		return cmd_usage(&cmd_pen_entry);
	if ((st = cmd_store(cli)) == NULL)
		goto out;
	if (store_pen_list(st, pen_print_one, &pp) == 0) {
		if (pp.json != NULL) {
			cmd_print_json_array(pp.json);
			pp.json = NULL;
		}
		rv = EXIT_OK;
	}
out:
	if (pp.json != NULL)
		json_array_unref(pp.json);
	return rv;
}
