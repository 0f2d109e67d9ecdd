"""The characters of a PDF's text layer, laid out as lines and text boxes, by PDFium.

PDFium (through pypdfium2) reads every glyph a page draws, form XObjects included, and
gives each its Unicode value (from the font's ToUnicode map, else its embedded font's
own map), its box and its angle; filled-in form fields and other annotations are drawn
into the page first. Words, lines and paragraphs are built here from those boxes rather
than taken from PDFium's own text, so that

- a gap counts as a word break relative to the line's own letter spacing (letter-spaced
  titles and OCR layers read "American", not "A m e r i c a n");
- a glyph drawn twice over itself (fake bold) is read once;
- lines of a paragraph stay together at the document's own line spacing (a report set
  at 1.5 lines is not cut into one paragraph per line);
- characters stacked top to bottom (vertical Japanese) are read down the column, and
  columns from right to left;
- text set at a quarter turn (a label up a table's side) reads along its line, and a
  page's /Rotate is undone, so a landscape page reads across;
- a paragraph ends where the next line is indented or the line ends short after a
  full stop, not only where the spacing grows.

Chosen by measurement on the 125 real PDFs of the shared corpus (``benchmarks corpus``):
pdfminer.six (``all_texts``) read them at 0.6 MB/s of CPU, ~5× slower than pdftotext;
this reads them at ~2.9 MB/s against pdftotext's 3.4, with word recall against it
median 0.997, none below 0.9 (pdfminer: 0.994, four below). PDFium is BSD-3/Apache-2.0 and
pypdfium2 Apache-2.0/BSD-3: both fit an MIT app.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_BREAKS = {0x20, 0x0A, 0x0D, 0x09, 0xA0, 0x00, 0xFFFE}
"""Spaces and line ends in the stream (real or PDFium's own): word breaks only."""
_WORD_GAP = 0.12
"""A gap wider than this share of the line's height separates words (about 0.1 em)…"""
_BARE_WORD_GAP = 0.085
"""…and this, where the page has no space characters (TeX's pages): its word gaps are
all there is, and tight lines set them narrow (0.1 em, as pdftotext)."""
_SPACED = 0.05
"""A page whose glyphs are followed by a space this often has space characters."""
_LETTER_SPACED = 2.2
"""In a letter-spaced line, a word gap is wider than this many letter gaps."""
_SAME_PARAGRAPH = 1.2
"""A line whose distance from the one above is at most this many times the document's
usual line pitch continues that paragraph."""
_EVIDENCE = 3
"""Line pitches needed to take the document's own as usual (else 1.2 type sizes)."""
_BULLETS = tuple("•▪◦●■▫□➢✓\uf0b7\uf0a7\uf0d8\uf0fc")
"""Marks a list item's line starts with (Word's Symbol-font bullets too)."""
SENTENCE_END = tuple('.:;!?"”’)')
"""What a sentence (so perhaps a paragraph) ends with."""

Turn = Callable[[float, float], tuple[float, float]]
Box4 = tuple[float, float, float, float]


class Box(NamedTuple):
    """A text box: its text, type size, page, and where it sits (0 top … 1 bottom)."""

    text: str
    size: float
    page: int
    height: float


class Glyph(NamedTuple):
    text: str
    left: float
    right: float
    bottom: float
    top: float
    space_before: bool
    turn: int


_NO_TEXT = Glyph("", 0.0, 0.0, 0.0, 0.0, False, 0)
"""A glyph whose font gives no text for it: counted, never read."""


class Line(NamedTuple):
    text: str
    left: float
    right: float
    bottom: float
    top: float
    size: float
    vertical: bool
    turn: int


class Unreadable(Exception):
    """PDFium could not open the file; ``password`` if it is encrypted."""

    def __init__(self, password: bool) -> None:
        super().__init__("encrypted" if password else "damaged")
        self.password = password


class Reading(NamedTuple):
    """A document's text boxes in reading order, the pages (from 1) most of whose
    glyphs have no text mapping (fonts without ToUnicode; their glyphs are left out),
    and how many of its pages without text hold a picture (a scan)."""

    boxes: list[Box]
    unmapped: list[int]
    pictured: int = 0


class _Page(NamedTuple):
    lines: list[Line]
    height: float
    unmapped: bool
    pictured: bool = False


def read(data: bytes) -> Reading:
    """Every text box of the document in reading order.

    Raises:
        Unreadable: not a PDF PDFium can open, or one locked by a password.
    """
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise Unreadable("password" in str(error).lower()) from error
    try:
        pages = [_read_page(document, number) for number in range(len(document))]
    finally:
        document.close()
    pitch = _usual_pitch([page.lines for page in pages])
    boxes = [
        _box(group, number, page.height)
        for number, page in enumerate(pages)
        for group in _paragraphs(page.lines, pitch)
    ]
    unmapped = [n + 1 for n, page in enumerate(pages) if page.unmapped]
    return Reading(boxes, unmapped, sum(page.pictured for page in pages))


def _read_page(document: pdfium.PdfDocument, number: int) -> _Page:
    """The page's lines and its height, as the reader sees the page: filled-in form
    fields and other annotations' text too (each drawn into the page first)."""
    page = document[number]
    flattened = pdfium_c.FPDFPage_GetAnnotCount(page.raw) > 0 and (
        pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) == 1
    )
    if flattened:  # PDFium reads the flattened page only once it is loaded again
        page.close()
        page = document[number]
    textpage = page.get_textpage()
    try:
        width, height = page.get_width(), page.get_height()
        rotation = page.get_rotation()
        every = list(_glyphs(textpage, _turned(rotation, width, height), rotation))
        glyphs = [glyph for glyph in every if glyph is not _NO_TEXT]
        unmapped = len(every) - len(glyphs) > len(glyphs)
        word_gap = (
            _WORD_GAP
            if sum(g.space_before for g in glyphs) > _SPACED * len(glyphs)
            else _BARE_WORD_GAP
        )
        lines = _columns_right_to_left(list(_lines(glyphs, word_gap)))
        return _Page(lines, height, unmapped, not every and _pictured(page))
    finally:
        textpage.close()
        page.close()


