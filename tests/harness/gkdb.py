#!/usr/bin/env python3
"""gkdb.py WHAT ARGS... - reads a gongkai database and raw mails for the
tests that drive gongkai through `ingest` (tests/harness/ingest.sh):
  raw DB ID             the raw bytes of outbox row ID
  notice DB ADDR        the raw bytes of the newest outbox mail to ADDR that
                        asks for a command (it has a Reply-To); exit 1 if none
  subst FILE TOKEN      FILE's bytes with the corpus placeholder token
                        replaced, case-insensitively, by TOKEN
  retrace FILE          FILE's bytes with one Received header more on top
                        (a replay: the same mail, different bytes)
  newid FILE            FILE's bytes with a new Message-ID (and one Received
                        header more)
  facts DB CASE SINCE [TOKEN]
                        what a test asks of a case, one "KEY<TAB>VALUE" a
                        line (newlines in values written \\n): row (state,
                        step, assignee, version, receipt date, due date,
                        paused_on or -, extension_used, joined by |),
                        spent (1/0 for TOKEN), count.TYPE and event.TYPE
                        (the newest detail) for each event type, queued
                        ("kind to;" for each mail after outbox id SINCE),
                        and for the newest of those of each kind and
                        address mail.KIND.TO.WHAT for WHAT in to, subject,
                        date, in-reply-to, message-id, reply-to, body
  headgrep DB REGEX     the ids of the outbox mails whose header block
                        matches REGEX (case-insensitive), one a line
  headers DB            every outbox mail's header block checked: one line
                        per field (continuations only after a field), no
                        bare CR or LF, no line break in a value once
                        decoded (RFC 2047), exactly one From, To, Subject
                        and Message-ID, one address in To, no Cc, Bcc or
                        X-Injected; prints one line per fault, nothing if
                        all are well
"""
import hashlib
import email, email.header, email.policy, email.utils, re, sqlite3, sys, time

PLACEHOLDER = b"abcdefghijklmnopqrstuvwxyz234567abcdefghij"


def rows(db, sql, args=()):
    c = sqlite3.connect(db)
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


def header_block(raw):
    end = raw.find(b"\r\n\r\n")
    return raw[:end] if end >= 0 else raw


def out(b):
    sys.stdout.buffer.write(b)


what = sys.argv[1]
if what == "raw":
    r = rows(sys.argv[2], "SELECT raw FROM outbox WHERE id = ?",
             (int(sys.argv[3]),))
    if not r:
        sys.exit("no outbox row " + sys.argv[3])
    out(bytes(r[0][0]))
elif what == "notice":
    for (raw,) in rows(sys.argv[2], "SELECT raw FROM outbox WHERE "
                       "lower(to_addr) = lower(?) ORDER BY id DESC",
                       (sys.argv[3],)):
        raw = bytes(raw)
        if re.search(rb"(?im)^reply-to:", header_block(raw)):
            out(raw)
            break
    else:
        sys.exit("no mail asks %s for a command" % sys.argv[3])
elif what == "subst":
    data = open(sys.argv[2], "rb").read()
    out(re.sub(re.escape(PLACEHOLDER), sys.argv[3].encode(), data,
               flags=re.I))
elif what in ("retrace", "newid"):
    data = open(sys.argv[2], "rb").read()
    if what == "newid":
        data, n = re.subn(rb"(?im)^message-id:[^\r\n]*",
                          b"Message-ID: <replay.%d@replay.example.test>" %
                          time.time_ns(), data, count=1)
        if n != 1:
            sys.exit("no Message-ID in " + sys.argv[2])
    out(b"Received: from replay.example.test ([192.0.2.99])\r\n"
        b"\tby mail.fao.example.test; Mon, 12 Oct 2026 15:00:00 +0800\r\n"
        + data)
