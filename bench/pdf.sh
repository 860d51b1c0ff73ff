#!/bin/bash
# bench/pdf.sh [N] - what an official document costs: bench/pdf_bench
# renders the answer answer_partial N times (default 1,000) from the
# template through document.c and pdf.c, with a seal, and prints the CPU
# milliseconds per PDF and its size; then pdffonts and pdfinfo of the
# last one (fonts embedded, A4).  Needs a built tree (make
# bench/pdf_bench; a build without sanitizers measures the program).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${GK_SRCDIR:=$(dirname "$here")}"
export GK_SRCDIR	# gongkai finds its templates and calendar by it
: "${GK_BUILDDIR:=$GK_SRCDIR/build}"
N=${1:-1000}
T=$(mktemp -d /tmp/gk-bench-pdf.XXXXXX)
trap 'rm -rf "$T"' EXIT
seal=
if [ -f "$GK_SRCDIR/doc/seal-sample.png" ]; then
	seal=$GK_SRCDIR/doc/seal-sample.png
fi
"$GK_BUILDDIR/bench/pdf_bench" "$N" "$GK_SRCDIR/templates" "$T/answer.pdf" $seal
if command -v pdfinfo >/dev/null; then
	pdfinfo "$T/answer.pdf" | grep -E '^(Pages|Page size):'
	pdffonts "$T/answer.pdf" | tail -n +3 |
	    awk '{ print "font:", $1, "embedded:", $(NF-4) }'
fi
