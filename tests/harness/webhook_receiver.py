#!/usr/bin/env python3
# webhook_receiver.py PORTFILE LOG FAILS - a website's CMS for the webhook
# tests: an HTTP server on a free loopback port (written to PORTFILE once
# it listens) that logs every POST as a JSON line to LOG (its number, the
# status answered, Content-Type, Idempotency-Key and the body as parsed)
# and answers 503 to the first FAILS POSTs, 200 after.
import http.server
import json
import os
import sys

portfile, log, fails = sys.argv[1], sys.argv[2], int(sys.argv[3])
count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n)
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        count += 1
        status = 503 if count <= fails else 200
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({
                "n": count, "status": status, "path": self.path,
                "type": self.headers.get("Content-Type"),
                "key": self.headers.get("Idempotency-Key"),
                "body": body}, ensure_ascii=False) + "\n")
        out = b"busy" if status == 503 else b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
