#!/bin/bash
# publication.sh - items for publication by mail (doc/lifecycle.md, "Items
# for publication"; doc/mail.md): a handler's [主动公开] opens a proactive
# item at its responsible review with the 审核表 read from the body and
# its attachment kept; a 审核表 with faults gets one reply listing all of
# them and opens nothing; a [主动公开] from someone who is no handler is
# held in the pen (not-a-handler) and opens no request.  The proactive
# item goes through its chain with a REJECT and a REVISE to its page, its
# column's index and the Atom feed on disk, and `show` prints its 审核表;
# a [动态] with 重大事项 = 是 goes past the division's leader and, on
# 报主要负责人, the principal; a [业务] with a classification marking is
# held by the secrecy check until the approver's 保密审查通过.  `report
# annual` counts no item in table 三.  Mail goes in by SMTP, the clock
# pinned, the daemon run one cycle at a time, replies read from IMAP.
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

tap_plan 33
mailstack_start
mailstack_add_user zhuren@fao.example.test
gk_config >/dev/null
sed -i 's/^head = .*/&\nprincipal = zhuren@fao.example.test/' "$GK_CONF"
# The website's CMS: a loopback receiver that answers 503 to the first
# three POSTs, 200 after.
webhook_receiver 3
LOG=$WEBHOOK_LOG
printf '\n[publish]\ndir = %s/site\nwebhook = http://127.0.0.1:%s/cms/items\n' \
    "$GK_DIR" "$WEBHOOK_PORT" >>"$GK_CONF"
mkdir "$GK_DIR/site" && chown "$GK_USER:" "$GK_DIR/site"
SITE=$GK_DIR/site
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

# review WHO TEXT NOW [NEXT]: WHO answers their newest mail with TEXT;
# one cycle at NOW; NEXT, when given, is waited for a new mail.
review() {
	local want=

	[ -z "${4:-}" ] || want=$(n "$4")
	mail_reply plain "$1" "$2"
	cycle "$3"
	[ -z "$want" ] || imap_wait_count "$4" INBOX "$want" 10 >/dev/null
}
where() { gk show "$1" --json | json '"%s|%s" % (d["state"], (d["step"] or {}).get("role"))'; }

# The 主动公开 through its chain: responsible, supervising REJECTs it
# back to responsible, who REVISEs the text up; supervising, the
# approver: published.
review chushen@fao.example.test '同意' 2026-12-03T09:00:00+08:00 gkreview@fao.example.test
tap_is "$(where GK-2026-0002)" "review|supervising" "proactive: the responsible reviewer's approval goes to supervising review"
review gkreview@fao.example.test '驳回：请写明预算表的口径。' 2026-12-03T10:00:00+08:00 chushen@fao.example.test
tap_is "$(where GK-2026-0002)" "review|responsible" "a REJECT at supervising goes one level down, to responsible"
review chushen@fao.example.test '修改：本机关2026年度部门预算如下（口径：一般公共预算）。\n收入合计100万元。' 2026-12-03T11:00:00+08:00 gkreview@fao.example.test
mail_newest gkreview@fao.example.test
tap_like "$(mail_field body)" '口径：一般公共预算' "a REVISE sends the new text up to supervising"
review gkreview@fao.example.test '同意' 2026-12-03T12:00:00+08:00 shenpi@fao.example.test
tap_is "$(where GK-2026-0002)" "review|approver" "then to the approver"
tap_run "nothing is on the website before the final approval" test ! -e "$SITE/items/GK-2026-0002/index.html"
review shenpi@fao.example.test '同意' 2026-12-03T14:00:00+08:00
tap_is "$(where GK-2026-0002)" "published|None" "the approver's approval publishes the item"
page=$SITE/items/GK-2026-0002/index.html
tap_like "$(cat "$page" 2>&1)" '口径：一般公共预算' "its page is on disk with the revised text"
tap_run "with its attachment" cmp "$GK_DIR/预算表.txt" "$SITE/items/GK-2026-0002/预算表.txt"
tap_like "$(cat "$SITE/columns/财政预决算/index.html" 2>&1)" 'GK-2026-0002' "the column's index lists it"
tap_like "$(cat "$SITE/feed.atom" 2>&1)" '<id>file://[^<]*/items/GK-2026-0002/</id>' "and the Atom feed has its entry"

