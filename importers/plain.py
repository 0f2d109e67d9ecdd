"""Plain text and Markdown: decoding any common encoding, paragraphs and headings."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from importers.base import ImportRefused, TextBuilder, default_title, readable_name
from models.entities import Block, ImportedDocument
from models.text import normalise

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# A paragraph: from a non-space character up to a blank line or the end of the text.
_PARAGRAPH = re.compile(r"\S(?:[^\n]|\n(?![ \t]*(?:\n|$)))*")
_HEADING = re.compile(r"(#{1,6})[ \t]+(.+?)[ \t#]*")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S.*")
_QUOTE = re.compile(r"[ \t]{0,3}((?:>[ \t]?)+)(.*)")
_TABLE_ROW = re.compile(r"[ \t]{0,3}\|(.*)\|[ \t]*")
"""A row of a Markdown (GitHub) table: "| Agency | Position |"."""
_RULE = re.compile(r":?-+:?")
"""The cell of a table's header rule: "---", ":--:"."""


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes of unknown encoding: BOM, then UTF-8, UTF-16, then a detector.

    Raises:
        ImportRefused: the bytes are not text in any encoding we can recognise.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), name)
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _checked(utf16, name)
    best = from_bytes(data).best()
    if best is None:
        raise ImportRefused(f"{name} does not look like text (binary data?).")
    return _checked(str(best), name)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as a NUL in every other byte of ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    encoding = "utf-16-le" if odd > 0.3 * half else "utf-16-be" if even > 0.3 * half else ""
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _checked(text: str, name: str) -> str:
    """Refuse decoded 'text' that is really binary: NULs or many control characters."""
    controls = len(_CONTROL.findall(text[:100_000]))
    if "\x00" in text or controls > max(2, len(text[:100_000]) // 200):
        raise ImportRefused(f"{name} does not look like text (binary data?).")
    return text


def import_plain(path: Path, data: bytes) -> ImportedDocument:
    """A .txt record: the text as it is, normalised; its paragraphs are blank-line separated."""
    text = normalise(decode_text(data, path.name))
    if not text.strip():
        raise ImportRefused(f"{path.name} contains no text to annotate.")
    blocks = tuple(Block("paragraph", m.start(), m.end()) for m in _PARAGRAPH.finditer(text))
    return ImportedDocument(
        title=_first_line_title(text) or default_title(path),
        text=text,
        source_name=readable_name(path),
        source_format="txt",
        blocks=blocks,
    )


def _first_line_title(text: str) -> str:
    first = text.strip().split("\n", 1)[0].strip()
    return first if 0 < len(first) <= 100 and "\n\n" in text.strip() else ""


def import_markdown(path: Path, data: bytes) -> ImportedDocument:
    """A .md record: headings (without their '#'), list items and paragraphs."""
    text = normalise(decode_text(data, path.name))
    builder, title = TextBuilder(), ""
    for chunk in re.split(r"\n[ \t]*\n", text):
        paragraph: list[str] = []
        quoted = 0  # how deep the paragraph being gathered is quoted ("> ", "> > ")
        for line in chunk.split("\n"):
            heading = _HEADING.fullmatch(line.strip())
            quote = _QUOTE.fullmatch(line)
            depth = quote.group(1).count(">") if quote else 0
            row = _TABLE_ROW.fullmatch(line)
            if heading or row or _LIST_ITEM.fullmatch(line) or depth != quoted:
                builder.add("paragraph", " ".join(paragraph), quoted)
                paragraph, quoted = [], depth
            if row:
                cells = [cell.strip() for cell in row.group(1).split("|")]
                if not all(_RULE.fullmatch(cell) for cell in cells):  # not |---|:--:|
                    builder.add("table_row", " | ".join(c for c in cells if c))
            elif heading:
                level = len(heading.group(1))
                title = title or heading.group(2)
                builder.add("heading", heading.group(2), level)
            elif _LIST_ITEM.fullmatch(line):
                builder.add("list_item", line, _nesting(line))
            else:
                paragraph.append((quote.group(2) if quote else line).strip())
        builder.add("paragraph", " ".join(paragraph), quoted)
    return builder.build(path, "md", title=title)


def _nesting(line: str) -> int:
    """How deep a Markdown list item is nested: two spaces (or half a tab) a level."""
    leading = line[: len(line) - len(line.lstrip(" \t"))]
    return (leading.count(" ") + 4 * leading.count("\t")) // 2
