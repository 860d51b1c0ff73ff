#!/bin/bash
# outbox_control.sh - deferred mail under the administrator's hand, with
# no mail stack (an SMTP URL nobody answers defers every mail):
# `outbox flush` tries every deferred mail now, however long its backoff;
# a mail deferred for [smtp] queue_lifetime_hours (default 120) fails, its
# case gets a delivery-failed event and the secretariat a delivery_failed
# notice; `outbox retry ID` queues a failed mail again with a fresh
# lifetime and refuses anything else; a running daemon holds the
# configuration (a second `run` exits 1 naming its PID) and is the one
# that delivers on `outbox flush` (SIGUSR1).  The queue lifetime counts on
# the office's clock (GONGKAI_NOW); the backoff on the wall clock.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
SECRETARIAT=mishu@fao.example.test
T0=2026-09-18T10:00:00+08:00

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }

# ob NAME ID FIELD: a field of outbox mail ID (`outbox --json`).
ob()
{
	ik_gk "$1" outbox --json | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    if o["id"] == int(sys.argv[1]):
        v = o[sys.argv[2]]
        print("null" if v is None else v)' "$2" "$3"
}

# kinds NAME: "kind:to:state" of every mail, one a line.
kinds()
{
	ik_gk "$1" outbox --json | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    print(o["kind"] + ":" + o["to"] + ":" + o["state"])'
}

# flush NAME NOW: `outbox flush` at NOW; what it said (on stdout, or on
# stderr when it failed), then "rc N".
flush()
{
	local out rc

	out=$(GONGKAI_NOW=$2 ik_gk "$1" outbox flush 2>&1)
	rc=$?
	echo "$out" >>"$GK_DIR/gongkai.log"
	echo "$(grep -E '^(gongkai )?outbox flush:' <<<"$out") rc $rc"
}

tap_plan 24

# 1. A request acknowledged; the acknowledgment cannot leave.
got=$(ik_request base "$T0" citizen@example.test '所需信息：2025年度预算')
tap_like "$got" '^new-request GK-2026-0001' "a request, acknowledged"
ACK=$(ik_json base "max(o['id'] for o in d if o['kind'] == 'ack')" outbox --json)
t0=$(date +%s)
tap_like "$(flush base "$T0")" 'server could not be reached.* rc 1$' \
    "outbox flush without a server: exit 1"
tap_is "$(ob base "$ACK" state) $(ob base "$ACK" attempts)" "queued 1" \
    "deferred after one attempt"
tap_ok "$([ "$(ob base "$ACK" next_attempt_at)" -ge $((t0 + 60)) ]; echo $?)" \
    "its next try is at least 60 s away (wall clock)"
tap_like "$(ik_gk base outbox | grep "^$ACK ")" \
    "^$ACK +queued +1 .* -- next try [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\+08:00\$" \
    "the text listing shows the attempts and the next try"

# 2. flush: tried again now, the backoff notwithstanding.
tap_like "$(flush base "$T0")" '^gongkai outbox flush: 2 deferred made due' \
    "a second flush makes the deferred mail due (with the handler's notice)"
tap_is "$(ob base "$ACK" attempts)" 2 "and tries it at once"

# 3. Within the lifetime (4 days on the office's clock): still queued.
flush base 2026-09-22T10:00:00+08:00 >/dev/null
tap_is "$(ob base "$ACK" state) $(ob base "$ACK" attempts)" "queued 3" \
    "four days later: still queued, attempt 3"

# 4. 120 hours and one more: failed, the case told, the secretariat told.
before=$(ik_outmax base)
flush base 2026-09-23T11:00:00+08:00 >/dev/null
tap_is "$(ob base "$ACK" state) $(ob base "$ACK" attempts)" "failed 4" \
    "after queue_lifetime_hours (120): failed on attempt 4"
tap_like "$(ob base "$ACK" last_error)" \
    '^queued for 120 hours without delivery \(4 attempts\); the last: .*127\.0\.0\.1' \
    "last_error says why, with the server's last words"
tap_is "$(ik_queued base "$before")" \
    "delivery_failed $SECRETARIAT;delivery_failed $SECRETARIAT;" \
    "the secretariat gets a delivery_failed notice for each"
