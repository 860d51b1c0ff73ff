# tests/harness/report_data.sh - synthetic years of requests for the annual
# report's tests and benchmark, sourced by bash scripts:
#
#	. "$GK_SRCDIR/tests/harness/report_data.sh"
#	report_data_sql N YEAR | sqlite3 gongkai.db	# into a `gongkai init` db
#
# Pure SQL (a recursive CTE; no program of ours) writes N requests with
# the columns and events src/request.c writes for them: a case row
# (receipt_date the office's day of arrival, or a few days later after a
# 补正; due_date; answer_type; fee_fen; closed_at when the approver's
# APPROVE sent the answer) and the events "received", "clock",
# "mail-queued", and for an answered case "answer" then three "approve"
# (the last at closed_at), for a fee "fee" and, when paid, "paid".
#
# Mixed over the years YEAR-1, YEAR and YEAR+1, by a hash of the row
# number: every answer TYPE under every applicant type (the first 132 rows
# are the 22 x 6 combinations, answered in YEAR), then a skewed mix:
# answered in YEAR-1; carried over from YEAR-1 and answered in YEAR;
# received and answered in YEAR; received in YEAR and answered in YEAR+1;
# still open (received in YEAR-1 or YEAR, in every open state, a draft
# TYPE in drafting and review); withdrawn; arrivals at every hour of the
# day, so that the office's date and month differ from UTC's for a third
# of them.  Then a few rows placed on purpose: the first and last second
# of the year in the office's time zone (Asia/Shanghai, +08:00, which the
# SQL assumes), a case carried for two years, proactive, news and
# business items (which table 三 must not count).  Case ids are
# GK-<year received>-<row>.
#
# The expected report is computed separately (report_expect.py), never
# from this file's logic.

report_data_sql()
{
	local n=$1 y=$2

	cat <<EOF
PRAGMA foreign_keys = OFF;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE p AS SELECT
  unixepoch('$((y - 2))-01-01') - 28800 AS q0,
  unixepoch('$((y - 1))-01-01') - 28800 AS p0,
  unixepoch('$y-01-01') - 28800 AS y0,
  unixepoch('$((y + 1))-01-01') - 28800 AS n0;
CREATE TEMP TABLE types (k INTEGER PRIMARY KEY, t TEXT);
INSERT INTO types VALUES
  (0, 'public-already'), (1, 'disclose'), (2, 'partial'),
  (3, 'withhold:state-secret'), (4, 'withhold:law-prohibited'),
  (5, 'withhold:security-stability'), (6, 'withhold:third-party'),
  (7, 'withhold:internal-affairs'), (8, 'withhold:process-info'),
  (9, 'withhold:enforcement-file'), (10, 'withhold:query-matter'),
  (11, 'unavailable:not-held'), (12, 'unavailable:needs-creation'),
  (13, 'unavailable:still-unclear'), (14, 'not-processed:petition'),
  (15, 'not-processed:repeat'), (16, 'not-processed:publication'),
  (17, 'not-processed:excessive'), (18, 'not-processed:confirm-existing'),
  (19, 'other:no-correction'), (20, 'other:fee-unpaid'), (21, 'other:misc');
CREATE TEMP TABLE apps (k INTEGER PRIMARY KEY, t TEXT);
INSERT INTO apps VALUES (0, 'natural'), (1, 'commercial'), (2, 'research'),
  (3, 'public-welfare'), (4, 'legal-service'), (5, 'other');
CREATE TEMP TABLE opens (k INTEGER PRIMARY KEY, t TEXT);
INSERT INTO opens VALUES (0, 'received'), (1, 'correction'), (2, 'drafting'),
  (3, 'review'), (4, 'fee'), (5, 'consulting'), (6, 'extension');

-- hashes of the row number
CREATE TEMP TABLE g AS
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < $n)
SELECT i,
  (i * 2654435761 + 97) % 4294967296 AS h,
  (i * 40503 + 7) % 65521 AS h2,
  (i * 69069 + 1) % 1000003 AS h3
FROM s;

-- applicant type, answer TYPE, scenario and time of day
CREATE TEMP TABLE k AS SELECT i, h, h2, h3,
  CASE WHEN i < 132 THEN i % 6 ELSE
    CASE h2 % 10 WHEN 0 THEN 0 WHEN 1 THEN 0 WHEN 2 THEN 0 WHEN 3 THEN 0
      WHEN 4 THEN 1 WHEN 5 THEN 1 WHEN 6 THEN 2 WHEN 7 THEN 3
      WHEN 8 THEN 4 ELSE 5 END END AS a,
  CASE WHEN i < 132 THEN i / 6
    WHEN h % 3 = 0 THEN 1 ELSE h3 % 22 END AS t,
  CASE WHEN i < 132 THEN 3 ELSE (h / 7) % 10 END AS sc,
  (h3 * 7 + i) % 86400 AS tod
