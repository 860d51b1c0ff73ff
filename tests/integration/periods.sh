#!/bin/bash
# periods.sh - the law's time limits enforced (doc/lifecycle.md, "Time
# limits the law enforces"): `check` refuses an unlawful period or a
# missing [fee] payment_method, naming the article; a fee notice states
# how to pay; each step the law forbids (EXTEND and the head's approval
# after the due date, a correction notice after working day 7, FEE after
# the due date, still-unclear without a correction) is refused with a
# help reply citing the article, and nothing of the case changes; the
# handler and the head are reminded of the last days to extend, and the
# handler on working day 5 of a request lacking Art. 29 fields.  Driven
# by `gongkai ingest` and sweep_tool with the clock pinned; dates from
# `calendar add`.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
C=GK-2026-0001
CITIZEN=zhang.zhe@example.test
HANDLER=jingban@fao.example.test
RESP=chushen@fao.example.test
HEAD=head@fao.example.test
PARTIAL='姓名：李四\n联系电话：13900000002\n所需信息：2025年度外事接待费用总额\n获取方式：电子邮件'
FULL='姓名：张喆\n证件类型：居民身份证\n证件号码：310101199001010000\n联系电话：13900000001\n通信地址：上海市黄浦区示例路1号\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件\n载体形式：电子文档'

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }

# has TEXT FIXED-STRING: TEXT holds the string.
has() {
	grep -qF -e "$2" <<<"$1"
}

# story NAME NOW TEXT: a database NAME in which $CITIZEN's request (TEXT)
# arrived at NOW and became $C.
story() {
	local got

	ik_fork base "$1" && got=$(ik_request "$1" "$2" "张喆 <$CITIZEN>" "$3") &&
	    [ "$got" = "new-request $C" ] ||
	    { echo "Bail out! $1: the request was not opened: $got"; exit 1; }
}

# calendar add|count ARGS: `gongkai calendar`, the reference for dates.
calendar() {
	ik_gk base calendar "$@"
}

# snap NAME: `show --json` of $C without its history, as one line.
snap() {
	ik_show "$1" $C 'json.dumps({k: v for k, v in d.items() if k != "events"}, sort_keys=True)'
}

# refused NAME WHO NOW TEXT HELP ARTICLE DESC: WHO's TEXT at NOW is
# refused: the outcome says so, the only mail queued is the help template
# HELP to WHO citing ARTICLE, show --json is unchanged but for its history
# (the mail in, the help out, the refusal: Art. 45's record), and WHO's
# token is not spent.
refused() {
	local name=$1 who=$2 now=$3 text=$4 help=$5 article=$6 desc=$7
	local before events since token got body

	before=$(snap $name)
	events=$(ik_show $name $C 'len(d["events"])')
	since=$(ik_outmax $name)
	token=$(ik_token $name $who)
	got=$(ik_reply $name $who $now "$text")
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

# sweep NAME DATE: the deadline sweep on NAME at 09:00 that day; prints
# "kind to;" for the reminders of the law's last days it queued.
sweep() {
	local since

	since=$(ik_outmax "$1")
	GONGKAI_NOW=$2T09:00:00+08:00 "$GK_BUILDDIR/tests/integration/sweep_tool" \
	    "$GK_DIR/conf.$1" run >/dev/null 2>>"$GK_DIR/gongkai.log"
	ik_json "$1" "''.join('%s %s;' % (o['kind'], o['to']) for o in d
    if o['id'] > $since and o['kind'] in ('extension_reminder',
    'correction_reminder'))" outbox --json
}

tap_plan 27

# ---------------------------------------------------------------------------
# (a) `check` refuses each unlawful period, naming the article (条例 Arts.
# 30, 32, 33; 国办函〔2020〕109号), and an empty or missing payment method.

while IFS='|' read -r line law; do
	ik_conf bad && printf '\n[deadlines]\n%s\n' "$line" >>"$GK_DIR/conf.bad"
	out=$(ik_gk bad check 2>&1 >/dev/null); rc=$?
	faults=$(ik_diff "exit" "$rc" 2
	    has "$out" "${line%% *}: ${line##* } working days is unlawful: $law" || echo "got: $out")
	ik_tap "(a) check refuses $line, naming $law" "$faults"
