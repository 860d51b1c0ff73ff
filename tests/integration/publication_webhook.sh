#!/bin/bash
# publication_webhook.sh - the website's CMS told once of each published
# item ([publish] webhook; doc/lifecycle.md, "Items for publication"):
# a loopback receiver logs every POST and answers 503 to the first three.
# A proactive item (through a REJECT and a REVISE), a news item (重大事项
# = 是: the division's leader; 报主要负责人: the principal) and a business
# item go through their chains by `gongkai ingest` with the clock pinned;
# nothing is posted before an item's final approval; each `gongkai
# outbox flush` is a fresh process (a restart) that finds the queued call
# in the database and posts it again with the same key, until the 200;
# afterwards every item has exactly one accepted POST, the body says what
# the page says, and `published --json` and the history show the calls.
# An item whose DOCX or PDF attachment carries a classification marking
# is held by the secrecy check: no page, no POST, until the approver's
# 保密审查通过.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
H=$GK_HARNESS
HANDLER=jingban@fao.example.test

tap_plan 20
ik_setup || tap_bail "cannot set up"
webhook_receiver 3
LOG=$WEBHOOK_LOG
sed -i 's/^head = .*/&\nprincipal = zhuren@fao.example.test/' "$GK_DIR/conf.base"
printf '\n[publish]\ndir = %s/site\nwebhook = http://127.0.0.1:%s/cms/items\nbase_url = https://www.fao.example.test/xxgk/\n' \
    "$GK_DIR" "$WEBHOOK_PORT" >>"$GK_DIR/conf.base"
mkdir "$GK_DIR/site" && chown "$GK_USER:" "$GK_DIR/site"
SITE=$GK_DIR/site

# submit NOW SUBJECT BODY [MKMAIL-ARGS...]: the handler's mail, ingested.
submit() { ik_submit base "$1" "$HANDLER" "${@:2}"; }
# flush NOW: `gongkai outbox flush`, a fresh process (mail has nowhere to
# go here: only its webhook calls matter).
flush() {
	GONGKAI_NOW=$1 ik_gk base outbox flush >>"$GK_DIR/flush.log" 2>&1
}
posts() { grep -c . "$LOG"; }
# q EXPR: a Python expression over the POSTs logged, as p (a list).
q() { webhook_q "$@"; }
R=chushen@fao.example.test S=gkreview@fao.example.test
A=shenpi@fao.example.test L=fenguan@fao.example.test P=zhuren@fao.example.test

printf '附件：2026年度部门预算表\n' >"$GK_DIR/预算表.txt"
submit 2026-12-02T10:00:00+08:00 '[主动公开] 2026年度部门预算' \
    '日期：2026年12月2日\n处室：秘书处\n联系人：王经办\n标题：2026年度部门预算\n拟发布栏目：财政预决算\n重大事项：否\n信息形成日期：2026年12月1日\n类别：其他\n主要内容：本机关2026年度部门预算如下。' \
    --attach "$GK_DIR/预算表.txt" >/dev/null
ik_reply base "$R" 2026-12-02T11:00:00+08:00 '同意' >/dev/null
ik_reply base "$S" 2026-12-02T12:00:00+08:00 '驳回：请写明口径。' >/dev/null
ik_reply base "$R" 2026-12-02T13:00:00+08:00 '修改：本机关2026年度部门预算如下（口径：一般公共预算）。' >/dev/null
ik_reply base "$S" 2026-12-02T14:00:00+08:00 '同意' >/dev/null
flush 2026-12-02T14:30:00+08:00
tap_is "$(ik_show base GK-2026-0001 '"%s|%s" % (d["state"], d["step"]["role"])')|$(posts)" \
    "review|approver|0" "before the final approval: at the approver, nothing posted"

ik_reply base "$A" 2026-12-02T15:00:00+08:00 '同意' >/dev/null
tap_is "$(ik_show base GK-2026-0001 'd["state"]')|$(posts)" "published|0" \
    "published: the call is queued with it, not made inside the decision"

# The receiver answers 503 three times: each flush (a new process) posts
# the same call again, the fourth is accepted; a fifth flush posts nothing.
for t in 15:01 15:02 15:03 15:04 15:05; do flush "2026-12-02T$t:00+08:00"; done
tap_is "$(q '",".join(str(x["status"]) for x in p)')" "503,503,503,200" \
    "four POSTs across four processes: 503, 503, 503, then 200; none after it"
