/*
 * imap_tool.c - drives the imap.h API against a real server, for
 * tests/integration/imap_api.sh and for measurements.
 *
 *	imap_tool [-m MAILBOX] [-d DONE] [-x MAX] CONF COMMAND [ARG]
 *
 *	caps		the capabilities after login
 *	select		"uidvalidity V uidnext N"
 *	list [AFTER [MAX]]	the UIDs above AFTER (default 0), one a line, at
 *			most MAX (the lowest)
 *	fetch [DIR]	every message: "UID LEN" or "UID oversize SIZE";
 *			with DIR, each one is written to DIR/UID.eml
 *	move UID|all	moves to DONE ([imap] done_mailbox by default)
 *	idle SECONDS	"woken MS", "timeout MS" or "stopped MS"; SIGTERM
 *			or SIGINT stop it through the stop flag
 *
 * MAILBOX defaults to [imap] mailbox, MAX to [security] max_message_bytes.
 * Exit 0 on success, 1 with the error on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "imap.h"
#include "xmalloc.h"

static volatile sig_atomic_t tool_stop;

struct tool_fetch {
	const char	*dir;
	size_t		 count;
	size_t		 bytes;
	int		 quiet;
};

static void
tool_onsignal(int sig)
{
	(void)sig;
	tool_stop = 1;
}

static int
tool_write(const char *path, const char *data, size_t len)
{
	ssize_t w;
	int fd, rv = -1;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while (len > 0) {
		if ((w = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			goto out;
		}
		data += w;
		len -= (size_t)w;
	}
	rv = 0;
out:
	close(fd);
	return rv;
}

static int
tool_got(void *arg, const struct imap_message *m)
{
	struct tool_fetch *tf = arg;
	const char *data = m->data;
	uint32_t uid = m->uid;
	size_t len = m->len;
	char *path;
	int rv;

	if (data == NULL) {
		printf("%u oversize %zu\n", uid, len);
		return 0;
	}
	tf->count++;
	tf->bytes += len;
	if (!tf->quiet)
		printf("%u %zu\n", uid, len);
	if (tf->dir == NULL)
		return 0;
	path = xasprintf("%s/%u.eml", tf->dir, uid);
	rv = tool_write(path, data, len);
	free(path);
	return rv;
}

static void
usage(void)
{
	fprintf(stderr, "usage: imap_tool [-m mailbox] [-d done] [-x max] "
	    "[-q] conf caps|select|list|fetch|move|idle [arg]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct config *cfg = NULL;
	struct imap *im = NULL;
	struct tool_fetch tf = { NULL, 0, 0, 0 };
	struct sigaction sa;
	const char *mailbox = NULL, *done = NULL, *cmd;
	uint32_t uidvalidity, uidnext, *uids = NULL;
	size_t n = 0, i, max = 0;
	char *err = NULL;
	double t0;
	int c, woken, rv = 1;

	while ((c = getopt(argc, argv, "d:m:qx:")) != -1) {
		switch (c) {
		case 'd':
			done = optarg;
			break;
		case 'm':
			mailbox = optarg;
			break;
		case 'q':
			tf.quiet = 1;
			break;
		case 'x':
			max = strtoul(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		usage();
	cmd = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);

	if ((cfg = config_load(argv[0], CONFIG_SECRET_MAY_BE_MISSING,
	    &err)) == NULL)
		goto out;
	if (mailbox == NULL)
		mailbox = cfg->imap.mailbox;
	if (done == NULL)
		done = cfg->imap.done_mailbox;
	if (max == 0)
		max = cfg->security.max_message_bytes;
	if ((im = imap_open(cfg, &err)) == NULL)
		goto out;
	if (strcmp(cmd, "caps") == 0) {
		printf("%s\n", imap_capabilities(im));
		rv = 0;
		goto out;
	}
	if (imap_select(im, mailbox, &uidvalidity, &uidnext, &err) == -1)
		goto out;
	if (strcmp(cmd, "select") == 0) {
		printf("uidvalidity %u uidnext %u\n", uidvalidity, uidnext);
	} else if (strcmp(cmd, "list") == 0) {
		/* list [AFTER [MAX]] */
		if (imap_list_after(im, argc > 2 ? (uint32_t)strtoul(argv[2],
		    NULL, 10) : 0, argc > 3 ? strtoul(argv[3], NULL, 10) :
		    SIZE_MAX, &uids, &n, &err) == -1)
			goto out;
		for (i = 0; i < n; i++)
			printf("%u\n", uids[i]);
	} else if (strcmp(cmd, "fetch") == 0) {
		tf.dir = argc > 2 ? argv[2] : NULL;
		t0 = clock_mono();
		if (imap_list_after(im, 0, SIZE_MAX, &uids, &n, &err) == -1 ||
		    imap_fetch(im, uids, n, max, tool_got, &tf, &err) == -1)
			goto out;
		fprintf(stderr, "fetched %zu messages, %zu bytes in %.3f s\n",
		    tf.count, tf.bytes, clock_mono() - t0);
	} else if (strcmp(cmd, "move") == 0 && argc > 2) {
		if (strcmp(argv[2], "all") == 0) {
			if (imap_list_after(im, 0, SIZE_MAX, &uids, &n,
			    &err) == -1)
				goto out;
		} else {
			uids = xmalloc(sizeof(*uids));
			uids[0] = (uint32_t)strtoul(argv[2], NULL, 10);
			n = 1;
		}
		for (i = 0; i < n; i++)
			if (imap_move(im, uids[i], done, &err) == -1)
				goto out;
	} else if (strcmp(cmd, "idle") == 0 && argc > 2) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = tool_onsignal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		/* Anything already there is not news. */
		if (imap_list_after(im, 0, SIZE_MAX, &uids, &n, &err) == -1)
			goto out;
		printf("ready\n");
		t0 = clock_mono();
		if (imap_idle(im, (unsigned)strtoul(argv[2], NULL, 10),
		    &tool_stop, &woken, &err) == -1)
			goto out;
		printf("%s %.0f\n", woken ? "woken" : tool_stop ? "stopped" :
		    "timeout", (clock_mono() - t0) * 1000);
	} else {
		usage();
	}
	rv = 0;
out:
	if (err != NULL)
		fprintf(stderr, "imap_tool: %s\n", err);
	free(err);
	free(uids);
	imap_close(im);
	config_free(cfg);
	return rv;
}
