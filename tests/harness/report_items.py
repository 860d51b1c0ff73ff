#!/usr/bin/env python3
"""report_items.py DB YEAR [SEED] - adds to a database that report_data.sh
filled a year's publication and remedy history around YEAR, as gongkai
writes it (rows and events only; no program of ours):

- proactive items (kind "proactive") published (state "published",
  closed_at) over YEAR-2 .. YEAR+1, each with its 审核表 (event
  "item-form") whose 类别 is 规章, 行政规范性文件, 规范性文件 (the same
  row), 其他 or none; some never published; a news item whose form says
  规章 (table 二 counts only proactive items); some repealed (event
  "repealed", as `gongkai case ITEM REPEAL` records it) before, in and
  after YEAR;
- reconsiderations and lawsuits on answered requests (events
  "review-filed", "review-upheld|corrected|other", "suit-filed",
  "suit-filed-after-review", "suit-upheld|corrected|other", each at most
  once per case, a result after its filing, a suit after review after
  the reconsideration), filed and decided before, in and after YEAR;
- the edges on purpose: the first and the last second of YEAR in the
  office's time zone (+08:00), and the first second of the next.

What the report must say about them is counted by report_expect.py, not
here.
"""
import random, sqlite3, sys

db, year = sys.argv[1], int(sys.argv[2])
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20251231)
con = sqlite3.connect(db)


def epoch(y):
    """The first second of year y in Asia/Shanghai (UTC+8, no DST)."""
    return con.execute("SELECT unixepoch(?) - 28800",
                       ("%04d-01-01" % y,)).fetchone()[0]


y0, y1 = epoch(year), epoch(year + 1)
lo, hi = epoch(year - 2), epoch(year + 2)
DAY = 86400


def form(title, category, at):
    d = con.execute("SELECT date(? + 28800, 'unixepoch')", (at,)).fetchone()[0]
    y, m, dd = (int(x) for x in d.split("-"))
    lines = ["日期：%d年%d月%d日" % (y, m, dd), "处室：秘书处", "联系人：王经办",
             "标题：%s" % title, "拟发布栏目：政策文件", "重大事项：否",
             "信息形成日期：%d年%d月%d日" % (y, m, dd)]
    if category is not None:
        lines.append("类别：%s" % category)
    lines.append("主要内容：%s的正文。" % title)
    return "\n".join(lines)


def event(case, at, type_, detail=None, actor="mishu@fao.example.test"):
    con.execute("INSERT INTO events (case_id, at, type, actor, detail)"
                " VALUES (?, ?, ?, ?, ?)", (case, at, type_, actor, detail))


CATS = ["规章", "行政规范性文件", "规范性文件", "其他", None, "规章",
        "行政规范性文件"]
n = 0


def item(kind, category, published, repealed=None, received=None):
    global n
    n += 1
    cid = "GK-%d-8%05d" % (year, n)
    received = received if received is not None else (
        (published or y0) - rnd.randrange(1, 30) * DAY)
    con.execute(
        "INSERT INTO cases (id, kind, state, received_at, closed_at,"
        " applicant_type, subject) VALUES (?, ?, ?, ?, ?, 'natural', ?)",
        (cid, kind, "published" if published is not None else "review",
         received, published, "条目%d" % n))
    event(cid, received, "received", "edge", "jingban@fao.example.test")
    if category != "no-form":
        event(cid, received, "item-form", form("条目%d" % n, category,
                                               received))
    if repealed is not None:
        event(cid, repealed, "repealed", "废止（%s）。" % category)
    return cid


for i in range(120):
    cat = CATS[i % len(CATS)]
    if i % 11 == 10:
        item("proactive", cat, None)                    # never published
        continue
    pub = rnd.randrange(lo, hi)
    rep = None
    if cat in ("规章", "行政规范性文件", "规范性文件") and rnd.random() < 0.45:
        rep = rnd.randrange(pub + 1, hi + 30 * DAY)
    item("proactive", cat if i % 13 else "no-form", pub, rep)
# The edges: published at the year's first second, repealed at its last,
# repealed at the next year's first (in force at the end of YEAR).
item("proactive", "规章", y0)
item("proactive", "行政规范性文件", y0 - 40 * DAY, y1 - 1)
item("proactive", "规章", y0 - 50 * DAY, y1)
item("proactive", "规章", y1 - 1, None)
item("proactive", "行政规范性文件", y1)               # next year's
item("news", "规章", y0 + 10 * DAY)                   # not proactive

# Remedies on answered requests.
answered = [r[0] for r in con.execute(
    "SELECT id FROM cases WHERE kind = 'request' AND closed_at IS NOT NULL"
    " ORDER BY id")]
rnd.shuffle(answered)
RESULTS = ["upheld", "corrected", "other"]
for k, cid in enumerate(answered[:90]):
    closed = con.execute("SELECT closed_at FROM cases WHERE id = ?",
                         (cid,)).fetchone()[0]
    t = closed + rnd.randrange(1, 200) * DAY // 2
    reviewed = k % 3 != 2
    if reviewed:
        if k == 0:
            t = y0                           # filed at the first second
        event(cid, t, "review-filed", "复议申请。")
        if rnd.random() < 0.6:
            t = t + rnd.randrange(1, 150) * DAY // 3
            if k == 1:
                t = y1                       # decided at the next year's
            event(cid, t, "review-" + rnd.choice(RESULTS), "复议结果。")
    if not reviewed or rnd.random() < 0.4:
        t = t + rnd.randrange(1, 120) * DAY // 3
        if k == 2:
            t = y1 - 1                       # filed at the last second
        event(cid, t, "suit-filed-after-review" if reviewed else
              "suit-filed", "起诉。")
        if rnd.random() < 0.5:
            t = t + rnd.randrange(1, 150) * DAY // 3
            event(cid, t, "suit-" + rnd.choice(RESULTS), "诉讼结果。")
con.commit()
print("%d items, %d requests with remedies" % (n, min(90, len(answered))))
