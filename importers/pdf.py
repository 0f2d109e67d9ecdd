"""PDF records with a text layer, through pdfminer.six.

pdfminer.six was chosen over pypdf and pdfplumber because it is the one that keeps
paragraph breaks (text boxes) in reading order (shared FACTS.md measured all three). On
top of it we de-hyphenate line-end breaks, fold the runs of spaces of justified lines,
drop page furniture, and take larger type as headings. Text drawn in form XObjects is
read too (``all_texts``); ligatures and other presentation forms become the letters a
reader types; glyphs a font gives no text for (pdfminer's "(cid:N)") are never stored.

Furniture is what sits in the top or bottom margin of the page and is either a bare page
number or repeats on other pages (a running header): a year alone mid-page, a table of
contents' numbers, a form's line numbers are text.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTFigure, LTPage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import (
    PDFEncryptionError,
    PDFPasswordIncorrect,
    PDFTextExtractionNotAllowed,
)
from pdfminer.psparser import PSException

from importers.base import ImportRefused, TextBuilder
from models.entities import ImportedDocument

_HYPHENATED = re.compile(r"\w+-\w+")
_PAGE_NUMBER = re.compile(r"(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?", re.IGNORECASE)
_HEADING_RATIO = 1.15
_MARGIN = 0.08
"""The share of the page's height, at top and at bottom, where a running header or
footer sits."""
_NUMBER_BAND = 0.2
"""Where page numbers sit (LaTeX puts them about 12% from the bottom); one counts as
furniture only if another page has one at the same height."""
_SAME_HEIGHT = 0.02
_UNMAPPED = re.compile(r"\(cid:\d+\)")
_PRESENTATION = re.compile("[\ufb00-\ufb4f\ufb50-\ufdff\ufe70-\ufefe]")
"""Ligatures (ﬁ, ﬂ) and Arabic presentation forms: drawn glyphs, not the letters typed."""


class Box(NamedTuple):
    """A text box: its text, type size, page, and where it sits (0 top … 1 bottom)."""

    text: str
    size: float
    page: int
    height: float


def import_pdf(path: Path, data: bytes) -> ImportedDocument:
    """Read the text layer of a PDF as headings and paragraphs.

    Raises:
        ImportRefused: encrypted, not a PDF, or no text layer (a scan).
    """
    read = _read_boxes(path, data)
    boxes, unmapped = _mapped(read)
    if not any(box.text.strip() for box in boxes):
        if unmapped:
            raise ImportRefused(
                f"{path.name}'s fonts give no text for their characters (no text mapping): "
                "its words cannot be read as text. Run OCR on it, or ask for another copy."
            )
        raise ImportRefused(
            f"{path.name} has no text layer: it looks scanned — run OCR on it first."
        )
    # Furniture goes, unless it is all there is (a file of numbered blank pages).
    boxes = [b for b in boxes if not _furniture(b, boxes)] or boxes
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


def _mapped(boxes: list[Box]) -> tuple[list[Box], list[int]]:
    """The boxes with ligatures as letters and unmapped glyphs left out, and the pages
    (from 1) whose text was mostly such glyphs."""
    kept, unmapped, per_page = [], set(), Counter[int]()
    for box in boxes:
        text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), box.text)
        found = _UNMAPPED.findall(text)
        if found:
            per_page[box.page] += len(found)
            text = re.sub(r"[ \t]{2,}", " ", _UNMAPPED.sub(" ", text))
        kept.append(box._replace(text=text))
    for page, glyphs in per_page.items():
        letters = sum(len(b.text.strip()) for b in kept if b.page == page)
        if glyphs > letters:
            unmapped.add(page + 1)
    return kept, sorted(unmapped)


def _furniture(box: Box, boxes: list[Box]) -> bool:
    """A page number near the top or bottom with one at the same height on another page,
    or a line in the top or bottom margin that another page repeats (a running header).
    A number alone elsewhere, or on one page only (a chart's axis), is text."""
    text = " ".join(box.text.split())
    if _PAGE_NUMBER.fullmatch(text):
        if _NUMBER_BAND < box.height < 1 - _NUMBER_BAND:
            return False
        return any(
            other.page != box.page
            and abs(other.height - box.height) <= _SAME_HEIGHT
            and _PAGE_NUMBER.fullmatch(" ".join(other.text.split())) is not None
            for other in boxes
        )
    if _MARGIN < box.height < 1 - _MARGIN:
        return False
    return any(
        other.page != box.page
        and not _MARGIN < other.height < 1 - _MARGIN
        and " ".join(other.text.split()) == text
        for other in boxes
    )


def _read_boxes(path: Path, data: bytes) -> list[Box]:
    """Every text box in reading order, with the average size of its characters."""
    try:
        with warnings.catch_warnings(), _quiet_pdfminer():
            warnings.simplefilter("ignore")
            pages = extract_pages(io.BytesIO(data), laparams=LAParams(all_texts=True))
            return [box for number, page in enumerate(pages) for box in _page_boxes(page, number)]
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise ImportRefused(f"{path.name} is encrypted; remove its password first.") from error
    except PDFTextExtractionNotAllowed as error:
        raise ImportRefused(f"{path.name} does not allow its text to be extracted.") from error
    except (PSException, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ImportRefused(f"{path.name} is not a PDF Marginalia can read (it may be damaged, "
                            "or not a PDF at all).") from error  # fmt: skip


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs what it tolerates ("The PDF <_io.BytesIO …> should not allow text
    extraction. Ignoring…") at WARNING, which Python prints on stderr when nothing else
    handles it: not for the officer's eyes. Refusals are said by the importer instead."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _page_boxes(page: LTPage, number: int) -> Iterator[Box]:
    """Text boxes of a page, those inside figures (form XObjects) too; a box is split
    where the type size changes (a heading set close above its paragraph lands in the
    same box)."""
    for element in _text_boxes(page):
        top = (page.y1 - (element.y0 + element.y1) / 2) / max(1.0, page.height)
        segment: list[str] = []
        segment_size = 0.0
        for line in element:
            if not isinstance(line, LTTextLine):
                continue
            sizes = [c.size for c in line if isinstance(c, LTChar)]
            size = sum(sizes) / len(sizes) if sizes else segment_size
            if segment and not _same_size(size, segment_size):
                yield Box("\n".join(segment), segment_size, number, top)
                segment = []
            segment_size = size if not segment else segment_size
            segment.append(line.get_text().rstrip("\n"))
        if segment:
            yield Box("\n".join(segment), segment_size, number, top)


def _text_boxes(container: Any) -> Iterator[LTTextBox]:
    for element in container:
        if isinstance(element, LTTextBox):
            yield element
        elif isinstance(element, LTFigure):
            yield from _text_boxes(element)


def _same_size(a: float, b: float) -> bool:
    return max(a, b) <= min(a, b) * _HEADING_RATIO if min(a, b) > 0 else True


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
