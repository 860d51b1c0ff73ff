#!/bin/bash
# report.sh - `gongkai report annual YEAR` on a synthetic year: several
# hundred requests across every answer TYPE and applicant type, carried
# over from the year before and into the next (tests/harness/
# report_data.sh, pure SQL), checked cell by cell against an independent
# count (tests/harness/report_expect.py, Python's own dates and calendar
# reading); the table's identity; CSV, JSON and text saying the same;
# data that break the identity refused with exit 1, naming the case.
# Needs no mail stack.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/report_data.sh"

Y=2025
N=700
T=$(mktemp -d)
gk_atexit "rm -rf '$T'"
sed -e 's|@IMAP_URL@|imap://127.0.0.1:9|; s|@SMTP_URL@|smtp://127.0.0.1:9|' \
    -e 's|@IMAP_STARTTLS@|false|; s|@SMTP_STARTTLS@|false|; s|@CA_FILE@|ca.pem|' \
    "$GK_SRCDIR/tests/data/gongkai.conf.in" >"$T/gongkai.conf"
(umask 077 && echo secret >"$T/imap.pass")
GK_CONF=$T/gongkai.conf
DB=$T/gongkai.db
COLS="natural commercial research public-welfare legal-service other total"

# field CSV KEY COL: the number in row KEY, column COL (1-7) of a CSV.
field()
{
	awk -F, -v k="$2" -v c="$3" '$1 == k { print $(c + 2) }' <<<"$1"
}

# ---------------------------------------------------------------- setup

rc=0
gk init >/dev/null 2>&1 || rc=$?
tap_ok "$rc" "gongkai init makes the database"
empty=$(gk report annual $Y --format csv 2>&1) || true
tap_is "$(printf '%s\n' "$empty" | awk -F, 'NR > 1 { for (i = 3; i <= NF; i++) s += $i } END { print NR, s + 0 }')" \
    "26 0" "an empty database gives the 25 rows, all zero"
report_data_sql "$N" "$Y" | sqlite3 "$DB" >/dev/null
python3 "$GK_SRCDIR/tests/harness/report_items.py" "$DB" "$Y" >/dev/null
# The requests as gongkai lists them (times in the office's zone, so that
# comparing their text compares local days).
gk cases --kind request --json >"$T/cases.json"
# cases EXPR: a Python expression over the requests, as r.
cases() {
	python3 -c "import json; r = json.load(open('$T/cases.json')); print($1)"
}
tap_is "$(cases "'%d|%d|%d' % (len(r) >= 600, len({c['answer_type'] for c in r} - {None}), len({c['applicant']['type'] for c in r}))")" \
    "1|22|6" "the synthetic data hold several hundred requests, all 22 TYPEs, all 6 applicant types"
tap_is "$(cases "'%d|%d' % (sum(c['received_at'] < '$Y' <= (c['closed_at'] or '~') for c in r) > 20, sum(c['received_at'] < '$((Y + 1))' <= (c['closed_at'] or '~') for c in r) > 20)")" \
    "1|1" "the data carry cases over from $((Y - 1)) and into $((Y + 1))"

python3 "$GK_SRCDIR/tests/harness/report_expect.py" "$DB" "$Y" \
    "$GK_SRCDIR/data/calendar" Asia/Shanghai >"$T/expect.json"
