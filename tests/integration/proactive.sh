#!/bin/bash
# proactive.sh - the proactive clock and the catalogue (doc/lifecycle.md,
# "Items for publication"): a [主动公开] item is due 20 working days
# after its information was formed (信息形成日期), on the same calendar as
# requests; the sweep reminds the secretariat of it with publish_reminder
# at the remind_days thresholds, once each, never with a request's
# deadline_reminder; published after its due date it is marked late by
# the working days it is late; a 信息形成日期 after today is a fault of
# the 审核表.  [内网转外网] is a news item whose channel says so.  A
# request's answer flagged 增补主动公开 opens, once approved, a proactive
# item with the answer's text and attachments, due 20 working days after
# the answer, while the applicant's letter leaves the flag out; an answer
# that discloses nothing opens none.  Driven by `gongkai ingest` and
# sweep_tool with the clock pinned; results read through --json.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
H=$GK_HARNESS
HANDLER=jingban@fao.example.test
MISHU=mishu@fao.example.test
CITIZEN=zhang.zhe@example.test

tap_plan 25
ik_setup || tap_bail "cannot set up"
printf '\n[publish]\ndir = %s/site\n' "$GK_DIR" >>"$GK_DIR/conf.base"
mkdir "$GK_DIR/site" && chown "$GK_USER:" "$GK_DIR/site"

# submit NOW SUBJECT BODY [MKMAIL-ARGS...]: the handler's mail, ingested.
submit() { ik_submit base "$1" "$HANDLER" "${@:2}"; }
# form TITLE FORMED [KIND-FIELDS]: a complete 审核表 body.
form() {
	printf '日期：2026年9月18日\n处室：秘书处\n联系人：王经办\n标题：%s\n拟发布栏目：通知公告\n重大事项：否\n%s主要内容：%s的正文。' \
	    "$1" "${2:+信息形成日期：$2\n类别：其他\n}" "$1"
}
sweep() {
	GONGKAI_NOW=$1T09:00:00+08:00 \
	    "$GK_BUILDDIR/tests/integration/sweep_tool" "$GK_DIR/conf.base" run \
	    >>"$GK_DIR/sweep.log" 2>&1
}
# sent KIND: the mails of KIND queued so far.
sent() {
	ik_json base "sum(o['kind'] == '$1' for o in d)" outbox --json
}
# approve CASE NOW: responsible, supervising and the approver say 同意.
approve() {
	ik_reply base chushen@fao.example.test "$2" '同意' >/dev/null
	ik_reply base gkreview@fao.example.test "$2" '同意' >/dev/null
	ik_reply base shenpi@fao.example.test "$2" '同意' >/dev/null
}

# Formed Friday 2026-09-18: 20 working days over 国庆 (the make-up
# Sunday 09-20 and Saturday 10-10 counted) end 2026-10-22.
submit 2026-09-21T10:00:00+08:00 '[主动公开] 第三季度工作通知' \
    "$(form 第三季度工作通知 2026年9月18日)" >/dev/null
tap_is "$(ik_show base GK-2026-0001 '"|".join([d["kind"], d["state"], d["receipt_date"], d["due_date"]])')" \
    "proactive|review|2026-09-18|2026-10-22" \
    "a proactive item is due 20 working days after its 信息形成日期 (2026-09-18 → 2026-10-22)"
tap_is "$(ik_gk base calendar add 2026-09-18 20 2>&1)" 2026-10-22 \
    "the same as the calendar counts for a request"

sweep 2026-09-22
tap_is "$(sent publish_reminder)/$(sent deadline_reminder)" 0/0 \
    "2026-09-22, 21 working days left: no reminder"
sweep 2026-10-21
tap_is "$(sent publish_reminder)/$(sent deadline_reminder)" 1/0 \
    "2026-10-21, one working day left: one publish_reminder, no deadline_reminder"
ik_mail base publish_reminder "$MISHU" "$GK_DIR/mail/remind.eml"
body=$(ik_field body "$GK_DIR/mail/remind.eml")
tap_is "$(grep -c '^编号：GK-2026-0001$' <<<"$body")|$(grep -c '^发布期限：2026年10月22日$' <<<"$body")" "1|1" \
    "to the secretariat, naming the item and its publication due date"
sweep 2026-10-21
sweep 2026-10-22
tap_is "$(sent publish_reminder)/$(sent deadline_reminder)" 2/0 \
    "the second sweep of 10-21 adds none; 10-22, the due date, one more"

approve GK-2026-0001 2026-10-26T10:00:00+08:00
tap_is "$(ik_show base GK-2026-0001 'd["state"]')|$(ik_events base GK-2026-0001 late)" \
    "published|published 2 working days after its due date 2026-10-22" \
    "published on 2026-10-26 it is marked late by 2 working days"

