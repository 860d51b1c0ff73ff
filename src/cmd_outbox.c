/*
 * cmd_outbox.c - `gongkai outbox [--json]` (doc/commands.md):
 * every outgoing mail, queued, sent or failed, oldest first.
 *
 * Text: a header row, then one line per mail, "ID STATE TRIES CASE TO
 * MESSAGE-ID SUBJECT" (columns aligned by display width), then
 * " -- LAST_ERROR" when there is one and " -- next try TIME" for
 * deferred mail.  --json: an array of {id, case, kind, to, subject,
 * message_id, state, attempts, next_attempt_at, last_error} (case and
 * last_error null when none).  Exit 0, or 1 when
 * the database cannot be read, 2 for a usage error.
 *
 * `gongkai outbox cat ID`: the mail's bytes exactly as they go (or went)
 * out (postcat -q); exit 1 when there is no such mail.
 *
 * `gongkai outbox deliver PID` is the daemon's delivery process
 * (outbox.h), PID the daemon's: not for people.
 *
 * `gongkai outbox flush` makes every deferred mail due now, then asks the
 * running daemon (the holder of its lock, daemon.h) to deliver with
 * SIGUSR1, or delivers itself when none runs.  `gongkai outbox retry ID`
 * queues failed mail ID again (outbox_retry()) and tells the daemon.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "cmd.h"
#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "lockfile.h"
#include "outbox.h"
#include "store.h"
#include "webhook.h"

static int	cmd_outbox_exec(struct cli *, int, char **);

const struct cmd_entry cmd_outbox_entry = {
	.name = "outbox",
	.usage = "outbox [--json|cat ID|flush|retry ID]",
	.summary = "queued, sent and failed mail",
	.flags = CMD_CONFIG | CMD_STORE | CMD_NO_PASSWORDS,
	.exec = cmd_outbox_exec,
};

struct outbox_print {
	JsonArray	*json;		/* NULL: text */
	const char	*tz;		/* the office's, for the next try */
};

/* The start of a row of the text listing (or the header), its columns
 * aligned by display width; the rest of the line is the caller's. */
static void
print_row(const char *id, const char *state, const char *tries,
    const char *case_id, const char *to, const char *msgid,
    const char *subject)
{
	cmd_print_cell(id, 7);
	cmd_print_cell(state, 7);
	cmd_print_cell(tries, 6);
	cmd_print_cell(case_id, 15);
	cmd_print_cell(to, 31);
	cmd_print_cell(msgid, 0);
	putchar(' ');
	cmd_print_line(subject);
}

static int
outbox_print_one(void *arg, const struct store_outbox *o)
{
	struct outbox_print *op = arg;
	JsonObject *j;
	char id[24], tries[16];

	if (op->json != NULL) {
		j = json_object_new();
		json_object_set_int_member(j, "id", o->id);
		cmd_json_set_string(j, "case", o->case_id);
		json_object_set_string_member(j, "kind", o->kind);
		json_object_set_string_member(j, "to", o->to_addr);
		json_object_set_string_member(j, "subject", o->subject);
		json_object_set_string_member(j, "message_id", o->message_id);
		json_object_set_string_member(j, "state", o->state);
		json_object_set_int_member(j, "attempts", o->attempts);
		json_object_set_int_member(j, "next_attempt_at",
		    (gint64)o->next_attempt_at);
		cmd_json_set_string(j, "last_error", o->last_error);
		json_array_add_object_element(op->json, j);
		return 0;
	}
	snprintf(id, sizeof(id), "%lld", o->id);
	snprintf(tries, sizeof(tries), "%d", o->attempts);
	print_row(id, o->state, tries, o->case_id, o->to_addr, o->message_id,
	    o->subject);
	if (o->last_error != NULL) {
		fputs(" -- ", stdout);
		cmd_print_line(o->last_error);
	}
	if (strcmp(o->state, "queued") == 0 && o->attempts > 0) {
		char *next = clock_iso8601(o->next_attempt_at, op->tz);

		printf(" -- next try %s", next);
		free(next);
	}
	putchar('\n');
	return 0;
}

/*
 * The running daemon told to deliver now (SIGUSR1): its PID; 0 when none
 * runs; -1 when it runs but could not be told (said on stderr).
 */
static pid_t
outbox_poke_daemon(const struct config *cfg, const char *cmd)
{
	char *path = daemon_lock_path(cfg);
	pid_t pid = lockfile_holder(path);

	if (pid > 0 && kill(pid, SIGUSR1) == -1) {
		fprintf(stderr, "gongkai outbox %s: gongkai run (PID %ld, %s): "
		    "%s\n", cmd, (long)pid, path, strerror(errno));
		pid = -1;
	} else if (pid == -1) {
		fprintf(stderr, "gongkai outbox %s: %s: %s\n", cmd, path,
		    strerror(errno));
	}
	free(path);
	return pid;
}

