#!/bin/bash
# periods.sh - the law's time limits enforced (doc/lifecycle.md, "Time
# limits the law enforces"): `check` refuses an unlawful period or a
# missing [fee] payment_method, naming the article; a fee notice states
# how to pay.  Driven by `gongkai ingest` with the clock pinned.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
C=GK-2026-0001
CITIZEN=zhang.zhe@example.test
HANDLER=jingban@fao.example.test
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

tap_plan 8

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

tap_done
exit $((TAP_FAILED > 0))
