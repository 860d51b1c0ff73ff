#!/bin/bash
# at_rest.sh - what a stolen database or a curious local user finds: after
# a request and the handler's answer (mail in by SMTP, the daemon one
# cycle at a time), no reply token that went out in any mail's Reply-To
# is in `sqlite3 .dump` of the database, and the database, its WAL and
# SHM (0640), and the spool's folders and files are the owner's alone
# but for what the read-only commands read (the mail that went out).  The
# database file itself is this test's subject, so it reads it with sqlite3
# (what gongkai did is read through its commands, as everywhere).
set -u
. "$GK_SRCDIR/tests/harness/lib.sh"
H=$GK_HARNESS
OFFICE=gongkai@fao.example.test
CITIZEN=zhang.zhe@example.test

cycle() { GONGKAI_NOW=$1 gk run --once >>"$GK_DIR/daemon.log" 2>&1; }

tap_plan 12
mailstack_start
gk_config >/dev/null
# The harness's own umask must not be what makes the modes right.
(umask 022 && gk init >/dev/null 2>&1)

python3 "$H/mkmail.py" plain "张喆 <$CITIZEN>" "$OFFICE" "政府信息公开申请" \
    '姓名：张喆\n所需信息：2025年度因公出国（境）团组情况\n获取方式：电子邮件' \
    >"$GK_DIR/request.eml"
smtp_send "$CITIZEN" "$OFFICE" "$GK_DIR/request.eml" >/dev/null
imap_wait_count "$OFFICE" INBOX 1 10 >/dev/null
(umask 022 && cycle 2026-09-18T10:00:00+08:00)
imap_wait_count jingban@fao.example.test INBOX 1 10 >/dev/null
printf '%%PDF-1.4 test document\n' >"$GK_DIR/答复附件.pdf"
mail_reply outlook jingban@fao.example.test \
    'ANSWER disclose\n经查，2025年度因公出国（境）团组共12个，详见附件。' \
    "$GK_DIR/答复附件.pdf"
(umask 022 && cycle 2026-09-21T10:00:00+08:00)
imap_wait_count chushen@fao.example.test INBOX 1 10 >/dev/null
tap_like "$(gk show GK-2026-0001 --json | json 'd["state"]')" 'review' \
    "the handler's answer went on to review"

# Every token that went out, from every mailbox on the stack.
: >"$GK_DIR/tokens"
for u in $MS_USERS; do
	for uid in $(imap_uids "$u" INBOX 2>/dev/null); do
		imap_fetch "$u" INBOX "$uid" >"$GK_DIR/m.eml" 2>/dev/null ||
		    continue
		python3 "$H/readmail.py" token <"$GK_DIR/m.eml" >>"$GK_DIR/tokens"
	done