def _pictured(page: pdfium.PdfPage) -> bool:
    """The page holds a picture (a scan is one)."""
    return any(
        pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, index))
        == pdfium_c.FPDF_PAGEOBJ_IMAGE
        for index in range(pdfium_c.FPDFPage_CountObjects(page.raw))
    )


def _turned(rotation: int, width: float, height: float) -> Turn | None:
    """Maps a point of the page as drawn to where the reader sees it (y up), for a page
    shown turned by ``rotation`` degrees clockwise to ``width`` × ``height``."""
    if rotation == 90:
        return lambda x, y: (y, height - x)
    if rotation == 180:
        return lambda x, y: (width - x, height - y)
    if rotation == 270:
        return lambda x, y: (width - y, x)
    return None


def _glyphs(textpage: pdfium.PdfTextPage, turned: Turn | None, rotation: int) -> Iterator[Glyph]:
    """The page's drawn glyphs in stream order. Spaces and line ends are kept only as a
    flag on the next glyph, and only if the file has them (not PDFium's guesses). A
    glyph that stands for several letters (a ligature: "ff", "fi") is one glyph with
    all of them; a glyph whose font gives no text for it is ``_NO_TEXT``.

    A glyph set at a quarter turn (a rotated table, a label up a drawing's side) has its
    box in its own line's frame, where it reads left to right, and that turn."""
    handle = textpage.raw
    rect = pdfium_c.FS_RECTF()
    box = ctypes.byref(rect)
    unicode_of, loose_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox
    generated, unmapped_at = pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_HasUnicodeMapError
    angle_of = pdfium_c.FPDFText_GetCharAngle
    page_turn = rotation // 90
    space = False
    held: Glyph | None = None  # the last glyph, until the next is known not to be its part
    held_box: Box4 = (0.0, 0.0, 0.0, 0.0)
    held_index = -1
    for index in range(pdfium_c.FPDFText_CountChars(handle)):
        code = unicode_of(handle, index)
        if code in _BREAKS:
            space = space or (code != 0x00 and generated(handle, index) != 1)
            continue
        if unmapped_at(handle, index) == 1 and _no_text(handle, index, code):
            yield _NO_TEXT
            continue
        if 0xD800 <= code < 0xE000 or not loose_box(handle, index, box):
            continue
        if code == 0x02:  # PDFium's mark for a hyphen that ends a line
            code = 0x2D
        at = (rect.left, rect.right, rect.bottom, rect.top)
        one_glyph = not space and at == held_box and _same_object(handle, index, held_index)
        if held is not None and one_glyph:  # a glyph for several letters: "ff", "fi"
            held = held._replace(text=held.text + chr(code))
            continue
        if held is not None:
            yield held
        held = _placed(chr(code), at, turned, angle_of(handle, index), page_turn, space)
        held_box, held_index, space = at, index, False
    if held is not None:
        yield held


