"""Real record files for the importer tests, written with the libraries a user's tools use."""

from __future__ import annotations

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


def write_scanned_pdf(path: Path) -> Path:
    """Pages with only drawn shapes: what a scan without OCR looks like to a text reader."""
    pdf = _pdf()
    for _ in range(2):
        pdf.add_page()
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
