#!/bin/bash
# applicant_token.sh - mail from an applicant changes a case only when it
# carries the thread's token (the Reply-To of the acknowledgment or of the
# correction notice, or one of their Message-IDs in In-Reply-To or
# References), has one From equal to the applicant, and passes the DMARC
# rule when require_dmarc is on.  The review forged a 补正 with the case
# tag alone (ids are sequential): it rewrote the applicant's ID number and
# address and restarted the clock.  Now such a mail is held: the handler
# is told why, and the case stays as it was (`show --json`, the stored
# fields).  Driven by `gongkai ingest` with the clock pinned.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
CITIZEN=lisi@example.test
HANDLER=jingban@fao.example.test
ID=mail.fao.example.test
AR_FAIL="Authentication-Results: $ID; dkim=none; dmarc=fail header.from=example.test"
AR_PASS="Authentication-Results: $ID; dkim=pass header.d=example.test; dmarc=pass header.from=example.test"
FORGED='姓名：王五\n证件类型：居民身份证\n证件号码：310101198001019999\n通信地址：上海市某路1号\n所需信息：全部外事接待经费明细'
GENUINE='证件类型：居民身份证\n证件号码：310101199005050000'

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }
M=$GK_DIR/mail

# snapshot NAME: what a correction would change: `show --json` without
# its events (the applicant's fields, the request, the clock, the
# version; the ID number as staff see it, masked: the forged one differs
# from the genuine in its last four digits).
snapshot()
{
	ik_gk "$1" show "$CASE" --json | python3 -c "
import json, sys
d = json.load(sys.stdin); d.pop('events', None)
print(json.dumps(d, sort_keys=True, ensure_ascii=False))"
}

