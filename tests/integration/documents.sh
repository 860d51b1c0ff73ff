#!/bin/bash
# documents.sh - every answer TYPE as a numbered official document
# (doc/mail.md, "Formal documents"): one request per TYPE the handler may
# give, one answered in several items, one in English, one left
# uncorrected and one unpaid (the two TYPEs the daemon sets), one
# withdrawn by its applicant, all by SMTP through the whole chain
# (handler, responsible, supervising, approver: one reply per
# notification, each to its own token), the daemon run one cycle at a
# time.  In each applicant's IMAP inbox the answer, and the correction and
# fee notices, carry one PDF whose number is the mail's and `show`'s,
# whose pdftotext text is the mail's document, with every font embedded,
# on A4; so does the confirmation of the withdrawal.  The English
# applicant's answer is Chinese first, then the
# translation marked as a courtesy, in the mail and the PDF.  The office
# series runs 1..N without a gap or a repeat, and `gongkai document`
# writes each PDF again byte for byte.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
OFFICE_NAME=上海市人民政府外事办公室
HANDLER=jingban@fao.example.test
RESP=chushen@fao.example.test
SUPER=gkreview@fao.example.test
APPROVER=shenpi@fao.example.test

gk_require pdftotext pdffonts pdfinfo

TYPES=(public-already disclose partial withhold:state-secret
    withhold:law-prohibited withhold:security-stability withhold:third-party
    withhold:internal-affairs withhold:process-info withhold:enforcement-file
    withhold:query-matter unavailable:not-held unavailable:other-agency
    unavailable:needs-creation unavailable:still-unclear
    not-processed:petition not-processed:repeat not-processed:publication
    not-processed:excessive not-processed:confirm-existing other:misc)
# The applicants, one each: a01 .. a21 the TYPEs above, then these.
ITEMS=22 ENGLISH=23 NOCORR=24 UNPAID=25 WITHDRAWN=26 N=26

tap_plan 37
mailstack_start
gk_config >/dev/null
printf '\n[documents]\nnumber_format = 沪外办信公〔{year}〕{n}号\nseal_image = %s\n' \
    "$GK_SRCDIR/doc/seal-sample.png" >>"$GK_CONF"
gk init >/dev/null 2>&1

cycle() { GONGKAI_NOW=$1 gk run --once >>"$GK_DIR/daemon.log" 2>&1; }
addr() { printf 'a%02d@example.test' "$1"; }

# The requests, Friday 2026-09-18.
for ((i = 1; i <= N; i++)); do
	mailstack_add_user "$(addr $i)"
	if [ $i = $ENGLISH ]; then
		python3 "$H/mkmail.py" plain "John Smith <$(addr $i)>" "$OFFICE" \
		    "Request for government information" \
		    'Name: John Smith\nPhone: 13900000023\nAddress: 1 Example Road, Shanghai\nInformation requested: the list of official delegations sent abroad in 2025\nDelivery: email' \
		    >"$GK_DIR/request.eml"
	else
		python3 "$H/mkmail.py" plain "申请人$i <$(addr $i)>" "$OFFICE" \
		    "政府信息公开申请" \
		    "姓名：申请人$i\n证件类型：身份证\n证件号码：3101011990010100$(printf %02d $i)\n联系电话：139000000$(printf %02d $i)\n所需信息：2025年度因公出国（境）团组情况（第$i件）\n获取方式：电子邮件" \
		    >"$GK_DIR/request.eml"
	fi
	smtp_send "$(addr $i)" "$OFFICE" "$GK_DIR/request.eml" >/dev/null
	imap_wait_count "$OFFICE" INBOX $i 10 >/dev/null
done
cycle 2026-09-18T10:00:00+08:00
imap_wait_count "$HANDLER" INBOX $N 20 >/dev/null

