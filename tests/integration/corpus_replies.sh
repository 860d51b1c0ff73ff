#!/bin/bash
# corpus_replies.sh - what the corpus's automatic and hostile mail does to
# a real case: an out-of-office reply (automatic/a1) does nothing at all;
# forged and forwarded commands (hostile/h01, h02, h11) change nothing and
# are reported to the registered person and the secretariat, never to the
# sender.  The outcome corpus/INDEX.md gives each reply of corpus/replies/
# (APPROVE, REJECT, help; a replay refused) is a case folder each,
# tests/data/cases/replies-*, run by cases.sh; this script checks that
# every reply has one.  Driven by `gongkai ingest` with the clock pinned (no
# mail stack): GK-2026-0007 is opened and drafted as in INDEX.md's story,
# then each mail goes into its own copy of the database, with the corpus's
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

# 5 to set up and list; 14 for automatic/a1 and hostile/h01, h02, h11.
tap_plan 19

# ---------------------------------------------------------------------------
# INDEX.md's story: 张喆's request of 2026-09-18 becomes GK-2026-0007; on
# Mon 2026-10-12 09:30 the handler's draft goes to the responsible reviewer.

ik_seed base "INSERT INTO case_seq VALUES (2026, 6)"
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
tap_is "$(ik_where base "$CASE")" \
    "review|responsible|$RESP" "the draft waits at the responsible reviewer's step"

# ---------------------------------------------------------------------------
# Every reply of corpus/replies/ has its case folder (cases.sh runs them).

folders=$(cat "$GK_SRCDIR"/tests/data/cases/*/case |
    sed -n 's|^mail[ 	]*corpus/replies/||p' | sort)
present=$(cd "$CORPUS/replies" && ls -- *.eml | sort)
tap_is "$folders" "$present" "every mail of corpus/replies has a folder in tests/data/cases"

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
tap_is "$(ik_spent a1 "$CASE" "$TOKEN") $(ik_ingest a1 2026-10-12T11:00:00+08:00 "$M/a1.after.eml")" \
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
tap_is "$(ik_where chain "$CASE")" \
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
