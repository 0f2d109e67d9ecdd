"""Real record files for the importer tests, written with the libraries a user's tools use."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from fpdf import FPDF

PARAGRAPH = (
    "The Board discussed the follow-up to the High-level Dialogue and stressed the inter-"
    "agency nature of the Global Migration Group, particularly in the areas of policy "
    "development and capacity-building."
)


def write_docx(path: Path) -> Path:
    """A Word record with a title, headings, list items, a table with a merged cell."""
    document = docx.Document()
    document.core_properties.title = "Summary record of the CEB"
    document.core_properties.author = "CEB secretariat"
    document.core_properties.subject = "Migration"
    document.add_heading("Summary record", 0)
    document.add_heading("I. Migration and development", 1)
    document.add_paragraph("The Board had an exchange of views 😀 on migration.")
    document.add_heading("A. Positions", 2)
    document.add_paragraph("قال الأمين العام إن الهجرة قضية عالمية.")
    document.add_paragraph("Strengthen cooperation", style="List Bullet")
    document.add_paragraph("Report in 2027", style="List Number")
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(("Agency", "Position", "Date")):
        table.cell(0, column).text = text
    table.cell(1, 0).text = "UNHCR"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "Supports the forum"
    document.add_paragraph("Closing para\u00adgraph.")
    document.save(str(path))
    return path


def _pdf() -> FPDF:
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)
    return pdf


def write_pdf(path: Path, pages: int = 3) -> Path:
    """A multi-page PDF with headings in larger type, justified paragraphs, page numbers,
    and words broken across lines with a hyphen."""
    pdf = _pdf()
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("helvetica", "B", 18)
        pdf.multi_cell(0, 9, f"Section {page}: Migration", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 5, "The Secretary-General noted that inter-\nnational cooperation and "
                       "capacity-\nbuilding were essential to the réfugiés.",
                       new_x="LMARGIN", new_y="NEXT")  # fmt: skip
        pdf.ln(4)
        pdf.multi_cell(0, 5, PARAGRAPH, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-15)
        pdf.cell(0, 10, str(page), align="C")
    pdf.output(str(path))
    return path


def write_encrypted_pdf(path: Path) -> Path:
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Confidential text")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(path))
    return path


def write_scanned_pdf(path: Path, pictures: bool = True) -> Path:
    """Pages that are pictures (a scan without OCR); without ``pictures``, pages of drawn
    shapes only (a chart, a blank form's boxes)."""
    from PIL import Image  # fpdf2's own dependency

    page = io.BytesIO()
    Image.new("L", (120, 160), 200).save(page, format="PNG")
    pdf = _pdf()
    for _ in range(2):
        pdf.add_page()
        if pictures:
            pdf.image(io.BytesIO(page.getvalue()), x=20, y=20, w=150)
        else:
            pdf.rect(20, 20, 150, 200, style="F")
    pdf.output(str(path))
    return path


def write_zip_bomb_docx(path: Path, expanded_bytes: int) -> Path:
    """A real .docx with an extra part of zeros that compresses to almost nothing."""
    write_docx(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/padding.bin", b"\0" * expanded_bytes)
    return path


HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="windows-1252">
<title>CEB summary record</title>
<meta name="description" content="Exchange of views on migration">
<style>p { color: red }</style><script>var tracking = 1;</script></head>
<body><nav><a href="/">Home</a> | <a href="/docs">Documents</a></nav>
<h1>Summary record</h1>
<p>The Board <b>agreed</b> to strengthen   cooperation.<br>It will report in 2027.</p>
<h2>Positions</h2>
<ul><li>UNHCR supports the forum<ul><li>as Chair of the GMG</li></ul></li><li>ILO abstains</li></ul>
<table><tr><th>Agency</th><th>Position</th></tr>
<tr><td>IOM</td><td>Supports – “fully”</td></tr></table>
</body></html>"""


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERED = [  # (level, text) in reading order; None: a heading between the lists
    (0, "The Board noted the report."),
    (1, "On migration;"),
    (1, "On refugees;"),
    (2, "in 2026;"),
    (2, "in 2027."),
    (1, "On development."),
    (0, "The Board agreed to report back."),
    (None, "Annex"),
    (0, "A list that starts again at 5."),
    (0, "And goes on."),
]
"""A record numbered as UN records are: 1., (a), (i); the second list starts at 5."""


def write_numbered_docx(path: Path) -> Path:
    """A Word record whose paragraph numbers Word counts itself (automatic numbering, in
    three levels, and a second list restarting at 5), the way Word writes numbering.xml."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_heading("Numbered record", 1)
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for n, (fmt, text) in enumerate(
            [("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)")]
        )
    )
    numbering.insert(
        0, parse_xml(f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="90">{levels}</w:abstractNum>')
    )
    for num_id, override in (
        (91, ""),
        (92, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'),
    ):
        numbering.append(
            parse_xml(
                f'<w:num xmlns:w="{_W}" w:numId="{num_id}"><w:abstractNumId '
                f'w:val="90"/>{override}</w:num>'
            )
        )
    num_id = 91
    for level, text in NUMBERED:
        if level is None:
            document.add_heading(text, 2)
            num_id = 92
            continue
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
                "</w:numPr>"
            )
        )
    document.add_paragraph("A closing paragraph without a number.")
    document.save(str(path))
    return path


LONG_ITEM = (
    "On the funding of the forum, which the Board asked the secretariat to keep under "
    "review, with a report to each session and a note on what the agencies gave."
)
QUOTED = (
    "Migration, the Secretary-General said, should be approached through a prism of "
    "opportunity rather than fear, and the system should remain united in that."
)
TABLE = [
    ("Agency", "Position", "Lead department"),
    ("IOM", "Supports", "Operations"),
    ("UNHCR", "Supports with reservations", "Protection"),
]


def write_structured_docx(path: Path) -> Path:
    """The numbered record, then a long numbered item (that wraps), Word bullets at two
    levels, a quotation (Word's Quote style) and a table."""
    from docx.oxml import parse_xml

    document = docx.Document(str(write_numbered_docx(path)))
    item = document.add_paragraph(LONG_ITEM)
    item._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="1"/><w:numId w:val="92"/></w:numPr>')
    )
    document.add_paragraph("A point made with a bullet.", style="List Bullet")
    document.add_paragraph("A point within that point.", style="List Bullet 2")
    document.add_paragraph(QUOTED, style="Quote")
    table = document.add_table(rows=0, cols=3)
    for row in TABLE:
        for cell, words in zip(table.add_row().cells, row, strict=True):
            cell.text = words
    document.save(str(path))
    return path


