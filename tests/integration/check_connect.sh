#!/bin/bash
# check_connect.sh - gongkai init and check --connect against the real
# Dovecot + Exim stack of tests/harness/lib.sh: every way in (imap://,
# imaps://, STARTTLS on both) and every way to fail (wrong password,
# server down, certificate from somebody else).
set -eu
. "${GK_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/harness/lib.sh"

OFFICE=gongkai@fao.example.test

# run_gk ARGS...: the program on $GK_CONF; sets OUT (its config, imap
# and smtp lines: the templates and calendar lines are not this test's)
# and RC.
run_gk()
{
	RC=0
	OUT=$(gk "$@" 2>"$GK_DIR/stderr") || RC=$?
	OUT=$(grep -E '^(config|imap|smtp):' <<<"$OUT" || true)
}

# is_rc WANT NAME: the exit status of the last run_gk, with its stderr
# on failure.
is_rc()
{
	tap_is "$RC" "$1" "$2"
	[ "$RC" = "$1" ] || tap_diag "stdout:" "$OUT" "stderr:" \
	    "$(cat "$GK_DIR/stderr")"
}

# line N: the Nth line of OUT.
line()
{
	sed -n "${1}p" <<<"$OUT"
}

# wait_line FILE ERE N: prints the Nth line of FILE matching ERE, waiting
# up to 5 s for it (daemons log after the client has its answer).
wait_line()
{
	local i l

	for ((i = 0; i < 100; i++)); do
		l=$(grep -E -e "$2" "$1" 2>/dev/null | sed -n "${3}p")
		[ -z "$l" ] || break
		sleep 0.05
	done
	printf '%s\n' "$l"
}

LOGIN_ERE="Login: user=<$OFFICE>"		# ", TLS," when encrypted
SESSION_ERE="no MAIL in SMTP .* C=EHLO"		# C=: the commands Exim got

# connect_logged: runs check --connect; sets LOGIN and SESSION to what
# Dovecot and Exim logged about its IMAP login and SMTP session.
connect_logged()
{
	local logins sessions

	logins=$(grep -c -E -e "$LOGIN_ERE" "$MS_DIR/dovecot.log") || true
	sessions=$(grep -c -E -e "$SESSION_ERE" \
	    "$MS_DIR/exim/log/mainlog") || true
	run_gk check --connect
	LOGIN=$(wait_line "$MS_DIR/dovecot.log" "$LOGIN_ERE" \
	    $((logins + 1)))
	SESSION=$(wait_line "$MS_DIR/exim/log/mainlog" "$SESSION_ERE" \
	    $((sessions + 1)))
}

# how STARTTLS URL: the protection check --connect names for a login.
how()
{
	case $1:$2 in
	true:*)	echo "STARTTLS, certificate verified" ;;
	*:imaps://* | *:smtps://*)	echo "TLS, certificate verified" ;;
	*)	echo "plain, loopback" ;;
	esac
}

# ok_output IMAP_URL IMAP_STARTTLS SMTP_URL SMTP_STARTTLS: the three
# lines of a check that passed, each login with its protection.
ok_output()
{
	printf 'config: ok: %s\nimap: ok: %s as %s (%s)\nsmtp: ok: %s (%s)' \
	    "$GK_CONF" "$1" "$OFFICE" "$(how "$2" "$1")" "$3" \
	    "$(how "$4" "$3")"
}

mailstack_start
IMAP=imap://127.0.0.1:$MS_IMAP_PORT
IMAPS=imaps://127.0.0.1:$MS_IMAPS_PORT
SMTP=smtp://127.0.0.1:$MS_SMTP_PORT

# -- the stack itself: plus-addressing in any case, failure injection
MSG=$MS_DIR/plus.eml
printf 'From: citizen@example.test\nTo: GongKai+Tok7@FAO.example.test\nSubject: plus\n\nhi\n' >"$MSG"
rc=0; smtp_send citizen@example.test GongKai+Tok7@FAO.example.test "$MSG" || rc=$?
tap_is "$rc" 0 "stack: SMTP accepts gongkai+token in any case"
tap_is "$(imap_wait_count "$OFFICE" INBOX 1)" 1 \
    "stack: it reaches gongkai's INBOX"
tap_like "$(imap_fetch "$OFFICE" INBOX "$(imap_uids "$OFFICE" INBOX)")" \
    '^To: GongKai\+Tok7@FAO\.example\.test$' \
    "stack: with the To header as written"
