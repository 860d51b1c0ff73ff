#!/usr/bin/env python3
"""make-cases.py - wrote the first .eml files of this folder (kept to show
how; a new case needs no code: write its .eml by hand or copy a client's
real mail, and add a line to expect.txt).  Run from this folder."""
import base64, quopri

TOKEN = "abcdefghijklmnopqrstuvwxyz234567abcdefghij"
OFFICE = "上海市人民政府外事办公室"
NOTICE = open("../notification/notification.txt", encoding="utf-8").read()
SUBJ_B64 = ("=?UTF-8?B?5a6h5qC477yaMjAyNeW5tOW6puWboOWFrOWHuuWbve+8iOWig++8ieWbog==?=\r\n"
            " =?UTF-8?B?57uE5oOF5Ya1562U5aSN5Lmm77yI6I2J56i/77yJ?=")

def head(n, client, ctype, cte):
    return (
        "Return-Path: <chushen@fao.example.test>\r\n"
        f"Delivered-To: gongkai+{TOKEN}@fao.example.test\r\n"
        "Authentication-Results: mail.fao.example.test;\r\n"
        "\tdkim=pass header.d=fao.example.test;\r\n"
        "\tdmarc=pass (p=quarantine dis=none) header.from=fao.example.test\r\n"
        "Received: from [10.20.30.77] by mail.fao.example.test with esmtpsa\r\n"
        f"\tfor gongkai+{TOKEN}@fao.example.test; Mon, 12 Oct 2026 11:{n:02d}:00 +0800\r\n"
        f"Message-ID: <intl-{n:02d}.{client}@fao.example.test>\r\n"
        f"Date: Mon, 12 Oct 2026 11:{n:02d}:00 +0800\r\n"
        "MIME-Version: 1.0\r\n"
        f"Subject: Re: [GK-2026-0007] {SUBJ_B64}\r\n"
        f"To: gongkai+{TOKEN}@fao.example.test\r\n"
        "From: =?UTF-8?B?6ZmI5pmT54eV?= <chushen@fao.example.test>\r\n"
        f"In-Reply-To: <gk-2026-0007.review.{TOKEN}@fao.example.test>\r\n"
        f"References: <gk-2026-0007.review.{TOKEN}@fao.example.test>\r\n"
        f"Content-Type: {ctype}\r\n"
        f"Content-Transfer-Encoding: {cte}\r\n\r\n")

def quoted(lines=None):
    src = NOTICE if lines is None else lines
    return "\n".join(("> " + l) if l else ">" for l in src.rstrip("\n").split("\n"))

def write(n, name, client, text, charset="utf-8", cte="base64", raw=None):
    body = raw if raw is not None else text.replace("\n", "\r\n").encode(charset)
    if cte == "base64":
        enc = base64.encodebytes(body).replace(b"\n", b"\r\n")
    elif cte == "quoted-printable":
        enc = quopri.encodestring(body.replace(b"\r\n", b"\n")).replace(b"\n", b"\r\n")
    else:
        enc = body
    h = head(n, client, f"text/plain; charset={charset}", cte).encode("ascii")
    with open(f"{name}.eml", "wb") as f:
        f.write(h + enc)

EN = "Reply with APPROVE (optionally followed by a comment) or REJECT: reason on the first line."
ADDR = "<gongkai@fao.example.test>"

write(1, "i01-gmail-fr-approve-a-ecrit", "gmail",
      f"APPROVE\n\nLe lun. 12 oct. 2026 à 09:30, {OFFICE} {ADDR} a\nécrit :\n\n" + quoted(), cte="quoted-printable")
write(2, "i02-thunderbird-de-reject-schrieb", "thunderbird",
      f"REJECT: Die Rechtsgrundlage ist falsch.\n\nAm 12.10.2026 um 09:30 schrieb {OFFICE}:\n" + quoted(), cte="8bit")
write(3, "i03-gmail-es-reject-escribio", "gmail",
      f"REJECT: Falta el plazo de recurso.\n\nEl lun, 12 oct 2026 a las 9:30, {OFFICE} (\n{ADDR}) escribió:\n\n" + quoted())
