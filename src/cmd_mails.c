/*
 * cmd_mails.c - `gongkai mails [--case CASE] [--json]` (doc/commands.md):
 * every mail received, as recorded before it was acted on, oldest first:
 * what became of it (its outcome) and where its bytes are in the spool.
 * The answer to "did the office get my mail?".  Read-only.
 *
 * Text: one line per mail, "ID ARRIVED OUTCOME CASE MESSAGE-ID".  --json:
 * an array of {id, message_id, received_at, size, sha256, source,
 * outcome, case, detail, spool_path, attachments [{filename,
 * content_type, size, sha256, spool_path}]}.  Exit 0, 1 when the
 * database cannot be read, 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "store.h"

static int	cmd_mails_exec(struct cli *, int, char **);

const struct cmd_entry cmd_mails_entry = {
	.name = "mails",
	.usage = "mails [--case CASE] [--json]",
	.summary = "mail received and what became of it",
	.flags = CMD_CONFIG | CMD_STORE | CMD_NO_PASSWORDS,
	.exec = cmd_mails_exec,
};

struct mails_print {
	const struct config	*cfg;
	struct store		*st;
	JsonArray		*json;		/* NULL: text */
	JsonArray		*attachments;	/* of the mail being printed */
};

static int
mails_attachment(void *arg, const struct store_attachment *a)
{
	struct mails_print *mp = arg;
	JsonObject *o = json_object_new();

	json_object_set_string_member(o, "filename", a->filename);
	cmd_json_set_string(o, "content_type", a->content_type);
	json_object_set_int_member(o, "size", a->size);
	json_object_set_string_member(o, "sha256", a->sha256);
	json_object_set_string_member(o, "spool_path", a->spool_path);
	json_array_add_object_element(mp->attachments, o);
	return 0;
}

static int
mails_print_one(void *arg, const struct store_mail *m)
{
	struct mails_print *mp = arg;
	char *at = clock_iso8601(m->arrived_at, mp->cfg->office.timezone);
	JsonObject *o;
	int rv = 0;

	if (mp->json == NULL) {
		printf("%-6lld %s %-18s %-14s %s\n", m->id, at, m->outcome,
		    m->case_id ? m->case_id : "-",
		    m->message_id ? m->message_id : "-");
		free(at);
		return 0;
	}
	o = json_object_new();
	json_object_set_int_member(o, "id", m->id);
	cmd_json_set_string(o, "message_id", m->message_id);
	json_object_set_string_member(o, "received_at", at);
	json_object_set_int_member(o, "size", m->size);
	json_object_set_string_member(o, "sha256", m->sha256);
	json_object_set_string_member(o, "source", m->source);
	json_object_set_string_member(o, "outcome", m->outcome);
	cmd_json_set_string(o, "case", m->case_id);
	cmd_json_set_string(o, "detail", m->detail);
	json_object_set_string_member(o, "spool_path", m->spool_path);
	mp->attachments = json_array_new();
	json_object_set_array_member(o, "attachments", mp->attachments);
	json_array_add_object_element(mp->json, o);
	if (store_attachments_of(mp->st, m->id, mails_attachment, mp) == -1)
		rv = -1;
	free(at);
	return rv;
}

static int
cmd_mails_exec(struct cli *cli, int argc, char **argv)
{
	struct mails_print mp = { cli->cfg, NULL, NULL, NULL };
	const char *case_id = NULL;
	int i, rv = EXIT_RUNTIME;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0 && mp.json == NULL)
			mp.json = json_array_new();
		else if (strcmp(argv[i], "--case") == 0 && i + 1 < argc &&
		    case_id == NULL)
			case_id = argv[++i];
		else {
			if (mp.json != NULL)
				json_array_unref(mp.json);
			return cmd_usage(&cmd_mails_entry);
		}
	}
	if ((mp.st = cmd_store(cli)) == NULL)
		goto out;
	if (store_mails_of(mp.st, case_id, mails_print_one, &mp) == -1) {
		fprintf(stderr, "gongkai mails: %s: cannot be read; see the "
		    "log above\n", cli->cfg->store.database);
		goto out;
	}
	if (mp.json != NULL) {
		cmd_print_json_array(mp.json);
		mp.json = NULL;
	}
	rv = EXIT_OK;
out:
	if (mp.json != NULL)
		json_array_unref(mp.json);
	return rv;
}
