#!/bin/bash
# corpus_replies.sh - what each reply of corpus/replies/ does to a real
# case: the outcome corpus/INDEX.md gives it (APPROVE, REJECT with its
# reason, or a help reply with nothing applied), with require_dmarc false
# and true; a second copy of each command is refused as a replay; an
# out-of-office reply (automatic/a1) does nothing at all; forged and
# forwarded commands (hostile/h01, h02, h11) change nothing and are
# reported to the registered person and the secretariat, never to the
# sender.  Driven by `gongkai ingest` with the clock pinned (no mail
# stack): GK-2026-0007 is opened and drafted as in INDEX.md's story, then
# each mail goes into its own copy of the database, with the corpus's
# placeholder token replaced by the real one.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
CORPUS=${GK_SHARED:+$GK_SHARED/corpus}
: "${CORPUS:=$GK_SRCDIR/tests/data/corpus}"
CASE=GK-2026-0007
CITIZEN=zhang.zhe@qq.example.test
HANDLER=jingban@fao.example.test
RESP=chushen@fao.example.test
SUPER=gkreview@fao.example.test
APPROVER=shenpi@fao.example.test
SECRETARIAT=mishu@fao.example.test
REPLIED=2026-10-12T10:00:00+08:00
# Mail that passed the office's DMARC check, as its MTA stamps it.
AR_PASS='Authentication-Results: mail.fao.example.test; dkim=pass header.d=fao.example.test; dmarc=pass header.from=fao.example.test'

# file | outcome | comment or reason | another acceptable comment
expect() {
	cat <<'TABLE'
01-gmail-en-approve.eml|approve||
02-gmail-zh-wrapped-attribution.eml|approve||
03-outlook-web-en-reject-rule.eml|reject|the legal basis in the draft cites the wrong article.|
04-outlook-web-zh-reject.eml|reject|答复书未写明申请行政复议的期限（60日），请补充后重新提交。|
05a-outlook2010-classic-approved.eml|approve||
05b-outlook2007-zh-youjian-yuanjian.eml|approve|按程序报审批人。|
06a-qqmail-original-mail-separator.eml|approve||
06b-foxmail-fullwidth-header-block.eml|approve||chushen@fao.example.test
06c-qqmail-app-original-english.eml|approve||
07a-qqmail-web-u00a0.eml|approve||
07b-qqmail-web-literal-nbsp.eml|approve||
08-coremail-approve-comment.eml|approve|请尽快执行。|
09-netease-web-eight-blank-lines.eml|approve||
10-iphone-zh-reject-signature.eml|reject|材料不全|
11-outlook-ios-approve.eml|approve||
12-iphone-unquoted-attribution-bom.eml|approve||
13-gmail-help-quoted-approve.eml|help||
14-outlook-desktop-help-no-rule.eml|help||
15-qqmail-wo-bu-tongyi.eml|help||
16-applemail-help-leaked-url-line.eml|help||
17a-iphone-fullwidth-approve.eml|approve||
17b-thunderbird-lowercase-approve.eml|approve||
17c-exmail-tongyi-fullstop.eml|approve||
17d-mailmaster-reject-ascii-colon.eml|reject|未引用条例第三十六条|
17e-outlook-android-reject-fullwidth-comma.eml|reject|答复书落款日期应为2026年10月13日。|
17f-mutt-bom-approve.eml|approve||
18a-gmail-zh-tongyi-ma.eml|help||
18b-outlook-web-approve-question.eml|help||
18c-applemail-hi-then-approve.eml|help||
18d-thunderbird-approve-then-reject.eml|help||
19a-gmail-html-only.eml|approve|请按修改稿发出。|
19b-outlook-mac-html-only-divrplyfwdmsg.eml|reject|答复书第三段引用的文号有误，应为沪外办〔2026〕12号。|
20a-outlook-gb2312-label-gbk-base64.eml|reject|申请人姓名应为“张喆”，草稿误作“张哲”，请经办人更正后重新提交。|
20b-windows-live-mail-gb2312-qp-flowed.eml|approve|附件第3页“昇平路”的“昇”字请核对。|
20c-roundcube-utf8-qp-split-character.eml|approve|经核对答复书所列数据与我处统计一致，同意按此稿答复申请人，并请经办人同步更新政府信息公开目录。|
x1-thunderbird-bare-office-address.eml|approve||
x2-coremail-new-mail-uppercase-token.eml|approve||
TABLE
}

M=
ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }
M=$GK_DIR/mail