touch "$MS_DIR/smtp-defer"
rc=0; err=$(smtp_send citizen@example.test "$OFFICE" "$MSG" 2>&1) || rc=$?
tap_like "$rc $err" '^55 .*451' "stack: smtp-defer makes RCPT fail with 451"
rm "$MS_DIR/smtp-defer"
rc=0; err=$(smtp_send citizen@example.test nobody@fao.example.test "$MSG" 2>&1) ||
    rc=$?
tap_like "$rc $err" '^55 .*550' "stack: an unknown user gets 550"

# -- init: creates the database, the spool and the secret, then is a no-op
gk_config >/dev/null
cd "$GK_DIR"
run_gk init
is_rc 0 "init: exit 0"
tap_run "init: creates the database" test -s gongkai.db
tap_run "init: creates the spool folders (doc/design.md)" \
    test -d spool/tmp -a -d spool/in -a -d spool/out -a -d spool/quarantine
tap_is "$(stat -c %a secret 2>&1)" 600 "init: creates the secret, mode 0600"
# snapshot: the files init made, byte for byte (the database as its dump:
# init run again must change nothing in it).
snapshot()
{
	sqlite3 gongkai.db .dump 'PRAGMA user_version'
	sha256sum secret
	find spool -printf '%p %m %U\n' | sort
}
before=$(snapshot)
run_gk init
is_rc 0 "init again: exit 0"
tap_is "$(snapshot)" "$before" \
    "init again: database, secret and spool unchanged"
tap_like "$before" '^[1-9][0-9]*$' "init: the schema has a version"

# -- check --connect, every way in
connects()	# NAME IMAP_URL IMAP_STARTTLS SMTP_URL SMTP_STARTTLS
{
	gk_config "$2" "$3" "$4" "$5" >/dev/null
	gk init >/dev/null 2>&1
	connect_logged
	is_rc 0 "$1: exit 0"
	tap_is "$OUT" "$(ok_output "$2" "$3" "$4" "$5")" \
	    "$1: ok lines, naming each login's protection"
}

connects "imap plain, smtp plain" "$IMAP" false "$SMTP" false
tap_like "$LOGIN" ', secured,' "imap plain: logged in without TLS"
tap_like "$SESSION" 'C=EHLO,NOOP,QUIT' "smtp plain: no STARTTLS"

connects "imaps" "$IMAPS" false "$SMTP" false
tap_like "$LOGIN" ', TLS,' "imaps: the login was encrypted"

connects "imap starttls" "$IMAP" true "$SMTP" false
tap_like "$LOGIN" ', TLS,' "imap starttls: the login was encrypted"

connects "smtp starttls" "$IMAP" false "$SMTP" true
tap_like "$SESSION" 'C=EHLO,STARTTLS,EHLO,NOOP' \
    "smtp starttls: the session was encrypted"

# -- TLS by default: a configuration that does not say starttls gets it
gk_config >/dev/null
sed -i '/^starttls = /d' "$GK_CONF"
gk init >/dev/null 2>&1
connect_logged
is_rc 0 "starttls by default: exit 0"
tap_is "$OUT" "$(ok_output "$IMAP" true "$SMTP" true)" \
    "starttls by default: both logins say STARTTLS, certificate verified"
tap_like "$LOGIN" ', TLS,' "starttls by default: Dovecot saw a TLS login"
tap_like "$SESSION" 'C=EHLO,STARTTLS,EHLO,NOOP' \
    "starttls by default: Exim saw STARTTLS"

# -- no password in clear to a server not on loopback.  Fake servers on
# this machine's own non-loopback address offer no STARTTLS (as one in the
# middle that strips it would) and write down every line they get.
EXT=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9.]+$' |
    grep -v '^127\.' | head -n 1)
if [ -z "$EXT" ]; then
	tap_ok 1 "a non-loopback IPv4 address to listen on"
	tap_diag "hostname -I: $(hostname -I 2>&1)"
