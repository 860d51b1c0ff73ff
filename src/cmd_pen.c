/*
 * cmd_pen.c - `gongkai pen [--json]`, `gongkai pen redeliver MSG CASE`,
 * `gongkai pen retry MSG` and `gongkai pen open MSG` (doc/commands.md):
 * the holding pen, one line (or object) per mail held; filing a held mail
 * under a case; deciding it again as new mail is (ingest.h); opening a
 * new request from it.  Exit 0; 1 when the database fails, there is no
 * such entry or case, or the mail is held again or cannot be processed;
 * 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "ingest.h"
#include "store.h"

static int	cmd_pen_exec(struct cli *, int, char **);

const struct cmd_entry cmd_pen_entry = {
	.name = "pen",
	.usage = "pen [--json | redeliver MSG CASE | retry|open MSG]",
	.summary = "the holding pen",
	.flags = CMD_CONFIG | CMD_STORE | CMD_NO_PASSWORDS,
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

/* MSG, a mail id; -1 when it is not one. */
static long long
pen_msg(const char *s)
{
	char *end;
	long long id = strtoll(s, &end, 10);

	return *s == '\0' || *end != '\0' || id <= 0 ? -1 : id;
}

/* `pen retry MSG` and `pen open MSG`. */
static int
pen_again(struct cli *cli, char **argv, long long id, int open)
{
	struct ingest_result res;
	struct store *st;
	char *err = NULL;
	int r;

	if ((st = cmd_store_rw(cli, 2, argv)) == NULL)
		return EXIT_RUNTIME;
	r = ingest_held(cli->cfg, st, id, open, &res, &err);
	if (r != 0) {
		fprintf(stderr, "gongkai pen: %s\n", err);
		free(err);
		return EXIT_RUNTIME;
	}
	if (strcmp(res.outcome, "pen") == 0) {
		fprintf(stderr, "gongkai pen: mail %lld is held again: %s\n",
		    id, res.reason != NULL ? res.reason : "?");
		return EXIT_RUNTIME;
	}
	printf("mail %lld: %s%s%s\n", id, res.outcome,
	    res.case_id[0] ? " " : "", res.case_id);
	return EXIT_OK;
}

static int
cmd_pen_exec(struct cli *cli, int argc, char **argv)
{
	struct pen_print pp = { cli->cfg, NULL, 0 };
	struct store *st;
	int rv = EXIT_RUNTIME, r;

	if (argc == 3 && (strcmp(argv[1], "retry") == 0 ||
	    strcmp(argv[1], "open") == 0)) {
		long long id = pen_msg(argv[2]);

		if (id == -1)
			return cmd_usage(&cmd_pen_entry);
		return pen_again(cli, argv, id, strcmp(argv[1], "open") == 0);
	}
	if (argc == 4 && strcmp(argv[1], "redeliver") == 0) {
		char *end;
		long long id = strtoll(argv[2], &end, 10);

		if (*argv[2] == '\0' || *end != '\0' || id <= 0)
			return cmd_usage(&cmd_pen_entry);
		if ((st = cmd_store_rw(cli, argc, argv)) == NULL)
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
