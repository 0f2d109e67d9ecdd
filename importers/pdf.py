"""PDF records with a text layer, through pdfminer.six.

pdfminer.six was chosen over pypdf and pdfplumber because it is the one that keeps
paragraph breaks (text boxes) in reading order (shared FACTS.md measured all three). On
top of it we de-hyphenate line-end breaks, fold the runs of spaces of justified lines,
drop bare page numbers, and take larger type as headings.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTPage, LTTextBox, LTTextLine
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


def import_pdf(path: Path, data: bytes) -> ImportedDocument:
    """Read the text layer of a PDF as headings and paragraphs.

    Raises:
        ImportRefused: encrypted, not a PDF, or no text layer (a scan).
    """
    boxes = _read_boxes(path, data)
    if not any(text.strip() for text, _ in boxes):
        raise ImportRefused(
            f"{path.name} has no text layer: it looks scanned — run OCR on it first."
        )
    known_compounds = {m.group(0).lower() for text, _ in boxes for m in _HYPHENATED.finditer(text)}
    body_size = statistics.median(size for _, size in boxes if size) if boxes else 0
    heading_sizes = sorted({round(s) for _, s in boxes if s >= body_size * _HEADING_RATIO},
                           reverse=True)  # fmt: skip
    builder = TextBuilder()
    title = ""
    for raw, size in boxes:
        text = join_lines(raw.split("\n"), known_compounds)
        if _PAGE_NUMBER.fullmatch(text.strip()):
            continue
        if size >= body_size * _HEADING_RATIO and len(text) <= 200:
            level = min(heading_sizes.index(round(size)) + 1, 6)
            title = title or text
            builder.add("heading", text, level)
        else:
            builder.add("paragraph", text)
    return builder.build(path, "pdf", title=title)


def _read_boxes(path: Path, data: bytes) -> list[tuple[str, float]]:
    """Every text box in reading order, with the average size of its characters."""
    try:
        with warnings.catch_warnings(), _quiet_pdfminer():
            warnings.simplefilter("ignore")
            return [box for page in extract_pages(io.BytesIO(data), laparams=LAParams())
                    for box in _page_boxes(page)]  # fmt: skip
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


def _page_boxes(page: LTPage) -> Iterator[tuple[str, float]]:
    """Text boxes of a page; a box is split where the type size changes (a heading set
    close above its paragraph lands in the same box)."""
    for element in page:
        if not isinstance(element, LTTextBox):
            continue
        segment: list[str] = []
        segment_size = 0.0
        for line in element:
            if not isinstance(line, LTTextLine):
                continue
            sizes = [c.size for c in line if isinstance(c, LTChar)]
            size = sum(sizes) / len(sizes) if sizes else segment_size
            if segment and not _same_size(size, segment_size):
                yield "\n".join(segment), segment_size
                segment = []
            segment_size = size if not segment else segment_size
            segment.append(line.get_text().rstrip("\n"))
        if segment:
            yield "\n".join(segment), segment_size


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
