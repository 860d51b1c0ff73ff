/*
 * cmd_open.c - `gongkai open --channel letter|visit|portal|fax --received
 * DATE [--from ADDRESS] FILE` (doc/commands.md): a request that came by
 * another channel than the office's mailbox (条例 Art. 31(1)(2)), from a
 * typed or scanned text or a mail file, opened with its lawful receipt
 * date through the path of every request (ingest.h, `channel`).  The
 * acknowledgment is mailed when the request has an address (the mail
 * file's From, or --from for a text), and otherwise written for printing
 * next to the case in the spool.  Exit 0; 1 when the file cannot be read
 * or the request not recorded; 2 for a usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "address.h"
#include "calendar.h"
#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "ingest.h"
#include "request.h"
#include "spool.h"
#include "store.h"
#include "xmalloc.h"

static int	cmd_open_exec(struct cli *, int, char **);

const struct cmd_entry cmd_open_entry = {
	.name = "open",
	.usage = "open --channel C --received DATE [--from ADDR] FILE",
	.summary = "open a request that came by letter, visit, portal or fax",
	.flags = CMD_CONFIG | CMD_STORE,
	.exec = cmd_open_exec,
};

static const char *const channels[] = { "letter", "visit", "portal", "fax" };

/* Whether text is a mail already: a header line first, then a blank. */
static int
is_mail(const char *text)
{
	const char *p = text;

	while (*p != '\0' && *p != '\n' && *p != ':' && *p != ' ')
		p++;
	return p > text && *p == ':' && strstr(text, "\n\n") != NULL &&
	    (g_ascii_strncasecmp(text, "From:", 5) == 0 ||
	    g_ascii_strncasecmp(text, "Subject:", 8) == 0 ||
	    g_ascii_strncasecmp(text, "Date:", 5) == 0 ||
	    g_ascii_strncasecmp(text, "To:", 3) == 0 ||
	    g_ascii_strncasecmp(text, "Message-ID:", 11) == 0 ||
	    g_ascii_strncasecmp(text, "Return-Path:", 12) == 0 ||
	    g_ascii_strncasecmp(text, "Received:", 9) == 0 ||
	    g_ascii_strncasecmp(text, "MIME-Version:", 13) == 0);
}

/* A typed request as a mail of the office: the text is the body. */
static char *
wrap_text(const struct config *cfg, const char *channel, const char *from,
    const char *text, time_t at)
{
	const char *dom = strrchr(cfg->office.address, '@');
	static const char subject[] = "政府信息公开申请";
	char sha[65], *date, *raw, *subj;
	GDateTime *dt = g_date_time_new_from_unix_utc(at);

	spool_sha256(text, strlen(text), sha);
	date = g_date_time_format(dt, "%a, %d %b %Y %H:%M:%S +0000");
	g_date_time_unref(dt);
	subj = g_base64_encode((const guchar *)subject, strlen(subject));
	raw = xasprintf("%s%s%sTo: <%s>\r\nSubject: =?UTF-8?B?%s?=\r\n"
	    "Date: %s\r\nMessage-ID: <open-%s-%.24s@%s>\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n%s%s",
	    from ? "From: <" : "", from ? from : "", from ? ">\r\n" : "",
	    cfg->office.address, subj, date, channel, sha,
	    dom ? dom + 1 : "localhost", text,
	    g_str_has_suffix(text, "\n") ? "" : "\n");
	g_free(subj);
	g_free(date);
	return raw;
}

