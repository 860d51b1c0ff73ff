#!/bin/bash
# crashloop.sh - the crash loop: while mail arrives by SMTP through the real
# Exim and Dovecot (new requests, and the staff's replies to what the office
# sends them: the handler's ANSWER, the reviewers' 同意, some of them sent
# twice with the same token), the daemon is SIGKILLed at random moments
# (one start in ten while it starts, the others 20 ms to GK_CRASH_MAX_MS,
# default 400, after it has logged in to IMAP: starting alone takes 300 to
# 450 ms on a loaded machine; the window widens while nothing commits)
# and started again.  Afterwards, once an
# undisturbed run has emptied INBOX and the outbox:
#  - every mail sent in is recorded exactly once, and none is left in INBOX;
#  - one case per request, and every request acknowledged;
#  - no token spent twice: one ANSWER or approval per token replied to, at
#    most one per person and case, none from a replay;
#  - outbound mail delivered more than once (the same Message-ID twice in
#    the recipients' IMAP mailboxes) is counted and at most 0.1 %.
#
# Sizes: GK_CRASH_MAILS (default 600) and GK_CRASH_KILLS (default 60), the
# short version `make check` runs.  The long run of the trust issue:
#	GK_CRASH_MAILS=10000 GK_CRASH_KILLS=1000 make check \
#	    TESTS=tests/integration/crashloop.sh
# GK_CRASH_SEED makes the kill moments repeatable.
#
# The Message-IDs of recorded mail, and the commands applied in every case,
# are read from the database with read-only queries (no command shows the
# first; `show --json` takes 0.3 s a case, so it checks a sample of 50).  Everything else is read
# through `cases --json`, `show --json`, `outbox --json` and IMAP.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
N=${GK_CRASH_MAILS:-600}
KILLS=${GK_CRASH_KILLS:-60}
MAXMS=${GK_CRASH_MAX_MS:-400}
RANDOM=${GK_CRASH_SEED:-$$}
# The traffic is spread over about the time the kills take.
SECONDS_PLANNED=$(( KILLS * (MAXMS + 820) / 2000 + 1 ))

tap_plan 11
t0=$(date +%s)
mailstack_start
gk_config >/dev/null
gk init >/dev/null 2>&1
LOG=$GK_DIR/sent.log
: >"$LOG"

python3 "$H/crashmail.py" traffic "$MS_SMTP_PORT" "$MS_IMAP_PORT" \
    "$MS_PASSWORD" "$N" "$SECONDS_PLANNED" "$LOG" >"$GK_DIR/traffic.out" \
    2>&1 &
sender=$!
gk_atexit "kill $sender 2>/dev/null"

# Kill at random moments until the traffic is over and KILLS are done:
# one start in ten while it starts (connecting to IMAP), the others 20 ms
# to WIN ms after it is connected, while it fetches, records, moves and
# delivers.  WIN is GK_CRASH_MAX_MS, doubled (up to 8 s) after each life
# in which nothing was recorded or sent: on a slow or loaded machine a
# kill loop that never lets a commit happen would test only the start.
progress() {
	echo $(( $(gk mails 2>/dev/null | wc -l) +
	    $(gk outbox --json 2>/dev/null |
	    json 'sum(1 for m in d if m["state"] != "queued")' 2>/dev/null ||
	    echo 0) ))
}
kills=0 early=0 win=$MAXMS widened=0 last=0 pid=
gk_atexit 'kill -KILL $pid 2>/dev/null'
while [ "$kills" -lt "$KILLS" ] || kill -0 "$sender" 2>/dev/null; do
	off=$(stat -c %s "$GK_DIR/daemon.log" 2>/dev/null || echo 0)
	"$GONGKAI" -c "$GK_CONF" run >>"$GK_DIR/daemon.log" 2>&1 &
	pid=$!
	if [ $((RANDOM % 10)) = 0 ]; then
		early=$((early + 1))
	else
		for ((i = 0; i < 500; i++)); do
			tail -c +$((off + 1)) "$GK_DIR/daemon.log" |
			    grep -q 'imap: connected' && break
			sleep 0.01
		done
	fi
	ms=$((20 + RANDOM % (win - 19)))
	sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
	kill -KILL "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	p=$(progress)
	if [ "$p" -gt "$last" ]; then
		win=$MAXMS
	elif [ "$win" -lt 8000 ]; then
		win=$((win * 2 > 8000 ? 8000 : win * 2))
		widened=$((widened + 1))
	fi
	last=$p
