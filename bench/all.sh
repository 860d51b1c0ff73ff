#!/bin/bash
# bench/all.sh - runs every benchmark and prints one table: benchmark,
# gongkai's figure, the baseline measured in the same run, their ratio,
# the goal, and whether it is met.  Each benchmark's own output is kept in
# $GK_BENCH_OUT (default a temporary folder, named at the end).
#
#	GONGKAI=/path/to/gongkai GK_BUILDDIR=/path/to/build bench/all.sh
#
# A build without sanitizers measures the program (./configure
# CFLAGS=-O2); one with them measures them too.  Sizes can be lowered for
# a quick look: GK_BENCH_CASES (sweep and report, default 1000000),
# GK_BENCH_MAILS (ingest, default 10000).  The ingest and review
# benchmarks need Dovecot and Exim (tests/harness/lib.sh starts them);
# when they are not installed their rows say so.  Benchmarks never fail
# a build: the exit status is 0 when every benchmark ran.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${GK_SRCDIR:=$(dirname "$here")}"
export GK_SRCDIR
: "${GK_BUILDDIR:=$GK_SRCDIR/build}"
: "${GONGKAI:=$GK_BUILDDIR/gongkai}"
export GK_BUILDDIR GONGKAI
CASES=${GK_BENCH_CASES:-1000000}
MAILS=${GK_BENCH_MAILS:-10000}
OUT=${GK_BENCH_OUT:-$(mktemp -d /tmp/gk-bench-all.XXXXXX)}
mkdir -p "$OUT"
rows=()
failed=0

