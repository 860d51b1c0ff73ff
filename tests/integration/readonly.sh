#!/bin/bash
# readonly.sh - a secretariat account in the daemon user's group runs the
# read-only commands (cases, show, outbox, outbox cat, pen, mails, report,
# status) without the mail password or the secret, which stay 0600 and
# unreadable to it: against the live database while the daemon runs, and
# again when it has stopped (the WAL and SHM stay beside the database, so
# that a reader who may not write the folder can open it).  A command that
# writes fails, saying who may run it.  `check` finds a spool folder the
# daemon user may not write.  Run as root, as the service is.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test
READER=${GK_READER:-gongkai-reader}

tap_plan 35
[ "$(id -u)" = 0 ] || { echo "Bail out! readonly.sh needs root"; exit 1; }
mailstack_start
gk_config >/dev/null
GROUP=$(id -gn "$GK_USER")
# The reader: a member of the daemon user's group, nothing more.
id "$READER" >/dev/null 2>&1 ||
    flock "$MS_LOCK.gkreader" sh -c "id '$READER' >/dev/null 2>&1 ||
    useradd --system --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin '$READER'" ||
    { echo "Bail out! cannot create user $READER"; exit 1; }
usermod -a -G "$GROUP" "$READER" ||
    { echo "Bail out! cannot put $READER in $GROUP"; exit 1; }
# The installed layout: the database in a state folder init makes, the
# configuration the group's to read, the folders above it open to pass.
sed -i 's|^database = .*|database = state/gongkai.db|' "$GK_CONF"
chgrp "$GROUP" "$GK_CONF" && chmod 0640 "$GK_CONF"
chmod 0711 "$GK_DIR"
ro() { runuser -u "$READER" -- "$GONGKAI" -c "$GK_CONF" "$@"; }

gk init >"$GK_DIR/init.out" 2>&1
tap_is "$(cd "$GK_DIR" && stat -c '%a %U:%G %n' state state/gongkai.db \
    state/gongkai.db-wal state/gongkai.db-shm secret imap.pass 2>&1)" \
    "750 $GK_USER:$GROUP state
640 $GK_USER:$GROUP state/gongkai.db
640 $GK_USER:$GROUP state/gongkai.db-wal
640 $GK_USER:$GROUP state/gongkai.db-shm
600 $GK_USER:$GROUP secret
600 $GK_USER:$GROUP imap.pass" \
    "init: the state folder 0750, the database, WAL and SHM 0640, secrets 0600"
runuser -u "$READER" -- cat "$GK_DIR/imap.pass" >/dev/null 2>&1
tap_is "$?" 1 "control: the reader cannot read the mail password"
runuser -u "$READER" -- cat "$GK_DIR/secret" >/dev/null 2>&1
tap_is "$?" 1 "control: the reader cannot read the secret"

# A request (acknowledged) and a mail tagged with no case (held).
python3 "$H/mkmail.py" plain "张喆 <$CITIZEN>" "$OFFICE" "政府信息公开申请" \
    '姓名：张喆\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件' \
    >"$GK_DIR/request.eml"
python3 "$H/mkmail.py" plain "李四 <li.si@example.test>" "$OFFICE" \
    "[GK-2026-0999] 政府信息公开申请" '姓名：李四\n所需信息：2024年度决算' \
    >"$GK_DIR/tagged.eml"
smtp_send "$CITIZEN" "$OFFICE" "$GK_DIR/request.eml" >/dev/null
smtp_send li.si@example.test "$OFFICE" "$GK_DIR/tagged.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 2 10 >/dev/null
"$GONGKAI" -c "$GK_CONF" run >"$GK_DIR/daemon.log" 2>&1 &
daemon=$!
gk_atexit "kill $daemon 2>/dev/null"
imap_wait_count "$CITIZEN" INBOX 1 20 >/dev/null
for ((i = 0; i < 200; i++)); do
	n=$(gk outbox --json 2>/dev/null | json \
	    'sum(1 for m in d if m["state"] == "sent")' 2>/dev/null)
	p=$(gk pen --json 2>/dev/null | json 'len(d)' 2>/dev/null)
	[ "${n:-0}" -ge 1 ] && [ "${p:-0}" -ge 1 ] && break
	sleep 0.1
done
CASE=$(gk cases --json | json 'd[0]["id"]')
tap_like "$CASE" '^GK-[0-9]{4}-0001$' "the daemon opened the request"