done <<'LAWS'
answer_days = 45|条例第三十三条第二款
extension_days = 30|条例第三十三条第二款
correction_notice_days = 8|条例第三十条
third_party_days = 14|条例第三十二条
fee_payment_days = 19|国办函〔2020〕109号
LAWS

ik_conf bad && sed -i 's/^payment_method = .*/payment_method =/' "$GK_DIR/conf.bad"
out=$(ik_gk bad check 2>&1 >/dev/null); rc=$?
faults=$(ik_diff "exit" "$rc" 2
    has "$out" "[fee] payment_method: required by 国办函〔2020〕109号" || echo "got: $out")
ik_tap "(a) check refuses an empty [fee] payment_method, naming 109号" "$faults"

ik_conf bad && sed -i '/^\[fee\]$/d; /^payment_method = /d' "$GK_DIR/conf.bad"
out=$(ik_gk bad check 2>&1 >/dev/null); rc=$?
faults=$(ik_diff "exit" "$rc" 2
    has "$out" "[fee] payment_method: required by 国办函〔2020〕109号" || echo "got: $out")
ik_tap "(a) check refuses a configuration without [fee] payment_method" "$faults"

# ---------------------------------------------------------------------------
# (b) The fee notice states how to pay.

story fee 2026-09-21T10:00:00+08:00 "$FULL"
got=$(ik_reply fee $HANDLER 2026-09-22T10:00:00+08:00 'FEE 3000\n按件 35件')
ik_facts fee $C
faults=$(ik_diff "outcome" "$got" "reply $C fee"
    has "${IKF[mail.fee_notice.$CITIZEN.body]-}" '五、缴费方式：请通过银行转账缴纳：户名上海市财政局非税收入专户' ||
    echo "no payment method in: ${IKF[mail.fee_notice.$CITIZEN.body]-}")
ik_tap "(b) the fee notice prints [fee] payment_method" "$faults"

# ---------------------------------------------------------------------------
# (c) EXTEND after the due date (条例 Art. 33 para. 2).  Received Friday
# 2026-09-18: due on working day 20.

DUE=$(calendar add 2026-09-18 20)
AFTER=$(calendar add "$DUE" 1)
story ext 2026-09-18T10:00:00+08:00 "$FULL"
tap_is "$(ik_show ext $C 'd["due_date"]')" "$DUE" "(c) the due date is working day 20 ($DUE)"
ik_fork ext extlast
got=$(ik_reply extlast $HANDLER ${DUE}T16:00:00+08:00 'EXTEND\n需要调取档案')
tap_is "$got | $(ik_show extlast $C 'd["state"]')" "reply $C extend | extension" \
    "(c) EXTEND on the due date itself ($DUE) goes to the head"
refused ext $HANDLER ${AFTER}T09:00:00+08:00 'EXTEND\n需要调取档案' \
    refused_late_extension '条例》第三十三条第二款' \
    "(c) EXTEND the working day after the due date ($AFTER) is refused, citing Art. 33 para. 2"
words=$(date -d "$DUE" +'%Y年%-m月%-d日')
has "${IKF[mail.refused_late_extension.$HANDLER.body]-}" "本案答复期限为$words" ||
    tap_diag "the help does not name the due date $words"

# (d) The head's approval after the due date.
refused extlast $HEAD ${AFTER}T09:00:00+08:00 '同意' \
    refused_late_extension '条例》第三十三条第二款' \
    "(d) the head's approval the day after the due date is refused, citing Art. 33 para. 2"

# (e) EXTEND while the draft is in review: the reviewer holding it asks
# the head, and gets it back after the approval, 20 working days later.
story rev 2026-09-18T10:00:00+08:00 "$FULL"
ik_reply rev $HANDLER 2026-10-20T10:00:00+08:00 'ANSWER disclose\n经查，共12个。' >/dev/null
got=$(ik_reply rev $RESP 2026-10-21T10:00:00+08:00 'EXTEND\n需要请示')
got="$got | $(ik_show rev $C 'd["state"]')"
got="$got | $(ik_reply rev $HEAD 2026-10-22T10:00:00+08:00 '同意')"
tap_is "$got | $(ik_show rev $C "'%s|%s|%s' % (d['state'], d['step']['role'], d['due_date'])")" \
    "reply $C extend | extension | reply $C approve | review|responsible|$(calendar add "$DUE" 20)" \
    "(e) EXTEND in review: the head's approval returns the draft to the reviewer, due 20 working days later"