tap_is "$(q 'len(set(x["key"] for x in p)) == 1 and p[0]["key"].startswith("GK-2026-0001-")')|$(q 'set((x["path"], x["type"]) for x in p) == {("/cms/items", "application/json")}')" \
    "True|True" "every attempt carries the same Idempotency-Key, JSON to the configured URL"
sum=$(sha256sum "$GK_DIR/预算表.txt" | cut -d' ' -f1)
tap_is "$(q '"|".join([p[3]["body"][k] for k in ("id", "kind", "title", "column", "page")] + [p[3]["body"]["text"][-12:]] + ["%s %s" % (a["name"], a["sha256"]) for a in p[3]["body"]["attachments"]])')" \
    "GK-2026-0001|proactive|2026年度部门预算|财政预决算|items/GK-2026-0001/index.html|（口径：一般公共预算）。|预算表.txt $sum" \
    "the body: id, kind, title, column, page, the revised text, the attachment and its SHA-256"
tap_is "$(q '"|".join("%s %s" % (r["level"], r["decision"]) for r in p[3]["body"]["chain"])')" \
    "责任处室审核 同意|主管处室审核 驳回|责任处室审核 修改后提交|主管处室审核 同意|审批 同意|保密审查 通过" \
    "and the chain, REJECT and REVISE included, and the secrecy review passed"
tap_run "the page the body names is on disk" test -f "$SITE/items/GK-2026-0001/index.html"
tap_is "$(q 'p[3]["body"]["url"]')|$(grep -c '<id>https://www.fao.example.test/xxgk/items/GK-2026-0001/</id>' "$SITE/feed.atom")" \
    "https://www.fao.example.test/xxgk/items/GK-2026-0001/|1" \
    "[publish] base_url: the body's url and the feed's entry are the website's address"
tap_is "$(ik_json base '"%s %s" % (d[0]["webhook"]["state"], d[0]["webhook"]["attempts"])' published --json)|$(ik_events base GK-2026-0001 webhook | grep -c '^attempt [123] .*HTTP 503')|$(ik_events base GK-2026-0001 webhook | grep -c '^accepted by .* (HTTP 200) at attempt 4')" \
    "accepted 4|3|1" "published --json: accepted after 4 attempts; the history has each attempt"

# A news item with 重大事项 = 是 (the leader) escalated to the principal,
# and a business item: one POST each, accepted at once.
submit 2026-12-03T09:00:00+08:00 '[动态] 主任会见来访代表团' \
    '日期：2026年12月3日\n处室：秘书处\n联系人：王经办\n标题：主任会见来访代表团\n拟发布栏目：工作动态\n重大事项：是\n主要内容：12月2日，主任会见了来访代表团。' >/dev/null
ik_reply base "$R" 2026-12-03T10:00:00+08:00 '同意' >/dev/null
ik_reply base "$L" 2026-12-03T11:00:00+08:00 '同意' >/dev/null
ik_reply base "$S" 2026-12-03T12:00:00+08:00 '报主要负责人' >/dev/null
flush 2026-12-03T12:30:00+08:00
tap_is "$(ik_show base GK-2026-0002 '"%s|%s" % (d["state"], d["step"]["role"])')|$(posts)" \
    "review|principal|4" "news: escalated to the principal; nothing posted for it yet"
ik_reply base "$P" 2026-12-03T13:00:00+08:00 '同意' >/dev/null
submit 2026-12-03T14:00:00+08:00 '[业务] 签证办理须知' \
    '日期：2026年12月3日\n处室：秘书处\n联系人：王经办\n标题：签证办理须知\n拟发布栏目：办事指南\n重大事项：否\n主要内容：签证办理须知如下。' >/dev/null
ik_reply base "$R" 2026-12-03T15:00:00+08:00 '同意' >/dev/null
ik_reply base "$S" 2026-12-03T16:00:00+08:00 '同意' >/dev/null
flush 2026-12-03T16:30:00+08:00
flush 2026-12-03T16:31:00+08:00
tap_is "$(q '"|".join("%s %s %d" % (x["body"]["id"], x["body"]["kind"], x["status"]) for x in p[4:])')" \
    "GK-2026-0002 news 200|GK-2026-0003 business 200" \
    "the news and the business item: one POST each, accepted"