done
wait "$sender"
src=$?
t1=$(date +%s)
tap_is "$src/$(wc -l <"$LOG")" "0/$N" "the traffic sent all $N mails"
tap_diag "$(cat "$GK_DIR/traffic.out")"
tap_ok $(( kills < KILLS )) "the daemon was killed $kills times (at least $KILLS; $early while starting, $widened times with a wider window)"

# An undisturbed run until INBOX and the outbox are empty.
outbox_queued() {
	gk outbox --json | python3 -c 'import json,sys
print(sum(1 for o in json.load(sys.stdin) if o["state"] == "queued"))'
}
exim_settle() {
	local i
	exim4 -C "$MS_DIR/exim.conf" -qff >/dev/null 2>&1
	for ((i = 0; i < 300; i++)); do
		[ "$(exim4 -C "$MS_DIR/exim.conf" -bpc 2>/dev/null)" = 0 ] &&
		    return 0
		sleep 0.1
	done
	return 1
}
rc=1
for round in $(seq 20); do
	exim_settle
	gk run --once >>"$GK_DIR/daemon.log" 2>&1
	rc=$?
	exim_settle
	[ "$(imap_count "$OFFICE" INBOX)" = 0 ] &&
	    [ "$(outbox_queued)" = 0 ] && break
done
tap_is "$rc" 0 "the final run --once succeeds"
tap_is "$(imap_count "$OFFICE" INBOX)/$(outbox_queued)" 0/0 \
    "INBOX is empty and the outbox drained (after $round final runs)"

# Every mail sent in is recorded exactly once (by Message-ID).
awk '{ print $2 }' "$LOG" | sort >"$GK_DIR/ids.sent"
gk mails --json | json '"\n".join(m["message_id"] for m in d)' |
    sort >"$GK_DIR/ids.recorded"
tap_is "$(sort -u "$GK_DIR/ids.recorded" | wc -l)/$(wc -l <"$GK_DIR/ids.recorded")" \
    "$N/$N" "$N mails recorded, each once"
tap_is "$(comm -3 "$GK_DIR/ids.sent" "$GK_DIR/ids.recorded" | head -5)" "" \
    "the mails recorded are the mails sent"
tap_is "$(imap_count "$OFFICE" Processed)" "$N" \
    "all $N are in the done mailbox"

# Cases, acknowledgments, tokens: one Python reading the CLI's JSON.
gk cases --json >"$GK_DIR/cases.json"
gk outbox --json >"$GK_DIR/outbox.json"
python3 "$H/crashmail.py" mailids "$MS_IMAP_PORT" "$MS_PASSWORD" $MS_USERS \
    >"$GK_DIR/ids.delivered"
python3 - "$GK_DIR" "$GONGKAI" "$GK_CONF" >"$GK_DIR/verdict" <<'EOF'
import collections, hashlib, json, re, subprocess, sys
d, gk, conf = sys.argv[1:4]
log = [l.split(" ", 2) for l in open(d + "/sent.log").read().splitlines()]
cases = json.load(open(d + "/cases.json"))
outbox = json.load(open(d + "/outbox.json"))
requests = [x[2] for x in log if x[0] == "request"]
subj = collections.Counter(c["subject"] for c in cases)
out = {}
# 1. one case per request
bad = [s for s in requests if subj[s] != 1]
out["cases"] = "%d requests, %d cases, %d requests without exactly one " \
    "case%s" % (len(requests), len(cases), len(bad),
                (": " + ", ".join(bad[:3])) if bad else "")
