#!/bin/bash
# lifecycle.sh - a request from its SMTP arrival to the applicant's IMAP
# inbox holding the answer and its attachment, through replies from the
# handler (Outlook), the responsible reviewer (Gmail), the supervising
# reviewer (Foxmail/QQ, GBK) and the approver (HTML only), with --now
# pinned and the daemon run one cycle at a time.  Mail goes in by SMTP and
# is read back from each person's mailbox.  The daemon's log (-v) has a
# line per mail, decision and delivery, and not one token, ID number or
# phone number.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test

cycle() { GONGKAI_NOW=$1 gk -v run --once >>"$GK_DIR/daemon.log" 2>&1; }

tap_plan 25
mailstack_start
gk_config >/dev/null
gk init >/dev/null 2>&1

# 1. A request arrives on Friday 2026-09-18.
python3 "$H/mkmail.py" plain "张喆 <$CITIZEN>" "$OFFICE" "政府信息公开申请" \
    '姓名：张喆\n证件类型：身份证\n证件号码：310101199001010000\n联系电话：13900000001\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件' \
    >"$GK_DIR/request.eml"
smtp_send "$CITIZEN" "$OFFICE" "$GK_DIR/request.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
cycle 2026-09-18T10:00:00+08:00
imap_wait_count "$CITIZEN" INBOX 1 10 >/dev/null
mail_newest "$CITIZEN"
tap_like "$(mail_field subject)" '^\[GK-2026-0001\]' "the applicant's acknowledgment carries the case tag"
tap_like "$(mail_field body)" '2026年10月22日' "the acknowledgment gives the due date (20 working days: 2026-10-22)"
tap_is "$(mail_field in-reply-to)" "$(python3 "$H/readmail.py" message-id <"$GK_DIR/request.eml")" \
    "the acknowledgment is in the request's thread"

imap_wait_count jingban@fao.example.test INBOX 1 10 >/dev/null
mail_newest jingban@fao.example.test
tap_like "$(mail_field reply-to)" '^gongkai\+[a-z2-7]{40}@fao.example.test$' "the handler's notice asks for a reply to a token address"
tap_unlike "$(mail_field body)" '310101199001010000|13900000001' "the handler sees the ID and phone numbers masked"

# The applicant writes again in the thread (a reply to the acknowledgment):
# the handler, who holds the case, is told what was written.
mail_newest "$CITIZEN"
python3 "$H/mkmail.py" plain "$CITIZEN" "$OFFICE" "Re: $(mail_field subject)" \
    '请问我的申请需要补充材料吗？' --in-reply-to "$(mail_field message-id)" \
    >"$GK_DIR/followup.eml"
smtp_send "$CITIZEN" "$OFFICE" "$GK_DIR/followup.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
cycle 2026-09-18T15:00:00+08:00
imap_wait_count jingban@fao.example.test INBOX 2 10 >/dev/null
mail_newest jingban@fao.example.test
tap_like "$(mail_field body)" '请问我的申请需要补充材料吗' "the applicant's follow-up reaches the handler"

# 2. The handler answers (Outlook), with the document as an attachment.
# (a real PDF: one that cannot be read would stop at the secrecy check)
cp "$GK_SRCDIR/tests/data/secrecy/clean.pdf" "$GK_DIR/答复附件.pdf"
mail_reply outlook jingban@fao.example.test 'ANSWER disclose\n经查，2025年度因公出国（境）团组共12个，详见附件。' "$GK_DIR/答复附件.pdf"
cycle 2026-09-21T10:00:00+08:00
imap_wait_count chushen@fao.example.test INBOX 1 10 >/dev/null
mail_newest chushen@fao.example.test
tap_like "$(mail_field body)" '团组共12个' "the responsible reviewer receives the draft"

# 3. The responsible reviewer approves (Gmail).
mail_reply gmail chushen@fao.example.test '同意'
cycle 2026-09-22T10:00:00+08:00
imap_wait_count gkreview@fao.example.test INBOX 1 10 >/dev/null
tap_is "$(imap_count gkreview@fao.example.test INBOX)" 1 "the supervising reviewer is notified"

# 4. The supervising reviewer approves (Foxmail, GBK bytes).
mail_reply foxmail gkreview@fao.example.test '同意。'
cycle 2026-09-23T10:00:00+08:00
imap_wait_count shenpi@fao.example.test INBOX 1 10 >/dev/null
tap_is "$(imap_count shenpi@fao.example.test INBOX)" 1 "the approver is notified"

