#!/usr/bin/env python3
"""imapmove.py HOST PORT USER PASSWORD MAILBOX DEST ROUND - the second
baseline: the IMAP work that any client must do which, like gongkai,
takes mail out of MAILBOX only after it has kept it.  In rounds of ROUND
messages it fetches the lowest ones (FETCH 1:ROUND (UID BODY.PEEK[]), by
sequence number, as gongkai does when the mailbox is larger than a round)
and moves them to DEST (UID MOVE), until MAILBOX is empty.  Nothing is
kept or parsed: what is left is the server's share.  Prints "<messages>
<bytes> <seconds>"."""
import imaplib, re, sys, time

host, port, user, password, mailbox, dest = sys.argv[1:7]
rnd = int(sys.argv[7])
m = imaplib.IMAP4(host, int(port))
m.login(user, password)
m.create(dest)		# NO when it exists: fine
typ, data = m.select(mailbox)
left = int(data[0])
n = nbytes = 0
t0 = time.monotonic()
while left > 0:
    k = min(rnd, left)
    typ, data = m.fetch("1:%d" % k, "(UID BODY.PEEK[])")
    uids = []
    for d in data:
        if isinstance(d, tuple):
            uids.append(re.search(rb"UID (\d+)", d[0]).group(1).decode())
            nbytes += len(d[1])
    if not uids:
        break
    typ, _ = m.uid("MOVE", ",".join(uids), dest)
    if typ != "OK":
        sys.exit("MOVE failed")
    n += len(uids)
    left -= len(uids)
elapsed = time.monotonic() - t0
print(n, nbytes, "%.3f" % elapsed)
m.logout()
