#!/bin/sh
# tests/fuzz/run.sh [SECONDS [TARGET...]] - runs each libFuzzer target that
# `make fuzz` built (all of them, or the TARGETs named: mime, quote ...)
# for SECONDS (default 20) with 10 s per input and 2048 MB at most, one
# after the other, and prints per target the inputs executed, from
# libFuzzer's final stat::number_of_executed_units.  Exits 1 if any
# target crashed, leaked, timed out or ran out of memory; its log and
# the input that did it are named.  Run from the build folder.
#
# Seeds: $srcdir/tests/fuzz/corpus/NAME (read only); what a run finds is
# kept in tests/fuzz/work/NAME of the build folder, so that the next run
# goes on from there.  tests/fuzz/NAME.options, when present, holds more
# libFuzzer flags for NAME (a dictionary, -max_len), relative paths
# being taken from tests/fuzz/ of the source tree.
set -u

seconds=${1:-20}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
out=tests/fuzz
if [ $# -gt 0 ]; then
	targets=$*
else
	targets=$(cd "$out" 2>/dev/null && for f in fuzz_*; do
		[ -x "$f" ] && [ ! -d "$f" ] && echo "${f#fuzz_}"; done)
fi
case "$targets" in
''|'*')	echo "run.sh: no fuzz targets in $out: run make fuzz" >&2
	exit 2 ;;
esac

failed=0
for t in $targets; do
	bin=$out/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "$t: FAILED: $bin not built"
		failed=1
		continue
	fi
	mkdir -p "$out/work/$t" "$out/artifacts/$t"
	opts=
	if [ -f "$here/$t.options" ]; then
		opts=$(sed -e '/^#/d' -e "s|=\([^/ ][^ ]*\.dict\)|=$here/\1|g" \
		    "$here/$t.options")
	fi
	seeds=
	[ -d "$here/corpus/$t" ] && seeds=$here/corpus/$t
	log=$out/work/$t.log
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
	    -print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" \
	    $opts "$out/work/$t" $seeds >"$log" 2>&1
	rc=$?
	units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
	    tail -n 1)
	time=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' \
	    "$log" | tail -n 1)
	[ -n "$time" ] && [ "$time" -gt 0 ] || time=$seconds
	if [ "$rc" = 0 ] && [ -n "$units" ]; then
		echo "$t: ok: $units executions in ${time} s" \
		    "($((units / time)) exec/s), corpus" \
		    "$(ls "$out/work/$t" | wc -l) inputs"
		continue
	fi
	failed=1
	why=crash
	grep -q 'libFuzzer: timeout' "$log" && why=timeout
	grep -q 'LeakSanitizer' "$log" && why=leak
	grep -q 'out-of-memory' "$log" && why=out-of-memory
	grep -q 'runtime error:' "$log" && why=undefined-behaviour
	echo "$t: FAILED ($why, exit $rc) after ${units:-?} executions;" \
	    "log $log"
	grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error:|artifact_prefix|Test unit written)' \
	    "$log" | head -n 8 | sed 's/^/    /'
done
exit $failed
