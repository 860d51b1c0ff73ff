#!/usr/bin/env python3
"""pdfcheck.py OFFICE < mail.eml - a formal document's mail against its PDF.

Prints one line:
  pdfs=N number=NUMBER text=same|differs fonts=embedded|not-embedded page=A4|SIZE
where N counts the application/pdf attachments, NUMBER is the document
number printed above the title in the mail ("-" when none) if the PDF's
text holds it too ("not-in-pdf" otherwise), text compares the document in
the mail (from the first line naming OFFICE to the date under the last)
with pdftotext's text of the PDF, all white space and the page numbers
("— 1 —") left out, fonts says whether pdffonts finds every font
embedded, page is pdfinfo's page size.  With several PDFs the last is
checked.  The differing texts go to standard error.
"""
import email, email.policy, os, re, subprocess, sys, tempfile

office = sys.argv[1]
m = email.message_from_bytes(sys.stdin.buffer.read(),
                             policy=email.policy.default)
pdfs = [p for p in m.iter_attachments()
        if p.get_content_type() == "application/pdf"]
if not pdfs:
    print("pdfs=0")
    sys.exit(0)
part = m.get_body(preferencelist=("plain",))
lines = [l.rstrip() for l in (part.get_content() if part else "").split("\n")]
named = [i for i, l in enumerate(lines) if l == office]
doc = lines[named[0]:named[-1] + 2] if len(named) >= 2 else []
# the heading: the office, the number when there is one, the title
number = doc[1] if len(doc) > 2 and doc[2] else "-"

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "doc.pdf")
    with open(path, "wb") as f:
        f.write(pdfs[-1].get_payload(decode=True))
    run = lambda *a: subprocess.run(a, capture_output=True, text=True,
                                    check=True).stdout
    text = run("pdftotext", "-enc", "UTF-8", path, "-")
    fonts = run("pdffonts", path).splitlines()[2:]
    info = run("pdfinfo", path)


def norm(s):
    s = re.sub(r"—\s*\d+\s*—", "", s)
    return re.sub(r"\s+", "", s)


same = norm("\n".join(doc)) == norm(text) and doc
if not same:
    sys.stderr.write("mail:\n%s\npdf:\n%s\n" % ("\n".join(doc), text))
embedded = fonts and all(r.split()[-5] == "yes" for r in fonts)
size = re.search(r"Page size:\s*(.*)", info)
page = "A4" if size and "(A4)" in size.group(1) else \
    (size.group(1).replace(" ", "_") if size else "?")
if number != "-" and norm(number) not in norm(text):
    number = "not-in-pdf"
print("pdfs=%d number=%s text=%s fonts=%s page=%s" % (
    len(pdfs), number, "same" if same else "differs",
    "embedded" if embedded else "not-embedded", page))