_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WORD_PLACES = {  # where Word shows words python-docx's Paragraph.text leaves out
    "control": (
        "<w:sdt><w:sdtContent><w:r><w:t>Agreed by the Board</w:t></w:r></w:sdtContent></w:sdt>"
    ),
    "field": '<w:fldSimple w:instr=" DATE "><w:r><w:t>28 November 2026</w:t></w:r></w:fldSimple>',
    "complex field": (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>page 7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    ),
    "insertion": '<w:ins w:id="1" w:author="Bo"><w:r><w:t>with reservations</w:t></w:r></w:ins>',
    "deletion": '<w:del w:id="2" w:author="Bo"><w:r><w:delText>fully</w:delText></w:r></w:del>',
    "ruby": (
        "<w:r><w:ruby><w:rt><w:r><w:t>こくれん</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>国連</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    ),
    "text box": (
        f'<w:r><mc:AlternateContent xmlns:mc="{_MC}"><mc:Choice Requires="wps"><w:drawing>'
        f'<wps:txbx xmlns:wps="{_WPS}"><w:txbxContent><w:p><w:r><w:t>Boxed: the Chair’s '
        "summary 😀</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Boxed: the Chair’s summary 😀"
        "</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    ),
    "footnote": '<w:r><w:footnoteReference w:id="1"/></w:r>',
    "nested field": (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD x '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>INNER'
        '</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:instrText> = 1 '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>shown'
        '</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    ),
    "hidden": ("<w:r><w:t>seen</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t> SECRET</w:t></w:r>"),
}
FOOTNOTES = (
    f'<w:footnotes xmlns:w="{_W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
    '<w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>See the '
    "report of 2026, قال الأمين العام.</w:t></w:r></w:p></w:footnote></w:footnotes>"
)


def write_word_places_docx(path: Path) -> Path:
    """A record whose words sit in each of Word's places (``WORD_PLACES``), a block-level
    content control, a nested table, an empty table row, a header, a footnote, a style
    without a type, and two core-properties relationships (a metadata read that fails)."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_heading("Places of words", 1)
    for name, xml in WORD_PLACES.items():
        paragraph = document.add_paragraph(f"{name}: ")
        for element in parse_xml(f'<w:p xmlns:w="{_W}">{xml}</w:p>'):
            paragraph._p.append(element)
    block = parse_xml(
        f'<w:sdt xmlns:w="{_W}"><w:sdtContent><w:p><w:r><w:t>A block in a content control.'
        "</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    document.element.body.insert(len(document.element.body) - 1, block)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Agency", "Position"
    table.cell(2, 0).text = "IOM"
    inner = table.cell(2, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "inner", "table"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "second", "row"
    boxed = parse_xml(f'<w:p xmlns:w="{_W}">{WORD_PLACES["text box"]}</w:p>')
    table.cell(0, 1).paragraphs[0]._p.append(boxed[0])  # a text box in a cell
    document.sections[0].header.paragraphs[0].text = "CEB/2026/2 — restricted"
    styles = document.styles.element
    styles.append(
        parse_xml(f'<w:style xmlns:w="{_W}" w:styleId="Odd"><w:name w:val="Odd"/></w:style>')
    )
    document.save(str(path))
    notes = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    _add_part(path, "word/footnotes.xml", FOOTNOTES, "footnotes", notes)
    core = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    second = f'<Relationship Id="rIdX" Type="{core}" Target="docProps/core.xml"/>'
    _rewrite(path, "_rels/.rels", "</Relationships>", second)
    return path


def _add_part(path: Path, name: str, xml: str, kind: str, content_type: str) -> None:
    with zipfile.ZipFile(path, "a") as package:
        package.writestr(name, xml)
    relationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    related = f'<Relationship Id="rIdNotes" Type="{relationship}{kind}" Target="{kind}.xml"/>'
    _rewrite(path, "word/_rels/document.xml.rels", "</Relationships>", related)
    typed = f'<Override PartName="/{name}" ContentType="{content_type}"/>'
    _rewrite(path, "[Content_Types].xml", "</Types>", typed)


def _rewrite(path: Path, name: str, before: str, added: str) -> None:
    """Insert ``added`` before ``before`` in one part of a zip package."""
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    parts[name] = parts[name].replace(before.encode(), (added + before).encode())
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for part, data in parts.items():
            package.writestr(part, data)


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written object by object (``objects[0]`` is 1 0 obj, the catalog), for what
    a PDF library will not write: a form XObject, a font without a text mapping."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def pdf_stream(content: bytes, dictionary: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(content), dictionary, content)


def pdf_text(x: int, y: int, text: bytes, font: bytes = b"/F1") -> bytes:
    return b"BT %s 12 Tf %d %d Td (%s) Tj ET\n" % (font, x, y, text)


FORM = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>"


def write_pdf_places(path: Path) -> Path:
    """Two pages: words on the page and inside a form XObject; ligature glyphs (fi, fl
    by a font's Differences); a page number and a running header in the margins; the
    year 2007 alone mid-page; and text in a font with no text mapping (CIDs only)."""
    fonts = b"/Font << /F1 4 0 R /F2 9 0 R /F3 10 0 R >>"
    body = [
        pdf_text(72, 760, b"CEB/2026/2 restricted")
        + pdf_text(72, 700, b"Text on the page itself.")
        + pdf_text(72, 660, b"\001lled \002ows of migrants", b"/F3")
        + pdf_text(300, 400, b"2007")
        + pdf_text(300, 30, b"1")
        + b"/X1 Do\n",
        pdf_text(72, 760, b"CEB/2026/2 restricted")
        + pdf_text(72, 700, b"The second page goes on.")
        + b"BT /F2 12 Tf 72 500 Td <00410042> Tj ET\n"
        + pdf_text(300, 30, b"2"),
    ]
    form = pdf_text(72, 600, b"Text inside a form XObject: the Board agreed.")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 7 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << %s "
        b"/XObject << /X1 5 0 R >> >> /Contents 6 0 R >>" % fonts,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        pdf_stream(form, FORM),
        pdf_stream(body[0]),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << %s >> "
        b"/Contents 8 0 R >>" % fonts,
        pdf_stream(body[1]),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H "
        b"/DescendantFonts [11 0 R] >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /Type "
        b"/Encoding /Differences [1 /fi /fl] >> >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry "
        b"(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 12 0 R >>",
        b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 0 1000 1000] "
        b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    path.write_bytes(raw_pdf(objects))
    return path


COMMENTS = (
    f'<w:comments xmlns:w="{_W}"><w:comment w:id="0" w:author="Bo Li" '
    'w:date="2026-11-20T09:30:00Z">'
    "<w:p><w:r><w:t>Check the 2027 date 😀</w:t></w:r></w:p></w:comment>"
    '<w:comment w:id="1" w:author="أمينة" w:date="2026-11-21T10:00:00Z"><w:p><w:r>'
    "<w:t>ملاحظة</w:t></w:r></w:p><w:p><w:r><w:t>second line</w:t></w:r></w:p></w:comment>"
    "</w:comments>"
)


def write_commented_docx(path: Path) -> Path:
    """A record a colleague marked up in Word: two comments on passages (one across two
    runs), with their authors and dates."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_heading("Commented record", 1)
    paragraph = document.add_paragraph("The Board agreed to ")
    for element in parse_xml(
        f'<w:p xmlns:w="{_W}"><w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve">'
        'report by </w:t></w:r><w:r><w:t>2027</w:t></w:r><w:commentRangeEnd w:id="0"/>'
        '<w:r><w:commentReference w:id="0"/></w:r><w:r><w:t xml:space="preserve"> on '
        'migration. </w:t></w:r><w:commentRangeStart w:id="1"/><w:r><w:t>قال الأمين العام'
        '</w:t></w:r><w:commentRangeEnd w:id="1"/></w:p>'
    ):
        paragraph._p.append(element)
    document.add_paragraph("A closing paragraph.")
    document.save(str(path))
    notes = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
    _add_part(path, "word/comments.xml", COMMENTS, "comments", notes)
    return path


EDGE_COMMENTS = (
    f'<w:comments xmlns:w="{_W}">'
    '<w:comment w:id="5" w:author="Ned"><w:p><w:r><w:t>title ok?</w:t></w:r></w:p></w:comment>'
    '<w:comment w:id="6" w:author="Ann"><w:p><w:r><w:t>whole paragraph</w:t></w:r></w:p>'
    "</w:comment>"
    '<w:comment w:id="7" w:author="Tariq"><w:p><w:r><w:t>a point, no passage</w:t></w:r></w:p>'
    "</w:comment>"
    '<w:comment w:id="8" w:author="Jo"><w:p><w:r><w:t>empty range</w:t></w:r></w:p></w:comment>'
    "</w:comments>"
)


def write_edge_commented_docx(path: Path) -> Path:
    """Comments where they trip a naive reading: on the heading that gives the title, on a
    whole paragraph with a trailing space, at a point (no range), on an empty range; and
    a private-use character (as symbol fonts use) in the text."""
    from docx.oxml import parse_xml

    document = docx.Document()
    heading = document.add_heading("", 1)._p
    for element in parse_xml(
        f'<w:p xmlns:w="{_W}"><w:commentRangeStart w:id="5"/><w:r><w:t>Report on '
        'migration</w:t></w:r><w:commentRangeEnd w:id="5"/></w:p>'
    ):
        heading.append(element)
    for xml in (
        '<w:commentRangeStart w:id="6"/><w:r><w:t xml:space="preserve">Trailing words. </w:t>'
        '</w:r><w:commentRangeEnd w:id="6"/>',
        '<w:r><w:t xml:space="preserve">A point </w:t></w:r><w:r><w:commentReference w:id="7"/>'
        '</w:r><w:r><w:t xml:space="preserve">here, and a symbol \U00100184 too.</w:t></w:r>',
        '<w:r><w:t>Before</w:t></w:r><w:commentRangeStart w:id="8"/><w:commentRangeEnd w:id="8"/>'
        '<w:r><w:t xml:space="preserve"> after.</w:t></w:r>',
    ):
        paragraph = document.add_paragraph()
        for element in parse_xml(f'<w:p xmlns:w="{_W}">{xml}</w:p>'):
            paragraph._p.append(element)
    document.save(str(path))
    notes = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
    _add_part(path, "word/comments.xml", EDGE_COMMENTS, "comments", notes)
    return path


def pdf_pages(path: Path, contents: list[bytes], page: bytes = b"", catalog: bytes = b"") -> Path:
    """Pages drawn by the given content streams, with Helvetica as /F1 (and a Japanese
    font as /F2, written top to bottom); ``page`` is added to every page's dictionary."""
    first = 6
    kids = b" ".join(b"%d 0 R" % (first + 2 * n) for n in range(len(contents)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog,
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /KozMinPr6N-Regular /Encoding /UniJIS-UCS2-V "
        b"/DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KozMinPr6N-Regular /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor << /Type "
        b"/FontDescriptor /FontName /KozMinPr6N-Regular /Flags 4 /FontBBox [0 -120 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >> >>",
    ]
    for number, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << "
            b"/F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R %s >>" % (first + 2 * number + 1, page)
        )
        objects.append(pdf_stream(content))
    path.write_bytes(raw_pdf(objects))
    return path


def pdf_lines(x: float, y: float, lines: list[str], pitch: float, size: int = 12) -> bytes:
    """Lines of text at ``pitch`` points apart, the first with its baseline at (x, y)."""
    drawn = b"".join(
        b"BT /F1 %d Tf %.2f %.2f Td (%s) Tj ET\n" % (size, x, y - n * pitch, line.encode("latin-1"))
        for n, line in enumerate(lines)
    )
    return drawn
