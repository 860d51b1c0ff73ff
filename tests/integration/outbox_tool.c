/*
 * outbox_tool.c - drives the outbox.h API for tests/integration/
 * outbox_smtp.sh, until every kind of mail has a real command that
 * queues it.
 *
 *	outbox_tool CONF COMMAND [ARG...]
 *
 *	case EMAIL NAME SUBJECT
 *		opens a request case; prints its id
 *	enqueue CASE|- KIND TO NAME|- SUBJECT BODY [TOKEN|- [NAME=SPOOLPATH...]]
 *		queues a mail (in its own transaction); prints "ID MESSAGE-ID"
 *	flush	delivers what is due; prints "sent N", or exits 1 when the
 *		server could not be reached
 *	retry-now [ID]
 *		makes queued mail ID (default: all) due now; prints how many
 *
 * The database and the spool must exist (gongkai init).  GONGKAI_NOW pins
 * the clock as --now does.  Exit 0 on success, 1 with the error on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "outbox.h"
#include "smtp.h"
#include "store.h"
#include "xmalloc.h"

static const char *
dash(const char *s)
{
	return strcmp(s, "-") == 0 ? NULL : s;
}

static int
tool_case(const struct config *cfg, struct store *st, char **argv)
{
	time_t now = clock_now();
	struct tm tm;
	char *id;

	gmtime_r(&now, &tm);
	if (store_begin(st) == -1)
		return -1;
	if ((id = store_case_open(st, cfg->office.case_prefix,
	    tm.tm_year + 1900, "request", "received", now, argv[0], argv[1],
	    argv[2], 0)) == NULL || store_commit(st) == -1) {
		store_rollback(st);
		free(id);
		return -1;
	}
	printf("%s\n", id);
	free(id);
	return 0;
}

static int
tool_enqueue(const struct config *cfg, struct store *st, int argc,
    char **argv)
{
	struct outbox_attachment *att = NULL;
	struct outmail om;
	char *msgid = NULL;
	long long id;
	int i, n = 0, rv = -1;

	memset(&om, 0, sizeof(om));
	om.case_id = dash(argv[0]);
	om.kind = argv[1];
	om.to_addr = argv[2];
	om.to_name = dash(argv[3]);
	om.subject = argv[4];
	om.body = argv[5];
	om.token = argc > 6 ? dash(argv[6]) : NULL;
	if (argc > 7)
		att = xcalloc((size_t)(argc - 7), sizeof(*att));
	for (i = 7; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq == NULL) {
			fprintf(stderr, "outbox_tool: %s: not NAME=SPOOLPATH\n",
			    argv[i]);
			goto out;
		}
		*eq = '\0';
		att[n].filename = argv[i];
		att[n].spool_path = eq + 1;
		n++;
	}
	om.attachments = att;
	om.nattachments = (size_t)n;
	if (store_begin(st) == -1)
		goto out;
	if ((id = outbox_enqueue(cfg, st, &om, &msgid)) == -1 ||
	    store_commit(st) == -1) {
		store_rollback(st);
		goto out;
	}
	printf("%lld %s\n", id, msgid);
	rv = 0;
out:
	free(att);
	free(msgid);
	return rv;
}

int
main(int argc, char **argv)
{
	struct config *cfg = NULL;
	struct store *st = NULL;
	const char *now = getenv("GONGKAI_NOW");
	char *err = NULL;
	int n, rv = 1;

	log_init("outbox_tool", getenv("GK_VERBOSE") != NULL);
	if (now != NULL && *now != '\0' && clock_pin(now) == -1) {
		fprintf(stderr, "outbox_tool: GONGKAI_NOW: bad time\n");
		return 1;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: outbox_tool CONF case|enqueue|flush|"
		    "retry-now [ARG...]\n");
		return 1;
	}
	smtp_global_init();
	if ((cfg = config_load(argv[1], 0, &err)) == NULL ||
	    (st = store_open(cfg->store.database, 0, &err)) == NULL)
		goto out;
	argc -= 2;
	argv += 2;
	if (strcmp(argv[0], "case") == 0 && argc == 4)
		rv = tool_case(cfg, st, argv + 1) == 0 ? 0 : 1;
	else if (strcmp(argv[0], "enqueue") == 0 && argc >= 7)
		rv = tool_enqueue(cfg, st, argc - 1, argv + 1) == 0 ? 0 : 1;
	else if (strcmp(argv[0], "flush") == 0 && argc == 1) {
		if ((n = outbox_flush(cfg, st)) >= 0) {
			printf("sent %d\n", n);
			rv = 0;
		} else
			fprintf(stderr, "outbox_tool: flush: the server could "
			    "not be reached (see the log)\n");
	} else if (strcmp(argv[0], "retry-now") == 0 && argc <= 2) {
		if ((n = store_outbox_retry_now(st, argc == 2 ?
		    strtoll(argv[1], NULL, 10) : 0, clock_wall())) >= 0) {
			printf("%d\n", n);
			rv = 0;
		}
	} else
		fprintf(stderr, "outbox_tool: %s: unknown command or wrong "
		    "arguments\n", argv[0]);
out:
	if (err != NULL) {
		fprintf(stderr, "outbox_tool: %s\n", err);
		free(err);
	}
	store_close(st);
	config_free(cfg);
	return rv;
}