else
	for p in imap smtp; do
		python3 "$GK_HARNESS/sniff.py" "$p" "$EXT" "$MS_DIR/$p.port" \
		    "$MS_DIR/$p.sniffed" &
		gk_atexit "kill $! 2>/dev/null"
	done
	for i in $(seq 100); do
		[ -s "$MS_DIR/imap.port" ] && [ -s "$MS_DIR/smtp.port" ] && break
		sleep 0.05
	done
	FAKE_IMAP=imap://$EXT:$(cat "$MS_DIR/imap.port")
	FAKE_SMTP=smtp://$EXT:$(cat "$MS_DIR/smtp.port")
	gk_config "$FAKE_IMAP" false "$FAKE_SMTP" false >/dev/null
	sed -i -e '/^starttls = /d' \
	    -e 's|^\(from = .*\)$|\1\nuser = gongkai@fao.example.test\npassword_file = imap.pass|' \
	    "$GK_CONF"
	gk init >/dev/null 2>&1
	run_gk check --connect
	is_rc 1 "stripped STARTTLS, default config: exit 1"
	tap_like "$(line 2)" "^imap: failed: $EXT:[0-9]+: STARTTLS" \
	    "stripped STARTTLS: imap fails at STARTTLS"
	tap_like "$(line 3)" "^smtp: failed: $FAKE_SMTP: STARTTLS" \
	    "stripped STARTTLS: smtp fails at STARTTLS"
	tap_unlike "$(cat "$MS_DIR/imap.sniffed" "$MS_DIR/smtp.sniffed")" \
	    "LOGIN|AUTH|$MS_PASSWORD|$(printf '\0gongkai@fao.example.test\0%s' \
	    "$MS_PASSWORD" | base64)" \
	    "stripped STARTTLS: neither fake server got a login or the password"
	tap_like "$(cat "$MS_DIR/imap.sniffed")" 'STARTTLS' \
	    "stripped STARTTLS: the fake IMAP server was asked for STARTTLS"
	# Saying starttls = false for such a server is refused outright.
	sed -i 's|^\(url = imap://.*\)$|\1\nstarttls = false|' "$GK_CONF"
	run_gk check --connect
	is_rc 2 "starttls = false to a non-loopback server: exit 2"
	tap_like "$(cat "$GK_DIR/stderr")" \
	    "gongkai\.conf:[0-9]+: \[imap\] starttls: false would send the password without TLS to a server not on loopback" \
	    "starttls = false to a non-loopback server: the config error says why"
fi

# A certificate that the server's is not: STARTTLS must verify it.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$MS_DIR/other.key" -out "$MS_DIR/other.pem" >/dev/null 2>&1
MS_CA=$MS_DIR/other.pem gk_config "$IMAP" false "$SMTP" true >/dev/null
gk init >/dev/null 2>&1
run_gk check --connect
is_rc 1 "smtp starttls, another CA: exit 1"
tap_is "$(line 2)" "imap: ok: $IMAP as $OFFICE (plain, loopback)" \
    "smtp starttls, another CA: imap still ok"
tap_like "$(line 3)" "^smtp: failed: $SMTP: " \
    "smtp starttls, another CA: smtp failed"

# -- check --connect, every way to fail
gk_config >/dev/null
gk init >/dev/null 2>&1
echo wrong-password >"$GK_DIR/imap.pass"
run_gk check --connect
is_rc 1 "wrong password: exit 1"
tap_is "$(line 1)" "config: ok: $GK_CONF" "wrong password: config ok"
tap_like "$(line 2)" \
    "^imap: failed: 127\.0\.0\.1:$MS_IMAP_PORT: LOGIN.*: .*Authentication failed" \
    "wrong password: imap failed, naming server, LOGIN and Dovecot's words"
tap_is "$(line 3)" "smtp: ok: $SMTP (plain, loopback)" \
    "wrong password: smtp still ok"
echo "$MS_PASSWORD" >"$GK_DIR/imap.pass"

mailstack_stop_dovecot
run_gk check --connect
is_rc 1 "dovecot down: exit 1"
tap_like "$(line 2)" "^imap: failed: 127\.0\.0\.1:$MS_IMAP_PORT: connect" \
    "dovecot down: imap failed at connect"
tap_is "$(line 3)" "smtp: ok: $SMTP (plain, loopback)" \
    "dovecot down: smtp still ok"
mailstack_start_dovecot
run_gk check --connect
is_rc 0 "dovecot back: exit 0"

mailstack_stop_exim
run_gk check --connect
is_rc 1 "exim down: exit 1"
tap_is "$(line 2)" "imap: ok: $IMAP as $OFFICE (plain, loopback)" \
    "exim down: imap still ok"
tap_like "$(line 3)" "^smtp: failed: $SMTP: connect" \
    "exim down: smtp failed at connect"
run_gk check
is_rc 0 "exim down: check without --connect: exit 0"
tap_is "$OUT" "config: ok: $GK_CONF" \
    "exim down: check without --connect prints the config line only"
mailstack_start_exim
run_gk check --connect
is_rc 0 "exim back: exit 0"

tap_done
