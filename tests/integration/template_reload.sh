#!/bin/bash
# template_reload.sh - a template edited with a mistake never costs an
# acknowledgment, over the real mail stack: the daemon renders from the
# set it checked at its start; after a SIGHUP with a broken template it
# keeps that set (the log names the file and the fault), so the next
# request sent by SMTP is acknowledged with the old text, read back by
# IMAP; `check` names every broken template; a SIGHUP after the fix takes
# the new text.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test
TREE=	# the data folders the daemon reads: a copy of the templates

# request N: sends request N by SMTP and waits for its acknowledgment in
# the citizen's INBOX (the N-th mail there), kept as $GK_DIR/ack.N.eml.
request() {
	python3 "$H/mkmail.py" plain "张喆 <$CITIZEN>" "$OFFICE" \
	    "政府信息公开申请 $1" "姓名：张喆\n所需信息：2025年度预算 $1" \
	    >"$GK_DIR/request.$1.eml"
	smtp_send "$CITIZEN" "$OFFICE" "$GK_DIR/request.$1.eml" >/dev/null
	imap_wait_count "$CITIZEN" INBOX "$1" 30 >/dev/null &&
	    mail_newest "$CITIZEN" "$GK_DIR/ack.$1.eml"
}

# log_wait PATTERN: until the daemon's log matches (10 s).
log_wait() {
	local i

	for i in $(seq 100); do
		grep -q -- "$1" "$GK_DIR/daemon.log" && return 0
		sleep 0.1
	done
	return 1
}

# edit FILE OLD NEW: replaces OLD by NEW in the tree's template FILE.
edit() {
	python3 - "$TREE/templates/$1" "$2" "$3" <<'EOF'
import sys
p, old, new = sys.argv[1:]
s = open(p, encoding="utf-8").read()
assert old in s, (p, old)
open(p, "w", encoding="utf-8").write(s.replace(old, new, 1))
EOF
}

tap_plan 12
mailstack_start
gk_config >/dev/null
gk init >/dev/null 2>&1

# The daemon finds its data through GK_SRCDIR (src/datadir.h): a tree of
# our own, the templates copied, the calendar as shipped.
TREE=$GK_DIR/tree
mkdir -p "$TREE"
cp -r "$GK_SRCDIR/templates" "$TREE/templates"
ln -s "$GK_SRCDIR/calendar" "$TREE/calendar"
edit ack.zh.txt '政府信息公开申请受理回执' '政府信息公开申请受理回执（一版）'
chown -R "$GK_USER:" "$TREE"

GK_SRCDIR=$TREE "$GONGKAI" -v -c "$GK_CONF" run >>"$GK_DIR/daemon.log" 2>&1 &
DAEMON=$!
gk_atexit "kill -9 $DAEMON 2>/dev/null"
log_wait 'connected'

request 1
tap_like "$(mail_field subject "$GK_DIR/ack.1.eml")" '受理回执（一版）' \
    "request 1 is acknowledged with the template as it was at the start"

# A mistake: a misspelt variable in the acknowledgment, and a section
# left open in another template.
edit ack.zh.txt '受理回执（一版）' '受理回执（二版）{{case_idd}}'
edit held_mail.zh.txt $'\n\n' $'\n\n{{#sender}}\n'
out=$(GK_SRCDIR=$TREE gk check 2>&1); rc=$?
tap_is "$rc" 2 "check refuses the broken templates (exit 2)"
tap_like "$out" 'templates/ack\.zh\.txt:[0-9]+: unknown variable \{\{case_idd\}\}' \
    "check names the acknowledgment's file, line and fault"
tap_like "$out" 'templates/held_mail\.zh\.txt:[0-9]+: ' \
    "check names the other broken template too"

kill -HUP "$DAEMON"
log_wait 'reload refused'
tap_like "$(cat "$GK_DIR/daemon.log")" 'reload refused: .*/templates/ack\.zh\.txt:[0-9]+: unknown variable \{\{case_idd\}\}' \
    "the log says why the reload was refused, naming the file"
tap_like "$(cat "$GK_DIR/daemon.log")" 'reload refused: .*/templates/held_mail\.zh\.txt:' \
    "the log names every broken template"

request 2
tap_ok $? "request 2, sent after the refused reload, is acknowledged"
subj=$(mail_field subject "$GK_DIR/ack.2.eml")
tap_like "$subj" '受理回执（一版）' "... with the old template"
tap_unlike "$subj" '二版' "... and nothing of the broken one"
tap_is "$(gk pen --json | python3 -c 'import json, sys
print(len(json.load(sys.stdin)))')" 0 "nothing went to the holding pen"

# Fixed: a reload takes the new set.
edit ack.zh.txt '受理回执（二版）{{case_idd}}' '受理回执（三版）'
edit held_mail.zh.txt $'\n\n{{#sender}}\n' $'\n\n'
kill -HUP "$DAEMON"
log_wait 'templates reloaded'
request 3
tap_like "$(mail_field subject "$GK_DIR/ack.3.eml")" '受理回执（三版）' \
    "after the fix and a SIGHUP, request 3 is acknowledged with the new text"
kill -TERM "$DAEMON"
wait "$DAEMON"
tap_is "$?" 0 "the daemon stops cleanly"
tap_done