def _same_object(handle: pdfium_c.FPDF_TEXTPAGE, index: int, other: int) -> bool:
    """The two characters were drawn by one text object of the page."""

    def address(at: int) -> int | None:
        return ctypes.cast(pdfium_c.FPDFText_GetTextObject(handle, at), ctypes.c_void_p).value

    return address(index) == address(other)


def _placed(
    text: str, at: Box4, turned: Turn | None, angle: float, page_turn: int, space: bool
) -> Glyph:
    """A glyph with its box as the reader sees the page, in the frame of its line."""
    left, right, bottom, top = at
    if turned is not None:
        (x0, y0), (x1, y1) = turned(left, bottom), turned(right, top)
        left, right, bottom, top = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    turn = (_quarter_turns(angle) - page_turn) % 4
    if turn:
        left, right, bottom, top = _in_frame(turn, left, right, bottom, top)
    return Glyph(text, left, right, bottom, top, space, turn)


def _quarter_turns(angle: float) -> int:
    """A glyph's angle (radians, anticlockwise) as quarter turns; 0 unless it is close
    to one (text on a curve is read as it comes)."""
    turns = angle / (math.pi / 2)
    nearest = round(turns)
    return nearest % 4 if angle >= 0 and abs(turns - nearest) < 0.1 else 0


def _in_frame(turn: int, left: float, right: float, bottom: float, top: float) -> Box4:
    """A box on the page seen in the frame of text turned ``turn`` quarter turns
    anticlockwise, where that text runs left to right."""
    if turn == 1:
        return bottom, top, -right, -left
    if turn == 2:
        return -right, -left, -top, -bottom
    return -top, -bottom, left, right


def _page_span(
    turn: int, left: float, right: float, bottom: float, top: float
) -> tuple[float, float]:
    """Where a box in the frame of ``turn`` lies up the page (bottom, top)."""
    if turn == 1:
        return left, right
    if turn == 2:
        return -top, -bottom
    if turn == 3:
        return -right, -left
    return bottom, top


def _no_text(handle: pdfium_c.FPDF_TEXTPAGE, index: int, code: int) -> bool:
    """For a glyph PDFium finds no text mapping for: whether its fallback is no letter.

    PDFium then reads the glyph through the embedded font's own character map, which
    is usually right; without an embedded font it gives the bare glyph number, and a
    control or private-use code is never a letter either."""
    if code < 0x20 or 0x7F <= code < 0xA0 or 0xE000 <= code <= 0xF8FF or code == 0xFFFD:
        return True
    font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(handle, index))
    return not font or pdfium_c.FPDFFont_GetIsEmbedded(font) != 1


def _lines(glyphs: Iterable[Glyph], word_gap: float) -> Iterator[Line]:
    """Glyphs in stream order gathered into lines: a glyph continues the line if it sits
    on the same band (either direction, for right-to-left scripts), or, for CJK, right
    below the one before (vertical writing). A gap of ``word_gap`` line heights is a
    space."""
    line: list[Glyph] = []
    band = (0.0, 0.0)
    vertical = False
    for glyph in glyphs:
        if line:
            last = line[-1]
            if _drawn_again(glyph, last):
                continue
            if not vertical and glyph.turn == last.turn and _on_band(glyph, band):
                line.append(glyph)
                if glyph.top - glyph.bottom > band[1] - band[0]:
                    band = (glyph.bottom, glyph.top)
                continue
            if (vertical or len(line) == 1) and _below(glyph, last):
                vertical = True
                line.append(glyph)
                continue
            yield _line(line, vertical, word_gap)
        line, band, vertical = [glyph], (glyph.bottom, glyph.top), False
    if line:
        yield _line(line, vertical, word_gap)


