#!/bin/bash
# imap_api.sh - src/imap.h against a real Dovecot + Exim (tests/harness):
# TLS verification, SELECT, listing, fetching raw bytes, IDLE, MOVE and a
# dropped connection, driven through tests/integration/imap_tool.
set -u
: "${GK_SRCDIR:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"

TOOL=$GK_BUILDDIR/tests/integration/imap_tool
U=gongkai@fao.example.test

tap_plan 38
mailstack_start
# Before any login: Dovecot misses a users file changed twice in a second.
mailstack_add_user bulk@fao.example.test
mailstack_add_user big@fao.example.test
PLAIN=$(gk_config)
TLS=$(gk_config "imaps://127.0.0.1:$MS_IMAPS_PORT")
STARTTLS=$(gk_config "imap://127.0.0.1:$MS_IMAP_PORT" true)
NAME=$(gk_config "imaps://localhost:$MS_IMAPS_PORT")
BADNAME=$(gk_config "imaps://127.1:$MS_IMAPS_PORT")	# 127.0.0.1, not in the cert
REFUSED=$(gk_config "imap://127.0.0.1:9")
W=$MS_DIR/work
mkdir -p "$W"

# A self-signed certificate of another server, as a wrong ca_file.
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$W/other.key" -out "$W/other.pem" >/dev/null 2>&1
sed "s|^ca_file = .*|ca_file = $W/other.pem|" "$TLS" >"${TLS%.conf}-wrong.conf"
sed "s|^ca_file = .*|ca_file = $W/other.pem|" "$STARTTLS" \
    >"${STARTTLS%.conf}-wrong.conf"
grep -v '^ca_file' "$TLS" >"${TLS%.conf}-system.conf"

tool() { "$TOOL" "$@" 2>&1; }

# mail N TEXT: a small message whose body is TEXT.
mail()
{
	printf 'From: author@example.test\r\nTo: %s\r\nSubject: test %s\r\n' \
	    "$U" "$1" >"$W/m$1.eml"
	printf 'Message-ID: <%s.%s@example.test>\r\n\r\n%s\r\n' "$1" "$$" \
	    "$2" >>"$W/m$1.eml"
	smtp_send author@example.test "$U" "$W/m$1.eml"
}

