#!/bin/bash
# instance.sh - never a letter twice, against a real Dovecot and Exim.
#
# 1. Two daemons started at once on one configuration: one runs, the
#    other exits 1 naming the first's PID (the lock DATABASE.lock).
# 2. Ten requests by SMTP from ten applicants while `run --once` is tried
#    again and again beside the daemon (each refused, naming its PID):
#    each applicant's INBOX holds exactly one acknowledgment.
# 3. Below the locks: two processes that share the database but not the
#    spool (so not the spool's delivery lock either) deliver one queue of
#    twenty mails at the same moment; the claim each attempt takes in the
#    database (store.h) lets every mail out exactly once.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"

OFFICE=gongkai@fao.example.test
N=10
TOOL=$GK_BUILDDIR/tests/integration/outbox_tool

# request I: a request from applicant I, as a file
request() {
	local f=$GK_DIR/req.$1.eml
	printf 'From: 申请人%s <a%s@example.test>\r\nTo: %s\r\nSubject: 政府信息公开申请 %s\r\nMessage-ID: <inst.%s.%s@example.test>\r\nDate: Mon, 12 Oct 2026 10:00:00 +0800\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n姓名：申请人%s\r\n所需信息：2025年度预算第%s项\r\n' \
	    "$1" "$1" "$OFFICE" "$1" "$1" "$$" "$1" "$1" >"$f"
	printf '%s\n' "$f"
}

# inboxes [SUFFIX]: the message count of each applicant's INBOX, on one
# line
inboxes() {
	local i out=

	for i in $(seq $N); do
		out+="$(imap_count "a$i@example.test" INBOX 2>/dev/null || echo 0) "
	done
	printf '%s\n' "${out% }"
}

# acks: how many acknowledgments the outbox holds, by state and attempts
acks() {
	gk outbox --json | python3 -c 'import json, sys
from collections import Counter
c = Counter("%s/%d" % (o["state"], o["attempts"])
            for o in json.load(sys.stdin) if o["kind"] == "ack")
print(" ".join("%s:%d" % kv for kv in sorted(c.items())))'
}

tap_plan 10
mailstack_start
gk_config >/dev/null
gk init >/dev/null 2>&1
tap_ok $? "gongkai init"
for i in $(seq $N); do
	mailstack_add_user "a$i@example.test"
done
LOCK=$GK_DIR/gongkai.db.lock

# --- 1. two daemons at once
"$GONGKAI" -c "$GK_CONF" run >>"$GK_DIR/d1.log" 2>&1 &
p1=$!
"$GONGKAI" -c "$GK_CONF" run >>"$GK_DIR/d2.log" 2>&1 &
p2=$!
gk_atexit "kill $p1 $p2 2>/dev/null"
for ((i = 0; i < 200; i++)); do
	kill -0 "$p1" 2>/dev/null && kill -0 "$p2" 2>/dev/null || break
	sleep 0.05
done
if kill -0 "$p1" 2>/dev/null; then
	run=$p1 lost=$p2 lostlog=$GK_DIR/d2.log
else
	run=$p2 lost=$p1 lostlog=$GK_DIR/d1.log
fi
wait "$lost"
rc=$?
tap_is "$rc:$(cat "$lostlog")" \
    "1:gongkai: $LOCK: already running as PID $run" \
    "two daemons at once: the second exits 1 naming the first's PID"
tap_ok "$(kill -0 "$run"; echo $?)" "the first runs on"
tap_is "$(cat "$LOCK")" "$run" "the lock file holds its PID"

# --- 2. a burst of requests while run --once is tried beside the daemon
(for i in $(seq $N); do
	smtp_send "a$i@example.test" "$OFFICE" "$(request "$i")" >/dev/null ||
	    echo "send $i failed"
done) >"$GK_DIR/sender.log" 2>&1 &
sender=$!
tries=0 refused=0
while kill -0 "$sender" 2>/dev/null || [ "$tries" -lt 10 ]; do
	out=$(gk run --once 2>&1)
	rc=$?
	tries=$((tries + 1))
	[ "$rc:$out" = "1:gongkai: $LOCK: already running as PID $run" ] &&
	    refused=$((refused + 1))
	sleep 0.1
done
wait "$sender"
tap_is "$(cat "$GK_DIR/sender.log")" "" "all $N requests were accepted by SMTP"
tap_is "$refused/$tries" "$tries/$tries" \
    "every run --once beside the daemon was refused, naming its PID"
for i in $(seq $N); do
	imap_wait_count "a$i@example.test" INBOX 1 30 >/dev/null
done
sleep 2		# time for any second copy to arrive
tap_is "$(inboxes)" "$(printf '1 %.0s' $(seq $N) | sed 's/ $//')" \
    "each applicant got exactly one acknowledgment"
tap_is "$(acks)" "sent/1:$N" "the outbox sent each acknowledgment once"
kill "$run"
wait "$run"

# --- 3. two deliverers sharing the database, not the spool
sed "s|^spool = .*|spool = spool2|" "$GK_CONF" >"$GK_DIR/gongkai2.conf"
chown "$GK_USER:" "$GK_DIR/gongkai2.conf"
"$GONGKAI" -c "$GK_DIR/gongkai2.conf" init >/dev/null 2>&1
for i in $(seq $N); do
	for j in 1 2; do
		"$TOOL" "$GK_CONF" enqueue - transcript "a$i@example.test" - \
		    "抄送 $i.$j" "正文 $i.$j" >/dev/null
	done
done
"$TOOL" "$GK_CONF" flush >"$GK_DIR/f1.out" 2>>"$GK_DIR/tool.log" &
f1=$!
"$TOOL" "$GK_DIR/gongkai2.conf" flush >"$GK_DIR/f2.out" 2>>"$GK_DIR/tool.log" &
f2=$!
wait "$f1"; r1=$?
wait "$f2"; r2=$?
s1=$(sed 's/^sent //' "$GK_DIR/f1.out") s2=$(sed 's/^sent //' "$GK_DIR/f2.out")
tap_is "$r1 $r2 $((s1 + s2))" "0 0 $((2 * N))" \
    "two flushes at once: $s1 + $s2 mails sent, together every mail once"
for i in $(seq $N); do
	imap_wait_count "a$i@example.test" INBOX 3 30 >/dev/null
done
sleep 2
tap_is "$(inboxes)" "$(printf '3 %.0s' $(seq $N) | sed 's/ $//')" \
    "each applicant got each of its two mails once (and the acknowledgment)"
