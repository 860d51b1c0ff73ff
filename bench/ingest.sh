#!/bin/bash
# bench/ingest.sh [N] [request|list] - gongkai's ingest rate against the
# raw IMAP fetch rate of the same mailbox, measured in the same run on a
# real Dovecot.  "request" mails (the default) each open a case and queue
# an acknowledgment and a handler notice; "list" mails (Precedence: list)
# are only spooled, parsed, classified and recorded: the ingest path
# alone.
#
# N mails (default 10000, about 1 KB each) are written straight into the
# office's Maildir, and again into a folder of the second baseline.  The
# baseline reads them all with one UID FETCH BODY.PEEK[]
# (bench/rawfetch.py); the second fetches and MOVEs them in gongkai's
# rounds, keeping nothing (bench/imapmove.py): the server's share of any
# client that moves a mail only once it is kept.  Then `gongkai run
# --once` takes them in: spool (fsync), SQLite (one row and one decision
# each), MOVE to the done mailbox.  Prints the rates, the ratios (goal:
# at least 0.25 of the raw fetch) and the peak memory, the daemon's own
# split into its heap and the shared libraries.  Needs a built tree:
# GONGKAI=path (default build/gongkai).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${GK_SRCDIR:=$(dirname "$here")}"
export GK_SRCDIR	# gongkai finds its templates and calendar by it
: "${GONGKAI:=$GK_SRCDIR/build/gongkai}"
N=${1:-10000}
KIND=${2:-request}
. "$GK_SRCDIR/tests/harness/lib.sh"

mailstack_start
# SMTP points nowhere: what is measured is taking mail in (the outbox
# delivery of the acknowledgments is bench/review.sh's business); the
# queued mails are deferred in one try.
gk_config "" "" smtp://127.0.0.1:1 >/dev/null
"$GONGKAI" -c "$GK_CONF" init >/dev/null 2>&1

# The office's mailbox exists once Dovecot has seen a login.
imap_count gongkai@fao.example.test INBOX >/dev/null
md=$MS_DIR/mail/fao.example.test/gongkai/Maildir
python3 - "$md" "$N" "$KIND" <<'PY'
import os, sys, time
md, n, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
extra = "Precedence: list\r\nList-Id: <bench.example.test>\r\n" if kind == "list" else ""
# The same mails go to INBOX (gongkai's) and to the folder Floor (the
# second baseline's).
boxes = (md, os.path.join(md, ".Floor"))
for b in boxes:
    os.makedirs(b, mode=0o700, exist_ok=True)
    for d in ("tmp", "new", "cur"):
        # 0700 as Dovecot makes them: a folder of other permissions
        # than its destination is copied file by file (with an fsync
        # each), not hard-linked.
        os.makedirs(os.path.join(b, d), mode=0o700, exist_ok=True)
body = ("姓名：测试\r\n所需信息：2025年度因公出国（境）团组情况，包括团组名称、"
        "出访国家、人数和天数。\r\n获取方式：电子邮件\r\n" * 6)
for i in range(n):
    msg = (("From: Citizen %d <c%d@example.test>\r\nTo: gongkai@fao.example.test\r\n"
            "Subject: =?UTF-8?B?55Sz6K+35YWs5byA?= %d\r\n"
            "Message-ID: <bench.%d.%d@example.test>\r\n"
            "Date: Mon, 12 Oct 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
            % (i, i, i, i, os.getpid())) + extra +
           "Content-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n" + body).encode()
    name = "%d.M%dP%d.bench,S=%d" % (int(time.time()), i, os.getpid(), len(msg))
    for b in boxes:
        with open(os.path.join(b, "tmp", name), "wb") as f:
            f.write(msg)
        os.rename(os.path.join(b, "tmp", name), os.path.join(b, "new", name))
PY
chown -R vmail:vmail "$MS_DIR/mail"
tap_diag "mailbox: $(imap_count gongkai@fao.example.test INBOX) messages"

