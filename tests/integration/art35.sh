#!/bin/bash
# art35.sh - around the steps of 条例 Arts. 34, 35 and 36(5) and the
# withdrawal: each step the law forbids refused with a help reply citing
# the article, nothing of the case changed (show --json) and the sender's
# token not spent; the withdrawal held when it is not the applicant's;
# and the other-agency answer:
#   (a) not-processed:excessive and DEFER before ASK-REASON (Art. 35);
#       after ASK-REASON, DEFER to a day not after the due date;
#   (b) after the applicant's 撤回 the case takes no command; 撤回 held
#       from another sender, without dmarc=pass when required, without the
#       applicant's token; the handler's WITHDRAW without the applicant's
#       statement attached refused;
#   (c) unavailable:other-agency names the agency and its contact
#       (Art. 36(5)) with the remedy clause, counted under 无法提供 1.
# The steps themselves (ASK-REASON, DEFER, the excessive answer after
# ASK-REASON, both withdrawals, CONSULT-AGENCY and the agency's reply or
# silence), from the mail to the notice in the IMAP inbox, are in
# art35_mail.sh on the real mail stack.
# Driven by `gongkai ingest` (tests/harness/ingest.sh).
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

# setup NAME WHAT GOT WANT: a step the tests here start from; the test
# bails out when it did not happen (art35_mail.sh tests the step).
setup() {
	[ "$3" = "$4" ] || { echo "Bail out! $1: $2: got [$3], want [$4]"; exit 1; }
}

tap_plan 10

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
got=$(ik_reply exc $HANDLER 2026-09-22T10:00:00+08:00 '要求说明理由：请说明一个月内申请120件的用途')
setup exc ASK-REASON "$got" "reply $C ask-reason"
refused exc $HANDLER 2026-09-25T10:00:00+08:00 "DEFER $DUE: 材料较多" \
    refused_defer_date '条例》第三十五条' \
    "(a) DEFER to the due date itself ($DUE) is refused, citing Art. 35"

# ---------------------------------------------------------------------------
# (b) Withdrawal.

story wd 2026-09-18T10:00:00+08:00 "$FULL"
ik_fork wd wdforged
ik_fork wd wdh
got=$(ik_reply wd $CITIZEN 2026-09-22T10:00:00+08:00 '撤回\n我已通过其他途径获得该信息。')
setup wd "the applicant's 撤回" "$got | $(ik_show wd $C 'd["state"]')" "case-mail $C withdrawn | withdrawn"
got=$(ik_reply wd $HANDLER 2026-09-23T10:00:00+08:00 'ANSWER disclose\n经查，共12个。')
tap_is "$got | $(ik_show wd $C 'd["state"]')" "pen closed-case | withdrawn" \
    "(b) after the withdrawal the case takes no command: the handler's reply goes to the pen (closed-case)"

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

refused wdh $HANDLER 2026-09-22T10:00:00+08:00 'WITHDRAW\n申请人来电要求撤回。' \
    refused_withdraw_statement '条例》第二十九条' \
    "(b) the handler's WITHDRAW without the applicant's statement is refused, citing Art. 29"

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

tap_done
exit $((TAP_FAILED > 0))
