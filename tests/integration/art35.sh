#!/bin/bash
# art35.sh - the steps of 条例 Arts. 34, 35 and 36(5) and the withdrawal,
# each from the mail that takes it to the notice queued for the applicant,
# with the clock pinned and the dates from `calendar add`; and each step
# the law forbids refused with a help reply citing the article, nothing of
# the case changed (show --json) and the sender's token not spent:
#   (a) not-processed:excessive and DEFER before ASK-REASON (Art. 35);
#       ASK-REASON asks the applicant; then the excessive answer goes to
#       review, or DEFER DATE sets a later due date (refused unless after
#       the current one) and sends the deferral notice;
#   (b) the applicant's 撤回 in the thread (held when not theirs), the
#       handler's WITHDRAW (refused without the applicant's statement
#       attached): closed as other:withdrawn, the confirmation sent, the
#       report counting it under 其他处理 3;
#   (c) unavailable:other-agency names the agency and its contact
#       (Art. 36(5)) with the remedy clause;
#   (d) CONSULT-AGENCY: its own letter (Art. 34), the applicant told the
#       clock stands still, the agency's reply or its silence for
#       agency_days (consent) resumes it.
# Driven by `gongkai ingest` and sweep_tool (tests/harness/ingest.sh).
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
C=GK-2026-0001
CITIZEN=zhang.zhe@example.test
HANDLER=jingban@fao.example.test
RESP=chushen@fao.example.test
SUP=gkreview@fao.example.test
APPROVER=shenpi@fao.example.test
AGENCY=ban@sfb.example.gov
FULL='姓名：张喆\n证件类型：居民身份证\n证件号码：310101199001010000\n联系电话：13900000001\n通信地址：上海市黄浦区示例路1号\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件\n载体形式：电子文档'

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }

has() {
	grep -qF -e "$2" <<<"$1"
}

story() {
	local got

	ik_fork base "$1" && got=$(ik_request "$1" "$2" "张喆 <$CITIZEN>" "$3") &&
	    [ "$got" = "new-request $C" ] ||
	    { echo "Bail out! $1: the request was not opened: $got"; exit 1; }
}

calendar() {
	ik_gk base calendar "$@"
}

# words DATE: 2026年9月18日.
words() {
	date -d "$1" +'%Y年%-m月%-d日'
}

snap() {
	ik_show "$1" $C 'json.dumps({k: v for k, v in d.items() if k != "events"}, sort_keys=True)'
}

# refused NAME WHO NOW TEXT HELP ARTICLE DESC [MKMAIL-ARGS...]: as in
# periods.sh: WHO's TEXT at NOW is refused with the help template HELP
# citing ARTICLE; show --json unchanged; the token not spent.
refused() {
	local name=$1 who=$2 now=$3 text=$4 help=$5 article=$6 desc=$7
	local before events since token got body

	shift 7
	before=$(snap $name)
	events=$(ik_show $name $C 'len(d["events"])')
	since=$(ik_outmax $name)
	token=$(ik_token $name $who)
	got=$(ik_reply $name $who $now "$text" plain "$@")
	ik_facts $name $C "$since" "$token"
	body=${IKF[mail.$help.$who.body]-}
	faults=$(ik_diff "outcome" "$got" "reply $C refused" \
	    "show --json" "$(snap $name)" "$before" \
	    "new events" "$(ik_show $name $C "''.join(e['type'] + ' ' for e in d['events'][$events:])")" \
	    "reply mail-queued command-refused " \
	    "mails queued" "${IKF[queued]}" "$help $who;" \
	    "token spent" "${IKF[spent]}" 0
	    has "$body" "$article" || echo "the help does not cite $article: $body"
	    has "$body" '案件未作任何更改' || echo "the help does not say nothing changed")
	ik_tap "$desc" "$faults"
}

# sweep NAME DATE: the deadline sweep on NAME at 09:00 that day.
sweep() {
	GONGKAI_NOW=$2T09:00:00+08:00 "$GK_BUILDDIR/tests/integration/sweep_tool" \
	    "$GK_DIR/conf.$1" run >/dev/null 2>>"$GK_DIR/gongkai.log"
}

