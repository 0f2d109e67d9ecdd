"""PDF records with a text layer, read by PDFium (``importers.pdf_reading``).

On top of its lines and paragraphs we de-hyphenate line-end breaks, fold the runs of
spaces of justified lines, drop page furniture, and take larger type as headings.
Ligatures and other presentation forms become the letters a reader types; glyphs a font
gives no text for are never stored.

Furniture is what sits in the top or bottom margin of the page and is either a bare page
number or repeats on other pages (a running header, kept once), or a line of its own
just inside the margin that repeats on three pages: a year alone mid-page, a table of
contents' numbers, a form's line numbers are text.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import defaultdict
from pathlib import Path

from importers.base import ImportRefused, TextBuilder
from importers.pdf_reading import SENTENCE_END, Box, Reading, Unreadable, read
from models.entities import ImportedDocument

_HYPHENATED = re.compile(r"\w+-\w+")
_PAGE_NUMBER = re.compile(r"(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?", re.IGNORECASE)
_HEADING_RATIO = 1.15
_MARGIN = 0.08
"""The share of the page's height, at top and at bottom, where a running header or
footer sits…"""
_EDGE = 0.12
"""…or, a line of its own repeated on three pages or more, this share (a footer set
high, 10% up)."""
_EDGE_REPEATS = 3
_NUMBER_BAND = 0.2
"""Where page numbers sit (LaTeX puts them about 12% from the bottom); one counts as
furniture only if another page has one at the same height."""
_SAME_HEIGHT = 0.02
_PAGE_MARK = re.compile(
    r"^(?:page\s*)?(?:\d{1,4}|[ivxl]{1,6})\s+|\s+(?:page\s*)?(?:\d{1,4}|[ivxl]{1,6})$",
    re.IGNORECASE,
)
"""A page number at the start or end of a running header or footer ("Page 4", "iv")."""
_SYMBOL_FONT = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf0fc": "✓", "\uf0d8": "➢"})
"""Bullets that Word's Symbol and Wingdings fonts draw from private-use codes."""
_PRESENTATION = re.compile("[\ufb00-\ufb4f\ufb50-\ufdff\ufe70-\ufefe]")
"""Ligatures (ﬁ, ﬂ) and Arabic presentation forms: drawn glyphs, not the letters typed."""


def import_pdf(path: Path, data: bytes) -> ImportedDocument:
    """Read the text layer of a PDF as headings and paragraphs.

    Raises:
        ImportRefused: encrypted, not a PDF, or no text layer (a scan).
    """
    reading = _read(path, data)
    boxes = [box._replace(text=_letters(box.text)) for box in reading.boxes]
    unmapped = reading.unmapped
    if not any(box.text.strip() for box in boxes):
        raise ImportRefused(_why_no_text(path, reading))
    # Furniture goes, unless it is all there is (a file of numbered blank pages).
    boxes = _carried_over(_without_furniture(boxes) or boxes)
    texts = [b.text for b in boxes]
    known_compounds = {m.group(0).lower() for t in texts for m in _HYPHENATED.finditer(t)}
    sizes = [b.size for b in boxes if b.size]
    body_size = statistics.median(sizes) if sizes else 0
    larger = {round(s) for s in sizes if s >= body_size * _HEADING_RATIO}
    heading_sizes = sorted(larger, reverse=True)
    builder = TextBuilder()
    title = ""
    for raw, size, _, _ in boxes:
        text = join_lines(raw.split("\n"), known_compounds)
        if size >= body_size * _HEADING_RATIO and len(text) <= 200:
            level = min(heading_sizes.index(round(size)) + 1, 6)
            title = title or text
            builder.add("heading", text, level)
        else:
            builder.add("paragraph", text)
    told = {"pages without text mapping": ", ".join(map(str, unmapped))} if unmapped else {}
    return builder.build(path, "pdf", title=title, metadata=told)


def _letters(text: str) -> str:
    """Ligatures and presentation forms as the letters a reader types; Symbol-font
    bullets as bullets."""
    return _PRESENTATION.sub(_nfkc, text).translate(_SYMBOL_FONT)


