#!/usr/bin/env python3
"""smtpburst.py PORT FROM LIST - sends every mail named in LIST (lines
"RCPT FILE") over ONE SMTP connection to 127.0.0.1:PORT, as a busy
client would; prints the seconds it took."""
import smtplib, sys, time

port, sender, listing = int(sys.argv[1]), sys.argv[2], sys.argv[3]
jobs = [l.split(" ", 1) for l in open(listing).read().splitlines() if l]
t0 = time.monotonic()
s = smtplib.SMTP("127.0.0.1", port)
for rcpt, path in jobs:
    s.sendmail(sender, [rcpt], open(path, "rb").read())
s.quit()
print("%.3f" % (time.monotonic() - t0))