static int
cmd_open_exec(struct cli *cli, int argc, char **argv)
{
	struct ingest_source src = { "open", 0, 0, 0, NULL };
	struct ingest_result res;
	struct store_case c;
	struct store *st;
	const char *channel = NULL, *when = NULL, *from = NULL, *file = NULL;
	char *text = NULL, *raw, *dir;
	GError *gerr = NULL;
	gsize len;
	size_t i;
	int a, d, rv = EXIT_RUNTIME;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--channel") == 0 && a + 1 < argc)
			channel = argv[++a];
		else if (strcmp(argv[a], "--received") == 0 && a + 1 < argc)
			when = argv[++a];
		else if (strcmp(argv[a], "--from") == 0 && a + 1 < argc)
			from = argv[++a];
		else if (file == NULL && (argv[a][0] != '-' ||
		    strcmp(argv[a], "-") == 0))
			file = argv[a];
		else
			return cmd_usage(&cmd_open_entry);
	}
	if (channel == NULL || when == NULL || file == NULL)
		return cmd_usage(&cmd_open_entry);
	for (i = 0; i < G_N_ELEMENTS(channels); i++)
		if (strcmp(channel, channels[i]) == 0)
			break;
	if (i == G_N_ELEMENTS(channels)) {
		fprintf(stderr, "gongkai open: --channel %s: one of letter, "
		    "visit, portal, fax (条例 Art. 31)\n", channel);
		return EXIT_USAGE;
	}
	src.channel = channels[i];
	/* A day is the receipt day, at noon in the office's time zone. */
	if (calendar_date_parse(when, &d) == 0)
		src.received_at = clock_day_start(d, cli->cfg->office.timezone) +
		    12 * 3600;
	else if (clock_parse(when, &src.received_at) == -1) {
		fprintf(stderr, "gongkai open: --received %s: a date "
		    "(2026-09-18) or an ISO 8601 time with offset\n", when);
		return EXIT_USAGE;
	}
	if (src.received_at > clock_now()) {
		fprintf(stderr, "gongkai open: --received %s: in the future\n",
		    when);
		return EXIT_USAGE;
	}
	if (from != NULL && !address_valid(from)) {
		fprintf(stderr, "gongkai open: --from %s: not a mail address\n",
		    from);
		return EXIT_USAGE;
	}
	if (strcmp(file, "-") == 0) {
		GIOChannel *io = g_io_channel_unix_new(0);

		g_io_channel_set_encoding(io, NULL, NULL);
		if (g_io_channel_read_to_end(io, &text, &len, &gerr) !=
		    G_IO_STATUS_NORMAL)
			text = NULL;
		g_io_channel_unref(io);
	} else if (!g_file_get_contents(file, &text, &len, &gerr))
		text = NULL;
	if (text == NULL) {
		fprintf(stderr, "gongkai open: %s: %s\n", file,
		    gerr ? gerr->message : "cannot read");
		if (gerr)
			g_error_free(gerr);
		return EXIT_RUNTIME;
	}
	if (is_mail(text)) {
		if (from != NULL) {
			fprintf(stderr, "gongkai open: %s is a mail: its From "
			    "is the address; --from is for a typed text\n",
			    file);
			g_free(text);
			return EXIT_USAGE;
		}
		raw = xstrdup(text);
	} else
		raw = wrap_text(cli->cfg, src.channel, from, text,
		    src.received_at);
	g_free(text);
	if ((st = cmd_store(cli)) == NULL) {
		free(raw);
		return EXIT_RUNTIME;
	}
	if (ingest_mail(cli->cfg, st, raw, strlen(raw), &src, &res) == -1 ||
	    res.case_id[0] == '\0') {
		fprintf(stderr, "gongkai open: %s: not opened (%s); see the "
		    "log\n", file, res.outcome ? res.outcome : "failed");
		free(raw);
		return EXIT_RUNTIME;
	}
	free(raw);
	memset(&c, 0, sizeof(c));
	if (store_case_get(st, res.case_id, &c) != 1) {
		fprintf(stderr, "gongkai open: %s: cannot be read back\n",
		    res.case_id);
		return EXIT_RUNTIME;
	}
	printf("%s: opened (%s), received %s, due %s\n", c.id, src.channel,
	    c.receipt_date ? c.receipt_date : "?",
	    c.due_date ? c.due_date : "?");
	if (c.applicant_email != NULL && *c.applicant_email != '\0')
		printf("%s: the acknowledgment is mailed to %s\n", c.id,
		    c.applicant_email);
	else {
		dir = request_ack_dir(cli->cfg, c.id);
		printf("%s: no address: print the acknowledgment %s/%s.txt "
		    "or %s/%s.html and send it by post\n", c.id, dir,
		    REQUEST_ACK_FILE, dir, REQUEST_ACK_FILE);
		g_free(dir);
	}
	rv = EXIT_OK;
	store_case_clear(&c);
	return rv;
}
