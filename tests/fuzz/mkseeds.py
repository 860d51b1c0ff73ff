#!/usr/bin/env python3
# tests/fuzz/mkseeds.py - (re)writes the seed corpora of tests/fuzz/corpus/
# from the repository's test data: the sample mails (mime), their text and
# HTML parts (quote, html, fields), the calendar files, the templates, and
# a few hand-written commands, configurations and routing inputs; and
# the dictionaries mime.dict and command.dict.  Run it
# from the source tree's top; the fuzzers' own finds are not kept here.
import email
import email.policy
import glob
import hashlib
import os
import re
import sys

TOP = os.getcwd()
OUT = os.path.join(TOP, "tests/fuzz/corpus")
MAX = 20000                     # bytes: seeds stay small


def put(target, data, name=None):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX:
        return
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def parts(msg, ctype):
    for p in msg.walk():
        if p.get_content_type() != ctype or p.is_multipart():
            continue
        try:
            yield p.get_content()
        except Exception:
            b = p.get_payload(decode=True) or b""
            yield b.decode("utf-8", "replace")


mails = sorted(glob.glob(os.path.join(TOP, "tests/data/corpus/*/*.eml")))
notif = open(os.path.join(TOP, "tests/data/notification/notification.txt"),
             encoding="utf-8").read().splitlines()
