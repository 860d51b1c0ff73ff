#!/bin/bash
# parser_sandbox.sh - `gongkai ingest` parses mail in a sandboxed child:
# GB18030 and Big5 mail still decode there (the child can load no iconv
# module: the parent loads them before the fork); a mail the child fails
# on (here: no wall time at all, GONGKAI_PARSER_WALL_MS=0) is held in the
# pen as "parser-failed", recorded once and kept in the spool, and the
# program goes on.
set -u
: "${GONGKAI:?run through make check}"
CORPUS=${GK_SHARED:+$GK_SHARED/corpus}
: "${CORPUS:=$GK_SRCDIR/tests/data/corpus}"

T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
sed -e 's|@IMAP_URL@|imap://127.0.0.1:9|; s|@SMTP_URL@|smtp://127.0.0.1:9|' \
    -e 's|@IMAP_STARTTLS@|false|; s|@SMTP_STARTTLS@|false|; s|@CA_FILE@|ca.pem|' \
    "$GK_SRCDIR/tests/data/gongkai.conf.in" > "$T/gongkai.conf"
echo secret > "$T/imap.pass"; chmod 600 "$T/imap.pass"
C="$T/gongkai.conf"
"$GONGKAI" -c "$C" init >/dev/null 2>&1 || { echo "Bail out! init failed"; exit 1; }
export GONGKAI_NOW=2026-10-12T10:00:00+08:00

n=0 fail=0
tap() {	# tap OK NAME [DIAG]
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"
	else echo "not ok $n - $2"; [ -n "${3:-}" ] && echo "# $3"; fail=1; fi
}
# field CASE KEY: one top-level string of show --json
field() {
	"$GONGKAI" -c "$C" show "$1" --json |
	    python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2"
}
echo "1..8"

GB=$CORPUS/requests/01-foxmail-gb2312-label-gbk-chars.eml
BIG5=$CORPUS/requests/06-big5-hongkong-traditional.eml
PLAIN=$CORPUS/requests/04-gmail-utf8-jpeg-rfc2231.eml

out=$("$GONGKAI" -c "$C" ingest "$GB" "$BIG5" 2>"$T/err"); rc=$?
[ $rc = 0 ] && grep -q 'mail 1: new-request GK-2026-0001$' <<<"$out" &&
    grep -q 'mail 2: new-request GK-2026-0002$' <<<"$out"
tap $? "a GB18030 and a Big5 mail open cases" "got: rc=$rc $out $(cat "$T/err")"
got=$(field GK-2026-0001 subject)
[ "$got" = "政府信息公开申请（何镕）" ]
tap $? "the GB18030 subject decodes in the child (镕 is GBK only)" "got: $got"
got=$(field GK-2026-0002 subject)
[ "$got" = "申請公開政府信息（香港居民 陳嘉欣）" ]
tap $? "the Big5 subject decodes in the child" "got: $got"

# No time at all: the child is killed; the mail is held, not lost.
out=$(GONGKAI_PARSER_WALL_MS=0 "$GONGKAI" -c "$C" ingest "$PLAIN" 2>"$T/err"); rc=$?
[ $rc = 0 ] && grep -q 'mail 3: pen parser-failed$' <<<"$out"
tap $? "a mail the parser fails on goes to the pen" "got: rc=$rc $out $(cat "$T/err")"
grep -q 'parser failed: timeout' "$T/err"
tap $? "the log says why the parser failed" "got: $(cat "$T/err")"
js=$("$GONGKAI" -c "$C" pen --json)
python3 -c 'import json,sys; a=json.load(sys.stdin); assert [e["reason"] for e in a] == ["parser-failed"], a' <<<"$js"
tap $? "pen --json lists it as parser-failed" "got: $js"
sum=$(sha256sum < "$PLAIN" | cut -d' ' -f1)
cmp -s "$PLAIN" "$(find "$T/spool/in" -name "$sum.eml")" &&
    "$GONGKAI" -c "$C" ingest "$PLAIN" 2>&1 | grep -q ': duplicate$'
tap $? "its bytes are in the spool and it is recorded once"

# The held mail comes back as a repeat; the next mail is parsed as usual.
out=$("$GONGKAI" -c "$C" ingest "$PLAIN" "$CORPUS/requests/03-outlook-qp-utf8-gb2312-subject.eml" 2>&1)
grep -q 'mail 4: new-request GK-2026-0003$' <<<"$out"
tap $? "the next mail is parsed as usual" "got: $out"
exit $fail