# body NAME KIND TO: the body of the newest queued mail of KIND to TO.
body() {
	ik_mail "$1" "$2" "$3" "$GK_DIR/mail/b.eml" &&
	    ik_field body "$GK_DIR/mail/b.eml"
}

tap_plan 22

DUE=$(calendar add 2026-09-18 20)

# ---------------------------------------------------------------------------
# (a) Art. 35: excessive requests.

story exc 2026-09-18T10:00:00+08:00 "$FULL"
refused exc $HANDLER 2026-09-21T10:00:00+08:00 'ANSWER not-processed:excessive\n申请数量明显超过合理范围。' \
    refused_excessive '条例》第三十五条' \
    "(a) not-processed:excessive before ASK-REASON is refused, citing Art. 35"
refused exc $HANDLER 2026-09-21T10:00:00+08:00 "DEFER $(calendar add "$DUE" 10): 材料较多" \
    refused_excessive '条例》第三十五条' \
    "(a) DEFER before ASK-REASON is refused, citing Art. 35"
since=$(ik_outmax exc)
got=$(ik_reply exc $HANDLER 2026-09-22T10:00:00+08:00 '要求说明理由：请说明一个月内申请120件的用途')
ik_facts exc $C "$since"
b=${IKF[mail.reason_request.$CITIZEN.body]-}
faults=$(ik_diff "outcome" "$got" "reply $C ask-reason" \
    "state, due" "$(ik_show exc $C "'%s|%s' % (d['state'], d['due_date'])")" "received|$DUE"
    has "${IKF[queued]}" "reason_request $CITIZEN;" || echo "queued: ${IKF[queued]}"
    has "$b" '请说明一个月内申请120件的用途' || echo "no question: $b"
    has "$b" '第三十五条' || echo "no article: $b")
ik_tap "(a) ASK-REASON sends the applicant the question citing Art. 35; the clock runs on (due $DUE)" "$faults"

ik_fork exc excdefer
got=$(ik_reply exc $HANDLER 2026-09-25T10:00:00+08:00 'ANSWER not-processed:excessive\n申请理由不合理。')
tap_is "$got | $(ik_show exc $C "'%s|%s' % (d['state'], d['answer_type'])")" \
    "reply $C answer | review|not-processed:excessive" \
    "(a) after ASK-REASON the excessive answer goes to review"

refused excdefer $HANDLER 2026-09-25T10:00:00+08:00 "DEFER $DUE: 材料较多" \
    refused_defer_date '条例》第三十五条' \
    "(a) DEFER to the due date itself ($DUE) is refused, citing Art. 35"
LATER=$(calendar add "$DUE" 10)
since=$(ik_outmax excdefer)
got=$(ik_reply excdefer $HANDLER 2026-09-25T10:00:00+08:00 "延迟答复 $LATER：需从档案馆调取120件材料")
ik_facts excdefer $C "$since"
b=${IKF[mail.deferral_notice.$CITIZEN.body]-}
faults=$(ik_diff "outcome" "$got" "reply $C defer" \
    "state, due" "$(ik_show excdefer $C "'%s|%s' % (d['state'], d['due_date'])")" "drafting|$LATER"
    has "$b" "最迟于$(words "$LATER")（含当日）" || echo "no new date: $b"
    has "$b" '需从档案馆调取120件材料' || echo "no reason: $b"
    has "$b" '第三十五条' || echo "no article: $b")
ik_tap "(a) DEFER $LATER sets the due date and tells the applicant, citing Art. 35" "$faults"

# ---------------------------------------------------------------------------
# (b) Withdrawal.

story wd 2026-09-18T10:00:00+08:00 "$FULL"
ik_fork wd wdforged
ik_fork wd wdh
since=$(ik_outmax wd)
got=$(ik_reply wd $CITIZEN 2026-09-22T10:00:00+08:00 '撤回\n我已通过其他途径获得该信息。')
ik_facts wd $C "$since"
faults=$(ik_diff "outcome" "$got" "case-mail $C withdrawn" \
    "state, type" "$(ik_show wd $C "'%s|%s|%s' % (d['state'], d['answer_type'], d['closed_at'] is not None)")" "withdrawn|other:withdrawn|True" \
    "queued" "${IKF[queued]}" "withdrawal_notice $CITIZEN;"
    has "${IKF[mail.withdrawal_notice.$CITIZEN.body]-}" '您已撤回该申请' || echo "body: ${IKF[mail.withdrawal_notice.$CITIZEN.body]-}")
