#!/bin/bash
# lifecycle_rules.sh - the rules of the request lifecycle beyond the happy
# path (doc/mail.md, doc/lifecycle.md): the review chain sends a draft one
# level down and up again; 不同意 never approves; a forged From or a
# replayed token changes nothing; CR/LF in an applicant's fields never
# reaches a header; a correction restarts the clock; an extension adds
# exactly 20 working days once; a fee pauses the clock and PAID resumes
# it; a third party's AGREE or OBJECT returns the case to the handler.
# Driven by `gongkai ingest` with the clock pinned (no mail stack): each
# story runs in its own database, replies are built by mkmail.py from the
# notification they answer, and what was queued is read from the outbox.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
CORPUS=${GK_SHARED:+$GK_SHARED/corpus}
: "${CORPUS:=$GK_SRCDIR/tests/data/corpus}"
C=GK-2026-0001
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test
LISI=lisi@example.test
HANDLER=jingban@fao.example.test
RESP=chushen@fao.example.test
SUPER=gkreview@fao.example.test
APPROVER=shenpi@fao.example.test
HEAD=head@fao.example.test
SECRETARIAT=mishu@fao.example.test
PARTNER=partner@thirdparty.example.test
FULL='姓名：张喆\n证件类型：居民身份证\n证件号码：310101199001010000\n联系电话：13900000001\n通信地址：上海市黄浦区示例路1号\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件\n载体形式：电子文档'
# 李四 leaves out his identity document: the handler may ask for it.
PARTIAL='姓名：李四\n联系电话：13900000002\n所需信息：2025年度外事接待费用总额\n获取方式：电子邮件\n载体形式：电子文档'

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }
M=$GK_DIR/mail

# mail KIND TO WHAT: one thing of the newest mail of KIND to TO among
# those ik_facts saw queued (body: newlines written \n).
mail() {
	printf '%s' "${IKF[mail.$1.$2.$3]-}"
}

# has TEXT FIXED-STRING: TEXT holds the string.
has() {
	grep -qF -e "$2" <<<"$1"
}

# draft BODY: the draft section of a review request's body (\n-escaped).
draft() {
	printf '%b\n' "$1" | sed -n '/^——— 答复草稿 ———$/,/^——— 草稿结束 ———$/p'
}

# calendar add|count ARGS: `gongkai calendar`, the reference for dates.
calendar() {
	ik_gk base calendar "$@"
}

# words YYYY-MM-DD: the date as the mails write it, 2026年10月22日.
words() {
	date -d "$1" +'%Y年%-m月%-d日'
}

# story NAME NOW FROM TEXT: a database NAME in which FROM's request (TEXT,
# mkmail.py style) arrived at NOW and became $C.
story() {
	local got

	ik_fork base "$1" && got=$(ik_request "$1" "$2" "$3" "$4") &&
	    [ "$got" = "new-request $C" ] ||
	    { echo "Bail out! $1: the request was not opened: $got"; exit 1; }
}

# step NAME: state|step|assignee of $C in NAME.
step() {
	ik_where "$1" "$C"
}

# replied NAME WHO NOW TEXT [STYLE]: ik_reply, with the outcome in GOT and
# the newest outbox id before it in SINCE.
replied() {
	SINCE=$(ik_outmax "$1")
	GOT=$(ik_reply "$@")
}

tap_plan 41

# ---------------------------------------------------------------------------
# (a) The review chain: down one level on REJECT, up again on REVISE, and
# back to the handler from the responsible level.

story chain 2026-09-18T10:00:00+08:00 "张喆 <$CITIZEN>" "$FULL"
ik_reply chain $HANDLER 2026-09-21T10:00:00+08:00 \
    'ANSWER disclose\n经查，2025年度因公出国（境）团组共12个。' outlook >/dev/null
ik_reply chain $RESP 2026-09-22T10:00:00+08:00 '同意' gmail >/dev/null
ik_reply chain $SUPER 2026-09-23T10:00:00+08:00 '同意。' foxmail >/dev/null
replied chain $APPROVER 2026-09-24T10:00:00+08:00 \
    '驳回：第二段应写明依据条例第三十六条第（二）项。' html
