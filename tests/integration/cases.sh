#!/bin/bash
# cases.sh - the data-driven cases of tests/data/cases/ (tests/README.md,
# "Case folders"): each folder is one mail ingested into a copy of a base
# story at a pinned time, and the facts its `expect` file states.  Adding
# a case is adding a folder: this script knows no case by name.
#
#	make check TESTS=tests/integration/cases.sh
#	GK_CASES='replies-intl-i0*' make check TESTS=...	# some folders only
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/ingest.sh"
DATA=$GK_SRCDIR/tests/data
CASES=$DATA/cases

ik_setup || { echo "Bail out! cannot set up gongkai"; exit 1; }
M=$GK_DIR/mail

# conf FOLDER KEY: the value of KEY in FOLDER/case (one "KEY VALUE" a line).
conf()
{
	sed -n "s/^$2[ 	]\{1,\}//p" "$1/case" | head -n 1
}

# Each base story: its steps, one TAP test each.
declare -A BASE_OUT BASE_ROW BASE_CASE
bases=()
folders=()
nsteps=0 ntests=0
for d in "$CASES"/${GK_CASES:-*}/; do
	d=${d%/}
	[ -f "$d/case" ] || continue
	[ "${d##*/}" != _base ] || continue
	folders+=("$d")
	b=$(conf "$d" base)
	[[ " ${bases[*]} " == *" $b "* ]] || {
		bases+=("$b")
		nsteps=$((nsteps + $(grep -cv '^#' "$CASES/_base/$b")))
	}
	dm=$(conf "$d" dmarc)
	ntests=$((ntests + $(wc -w <<<"${dm:-false}")))
	[ ! -f "$d/expect.again" ] || ntests=$((ntests + 1))
done
tap_plan $((nsteps + ntests))

# step BASE LINE: one line of a base story (tests/README.md).
step()
{
	local b=$1 what want got
	local -a f

	IFS='|' read -r -a f <<<"$2"
	what=${f[0]}
	case $what in
	seq)
		ik_seed "$b" "INSERT INTO case_seq VALUES (${f[1]}, ${f[2]})"
		got=ok want=${f[3]:-ok} ;;
	request)
		got=$(ik_request "$b" "${f[1]}" "${f[2]}" "${f[3]}")
		want=${f[4]} ;;
	reply)
		got=$(ik_reply "$b" "${f[1]}" "${f[2]}" "${f[4]}" "${f[3]}")
		want=${f[5]} ;;
	*)
		got="unknown step $what" want= ;;
	esac
	tap_is "$got" "$want" "base ${b#base.}: $what ${f[1]} ${f[2]}"
}

for b in "${bases[@]}"; do
	ik_fork base "base.$b"
	while IFS= read -r line; do
		case $line in '#'*) continue ;; esac
		step "base.$b" "$line"
	done <"$CASES/_base/$b"
	BASE_CASE[$b]=$(ik_gk "base.$b" cases --json | python3 -c \
	    'import json,sys; print(max(c["id"] for c in json.load(sys.stdin)))')
	ik_facts "base.$b" "${BASE_CASE[$b]}"
	BASE_ROW[$b]=${IKF[row]-} BASE_OUT[$b]=$(ik_outmax "base.$b")
done

# value KEY DB: the fact KEY of the case in DB, after ik_facts:
# ingest, an ik_facts key (row, spent, queued, count.T, event.T,
# mail.KIND.TO.WHAT), show.KEY (a top-level field of show --json) or
# raw.KIND.TO (the queued mail's bytes).
value()
{
	case $1 in
	ingest)	printf '%s' "$GOT" ;;
	show.*)	ik_show "$2" "$C" "d.get('${1#show.}', '')" ;;
	raw.*)	local k=${1#raw.}
		ik_mail "$2" "${k%%.*}" "${k#*.}" "$M/$2.raw" &&
		    cat "$M/$2.raw" ;;
	*)	printf '%s' "${IKF[$1]-}" ;;
	esac
}

# check DB FILE: the faults of the case in DB against the expectations
# in FILE, one a line: "KEY OP VALUE", OP one of = (equal), ^= (starts
# with), ~ (holds the text), !~ (does not hold it, in any case), =~
# (matches the extended regular expression); $TOKEN, $IRT and $BASE_ROW
# in VALUE are the token, the mail's Message-ID and the base's row.
check()
{
	local db=$1 key op want got

	while read -r key op want; do
		case $key in '#'*|'') continue ;; esac
		want=${want//\$TOKEN/$TOKEN}
		want=${want//\$IRT/$IRT}
		want=${want//\$BASE_ROW/${BASE_ROW[$BASE]}}
		got=$(value "$key" "$db")
		case $op in
		=)	[ "$got" == "$want" ] ;;
		^=)	[[ $got == "$want"* ]] ;;
		'~')	grep -qF -e "$want" <<<"$got" ;;
		'!~')	! grep -qiF -e "$want" <<<"$got" ;;
		=~)	grep -qE -e "$want" <<<"$got" ;;
		*)	false ;;
		esac ||
		    printf '%s %s [%s]: got [%s]\n' "$key" "$op" "$want" \
		    "${got:0:400}"
	done <"$2"
}

for d in "${folders[@]}"; do
	BASE=$(conf "$d" base) C=${BASE_CASE[$BASE]}
	name=${d##*/} now=$(conf "$d" now) who=$(conf "$d" token)
	TOKEN=$(ik_token "base.$BASE" "$who")
	dm=$(conf "$d" dmarc)
	for dmarc in ${dm:-false}; do
		n=$name.$dmarc
		ik_fork "base.$BASE" "$n" "$dmarc"
		python3 "$IK_PY" subst "$DATA/$(conf "$d" mail)" "$TOKEN" \
		    >"$M/$n.eml"
		IRT=$(sed -n 's/^message-id: *\(<[^>]*>\).*/\1/Ip' \
		    "$M/$n.eml" | head -n 1)
		GOT=$(ik_ingest "$n" "$now" "$M/$n.eml")
		ik_facts "$n" "$C" "${BASE_OUT[$BASE]}" "$TOKEN"
		ik_tap "$name (require_dmarc=$dmarc): $(conf "$d" title)" \
		    "$(check "$n" "$d/expect")"
		[ -f "$d/expect.again" ] && [ "$dmarc" = false ] || continue
		# The same mail again, its bytes changed (again: retrace, one
		# Received header more; newid, a new Message-ID too).
		python3 "$IK_PY" "$(conf "$d" again)" "$M/$n.eml" \
		    >"$M/$n.again.eml"
		since=$(ik_outmax "$n")
		GOT=$(ik_ingest "$n" "$(conf "$d" again-now)" "$M/$n.again.eml")
		BASE_ROW[$BASE.again]=${IKF[row]-}
		ik_facts "$n" "$C" "$since" "$TOKEN"
		saved=${BASE_ROW[$BASE]}
		BASE_ROW[$BASE]=${BASE_ROW[$BASE.again]}
		ik_tap "$name: sent again" "$(check "$n" "$d/expect.again")"
		BASE_ROW[$BASE]=$saved
	done
done

tap_done
exit $((TAP_FAILED > 0))
