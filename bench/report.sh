#!/bin/bash
# bench/report.sh [N] - the time `gongkai report annual` takes over N
# requests (default 1,000,000) and their events, generated with SQL into a
# database made by `gongkai init` (tests/harness/report_data.sh: the
# columns and events src/request.c writes, spread over three years).
# Prints the database's size and, for each format, the wall time, the CPU
# time (user + system) and the peak memory of the best of three runs (by
# CPU time: wall time is at the mercy of whatever else the machine runs).  Needs a built tree: GONGKAI=path
# (default build/gongkai); a build without sanitizers measures the
# program, one with them measures them too.  No mail stack.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${GK_SRCDIR:=$(dirname "$here")}"
export GK_SRCDIR	# gongkai finds its templates and calendar by it
: "${GONGKAI:=$GK_SRCDIR/build/gongkai}"
N=${1:-1000000}
Y=2025
. "$GK_SRCDIR/tests/harness/report_data.sh"

T=$(mktemp -d /tmp/gk-bench-report.XXXXXX)
[ -n "${GK_BENCH_KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
sed -e 's|@IMAP_URL@|imap://127.0.0.1:9|; s|@SMTP_URL@|smtp://127.0.0.1:9|' \
    -e 's|@IMAP_STARTTLS@|false|; s|@SMTP_STARTTLS@|false|; s|@CA_FILE@|ca.pem|' \
    "$GK_SRCDIR/tests/data/gongkai.conf.in" >"$T/gongkai.conf"
echo secret >"$T/imap.pass"
chmod 600 "$T/imap.pass"
"$GONGKAI" -c "$T/gongkai.conf" init >/dev/null 2>&1

start=$SECONDS
report_data_sql "$N" "$Y" | sqlite3 "$T/gongkai.db" >/dev/null
sqlite3 "$T/gongkai.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
read -r ncases nevents < <(sqlite3 -separator ' ' "$T/gongkai.db" \
    "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM events)")
printf 'database: %s cases, %s events, %s MB (generated in %d s)\n' \
    "$ncases" "$nevents" "$(( $(stat -c %s "$T/gongkai.db") / 1048576 ))" \
    $((SECONDS - start))

for fmt in text csv json html; do
	best=
	for run in 1 2 3; do
		/usr/bin/time -f '%e %U %S %M' -o "$T/time" "$GONGKAI" \
		    -c "$T/gongkai.conf" report annual $Y --format $fmt \
		    >"$T/out.$fmt" 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
		read -r s u k kb <"$T/time"
		cpu=$(awk -v u="$u" -v k="$k" 'BEGIN { print u + k }')
		if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" \
		    'BEGIN { exit !(a < b) }'; then
			best=$cpu
			wall=$s
			mem=$kb
		fi
	done
	printf 'report annual %d --format %-4s  %6.2f s wall  %6.2f s cpu  %6d KB peak  (%d bytes)\n' \
	    "$Y" "$fmt" "$wall" "$best" "$mem" "$(stat -c %s "$T/out.$fmt")"
done
grep -E '^(一、|二、上年|  （七）|四、)' "$T/out.text" | sed 's/^/  /'
