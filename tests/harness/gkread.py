#!/usr/bin/env python3
"""gkread.py WHAT ARGS... - reads what gongkai recorded and queued, through
its read-only commands (`show --json`, `outbox --json`, `outbox cat`; the
binary is $GONGKAI), and rewrites raw mails, for the tests that drive
gongkai through `ingest` (tests/harness/ingest.sh).  CONF is the
configuration of the database to read.
  raw CONF ID           the raw bytes of outbox mail ID
  notice CONF ADDR      the raw bytes of the newest outbox mail to ADDR that
                        asks for a command (it has a Reply-To); exit 1 if none
  subst FILE TOKEN      FILE's bytes with the corpus placeholder token
                        replaced, case-insensitively, by TOKEN
  retrace FILE          FILE's bytes with one Received header more on top
                        (a replay: the same mail, different bytes)
  newid FILE            FILE's bytes with a new Message-ID (and one Received
                        header more)
  facts CONF CASE SINCE [TOKEN]
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
  headgrep CONF REGEX   the ids of the outbox mails whose header block
                        matches REGEX (case-insensitive), one a line
  headers CONF          every outbox mail's header block checked: one line
                        per field (continuations only after a field), no
                        bare CR or LF, no line break in a value once
                        decoded (RFC 2047), exactly one From, To, Subject
                        and Message-ID, one address in To, no Cc, Bcc or
                        X-Injected; prints one line per fault, nothing if
                        all are well
"""
import hashlib, json, os, subprocess
import email, email.header, email.policy, email.utils, re, sys, time

PLACEHOLDER = b"abcdefghijklmnopqrstuvwxyz234567abcdefghij"


def gk(conf, *args):
    """gongkai's stdout for ARGS on CONF; exits (the test fails) if it
    fails."""
    r = subprocess.run([os.environ["GONGKAI"], "-c", conf] + list(args),
                       capture_output=True)
    if r.returncode != 0:
        sys.exit("gongkai %s: exit %d: %s" % (" ".join(args), r.returncode,
                                              r.stderr.decode(errors="replace")))
    return r.stdout


def outbox(conf):
    return json.loads(gk(conf, "outbox", "--json"))


def raw(conf, oid):
    return gk(conf, "outbox", "cat", str(oid))


def header_block(b):
    end = b.find(b"\r\n\r\n")
    return b[:end] if end >= 0 else b


def out(b):
    sys.stdout.buffer.write(b)


what = sys.argv[1]
if what == "raw":
    out(raw(sys.argv[2], int(sys.argv[3])))
elif what == "notice":
    conf = sys.argv[2]
    for o in reversed(outbox(conf)):
        if o["to"].lower() != sys.argv[3].lower():
            continue
        r = raw(conf, o["id"])
        if re.search(rb"(?im)^reply-to:", header_block(r)):
            out(r)
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
    conf, case, since = sys.argv[2], sys.argv[3], int(sys.argv[4])
    token = sys.argv[5] if len(sys.argv) > 5 else ""
    facts = []

    def fact(k, v):
        v = "" if v is None else str(v)
        facts.append("%s\t%s" % (k, v.replace("\r\n", "\n")
                                  .replace("\n", "\\n")
                                  .replace("\t", "\\t")))

    r = subprocess.run([os.environ["GONGKAI"], "-c", conf, "show", case,
                        "--json"], capture_output=True)
    d = json.loads(r.stdout) if r.returncode == 0 else None
    if d:
        step = d["step"] or {}
        fact("row", "|".join("" if x is None else str(x) for x in (
            d["state"], step.get("role"), step.get("assignee"),
            d["version"], d["receipt_date"], d["due_date"],
            d["paused_on"] or "-", int(d["extension_used"]))))
        if token:
            # gongkai keeps only the SHA-256 of a token's lower case.
            th = hashlib.sha256(token.lower().encode()).hexdigest()
            for t in d["tokens"]:
                if t["hash"] == th:
                    fact("spent", int(t["spent"]))
        seen = {}
        for e in d["events"]:
            t = e["type"]
            seen[t] = (seen.get(t, (0, None))[0] + 1, e["detail"])
        for t, (n, det) in seen.items():
            fact("count." + t, n)
            fact("event." + t, det)
    q, mails = "", {}
    for o in outbox(conf):
        if o["id"] > since:
            q += "%s %s;" % (o["kind"], o["to"])
            mails["%s.%s" % (o["kind"], o["to"].lower())] = o["id"]
    fact("queued", q)
    for key, oid in mails.items():
        m = email.message_from_bytes(raw(conf, oid),
                                     policy=email.policy.default)
        for h in ("to", "subject", "date", "in-reply-to", "message-id",
                  "reply-to"):
            fact("mail.%s.%s" % (key, h), m.get(h, ""))
        part = m.get_body(preferencelist=("plain",))
        fact("mail.%s.body" % key, part.get_content() if part else "")
    print("\n".join(facts))
elif what == "headgrep":
    pat = re.compile(sys.argv[3].encode(), re.I)
    for o in outbox(sys.argv[2]):
        if pat.search(header_block(raw(sys.argv[2], o["id"]))):
            print(o["id"])
elif what == "headers":
    bad = []
    for o in outbox(sys.argv[2]):
        r = raw(sys.argv[2], o["id"])
        where = "outbox %d (%s)" % (o["id"], o["kind"])
        if b"\r\n\r\n" not in r:
            bad.append(where + ": no end of headers")
            continue
        head = header_block(r)
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
        m = email.message_from_bytes(r, policy=email.policy.compat32)
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
