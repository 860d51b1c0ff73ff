#!/bin/bash
# corpus_ingest.sh - every mail of tests/data/corpus is ingested with the
# outcome corpus/INDEX.md gives it, through `gongkai ingest` (the path mail
# from IMAP takes), in one table.  With GK_VALGRIND=1 (a build without
# sanitizers) every run of gongkai is under valgrind and must be clean.
set -u
: "${GONGKAI:?run through make check}"
CORPUS=${GK_SHARED:+$GK_SHARED/corpus}
: "${CORPUS:=$GK_SRCDIR/tests/data/corpus}"
TOKEN=abcdefghijklmnopqrstuvwxyz234567abcdefghij

run_gk() {
	if [ "${GK_VALGRIND:-0}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite "$GONGKAI" "$@"
	else
		"$GONGKAI" "$@"
	fi
}

# file | outcome | case or pen reason
expect() {
	cat <<'TABLE'
requests/01-foxmail-gb2312-label-gbk-chars.eml|new-request|GK-2026-0010
requests/02-qqmail-web-gb18030-nbsp.eml|new-request|GK-2026-0011
requests/03-outlook-qp-utf8-gb2312-subject.eml|new-request|GK-2026-0012
requests/04-gmail-utf8-jpeg-rfc2231.eml|new-request|GK-2026-0013
requests/05-applemail-format-flowed-delsp.eml|new-request|GK-2026-0014
requests/06-big5-hongkong-traditional.eml|new-request|GK-2026-0015
requests/07-coremail-lawfirm-docx.eml|new-request|GK-2026-0016
requests/08-iphone-free-text-no-labels.eml|new-request|GK-2026-0017
automatic/a1-coremail-out-of-office.eml|automatic|GK-2026-0007
automatic/a2-exchange-automatic-reply.eml|automatic|GK-2026-0007
automatic/a3-exim-dsn-5.1.1-answer-bounced.eml|bounce|GK-2026-0007
automatic/a4-exchange-dsn-4.4.7-delayed.eml|bounce|GK-2026-0009
automatic/a5-mailman-list-precedence-list.eml|automatic|
hostile/h01-forged-from-approver-dmarc-fail.eml|reply|GK-2026-0007
hostile/h02-authentication-results-injection.eml|reply|GK-2026-0007
hostile/h03-crlf-header-injection.eml|new-request|GK-2026-0018
hostile/h04-multipart-nested-10000.eml|pen|mime-too-deep
hostile/h05-invalid-base64.eml|new-request|GK-2026-0019
hostile/h06-broken-boundary.eml|new-request|GK-2026-0020
hostile/h07-header-line-100000-chars.eml|new-request|GK-2026-0021
hostile/h08-nul-bytes-in-body.eml|new-request|GK-2026-0022
hostile/h09-attachment-path-traversal.eml|new-request|GK-2026-0023
hostile/h10-zip-bomb-attachments.eml|new-request|GK-2026-0024
hostile/h11-forwarded-notification-third-party.eml|reply|GK-2026-0007
TABLE
	# Every reply reaches its case by its token (To, References or 回复码).
	for f in "$CORPUS"/replies/*.eml; do
		echo "replies/${f##*/}|reply|GK-2026-0007"
	done
}

T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
sed -e 's|@IMAP_URL@|imap://127.0.0.1:9|; s|@SMTP_URL@|smtp://127.0.0.1:9|' \
    -e 's|@IMAP_STARTTLS@|false|; s|@SMTP_STARTTLS@|false|; s|@CA_FILE@|ca.pem|' \
    "$GK_SRCDIR/tests/data/gongkai.conf.in" > "$T/gongkai.conf"
(umask 077 && echo secret >"$T/imap.pass")
C="$T/gongkai.conf"
"$GONGKAI" -c "$C" init >/dev/null 2>&1 || { echo "Bail out! init failed"; exit 1; }

# The story of INDEX.md: GK-2026-0007 waits at a review step with a token
# issued; GK-2026-0009 had its acknowledgment sent.  Later numbers follow.
sqlite3 "$T/gongkai.db" <<SQL || { echo "Bail out! seeding failed"; exit 1; }
INSERT INTO case_seq VALUES (2026, 9);
INSERT INTO cases (id, kind, state, received_at, applicant_email)
  VALUES ('GK-2026-0007', 'request', 'review', 1789718400, 'zhang.zhe@qq.example.test'),
         ('GK-2026-0009', 'request', 'drafting', 1790755200, 'zhao.lawyer@shilaw.example.test');
INSERT INTO tokens (token_hash, case_id, step, recipient, version, expires_at)
  VALUES ('$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)', 'GK-2026-0007', 'responsible',
  'chushen@fao.example.test', 1, 1893456000);
INSERT INTO case_messages VALUES
  ('<gk-2026-0007.answer.1@fao.example.test>', 'GK-2026-0007', 'out'),
  ('<gk-2026-0009.ack.1@fao.example.test>', 'GK-2026-0009', 'out');
