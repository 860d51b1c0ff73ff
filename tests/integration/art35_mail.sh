#!/bin/bash
# art35_mail.sh - the steps of 条例 Arts. 34 and 35 and the withdrawal on
# the real mail stack, each from the mail that takes it to the notice in
# the applicant's (or the agency's, the handler's) IMAP inbox: commands
# by SMTP in the case's thread, the daemon run one cycle at a time with
# the clock pinned, dates from `calendar add`.  Six requests arrive on
# Friday 2026-09-18 (IMAP INTERNALDATE), one applicant each:
#   0001 ASK-REASON (要求说明理由) asks the applicant, the clock runs on;
#        then the excessive answer goes to review;
#   0002 ASK-REASON, then DEFER DATE (延迟答复) sets the due date and
#        tells the applicant (Art. 35);
#   0003 the applicant's 撤回 in the thread: closed, confirmed;
#   0004 the handler's 撤回 with the applicant's statement attached;
#        both counted under 其他处理 3 in the annual report;
#   0005 CONSULT-AGENCY (征求机关意见): the agency's letter (Art. 34), the
#        applicant told the clock stands still; the agency's reply
#        resumes it and the handler is told;
#   0006 the same, the agency silent: on its last day the case waits,
#        the next day the sweep takes silence as consent.
# The steps the law forbids, the held withdrawals and the other-agency
# answer are in art35.sh (through `gongkai ingest`).
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
HANDLER=jingban@fao.example.test
AGENCY=sfb@example.test
FRIDAY=2026-09-18

cycle() { GONGKAI_NOW=$1 gk run --once >>"$GK_DIR/daemon.log" 2>&1; }
words() { date -d "$1" +'%Y年%-m月%-d日'; }
calendar() { gk calendar add "$@"; }
has() { grep -qF -e "$2" <<<"$1"; }
state() { gk show "$1" --json | json "$2"; }

# applicant N: the applicant of case GK-2026-000N.
applicant() { echo "a$1@example.test"; }

# find_mail USER CASE [TOKEN]: the newest mail in USER's INBOX about CASE
# ([CASE] in its subject; with TOKEN, one whose Reply-To carries a reply
# token), raw, into $GK_DIR/found.eml.
find_mail() {
	local uid f=$GK_DIR/found.eml

	for uid in $(imap_uids "$1" INBOX | sort -rn); do
		imap_fetch "$1" INBOX "$uid" >"$f" || continue
		[[ $(mail_field subject "$f") == *"[$2]"* ]] || continue
		[ -z "${3:-}" ] || [ -n "$(mail_field token "$f")" ] || continue
		return 0
	done
	return 1
}

# bodies USER CASE: the bodies of every mail about CASE in USER's INBOX.
bodies() {
	local uid f=$GK_DIR/any.eml

	for uid in $(imap_uids "$1" INBOX); do
		imap_fetch "$1" INBOX "$uid" >"$f" || continue
		[[ $(mail_field subject "$f") == *"[$2]"* ]] && mail_field body "$f"
	done
}

# answer USER CASE TEXT [ATTACH]: USER answers the newest mail about CASE
# that asks them for a command, to its Reply-To, quoting it, by SMTP;
# waited for in the office's INBOX.
answer() {
	local f=$GK_DIR/found.eml to

	find_mail "$1" "$2" token ||
	    { echo "Bail out! no mail about $2 asks $1 for a command"; exit 1; }
	to=$(mail_field reply-to "$f")
	mail_field body "$f" >"$GK_DIR/quote.txt"
	python3 "$H/mkmail.py" plain "$1" "$to" "Re: $(mail_field subject "$f")" \
	    "$3" --in-reply-to "$(mail_field message-id "$f")" \
	    --quote "$GK_DIR/quote.txt" ${4:+--attach "$4"} >"$GK_DIR/reply.eml"
	smtp_send "$1" "$to" "$GK_DIR/reply.eml" >/dev/null
	imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
}

# count USER: how many mails USER's INBOX holds (0 before the first).
count() { imap_count "$1" INBOX 2>/dev/null || echo 0; }

# step NOW USER...: one cycle at NOW, then until each USER's INBOX holds
# a mail more than before it (10 s at most each).
step() {
	local now=$1 u i=0 t
	local -a want

	shift
	for u in "$@"; do
		want[i++]=$(($(count "$u") + 1))
	done
	cycle "$now"
	i=0
	for u in "$@"; do
		for ((t = 0; t < 200; t++)); do
			[ "$(count "$u")" -ge "${want[i]}" ] && break
			sleep 0.05
		done
		i=$((i + 1))
	done
}

# newest USER: the body of the newest mail in USER's INBOX.
newest() {
	mail_newest "$1" "$GK_DIR/newest.eml" &&
	    mail_field body "$GK_DIR/newest.eml"
}

tap_plan 12
mailstack_start
gk_config >/dev/null
gk init >/dev/null 2>&1
for i in 1 2 3 4 5 6; do
	mailstack_add_user "$(applicant $i)"