# On time: no mark.
submit 2026-10-26T11:00:00+08:00 '[主动公开] 第四季度工作通知' \
    "$(form 第四季度工作通知 2026年10月23日)" >/dev/null
approve GK-2026-0002 2026-10-27T10:00:00+08:00
tap_is "$(ik_show base GK-2026-0002 '"%s|%s|%d" % (d["state"], d["due_date"], sum(e["type"] == "late" for e in d["events"]))')" \
    "published|2026-11-20|0" "published before its due date it carries no late mark"

# gongkai published: newest first, the late one marked, its page on disk,
# the chain as the 审核表 lists it.
tap_is "$(ik_json base '";".join("%s %s %s %s" % (p["id"], p["late"], p["published_at"][:10], p["column"]) for p in d)' published --json)" \
    "GK-2026-0002 False 2026-10-27 通知公告;GK-2026-0001 True 2026-10-26 通知公告" \
    "published --json lists both items, newest first, the late one marked"
tap_is "$(ik_json base '"|".join(["%s" % __import__("os").path.isfile(d[1]["page"])] + ["%s %s %s" % (r["level"], r["decision"], r["date"]) for r in d[1]["chain"]])' published --json)" \
    "True|责任处室审核 同意 2026年10月26日|主管处室审核 同意 2026年10月26日|审批 同意 2026年10月26日|保密审查 通过 2026年10月26日" \
    "with its page on disk and its chain: responsible, supervising, approver, the secrecy review"
tap_like "$(ik_gk base published 2>&1 | grep '^GK-2026-0001 ')" '^GK-2026-0001 +proactive +2026-10-26 +late +通知公告 +第三季度工作通知$' \
    "published prints a line an item, its chain below"

# Information formed tomorrow is a fault of the 审核表: nothing opens.
out=$(submit 2026-10-27T11:00:00+08:00 '[主动公开] 未来的通知' \
    "$(form 未来的通知 2026年10月28日)")
ik_mail base item_invalid "$HANDLER" "$GK_DIR/mail/invalid.eml"
tap_is "$(ik_field body "$GK_DIR/mail/invalid.eml" | grep -c '^信息形成日期：晚于今天。$')|$(ik_json base 'len(d)' cases --json)" \
    '1|2' "a 信息形成日期 after today is answered as a fault and opens nothing"

# [内网转外网]: a news item that came from the intranet; its 审核表 says so.
submit 2026-10-27T12:00:00+08:00 '[内网转外网] 代表团来访' "$(form 代表团来访)" >/dev/null
submit 2026-10-27T12:10:00+08:00 '[动态] 主任出席会议' "$(form 主任出席会议)" >/dev/null
tap_is "$(ik_json base '"|".join("%s %s" % (c["kind"], c["channel"]) for c in d if c["id"] in ("GK-2026-0003", "GK-2026-0004"))' cases --json)" \
    "news intranet|news email" "[内网转外网] opens a news item of channel intranet, [动态] of channel email"
tap_like "$(ik_gk base show GK-2026-0003 2>&1)" '内网转外网动态信息' \
    "and its 审核表 names it 内网转外网动态信息"

# 增补主动公开: the approved answer opens a proactive item for the
# catalogue, with its text and attachment; the applicant never sees the
# flag.
printf '2025年度因公出国（境）团组名单\n' >"$GK_DIR/名单.txt"
ik_request base 2026-10-19T10:00:00+08:00 "张喆 <$CITIZEN>" \
    '姓名：张喆\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件' >/dev/null
ik_reply base "$HANDLER" 2026-10-20T10:00:00+08:00 \
    'ANSWER disclose\n经查，2025年度因公出国（境）团组共12个，名单见附件。\n增补主动公开：政策文件' \
    plain --attach "$GK_DIR/名单.txt" >/dev/null
approve GK-2026-0005 2026-10-26T14:00:00+08:00
ik_mail base answer_disclose "$CITIZEN" "$GK_DIR/mail/answer.eml"
body=$(ik_field body "$GK_DIR/mail/answer.eml")
tap_is "$(grep -c '团组共12个' <<<"$body")|$(grep -c '增补主动公开' <<<"$body")" "1|0" \
    "the applicant's answer has the text without the 增补主动公开 line"
tap_is "$(ik_show base GK-2026-0006 '"|".join([d["kind"], d["state"], d["step"]["role"], d["receipt_date"], d["due_date"], d["subject"]])')" \
    "proactive|review|responsible|2026-10-26|2026-11-23|2025年度因公出国（境）团组情况" \
    "the approval opens a proactive item titled as the request, at responsible review, due 20 working days after the answer"