got=$GOT
tap_is "$got | $(step chain)" "reply $C reject | review|supervising|$SUPER" \
    "(a) the approver's REJECT returns the draft to the supervising reviewer, one level down"
ik_facts chain $C "$SINCE"
body=$(mail review_request $SUPER body)
faults=$(ik_diff "mails queued" "${IKF[queued]}" "review_request $SUPER;transcript $APPROVER;"
    has "$body" '本稿曾被审批退回' || echo "it does not say who sent it back"
    has "$body" '退回理由：第二段应写明依据条例第三十六条第（二）项。' || echo "no comment: $body"
    has "$(draft "$body")" '团组共12个' || echo "no draft")
ik_tap "(a) the supervising reviewer's notification carries the approver's comment and the draft" "$faults"

replied chain $SUPER 2026-09-25T10:00:00+08:00 \
    'REVISE\n经查，2025年度因公出国（境）团组共12个。依据条例第三十六条第（二）项，予以公开。'
got=$GOT
tap_is "$got | $(step chain)" "reply $C revise | review|approver|$APPROVER" \
    "(a) the supervising reviewer's REVISE sends the draft up to the approver again"
ik_facts chain $C "$SINCE"
got=$(draft "$(mail review_request $APPROVER body)")
faults=$(ik_diff "mails queued" "${IKF[queued]}" "review_request $APPROVER;transcript $SUPER;"
    has "$got" '依据条例第三十六条第（二）项，予以公开。' || echo "not the revised draft: $got")
ik_tap "(a) the approver's notification holds the revised draft" "$faults"

ik_reply chain $APPROVER 2026-09-28T10:00:00+08:00 '驳回：数字请再核对。' >/dev/null
replied chain $SUPER 2026-09-29T10:00:00+08:00 '驳回：请责任处室核对数字。'
got=$GOT
ik_facts chain $C "$SINCE"
faults=$(ik_diff "outcome" "$got" "reply $C reject" "step" "$(step chain)" "review|responsible|$RESP" \
    "mails queued" "${IKF[queued]}" "review_request $RESP;transcript $SUPER;"
    has "$(mail review_request $RESP body)" '退回理由：请责任处室核对数字。' || echo "no comment")
ik_tap "(a) the supervising reviewer's REJECT returns it one level further down, with the comment" "$faults"

replied chain $RESP 2026-09-30T10:00:00+08:00 '退回：请经办人按审批意见核对数字。'
got=$GOT
ik_facts chain $C "$SINCE"
faults=$(ik_diff "outcome" "$got" "reply $C reject" "step" "$(step chain)" "drafting|handler|$HANDLER" \
    "mails queued" "${IKF[queued]}" "handler_notice $HANDLER;transcript $RESP;"
    has "$(mail handler_notice $HANDLER body)" '退回理由：请经办人按审批意见核对数字。' || echo "no reason")
ik_tap "(a) a REJECT at the responsible level returns the case to the handler (drafting), with the reason" "$faults"

replied chain $HANDLER 2026-10-08T10:00:00+08:00 \
    'ANSWER disclose\n经查，2025年度因公出国（境）团组共13个。依据条例第三十六条第（二）项，予以公开。' outlook
got=$GOT
ik_facts chain $C "$SINCE"
faults=$(ik_diff "outcome" "$got" "reply $C answer" "step" "$(step chain)" "review|responsible|$RESP"
    has "$(draft "$(mail review_request $RESP body)")" '团组共13个' || echo "not the new draft")
ik_tap "(a) the handler answers again: the new draft goes to the responsible reviewer" "$faults"

ik_reply chain $RESP 2026-10-09T10:00:00+08:00 'APPROVE' >/dev/null
ik_reply chain $SUPER 2026-10-09T11:00:00+08:00 'APPROVE' >/dev/null
SINCE=$(ik_outmax chain)
got=$(ik_reply chain $APPROVER 2026-10-09T12:00:00+08:00 'APPROVE')
ik_facts chain $C "$SINCE"
body=$(mail answer_disclose $CITIZEN body)
faults=$(ik_diff "outcome" "$got" "reply $C approve" "state" "$(ik_show chain $C 'd["state"]')" answered
    has "$body" '团组共13个' || echo "the answer does not hold the final draft"
    ! has "$body" '团组共12个' || echo "the answer holds an old draft")
