#!/bin/bash
# publication.sh - items for publication by mail (doc/lifecycle.md, "Items
# for publication"; doc/mail.md): a handler's [主动公开] opens a proactive
# item at its responsible review with the 审核表 read from the body and
# its attachment kept; a 审核表 with faults gets one reply listing all of
# them and opens nothing; a [主动公开] from someone who is no handler is
# held in the pen (not-a-handler) and opens no request; `report annual`
# counts no item in table 三.  Mail goes in by SMTP, the clock pinned,
# the daemon run one cycle at a time, replies read back from IMAP.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
HANDLER=jingban@fao.example.test
CITIZEN=citizen@example.test

cycle() { GONGKAI_NOW=$1 gk run --once >>"$GK_DIR/daemon.log" 2>&1; }
# n USER: USER's INBOX count now plus one.
n() { echo $(($(imap_count "$1" INBOX) + 1)); }
# submit FROM SUBJECT BODY [ATTACH]: a new mail to the office by SMTP
# (FROM may have a name: the envelope takes the address).
submit() {
	local env=${1##*<}

	python3 "$H/mkmail.py" plain "$1" "$OFFICE" "$2" "$3" \
	    ${4:+--attach "$4"} >"$GK_DIR/submit.eml"
	smtp_send "${env%>}" "$OFFICE" "$GK_DIR/submit.eml" >/dev/null
	imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
}

tap_plan 9
mailstack_start
mailstack_add_user zhuren@fao.example.test
gk_config >/dev/null
sed -i 's/^head = .*/&\nprincipal = zhuren@fao.example.test/' "$GK_CONF"
printf '\n[publish]\ndir = %s/site\n' "$GK_DIR" >>"$GK_CONF"
gk init >/dev/null 2>&1

# A request first: the report's table 三 is to count it and no item.
python3 "$H/mkmail.py" plain "张喆 <zhang.zhe@example.test>" "$OFFICE" "政府信息公开申请" \
    '姓名：张喆\n联系电话：13900000001\n所需信息：2025年度部门预算\n获取方式：电子邮件' \
    >"$GK_DIR/request.eml"
smtp_send zhang.zhe@example.test "$OFFICE" "$GK_DIR/request.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
cycle 2026-12-01T09:00:00+08:00
gk report annual 2026 --format json >"$GK_DIR/report0.json" 2>>"$GK_DIR/report.err"

# A 审核表 with faults: one reply lists them all, nothing opens.
want=$(n "$HANDLER")
submit "$HANDLER" '[主动公开] 2026年度部门预算' '日期：2026年12月2日\n处室：秘书处\n标题：2026年度部门预算\n重大事项：也许\n主要内容：预算说明。'
cycle 2026-12-02T09:00:00+08:00
imap_wait_count "$HANDLER" INBOX "$want" 10 >/dev/null
mail_newest "$HANDLER"
body=$(mail_field body)
faults=$(python3 -c '
import sys
b = sys.stdin.read()
want = ["联系人", "拟发布栏目", "重大事项", "信息形成日期", "类别"]
print("all" if all(w in b for w in want) else "missing %s" % [w for w in want if w not in b])' <<<"$body")
tap_is "$faults" all "one reply lists every fault of the 审核表 (联系人, 拟发布栏目, 重大事项, 信息形成日期, 类别)"
tap_is "$(gk cases --json | json 'len(d)')" 1 "and opens no case"

# The handler's complete [主动公开], with an attachment: an item at the
# responsible review, its division the handler's.
printf '附件：2026年度部门预算表\n' >"$GK_DIR/预算表.txt"
want=$(n chushen@fao.example.test)
submit "Jing Ban <JingBan@FAO.example.test>" '[主动公开] 2026年度部门预算' \
    '日期：2026年12月2日\n处室：秘书处\n联系人：王经办\n标题：2026年度部门预算\n拟发布栏目：财政预决算\n重大事项：否\n信息形成日期：2026年12月1日\n类别：其他\n主要内容：本机关2026年度部门预算如下。\n收入合计100万元。' \
    "$GK_DIR/预算表.txt"
cycle 2026-12-02T10:00:00+08:00
js=$(gk show GK-2026-0002 --json)
tap_is "$(json '"|".join([d["kind"], d["state"], d["step"]["role"], d["step"]["assignee"], d["division"], d["subject"]])' <<<"$js")" \
    "proactive|review|responsible|chushen@fao.example.test|秘书处|2026年度部门预算" \
    "a handler's [主动公开] (From compared without case) opens a proactive item at the responsible review"
imap_wait_count chushen@fao.example.test INBOX "$want" 10 >/dev/null
mail_newest chushen@fao.example.test
tap_like "$(mail_field body)" '收入合计100万元' "the responsible reviewer is asked, with the item's text"
tap_like "$(mail_field body)" '预算表.txt' "and its attachment, kept"

# The same from someone who is no handler: the pen, never a request.
submit "$CITIZEN" '[主动公开] 假冒的信息' \
    '日期：2026年12月2日\n处室：秘书处\n联系人：某人\n标题：假冒的信息\n拟发布栏目：通知公告\n重大事项：否\n信息形成日期：2026年12月1日\n类别：其他\n主要内容：不应发布。'
cycle 2026-12-02T11:00:00+08:00
tap_is "$(gk pen --json | json '"|".join("%s %s" % (p["from"], p["reason"]) for p in d)')" \
    "$CITIZEN not-a-handler" "a [主动公开] from a non-handler is held in the pen: not-a-handler"
tap_is "$(gk cases --json | json '",".join(sorted(c["kind"] for c in d))')" "proactive,request" \
    "and opens no request"

gk report annual 2026 --format json >"$GK_DIR/report1.json" 2>>"$GK_DIR/report.err"
t3() { json '"|".join("%s=%d" % (r["key"], r["counts"][-1]) for r in d["table3"]["rows"])' <"$1"; }
r0=$(t3 "$GK_DIR/report0.json")
tap_like "$(t3 "$GK_DIR/report1.json")" "^new=1\|.+" "report annual: table 三 has its rows"
tap_is "$(t3 "$GK_DIR/report1.json")" "$r0" \
    "and is the same with the item as before it"

tap_done
