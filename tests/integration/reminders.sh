#!/bin/bash
# reminders.sh - time travel through a case's answer period over the real
# mail stack: a request received on 2026-09-09 is due 2026-10-13 (20
# working days over 中秋 and 国庆).  `GONGKAI_NOW=... gongkai run --once`
# (a fresh process each time: a restart) and once the daemon itself walk
# it through every remind_days threshold (5, 3, 1, 0) and past its due
# date, twice on some days, over a weekend, the 国庆 holiday and a 调休
# Saturday; the secretariat's IMAP inbox holds exactly one reminder per
# threshold and per overdue working day, one digest per working day swept
# (the first after a gap catching up), and nothing from non-working days.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test
MISHU=mishu@fao.example.test
HANDLER=jingban@fao.example.test

cycle() { GONGKAI_NOW=$1 gk run --once >>"$GK_DIR/daemon.log" 2>&1; }

# kind_count USER KIND: mails of KIND in USER's INBOX, by their Message-ID
# (<case.KIND.random@domain>, <gongkai.KIND.random@domain>).
kind_count() {
	ms_doveadm -f pager fetch -u "$1" hdr mailbox INBOX all 2>/dev/null |
	    grep -ci "^Message-ID: <[^.]*\\.$2\\."
}

# queued KIND: mails of KIND the office has queued or sent, from the store.
queued() {
	gk outbox --json | python3 -c 'import json, sys
print(sum(m["kind"] == sys.argv[1] for m in json.load(sys.stdin)))' "$1"
}

R=0	# reminders expected in the secretariat's inbox so far
G=0	# digests expected

# step NOW NEW_REMINDERS NEW_DIGESTS WHAT: one run --once at NOW, then the
# secretariat's inbox must hold exactly the expected reminders and digests.
step() {
	R=$((R + $2)); G=$((G + $3))
	cycle "$1"
	tap_ok $? "run --once at $1 ($4)"
	imap_wait_count "$MISHU" INBOX $((R + G)) 10 >/dev/null
	tap_is "$(queued deadline_reminder)/$(queued digest)" "$R/$G" \
	    "$1: the office has sent $R reminders and $G digests"
	tap_is "$(kind_count "$MISHU" deadline_reminder)/$(kind_count "$MISHU" digest)" \
	    "$R/$G" "$1: the secretariat's inbox holds $R reminders and $G digests"
}

mailstack_start
gk_config >/dev/null
gk init >/dev/null 2>&1

# The request arrives on Wednesday 2026-09-09.
python3 "$H/mkmail.py" plain "张喆 <$CITIZEN>" "$OFFICE" "政府信息公开申请" \
    '姓名：张喆\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件' \
    >"$GK_DIR/request.eml"
smtp_send "$CITIZEN" "$OFFICE" "$GK_DIR/request.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
step 2026-09-09T10:00:00+08:00 0 1 "received; the first digest"
js=$(gk show GK-2026-0001 --json)
tap_is "$(json 'd["due_date"], d["due_provisional"]' <<<"$js")" "2026-10-13 False" \
    "due 2026-10-13: 20 working days over 中秋 and 国庆"
tap_is "$(gk calendar count 2026-09-29 2026-10-13)" 6 "on 2026-09-29, 6 working days are left"

# Down for a fortnight: one digest catches up, no reminder is due yet.
step 2026-09-29T10:00:00+08:00 0 1 "6 left, after a gap"
mail_newest "$MISHU"
tap_like "$(mail_field body)" '上一份摘要于2026年9月9日发出' "the digest after the gap says since when"
tap_like "$(mail_field body)" 'GK-2026-0001 \| 张喆 \| 经办人员 \| jingban@fao.example.test \| 2026-10-13 \| 6' \
    "the digest lists the case: applicant, step, holder, due date, working days left"
tap_like "$(mail_field html)" '<tr><td>GK-2026-0001</td><td>张喆</td><td>经办人员</td><td>jingban@fao.example.test</td><td>2026-10-13</td><td>6</td></tr>' \
    "the digest's HTML alternative has the same row in a table"
imap_wait_count "$HANDLER" INBOX 2 10 >/dev/null
tap_is "$(kind_count "$HANDLER" idle_reminder)" 1 "the handler, idle since 2026-09-09, is nudged once"
mail_newest "$HANDLER"
tap_like "$(mail_field reply-to)" '^gongkai\+[a-z2-7]+@fao.example.test$' "the nudge can be answered with a command"

step 2026-09-30T07:30:00+08:00 0 0 "before digest_hour: nothing yet"
step 2026-09-30T10:00:00+08:00 1 1 "5 left: the first threshold"
for uid in $(imap_uids "$MISHU" INBOX); do
	imap_fetch "$MISHU" INBOX "$uid" >"$GK_DIR/m.eml"
	case $(mail_field message-id "$GK_DIR/m.eml") in
	*.deadline_reminder.*) cp "$GK_DIR/m.eml" "$GK_DIR/r5.eml" ;;
	esac
