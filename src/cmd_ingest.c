/*
 * cmd_ingest.c - `gongkai ingest [--received TIME] FILE...`
 * (doc/commands.md): raw messages (- for stdin) processed as if they came
 * from IMAP, arrived at TIME (what INTERNALDATE says of IMAP mail;
 * default now), one line each on stdout: "FILE: mail ID: OUTCOME [CASE]
 * [REASON]".  Exit 0; 1
 * when a file cannot be read or a mail not recorded; 2 for a usage
 * error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "ingest.h"
#include "store.h"
#include "xmalloc.h"

static int	cmd_ingest_exec(struct cli *, int, char **);

const struct cmd_entry cmd_ingest_entry = {
	.name = "ingest",
	.usage = "ingest [--received TIME] FILE... (- for stdin)",
	.summary = "process raw messages as if they came from IMAP",
	.flags = CMD_CONFIG | CMD_STORE | CMD_WRITES,
	.exec = cmd_ingest_exec,
};

/* Reads all of fd, at most `cap` bytes; NULL (errno set) on failure. */
static char *
read_capped(int fd, size_t cap, size_t *lenp)
{
	size_t len = 0, size = 65536;
	char *buf = xmalloc(size);
	ssize_t n;

	for (;;) {
		if (len == size) {
			if (size > cap) {
				free(buf);
				errno = EFBIG;
				return NULL;
			}
			size *= 2;
			buf = xreallocarray(buf, size, 1);
		}
		n = read(fd, buf + len, size - len);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			free(buf);
			return NULL;
		}
		len += (size_t)n;
	}
	*lenp = len;
	return buf;
}

static int
cmd_ingest_exec(struct cli *cli, int argc, char **argv)
{
	struct ingest_source src = { "file", 0, 0, 0 };
	struct ingest_result res;
	struct store *st;
	/* A mail over the limit is still kept, and held: read well past it. */
	size_t cap = (size_t)cli->cfg->security.max_message_bytes * 4;
	int i = 1, rv = EXIT_OK;

	if (argc > 2 && strcmp(argv[1], "--received") == 0) {
		if (clock_parse(argv[2], &src.received_at) == -1) {
			fprintf(stderr, "gongkai ingest: --received %s: not an "
			    "ISO 8601 time with offset (2026-11-13T17:30:00"
			    "+08:00)\n", argv[2]);
			return EXIT_USAGE;
		}
		i = 3;
	}
	if (i >= argc)
		return cmd_usage(&cmd_ingest_entry);
	if ((st = cmd_store(cli)) == NULL)
		return EXIT_RUNTIME;
	for (; i < argc; i++) {
		int fd = strcmp(argv[i], "-") == 0 ? 0 :
		    open(argv[i], O_RDONLY | O_CLOEXEC);
		size_t len;
		char *raw;

		if (fd == -1 || (raw = read_capped(fd, cap, &len)) == NULL) {
			fprintf(stderr, "gongkai ingest: %s: %s\n", argv[i],
			    strerror(errno));
			if (fd > 0)
				close(fd);
			rv = EXIT_RUNTIME;
			continue;
		}
		if (fd > 0)
			close(fd);
		if (ingest_mail(cli->cfg, st, raw, len, &src, &res) == -1) {
			fprintf(stderr, "gongkai ingest: %s: not recorded; "
			    "see the log above\n", argv[i]);
			rv = EXIT_RUNTIME;
		} else
			printf("%s: mail %lld: %s%s%s%s%s\n", argv[i],
			    res.mail_id, res.outcome, res.case_id[0] ? " " : "",
			    res.case_id, res.reason ? " " : "",
			    res.reason ? res.reason : "");
		free(raw);
	}
	return rv;
}
