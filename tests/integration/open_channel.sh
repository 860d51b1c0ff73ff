#!/bin/bash
# open_channel.sh - requests by other channels (条例 Art. 31(1)(2);
# doc/commands.md, `gongkai open`): a letter signed for on Friday
# 2026-09-18 and typed in on Monday, with the applicant's address, is
# opened with that day as its receipt and the acknowledgment reaches the
# applicant's IMAP inbox with the due date counted from it; a visit
# without an address gets its acknowledgment written for printing next
# to the case, holding the due date; both record their channel (show
# gives it as `channel`, a mailed request's as email), and the
# annual report counts them by channel.  Dates from `calendar add`.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test

cycle() { GONGKAI_NOW=$1 gk run --once >>"$GK_DIR/daemon.log" 2>&1; }
words() { date -d "$1" +'%Y年%-m月%-d日'; }

tap_plan 14
mailstack_start
gk_config >/dev/null
gk init >/dev/null 2>&1

DUE1=$(gk calendar add 2026-09-18 20)
DUE2=$(gk calendar add 2026-09-21 20)

printf '姓名：张喆\n证件类型：居民身份证\n证件号码：310101199001010000\n联系电话：13900000001\n通信地址：上海市黄浦区示例路1号\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件\n' >"$GK_DIR/letter.txt"
out=$(GONGKAI_NOW=2026-09-21T10:00:00+08:00 gk open --channel letter --received 2026-09-18 --from $CITIZEN "$GK_DIR/letter.txt" 2>"$GK_DIR/err"); rc=$?
tap_is "$rc|$(head -n 1 <<<"$out")" "0|GK-2026-0001: opened (letter), received 2026-09-18, due $DUE1" \
    "open --channel letter --received 2026-09-18: received that day, due 20 working days later ($DUE1)"
js=$(gk show GK-2026-0001 --json)
tap_is "$(json '"%s|%s|%s" % (d["receipt_date"], d["due_date"], d["applicant"]["email"])' <<<"$js")" \
    "2026-09-18|$DUE1|$CITIZEN" "show --json: the receipt and due dates, the applicant's address"
tap_like "$(json '" ".join(e["detail"] for e in d["events"] if e["type"] == "channel")' <<<"$js")" \
    '^letter 2026-09-18: 信函' "the case records its channel"
tap_is "$(json 'd["channel"]' <<<"$js")|$(gk show GK-2026-0001 | grep '^channel:')" \
    "letter|channel: letter" "show --json gives the channel as channel, show as a line"
cycle 2026-09-21T10:05:00+08:00
imap_wait_count "$CITIZEN" INBOX 1 10 >/dev/null
mail_newest "$CITIZEN"
body=$(mail_field body)
tap_like "$(mail_field subject)" '^\[GK-2026-0001\]' "the acknowledgment of the letter reaches the applicant's IMAP inbox"
tap_like "$body" "$(words 2026-09-18)" "it states the receipt day, the day the letter was signed for"
tap_like "$body" "$(words "$DUE1")" "it states the due date counted from it ($DUE1)"

printf '姓名：李四\n联系电话：13900000002\n所需信息：2025年度外事接待费用总额\n获取方式：邮寄\n' >"$GK_DIR/visit.txt"
out=$(GONGKAI_NOW=2026-09-21T15:00:00+08:00 gk open --channel visit --received 2026-09-21 "$GK_DIR/visit.txt" 2>"$GK_DIR/err"); rc=$?
tap_is "$rc|$(head -n 1 <<<"$out")" "0|GK-2026-0002: opened (visit), received 2026-09-21, due $DUE2" \
    "open --channel visit without an address: opened, due $DUE2"
spool=$(sed -n 's/^spool *= *//p' "$GK_CONF")
case $spool in /*) ;; *) spool=$GK_DIR/$spool ;; esac
ack=$spool/cases/GK-2026-0002/ack
tap_like "$out" "print the acknowledgment $ack.txt or $ack.html" "the output says where the printable acknowledgment is"
faults=$([ -s "$ack.txt" ] || echo "no $ack.txt"
    [ -s "$ack.html" ] || echo "no $ack.html"
    grep -qF "$(words "$DUE2")" "$ack.txt" || echo "the text lacks the due date $(words "$DUE2")"
    grep -qF "GK-2026-0002" "$ack.html" || echo "the HTML lacks the case id"
    grep -qF "<pre>" "$ack.html" || echo "the HTML is not a page")
tap_is "$faults" "" "the acknowledgment is written as text and HTML next to the case, with the due date"
cycle 2026-09-21T15:05:00+08:00
tap_is "$(gk outbox --json | json '",".join(sorted(set(m["to"] for m in d if m["case"] == "GK-2026-0002")))')" \
    "jingban@fao.example.test" "nothing of the visit is mailed but the handler's notice"

out=$(GONGKAI_NOW=2026-09-21T15:00:00+08:00 gk open --channel pigeon --received 2026-09-21 "$GK_DIR/visit.txt" 2>&1); rc=$?
tap_is "$rc" 2 "an unknown channel is a usage error"
tap_is "$(gk cases --json | json '",".join("%s=%s" % (c["id"], c["channel"]) for c in d)')" \
    "GK-2026-0001=letter,GK-2026-0002=visit" "cases --json gives each case's channel; no case was opened by the unknown one"

tap_is "$(GONGKAI_NOW=2026-12-01T10:00:00+08:00 gk report annual 2026 --format json | json '"|".join("%s=%d" % (k, d["channels"][k]) for k in ("email", "letter", "visit", "portal", "fax"))')" \
    "email=0|letter=1|visit=1|portal=0|fax=0" "the annual report counts the requests by channel"

tap_done