# --- as the reader, the daemon running
reads() {	# reads WHEN: every read-only command, checked
	local when=$1 out rc

	out=$(ro cases --json 2>&1); rc=$?
	tap_is "$rc $(json '" ".join(c["id"] for c in d)' <<<"$out" 2>&1)" \
	    "0 $CASE" "$when: cases --json lists the case"
	out=$(ro cases 2>&1); rc=$?
	tap_like "$rc $(head -n 2 <<<"$out" | tr '\n' '|')" \
	    "^0 CASE +KIND +STATE +DUE .*\\|$CASE +request " \
	    "$when: cases: a header row, then the case"
	out=$(ro show "$CASE" --json 2>&1); rc=$?
	tap_is "$rc $(json 'd["applicant"]["email"]' <<<"$out" 2>&1)" \
	    "0 $CITIZEN" "$when: show --json"
	out=$(ro show "$CASE" 2>&1); rc=$?
	tap_like "$rc $out" "^0 $CASE +request" "$when: show"
	out=$(ro outbox --json 2>&1); rc=$?
	id=$(json '[m["id"] for m in d if m["kind"] == "ack"][0]' <<<"$out" 2>&1)
	tap_like "$rc $id" '^0 [0-9]+$' "$when: outbox --json has the acknowledgment"
	out=$(ro outbox 2>&1); rc=$?
	tap_like "$rc $(head -n 1 <<<"$out")" '^0 ID +STATE +TRIES +CASE +TO ' \
	    "$when: outbox: a header row"
	out=$(ro outbox cat "$id" 2>&1); rc=$?
	tap_like "$rc $(grep -i '^To:' <<<"$out")" "^0 To: .*$CITIZEN" \
	    "$when: outbox cat of the sent acknowledgment"
	out=$(ro pen --json 2>&1); rc=$?
	tap_is "$rc $(json '" ".join(p["reason"] for p in d)' <<<"$out" 2>&1)" \
	    "0 unknown-case" "$when: pen --json has the held mail"
	out=$(ro mails --json 2>&1); rc=$?
	tap_is "$rc $(json 'len(d)' <<<"$out" 2>&1)" "0 2" "$when: mails --json"
	out=$(ro report annual "${CASE:3:4}" --format json 2>&1); rc=$?
	tap_like "$rc $(json 'list(d)' <<<"$out" 2>&1)" '^0 \[.+\]' \
	    "$when: report annual --format json"
	out=$(ro status 2>&1); rc=$?
	tap_like "$rc|$out" '^[01]\|status +(healthy|degraded)' "$when: status"
}
reads "daemon running"

# --- writing: refused, by name, before any password is wanted
out=$(ro outbox flush 2>&1); rc=$?
tap_is "$rc" 1 "outbox flush by the reader: exit 1"
tap_like "$out" "^gongkai outbox flush: changes the database, and $READER may not write .*state/gongkai\\.db: run it as root or as \\[daemon\\] user $GK_USER\$" \
    "... saying it writes, who may not, and whom to run it as"
out=$(ro pen retry 1 2>&1); rc=$?
tap_like "$rc $out" "^1 gongkai pen retry: changes the database, and $READER may not write" \
    "pen retry by the reader: refused by name"
out=$(ro case "$CASE" allow-late-correction test 2>&1); rc=$?
tap_like "$rc $out" "^1 gongkai case $CASE: changes the database, and $READER may not write" \
    "case by the reader: refused by name (not about a password)"

# --- the daemon stopped: the WAL and SHM stay, the reader still reads
kill "$daemon"
wait "$daemon" 2>/dev/null
tap_is "$(cd "$GK_DIR" && stat -c '%a %s %n' state/gongkai.db-wal \
    state/gongkai.db-shm 2>&1 | sed 's/ [0-9]* state.*-shm$/ shm/')" \
    "640 0 state/gongkai.db-wal
640 shm" "stopped: the WAL (emptied) and SHM stay, 0640"
sum=$(cat "$GK_DIR"/state/gongkai.db* | sha256sum)
reads "daemon stopped"
tap_is "$(cat "$GK_DIR"/state/gongkai.db* | sha256sum)" "$sum" \
    "the reader's commands changed no byte of the database, WAL or SHM"

# --- check: the database and the spool writable by [daemon] user
out=$(gk check 2>&1); rc=$?
tap_like "$rc|$(grep -E '^(database|spool):' <<<"$out" | tr '\n' '|')" \
    "^0\\|database: ok: writable by $GK_USER: .*/state/gongkai\\.db\\|spool: ok: writable by $GK_USER: .*/spool\\|\$" \
    "check: the database and the spool are writable by the daemon user"
chown root "$GK_DIR/spool/out"
out=$(gk check 2>&1); rc=$?
chown "$GK_USER" "$GK_DIR/spool/out"
tap_like "$rc|$(grep 'spool' <<<"$out" | tr '\n' '|')" \
    "^1\\|.*gongkai: spool: .*/spool/out: $GK_USER may not write it" \
    "check: a spool folder the daemon user may not write: exit 1, named"

# --- an older spool's sent mail (0600) is made readable by init
f=$(find "$GK_DIR/spool/out" -type f | head -n 1)
chmod 0600 "$f"
gk init >/dev/null 2>&1
tap_is "$(stat -c %a "$f")" 640 "init makes an older spool's sent mail 0640"
tap_done
exit $((TAP_FAILED > 0))
