"""How the reader sets out a record's blocks: a reading line height, list items and
quotations indented, and what is drawn beside them (a bullet, a quotation bar). The
stored text and every position stay as they are: only lines move.

QPlainTextEdit lays every block out flush left at the font's line spacing and ignores
block formats (indents, line height), which is what keeps it fast on a long record.
So each block on screen is laid out again here, just after Qt has: its lines get the
reading line height and the indent of their kind. Qt keeps these lines (hit testing,
selection and painting all read them) until it lays the block out anew, after a resize
or a format change; the reader notices (the block's first line is back at the top, where
this layout never puts it) and sets it out again. Only blocks on screen are touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextLayout,
)

from models.paragraphs import LABEL
from ui.highlighter import format_range

LINE_HEIGHT = 1.45
"""Line height against the font's own line spacing (typographers advise 1.4–1.6)."""
INDENT_CHARS = 3.0
"""A list level's indent, in average character widths."""
QUOTE_INDENT_CHARS = 4.0
"""A quotation's indent on both sides, in average character widths."""
BULLETS = "•◦▪"
"""The bullet drawn before an unlabelled list item, by nesting level."""
_MARKER = re.compile(r"\s*[-*+•◦▪‣–](?=\s)")
"""A bullet typed into the text ("- ", "• "), kept as a list item's label."""


class Look(NamedTuple):
    """How a block is set out: its kind and level (as ``models.Block`` has them), and
    where it ends (Qt position)."""

    kind: str
    level: int
    end: int = 0


PARAGRAPH = Look("paragraph", 0)
Blocks = list[tuple[QTextBlock, float]]
"""Blocks on screen, each with its top in viewport coordinates."""
CELL = " | "
"""What stands between two cells of a table row in the stored text."""
LAST_COLUMN_CHARS = 10
"""Room a table's last column needs on the line (average characters) for its cells to
be lined up; a longer last cell wraps."""
FAINT = QColor(128, 128, 128)
"""The cell separators' colour, readable on light and dark pages."""