read -r raw_n raw_bytes raw_s < <(python3 "$here/rawfetch.py" 127.0.0.1 \
    "$MS_IMAP_PORT" gongkai@fao.example.test "$MS_PASSWORD" INBOX)
[ "$raw_n" = "$N" ] || { echo "baseline fetched $raw_n of $N" >&2; exit 1; }
# The second baseline: fetch and MOVE in gongkai's rounds of 200
# (DAEMON_BATCH in src/daemon.c), nothing kept.
read -r mv_n mv_bytes mv_s < <(python3 "$here/imapmove.py" 127.0.0.1 \
    "$MS_IMAP_PORT" gongkai@fao.example.test "$MS_PASSWORD" Floor FloorDone 200)
[ "$mv_n" = "$N" ] || { echo "second baseline moved $mv_n of $N" >&2; exit 1; }

# run --once exits 1 because SMTP is unreachable; the counts below check
# that every mail was taken in.
# The daemon's own memory (the max RSS that time reports is the largest
# of it and its children) is read from /proc while it runs: its peak,
# and at the last reading the part that is mapped files (shared
# libraries: the same in every process of this binary) and the part that
# is its own (heap, stacks).
/usr/bin/time -f '%e %M %U %S' -o "$GK_DIR/time" "$GONGKAI" -c "$GK_CONF" \
    run --once 2>"$GK_DIR/run.log" &
tpid=$!
mem=
while kill -0 "$tpid" 2>/dev/null; do
	dpid=$(pgrep -o -P "$tpid" || true)
	m=
	if [ -n "$dpid" ]; then
		m=$(awk '/^(VmHWM|RssAnon|RssFile):/ { printf "%s ", $2 }' \
		    "/proc/$dpid/status" 2>/dev/null || true)
	fi
	[ -z "$m" ] || mem=$m
	sleep 0.1
done
wait "$tpid" || true
read -r gk_s gk_kb gk_user gk_sys < <(tail -n 1 "$GK_DIR/time")
done_n=$(imap_count gongkai@fao.example.test Processed)
rows=$(sqlite3 "$GK_DIR/gongkai.db" "SELECT count(*) FROM mails")
[ "$done_n" = "$N" ] && [ "$rows" = "$N" ] ||
    { echo "gongkai processed $rows, moved $done_n of $N" >&2; exit 1; }

echo "kind of mail: $KIND"
awk -v n="$N" -v rb="$raw_bytes" -v rs="$raw_s" -v gs="$gk_s" -v kb="$gk_kb" \
    -v ms="$mv_s" -v cpu="$(awk -v u="$gk_user" -v s="$gk_sys" 'BEGIN { print u + s }')" 'BEGIN {
	raw = n / rs; gk = n / gs; mv = n / ms
	printf "mails: %d (%.1f MB)\n", n, rb / 1e6
	printf "raw IMAP fetch (baseline): %.3f s, %.0f msg/s\n", rs, raw
	printf "IMAP fetch + MOVE in rounds of 200, nothing kept (second baseline): %.3f s, %.0f msg/s = %.3f of raw fetch\n", ms, mv, mv / raw
	printf "gongkai run --once:        %.3f s, %.0f msg/s (spool, parse, SQLite, MOVE; a request also opens its case and queues two mails)\n", gs, gk
	printf "  of which gongkai on the CPU: %.3f s (its parser children included); the rest is waiting: Dovecot, fsync\n", cpu
	printf "ratio gongkai/raw: %.3f (goal >= 0.25)\n", gk / raw
	printf "ratio gongkai/(fetch + MOVE): %.3f\n", gk / mv
	printf "peak memory (max RSS): %.1f MiB\n", kb / 1024
}'
[ -z "$mem" ] || echo "$mem" | awk '{ printf "the daemon alone: peak %.1f MiB; at the last reading %.1f MiB its own (heap, stacks), %.1f MiB mapped files (shared libraries)\n", $1 / 1024, $2 / 1024, $3 / 1024 }'
