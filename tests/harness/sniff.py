#!/usr/bin/env python3
"""sniff.py - a fake IMAP or SMTP server that offers no TLS, as a
machine-in-the-middle that strips STARTTLS would, and writes every line a
client sends it to LOG (so a test can tell whether a password came).

    sniff.py imap|smtp HOST PORTFILE LOG

Listens on HOST at a free port, written to PORTFILE once it listens, and
serves one connection after another until it is killed.  Both protocols
advertise a login and refuse STARTTLS."""
import socket
import sys


def serve_imap(f, log):
    f.write(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake ready\r\n")
    f.flush()
    for line in f:
        log.write(line.decode("utf-8", "replace"))
        log.flush()
        parts = line.split(None, 2)
        if not parts:
            continue
        tag = parts[0]
        cmd = parts[1].upper() if len(parts) > 1 else b""
        if cmd == b"CAPABILITY":
            f.write(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag +
                    b" OK done\r\n")
        elif cmd == b"LOGOUT":
            f.write(b"* BYE\r\n" + tag + b" OK bye\r\n")
            f.flush()
            return
        else:
            f.write(tag + b" NO not here\r\n")
        f.flush()


def serve_smtp(f, log):
    f.write(b"220 fake ESMTP\r\n")
    f.flush()
    for line in f:
        log.write(line.decode("utf-8", "replace"))
        log.flush()
        cmd = line[:4].upper()
        if cmd in (b"EHLO", b"HELO"):
            f.write(b"250-fake\r\n250 AUTH PLAIN LOGIN\r\n")
        elif cmd == b"QUIT":
            f.write(b"221 bye\r\n")
            f.flush()
            return
        elif cmd == b"AUTH":
            f.write(b"235 ok\r\n")
        else:
            f.write(b"502 no\r\n")
        f.flush()


def main():
    proto, host, portfile, logpath = sys.argv[1:5]
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, 0))
    s.listen(5)
    with open(portfile + ".tmp", "w") as p:
        p.write("%d\n" % s.getsockname()[1])
    import os
    os.rename(portfile + ".tmp", portfile)
    with open(logpath, "a") as log:
        while True:
            c, _ = s.accept()
            c.settimeout(10)
            f = c.makefile("rwb")
            try:
                (serve_imap if proto == "imap" else serve_smtp)(f, log)
            except (OSError, ValueError):
                pass
            try:
                f.close()
                c.close()
            except OSError:
                pass


main()
