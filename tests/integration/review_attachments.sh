#!/bin/bash
# review_attachments.sh - every reviewer sees what goes out with the
# answer: the handler's ANSWER carries an attachment, and each review mail
# (responsible, then supervising, then approver) lists it (name, type,
# size, SHA-256) and carries the very bytes, as does the answer to the
# applicant.  Driven by `gongkai ingest`; the mails are read from the
# outbox (`outbox --json`, then the raw mail as queued).
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
CITIZEN=citizen@example.test
HANDLER=jingban@fao.example.test
RESP=chushen@fao.example.test
SUPER=gkreview@fao.example.test
APPROVER=shenpi@fao.example.test

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }
M=$GK_DIR/mail

# newest_to NAME ADDR FILE: the newest mail queued to ADDR (`outbox
# --json`), raw, into FILE.
newest_to()
{
	local id

	id=$(ik_gk "$1" outbox --json | python3 -c "
import json, sys
print(max(o['id'] for o in json.load(sys.stdin) if o['to'] == '$2'))") &&
	    ik_raw "$1" "$id" >"$3"
}

# carried FILE: the faults of a mail that should list and carry the
# attachment.
carried()
{
	local body

	python3 - "$1" "$ATT" <<'EOF'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(),
                             policy=email.policy.default)
want = open(sys.argv[2], "rb").read()
got = [p for p in m.iter_attachments() if p.get_filename() == "统计表.csv"]
if not got:
    print("no attachment 统计表.csv")
elif got[0].get_payload(decode=True) != want:
    print("the attachment's bytes differ from the handler's")
EOF
	body=$(ik_field body "$1")
	grep -qF -e "$SHA" <<<"$body" ||
	    echo "the text does not give the SHA-256 $SHA"
	grep -qF -e "统计表.csv" <<<"$body" ||
	    echo "the text does not name 统计表.csv"
	grep -qE -e "$SIZE ?(字节|bytes)" <<<"$body" ||
	    echo "the text does not give the size $SIZE"
}

tap_plan 7

ATT=$M/统计表.csv
printf '团组,人数\n访问A国,5\n访问B国,7\n' >"$ATT"
SHA=$(sha256sum "$ATT" | cut -d' ' -f1)
SIZE=$(stat -c %s "$ATT")

got=$(ik_request base 2026-10-09T10:00:00+08:00 "$CITIZEN" \
    '姓名：李四\n所需信息：2025年度因公出国团组情况')
CASE=$(sed -n 's/^new-request //p' <<<"$got")
tap_like "$CASE" '^GK-2026-[0-9]{4}$' "the request opens a case"
got=$(ik_reply base $HANDLER 2026-10-12T09:00:00+08:00 \
    'ANSWER disclose\n经查，相关情况详见附件。' plain --attach "$ATT")
tap_is "$got" "reply $CASE answer" "the handler's ANSWER with an attachment is applied"

newest_to base $RESP "$M/resp.eml"
ik_tap "the responsible reviewer's mail lists the attachment (name, size, SHA-256) and carries it" \
    "$(carried "$M/resp.eml")"
tap_is "$(ik_reply base $RESP 2026-10-12T10:00:00+08:00 '同意')" \
    "reply $CASE approve" "the responsible reviewer approves"
newest_to base $SUPER "$M/super.eml"
ik_tap "the supervising reviewer's mail lists and carries it too" \
    "$(carried "$M/super.eml")"
ik_reply base $SUPER 2026-10-12T11:00:00+08:00 '同意' >/dev/null
newest_to base $APPROVER "$M/approver.eml"
ik_tap "the approver's mail lists and carries it too" \
    "$(carried "$M/approver.eml")"
ik_reply base $APPROVER 2026-10-12T12:00:00+08:00 '同意' >/dev/null
newest_to base $CITIZEN "$M/answer.eml"
tap_is "$(ik_field attachments "$M/answer.eml")" "$(printf '统计表.csv\n政府信息公开申请答复书.pdf')" \
    "the answer to the applicant carries it as before, then the answer's own PDF"

tap_done
exit $((TAP_FAILED > 0))
