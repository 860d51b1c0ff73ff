#!/bin/bash
# mailstack.sh - starts or stops the test mail stack (tests/harness/lib.sh)
# in a folder of your choice, on fixed ports, and leaves it running: for
# trying gongkai by hand.  Run as root.
#
#	tests/harness/mailstack.sh start /tmp/ms
#	tests/harness/mailstack.sh stop /tmp/ms
set -eu

usage()
{
	echo "usage: $0 start|stop|status DIR" >&2
	exit 2
}

[ $# = 2 ] || usage
MS_STANDALONE=1
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
trap - EXIT INT TERM		# leave the stack running

[ "$1" != start ] || mkdir -p "$2"
MS_DIR=$(cd "$2" && pwd) || exit 1
MS_IMAP_PORT=10143
MS_IMAPS_PORT=10993
MS_SMTP_PORT=10025

case $1 in
start)
	if ms_pid "$MS_DIR/run/master.pid" dovecot >/dev/null ||
	    ms_pid "$MS_DIR/exim/exim.pid" exim4 >/dev/null; then
		ms_die "$MS_DIR: already running; stop it first"
	fi
	mailstack_run || ms_die "the stack did not start; see $MS_DIR"
	cat <<EOF
mail stack running in $MS_DIR
  imap  imap://127.0.0.1:$MS_IMAP_PORT (STARTTLS too)
  imaps imaps://127.0.0.1:$MS_IMAPS_PORT
  smtp  smtp://127.0.0.1:$MS_SMTP_PORT (STARTTLS too)
  CA    $MS_CA
  users (password $MS_PASSWORD): $(cut -d: -f1 "$MS_DIR/users" | tr '\n' ' ')
stop it with: $0 stop $MS_DIR
EOF
	;;
stop)
	mailstack_stop
	echo "mail stack in $MS_DIR stopped"
	;;
status)
	rc=0
	ms_pid "$MS_DIR/run/master.pid" dovecot >/dev/null &&
	    echo "dovecot: running" || { echo "dovecot: stopped"; rc=1; }
	ms_pid "$MS_DIR/exim/exim.pid" exim4 >/dev/null &&
	    echo "exim: running" || { echo "exim: stopped"; rc=1; }
	exit "$rc"
	;;
*)
	usage
	;;
esac
