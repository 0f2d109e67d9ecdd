"""The document text, read-only, with highlighted passages, in code-point terms.

Everything this widget says or hears about positions is in code points; the conversion
to Qt's UTF-16 positions happens here through ``OffsetMap`` and nowhere else.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPaintEvent,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from models import Document
from ui.highlighter import Passage, PassagePainter
from ui.offsets import OffsetMap

READING_FONTS = ["Georgia", "Charter", "Noto Serif", "DejaVu Serif", "Liberation Serif", "serif"]


class DocumentReader(QPlainTextEdit):
    """Shows one document; reports clicks on passages and the selected range."""

    passage_clicked = Signal(str)
    _lowered: tuple[str, str] | None = None
    """The text shown and its lower-cased form (for counting what Find finds)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont()
        font.setFamilies(READING_FONTS)
        font.setPointSize(12)
        self.setFont(font)
        self.document().setDocumentMargin(24)
        self._offsets = OffsetMap("")
        self._text = ""
        self._painter = PassagePainter(self.document(), self._page_color())
        self.describe_passages: Callable[[list[str]], str] = lambda ids: ""
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(lambda: self.setExtraSelections([]))

    # -- content -------------------------------------------------------------------------

    def show_document(self, document: Document | None, passages: Sequence[Passage] = (),
                      colors: dict[str, str] | None = None) -> None:  # fmt: skip
        """Load a document with its passages (in code points) drawn in their tags'
        ``colors`` as they come into view."""
        self._text = document.text if document else ""
        self._offsets = OffsetMap(self._text)
        qt = passages if self._offsets.is_identity() else [self._to_qt(p) for p in passages]
        self._painter.set_passages(list(qt), colors or {})
        self.setPlainText(self._text)
        self.format_visible()

    def text(self) -> str:
        return self._text

    def add_passage(self, passage: Passage) -> None:
        self._painter.add(self._to_qt(passage))

    def set_colors(self, colors: dict[str, str]) -> None:
        """Tag colours for passages added from now on (a recolour redraws everything)."""
        self._painter.set_colors(colors)

    def remove_passage(self, annotation_id: str) -> None:
        self._painter.remove(annotation_id)

    def format_visible(self) -> int:
        """Give the blocks on screen their passage formats; return how many were done."""
        first = self.firstVisibleBlock()
        if not first.isValid():
            return 0
        top = self.blockBoundingGeometry(first).translated(self.contentOffset()).top()
        return self._painter.format_blocks(first, self.viewport().height(), top)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.format_visible():  # blocks scrolled into view: formatted, then repainted
            self.viewport().update()
        super().paintEvent(event)

    def passage_count(self) -> int:
        return self._painter.passage_count()

    def _to_qt(self, passage: Passage) -> Passage:
        start, end, annotation_id, tag_ids = passage
        if self._offsets.is_identity():
            return passage
        return (self._offsets.to_qt(start), self._offsets.to_qt(end), annotation_id, tag_ids)

    # -- selection and navigation ---------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The selected passage in code points, without surrounding white space."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._offsets.from_qt(cursor.selectionStart())
        end = self._offsets.from_qt(cursor.selectionEnd())
        while start < end and self._text[start].isspace():
            start += 1
        while end > start and self._text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        """Select code points ``start:end`` (as if the officer had)."""
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_qt(start))
        cursor.setPosition(self._offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def show_passage(self, start: int, end: int) -> None:
        """Scroll to a passage and flash it briefly."""
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_qt(start))
        self.setTextCursor(cursor)
        self.centerCursor()
        flash = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_qt(start))
        cursor.setPosition(self._offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        look = QTextCharFormat()
        look.setBackground(self.palette().color(QPalette.ColorRole.Highlight))
        look.setForeground(self.palette().color(QPalette.ColorRole.HighlightedText))
        flash.cursor, flash.format = cursor, look  # type: ignore[attr-defined]
        self.setExtraSelections([flash])
        self._flash_timer.start(700)

    def find_text(self, words: str, backwards: bool = False) -> bool:
        """Select the next (``backwards``: previous) occurrence of ``words`` from the
        cursor, wrapping around; case is ignored."""
        if not words:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        if self.find(words, flags):
            return True
        before = self.textCursor()
        end = QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start
        self.moveCursor(end)
        if self.find(words, flags):
            return True
        self.setTextCursor(before)  # nothing anywhere: the selection stays
        return False

    def find_position(self, words: str) -> tuple[int, int]:
        """Which occurrence of ``words`` the selection is (from 1; 0 if it is none) and how
        many there are, case ignored as ``find_text`` ignores it."""
        needle, text = words.lower(), self._lowered_text()
        if not needle or len(needle) != len(words):
            return 0, 0
        total = text.count(needle)
        cursor = self.textCursor()
        if not total or cursor.selectedText().lower() != needle:
            return 0, total
        start = self._offsets.from_qt(cursor.selectionStart())
        return min(text.count(needle, 0, start) + 1, total), total

    def _lowered_text(self) -> str:
        """The text lower-cased (same length), kept until another document is shown."""
        if self._lowered is None or self._lowered[0] is not self._text:
            lowered = self._text.lower()
            if len(lowered) != len(self._text):  # 'İ' becomes two characters
                lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in self._text)
            self._lowered = (self._text, lowered)
        return self._lowered[1]

    def passages_at_point(self, point: QPoint) -> list[str]:
        return self._painter.passages_at(self.cursorForPosition(point).position())

    # -- events --------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            ids = self.passages_at_point(event.position().toPoint())
            if ids:
                self.passage_clicked.emit(ids[0])

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            point = event.pos()  # type: ignore[attr-defined]
            description = self.describe_passages(self.passages_at_point(point))
            if description:  # escaped: notes are never rendered as markup
                text = "<qt>" + html.escape(description).replace("\n", "<br>") + "</qt>"
                QToolTip.showText(event.globalPos(), text, self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light/dark scheme switched
            self._painter.set_base(self._page_color())
            self.viewport().update()

    def _page_color(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Base)
