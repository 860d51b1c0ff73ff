#!/bin/bash
# outbox_smtp.sh - outgoing mail through a real Exim into real Dovecot
# mailboxes: what is queued arrives with the headers it was composed with
# (From, To, Subject, Message-ID, Reply-To, Auto-Submitted, X-Loop,
# X-Auto-Response-Suppress, the VERP envelope sender, an RFC 2231 file
# name) over one SMTP connection; a 451 leaves mail queued with its
# attempt and the server's words, and the retry sends the same
# Message-ID; a 550 fails it for good and tells the secretariat; no
# server at all defers it; `gongkai outbox` shows all of this.
#
# Mail is queued with tests/integration/outbox_tool (outbox_enqueue, as
# the request engine calls it) and delivered by `gongkai run --once` (the
# daemon's cycle) or the tool's flush.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"

TOOL=$GK_BUILDDIR/tests/integration/outbox_tool
OFFICE=gongkai@fao.example.test
CITIZEN=citizen@example.test
TOKEN=abcdefghijklmnopqrstuvwxyz234567abcdefgh

tool() { "$TOOL" "$GK_CONF" "$@"; }

# outbox_json: `gongkai outbox --json`
outbox_json() { gk outbox --json; }

# row ID FIELD: a field of outbox entry ID, from `gongkai outbox --json`
row() {
	outbox_json | python3 -c '
import json, sys
for e in json.load(sys.stdin):
    if e["id"] == int(sys.argv[1]):
        v = e[sys.argv[2]]
        print("null" if v is None else v)' "$1" "$2"
}

# header FILE NAME: the decoded value of header NAME (all of them, one a
# line), through Python's email package
header() {
	python3 -c '
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
    policy=email.policy.default)
for v in m.get_all(sys.argv[2]) or []:
    print(str(v))' "$1" "$2"
}