done
mailstack_add_user "$AGENCY"

DUE=$(calendar $FRIDAY 20)

# Six requests, in the mailbox on Friday 10:00, processed at 10:05.
for i in 1 2 3 4 5 6; do
	python3 "$H/mkmail.py" plain "申请人$i <$(applicant $i)>" "$OFFICE" "政府信息公开申请" \
	    "姓名：申请人$i\n证件类型：居民身份证\n证件号码：31010119900101000$i\n联系电话：1390000000$i\n通信地址：上海市黄浦区示例路$i号\n所需信息：2025年度因公出国（境）团组情况（第$i份）\n获取方式：电子邮件\n载体形式：电子文档" \
	    >"$GK_DIR/request$i.eml"
	imap_append "$OFFICE" "$GK_DIR/request$i.eml" "18-Sep-2026 10:00:0$i +0800" ||
	    { echo "Bail out! cannot append request $i"; exit 1; }
done
cycle ${FRIDAY}T10:05:00+08:00
for i in 1 2 3 4 5 6; do
	got=$(state GK-2026-000$i "'%s|%s|%s' % (d['applicant']['email'], d['receipt_date'], d['due_date'])")
	[ "$got" = "$(applicant $i)|$FRIDAY|$DUE" ] ||
	    { echo "Bail out! GK-2026-000$i: $got"; exit 1; }
	imap_wait_count "$(applicant $i)" INBOX 1 10 >/dev/null
done

# ---------------------------------------------------------------------------
# CONSULT-AGENCY (Art. 34) on 0005 and 0006, Monday 09-21.

C=GK-2026-0005
answer $HANDLER $C "征求机关意见 $AGENCY\n本件信息系两机关联合发文，是否同意公开？"
step 2026-09-21T10:00:00+08:00 "$AGENCY" "$(applicant 5)"
find_mail "$AGENCY" $C token && letter=$(mail_field body "$GK_DIR/found.eml") || letter=
notice=$(newest "$(applicant 5)")
faults=$(got=$(state $C "'%s|%s' % (d['state'], d['paused_on'])")
    [ "$got" = "agency|2026-09-21" ] || echo "state, paused: $got"
    has "$letter" '第三十四条' || echo "the letter does not cite Art. 34: $letter"
    has "$letter" "截止日为$(words "$(calendar 2026-09-21 15)")" || echo "no deadline in the letter"
    has "$letter" '视为同意' || echo "the letter does not say silence is consent"
    ! has "$letter" '商业秘密' || echo "the letter is the third party's"
    has "$(mail_field subject "$GK_DIR/newest.eml")" "[$C]" || echo "the newest mail is not about $C"
    has "$notice" '征求意见所需时间不计算在答复期限内' || echo "the applicant is not told: $notice")
tap_is "$faults" "" "CONSULT-AGENCY by mail: the agency's own letter (Art. 34) in its inbox, the clock stops, the applicant's inbox tells them"

answer $HANDLER GK-2026-0006 "征求机关意见 $AGENCY\n本件信息系两机关联合发文，是否同意公开？"
step 2026-09-21T10:10:00+08:00 "$AGENCY" "$(applicant 6)"
[ "$(state GK-2026-0006 "'%s|%s' % (d['state'], d['paused_on'])")" = "agency|2026-09-21" ] ||
    { echo "Bail out! GK-2026-0006 was not sent to the agency"; exit 1; }

# ---------------------------------------------------------------------------
# Art. 35 and the withdrawals, Tuesday 09-22.

C=GK-2026-0001
answer $HANDLER $C '要求说明理由：请说明一个月内申请120件的用途'
step 2026-09-22T10:00:00+08:00 "$(applicant 1)"
b=$(newest "$(applicant 1)")
faults=$(got=$(state $C "'%s|%s' % (d['state'], d['due_date'])")
    [ "$got" = "received|$DUE" ] || echo "state, due: $got"
    has "$(mail_field subject "$GK_DIR/newest.eml")" "[$C]" || echo "the newest mail is not about $C"
    has "$b" '请说明一个月内申请120件的用途' || echo "no question: $b"
    has "$b" '第三十五条' || echo "no article: $b")
tap_is "$faults" "" "ASK-REASON by mail: the applicant's inbox has the question citing Art. 35; the clock runs on (due $DUE)"

answer $HANDLER GK-2026-0002 '要求说明理由：请说明申请的用途'
step 2026-09-22T10:10:00+08:00 "$(applicant 2)"

C=GK-2026-0003
answer "$(applicant 3)" $C '撤回\n我已通过其他途径获得该信息。'
step 2026-09-22T10:20:00+08:00 "$(applicant 3)"
b=$(newest "$(applicant 3)")
faults=$(got=$(state $C "'%s|%s|%s' % (d['state'], d['answer_type'], d['closed_at'] is not None)")
    [ "$got" = "withdrawn|other:withdrawn|True" ] || echo "state, type, closed: $got"
    has "$(mail_field subject "$GK_DIR/newest.eml")" "[$C]" || echo "the newest mail is not about $C"
    has "$b" '您已撤回该申请' || echo "body: $b")
