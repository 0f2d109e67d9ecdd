"""The margin beside the record: every annotation as a stripe in its tags' colours.

MAXQDA's coding stripes, for an officer: overlapping annotations stand side by side (see
``ui.margin_layout``), a mark shows where an annotation has a note, and the authors'
initials show on demand (View → Authors in the margin). Left of the stripes, each
paragraph's number as the record numbers it (or as counted: what a brief cites).
Click a stripe to choose its annotation; hover it for its tags, note and author. Only
the stripes on screen are drawn, and their notes and authors are read when first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextBlock,
)
from PySide6.QtWidgets import QApplication, QWidget

from ui.highlighter import Passage, TagsOf
from ui.margin_layout import MarginLayout, Stripe

if TYPE_CHECKING:
    from ui.reader import DocumentReader

Blocks = list[tuple[QTextBlock, float]]
"""The text blocks on screen with their tops (``DocumentReader.visible_blocks``)."""

STRIPE, GAP, PAD = 9, 2, 6
"""Stripe width, the gap between columns and the margin's padding, in pixels."""
MIN_COLUMNS, MAX_COLUMNS = 3, 8
"""Columns room is made for: at least 3 (a margin that widens relays the whole text out),
at most 8; deeper overlaps share the last one (hover lists them all)."""
NOTE_MARK = 10
"""The width of the column of note marks, right of the stripes."""
INITIALS = 26
"""The width of the authors' initials, when shown."""
NO_TAG = "#9E9E9E"


class Mark(NamedTuple):
    """What the margin shows of an annotation besides its stripe."""

    noted: bool
    initials: str
    new: bool = False
    """A merge brought it and the officer has not seen it yet (a dot under the note mark)."""