# maildir USER SIZE...: messages of about SIZE bytes written straight
# into the user's Maildir/new (much faster than SMTP; nobody reads that
# mailbox yet), named so that Dovecot gives them UIDs in this order.
maildir()
{
	local u=$1 d
	shift
	d=$MS_DIR/mail/${u#*@}/${u%@*}/Maildir
	mkdir -p "$d/new" "$d/cur" "$d/tmp"
	printf '%s\n' "$@" | awk -v d="$d/new" '
	BEGIN { line = sprintf("%76s", ""); gsub(/ /, "x", line) }
	{
		f = sprintf("%s/%d.M%d.gk", d, 1000000 + NR, NR)
		printf "From: a@example.test\nSubject: bulk %d\n\n", NR > f
		for (n = 0; n < $1; n += 77)
			print line > f
		close(f)
	}'
	chown -R vmail:vmail "$MS_DIR/mail/${u#*@}"
}

# ---------------------------------------------------------- connect and TLS

out=$(tool "$PLAIN" select)
tap_like "$out" '^uidvalidity [1-9][0-9]* uidnext 1$' "select on imap:// gives UIDVALIDITY"
uidvalidity=$(awk '{ print $2 }' <<<"$out")
out=$(tool "$TLS" select)
tap_is "$out" "uidvalidity $uidvalidity uidnext 1" "imaps:// with the right ca_file works"
out=$(tool "$STARTTLS" select)
tap_is "$out" "uidvalidity $uidvalidity uidnext 1" "STARTTLS with the right ca_file works"
out=$(tool "$NAME" select)
tap_is "$out" "uidvalidity $uidvalidity uidnext 1" "imaps:// by host name works"
out=$(tool "${TLS%.conf}-wrong.conf" select)
tap_like "$out" "^imap_tool: 127\.0\.0\.1:$MS_IMAPS_PORT: TLS: certificate .*issuer is unknown" \
    "imaps:// with another server's certificate as ca_file fails"
out=$(tool "${STARTTLS%.conf}-wrong.conf" select)
tap_like "$out" "^imap_tool: 127\.0\.0\.1:$MS_IMAP_PORT: TLS: certificate " \
    "STARTTLS with another server's certificate as ca_file fails"
out=$(tool "${TLS%.conf}-system.conf" select)
tap_like "$out" ": TLS: certificate .*NOT trusted" \
    "without ca_file the system store does not trust a self-signed server"
out=$(tool "$BADNAME" select)
tap_like "$out" ": TLS: certificate .*name .*does not match" \
    "a certificate for another name fails"
out=$(tool "$REFUSED" select)
tap_is "$out" "imap_tool: 127.0.0.1:9: connect: connection refused" \
    "a refused connection names the server and the step"

# ------------------------------------------------------------- list, fetch

out=$(tool "$PLAIN" list)
tap_is "$out" "" "an empty INBOX lists nothing"
mail 1 "first body text" && mail 2 "second body text" && mail 3 "third body text"
printf 'From: author@example.test\r\nTo: %s\r\nSubject: nul\r\n\r\nbefore\0after NULTEXT\r\n' \
    "$U" >"$W/nul.eml"
smtp_send author@example.test "$U" "$W/nul.eml"
tap_is "$(imap_wait_count "$U" INBOX 4)" 4 "(four mails delivered)"
out=$(tool "$PLAIN" list | tr '\n' ' ')
tap_is "$out" "1 2 3 4 " "the mails sent by SMTP are listed"
out=$(tool "$PLAIN" list 4)
tap_is "$out" "" "nothing above the last UID (UID 5:* would match UID 4)"
out=$(tool "$PLAIN" list 2 | tr '\n' ' ')
tap_is "$out" "3 4 " "UIDs above 2"
out=$(tool "$PLAIN" list 0 3 | tr '\n' ' ')
tap_is "$out" "1 2 3 " "the lowest three of four (FETCH 1:3 by sequence number)"
mkdir "$W/f"
out=$(tool "$PLAIN" fetch "$W/f")
tap_like "$out" '^fetched 4 messages' "fetch delivers the four messages"
ok=0
i=0
for w in first second third; do
	i=$((i + 1))
	t=$(sed -n 's/^\(.*\) body text\r$/\1/p' "$W/f/$i.eml")
	[ "$t" = "$w" ] || { ok=1; tap_diag "message $i: body '$t'"; }
	grep -q "^Subject: test $i"$'\r'"\$" "$W/f/$i.eml" || ok=1
done
tap_ok $ok "each fetched message has its own headers and body"
len=$(awk '$1 == 4 { print $2 }' <<<"$out")
size=$(ms_doveadm -f flow fetch -u "$U" size.virtual mailbox INBOX uid 4 |
    sed 's/.*=//')
tap_is "$(stat -c %s "$W/f/4.eml") $len" "$size $size" \
    "the message with a NUL byte keeps its length (RFC822.SIZE)"
LC_ALL=C grep -aq 'before.after NULTEXT' "$W/f/4.eml"
tap_ok $? "the NUL byte is one byte (Dovecot sends it as 0x80)"
flags=$(ms_doveadm -f flow fetch -u "$U" flags mailbox INBOX all)
tap_unlike "$flags" 'Seen' "fetching sets no \\Seen"
out=$(tool -x 100 "$PLAIN" fetch)
tap_like "$out" "^4 oversize $size\$" "a message above max_bytes is reported, not fetched"

maildir bulk@fao.example.test $(for i in $(seq 1000); do echo 700; done)
BULK=${PLAIN%.conf}-bulk.conf
sed 's/^user = .*/user = bulk@fao.example.test/' "$PLAIN" >"$BULK"
out=$(tool "$BULK" fetch)
tap_is "$(grep -c '^[0-9]* [0-9]*$' <<<"$out") $(grep -v fetched <<<"$out" |
    awk '{ print $1 }' | sort -n -c && echo sorted)" "1000 sorted" \
    "1000 messages come in batches, all of them, in UID order"
tap_diag "$(grep fetched <<<"$out")"

maildir big@fao.example.test 3000000 3000000 3000000 12000000 3000000
BIG=${PLAIN%.conf}-big.conf
sed 's/^user = .*/user = big@fao.example.test/' "$PLAIN" >"$BIG"
out=$(tool -x 10000000 "$BIG" fetch)
tap_like "$(awk '{ print $1, $2 }' <<<"$out" | tr '\n' ' ')" '^1 [0-9]+ 2 [0-9]+ 3 [0-9]+ 4 oversize 5 [0-9]+ fetched 4 ' \
    "big messages: bounded batches, the one above max_bytes reported in order"

# -------------------------------------------------------------------- IDLE