# backoff ID T0 T1 WANT: "ok" when queued mail ID is due WANT seconds
# after its last attempt, which happened between T0 and T1 (epoch
# seconds read before and after the flush): a busy machine can stretch
# the flush, never the backoff.
backoff() {
	local due

	due=$(gk outbox --json | python3 -c 'import json, sys
print(*(m["next_attempt_at"] for m in json.load(sys.stdin)
    if m["id"] == int(sys.argv[1])))' "$1")
	if [ "$due" -ge $(($2 + $4)) ] && [ "$due" -le $(($3 + $4)) ]; then
		echo ok
	else
		echo "due $due, attempt between $2 and $3, want +$4"
	fi
}

# fetch USER N FILE: the N-th message of USER's INBOX into FILE
fetch() {
	local uid

	uid=$(imap_uids "$1" INBOX | sed -n "${2}p")
	imap_fetch "$1" INBOX "$uid" >"$3"
}

# exim_process MSGID: the Exim process that received mail MSGID (the
# middle part of Exim's message id): one per SMTP connection
exim_process() {
	local id=${1#<}

	awk -v id="id=${id%>}" '$4 == "<=" && $NF == id { split($3, p, "-");
	    print p[2] }' "$MS_DIR/exim/log/mainlog"
}


mailstack_start
gk_config >/dev/null
gk init >/dev/null 2>&1
tap_ok $? "gongkai init"

# --- queue two mails: one with an attachment, one asking for a command
CASE=$(tool case "$CITIZEN" 张哲 "政府信息公开申请")
tap_like "$CASE" '^GK-[0-9]{4}-0001$' "a case to write about"
case_lc=${CASE,,}
mkdir -p "$GK_DIR/spool/att/te"
printf '%%PDF-1.4\n%s\n' "答复书正文 $$" >"$GK_DIR/spool/att/te/reply.pdf"
SUBJ1="[$CASE] 受理回执：政府信息公开申请"
out=$(tool enqueue "$CASE" ack "$CITIZEN" $'张哲\r\nBcc: mishu@fao.example.test' \
    "$SUBJ1" $'张哲您好：\n\n您的申请已受理。\n' - \
    "2025年度因公出国（境）团组情况答复书.pdf=att/te/reply.pdf")
read -r ID1 MID1 <<<"$out"
tap_like "$MID1" "^<$case_lc\\.ack\\.[0-9a-f]{16}@fao\\.example\\.test>\$" \
    "the Message-ID names the case and the kind, in the office's domain"
out=$(tool enqueue "$CASE" review_request chushen@fao.example.test - \
    "[$CASE] 审核：答复书（草稿）" "请审核。" "$TOKEN")
read -r ID2 MID2 <<<"$out"
tap_is "$MID2" "<$case_lc.review_request.$TOKEN@fao.example.test>" \
    "the reply token is in the Message-ID"
tap_is "$(row "$ID1" state) $(row "$ID1" attempts) $(row "$ID2" state)" \
    "queued 0 queued" "outbox --json: queued, no attempt yet"

# --- the daemon's cycle delivers both over one connection
gk run --once >"$GK_DIR/run1.log" 2>&1
tap_ok $? "run --once: exit 0"
tap_is "$(imap_wait_count "$CITIZEN" INBOX 1)" 1 "the citizen got the acknowledgment"
tap_is "$(imap_wait_count chushen@fao.example.test INBOX 1)" 1 \
    "the reviewer got the review request"
p1=$(exim_process "$MID1") p2=$(exim_process "$MID2")
tap_ok "$([ -n "$p1" ] && [ "$p1" = "$p2" ]; echo $?)" \
    "both over one SMTP connection (one Exim process: '$p1' '$p2')"
tap_is "$(row "$ID1" state) $(row "$ID1" attempts) $(row "$ID1" last_error)" \
    "sent 1 null" "outbox --json: sent after one attempt"

M1=$GK_DIR/m1.eml
fetch "$CITIZEN" 1 "$M1"
tap_is "$(header "$M1" Message-ID)" "$MID1" "delivered with the Message-ID composed"
# outbox cat: the sent mail's bytes, from the spool's copy; the delivered
# mail is those bytes under the headers the servers added on the way (the
# line ends compared without their CRs: the fetch writes bare LFs).
gk outbox cat "$ID1" | tr -d '\r' >"$GK_DIR/cat1.eml"
n=$(wc -c <"$GK_DIR/cat1.eml")
tap_ok "$([ "$n" -gt 500 ] && tr -d '\r' <"$M1" | tail -c "$n" | cmp -s - "$GK_DIR/cat1.eml"; echo $?)" \
    "outbox cat $ID1: the $n bytes that were sent (the delivered mail ends with them)"
tap_is "$(header "$M1" Subject)" "$SUBJ1" "the Chinese subject survives the trip"
tap_is "$(header "$M1" From)" "上海市人民政府外事办公室 <$OFFICE>" \
    "From is the configured name and address"
tap_is "$(header "$M1" To | wc -l) $(header "$M1" To)" \
    "1 \"张哲 Bcc: mishu@fao.example.test\" <$CITIZEN>" \
    "one To: the CR LF in the name became a space"
tap_unlike "$(sed '/^\r\?$/q' "$M1")" '^(Bcc|Cc):' "no Bcc or Cc header"
tap_is "$(imap_count mishu@fao.example.test INBOX 2>/dev/null || echo 0)" 0 \
    "nothing reached the address in the name"
tap_is "$(header "$M1" Auto-Submitted) $(header "$M1" X-Loop) $(header "$M1" X-Auto-Response-Suppress)" \
    "auto-generated $OFFICE All" "Auto-Submitted, X-Loop, X-Auto-Response-Suppress"
tap_like "$(header "$M1" Return-Path)" \
    "^<gongkai\\+bounce-$case_lc-ack-[0-9a-f]{12}@fao\\.example\\.test>\$" \
    "the envelope sender is the VERP address of the case and kind"
tap_is "$(python3 -c '
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
    policy=email.policy.default)
for p in m.iter_attachments():
    print(p.get_filename(), p.get_content_type())' "$M1")" \
    "2025年度因公出国（境）团组情况答复书.pdf application/pdf" \
    "the attachment keeps its Chinese name (RFC 2231) and type"
tap_like "$(grep -a -i '^Content-Disposition\|filename\*' "$M1" | head -2)" \
    "filename\\*(0\\*)?=(UTF-8|utf-8)''" "the file name is RFC 2231-encoded"
tap_unlike "$(LC_ALL=C awk 'length($0) > 999' "$M1")" . "no line over 998 octets"
M2=$GK_DIR/m2.eml
fetch chushen@fao.example.test 1 "$M2"
tap_is "$(header "$M2" Reply-To)" "gongkai+$TOKEN@fao.example.test" \
    "Reply-To carries the token"
sha=$(printf '%s' "$MID1" | sha256sum | cut -d' ' -f1)
tap_run "the sent bytes are kept as spool/out/<hash>.eml" \
    test -s "$GK_DIR/spool/out/$sha.eml"

# --- 451: deferred with the server's words, then sent with the same id
touch "$MS_DIR/smtp-defer"
out=$(tool enqueue "$CASE" correction_notice "$CITIZEN" 张哲 \
    "[$CASE] 补正申请告知书" "请补正。")
read -r ID3 MID3 <<<"$out"
t0=$(date +%s)
tap_is "$(tool flush 2>>"$GK_DIR/tool.log")" "sent 0" "451: nothing sent"
t1=$(date +%s)
tap_is "$(row "$ID3" state) $(row "$ID3" attempts)" "queued 1" \
    "451: still queued, one attempt"
