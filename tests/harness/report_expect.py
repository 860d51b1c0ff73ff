#!/usr/bin/env python3
"""report_expect.py DB YEAR CALENDAR_DIR TZ - what `gongkai report annual
YEAR --format json` must say about the database DB, computed here from the
raw rows with Python's own date arithmetic (zoneinfo) and its own reading of
the calendar files, never with gongkai's code.  Prints one JSON document:
  {"rows": {KEY: [7 counts]}, "months": {"received": [12], "closed": [12]},
   "timeliness": {...}, "fees": {"cases", "fen"}, "proactive_total": N,
   "table2": {"rules"|"normative": {"issued", "repealed", "in_force"}},
   "table4": {"review"|"suit_direct"|"suit_after_review":
              {"upheld", "corrected", "other", "pending", "total"}}}

Table 二 (一): published proactive items whose 审核表 (the last
"item-form" event) says 类别 规章, or 行政规范性文件 / 规范性文件:
issued = published in the year; repealed = a "repealed" event in the
year; in force = published before the year's end and not repealed before
it.  Table 四: a reconsideration or lawsuit counts in the year it was
filed, under the result recorded before the year's end, else pending; a
lawsuit filed "after-review" in the after-review part, else direct.

The rules, from doc/lifecycle.md, "The annual report": cases
of kind "request"; new = received in the year (office time zone);
carried over = received before it and not answered by its start; the
outcome rows count the cases whose answer was sent (closed_at) in the year,
by answer TYPE (public-already under disclose; a withdrawn case under
other:misc); carried forward = received before its end and not answered by
then.  Columns: the six applicant types, then the total.
"""
import datetime, glob, json, os, sqlite3, statistics, sys, zoneinfo

COLS = ["natural", "commercial", "research", "public-welfare",
        "legal-service", "other"]
OUTCOMES = [
    "disclose", "partial",
    "withhold:state-secret", "withhold:law-prohibited",
    "withhold:security-stability", "withhold:third-party",
    "withhold:internal-affairs", "withhold:process-info",
    "withhold:enforcement-file", "withhold:query-matter",
    "unavailable:not-held", "unavailable:needs-creation",
    "unavailable:still-unclear",
    "not-processed:petition", "not-processed:repeat",
    "not-processed:publication", "not-processed:excessive",
    "not-processed:confirm-existing",
    "other:no-correction", "other:fee-unpaid", "other:misc",
]
ROWS = ["new", "carried-over"] + OUTCOMES + ["total", "carried-forward"]
BUCKETS = [(0, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, 40),
           (41, None)]


def load_calendar(folder):
    """{year: (holidays set, workdays set)} from the *.conf files."""
    years = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.conf"))):
        year = None
        for line in open(path, encoding="utf-8"):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            word, rest = line.split(None, 1)
            if word == "year":
                year = int(rest.split()[0])
                years.setdefault(year, (set(), set()))
                continue
            span = rest.split()[0]
            first, _, last = span.partition("..")
            d = datetime.date.fromisoformat(first)
            end = datetime.date.fromisoformat(last or first)
            while d <= end:
                years[year][0 if word == "holiday" else 1].add(d)
                d += datetime.timedelta(days=1)
    return years


def working_days(cal, a, b):
    """Working days in (a, b]; and the years without data looked at."""
    n, missing = 0, set()
    d = a + datetime.timedelta(days=1)
    while d <= b:
        if d.year in cal:
            hol, work = cal[d.year]
            n += d in work or (d.weekday() < 5 and d not in hol)
        else:
            missing.add(d.year)
            n += d.weekday() < 5
        d += datetime.timedelta(days=1)
    return n, missing


