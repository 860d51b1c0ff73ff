# tests/harness/lib.sh - the test harness, sourced by bash test scripts:
# a real Dovecot (IMAP, IMAPS, LMTP) + Exim (SMTP) stack on loopback,
# a gongkai configuration pointing at it, mail helpers and TAP output.
#
#	. "$GK_SRCDIR/tests/harness/lib.sh"
#	tap_plan 3
#	mailstack_start			# MS_DIR, MS_*_PORT, MS_CA
#	gk_config >/dev/null		# GK_DIR, GK_CONF
#	...
#
# doc/design.md, "Build and tests", says what the stack is for.  Every
# daemon started here is stopped by PID on every exit path (EXIT, INT,
# TERM); a script that needs an exit hook of its own registers it with
# gk_atexit instead of replacing the trap.  The stack's folder is removed
# when the script exits 0 with no failed test, and kept (and named in a
# TAP comment) otherwise, or always with GK_KEEP=1.
#
# Needs root (daemons, chown), bash 4.3, curl, openssl, doveadm, exim4.
# A script whose needs are missing (no Dovecot or Exim on the machine, not
# root) is skipped whole, with the reason: mailstack_start, gk_config and
# gk_require print "1..0 # SKIP REASON" (tests/README.md, "Skips").

: "${GK_SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${GK_BUILDDIR:=$GK_SRCDIR/build}"
: "${MS_LOCK:=/tmp/gk-mailstack.lock}"	# serialises port picking
: "${GONGKAI:=$GK_BUILDDIR/gongkai}"
export GK_SRCDIR GK_BUILDDIR GONGKAI

# Everyone on the stack; the password of all of them is $MS_PASSWORD.
MS_USERS="gongkai@fao.example.test mishu@fao.example.test
gkreview@fao.example.test shenpi@fao.example.test head@fao.example.test
jingban@fao.example.test chushen@fao.example.test fenguan@fao.example.test
citizen@example.test zhang.zhe@example.test"
MS_PASSWORD=secret
MS_LOCK_WAIT=120			# seconds
MS_WAIT_STEPS=200		# banner and process waits: 200 x 50 ms = 10 s

# ---------------------------------------------------------------- exit hooks

GK_ATEXIT=()

# gk_atexit CMD...: run CMD (with eval) on exit, the latest first.
gk_atexit()
{
	GK_ATEXIT+=("$*")
}

gk_exit_hooks()
{
	local rc=$? i

	set +e
	trap - EXIT
	[ "$TAP_N" != 0 ] || [ -n "$TAP_SKIPPED" ] || tap_show_plan
	for ((i = ${#GK_ATEXIT[@]} - 1; i >= 0; i--)); do
		GK_EXIT_STATUS=$rc eval "${GK_ATEXIT[i]}"
	done
	exit "$rc"
}

trap gk_exit_hooks EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------- TAP

TAP_N=0
TAP_FAILED=0
TAP_PLANNED=
TAP_PLAN_SHOWN=
TAP_SKIPPED=

# tap_plan N: the number of tests this script runs, printed before the
# first result, so that the script can still be skipped whole until then.
tap_plan()
{
	TAP_PLANNED=$1
}

tap_show_plan()
{
	[ -n "$TAP_PLANNED" ] && [ -z "$TAP_PLAN_SHOWN" ] || return 0
	TAP_PLAN_SHOWN=1
	printf '1..%d\n' "$TAP_PLANNED"
}

# tap_done: prints the plan at the end when tap_plan was not called.
tap_done()
{
	tap_show_plan
	[ -n "$TAP_PLANNED" ] || printf '1..%d\n' "$TAP_N"
}

# gk_skip REASON: the whole script is skipped, its reason in the plan
# ("1..0 # SKIP dovecot not installed"), which the TAP driver reports as
# SKIP.  The exit status is 0: the TAP driver counts any other, 77
# included, as an error.  Once a result is out, a skip would be a lie
# about the tests that ran: the harness bails out instead.
gk_skip()
{
	if [ "$TAP_N" != 0 ]; then
		printf 'Bail out! %s (after %d tests)\n' "$*" "$TAP_N"
		exit 1
	fi
	TAP_SKIPPED=1
	printf '1..0 # SKIP %s\n' "$*"
	printf '%s: skipped: %s\n' "${0##*/}" "$*" >&2
	exit 0
}

# gk_require WHAT...: skips the script unless each WHAT is here: "root",
# "mailstack" (Dovecot and Exim as Debian packages them, and root), or a
# command name.
gk_require()
{
	local w c

	for w in "$@"; do
		case $w in
		root)
			[ "$(id -u)" = 0 ] ||
			    gk_skip "needs root (it chowns files to a" \
			    "user of its own, as an installation does)"
			;;
		mailstack)
			gk_require root
			for c in dovecot doveadm exim4; do
				command -v "$c" >/dev/null ||
				    gk_skip "$c not installed (the tests" \
				    "start a real Dovecot and Exim)"
			done
			id Debian-exim >/dev/null 2>&1 ||
			    gk_skip "no user Debian-exim (Exim as" \
			    "Debian packages it)"
			gk_require openssl curl flock
			;;
		*)
			command -v "$w" >/dev/null ||
			    gk_skip "$w not installed"
			;;
		esac
	done
}

