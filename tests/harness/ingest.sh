# tests/harness/ingest.sh - cases driven through `gongkai ingest` with the
# clock pinned and no mail stack: several databases side by side in one
# work folder (one configuration each, one shared spool), replies built by
# mkmail.py from the notification they answer, and what was recorded and
# queued read back through gongkai's read-only commands (`show --json`,
# `outbox --json`, `outbox cat`; gkread.py), never from the tables: the
# schema is gongkai's own.  Sourced after lib.sh:
#
#	. "$GK_SRCDIR/tests/harness/lib.sh"
#	. "$GK_SRCDIR/tests/harness/ingest.sh"
#	ik_setup			# GK_DIR; the database "base"
#	ik_ingest base 2026-09-18T10:00:00+08:00 request.eml
#	ik_fork base copy		# copy starts as base is now
#	ik_reply copy jingban@fao.example.test 2026-09-21T10:00:00+08:00 \
#	    'ANSWER disclose\n...'
#
# A database NAME lives in $GK_DIR/db/NAME.db with $GK_DIR/conf.NAME.

IK_PY=$GK_HARNESS/gkread.py
IK_OFFICE=gongkai@fao.example.test

# ik_setup: a work folder and the database "base", initialised.
ik_setup()
{
	gk_require python3 sqlite3
	gk_config imap://127.0.0.1:9 false smtp://127.0.0.1:9 false \
	    >/dev/null || return 1
	mkdir -p "$GK_DIR/db" "$GK_DIR/mail"
	# gongkai gives root up for [daemon] user (lib.sh): its folders.
	chown "$GK_USER:" "$GK_DIR/db" "$GK_DIR/mail"
	ik_conf base &&
	    "$GONGKAI" -c "$GK_DIR/conf.base" init >/dev/null 2>&1
}

# ik_conf NAME [REQUIRE_DMARC]: the configuration of database NAME.
ik_conf()
{
	sed -e "s|^database = .*|database = db/$1.db|" \
	    -e "s|^require_dmarc = .*|require_dmarc = ${2:-false}|" \
	    "$GK_CONF" >"$GK_DIR/conf.$1"
}

# ik_fork FROM TO [REQUIRE_DMARC]: database TO, a copy of FROM as it is.
ik_fork()
{
	ik_conf "$2" "${3:-false}" &&
	    rm -f "$GK_DIR/db/$2.db" &&
	    sqlite3 "$GK_DIR/db/$1.db" ".backup '$GK_DIR/db/$2.db'" &&
	    chown "$GK_USER:" "$GK_DIR/db/$2.db"
}

# ik_gk NAME ARGS...: gongkai on database NAME (the clock as in the
# environment).
ik_gk()
{
	local n=$1

	shift
	"$GONGKAI" -c "$GK_DIR/conf.$n" "$@"
}

# ik_ingest NAME NOW FILE: ingests FILE into NAME at NOW; prints the
# outcome as `ingest` says it ("reply GK-2026-0007 approve").
ik_ingest()
{
	GONGKAI_NOW=$2 "$GONGKAI" -c "$GK_DIR/conf.$1" ingest "$3" \
	    2>>"$GK_DIR/gongkai.log" | sed -n 's/^.*: mail [0-9]*: //p'
}

# ik_seed NAME SQL: writes a test's starting state into database NAME
# (e.g. the case numbers already taken this year).  Only for setting up:
# what gongkai did is read through its commands.
ik_seed()
{
	sqlite3 "$GK_DIR/db/$1.db" "$2"
}

# ik_json NAME EXPR ARGS...: a Python expression over the JSON that
# `gongkai ARGS...` prints for database NAME, as d.
ik_json()
{
	local n=$1 e=$2

	shift 2
	ik_gk "$n" "$@" | json "$e"
}

# ik_row NAME CASE: the case as one line: state, step, assignee, version,
# receipt date, due date, paused_on (- if none), extension_used (1/0).
ik_row()
{
	ik_facts "$1" "$2" 999999999 && printf '%s\n' "${IKF[row]-}"
}

# ik_where NAME CASE: "state|step|assignee" (the last two empty once the
# case is closed).
ik_where()
{
	ik_show "$1" "$2" "'|'.join((d['state'], (d['step'] or {}).get('role')
    or '', (d['step'] or {}).get('assignee') or ''))"
}

# ik_outmax NAME: the newest outbox id (0 if none).
ik_outmax()
{
	ik_json "$1" 'max([o["id"] for o in d], default=0)' outbox --json
}

# ik_queued NAME SINCE: "kind to;" for every mail queued after outbox id
# SINCE, in order.
ik_queued()
{
	ik_json "$1" "''.join('%s %s;' % (o['kind'], o['to']) for o in d
    if o['id'] > $2)" outbox --json
}

# ik_outid NAME KIND TO: the id of the newest queued mail of KIND to TO
# (nothing if none).
ik_outid()
{
	ik_json "$1" "max([o['id'] for o in d if o['kind'] == '$2' and
    o['to'].lower() == '$3'.lower()], default='')" outbox --json
}

# ik_raw NAME ID: the bytes of outbox mail ID.
ik_raw()
{
	ik_gk "$1" outbox cat "$2"
}

