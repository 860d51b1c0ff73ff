#!/bin/bash
# pen_retry.sh - a held mail is not lost: `pen retry MSG` decides it again
# through the normal path, `pen open MSG` opens a request from it, both as
# of its recorded arrival (the request's dates), both leave the pen and
# record what happened.  A request that arrived while a template was
# broken is held as processing-failed (and `ingest` only calls it a
# duplicate); after the fix `pen retry` acknowledges it.  A mail with the
# tag of no case is held again by `pen retry` and opened by `pen open`.
# Driven by `gongkai ingest` with the clock pinned.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
CITIZEN=zhang.zhe@example.test

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }

# The program finds its templates through GK_SRCDIR (src/datadir.h): a
# copy we may break, the calendar as shipped.
TREE=$GK_DIR/tree
mkdir -p "$TREE"
cp -r "$GK_SRCDIR/templates" "$TREE/templates"
ln -s "$GK_SRCDIR/calendar" "$TREE/calendar"
chown -R "$GK_USER:" "$TREE"
export GK_SRCDIR=$TREE
ACK=$TREE/templates/ack.zh.txt
cp "$ACK" "$GK_DIR/ack.good"

# pen: "id reason" of each held mail, one a line.
pen() {
	ik_gk base pen --json | python3 -c "
import json, sys
for p in json.load(sys.stdin): print(p['id'], p['reason'])"
}

# show CASE EXPR: EXPR of the case's `show --json` (c is the object).
show() {
	ik_gk base show "$1" --json | python3 -c "
import json, sys
c = json.load(sys.stdin); print($2)"
}

tap_plan 17

# 1. A request on Friday 2026-09-18 while the acknowledgment is broken.
sed -i 's/{{case_id}}/{{case_idd}}/' "$ACK"
got=$(ik_request base 2026-09-18T10:00:00+08:00 "$CITIZEN" \
    '姓名：张喆\n所需信息：2025年度预算')
tap_is "$got" "pen processing-failed" \
    "a request while a template is broken is held as processing-failed"
MSG=$(pen | awk '$2 == "processing-failed" { print $1 }')
got=$(ik_ingest base 2026-09-21T09:00:00+08:00 "$GK_DIR/mail/request.eml")
tap_like "$got" '^duplicate' "ingesting it again only says duplicate"

out=$(GONGKAI_NOW=2026-09-21T09:00:00+08:00 ik_gk base pen retry "$MSG" 2>&1)
tap_is "$?" 1 "pen retry while the template is still broken fails (exit 1)"
tap_like "$out" "stays held as processing-failed" "... saying the mail stays held"
tap_is "$(pen)" "$MSG processing-failed" "... and it does stay held"

# 2. Fixed on Monday 2026-09-21: pen retry acknowledges it, dated Friday.
cp "$GK_DIR/ack.good" "$ACK"
since=$(ik_outmax base)
out=$(GONGKAI_NOW=2026-09-21T09:00:00+08:00 ik_gk base pen retry "$MSG" \
    2>>"$GK_DIR/gongkai.log")
tap_is "$?/$out" "0/mail $MSG: new-request GK-2026-0001" \
    "pen retry after the fix opens the request"
tap_is "$(ik_queued base "$since")" "ack $CITIZEN;handler_notice jingban@fao.example.test;" \
    "... and queues its acknowledgment (and the handler's notice)"
tap_is "$(show GK-2026-0001 'c["received_at"][:10], c["receipt_date"]')" \
    "2026-09-18 2026-09-18" "... dated by the mail's arrival, not today"
tap_is "$(pen)" "" "... and the mail has left the pen"
tap_like "$(show GK-2026-0001 '"\n".join(e["detail"] or "" for e in c["events"])')" \
    'taken from the holding pen by `pen retry` \(held as processing-failed\)' \
    "... the case records that it came from the pen"
tap_is "$(ik_json base "' '.join('%s %s' % (m['outcome'], m['case']) for m in d if m['id'] == $MSG)" mails --json)" \
    "new-request GK-2026-0001" "... and the mail's row its new outcome"
GONGKAI_NOW=2026-09-21T09:00:00+08:00 ik_gk base pen retry "$MSG" >/dev/null 2>&1
tap_is "$?" 1 "a second pen retry of it finds nothing held (exit 1)"

# The acknowledgment never went out (no SMTP server here): the sweep of
# Monday tells the secretariat, once.
nack() {
	ik_json base "'%d %s' % (sum(o['kind'] == 'ack_missing' for o in d),
    ','.join(o['to'] for o in d if o['kind'] == 'ack_missing'))" outbox --json
}
GONGKAI_NOW=2026-09-21T10:00:00+08:00 ik_gk base run --once \
    >>"$GK_DIR/gongkai.log" 2>&1
GONGKAI_NOW=2026-09-21T11:00:00+08:00 ik_gk base run --once \
    >>"$GK_DIR/gongkai.log" 2>&1
tap_is "$(nack)" "1 mishu@fao.example.test" \
    "no acknowledgment sent by the end of its arrival day: the secretariat is told once"

# 3. The tag of no case: retry holds it again, open makes it a request.
python3 "$GK_HARNESS/mkmail.py" plain citizen@example.test "$IK_OFFICE" \
    "[GK-2026-0999] 政府信息公开申请" '姓名：李四\n所需信息：2024年度决算' \
    >"$GK_DIR/mail/tagged.eml"
ik_ingest base 2026-09-22T15:00:00+08:00 "$GK_DIR/mail/tagged.eml" >/dev/null
M2=$(pen | awk '{ print $1 }')
tap_is "$(pen)" "$M2 unknown-case" "a mail tagged with no case is held (unknown-case)"
out=$(GONGKAI_NOW=2026-09-24T09:00:00+08:00 ik_gk base pen retry "$M2" 2>&1)
tap_is "$?/$(pen)" "1/$M2 unknown-case" "pen retry holds it again, exit 1"
out=$(GONGKAI_NOW=2026-09-24T09:00:00+08:00 ik_gk base pen open "$M2" \
    2>>"$GK_DIR/gongkai.log")
tap_is "$?/$out/$(pen)" "0/mail $M2: new-request GK-2026-0002/" \
    "pen open makes it a new request and it leaves the pen"
tap_is "$(show GK-2026-0002 'c["receipt_date"], c["applicant"]["email"]')" \
    "2026-09-22 citizen@example.test" \
    "... received on its arrival day, from its sender"
