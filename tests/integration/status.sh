#!/bin/bash
# status.sh - `gongkai status` and the metrics file against a real Dovecot
# and Exim: broken (2) before the daemon ever reached IMAP; healthy (0)
# with the daemon in IDLE; Exim stopped while a request comes in, so that
# its acknowledgment is deferred past [status] deferred_warn_seconds:
# degraded (1), saying why, in text, --json and the metrics file; Exim
# back, the retry delivers it and status is healthy again.  Then status
# without the mail password and with a read-only database; no database
# and a broken configuration (2).
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"

OFFICE=gongkai@fao.example.test
CITIZEN=citizen@example.test
WARN=3		# [status] deferred_warn_seconds

# js EXPR: EXPR (Python, `d` the document) of `gongkai status --json`
js() {
	gk status --json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(eval(sys.argv[1]))' "$1"
}

# status_rc: the exit code of `gongkai status`
status_rc() { gk status >/dev/null 2>&1; echo $?; }

# wait_for SECONDS CMD...: until CMD succeeds, every 0.5 s
wait_for() {
	local i n=$(($1 * 2))

	shift
	for ((i = 0; i < n; i++)); do
		"$@" && return 0
		sleep 0.5
	done
	return 1
}

rc_is() { [ "$(status_rc)" = "$1" ]; }
metric() { grep -E "^$1 " "$GK_DIR/metrics.prom" 2>/dev/null | cut -d' ' -f2; }
metric_is() { [ "$(metric "$1")" = "$2" ]; }

tap_plan 31
mailstack_start
gk_config >/dev/null

# Calendar data for this year and the next, whatever today is: December
# without next year's data is degraded, and that is not this test's point.
mkdir -p "$GK_DIR/calendar"
for y in $(date +%Y) $(($(date +%Y) + 1)); do
	if [ -e "$GK_SRCDIR/data/calendar/$y.conf" ]; then
		cp "$GK_SRCDIR/data/calendar/$y.conf" "$GK_DIR/calendar/"
	else
		printf 'year %s\nholiday %s-01-01 元旦\n' "$y" "$y" \
		    >"$GK_DIR/calendar/$y.conf"
	fi
done
cat >>"$GK_CONF" <<EOF

[calendar]
holidays = calendar

[status]
metrics_file = metrics.prom
deferred_warn_seconds = $WARN
EOF
chown -R "$GK_USER:" "$GK_DIR"
gk init >/dev/null 2>&1

# --- before the daemon ever ran: broken
out=$(gk status 2>&1); rc=$?
tap_is "$rc" 2 "no IMAP contact ever: exit 2 (broken)"
tap_like "$out" '^why +broken: imap: no IMAP contact recorded' \
    "the text says why"

# --- the daemon in IDLE: healthy
"$GONGKAI" -v -c "$GK_CONF" run >>"$GK_DIR/daemon.log" 2>&1 &
DAEMON=$!
gk_atexit "kill -9 $DAEMON 2>/dev/null"
wait_for 20 rc_is 0
tap_is "$(status_rc)" 0 "the daemon connected: exit 0 (healthy)"
out=$(gk status)
tap_like "$out" '^status +healthy$' "text: status healthy"
tap_like "$out" '^imap waits by +IDLE$' "text: waits by IDLE"
tap_like "$out" '^imap last contact +[0-9]{4}-[0-9]{2}-[0-9]{2}T.*\+08:00 \([0-9]+ s ago\)$' \
    "text: the last contact in the office's time, with its age"
tap_like "$out" '^outbox deferred +0$' "text: nothing deferred"
tap_is "$(js '(d["status"], d["exit"], d["imap"]["mode"], d["why"], d["outbox"]["deferred"], d["calendar"]["next_year_missing"])')" \
    "('healthy', 0, 'idle', [], 0, False)" "--json: healthy, idle, no reason"
tap_ok "$(js 'd["imap"]["last_contact_age_seconds"]' |
    awk '{ exit !($1 >= 0 && $1 < 60) }'; echo $?)" \
    "--json: the last contact is seconds old"
wait_for 10 test -s "$GK_DIR/metrics.prom"
tap_is "$(metric gongkai_status) $(metric gongkai_imap_idle) $(metric gongkai_outbox_deferred)" \
    "0 1 0" "metrics: healthy, IDLE, nothing deferred"
t=$(metric gongkai_last_imap_contact_timestamp_seconds)
tap_ok "$([ -n "$t" ] && [ "$t" -le "$(date +%s)" ] &&
    [ "$t" -ge $(($(date +%s) - 60)) ]; echo $?)" \
    "metrics: the last IMAP contact is a recent Unix time ($t)"
tap_like "$(stat -c %a "$GK_DIR/metrics.prom")" '^644$' \
    "metrics: readable by a collector (0644)"

