/*
 * cmd_show.c - `gongkai show CASE [--json|--html]` (doc/commands.md): a
 * case with its full event history, read from the store; --html, an
 * item's 审核表 to print (the copy archived when it was published).
 * Identity and phone numbers are masked here as everywhere staff look.  Exit 0; 1 when
 * there is no such case or the database fails; 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "outbox.h"
#include "request.h"
#include "spool.h"
#include "store.h"
#include "workflow.h"

static int	cmd_show_exec(struct cli *, int, char **);

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = "show CASE [--json|--html]",
	.summary = "one case with its history",
	.flags = CMD_CONFIG | CMD_STORE | CMD_NO_PASSWORDS,
	.exec = cmd_show_exec,
};

struct show {
	const struct config	*cfg;
	JsonArray		*events;	/* NULL: text */
	JsonArray		*tokens;	/* --json only */
	JsonArray		*documents;	/* --json only */
};

/* A formal document sent: its number, kind, date, and the PDF kept
 * (`gongkai document CASE NUMBER` writes it again). */
static int
show_document(void *arg, const struct store_document *d)
{
	struct show *sh = arg;
	JsonObject *o;

	if (sh->documents == NULL) {
		printf("  %s  %s  %s  %s%s\n", d->number, d->issued, d->kind,
		    d->template, d->lang != NULL ? "  (with an English "
		    "courtesy translation)" : "");
		return 0;
	}
	o = json_object_new();
	json_object_set_string_member(o, "number", d->number);
	json_object_set_string_member(o, "kind", d->kind);
	json_object_set_string_member(o, "template", d->template);
	json_object_set_string_member(o, "issued", d->issued);
	json_object_set_boolean_member(o, "translated", d->lang != NULL);
	json_object_set_string_member(o, "sha256", d->sha256);
	json_object_set_int_member(o, "size", d->size);
	json_array_add_object_element(sh->documents, o);
	return 0;
}

static int
show_event(void *arg, const struct store_event *e)
{
	struct show *sh = arg;
	char *at = clock_iso8601(e->at, sh->cfg->office.timezone);

	if (sh->events != NULL) {
		JsonObject *o = json_object_new();
		json_object_set_string_member(o, "at", at);
		json_object_set_string_member(o, "type", e->type);
		cmd_json_set_string(o, "actor", e->actor);
		cmd_json_set_string(o, "detail", e->detail);
		json_array_add_object_element(sh->events, o);
	} else
		printf("  %s  %-16s %-28s %s\n", at, e->type,
		    e->actor ? e->actor : "-", e->detail ? e->detail : "");
	free(at);
	return 0;
}

/* A token as issued: its hash (the database keeps no more), whom it
 * asks, for which version of the case, and whether it was spent. */
static int
show_token(void *arg, const struct store_token *t)
{
	struct show *sh = arg;
	JsonObject *o = json_object_new();

	json_object_set_string_member(o, "hash", t->token);
	json_object_set_string_member(o, "step", t->step);
	json_object_set_string_member(o, "recipient", t->recipient);
	json_object_set_int_member(o, "version", t->version);
	json_object_set_boolean_member(o, "spent", t->spent_at != 0);
	json_array_add_object_element(sh->tokens, o);
	return 0;
}

/* show --json: the case, its request text, tokens and events. */
static int
show_json(struct show *sh, struct store *st, const struct store_case *c)
{
	JsonObject *o = cmd_case_json(sh->cfg, c);
	char *channel;
	int rv = -1;

	if ((channel = cmd_case_channel(st, c->id)) == NULL) {
		json_object_unref(o);
		return -1;
	}
	json_object_set_string_member(o, "channel", channel);
	free(channel);
	cmd_json_set_string(o, "description", c->description);
	sh->tokens = json_array_new();
	json_object_set_array_member(o, "tokens", sh->tokens);
	sh->documents = json_array_new();
	json_object_set_array_member(o, "documents", sh->documents);
	sh->events = json_array_new();
	json_object_set_array_member(o, "events", sh->events);
	if (store_tokens_of(st, c->id, show_token, sh) == 0 &&
	    store_documents_of(st, c->id, 0, show_document, sh) == 0 &&
	    store_events_of(st, c->id, show_event, sh) == 0) {
		cmd_print_json_object(o);
		rv = 0;
	} else
		json_object_unref(o);
	return rv;
}