done
tap_like "$(mail_field body "$GK_DIR/r5.eml")" '^当前环节：经办人员（jingban@fao.example.test）' \
    "the reminder names the step and who holds it"
tap_like "$(mail_field body "$GK_DIR/r5.eml")" '^期限情况：还有5个工作日到期' "and the working days left"
step 2026-09-30T15:00:00+08:00 0 0 "the same day again"
step 2026-10-01T10:00:00+08:00 0 0 "国庆: not a working day"
step 2026-10-03T10:00:00+08:00 0 0 "a Saturday of 国庆"
step 2026-10-08T10:00:00+08:00 0 1 "4 left: between thresholds"
step 2026-10-09T10:00:00+08:00 1 1 "3 left"
step 2026-10-10T10:00:00+08:00 0 1 "调休 Saturday, a working day: 2 left"
step 2026-10-11T10:00:00+08:00 0 0 "Sunday"

# 2026-10-12, 1 left: the daemon itself, stopped and started again.
R=$((R + 1)); G=$((G + 1))
GONGKAI_NOW=2026-10-12T10:00:00+08:00 "$GONGKAI" -c "$GK_CONF" run >>"$GK_DIR/daemon.log" 2>&1 &
pid=$!
gk_atexit "kill -9 $pid 2>/dev/null"
imap_wait_count "$MISHU" INBOX $((R + G)) 20 >/dev/null
kill -TERM "$pid"; wait "$pid"
tap_is "$?" 0 "the daemon ran on 2026-10-12 and stopped on SIGTERM"
GONGKAI_NOW=2026-10-12T11:00:00+08:00 "$GONGKAI" -c "$GK_CONF" run >>"$GK_DIR/daemon.log" 2>&1 &
pid=$!
gk_atexit "kill -9 $pid 2>/dev/null"
sleep 2
kill -TERM "$pid"; wait "$pid"
tap_is "$(kind_count "$MISHU" deadline_reminder)/$(kind_count "$MISHU" digest)" \
    "$R/$G" "2026-10-12, 1 left: one reminder and one digest across a daemon restart"

step 2026-10-13T10:00:00+08:00 1 1 "due today"
step 2026-10-14T10:00:00+08:00 1 1 "overdue by 1"
step 2026-10-15T10:00:00+08:00 1 1 "overdue by 2"
step 2026-10-15T16:00:00+08:00 0 0 "overdue by 2, again the same day"
step 2026-10-17T10:00:00+08:00 0 0 "Saturday, overdue"

# What the reminders said, oldest first.
subjects=$(for uid in $(imap_uids "$MISHU" INBOX); do
	imap_fetch "$MISHU" INBOX "$uid" >"$GK_DIR/m.eml"
	case $(mail_field message-id "$GK_DIR/m.eml") in
	*.deadline_reminder.*) mail_field subject "$GK_DIR/m.eml" ;;
	esac
done)
tap_is "$subjects" "[GK-2026-0001] 答复期限提醒：还有5个工作日到期（2026年10月13日）
[GK-2026-0001] 答复期限提醒：还有3个工作日到期（2026年10月13日）
[GK-2026-0001] 答复期限提醒：还有1个工作日到期（2026年10月13日）
[GK-2026-0001] 答复期限提醒：今日到期（2026年10月13日）
[GK-2026-0001] 答复期限提醒：已逾期1个工作日（2026年10月13日）
[GK-2026-0001] 答复期限提醒：已逾期2个工作日（2026年10月13日）" \
    "one reminder per threshold (5, 3, 1, 0), then one per overdue working day"
tap_is "$(kind_count "$MISHU" deadline_reminder)" 6 "6 reminders in all"
tap_is "$(kind_count "$MISHU" digest)" 10 "10 digests: one per working day swept"
tap_is "$(imap_count "$MISHU" INBOX)" 16 "and nothing else reached the secretariat"
tap_is "$(kind_count "$HANDLER" idle_reminder)" 1 "the handler was nudged once in all"
tap_is "$(gk outbox --json | json 'sum(o["case"] == "GK-2026-0001" and o["kind"] == "deadline_reminder" for o in d)')" 6 \
    "the outbox holds each reminder once (outbox --json)"
ev=$(gk show GK-2026-0001 --json | json '"\n".join(e["detail"] for e in d["events"] if e["type"] == "mail-queued")')
tap_is "$(grep -c 'deadline_reminder to mishu@fao.example.test' <<<"$ev")" 6 "show records each reminder in the case"
tap_done
exit $((TAP_FAILED > 0))