ik_tap "(a) approved all the way up, the applicant gets the last draft" "$faults"

# ---------------------------------------------------------------------------
# (b) 不同意 is a reject, never an approval, and needs a reason.

story neg 2026-09-18T10:00:00+08:00 "张喆 <$CITIZEN>" "$FULL"
ik_reply neg $HANDLER 2026-09-21T10:00:00+08:00 'ANSWER disclose\n经查，共12个。' >/dev/null
TOKEN=$(ik_token neg $RESP)
ik_facts neg $C
ROW=${IKF[row]}
for text in '不同意' '不同意。'; do
	replied neg $RESP 2026-09-22T10:00:00+08:00 "$text" gmail
	got=$GOT
	ik_facts neg $C "$SINCE" "$TOKEN"
	faults=$(ik_diff "outcome" "$got" "reply $C help" "case" "${IKF[row]}" "$ROW" \
	    "token spent" "${IKF[spent]}" 0 "approvals" "${IKF[count.approve]-0}" 0 \
	    "mails queued" "${IKF[queued]}" "help $RESP;"
	    has "$(mail help $RESP body)" '理由' || echo "the help does not ask for a reason")
	ik_tap "(b) '$text' alone is a reject without its reason: help, nothing applied" "$faults"
done
got=$(ik_reply neg $RESP 2026-09-22T11:00:00+08:00 '不同意：团组数与统计不符。')
ik_facts neg $C 0 "$TOKEN"
faults=$(ik_diff "outcome" "$got" "reply $C reject" "step" "$(step neg)" "drafting|handler|$HANDLER" \
    "event" "${IKF[event.reject]-}" "reject: 团组数与统计不符。" \
    "approvals" "${IKF[count.approve]-0}" 0 "token spent" "${IKF[spent]}" 1)
ik_tap "(b) '不同意：reason' is a REJECT with that reason" "$faults"

# ---------------------------------------------------------------------------
# (c) A forged From with the right token, and a replayed token, change
# nothing; the registered person and the secretariat are told.

story forge 2026-09-18T10:00:00+08:00 "张喆 <$CITIZEN>" "$FULL"
ik_reply forge $HANDLER 2026-09-21T10:00:00+08:00 'ANSWER disclose\n经查，共12个。' >/dev/null
TOKEN=$(ik_token forge $RESP)
ik_facts forge $C
ROW=${IKF[row]}
for from in attacker@evil.example.test $HANDLER "$RESP, attacker@evil.example.test"; do
	SINCE=$(ik_outmax forge)
	python3 "$IK_PY" notice "$GK_DIR/conf.forge" $RESP >"$M/notice.eml"
	ik_field body "$M/notice.eml" >"$M/quote.txt"
	python3 "$GK_HARNESS/mkmail.py" gmail attacker@evil.example.test \
	    "$(ik_field reply-to "$M/notice.eml")" "Re: 审核" '同意' \
	    --in-reply-to "$(ik_field message-id "$M/notice.eml")" \
	    --quote "$M/quote.txt" | sed "s/^From: .*/From: $from\r/" >"$M/forged.eml"
	got=$(ik_ingest forge 2026-09-22T10:00:00+08:00 "$M/forged.eml")
	ik_facts forge $C "$SINCE" "$TOKEN"
	faults=$(ik_diff "outcome" "$got" "reply $C refused" "case" "${IKF[row]}" "$ROW" \
	    "token spent" "${IKF[spent]}" 0 \
	    "mails queued" "${IKF[queued]}" "refused_notice $RESP;forgery_alert $SECRETARIAT;")
	ik_tap "(c) the right token with From: $from changes nothing; chushen@ and the secretariat are told" "$faults"