class AnnotationMargin(QWidget):
    """Drawn beside ``reader``'s text, which places it (see ``DocumentReader``)."""

    chosen = Signal(str)
    """An annotation's stripe was clicked."""

    def __init__(self, reader: DocumentReader) -> None:
        super().__init__(reader)
        self._reader = reader
        self.stripes = MarginLayout()
        self._colors: dict[str, str] = {}
        self._marks: dict[str, Mark] = {}
        self.read_marks: Callable[[list[str]], dict[str, Mark]] = lambda ids: {}
        """Reads the marks of annotations (by id) when their stripes are first shown."""
        self.chosen_id: str | None = None
        self.show_authors = False
        self.tags_of: TagsOf = lambda passage: passage[3] or ()
        """A stripe's tags (``ui.passage_tags``: read for the stripes on screen)."""
        self.read_tags: Callable[[list[Passage]], None] = lambda passages: None
        self._numbers: dict[int, str] = {}  # Qt position of a paragraph -> its number
        self._numbers_width = 0
        self.setFont(QApplication.font())  # not the reader's: the margin is not the text
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("Annotation margin"))
        self.setToolTipDuration(-1)

    # -- what is shown --------------------------------------------------------------------

    def set_colors(self, colors: dict[str, str]) -> None:
        self._colors = dict(colors)
        self.update()

    def forget(self, annotation_id: str | None = None) -> None:
        """Read an annotation's note mark and author again (all, for None) when shown."""
        if annotation_id is None:
            self._marks.clear()
        else:
            self._marks.pop(annotation_id, None)
        self.update()

    def set_show_authors(self, shown: bool) -> None:
        self.show_authors = shown
        self._reader.fit_margin()

    def choose(self, annotation_id: str | None) -> None:
        self.chosen_id = annotation_id
        self.update()

    def set_numbers(self, numbers: dict[int, str]) -> None:
        """The paragraphs' numbers as the record numbers them, by the Qt position where
        each paragraph starts (shown in a column left of the stripes)."""
        self._numbers = numbers
        widest = max(numbers.values(), key=len, default="")
        metrics = self.fontMetrics()  # as wide as "(iii)" at least: the text stays put
        shown = max(metrics.horizontalAdvance(widest), metrics.horizontalAdvance("(iii)"))
        self._numbers_width = shown + 6

    def numbers(self) -> dict[int, str]:
        """The paragraph numbers shown, by the Qt position where each paragraph starts."""
        return dict(self._numbers)

    def width_needed(self) -> int:
        columns = min(max(self.stripes.columns(), MIN_COLUMNS), MAX_COLUMNS)
        authors = INITIALS if self.show_authors else 0
        return self._numbers_width + PAD + columns * (STRIPE + GAP) + NOTE_MARK + authors

    def sizeHint(self) -> QSize:
        return QSize(self.width_needed(), 0)

    # -- where stripes are ------------------------------------------------------------------

    def stripe_rect(self, stripe: Stripe, blocks: Blocks) -> QRect | None:
        """Where ``stripe`` is drawn beside the ``blocks`` on screen (None when it is
        off screen)."""
        span = self._reader.vertical_span(stripe.start, stripe.end, blocks)
        if span is None:
            return None
        top, bottom = span
        x = self._numbers_width + PAD + min(stripe.column, MAX_COLUMNS - 1) * (STRIPE + GAP)
        return QRect(x, top, STRIPE, max(bottom - top, 4))

    def rect_of(self, annotation_id: str) -> QRect | None:
        """Where an annotation's stripe is drawn (None when it is off screen)."""
        return next((r for s, r in self._placed(*self._on_screen()) if s.id == annotation_id), None)

    def stripes_at(self, point: QPoint) -> list[Stripe]:
        """The stripes under ``point``; the clicked column first."""
        hits = [
            (abs(rect.center().x() - point.x()), stripe)
            for stripe, rect in self._placed(*self._on_screen())
            if rect.top() <= point.y() <= rect.bottom()
        ]
        return [stripe for _, stripe in sorted(hits, key=lambda hit: hit[0])]

    def _on_screen(self) -> tuple[list[Stripe], Blocks]:
        """The stripes beside the text on screen, and its blocks (read once)."""
        blocks = self._reader.visible_blocks()
        first, last = self._reader.visible_range(blocks)
        return (self.stripes.between(first, last) if last > first else []), blocks

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.Window))
        visible, blocks = self._on_screen()
        self.read_tags([s[:4] for s in visible])
        missing = [s.id for s in visible if s.id not in self._marks]
        if missing:
            found = self.read_marks(missing)
            self._marks.update({i: found.get(i, Mark(False, "")) for i in missing})
        text = palette.color(QPalette.ColorRole.WindowText)
        if self._numbers:
            self._paint_numbers(painter, blocks, palette.color(QPalette.ColorRole.PlaceholderText))
        placed = self._placed(visible, blocks)
        for stripe, rect in placed:
            self._paint_stripe(painter, stripe, rect, text)
        self._paint_marks(painter, placed, text)
        painter.end()

    def _placed(self, stripes: list[Stripe], blocks: Blocks) -> list[tuple[Stripe, QRect]]:
        """The stripes on screen with their rectangles; two in one column that meet on a
        line share it, each keeping half (else the later one hides the earlier's end)."""
        placed: list[tuple[Stripe, QRect]] = []
        last: dict[int, QRect] = {}  # column -> the rectangle of its previous stripe
        for stripe in stripes:
            rect = self.stripe_rect(stripe, blocks)
            if rect is None:
                continue
            before = last.get(rect.x())
            if before is not None and rect.top() <= before.bottom():
                middle = (max(rect.top(), before.top()) + before.bottom()) // 2
                before.setBottom(max(before.top() + 2, middle - 1))
                rect.setTop(min(rect.bottom() - 2, middle + 1))
            last[rect.x()] = rect
            placed.append((stripe, rect))
        return placed

    def _paint_stripe(self, painter: QPainter, stripe: Stripe, rect: QRect, text: QColor) -> None:
        tags = self.tags_of(stripe[:4])  # shown in the tag tree's order, as everywhere
        colors = [color for tag, color in self._colors.items() if tag in tags] or [NO_TAG]
        shown = colors[: rect.width() // 3]  # at least 3 pixels a tag
        band = rect.width() // len(shown)
        for n, color in enumerate(shown):
            width = band if n < len(shown) - 1 else rect.width() - n * band
            painter.fillRect(
                QRect(rect.x() + n * band, rect.y(), width, rect.height()), QColor(color)
            )
        if len(shown) == 1:  # an edge, so a pale colour shows on the margin's ground
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(colors[0]).darker(150), 1))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        if stripe.id == self.chosen_id:  # the text's colour: never mistaken for a tag
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(text, 2))
            painter.drawRect(rect.adjusted(-2, -2, 1, 1))

    def _paint_marks(
        self, painter: QPainter, placed: list[tuple[Stripe, QRect]], text: QColor
    ) -> None:
        """Note marks and authors' initials, once per line where stripes start (several
        authors starting on one line are listed together)."""
        lines: dict[int, list[Mark]] = {}
        for stripe, rect in placed:
            mark = self._marks.get(stripe.id)
            if mark is not None and rect.top() >= 0:
                lines.setdefault(rect.top(), []).append(mark)
        notes_x = self.width() - NOTE_MARK - (INITIALS if self.show_authors else 0)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(text)
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        for top, marks in lines.items():
            noted = any(m.noted for m in marks)
            if noted:
                painter.drawRoundedRect(QRect(notes_x + 2, top + 2, 6, 5), 1, 1)
                painter.drawPolygon(
                    [
                        QPoint(notes_x + 3, top + 7),
                        QPoint(notes_x + 5, top + 7),
                        QPoint(notes_x + 3, top + 9),
                    ]
                )
            if any(m.new for m in marks):
                painter.setBrush(accent)
                painter.drawEllipse(QRect(notes_x + 2, top + (11 if noted else 3), 6, 6))
                painter.setBrush(text)
        if not self.show_authors:
            return
        painter.setPen(text)
        box = INITIALS - 2
        for top, marks in lines.items():
            initials = "·".join(dict.fromkeys(m.initials for m in marks if m.initials))
            shown = self.fontMetrics().elidedText(initials, Qt.TextElideMode.ElideRight, box)
            painter.drawText(
                QRect(self.width() - INITIALS, top, box, 14), Qt.AlignmentFlag.AlignLeft, shown
            )

    def _paint_numbers(self, painter: QPainter, blocks: Blocks, color: QColor) -> None:
        """Each number right-aligned, on its paragraph's first baseline."""
        painter.setPen(color)
        metrics = self.fontMetrics()
        for block, top in blocks:
            number = self._numbers.get(block.position())
            if number:
                lines = block.layout()
                line = lines.lineAt(0) if lines.lineCount() else None
                baseline = top + (line.y() + line.ascent() if line else metrics.ascent())
                x = self._numbers_width - 4 - metrics.horizontalAdvance(number)
                painter.drawText(QPointF(x, baseline), number)

    # -- the officer's pointer ----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            hits = self.stripes_at(event.position().toPoint())
            if hits:
                self.chosen.emit(hits[0].id)
                return
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hits = self.stripes_at(event.pos())
            self._reader.show_description([s.id for s in hits], event.globalPos(), self)
            return True
        return super().event(event)
