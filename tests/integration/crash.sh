#!/bin/bash
# crash.sh - nothing lost, nothing twice: while 200 mails arrive by SMTP,
# the daemon is killed with SIGKILL at random moments (at least 20 times)
# and restarted; afterwards every mail is exactly once in the database and
# in the spool, and none is left in INBOX.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"

OFFICE=gongkai@fao.example.test
N=${GK_CRASH_MAILS:-200}
KILLS=${GK_CRASH_KILLS:-25}

tap_plan 6
mailstack_start
gk_config >/dev/null
"$GONGKAI" -c "$GK_CONF" init >/dev/null 2>&1

# The mails, each with its own Message-ID.
mkdir "$GK_DIR/out"
for i in $(seq "$N"); do
	printf 'From: c%s@example.test\r\nTo: %s\r\nSubject: crash %s\r\nMessage-ID: <crash.%s.%s@example.test>\r\n\r\n所需信息：第%s件\r\n' \
	    "$i" "$OFFICE" "$i" "$i" "$$" "$i" >"$GK_DIR/out/$i.eml"
done
(for i in $(seq "$N"); do
	smtp_send c$i@example.test "$OFFICE" "$GK_DIR/out/$i.eml" >/dev/null || echo "send $i failed"
	sleep 0.0$((RANDOM % 5))
done) >"$GK_DIR/sender.log" 2>&1 &
sender=$!
gk_atexit "kill $sender 2>/dev/null"

kills=0
while [ $kills -lt "$KILLS" ]; do
	"$GONGKAI" -c "$GK_CONF" run >>"$GK_DIR/daemon.log" 2>&1 &
	pid=$!
	# 50 to 800 ms: before login, during a fetch, between commit and move.
	sleep "0.$(printf '%03d' $((50 + RANDOM % 750)))"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
done
wait "$sender"
tap_is "$(cat "$GK_DIR/sender.log")" "" "all $N mails were accepted by SMTP"
tap_ok $(( kills < 20 )) "the daemon was killed $kills times (at least 20)"

# A last, undisturbed run takes what is left.
exim4 -C "$MS_DIR/exim.conf" -qff >/dev/null 2>&1
for i in $(seq 100); do		# let Exim finish delivering
	[ $(( $(imap_count "$OFFICE" INBOX) + $(imap_count "$OFFICE" Processed 2>/dev/null || echo 0) )) -ge "$N" ] && break
	sleep 0.1
done
"$GONGKAI" -c "$GK_CONF" run --once >>"$GK_DIR/daemon.log" 2>&1
rc=$?
tap_is "$rc" 0 "the final run --once succeeds"
tap_is "$(imap_count "$OFFICE" INBOX)/$(imap_count "$OFFICE" Processed)" \
    "0/$N" "none is left in INBOX; all $N are in the done mailbox"
tap_is "$(gk mails --json | json '"%d|%d|%d" % (len(d), len({m["sha256"] for m in d}), len({m["message_id"] for m in d}))')" \
    "$N|$N|$N" "every mail is recorded exactly once (mails --json)"
tap_is "$(find "$GK_DIR/spool/in" -name '*.eml' | wc -l)" "$N" \
    "every mail is in the spool exactly once"
tap_done
exit $((TAP_FAILED > 0))