tap_like "$(ik_events base GK-2026-0001 delivery-failed)" \
    "^ack to citizen@example.test: queued for 120 hours" \
    "the case has a delivery-failed event"
NOTICE=$((before + 1))
ik_raw base "$NOTICE" >"$GK_DIR/mail/notice.eml"
tap_like "$(ik_field body "$GK_DIR/mail/notice.eml" | tr '\n' ' ')" \
    'citizen@example\.test.*超过队列期限' \
    "the notice names the recipient and says the queue lifetime is over"

# 5. retry: only a failed mail, queued again with a fresh lifetime.
GONGKAI_NOW=2026-09-23T12:00:00+08:00 ik_gk base outbox retry "$NOTICE" \
    >/dev/null 2>"$GK_DIR/err"
tap_is "$?:$(cat "$GK_DIR/err")" \
    "1:gongkai outbox retry: mail $NOTICE is queued, not failed" \
    "retry refuses a queued mail"
ik_gk base outbox retry 99999 >/dev/null 2>&1
tap_is "$?" 1 "retry refuses a mail that does not exist"
ik_gk base outbox retry x1 >/dev/null 2>&1
tap_is "$?" 2 "retry refuses a word that is no id (usage)"
got=$(GONGKAI_NOW=2026-09-23T12:00:00+08:00 ik_gk base outbox retry "$ACK" \
    2>>"$GK_DIR/gongkai.log")
tap_is "$?:$got" "0:outbox retry: $ACK queued again; it goes out at the next run or outbox flush" \
    "retry queues the failed acknowledgment again"
flush base 2026-09-23T12:00:00+08:00 >/dev/null
tap_is "$(ob base "$ACK" state) $(ob base "$ACK" attempts)" "queued 5" \
    "tried again and deferred: its lifetime starts afresh"

# 6. The key: queue_lifetime_hours = 24 gives up after a day.
ik_fork base short
sed -i 's/^\[smtp\]$/[smtp]\nqueue_lifetime_hours = 24/' "$GK_DIR/conf.short"
flush short 2026-09-24T12:30:00+08:00 >/dev/null
flush base 2026-09-24T12:30:00+08:00 >/dev/null
tap_is "$(ob short "$ACK" state)/$(ob base "$ACK" state)" "failed/queued" \
    "queue_lifetime_hours = 24: failed a day after the retry (120: queued)"

# 7. One daemon per configuration; `outbox flush` asks it to deliver.
GONGKAI_NOW=2026-09-24T13:00:00+08:00 "$GONGKAI" -c "$GK_DIR/conf.base" run \
    >>"$GK_DIR/daemon.log" 2>&1 &
daemon=$!
gk_atexit "kill $daemon 2>/dev/null"
for ((i = 0; i < 200; i++)); do		# its signals are set: IMAP failed
	grep -q "will retry" "$GK_DIR/daemon.log" 2>/dev/null && break
	sleep 0.05
done
ik_gk base run --once >/dev/null 2>"$GK_DIR/err"
tap_is "$?:$(cat "$GK_DIR/err")" \
    "1:gongkai: $GK_DIR/db/base.db.lock: already running as PID $daemon" \
    "a second run exits 1 naming the first's PID"
tap_is "$(cat "$GK_DIR/db/base.db.lock")" "$daemon" "the lock file holds its PID"
tap_like "$(flush base 2026-09-24T13:00:00+08:00)" \
    "^outbox flush: [1-9][0-9]* deferred made due; gongkai run \\(PID $daemon\\) delivers them rc 0\$" \
    "outbox flush with a daemon running: the daemon is asked"
for ((i = 0; i < 200; i++)); do
	grep -q "outbox: $ACK deferred (attempt 7" "$GK_DIR/daemon.log" && break
	sleep 0.05
done
tap_is "$(ob base "$ACK" attempts) $(grep -c 'outbox: flush asked (SIGUSR1)' \
    "$GK_DIR/daemon.log")" "7 1" \
    "the daemon, told by SIGUSR1, tried it at once, not after its backoff"
kill "$daemon"
wait "$daemon"
tap_is "$?" 0 "the daemon stops on SIGTERM"