elif what == "facts":
    db, case, since = sys.argv[2], sys.argv[3], int(sys.argv[4])
    token = sys.argv[5] if len(sys.argv) > 5 else ""
    facts = []

    def fact(k, v):
        v = "" if v is None else str(v)
        facts.append("%s\t%s" % (k, v.replace("\r\n", "\n")
                                  .replace("\n", "\\n")
                                  .replace("\t", "\\t")))

    for r in rows(db, "SELECT state, step, assignee, version, receipt_date,"
                  " due_date, coalesce(paused_on, '-'), extension_used"
                  " FROM cases WHERE id = ?", (case,)):
        fact("row", "|".join("" if x is None else str(x) for x in r))
    if token:
        # The database keeps only the SHA-256 of a token's lower case.
        th = hashlib.sha256(token.lower().encode()).hexdigest()
        for (sp,) in rows(db, "SELECT spent_at IS NOT NULL FROM tokens"
                          " WHERE token_hash = ?", (th,)):
            fact("spent", sp)
    seen = {}
    for t, d in rows(db, "SELECT type, detail FROM events WHERE case_id = ?"
                     " ORDER BY id", (case,)):
        seen[t] = (seen.get(t, (0, None))[0] + 1, d)
    for t, (n, d) in seen.items():
        fact("count." + t, n)
        fact("event." + t, d)
    q, mails = "", {}
    for kind, to, raw in rows(db, "SELECT kind, to_addr, raw FROM outbox"
                              " WHERE id > ? ORDER BY id", (since,)):
        q += "%s %s;" % (kind, to)
        mails["%s.%s" % (kind, to.lower())] = bytes(raw)
    fact("queued", q)
    for key, raw in mails.items():
        m = email.message_from_bytes(raw, policy=email.policy.default)
        for h in ("to", "subject", "date", "in-reply-to", "message-id",
                  "reply-to"):
            fact("mail.%s.%s" % (key, h), m.get(h, ""))
        part = m.get_body(preferencelist=("plain",))
        fact("mail.%s.body" % key, part.get_content() if part else "")
    print("\n".join(facts))
elif what == "headgrep":
    pat = re.compile(sys.argv[3].encode(), re.I)
    for oid, raw in rows(sys.argv[2], "SELECT id, raw FROM outbox ORDER BY id"):
        if pat.search(header_block(bytes(raw))):
            print(oid)
elif what == "headers":
    bad = []
    for oid, kind, raw in rows(sys.argv[2],
                               "SELECT id, kind, raw FROM outbox ORDER BY id"):
        raw = bytes(raw)
        where = "outbox %d (%s)" % (oid, kind)
        if b"\r\n\r\n" not in raw:
            bad.append(where + ": no end of headers")
            continue
        head = header_block(raw)
        lines = head.split(b"\r\n")
        for l in lines:
            if b"\r" in l or b"\n" in l:
                bad.append(where + ": bare CR or LF in %r" % l[:80])
        if lines and lines[0][:1] in (b" ", b"\t"):
            bad.append(where + ": starts with a continuation line")
        for l in lines:
            if l[:1] not in (b" ", b"\t") and \
                    not re.match(rb"^[!-9;-~]+:", l):
                bad.append(where + ": not a header line: %r" % l[:80])
        m = email.message_from_bytes(raw, policy=email.policy.compat32)
        names = [k.lower() for k in m.keys()]
        for h in ("from", "to", "subject", "message-id"):
            if names.count(h) != 1:
                bad.append(where + ": %d %s fields" % (names.count(h), h))
        for h in ("cc", "bcc", "x-injected"):
            if h in names:
                bad.append(where + ": has a %s field" % h)
        # Unfolded and decoded (RFC 2047 words too), no value holds a
        # line break.
        for k, v in m.items():
            v = re.sub(r"\r?\n(?=[ \t])", "", str(v))
            try:
                v = str(email.header.make_header(
                    email.header.decode_header(v)))
            except Exception as e:
                bad.append(where + ": %s cannot be decoded: %s" % (k, e))
                continue
            if re.search(r"[\r\n\u2028\u2029]", v):
                bad.append(where + ": %s holds a line break once decoded: "
                           "%r" % (k, v[:80]))
        tos = email.utils.getaddresses(m.get_all("to", []))
        if len(tos) != 1:
            bad.append(where + ": To holds %d addresses: %r" %
                       (len(tos), tos))
    print("\n".join(bad), end="\n" if bad else "")
else:
    sys.exit("unknown: " + what)
