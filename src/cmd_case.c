/*
 * cmd_case.c - `gongkai case CASE COMMAND [ARGS]` (doc/commands.md): a
 * secretariat command applied locally, recorded with the local user's
 * name.  Today one command: ALLOW-LATE-CORRECTION reason (准许逾期补正),
 * the secretariat's leave for a correction notice after its 7th working
 * day (条例 Art. 30).  Exit 0; 1 when the case cannot take it or the
 * database fails; 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "request.h"
#include "store.h"

static int	cmd_case_exec(struct cli *, int, char **);

const struct cmd_entry cmd_case_entry = {
	.name = "case",
	.usage = "case CASE ALLOW-LATE-CORRECTION REASON...",
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

static int
cmd_case_exec(struct cli *cli, int argc, char **argv)
{
	struct store *st;
	const char *why;
	char *reason, *actor;
	int r;

	if (argc < 4 || (strcasecmp(argv[2], "ALLOW-LATE-CORRECTION") != 0 &&
	    strcmp(argv[2], "准许逾期补正") != 0))
		return cmd_usage(&cmd_case_entry);
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