class ReadingLayout:
    """Lays out the blocks on screen, and draws their bullets and quotation bars."""

    def __init__(self, document: QTextDocument) -> None:
        self._document = document
        self._looks: dict[int, Look] = {}
        self._tables: dict[int, list[int]] = {}  # a row's position -> its table's rows
        self._columns: dict[int, list[float]] = {}  # first row -> column widths
        self.text_width: Callable[[], float] = lambda: 0.0
        """How wide lines may be (the reader's text area); 0 if not known."""
        self._bar = QTextCharFormat()
        self._bar.setForeground(FAINT)

    def set_looks(self, looks: dict[int, Look]) -> None:
        """Each block that is not a plain paragraph: its Qt position and look."""
        self._looks = looks
        self._tables, self._columns = {}, {}
        rows: list[int] = []
        for start, look in sorted(looks.items()):
            if look.kind != "table_row":
                continue
            if rows and start - looks[rows[-1]].end > 2:  # more than a blank line between
                rows = []
            rows.append(start)
            self._tables[start] = rows

    def forget_widths(self) -> None:
        """The font changed: table columns are measured again."""
        self._columns = {}

    def has_looks(self) -> bool:
        return bool(self._looks)

    def look_at(self, position: int) -> Look:
        return self._looks.get(position, PARAGRAPH)

    def lay_out_blocks(self, first: QTextBlock, bottom: float, offset_y: float) -> int:
        """Set out the blocks from ``first`` (its top at ``offset_y``) to the ``bottom``
        of the viewport that Qt has laid out since; return how many."""
        layout = self._document.documentLayout()
        block, top, done = first, offset_y, 0
        while block.isValid() and top <= bottom:
            if self.needs_layout(block):
                self.lay_out(block)
                done += 1
            top += layout.blockBoundingRect(block).height()
            block = block.next()
        return done

    @staticmethod
    def needs_layout(block: QTextBlock) -> bool:
        """Whether Qt has laid the block out since this module did: Qt puts its first
        line at the block's top, this layout half a gap below it. Empty blocks keep
        Qt's layout."""
        lines = block.layout()
        return block.length() > 1 and lines.lineCount() > 0 and lines.lineAt(0).y() == 0

    def lay_out(self, block: QTextBlock) -> None:
        """Lay one block's lines out again: line height, indent, hanging indent."""
        lines = block.layout()
        qt_line = lines.lineAt(0)
        left, width = qt_line.x(), qt_line.width()  # where Qt put the text, how wide
        look = self.look_at(block.position())
        indent, right, hanging = self._indents(look, block)
        narrowest = self._unit()
        lines.beginLayout()
        y, first = 0.0, True
        while True:
            line = lines.createLine()
            if not line.isValid():
                break
            line.setLeadingIncluded(True)
            shift = indent if first else indent + hanging
            line.setLineWidth(max(width - shift - right, narrowest))
            gap = line.height() * (LINE_HEIGHT - 1)
            y += gap / 2 if first else 0  # half the extra space above the first line
            line.setPosition(QPointF(left + shift, y))
            y += line.height() + gap
            first = False
        lines.endLayout()
        block.setLineCount(lines.lineCount())

    def _indents(self, look: Look, block: QTextBlock) -> tuple[float, float, float]:
        """(left indent, right indent, hanging indent of the lines after the first)."""
        unit, text = self._unit(), block.text()
        if look.kind == "quote":  # a quotation within one stands in further
            inside = QUOTE_INDENT_CHARS * unit
            return inside * max(look.level, 1), inside, 0.0
        if look.kind == "table_row":  # a long last cell wraps under itself
            columns = self._lined_up(block.position())
            cells = text.count(CELL) + 1
            return 0.0, 0.0, sum(columns[: cells - 1]) if columns and cells > 1 else 0.0
        if look.kind != "list_item":
            return 0.0, 0.0, 0.0
        indent = (look.level + 1) * INDENT_CHARS * unit
        label = _label(text)
        if label is None:
            return indent, 0.0, 0.0
        return indent, 0.0, self._metrics().horizontalAdvance(text[: label.end()] + " ")

    # -- tables --------------------------------------------------------------------------

    def cell_formats(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        """A table row's cell separators, faint and spaced so that its cells line up
        with the other rows' (when all but the last column fit the line; else the
        cells just follow each other)."""
        if block.position() not in self._tables:
            return []
        columns = self._lined_up(block.position())
        metrics, text = self._metrics(), block.text()
        ranges, at = [], 0
        for column, cell in enumerate(text.split(CELL)[:-1]):
            at += len(cell)
            pad = columns[column] - metrics.horizontalAdvance(cell + CELL) if columns else 0
            if pad > 0:  # widen the space before the bar
                space = QTextCharFormat()
                space.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
                space.setFontLetterSpacing(pad)
                ranges.append(format_range(at, 1, space))
            ranges.append(format_range(at + 1, 1, self._bar))
            at += len(CELL)
        return ranges

    def _lined_up(self, position: int) -> list[float]:
        """The widths of the columns of the table holding the row at ``position``, if
        its cells can line up: all but the last column fit the line (the last may wrap,
        but must start on it). Empty when they cannot (the cells then just follow)."""
        rows = self._tables.get(position)
        if rows is None:
            return []
        columns = self._columns.get(rows[0])
        if columns is None:
            columns = self._columns[rows[0]] = self._measure(rows)
        width = self.text_width()
        fits = not width or sum(columns[:-1]) + LAST_COLUMN_CHARS * self._unit() <= width
        return columns if fits else []

    def _measure(self, rows: list[int]) -> list[float]:
        """Each column's width: its widest cell with the separator after it."""
        metrics, widths = self._metrics(), []
        for position in rows:
            cells = self._document.findBlock(position).text().split(CELL)
            for column, cell in enumerate(cells):
                width = metrics.horizontalAdvance(cell + CELL)
                if column < len(widths):
                    widths[column] = max(widths[column], width)
                else:
                    widths.append(width)
        return widths

    def _unit(self) -> float:
        return self._metrics().averageCharWidth()

    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self._document.defaultFont())

    # -- what is drawn beside the text ---------------------------------------------------

    def decorate(self, painter: QPainter, blocks: Blocks, ink: QColor) -> None:
        """Bullets before unlabelled list items and a bar beside quotations, for the
        ``blocks`` on screen (each with its top in viewport coordinates)."""
        bar = QColor(ink)
        bar.setAlphaF(0.35)
        painter.setPen(QPen(bar, 3))
        for block, top in blocks:
            look = self.look_at(block.position())
            lines = block.layout()
            if look.kind not in ("quote", "list_item") or not lines.lineCount():
                continue
            first = lines.lineAt(0)
            if look.kind == "quote":
                last = lines.lineAt(lines.lineCount() - 1)
                x = first.x() - self._unit() * 1.5
                painter.setPen(QPen(bar, 3))
                painter.drawLine(
                    QPointF(x, top + first.y()), QPointF(x, top + last.y() + last.height())
                )
            elif _label(block.text()) is None:
                painter.setPen(QPen(ink))
                box = QRectF(
                    first.x() - 2 * self._unit(),
                    top + first.y(),
                    1.5 * self._unit(),
                    first.height(),
                )
                align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                painter.drawText(box, int(align), BULLETS[look.level % len(BULLETS)])


def _label(text: str) -> re.Match[str] | None:
    """A list item's own label ("3.", "(b)") or typed bullet ("- "), if it has one."""
    return LABEL.match(text) or _MARKER.match(text)
