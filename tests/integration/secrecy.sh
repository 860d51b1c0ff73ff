#!/bin/bash
# secrecy.sh - the secrecy check before an answer goes (doc/mail.md,
# "Secrecy check"): an approved draft that says 绝密, or whose attachment (a
# DOCX saying 机密, a PDF saying 秘密★) carries a marking, or whose
# attachment cannot be read (a corrupt PDF), is held at the approver
# (state "secrecy"): nothing goes to the applicant, the supervising
# reviewer and the secretariat are told what was found where, and the
# approver is asked for CLEARED / 保密审查通过 with a reason.  CLEARED
# from anyone else is refused, without a reason it gets help, and from
# the approver with a reason it sends the answer and is recorded.  A
# clean draft with clean attachments goes through as before.  Driven by
# `gongkai ingest` with the clock pinned (no mail stack), like
# lifecycle_rules.sh; the documents are tests/data/secrecy/'s.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
C=GK-2026-0001
CITIZEN=zhang.zhe@example.test
HANDLER=jingban@fao.example.test
RESP=chushen@fao.example.test
SUPER=gkreview@fao.example.test
APPROVER=shenpi@fao.example.test
SECRETARIAT=mishu@fao.example.test
DOCS=$GK_SRCDIR/tests/data/secrecy
FULL='姓名：张喆\n证件类型：居民身份证\n证件号码：310101199001010000\n联系电话：13900000001\n通信地址：上海市黄浦区示例路1号\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件\n载体形式：电子文档'

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }

mail() {
	printf '%s' "${IKF[mail.$1.$2.$3]-}"
}

has() {
	grep -qF -e "$2" <<<"$1"
}

# step NAME: state|step|assignee of $C in NAME (a closed case is held by
# no one: "answered||").
step() {
	ik_where "$1" "$C"
}

# to_applicant NAME: the mails queued to the applicant, from outbox --json.
to_applicant() {
	ik_gk "$1" outbox --json 2>/dev/null | python3 -c '
import json, sys
print(len([m for m in json.load(sys.stdin) if m["to"] == sys.argv[1]]))' \
	    "$CITIZEN"
}

# approved NAME DRAFT [FILE...]: a case in NAME whose handler answers with
# DRAFT (and the files attached), approved by the responsible and the
# supervising reviewer; the approver's 同意 is left to the test.
approved() {
	local name=$1 draft=$2 got a

	shift 2
	a=()
	for f in "$@"; do
		a+=(--attach "$f")
	done
	ik_fork base "$name" &&
	    got=$(ik_request "$name" 2026-09-18T10:00:00+08:00 \
	    "张喆 <$CITIZEN>" "$FULL") && [ "$got" = "new-request $C" ] ||
	    { echo "Bail out! $name: the request was not opened: $got"; exit 1; }
	ik_reply "$name" $HANDLER 2026-09-21T10:00:00+08:00 \
	    "ANSWER disclose\n$draft" plain "${a[@]}" >/dev/null
	ik_reply "$name" $RESP 2026-09-22T10:00:00+08:00 '同意' >/dev/null
	ik_reply "$name" $SUPER 2026-09-23T10:00:00+08:00 '同意。' >/dev/null
	[ "$(step "$name")" = "review|approver|$APPROVER" ] ||
	    { echo "Bail out! $name: not at the approver: $(step "$name")"; exit 1; }
}

# held NAME LABEL WANT...: the approver approves the case in NAME; it
# must be held, with each WANT (marker, file, excerpt) in both alerts and
# in the approver's request.
held() {
	local name=$1 label=$2 since got w faults

	shift 2
	since=$(ik_outmax "$name")
	got=$(ik_reply "$name" $APPROVER 2026-09-24T10:00:00+08:00 '同意')
	ik_facts "$name" $C "$since"
	faults=$(ik_diff "outcome" "$got" "reply $C secrecy-hold" \
	    "case" "$(step "$name")" "secrecy|approver|$APPROVER" \
	    "mails queued" "${IKF[queued]}" \
	    "secrecy_alert $SUPER;secrecy_alert $SECRETARIAT;secrecy_request $APPROVER;" \
	    "mails to the applicant" "$(to_applicant "$name")" 1
	    for w in "$@"; do
		has "$(mail secrecy_alert $SUPER body)" "$w" ||
		    echo "the supervising reviewer is not told [$w]"
		has "$(mail secrecy_alert $SECRETARIAT body)" "$w" ||
		    echo "the secretariat is not told [$w]"
		has "$(mail secrecy_request $APPROVER body)" "$w" ||
		    echo "the approver is not told [$w]"
	    done
	    has "$(mail secrecy_request $APPROVER reply-to)" 'gongkai+' ||
		echo "the approver's request carries no token"
	    has "${IKF[event.secrecy-hold]-}" "$1" ||
		echo "the history does not record it: ${IKF[event.secrecy-hold]-}")
	ik_tap "$label: held at the approver, nothing to the applicant, alerts name what was found where" "$faults"
}

