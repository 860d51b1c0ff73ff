#!/bin/bash
# report_chromium.sh - `gongkai report annual YEAR --format html` read as
# a person reads it: Debian's headless Chromium loads the page from a
# file, with no network; the DOM it dumps must hold table 三's 175 cells
# (equal to the CSV, which report.sh checks against an independent count)
# in the national template's shape, and both charts, drawn: the SVG bars
# carry the JSON's numbers, and the page's script, which runs only once
# Chromium has laid the page out, counts the bars with a non-empty box.
# Chromium also prints the page to PDF (the print stylesheet: A4 landscape)
# and takes a screenshot; REPORT_SCREENSHOT=FILE keeps a copy of it.
set -u
: "${GONGKAI:?run through make check}"
. "$GK_SRCDIR/tests/harness/lib.sh"
. "$GK_SRCDIR/tests/harness/report_data.sh"

Y=2025
CHROMIUM=${CHROMIUM:-chromium}
T=$(mktemp -d)
gk_atexit "rm -rf '$T'"
sed -e 's|@IMAP_URL@|imap://127.0.0.1:9|; s|@SMTP_URL@|smtp://127.0.0.1:9|' \
    -e 's|@IMAP_STARTTLS@|false|; s|@SMTP_STARTTLS@|false|; s|@CA_FILE@|ca.pem|' \
    "$GK_SRCDIR/tests/data/gongkai.conf.in" >"$T/gongkai.conf"
(umask 077 && echo secret >"$T/imap.pass")
GK_CONF=$T/gongkai.conf

# chrome ARGS...: headless Chromium as root, with nothing that reaches out.
chrome()
{
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --disable-quic --no-first-run \
	    --disable-extensions --hide-scrollbars \
	    --user-data-dir="$(mktemp -d "$T/profile.XXXXXX")" "$@" \
	    2>>"$T/chromium.log"
}

gk_require "$CHROMIUM" sqlite3	# scripts/install-deps installs them
gk init >/dev/null 2>&1
report_data_sql 700 "$Y" | sqlite3 "$T/gongkai.db" >/dev/null
python3 "$GK_SRCDIR/tests/harness/report_items.py" "$T/gongkai.db" "$Y" >/dev/null
gk report annual $Y --format html >"$T/report.html"
gk report annual $Y --format csv | tr -d '\r' >"$T/report.csv"
gk report annual $Y --format csv --table 2 | tr -d '\r' >"$T/table2.csv"
gk report annual $Y --format csv --table 4 | tr -d '\r' >"$T/table4.csv"
gk report annual $Y --format json >"$T/report.json"

# ------------------------------------------------------- self-contained

html=$(cat "$T/report.html")
tap_unlike "$html" '<(link|img|iframe|object|embed)[ >]|<script[^>]* src=|@import|url\(' \
    "the page loads nothing: no link, img, external script, @import or url()"
tap_is "$(grep -o 'https\?://[^"]*' "$T/report.html" | sort -u)" \
    "http://www.w3.org/2000/svg" "the only address in the page is the SVG namespace"
tap_like "$html" '@media print\{@page\{size:A4 landscape' "the page has a print stylesheet"

# ---------------------------------------------------------------- the DOM

chrome --dump-dom "file://$T/report.html" >"$T/dom.html"
tap_like "$(cat "$T/dom.html")" '</html>' "Chromium dumps the DOM of the page"

python3 - "$T/dom.html" "$T/report.csv" "$T/report.json" "$T/table2.csv" "$T/table4.csv" >"$T/dom.tap" <<'PY'
import csv as csvmod, html.parser, json, sys

class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.cells, self.svgs, self.bars = [], {}, {}, {}
        self.text, self.cur, self.rows, self.spans = None, None, 0, []
        self.heads, self.data_cells, self.sections = [], {}, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.sections.append(a.get("id"))
        if tag == "td" and "data-cell" in a:
            self.cur, self.text = ("cell", a["data-cell"]), ""
        elif tag == "td" and "data-row" in a:
            self.cur = (a["data-row"], a["data-col"])
            self.text = ""
        elif tag in ("td", "th") and ("rowspan" in a or "colspan" in a):
            self.spans.append((tag, a.get("rowspan"), a.get("colspan")))
            self.cur, self.text = ("span",), ""
        if tag == "tr" and "data-row" in a:
            self.rows += 1
        if tag == "svg":
            self.svg = a.get("id")
            self.svgs[self.svg] = a
            self.bars[self.svg] = []
        if tag == "rect" and "bar" in a.get("class", "").split():
            self.bars[self.svg].append(a)
    def handle_data(self, d):
        if self.text is not None:
            self.text += d
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cur is not None:
            if self.cur[0] == "cell":
                self.data_cells[self.cur[1]] = self.text.strip()
            elif self.cur[0] == "span":
                self.heads.append(self.text.strip())
            else:
                self.cells[self.cur] = self.text.strip()
            self.cur, self.text = None, None

dom = Dom()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
csv = [l.split(",") for l in open(sys.argv[2], encoding="utf-8").read().split("\n")[1:] if l]
rep = json.load(open(sys.argv[3]))
cols = ["natural", "commercial", "research", "public-welfare",
        "legal-service", "other", "total"]
n = 0
def ok(cond, name, diag=""):
    global n
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, name))
    if not cond and diag:
        print("# " + diag.replace("\n", "\n# "))

ok(dom.rows == 25, "the table has the 25 rows of table 三", "got %d" % dom.rows)
for row in csv:
    key, want = row[0], row[2:]
    got = [dom.cells.get((key, c)) for c in cols]
    ok(got == want, "row %s: its 7 cells in the DOM equal the CSV" % key,
       "got %s want %s" % (got, want))
