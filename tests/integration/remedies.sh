#!/bin/bash
# remedies.sh - reconsideration and lawsuits against an answer (table 四)
# and the secretariat's late-correction leave in the report's notes
# (doc/commands.md, `gongkai case`; doc/lifecycle.md, "Reconsideration
# and lawsuits"): REVIEW-FILED, REVIEW-RESULT, SUIT-FILED [after-review]
# and SUIT-RESULT are refused on an open case, with an unknown result
# word, or out of order, each with a clear message and nothing recorded;
# applied to an answered case they are in `show --json`'s history and
# `report annual --json` counts them in table 四; a case whose late
# correction notice the secretariat allowed is listed in the report's
# notes with its reason.  Driven by `gongkai ingest` with the clock
# pinned.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
HANDLER=jingban@fao.example.test
RESP=chushen@fao.example.test
SUPER=gkreview@fao.example.test
APPROVER=shenpi@fao.example.test
FULL='姓名：张喆\n证件类型：居民身份证\n证件号码：310101199001010000\n联系电话：13900000001\n通信地址：上海市黄浦区示例路1号\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件\n载体形式：电子文档'

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }

has() {
	grep -qF -e "$2" <<<"$1"
}

# answered DAY CASE: a request of DAY answered through the whole chain.
answered() {
	local d=$1 c=$2 got

	got=$(ik_request base ${d}T10:00:00+08:00 "张喆 <zhang.zhe@example.test>" "$FULL")
	[ "$got" = "new-request $c" ] ||
	    { echo "Bail out! the request was not opened: $got"; exit 1; }
	ik_reply base $HANDLER ${d}T14:00:00+08:00 'ANSWER disclose\n经查，共12个团组。' >/dev/null
	ik_reply base $RESP ${d}T15:00:00+08:00 '同意' >/dev/null
	ik_reply base $SUPER ${d}T16:00:00+08:00 '同意' >/dev/null
	ik_reply base $APPROVER ${d}T17:00:00+08:00 '同意' >/dev/null
}

# case NOW ARGS...: `gongkai case` at NOW; prints "rc|stdout+stderr".
case_cmd() {
	local now=$1 out rc

	shift
	out=$(GONGKAI_NOW=$now ik_gk base case "$@" 2>&1); rc=$?
	printf '%s|%s' "$rc" "$out"
}

events() {
	ik_show base "$1" "' '.join(e['type'] for e in d['events'] if e['type'].startswith(('review', 'suit')))"
}

# --- an open case refuses them
got=$(ik_request base 2026-03-02T10:00:00+08:00 "张喆 <zhang.zhe@example.test>" "$FULL")
[ "$got" = "new-request GK-2026-0001" ] || { echo "Bail out! $got"; exit 1; }
r=$(case_cmd 2026-03-03T10:00:00+08:00 GK-2026-0001 REVIEW-FILED)
faults=$(ik_diff "exit" "${r%%|*}" 1 "recorded" "$(events GK-2026-0001)" ""
    has "$r" 'the case is still open' || echo "message: $r")
ik_tap "REVIEW-FILED on an open case is refused (exit 1, 'still open'), nothing recorded" "$faults"

# --- an answered case
answered 2026-03-09 GK-2026-0002
tap_is "$(ik_show base GK-2026-0002 'd["state"]')" answered "the second request is answered"
r=$(case_cmd 2026-04-01T10:00:00+08:00 GK-2026-0002 REVIEW-RESULT 撤销)
faults=$(ik_diff "exit" "${r%%|*}" 2 "recorded" "$(events GK-2026-0002)" ""
    has "$r" 'unknown result' || echo "message: $r")
ik_tap "REVIEW-RESULT with an unknown word is a usage error naming the words (exit 2), nothing recorded" "$faults"
r=$(case_cmd 2026-04-01T10:00:00+08:00 GK-2026-0002 复议结果 维持)
faults=$(ik_diff "exit" "${r%%|*}" 1 "recorded" "$(events GK-2026-0002)" ""
    has "$r" 'REVIEW-FILED first' || echo "message: $r")
ik_tap "a result before the reconsideration is recorded is refused (exit 1)" "$faults"
r=$(case_cmd 2026-04-01T10:00:00+08:00 GK-2026-0002 SUIT-FILED after-review)
faults=$(ik_diff "exit" "${r%%|*}" 1
    has "$r" 'needs REVIEW-FILED first' || echo "message: $r")
ik_tap "a suit after-review without a reconsideration is refused (exit 1)" "$faults"