write(4, "i04-gmail-pt-approve-escreveu", "gmail",
      f"APPROVE, Tudo certo.\n\nEm seg., 12 de out. de 2026 às 09:30, {OFFICE} {ADDR} escreveu:\n\n" + quoted())
write(5, "i05-gmail-it-approve-ha-scritto", "gmail",
      f"Approve\n\nIl giorno lun 12 ott 2026 alle ore 09:30 {OFFICE} {ADDR} ha\nscritto:\n\n" + quoted())
write(6, "i06-thunderbird-ru-koi8r-reject-pishet", "thunderbird",
      "REJECT: Неверная ссылка на статью 36.\n\n12.10.2026 09:30, Шанхай пишет:\n> " + EN + "\n",
      charset="koi8-r", cte="8bit")
write(7, "i07-outlook-ru-utf8-reject-ishodnoe", "outlook",
      f"REJECT: Спасибо, но в ответе неверная дата.\n\n-----Исходное сообщение-----\nОт: {OFFICE} {ADDR}\n"
      f"Отправлено: 12 октября 2026 г. 9:30\nКому: Чэнь Сяоянь <chushen@fao.example.test>\nТема: [GK-2026-0007]\n\n" + NOTICE)
write(8, "i08-outlook-el-approve-bold-reply-to", "outlook",
      f"APPROVE\nΕυχαριστώ, σωστό.\n\n*From:* {OFFICE} {ADDR}\n*Reply-To:* gongkai+{TOKEN}@fao.example.test\n"
      f"*Sent:* Monday, October 12, 2026 9:30 AM\n*To:* 陈晓燕\n*Subject:* [GK-2026-0007]\n\n" + NOTICE,
      cte="quoted-printable")
write(9, "i09-outlook-ja-sjis-reject-sashidashinin", "outlook",
      f"REJECT: 日付が間違っています。\n\n-----Original Message-----\n差出人: 上海 {ADDR}\n"
      "送信日時: 2026年10月12日 9:30\n宛先: chushen@fao.example.test\n件名: GK-2026-0007\n\n> " + EN + "\n",
      charset="shift_jis")
write(10, "i10-gmail-ja-iso2022jp-approve-date-address", "gmail",
      f"APPROVE\n内容を確認しました。\n\n2026年10月12日(月) 9:30 上海 {ADDR}:\n\n> " + EN + "\n",
      charset="iso-2022-jp", cte="7bit")
write(11, "i11-gmail-ko-euckr-reject-jakseong", "gmail",
      f"REJECT: 날짜가 틀렸습니다.\n\n2026년 10월 12일 (월) 오전 9:30, 上海 {ADDR}님이 작성:\n\n> " + EN + "\n",
      charset="euc-kr")
vi = (b"APPROVE, C\x61\xd2m \xf5n, t\xf4i \xf0\xf4\xccng y\xec.\r\n\r\n"
      b"-----Original Message-----\r\nFrom: gongkai@fao.example.test\r\n"
      b"Sent: Monday, October 12, 2026 9:30 AM\r\nTo: chushen@fao.example.test\r\n"
      b"Subject: [GK-2026-0007]\r\n\r\n" + EN.encode() + b"\r\n")
write(12, "i12-outlook-vi-cp1258-approve", "outlook", None, charset="windows-1258",
      cte="quoted-printable", raw=vi)
write(13, "i13-applemail-ar-reject-on-at", "applemail",
      f"REJECT: التاريخ غير صحيح.\n\nOn 12 Oct 2026, at 09:30, {OFFICE} {ADDR} wrote:\n\n" + quoted(),
      cte="quoted-printable")
write(14, "i14-iphone-zhtw-reject-signature", "iphone",
      "REJECT：答覆書日期有誤\n\n從我的 iPhone 傳送\n\n於 2026年10月12日 上午9:30，上海市人民政府外事辦公室 "
      f"{ADDR} 寫道：\n\n" + quoted(), cte="quoted-printable")
tw = ("同意\n請儘快辦理。\n\n寄件者: 上海市人民政府外事辦公室 <gongkai@fao.example.test>\n"
      "寄送日期: 2026年10月12日 上午 09:30\n收件者: 陳曉燕\n主旨: [GK-2026-0007] 審核\n\n" + EN + "\n")