done
replied forge $RESP 2026-09-22T11:00:00+08:00 'APPROVE' gmail
got=$GOT
cp "$M/reply.eml" "$M/approve.eml"
ik_facts forge $C
ROW=${IKF[row]}
tap_is "$got | $(step forge)" "reply $C approve | review|supervising|$SUPER" \
    "(c) the holder's own reply with that token is applied"
python3 "$IK_PY" newid "$M/approve.eml" >"$M/approve.again.eml"
SINCE=$(ik_outmax forge)
got=$(ik_ingest forge 2026-09-22T12:00:00+08:00 "$M/approve.again.eml")
ik_facts forge $C "$SINCE"
faults=$(ik_diff "outcome" "$got" "reply $C refused" "case" "${IKF[row]}" "$ROW" \
    "reason" "${IKF[event.refused]%%:*}" replay \
    "mails queued" "${IKF[queued]}" "refused_notice $RESP;forgery_alert $SECRETARIAT;")
ik_tap "(c) the same reply again (new Message-ID) is a replay: nothing changes, chushen@ and the secretariat are told" "$faults"
SINCE=$(ik_outmax forge)
got=$(ik_ingest forge 2026-09-22T12:30:00+08:00 "$M/approve.eml")
tap_is "$got | $(ik_queued forge "$SINCE")" "duplicate | " \
    "(c) the very same bytes again are a duplicate: nothing at all happens"

# ---------------------------------------------------------------------------
# (d) CR and LF in applicant fields never reach a header.

ik_fork base crlf
got=$(ik_ingest crlf 2026-10-09T10:00:00+08:00 "$CORPUS/hostile/h03-crlf-header-injection.eml")
tap_is "$got" "new-request $C" "(d) hostile/h03 is a new request"
got=$(ik_request crlf 2026-10-09T10:05:00+08:00 "赵六 <zhaoliu@example.test>" \
    $'姓名：赵六\r\nBcc: x@evil.example.test\n证件类型：居民身份证\n证件号码：110101199003070000\n联系电话：13900000006\n所需信息：2025年度外事接待费用总额\n获取方式：电子邮件\n载体形式：电子文档')
got+=" / "$(ik_request crlf 2026-10-09T10:10:00+08:00 "钱七 <qianqi@example.test>" \
    $'姓名：钱七\rBcc: y@evil.example.test\rX-Injected: 1\n所需信息：2025年度外事接待费用总额\n获取方式：电子邮件')
tap_is "$got" "new-request GK-2026-0002 / new-request GK-2026-0003" \
    "(d) requests whose 姓名 holds CR LF or a bare CR with header lines are new requests"
# The handler SETs 钱七's name (GK-2026-0003) with a CR in it; the chain
# answers 赵六 (GK-2026-0002), so that an answer's To name is checked too.
ik_reply crlf $HANDLER 2026-10-09T11:00:00+08:00 $'SET 姓名 钱七\rBcc: z@evil.example.test' >/dev/null
for who in $HANDLER $RESP $SUPER $APPROVER; do
	case $who in $HANDLER) t='ANSWER disclose\n经查，共5项。' ;; *) t=同意 ;; esac
	# GK-2026-0002's notices: the newest asking each person.
	n=$(ik_json crlf "max(o['id'] for o in d if o['case'] == 'GK-2026-0002' and o['to'] == '$who' and o['kind'] in ('handler_notice', 'review_request'))" outbox --json)
	ik_raw crlf "$n" >"$M/n.eml"
	python3 "$GK_HARNESS/mkmail.py" plain "$who" "$(ik_field reply-to "$M/n.eml")" "Re: x" "$t" \
	    --in-reply-to "$(ik_field message-id "$M/n.eml")" >"$M/r.eml"
	ik_ingest crlf 2026-10-12T10:00:00+08:00 "$M/r.eml" >/dev/null
done
tap_is "$(ik_show crlf GK-2026-0002 'd["state"]') $(ik_json crlf "sum(o['kind'] == 'answer_disclose' for o in d)" outbox --json)" \
    "answered 1" "(d) GK-2026-0002 is answered, so an answer is queued too"