# CASE[i]: applicant i's case.
declare -A CASE
while read -r email id; do
	i=${email#a}; i=$((10#${i%%@*}))
	CASE[$i]=$id
done < <(gk cases --json | json "'\n'.join(c['applicant']['email'] + ' ' + c['id'] for c in d)")
[ "${#CASE[@]}" = $N ] || { echo "Bail out! ${#CASE[@]} cases, not $N"; exit 1; }

# What the handler first writes on the case of applicant i: the answer,
# or the step the law wants first (a correction before "still unclear",
# ASK-REASON before "excessive").
draft() {
	local i=$1

	if [ "$i" -le 21 ]; then
		case ${TYPES[i - 1]} in
		unavailable:other-agency)
			printf 'ANSWER %s\n经查，该信息由其他机关负责公开。\n负责机关：上海市商务委员会\n联系方式：021-62752200' "${TYPES[i - 1]}" ;;
		unavailable:still-unclear)
			printf 'CORRECTION\n请写明所需信息的名称、文号或者其他特征性描述。' ;;
		not-processed:excessive)
			printf 'ASK-REASON\n请说明申请理由。' ;;
		*)	printf 'ANSWER %s\n经查，第%s件所需信息的处理意见如下：请见本答复。' "${TYPES[i - 1]}" "$i" ;;
		esac
	elif [ "$i" = $ITEMS ]; then
		printf 'ANSWER\n1. disclose 2025年度因公出国（境）团组共12个。\n2. withhold:internal-affairs 各团组的内部审批意见属于内部事务信息。'
	elif [ "$i" = $ENGLISH ]; then
		printf 'ANSWER disclose\n经查，2025年度因公出国（境）团组共12个，名单如下：甲团组、乙团组。'
	elif [ "$i" = $NOCORR ]; then
		printf 'CORRECTION\n请写明所需信息的名称或文号。'
	else
		printf 'FEE 100\n按件 12件'
	fi
}
UNCLEAR=15 EXCESSIVE=19
[ "${TYPES[UNCLEAR - 1]}" = unavailable:still-unclear ] &&
    [ "${TYPES[EXCESSIVE - 1]}" = not-processed:excessive ] ||
    { echo "Bail out! TYPES changed"; exit 1; }

# reply USER I TEXT: USER answers the newest mail about applicant I's case
# in their INBOX (to its Reply-To, with its token, quoting it) by SMTP.
reply() {
	local user=$1 c=${CASE[$2]} uid to

	# every subject opens with its [case tag] (the rest may be encoded)
	uid=$(ms_doveadm -f tab fetch -u "$user" "uid hdr.subject" mailbox INBOX all |
	    awk -F '\t' -v tag="[$c]" '/^[0-9]+\t/ && index($2, tag) { u = $1 } END { print u }')
	[ -n "$uid" ] || { echo "Bail out! $user has no mail about $c"; exit 1; }
	imap_fetch "$user" INBOX "$uid" >"$GK_DIR/n.eml"
	mail_field body "$GK_DIR/n.eml" >"$GK_DIR/quote.txt"
	to=$(mail_field reply-to "$GK_DIR/n.eml")
	[ -n "$to" ] || to=$OFFICE
	python3 "$H/mkmail.py" plain "$user" "$to" \
	    "Re: $(mail_field subject "$GK_DIR/n.eml")" "$3" \
	    --in-reply-to "$(mail_field message-id "$GK_DIR/n.eml")" \
	    --quote "$GK_DIR/quote.txt" >"$GK_DIR/reply.eml"
	smtp_send "$user" "$to" "$GK_DIR/reply.eml" >/dev/null
	SENT=$((SENT + 1))
}
# day NOW: one cycle at NOW once the office's INBOX holds what was sent.
SENT=0
day() {
	imap_wait_count "$OFFICE" INBOX $SENT 20 >/dev/null
	SENT=0
	cycle "$1"
	sleep 1			# the outbox's mail into Dovecot
}

FIRST=() LATE=($UNCLEAR $EXCESSIVE)
for ((i = 1; i <= N; i++)); do
	case $i in $UNCLEAR|$EXCESSIVE|$NOCORR|$UNPAID|$WITHDRAWN) ;; *) FIRST+=($i) ;; esac