# cleared NAME LABEL REASON [ATTACHMENT]: the approver clears it; the
# answer goes, with the attachment, and the history records why.
cleared() {
	local name=$1 label=$2 reason=$3 att=${4-} since got faults js

	since=$(ik_outmax "$name")
	got=$(ik_reply "$name" $APPROVER 2026-09-25T10:00:00+08:00 \
	    "保密审查通过：$reason" gmail)
	ik_facts "$name" $C "$since"
	js=$(ik_gk "$name" show $C --json 2>/dev/null)
	faults=$(ik_diff "outcome" "$got" "reply $C cleared" \
	    "state" "$(step "$name")" "answered||" \
	    "mails queued" "${IKF[queued]}" \
	    "answer_disclose $CITIZEN;transcript $APPROVER;" \
	    "mails to the applicant" "$(to_applicant "$name")" 2 \
	    "cleared in show --json" "$(python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" | ".join(e["detail"] for e in d["events"] if e["type"] == "secrecy-cleared"))' <<<"$js")" \
	    "保密审查：审批人确认可以发送。理由：$reason"
	    has "$(python3 -c 'import json,sys; print([e["type"] for e in json.load(sys.stdin)["events"]])' <<<"$js")" "secrecy-hold" ||
		echo "show --json has no secrecy-hold event"
	    if [ -n "$att" ]; then
		ik_mail "$name" answer_disclose $CITIZEN "$GK_DIR/mail/answer.eml"
		has "$(ik_field attachments "$GK_DIR/mail/answer.eml")" "$att" ||
		    echo "the answer does not carry $att"
	    fi)
	ik_tap "$label: the approver's 保密审查通过 with a reason sends the answer and is recorded" "$faults"
}

tap_plan 11

# (a) The draft itself says 绝密: then the refusals, then the clearance.
approved text '经查，该批材料属绝密，现予以公开。'
held text "(a) 绝密 in the draft" '“绝密” 见于 正文' '该批材料属绝密，现予以公开'

since=$(ik_outmax text)
row=$(ik_row text $C)
got=$(IK_FROM=$SUPER ik_reply text $APPROVER 2026-09-24T11:00:00+08:00 \
    '保密审查通过：我已核实')
ik_facts text $C "$since"
faults=$(ik_diff "outcome" "$got" "reply $C refused" "case" "$(ik_row text $C)" "$row" \
    "mails to the applicant" "$(to_applicant text)" 1 \
    "mails queued" "${IKF[queued]}" "refused_notice $APPROVER;forgery_alert $SECRETARIAT;")
ik_tap "(a) CLEARED from someone other than the approver is refused and changes nothing" "$faults"

since=$(ik_outmax text)
got=$(ik_reply text $APPROVER 2026-09-24T12:00:00+08:00 '保密审查通过')
ik_facts text $C "$since"
faults=$(ik_diff "outcome" "$got" "reply $C help" "case" "$(ik_row text $C)" "$row" \
    "mails to the applicant" "$(to_applicant text)" 1 \
    "mails queued" "${IKF[queued]}" "help $APPROVER;"
    has "$(mail help $APPROVER body)" '理由' || echo "the help does not ask for a reason")
ik_tap "(a) CLEARED without a reason gets help and changes nothing" "$faults"

since=$(ik_outmax text)
got=$(ik_reply text $APPROVER 2026-09-24T13:00:00+08:00 '同意')
ik_facts text $C "$since"
faults=$(ik_diff "outcome" "$got" "reply $C refused" "case" "$(ik_row text $C)" "$row" \
    "mails to the applicant" "$(to_applicant text)" 1 \
    "mails queued" "${IKF[queued]}" "transcript $APPROVER;"
    has "$(mail transcript $APPROVER body)" '保密审查通过：理由' || echo "the refusal does not say what to do")
ik_tap "(a) approving again does not clear the hold" "$faults"

cleared text "(a)" '“绝密”系引用的原文件标题，该文件已于2024年解密。'

# (b) An attached DOCX says 机 in one run and 密 in the next.
approved docx '经查，材料见附件。' "$DOCS/secret.docx"
held docx "(b) 机密 in a DOCX" '“机密” 见于 附件“secret.docx”' '附件所列材料属机密事项'
cleared docx "(b)" '附件所称事项已公开发布。' secret.docx

# (c) An attached PDF says 秘密★.
approved pdf '经查，统计表见附件。' "$DOCS/secret.pdf"
held pdf "(c) 秘密★ in a PDF" '“秘密★” 见于 附件“secret.pdf”' '秘密★一年'
cleared pdf "(c)" '标志为模板残留，经核实不涉密。' secret.pdf

# (d) An attachment that cannot be read stops it too.
approved corrupt '经查，材料见附件。' "$DOCS/corrupt.pdf"
held corrupt "(d) a corrupt PDF" '附件“corrupt.pdf”无法读取（corrupt）'

# (e) A clean draft with clean attachments goes at once.
approved clean '经查，2025年度因公出国（境）团组共12个，详见附件。' \
    "$DOCS/clean.pdf" "$DOCS/clean.docx"
since=$(ik_outmax clean)
got=$(ik_reply clean $APPROVER 2026-09-24T10:00:00+08:00 '同意')
ik_facts clean $C "$since"
faults=$(ik_diff "outcome" "$got" "reply $C approve" \
    "state" "$(step clean)" "answered||" \
    "mails queued" "${IKF[queued]}" "answer_disclose $CITIZEN;transcript $APPROVER;" \
    "secrecy events" "${IKF[count.secrecy-hold]-0}" 0)
ik_tap "(e) a clean draft with clean attachments goes to the applicant at once" "$faults"

tap_done
exit $((TAP_FAILED > 0))