tap_is "$(ik_json crlf "' '.join(c['id'] for c in d if any(x in (c['applicant'][k] or '') for k in ('name', 'email', 'postal_address', 'id_type') for x in '\r\n\u2028'))" cases --json)" \
    "" "(d) no applicant's name, address or mail address is stored with CR, LF or U+2028"
# Even a name stored with CR LF (by an older version, or by hand) never
# reaches a header: 钱七's correction notice is built from it.
ik_seed crlf "UPDATE cases SET applicant_name = 'Sun Ba' || char(13, 10) || 'Bcc: d@evil.example.test' || char(10) || 'X-Injected: 1' WHERE id = 'GK-2026-0003'"
got=$(ik_reply crlf $HANDLER 2026-10-12T11:00:00+08:00 'CORRECTION\n请补充证件类型和证件号码。')
tap_is "$got" "reply GK-2026-0003 correction" "(d) a correction notice goes to an applicant whose stored name holds CR LF"
faults=$(python3 "$IK_PY" headers "$GK_DIR/conf.crlf" 2>&1 ||
    echo "gkread.py headers failed")
n=$(ik_json crlf 'len(d)' outbox --json)
[ "$n" -ge 17 ] || faults+=$'\n'"only $n mails queued"
ik_tap "(d) every queued mail ($n): one line per header field, one From, To, Subject, Message-ID, one address in To, no Cc, Bcc or X-Injected" "$faults"
tap_is "$(ik_json crlf "''.join('%s %s;' % (o['case'], o['to']) for o in d if o['kind'] == 'ack')" outbox --json)" \
    "$C wangwu@evil.example.test;GK-2026-0002 zhaoliu@example.test;GK-2026-0003 qianqi@example.test;" \
    "(d) each acknowledgment goes to its From address alone"
tap_is "$(ik_json crlf "' '.join(o['to'] for o in d if 'victim' in o['to'].lower() or o['to'].lower().endswith('evil.example.test') and o['to'] != 'wangwu@evil.example.test')" outbox --json) / $(python3 "$IK_PY" headgrep "$GK_DIR/conf.crlf" victim | tr '\n' ' ')" \
    " / " "(d) no mail goes to h03's second address (victim@) or the injected ones, and no header names victim@"

# ---------------------------------------------------------------------------
# (e) A correction restarts the clock from the day it arrives.

story corr 2026-09-21T10:00:00+08:00 "李四 <$LISI>" "$PARTIAL"
REQ_ID=$(ik_field message-id "$M/request.eml")
replied corr $HANDLER 2026-09-22T10:00:00+08:00 'CORRECTION\n请补充证件类型和证件号码。'
got=$GOT
ik_facts corr $C "$SINCE"
NOTICE_ID=$(mail correction_notice $LISI message-id)
faults=$(ik_diff "outcome" "$got" "reply $C correction" "step" "$(step corr)" "correction|applicant|$LISI" \
    "mails queued" "${IKF[queued]}" "correction_notice $LISI;transcript $HANDLER;" \
    "the notice's In-Reply-To" "$(mail correction_notice $LISI in-reply-to)" "$REQ_ID"
    has "$(mail correction_notice $LISI body)" '请补充证件类型和证件号码。' || echo "the items are not listed")