def _nfkc(found: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", found.group(0))


def _without_furniture(boxes: list[Box]) -> list[Box]:
    """The boxes less page numbers near the top or bottom (where another page has one
    at the same height) and less the repeats of a running header or footer (a line in
    the top or bottom margin that another page repeats), kept where it first appears.
    A number alone elsewhere, or on one page only (a chart's axis), is text."""
    places = [_place(box) for box in boxes]
    numbers: defaultdict[int, set[int]] = defaultdict(set)
    margins: defaultdict[str, set[int]] = defaultdict(set)
    for box, (text, place) in zip(boxes, places, strict=True):
        if place == "number":
            numbers[round(box.height / _SAME_HEIGHT)].add(box.page)
        elif place in ("margin", "edge"):
            margins[text].add(box.page)
    kept, seen = [], set()
    for box, (text, place) in zip(boxes, places, strict=True):
        if place == "number":
            level = round(box.height / _SAME_HEIGHT)
            pages = numbers[level - 1] | numbers[level] | numbers[level + 1]
            if pages - {box.page}:
                continue
        elif _repeated(place, margins[text] - {box.page}):
            if text in seen:
                continue
            seen.add(text)
        kept.append(box)
    return kept


def _repeated(place: str, other_pages: set[int]) -> bool:
    """A margin line found on another page, or a line near the edge on two others."""
    if place == "margin":
        return bool(other_pages)
    return place == "edge" and len(other_pages) >= _EDGE_REPEATS - 1


def _carried_over(boxes: list[Box]) -> list[Box]:
    """A paragraph that runs on into the next column or page joined up again: the box
    ends mid-sentence and the next, in the same type, goes on in lower case."""
    joined: list[Box] = []
    for box in boxes:
        if joined and _runs_on(joined[-1], box):
            joined[-1] = joined[-1]._replace(text=f"{joined[-1].text}\n{box.text}")
        else:
            joined.append(box)
    return joined


def _runs_on(before: Box, after: Box) -> bool:
    end, start = before.text.rstrip(), after.text.lstrip()
    return (
        bool(end and start)
        and not end.endswith(SENTENCE_END)
        and start[0].islower()
        and max(before.size, after.size) <= min(before.size, after.size) * _HEADING_RATIO
    )


def _furniture_key(text: str) -> str:
    """A margin line as it repeats from page to page: without the page number at its
    start or end (15, "iv"), its spaces and case ("Section 2" at the top of a page is
    not "Section 3")."""
    return "".join(_PAGE_MARK.sub("", text).split()).casefold()


def _place(box: Box) -> tuple[str, str]:
    """The box's text with its spacing folded, and "number" for a page number near the
    top or bottom, "margin" for other text in the top or bottom margin and "edge" for
    text near it (then as it repeats: a footer that ends in the page number is the same
    on every page), else ""."""
    text = " ".join(box.text.split())
    if _PAGE_NUMBER.fullmatch(text) and not _NUMBER_BAND < box.height < 1 - _NUMBER_BAND:
        return text, "number"
    if not _MARGIN < box.height < 1 - _MARGIN:
        return _furniture_key(text), "margin"
    if _EDGE < box.height < 1 - _EDGE or "\n" in box.text.strip():
        return text, ""  # near the edge only a line of its own is a header or footer
    return _furniture_key(text), "edge"


def _why_no_text(path: Path, reading: Reading) -> str:
    if reading.unmapped:
        return (
            f"{path.name}'s fonts give no text for their characters (no text mapping): "
            "its words cannot be read as text. Run OCR on it, or ask for another copy."
        )
    if reading.pictured:
        return f"{path.name} has no text layer: it looks scanned — run OCR on it first."
    return f"{path.name} has no text to annotate: its pages are blank or hold only drawings."


def _read(path: Path, data: bytes) -> Reading:
    try:
        return read(data)
    except Unreadable as error:
        if error.password:
            raise ImportRefused(f"{path.name} is encrypted; remove its password first.") from error
        raise ImportRefused(
            f"{path.name} is not a PDF Marginalia can read (it may be damaged, or not a PDF "
            "at all)."
        ) from error


def join_lines(lines: list[str], known_compounds: set[str]) -> str:
    """Join the lines of one paragraph, undoing line-end hyphenation.

    'inter-' + 'national' becomes 'international', unless the document also writes the
    hyphenated form mid-line ('capacity-building'), which is then kept.
    """
    joined = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if joined.endswith("-") and len(joined) > 1 and joined[-2].isalpha() and line[0].islower():
            head = re.search(r"(\w+)-$", joined)
            tail = re.match(r"\w+", line)
            compound = f"{head.group(1)}-{tail.group(0)}".lower() if head and tail else ""
            joined = joined + line if compound in known_compounds else joined[:-1] + line
        else:
            joined = f"{joined} {line}" if joined else line
    return re.sub(r" {2,}", " ", joined)