tap_is "$faults" "" "the applicant's 撤回 by mail in the thread closes the case as other:withdrawn; the confirmation reaches their inbox"

C=GK-2026-0004
printf '本人申请撤回政府信息公开申请 %s。\n申请人4\n' $C >"$GK_DIR/statement.txt"
answer $HANDLER $C '撤回\n申请人书面撤回，见附件。' "$GK_DIR/statement.txt"
step 2026-09-22T10:30:00+08:00 "$(applicant 4)"
b=$(newest "$(applicant 4)")
faults=$(got=$(state $C "'%s|%s' % (d['state'], d['answer_type'])")
    [ "$got" = "withdrawn|other:withdrawn" ] || echo "state, type: $got"
    has "$(mail_field subject "$GK_DIR/newest.eml")" "[$C]" || echo "the newest mail is not about $C"
    has "$b" '您已撤回该申请' || echo "body: $b")
tap_is "$faults" "" "the handler's 撤回 by mail with the statement attached closes the case; the confirmation reaches the applicant's inbox"

# ---------------------------------------------------------------------------
# Friday 09-25: the excessive answer after ASK-REASON; DEFER.

C=GK-2026-0001
answer $HANDLER $C 'ANSWER not-processed:excessive\n申请理由不合理。'
step 2026-09-25T10:00:00+08:00 chushen@fao.example.test
tap_is "$(state $C "'%s|%s' % (d['state'], d['answer_type'])")|$(find_mail chushen@fao.example.test $C token && echo asked)" \
    "review|not-processed:excessive|asked" \
    "after ASK-REASON the excessive answer goes to review: the responsible person's inbox asks for approval"

C=GK-2026-0002
LATER=$(calendar "$DUE" 10)
answer $HANDLER $C "延迟答复 $LATER：需从档案馆调取120件材料"
step 2026-09-25T10:10:00+08:00 "$(applicant 2)"
b=$(newest "$(applicant 2)")
faults=$(got=$(state $C "'%s|%s' % (d['state'], d['due_date'])")
    [ "$got" = "drafting|$LATER" ] || echo "state, due: $got"
    has "$(mail_field subject "$GK_DIR/newest.eml")" "[$C]" || echo "the newest mail is not about $C"
    has "$b" "最迟于$(words "$LATER")（含当日）" || echo "no new date: $b"
    has "$b" '需从档案馆调取120件材料' || echo "no reason: $b"
    has "$b" '第三十五条' || echo "no article: $b")
tap_is "$faults" "" "DEFER $LATER by mail sets the due date; the deferral notice citing Art. 35 reaches the applicant's inbox"

# ---------------------------------------------------------------------------
# The agency answers for 0005; 0006 stays silent.

C=GK-2026-0005
REPLY=$(calendar 2026-09-21 5)
answer "$AGENCY" $C '同意公开'
step ${REPLY}T10:00:00+08:00 $HANDLER
tap_is "$(state $C "'%s|%s|%s' % (d['state'], d['paused_on'], d['due_date'])")" \
    "drafting|None|$(calendar "$DUE" 5)" \
    "the agency's reply by mail on $REPLY resumes the clock: due 5 working days later"
has "$(bodies $HANDLER $C)" '被征求意见机关' &&
    tap_ok 0 "the handler's inbox is told the agency agreed" ||
    tap_ok 1 "the handler's inbox is told the agency agreed"

C=GK-2026-0006
LAST=$(calendar 2026-09-21 15)
cycle ${LAST}T09:00:00+08:00
tap_is "$(state $C 'd["state"]')|$(has "$(bodies $HANDLER $C)" '视为同意公开' && echo told)" "agency|" \
    "on the agency's last day ($LAST) the case still waits, the handler not told of consent"
step "$(calendar "$LAST" 1)T09:00:00+08:00" $HANDLER
faults=$(got=$(state $C "'%s|%s' % (d['state'], d['paused_on'])")
    [ "$got" = "drafting|None" ] || echo "state, paused: $got"
    has "$(bodies $HANDLER $C)" '视为同意公开' || echo "no agency_silent in the handler's inbox")
tap_is "$faults" "" "silence past $LAST is consent: the sweep resumes the clock and the handler's inbox says so"
tap_is "$(state $C 'd["due_date"]')" "$(calendar "$DUE" 15)" \
    "the 15 working days of the consultation are not counted"

# ---------------------------------------------------------------------------

tap_is "$(GONGKAI_NOW=2026-12-01T10:00:00+08:00 gk report annual 2026 --format json | json "[r for r in d['table3']['rows'] if r['key'] == 'other:misc'][0]['counts'][-1]")" \
    "2" "the annual report counts both withdrawals under 其他处理 3 (other:misc)"

tap_done