# 5. The approver approves (HTML only).
mail_reply html shenpi@fao.example.test 'APPROVE'
cycle 2026-09-24T10:00:00+08:00
imap_wait_count "$CITIZEN" INBOX 2 10 >/dev/null
mail_newest "$CITIZEN"
tap_like "$(mail_field subject)" '^\[GK-2026-0001\].*答复' "the applicant receives the written answer"
tap_is "$(mail_field attachments)" "$(printf '答复附件.pdf\n政府信息公开申请答复书.pdf')" \
    "the answer carries the handler's attachment, then the answer as a PDF"
tap_like "$(mail_field body)" '团组共12个' "the answer holds the approved text"
tap_like "$(mail_field body)" '第三十六条' "the answer states its legal basis"

js=$(gk show GK-2026-0001 --json)
tap_is "$(json 'd["state"]' <<<"$js")" answered "the case is answered"
tap_is "$(json 'd["answer_type"]' <<<"$js")" disclose "with the answer type"
tap_is "$(json '",".join(e["type"] for e in d["events"] if e["type"] in ("answer","approve"))' <<<"$js")" \
    "answer,approve,approve,approve" "the events record the answer and three approvals"
tap_is "$(imap_count "$OFFICE" INBOX)" 0 "every mail was moved out of INBOX"

# 6. The log (doc/commands.md, "Logging").  First the handler's client
# redirects their first notice back to the office as it is: a mail whose
# own Message-ID holds a token, which its log line must not.
imap_fetch jingban@fao.example.test INBOX \
    "$(imap_uids jingban@fao.example.test INBOX | head -n 1)" \
    >"$GK_DIR/redirect.eml"
smtp_send jingban@fao.example.test "$OFFICE" "$GK_DIR/redirect.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
cycle 2026-09-24T11:00:00+08:00
L=$GK_DIR/daemon.log
# Every mail sent, as it went out (outbox cat), and the tokens they
# carried.
mkdir "$GK_DIR/sent"
sent=$(gk outbox --json | json '" ".join("%d.eml" % o["id"] for o in d if o["state"] == "sent")')
for f in $sent; do
	gk outbox cat "${f%.eml}" >"$GK_DIR/sent/$f"
done
tokens=$(for f in $sent; do
	python3 "$H/readmail.py" token <"$GK_DIR/sent/$f"
done | sort -u | grep .)
# A token's first 12 characters are enough to find it, whole or cut.
secrets=$(for t in $tokens; do echo "${t:0:12}"; done
    echo 310101199001010000; echo 13900000001)
tap_is "$(wc -w <<<"$tokens") $(cd "$GK_DIR/sent" && grep -l -i -F \
    -f <(printf '%s\n' "$secrets") $sent | wc -l) $(wc -w <<<"$sent")" \
    "6 6 15" "the search finds the six tokens sent in six of the fifteen mails"
redirected=$(python3 "$H/readmail.py" message-id <"$GK_DIR/redirect.eml")
tap_is "$(grep -cF "message-id ${redirected/$(python3 "$H/readmail.py" token <"$GK_DIR/redirect.eml")/[token]}, imap uid 7" "$L")" 1 \
    "the redirected notice's line has [token] where its Message-ID has the token"
tap_is "$(grep -c -i -F -f <(printf '%s\n' "$secrets") "$L")" 0 \
    "no token, ID number or phone number in the log"
tap_is "$(grep -cvE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}[+-][0-9]{2}:[0-9]{2} gongkai\[[0-9]+\]: (error|warning|info|debug): ' "$L")" 0 \
    "every log line has its time, with offset, and level"
tap_is "$(grep -cE 'info: mail [0-9]+: new-request GK-2026-0001; from zhang.zhe@example.test, message-id <[^>]+>, imap uid 1$' "$L")" 1 \
    "the request's line: what, the case, from, Message-ID, IMAP UID"
tap_is "$(grep -oE 'info: mail [0-9]+: [a-z-]+ GK-2026-0001 [a-z-]+' "$L" | cut -d' ' -f4,6 | tr '\n' ,)" \
    "case-mail applicant-mail,reply answer,reply approve,reply approve,reply approve," \
    "a line per mail in the case, with its outcome"
tap_is "$(grep -oE 'info: GK-2026-0001: .*' "$L" | cut -d' ' -f3- | tr '\n' ,)" \
    "answer by handler applied: received -> review, step responsible,approve by responsible applied: review -> review, step supervising,approve by supervising applied: review -> review, step approver,approve by approver applied: review -> answered, step approver," \
    "a line per decision: the command, who, the state it made"
tap_is "$(grep -cE 'info: outbox: [0-9]+ sent: (GK-2026-0001|-) [a-z_]+ to [^ ]+: 250 ' "$L") $(grep -cE 'outbox: [0-9]+ sent: GK-2026-0001 answer_disclose to zhang.zhe@example.test: 250 OK id=' "$L")" \
    "15 1" "a line per delivery, with the server's reply"
tap_done
exit $((TAP_FAILED > 0))
