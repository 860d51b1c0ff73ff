#!/usr/bin/env python3
"""readmail.py WHAT < mail.eml - prints one thing of a raw mail, decoded:
  subject | from | to | reply-to | message-id | in-reply-to | token
  body          the text/plain body, decoded (else the HTML as text)
  html          the text/html part, decoded (empty when none)
  attachments   one attachment file name per line
  types         one attachment content type per line
  attachment:NAME  the decoded bytes of the attachment called NAME
  header:NAME   every value of header NAME, one per line, as raw
  headers       every header name, one per line (to count them)
"""
import email, email.policy, re, signal, sys

# A reader that stops early (| head) ends us quietly, as it would cat.
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
raw = sys.stdin.buffer.read()
m = email.message_from_bytes(raw, policy=email.policy.default)
what = sys.argv[1]
if what in ("subject", "from", "to", "reply-to", "message-id", "in-reply-to"):
    print(m.get(what, ""))
elif what == "token":
    r = m.get("reply-to", "")
    t = re.search(r"\+([a-z2-7]+)@", r)
    print(t.group(1) if t else "")
elif what == "body":
    part = m.get_body(preferencelist=("plain", "html"))
    text = part.get_content() if part else ""
    if part is not None and part.get_content_type() == "text/html":
        text = re.sub(r"<br\s*/?>|</div>|</p>", "\n", text)
        text = re.sub(r"<[^>]+>", "", text)
    print(text)
elif what == "html":
    part = m.get_body(preferencelist=("html",))
    print(part.get_content() if part else "")
elif what == "attachments":
    for p in m.iter_attachments():
        print(p.get_filename())
elif what == "types":
    for p in m.iter_attachments():
        print(p.get_content_type())
elif what.startswith("attachment:"):
    for p in m.iter_attachments():
        if p.get_filename() == what[11:]:
            sys.stdout.buffer.write(p.get_payload(decode=True))
            break
    else:
        sys.exit("no attachment " + what[11:])
elif what.startswith("header:"):
    for v in email.message_from_bytes(raw).get_all(what[7:], []):
        print(v)
elif what == "headers":
    for k in email.message_from_bytes(raw).keys():
        print(k)
else:
    sys.exit("unknown: " + what)