tap_is "$(q '"|".join(r["level"] for r in p[4]["body"]["chain"])')" \
    "责任处室审核|分管办领导审核|主管处室审核|主要负责人|保密审查" \
    "the news item's chain: the leader (重大) and the principal (报主要负责人)"
tap_is "$(q '"|".join("%s=%d" % (i, sum(1 for x in p if x["body"]["id"] == i and x["status"] == 200)) for i in sorted(set(x["body"]["id"] for x in p)))')" \
    "GK-2026-0001=1|GK-2026-0002=1|GK-2026-0003=1" \
    "exactly one accepted POST per item"

# Markings inside attachments: a DOCX (机密) and a PDF (秘密★).  The
# supervising approval is held by the secrecy check; nothing reaches the
# website or the CMS until the approver's 保密审查通过.
DOCS=$GK_SRCDIR/tests/data/secrecy
n=4
for f in secret.docx secret.pdf; do
	id=GK-2026-000$n
	submit 2026-12-04T09:00:00+08:00 "[业务] 附件材料$n" \
	    "日期：2026年12月4日\n处室：秘书处\n联系人：王经办\n标题：附件材料$n\n拟发布栏目：办事指南\n重大事项：否\n主要内容：材料见附件。" \
	    --attach "$DOCS/$f" >/dev/null
	ik_reply base "$R" 2026-12-04T10:00:00+08:00 '同意' >/dev/null
	ik_reply base "$S" 2026-12-04T11:00:00+08:00 '同意' >/dev/null
	flush 2026-12-04T11:30:00+08:00
	tap_is "$(ik_show base "$id" '"%s|%s" % (d["state"], d["step"]["role"])')|$(test -e "$SITE/items/$id" && echo page || echo no-page)|$(q "sum(1 for x in p if x['body']['id'] == '$id')")|$(ik_events base "$id" secrecy-hold | grep -c "$f")" \
	    "secrecy|approver|no-page|0|1" "$f: a marking inside it holds the item: no page, no POST, the hold names the file"
	ik_reply base "$A" 2026-12-04T12:00:00+08:00 '保密审查通过：已核实，不涉密。' >/dev/null
	flush 2026-12-04T12:30:00+08:00
	tap_is "$(ik_show base "$id" 'd["state"]')|$(test -f "$SITE/items/$id/$f" && echo file)|$(q "sum(1 for x in p if x['body']['id'] == '$id' and x['status'] == 200)")" \
	    "published|file|1" "$f: after 保密审查通过 the page with the file, and one accepted POST"
	n=$((n + 1))
done

# The 审核表 archived when published: `show --html` prints that copy,
# with every review and the secrecy review; an altered copy is refused.
ik_gk base show GK-2026-0001 --html >"$GK_DIR/sheet1.html" 2>&1
tap_is "$(python3 -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
want = ["<html", "2026年度部门预算", "责任处室审核", "主管处室审核", "审批",
        "驳回", "修改后提交", "请写明口径", "2026年12月2日",
        "保密审查", "系统检查", "正文及附件未见密级标识"]
miss = [w for w in want if w not in t]
print("complete" if not miss else "missing %s" % miss)' "$GK_DIR/sheet1.html")" complete \
    "show --html prints the archived 审核表: every review, its comment and date, and 保密审查 passed"
ik_gk base show GK-2026-0004 --html >"$GK_DIR/sheet4.html" 2>&1
tap_is "$(grep -c '保密审查通过' "$GK_DIR/sheet4.html")|$(grep -c '系统检查' "$GK_DIR/sheet4.html")" "1|0" \
    "a cleared item's 审核表 has the approver's 保密审查通过 row instead"
arch=$(ik_events base GK-2026-0001 form-archived | cut -d' ' -f1)
printf '<!-- altered -->' >>"$GK_DIR/spool/$arch"
out=$(ik_gk base show GK-2026-0001 --html 2>&1 >/dev/null)
tap_is "$?|$(grep -c 'missing or altered' <<<"$out")" "1|1" "an altered archive is refused, not printed"
