"""Item models for the document list and the tag tree."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel

from models import DocumentSummary, Tag
from models.wording import count

DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TAG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractListModel):
    """The library's documents: title and number of annotations."""

    def __init__(self) -> None:
        super().__init__()
        self._documents: list[DocumentSummary] = []

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._documents = list(documents)
        self.endResetModel()

    def document(self, row: int) -> DocumentSummary:
        return self._documents[row]

    def row_of(self, document_id: str) -> int | None:
        return next((r for r, d in enumerate(self._documents) if d.id == document_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._documents)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._documents):
            return None
        document = self._documents[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{document.title}  ({document.annotation_count})"
        if role == Qt.ItemDataRole.ToolTipRole:
            template = self.tr("{title}\n{source} · {length:,} characters · {count} annotations")
            return template.format(
                title=document.title, source=document.source_name, length=document.length,
                count=document.annotation_count,
            )  # fmt: skip
        if role == DOCUMENT_ID_ROLE:
            return document.id
        return None


class TagTreeModel(QStandardItemModel):
    """The tag tree: name with a colour swatch, its quick key, and how many passages
    carry the tag (and, for a parent, how many carry it or a subtag)."""

    NAME, KEY, PASSAGES = range(3)

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalHeaderLabels([self.tr("Tag"), self.tr("Key"), self.tr("Passages")])
        self._tags: list[Tag] = []
        self._numbers: dict[str, int] = {}

    def set_tags(self, tags: list[Tag], numbers: dict[str, int] | None = None) -> None:
        self._tags = list(tags)
        self._numbers = self._numbers if numbers is None else numbers
        self.removeRows(0, self.rowCount())
        items: dict[str, QStandardItem] = {}
        for tag in tags:  # parents come before their children
            row = self._row(tag)
            parent = items.get(tag.parent_id or "")
            (parent or self.invisibleRootItem()).appendRow(row)
            items[tag.id] = row[0]

    def _row(self, tag: Tag) -> list[QStandardItem]:
        name = QStandardItem(tag.name)
        name.setData(tag.id, TAG_ID_ROLE)
        name.setData(QColor(tag.color), Qt.ItemDataRole.DecorationRole)
        passages = count(tag.annotation_count, "passage")
        if tag.with_subtags != tag.annotation_count:
            passages += self.tr(", {0} with its subtags").format(tag.with_subtags)
        name.setToolTip(f"{tag.path}\n{passages}\n{tag.description}".strip())
        number = self._numbers.get(tag.id)
        key = QStandardItem(f"Ctrl+{number}" if number else "")
        key.setToolTip(self.tr("Ctrl+{0} highlights with this tag").format(number) if number
                       else self.tr("No quick key: “Key…” gives it one"))  # fmt: skip
        shown = str(tag.annotation_count)
        if tag.with_subtags != tag.annotation_count:
            shown = self.tr("{0} · {1} in subtags").format(tag.annotation_count, tag.with_subtags)
        total = QStandardItem(shown)
        total.setToolTip(passages)
        total.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for item in (name, key, total):
            item.setEditable(False)
        return [name, key, total]

    def tags(self) -> list[Tag]:
        return list(self._tags)

    def subtree_ids(self, tag_id: str) -> frozenset[str]:
        """The tag and every tag below it."""
        found = {tag_id}
        for tag in self._tags:  # tree order: a parent is seen before its children
            if tag.parent_id in found:
                found.add(tag.id)
        return frozenset(found)