done
for ((i = 1; i <= N; i++)); do
	[ $i = $WITHDRAWN ] || reply $HANDLER $i "$(draft $i)"
done
# One applicant withdraws in the thread of the acknowledgment (Art. 29).
reply "$(addr $WITHDRAWN)" $WITHDRAWN '撤回\n我已通过其他途径获得该信息。'
day 2026-09-21T10:00:00+08:00
reply "$(addr $UNCLEAR)" $UNCLEAR '所需信息：2025年度因公出国（境）团组的有关情况'
day 2026-09-22T09:00:00+08:00
reply $HANDLER $UNCLEAR 'ANSWER unavailable:still-unclear\n补正后申请内容仍不明确。'
reply $HANDLER $EXCESSIVE 'ANSWER not-processed:excessive\n申请数量明显超过合理范围，且未说明理由。'
for i in "${FIRST[@]}"; do reply $RESP $i 同意; done
day 2026-09-22T10:00:00+08:00
for i in "${LATE[@]}"; do reply $RESP $i 同意; done
for i in "${FIRST[@]}"; do reply $SUPER $i 同意; done
day 2026-09-23T10:00:00+08:00
for i in "${LATE[@]}"; do reply $SUPER $i 同意; done
for i in "${FIRST[@]}"; do reply $APPROVER $i 同意; done
day 2026-09-24T10:00:00+08:00
for i in "${LATE[@]}"; do reply $APPROVER $i 同意; done
day 2026-09-25T10:00:00+08:00
# The correction and the fee are not paid: both cases close on
# 2026-11-02 (15 and 20 working days after the notices).
day 2026-11-02T10:00:00+08:00

# doc I KIND SUBJECT: applicant I's newest mail whose subject has SUBJECT
# (into $GK_DIR/doc.eml) against its PDF (pdfcheck.py's line).
doc() {
	local user=$(addr $1) u t

	for ((t = 0; t < 50; t++)); do
		for u in $(imap_uids "$user" INBOX | tac); do
			imap_fetch "$user" INBOX "$u" >"$GK_DIR/doc.eml"
			mail_field subject "$GK_DIR/doc.eml" | grep -qF "$2" || continue
			python3 "$H/pdfcheck.py" "$OFFICE_NAME" <"$GK_DIR/doc.eml" 2>>"$GK_DIR/pdfcheck.err"
			return
		done
		sleep 0.2
	done
	echo "no mail with $2"
}
# want I KIND: what doc() prints when all is well, with the number `show`
# gives the case's last document of KIND.
doc_number() {
	gk show "${CASE[$1]}" --json | json "[x['number'] for x in d['documents'] if x['kind'] == '$2'][-1]"
}
want() {
	printf 'pdfs=1 number=%s text=same fonts=embedded page=A4' "$(doc_number "$1" "${2:-answer}")"
}

for ((i = 1; i <= 21; i++)); do
	tap_is "$(doc $i 答复书)" "$(want $i)" \
	    "${TYPES[i - 1]}: the answer carries its PDF, numbered as the mail, the same text, fonts embedded, A4"
done
tap_is "$(doc $ITEMS 答复书)" "$(want $ITEMS)" "an answer of several items: the same"
tap_is "$(doc $ENGLISH 答复书)" "$(want $ENGLISH)" "an English applicant's answer: the same, the translation included"
tap_like "$(mail_field body "$GK_DIR/doc.eml" | tr -d '\r\n')" \
    "^$OFFICE_NAME沪外办信公〔2026〕[0-9]+号政府信息公开申请答复书John Smith：.*以下英文译文仅供参考，以上述中文文本为准。 / Courtesy translation: the Chinese text above is the operative document.$OFFICE_NAME沪外办信公〔2026〕[0-9]+号Reply to a Request.*Dear John Smith," \
    "the English applicant's mail is the Chinese document first, then the courtesy translation"