tap_like "$(row "$ID3" last_error)" '^RCPT TO:<citizen@example.test>.*: 451 4\.3\.0 test-induced temporary failure' \
    "451: last_error holds the command and the server's words"
tap_is "$(backoff "$ID3" "$t0" "$t1" 60)" ok "the first retry waits 60 s"
tool flush >/dev/null 2>>"$GK_DIR/tool.log"
tap_is "$(row "$ID3" attempts)" 1 "the next flush waits for the backoff"
tool retry-now "$ID3" >/dev/null
t0=$(date +%s)
tool flush >/dev/null 2>>"$GK_DIR/tool.log"
t1=$(date +%s)
tap_is "$(row "$ID3" state) $(row "$ID3" attempts)" "queued 2" \
    "451 again: two attempts"
tap_is "$(backoff "$ID3" "$t0" "$t1" 120)" ok "the second retry waits 120 s"
rm -f "$MS_DIR/smtp-defer"
tap_is "$(tool retry-now "$ID3")" 1 "retry-now makes it due"
tap_is "$(tool flush 2>>"$GK_DIR/tool.log")" "sent 1" "the retry is sent"
tap_is "$(row "$ID3" state) $(row "$ID3" attempts)" "sent 3" "sent on the third attempt"
tap_is "$(imap_wait_count "$CITIZEN" INBOX 2)" 2 "the citizen got the notice"
M3=$GK_DIR/m3.eml
fetch "$CITIZEN" 2 "$M3"
tap_is "$(header "$M3" Message-ID)" "$MID3" "the retry kept the Message-ID"

# --- 550: failed for good, the secretariat told
out=$(tool enqueue "$CASE" answer_disclose nobody@example.test - \
    "[$CASE] 政府信息公开申请答复书" "答复如下。")
read -r ID4 MID4 <<<"$out"
tap_is "$(tool flush 2>>"$GK_DIR/tool.log")" "sent 1" "550: only the notice is sent"
tap_is "$(row "$ID4" state) $(row "$ID4" attempts)" "failed 1" "550: failed after one attempt"
tap_like "$(row "$ID4" last_error)" ': 550 .*unknown user' "550: last_error holds the server's words"
tap_is "$(imap_wait_count mishu@fao.example.test INBOX 1)" 1 \
    "the secretariat got a delivery_failed notice"
M4=$GK_DIR/m4.eml
fetch mishu@fao.example.test 1 "$M4"
tap_like "$(header "$M4" Subject)" "^\\[$CASE\\] .*nobody@example\\.test" \
    "the notice names the case and the recipient"
tap_like "$(header "$M4" Message-ID)" "^<$case_lc\\.delivery_failed\\." \
    "the notice is case mail of kind delivery_failed"