# to_handler NAME SINCE: the body of the newest mail to the handler queued
# after outbox id SINCE (`outbox --json`), or nothing.
to_handler()
{
	local id

	id=$(ik_gk "$1" outbox --json | python3 -c "
import json, sys
ids = [o['id'] for o in json.load(sys.stdin)
       if o['to'] == '$HANDLER' and o['id'] > $2]
print(max(ids) if ids else '')")
	[ -n "$id" ] && ik_raw "$1" "$id" |
	    python3 "$GK_HARNESS/readmail.py" body
}

# forged NAME DMARC WANT-REASON DESC MKMAIL-ARGS...: a mail claiming to be
# the applicant's 补正, ingested into a copy of "corr": held for
# WANT-REASON, nothing changed, the handler told.
forged()
{
	local name=$1 dmarc=$2 why=$3 desc=$4 got since faults body

	shift 4
	ik_fork corr "$name" "$dmarc"
	python3 "$GK_HARNESS/mkmail.py" plain "李四 <$CITIZEN>" "$@" \
	    >"$M/$name.eml"
	since=$(ik_outmax "$name")
	got=$(ik_ingest "$name" 2026-09-29T10:00:00+08:00 "$M/$name.eml")
	body=$(to_handler "$name" "$since")
	faults=$(ik_diff "ingest" "$got" "case-mail $CASE held" \
	    "the case" "$(snapshot "$name")" "$BEFORE"
	    grep -qF -e "$why" <<<"$body" ||
	    echo "the handler is not told ($why): ${body:0:300}"
	    grep -qF -e "310101198001019999" <<<"$body" &&
	    echo "the handler's notice repeats the unmasked ID number"
	    [ "$(ik_gk "$name" outbox --json | python3 -c "
import json, sys
print(sum(1 for o in json.load(sys.stdin) if o['id'] > $since and o['to'] != '$HANDLER'))")" = 0 ] ||
	    echo "mail went to someone other than the handler")
	ik_tap "$desc" "$faults"
}

tap_plan 10

got=$(ik_request base 2026-09-21T10:00:00+08:00 "李四 <$CITIZEN>" \
    '姓名：李四\n所需信息：2025年度外事接待经费')
CASE=$(sed -n 's/^new-request //p' <<<"$got")
ik_mail base ack $CITIZEN "$M/ack.eml"
ACK_ID=$(ik_field message-id "$M/ack.eml")
faults=$(ik_diff "case" "$CASE" "GK-2026-0001"
    [[ $(ik_field reply-to "$M/ack.eml") == gongkai+*@fao.example.test ]] ||
    echo "the acknowledgment has no token in its Reply-To: $(ik_field reply-to "$M/ack.eml")"
    [[ $ACK_ID == *"$(ik_field token "$M/ack.eml")@"* ]] ||
    echo "the acknowledgment's Message-ID $ACK_ID does not carry the token")
ik_tap "the acknowledgment carries the applicant's token (Reply-To, Message-ID)" "$faults"

ik_fork base corr
tap_is "$(ik_reply corr $HANDLER 2026-09-22T10:00:00+08:00 'CORRECTION\n请补充证件类型和证件号码。')" \
    "reply $CASE correction" "the handler asks for a correction"
ik_mail corr correction_notice $CITIZEN "$M/notice.eml"
NOTICE_TO=$(ik_field reply-to "$M/notice.eml")
NOTICE_ID=$(ik_field message-id "$M/notice.eml")
tap_like "$NOTICE_TO" '^gongkai\+[a-z2-7]{32,64}@fao\.example\.test$' \
    "the correction notice carries the applicant's token in its Reply-To"
BEFORE=$(snapshot corr)

forged tag false "no-token" \
    "a forged 补正 with the case tag alone (dmarc=fail) changes nothing; the handler is told" \
    $IK_OFFICE "[$CASE] 补正" "$FORGED" --header "$AR_FAIL"
forged thread false "no-token" \
    "a forged 补正 in the thread of the applicant's own request, without a token, changes nothing" \
    $IK_OFFICE "Re: [$CASE] 政府信息公开申请" "$FORGED" \
    --in-reply-to "$(ik_field message-id "$M/request.eml")"
forged dmarc true "dmarc" \
    "with require_dmarc, the applicant's token with dmarc=fail changes nothing" \
    "$NOTICE_TO" "Re: [$CASE] 补正申请告知书" "$FORGED" \
    --in-reply-to "$NOTICE_ID" --header "$AR_FAIL"
forged twofrom false "wrong-sender" \
    "the applicant's token with two From addresses changes nothing" \
    "$NOTICE_TO" "Re: [$CASE] 补正申请告知书" "$FORGED" \
    --in-reply-to "$NOTICE_ID" --header "From: mallory@evil.example"

# Genuine replies: to the notice's Reply-To, in its thread; to the bare
# address, with the acknowledgment in References; with DMARC passing.
genuine()
{
	local name=$1 dmarc=$2 desc=$3 got due faults

	shift 3
	ik_fork corr "$name" "$dmarc"
	python3 "$GK_HARNESS/mkmail.py" plain "李四 <$CITIZEN>" "$@" \
	    >"$M/$name.eml"
	got=$(ik_ingest "$name" 2026-09-29T10:00:00+08:00 "$M/$name.eml")
	due=$(ik_gk corr calendar add 2026-09-29 20)
	faults=$(ik_diff "ingest" "$got" "case-mail $CASE correction" \
	    "state" "$(ik_show "$name" "$CASE" 'd["state"]')" drafting \
	    "due date" "$(ik_show "$name" "$CASE" 'd["due_date"]')" "$due" \
	    "id number (masked)" "$(ik_show "$name" "$CASE" 'd["applicant"]["id_number"]')" '3101**********0000')
	ik_tap "$desc" "$faults"
}
genuine reply false \
    "the applicant's reply to the correction notice is applied: fields, clock" \
    "$NOTICE_TO" "Re: [$CASE] 补正申请告知书" "$GENUINE" \
    --in-reply-to "$NOTICE_ID"
genuine refs false \
    "a reply to the bare address with the acknowledgment in References is applied" \
    $IK_OFFICE "Re: [$CASE] 政府信息公开申请受理回执" "$GENUINE" \
    --header "References: $ACK_ID"
genuine dmarcpass true \
    "with require_dmarc, the applicant's reply with dmarc=pass is applied" \
    "$NOTICE_TO" "Re: [$CASE] 补正申请告知书" "$GENUINE" \
    --in-reply-to "$NOTICE_ID" --header "$AR_PASS"

tap_done
exit $((TAP_FAILED > 0))