# subst NAME FILE TOKEN: FILE with TOKEN for the placeholder, into
# $M/NAME.eml.
subst() {
	python3 "$IK_PY" subst "$2" "$3" >"$M/$1.eml"
}

# mail KIND TO WHAT: one thing of the newest mail of KIND to TO among
# those ik_facts saw queued (body: newlines written \n).
mail() {
	printf '%s' "${IKF[mail.$1.$2.$3]-}"
}

# has TEXT FIXED-STRING: TEXT holds the string.
has() {
	grep -qF -e "$2" <<<"$1"
}

# refused WHO CODE: the faults of a refusal, in the facts read last (the
# caller checks that nothing was applied): the mails queued (a notice to
# WHO, the person the token was issued to, an alert to the secretariat,
# nothing else), the refusal's reason CODE, and what the mails say.
refused() {
	local who=$1 code=$2 body

	ik_diff "mails queued" "${IKF[queued]-}" \
	    "refused_notice $who;forgery_alert $SECRETARIAT;" \
	    "refusal reason" "$(sed 's/:.*//' <<<"${IKF[event.refused]-}")" "$code" \
	    "the notice's To" "$(mail refused_notice "$who" to)" "$who"
	body=$(mail refused_notice "$who" body)
	[[ $body == "$who："* ]] ||
	    echo "the notice does not address $who: ${body:0:80}"
	[[ $body =~ \\n\>\ [^\ ] ]] ||
	    echo "the notice does not quote the command: ${body:0:300}"
	has "$(mail forgery_alert $SECRETARIAT body)" "登记的收件人：$who" ||
	    echo "the secretariat's alert does not name $who as the registered person"
}

# 4 to set up; per file, 2 outcomes (and a replay of a command); 14 for
# automatic/a1 and hostile/h01, h02, h11.
tap_plan $((4 + 2 * $(expect | wc -l) + $(expect | grep -vc '|help|') + 14))

# ---------------------------------------------------------------------------
# INDEX.md's story: 张喆's request of 2026-09-18 becomes GK-2026-0007; on
# Mon 2026-10-12 09:30 the handler's draft goes to the responsible reviewer.

ik_sql base "INSERT INTO case_seq VALUES (2026, 6)"
got=$(ik_request base 2026-09-18T10:00:00+08:00 "张喆 <$CITIZEN>" \
    '姓名：张喆\n证件类型：居民身份证\n证件号码：110101199001010000\n联系电话：13900000007\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件\n载体形式：电子文档')
tap_is "$got / $(ik_show base $CASE 'd["due_date"]')" \
    "new-request $CASE / 2026-10-22" \
    "the request of 2026-09-18 opens $CASE, due 2026-10-22"
got=$(ik_reply base $HANDLER 2026-10-12T09:30:00+08:00 \
    'ANSWER disclose\n经查，2025年度因公出国（境）团组共12个，详见附件。' outlook)
tap_is "$got" "reply $CASE answer" "the handler's ANSWER is applied"
TOKEN=$(ik_token base $RESP)
tap_like "$TOKEN" '^[a-z2-7]{32,64}$' "the responsible reviewer's notification carries a token"
ik_facts base $CASE
BASE_ROW=${IKF[row]} BASE_OUT=$(ik_outmax base)
tap_is "$(ik_sql base "SELECT state, step, assignee FROM cases WHERE id = '$CASE'")" \
    "review|responsible|$RESP" "the draft waits at the responsible reviewer's step"
BASE_VERSION=$(ik_sql base "SELECT version FROM cases WHERE id = '$CASE'")

# ---------------------------------------------------------------------------
# Every reply, with require_dmarc false and true: the outcome INDEX.md
# gives, and (for a command, with require_dmarc false) a second copy
# refused as a replay.

listed=$(expect | cut -d'|' -f1 | sort)
present=$(cd "$CORPUS/replies" && ls -- *.eml | sort)
[ "$listed" = "$present" ] ||
    tap_diag "corpus/replies and this table differ:" \
    "$(diff <(echo "$listed") <(echo "$present"))"

