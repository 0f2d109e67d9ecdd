"""Draws the highlighted passages of the open document, fast at 10,000 passages.

Only the blocks on screen get formats, set on their QTextLayout just before they are
painted; a block scrolled into view is formatted then (a few microseconds). Opening a
1 M-character record therefore costs what showing its text costs, whatever the number
of passages. (A QSyntaxHighlighter formats every block up front: 3x the floor at 10,000
passages, shared FACTS.md.) Passages are kept sorted by start with a running maximum of
their ends, so those touching a block are found by bisect.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from itertools import accumulate, pairwise

from PySide6.QtGui import QColor, QFont, QTextBlock, QTextCharFormat, QTextDocument, QTextLayout

from ui.colors import blend, text_on

HEADING_SCALE = (1.6, 1.4, 1.2, 1.1)
"""A title, then headings of level 1, 2 and below, against the body text's size."""
Passage = tuple[int, int, str, tuple[str, ...] | None]
"""(start, end, annotation id, tag ids), positions in Qt (UTF-16) units; a
``models.entities.Passage`` is one. Tag ids None: not read yet (``ui.passage_tags``)."""
TagsOf = Callable[[Passage], tuple[str, ...]]


class PassagePainter:
    """Formats passages on the blocks of a QTextDocument, on demand."""

    def __init__(self, document: QTextDocument, base: QColor) -> None:
        self._document = document
        self._base = base
        self._passages: list[Passage] = []
        self._max_end: list[int] = []
        self._formatted: set[int] = set()  # block numbers whose formats are current
        self._formats: dict[tuple[str | None, bool], QTextCharFormat] = {}
        self._colors: dict[str, str] = {}
        self._order: dict[str, int] = {}  # tag id -> its place in the tag tree
        self._headings: dict[int, int] = {}  # Qt position of a heading line -> its level
        self._heading_formats: dict[int, QTextCharFormat] = {}
        self.body_size = 12.0
        """The reader's font size in points (headings are drawn larger)."""
        self.block_formats: Callable[[QTextBlock], list[QTextLayout.FormatRange]] = _none
        """Formats a block's kind gives its text (a table row's cell separators)."""
        self.tags_of: TagsOf = lambda passage: passage[3] or ()
        """A passage's tags (read on demand for those that do not carry them)."""
        self.read_tags: Callable[[list[Passage]], None] = lambda passages: None
        """Reads the tags of many passages at once, before they are drawn."""

    # -- passages ------------------------------------------------------------------------

    def set_passages(self, passages: list[Passage], colors: dict[str, str]) -> None:
        """Replace all passages and the tag colours; blocks are formatted again as they
        are shown."""
        self._passages = sorted(passages)
        self.set_colors(colors)
        self._reindex()
        self.invalidate()

    def set_colors(self, colors: dict[str, str]) -> None:
        """Tag colours, in the tag tree's order (a passage shows its first tag's)."""
        self._colors = dict(colors)
        self._order = {tag: n for n, tag in enumerate(colors)}

    def add(self, passage: Passage) -> None:
        insort(self._passages, passage)
        self._reindex()
        self._invalidate_range(passage[0], passage[1])

    def remove(self, annotation_id: str) -> None:
        gone = [p for p in self._passages if p[2] == annotation_id]
        if gone:
            self._passages = [p for p in self._passages if p[2] != annotation_id]
            self._reindex()
            for start, end, _, _ in gone:
                self._invalidate_range(start, end)

    def passages_at(self, position: int) -> list[str]:
        """Ids of the passages covering a Qt position."""
        return [p[2] for p in self._overlapping(position, position + 1)]

    def passage_count(self) -> int:
        return len(self._passages)

    def set_base(self, base: QColor) -> None:
        """The page colour changed (light/dark scheme): recompute the blends."""
        self._base = base
        self._formats.clear()
        self.invalidate()

    def invalidate(self) -> None:
        """Forget which blocks are formatted (their formats are redone when shown)."""
        self._formatted.clear()

    # -- formatting blocks ---------------------------------------------------------------

    def format_blocks(self, first: QTextBlock, bottom: float, offset_y: float) -> int:
        """Format the blocks from ``first`` down to the ``bottom`` of the viewport.

        ``offset_y`` is the first block's top in viewport coordinates. Returns how many
        blocks were (re)formatted.
        """
        layout = self._document.documentLayout()
        block, top, end = first, offset_y, first.position()
        while block.isValid() and top <= bottom:  # what is on screen: its tags in one read
            end = block.position() + block.length()
            top += layout.blockBoundingRect(block).height()
            block = block.next()
        self.read_tags(self._overlapping(first.position(), end))
        block, top, done = first, offset_y, 0
        while block.isValid() and top <= bottom:
            if block.blockNumber() not in self._formatted:
                self.format_block(block)
                done += 1
            top += layout.blockBoundingRect(block).height()
            block = block.next()
        return done

    def is_formatted(self, block: QTextBlock) -> bool:
        return block.blockNumber() in self._formatted

    def set_headings(self, headings: dict[int, int]) -> None:
        """The record's headings: the Qt position where each starts, and its level (0 for
        a title). Drawn bold and larger, as the record shows them."""
        self._headings = headings
        self.invalidate()

    def set_body_size(self, points: float) -> None:
        """The reader's font size changed (zoom): headings follow it."""
        self.body_size = points
        self._heading_formats.clear()
        self.invalidate()

    def _heading(self, level: int) -> QTextCharFormat:
        look = self._heading_formats.get(level)
        if look is None:
            look = QTextCharFormat()
            look.setFontWeight(QFont.Weight.Bold)
            scale = HEADING_SCALE[min(level, len(HEADING_SCALE) - 1)]
            look.setFontPointSize(self.body_size * scale)
            self._heading_formats[level] = look
        return look

    def format_block(self, block: QTextBlock) -> None:
        start = block.position()
        length = block.length() - 1
        ranges = []
        level = self._headings.get(start)
        if level is not None and length:
            ranges.append(format_range(0, length, self._heading(level)))
        ranges.extend(self.block_formats(block))
        passages = self._overlapping(start, start + length)
        if passages:
            edges = sorted({start, start + length} | {max(start, min(start + length, e))
                           for p in passages for e in p[:2]})  # fmt: skip
            for left, right in pairwise(edges):
                covering = [p for p in passages if p[0] <= left and p[1] >= right]
                if covering:
                    piece = format_range(left - start, right - left, self._format(covering))
                    ranges.append(piece)
        self._formatted.add(block.blockNumber())
        if ranges or block.layout().formats():
            block.layout().setFormats(ranges)
            self._document.markContentsDirty(start, length + 1)

    # -- helpers -------------------------------------------------------------------------

    def _reindex(self) -> None:
        self._max_end = list(accumulate((p[1] for p in self._passages), max))

    def _overlapping(self, start: int, end: int) -> list[Passage]:
        found = []
        index = bisect_left(self._passages, (end,)) - 1
        while index >= 0 and self._max_end[index] > start:
            passage = self._passages[index]
            if passage[1] > start:
                found.append(passage)
            index -= 1
        return found

    def _invalidate_range(self, start: int, end: int) -> None:
        """Blocks under a changed passage are formatted again at once if they were."""
        block = self._document.findBlock(start)
        while block.isValid() and block.position() < max(end, start + 1):
            if block.blockNumber() in self._formatted:
                self.format_block(block)
            block = block.next()

    def _format(self, covering: list[Passage]) -> QTextCharFormat:
        """One colour, never a blend: the innermost passage's first tag (in the tag tree's
        order); where passages overlap, a dotted underline says the margin shows more."""
        top = min(covering, key=lambda p: (p[1] - p[0], -p[0], p[2]))
        color = next((self._colors[t] for t in self._in_tag_order(self.tags_of(top))), None)
        key = (color, len(covering) > 1)
        cached = self._formats.get(key)
        if cached is None:
            cached = QTextCharFormat()
            background = blend([color] if color else [], self._base)
            cached.setBackground(background)
            cached.setForeground(text_on(background))
            if len(covering) > 1:
                cached.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                cached.setUnderlineColor(text_on(background))
            self._formats[key] = cached
        return cached

    def _in_tag_order(self, tag_ids: tuple[str, ...]) -> list[str]:
        return sorted((t for t in tag_ids if t in self._order), key=self._order.__getitem__)


def _none(block: QTextBlock) -> list[QTextLayout.FormatRange]:
    return []


def format_range(start: int, length: int, look: QTextCharFormat) -> QTextLayout.FormatRange:
    """A format over ``length`` characters of a block from ``start`` (PySide's stubs
    call the fields read-only; they are not)."""
    found = QTextLayout.FormatRange()
    found.start, found.length = start, length  # type: ignore[misc]
    found.format = look  # type: ignore[misc]
    return found