# ---------------------------------------------------------------------------
# (f) A correction notice after working day 7 (Art. 30).

LAST7=$(calendar add 2026-09-18 7)
DAY8=$(calendar add 2026-09-18 8)
story corr 2026-09-18T10:00:00+08:00 "$FULL"
ik_fork corr corrlast
got=$(ik_reply corrlast $HANDLER ${LAST7}T16:00:00+08:00 'CORRECTION\n请提供身份证明')
tap_is "$got" "reply $C correction" "(f) a correction notice on working day 7 ($LAST7) goes"
refused corr $HANDLER ${DAY8}T09:00:00+08:00 'CORRECTION\n请提供身份证明' \
    refused_late_correction '条例》第三十条' \
    "(f) a correction notice on working day 8 ($DAY8) is refused, citing Art. 30"

# The secretariat may allow a late notice, with a reason recorded and
# shown; the correction it brings does not restart the clock.
ik_fork corr corrok
out=$(GONGKAI_NOW=${DAY8}T09:30:00+08:00 ik_gk corrok case $C ALLOW-LATE-CORRECTION 申请人来电说明情况特殊 2>&1); rc=$?
got=$(ik_reply corrok $HANDLER ${DAY8}T10:00:00+08:00 'CORRECTION\n请提供身份证明')
faults=$(ik_diff "exit" "$rc" 0 "outcome" "$got" "reply $C correction"
    has "$(ik_gk corrok show $C)" '秘书处准许逾期发出补正告知（条例第三十条），答复期限不因补正重新计算。理由：申请人来电说明情况特殊' ||
    echo "show does not carry the override and its reason: $out")
ik_tap "(f) allowed by the secretariat (gongkai case $C ALLOW-LATE-CORRECTION reason), the late notice goes; show records why" "$faults"
ik_mail corrok correction_notice $CITIZEN "$GK_DIR/mail/notice.eml"
python3 "$GK_HARNESS/mkmail.py" plain "张喆 <$CITIZEN>" $IK_OFFICE \
    "Re: [$C] 补正申请告知书" '证件类型：居民身份证' \
    --in-reply-to "$(ik_field message-id "$GK_DIR/mail/notice.eml")" >"$GK_DIR/mail/corr.eml"
got=$(ik_ingest corrok 2026-10-12T10:00:00+08:00 "$GK_DIR/mail/corr.eml")
tap_is "$got | $(ik_show corrok $C "'|'.join((d['state'], d['receipt_date'], d['due_date']))")" \
    "case-mail $C correction | drafting|2026-09-18|$DUE" \
    "(f) the correction to a late notice does not restart the clock: still received 2026-09-18, due $DUE"
out=$(ik_gk corrok case $C ALLOW-LATE-CORRECTION again 2>&1); rc=$?
faults=$(ik_diff "exit" "$rc" 1
    has "$out" 'a correction notice was sent already' || echo "got: $out")
ik_tap "(f) no leave for a second correction notice" "$faults"

# ---------------------------------------------------------------------------
# (g) FEE after the due date (国办函〔2020〕109号).

story feelate 2026-09-18T10:00:00+08:00 "$FULL"
refused feelate $HANDLER ${AFTER}T09:00:00+08:00 'FEE 3000\n按件 35件' \
    refused_late_fee '国办函〔2020〕109号' \
    "(g) FEE the working day after the due date is refused, citing 109号; the clock is not paused"

# ---------------------------------------------------------------------------
# (h) unavailable:still-unclear only after a correction asked and received.

story unclear 2026-09-18T10:00:00+08:00 "$FULL"
refused unclear $HANDLER 2026-09-21T10:00:00+08:00 'ANSWER unavailable:still-unclear\n申请内容不明确。' \
    refused_still_unclear '条例》第三十条' \
    "(h) still-unclear without a correction is refused, citing Art. 30"
ik_reply unclear $HANDLER 2026-09-22T10:00:00+08:00 'CORRECTION\n请写明所需信息的名称或文号' >/dev/null
ik_mail unclear correction_notice $CITIZEN "$GK_DIR/mail/notice.eml"
python3 "$GK_HARNESS/mkmail.py" plain "张喆 <$CITIZEN>" $IK_OFFICE \
    "Re: [$C] 补正申请告知书" '所需信息：外事接待有关情况' \
    --in-reply-to "$(ik_field message-id "$GK_DIR/mail/notice.eml")" >"$GK_DIR/mail/corr.eml"