ik_tap "(e) CORRECTION sends the applicant the 补正申请告知书, in the request's thread" "$faults"
ik_fork corr corr.tag
ik_fork corr corr.other
OLD_DUE=$(ik_show corr $C 'd["due_date"]')
for v in thread tag other; do
	case $v in
	thread) n=corr now=2026-09-29 from=$LISI subject="Re: [$C] 补正申请告知书" irt=(--in-reply-to "$NOTICE_ID") ;;
	tag) n=corr.tag now=2026-09-30 from=$LISI subject="[$C] 补正材料" irt=() ;;
	other) n=corr.other now=2026-09-29 from=someone@example.test subject="Re: [$C] 补正申请告知书" irt=(--in-reply-to "$NOTICE_ID") ;;
	esac
	python3 "$GK_HARNESS/mkmail.py" plain "李四 <$from>" $OFFICE "$subject" \
	    '证件类型：居民身份证\n证件号码：310101199005050000' "${irt[@]}" >"$M/corr.eml"
	SINCE=$(ik_outmax $n)
	got=$(ik_ingest $n ${now}T10:00:00+08:00 "$M/corr.eml")
	ik_facts $n $C "$SINCE"
	if [ $v = other ]; then
		faults=$(ik_diff "outcome" "$got" "case-mail $C" "step" "$(step $n)" "correction|applicant|$LISI" \
		    "due" "$(ik_show $n $C 'd["due_date"]')" "$OLD_DUE" "mails queued" "${IKF[queued]}" "")
		ik_tap "(e) someone else's mail in the thread is no correction: nothing changes" "$faults"
		continue
	fi
	if [ $v = tag ]; then
		# The tag alone does not vouch for the applicant (ids are
		# guessable): held, the handler told, nothing changes.
		faults=$(ik_diff "outcome" "$got" "case-mail $C held" "step" "$(step $n)" "correction|applicant|$LISI" \
		    "due" "$(ik_show $n $C 'd["due_date"]')" "$OLD_DUE" \
		    "id type" "$(ik_show $n $C 'd["applicant"]["id_type"] or ""')" "")
		ik_tap "(e) a correction with the case tag alone (no token) changes nothing" "$faults"
		faults=$(ik_diff "mails queued" "${IKF[queued]}" "held_mail $HANDLER;"
		    has "$(mail held_mail $HANDLER body)" 'no-token' || echo "the handler is not told why")
		ik_tap "(e) the handler is told of the held correction (tag) and why" "$faults"
		continue
	fi
	due=$(calendar add $now 20)
	faults=$(ik_diff "outcome" "$got" "case-mail $C correction" "step" "$(step $n)" "drafting|handler|$HANDLER" \
	    "receipt date" "$(ik_show $n $C 'd["receipt_date"]')" $now \
	    "due date" "$(ik_show $n $C 'd["due_date"]')" "$due" \
	    "id type" "$(ik_show $n $C 'd["applicant"]["id_type"] or ""')" 居民身份证
	    [ "$due" != "$OLD_DUE" ] || echo "the due date did not move")
	ik_tap "(e) the correction ($v) restarts the clock: received $now, due $due (calendar add $now 20)" "$faults"
	faults=$(ik_diff "mails queued" "${IKF[queued]}" "handler_notice $HANDLER;"
	    [[ $(mail handler_notice $HANDLER reply-to) == gongkai+*@fao.example.test ]] || echo "the notice asks for no command"
	    has "$(mail handler_notice $HANDLER body)" '申请人已补正' || echo "the notice does not say the applicant corrected"
	    has "$(mail handler_notice $HANDLER body)" "答复期限：$(words "$due")" || echo "the notice does not give the new due date")
	ik_tap "(e) the handler is notified of the correction ($v) and the new due date" "$faults"
done

# ---------------------------------------------------------------------------
# (f) EXTEND: the head consents; exactly 20 working days more, once.

story ext 2026-09-21T10:00:00+08:00 "李四 <$LISI>" "$PARTIAL"
REQ_ID=$(ik_field message-id "$M/request.eml")
OLD_DUE=$(ik_show ext $C 'd["due_date"]')
NEW_DUE=$(calendar add "$OLD_DUE" 20)
replied ext $HANDLER 2026-10-12T10:00:00+08:00 'EXTEND：需调取多个处室的档案，工作量较大。'
got=$GOT
ik_facts ext $C "$SINCE"
body=$(mail extension_request $HEAD body)
faults=$(ik_diff "outcome" "$got" "reply $C extend" "step" "$(step ext)" "extension|head|$HEAD" \
    "mails queued" "${IKF[queued]}" "extension_request $HEAD;transcript $HANDLER;"
    [[ $(mail extension_request $HEAD reply-to) == gongkai+*@fao.example.test ]] || echo "it asks for no command"
    has "$body" '延期理由：需调取多个处室的档案，工作量较大。' || echo "no reason"
    has "$body" "原答复期限：$(words "$OLD_DUE")" || echo "no original due date"
    has "$body" "延长后的答复期限为$(words "$NEW_DUE")" || echo "no new due date: $body")
