#!/usr/bin/env python3
"""crashmail.py - the mail traffic of tests/integration/crashloop.sh.

crashmail.py traffic SMTP_PORT IMAP_PORT PASSWORD MAILS SECONDS LOG
    Sends MAILS mails to the office by SMTP over about SECONDS seconds:
    new requests (a quarter, sent at an even pace; more only when nothing
    new came to answer for 60 s), and replies to what the office sends the staff,
    read by IMAP as it arrives: the handler answers each handler_notice
    with "ANSWER disclose", each reviewer each review_request with 同意.
    About one reply in 20 is sent again, with its own Message-ID and the
    same token (a replay), at once or a few seconds later.  Writes one
    line per mail to LOG: "KIND MESSAGE-ID TOKEN-OR-SUBJECT", KIND being
    request, reply or replay.  Prints a summary line at the end.

crashmail.py mailids IMAP_PORT PASSWORD USER...
    Prints the Message-ID of every mail in each USER's INBOX, one a line
    (BODY.PEEK: nothing is marked or moved).
"""
import email, email.policy, email.utils, imaplib, random, re, smtplib
import sys, time
from email.message import EmailMessage

OFFICE = "gongkai@fao.example.test"
HANDLER = "jingban@fao.example.test"
REVIEWERS = ("chushen@fao.example.test", "gkreview@fao.example.test",
             "shenpi@fao.example.test")
HOST = "127.0.0.1"


