#!/bin/bash
# fee_month.sh - per-item fees cumulate over the applicant's calendar
# month across their requests (国办函〔2020〕109号 Art. 4): the fee notice,
# read in the applicant's IMAP inbox, counts the applicant's earlier items
# of the month; the applicant is known by the ID number when the requests
# give one (another mail address, the same number: the same applicant),
# else by the mail address; another applicant is not counted, and a
# request of the next month starts again at 0.  Mail in by SMTP, the
# daemon run one cycle at a time with --now pinned.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
HANDLER=jingban@fao.example.test
ZHANG=zhang.zhe@example.test
ZHANG2=zhang.home@example.test
OTHER=citizen@example.test
ID_ZHANG=310101199001010000
ID_OTHER=310101198502020000

cycle() { GONGKAI_NOW=$1 gk run --once >>"$GK_DIR/daemon.log" 2>&1; }

tap_plan 10
mailstack_start
mailstack_add_user "$ZHANG2"
gk_config >/dev/null
gk init >/dev/null 2>&1

N=0
# notice_of USER CASE: USER's newest mail about CASE that asks for a
# command, into $GK_DIR/notice.eml.
notice_of() {
	local uid

	for uid in $(imap_uids "$1" INBOX | tac); do
		imap_fetch "$1" INBOX "$uid" >"$GK_DIR/notice.eml"
		[[ $(mail_field subject "$GK_DIR/notice.eml") == "[$2]"* ]] &&
		    [[ $(mail_field reply-to "$GK_DIR/notice.eml") == gongkai+* ]] &&
		    return 0
	done
	return 1
}

# request FROM NAME ID NOW CASE: FROM's request arrives and is handled at
# NOW; the handler is notified of CASE.
request() {
	local from=$1 name=$2 id=$3 now=$4 case=$5 i

	N=$((N + 1))
	python3 "$H/mkmail.py" plain "$name <$from>" "$OFFICE" "政府信息公开申请" \
	    "姓名：$name\n证件类型：居民身份证\n证件号码：$id\n所需信息：2025年度外事接待资料（第${N}批）\n获取方式：电子邮件" \
	    >"$GK_DIR/request$N.eml"
	smtp_send "$from" "$OFFICE" "$GK_DIR/request$N.eml" >/dev/null
	imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
	cycle "$now"
	for ((i = 0; i < 200; i++)); do	# delivery: up to 10 s
		notice_of "$HANDLER" "$case" && return 0
		sleep 0.05
	done
	echo "Bail out! the handler was not notified of $case"
	exit 1
}

# fee FROM NOW ITEMS INBOX: the handler charges ITEMS items on the case of
# $GK_DIR/notice.eml at NOW; FROM's inbox then holds INBOX mails, the
# newest the fee notice; prints its earlier-item line.
fee() {
	local to irt subj

	to=$(mail_field reply-to "$GK_DIR/notice.eml")
	irt=$(mail_field message-id "$GK_DIR/notice.eml")
	subj=$(mail_field subject "$GK_DIR/notice.eml")
	python3 "$H/mkmail.py" outlook "$HANDLER" "$to" "Re: $subj" \
	    "FEE 100\n按件 $3件" --in-reply-to "$irt" >"$GK_DIR/reply.eml"
	smtp_send "$HANDLER" "$to" "$GK_DIR/reply.eml" >/dev/null
	imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
	cycle "$2"
	imap_wait_count "$1" INBOX "$4" 10 >/dev/null
	mail_newest "$1"
	mail_field body | grep -o '本自然月此前已计[0-9]*件，本次申请[0-9]*件' || echo "no count in: $(mail_field subject)"
}

# September: Zhang twice from his usual address, another applicant once,
# then Zhang from another address with the same ID number.
request "$ZHANG" 张喆 $ID_ZHANG 2026-09-07T10:00:00+08:00 GK-2026-0001
tap_is "$(fee $ZHANG 2026-09-08T10:00:00+08:00 12 2)" "本自然月此前已计0件，本次申请12件" \
    "the first request of the month: 0 earlier items"
tap_like "$(mail_field body)" '第11至12件，每件100元，计2件，200元' "its calculation charges items 11-12"
tap_like "$(mail_field body)" '应缴金额：人民币200.00元' "its amount is 200 yuan"

request "$ZHANG" 张喆 $ID_ZHANG 2026-09-09T10:00:00+08:00 GK-2026-0002
tap_is "$(fee $ZHANG 2026-09-10T10:00:00+08:00 5 4)" "本自然月此前已计12件，本次申请5件" \
    "the second: the first's 12 items counted"
tap_like "$(mail_field body)" '应缴金额：人民币500.00元' "items 13-17 cost 500 yuan"

request "$OTHER" 李四 $ID_OTHER 2026-09-11T10:00:00+08:00 GK-2026-0003
tap_is "$(fee $OTHER 2026-09-14T10:00:00+08:00 3 2)" "本自然月此前已计0件，本次申请3件" \
    "another applicant's request: Zhang's items are not counted"

request "$ZHANG2" 张喆 $ID_ZHANG 2026-09-15T10:00:00+08:00 GK-2026-0004
tap_is "$(fee $ZHANG2 2026-09-16T10:00:00+08:00 4 2)" "本自然月此前已计17件，本次申请4件" \
    "the third, from another address with the same ID number: the sum, 12 + 5"
tap_like "$(mail_field body)" '第18至21件，每件100元，计4件，400元' "its calculation goes on from item 18"

# October: the month starts again.
request "$ZHANG" 张喆 $ID_ZHANG 2026-10-09T10:00:00+08:00 GK-2026-0005
tap_is "$(fee $ZHANG 2026-10-12T10:00:00+08:00 2 6)" "本自然月此前已计0件，本次申请2件" \
    "a request of the next month starts again at 0"
tap_is "$(gk show GK-2026-0005 --json | json 'd["state"]')" fee "the case waits for the payment"
tap_done
exit $((TAP_FAILED > 0))