sent = [l for l in notif if len(l.strip()) >= 10][:5]
marker = "—— 请在此线以上回复 / Reply above this line ——"
for path in mails:
    raw = open(path, "rb").read()
    if len(raw) > MAX:
        continue
    base = os.path.basename(path)[:-4]
    put("mime", raw, base)
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for t in parts(msg, "text/plain"):
        put("quote", "\0".join([t, marker] + sent), base)
        put("fields", t + "\0" + t[: len(t) // 2] + "\0姓名\0张三", base)
        put("route", "gongkai@fao.example.test\0\0\0%s\0%s"
            % (msg.get("Subject", ""), t), base)
        if t.lstrip()[:1] not in ("", ">"):
            put("command", t.split("\n\n")[0], base)
    for h in parts(msg, "text/html"):
        put("html", h, base)

for path in sorted(glob.glob(os.path.join(TOP, "data/calendar/*.conf"))):
    put("calendar", open(path, "rb").read(), os.path.basename(path))
put("calendar", "year 2027\nholiday 2027-01-01 元旦\r\n"
    "workday 2027-01-02 元旦调休 # comment\n", "small")

for path in sorted(glob.glob(os.path.join(TOP, "templates/*.txt"))):
    put("template", open(path, "rb").read(), os.path.basename(path))

commands = [
    "同意", "APPROVE", "approved. looks good", "ＡＰＰＲＯＶＥ：好",
    "原则同意，请按意见修改", "驳回：理由不充分\n请补充依据",
    "REJECT, the draft names a third party\n-- \nZhang San",
    "不同意", "不同意公开：涉及商业秘密", "同意公开", "AGREE", "OBJECT",
    "REVISE\n修改后的答复正文", "ANSWER disclose\n答复正文",
    "答复 予以公开\n正文", "ANSWER withhold:state-secret\n正文",
    "CORRECTION 请补充证件号码", "补正：请提供身份证明",
    "EXTEND 需要征求第三方意见", "延期：情况复杂",
    "CONSULT third@example.test 是否同意公开",
    "征求意见 third@example.test 请回复", "FEE 12.50 复印费每页0.5元",
    "收费 100元 按件", "PAID", "已缴费", "ASSIGN 秘书处", "转办 外事处",
    "SET 姓名 张三", "设置 证件号码 310101199001011234", "ESCALATE",
    "报主要负责人", "NOTE 电话已联系", "备注：申请人来电",
    "同意吗？", "我不同意", "Hi,\nAPPROVE", "APPROVEX",
    "APPROVE\nREJECT no", "同意\n\n发自我的iPhone",
]
for i, c in enumerate(commands):
    put("command", c, "cmd%02d" % i)

conf = open(os.path.join(TOP, "tests/data/gongkai.conf.in"),
            encoding="utf-8").read()
conf = (conf.replace("@IMAP_URL@", "imaps://127.0.0.1:10993")
        .replace("@SMTP_URL@", "smtp://127.0.0.1:10025")
        .replace("@IMAP_STARTTLS@", "false")
        .replace("@SMTP_STARTTLS@", "false"))
conf = re.sub(r"@[A-Z_]+@", "x", conf)
conf = re.sub(r"(password_file|secret_file) = .*", r"\1 = pw", conf)
conf = conf.replace("secret_file = pw", "secret_file = secret")
put("config", conf, "test-stack")
put("config", conf.replace("secret_file = secret", "secret_file = none"),
    "secret-missing")
put("config", "[office]\nname = x\n[division a]\nhandler = a@b\n", "short")

put("route", "gongkai+abcdefghijklmnop234567@fao.example.test\n"
    "gongkai@fao.example.test\0<a.b.qrstuvwxyzabcdef@fao.example.test>\0"
    "<x@y>\n<a.c.abcdefghijklmnopq@fao.example.test>\0"
    "Re: [GK-2026-0001] 答复\0同意\n回复码：ABCDEFGHIJKLMNOP", "all-ways")
put("route", "someone@example.test\0\0\0[GK-2026-0009]\0Reply code: "
    "abcdefghijklmnopqr\n", "body-code")


# The dictionaries: libFuzzer reads UTF-8 written as \xNN escapes.
def esc(s):
    out=''
    for b in s.encode('utf-8'):
        c=chr(b)
        if 32<=b<127 and c not in '"\\':
            out+=c
        else:
            out+='\\x%02X'%b
    return '"%s"'%out
def write(path, head, words):
    with open(path,'w') as f:
        f.write(head)
        for w in words:
            f.write(esc(w)+'\n')
write(os.path.join(TOP, 'tests/fuzz/mime.dict'), '# mime.dict - libFuzzer dictionary for fuzz_mime: header names, MIME\n# parameters, boundaries, encodings and charsets (generated; UTF-8 as \\x).\n', [
 "From: ","To: ","Cc: ","Reply-To: ","Subject: ","Date: ","Message-ID: ","In-Reply-To: ","References: ",
 "Return-Path: <>","Delivered-To: ","X-Original-To: ","Auto-Submitted: auto-replied","X-Autoreply: yes",
 "X-Autorespond: ","Precedence: bulk","List-Id: ","X-Loop: ","Authentication-Results: ","MIME-Version: 1.0",
 "Content-Type: ","Content-Transfer-Encoding: ","Content-Disposition: attachment; ",
 "multipart/mixed","multipart/alternative","multipart/related","multipart/report","message/rfc822",
 "message/delivery-status","text/plain","text/html","application/pdf","report-type=delivery-status",
 "boundary=","boundary=\"b\"","\r\n--b\r\n","\n--b\n","\n--b--\n","--","charset=","charset=utf-8",
 "charset=gb2312","charset=gbk","charset=gb18030","charset=big5","charset=iso-2022-jp","format=flowed",
 "delsp=yes","name=","filename=","filename*=utf-8''","filename*0*=","base64","quoted-printable","8bit",
 "7bit","binary","=?utf-8?B?","=?gb2312?Q?","?=","=\r\n","=E4=B8=AD","Action: failed","Status: 5.1.1",
 "Final-Recipient: rfc822;","Original-Message-ID: ","dmarc=pass","header.from=","\r\n\r\n","\n\n",
 "<blockquote>","<div class=\"gmail_quote\">","<div id=\"divRplyFwdMsg\">","<hr>","<br>","&nbsp;",
 "<meta charset=\"gbk\">","\u540c\u610f","\u9a73\u56de","\u56de\u590d\u7801\uff1a",
])
write(os.path.join(TOP, 'tests/fuzz/command.dict'), '# command.dict - libFuzzer dictionary for fuzz_command and fuzz_quote:\n# the command keywords, answer types, separators and quote boundaries\n# (generated; UTF-8 written as \\x).\n', [
 "APPROVE","APPROVED","REJECT","REJECTED","REVISE","ANSWER","CORRECTION","EXTEND","CONSULT","AGREE",
 "OBJECT","FEE","PAID","ASSIGN","SET","ESCALATE","NOTE","CONSULT-AGENCY","ASK-REASON","DEFER","WITHDRAW",
 "CLEARED","REPEAL","REVIEW-FILED","REVIEW-RESULT","SUIT-FILED","SUIT-RESULT",
 "同意","批准","通过","准予","原则同意","驳回","退回","不同意","不批准","不通过","不予同意","修改","答复",
 "补正","延期","征求意见","同意公开","不同意公开","收费","已缴费","转办","设置","报主要负责人","备注",
 "征求机关意见","要求说明理由","延迟答复","撤回","保密审查通过","废止","复议申请","复议结果","起诉","诉讼结果",
 "disclose","partial","public-already","withhold:state-secret","not-processed:petition","unavailable:not-held",
 "other:misc","予以公开","部分公开","已主动公开","姓名","证件号码","元","12.50","third@example.test",
 "：","，","、","。","！","？","?",":"," - ","\n","\n\n","-- \n","发自我的iPhone","Sent from my iPhone",
 "从我的 iPhone 发送","Thanks,","此致","ＡＰＰＲＯＶＥ","\u3000","\u00a0","&nbsp;","\ufeff","\u200b",
 "> ","&gt;","On Mon, 1 Jan 2026, A <a@b> wrote:","在 2026年9月21日 写道：","于 2026年9月21日 写道:",
 "-----Original Message-----","------------------ 原始邮件 ------------------","Begin forwarded message:",
 "________________","From: ","发件人：","Sent: ","发送时间：","To: ","收件人：","Subject: ","主题：","| From: |",
 "—— 请在此线以上回复 / Reply above this line ——","回复码：",
])
