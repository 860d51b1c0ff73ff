/*
 * cmd_case.c - `gongkai case CASE COMMAND [ARGS]` (doc/commands.md): a
 * secretariat command applied locally, recorded with the local user's
 * name:
 *
 *	ALLOW-LATE-CORRECTION reason (准许逾期补正): the secretariat's leave
 *	for a correction notice after its 7th working day (条例 Art. 30);
 *	REVIEW-FILED, REVIEW-RESULT R, SUIT-FILED [after-review],
 *	SUIT-RESULT R: reconsideration and lawsuits on an answered case,
 *	for table 四 (appeal.h);
 *	REPEAL [note] (废止): a published 规章 or 行政规范性文件 is
 *	repealed, for table 二 (request_item_repeal()).
 *
 * Exit 0; 1 when the case cannot take it or the database fails; 2 for a
 * usage error (an unknown command or result word).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "appeal.h"
#include "request.h"
#include "store.h"

static int	cmd_case_exec(struct cli *, int, char **);

const struct cmd_entry cmd_case_entry = {
	.name = "case",
	.usage = "case CASE COMMAND [ARG...]",
	.summary = "a secretariat command on one case, applied locally",
	.flags = CMD_CONFIG | CMD_STORE | CMD_WRITES,
	.exec = cmd_case_exec,
};

/* Who gave it: the user who ran sudo, else the login name. */
static const char *
case_actor(void)
{
	const char *names[] = { "SUDO_USER", "LOGNAME", "USER" }, *v;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(names); i++)
		if ((v = getenv(names[i])) != NULL && *v != '\0')
			return v;
	return "local";
}

/* An appeal command (appeal.h): its exit code, or -2 when it is none. */
static int
case_appeal(struct cli *cli, int argc, char **argv)
{
	struct appeal_cmd cmd;
	struct store *st;
	const char *why;
	char *actor;
	int r;

	if ((r = appeal_parse(argc - 2, argv + 2, &cmd, &why)) == 1)
		return -2;
	if (r == -1) {
		fprintf(stderr, "gongkai case: %s: %s: %s\n", argv[1], argv[2],
		    why);
		return EXIT_USAGE;
	}
	if ((st = cmd_store(cli)) == NULL) {
		appeal_cmd_clear(&cmd);
		return EXIT_RUNTIME;
	}
	actor = g_strdup_printf("%s (local)", case_actor());
	r = appeal_apply(st, argv[1], actor, &cmd, clock_now(), &why);
	if (r == 1)
		fprintf(stderr, "gongkai case: %s: %s refused: %s\n", argv[1],
		    argv[2], why);
	else if (r == 0)
		printf("%s: %s (%s; counted in table 四)\n", argv[1],
		    appeal_done_words(&cmd), appeal_event_type(&cmd));
	g_free(actor);
	appeal_cmd_clear(&cmd);
	return r == 0 ? EXIT_OK : EXIT_RUNTIME;
}

/* REPEAL: its exit code, or -2 when argv[2] is not it. */
static int
case_repeal(struct cli *cli, int argc, char **argv)
{
	struct store *st;
	const char *why;
	char *note, *actor;
	int r;

	if (strcasecmp(argv[2], "REPEAL") != 0 && strcmp(argv[2], "废止") != 0)
		return -2;
	if ((st = cmd_store(cli)) == NULL)
		return EXIT_RUNTIME;
	note = g_strjoinv(" ", argv + 3);
	g_strstrip(note);
	actor = g_strdup_printf("%s (local)", case_actor());
	r = request_item_repeal(st, argv[1], actor, note, clock_now(), &why);
	if (r == 1)
		fprintf(stderr, "gongkai case: %s: REPEAL refused: %s\n",
		    argv[1], why);
	else if (r == 0)
		printf("%s: repealed (counted in table 二 as 本年废止, no "
		    "longer 现行有效)\n", argv[1]);
	g_free(note);
	g_free(actor);
	return r == 0 ? EXIT_OK : EXIT_RUNTIME;
}

static int
cmd_case_exec(struct cli *cli, int argc, char **argv)
{
	struct store *st;
	const char *why;
	char *reason, *actor;
	int r;

	if (argc >= 3 && ((r = case_appeal(cli, argc, argv)) != -2 ||
	    (r = case_repeal(cli, argc, argv)) != -2))
		return r;
	if (argc < 4 || (strcasecmp(argv[2], "ALLOW-LATE-CORRECTION") != 0 &&
	    strcmp(argv[2], "准许逾期补正") != 0)) {
		fputs("gongkai case: the commands are\n"
		    "  ALLOW-LATE-CORRECTION REASON...\n"
		    "  REVIEW-FILED [NOTE...]\n"
		    "  REVIEW-RESULT 维持|纠正|其他 [NOTE...]\n"
		    "  SUIT-FILED [after-review] [NOTE...]\n"
		    "  SUIT-RESULT 维持|纠正|其他 [NOTE...]\n"
		    "  REPEAL [NOTE...]\n", stderr);
		return cmd_usage(&cmd_case_entry);
	}
	if ((st = cmd_store(cli)) == NULL)
		return EXIT_RUNTIME;
	reason = g_strjoinv(" ", argv + 3);
	g_strstrip(reason);
	actor = g_strdup_printf("%s (local)", case_actor());
	r = request_allow_late_correction(st, argv[1], actor, reason,
	    clock_now(), &why);
	if (r == 1)
		fprintf(stderr, "gongkai case: %s: %s\n", argv[1], why);
	else if (r == 0)
		printf("%s: a late correction notice is allowed (Art. 30); "
		    "the answer period will not restart\n", argv[1]);
	g_free(reason);
	g_free(actor);
	return r == 0 ? EXIT_OK : EXIT_RUNTIME;
}