FROM g;

-- received_at and closed_at (NULL: open) by scenario
CREATE TEMP TABLE c AS SELECT k.*,
  CASE
    WHEN sc = 0 THEN p0 + (h2 % 290) * 86400 + tod
    WHEN sc IN (1, 2) THEN y0 - (1 + h2 % 60) * 86400 + tod
    WHEN sc BETWEEN 3 AND 6 THEN y0 + (h2 % 290) * 86400 + tod
    WHEN sc = 7 THEN n0 - (1 + h2 % 60) * 86400 + tod
    WHEN sc = 8 THEN p0 + (h2 % 360) * 86400 + tod
    ELSE y0 + (h2 % 360) * 86400 + tod END AS r
FROM k, p;
CREATE TEMP TABLE d AS SELECT c.*,
  CASE
    WHEN sc = 0 OR sc BETWEEN 3 AND 6
      THEN r + (h3 % 42) * 86400 + (h % 7200) + 60
    WHEN sc IN (1, 2) THEN y0 + (h3 % 120) * 86400 + h % 86400
    WHEN sc = 7 THEN n0 + (h3 % 90) * 86400 + h % 86400
    ELSE NULL END AS cl
FROM c, p;
CREATE TEMP TABLE e AS SELECT d.*,
  CASE WHEN cl IS NULL THEN (SELECT t FROM opens WHERE opens.k = h % 7)
    WHEN h % 53 = 0 THEN 'withdrawn' ELSE 'answered' END AS st,
  min(date(r + 28800, 'unixepoch',
      CASE WHEN h2 % 5 = 0 THEN '+3 days' ELSE '+0 days' END),
    coalesce(date(cl + 28800, 'unixepoch'), '9999-12-31')) AS rd
FROM d;

INSERT INTO cases (id, kind, state, version, received_at, applicant_email,
  applicant_name, subject, closed_at, step, assignee, division,
  receipt_date, due_date, answer_type, draft, fee_fen, lang,
  applicant_type, description)
SELECT
  printf('GK-%s-%07d', strftime('%Y', r + 28800, 'unixepoch'), i),
  'request', st, 3 + h % 5, r, printf('applicant%d@example.test', i),
  printf('申请人%d', i), printf('申请公开 %d', i), cl,
  CASE WHEN cl IS NOT NULL THEN 'approver'
    WHEN st = 'review' THEN 'responsible' ELSE 'handler' END,
  'jingban@fao.example.test', '秘书处', rd,
  date(rd, CASE WHEN h3 % 7 = 0 THEN '+56 days' ELSE '+28 days' END),
  CASE WHEN cl IS NOT NULL AND (st = 'answered' OR h % 2 = 0)
      THEN (SELECT t FROM types WHERE types.k = e.t)
    WHEN st IN ('drafting', 'review') THEN (SELECT t FROM types WHERE types.k = e.t)
    ELSE NULL END,
  CASE WHEN cl IS NOT NULL OR st IN ('drafting', 'review') THEN '答复草稿' END,
  CASE WHEN e.t = 20 OR h % 9 = 0 OR st = 'fee' THEN (h3 % 50 + 1) * 10000 END,
  'zh', (SELECT t FROM apps WHERE apps.k = a), '所需信息'
FROM e;

-- the events request.c writes
CREATE TEMP TABLE ids AS SELECT id, received_at AS r, closed_at AS cl,
  state, answer_type, fee_fen FROM cases WHERE kind = 'request';
INSERT INTO events (case_id, at, type, actor, detail)
  SELECT id, r, 'received', 'applicant@example.test', '申请公开' FROM ids;
INSERT INTO events (case_id, at, type, actor, detail)
  SELECT id, r, 'clock', NULL, 'answer due' FROM ids;
INSERT INTO events (case_id, at, type, actor, detail)
  SELECT id, r, 'mail-queued', NULL, 'ack' FROM ids;
INSERT INTO events (case_id, at, type, actor, detail)
  SELECT id, r + (cl - r) / 2, 'answer', 'jingban@fao.example.test',
    'answer ' || coalesce(answer_type, '') FROM ids
  WHERE cl IS NOT NULL AND state = 'answered';