# tap_diag TEXT...: TAP comments, one per line of TEXT.
tap_diag()
{
	printf '%s\n' "$@" | sed 's/^/# /'
}

# tap_ok STATUS NAME: passes when STATUS is 0.  Never fails itself, so
# scripts under set -e go on after a failed test.
tap_ok()
{
	tap_show_plan
	TAP_N=$((TAP_N + 1))
	if [ "$1" = 0 ]; then
		printf 'ok %d - %s\n' "$TAP_N" "$2"
	else
		TAP_FAILED=$((TAP_FAILED + 1))
		printf 'not ok %d - %s\n' "$TAP_N" "$2"
	fi
}

# tap_run NAME CMD...: passes when CMD exits 0 (its output is a comment).
tap_run()
{
	local name=$1 out rc=0

	shift
	out=$("$@" 2>&1) || rc=$?
	tap_ok "$rc" "$name"
	if [ "$rc" != 0 ]; then
		tap_diag "command: $*" "exit status: $rc"
		[ -z "$out" ] || tap_diag "$out"
	fi
}

# tap_is GOT WANT NAME: passes when GOT and WANT are the same text.
tap_is()
{
	if [ "$1" == "$2" ]; then
		tap_ok 0 "$3"
	else
		tap_ok 1 "$3"
		tap_diag "got:" "$1" "want:" "$2"
	fi
}

# tap_like GOT ERE NAME: passes when a line of GOT matches the extended
# regular expression ERE.
tap_like()
{
	if printf '%s\n' "$1" | grep -Eq -e "$2"; then
		tap_ok 0 "$3"
	else
		tap_ok 1 "$3"
		tap_diag "got:" "$1" "want a line matching:" "$2"
	fi
}

# tap_unlike GOT ERE NAME: passes when no line of GOT matches ERE.
tap_unlike()
{
	if printf '%s\n' "$1" | grep -Eq -e "$2"; then
		tap_ok 1 "$3"
		tap_diag "got:" "$1" "want no line matching:" "$2"
	else
		tap_ok 0 "$3"
	fi
}

# ------------------------------------------------------------ the mail stack

# ms_die MSG: a broken harness, not a failed test.  The TAP driver counts
# "Bail out!" as an error; mailstack.sh sets MS_STANDALONE.
ms_die()
{
	[ -n "${MS_STANDALONE:-}" ] || printf 'Bail out! mailstack: %s\n' "$*"
	printf 'mailstack: %s\n' "$*" >&2
	exit 1
}

# ms_spawn CMD...: runs a daemon's start command with no file descriptor
# of ours: an inherited pipe would keep the test driver waiting for EOF,
# an inherited lock would stay held.
ms_spawn()
{
	(
		for f in /proc/$BASHPID/fd/*; do
			n=${f##*/}
			if ((n > 2)); then
				eval "exec $n>&-"
			fi
		done
		exec "$@"
	) </dev/null >/dev/null 2>&1
}

