#!/bin/bash
# provisional.sh - a year without calendar data (doc/lifecycle.md,
# "Provisional dates").  The calendar holds 2025 and 2026 only; a request received on
# 2026-12-18 is due in January 2027: the date is provisional (weekdays
# only) in `show` and staff mail, never given to the applicant, and the
# secretariat is told once each working day to install 2027's data.  Then
# a made-up 2027.conf (元旦 and a holiday of our own in January) is
# installed, the running daemon gets SIGHUP, and the final date replaces
# the provisional one with a "clock" event that explains it; the alerts
# stop.
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test
MISHU=mishu@fao.example.test
HANDLER=jingban@fao.example.test

cycle() { GONGKAI_NOW=$1 gk run --once >>"$GK_DIR/daemon.log" 2>&1; }
kind_count() {
	ms_doveadm -f pager fetch -u "$1" hdr mailbox INBOX all 2>/dev/null |
	    grep -ci "^Message-ID: <[^.]*\\.$2\\."
}
# newest_kind USER KIND FILE: the newest mail of KIND in USER's INBOX.
newest_kind() {
	local uid

	for uid in $(imap_uids "$1" INBOX | sort -rn); do
		imap_fetch "$1" INBOX "$uid" >"$3"
		case $(mail_field message-id "$3") in
		*."$2".*) return 0 ;;
		esac
	done
	return 1
}

mailstack_start
gk_config >/dev/null
mkdir "$GK_DIR/calendar"
cp "$GK_SRCDIR/data/calendar/2025.conf" "$GK_SRCDIR/data/calendar/2026.conf" \
    "$GK_DIR/calendar/"
printf '\n[calendar]\nholidays = calendar\n' >>"$GK_CONF"
gk init >/dev/null 2>&1
tap_run "gongkai check accepts the calendar without 2027" gk check

out=$(gk calendar add 2026-12-18 20 2>&1); rc=$?
tap_is "$rc" 1 "calendar add into 2027 exits 1"
tap_like "$out" '2027' "and names the year"

# 1. The request arrives on Friday 2026-12-18.
python3 "$H/mkmail.py" plain "张喆 <$CITIZEN>" "$OFFICE" "政府信息公开申请" \
    '姓名：张喆\n所需信息：2026年度外事接待情况\n获取方式：电子邮件' \
    >"$GK_DIR/request.eml"
# It reached the mailbox that morning: the clock is pinned ahead of the
# real one, and an IMAP server will not date a mail in the future, so it
# comes in through ingest with its arrival; the cycle sends what it queued.
GONGKAI_NOW=2026-12-18T10:00:00+08:00 gk ingest \
    --received 2026-12-18T09:30:00+08:00 "$GK_DIR/request.eml" \
    >>"$GK_DIR/daemon.log" 2>&1
cycle 2026-12-18T10:00:00+08:00
js=$(gk show GK-2026-0001 --json)
tap_is "$(json 'd["due_date"], d["due_provisional"]' <<<"$js")" "2027-01-15 True" \
    "show --json: due 2027-01-15 (weekdays only), due_provisional true"
tap_like "$(gk show GK-2026-0001)" 'answer due 2027-01-15 \(provisional\)' \
    "show explains the provisional date"

imap_wait_count "$CITIZEN" INBOX 1 10 >/dev/null
mail_newest "$CITIZEN"
body=$(mail_field body)
tap_like "$body" '自收到申请之日起20个工作日内依法作出答复' \
    "the applicant's acknowledgment gives the statutory period"
tap_unlike "$body" '2027' "and no provisional date"
imap_wait_count "$HANDLER" INBOX 1 10 >/dev/null
mail_newest "$HANDLER"
tap_like "$(mail_field body)" '答复期限：2027年1月15日（+暂定' \
    "the handler's notice marks the date provisional"

imap_wait_count "$MISHU" INBOX 2 10 >/dev/null
tap_is "$(kind_count "$MISHU" calendar_missing)" 1 "the secretariat's alert is queued and delivered"
newest_kind "$MISHU" calendar_missing "$GK_DIR/alert.eml"
tap_like "$(mail_field subject "$GK_DIR/alert.eml")" '请安装2027年节假日安排' \
    "the alert asks for 2027's calendar"
tap_like "$(mail_field body "$GK_DIR/alert.eml")" 'GK-2026-0001 张喆 答复期限（暂定）2027-01-15' \
    "and lists the case"
newest_kind "$MISHU" digest "$GK_DIR/digest.eml"
tap_like "$(mail_field body "$GK_DIR/digest.eml")" '2027-01-15（暂定）' "the digest marks the date provisional"

# 2. Once each working day until the data is installed.
cycle 2026-12-18T15:00:00+08:00
cycle 2026-12-19T10:00:00+08:00		# Saturday
cycle 2026-12-21T10:00:00+08:00
imap_wait_count "$MISHU" INBOX 4 10 >/dev/null
tap_is "$(kind_count "$MISHU" calendar_missing)" 2 \
    "one alert per working day: none twice a day, none on Saturday"

# 3. The daemon runs on 2026-12-22; 2027.conf is installed under it and it
# gets SIGHUP.
GONGKAI_NOW=2026-12-22T10:00:00+08:00 "$GONGKAI" -v -c "$GK_CONF" run >>"$GK_DIR/daemon.log" 2>&1 &
pid=$!
gk_atexit "kill -9 $pid 2>/dev/null"
imap_wait_count "$MISHU" INBOX 6 20 >/dev/null
tap_is "$(kind_count "$MISHU" calendar_missing)" 3 "the daemon's first sweep alerts again on 2026-12-22"
cat >"$GK_DIR/calendar/2027.conf" <<'EOF'
# Made up for this test: 2027 as if the State Council had published it.
year 2027
holiday 2027-01-01..2027-01-03 元旦
holiday 2027-01-11 测试假日
EOF
tap_run "gongkai check accepts 2027.conf" gk check
kill -HUP "$pid"
for i in $(seq 100); do
	js=$(gk show GK-2026-0001 --json)
	[ "$(json 'd["due_provisional"]' <<<"$js")" = False ] && break
	sleep 0.1
done
tap_is "$(json 'd["due_date"], d["due_provisional"]' <<<"$js")" "2027-01-19 False" \
    "after SIGHUP: the final date 2027-01-19 replaces the provisional one"
tap_like "$(json '"\n".join(e["detail"] for e in d["events"] if e["type"] == "clock")' <<<"$js")" \
    '^answer due 2027-01-19 \(was 2027-01-15, provisional\): recomputed with the calendar data for 2025,2026,2027' \
    "a clock event explains the change"
tap_is "$(gk calendar add 2026-12-18 20)" 2027-01-19 "calendar add agrees"
kill -TERM "$pid"; wait "$pid"
tap_is "$?" 0 "the daemon stops on SIGTERM"

# 4. The alerts stop; a restart recomputes nothing again.
cycle 2026-12-23T10:00:00+08:00
imap_wait_count "$MISHU" INBOX 7 10 >/dev/null	# and the digest of 12-23
tap_is "$(kind_count "$MISHU" calendar_missing)" 3 "no alert once 2027 is installed"
newest_kind "$MISHU" digest "$GK_DIR/digest.eml"
tap_like "$(mail_field body "$GK_DIR/digest.eml")" '\| 2027-01-19 \| 17\b' \
    "the digest shows the final date: 17 working days left on 2026-12-23"
tap_is "$(gk show GK-2026-0001 --json | json 'sum(1 for e in d["events"] if e["type"] == "clock")')" 2 \
    "one clock event for the receipt, one for the recomputation"
tap_done
exit $((TAP_FAILED > 0))
