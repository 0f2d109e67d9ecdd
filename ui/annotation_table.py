"""The annotation panel's Qt item model, its filter, and the tag-chip painter."""

from __future__ import annotations

import itertools
from bisect import bisect_left
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from models import Annotation, Tag
from ui.colors import text_on

ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TAG_CHIPS_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class AnnotationTableModel(QAbstractTableModel):
    """One row per annotation of the open document, in text order."""

    PASSAGE, TAGS, NOTE, AUTHOR, DATE = range(5)
    HEADERS = ("Passage", "Tags", "Note", "Author", "Date")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Annotation] = []
        self._keys: list[tuple[int, int, str]] = []
        self._tags: dict[str, Tag] = {}

    # -- filling -------------------------------------------------------------------------

    def set_annotations(self, annotations: list[Annotation], tags: list[Tag]) -> None:
        self.beginResetModel()
        keys = [_key(a) for a in annotations]
        if all(a <= b for a, b in itertools.pairwise(keys)):
            self._rows, self._keys = list(annotations), keys  # the library's text order
        else:
            self._rows = sorted(annotations, key=_key)
            self._keys = [_key(a) for a in self._rows]
        self._tags = {t.id: t for t in tags}
        self.endResetModel()

    def set_tags(self, tags: list[Tag]) -> None:
        """Tag names or colours changed: repaint the tag column."""
        self._tags = {t.id: t for t in tags}
        if self._rows:
            self.dataChanged.emit(
                self.index(0, self.TAGS), self.index(len(self._rows) - 1, self.TAGS)
            )

    def upsert(self, annotation: Annotation) -> None:
        """Add an annotation, or replace it (moving its row if its passage moved)."""
        self.remove(annotation.id)
        row = bisect_left(self._keys, _key(annotation))
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, annotation)
        self._keys.insert(row, _key(annotation))
        self.endInsertRows()

    def remove(self, annotation_id: str) -> None:
        row = self.row_of(annotation_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        self.endRemoveRows()

    # -- reading -------------------------------------------------------------------------

    def row_of(self, annotation_id: str) -> int | None:
        for row, annotation in enumerate(self._rows):
            if annotation.id == annotation_id:
                return row
        return None

    def annotation(self, row: int) -> Annotation:
        return self._rows[row]

    def annotations(self) -> list[Annotation]:
        return list(self._rows)

    def tag(self, tag_id: str) -> Tag | None:
        return self._tags.get(tag_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        annotation = self._rows[index.row()]
        if role == ANNOTATION_ID_ROLE:
            return annotation.id
        if role == TAG_CHIPS_ROLE:
            return self._chips(annotation)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(annotation, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._display(annotation, index.column(), full=True)
        return None

    def _chips(self, annotation: Annotation) -> list[tuple[str, str]]:
        tags = [self._tags[t] for t in annotation.tag_ids if t in self._tags]
        return [(t.path, t.color) for t in sorted(tags, key=lambda t: t.path.casefold())]

    def _display(self, annotation: Annotation, column: int, full: bool = False) -> str:
        if column == self.PASSAGE:
            return annotation.quote if full else _flat(annotation.quote, 120)
        if column == self.TAGS:
            return ", ".join(name for name, _ in self._chips(annotation))
        if column == self.NOTE:
            return annotation.note if full else _flat(annotation.note, 120)
        if column == self.AUTHOR:
            return annotation.author
        moment = datetime.fromtimestamp(annotation.modified / 1000)
        return moment.strftime("%Y-%m-%d %H:%M" if full else "%d %b %Y")


def _key(annotation: Annotation) -> tuple[int, int, str]:
    return (annotation.start, annotation.end, annotation.id)


def _flat(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class AnnotationFilter(QSortFilterProxyModel):
    """Filters the panel by words (in passage or note), by tag (with subtags), by author."""

    def __init__(self) -> None:
        super().__init__()
        self._words = ""
        self._tag_ids: frozenset[str] = frozenset()
        self._author = ""

    def set_words(self, words: str) -> None:
        self.beginFilterChange()
        self._words = words.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_tags(self, tag_ids: frozenset[str]) -> None:
        self.beginFilterChange()
        self._tag_ids = tag_ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_author(self, author: str) -> None:
        self.beginFilterChange()
        self._author = author
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_active(self) -> bool:
        return bool(self._words or self._tag_ids or self._author)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not (self._words or self._tag_ids or self._author):
            return True
        model = self.sourceModel()
        assert isinstance(model, AnnotationTableModel)
        annotation = model.annotation(source_row)
        if self._author and annotation.author != self._author:
            return False
        if self._tag_ids and not self._tag_ids.intersection(annotation.tag_ids):
            return False
        if self._words:
            return self._words in annotation.quote.casefold() or self._words in (
                annotation.note.casefold()
            )
        return True


class TagChipDelegate(QStyledItemDelegate):
    """Paints an annotation's tags as small rounded chips in their colours."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        chips = index.data(TAG_CHIPS_ROLE) or []
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[operator]
            painter.fillRect(option.rect, option.palette.highlight())  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = option.fontMetrics  # type: ignore[attr-defined]
        rect = option.rect  # type: ignore[attr-defined]
        x = rect.left() + 3
        for name, color in chips:
            room = rect.right() - x - 10
            if room < 12:
                break
            name = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)
            width = metrics.horizontalAdvance(name) + 10
            chip = QRectF(x, rect.top() + 3, width, rect.height() - 6)
            background = QColor(color)
            painter.setBrush(background)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(chip, 6, 6)
            painter.setPen(text_on(background))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, name)
            x += width + 4
        painter.restore()
