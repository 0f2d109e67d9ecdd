"""The annotation panel's Qt item model (with its filter) and the tag-chip painter."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from models import Annotation, Tag
from models.entities import Passage
from models.palette import author_color
from ui.colors import text_on

ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TAG_CHIPS_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
Loader = Callable[[list[str]], list[Annotation]]
Key = tuple[int, int, str, tuple[str, ...] | None]
"""(start, end, annotation id, tag ids or None until read): sorts into text order."""


class AnnotationTableModel(QAbstractTableModel):
    """One row per annotation of the open document, in text order, filterable.

    Rows start as passages (position and tags, cheap to load for 10,000); the quote,
    note, author and date of a row are read through ``loader`` a page at a time, when
    the row is first shown or searched. Filtering happens here rather than in a proxy:
    with no filter set, no per-row Python call is made at all.
    """

    PASSAGE, TAGS, NOTE, AUTHOR, DATE = range(5)
    HEADERS = ("Passage", "Tags", "Note", "Author", "Date")
    PAGE = 200

    def __init__(self, loader: Loader | None = None) -> None:
        super().__init__()
        self._all: list[Key] = []  # every passage, in text order
        self._keys: list[Key] = []  # the rows shown: those passing the filter
        self._key_of: dict[str, Key] = {}  # annotation id -> its key in ``_all``
        self._details: dict[str, Annotation] = {}
        self._tags: dict[str, Tag] = {}
        self._author_colors: dict[str, str] = {}
        self._loader: Loader = loader or (lambda ids: [])
        self._words, self._author = "", ""
        self._filter_tags: frozenset[str] = frozenset()
        self._row_tags: dict[str, tuple[str, ...]] = {}  # read for filtering by tag
        self.tag_loader: Callable[[list[str]], dict[str, tuple[str, ...]]] = lambda ids: {}
        """Reads annotations' tags by id (``Library.tags_of``)."""
        self._new: dict[str, str] = {}  # annotation id -> the colleague it came from
        self._only: frozenset[str] = frozenset()  # shown by a "New from" filter
        self.new_mark: QIcon | None = None
        """The dot beside a passage a merge brought (set by the panel), and the blank
        beside the others while some have it."""
        self.blank_mark: QIcon | None = None

    # -- filling -------------------------------------------------------------------------

    def set_loader(self, loader: Loader) -> None:
        self._loader = loader

    def set_passages(self, passages: Sequence[Key], tags: list[Tag]) -> None:
        """Show these passages (in text order); their details load when needed."""
        self.beginResetModel()
        self._all = sorted(passages)  # already sorted: a linear check
        self._key_of = {key[2]: key for key in self._all}
        self._details, self._row_tags = {}, {}
        self._tags = {t.id: t for t in tags}
        self._keys = self._visible()
        self.endResetModel()

    def set_author_colors(self, colors: dict[str, str]) -> None:
        """Each author's colour (``Library.author_colors``: distinct while they last)."""
        self._author_colors = dict(colors)
        if self._keys:
            last = self.index(len(self._keys) - 1, self.AUTHOR)
            self.dataChanged.emit(self.index(0, self.AUTHOR), last)

    def author_color(self, name: str) -> str:
        return self._author_colors.get(name) or author_color(name)

    def set_tags(self, tags: list[Tag]) -> None:
        """Tag names or colours changed: repaint the tag column."""
        self._tags = {t.id: t for t in tags}
        if self._keys:
            last = len(self._keys) - 1
            self.dataChanged.emit(self.index(0, self.TAGS), self.index(last, self.TAGS))

    def upsert(self, annotation: Annotation) -> None:
        """Add an annotation, or update its row in place.

        A row keeps its identity: it is changed where it is, or moved (never removed and
        inserted again), so the view's current row and the note being typed stay with
        their annotation. A shown row stays shown even if it no longer passes the
        filter: rows do not vanish under the officer's cursor.
        """
        key = Passage(annotation.start, annotation.end, annotation.id, annotation.tag_ids)
        row = self.row_of(annotation.id)  # found by its old key: look before replacing it
        old = self._key_of.get(annotation.id)
        if old is not None:
            del self._all[bisect_left(self._all, old)]
        insort(self._all, key)
        self._key_of[annotation.id] = key
        self._details[annotation.id] = annotation
        if row is not None:
            self._move_row(row, key)
        elif self._passes(key):
            row = bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._keys.insert(row, key)
            self.endInsertRows()

    def _move_row(self, row: int, key: Key) -> None:
        """Give a shown row its new key, moving it if its passage moved."""
        others = self._keys[:row] + self._keys[row + 1 :]
        new_row = bisect_left(others, key)
        if new_row != row:
            destination = new_row if new_row < row else new_row + 1
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
            others.insert(new_row, key)
            self._keys = others
            self.endMoveRows()
        else:
            self._keys[row] = key
        self.dataChanged.emit(self.index(new_row, 0), self.index(new_row, len(self.HEADERS) - 1))

    def remove(self, annotation_id: str) -> None:
        row = self.row_of(annotation_id)
        if row is not None:  # views may still read the row while it is being removed
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._keys[row]
            self.endRemoveRows()
        old = self._key_of.pop(annotation_id, None)
        if old is not None:
            del self._all[bisect_left(self._all, old)]
        self._details.pop(annotation_id, None)

    # -- what a merge brought ------------------------------------------------------------

    def set_new(self, new: dict[str, str]) -> None:
        """Mark these annotations of the record new (id → the colleague they came from)."""
        shown = bool(self._new)
        self._new = {i: name for i, name in new.items() if i in self._key_of}
        if self._keys and (shown or self._new):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._keys) - 1, 0))

    def new_from(self) -> dict[str, list[str]]:
        """The record's new annotations by the colleague they came from."""
        found: dict[str, list[str]] = {}
        for annotation_id, name in self._new.items():
            found.setdefault(name, []).append(annotation_id)
        return found

    def is_new(self, annotation_id: str) -> bool:
        return annotation_id in self._new

    def seen(self, annotation_id: str) -> None:
        """The officer has seen it: no dot (a "New from" list still shows it)."""
        if self._new.pop(annotation_id, None) is not None:
            row = self.row_of(annotation_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    # -- filtering -----------------------------------------------------------------------

    def set_filter(
        self,
        words: str | None = None,
        tag_ids: frozenset[str] | None = None,
        author: str | None = None,
        only: frozenset[str] | None = None,
    ) -> None:
        """Show only passages with these words (in passage or note), carrying one of
        these tags, by this author, among ``only`` these annotations; ``None`` keeps a
        criterion, empty clears it."""
        self._words = self._words if words is None else words.casefold().strip()
        self._filter_tags = self._filter_tags if tag_ids is None else tag_ids
        self._author = self._author if author is None else author
        self._only = self._only if only is None else only
        if self._words or self._author:
            self.load_all()  # one query, rather than a page per filtered row
        elif self._filter_tags:
            self._read_row_tags()
        self.beginResetModel()
        self._keys = self._visible()
        self.endResetModel()

    def is_filtered(self) -> bool:
        return bool(self._words or self._filter_tags or self._author or self._only)

    def _visible(self) -> list[Key]:
        if not self.is_filtered():
            return list(self._all)
        return [key for key in self._all if self._passes(key)]

    def _passes(self, key: Key) -> bool:
        if self._only and key[2] not in self._only:
            return False
        if self._filter_tags and not self._filter_tags.intersection(self._tags_of(key)):
            return False
        if not (self._words or self._author):
            return True
        self._load([key[2]])
        annotation = self._details[key[2]]
        if self._author and annotation.author != self._author:
            return False
        words = self._words
        return (
            not words or words in annotation.quote.casefold() or words in annotation.note.casefold()
        )

    # -- reading -------------------------------------------------------------------------

    def row_of(self, annotation_id: str) -> int | None:
        """The shown row of an annotation (a binary search: rows are in text order)."""
        key = self._key_of.get(annotation_id)
        if key is None:
            return None
        row = bisect_left(self._keys, key)
        return row if row < len(self._keys) and self._keys[row] == key else None

    def annotation_at(self, start: int, end: int) -> str | None:
        """The annotation whose passage is exactly ``start:end``, if there is one."""
        row = bisect_left(self._all, (start, end))
        if row < len(self._all) and self._all[row][:2] == (start, end):
            return self._all[row][2]
        return None

    def details(self, annotation_id: str) -> Annotation | None:
        """The full annotation, shown or filtered out (None if not in this document)."""
        if annotation_id not in self._key_of:
            return None
        self._load([annotation_id])
        return self._details.get(annotation_id)

    def annotation(self, row: int) -> Annotation:
        """The full annotation of a row (read with its page if not yet loaded)."""
        annotation_id = self._keys[row][2]
        if annotation_id not in self._details:
            self._load([k[2] for k in self._keys[row : row + self.PAGE]])
        return self._details[annotation_id]

    def total(self) -> int:
        """Annotations of the document, shown or filtered out."""
        return len(self._all)

    def tag_ids(self, row: int) -> tuple[str, ...]:
        return self._tags_of(self._keys[row])

    def _tags_of(self, key: Key) -> tuple[str, ...]:
        """A row's tags: its key's, or, when the key came without them (a record's rows
        do), its details' or those read for filtering by tag."""
        if key[3] is not None:
            return key[3]
        details = self._details.get(key[2])
        if details is not None:
            return details.tag_ids
        if key[2] not in self._row_tags:
            self._load([key[2]])
            return self._details[key[2]].tag_ids
        return self._row_tags[key[2]]

    def _read_row_tags(self) -> None:
        """Read every row's tags at once (filtering by tag needs them all)."""
        missing = [k[2] for k in self._all if k[3] is None and k[2] not in self._details]
        missing = [i for i in missing if i not in self._row_tags]
        if missing:
            found = self.tag_loader(missing)
            self._row_tags.update((i, found.get(i, ())) for i in missing)

    def annotations(self) -> list[Annotation]:
        """Every annotation of the document, filtered or not, in text order."""
        self.load_all()
        return [self._details[k[2]] for k in self._all]

    def load_all(self) -> None:
        """Read every row's details (before filtering by words or author)."""
        self._load([k[2] for k in self._all])

    def _load(self, ids: list[str]) -> None:
        missing = [i for i in ids if i not in self._details]
        if missing:
            self._details.update((a.id, a) for a in self._loader(missing))

    def tag(self, tag_id: str) -> Tag | None:
        return self._tags.get(tag_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        if role == ANNOTATION_ID_ROLE:
            return self._keys[index.row()][2]
        if role == TAG_CHIPS_ROLE:
            return self._chips(self.tag_ids(index.row()))
        if role == Qt.ItemDataRole.DecorationRole and index.column() == self.AUTHOR:
            return QColor(self.author_color(self.annotation(index.row()).author))
        came_from = self._new.get(self._keys[index.row()][2]) if index.column() == 0 else None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and self._new:
            return self.new_mark if came_from is not None else self.blank_mark
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        annotation = self.annotation(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(annotation, index.column())
        told = self._display(annotation, index.column(), full=True)
        if came_from is not None:
            return self.tr("New from {0}").format(came_from or self.tr("a colleague")) + "\n" + told
        return told

    def tag_names(self, tag_ids: tuple[str, ...]) -> list[str]:
        """The tags' paths in the order the panel shows them (the hover text's too)."""
        return [name for name, _ in self._chips(tag_ids)]

    def _chips(self, tag_ids: tuple[str, ...]) -> list[tuple[str, str]]:
        tags = [self._tags[t] for t in tag_ids if t in self._tags]
        return [(t.path, t.color) for t in sorted(tags, key=lambda t: t.path.casefold())]

    def _display(self, annotation: Annotation, column: int, full: bool = False) -> str:
        if column == self.PASSAGE:
            return annotation.quote if full else _flat(annotation.quote, 120)
        if column == self.TAGS:
            return ", ".join(name for name, _ in self._chips(annotation.tag_ids))
        if column == self.NOTE:
            return annotation.note if full else _flat(annotation.note, 120)
        if column == self.AUTHOR:
            return annotation.author
        moment = datetime.fromtimestamp(annotation.modified / 1000)
        return moment.strftime("%Y-%m-%d %H:%M" if full else "%d %b %Y")


def _flat(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


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
        for number, (name, color) in enumerate(chips):
            left = len(chips) - number - 1  # chips after this one
            more = f"+{left}" if left else ""
            room = rect.right() - x - 10 - (metrics.horizontalAdvance(more) + 6 if more else 0)
            if room < 12:  # no room for this chip: say how many are not drawn
                more = f"+{len(chips) - number}"
                painter.setPen(option.palette.text().color())  # type: ignore[attr-defined]
                painter.drawText(
                    QRectF(x, rect.top(), rect.right() - x, rect.height()),
                    Qt.AlignmentFlag.AlignVCenter,
                    more,
                )
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