def _columns_right_to_left(lines: list[Line]) -> list[Line]:
    """Each run of vertical lines (columns of vertical writing, which PDFium does not
    always give in order) read from the right-hand column to the left."""
    ordered: list[Line] = []
    for vertical, grouped in itertools.groupby(lines, key=lambda line: line.vertical):
        run = list(grouped)
        ordered += sorted(run, key=lambda line: -line.right) if vertical else run
    return ordered


def _drawn_again(glyph: Glyph, last: Glyph) -> bool:
    """The same letter drawn over itself, a hair to the side (fake bold, shadows): it
    overlaps the first by more than half its width (a double "ll" sits side by side)."""
    hair = min(0.15 * (last.top - last.bottom), 0.5 * (last.right - last.left))
    return (
        glyph.text == last.text
        and abs(glyph.left - last.left) < hair
        and abs(glyph.bottom - last.bottom) < 0.15 * (last.top - last.bottom)
    )


def _on_band(glyph: Glyph, band: tuple[float, float]) -> bool:
    middle = (glyph.bottom + glyph.top) / 2
    return band[0] <= middle <= band[1]


def _below(glyph: Glyph, last: Glyph) -> bool:
    """Next down the column from ``last``, both East Asian characters (punctuation is
    set close: it may overlap the character above)."""
    width = last.right - last.left
    middle = (glyph.left + glyph.right) / 2
    return (
        _east_asian(glyph.text)
        and _east_asian(last.text)
        and last.left <= middle <= last.right
        and glyph.bottom + glyph.top < last.bottom + last.top
        and glyph.top >= last.bottom - 0.6 * width
    )


def _east_asian(text: str) -> bool:
    code = ord(text[0])
    return 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFFEF


def _line(glyphs: list[Glyph], vertical: bool, word_gap: float) -> Line:
    sizes = (
        [g.top - g.bottom for g in glyphs] if not vertical else [g.right - g.left for g in glyphs]
    )
    size = statistics.median(sizes)
    text = "".join(g.text for g in glyphs) if vertical else _spaced(glyphs, word_gap * size)
    left = min(g.left for g in glyphs)
    right = max(g.right for g in glyphs)
    bottom = min(g.bottom for g in glyphs)
    top = max(g.top for g in glyphs)
    return Line(text, left, right, bottom, top, size, vertical, glyphs[0].turn)