# The expected table as CSV rows "key,7 numbers".
want=$(python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
for k, v in e["rows"].items():
    print(",".join([k, "-"] + [str(x) for x in v]))' "$T/expect.json")

rc=0
text=$(gk report annual $Y 2>"$T/err") || rc=$?
tap_ok "$rc" "report annual $Y (text) exits 0"
[ "$rc" = 0 ] || tap_diag "$(cat "$T/err")"
rc=0
csv=$(gk report annual $Y --format csv 2>"$T/err") || rc=$?
tap_ok "$rc" "report annual $Y --format csv exits 0"
rc=0
gk report annual $Y --format json >"$T/got.json" 2>"$T/err" || rc=$?
tap_ok "$rc" "report annual $Y --format json exits 0"
rc=0
html=$(gk report annual $Y --format html 2>"$T/err") || rc=$?
tap_ok "$rc" "report annual $Y --format html exits 0"

# ------------------------------------------------ every cell, independently

keys=$(awk -F, '{ print $1 }' <<<"$want")
tap_is "$(awk -F, 'NR > 1 { print $1 }' <<<"$csv" | tr -d '\r')" "$keys" \
    "the CSV has the 25 rows of table 三 in the template's order"
csv=$(tr -d '\r' <<<"$csv")
for k in $keys; do
	c=0
	for col in $COLS; do
		c=$((c + 1))
		tap_is "$(field "$csv" "$k" $c)" "$(field "$want" "$k" $c)" \
		    "cell $k / $col"
	done
done

# The labels, exactly as 国办公开办函〔2021〕30号 prints them.
for label in 一、本年新收政府信息公开申请数量 二、上年结转政府信息公开申请数量 \
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" \
    "（三）不予公开 3.危及“三安全一稳定”" \
    "（五）不予处理 5.要求行政机关确认或重新出具已获取信息" \
    "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" \
    （七）总计 四、结转下年度继续办理; do
	tap_like "$csv" "^[a-z:-]+,$label," "the CSV labels a row $label"
done
tap_is "$(head -n 1 <<<"$csv")" "key,项目,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计" \
    "the CSV's columns are the six applicant types and 总计"

# ------------------------------------------------------------- the checks

for c in 1 2 3 4 5 6 7; do
	a=$(( $(field "$csv" new $c) + $(field "$csv" carried-over $c) ))
	b=$(( $(field "$csv" total $c) + $(field "$csv" carried-forward $c) ))
	tap_is "$a" "$b" "一 + 二 = 三（七） + 四 in column $(cut -d' ' -f$c <<<"$COLS")"
done
tap_is "$(awk -F, 'NR > 3 && NR < 25 { for (i = 3; i <= 9; i++) s[i] += $i }
    $1 == "total" { for (i = 3; i <= 9; i++) t[i] = $i }
    END { for (i = 3; i <= 9; i++) if (s[i] != t[i]) print "column " i ": " s[i] " != " t[i] }' <<<"$csv")" \
    "" "（七） is the sum of the outcome rows in every column"
tap_is "$(awk -F, 'NR > 1 { s = 0; for (i = 3; i <= 8; i++) s += $i; if (s != $9) print $1 ": " s " != " $9 }' <<<"$csv")" \
    "" "总计 is the sum of the six applicant types in every row"

# -------------------------------------------- the formats say the same thing

json_csv=$(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["table3"]["rows"]:
    print(",".join([r["key"], r["label"]] + [str(x) for x in r["counts"]]))' \
    "$T/got.json")
tap_is "$json_csv" "$(tail -n +2 <<<"$csv")" "the JSON table equals the CSV, labels and all 175 cells"
# Text: the lines that end in seven numbers, in order.
text_nums=$(awk '/^申请人情况/ { on = 1 } /^（本列数据/ { on = 0 } !on { next } { n = NF; if (n < 8) next; for (i = n - 6; i <= n; i++) if ($i !~ /^[0-9]+$/) next; s = $(n - 6); for (i = n - 5; i <= n; i++) s = s "," $i; print s }' <<<"$text")
tap_is "$text_nums" "$(tail -n +2 <<<"$csv" | cut -d, -f3-)" \
    "the text table's 25 rows of numbers equal the CSV"
tap_like "$text" "^三、本年度办理结果$" "the text groups the outcomes under 三、本年度办理结果"
tap_like "$text" "^  （三）不予公开$" "the text heads the numbered reasons with their group"

# --------------------------------------- statistics against the independent count

cmp_json() {	# cmp_json PYEXPR-GOT PYEXPR-WANT NAME
	local got want
	got=$(python3 -c "import json,sys; g=json.load(open(sys.argv[1])); print(json.dumps($1))" "$T/got.json")
	want=$(python3 -c "import json,sys; e=json.load(open(sys.argv[1])); print(json.dumps($2))" "$T/expect.json")
	tap_is "$got" "$want" "$3"
}
cmp_json 'g["months"]' 'e["months"]' "requests received and closed per month (office time zone)"
cmp_json '[g["timeliness"][k] for k in ("answered", "with_due_date", "on_time", "timed")]' \
    '[e["timeliness"][k] for k in ("answered", "with_due_date", "on_time", "timed")]' \
    "answered, with a due date, on time, timed"
cmp_json 'g["timeliness"]["median_working_days"]' 'e["timeliness"]["median_working_days"] * 1.0' \
    "the median working days to answer"
cmp_json '[b["count"] for b in g["timeliness"]["working_days_histogram"]]' 'e["timeliness"]["histogram"]' \
    "the histogram of working days to answer"
cmp_json '[g["timeliness"]["provisional"], g["timeliness"].get("year_without_calendar")]' \
    '[e["timeliness"]["provisional"], e["timeliness"]["year_without_calendar"]]' \
    "a day counted without calendar data makes the counts provisional, naming the year"
cmp_json '[g["fees"]["cases"], g["fees"]["fen"]]' '[e["fees"]["cases"], e["fees"]["fen"]]' \
    "fees: the cases with a paid event in the year and the sum of their fee_fen"
cmp_json 'g["proactive"]["total"]' 'e["proactive_total"]' "proactive disclosures published in the year"
cmp_json '[g["proactive"]["by_category"], sorted([c["category"], c["count"]] for c in g["proactive"]["categories"])]' \
    '[True, sorted([k, v] for k, v in e["categories"].items())]' \
    "the year's items by the 类别 of their 审核表; those without one (or without 类别) under none"
cmp_json 'sorted((k, sorted(g["table2"][k].items())) for k in ("rules", "normative"))' \
    'sorted((k, sorted(dict(v, label={"rules": "规章", "normative": "行政规范性文件"}[k]).items())) for k, v in e["table2"].items())' \
    "table 二 (一): 规章 and 行政规范性文件 issued, repealed and in force, every cell"
cmp_json 'sorted((k, sorted((c, v) for c, v in p.items() if c != "label")) for k, p in g["table4"].items())' \
    'sorted((k, sorted(p.items())) for k, p in e["table4"].items())' \
    "table 四: reconsiderations and lawsuits (direct, after review) by result, every cell"
csv2=$(gk report annual $Y --format csv --table 2 | tr -d '\r')
csv4=$(gk report annual $Y --format csv --table 四 | tr -d '\r')
tap_is "$(python3 -c '
import csv, io, json, sys
e = json.load(open(sys.argv[1]))
got = {(r["key"], r["column"]): r["value"] for r in csv.DictReader(io.StringIO(sys.argv[2]))}
want = {(k, c): str(n) for k, row in e["table2"].items() for c, n in row.items()}
print(all(got.get(k) == v for k, v in want.items()), len(got), sorted(set(r for r, c in got) - set(e["table2"])))' "$T/expect.json" "$csv2")" \
    "True 10 ['charges', 'enforcement', 'licensing', 'penalty']" \
    "CSV --table 2: the six cells of (一) as counted, and a row for each figure of (五), (六), (八)"
tap_is "$(python3 -c '
import csv, io, json, sys
e = json.load(open(sys.argv[1]))
rows = list(csv.reader(io.StringIO(sys.argv[2])))
cols = ["upheld", "corrected", "other", "pending", "total"]
print(rows[0][2:] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] and
      {r[0]: [int(x) for x in r[2:]] for r in rows[1:]} ==
      {k: [v[c] for c in cols] for k, v in e["table4"].items()})' "$T/expect.json" "$csv4")" \
    "True" "CSV --table 四: the three parts' five columns as counted"
tap_is "$(python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
print(sum(v["total"] for v in e["table4"].values()) > 40, all(v["pending"] > 0 and v["total"] > v["pending"] for v in e["table4"].values()),
      all(v["issued"] > 2 and v["repealed"] > 1 and v["in_force"] > v["issued"] for v in e["table2"].values()))' "$T/expect.json")" \
    "True True True" "the generated year has remedies decided and pending in every part, and rules issued, repealed and in force"
tap_like "$text" "（未分类）：" "the text names them 未分类"
yuan=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["fees"]["fen"]; print("{:,}.{:02d}".format(f // 100, f % 100))' "$T/expect.json")
tap_like "$text" "信息处理费 ?$yuan ?元" "the text gives the fees in yuan ($yuan), in section 六 from its template"

# The six sections, in order; 一, 五 and 六 from the templates, with the
# figures filled in; an office's own text (the override folder beside the
# configuration) replaces a section; a broken one stops the report.
tap_is "$(grep -v '^[一二三四]、本年\|^[二三四]、上年\|^[三四]、结转' <<<"$text" | grep -o '^[一二三四五六]、' | tr -d '\n')" \
    "一、二、三、四、五、六、" "the text has the six sections in order"
new=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); print(e["rows"]["new"][6], e["table2"]["rules"]["issued"], e["table2"]["normative"]["in_force"], sum(v["total"] for k, v in e["table4"].items() if k != "review"))' "$T/expect.json")
read -r want_new want_rules want_norm want_suits <<<"$new"
tap_like "$text" "全年新收政府信息公开申请${want_new}件.*" "section 一 gives the requests received ($want_new)"
tap_like "$text" "其中规章${want_rules}件.*现行有效的规章[0-9]+件、行政规范性文件${want_norm}件" \
    "and the 规章 issued ($want_rules), the 行政规范性文件 in force ($want_norm)"
tap_like "$text" "行政诉讼${want_suits}件" "and the lawsuits filed ($want_suits)"
mkdir "$T/templates"
printf 'Subject: 五、存在的主要问题及改进情况\n\n本办%s年的改进：第一条。\n\n第二条。\n' '{{report_year}}' \
    >"$T/templates/report_problems.zh.txt"
own=$(gk report annual $Y 2>&1)
tap_like "$own" "本办${Y}年的改进：第一条。" "the office's own 五 (templates/ beside the configuration) replaces the shipped one"
tap_like "$(gk report annual $Y --format html 2>&1 | tr -d '\n')" "<section id=\"problems\" class=\"prose\"><h2>五、存在的主要问题及改进情况</h2><p>本办${Y}年的改进：第一条。</p><p>第二条。</p></section>" \
    "in HTML, a paragraph per block of lines"
printf 'Subject: 五\n\n{{no_such_figure}}\n' >"$T/templates/report_problems.zh.txt"
rc=0
bad=$(gk report annual $Y 2>&1) || rc=$?
tap_is "$rc" 1 "a section template that does not render stops the report (exit 1)"
tap_like "$bad" "report_problems.zh.txt:3: .*no_such_figure" "naming the file, line and fault"
rm -r "$T/templates"
share=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["timeliness"]; print("%d / %d（%.1f%%）" % (t["on_time"], t["with_due_date"], 100.0 * t["on_time"] / t["with_due_date"]))' "$T/expect.json")
tap_like "$text" "按期答复：$share" "the text gives the share answered on time"

# ------------------------------------------------ one year hands over to the next

prev=$(gk report annual $((Y - 1)) --format csv 2>&1 | tr -d '\r')
next=$(gk report annual $((Y + 1)) --format csv 2>&1 | tr -d '\r')
tap_is "$(grep '^carried-forward,' <<<"$prev" | cut -d, -f3-)" \
    "$(grep '^carried-over,' <<<"$csv" | cut -d, -f3-)" \
    "$((Y - 1))'s 四 (carried forward) is $Y's 二 (carried over)"
tap_is "$(grep '^carried-forward,' <<<"$csv" | cut -d, -f3-)" \
    "$(grep '^carried-over,' <<<"$next" | cut -d, -f3-)" \
    "$Y's 四 is $((Y + 1))'s 二"

# ----------------------------------------------------------- usage errors

exits() {	# exits CODE NAME ARGS...
	local want=$1 name=$2 got=0
	shift 2
	gk "$@" >/dev/null 2>&1 || got=$?
	tap_is "$got" "$want" "$name"
}
exits 2 "an unknown format is a usage error" report annual $Y --format pdf
exits 2 "a year that is not a number is a usage error" report annual 20x5
exits 2 "a missing year is a usage error" report annual
exits 2 "a report other than annual is a usage error" report monthly $Y

# ------------------------------------------- data that break the identity

# broken WHAT SQL CASE: a copy of the database changed by SQL must be
# refused (exit 1, nothing on stdout) with CASE named on stderr.
broken()
{
	local what=$1 sql=$2 case=$3 rc=0 out err

	rm -f "$T/b.db" "$T/b.db-wal" "$T/b.db-shm"
	sqlite3 "$DB" ".backup '$T/b.db'"
	sqlite3 "$T/b.db" "$sql"
	sed "s|^database = .*|database = $T/b.db|" "$GK_CONF" >"$T/b.conf"
	out=$("$GONGKAI" -c "$T/b.conf" report annual $Y 2>"$T/b.err") || rc=$?
	err=$(cat "$T/b.err")
	tap_is "$rc" 1 "$what: exit 1"
	tap_is "$out" "" "$what: nothing printed"
	tap_like "$err" "^  $case: " "$what: the case is named"
}
# a case answered in the year (closed_at in it, not withdrawn)
pick=$(cases "min(c['id'] for c in r if c['state'] == 'answered' and '$Y-03-01' <= c['closed_at'] < '$Y-12-01')")
open=$(cases "min(c['id'] for c in r if c['state'] == 'drafting' and c['received_at'] >= '$Y')")
broken "answered without an answer type" \
    "UPDATE cases SET answer_type = NULL WHERE id = '$pick'" "$pick"
tap_like "$(cat "$T/b.err")" "column .*: the outcomes （一）-（六） add up to" \
    "answered without an answer type: the failed equation is named"
broken "answered before it was received" \
    "UPDATE cases SET received_at = closed_at + 3600 WHERE id = '$pick'" "$pick"
# answered in December, "received" in the next year
late=$(cases "max(sorted((c for c in r if c['state'] == 'answered' and '$Y-11-05' <= c['closed_at'] < '$((Y + 1))'), key=lambda c: c['id']), key=lambda c: c['closed_at'])['id']")
broken "answered in $Y, received in $((Y + 1))" \
    "UPDATE cases SET received_at = closed_at + 86400 * 60 WHERE id = '$late'" "$late"
tap_like "$(cat "$T/b.err")" "一 .* but 三（七）" \
    "answered in $Y, received in $((Y + 1)): 一 + 二 = 三（七） + 四 fails and is named"
broken "an answer TYPE that is none of the 22" \
    "UPDATE cases SET answer_type = 'withhold:whim' WHERE id = '$pick'" "$pick"
broken "an applicant type that is none of the 6" \
    "UPDATE cases SET applicant_type = 'alien' WHERE id = '$pick'" "$pick"
broken "state answered without an answer time" \
    "UPDATE cases SET closed_at = NULL WHERE id = '$pick'" "$pick"
broken "an open case with an answer time" \
    "UPDATE cases SET closed_at = received_at + 3600 WHERE id = '$open'" "$open"

# A fault outside the year does not stop it: a case answered in Y-2.
old=$(cases "min(c['id'] for c in r if c['state'] == 'answered' and c['closed_at'] < '$((Y - 1))-06-01')")
sqlite3 "$DB" ".backup '$T/c.db'"
sqlite3 "$T/c.db" "UPDATE cases SET answer_type = NULL WHERE id = '$old'"
sed "s|^database = .*|database = $T/c.db|" "$GK_CONF" >"$T/c.conf"
rc=0
"$GONGKAI" -c "$T/c.conf" report annual $Y >/dev/null 2>&1 || rc=$?
tap_is "$rc" 0 "a fault in a case answered in $((Y - 1)) does not stop $Y's report"
rc=0
"$GONGKAI" -c "$T/c.conf" report annual $((Y - 1)) >/dev/null 2>"$T/c.err" || rc=$?
tap_is "$rc:$(grep -c "^  $old: answered at .* without an answer type" "$T/c.err")" "1:1" \
    "... and stops $((Y - 1))'s, naming it"

tap_done
[ "$TAP_FAILED" = 0 ]
