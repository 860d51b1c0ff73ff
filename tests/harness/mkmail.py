#!/usr/bin/env python3
"""mkmail.py STYLE FROM TO SUBJECT TEXT [--in-reply-to ID] [--quote FILE]
[--attach FILE] [--header 'Name: value']... > mail.eml

Writes a mail as a real client would, for the integration tests: the
authored TEXT on top, then the quoted notification (the body of FILE) in
the client's own style. STYLE is one of
  plain     text/plain UTF-8, no quote
  outlook   Outlook desktop: text/plain UTF-8 quoted-printable, the quote
            after '-----Original Message-----' and a From:/Sent: block
  gmail     Gmail: multipart/alternative UTF-8 base64, 'On ... wrote:'
            and a '>' quote; HTML part with div.gmail_quote
  foxmail   Foxmail/QQ: text/plain charset=gb2312 holding GBK bytes,
            base64, '------------------ 原始邮件 ------------------'
  html      HTML only (Outlook for Mac style): the command in a div, the
            quote after an <hr> in #divRplyFwdMsg
"""
import argparse, email.utils, html, sys, time
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.mime.base import MIMEBase
from email import encoders
from email.header import Header

ap = argparse.ArgumentParser()
ap.add_argument("style")
ap.add_argument("sender")
ap.add_argument("to")
ap.add_argument("subject")
ap.add_argument("text")
ap.add_argument("--in-reply-to")
ap.add_argument("--quote")
ap.add_argument("--attach", action="append", default=[])
ap.add_argument("--header", action="append", default=[])
a = ap.parse_args()

quote = open(a.quote, encoding="utf-8").read() if a.quote else ""
text = a.text.replace("\\n", "\n")

if a.style in ("plain", "outlook"):
    body = text
    if a.style == "outlook" and quote:
        body += ("\n\n-----Original Message-----\nFrom: gongkai@fao.example.test\n"
                 "Sent: Monday, October 12, 2026 9:30 AM\nTo: %s\nSubject: %s\n\n%s"
                 % (a.sender, a.subject, quote))
    part = MIMEText(body, "plain", "utf-8")
    if a.style == "outlook":
        del part["Content-Transfer-Encoding"]
        part.set_charset("utf-8")
        from email.charset import Charset, QP
        cs = Charset("utf-8"); cs.body_encoding = QP
        part = MIMEText(body, "plain", cs)
elif a.style == "gmail":
    plain = text + "\n\nOn Mon, Oct 12, 2026 at 9:30 AM <gongkai@fao.example.test> wrote:\n\n" + \
        "\n".join("> " + l for l in quote.splitlines())
    hb = "<div dir=\"ltr\">" + "<br>".join(html.escape(l) for l in text.splitlines()) + \
        "</div><br><div class=\"gmail_quote\"><blockquote class=\"gmail_quote\">" + \
        "<br>".join(html.escape(l) for l in quote.splitlines()) + "</blockquote></div>"
    part = MIMEMultipart("alternative")
    part.attach(MIMEText(plain, "plain", "utf-8"))
    part.attach(MIMEText(hb, "html", "utf-8"))
elif a.style == "foxmail":
    body = text + "\n\n\n------------------ 原始邮件 ------------------\n" + \
        "发件人: \"上海市人民政府外事办公室\"<gongkai@fao.example.test>;\n" + \
        "发送时间: 2026年10月12日(星期一) 上午9:30\n收件人: <%s>;\n主题: %s\n\n%s" % (
            a.sender, a.subject, quote)
    part = MIMEBase("text", "plain", charset="gb2312")
    part.set_payload(body.encode("gb18030"))
    encoders.encode_base64(part)
elif a.style == "html":
    hb = "<html><body><div>" + "<br>".join(html.escape(l) for l in text.splitlines()) + \
        "</div><hr><div id=\"divRplyFwdMsg\"><b>From:</b> gongkai@fao.example.test<br>" + \
        "<b>Sent:</b> Monday<br><b>Subject:</b> x</div><div>" + \
        "<br>".join(html.escape(l) for l in quote.splitlines()) + "</div></body></html>"
    part = MIMEText(hb, "html", "utf-8")
else:
    sys.exit("unknown style " + a.style)

if a.attach:
    msg = MIMEMultipart("mixed")
    msg.attach(part)
    for path in a.attach:
        att = MIMEBase("application", "octet-stream")
        att.set_payload(open(path, "rb").read())
        encoders.encode_base64(att)
        name = path.rsplit("/", 1)[-1]
        att.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
        msg.attach(att)
else:
    msg = part

for sub in msg.walk():
    if sub is not msg:
        del sub["MIME-Version"]
def addr(v):
    name, ad = email.utils.parseaddr(v)
    return email.utils.formataddr((str(Header(name, "utf-8")) if name else "", ad))
msg["From"] = addr(a.sender)
msg["To"] = addr(a.to)
msg["Subject"] = Header(a.subject, "utf-8")
msg["Date"] = email.utils.formatdate(time.time(), localtime=False)
msg["Message-ID"] = email.utils.make_msgid(domain=a.sender.split("@")[-1].strip(">"))
if "MIME-Version" not in msg:
    msg["MIME-Version"] = "1.0"
if a.in_reply_to:
    msg["In-Reply-To"] = a.in_reply_to
    msg["References"] = a.in_reply_to
for h in a.header:
    k, v = h.split(":", 1)
    msg[k.strip()] = v.strip()
sys.stdout.buffer.write(msg.as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