write(15, "i15-outlook-zhtw-big5-approve-jijianzhe", "outlook", tw, charset="big5")
write(16, "i16-yahoo-tw-approve-xiexia", "yahoo",
      f"同意\n\n上海市人民政府外事辦公室 {ADDR} 在 2026年10月12日 週一 上午9:30 寫下：\n\n" + NOTICE)
write(17, "i17-coremail-reject-date-address-colon", "coremail",
      f"驳回：答复书未引用第三十六条。\n\n2026年10月12日 09:30 {OFFICE} {ADDR}:\n" + quoted(),
      charset="gbk")
write(18, "i18-mail-zh-approve-split-yu-xiedao", "generic",
      f"同意，按此办理。\n于 2026年10月12日 09:30\n{OFFICE} 写道:\n" + quoted())
write(19, "i19-thunderbird-reject-signature-tongguo", "thunderbird",
      "驳回：材料不全，请补充申请人身份证明。\n\n-- \n通过 上海市外办信息公开审核组\n电话 021-55550000\n\n"
      f"在 2026/10/12 9:30, {OFFICE} 写道:\n" + quoted(), cte="8bit")
write(20, "i20-client-reject-lone-reply-to", "generic",
      f"REJECT: 日期有误\nReply-To: gongkai+{TOKEN}@fao.example.test\n\n" + NOTICE)
write(21, "i21-foxmail-reject-thanks-name", "foxmail",
      "驳回：答复书有误。\n\n期限错误\n\n谢谢\n陈晓燕\n\n------------------ 原始邮件 ------------------\n"
      f"发件人: \"{OFFICE}\"<gongkai@fao.example.test>;\n发送时间: 2026年10月12日(星期一) 上午9:30\n\n" + NOTICE,
      charset="gb18030")
write(22, "i22-gmail-mixed-approve-wrapped-4", "gmail",
      "APPROVE, 同意 Спасибо Ευχαριστώ ありがとう 감사합니다 شكرا Cảm ơn\n\nOn Mon, Oct 12, 2026 at 9:30 AM\n"
      f"{OFFICE}\n{ADDR}\nwrote:\n\n" + quoted())
write(23, "i23-outlook-de-reject-urspruengliche", "outlook",
      f"REJECT: Frist fehlt.\n\n-----Ursprüngliche Nachricht-----\nVon: {OFFICE} {ADDR}\n"
      "Gesendet: Montag, 12. Oktober 2026 09:30\nAn: chushen@fao.example.test\nBetreff: [GK-2026-0007]\n\n" + NOTICE,
      cte="quoted-printable")
write(24, "i24-outlook-fr-approve-bold-de-objet", "outlook",
      f"APPROVE\n\n*De :* {OFFICE} {ADDR}\n*Envoyé :* lundi 12 octobre 2026 09:30\n*À :* 陈晓燕\n"
      "*Objet :* [GK-2026-0007]\n\n" + NOTICE, cte="quoted-printable")
write(25, "i25-outlook-ko-reject-wonbon", "outlook",
      f"REJECT: 기한이 빠졌습니다.\n\n-----원본 메시지-----\n보낸 사람: {OFFICE} {ADDR}\n"
      "받는 사람: chushen@fao.example.test\n보낸 날짜: 2026년 10월 12일 월요일 오전 9:30\n제목: [GK-2026-0007]\n\n" + NOTICE)
write(26, "i26-mailru-ru-approve-ot", "mailru",
      f"APPROVE\n\nПонедельник, 12 октября 2026, 9:30 +08:00 от {OFFICE} {ADDR}:\n\n" + NOTICE)
write(27, "i27-gmail-ru-reviewer-comment-utf8", "gmail",
      f"APPROVE\nСпасибо, всё верно.\n\nпн, 12 окт. 2026 г. в 09:30, {OFFICE} {ADDR}:\n\n" + quoted())
write(28, "i28-outlook-reject-generic-separator", "outlook",
      "REJECT: 第三段文号有误。\n\n-------- 转发邮件信息 --------\n" + NOTICE)
