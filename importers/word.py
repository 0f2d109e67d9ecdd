"""Word .docx records: paragraphs, headings with levels, list items with the numbers Word
shows, tables row by row."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from importers.base import MAX_EXPANDED_BYTES, ImportRefused, TextBuilder
from importers.word_numbering import Numbering
from models.entities import ImportedDocument

_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CORE_FIELDS = (
    "title", "author", "subject", "keywords", "category", "comments", "identifier",
    "language", "version", "last_modified_by", "created", "modified",
)  # fmt: skip


def unreadable(path: Path) -> str:
    """One plain sentence for a .docx that cannot be read (the parser's words mean
    nothing to an officer)."""
    return (f"{path.name} is not a Word document Marginalia can read (it may be damaged, "
            "or saved in another format: save it again as .docx).")  # fmt: skip


def check_package(path: Path, required: str) -> None:
    """Refuse a file that is not a zip package holding ``required``, or that expands past
    ``MAX_EXPANDED_BYTES`` (a 'zip bomb')."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportRefused(unreadable(path)) from error
    if required not in {m.filename for m in members}:
        raise ImportRefused(unreadable(path))
    expanded = sum(m.file_size for m in members)
    if expanded > MAX_EXPANDED_BYTES:
        raise ImportRefused(
            f"{path.name} expands to {expanded // 2**20:,} MiB, over the "
            f"{MAX_EXPANDED_BYTES // 2**20} MiB limit for a Word document."
        )


def import_docx(path: Path, data: bytes) -> ImportedDocument:
    """Read a .docx in reading order, keeping its heading/list/table structure."""
    check_package(path, "word/document.xml")
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises many kinds on a broken package
        raise ImportRefused(unreadable(path)) from error
    style_names = {s.style_id: s.name or "" for s in document.styles}
    numbering = Numbering(document)
    builder = TextBuilder()
    title = ""
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            heading = _add_paragraph(builder, paragraph, style_names, numbering)
            title = title or heading
        elif child.tag == f"{_W}tbl":
            _add_table(builder, Table(child, document))
    metadata = _core_properties(document)
    return builder.build(path, "docx", title=metadata.get("title") or title, metadata=metadata)


def _add_paragraph(
    builder: TextBuilder, paragraph: Paragraph, styles: dict[str, str], numbering: Numbering
) -> str:
    """Add one paragraph, with the number Word shows before it; return its text if it is
    a heading or title."""
    p_pr = paragraph._p.pPr
    style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else ""
    style = styles.get(style_id, "")
    text = paragraph.text
    numbered = numbering.label(p_pr, style_id) if text.strip() else None
    if numbered and numbered[0]:
        text = f"{numbered[0]} {text.lstrip()}"
    heading = _HEADING_STYLE.fullmatch(style.strip())
    if style == "Title" or heading:
        builder.add("heading", text, int(heading.group(1)) if heading else 0)
        return paragraph.text.strip()
    if numbered is not None or style.lower().startswith("list"):
        level = max(numbered[1] if numbered else 0, _list_level(style))
        builder.add("list_item", text, level)
    elif "quote" in style.lower() or style == "Block Text":  # Quote, Intense Quote
        builder.add("paragraph", text, QUOTED)
    else:
        builder.add("paragraph", text)
    return ""


QUOTED = 1
"""A paragraph's level when it is a quotation (``models.Block.level``)."""


def _list_level(style: str) -> int:
    """The level a list style names: "List Bullet 2" is one level in (Word's own such
    styles count from level 0 of a list of their own, indented further)."""
    found = re.search(r"\s(\d)$", style)
    return int(found.group(1)) - 1 if found else 0


def _add_table(builder: TextBuilder, table: Table) -> None:
    for row in table.rows:
        cells: list[str] = []
        seen: list[Any] = []
        for cell in row.cells:  # a merged cell appears once per grid column it spans
            if any(cell._tc is tc for tc in seen):
                continue
            seen.append(cell._tc)
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        builder.add("table_row", " | ".join(cells))


def _core_properties(document: Any) -> dict[str, str]:
    props = document.core_properties
    found: dict[str, str] = {}
    for name in _CORE_FIELDS:
        value = getattr(props, name, None)
        if value:
            found[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return found
