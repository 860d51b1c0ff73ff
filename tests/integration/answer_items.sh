#!/bin/bash
# answer_items.sh - an answer of several items, several outcomes (条例
# Arts. 36, 37; doc/mail.md, "Several items"): the handler's ANSWER lists
# two numbered items with their TYPEs, the chain approves, and the
# applicant's letter in IMAP answers both in order, each with the article
# its TYPE relies on, and gives the remedy clause once, reconsideration
# first since the second item withholds; `report annual` counts the case
# once, under the first item's TYPE; an English request gets the same
# letter in English.  Mail goes in by SMTP, --now pinned, the daemon run
# one cycle at a time.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test

cycle() { GONGKAI_NOW=$1 gk run --once >>"$GK_DIR/daemon.log" 2>&1; }

tap_plan 11
mailstack_start
gk_config >/dev/null
gk init >/dev/null 2>&1

python3 "$H/mkmail.py" plain "张喆 <$CITIZEN>" "$OFFICE" "政府信息公开申请" \
    '姓名：张喆\n证件类型：身份证\n证件号码：310101199001010000\n联系电话：13900000001\n所需信息：1. 2025年度因公出国（境）团组名单；2. 各团组的内部审批意见\n获取方式：电子邮件' \
    >"$GK_DIR/request.eml"
smtp_send "$CITIZEN" "$OFFICE" "$GK_DIR/request.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
cycle 2026-09-18T10:00:00+08:00
imap_wait_count jingban@fao.example.test INBOX 1 10 >/dev/null

# The handler answers two items; an unknown TYPE in an item is helped.
mail_reply plain jingban@fao.example.test 'ANSWER\n1. disclosed 名单见附件。'
cycle 2026-09-21T09:00:00+08:00
imap_wait_count jingban@fao.example.test INBOX 2 10 >/dev/null
mail_newest jingban@fao.example.test
tap_like "$(mail_field body)" '第1项“disclosed”不是可用的答复类型' \
    "an item whose TYPE is unknown gets a help reply naming it"
tap_is "$(gk show GK-2026-0001 --json | json 'd["state"]')" received "and nothing is applied"

imap_fetch jingban@fao.example.test INBOX "$(imap_uids jingban@fao.example.test INBOX | head -n 1)" >"$GK_DIR/first.eml"
to=$(mail_field reply-to "$GK_DIR/first.eml")
python3 "$H/mkmail.py" plain jingban@fao.example.test "$to" \
    "Re: $(mail_field subject "$GK_DIR/first.eml")" \
    'ANSWER\n1. disclose 2025年度因公出国（境）团组共12个，名单如下：\n甲团组、乙团组等。\n2. withhold:internal-affairs 各团组的内部审批意见属于内部事务信息。' \
    --in-reply-to "$(mail_field message-id "$GK_DIR/first.eml")" >"$GK_DIR/reply.eml"
smtp_send jingban@fao.example.test "$to" "$GK_DIR/reply.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
cycle 2026-09-21T10:00:00+08:00
js=$(gk show GK-2026-0001 --json)
tap_is "$(json '"%s|%s" % (d["state"], d["answer_type"])' <<<"$js")" "review|disclose" \
    "the answer of two items goes to review with the first item's TYPE"