ik_tap "(f) EXTEND asks the head, with the reason, the original and the new due date" "$faults"
replied ext $HEAD 2026-10-13T10:00:00+08:00 '同意'
got=$GOT
ik_facts ext $C "$SINCE"
faults=$(ik_diff "outcome" "$got" "reply $C approve" "step" "$(step ext)" "received|handler|$HANDLER" \
    "due date" "$(ik_show ext $C 'd["due_date"]')" "$NEW_DUE" \
    "mails queued" "${IKF[queued]}" "extension_notice $LISI;handler_notice $HANDLER;transcript $HEAD;")
ik_tap "(f) the head's APPROVE moves the due date from $OLD_DUE by exactly 20 working days to $NEW_DUE" "$faults"
body=$(mail extension_notice $LISI body)
sent=$(TZ=Asia/Shanghai date -d "$(mail extension_notice $LISI date)" +%F)
faults=$(ik_diff "subject" "$(mail extension_notice $LISI subject)" "[$C] 延长答复期限告知书" \
    "in-reply-to" "$(mail extension_notice $LISI in-reply-to)" "$REQ_ID"
    [[ $sent < $OLD_DUE ]] || echo "sent $sent, not before $OLD_DUE"
    has "$body" "本机关将最迟于$(words "$NEW_DUE")（含当日）作出答复" || echo "no new due date"
    has "$body" "不能在原定答复期限（最后一日为$(words "$OLD_DUE")）内作出答复" || echo "the original due date is not the one that cannot be kept"
    has "$body" '需调取多个处室的档案，工作量较大。' || echo "no reason"
    has "$body" '答复期限延长20个工作日' || echo "the extension's length is not stated: $body")
ik_tap "(f) the applicant gets the 延长答复期限告知书 with the new date, sent $sent, before $OLD_DUE" "$faults"
ik_facts ext $C
ROW=${IKF[row]}
replied ext $HANDLER 2026-10-14T10:00:00+08:00 'EXTEND：仍需更多时间。'
got=$GOT
ik_facts ext $C "$SINCE"
faults=$(ik_diff "outcome" "$got" "reply $C refused" "case" "${IKF[row]}" "$ROW" \
    "mails queued" "${IKF[queued]}" "transcript $HANDLER;"
    has "$(mail transcript $HANDLER body)" '只能延长一次' || echo "the transcript does not say why")
ik_tap "(f) a second EXTEND is refused: nothing changes, the handler is told why" "$faults"

# ---------------------------------------------------------------------------
# (g) FEE stops the clock; PAID starts it again, later by the days paused.

story fee 2026-09-21T10:00:00+08:00 "李四 <$LISI>" "$PARTIAL"
OLD_DUE=$(ik_show fee $C 'd["due_date"]')
replied fee $HANDLER 2026-09-22T10:00:00+08:00 'FEE 3000\n按件 35件'
got=$GOT
ik_facts fee $C "$SINCE"
tap_is "$got | $(step fee) | $(ik_show fee $C 'd["paused"]')" \
    "reply $C fee | fee|handler|$HANDLER | True" "(g) FEE pauses the clock (show --json: paused true)"
body=$(mail fee_notice $LISI body)
faults=$(ik_diff "mails queued" "${IKF[queued]}" "fee_notice $LISI;transcript $HANDLER;"
    has "$body" '应缴金额：人民币3000.00元' || echo "not 3000.00 元"
    has "$body" '第11至30件，每件100元，计20件，2000元' || echo "no line for items 11-30"
    has "$body" '第31至35件，每件200元，计5件，1000元' || echo "no line for items 31-35"
    has "$body" '次日起20个工作日内缴纳' || echo "the time to pay is not stated"
    has "$body" '五、缴费方式：请通过银行转账缴纳' || echo "no payment method ([fee] payment_method)")