static int
cmd_outbox_flush(struct cli *cli, int argc, char **argv)
{
	struct store *st;
	pid_t pid;
	int n, sent;

	if ((st = cmd_store_rw(cli, argc, argv)) == NULL)
		return EXIT_RUNTIME;
	if ((n = store_outbox_retry_now(st, 0, clock_wall())) == -1) {
		fprintf(stderr, "gongkai outbox flush: %s: cannot be written; "
		    "see the log above\n", cli->cfg->store.database);
		return EXIT_RUNTIME;
	}
	if ((pid = outbox_poke_daemon(cli->cfg, "flush")) == -1)
		return EXIT_RUNTIME;
	if (pid > 0) {
		printf("outbox flush: %d deferred made due; gongkai run "
		    "(PID %ld) delivers them\n", n, (long)pid);
		return EXIT_OK;
	}
	/* no daemon: the website's webhook calls too (webhook.h); a
	 * running daemon makes them on the same SIGUSR1 */
	if (store_webhook_retry_now(st, clock_wall()) == -1 ||
	    webhook_flush(cli->cfg, st) == -1) {
		fprintf(stderr, "gongkai outbox flush: %s: the webhook calls "
		    "failed; see the log above\n", cli->cfg->store.database);
		return EXIT_RUNTIME;
	}
	if ((sent = outbox_flush(cli->cfg, st)) == -1) {
		fprintf(stderr, "gongkai outbox flush: %d deferred made due; "
		    "the server could not be reached or the database "
		    "failed (see above)\n", n);
		return EXIT_RUNTIME;
	}
	printf("outbox flush: %d deferred made due, %d sent\n", n, sent);
	return EXIT_OK;
}

/* ARG as a mail id into *idp; -1 (said on stderr) when it is none. */
static int
outbox_id(const char *cmd, const char *arg, long long *idp)
{
	char *end;

	errno = 0;
	*idp = strtoll(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || *idp <= 0) {
		fprintf(stderr, "gongkai outbox %s: %s: not a mail id\n", cmd,
		    arg);
		return -1;
	}
	return 0;
}

/* outbox cat ID: the mail's bytes as they go out (postcat -q). */
static int
cmd_outbox_cat(struct cli *cli, const char *arg)
{
	struct store *st;
	char *err = NULL;
	long long id;

	if (outbox_id("cat", arg, &id) == -1)
		return EXIT_USAGE;
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
cmd_outbox_retry(struct cli *cli, int argc, char **argv)
{
	const char *arg = argv[2];
	struct store *st;
	char *err = NULL;
	long long id;
	pid_t pid;
	int r;

	if (outbox_id("retry", arg, &id) == -1)
		return EXIT_USAGE;
	if ((st = cmd_store_rw(cli, argc, argv)) == NULL)
		return EXIT_RUNTIME;
	if ((r = outbox_retry(cli->cfg, st, id, &err)) != 1) {
		fprintf(stderr, "gongkai outbox retry: %s\n", err);
		free(err);
		return EXIT_RUNTIME;
	}
	pid = outbox_poke_daemon(cli->cfg, "retry");
	if (pid > 0)
		printf("outbox retry: %lld queued again; gongkai run (PID %ld) "
		    "delivers it\n", id, (long)pid);
	else
		printf("outbox retry: %lld queued again; it goes out at the "
		    "next run or outbox flush\n", id);
	return EXIT_OK;
}

static int
cmd_outbox_exec(struct cli *cli, int argc, char **argv)
{
	struct outbox_print op = { NULL };
	struct store *st = NULL;
	int rv = EXIT_RUNTIME;

	if ((argc == 3 || argc == 5) && strcmp(argv[1], "deliver") == 0) {
		long parent = strtol(argv[2], NULL, 10);
		long slot = argc == 5 ? strtol(argv[3], NULL, 10) : 0;
		long nslots = argc == 5 ? strtol(argv[4], NULL, 10) : 1;

		if (parent <= 1 || nslots < 1 ||
		    nslots > OUTBOX_MAX_CONNECTIONS || slot < 0 ||
		    slot >= nslots) {
			fprintf(stderr, "usage: gongkai outbox deliver PID "
			    "[SLOT NSLOTS]\n");
			return EXIT_USAGE;
		}
		if ((st = cmd_store_rw(cli, argc, argv)) == NULL)
			return EXIT_RUNTIME;
		return outbox_deliver_child(cli->cfg, st, (pid_t)parent,
		    (int)slot, (int)nslots) == -1 ? EXIT_RUNTIME : EXIT_OK;
	}
	if (argc == 2 && strcmp(argv[1], "flush") == 0)
		return cmd_outbox_flush(cli, argc, argv);
	if (argc == 3 && strcmp(argv[1], "retry") == 0)
		return cmd_outbox_retry(cli, argc, argv);
	if (argc == 3 && strcmp(argv[1], "cat") == 0)
		return cmd_outbox_cat(cli, argv[2]);
	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		op.json = json_array_new();
	else if (argc != 1)
		return cmd_usage(&cmd_outbox_entry);
	if ((st = cmd_store(cli)) == NULL)
		goto out;
	op.tz = cli->cfg->office.timezone;
	if (op.json == NULL) {
		print_row("ID", "STATE", "TRIES", "CASE", "TO", "MESSAGE-ID",
		    "SUBJECT");
		putchar('\n');
	}
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
