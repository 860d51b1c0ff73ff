#!/bin/bash
# bounce_verp.sh - a delivery failure is believed only from a bounce sent
# to the envelope sender of a mail the office sent, random part and all:
# a forged DSN to gongkai+bounce-CASE-KIND-GUESS@ (the case and kind
# right, the random part wrong) changes nothing and waits in the pen; the
# genuine one marks the mail failed, and `outbox retry` sends it again
# from the spool.  Mail goes in by SMTP, results are read through outbox
# --json, show --json and pen --json.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test
CORPUS=$GK_SRCDIR/tests/data/corpus

cycle() { gk run --once >>"$GK_DIR/daemon.log" 2>&1; }
ack_state() { gk outbox --json | json '[m["state"] for m in d if ".ack." in m["message_id"]][0]'; }
events() { gk show GK-2026-0001 --json | json '",".join(e["type"] for e in d["events"])'; }

# dsn VERP FILE: an Exim DSN (the corpus's) for the acknowledgment,
# returned to VERP.
dsn()
{
	sed -e "s|gongkai+bounce-gk-2026-0007-answer-1@fao.example.test|$1|g" \
	    -e "s|<gk-2026-0007.answer.1@fao.example.test>|$ACK_ID|g" \
	    -e "s|GK-2026-0007|GK-2026-0001|g" \
	    -e "s|zhang.zhe@qq.example.test|$CITIZEN|g" \
	    -e "s|E1vB2cD-000Efg-3H|E1vB2cD-$RANDOM-3H|g" \
	    "$CORPUS/automatic/a3-exim-dsn-5.1.1-answer-bounced.eml" >"$2"
}

tap_plan 14
mailstack_start
gk_config >/dev/null
gk init >/dev/null 2>&1

python3 "$H/mkmail.py" plain "张喆 <$CITIZEN>" "$OFFICE" "政府信息公开申请" \
    '姓名：张喆\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件' \
    >"$GK_DIR/request.eml"
smtp_send "$CITIZEN" "$OFFICE" "$GK_DIR/request.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
cycle
imap_wait_count "$CITIZEN" INBOX 1 10 >/dev/null
mail_newest "$CITIZEN"
ACK_ID=$(mail_field message-id)
VERP=$(mail_field header:Return-Path | tr -d '<>')
tap_like "$VERP" '^gongkai\+bounce-gk-2026-0001-ack-[0-9a-f]{12}@fao\.example\.test$' \
    "the acknowledgment went out from its VERP address"
tap_is "$(ack_state)" sent "outbox --json: the acknowledgment is sent"
before=$(events)

# A forger knows the case and the kind, and guesses the random part.
FORGED=${VERP%-*@*}-0123456789ab@fao.example.test
[ "$FORGED" != "$VERP" ] || FORGED=${VERP%-*@*}-ba9876543210@fao.example.test
dsn "$FORGED" "$GK_DIR/forged.eml"
smtp_send MAILER-DAEMON@example.test "$FORGED" "$GK_DIR/forged.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
cycle
tap_is "$(ack_state)" sent "forged DSN: the acknowledgment is still sent"
tap_is "$(events)" "$before" "forged DSN: no event in the case"
tap_is "$(gk pen --json | json '" ".join(p["reason"] for p in d)')" \
    bounce-unverified "forged DSN: held in the pen as bounce-unverified"
tap_like "$(cat "$GK_DIR/daemon.log")" 'bounce about GK-2026-0001 not to the envelope sender' \
    "forged DSN: the log says why"
tap_is "$(imap_count "$OFFICE" INBOX)" 0 "forged DSN: moved out of INBOX"

# The same DSN to the real VERP address: the mail failed.
dsn "$VERP" "$GK_DIR/genuine.eml"
smtp_send MAILER-DAEMON@example.test "$VERP" "$GK_DIR/genuine.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
cycle
tap_is "$(ack_state)" failed "genuine DSN: the acknowledgment is failed"
tap_like "$(events)" 'delivery-failed' "genuine DSN: the case records the failure"
tap_like "$(gk outbox --json | json '[m["last_error"] for m in d if ".ack." in m["message_id"]][0]')" \
    "failed 5\.1\.1 to $CITIZEN" "genuine DSN: outbox --json says what failed"
tap_is "$(gk pen --json | json 'len(d)')" 1 "genuine DSN: not held"

# outbox retry: the bounced acknowledgment, whose bytes only the spool
# keeps now, queued again and sent again as it was.
ACK_NO=$(gk outbox --json | json '[m["id"] for m in d if ".ack." in m["message_id"]][0]')
tap_like "$(gk outbox retry "$ACK_NO" 2>/dev/null)" "^outbox retry: $ACK_NO queued again" \
    "outbox retry queues the bounced acknowledgment again"
cycle
tap_is "$(ack_state) $(imap_wait_count "$CITIZEN" INBOX 2 10)" "sent 2" \
    "the next cycle sends it again"
cp "$GK_DIR/last.eml" "$GK_DIR/first.eml"
mail_newest "$CITIZEN"
tap_is "$(mail_field message-id) $(mail_field body | md5sum)" \
    "$ACK_ID $(mail_field body "$GK_DIR/first.eml" | md5sum)" \
    "the same mail, read back from the spool: its Message-ID and body"
tap_done
exit $((TAP_FAILED > 0))