done
sed -i '/^$/d' "$GK_DIR/tokens"
ntok=$(wc -l <"$GK_DIR/tokens")
tap_ok "$([ "$ntok" -ge 2 ]; echo $?)" "tokens went out ($ntok: handler, reviewer)"
sqlite3 "$GK_DIR/gongkai.db" .dump >"$GK_DIR/dump.sql"
found=$(grep -o -i -F -f "$GK_DIR/tokens" "$GK_DIR/dump.sql" | sort -u)
tap_is "$found" "" "sqlite3 .dump holds none of the tokens sent"
# ... and the one still live is still honoured: the reviewer approves.
mail_reply gmail chushen@fao.example.test '同意'
(umask 022 && cycle 2026-09-22T10:00:00+08:00)
tap_like "$(gk show GK-2026-0001 --json |
    json '",".join(e["type"] for e in d["events"])')" 'approve' \
    "a token looked up by its hash still works (the reviewer's approval)"

# Modes: nothing gongkai made is open to others; the database (init makes
# it 0640) is readable by the daemon user's group, for the read-only
# commands, and SQLite gives its WAL and SHM the same mode.
cd "$GK_DIR" || exit 1
# WAL and SHM exist while the database is open: look while the daemon runs.
(umask 022 && exec "$GONGKAI" -c "$GK_CONF" run >>daemon.log 2>&1) &
daemon=$!
gk_atexit "kill $daemon 2>/dev/null"
for ((i = 0; i < 200; i++)); do
	[ -e gongkai.db-wal ] && [ -e gongkai.db-shm ] && break
	sleep 0.05
done
tap_is "$(stat -c '%a %n' gongkai.db gongkai.db-wal gongkai.db-shm 2>&1)" \
    "640 gongkai.db
640 gongkai.db-wal
640 gongkai.db-shm" "database, WAL and SHM are 0640"
kill "$daemon" 2>/dev/null
wait "$daemon" 2>/dev/null
tap_is "$(find spool -type d ! -perm 0700 -printf '%m %p\n' | sort)" \
    "710 spool
710 spool/doc
710 spool/out" \
    "every spool folder is 0700 but the way to out/ and doc/ (0710, for outbox cat and document)"
tap_is "$(find spool -type f ! -path 'spool/out/*' ! -path 'spool/doc/*' ! -perm 0600 \
    -printf '%m %p\n'; find spool/out spool/doc -type f ! -perm 0640 -printf '%m %p\n')" \
    "" "every spool file is 0600, but those of out/ and doc/ 0640"
tap_ok "$([ "$(find spool/in spool/out -type f | wc -l)" -ge 3 ]; echo $?)" \
    "the spool holds the mails in and out"
tap_is "$(stat -c %a secret)" 600 "the secret is 0600"

# An older database (schema 1) keeps tokens in clear: init hashes them.
OLD=$GK_DIR/old.db
TOK=abcdefghijklmnopqrstuvwxyz234567abcdefgh
# Today's schema taken back to version 1: the tokens table as it was, and
# what later versions added (the acknowledgment-limit indexes, the
# daemon's state, the outbox's claim and queue lifetime, the documents,
# the report's indexes)
# removed.
sed "s|^database = .*|database = $OLD|" "$GK_CONF" >"$GK_DIR/old.conf"
"$GONGKAI" -c "$GK_DIR/old.conf" init >/dev/null 2>&1
sqlite3 "$OLD" <<SQL
DROP INDEX outbox_ack_addr;
DROP INDEX outbox_ack_domain;
DROP INDEX pen_open_reason;
DROP TABLE daemon_state;
DROP TABLE documents;
DROP INDEX outbox_case;
DROP INDEX cases_state_receipt;
DROP INDEX events_type_at;
DROP INDEX cases_report;
DROP INDEX events_paid;
DROP INDEX cases_fee;
DROP TABLE webhooks;
DROP TABLE report_figures;
ALTER TABLE outbox DROP COLUMN claimed_until;
ALTER TABLE outbox DROP COLUMN queued_at;
ALTER TABLE outbox DROP COLUMN spec;
DROP TABLE tokens;
INSERT INTO cases (id, kind, state, received_at, applicant_email)
  SELECT 'GK-2026-0001', 'request', 'received', 0, 'a@example.test';
CREATE TABLE tokens (token TEXT PRIMARY KEY, case_id TEXT NOT NULL
  REFERENCES cases(id), step TEXT NOT NULL, recipient TEXT NOT NULL,
  version INTEGER NOT NULL, expires_at INTEGER NOT NULL, spent_at INTEGER,
  sent_text TEXT);
INSERT INTO tokens VALUES ('$TOK', 'GK-2026-0001', 'handler',
  'jingban@fao.example.test', 1, 1893456000, NULL, '回复码：$TOK');
INSERT INTO case_messages (message_id, case_id, direction) VALUES
  ('<gk-2026-0001.handler_notice.$TOK@fao.example.test>', 'GK-2026-0001',
  'out');
INSERT INTO outbox (id, case_id, kind, to_addr, subject, message_id,
  envelope_from, raw, state, next_attempt_at, created_at, spool_path)
  VALUES (1000, 'GK-2026-0001', 'handler_notice', 'jingban@fao.example.test',
  's', '<gk-2026-0001.handler_notice.$TOK@fao.example.test>',
  'gongkai@fao.example.test', 'Reply-To: gongkai+$TOK@fao.example.test',
  'sent', 0, 0, 'out/x.eml');
PRAGMA user_version = 1;
SQL
"$GONGKAI" -c "$GK_DIR/old.conf" init >"$GK_DIR/old.out" 2>&1
tap_like "$(cat "$GK_DIR/old.out")" 'schema version 1 -> ([2-9]|[1-9][0-9])' \
    "init migrates a schema-1 database"
tap_is "$(sqlite3 "$OLD" .dump | grep -c -i "$TOK")" 0 \
    "after the migration its dump holds the token nowhere"
tap_is "$("$GONGKAI" -c "$GK_DIR/old.conf" show GK-2026-0001 --json |
    json "[t['hash'] for t in d['tokens']]")" \
    "['$(printf '%s' "$TOK" | sha256sum | cut -d' ' -f1)']" \
    "the token is kept as its SHA-256 (show --json)"
tap_done
exit $((TAP_FAILED > 0))
