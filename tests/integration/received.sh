#!/bin/bash
# received.sh - a request counts from its arrival in the office's mailbox,
# not from when gongkai got to it (条例 Art. 31(3)): a request that reached
# the mailbox on Friday 2026-11-13 (its IMAP INTERNALDATE), processed on
# Monday after an outage, has Friday as its arrival and receipt date and
# its due date counted from Friday; the acknowledgment says so.  The same
# through `ingest --received`; an arrival in the future counts as now; a
# --received that is no time is a usage error.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test
FRIDAY=2026-11-13
MONDAY=2026-11-16T09:30:00+08:00


request() {	# request N FILE: a request mail of its own Message-ID
	python3 "$H/mkmail.py" plain "张喆 <$CITIZEN>" "$OFFICE" "政府信息公开申请 $1" \
	    "姓名：张喆\n所需信息：2025年度因公出国（境）团组情况 $1" >"$2"
}

tap_plan 10
mailstack_start
gk_config >/dev/null
gk init >/dev/null 2>&1

# 1. Friday 17:30, before the outage.
request 1 "$GK_DIR/r1.eml"
imap_append "$OFFICE" "$GK_DIR/r1.eml" "13-Nov-2026 17:30:00 +0800"
tap_ok $? "the request is in the office's INBOX with INTERNALDATE Friday 17:30"
GONGKAI_NOW=$MONDAY gk run --once >>"$GK_DIR/daemon.log" 2>&1
tap_ok $? "Monday morning, one cycle processes it"
due=$(gk calendar add $FRIDAY 20)
tap_is "$(gk show GK-2026-0001 --json | json '" ".join((d["received_at"], d["receipt_date"], d["due_date"]))')" \
    "${FRIDAY}T17:30:00+08:00 $FRIDAY $due" \
    "arrival and receipt are Friday's; due 20 working days after it ($due)"
imap_wait_count "$CITIZEN" INBOX 1 10 >/dev/null
mail_newest "$CITIZEN"
body=$(mail_field body)
tap_like "$body" '已于2026年11月13日到达本机关' "the acknowledgment says the request arrived on Friday"
tap_like "$body" '确认2026年11月13日为收到申请之日' "and confirms Friday as the day of receipt"
want=$(python3 -c 'import sys; y, m, d = sys.argv[1].split("-"); print("%d年%d月%d日" % (int(y), int(m), int(d)))' "$due")
tap_like "$body" "$want" "and gives the due date counted from Friday ($want)"

# 2. The same through ingest --received.
request 2 "$GK_DIR/r2.eml"
out=$(GONGKAI_NOW=$MONDAY gk ingest --received ${FRIDAY}T17:45:00+08:00 "$GK_DIR/r2.eml")
tap_is "$(gk show GK-2026-0002 --json | json '" ".join((d["received_at"], d["receipt_date"], d["due_date"]))')" \
    "${FRIDAY}T17:45:00+08:00 $FRIDAY $due" \
    "ingest --received Friday: the same dates ($out)"

# 3. An arrival after now (a server clock ahead) counts as now.
request 3 "$GK_DIR/r3.eml"
GONGKAI_NOW=$MONDAY gk ingest --received 2026-11-20T10:00:00+08:00 "$GK_DIR/r3.eml" >/dev/null
tap_is "$(gk show GK-2026-0003 --json | json '" ".join((d["received_at"], d["receipt_date"]))')" \
    "$MONDAY 2026-11-16" "an arrival after now counts as now"

# 4. --received must be a time with an offset.
rc=0
err=$(gk ingest --received 2026-11-13 "$GK_DIR/r3.eml" 2>&1 >/dev/null) || rc=$?
tap_is "$rc" 2 "ingest --received 2026-11-13 (no time, no offset): exit 2"
tap_like "$err" 'not an ISO 8601 time with offset' "and says what is wrong"
tap_done
exit $((TAP_FAILED > 0))
