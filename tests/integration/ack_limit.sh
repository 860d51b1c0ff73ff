#!/bin/bash
# ack_limit.sh - the office is no reflector: the acknowledgment quotes a
# short, defanged summary of the request (never the sender's 20,000
# characters with their links), and acknowledgments are limited per
# sender address and per sender domain per day ([security]
# ack_limit_address, ack_limit_domain); the rest waits in the holding pen
# (reason ack-rate-limit) with no case and no mail, and the secretariat's
# morning digest counts it.  Driven by `gongkai ingest` with the clock
# pinned; read back with `pen --json`, `cases --json`, `outbox --json`.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
SECRETARIAT=mishu@fao.example.test

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }
M=$GK_DIR/mail
# The documented defaults (the shared test configuration lifts them).
sed -i -e 's/^ack_limit_address = .*/ack_limit_address = 5/' \
    -e 's/^ack_limit_domain = .*/ack_limit_domain = 50/' "$GK_DIR/conf.base"

# pen NAME: "reason sender" of each held mail, one a line.
pen()
{
	ik_gk "$1" pen --json | python3 -c "
import json, sys
for p in json.load(sys.stdin): print(p['reason'], p['from'])"
}

# acks NAME ADDR: how many mails were queued to ADDR (`outbox --json`).
acks()
{
	ik_gk "$1" outbox --json | python3 -c "
import json, sys
print(sum(1 for o in json.load(sys.stdin) if o['to'] == '$2'))"
}

# ncases NAME: how many cases there are (`cases --json`).
ncases()
{
	ik_gk "$1" cases --json | python3 -c "
import json, sys
print(len(json.load(sys.stdin)))"
}

tap_plan 10

# 1. Six requests from one address in one day (office time): five
# acknowledged, the sixth held; the next day the sender is heard again.
got=
for i in 1 2 3 4 5 6; do
	got+="$(ik_request base 2026-10-12T0$((i + 2)):00:00+08:00 flood@spam.example.test \
	    "所需信息：第${i}项")|"
done
tap_is "$got" \
    "new-request GK-2026-0001|new-request GK-2026-0002|new-request GK-2026-0003|new-request GK-2026-0004|new-request GK-2026-0005|pen ack-rate-limit|" \
    "six requests from one address in a day: five cases, the sixth held"
tap_is "$(pen base)|$(acks base flood@spam.example.test)|$(ncases base)" \
    "ack-rate-limit flood@spam.example.test|5|5" \
    "pen --json holds the sixth (ack-rate-limit); five acknowledgments, five cases"
# 23:30 UTC on the 12th is already the 13th in Shanghai.
got=$(ik_request base 2026-10-12T23:30:00Z flood@spam.example.test '所需信息：次日')
tap_is "$got" "new-request GK-2026-0006" \
    "the next day in the office's time zone, the sender is acknowledged again"

# 2. Per domain: with ack_limit_domain = 3, the fourth address of one
# domain is held, another domain is not.
ik_fork base dom
sed -i 's/^ack_limit_domain = .*/ack_limit_domain = 3/' "$GK_DIR/conf.dom"
got=
for a in a b c d; do
	got+="$(ik_request dom 2026-10-14T10:00:00+08:00 $a@bulk.example.test '所需信息：x' | cut -d' ' -f1-2)|"
done
got+="$(ik_request dom 2026-10-14T10:00:00+08:00 e@other.example.test '所需信息：x' | cut -d' ' -f1)"
tap_is "$got" "new-request GK-2026-0007|new-request GK-2026-0008|new-request GK-2026-0009|pen ack-rate-limit|new-request" \
    "ack_limit_domain = 3: the fourth address of one domain is held, another domain is not"

# 3. The secretariat's digest the next working morning counts the held.
ik_fork base digest
GONGKAI_NOW=2026-10-13T08:30:00+08:00 "$GK_BUILDDIR/tests/integration/sweep_tool" \
    "$GK_DIR/conf.digest" run >/dev/null 2>>"$GK_DIR/gongkai.log"
id=$(ik_gk digest outbox --json | python3 -c "
import json, sys
print(max(o['id'] for o in json.load(sys.stdin) if o['to'] == '$SECRETARIAT'))")
body=$(ik_raw digest "$id" |
    python3 "$GK_HARNESS/readmail.py" body)
tap_like "$body" '受理回执.*1封.*ack-rate-limit' \
    "the morning digest counts the mail held for the acknowledgment limit"

# 4. A request of 20,000 characters full of links: the acknowledgment
# quotes a short summary, links and addresses defanged.
python3 - "$M/long.txt" <<'EOF'
import sys
s = "请公开以下材料 http://evil.example.test/login?x=1 详见 www.evil.example.test 联系 boss@evil.example.test\n\n"
s += ("点击 https://phish.example.test/a 领取奖励。 " * 800)
open(sys.argv[1], "w").write(s[:20000])
EOF
ik_fork base long
got=$(ik_request long 2026-10-14T10:00:00+08:00 victim@example.test "$(cat "$M/long.txt")")
CASE=$(sed -n 's/^new-request //p' <<<"$got")
ik_mail long ack victim@example.test "$M/ack.eml"
body=$(ik_field body "$M/ack.eml")
tap_like "$CASE" '^GK-2026-[0-9]{4}$' "the long request is opened"
tap_unlike "$body" 'https?://|www\.evil|evil\.example|phish\.example|@evil' \
    "the acknowledgment holds no live link, domain or address of the sender's"
tap_like "$body" 'hxxp://evil\[\.\]example\[\.\]test' "the first link is shown defanged"
# characters, not bytes, whatever the caller's locale (a bare build's is C)
n=$(LC_ALL=C.UTF-8 wc -m <<<"$body")
[ "$n" -lt 1500 ]
tap_ok $? "the acknowledgment is short ($n characters for a 20,000-character request)"
tap_is "$(ik_show long "$CASE" 'int(len(d["description"]) > 10000)')" 1 \
    "the case keeps the whole request for the handler"

tap_done
exit $((TAP_FAILED > 0))