ik_tap "(b) the applicant's 撤回 in the thread closes the case as other:withdrawn and confirms it" "$faults"
got=$(ik_reply wd $HANDLER 2026-09-23T10:00:00+08:00 'ANSWER disclose\n经查，共12个。')
tap_is "$got | $(ik_show wd $C 'd["state"]')" "pen closed-case | withdrawn" \
    "(b) after the withdrawal the case takes no command: the handler's reply goes to the pen (closed-case)"
year=$(ik_json wd "[r for r in d['table3']['rows'] if r['key'] == 'other:misc'][0]['counts'][-1]" report annual 2026 --format json 2>/dev/null)
tap_is "$year" "1" "(b) the annual report counts the withdrawal under 其他处理 3 (other:misc)"

before=$(snap wdforged)
got=$(IK_FROM=mallory@example.test ik_reply wdforged $CITIZEN 2026-09-22T10:00:00+08:00 '撤回')
tap_is "$got | $([ "$(snap wdforged)" = "$before" ] && echo unchanged)" "case-mail $C held | unchanged" \
    "(b) 撤回 from another sender is held: nothing changes"

# Vouched for like a correction: DMARC when required, the token.
ik_fork base wddmarc true
ik_request wddmarc 2026-09-18T10:00:00+08:00 "张喆 <$CITIZEN>" "$FULL" >/dev/null
got=$(ik_reply wddmarc $CITIZEN 2026-09-22T10:00:00+08:00 '撤回')
tap_is "$got | $(ik_show wddmarc $C 'd["state"]')" "case-mail $C held | received" \
    "(b) with require_dmarc, 撤回 without dmarc=pass is held: nothing changes"
python3 "$GK_HARNESS/mkmail.py" plain "张喆 <$CITIZEN>" $IK_OFFICE \
    "[$C] 撤回申请" '撤回' >"$GK_DIR/mail/bare.eml"
got=$(ik_ingest wdforged 2026-09-22T11:00:00+08:00 "$GK_DIR/mail/bare.eml")
tap_is "$got | $(ik_show wdforged $C 'd["state"]')" "case-mail $C held | received" \
    "(b) 撤回 with the case tag but not the applicant's token is held: nothing changes"

printf '本人申请撤回政府信息公开申请 %s。\n张喆\n' $C >"$GK_DIR/mail/statement.txt"
refused wdh $HANDLER 2026-09-22T10:00:00+08:00 'WITHDRAW\n申请人来电要求撤回。' \
    refused_withdraw_statement '条例》第二十九条' \
    "(b) the handler's WITHDRAW without the applicant's statement is refused, citing Art. 29"
since=$(ik_outmax wdh)
got=$(ik_reply wdh $HANDLER 2026-09-22T11:00:00+08:00 '撤回\n申请人书面撤回，见附件。' plain --attach "$GK_DIR/mail/statement.txt")
ik_facts wdh $C "$since"
faults=$(ik_diff "outcome" "$got" "reply $C withdraw" \
    "state, type" "$(ik_show wdh $C "'%s|%s' % (d['state'], d['answer_type'])")" "withdrawn|other:withdrawn"
    has "${IKF[queued]}" "withdrawal_notice $CITIZEN;" || echo "queued: ${IKF[queued]}")
ik_tap "(b) the handler's WITHDRAW with the statement attached closes the case and confirms it to the applicant" "$faults"

# ---------------------------------------------------------------------------
# (c) unavailable:other-agency (Art. 36(5)).

