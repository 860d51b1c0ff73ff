#!/bin/bash
# third_party_override.sh - disclosing over a third party's objection
# (条例 Art. 32), over the real mail stack with --now pinned: the third
# party objects; a disclosing draft without the reason is refused with a
# help reply citing Art. 32 and nothing changes; with a "公开理由：" line it
# goes through review, and on the approver's approval the third party
# receives the 公开决定告知书 (addressed by name, never by mail address),
# queued before the answer that the applicant receives; both are in the
# case's history.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test
HANDLER=jingban@fao.example.test
CORP=corp@example.test
CORP_NAME=上海示例贸易有限公司
C=GK-2026-0001

cycle() { GONGKAI_NOW=$1 gk run --once >>"$GK_DIR/daemon.log" 2>&1; }

# reply_to FILE FROM TEXT: FROM answers the mail in FILE (to its Reply-To).
reply_to() {
	local to irt subj

	to=$(mail_field reply-to "$1"); irt=$(mail_field message-id "$1")
	subj=$(mail_field subject "$1")
	python3 "$H/mkmail.py" outlook "$2" "$to" "Re: $subj" "$3" \
	    --in-reply-to "$irt" >"$GK_DIR/reply.eml"
	smtp_send "$2" "$to" "$GK_DIR/reply.eml" >/dev/null
	imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
}

# snap: `show --json` of $C without its history, as one line.
snap() {
	gk show $C --json | json 'json.dumps({k: v for k, v in d.items() if k != "events"}, sort_keys=True)'
}

tap_plan 12
mailstack_start
mailstack_add_user "$CORP"
gk_config >/dev/null
gk init >/dev/null 2>&1

python3 "$H/mkmail.py" plain "张喆 <$CITIZEN>" "$OFFICE" "政府信息公开申请" \
    '姓名：张喆\n证件类型：身份证\n证件号码：310101199001010000\n联系电话：13900000001\n所需信息：2025年度外事接待服务合同的金额\n获取方式：电子邮件' \
    >"$GK_DIR/request.eml"
smtp_send "$CITIZEN" "$OFFICE" "$GK_DIR/request.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
cycle 2026-09-18T10:00:00+08:00
imap_wait_count "$HANDLER" INBOX 1 10 >/dev/null

# The handler consults the company the contract names.
mail_reply outlook "$HANDLER" "CONSULT $CORP\n名称：$CORP_NAME\n拟公开贵公司与本机关签订的2025年度外事接待服务合同的金额。"
cycle 2026-09-21T10:00:00+08:00
imap_wait_count "$CORP" INBOX 1 10 >/dev/null
mail_newest "$CORP"
tap_like "$(mail_field body)" "^$CORP_NAME：" "the third-party letter greets the company by its name"
tap_unlike "$(mail_field body)" "$CORP：" "and not by its mail address"

# It objects.
mail_reply gmail "$CORP" '不同意公开：合同金额属于本公司的商业信息。'
cycle 2026-09-22T10:00:00+08:00
imap_wait_count "$HANDLER" INBOX 3 10 >/dev/null
mail_newest "$HANDLER" "$GK_DIR/notice.eml"
tap_like "$(mail_field body "$GK_DIR/notice.eml")" '不同意公开' "the handler is told of the objection"

# A disclosing draft without the reason: refused (Art. 32), nothing changes.
before=$(snap)
reply_to "$GK_DIR/notice.eml" "$HANDLER" 'ANSWER disclose\n经审查，该合同金额为人民币100万元。'
cycle 2026-09-23T10:00:00+08:00
imap_wait_count "$HANDLER" INBOX 4 10 >/dev/null
mail_newest "$HANDLER"
tap_like "$(mail_field subject)" '^\[GK-2026-0001\] 未执行：第三方不同意公开' "the draft without a reason is refused"
tap_like "$(mail_field body)" '第三十二条' "the help reply cites Art. 32"
tap_is "$(snap)" "$before" "show --json is unchanged"

# With the reason: accepted, reviewed, approved.
reply_to "$GK_DIR/notice.eml" "$HANDLER" 'ANSWER disclose\n经审查，该合同金额为人民币100万元。\n公开理由：该合同使用财政资金，不公开可能对公共利益造成重大影响。'
cycle 2026-09-24T10:00:00+08:00
imap_wait_count chushen@fao.example.test INBOX 1 10 >/dev/null
tap_is "$(gk show $C --json | json 'd["state"]')" review "the draft with its reason goes to review"
mail_reply gmail chushen@fao.example.test '同意'
cycle 2026-09-25T10:00:00+08:00
imap_wait_count gkreview@fao.example.test INBOX 1 10 >/dev/null
mail_reply foxmail gkreview@fao.example.test '同意。'
cycle 2026-09-28T10:00:00+08:00
imap_wait_count shenpi@fao.example.test INBOX 1 10 >/dev/null
mail_reply html shenpi@fao.example.test 'APPROVE'
cycle 2026-09-29T10:00:00+08:00

imap_wait_count "$CORP" INBOX 2 10 >/dev/null
mail_newest "$CORP"
tap_is "$(mail_field subject)" "[$C] 公开决定告知书" "the third party receives the 公开决定告知书"
body=$(mail_field body)
faults=$(for want in "$CORP_NAME：" '第三十二条' '不公开可能对公共利益造成重大影响' \
    '拟公开贵公司与本机关签订的2025年度外事接待服务合同的金额' '60日内向上海市人民政府申请行政复议'; do
	grep -qF -e "$want" <<<"$body" || echo "lacks $want"
done; grep -qF "$CORP：" <<<"$body" && echo "names the mail address")
tap_is "$faults" "" "it names the company, the content, the reason and the remedies"

imap_wait_count "$CITIZEN" INBOX 2 10 >/dev/null
mail_newest "$CITIZEN"
tap_like "$(mail_field body)" '该合同金额为人民币100万元' "the applicant receives the answer"

tap_is "$(gk outbox --json | json '",".join(o["kind"] for o in d if o["kind"] in ("disclosure_decision", "answer_disclose"))')" \
    "disclosure_decision,answer_disclose" "the decision notice is queued before the answer"
tap_is "$(gk show $C --json | json '",".join(e["type"] + ("" if e["type"] != "mail-queued" else ":" + e["detail"].split(" ")[0]) for e in d["events"] if e["type"] in ("third-party-told", "mail-queued") and ("disclosure" in (e["detail"] or "") or "answer_" in (e["detail"] or "") or e["type"] == "third-party-told"))')" \
    "mail-queued:disclosure_decision,third-party-told,mail-queued:answer_disclose" \
    "both are in the case's history, the third party first"
tap_done
exit $((TAP_FAILED > 0))