ok(len(dom.cells) == 175, "175 numbered cells", "got %d" % len(dom.cells))
# The template's shape: the corner note, 申请人情况 over seven columns,
# 法人或其他组织 over five, 三、本年度办理结果 over 22 rows, the groups.
spans = dict((h, s) for h, s in zip(dom.heads, dom.spans))
def span(label):
    for h, s in spans.items():
        if h.startswith(label):
            return s
ok(span("（本列数据的勾稽关系为") == ("th", "3", "3"),
   "the corner holds the template's cross-check note", str(spans))
ok(span("申请人情况") == ("th", None, "7"), "申请人情况 spans the 7 columns")
ok(span("法人或其他组织") == ("th", None, "5"), "法人或其他组织 spans 5 columns")
ok(span("三、本年度办理结果") == ("td", "22", None),
   "三、本年度办理结果 spans its 22 rows", str(span("三、本年度办理结果")))
for g, k in (("（三）不予公开", "8"), ("（四）无法提供", "3"),
             ("（五）不予处理", "5"), ("（六）其他处理", "3")):
    ok(span(g) == ("td", k, None), "%s spans its %s reasons" % (g, k))

# Tables 二 and 四, cell by cell against their CSV (which report.sh checks
# against an independent count), and the six sections in order.
t2 = list(csvmod.DictReader(open(sys.argv[4], encoding="utf-8")))
want2 = {}
for r in t2:
    k = r["key"] if r["column"] == "value" else "%s.%s" % (r["key"], r["column"])
    want2[k] = r["value"] or "未录入"
got2 = dict((k, dom.data_cells.get(k)) for k in want2)
ok(len(want2) == 10 and got2 == want2,
   "table 二: its 10 cells in the DOM equal the CSV", "got %s want %s" % (got2, want2))
t4 = list(csvmod.reader(open(sys.argv[5], encoding="utf-8")))
keys4 = ["upheld", "corrected", "other", "pending", "total"]
want4 = dict(("%s.%s" % (r[0], keys4[i]), v) for r in t4[1:] for i, v in enumerate(r[2:]))
got4 = dict((k, dom.data_cells.get(k)) for k in want4)
ok(len(want4) == 15 and got4 == want4,
   "table 四: its 15 cells in the DOM equal the CSV", "got %s want %s" % (got4, want4))
ok([s for s in dom.sections if s in ("overview", "proactive", "applications", "remedies", "problems", "other")] ==
   ["overview", "proactive", "applications", "remedies", "problems", "other"],
   "the page has the six sections in order", str(dom.sections))

# The charts.
months = dom.bars.get("chart-months", [])
ok(len(months) == 24, "the monthly chart has 24 bars", "got %d" % len(months))
for series in ("received", "closed"):
    got = [int(b["data-value"]) for b in months if b.get("data-series") == series]
    ok(got == rep["months"][series],
       "the monthly chart's %s bars carry the JSON's numbers" % series,
       "got %s want %s" % (got, rep["months"][series]))
hv = [(float(b["height"]), int(b["data-value"])) for b in months]
top = max(hv, key=lambda x: x[1])
ok(top[1] > 0 and all((h > 0) == (v > 0) for h, v in hv) and
   all(abs(h - v * top[0] / top[1]) <= 0.1 for h, v in hv),
   "the monthly bars' heights are proportional to their numbers", str(hv))
days = dom.bars.get("chart-days", [])
want = [b["count"] for b in rep["timeliness"]["working_days_histogram"]]
ok([int(b["data-value"]) for b in days] == want,
   "the answer-time chart has 7 bars with the JSON's histogram",
   "got %s want %s" % ([b.get("data-value") for b in days], want))
for sid, bars in (("chart-months", months), ("chart-days", days)):
    nonzero = sum(1 for b in bars if int(b["data-value"]) > 0)
    drawn = dom.svgs.get(sid, {}).get("data-drawn")
    ok(nonzero > 0 and drawn == str(nonzero),
       "%s: drawn by Chromium, %d bars with a box" % (sid, nonzero),
       "data-drawn=%s, want %d (the page script did not run, or the bars "
       "have no box)" % (drawn, nonzero))
print("1..%d" % n)
PY
# fold the Python's TAP into ours
while IFS= read -r line; do
	case $line in
	"ok "*) tap_ok 0 "${line#ok [0-9]* - }" ;;
	"not ok "*) tap_ok 1 "${line#not ok [0-9]* - }" ;;
	"#"*) printf '%s\n' "$line" ;;
	esac
done <"$T/dom.tap"
[ -s "$T/dom.tap" ] || tap_ok 1 "the DOM could be read"

# ---------------------------------------------------- print and screenshot

chrome --no-pdf-header-footer --print-to-pdf="$T/report.pdf" \
    "file://$T/report.html" >/dev/null
tap_is "$(head -c 5 "$T/report.pdf" 2>/dev/null)" "%PDF-" "Chromium prints the page to PDF"
pages=$(grep -ao '/Type */Page\b' "$T/report.pdf" 2>/dev/null | wc -l)
tap_like "$pages" '^[2-5]$' "the printed report takes two to five A4 pages ($pages): the six sections, a table a page"
chrome --window-size=1200,1900 --screenshot="$T/report.png" \
    "file://$T/report.html" >/dev/null
tap_is "$(head -c 8 "$T/report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" \
    "89504e470d0a1a0a" "Chromium takes a screenshot of the page"
[ -z "${REPORT_SCREENSHOT:-}" ] || cp "$T/report.png" "$REPORT_SCREENSHOT"
if [ "$TAP_FAILED" != 0 ]; then
	tap_diag "chromium's log:" "$(tail -n 20 "$T/chromium.log")"
fi

tap_done
[ "$TAP_FAILED" = 0 ]
