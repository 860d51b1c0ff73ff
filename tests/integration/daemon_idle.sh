#!/bin/bash
# daemon_idle.sh - `gongkai run` with IDLE against a real Dovecot and Exim:
# each mail sent by SMTP is processed and moved to the done mailbox; the
# time from the SMTP reply to the move is measured (median reported);
# SIGTERM stops the daemon with exit 0; IMAP down at start, and Dovecot
# stopped and restarted under a running daemon, lose nothing.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"

OFFICE=gongkai@fao.example.test
N=10

mail_file() {	# mail_file N: a request with its own Message-ID
	local f=$GK_DIR/mail.$1.eml
	printf 'From: Citizen <citizen@example.test>\r\nTo: %s\r\nSubject: request %s\r\nMessage-ID: <req.%s.%s@example.test>\r\nDate: Mon, 12 Oct 2026 10:00:00 +0800\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n姓名：测试%s\r\n所需信息：2025年度预算\r\n' \
	    "$OFFICE" "$1" "$1" "$$" "$1" >"$f"
	printf '%s\n' "$f"
}

start_daemon() {
	"$GONGKAI" -v -c "$GK_CONF" run >>"$GK_DIR/daemon.log" 2>&1 &
	DAEMON=$!
	gk_atexit "kill -9 $DAEMON 2>/dev/null"
}

now_ms() { date +%s%3N; }

tap_plan 8
mailstack_start
gk_config >/dev/null
"$GONGKAI" -c "$GK_CONF" init >/dev/null 2>&1

start_daemon
for i in $(seq 50); do grep -q 'connected' "$GK_DIR/daemon.log" && break; sleep 0.1; done
sleep 0.3	# into IDLE
lat=()
for i in $(seq $N); do
	f=$(mail_file "$i")
	smtp_send citizen@example.test "$OFFICE" "$f" >/dev/null
	t0=$(now_ms)
	imap_wait_count "$OFFICE" Processed "$i" 10 >/dev/null
	lat+=($(( $(now_ms) - t0 )))
done
sorted=($(printf '%s\n' "${lat[@]}" | sort -n))
tap_diag "SMTP reply -> moved, ms: ${lat[*]}; median $(( (sorted[N/2 - 1] + sorted[N/2]) / 2 ))"
tap_is "$(imap_count "$OFFICE" Processed)" "$N" "every mail is moved to the done mailbox"
tap_is "$(imap_count "$OFFICE" INBOX)" 0 "INBOX is empty"
tap_is "$(gk cases --kind request --json | python3 -c 'import json, sys
print(len(json.load(sys.stdin)))')" "$N" "each mail opened one request"
tap_is "$(ls "$GK_DIR"/spool/in/*/*/*.eml | wc -l)" "$N" "each mail is in the spool"

kill -TERM "$DAEMON"
t0=$(now_ms); wait "$DAEMON"; rc=$?
tap_is "$rc" 0 "SIGTERM stops the daemon with exit 0 ($(( $(now_ms) - t0 )) ms)"

# IMAP down at start: the daemon waits with backoff; mail queued by Exim
# meanwhile is processed once Dovecot is back.
mailstack_stop_dovecot
start_daemon
smtp_send citizen@example.test "$OFFICE" "$(mail_file 100)" >/dev/null
sleep 2
tap_like "$(cat "$GK_DIR/daemon.log")" 'retrying in [0-9]+ s' "IMAP down at start: logged and retried"
mailstack_start_dovecot
exim4 -C "$MS_DIR/exim.conf" -qff >/dev/null 2>&1
imap_wait_count "$OFFICE" Processed $((N + 1)) 20 >/dev/null
tap_is "$(imap_count "$OFFICE" Processed)" $((N + 1)) "mail sent while IMAP was down is processed once it is back"

# Dovecot stopped under the running daemon, then restarted: nothing lost.
mailstack_stop_dovecot
smtp_send citizen@example.test "$OFFICE" "$(mail_file 101)" >/dev/null
smtp_send citizen@example.test "$OFFICE" "$(mail_file 102)" >/dev/null
sleep 1
mailstack_start_dovecot
exim4 -C "$MS_DIR/exim.conf" -qff >/dev/null 2>&1
imap_wait_count "$OFFICE" Processed $((N + 3)) 40 >/dev/null
tap_is "$(imap_count "$OFFICE" Processed)/$(gk mails --json | json 'len(d)')" \
    "$((N + 3))/$((N + 3))" "Dovecot restarted under the daemon: every mail processed once"
kill -TERM "$DAEMON"; wait "$DAEMON"
tap_done
exit $((TAP_FAILED > 0))