# ms_banner PORT PREFIX: the server on PORT greets with PREFIX (the
# IMAPS port says nothing before TLS: imap-login serves both ports, so the
# plain greeting tells that both are ready).
ms_banner()
{
	(
		exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
		read -r -t 2 line <&3 || exit 1
		[[ $line == "$2"* ]]
	) 2>/dev/null
}

# ms_wait_banner PORT PREFIX: polls every 50 ms, for 10 s at most.
ms_wait_banner()
{
	local i

	for ((i = 0; i < MS_WAIT_STEPS; i++)); do
		ms_banner "$1" "$2" && return 0
		sleep 0.05
	done
	return 1
}

# ms_port_free PORT: nothing listens on PORT.
ms_port_free()
{
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ms_pick_ports: three free ports below the kernel's ephemeral range, so
# that no outgoing connection takes one between here and the bind.
ms_pick_ports()
{
	local p picked=" "

	while [ "$(wc -w <<<"$picked")" -lt 3 ]; do
		p=$((20000 + RANDOM % 12000))
		[[ $picked == *" $p "* ]] && continue
		ms_port_free "$p" && picked="$picked$p "
	done
	read -r MS_IMAP_PORT MS_IMAPS_PORT MS_SMTP_PORT <<<"$picked"
	export MS_IMAP_PORT MS_IMAPS_PORT MS_SMTP_PORT
}

# ms_proc_alive PID NAME: PID is a running (not zombie) process named NAME.
# PID 1 here reaps orphans late, so a stopped daemon lingers as a zombie.
ms_proc_alive()
{
	local stat

	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

# ms_pid PIDFILE NAME: prints the PID if it is a live NAME process.
ms_pid()
{
	local pid

	pid=$(cat "$1" 2>/dev/null) || return 1
	ms_proc_alive "$pid" "$2" && printf '%s\n' "$pid"
}

# ms_wait_gone PID NAME: until PID is gone or a zombie; then SIGKILL.
ms_wait_gone()
{
	local i

	for ((i = 0; i < MS_WAIT_STEPS; i++)); do
		ms_proc_alive "$1" "$2" || return 0
		sleep 0.05
	done
	printf 'mailstack: %s (pid %s) ignored SIGTERM; killing it\n' \
	    "$2" "$1" >&2
	kill -KILL "$1" 2>/dev/null
	sleep 0.1
	! ms_proc_alive "$1" "$2"
}

# ms_stop PIDFILE NAME: stops the daemon whose PID is in PIDFILE.
ms_stop()
{
	local pid

	if pid=$(ms_pid "$1" "$2"); then
		kill -TERM "$pid" 2>/dev/null || true
		ms_wait_gone "$pid" "$2" || return 1
	fi
	rm -f "$1"
}

ms_dovecot_conf()
{
	local T=$MS_DIR

	cat <<EOF
# Dovecot for gongkai's tests (written by tests/harness/lib.sh)
base_dir = $T/run
state_dir = $T/state
instance_name = gk-mailstack
protocols = imap lmtp
listen = 127.0.0.1
log_path = $T/dovecot.log
ssl = yes
ssl_cert = <$T/cert.pem
ssl_key = <$T/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_max_userip_connections = 100
recipient_delimiter = +
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%Lu $T/users
}
userdb {
  driver = static
  args = uid=vmail gid=vmail home=$T/mail/%Ld/%Ln
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $MS_IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $MS_IMAPS_PORT
    ssl = yes
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
}
protocol lmtp {
  auth_username_format = %Lu
}
EOF
}

ms_exim_conf()
{
	local T=$MS_DIR

	cat <<EOF
# Exim for gongkai's tests (written by tests/harness/lib.sh)
primary_hostname = mail.fao.example.test
qualify_domain = fao.example.test
domainlist local_domains = fao.example.test : example.test
daemon_smtp_ports = $MS_SMTP_PORT
local_interfaces = 127.0.0.1
spool_directory = $T/exim/spool
log_file_path = $T/exim/log/%slog
log_selector = +smtp_no_mail
pid_file_path = $T/exim/exim.pid
exim_user = Debian-exim
exim_group = Debian-exim
keep_environment =
host_lookup =
rfc1413_hosts =
tls_advertise_hosts = *
tls_certificate = $T/cert.pem
tls_privatekey = $T/key.pem
smtp_accept_max = 100
smtp_accept_queue_per_connection = 0
smtp_accept_max_per_connection = \${if exists{$T/smtp-max2}{2}{1000}}
message_size_limit = 50M
acl_smtp_rcpt = acl_rcpt

begin acl
acl_rcpt:
  defer   message   = 4.3.0 test-induced temporary failure
          condition = \${if exists{$T/smtp-defer}}
  accept  domains   = +local_domains
          verify    = recipient
  deny    message   = 5.1.1 unknown user

begin routers
dovecot:
  driver = accept
  domains = +local_domains
  local_part_suffix = +*
  local_part_suffix_optional
  condition = \${lookup{\${lc:\$local_part@\$domain}}lsearch{$T/users}{yes}{no}}
  transport = dovecot_lmtp

begin transports
dovecot_lmtp:
  driver = lmtp
  socket = $T/run/lmtp
  user = Debian-exim
  batch_max = 100
  rcpt_include_affixes

begin retry
*  *  F,1h,15s
EOF
}

# mailstack_add_user ADDR: a mailbox with password $MS_PASSWORD.  Dovecot
# and the Exim ACL read the users file live: no restart is needed.
mailstack_add_user()
{
	printf '%s:{PLAIN}%s\n' "${1,,}" "$MS_PASSWORD" >>"$MS_DIR/users"
}

# ms_setup: the folders, certificate and users in $MS_DIR: everything but
# the ports.
ms_setup()
{
	local T=$MS_DIR u

	[ "${#T}" -le 80 ] || ms_die "$T: too long for a unix socket path"
	# Dovecot refuses uid 0 for mail; tests start side by side.
	id vmail >/dev/null 2>&1 ||
	    flock "$MS_LOCK.vmail" sh -c 'id vmail >/dev/null 2>&1 ||
	    useradd --system --no-create-home --home-dir /nonexistent \
	    --shell /usr/sbin/nologin vmail' || ms_die "cannot create user vmail"
	mkdir -p "$T"/run "$T"/state "$T"/mail "$T"/exim/spool "$T"/exim/log
	chmod 0755 "$T" "$T"/run "$T"/state
	chown vmail:vmail "$T/mail"
	chown -R Debian-exim:Debian-exim "$T/exim"
	if [ ! -s "$T/cert.pem" ]; then
		openssl req -x509 -newkey rsa:2048 -nodes -days 30 \
		    -subj /CN=localhost \
		    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
		    -keyout "$T/key.pem" -out "$T/cert.pem" \
		    >"$T/openssl.log" 2>&1 ||
		    ms_die "openssl req failed: $(cat "$T/openssl.log")"
		chmod 0644 "$T/cert.pem"
		chgrp Debian-exim "$T/key.pem"
		chmod 0640 "$T/key.pem"
	fi
	if [ ! -e "$T/users" ]; then
		: >"$T/users"
		for u in $MS_USERS; do
			mailstack_add_user "$u"
		done
	fi
	chmod 0644 "$T/users"
	MS_CA=$T/cert.pem
	export MS_DIR MS_CA
}

# ms_configure: dovecot.conf and exim.conf for the ports in $MS_*_PORT.
ms_configure()
{
	ms_dovecot_conf >"$MS_DIR/dovecot.conf"
	ms_exim_conf >"$MS_DIR/exim.conf"
	chmod 0644 "$MS_DIR/dovecot.conf" "$MS_DIR/exim.conf"
}

# mailstack_start_dovecot: starts Dovecot and waits for its IMAP greeting.
mailstack_start_dovecot()
{
	ms_spawn dovecot -c "$MS_DIR/dovecot.conf" &&
	    ms_wait_banner "$MS_IMAP_PORT" '* OK' &&
	    ! ms_port_free "$MS_IMAPS_PORT" && return 0
	printf 'mailstack: dovecot did not start on %s/%s; see %s\n' \
	    "$MS_IMAP_PORT" "$MS_IMAPS_PORT" "$MS_DIR/dovecot.log" >&2
	tail -n 5 "$MS_DIR/dovecot.log" >&2 2>/dev/null
	return 1
}

# mailstack_start_exim: starts Exim and waits for its SMTP greeting.
mailstack_start_exim()
{
	ms_spawn exim4 -C "$MS_DIR/exim.conf" -bd -q15s &&
	    ms_wait_banner "$MS_SMTP_PORT" 220 && return 0
	printf 'mailstack: exim did not start on %s; see %s\n' \
	    "$MS_SMTP_PORT" "$MS_DIR/exim/log/paniclog" >&2
	tail -n 5 "$MS_DIR/exim/log/paniclog" >&2 2>/dev/null
	return 1
}

mailstack_stop_dovecot()
{
	ms_stop "$MS_DIR/run/master.pid" dovecot
}

mailstack_stop_exim()
{
	ms_stop "$MS_DIR/exim/exim.pid" exim4
}

# mailstack_stop: both daemons, at the same time (Dovecot takes ~1 s).
mailstack_stop()
{
	local dpid epid rv=0

	epid=$(ms_pid "$MS_DIR/exim/exim.pid" exim4) &&
	    kill -TERM "$epid" 2>/dev/null
	dpid=$(ms_pid "$MS_DIR/run/master.pid" dovecot) &&
	    kill -TERM "$dpid" 2>/dev/null
	[ -z "$epid" ] || ms_wait_gone "$epid" exim4 || rv=1
	[ -z "$dpid" ] || ms_wait_gone "$dpid" dovecot || rv=1
	rm -f "$MS_DIR/exim/exim.pid" "$MS_DIR/run/master.pid"
	return "$rv"
}

# mailstack_run: sets up $MS_DIR for the ports in $MS_*_PORT (keeping
# what is there but the configurations) and starts both daemons; returns 1 (both stopped) if either
# fails, e.g. because a port was taken.
mailstack_run()
{
	ms_setup
	ms_configure
	mailstack_start_dovecot && mailstack_start_exim && return 0
	mailstack_stop
	return 1
}

# ms_cleanup: the exit hook of mailstack_start.
ms_cleanup()
{
	local rc=${GK_EXIT_STATUS:-0}

	mailstack_stop
	if [ "$rc" = 0 ] && [ "$TAP_FAILED" = 0 ] && [ -z "${GK_KEEP:-}" ]
	then
		rm -rf "$MS_DIR"
	else
		printf '# mailstack: kept %s\n' "$MS_DIR"
	fi
}

# mailstack_start: a fresh stack in a new folder on free ports, stopped on
# exit.  Exports MS_DIR, MS_IMAP_PORT, MS_IMAPS_PORT, MS_SMTP_PORT, MS_CA.
mailstack_start()
{
	local lockfd try

	gk_require mailstack
	MS_DIR=$(mktemp -d /tmp/gk.XXXXXX) || ms_die "mktemp failed"
	chmod 0755 "$MS_DIR"
	export MS_DIR
	gk_atexit ms_cleanup
	ms_setup
	exec {lockfd}>"$MS_LOCK"
	flock -w "$MS_LOCK_WAIT" "$lockfd" ||
	    ms_die "$MS_LOCK: still locked after $MS_LOCK_WAIT s"
	for try in 1 2 3; do
		ms_pick_ports
		mailstack_run && break
		[ "$try" != 3 ] || ms_die "no stack after 3 tries; see $MS_DIR"
	done
	exec {lockfd}>&-
}

# ------------------------------------------------------------ gongkai config

ms_sed_escape()
{
	local v=${1//\\/\\\\}

	v=${v//&/\\&}
	printf '%s' "${v//|/\\|}"
}

# The unprivileged user the daemon becomes ([daemon] user): the tests run
# as root, as an installation's service manager starts gongkai.
: "${GK_USER:=gongkai-test}"

# gk_config [IMAP_URL] [IMAP_STARTTLS] [SMTP_URL] [SMTP_STARTTLS]: a fresh
# work folder GK_DIR with gongkai.conf (from tests/data/gongkai.conf.in,
# plus [daemon] user = $GK_USER) and imap.pass, all of it owned by
# $GK_USER (created if missing) as an installation's state folder would
# be; exports GK_DIR and GK_CONF and prints GK_CONF.
gk_config()
{
	local imap_url=${1:-imap://127.0.0.1:${MS_IMAP_PORT:?no mailstack}}
	local imap_tls=${2:-false}
	local smtp_url=${3:-smtp://127.0.0.1:${MS_SMTP_PORT:?no mailstack}}
	local smtp_tls=${4:-false}
	local ca=${MS_CA:-/nonexistent/cert.pem}

	gk_require root
	GK_DIR=$(mktemp -d "${MS_DIR:-/tmp}/gk.XXXXXX") || return 1
	[ -n "${MS_DIR:-}" ] || gk_atexit "rm -rf '$GK_DIR'"
	GK_CONF=$GK_DIR/gongkai.conf
	sed -e "s|@IMAP_URL@|$(ms_sed_escape "$imap_url")|g" \
	    -e "s|@IMAP_STARTTLS@|$(ms_sed_escape "$imap_tls")|g" \
	    -e "s|@SMTP_URL@|$(ms_sed_escape "$smtp_url")|g" \
	    -e "s|@SMTP_STARTTLS@|$(ms_sed_escape "$smtp_tls")|g" \
	    -e "s|@CA_FILE@|$(ms_sed_escape "$ca")|g" \
	    "$GK_SRCDIR/tests/data/gongkai.conf.in" >"$GK_CONF" || return 1
	(umask 077 && printf '%s\n' "$MS_PASSWORD" >"$GK_DIR/imap.pass")
	id "$GK_USER" >/dev/null 2>&1 ||
	    flock "$MS_LOCK.gkuser" sh -c "id '$GK_USER' >/dev/null 2>&1 ||
	    useradd --system --no-create-home --home-dir /nonexistent \
	    --shell /usr/sbin/nologin '$GK_USER'" ||
	    { echo "gk_config: cannot create user $GK_USER" >&2; return 1; }
	printf '\n[daemon]\nuser = %s\n' "$GK_USER" >>"$GK_CONF"
	chown -R "$GK_USER:" "$GK_DIR"
	export GK_DIR GK_CONF
	printf '%s\n' "$GK_CONF"
}

# --------------------------------------------------------------- mail helpers

# smtp_send FROM TO... FILE: submits FILE (a whole message) over SMTP.
smtp_send()
{
	local from=$1 file=${!#} rcpt=()
	local i

	for ((i = 2; i < $#; i++)); do
		rcpt+=(--mail-rcpt "${!i}")
	done
	curl -sS --max-time 30 "smtp://127.0.0.1:$MS_SMTP_PORT/client.test" \
	    --mail-from "$from" "${rcpt[@]}" -T "$file"
}

ms_doveadm()
{
	doveadm -c "$MS_DIR/dovecot.conf" "$@"
}

# imap_count USER MAILBOX: prints how many messages MAILBOX holds; fails
# (printing nothing) when it does not exist.
imap_count()
{
	local out

	out=$(ms_doveadm -f tab mailbox status -u "$1" messages "$2") ||
	    return 1
	printf '%s\n' "${out##*$'\t'}"
}

# imap_wait_count USER MAILBOX N [SECONDS]: until MAILBOX holds N messages
# (delivery takes ~250 ms after the SMTP 250); prints the last count.
imap_wait_count()
{
	local i n= steps=$((${4:-10} * 20))

	for ((i = 0; i < steps; i++)); do
		n=$(imap_count "$1" "$2" 2>/dev/null) || n=
		[ "$n" != "$3" ] || break
		sleep 0.05
	done
	printf '%s\n' "$n"
	[ "$n" = "$3" ]
}

# imap_fetch USER MAILBOX UID: prints the whole message without setting
# \Seen.
# imap_append USER FILE DATE: FILE into USER's INBOX with INTERNALDATE
# DATE ("18-Dec-2026 09:30:00 +0800"), as a server sets it on delivery:
# the arrival gongkai counts a request from.  A server dates no mail in
# the future: Dovecot takes now instead.
imap_append()
{
	python3 - "$MS_IMAP_PORT" "$MS_PASSWORD" "$1" "$2" "$3" <<'EOF'
import imaplib, sys
port, password, user, path, date = sys.argv[1:]
c = imaplib.IMAP4("127.0.0.1", int(port))
c.login(user, password)
typ, _ = c.append("INBOX", None, '"%s"' % date, open(path, "rb").read())
c.logout()
sys.exit(typ != "OK")
EOF
}

imap_fetch()
{
	local out

	out=$(ms_doveadm -f pager fetch -u "$1" text mailbox "$2" uid "$3") ||
	    return 1
	[ -n "$out" ] || return 1
	out=${out#text:$'\n'}
	printf '%s\n' "${out%$'\f'}"
}

# imap_uids USER MAILBOX: the UIDs in MAILBOX, one a line.
imap_uids()
{
	ms_doveadm search -u "$1" mailbox "$2" all | awk '{ print $2 }'
}

# gk ARGS...: runs the program under test on $GK_CONF.
gk()
{
	"$GONGKAI" -c "$GK_CONF" "$@"
}

# webhook_receiver FAILS: the website's CMS for the webhook tests
# (webhook_receiver.py) on a free loopback port, in $WEBHOOK_PORT; each
# POST logged as a JSON line to $WEBHOOK_LOG ($GK_DIR/posts.log), the
# first FAILS answered 503; stopped at exit.  webhook_q EXPR: a Python
# expression over the POSTs logged, as p (a list).
webhook_receiver()
{
	local i pid

	WEBHOOK_LOG=$GK_DIR/posts.log
	: >"$WEBHOOK_LOG"
	python3 "$GK_HARNESS/webhook_receiver.py" "$GK_DIR/port" \
	    "$WEBHOOK_LOG" "$1" &
	pid=$!
	gk_atexit "kill $pid 2>/dev/null"
	for i in $(seq 100); do
		[ -s "$GK_DIR/port" ] && break
		sleep 0.05
	done
	[ -s "$GK_DIR/port" ] || tap_bail "the webhook receiver did not start"
	WEBHOOK_PORT=$(cat "$GK_DIR/port")
}
webhook_q()
{
	python3 -c 'import json, sys
p = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
print(eval(sys.argv[2]))' "$WEBHOOK_LOG" "$1"
}

# json EXPR: a Python expression over the JSON document on stdin (what a
# read-only command printed with --json), as d.
json()
{
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# ------------------------------------------------- people answering mail

GK_HARNESS=$GK_SRCDIR/tests/harness

# mail_newest USER [FILE]: the newest mail in USER's INBOX, raw, into FILE
# (default $GK_DIR/last.eml).
mail_newest()
{
	local uid

	uid=$(imap_uids "$1" INBOX | tail -n 1)
	[ -n "$uid" ] || return 1
	imap_fetch "$1" INBOX "$uid" >"${2:-$GK_DIR/last.eml}"
}

# mail_field WHAT [FILE]: one thing of a raw mail (readmail.py's WHAT).
mail_field()
{
	python3 "$GK_HARNESS/readmail.py" "$1" <"${2:-$GK_DIR/last.eml}"
}

# mail_reply STYLE FROM TEXT [ATTACH]: FROM answers the newest mail in
# their INBOX as a mail client of STYLE would (mkmail.py), to its
# Reply-To, quoting it; sent by SMTP and waited for in the office's INBOX.
mail_reply()
{
	local style=$1 from=$2 text=$3 to irt subj

	mail_newest "$from" || return 1
	to=$(mail_field reply-to); irt=$(mail_field message-id)
	subj=$(mail_field subject)
	mail_field body >"$GK_DIR/quote.txt"
	python3 "$GK_HARNESS/mkmail.py" "$style" "$from" "$to" "Re: $subj" \
	    "$text" --in-reply-to "$irt" --quote "$GK_DIR/quote.txt" \
	    ${4:+--attach "$4"} >"$GK_DIR/reply.eml"
	smtp_send "$from" "$to" "$GK_DIR/reply.eml" >/dev/null
	imap_wait_count gongkai@fao.example.test INBOX 1 10 >/dev/null
}