# ik_mail NAME KIND TO FILE: the newest queued mail of KIND to TO, raw,
# into FILE; fails if there is none.
ik_mail()
{
	local id

	id=$(ik_outid "$1" "$2" "$3")
	[ -n "$id" ] && ik_raw "$1" "$id" >"$4"
}

# ik_field WHAT FILE: one thing of a raw mail (readmail.py's WHAT), with
# the CRs of CRLF line ends dropped.
ik_field()
{
	python3 "$GK_HARNESS/readmail.py" "$1" <"$2" | tr -d '\r'
}

# ik_token NAME ADDR: the token of the newest mail asking ADDR for a
# command.
ik_token()
{
	python3 "$IK_PY" notice "$GK_DIR/conf.$1" "$2" |
	    python3 "$GK_HARNESS/readmail.py" token
}

# ik_spent NAME CASE TOKEN: 1 if TOKEN was spent, 0 if not, nothing if
# the case issued no such token.
ik_spent()
{
	ik_facts "$1" "$2" 999999999 "$3" && printf '%s\n' "${IKF[spent]-}"
}

# ik_events NAME CASE TYPE: the details of the case's events of TYPE, one
# a line, oldest first.
ik_events()
{
	ik_show "$1" "$2" "'\\n'.join(e['detail'] or '' for e in d['events']
    if e['type'] == '$3')"
}

# ik_facts NAME CASE [SINCE [TOKEN]]: what a test asks of a case, read in
# one go into the associative array IKF (gkread.py facts: row, spent,
# count.TYPE, event.TYPE, queued, mail.KIND.TO.WHAT; newlines as \n).
declare -A IKF
ik_facts()
{
	local k v

	IKF=()
	while IFS=$'\t' read -r k v; do
		IKF[$k]=$v
	done < <(python3 "$IK_PY" facts "$GK_DIR/conf.$1" "$2" "${3:-0}" \
	    "${4:-}")
}

# ik_show NAME CASE EXPR: a Python expression over `gongkai show CASE
# --json` as d.
ik_show()
{
	ik_gk "$1" show "$2" --json 2>/dev/null | json "$3"
}

# ik_reply NAME WHO NOW TEXT [STYLE [MKMAIL-ARGS...]]: WHO answers the
# newest mail that asks them for a command (to its Reply-To, in its
# thread, quoting it) with TEXT, written by a client of STYLE (mkmail.py;
# default plain); ingested into NAME at NOW; prints the outcome.  With
# IK_FROM set, the mail claims that From instead of WHO.  The reply is
# left in $GK_DIR/mail/reply.eml, the notification in notice.eml.
ik_reply()
{
	local name=$1 who=$2 now=$3 text=$4 style=${5:-plain} m=$GK_DIR/mail

	shift $(($# < 5 ? $# : 5))
	python3 "$IK_PY" notice "$GK_DIR/conf.$name" "$who" \
	    >"$m/notice.eml" || return 1
	ik_field body "$m/notice.eml" >"$m/quote.txt"
	python3 "$GK_HARNESS/mkmail.py" "$style" "${IK_FROM:-$who}" \
	    "$(ik_field reply-to "$m/notice.eml")" \
	    "Re: $(ik_field subject "$m/notice.eml")" "$text" \
	    --in-reply-to "$(ik_field message-id "$m/notice.eml")" \
	    --quote "$m/quote.txt" "$@" >"$m/reply.eml" || return 1
	ik_ingest "$name" "$now" "$m/reply.eml"
}

# ik_request NAME NOW FROM TEXT [MKMAIL-ARGS...]: a new request from FROM
# to the office, ingested at NOW; prints the outcome.  The mail is left
# in $GK_DIR/mail/request.eml.
ik_request()
{
	local name=$1 now=$2 from=$3 text=$4

	shift 4
	python3 "$GK_HARNESS/mkmail.py" plain "$from" "$IK_OFFICE" \
	    "政府信息公开申请" "$text" "$@" >"$GK_DIR/mail/request.eml" ||
	    return 1
	ik_ingest "$name" "$now" "$GK_DIR/mail/request.eml"
}

# ik_submit NAME NOW FROM SUBJECT BODY [MKMAIL-ARGS...]: a new mail from
# FROM to the office (a handler's item for publication), ingested at NOW;
# prints the outcome.  The mail is left in $GK_DIR/mail/submit.eml.
ik_submit()
{
	local name=$1 now=$2 from=$3 subject=$4 body=$5

	shift 5
	python3 "$GK_HARNESS/mkmail.py" plain "$from" "$IK_OFFICE" "$subject" \
	    "$body" "$@" >"$GK_DIR/mail/submit.eml" || return 1
	ik_ingest "$name" "$now" "$GK_DIR/mail/submit.eml"
}

# ik_diff DESC GOT WANT [DESC GOT WANT]...: the conditions that fail, for
# one TAP line: prints nothing when every GOT is its WANT, else one
# "DESC: got [...], want [...]" line per failure.
ik_diff()
{
	while [ $# -ge 3 ]; do
		[ "$2" == "$3" ] ||
		    printf '%s: got [%s], want [%s]\n' "$1" "$2" "$3"
		shift 3
	done
}

# ik_tap NAME FAULTS: one TAP line, passing when FAULTS is empty; the
# faults are printed as diagnostics.
ik_tap()
{
	if [ -z "$2" ]; then
		tap_ok 0 "$1"
	else
		tap_ok 1 "$1"
		tap_diag "$2"
	fi
}