while IFS='|' read -r file want arg alt; do
	for dmarc in false true; do
		n=${file%.eml}.$dmarc
		ik_fork base "$n" $dmarc
		subst "$n" "$CORPUS/replies/$file" "$TOKEN"
		got=$(ik_ingest "$n" $REPLIED "$M/$n.eml")
		irt=$(sed -n 's/^message-id: *\(<[^>]*>\).*/\1/Ip' "$M/$n.eml" | head -n 1)
		ik_facts "$n" $CASE "$BASE_OUT" "$TOKEN"
		row=$(cut -d'|' -f1-4 <<<"${IKF[row]}")
		case $want in
		approve)
			ev=${IKF[event.approve]-}
			[ -n "$alt" ] && [ "$ev" = "approve: $alt" ] && ev="approve"
			body=$(mail review_request $SUPER body)
			faults=$(ik_diff "ingest" "$got" "reply $CASE approve" \
			    "case" "$row" "review|supervising|$SUPER|$((BASE_VERSION + 1))" \
			    "event" "$ev" "approve${arg:+: $arg}" \
			    "token spent" "${IKF[spent]-}" 1 \
			    "mails queued" "${IKF[queued]-}" \
			    "review_request $SUPER;transcript $RESP;"
			has "$body" '团组共12个' ||
			    echo "the supervising reviewer did not get the draft"
			[ -z "$arg" ] || has "$body" "上一环节意见：$arg" ||
			    echo "the supervising reviewer did not get the comment")
			what="APPROVE${arg:+, comment '$arg'}" ;;
		reject)
			faults=$(ik_diff "ingest" "$got" "reply $CASE reject" \
			    "case" "$row" "drafting|handler|$HANDLER|$((BASE_VERSION + 1))" \
			    "event" "${IKF[event.reject]-}" "reject: $arg" \
			    "token spent" "${IKF[spent]-}" 1 \
			    "mails queued" "${IKF[queued]-}" \
			    "handler_notice $HANDLER;transcript $RESP;"
			has "$(mail handler_notice $HANDLER body)" "退回理由：$arg" ||
			    echo "the handler was not told the reason")
			what="REJECT, reason '$arg'" ;;
		help)
			faults=$(ik_diff "ingest" "$got" "reply $CASE help" \
			    "case row" "${IKF[row]}" "$BASE_ROW" \
			    "decisions" "${IKF[count.approve]-0} ${IKF[count.reject]-0}" "0 0" \
			    "token spent" "${IKF[spent]-}" 0 \
			    "mails queued" "${IKF[queued]-}" "help $RESP;" \
			    "the help's In-Reply-To" "$(mail help $RESP in-reply-to)" "$irt")
			what="help reply, nothing applied, token not spent" ;;
		*)
			faults="no expectation for $file" what=? ;;
		esac
		if [ "$want" != help ]; then
			# The sender's transcript says it was done, in the thread.
			[[ $(mail transcript $RESP subject) == "[$CASE] 已处理"* ]] ||
			    faults+=$'\n'"the transcript does not say the command was applied: $(mail transcript $RESP subject)"
			[ "$(mail transcript $RESP in-reply-to)" = "$irt" ] ||
			    faults+=$'\n'"the transcript is not in the reply's thread"
		fi
		ik_tap "replies/$file (require_dmarc=$dmarc): $what" "$faults"

		[ "$want" = help ] || [ $dmarc = true ] && continue
		# The same command again, bytes changed by one more Received
		# header (01: and a new Message-ID): a replay.
		[ "${file%%-*}" = 01 ] && how=newid || how=retrace
		python3 "$IK_PY" $how "$M/$n.eml" >"$M/$n.again.eml"
		before=${IKF[row]} since=$(ik_outmax "$n")
		got=$(ik_ingest "$n" 2026-10-12T15:00:00+08:00 "$M/$n.again.eml")
		ik_facts "$n" $CASE "$since"
		faults=$(ik_diff "ingest" "$got" "reply $CASE refused" \
		    "case row" "${IKF[row]}" "$before"
		    refused $RESP replay)
		ik_tap "replies/$file (require_dmarc=$dmarc): sent again, refused as a replay" "$faults"
	done
done < <(expect)

# ---------------------------------------------------------------------------
# automatic/a1: chushen@'s out-of-office reply, right token, right From.

ik_fork base a1
subst a1 "$CORPUS/automatic/a1-coremail-out-of-office.eml" "$TOKEN"
got=$(ik_ingest a1 $REPLIED "$M/a1.eml")
tap_is "$got" "automatic $CASE" "automatic/a1 is recorded as automatic mail of $CASE"
ik_facts a1 $CASE "$BASE_OUT"
tap_is "${IKF[row]}" "$BASE_ROW" "automatic/a1 applies nothing"
tap_is "${IKF[queued]}" "" "automatic/a1 gets no reply of any kind"
subst a1.after "$CORPUS/replies/01-gmail-en-approve.eml" "$TOKEN"
tap_is "$(ik_spent a1 "$TOKEN") $(ik_ingest a1 2026-10-12T11:00:00+08:00 "$M/a1.after.eml")" \
    "0 reply $CASE approve" "automatic/a1 leaves the token unspent: the reviewer's APPROVE still works"

