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

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QApplication, QWidget

from ui.margin_layout import MarginLayout, Stripe

if TYPE_CHECKING:
    from ui.reader import DocumentReader

STRIPE, GAP, PAD = 6, 2, 6
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
        metrics = self.fontMetrics()
        self._numbers_width = metrics.horizontalAdvance(widest) + 6 if widest else 0

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

    def stripe_rect(self, stripe: Stripe) -> QRect | None:
        """Where ``stripe`` is drawn (None when it is off screen)."""
        span = self._reader.vertical_span(stripe.start, stripe.end)
        if span is None:
            return None
        top, bottom = span
        x = self._numbers_width + PAD + min(stripe.column, MAX_COLUMNS - 1) * (STRIPE + GAP)
        return QRect(x, top, STRIPE, max(bottom - top, 4))

    def rect_of(self, annotation_id: str) -> QRect | None:
        stripe = self.stripes.stripe(annotation_id)
        return self.stripe_rect(stripe) if stripe else None

    def stripes_at(self, point: QPoint) -> list[Stripe]:
        """The stripes under ``point``; the clicked column first."""
        hits = []
        for stripe in self._visible():
            rect = self.stripe_rect(stripe)
            if rect is not None and rect.top() <= point.y() <= rect.bottom():
                hits.append((abs(rect.center().x() - point.x()), stripe))
        return [stripe for _, stripe in sorted(hits, key=lambda hit: hit[0])]

    def _visible(self) -> list[Stripe]:
        first, last = self._reader.visible_range()
        return self.stripes.between(first, last) if last > first else []

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.Window))
        visible = self._visible()
        missing = [s.id for s in visible if s.id not in self._marks]
        if missing:
            found = self.read_marks(missing)
            self._marks.update({i: found.get(i, Mark(False, "")) for i in missing})
        text = palette.color(QPalette.ColorRole.WindowText)
        if self._numbers:
            self._paint_numbers(painter, palette.color(QPalette.ColorRole.PlaceholderText))
        for stripe in visible:
            rect = self.stripe_rect(stripe)
            if rect is not None:
                self._paint_stripe(painter, stripe, rect, text)
        painter.end()

    def _paint_stripe(self, painter: QPainter, stripe: Stripe, rect: QRect, text: QColor) -> None:
        colors = [self._colors[t] for t in stripe.tag_ids if t in self._colors] or [NO_TAG]
        band = max(rect.width() // len(colors), 2)
        for n, color in enumerate(colors[: rect.width() // band]):
            painter.fillRect(
                QRect(rect.x() + n * band, rect.y(), band, rect.height()), QColor(color)
            )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(colors[0]).darker(150), 1))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        if stripe.id == self.chosen_id:
            painter.setPen(QPen(QApplication.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(rect.adjusted(-2, -2, 1, 1))
        mark = self._marks.get(stripe.id)
        if mark is None:
            return
        notes_x = self.width() - NOTE_MARK - (INITIALS if self.show_authors else 0)
        if mark.noted:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(text)
            painter.drawRoundedRect(QRect(notes_x + 2, rect.y() + 2, 6, 5), 1, 1)
            painter.drawPolygon(
                [
                    QPoint(notes_x + 3, rect.y() + 7),
                    QPoint(notes_x + 5, rect.y() + 7),
                    QPoint(notes_x + 3, rect.y() + 9),
                ]
            )
        if self.show_authors and mark.initials:
            painter.setPen(text)
            painter.drawText(
                QRect(self.width() - INITIALS, rect.y(), INITIALS - 2, 14),
                Qt.AlignmentFlag.AlignLeft,
                mark.initials[:3],
            )

    def _paint_numbers(self, painter: QPainter, color: QColor) -> None:
        painter.setPen(color)
        height = self.fontMetrics().height()
        for position, top in self._reader.paragraph_tops():
            number = self._numbers.get(position)
            if number:
                box = QRect(0, top, self._numbers_width - 4, height)
                painter.drawText(box, Qt.AlignmentFlag.AlignRight, number)

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