-- The two mails the DSNs return, sent from the VERP addresses the
-- corpus gives them (a bounce is believed only for such a mail).
INSERT INTO outbox (case_id, kind, to_addr, subject, message_id,
  envelope_from, raw, state, attempts, next_attempt_at, created_at, sent_at)
  VALUES ('GK-2026-0007', 'answer', 'zhang.zhe@qq.example.test', 'answer',
  '<gk-2026-0007.answer.1@fao.example.test>',
  'gongkai+bounce-gk-2026-0007-answer-1@fao.example.test', '', 'sent', 1,
  1792569911, 1792569911, 1792569912),
  ('GK-2026-0009', 'ack', 'zhao.lawyer@shilaw.example.test', 'ack',
  '<gk-2026-0009.ack.1@fao.example.test>',
  'gongkai+bounce-gk-2026-0009-ack-1@fao.example.test', '', 'sent', 1,
  1790755200, 1790755200, 1790755201);
SQL

touch "$T/marker"; sleep 0.01
n=0 fail=0
tap() {	# tap OK NAME [DIAG]
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"
	else echo "not ok $n - $2"; [ -n "${3:-}" ] && echo "# $3"; fail=1; fi
}

total=$(expect | wc -l)
echo "1..$((total + 7))"
while IFS='|' read -r file want what; do
	out=$(GONGKAI_NOW=2026-10-12T10:00:00+08:00 run_gk -c "$C" ingest \
	    "$CORPUS/$file" 2>"$T/err"); rc=$?
	got=$(sed -n 's/^.*: mail [0-9]*: //p' <<<"$out")
	if [ "$want" = pen ]; then wantline="pen $what"
	elif [ -n "$what" ]; then wantline="$want $what"
	else wantline="$want"; fi
	# What a command reply then does is lifecycle's business
	# (corpus_replies.sh): here the route is what counts.
	[ $rc = 0 ] && { [ "$got" = "$wantline" ] ||
	    { [ "$want" = reply ] && [ "${got#"$wantline "}" != "$got" ]; }; }
	tap $? "$file -> $wantline" "got: rc=$rc '$got' $(head -c 300 "$T/err")"
done < <(expect)

# Ingesting a mail twice records it once.
out=$(run_gk -c "$C" ingest "$CORPUS/requests/01-foxmail-gb2312-label-gbk-chars.eml" 2>&1)
grep -q ': duplicate$' <<<"$out"
tap $? "the same mail twice is a duplicate" "got: $out"

# The spool holds every mail byte for byte (NULs of h08 included).
f=$CORPUS/hostile/h08-nul-bytes-in-body.eml
sum=$(sha256sum < "$f" | cut -d' ' -f1)
cmp -s "$f" "$(find "$T/spool/in" -name "$sum.eml")"
tap $? "h08's raw bytes, NULs included, are in the spool unchanged"

# Nothing was written outside the spool (h09's ../../etc/passwd and
# ..\\..\\Windows\\win.ini are names, never paths).
extra=$(find "$(dirname "$T")" -maxdepth 4 -newer "$T/marker" \
    \( -name passwd -o -name win.ini \) 2>/dev/null)
extra+=$(find "$T" -newer "$T/marker" -type f ! -path "$T/spool/*" \
    ! -name 'gongkai.db*' ! -name err)
[ -z "$extra" ]
tap $? "no file written outside the spool" "got: $extra"

# Attachments are stored by hash under cleaned names (h09: two of them).
names=$("$GONGKAI" -c "$C" mails --case GK-2026-0023 --json | python3 -c '
import json, sys
for m in json.load(sys.stdin):
    for a in m["attachments"]:
        print(a["filename"])')
[ "$(wc -l <<<"$names")" = 2 ] && ! grep -q -e / -e '\\' -e '\.\.' <<<"$names"
tap $? "h09's two attachments are stored under cleaned names" "got: $names"
atts=$("$GONGKAI" -c "$C" mails --json | python3 -c '
import json, sys
for m in json.load(sys.stdin):
    for a in m["attachments"]:
        print(a["spool_path"], a["sha256"])')
bad=0
while read -r p h; do
	[ "$(sha256sum < "$T/spool/$p" | cut -d' ' -f1)" = "$h" ] || bad=1
done <<<"$atts"
[ "$bad" = 0 ] && [ "$(wc -l <<<"$atts")" -ge 4 ]
tap $? "every stored attachment's bytes match its hash"

# The holding pen lists h04, as JSON too.
js=$(run_gk -c "$C" pen --json)
python3 -c 'import json,sys; a=json.load(sys.stdin); assert any(e["reason"]=="mime-too-deep" for e in a), a' <<<"$js"
tap $? "pen --json lists the too-deep mail with its reason" "got: $js"

# pen redeliver files it under a case, once.
id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])' <<<"$js")
run_gk -c "$C" pen redeliver "$id" GK-2026-0007 >/dev/null 2>&1 &&
    ! run_gk -c "$C" pen redeliver "$id" GK-2026-0007 >/dev/null 2>&1 &&
    [ "$(run_gk -c "$C" pen --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 0 ]
tap $? "pen redeliver files the mail once and empties the pen"
exit $fail