tap_like "$(mail_field subject "$GK_DIR/doc.eml")" '政府信息公开申请答复书' "its subject is the Chinese one"

# The uncorrected and the unpaid: the notice, then the closing answer.
tap_is "$(doc $NOCORR 补正申请告知书)" "$(want $NOCORR correction)" \
    "the correction notice (补正申请告知书) is a numbered document too"
tap_is "$(doc $NOCORR 逾期未补正)" "$(want $NOCORR)" "other:no-correction: the closing notice (终止办理告知书)"
tap_is "$(doc $UNPAID 收费通知书)" "$(want $UNPAID fee)" \
    "the fee notice (收费通知书) is a numbered document too"
tap_is "$(doc $UNPAID 逾期未缴费)" "$(want $UNPAID)" "other:fee-unpaid: the closing notice (终止办理告知书)"
tap_is "$(doc $WITHDRAWN 撤回确认)" "$(want $WITHDRAWN withdrawal)" \
    "other:withdrawn: the confirmation of the withdrawal is a numbered document too"

# The series: 25 answers, three notices (two corrections, a fee) and a
# withdrawal's confirmation, each numbered once, 1..29.
numbers=$(for ((i = 1; i <= N; i++)); do
	gk show "${CASE[$i]}" --json | json "'\n'.join(x['number'] for x in d['documents'])"
done | sed -n 's/^沪外办信公〔2026〕\([0-9]*\)号$/\1/p' | sort -n | tr '\n' ' ')
tap_is "$numbers" "$(seq -s ' ' 1 $((N + 3))) " "the office's series runs 1..$((N + 3)) without a gap or a repeat"

# Reprinted: byte for byte what went out.
i=$ENGLISH
doc $i 答复书 >/dev/null
name=$(python3 "$H/readmail.py" types <"$GK_DIR/doc.eml" | grep -n application/pdf | cut -d: -f1)
name=$(mail_field attachments "$GK_DIR/doc.eml" | sed -n "${name}p")
mail_field "attachment:$name" "$GK_DIR/doc.eml" >"$GK_DIR/sent.pdf"
gk document "${CASE[$i]}" -o "$GK_DIR/again.pdf"
cmp -s "$GK_DIR/sent.pdf" "$GK_DIR/again.pdf"
tap_ok $? "gongkai document CASE -o FILE writes the PDF that was sent, byte for byte"
gk document "${CASE[$NOCORR]}" "$(doc_number $NOCORR correction)" >"$GK_DIR/corr.pdf"
tap_like "$(pdftotext -enc UTF-8 "$GK_DIR/corr.pdf" - | tr -d ' \n')" '补正申请告知书' \
    "gongkai document CASE NUMBER writes that one (to standard output)"
out=$(gk document "${CASE[$i]}" 沪外办信公〔2026〕999号 2>&1 >/dev/null); rc=$?
tap_like "$rc $out" "^1 .*has no document 沪外办信公〔2026〕999号; it has 沪外办信公" \
    "an unknown number: exit 1, naming the case's numbers"
tap_like "$(gk show "${CASE[$i]}" | sed -n '/^documents:$/{n;p}')" \
    '^  沪外办信公〔2026〕[0-9]+号  2026-09-24  answer  answer_disclose  \(with an English courtesy translation\)$' \
    "show lists the documents"
tap_like "$(gk show "${CASE[$i]}" --json | json "d['documents'][0]['sha256']")" \
    "^$(sha256sum "$GK_DIR/sent.pdf" | cut -c1-64)$" "show --json gives the PDF's SHA-256"
tap_is "$(gk report annual 2026 --format json | json "' '.join(x['case'] + '=' + x['number'] for x in d['documents'] if x['case'] == '${CASE[$i]}') + ' ' + str(len(d['documents']))")" \
    "${CASE[$i]}=$(doc_number $i answer) $((N - 1))" "the annual report's case list gives every answer with its number"