ik_tap "(g) 按件 35件 makes a fee notice of 3000.00 元, with its calculation and the time to pay" "$faults"
PAUSED=$(calendar count 2026-09-22 2026-10-09)
replied fee $HANDLER 2026-10-09T10:00:00+08:00 'PAID'
got=$GOT
due=$(calendar add "$OLD_DUE" "$PAUSED")
faults=$(ik_diff "outcome" "$got" "reply $C paid" "step" "$(step fee)" "drafting|handler|$HANDLER" \
    "paused" "$(ik_show fee $C 'd["paused"]')" False \
    "due date" "$(ik_show fee $C 'd["due_date"]')" "$due"
    [ "$PAUSED" -gt 0 ] && [ "$due" != "$OLD_DUE" ] || echo "nothing to move: $PAUSED days")
ik_tap "(g) PAID resumes the clock: due $OLD_DUE + $PAUSED working days paused = $due" "$faults"

# ---------------------------------------------------------------------------
# (h) CONSULT: the third party's letter, its AGREE or OBJECT, the clock.

story cons 2026-09-21T10:00:00+08:00 "李四 <$LISI>" "$PARTIAL"
OLD_DUE=$(ik_show cons $C 'd["due_date"]')
replied cons $HANDLER 2026-09-22T10:00:00+08:00 \
    "CONSULT $PARTNER"'\n申请公开本机关与贵公司签订的2025年度翻译服务合同，可能涉及贵公司商业秘密，请提出意见。'
got=$GOT
ik_facts cons $C "$SINCE"
body=$(mail third_party_letter $PARTNER body)
faults=$(ik_diff "outcome" "$got" "reply $C consult" "step" "$(step cons)" "consulting|third_party|$PARTNER" \
    "paused" "$(ik_show cons $C 'd["paused"]')" True \
    "mails queued" "${IKF[queued]}" "third_party_letter $PARTNER;transcript $HANDLER;"
    [[ $(mail third_party_letter $PARTNER reply-to) =~ ^gongkai\+[a-z2-7]{32,64}@fao\.example\.test$ ]] ||
    echo "the letter carries no token: $(mail third_party_letter $PARTNER reply-to)"
    has "$body" '2025年度翻译服务合同' || echo "the letter does not say what is asked"
    ! has "$body" '李四' && ! has "$body" "$LISI" || echo "the letter names the applicant")
ik_tap "(h) CONSULT sends the third party a letter with a token (not naming the applicant) and pauses the clock" "$faults"
ik_fork cons cons.obj
for v in agree object; do
	case $v in
	agree) n=cons now=2026-09-29 text='同意公开' ;;
	object) n=cons.obj now=2026-10-09 text='不同意公开：合同单价属于本公司商业秘密。' ;;
	esac
	PAUSED=$(calendar count 2026-09-22 $now)
	due=$(calendar add "$OLD_DUE" "$PAUSED")
	replied $n $PARTNER ${now}T10:00:00+08:00 "$text" gmail
	got=$GOT
	ik_facts $n $C "$SINCE"
	faults=$(ik_diff "outcome" "$got" "reply $C $v" "step" "$(step $n)" "drafting|handler|$HANDLER" \
	    "paused" "$(ik_show $n $C 'd["paused"]')" False \
	    "due date" "$(ik_show $n $C 'd["due_date"]')" "$due" \
	    "mails queued" "${IKF[queued]}" "handler_notice $HANDLER;transcript $PARTNER;"
	    [ "$PAUSED" -gt 0 ] || echo "no working day paused"
	    case $v in
	    agree) has "$(mail handler_notice $HANDLER body)" '同意公开' ;;
	    object) has "$(mail handler_notice $HANDLER body)" '合同单价属于本公司商业秘密。' ;;
	    esac || echo "the handler is not told the third party's opinion")
	ik_tap "(h) the third party's ${v^^} returns the case to the handler, with its opinion; the clock resumes ($PAUSED days later)" "$faults"
done

tap_done
exit $((TAP_FAILED > 0))