def _spaced(glyphs: list[Glyph], word_gap: float) -> str:
    """The line's text with a space wherever the file has one or the gap between two
    glyphs is a word gap: wider than ``word_gap`` and, in a letter-spaced line, clearly
    wider than its usual gap between letters."""
    gaps = [_gap(a, b) for a, b in itertools.pairwise(glyphs)]
    unspaced = sorted(gap for gap, b in zip(gaps, glyphs[1:], strict=True) if not b.space_before)
    letter_gap = unspaced[len(unspaced) // 4] if len(unspaced) >= 4 else 0.0
    threshold = max(word_gap, _LETTER_SPACED * letter_gap)
    parts = [glyphs[0].text]
    for gap, glyph in zip(gaps, glyphs[1:], strict=True):
        if glyph.space_before or gap > threshold:
            parts.append(" ")
        parts.append(glyph.text)
    return "".join(parts)


def _gap(a: Glyph, b: Glyph) -> float:
    """The space between two glyphs on a line, whichever way the line runs."""
    return b.left - a.right if b.left >= a.left else a.left - b.right


def _usual_pitch(pages: list[list[Line]]) -> float:
    """The commonest distance from a full line (one that spans the text, so its paragraph
    goes on) to the next, in type sizes; 1.2 if there is none (a letter of one-line
    paragraphs, whose spacing is no line pitch)."""
    pitches: Counter[float] = Counter()
    for lines in pages:
        flat = [line for line in lines if not line.vertical]
        if not flat:
            continue
        right, left = max(line.right for line in flat), min(line.left for line in flat)
        for upper, lower in itertools.pairwise(lines):
            if _stacked(upper, lower) and _full(upper, left, right):
                pitch = (upper.bottom - lower.bottom) / upper.size
                if 0.8 <= pitch <= 3:
                    pitches[round(pitch * 20) / 20] += 1
    usual, seen = pitches.most_common(1)[0] if pitches else (1.2, 0)
    return usual if seen >= _EVIDENCE else 1.2


def _full(line: Line, left: float, right: float) -> bool:
    """The line spans the page's text from edge to edge, give or take two type sizes at
    each: its paragraph wrapped (whichever way it is written and aligned)."""
    return line.left <= left + 2 * line.size and line.right >= right - 2 * line.size


def _stacked(upper: Line, lower: Line) -> bool:
    """Two horizontal lines of one size, one above the other, overlapping across."""
    return (
        not upper.vertical
        and not lower.vertical
        and upper.turn == lower.turn
        and max(upper.size, lower.size) <= 1.15 * min(upper.size, lower.size)
        and lower.left < upper.right
        and lower.right > upper.left
        and lower.bottom < upper.bottom
    )


def _paragraphs(lines: list[Line], pitch: float) -> Iterator[list[Line]]:
    group: list[Line] = []
    for line in lines:
        if group and not _continues(group, line, pitch):
            yield group
            group = []
        group.append(line)
    if group:
        yield group


def _continues(group: list[Line], line: Line, pitch: float) -> bool:
    last = group[-1]
    if last.vertical or line.vertical:
        return (
            last.vertical
            and line.vertical
            and 0 <= last.left - line.right <= last.size
            and abs(last.top - line.top) <= 2 * last.size
        )
    if not _stacked(last, line) or line.text.lstrip().startswith(_BULLETS):
        return False  # a bulleted line is an item of its own
    if last.bottom - line.bottom > pitch * _SAME_PARAGRAPH * last.size + 0.5:
        return False
    return not ends_paragraph(group, line)


def ends_paragraph(group: list[Line], line: Line) -> bool:
    """The last line of ``group`` ends a sentence short of the paragraph's far edge, or
    ``line`` is indented: a new paragraph set at the same spacing. The far edge is the
    left one for right-to-left text (Arabic, Hebrew), whose full stop may be drawn, and
    so come, before the line's first word."""
    last = group[-1]
    rtl = _right_to_left_text(last.text)
    text = last.text.strip()
    if not (text.endswith(SENTENCE_END) or (rtl and text.startswith(SENTENCE_END))):
        return False
    size = last.size
    if rtl:
        ends_short = last.left > min(min(o.left for o in group), line.left) + 3 * size
        indented = 0.5 * size < max(o.right for o in group) - line.right < 5 * size
    else:
        ends_short = last.right < max(max(o.right for o in group), line.right) - 3 * size
        indented = 0.5 * size < line.left - min(o.left for o in group) < 5 * size
    return ends_short or indented


def _right_to_left_text(text: str) -> bool:
    """Most of the line's letters are written right to left."""
    kinds = Counter(unicodedata.bidirectional(c) for c in text if c.isalpha())
    return kinds["R"] + kinds["AL"] > kinds["L"]


def _box(group: list[Line], page: int, page_height: float) -> Box:
    joiner = "" if group[0].vertical else "\n"
    text = joiner.join(line.text for line in group)
    size = statistics.median(line.size for line in group)
    bottom, top = _page_span(
        group[0].turn,
        min(line.left for line in group),
        max(line.right for line in group),
        min(line.bottom for line in group),
        max(line.top for line in group),
    )
    middle = (bottom + top) / 2
    return Box(text, size, page, (page_height - middle) / max(1.0, page_height))