# ---------------------------------------------------------------------------
# hostile/h02: chushen@ forged from a rented server, with a planted
# Authentication-Results below the real one.

ik_fork base h02 true
subst h02 "$CORPUS/hostile/h02-authentication-results-injection.eml" "$TOKEN"
got=$(ik_ingest h02 2026-10-12T12:05:00+08:00 "$M/h02.eml")
ik_facts h02 $CASE "$BASE_OUT" "$TOKEN"
faults=$(ik_diff "ingest" "$got" "reply $CASE refused" \
    "case row" "${IKF[row]}" "$BASE_ROW" \
    "token spent" "${IKF[spent]-}" 0)
ik_tap "hostile/h02 with require_dmarc = true: not applied (the planted dmarc=pass is ignored)" "$faults"
ik_tap "hostile/h02: chushen@ and the secretariat are told, nobody else" \
    "$(refused $RESP dmarc)"
ik_fork base h02.off false
tap_is "$(ik_ingest h02.off 2026-10-12T12:05:00+08:00 "$M/h02.eml")" \
    "reply $CASE approve" "hostile/h02 with require_dmarc = false: only the token stands in its way, and it passes"
ik_fork base h02.ok true
got=$(IK_FROM=$RESP ik_reply h02.ok $RESP 2026-10-12T12:10:00+08:00 '同意' plain --header "$AR_PASS")
tap_is "$got" "reply $CASE approve" "with require_dmarc = true, chushen@'s own reply (dmarc=pass on top) is applied"

# ---------------------------------------------------------------------------
# hostile/h01: the approver forged from outside: the case first walks up
# the chain (every reply passing DMARC) to shenpi@'s step.

ik_fork base chain true
ik_reply chain $RESP 2026-10-12T10:00:00+08:00 '同意' gmail --header "$AR_PASS" >/dev/null
ik_reply chain $SUPER 2026-10-12T11:00:00+08:00 '同意。' foxmail --header "$AR_PASS" >/dev/null
APPROVER_TOKEN=$(ik_token chain $APPROVER)
ik_facts chain $CASE
CHAIN_ROW=${IKF[row]} CHAIN_OUT=$(ik_outmax chain)
tap_is "$(ik_sql chain "SELECT state, step, assignee FROM cases WHERE id = '$CASE'")" \
    "review|approver|$APPROVER" "two approvals take the draft to the approver"
ik_fork chain h01 true
subst h01 "$CORPUS/hostile/h01-forged-from-approver-dmarc-fail.eml" "$APPROVER_TOKEN"
got=$(ik_ingest h01 2026-10-12T11:47:00+08:00 "$M/h01.eml")
ik_facts h01 $CASE "$CHAIN_OUT" "$APPROVER_TOKEN"
faults=$(ik_diff "ingest" "$got" "reply $CASE refused" \
    "case row" "${IKF[row]}" "$CHAIN_ROW" \
    "token spent" "${IKF[spent]-}" 0)
ik_tap "hostile/h01 with require_dmarc = true: not applied" "$faults"
ik_tap "hostile/h01: shenpi@ and the secretariat are told, never the sender" \
    "$(refused $APPROVER dmarc)"
ik_fork chain h01.off false
tap_is "$(ik_ingest h01.off 2026-10-12T11:47:00+08:00 "$M/h01.eml") $(ik_show h01.off $CASE 'd["state"]')" \
    "reply $CASE approve answered" \
    "hostile/h01 with require_dmarc = false would have answered the case: the setting matters"

# ---------------------------------------------------------------------------
# hostile/h11: the handler answers with the reviewer's forwarded token.

for dmarc in false true; do
	ik_fork base h11.$dmarc $dmarc
	subst h11.$dmarc "$CORPUS/hostile/h11-forwarded-notification-third-party.eml" "$TOKEN"
	got=$(ik_ingest h11.$dmarc 2026-10-12T14:21:00+08:00 "$M/h11.$dmarc.eml")
	ik_facts h11.$dmarc $CASE "$BASE_OUT" "$TOKEN"
	faults=$(ik_diff "ingest" "$got" "reply $CASE refused" \
	    "case row" "${IKF[row]}" "$BASE_ROW" \
	    "token spent" "${IKF[spent]-}" 0
	    refused $RESP wrong-sender)
	ik_tap "hostile/h11 (require_dmarc=$dmarc): not applied; chushen@ and the secretariat told, not jingban@" "$faults"
done

tap_done
exit $((TAP_FAILED > 0))