notice=$(outbox_json | python3 -c '
import json, sys
print(" ".join(e["state"] + ":" + e["to"] for e in json.load(sys.stdin)
               if e["message_id"].startswith("<'"$case_lc"'.delivery_failed.")))')
tap_is "$notice" "sent:mishu@fao.example.test" "outbox --json shows the notice, sent"

# --- no server: deferred, and the flush says so
mailstack_stop_exim
out=$(tool enqueue - digest mishu@fao.example.test - "每日摘要" "无。")
read -r ID5 MID5 <<<"$out"
tap_like "$MID5" '^<gongkai\.digest\.[0-9a-f]{16}@fao\.example\.test>$' \
    "mail about no case has a Message-ID of its own"
tool flush >/dev/null 2>>"$GK_DIR/tool.log"
tap_is "$?" 1 "no server: the flush fails"
tap_is "$(row "$ID5" state) $(row "$ID5" attempts) $(row "$ID5" case)" \
    "queued 1 null" "no server: queued, one attempt"
mailstack_start_exim
tool retry-now >/dev/null
tap_is "$(tool flush 2>>"$GK_DIR/tool.log")" "sent 1" "the server back: sent"

# --- 421 to MAIL FROM (Exim after smtp_accept_max_per_connection, 1000 by
# default, here 2): nothing was taken; the mail goes on a new connection
# at once instead of waiting 60 s (the crash loop's long run found it)
touch "$MS_DIR/smtp-max2"
for i in 1 2 3; do
	tool enqueue "$CASE" transcript "$CITIZEN" - "[$CASE] 421 $i" "正文" \
	    >/dev/null
done
tap_is "$(tool flush 2>>"$GK_DIR/tool.log")" "sent 3" \
    "421 after two mails on a connection: the third goes on a new one"
rm -f "$MS_DIR/smtp-max2"

# --- a mail is composed at its first attempt (outbox.h): one whose
# attachment left the spool meanwhile fails, and the secretariat is told
printf '%%PDF-1.4\n%s\n' "转瞬即逝 $$" >"$GK_DIR/spool/att/te/gone.pdf"
read -r IDG MIDG <<<"$(tool enqueue "$CASE" transcript "$CITIZEN" - \
    "[$CASE] 附件已删" "正文" - "gone.pdf=att/te/gone.pdf")"
tap_is "$(gk outbox cat "$IDG" | grep -c 'gone.pdf')" 2 \
    "outbox cat shows a queued mail as it will be composed (its attachment named)"
rm "$GK_DIR/spool/att/te/gone.pdf"
tool flush >/dev/null 2>>"$GK_DIR/tool.log"
tap_like "$(row "$IDG" state)|$(row "$IDG" last_error)" \
    '^failed\|.*cannot be composed: attachment .*gone.pdf' \
    "the attachment gone before the first attempt: failed, saying why"
tap_like "$(outbox_json | python3 -c 'import json,sys; print(" ".join(m["kind"] for m in json.load(sys.stdin)))')" \
    'delivery_failed' "and the secretariat gets a delivery_failed notice"

# --- the daemon delivers over [smtp] connections (2 by default): two
# delivery processes, one SMTP connection each, each with its share of
# the queue; every mail goes once
pids=() mids=()
for i in 1 2 3 4 5 6; do
	read -r id mid <<<"$(tool enqueue "$CASE" transcript "$CITIZEN" - \
	    "[$CASE] parallel $i" "正文 $i")"
	pids+=("$id") mids+=("$mid")
done
"$GONGKAI" -c "$GK_CONF" run >"$GK_DIR/run2.log" 2>&1 &
daemon=$!
gk_atexit "kill $daemon 2>/dev/null"
for i in $(seq 300); do
	left=0
	for id in "${pids[@]}"; do
		[ "$(row "$id" state)" = sent ] || left=$((left + 1))
	done
	[ "$left" = 0 ] && break
	sleep 0.1
done
tap_is "$left" 0 "the daemon sent the six mails"
workers() { pgrep -P "$daemon" -f 'outbox deliver' | sort | tr '\n' ' '; }
# One mail queued while the daemon waits, and SIGUSR1; $1 names it.
send_one() {
	local id
	read -r id _ <<<"$(tool enqueue "$CASE" transcript "$CITIZEN" - \
	    "[$CASE] $1" "正文")"
	kill -USR1 "$daemon"
	for i in $(seq 300); do
		[ "$(row "$id" state)" = sent ] && break
		sleep 0.1
	done
	row "$id" state
}
w1=$(workers)
tap_is "$(send_one later)|$(workers)" "sent|$w1" \
    "the two delivery processes are kept: the next mail goes out through them ($w1)"
killed=${w1%% *}
kill -KILL "$killed"
tap_like "$(send_one after-kill)|$(workers)" '^sent\|[0-9]+ [0-9]+ $' \
    "a delivery process killed while idle is started again for the next mail"
tap_unlike "$(workers)" "(^| )$killed " "and that one is a new process, not $killed"
kill "$daemon"; wait "$daemon"
tap_is "$(pgrep -f "$GK_CONF outbox deliver" | grep -c .)" 0 \
    "the daemon stopped, no delivery process is left"
procs=$(for m in "${mids[@]}"; do exim_process "$m"; done)
tap_is "$(sort -u <<<"$procs" | grep -c .)|$(grep -c . <<<"$procs")|$(for m in "${mids[@]}"; do m=${m#<}; grep -c "id=${m%>}\$" "$MS_DIR/exim/log/mainlog"; done | sort -u | tr -d '\n')" \
    "2|6|1" "over two SMTP connections (two Exim processes), each mail taken once"
pairs=$(for k in "${!pids[@]}"; do
	echo "$(exim_process "${mids[$k]}") $((pids[k] % 2))"; done | sort -u)
tap_is "$(awk '{ print $1 }' <<<"$pairs" | sort | uniq -d | grep -c .)|$(grep -c . <<<"$pairs")" \
    "0|2" "each connection carried the mails of one slot (outbox id modulo 2)"

# --- the text form: a header row, then one line per mail
gk outbox >"$GK_DIR/outbox.txt"
tap_like "$(head -n 1 "$GK_DIR/outbox.txt")" '^ID +STATE +TRIES +CASE +TO +MESSAGE-ID SUBJECT$' \
    "outbox (text) starts with a header row"
tap_is "$(($(wc -l <"$GK_DIR/outbox.txt") - 1))" "$(outbox_json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" \
    "outbox (text) prints one line per mail"
tap_done
