#!/bin/bash
# doc_crash.sh - document numbers survive crashes: 20 requests reach the
# approver; each approval is ingested while `gongkai ingest` is killed
# with SIGKILL at a random moment of its run (before, while or after the
# answer is numbered, rendered, queued and committed), then ingested
# again.  Afterwards the office's series is 1..21 without a gap or a
# repeat, each case has one answer document and one answer mail, and each
# PDF is in the spool as recorded.  Driven by `gongkai ingest` with the
# clock pinned (tests/harness/ingest.sh); no mail stack.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"

HANDLER=jingban@fao.example.test
RESP=chushen@fao.example.test
SUPER=gkreview@fao.example.test
APPROVER=shenpi@fao.example.test
N=${GK_DOC_CRASH_CASES:-20}

tap_plan 6
ik_setup || { echo "Bail out! setup failed"; exit 1; }

# prepare K: a request up to the approver, whose approval is left in
# $GK_DIR/mail/approve.K.eml, not ingested.
prepare() {
	local k=$1 m=$GK_DIR/mail got

	got=$(ik_request base 2026-09-18T10:00:00+08:00 "申请人$k <a$k@example.test>" \
	    "姓名：申请人$k\n证件类型：身份证\n证件号码：31010119900101$(printf %04d $k)\n所需信息：2025年度因公出国（境）团组情况（第$k件）\n获取方式：电子邮件")
	case $got in new-request*) ;; *) echo "Bail out! request $k: $got"; exit 1 ;; esac
	ik_reply base $HANDLER 2026-09-21T10:00:00+08:00 "ANSWER disclose\n经查，第${k}件：团组共12个。" >/dev/null
	ik_reply base $RESP 2026-09-22T10:00:00+08:00 同意 >/dev/null
	ik_reply base $SUPER 2026-09-23T10:00:00+08:00 同意 >/dev/null
	python3 "$IK_PY" notice "$GK_DIR/conf.base" $APPROVER >"$m/notice.eml" || exit 1
	ik_field body "$m/notice.eml" >"$m/quote.txt"
	python3 "$GK_HARNESS/mkmail.py" plain $APPROVER \
	    "$(ik_field reply-to "$m/notice.eml")" \
	    "Re: $(ik_field subject "$m/notice.eml")" 同意 \
	    --in-reply-to "$(ik_field message-id "$m/notice.eml")" \
	    --quote "$m/quote.txt" >"$m/approve.$k.eml"
}
for ((k = 0; k <= N; k++)); do prepare $k; done

approve() {
	GONGKAI_NOW=2026-09-24T10:00:00+08:00 "$GONGKAI" -c "$GK_DIR/conf.base" \
	    ingest "$GK_DIR/mail/approve.$1.eml" >>"$GK_DIR/ingest.out" 2>>"$GK_DIR/gongkai.log"
}

# Case 0, undisturbed: how long an approval takes (ms).
t0=$(date +%s%N)
approve 0
span=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$span" -gt 0 ] || span=1

killed=0
for ((k = 1; k <= N; k++)); do
	approve $k &
	pid=$!
	sleep "$(printf '0.%03d' $((RANDOM % (span < 999 ? span : 999))))"
	kill -9 $pid 2>/dev/null && killed=$((killed + 1))
	wait $pid 2>/dev/null
	approve $k		# the mail again, as IMAP would give it again
done
tap_diag "an approval takes $span ms; $killed of $N ingests were killed while running"
tap_ok $(( killed < N * 3 / 4 )) "most approvals were killed while running ($killed of $N)"

numbers=$(for ((k = 1; k <= N + 1; k++)); do
	ik_show base "$(printf 'GK-2026-%04d' $k)" "'\n'.join(x['number'] for x in d['documents'])"
done | sed -n 's/^〔2026〕\([0-9]*\)号$/\1/p' | sort -n | tr '\n' ' ')
tap_is "$numbers" "$(seq -s ' ' 1 $((N + 1))) " "the series is 1..$((N + 1)): no gap, no repeat"
tap_is "$(for ((k = 1; k <= N + 1; k++)); do ik_show base "$(printf 'GK-2026-%04d' $k)" "d['state'] + ' ' + str(len(d['documents']))"; done | sort | uniq -c | sed 's/^ *//')" \
    "$((N + 1)) answered 1" "every case is answered, with one document"
tap_is "$(ik_json base "len([o for o in d if o['kind'] == 'answer_disclose'])" outbox --json)" $((N + 1)) \
    "one answer mail per case, none twice"
bad=0
for ((k = 1; k <= N + 1; k++)); do
	ik_gk base document "$(printf 'GK-2026-%04d' $k)" -o "$GK_DIR/d.pdf" 2>>"$GK_DIR/doc.err" || bad=$((bad + 1))
done
tap_is "$bad" 0 "every document's PDF is in the spool as recorded"
tap_is "$(ls "$GK_DIR"/spool/doc | wc -l)" $((N + 1)) \
    "the spool's doc/ holds one PDF per document (a killed run rendered the same bytes)"
