#!/usr/bin/env python3
"""rawfetch.py HOST PORT USER PASSWORD MAILBOX - the baseline: how fast a
plain client reads every message of MAILBOX with one UID FETCH of
BODY.PEEK[] after EXAMINE (read-only, nothing changes). Prints
"<messages> <bytes> <seconds>"."""
import imaplib, sys, time

host, port, user, password, mailbox = sys.argv[1:6]
m = imaplib.IMAP4(host, int(port))
m.login(user, password)
m.select(mailbox, readonly=True)
t0 = time.monotonic()
typ, data = m.uid("FETCH", "1:*", "(BODY.PEEK[])")
elapsed = time.monotonic() - t0
msgs = [d for d in data if isinstance(d, tuple)]
print(len(msgs), sum(len(d[1]) for d in msgs), "%.3f" % elapsed)
m.logout()