# 2. every request acknowledged (an ack sent in its case)
acked = {o["case"] for o in outbox
         if o["state"] == "sent" and ".ack." in o["message_id"]}
noack = [c["id"] for c in cases if c["id"] not in acked]
out["acks"] = "%d cases without a sent acknowledgment%s" % (
    len(noack), (": " + ", ".join(noack[:3])) if noack else "")
# 3. no token spent twice: every answer and approval of every case
# (`show --json`, two at a time)
import concurrent.futures
def applied(cid):
    ev = json.loads(subprocess.run([gk, "-c", conf, "show", cid, "--json"],
                                   capture_output=True,
                                   check=True).stdout)["events"]
    return cid, [(e["type"], e["actor"]) for e in ev
                 if e["type"] in ("answer", "approve")]
with concurrent.futures.ThreadPoolExecutor(2) as pool:
    evs = dict(pool.map(applied, [c["id"] for c in cases]))
spent, twice = 0, []
for cid, l in evs.items():
    per = collections.Counter(l)
    spent += sum(per.values())
    twice += ["%s %s %s x%d" % (cid, t, a, n)
              for (t, a), n in per.items() if n > 1]
tokens = {x[2] for x in log if x[0] == "reply"}
replays = sum(1 for x in log if x[0] == "replay")
out["tokens"] = "%d tokens replied to (%d replays), %d commands applied, " \
    "%d applied twice%s" % (len(tokens), replays, spent, len(twice),
                            (": " + "; ".join(twice[:3])) if twice else "")
out["spent_ok"] = int(spent == len(tokens) and not twice)
# 4. outbound mail delivered more than once
# the outbox keeps a token in a Message-ID as h-SHA256 (store.c): the
# delivered ids are compared in that form
def at_rest(mid):
    m = re.match(r"(.*[<.])([A-Za-z2-7]{40})(@.*)$", mid)
    if not m:
        return mid
    h = hashlib.sha256(m.group(2).lower().encode()).hexdigest()
    return m.group(1) + "h-" + h + m.group(3)
ids = [at_rest(l) for l in open(d + "/ids.delivered").read().splitlines()
       if l]
sent = {o["message_id"] for o in outbox if o["state"] == "sent"}
n = collections.Counter(ids)
dups = sum(v - 1 for v in n.values() if v > 1)
missing = len(sent - set(n))
out["outbound"] = "%d outbound mails sent, %d delivered, %d duplicates " \
    "(%.3f %%), %d sent but not delivered, %d failed" % (
        len(sent), len(ids), dups, 100.0 * dups / max(1, len(sent)),
        missing, sum(1 for o in outbox if o["state"] == "failed"))
out["dup_ok"] = int(dups * 1000 <= len(sent) and missing == 0)
out["ncases"], out["nsent"], out["dups"] = len(cases), len(sent), dups
out["bad_cases"], out["noack"] = len(bad) + (len(cases) != len(requests)), \
    len(noack)
for k, v in out.items():
    print("%s\t%s" % (k, v))
EOF
v() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$GK_DIR/verdict"; }
tap_is "$(v bad_cases)" 0 "one case per request: $(v cases)"
tap_is "$(v noack)" 0 "every request acknowledged: $(v acks)"
tap_is "$(v spent_ok)" 1 "no token spent twice: $(v tokens)"
tap_is "$(v dup_ok)" 1 "duplicate outbound mail at most 0.1 %: $(v outbound)"
t2=$(date +%s)
tap_diag "crash loop: $N mails in, $kills kills, $(v ncases) cases," \
    "$(v nsent) outbound, $(v dups) duplicates," \
    "elapsed $((t2 - t0)) s ($((t1 - t0)) s under kills)"
tap_done
exit $((TAP_FAILED > 0))