out=$(tool "$PLAIN" idle 2 | tail -n 1)
tap_like "$out" '^timeout (19[5-9][0-9]|2[0-9]{3})$' "IDLE times out when no mail comes"

# idle_bg SECONDS: imap_tool idle in the background, once it is idling.
idle_bg()
{
	: >"$W/idle.out"
	"$TOOL" "$PLAIN" idle "$1" >"$W/idle.out" 2>&1 &
	IDLE_PID=$!
	for ((i = 0; i < 200; i++)); do
		grep -q ready "$W/idle.out" && break
		sleep 0.05
	done
	sleep 0.2	# from "ready" to IDLE on the wire
}

idle_bg 20
mail 5 "fifth body text"
t0=$(date +%s%N)
for ((i = 0; i < 500; i++)); do
	grep -q '^woken' "$W/idle.out" && break
	sleep 0.01
done
ms=$((($(date +%s%N) - t0) / 1000000))
wait "$IDLE_PID"
tap_like "$(cat "$W/idle.out")" '^woken ' "IDLE wakes when a mail comes"
tap_ok $((ms > 5000)) "IDLE wakes within 5 s of the SMTP 250 (took $ms ms)"

idle_bg 20
t0=$(date +%s%N)
kill -TERM "$IDLE_PID"
wait "$IDLE_PID"
ms=$((($(date +%s%N) - t0) / 1000000))
tap_like "$(cat "$W/idle.out")" '^stopped ' "the stop flag ends IDLE"
tap_ok $((ms > 1500)) "IDLE ends within 1.5 s of the stop flag (took $ms ms)"

idle_bg 20
ms_doveadm kick "$U" >/dev/null
wait "$IDLE_PID"
rc=$?
tap_like "$(cat "$W/idle.out")" \
    "^imap_tool: 127\.0\.0\.1:$MS_IMAP_PORT: IDLE DONE: connection (closed by the server|lost)" \
    "a dropped connection names the server, the step and the words"
tap_is "$rc" 1 "(and is an error)"

idle_bg 20
kill -KILL $(ms_doveadm who -1 "$U" | awk '$2 == "imap" { print $3 }')
wait "$IDLE_PID"
tap_like "$(cat "$W/idle.out")" \
    "^imap_tool: 127\.0\.0\.1:$MS_IMAP_PORT: IDLE DONE: connection closed by the server$" \
    "a connection dropped without a BYE is noticed"

# -------------------------------------------------------------------- MOVE

tap_is "$(imap_wait_count "$U" INBOX 5)" 5 "(five mails in INBOX)"
tool "$PLAIN" move all
tap_is "$(imap_count "$U" INBOX) $(imap_count "$U" Processed)" "0 5" \
    "move empties INBOX into the done mailbox, created on the way"
out=$(tool "$PLAIN" move 3)
tap_is "$out" "" "moving a UID that is gone is not an error"
out=$(tool -d INBOX "$PLAIN" move 3)
tap_like "$out" "UID MOVE to INBOX: that is the mailbox being read" \
    "moving into the mailbox being read is refused"

mail 6 "sixth" && mail 7 "seventh" && mail 8 "eighth"
imap_wait_count "$U" INBOX 3 >/dev/null
tool -d '已处理 & done' "$PLAIN" move 6
tap_is "$(imap_count "$U" '已处理 & done')" 1 \
    "a done mailbox with a non-ASCII name (modified UTF-7)"

# Without MOVE, then without UIDPLUS: as the server says after login.
cp "$MS_DIR/dovecot.conf" "$MS_DIR/dovecot.conf.orig"
echo 'imap_capability = IMAP4rev1 IDLE UIDPLUS LITERAL+' >>"$MS_DIR/dovecot.conf"
ms_doveadm reload
tool "$PLAIN" move 7
tap_is "$(imap_count "$U" INBOX) $(imap_count "$U" Processed)" "1 6" \
    "without MOVE: UID COPY, STORE \\Deleted, UID EXPUNGE"
sed -i 's/^imap_capability = .*/imap_capability = IMAP4rev1 IDLE LITERAL+/' \
    "$MS_DIR/dovecot.conf"
ms_doveadm reload
tool "$PLAIN" move 8
tap_is "$(imap_count "$U" INBOX) $(imap_count "$U" Processed)" "0 7" \
    "without MOVE and UIDPLUS: UID COPY, STORE \\Deleted, EXPUNGE"
cp "$MS_DIR/dovecot.conf.orig" "$MS_DIR/dovecot.conf"
ms_doveadm reload

tap_done
exit $((TAP_FAILED > 0))