r1=$(case_cmd 2026-04-01T10:00:00+08:00 GK-2026-0002 REVIEW-FILED 申请人向上海市人民政府申请复议)
r2=$(case_cmd 2026-06-01T10:00:00+08:00 GK-2026-0002 REVIEW-RESULT 纠正)
r3=$(case_cmd 2026-06-10T10:00:00+08:00 GK-2026-0002 SUIT-FILED after-review)
r4=$(case_cmd 2026-06-11T10:00:00+08:00 GK-2026-0002 REVIEW-FILED)
faults=$(ik_diff "exits" "${r1%%|*} ${r2%%|*} ${r3%%|*} ${r4%%|*}" "0 0 0 1" \
    "history" "$(events GK-2026-0002)" "review-filed review-corrected suit-filed-after-review"
    has "$r4" 'recorded already' || echo "second REVIEW-FILED: $r4"
    has "$(ik_show base GK-2026-0002 "[e for e in d['events'] if e['type'] == 'review-filed'][0]['detail']")" \
        '申请人申请行政复议。申请人向上海市人民政府申请复议' || echo "no note in the detail"
    has "$(ik_show base GK-2026-0002 "[e for e in d['events'] if e['type'] == 'review-filed'][0]['actor']")" \
        '(local)' || echo "the actor is not the local user")
ik_tap "REVIEW-FILED, REVIEW-RESULT 纠正, SUIT-FILED after-review are in show --json's history; a second REVIEW-FILED is refused" "$faults"

answered 2026-05-11 GK-2026-0003
r1=$(case_cmd 2026-07-01T10:00:00+08:00 GK-2026-0003 起诉)
r2=$(case_cmd 2026-07-02T10:00:00+08:00 GK-2026-0003 REVIEW-FILED)
r3=$(case_cmd 2026-08-02T10:00:00+08:00 GK-2026-0003 REVIEW-RESULT upheld)
r4=$(case_cmd 2026-08-03T10:00:00+08:00 GK-2026-0003 SUIT-RESULT 其他)
faults=$(ik_diff "exits" "${r1%%|*} ${r2%%|*} ${r3%%|*} ${r4%%|*}" "0 0 0 0" \
    "history" "$(events GK-2026-0003)" "suit-filed review-filed review-upheld suit-other")
ik_tap "起诉 (a direct suit), a reconsideration upheld and the suit's result 其他 are recorded" "$faults"

answered 2026-05-18 GK-2026-0004
r1=$(case_cmd 2026-07-01T10:00:00+08:00 GK-2026-0004 REVIEW-FILED)
tap_is "${r1%%|*}" 0 "a reconsideration without a result yet"

# --- a late correction notice allowed by the secretariat
got=$(ik_request base 2026-09-18T10:00:00+08:00 "李四 <lisi@example.test>" "$FULL")
[ "$got" = "new-request GK-2026-0005" ] || { echo "Bail out! $got"; exit 1; }
r=$(case_cmd 2026-09-30T09:30:00+08:00 GK-2026-0005 ALLOW-LATE-CORRECTION 申请人来电说明情况特殊)
tap_is "${r%%|*}" 0 "the secretariat allows a late correction notice"

# --- the report
ik_gk base report annual 2026 --format json >"$GK_DIR/report.json" 2>"$GK_DIR/report.err"; rc=$?
t4=$(json "' '.join('%s:%s' % (p, ','.join(str(d['table4'][p][k]) for k in ('upheld', 'corrected', 'other', 'pending', 'total'))) for p in ('review', 'suit_direct', 'suit_after_review'))" <"$GK_DIR/report.json")
faults=$(ik_diff "exit" "$rc" 0 "table4" "$t4" \
    "review:1,1,0,1,3 suit_direct:0,0,1,0,1 suit_after_review:0,0,0,1,1")
ik_tap "report --json table 四: reconsideration 维持 1 纠正 1 尚未审结 1 (3); suits direct 其他 1, after review pending 1" "$faults"
t3=$(json "[r['counts'][-1] for r in d['table3']['rows'] if r['key'] == 'disclose'][0]" <"$GK_DIR/report.json")
tap_is "$t3" 3 "table 三 still counts the three answers under 予以公开"
notes=$(json "' | '.join('%s %s' % (n['case'], n['detail']) for n in d['notes'])" <"$GK_DIR/report.json")
faults=$(has "$notes" 'GK-2026-0005 ' || echo "no note of GK-2026-0005: $notes"
    has "$notes" '理由：申请人来电说明情况特殊' || echo "no reason: $notes"
    has "$notes" 'GK-2026-0002' && echo "a case without leave is noted: $notes")
ik_tap "report --json notes: the late correction allowed on GK-2026-0005 with its reason, and nothing else" "$faults"
text=$(ik_gk base report annual 2026 2>&1)
faults=$(has "$text" '四、政府信息公开行政复议、行政诉讼情况' || echo "no table 四 heading"
    has "$text" '注：本年秘书处准许逾期发出补正告知 1 件' || echo "no note line"
    has "$text" '理由：申请人来电说明情况特殊' || echo "no reason")
ik_tap "the text report prints table 四 and the note with its reason" "$faults"
html=$(ik_gk base report annual 2026 --format html 2>&1)
faults=$(has "$html" 'data-cell="review.total">3<' || echo "no review total 3 in the HTML"
    has "$html" '申请人来电说明情况特殊' || echo "no note in the HTML")
ik_tap "the HTML report has table 四's cells and the note" "$faults"
tap_is "$(ik_gk base report annual 2027 --format json | json "d['table4']['review']['total']")" 0 \
    "a reconsideration counts in the year it was filed only (2027: 0)"

tap_done
exit $((TAP_FAILED > 0))