def main():
    db, year, caldir, tzname = sys.argv[1], int(sys.argv[2]), sys.argv[3], \
        sys.argv[4]
    tz = zoneinfo.ZoneInfo(tzname)
    lo = datetime.datetime(year, 1, 1, tzinfo=tz).timestamp()
    hi = datetime.datetime(year + 1, 1, 1, tzinfo=tz).timestamp()
    cal = load_calendar(caldir)
    con = sqlite3.connect(db)
    rows = {k: [0] * 7 for k in ROWS}
    months_r, months_c = [0] * 12, [0] * 12
    answered = with_due = on_time = 0
    days, missing, hist = [], set(), [0] * len(BUCKETS)

    def bump(key, col):
        rows[key][col] += 1
        rows[key][6] += 1

    for (cid, state, atype, ans, rcv, cl, receipt, due) in con.execute(
            "SELECT id, state, applicant_type, answer_type, received_at,"
            " closed_at, receipt_date, due_date FROM cases"
            " WHERE kind = 'request'"):
        col = COLS.index(atype)
        if lo <= rcv < hi:
            bump("new", col)
            months_r[datetime.datetime.fromtimestamp(rcv, tz).month - 1] += 1
        if rcv < lo and (cl is None or cl >= lo):
            bump("carried-over", col)
        if rcv < hi and (cl is None or cl >= hi):
            bump("carried-forward", col)
        if cl is None or not lo <= cl < hi:
            continue
        bump("total", col)
        local = datetime.datetime.fromtimestamp(cl, tz)
        months_c[local.month - 1] += 1
        if state == "withdrawn":
            bump("other:misc", col)
            continue
        bump("disclose" if ans == "public-already" else ans, col)
        answered += 1
        if due is not None:
            with_due += 1
            on_time += local.date() <= datetime.date.fromisoformat(due)
        if receipt is not None:
            r = datetime.date.fromisoformat(receipt)
            if r <= local.date():
                n, miss = working_days(cal, r, local.date())
                missing |= miss
                days.append(n)
                for i, (a, b) in enumerate(BUCKETS):
                    if n >= a and (b is None or n <= b):
                        hist[i] += 1
                        break

    fee_cases, fee_fen = con.execute(
        "SELECT count(*), coalesce(sum(fee_fen), 0) FROM cases"
        " WHERE kind = 'request' AND id IN (SELECT case_id FROM events"
        " WHERE type = 'paid' AND at >= ? AND at < ?)", (lo, hi)).fetchone()
    proactive = con.execute(
        "SELECT count(*) FROM cases WHERE kind = 'proactive'"
        " AND state = 'published' AND closed_at >= ? AND closed_at < ?",
        (lo, hi)).fetchone()[0]
    table2 = {k: {"issued": 0, "repealed": 0, "in_force": 0}
              for k in ("rules", "normative")}
    categories = {}
    for cid, published in con.execute(
            "SELECT id, closed_at FROM cases WHERE kind = 'proactive'"
            " AND state = 'published' AND closed_at < ?", (hi,)):
        form = con.execute(
            "SELECT detail FROM events WHERE case_id = ? AND type ="
            " 'item-form' ORDER BY id DESC LIMIT 1", (cid,)).fetchone()
        cat = None
        for line in (form[0] if form else "").split("\n"):
            if line.startswith("类别："):
                cat = line[len("类别："):].strip()
        if lo <= published:
            categories[cat or ""] = categories.get(cat or "", 0) + 1
        row = {"规章": "rules", "行政规范性文件": "normative",
               "规范性文件": "normative"}.get(cat)
        if row is None:
            continue
        rep = [a for (a,) in con.execute(
            "SELECT at FROM events WHERE case_id = ? AND type = 'repealed'",
            (cid,))]
        table2[row]["issued"] += lo <= published
        table2[row]["repealed"] += any(lo <= a < hi for a in rep)
        table2[row]["in_force"] += not any(a < hi for a in rep)

    parts = ("review", "suit_direct", "suit_after_review")
    table4 = {p: {"upheld": 0, "corrected": 0, "other": 0, "pending": 0,
                  "total": 0} for p in parts}
    ev = {}
    for cid, at, type_ in con.execute(
            "SELECT case_id, at, type FROM events WHERE type LIKE 'review-%'"
            " OR type LIKE 'suit-%'"):
        ev.setdefault(cid, []).append((at, type_))
    for cid, es in ev.items():
        for kind in ("review", "suit"):
            filed = [(a, t) for a, t in es if t.startswith(kind + "-filed")]
            if not filed or not lo <= filed[0][0] < hi:
                continue
            part = kind if kind == "review" else (
                "suit_after_review" if filed[0][1].endswith("after-review")
                else "suit_direct")
            res = [t[len(kind) + 1:] for a, t in es
                   if a < hi and t in ("%s-upheld" % kind,
                                       "%s-corrected" % kind,
                                       "%s-other" % kind)]
            table4[part][res[0] if res else "pending"] += 1
            table4[part]["total"] += 1

    print(json.dumps({
        "table2": table2,
        "categories": categories,
        "table4": table4,
        "rows": rows,
        "months": {"received": months_r, "closed": months_c},
        "timeliness": {
            "answered": answered, "with_due_date": with_due,
            "on_time": on_time, "timed": len(days),
            "median_working_days":
                statistics.median(days) if days else None,
            "histogram": hist,
            "provisional": bool(missing),
            "year_without_calendar": min(missing) if missing else None,
        },
        "fees": {"cases": fee_cases, "fen": fee_fen},
        "proactive_total": proactive,
    }, indent=1))


main()