# --- SMTP down while a request comes in (straight into the mailbox, as
# Exim is the one down): its acknowledgment is deferred
mailstack_stop_exim
printf 'From: Citizen <%s>\r\nTo: %s\r\nSubject: status request\r\nMessage-ID: <status.%s@example.test>\r\nDate: Wed, 02 Dec 2026 10:00:00 +0800\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n姓名：测试\r\n所需信息：2025年度预算\r\n' \
    "$CITIZEN" "$OFFICE" "$$" >"$GK_DIR/req.eml"
ms_doveadm save -u "$OFFICE" -m INBOX <"$GK_DIR/req.eml"
# the acknowledgment, the handler's notice and perhaps the day's digest
deferred() { [ "$(js 'd["outbox"]["deferred"]')" -ge 1 ] 2>/dev/null; }
wait_for 30 deferred
D=$(js 'd["outbox"]["deferred"]')
tap_ok "$([ "$D" -ge 1 ] 2>/dev/null; echo $?)" \
    "Exim down: the request's mail is deferred ($D)"
wait_for 20 rc_is 1
tap_is "$(status_rc)" 1 "deferred past ${WARN} s: exit 1 (degraded)"
out=$(gk status)
tap_like "$out" '^status +degraded$' "text: status degraded"
tap_like "$out" "^why +degraded: outbox: [0-9]+ mails? waiting for delivery, the oldest for [0-9]+ s \\(more than $WARN s\\); last error: " \
    "text: why, with the delivery's last error"
tap_like "$out" '^outbox next try +[0-9]{4}-.*\((in|ago) ' "text: the next try"
tap_is "$(js '(d["status"], d["exit"], d["why"][0]["what"], d["outbox"]["oldest_deferred_seconds"] > '$WARN', d["outbox"]["next_try"] is not None, d["outbox"]["warn_seconds"])')" \
    "('degraded', 1, 'outbox', True, True, $WARN)" \
    "--json: degraded by the outbox, its age over the limit, a next try"
metric_deferred() { [ "$(metric gongkai_outbox_deferred)" -ge 1 ] 2>/dev/null; }
wait_for 10 metric_deferred
tap_ok "$(metric_deferred; echo $?)" \
    "metrics: deferred mail ($(metric gongkai_outbox_deferred))"
tap_ok "$([ "$(metric gongkai_outbox_next_try_timestamp_seconds)" -gt 0 ]; echo $?)" \
    "metrics: its next try"

# --- SMTP back: the retry (60 s after the failure) delivers it
mailstack_start_exim
imap_wait_count "$CITIZEN" INBOX 1 100 >/dev/null
tap_is "$(imap_count "$CITIZEN" INBOX)" 1 "Exim back: the acknowledgment arrives"
wait_for 20 rc_is 0
tap_is "$(status_rc)" 0 "delivered: exit 0 (healthy) again"
tap_is "$(js '(d["outbox"]["deferred"], d["outbox"]["queued"], d["why"])')" \
    "(0, 0, [])" "--json: nothing waiting, no reason"
wait_for 10 metric_is gongkai_outbox_deferred 0
tap_is "$(metric gongkai_status) $(metric gongkai_outbox_deferred)" "0 0" \
    "metrics: healthy, nothing deferred"

kill -TERM "$DAEMON"; wait "$DAEMON"

# --- read-only, as the daemon's user (root reads any file): no mail
# password, a database it may not write
asuser() { runuser -u "$GK_USER" -- "$GONGKAI" -c "$GK_CONF" "$@"; }
chmod 0 "$GK_DIR/imap.pass"
asuser pen retry 1 >/dev/null 2>&1
tap_ok "$([ $? != 0 ]; echo $?)" "control: pen retry needs the unreadable password"
chmod 0400 "$GK_DIR/gongkai.db"
sum=$(sha256sum <"$GK_DIR/gongkai.db")
out=$(asuser status 2>&1); rc=$?
tap_is "$rc" 0 "status needs neither the password nor write access"
[ "$rc" = 0 ] || tap_diag "$out"
tap_is "$(sha256sum <"$GK_DIR/gongkai.db")" "$sum" "status wrote nothing"

# --- no database: 2, and stdout says why (a check shows stdout)
sed 's|^database = .*|database = missing.db|' "$GK_CONF" >"$GK_DIR/nodb.conf"
out=$("$GONGKAI" -c "$GK_DIR/nodb.conf" status 2>/dev/null); rc=$?
tap_is "$rc" 2 "no database: exit 2"
tap_like "$out" '^why +broken: database: .*missing\.db' "no database: stdout says why"
tap_ok "$([ ! -e "$GK_DIR/missing.db" ]; echo $?)" "status created no database"

# --- a broken configuration: 2
printf '[status]\nno_such_key = 1\n' >>"$GK_CONF"
gk status >/dev/null 2>&1
tap_is "$?" 2 "an invalid configuration: exit 2"
tap_done
exit $((TAP_FAILED > 0))