gk show GK-2026-0002 >"$GK_DIR/show.txt" 2>&1
sheet=$(python3 -c '
import re, sys
t = sys.stdin.read()
want = [r"审核表", r"标题：2026年度部门预算\n", r"拟发布栏目：财政预决算\n",
        r"主要内容：\n本机关2026年度部门预算如下（口径：一般公共预算）。",
        r"责任处室审核：.*同意 2026年12月3日",
        r"主管处室审核：.*驳回 2026年12月3日：请写明预算表的口径。",
        r"责任处室审核：.*修改后提交 2026年12月3日",
        r"审批：.*同意 2026年12月3日"]
miss = [w for w in want if not re.search(w, t)]
print("complete" if not miss else "missing %s" % miss)' <"$GK_DIR/show.txt")
tap_is "$sheet" complete "gongkai show prints the item's 审核表: its fields, the revised text, every review with its decision, comment and date"

# A [动态] with 重大事项 = 是: responsible, the division's leader,
# supervising ESCALATEs to the principal, who approves: published.
want=$(n chushen@fao.example.test)
submit "$HANDLER" '[动态] 主任会见来访代表团' \
    '日期：2026年12月3日\n处室：秘书处\n联系人：王经办\n标题：主任会见来访代表团\n拟发布栏目：工作动态\n重大事项：是\n主要内容：12月2日，主任会见了来访代表团。'
cycle 2026-12-03T15:00:00+08:00
imap_wait_count chushen@fao.example.test INBOX "$want" 10 >/dev/null
tap_is "$(gk show GK-2026-0003 --json | json '"%s|%s" % (d["kind"], d["step"]["role"])')" "news|responsible" "a [动态] opens a news item"
review chushen@fao.example.test '同意' 2026-12-03T16:00:00+08:00 fenguan@fao.example.test
tap_is "$(where GK-2026-0003)" "review|leader" "重大事项 = 是: the division's leader reviews next"
review fenguan@fao.example.test '同意' 2026-12-04T09:00:00+08:00 gkreview@fao.example.test
review gkreview@fao.example.test '报主要负责人' 2026-12-04T10:00:00+08:00 zhuren@fao.example.test
tap_is "$(where GK-2026-0003)" "review|principal" "supervising's 报主要负责人 (ESCALATE) sends it to the principal"
tap_run "not yet on the website" test ! -e "$SITE/items/GK-2026-0003/index.html"
review zhuren@fao.example.test '同意' 2026-12-04T11:00:00+08:00
tap_like "$(where GK-2026-0003)|$(cat "$SITE/feed.atom" 2>&1 | grep -c '<entry>')" '^published\|None\|2$' \
    "the principal's approval publishes it: the feed has both entries"

# A [业务] whose text carries a classification marking: supervising's
# approval is held by the secrecy check (alerts, the approver asked);
# nothing is published until the approver's 保密审查通过.
want=$(n chushen@fao.example.test)
submit "$HANDLER" '[业务] 签证办理须知' \
    '日期：2026年12月4日\n处室：秘书处\n联系人：王经办\n标题：签证办理须知\n拟发布栏目：办事指南\n重大事项：否\n主要内容：（内部资料）签证办理须知如下。'
cycle 2026-12-04T13:00:00+08:00
imap_wait_count chushen@fao.example.test INBOX "$want" 10 >/dev/null
review chushen@fao.example.test '同意' 2026-12-04T14:00:00+08:00 gkreview@fao.example.test
want=$(n mishu@fao.example.test)
review gkreview@fao.example.test '同意' 2026-12-04T15:00:00+08:00 shenpi@fao.example.test
imap_wait_count mishu@fao.example.test INBOX "$want" 10 >/dev/null
mail_newest mishu@fao.example.test
tap_is "$(where GK-2026-0004)|$(mail_field body | grep -c '内部资料')" "secrecy|approver|1" \
    "business: supervising's approval of a marked text is held by the secrecy check, the secretariat alerted"
tap_run "nothing of it reaches the publishing folder" test ! -e "$SITE/items/GK-2026-0004"
review shenpi@fao.example.test '保密审查通过：已核实，不涉密。' 2026-12-04T16:00:00+08:00
tap_like "$(where GK-2026-0004)|$(cat "$SITE/items/GK-2026-0004/index.html" 2>&1 | grep -c '签证办理须知')" '^published\|None\|[1-9]' \
    "the approver's 保密审查通过 publishes it"

gk report annual 2026 --format json >"$GK_DIR/report2.json" 2>>"$GK_DIR/report.err"
tap_is "$(t3 "$GK_DIR/report2.json")" "$r0" "report annual: table 三 unchanged by the published items"

# The CMS was told of the three items as they were published, and
# refused the first three calls (503).  A daemon that keeps running
# retries them at once when asked (SIGUSR1, `outbox flush`); stopped and
# started again, it finds every call accepted and posts nothing twice.
q() { webhook_q "$@"; }
# daemon NOW: a daemon that runs, started; poke: SIGUSR1 and a moment.
daemon() {
	GONGKAI_NOW=$1 "$GONGKAI" -c "$GK_CONF" run >>"$GK_DIR/daemon.log" 2>&1 &
	pid=$!
	gk_atexit "kill $pid 2>/dev/null"
	for i in $(seq 200); do	# connected: its signals are set
		grep -q "gongkai\[$pid\]: info: imap: connected" \
		    "$GK_DIR/daemon.log" && break
		sleep 0.05
	done
}
poke() {
	local before
	before=$(grep -c . "$LOG")
	kill -USR1 "$pid"
	for i in $(seq 100); do
		[ "$(grep -c . "$LOG")" -gt "$before" ] && break
		sleep 0.05
	done
	sleep 0.5
}
first=$(q '"|".join("%s %d" % (x["body"]["id"], x["status"]) for x in p)')
daemon 2026-12-04T17:00:00+08:00
poke
kill "$pid"; wait "$pid"
mid=$(grep -c . "$LOG")
daemon 2026-12-04T17:10:00+08:00
poke
kill "$pid"; wait "$pid"
tap_is "$first|$(q 'sum(x["status"] == 503 for x in p)')" \
    "GK-2026-0002 503|GK-2026-0003 503|GK-2026-0004 503|3" \
    "each item's call was made as it was published, and refused (503) three times in all"
tap_is "$(q '"|".join("%s=%d" % (i, sum(1 for x in p if x["body"]["id"] == i and x["status"] == 200)) for i in ("GK-2026-0002", "GK-2026-0003", "GK-2026-0004"))')|$mid|$(grep -c . "$LOG")|$(q 'all(len(set(x["key"] for x in p if x["body"]["id"] == i)) == 1 for i in set(x["body"]["id"] for x in p))')" \
    "GK-2026-0002=1|GK-2026-0003=1|GK-2026-0004=1|6|6|True" \
    "the running daemon, asked, posts each again and each is accepted once; restarted, it posts nothing more; one key per item"

# With require_dmarc, a handler's submission counts only with dmarc=pass
# from authserv_id, as a command does: without it, the pen.
sed -i 's/^require_dmarc = .*/require_dmarc = true/' "$GK_CONF"
dmarc() {
	python3 "$H/mkmail.py" plain "$HANDLER" "$OFFICE" "$1" \
	    '日期：2026年12月7日\n处室：秘书处\n联系人：王经办\n标题：通知\n拟发布栏目：通知公告\n重大事项：否\n主要内容：通知。' \
	    ${2:+--header "$2"} >"$GK_DIR/dmarc.eml"
	smtp_send "$HANDLER" "$OFFICE" "$GK_DIR/dmarc.eml" >/dev/null
	imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
}
dmarc '[业务] 通知（无验证）'
cycle 2026-12-07T09:00:00+08:00
tap_is "$(gk pen --json | json '"|".join(p["reason"] for p in d if "无验证" in p["subject"])')" \
    not-a-handler "require_dmarc: a handler's [业务] without dmarc=pass is held as not-a-handler"
dmarc '[业务] 通知（已验证）' 'Authentication-Results: mail.fao.example.test; dmarc=pass header.from=fao.example.test'
cycle 2026-12-07T10:00:00+08:00
tap_is "$(gk cases --json | json '"|".join(c["kind"] + " " + c["state"] for c in d if c["id"] == "GK-2026-0005")')" \
    "business review" "and with dmarc=pass from authserv_id it opens the item"

tap_done
