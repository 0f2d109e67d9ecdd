"""The document text, read-only, with highlighted passages, in code-point terms.

Everything this widget says or hears about positions is in code points; the conversion
to Qt's UTF-16 positions happens here through ``OffsetMap`` and nowhere else.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import cast

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from models import Document
from models.entities import Block
from models.paragraphs import blocks_of, cited_paragraphs
from ui.highlighter import Passage, PassagePainter
from ui.margin import AnnotationMargin
from ui.offsets import OffsetMap
from ui.passage_tags import PassageTags
from ui.reading_layout import Look, ReadingLayout
from ui.theme import neutral_selection

READING_FONTS = ["Georgia", "Charter", "Noto Serif", "DejaVu Serif", "Liberation Serif", "serif"]
READING_MEASURE = 80
"""The longest line, in average characters (typographers advise 60–80)."""
STRUCTURES_KEPT = 8
"""Records whose paragraph numbers and headings the reader keeps at hand."""


class DocumentReader(QPlainTextEdit):
    """Shows one document with the annotation margin beside it; reports clicks on passages
    and stripes, and the selected range. The chosen annotation stays outlined."""

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
        self._painter = PassagePainter(self.document(), self._page_color())
        self._reading = ReadingLayout(self.document())
        self._painter.block_formats = self._reading.cell_formats
        self._reading.text_width = self._text_width
        self.margin = AnnotationMargin(self)
        self.passage_tags = PassageTags()
        """The shown passages' tags, read as they come on screen (set its ``loader``)."""
        for drawer in (self._painter, self.margin):
            drawer.tags_of, drawer.read_tags = self.passage_tags.of, self.passage_tags.read
        self.margin.chosen.connect(self.passage_clicked)
        font = QFont()
        font.setFamilies(READING_FONTS)
        font.setPointSize(12)
        self.setFont(font)  # the painter and margin hear of it (headings follow its size)
        self.document().setDocumentMargin(24)
        self._offsets = OffsetMap("")
        self._text = ""
        self._structures: dict[tuple[str, int], tuple[dict[int, str], dict[int, Look]]] = {}
        self.describe_passages: Callable[[list[str]], str] = lambda ids: ""
        self._chosen: tuple[int, int] | None = None  # Qt positions of the chosen passage
        self.updateRequest.connect(self._scrolled)
        self.fit_margin()
        neutral_selection(self)

    # -- content -------------------------------------------------------------------------

    def show_document(
        self,
        document: Document | None,
        passages: Sequence[Passage] = (),
        colors: dict[str, str] | None = None,
    ) -> None:
        """Load a document with its passages (in code points) drawn in their tags'
        ``colors`` as they come into view."""
        self._text = document.text if document else ""
        self._offsets = OffsetMap(self._text)
        qt = passages if self._offsets.is_identity() else [self._to_qt(p) for p in passages]
        self.passage_tags.forget()
        self._painter.set_passages(list(qt), colors or {})
        self.margin.stripes.set_passages(qt)
        numbers, looks = self._structure_of(document)
        self.margin.set_numbers(numbers)
        headings = {at: look.level for at, look in looks.items() if look.kind == "heading"}
        self._painter.set_headings(headings)
        self._reading.set_looks(looks)
        self.margin.set_colors(colors or {})
        self.margin.forget()
        self._chosen = None
        self.margin.choose(None)
        self.fit_margin()  # first: a narrower text would be laid out twice
        self.setPlainText(self._text)
        self.format_visible()
        self._settle_end()

    def text(self) -> str:
        return self._text

    def _structure_of(self, document: Document | None) -> tuple[dict[int, str], dict[int, Look]]:
        """The paragraph numbers to show and how blocks are set out. A record's text
        never changes, so those of the last few opened are kept: going back to a record
        does not read its 2,500 paragraphs again."""
        if document is None:
            return {}, {}
        key = (document.id, len(document.text))
        found = self._structures.pop(key, None)
        if found is None:
            found = self._paragraph_numbers(document), self._looks(document)
        self._structures[key] = found  # the most recent last
        while len(self._structures) > STRUCTURES_KEPT:
            del self._structures[next(iter(self._structures))]
        return found

    def _looks(self, document: Document) -> dict[int, Look]:
        """Where the record's headings, list items, quotations and table rows start (Qt
        positions), with their kinds and levels."""
        to_qt = self._offsets.to_qt
        shown = [b for b in document.blocks if b.kind != "paragraph" or b.level]
        return {to_qt(b.start): Look(_kind_shown(b), b.level, to_qt(b.end)) for b in shown}

    def _paragraph_numbers(self, document: Document | None) -> dict[int, str]:
        """Each paragraph's number to show (Qt positions): where it changes, only the
        last part of it ("12", "(b)")."""
        if document is None:
            return {}
        shown, previous, text = {}, "", document.text
        for cited in cited_paragraphs(text, blocks_of(document)):
            if cited.label and cited.label != previous:
                start = cited.start  # the line where its words start
                while start < cited.end and text[start].isspace():
                    start += 1
                shown[self._offsets.to_qt(start)] = cited.label.rsplit(" ", 1)[-1]
            previous = cited.label
        return shown

    def add_passage(self, passage: Passage) -> None:
        qt = self._to_qt(passage)
        self._painter.add(qt)
        self.margin.stripes.add(qt)
        self.margin.forget(qt[2])
        if self.margin.chosen_id == qt[2]:
            self._chosen = (qt[0], qt[1])
        self.fit_margin()

    def set_colors(self, colors: dict[str, str]) -> None:
        """Tag colours for passages added from now on (a recolour redraws everything)."""
        self._painter.set_colors(colors)
        self.margin.set_colors(colors)

    def remove_passage(self, annotation_id: str) -> None:
        self._painter.remove(annotation_id)
        self.margin.stripes.remove(annotation_id)
        if self.margin.chosen_id == annotation_id:
            self._chosen = None  # back, if the passage is (an edit redraws it)
        self.margin.update()
        self.viewport().update()

    def format_visible(self) -> int:
        """Give the blocks on screen their passage formats; return how many were done."""
        first = self.firstVisibleBlock()
        if not first.isValid():
            return 0
        top = self.blockBoundingGeometry(first).translated(self.contentOffset()).top()
        bottom = self.viewport().height()
        done = self._painter.format_blocks(first, bottom, top)
        return done + self._reading.lay_out_blocks(first, bottom, top)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.format_visible():  # blocks scrolled into view: formatted, then repainted
            self.viewport().update()
            self.margin.update()  # what it drew beside them may have moved
        self._settle_end()
        super().paintEvent(event)
        if self._reading.has_looks():
            painter = QPainter(self.viewport())
            ink = self.palette().color(QPalette.ColorRole.Text)
            self._reading.decorate(painter, self.visible_blocks(), ink)
            painter.end()
        if self._chosen is not None:
            self._outline(*self._chosen)

    def _outline(self, start: int, end: int) -> None:
        """Draw a frame round each line of the chosen passage that is on screen."""
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().color(QPalette.ColorRole.Text)  # never mistaken for a blue tag
        painter.setPen(QPen(ink, 2))
        for block, top in self.visible_blocks():
            first = block.position()
            if first + block.length() <= start or first >= end:
                continue
            layout = block.layout()
            for n in range(layout.lineCount()):
                line = layout.lineAt(n)
                left = max(start, first + line.textStart())
                right = min(end, first + line.textStart() + line.textLength())
                if left >= right:
                    continue
                xs = sorted((_x_of(line, left - first), _x_of(line, right - first)))
                box = QRectF(xs[0], top + line.y(), xs[1] - xs[0], line.height())
                painter.drawRoundedRect(box.adjusted(-2, 0, 2, 0), 3, 3)
        painter.end()

    def visible_blocks(self) -> list[tuple[QTextBlock, float]]:
        """The blocks on screen, each with its top in viewport coordinates (read once
        per paint and handed to what places things beside them)."""
        blocks, block = [], self.firstVisibleBlock()
        offset, height = self.contentOffset(), self.viewport().height()
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(offset).top()
            if top > height:
                break
            blocks.append((block, top))
            block = block.next()
        return blocks

    @staticmethod
    def visible_range(blocks: list[tuple[QTextBlock, float]]) -> tuple[int, int]:
        """The Qt positions the ``visible_blocks`` hold."""
        if not blocks:
            return 0, 0
        last = blocks[-1][0]
        return blocks[0][0].position(), last.position() + last.length()

    def vertical_span(
        self, start: int, end: int, blocks: list[tuple[QTextBlock, float]] | None = None
    ) -> tuple[int, int] | None:
        """Where Qt positions ``start:end`` lie on screen, top to bottom in viewport
        coordinates (clipped to it), or None when no part is on screen (``blocks``: the
        ``visible_blocks``, when the caller has them)."""
        blocks = self.visible_blocks() if blocks is None else blocks
        if not blocks or end <= blocks[0][0].position():
            return None
        last = blocks[-1][0]
        if start >= last.position() + last.length():
            return None
        top, bottom = -4, self.viewport().height() + 4
        for block, block_top in blocks:
            first, length = block.position(), block.length()
            if first <= start < first + length:
                top = int(block_top + self._line_of(block, start - first).y())
            if first <= end - 1 < first + length:
                line = self._line_of(block, end - 1 - first)
                bottom = int(block_top + line.y() + line.height())
        return top, bottom

    @staticmethod
    def _line_of(block: QTextBlock, inside: int) -> QRectF:
        line = block.layout().lineForTextPosition(inside)
        return line.rect() if line.isValid() else QRectF(0, 0, 0, 0)

    # -- the margin -----------------------------------------------------------------------

    def fit_margin(self) -> None:
        """Make room for the margin, and keep lines to a readable length: on a wide
        window the text stays about ``READING_MEASURE`` characters wide, centred, with
        the margin beside it (the text is laid out again only when its width changes)."""
        width = self.margin.width_needed()
        old = self.viewportMargins()
        room = self.viewport().width() + old.left() + old.right() - width
        measure = self.fontMetrics().averageCharWidth() * READING_MEASURE
        extra = max(0, room - measure - 2 * int(self.document().documentMargin()))
        left, right = width + extra // 2, extra - extra // 2
        if (old.left(), old.right()) != (left, right):
            self.setViewportMargins(left, 0, right, 0)
        self._place_margin()
        self.margin.update()

    def _text_width(self) -> float:
        """How wide the text's lines are laid out."""
        return self.viewport().width() - 2 * self.document().documentMargin()

    def _place_margin(self) -> None:
        area, left = self.contentsRect(), self.viewportMargins().left()
        width = self.margin.width_needed()
        self.margin.setGeometry(QRect(area.left() + left - width, area.top(), width, area.height()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_margin()
        self._painter.invalidate()  # a table may fit the new width, or no longer
        self._settle_end()

    def _settle_end(self) -> None:
        """Set out the record's last screenful as it will show (formats, then reading
        layout), and have Qt reckon its scroll range again: it reckons it from the last
        blocks' heights, and Qt's own are shorter, so the end could not be reached."""
        layout = self.document().documentLayout()
        block, height, changed = self.document().lastBlock(), 0.0, False
        while block.isValid() and height < self.viewport().height():
            layout.blockBoundingRect(block)  # laid out by Qt, if it never was
            if not self._painter.is_formatted(block):
                self._painter.format_block(block)
                changed = True
            if self._reading.needs_layout(block):
                self._reading.lay_out(block)
                changed = True
            height += layout.blockBoundingRect(block).height()
            block = block.previous()
        if changed:
            layout.documentSizeChanged.emit(layout.documentSize())

    def _scrolled(self, rect: QRect, dy: int) -> None:
        if dy:
            self.margin.update()
        elif rect.height() > 0:
            self.margin.update(0, rect.y(), self.margin.width(), rect.height())

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

    def show_passage(self, start: int, end: int, annotation_id: str | None = None) -> None:
        """Outline a passage (and its stripe) until another is chosen, scrolling to it
        unless it is all on screen already (a clicked stripe stays under the pointer)."""
        first, last = self._offsets.to_qt(start), self._offsets.to_qt(end)
        span = self.vertical_span(first, last)
        on_screen = span is not None and span[0] >= 0 and span[1] <= self.viewport().height()
        cursor = self.textCursor()
        cursor.setPosition(first)
        self.setTextCursor(cursor)
        if not on_screen:
            self.reveal_cursor(centre=True)
        self._chosen = (first, last)
        self.margin.choose(annotation_id)
        self.viewport().update()

    def chosen_range(self) -> tuple[int, int] | None:
        """The outlined passage, in code points."""
        if self._chosen is None:
            return None
        return self._offsets.from_qt(self._chosen[0]), self._offsets.from_qt(self._chosen[1])

    def find_text(self, words: str, backwards: bool = False) -> bool:
        """Select the next (``backwards``: previous) occurrence of ``words`` from the
        cursor, wrapping around; case is ignored."""
        if not words:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        found = self.find(words, flags)
        if not found:
            before = self.textCursor()
            end = QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start
            self.moveCursor(end)
            found = self.find(words, flags)
            if not found:
                self.setTextCursor(before)  # nothing anywhere: the selection stays
        if found:
            self.reveal_cursor()
        return found

    def reveal_cursor(self, centre: bool = False) -> None:
        """Scroll the cursor (a found word, a chosen passage) into view, or to the middle.

        Qt scrolls by its own line heights; the blocks it brings on screen are then laid
        out taller (``reading_layout``), which can push the cursor back off the screen.
        So: scroll, lay out what is now on screen, and scroll again until it stays.
        """
        for _ in range(4):
            if centre:
                self.centerCursor()
            else:
                self.ensureCursorVisible()
            changed = self.format_visible()
            if self._cursor_on_screen() and not changed:
                return
        # Qt's line arithmetic cannot place it: its line two lines from the top, or first.
        cursor = self.textCursor()
        line = cursor.block().layout().lineForTextPosition(cursor.positionInBlock())
        first = cursor.block().firstLineNumber() + max(line.lineNumber(), 0)
        for above in (2, 0):
            self.verticalScrollBar().setValue(max(0, first - above))
            self.format_visible()
            if self._cursor_on_screen():
                return

    def _cursor_on_screen(self) -> bool:
        """Whether the selection (or the cursor) is on screen with a line to spare."""
        cursor, spare = self.textCursor(), self.fontMetrics().lineSpacing()
        ends = QTextCursor(cursor)
        ends.setPosition(cursor.selectionStart())
        top = self.cursorRect(ends).top()
        return top >= spare and self.cursorRect().bottom() <= self.viewport().height() - spare

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
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            ids = self.passages_at_point(event.pos())
            self.show_description(ids, event.globalPos(), self)
            return True
        return super().viewportEvent(event)

    def show_description(self, ids: list[str], where: QPoint, over: QWidget) -> None:
        """Hover text for passages: their tags, notes and authors, or nothing."""
        description = self.describe_passages(ids)
        if description:  # escaped: notes are never rendered as markup
            text = "<qt>" + html.escape(description).replace("\n", "<br>") + "</qt>"
            QToolTip.showText(where, text, over)
        else:
            QToolTip.hideText()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoomed: headings follow
            self._painter.set_body_size(self.font().pointSizeF())
            self._reading.forget_widths()
            self.fit_margin()
            self.viewport().update()
        if event.type() == QEvent.Type.PaletteChange:  # light/dark scheme switched
            neutral_selection(self)
            self._painter.set_base(self._page_color())
            self.viewport().update()
            self.margin.update()

    def _page_color(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Base)


def _kind_shown(block: Block) -> str:
    """How a block is set out: a quoted paragraph as a quotation, else by its kind."""
    return "quote" if block.kind == "paragraph" and block.level else block.kind


def _x_of(line: QTextLine, inside: int) -> float:
    """Where a block position falls on ``line`` (PySide returns (x, position))."""
    found = cast("tuple[float, int]", line.cursorToX(inside))
    return found[0]