/*
 * An item's 审核表 as HTML: the copy archived when it was published (its
 * SHA-256 checked), else as it stands.  0, or -1 said on stderr.
 */
static int
show_html(const struct config *cfg, struct store *st,
    const struct store_case *c)
{
	char *detail = NULL, *path = NULL, *sp, *html = NULL, hex[65];
	gchar *data = NULL;
	gsize len;
	time_t at;
	int r, rv = -1;

	if ((r = store_event_last(st, c->id, ITEM_FORM_ARCHIVED, &at,
	    &detail)) == -1)
		return -1;
	if (r == 0) {
		if ((html = request_item_sheet(cfg, st, c, 1)) == NULL) {
			fprintf(stderr, "gongkai show: %s is no item for "
			    "publication: it has no 审核表\n", c->id);
			return -1;
		}
		fputs(html, stdout);
		free(html);
		return 0;
	}
	if (detail == NULL || (sp = strchr(detail, ' ')) == NULL)
		goto bad;
	*sp++ = '\0';
	if ((path = outbox_att_path(cfg, detail)) == NULL ||
	    !g_file_get_contents(path, &data, &len, NULL))
		goto bad;
	spool_sha256(data, len, hex);
	if (strcmp(hex, sp) != 0)
		goto bad;
	fwrite(data, 1, len, stdout);
	rv = 0;
	goto out;
bad:
	fprintf(stderr, "gongkai show: %s: the archived 审核表 (%s) is "
	    "missing or altered\n", c->id, detail ? detail : "-");
out:
	g_free(data);
	free(path);
	free(detail);
	return rv;
}

static int
cmd_show_exec(struct cli *cli, int argc, char **argv)
{
	struct show sh = { cli->cfg, NULL, NULL, NULL };
	struct store_case c;
	struct store *st;
	char *channel, *sheet;
	int json = 0, r, rv = EXIT_RUNTIME;

	if (argc == 3 && strcmp(argv[2], "--json") == 0)
		json = 1;
	else if (argc == 3 && strcmp(argv[2], "--html") == 0)
		json = 2;
	else if (argc != 2)
		return cmd_usage(&cmd_show_entry);
	if ((st = cmd_store(cli)) == NULL)
		return EXIT_RUNTIME;
	if ((r = store_case_get(st, argv[1], &c)) != 1) {
		if (r == 0)
			fprintf(stderr, "gongkai show: no case %s\n", argv[1]);
		return EXIT_RUNTIME;
	}
	if (json == 2) {
		if (show_html(cli->cfg, st, &c) == 0)
			rv = EXIT_OK;
	} else if (json) {
		if (show_json(&sh, st, &c) == 0)
			rv = EXIT_OK;
	} else {
		printf("%s  %s  %s\n", c.id, c.kind, c.state);
		printf("applicant: %s <%s>\n", c.applicant_name ?
		    c.applicant_name : "-", c.applicant_email ?
		    c.applicant_email : "-");
		printf("receipt: %s  due: %s%s%s\n", c.receipt_date ?
		    c.receipt_date : "-", c.due_date ? c.due_date : "-",
		    c.due_provisional ? " (provisional)" : "",
		    c.paused_on ? "  (clock paused)" : "");
		if ((channel = cmd_case_channel(st, c.id)) == NULL) {
			store_case_clear(&c);
			return EXIT_RUNTIME;
		}
		printf("channel: %s\n", channel);
		free(channel);
		if (workflow_word_is_open(c.state))
			printf("step: %s %s\n", c.step ? c.step : "-",
			    c.assignee ? c.assignee : "");
		if (c.answer_type != NULL)
			printf("answer: %s\n", c.answer_type);
		/* An item: its 审核表 as printed. */
		if ((sheet = request_item_sheet(cli->cfg, st, &c, 0)) != NULL) {
			printf("审核表:\n%s", sheet);
			free(sheet);
		}
		printf("documents:\n");
		if (store_documents_of(st, c.id, 0, show_document, &sh) == 0) {
			printf("events:\n");
			if (store_events_of(st, c.id, show_event, &sh) == 0)
				rv = EXIT_OK;
		}
	}
	store_case_clear(&c);
	return rv;
}
