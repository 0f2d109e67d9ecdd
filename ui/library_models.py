"""Item models for the document list and the tag tree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QStandardItem, QStandardItemModel

from models import DocumentSummary, Tag
from models.wording import count

DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DOCUMENT_LABEL_ROLE = Qt.ItemDataRole.UserRole + 2
"""A document's title and version, what the filter box matches (nothing is counted)."""
TAG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractListModel):
    """The library's documents: title, number of annotations, and for a record imported
    in several versions which version it is (the superseded ones marked)."""

    def __init__(self) -> None:
        super().__init__()
        self._documents: list[DocumentSummary] = []
        self._versions: dict[str, str] = {}
        self._superseded: set[str] = set()
        self._counter: Callable[[str], int] = lambda document_id: 0
        self._counts: dict[str, int] = {}
        self._new: dict[str, int] = {}  # records with annotations a merge brought, unseen
        self.new_mark: QIcon | None = None
        self.blank_mark: QIcon | None = None

    def set_counter(self, counter: Callable[[str], int]) -> None:
        """Where the number of annotations of a shown row is read (once per refresh)."""
        self._counter = counter

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._documents = list(documents)
        self._versions, self._superseded = _versions(self._documents)
        self._counts = {}
        self.endResetModel()

    def recount(self, document_id: str) -> None:
        """The number of annotations of one record changed: read it again when shown."""
        self._counts.pop(document_id, None)
        row = self.row_of(document_id)
        if row is not None:
            self.dataChanged.emit(self.index(row), self.index(row))

    def set_new(self, new: dict[str, int]) -> None:
        """How many annotations of each record a merge brought that are not seen yet."""
        changed = set(new) ^ set(self._new) | {d for d in new if new[d] != self._new.get(d)}
        self._new = dict(new)
        for document_id in changed:
            row = self.row_of(document_id)
            if row is not None:
                self.dataChanged.emit(self.index(row), self.index(row))

    def one_seen(self, document_id: str) -> None:
        """One of the record's new annotations has been seen."""
        left = self._new.get(document_id, 0) - 1
        others = {d: n for d, n in self._new.items() if d != document_id}
        self.set_new({**others, document_id: left} if left > 0 else others)

    def annotation_count(self, document: DocumentSummary) -> int:
        """Counted when the row is first shown: a library of 10,000 records is not
        counted to show the thirty rows on screen."""
        if document.id not in self._counts:
            self._counts[document.id] = self._counter(document.id)
        return self._counts[document.id]

    def document(self, row: int) -> DocumentSummary:
        return self._documents[row]

    def row_of(self, document_id: str) -> int | None:
        return next((r for r, d in enumerate(self._documents) if d.id == document_id), None)

    def label(self, document: DocumentSummary) -> str:
        """'Title (v2, 28 Nov 2026, superseded)' for versions; else the title."""
        version = self._versions.get(document.id)
        if version is None:
            return document.title
        if document.id in self._superseded:
            return self.tr("{0} ({1}, superseded)").format(document.title, version)
        return f"{document.title} ({version})"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._documents)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._documents):
            return None
        document = self._documents[index.row()]
        new = self._new.get(document.id, 0)
        fresh = self.tr(", {0} new").format(new) if new else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self.label(document)}  · {self.annotation_count(document)}{fresh}"
        if role == Qt.ItemDataRole.DecorationRole and self._new:
            return self.new_mark if new else self.blank_mark
        if role == Qt.ItemDataRole.ToolTipRole:
            annotations = count(self.annotation_count(document), "annotation")
            return f"{self.label(document)}\n{document.source_name} · {annotations}{fresh}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            annotations = count(self.annotation_count(document), "annotation")
            return f"{self.label(document)}, {annotations}{fresh}"
        if role == Qt.ItemDataRole.FontRole and document.id in self._superseded:
            font = QFont()
            font.setItalic(True)
            return font
        if role == DOCUMENT_ID_ROLE:
            return document.id
        if role == DOCUMENT_LABEL_ROLE:
            return self.label(document)
        return None


def _versions(documents: list[DocumentSummary]) -> tuple[dict[str, str], set[str]]:
    """For documents in a chain of versions: 'v2, 28 Nov 2026' by id, and which are
    superseded (a newer version of them is in the list)."""
    by_id = {d.id: d for d in documents}
    superseded = {d.revision_of for d in documents if d.revision_of in by_id}
    versions: dict[str, str] = {}
    for document in documents:
        if document.revision_of not in by_id and document.id not in superseded:
            continue  # a record with one version: no label
        number, seen, step = 1, {document.id}, document
        while step.revision_of in by_id and step.revision_of not in seen:
            step = by_id[step.revision_of]
            seen.add(step.id)
            number += 1
        day = datetime.fromtimestamp(document.created / 1000).strftime("%d %b %Y").lstrip("0")
        versions[document.id] = f"v{number}, {day}"
    return versions, {s for s in superseded if s is not None}


class TagTreeModel(QStandardItemModel):
    """The tag tree: name with a colour swatch, its quick key, and how many passages
    carry the tag (and, for a parent, how many carry it or a subtag)."""

    NAME, KEY, PASSAGES = range(3)

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalHeaderLabels([self.tr("Tag"), self.tr("Key"), self.tr("Passages")])
        self.setHeaderData(
            self.PASSAGES,
            Qt.Orientation.Horizontal,
            self.tr("Passages with the tag; in brackets, with the tag or one of its subtags"),
            Qt.ItemDataRole.ToolTipRole,
        )
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
        number = self._numbers.get(tag.id)
        key_line = f"Ctrl+{number}" if number else ""
        name.setToolTip("\n".join(p for p in (tag.path, passages, key_line, tag.description) if p))
        key = QStandardItem(f"Ctrl+{number}" if number else "")
        key.setToolTip(
            self.tr("Ctrl+{0} highlights with this tag").format(number)
            if number
            else self.tr("No quick key (Change tag → Quick key…)")
        )
        shown = str(tag.annotation_count)
        if tag.with_subtags != tag.annotation_count:  # '0 (6)': 6 with its subtags
            shown = f"{tag.annotation_count} ({tag.with_subtags})"
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