imap_wait_count chushen@fao.example.test INBOX 1 10 >/dev/null
mail_reply plain chushen@fao.example.test '同意'
cycle 2026-09-22T10:00:00+08:00
imap_wait_count gkreview@fao.example.test INBOX 1 10 >/dev/null
mail_reply plain gkreview@fao.example.test '同意'
cycle 2026-09-23T10:00:00+08:00
imap_wait_count shenpi@fao.example.test INBOX 1 10 >/dev/null
mail_reply plain shenpi@fao.example.test '同意'
cycle 2026-09-24T10:00:00+08:00
imap_wait_count "$CITIZEN" INBOX 2 10 >/dev/null
mail_newest "$CITIZEN"
body=$(mail_field body)
tap_like "$(mail_field subject)" '^\[GK-2026-0001\] 政府信息公开申请答复书' "the applicant receives the answer"
order=$(python3 -c '
import sys
b = sys.stdin.read()
keys = ["1. 关于您申请的第1项：根据《条例》第三十六条第（二）项的规定，予以公开。",
        "2025年度因公出国（境）团组共12个", "甲团组、乙团组等。",
        "2. 关于您申请的第2项：根据《条例》第十六条第一款和第三十六条第（三）项的规定，不予公开（属于内部事务信息）。",
        "各团组的内部审批意见属于内部事务信息。", "应当先向行政复议机关申请行政复议"]
pos = [b.find(k) for k in keys]
print("in order" if -1 not in pos and pos == sorted(pos) else "got %s" % pos)' <<<"$body")
tap_is "$order" "in order" "the letter answers item 1 (disclose, Art. 36(2)) then item 2 (withhold, Arts. 16 para. 1, 36(3)), then the remedy clause"
tap_is "$(grep -o '60日内' <<<"$body" | wc -l)" 1 "the remedy clause is given once"
tap_like "$body" '自收到行政复议决定书之日起15日内' "reconsideration first, since an item withholds"

gk report annual 2026 --format json >"$GK_DIR/report.json" 2>"$GK_DIR/report.err"
got=$(json '"|".join("%s=%d" % (r["key"], r["counts"][-1]) for r in d["table3"]["rows"] if r["key"] in ("disclose", "withhold:internal-affairs", "total"))' <"$GK_DIR/report.json")
tap_is "$got" "disclose=1|withhold:internal-affairs=0|total=1" \
    "report: the case counts once, under the first item's TYPE (予以公开)"
tap_is "$(gk show GK-2026-0001 --json | json '"%s|%s" % (d["state"], d["channel"])')" "answered|email" \
    "the case is answered; show --json gives its channel: email"

# An English request: the Chinese letter, which is the operative
# document, then the same letter in English as a courtesy translation
# (items_answer.en.txt), each item's article and decision in English with
# the Chinese in brackets, then the English remedy clause.
EN=citizen@example.test
# n USER: USER's INBOX count now plus one.
n() { echo $(($(imap_count "$1" INBOX) + 1)); }
python3 "$H/mkmail.py" plain "John Smith <$EN>" "$OFFICE" "Request for government information" \
    'Name: John Smith\nPhone: 13900000002\nI request: 1. the list of the delegations sent abroad in 2025; 2. the internal approvals of each delegation.' \
    >"$GK_DIR/request-en.eml"
want=$(n jingban@fao.example.test)
smtp_send "$EN" "$OFFICE" "$GK_DIR/request-en.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
cycle 2026-09-24T11:00:00+08:00
imap_wait_count jingban@fao.example.test INBOX "$want" 10 >/dev/null
mail_reply plain jingban@fao.example.test 'ANSWER\n1. disclose Twelve delegations: A, B and others.\n2. withhold:internal-affairs The approvals are internal affairs.'
want=$(n chushen@fao.example.test)
cycle 2026-09-24T11:30:00+08:00
imap_wait_count chushen@fao.example.test INBOX "$want" 10 >/dev/null
mail_reply plain chushen@fao.example.test '同意'
want=$(n gkreview@fao.example.test)
cycle 2026-09-24T12:00:00+08:00
imap_wait_count gkreview@fao.example.test INBOX "$want" 10 >/dev/null
mail_reply plain gkreview@fao.example.test '同意'
want=$(n shenpi@fao.example.test)
cycle 2026-09-24T12:30:00+08:00
imap_wait_count shenpi@fao.example.test INBOX "$want" 10 >/dev/null
mail_reply plain shenpi@fao.example.test '同意'
cycle 2026-09-24T13:00:00+08:00
imap_wait_count "$EN" INBOX 2 10 >/dev/null
mail_newest "$EN"
body=$(mail_field body)
tap_is "$(mail_field subject)|$(gk show GK-2026-0002 --json | json 'd["state"]')" \
    "[GK-2026-0002] 政府信息公开申请答复书|answered" \
    "an English request's answer of two items reaches the applicant, under the Chinese subject"
order=$(python3 -c '
import sys
b = sys.stdin.read()
keys = ["the office answers each item of your request in turn",
        "1. Item 1 of your request: under Article 36(2) of the Regulations (《条例》第三十六条第（二）项), the information is disclosed (予以公开).",
        "Twelve delegations: A, B and others.",
        "2. Item 2 of your request: under Article 16(1) and Article 36(3) of the Regulations (《条例》第十六条第一款和第三十六条第（三）项), the information is not disclosed (it concerns internal affairs) (不予公开（属于内部事务信息）).",
        "The approvals are internal affairs.",
        "must first be challenged by administrative reconsideration"]
zh, mark, b = b.partition("Courtesy translation: the Chinese text above is the operative document.")
pos = [b.find(k) for k in keys]
print("in order" if mark and "关于您申请的第1项" in zh and -1 not in pos and pos == sorted(pos) and "关于您申请的" not in b else "got %s" % pos)' <<<"$body")
tap_is "$order" "in order" "the Chinese letter, then the courtesy translation (items_answer.en): item 1, then item 2 with the Chinese in brackets, then the English remedy clause (reconsideration first)"

tap_done