class Imap:
    """One person's INBOX, read by UID as mail arrives."""

    def __init__(self, port, user, password):
        self.port, self.user, self.password = port, user, password
        self.last, self.c = 0, None

    def _conn(self):
        if self.c is None:
            self.c = imaplib.IMAP4(HOST, self.port)
            self.c.login(self.user, self.password)
            self.c.select("INBOX", readonly=True)
        return self.c

    def new(self):
        """(uid, header bytes) of each mail that arrived since the last call."""
        try:
            c = self._conn()
            c.noop()
            typ, d = c.uid("SEARCH", None, "UID %d:*" % (self.last + 1))
            uids = [int(u) for u in d[0].split() if int(u) > self.last]
            out = []
            for i in range(0, len(uids), 100):
                chunk = uids[i:i + 100]
                typ, d = c.uid("FETCH", ",".join(map(str, chunk)),
                               "(UID BODY.PEEK[HEADER])")
                for item in d:
                    if not isinstance(item, tuple):
                        continue
                    m = re.search(rb"UID (\d+)", item[0])
                    out.append((int(m.group(1)), item[1]))
            out.sort()
            if out:
                self.last = out[-1][0]
            return out
        except (imaplib.IMAP4.error, OSError):
            self.c = None
            return []

    def all_ids(self):
        c = self._conn()
        typ, d = c.uid("SEARCH", None, "ALL")
        uids = d[0].split()
        ids = []
        for i in range(0, len(uids), 500):
            typ, d = c.uid("FETCH", b",".join(uids[i:i + 500]).decode(),
                           "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
            for item in d:
                if isinstance(item, tuple):
                    m = email.message_from_bytes(item[1])
                    ids.append((m.get("Message-ID") or "").strip())
        return ids


class Smtp:
    def __init__(self, port):
        self.port, self.s = port, None

    def send(self, sender, rcpt, raw):
        for attempt in range(20):
            try:
                if self.s is None:
                    self.s = smtplib.SMTP(HOST, self.port, timeout=30)
                self.s.sendmail(sender, [rcpt], raw)
                return
            except (smtplib.SMTPException, OSError) as e:
                err = e
                try:
                    self.s.close()
                except Exception:
                    pass
                self.s = None
                time.sleep(0.2)
        raise SystemExit("smtp: %s to %s failed: %s" % (sender, rcpt, err))


def traffic(smtp_port, imap_port, password, total, seconds, logpath):
    rnd = random.Random()
    smtp = Smtp(int(smtp_port))
    boxes = [Imap(int(imap_port), u, password) for u in (HANDLER,) + REVIEWERS]
    log = open(logpath, "a")
    total, seconds = int(total), float(seconds)
    planned = max(1, total // 4)	# requests at an even pace
    pace = seconds / planned
    seq = {"n": 0}
    sent = {"request": 0, "reply": 0, "replay": 0}
    answered = set()		# tokens replied to
    pending = []		# (due, kind, from, to, subject, irt, text, token)
    later = []			# replays sent a few seconds later
    t0 = time.monotonic()
    last_progress = t0

    def msgid(kind):
        seq["n"] += 1
        return "<crash.%s.%d.%d@%s>" % (kind, seq["n"], time.time_ns(),
                                        "example.test" if kind == "req"
                                        else "fao.example.test")

    def count():
        return sum(sent.values())

    def send_request():
        n = sent["request"] + 1
        m = EmailMessage()
        m["From"] = "申请人%d <citizen+c%d@example.test>" % (n, n)
        m["To"] = OFFICE
        m["Subject"] = "crash request %d" % n
        m["Date"] = email.utils.formatdate()
        mid = msgid("req")
        m["Message-ID"] = mid
        m.set_content("姓名：申请人%d\n所需信息：第%d项信息\n获取方式：电子邮件\n"
                      % (n, n))
        smtp.send("citizen+c%d@example.test" % n, OFFICE,
                  m.as_bytes(policy=email.policy.SMTP))
        sent["request"] += 1
        log.write("request %s crash request %d\n" % (mid, n))
        log.flush()

    def send_reply(kind, frm, to, subject, irt, text, token):
        m = EmailMessage()
        m["From"] = frm
        m["To"] = to
        m["Subject"] = "Re: " + subject
        m["Date"] = email.utils.formatdate()
        mid = msgid("rep")
        m["Message-ID"] = mid
        m["In-Reply-To"] = irt
        m["References"] = irt
        m.set_content(text + "\n")
        smtp.send(frm, to, m.as_bytes(policy=email.policy.SMTP))
        sent[kind] += 1
        log.write("%s %s %s\n" % (kind, mid, token))
        log.flush()

    while count() < total:
        now = time.monotonic()
        # Read what the staff were sent; answer each notice once.
        for box in boxes:
            for uid, head in box.new():
                h = email.message_from_bytes(head, policy=email.policy.default)
                mid = (h.get("Message-ID") or "").strip()
                rt = str(h.get("Reply-To") or "")
                t = re.search(r"\+([a-z2-7]+)@", rt)
                k = re.match(r"<[^.]+\.([a-z_]+)\.", mid)
                if not t or not k or t.group(1) in answered:
                    continue
                if box.user == HANDLER and k.group(1) == "handler_notice":
                    text = "ANSWER disclose\n经查，该信息予以公开。"
                elif box.user != HANDLER and k.group(1) == "review_request":
                    text = rnd.choice(("同意", "同意。", "APPROVE"))
                else:
                    continue
                answered.add(t.group(1))
                subj = str(h.get("Subject") or "")
                pending.append((box.user, rt.strip("<> "), subj, mid, text,
                                t.group(1)))
                last_progress = now
        rnd.shuffle(pending)
        while pending and count() < total:
            frm, to, subj, irt, text, tok = pending.pop()
            if re.match(r".*<(.*)>", to):
                to = re.match(r".*<(.*)>", to).group(1)
            send_reply("reply", frm, to, subj, irt, text, tok)
            if rnd.random() < 0.05 and count() < total:
                if rnd.random() < 0.5:	# at once: maybe in the same batch
                    send_reply("replay", frm, to, subj, irt, text, tok)
                else:
                    later.append((now + rnd.uniform(1, 5),
                                  (frm, to, subj, irt, text, tok)))
        for item in [x for x in later if x[0] <= now]:
            later.remove(item)
            if count() < total:
                send_reply("replay", *item[1])
        # Requests at their pace; more when the staff have nothing to do
        # (the daemon may be slower than planned).
        due = min(planned, int((now - t0) / pace) + 1)
        while count() < total and sent["request"] < due:
            send_request()
        if count() < total and sent["request"] >= planned and \
                not pending and not later and now - last_progress > 60:
            for i in range(5):
                if count() < total:
                    send_request()
            last_progress = now
        time.sleep(0.05)
    print("sent %d: %d requests, %d replies, %d replays in %.1f s" % (
        count(), sent["request"], sent["reply"], sent["replay"],
        time.monotonic() - t0))


def mailids(imap_port, password, users):
    for u in users:
        for mid in Imap(int(imap_port), u, password).all_ids():
            print(mid)


if __name__ == "__main__":
    if sys.argv[1] == "traffic" and len(sys.argv) == 8:
        traffic(*sys.argv[2:])
    elif sys.argv[1] == "mailids" and len(sys.argv) >= 5:
        mailids(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