got=$(ik_ingest unclear 2026-09-23T10:00:00+08:00 "$GK_DIR/mail/corr.eml")
got="$got | $(ik_reply unclear $HANDLER 2026-09-24T10:00:00+08:00 'ANSWER unavailable:still-unclear\n补正后申请内容仍不明确。')"
tap_is "$got | $(ik_show unclear $C 'd["state"]')" "case-mail $C correction | reply $C answer | review" \
    "(h) after the correction was asked and received, still-unclear goes to review"

# ---------------------------------------------------------------------------
# (i) Reminders of the law's last days.  extension_remind_days = 3: the
# handler and the head hear on the third working day before the due date,
# once, and not after an extension.

story remx 2026-09-18T10:00:00+08:00 "$FULL"
D3=$(calendar add 2026-09-18 17)
D4=$(calendar add 2026-09-18 16)
got="$(sweep remx $D4)|$(sweep remx $D3)|$(sweep remx $(calendar add "$D3" 1))"
tap_is "$got" "|extension_reminder $HANDLER;extension_reminder $HEAD;|" \
    "(i) 3 working days before the due date ($D3, not $D4) the handler and the head are told once of the last days to extend"
ik_mail remx extension_reminder $HEAD "$GK_DIR/mail/x.eml"
body=$(ik_field body "$GK_DIR/mail/x.eml")
faults=$(has "$body" '第三十三条第二款' || echo "no article"
    has "$body" "答复期限为$(date -d "$DUE" +'%Y年%-m月%-d日')" || echo "no due date: $body")
ik_tap "(i) the extension reminder cites Art. 33 para. 2 and the due date" "$faults"
story remy 2026-09-18T10:00:00+08:00 "$FULL"
ik_reply remy $HANDLER 2026-10-15T10:00:00+08:00 'EXTEND\n需要调取档案' >/dev/null
ik_reply remy $HEAD 2026-10-15T11:00:00+08:00 '同意' >/dev/null
D3X=$(calendar add 2026-09-18 37)
tap_is "$(sweep remy $D3X)" "" "(i) an extended case gets no extension reminder, even 3 working days before its new due date ($D3X)"

# On working day 5 the handler of a request lacking Art. 29 fields, with
# no correction notice, is told what is missing and the last day (7).
DAY4=$(calendar add 2026-09-18 4)
DAY5=$(calendar add 2026-09-18 5)
ik_fork base remc
got=$(ik_request remc 2026-09-18T10:00:00+08:00 "李四 <lisi@example.test>" "$PARTIAL")
got="$got|$(sweep remc $DAY4)|$(sweep remc $DAY5)|$(sweep remc $(calendar add 2026-09-18 6))"
tap_is "$got" "new-request $C||correction_reminder $HANDLER;|" \
    "(i) on working day 5 ($DAY5, not $DAY4) the handler is told once that Art. 29 fields are missing"
ik_mail remc correction_reminder $HANDLER "$GK_DIR/mail/c.eml"
body=$(ik_field body "$GK_DIR/mail/c.eml")
faults=$(has "$body" '证件类型、证件号码' || echo "not what is missing: $body"
    has "$body" "最后一日为$(date -d "$LAST7" +'%Y年%-m月%-d日')" || echo "no last day"
    has "$body" '第三十条' || echo "no article")
ik_tap "(i) the correction reminder names the missing fields, Art. 30 and the last day ($LAST7)" "$faults"
story remf 2026-09-18T10:00:00+08:00 "$FULL"
ik_fork base remk
ik_request remk 2026-09-18T10:00:00+08:00 "李四 <lisi@example.test>" "$PARTIAL" >/dev/null
ik_reply remk $HANDLER 2026-09-21T10:00:00+08:00 'CORRECTION\n请提供证件类型和证件号码' >/dev/null
tap_is "$(sweep remf $DAY5)|$(sweep remk $DAY5)" "|" \
    "(i) no correction reminder for a complete request, nor after a correction notice"

tap_done
exit $((TAP_FAILED > 0))