story oa 2026-09-18T10:00:00+08:00 "$FULL"
got=$(ik_reply oa $HANDLER 2026-09-21T10:00:00+08:00 'ANSWER unavailable:other-agency\n负责机关：上海市公安局出入境管理局\n联系方式：021-28951900\n因公出国（境）证件由该局负责。')
got="$got|$(ik_reply oa $RESP 2026-09-21T11:00:00+08:00 '同意')"
got="$got|$(ik_reply oa $SUP 2026-09-21T12:00:00+08:00 '同意')"
since=$(ik_outmax oa)
got="$got|$(ik_reply oa $APPROVER 2026-09-21T14:00:00+08:00 '同意')"
ik_facts oa $C "$since"
b=${IKF[mail.answer_unavailable_other-agency.$CITIZEN.body]-}
faults=$(ik_diff "outcome" "$got" "reply $C answer|reply $C approve|reply $C approve|reply $C approve" \
    "state, type" "$(ik_show oa $C "'%s|%s' % (d['state'], d['answer_type'])")" "answered|unavailable:other-agency"
    has "$b" '第三十六条第（五）项' || echo "no article"
    has "$b" '负责公开该政府信息的行政机关为上海市公安局出入境管理局，联系方式：021-28951900' || echo "no agency: $b"
    has "$b" '60日内向上海市人民政府申请行政复议' || echo "no remedy")
ik_tap "(c) unavailable:other-agency names the agency and its contact, Art. 36(5), with the remedy clause" "$faults"
tap_is "$(ik_json oa "[r for r in d['table3']['rows'] if r['key'] == 'unavailable:not-held'][0]['counts'][-1]" report annual 2026 --format json 2>/dev/null)" \
    "1" "(c) the annual report counts it under 无法提供 1"

# ---------------------------------------------------------------------------
# (d) CONSULT-AGENCY (Art. 34): 15 working days, time not counted.

story ag 2026-09-18T10:00:00+08:00 "$FULL"
since=$(ik_outmax ag)
got=$(ik_reply ag $HANDLER 2026-09-21T10:00:00+08:00 "征求机关意见 $AGENCY\n本件信息系两机关联合发文，是否同意公开？")
ik_facts ag $C "$since"
letter=${IKF[mail.agency_letter.$AGENCY.body]-}
notice=${IKF[mail.agency_consult_notice.$CITIZEN.body]-}
faults=$(ik_diff "outcome" "$got" "reply $C consult-agency" \
    "state, paused" "$(ik_show ag $C "'%s|%s' % (d['state'], d['paused_on'])")" "agency|2026-09-21"
    has "$letter" '第三十四条' || echo "the letter does not cite Art. 34: $letter"
    has "$letter" "截止日为$(words "$(calendar add 2026-09-21 15)")" || echo "no deadline in the letter"
    has "$letter" '视为同意' || echo "the letter does not say silence is consent"
    ! has "$letter" '商业秘密' || echo "the letter is the third party's"
    has "$notice" '征求意见所需时间不计算在答复期限内' || echo "the applicant is not told: $notice")
ik_tap "(d) CONSULT-AGENCY: the agency's own letter (Art. 34), the clock stops, the applicant is told" "$faults"

ik_fork ag agsilent
REPLY=$(calendar add 2026-09-21 5)
got=$(ik_reply ag $AGENCY ${REPLY}T10:00:00+08:00 '同意公开')
tap_is "$got | $(ik_show ag $C "'%s|%s|%s' % (d['state'], d['paused_on'], d['due_date'])")" \
    "reply $C agree | drafting|None|$(calendar add "$DUE" 5)" \
    "(d) the agency's reply on $REPLY resumes the clock: due 5 working days later"
has "$(body ag handler_notice $HANDLER)" '被征求意见机关' &&
    tap_ok 0 "(d) the handler is told the agency agreed" ||
    tap_ok 1 "(d) the handler is told the agency agreed"

LAST=$(calendar add 2026-09-21 15)
sweep agsilent "$LAST"
tap_is "$(ik_show agsilent $C 'd["state"]')" "agency" "(d) on the agency's last day ($LAST) the case still waits"
sweep agsilent "$(calendar add "$LAST" 1)"
faults=$(ik_diff "state, paused" "$(ik_show agsilent $C "'%s|%s' % (d['state'], d['paused_on'])")" "drafting|None"
    has "$(body agsilent agency_silent $HANDLER)" '视为同意公开' || echo "no agency_silent to the handler")
ik_tap "(d) silence past $LAST is consent: the sweep resumes the clock and tells the handler" "$faults"
tap_is "$(ik_show agsilent $C 'd["due_date"]')" "$(calendar add "$DUE" 15)" \
    "(d) the 15 working days of the consultation are not counted"

tap_done
exit $((TAP_FAILED > 0))