INSERT INTO events (case_id, at, type, actor, detail)
  SELECT id, cl - 120 + 40 * n.x, 'approve', n.who, 'approve'
  FROM ids, (SELECT 0 AS x, 'chushen@fao.example.test' AS who
    UNION ALL SELECT 1, 'gkreview@fao.example.test'
    UNION ALL SELECT 2, 'shenpi@fao.example.test') AS n
  WHERE cl IS NOT NULL AND state = 'answered';
INSERT INTO events (case_id, at, type, actor, detail)
  SELECT id, r + 3600, 'fee', 'jingban@fao.example.test', 'fee: 35件'
  FROM ids WHERE fee_fen IS NOT NULL;
-- paid half-way to the answer (or a day after the notice when open);
-- never for fee-unpaid or a case still waiting in state fee
INSERT INTO events (case_id, at, type, actor, detail)
  SELECT id, CASE WHEN cl IS NULL THEN r + 86400 ELSE r + (cl - r) / 3 END,
    'paid', 'jingban@fao.example.test', 'paid'
  FROM ids WHERE fee_fen IS NOT NULL AND state <> 'fee'
    AND coalesce(answer_type, '') <> 'other:fee-unpaid';

-- placed on purpose
INSERT INTO cases (id, kind, state, received_at, closed_at, receipt_date,
  due_date, answer_type, applicant_type, applicant_email)
SELECT 'GK-$y-9000001', 'request', 'answered', y0, y0 + 86400 * 5,
  '$y-01-01', '$y-02-10', 'partial', 'research', 'edge1@example.test' FROM p
UNION ALL
SELECT 'GK-$((y - 1))-9000002', 'request', 'drafting', y0 - 1, NULL,
  '$((y - 1))-12-31', '$y-02-05', NULL, 'other', 'edge2@example.test' FROM p
UNION ALL
SELECT 'GK-$y-9000003', 'request', 'answered', y0 + 86400 * 300, n0 - 1,
  '$y-10-28', '$y-12-31', 'withhold:third-party', 'legal-service',
  'edge3@example.test' FROM p
UNION ALL
SELECT 'GK-$y-9000004', 'request', 'answered', y0 + 86400 * 300, n0,
  '$y-10-28', '$y-12-10', 'disclose', 'legal-service',
  'edge4@example.test' FROM p
UNION ALL
SELECT 'GK-$y-9000005', 'request', 'answered', y0 + 86400 * 31 + 3600 * 5,
  y0 + 86400 * 59 + 3600 * 2, '$y-02-01', '$y-02-28', 'not-processed:repeat',
  'public-welfare', 'edge5@example.test' FROM p
UNION ALL
SELECT 'GK-$((y - 2))-9000006', 'request', 'answered', q0 + 86400 * 200,
  y0 + 86400 * 100, '$((y - 2))-07-20', '$((y - 2))-08-30', 'other:misc',
  'commercial', 'edge6@example.test' FROM p
UNION ALL
SELECT 'GK-$((y - 2))-9000007', 'request', 'consulting', q0 + 86400 * 250,
  NULL, '$((y - 2))-09-08', '$((y - 2))-10-30', NULL, 'natural',
  'edge7@example.test' FROM p;
INSERT INTO cases (id, kind, state, received_at, closed_at, applicant_type,
  answer_type)
SELECT 'GK-$y-9000101', 'proactive', 'published', y0 + 86400 * 10,
  y0 + 86400 * 20, 'natural', NULL FROM p
UNION ALL SELECT 'GK-$y-9000102', 'proactive', 'published', y0 + 86400 * 40,
  y0 + 86400 * 50, 'natural', NULL FROM p
UNION ALL SELECT 'GK-$y-9000103', 'proactive', 'published', y0 - 86400 * 40,
  y0 - 86400 * 5, 'natural', NULL FROM p
UNION ALL SELECT 'GK-$y-9000104', 'news', 'published', y0 + 86400 * 60,
  y0 + 86400 * 61, 'natural', 'disclose' FROM p
UNION ALL SELECT 'GK-$y-9000105', 'business', 'review', y0 + 86400 * 70,
  NULL, 'natural', NULL FROM p;
INSERT INTO events (case_id, at, type, actor, detail)
  SELECT id, received_at, 'received', applicant_email, 'edge' FROM cases
  WHERE id LIKE 'GK-%-90000%';
COMMIT;
EOF
}