tap_like "$(ik_gk base show GK-2026-0006 2>&1)" '拟发布栏目：政策文件' "in the column the flag names"
ik_mail base review_request chushen@fao.example.test "$GK_DIR/mail/review.eml"
tap_is "$(ik_field attachments "$GK_DIR/mail/review.eml" | grep -c '名单.txt')|$(ik_field body "$GK_DIR/mail/review.eml" | grep -c '团组共12个')" \
    "1|1" "its review mail carries the answer's text and attachment"
tap_like "$(ik_events base GK-2026-0005 catalogue)" 'item GK-2026-0006 opened' \
    "the request's history records the item it opened"

# An answer that discloses nothing opens no item, and says why.
ik_request base 2026-10-27T10:00:00+08:00 "张喆 <$CITIZEN>" \
    '姓名：张喆\n所需信息：内部审批意见\n获取方式：电子邮件' >/dev/null
ik_reply base "$HANDLER" 2026-10-27T11:00:00+08:00 \
    'ANSWER withhold:internal-affairs\n属于内部事务信息。\n增补主动公开' >/dev/null
approve GK-2026-0007 2026-10-28T10:00:00+08:00
tap_is "$(ik_json base 'len(d)' cases --json)|$(ik_events base GK-2026-0007 catalogue | grep -c 'no item opened')" \
    "7|1" "a withholding answer flagged 增补主动公开 opens no item; its history says so"

# The annual report's table 二 counts the year's published proactive
# items by the 类别 of their 审核表.
submit 2026-10-28T11:00:00+08:00 '[主动公开] 某某管理办法' \
    '日期：2026年10月28日\n处室：秘书处\n联系人：王经办\n标题：某某管理办法\n拟发布栏目：政策文件\n重大事项：否\n信息形成日期：2026年10月28日\n类别：规章\n主要内容：第一条 为了规范……' >/dev/null
approve GK-2026-0008 2026-10-29T10:00:00+08:00
tap_is "$(ik_json base '"%d|%s" % (d["proactive"]["total"], "|".join("%s=%d" % (c["category"], c["count"]) for c in d["proactive"]["categories"]))' report annual 2026 --format json)" \
    "3|其他=2|规章=1" "report annual: the published proactive items by their 类别 (the catalogue item, unpublished, not counted)"

# REPEAL (废止): a published 规章 leaves 现行有效 for 本年废止, once; an
# item that is no 规章 or 行政规范性文件, or no item, cannot take it.
rules() { ik_json base '"|".join(str(d["table2"]["rules"][k]) for k in ("issued", "repealed", "in_force"))' report annual 2026 --format json; }
before=$(rules)
ik_gk base case GK-2026-0008 REPEAL 被新办法替代 >/dev/null 2>&1; ok1=$?
ik_gk base case GK-2026-0008 废止 >"$GK_DIR/repeal.err" 2>&1; again=$?
ik_gk base case GK-2026-0005 REPEAL >/dev/null 2>&1; notitem=$?
tap_is "$before|$ok1|$(rules)|$again|$notitem|$(grep -c 'repealed already' "$GK_DIR/repeal.err")|$(ik_events base GK-2026-0008 repealed | grep -c '废止（规章）。被新办法替代')" \
    "1|0|1|0|1|1|0|1|1|1|1" \
    "REPEAL: table 二's 规章 goes from 1 issued, 1 in force to 1 repealed, 0 in force; a second REPEAL and one on a request are refused; the history says why"

# Table 二's figures from other systems: `report set`, validated, every
# entry kept and the latest counting, with who entered it.
ik_gk base report set 2026 licensing 12 >/dev/null 2>&1
ik_gk base report set 2026 licensing 15 >/dev/null 2>&1
ik_gk base report set 2026 charges 3.5 >/dev/null 2>&1
ik_gk base report set 2026 charges 1.23456 >/dev/null 2>&1; bad1=$?
ik_gk base report set 2026 permits 3 >/dev/null 2>&1; bad2=$?
ik_gk base report set 2026 penalty -1 >/dev/null 2>&1; bad3=$?
tap_is "$bad1|$bad2|$bad3" "2|2|2" "report set refuses 5 decimals of 万元, an unknown key and a sign"
tap_is "$(ik_json base '"|".join("%s=%s" % (f["key"], f["value"]) for f in d["table2"]["figures"])' report annual 2026 --format json)|$(ik_json base 'all(f["set_by"] for f in d["table2"]["figures"] if f["value"])' report annual 2026 --format json)" \
    "licensing=15|penalty=None|enforcement=None|charges=3.5|True" \
    "report annual: the latest figure of each key, who entered it, the rest not entered"
tap_like "$(ik_gk base report annual 2026 --format html 2>&1 | grep 'id="figure-charges"')" '<td class="l">行政事业性收费</td><td class="n" colspan="3" data-cell="charges" title="[^"]* 录入">3.5</td>' \
    "and the HTML has the row"
