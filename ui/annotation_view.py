"""The table of annotations, fitted to the room it has.

Columns are never measured against their contents (10,000 rows would be measured);
widths come from the font and the panel's width. When the panel is narrow the least
needed columns step aside — date, then note (it is in the editor below), then author —
so the passage and its tags always stay readable, with no horizontal scrolling.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.annotation_table import AnnotationTableModel, TagChipDelegate

M = AnnotationTableModel
PASSAGE_MIN, NOTE_MIN, TAGS_WIDTH = 140, 120, 110
STEP_ASIDE = (M.DATE, M.NOTE, M.AUTHOR)
"""The columns hidden first when there is too little room."""


class AnnotationTable(QTableView):
    """Rows of passages in text order, one chosen at a time."""

    def __init__(self, model: AnnotationTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setItemDelegateForColumn(M.TAGS, TagChipDelegate(self))
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setWordWrap(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setStretchLastSection(False)
        for column in range(len(M.HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self._author_width = self._text_width("Firstname Lastname")
        self.viewport().installEventFilter(self)

    def fit_authors(self, authors: list[str]) -> None:
        """Make the author column as wide as the longest name (within reason)."""
        longest = max((self._text_width(a) for a in authors), default=0)
        self._author_width = max(self._text_width("Author"), min(longest, 280))
        self.fit_columns()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        room = self.viewport().width()
        fixed = {
            M.TAGS: TAGS_WIDTH,
            M.AUTHOR: self._author_width + 20,
            M.DATE: self._text_width("00 Mmm 0000"),
        }
        hidden: set[int] = set()

        def needed() -> int:
            shown_fixed = sum(w for c, w in fixed.items() if c not in hidden)
            return PASSAGE_MIN + shown_fixed + (0 if M.NOTE in hidden else NOTE_MIN)

        for column in STEP_ASIDE:
            if needed() <= room:
                break
            hidden.add(column)
        header = self.horizontalHeader()
        for column in range(len(M.HEADERS)):
            header.setSectionHidden(column, column in hidden)
        spare = max(0, room - needed())
        for column, width in fixed.items():
            header.resizeSection(column, width)
        if M.NOTE in hidden:
            header.resizeSection(M.PASSAGE, PASSAGE_MIN + spare)
        else:
            header.resizeSection(M.NOTE, NOTE_MIN + spare * 2 // 5)
            header.resizeSection(M.PASSAGE, PASSAGE_MIN + spare - spare * 2 // 5)

    def _text_width(self, text: str) -> int:
        return self.fontMetrics().horizontalAdvance(text) + 16
