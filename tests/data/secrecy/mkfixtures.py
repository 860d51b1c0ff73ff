#!/usr/bin/env python3
"""mkfixtures.py [DIR] - writes the small documents the secrecy tests read
(tests/unit/test_extract.c, tests/integration/secrecy.sh) into DIR
(default: this script's folder).  They are committed; run this again only
to change them.  Standard library only: zipfile for the office formats, a
hand-written PDF with a Type0 font whose ToUnicode map gives the text
(poppler reads the text without the font's glyphs).
"""
import os
import sys
import zipfile

out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))


def pdf(lines):
    """A one-page PDF showing each of lines (any Unicode) on its own line;
    no lines: a page with a drawn box and no text at all (a 'scan')."""
    chars = sorted({c for l in lines for c in l})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    content = b""
    y = 750
    for l in lines:
        hexs = "".join("%04X" % cid[c] for c in l)
        content += b"BT /F1 12 Tf 50 %d Td <%s> Tj ET\n" % (y, hexs.encode())
        y -= 20
    if not lines:
        content = b"0.5 g 50 500 200 200 re f\n"
    bf = "".join("<%04X> <%04X>\n" % (cid[c], ord(c)) for c in chars
                 if ord(c) < 0x10000)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            "%d beginbfchar\n%sendbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end\n"
            % (len(chars), bf)).encode()
    objs = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
        b"/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        b"<</Type/Font/Subtype/Type0/BaseFont/GKSong/Encoding/Identity-H"
        b"/DescendantFonts[6 0 R]/ToUnicode 7 0 R>>",
        b"<</Length %d>>stream\n" % len(content) + content + b"endstream",
        b"<</Type/Font/Subtype/CIDFontType2/BaseFont/GKSong"
        b"/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>"
        b"/FontDescriptor 8 0 R/DW 1000/CIDToGIDMap/Identity>>",
        b"<</Length %d>>stream\n" % len(cmap) + cmap + b"endstream",
        b"<</Type/FontDescriptor/FontName/GKSong/Flags 4"
        b"/FontBBox[0 -120 1000 880]/ItalicAngle 0/Ascent 880/Descent -120"
        b"/CapHeight 880/StemV 80>>",
    ]
    data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(data))
        data += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        data += b"%010d 00000 n \n" % o
    data += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)
    return data


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')


def para(*runs):
    return "<w:p>" + "".join("<w:r><w:t xml:space=\"preserve\">%s</w:t></w:r>" % r
                             for r in runs) + "</w:p>"


def docx(body, header=None, prolog=""):
    files = {
        "[Content_Types].xml": CT,
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?>\n%s'
        '<w:document %s><w:body>%s</w:body></w:document>' % (prolog, W, body),
        "docProps/core.xml": '<?xml version="1.0"?><cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>答复附件</dc:title>'
        '</cp:coreProperties>',
    }
    if header is not None:
        files["word/header1.xml"] = ('<?xml version="1.0"?><w:hdr %s>%s</w:hdr>'
                                     % (W, header))
    return files


def xlsx(strings):
    si = "".join("<si><t>%s</t></si>" % s for s in strings)
    return {
        "[Content_Types].xml": CT,
        "xl/sharedStrings.xml": '<?xml version="1.0"?><sst xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main">%s</sst>' % si,
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://'
        'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        '<c r="A1" t="s"><v>0</v></c><c r="B1"><v>12</v></c></row></sheetData>'
        '</worksheet>',
    }


def odt(text, header):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')
    return {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": '<?xml version="1.0"?><office:document-content %s>'
        '<office:body><office:text><text:p>%s</text:p></office:text></office:body>'
        '</office:document-content>' % (ns, text),
        "styles.xml": '<?xml version="1.0"?><office:document-styles %s>'
        '<office:master-styles><style:master-page><style:header><text:p>%s</text:p>'
        '</style:header></style:master-page></office:master-styles>'
        '</office:document-styles>' % (ns, header),
    }


def zipped(name, files):
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in files.items():
            z.writestr(n, d)


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


write("secret.pdf", pdf(["答复附件：2025年度统计表", "本页标注 秘密★一年，请核对。"]))
write("clean.pdf", pdf(["答复附件：2025年度因公出国（境）团组情况", "共12个团组。"]))
write("scan.pdf", pdf([]))
write("corrupt.pdf", b"%PDF-1.4 test document\n")
# 机 and 密 in two runs of one paragraph, as Word splits text
zipped("secret.docx", docx(para("经查，", "附件所列材料属机", "密事项。")))
zipped("header.docx", docx(para("正文没有标志。"), header=para("絕密★")))
zipped("clean.docx", docx(para("经查，2025年度因公出国（境）团组共12个。")))
zipped("secret.xlsx", xlsx(["内部资料 注意保存"]))
zipped("secret.odt", odt("正文。", "秘<text:s/>密<text:s/>☆"))
zipped("dtd.docx", docx(para("&x;"), prolog='<!DOCTYPE w:document [<!ENTITY x "机密">]>'))
zipped("notadoc.zip", {"readme.txt": "机密", "data.bin": "\x00\x01"})
# 2 MiB of text in one part: over the unit test's 1 MiB cap when inflated
zipped("bomb.docx", docx(para("a" * (2 << 20))))
