#!/bin/bash
# dmarc.sh - with `[security] require_dmarc = true`, a reviewer's command
# is obeyed only when the topmost Authentication-Results field stamped by
# our authserv-id says dmarc=pass for the From domain (or dkim=pass
# aligned with it).  Crafted replies go through `gongkai ingest` into
# copies of one case waiting at the responsible reviewer's step; what
# happened is read back with `show --json` and `outbox --json`.  The
# review found that `dmarc=pass` anywhere in the field passed, even
# inside an address the attacker chose.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
CITIZEN=citizen@example.test
HANDLER=jingban@fao.example.test
RESP=chushen@fao.example.test
SECRETARIAT=mishu@fao.example.test
ID=mail.fao.example.test

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }
M=$GK_DIR/mail

# reply NAME TOP-FIELD [MKMAIL-ARGS...]: chushen@ answers its notification
# with 同意 from database "base", the field TOP-FIELD (a whole header
# line, CRLF-folded as wanted; empty: none) put above every other header
# as the office's MTA would; ingested into NAME; prints ingest's outcome.
reply()
{
	local name=$1 top=$2

	shift 2
	python3 "$IK_PY" notice "$GK_DIR/conf.base" $RESP >"$M/notice.eml" ||
	    return 1
	ik_field body "$M/notice.eml" >"$M/quote.txt"
	{
		[ -z "$top" ] || printf '%s\r\n' "$top"
		python3 "$GK_HARNESS/mkmail.py" plain "$RESP" \
		    "$(ik_field reply-to "$M/notice.eml")" \
		    "Re: $(ik_field subject "$M/notice.eml")" '同意' \
		    --in-reply-to "$(ik_field message-id "$M/notice.eml")" \
		    --quote "$M/quote.txt" "$@"
	} >"$M/$name.eml" || return 1
	ik_ingest "$name" 2026-10-12T10:00:00+08:00 "$M/$name.eml"
}

# state NAME: "state/step" of the case, and its refusal reasons.
state()
{
	ik_show "$1" "$CASE" \
	    '"%s/%s %s" % (d["state"], d["step"]["role"] if d["step"] else "-", ",".join((e["detail"] or "").split(":")[0] for e in d["events"] if e["type"] == "refused"))'
}

# alerted NAME: 1 when the secretariat got a mail about the case after
# the base's outbox, else 0.
alerted()
{
	ik_gk "$1" outbox --json | python3 -c "
import json, sys
print(int(any(o['to'] == '$SECRETARIAT' and o['id'] > $BASE_OUT
              for o in json.load(sys.stdin))))"
}

# check NAME TOP-FIELD WANT DESC [MKMAIL-ARGS]: one crafted reply; WANT is
# "approve" (applied) or "refused" (nothing applied, refused for dmarc,
# the secretariat told).
check()
{
	local name=$1 top=$2 want=$3 desc=$4 got faults

	shift 4
	ik_fork base "$name" true
	got=$(reply "$name" "$top" "$@")
	if [ "$want" = approve ]; then
		faults=$(ik_diff "ingest" "$got" "reply $CASE approve" \
		    "state" "$(state "$name")" "review/supervising ")
	else
		faults=$(ik_diff "ingest" "$got" "reply $CASE refused" \
		    "state" "$(state "$name")" "review/responsible dmarc" \
		    "secretariat told" "$(alerted "$name")" 1)
	fi
	ik_tap "$desc" "$faults"
}

tap_plan 13

got=$(ik_request base 2026-10-09T10:00:00+08:00 "$CITIZEN" \
    '姓名：李四\n所需信息：2025年度外事接待经费')
CASE=$(sed -n 's/^new-request //p' <<<"$got")
tap_like "$CASE" '^GK-2026-[0-9]{4}$' "the request opens a case"
got=$(ik_reply base $HANDLER 2026-10-12T09:00:00+08:00 \
    'ANSWER disclose\n经查，相关经费情况详见附件。')
tap_is "$got $(state base)" "reply $CASE answer review/responsible " \
    "the handler's draft waits for the responsible reviewer"
BASE_OUT=$(ik_outmax base)

check attack \
    "Authentication-Results: $ID; spf=pass smtp.mailfrom=dmarc=pass@attacker.example; dkim=none; dmarc=fail header.from=fao.example.test" \
    refused "the review's attack: dmarc=pass inside an address, then dmarc=fail"
check quoted \
    "Authentication-Results: $ID; spf=pass smtp.mailfrom=\"x; dmarc=pass header.from=fao.example.test\"@attacker.example; dmarc=fail header.from=fao.example.test" \
    refused "dmarc=pass inside a quoted local part"
check comment \
    "Authentication-Results: $ID; spf=softfail (dmarc=pass header.from=fao.example.test) smtp.mailfrom=x@attacker.example" \
    refused "dmarc=pass inside a comment"
check otherdomain \
    "Authentication-Results: $ID; dmarc=pass header.from=attacker.example" \
    refused "dmarc=pass for another domain than the From's"
check below \
    "Authentication-Results: $ID; dkim=none; dmarc=fail header.from=fao.example.test" \
    refused "a planted dmarc=pass below the topmost field of ours" \
    --header "Authentication-Results: $ID; dmarc=pass header.from=fao.example.test"
check wrongid \
    "Authentication-Results: mx.attacker.example; dmarc=pass header.from=fao.example.test" \
    refused "dmarc=pass stamped by another authserv-id"
check none "" refused "no Authentication-Results at all"
check pass \
    "Authentication-Results: $ID; dkim=pass header.d=fao.example.test; dmarc=pass header.from=fao.example.test" \
    approve "dmarc=pass for the From domain on top: applied"
check folded \
    "$(printf 'Authentication-Results: %s (Exim 4.96);\r\n\tdkim=none (message not\r\n\t signed);\r\n\tspf=pass (%s: domain of x designates 192.0.2.1 as permitted sender) smtp.mailfrom=chushen@fao.example.test;\r\n\tdmarc=pass (p=quarantine dis=none) header.from=FAO.example.test' $ID $ID)" \
    approve "a folded field with comments and several results: applied"
check dkim \
    "Authentication-Results: $ID; dkim=pass header.d=mail.fao.example.test header.i=@mail.fao.example.test; dmarc=none" \
    approve "dkim=pass aligned with the From domain (a sub-domain), dmarc=none: applied"
check dkimother \
    "Authentication-Results: $ID; dkim=pass header.d=attacker.example; dmarc=none" \
    refused "dkim=pass for another domain: refused"

tap_done
exit $((TAP_FAILED > 0))