# row NAME GONGKAI BASELINE RATIO GOAL MET
row() { rows+=("$(printf '%s\t%s\t%s\t%s\t%s\t%s' "$@")"); }
# run NAME CMD...: one benchmark, its output in $OUT/NAME.out.
run() {
	local name=$1

	shift
	echo "bench/all.sh: $name ..." >&2
	"$@" >"$OUT/$name.out" 2>&1 || { failed=1; echo "bench/all.sh: $name failed (see $OUT/$name.out)" >&2; }
}
# field FILE SED-EXPR: the first match.
field() { sed -n "$2" "$1" | head -n 1; }
met() { awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN {
	if (a == "" || b == "") { print "-"; exit }
	print (op == "<=" ? a + 0 <= b + 0 : a + 0 >= b + 0) ? "met" : "not met" }'; }

# The sweep: a later sweep of the day, and the first (composing every
# alert); the baseline is the decisions alone (the later sweep).
run sweep bash "$here/sweep.sh" "$CASES"
f=$OUT/sweep.out
s1=$(field "$f" 's/^sweep 1 .*total \([0-9.]*\)$/\1/p')
s2=$(field "$f" 's/^sweep 2 .*total \([0-9.]*\)$/\1/p')
nm=$(field "$f" 's/^sweep 1 queued \([0-9]*\) mails.*/\1/p')
row "sweep.sh $CASES: a later sweep of the day (s)" "$s2" "-" "-" "<= 1" "$(met "$s2" 1 '<=')"
row "sweep.sh $CASES: the first sweep, ${nm:-?} mails composed (s)" "$s1" "$s2 (decisions)" \
    "$(awk -v a="$s1" -v b="$s2" 'BEGIN { if (b > 0) printf "%.1f", a / b }')" "<= 0.5" "$(met "$s1" 0.5 '<=')"

# The report: every format over CASES requests, CPU seconds and peak
# memory (no baseline: the goal is absolute).
GONGKAI=$GONGKAI run report bash "$here/report.sh" "$CASES"
for fmt in text csv json html; do
	l=$(grep -E "^report annual [0-9]+ --format $fmt " "$OUT/report.out")
	cpu=$(sed -n 's/.* \([0-9.]*\) s cpu.*/\1/p' <<<"$l")
	kb=$(sed -n 's/.* \([0-9]*\) KB peak.*/\1/p' <<<"$l")
	mb=$(awk -v k="$kb" 'BEGIN { if (k != "") printf "%.1f", k / 1024 }')
	row "report.sh $CASES --format $fmt (s cpu / MB peak)" "$cpu / $mb" "-" "-" "<= 1 / <= 64" \
	    "$(m1=$(met "$cpu" 1 '<='); m2=$(met "$mb" 64 '<='); [ "$m1$m2" = metmet ] && echo met || echo 'not met')"
done

# Ingest: gongkai's rate against the raw IMAP fetch of the same mails.
if command -v dovecot >/dev/null && command -v exim4 >/dev/null; then
	for kind in list request; do
		GONGKAI=$GONGKAI run "ingest-$kind" bash "$here/ingest.sh" "$MAILS" "$kind"
		f=$OUT/ingest-$kind.out
		raw=$(field "$f" 's/^raw IMAP fetch (baseline): .*, \([0-9]*\) msg\/s$/\1/p')
		gk=$(field "$f" 's/^gongkai run --once: *[0-9.]* s, \([0-9]*\) msg\/s.*/\1/p')
		ratio=$(field "$f" 's/^ratio gongkai\/raw: \([0-9.]*\).*/\1/p')
		rss=$(field "$f" 's/^peak memory (max RSS): \([0-9.]*\) MiB$/\1/p')
		goal=0.25
		[ "$kind" = request ] && goal=0.20
		row "ingest.sh $MAILS $kind (msg/s)" "$gk" "$raw (raw IMAP fetch)" "$ratio" ">= $goal" "$(met "$ratio" "$goal" '>=')"
		mv=$(field "$f" 's/^IMAP fetch + MOVE .*: [0-9.]* s, \([0-9]*\) msg\/s.*/\1/p')
		mvr=$(field "$f" 's/^IMAP fetch + MOVE .* = \([0-9.]*\) of raw fetch$/\1/p')
		gkmv=$(field "$f" 's/^ratio gongkai\/(fetch + MOVE): \([0-9.]*\)$/\1/p')
		row "  the same mails fetched and MOVEd, nothing kept (msg/s)" "$mv" "$raw (raw IMAP fetch)" "$mvr" "-" "-"
		row "  gongkai against fetch + MOVE (msg/s)" "$gk" "$mv" "$gkmv" "-" "-"
		row "ingest.sh $MAILS $kind: peak RSS (MiB)" "$rss" "-" "-" "<= 20" "$(met "$rss" 20 '<=')"
		own=$(field "$f" 's/^the daemon alone: peak \([0-9.]*\) MiB; at the last reading \([0-9.]*\) MiB its own .*, \([0-9.]*\) MiB mapped.*/\1 = \2 own + \3 libraries/p')
		row "  the daemon alone (MiB)" "$own" "-" "-" "-" "-"
	done
	# Flat: the peak over ten times the mails against the list run's.
	big=$((MAILS * 10))
	GONGKAI=$GONGKAI run ingest-flat bash "$here/ingest.sh" "$big" list
	rss_big=$(field "$OUT/ingest-flat.out" 's/^peak memory (max RSS): \([0-9.]*\) MiB$/\1/p')
	rss_small=$(field "$OUT/ingest-list.out" 's/^peak memory (max RSS): \([0-9.]*\) MiB$/\1/p')
	flat=$(awk -v a="$rss_big" -v b="$rss_small" 'BEGIN { if (a != "" && b > 0) printf "%.3f", a / b }')
	row "ingest.sh $big list: peak RSS (MiB), flat" "$rss_big" "$rss_small (over $MAILS)" "$flat" "<= 1.10" "$(met "$flat" 1.10 '<=')"
	GONGKAI=$GONGKAI run review bash "$here/review.sh"
	f=$OUT/review.out
	med=$(field "$f" 's/^median: \([0-9]*\) ms.*/\1/p')
	rps=$(field "$f" 's/^burst: [0-9]* requests sent .*: \([0-9]*\) requests\/s$/\1/p')
	share=$(field "$f" "s/^gongkai's share median: \([0-9]*\) ms.*/\1/p")
	row "review.sh: reply -> next notification in IMAP, median (ms)" "$med" "-" "-" "< 1000" "$(met "$med" 1000 '<=')"
	row "review.sh: of which gongkai's (IDLE wake -> 250), median (ms)" "$share" "-" "-" "<= 50" "$(met "$share" 50 '<=')"
	row "review.sh: burst of requests (requests/s)" "$rps" "-" "-" "-" "-"
	gkr=$(field "$f" 's/^outbound: gongkai handed [0-9]* mails to Exim at \([0-9.]*\) mails.*/\1/p')
	exr=$(field "$f" 's/^outbound: .* from one client at \([0-9.]*\) mails.*/\1/p')
	orat=$(field "$f" 's/^outbound: .* ratio \([0-9.]*\) .*/\1/p')
	row "review.sh: outbound mails/s (2 a request)" "$gkr" "$exr (Exim, one client)" "$orat" ">= 0.8" "$(met "$orat" 0.8 '>=')"
else
	row "ingest.sh, review.sh" "not run: Dovecot and Exim are not installed" "-" "-" "-" "-"
fi

printf '\n%s\n' "benchmark	gongkai	baseline	ratio	goal	met"
printf '%s\n' "${rows[@]}"
echo "outputs: $OUT"
exit $failed
