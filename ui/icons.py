"""The toolbar's icons: the desktop's own where it has them (Qt's theme icons: Windows'
and macOS' icon fonts, a Linux desktop's icon theme), else drawn here in the theme's
text colour, each matching its action (undo is a curved arrow, not "back"; export an
arrow leaving a box, not a floppy disk). Drawn, not bundled: nothing to license."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

SIZE = 24
Drawing = Callable[[QPainter], None]


def _curved_arrow(mirrored: bool) -> Drawing:
    def draw(painter: QPainter) -> None:
        if mirrored:
            painter.translate(SIZE, 0)
            painter.scale(-1, 1)
        path = QPainterPath(QPointF(6, 10))
        path.cubicTo(QPointF(10, 5), QPointF(19, 6), QPointF(19, 13))
        path.cubicTo(QPointF(19, 17), QPointF(16, 19), QPointF(12, 19))
        painter.drawPath(path)
        painter.drawPolyline([QPointF(6, 4), QPointF(6, 10), QPointF(12, 10)])

    return draw


def _export(painter: QPainter) -> None:
    painter.drawPolyline(
        [QPointF(10, 6), QPointF(5, 6), QPointF(5, 19), QPointF(18, 19), QPointF(18, 14)]
    )
    painter.drawLine(QPointF(11, 13), QPointF(19, 5))
    painter.drawPolyline([QPointF(13, 5), QPointF(19, 5), QPointF(19, 11)])


def _search(painter: QPainter) -> None:
    painter.drawEllipse(QRectF(5, 5, 10, 10))
    painter.drawLine(QPointF(14, 14), QPointF(19, 19))


def _open(painter: QPainter) -> None:
    painter.drawPolyline(
        [
            QPointF(4, 18),
            QPointF(4, 6),
            QPointF(9, 6),
            QPointF(11, 8),
            QPointF(18, 8),
            QPointF(18, 11),
        ]
    )
    painter.drawPolygon([QPointF(4, 18), QPointF(7, 11), QPointF(21, 11), QPointF(18, 18)])


def _delete(painter: QPainter) -> None:
    painter.drawLine(QPointF(5, 7), QPointF(19, 7))
    painter.drawPolyline([QPointF(10, 7), QPointF(10, 4), QPointF(14, 4), QPointF(14, 7)])
    painter.drawPolygon([QPointF(7, 7), QPointF(8, 20), QPointF(16, 20), QPointF(17, 7)])


ICONS: dict[str, tuple[QIcon.ThemeIcon, Drawing]] = {
    "import": (QIcon.ThemeIcon.DocumentOpen, _open),
    "export": (QIcon.ThemeIcon.DocumentSend, _export),
    "undo": (QIcon.ThemeIcon.EditUndo, _curved_arrow(False)),
    "redo": (QIcon.ThemeIcon.EditRedo, _curved_arrow(True)),
    "search": (QIcon.ThemeIcon.EditFind, _search),
    "delete": (QIcon.ThemeIcon.EditDelete, _delete),
}


def icon(name: str) -> QIcon:
    """The icon for an action named in ``ICONS``."""
    themed, draw = ICONS[name]
    found = QIcon.fromTheme(themed)
    return found if not found.isNull() else drawn(draw)


def drawn(draw: Drawing) -> QIcon:
    """An icon of strokes in the theme's text colour."""
    ink = QApplication.palette().color(QPalette.ColorRole.WindowText)

    def stroked(painter: QPainter) -> None:
        pen = QPen(ink, 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        draw(painter)

    return painted(stroked)


def painted(draw: Drawing, size: int = SIZE) -> QIcon:
    """An icon ``draw`` paints on a clear ``size``-pixel square (at 1× and 2×, sharp on
    any display)."""
    result = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        draw(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result


def new_mark() -> QIcon:
    """The mark of what a merge brought: a dot in the theme's accent colour, ringed in
    the colour of selected text, so it shows on a chosen (accent-coloured) row too."""
    palette = QApplication.palette()
    accent = palette.color(QPalette.ColorRole.Highlight)
    ring = palette.color(QPalette.ColorRole.HighlightedText)

    def dot(painter: QPainter) -> None:
        painter.setPen(QPen(ring, 2))
        painter.setBrush(accent)
        painter.drawEllipse(QPointF(SIZE / 2, SIZE / 2), SIZE / 4, SIZE / 4)

    return painted(dot)


def blank_mark() -> QIcon:
    """As wide as ``new_mark``, empty: rows without the mark keep their text in line."""
    return painted(lambda painter: None)
