"""Ctrl+T: choose a tag by typing part of its name, or create one by typing a new path.

The list shows the tags whose path contains what was typed (exact match first, then
those starting with it), and, when no tag has exactly that path, a last row that creates
it. Enter takes the highlighted row; the line under the list always says what Enter will
do, so nothing is tagged by surprise.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import Tag

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def clean_path(typed: str) -> str:
    """'Risks / Legal ' -> 'Risks/Legal' (empty levels dropped)."""
    return "/".join(part.strip() for part in typed.split("/") if part.strip())


def ranked(tags: list[Tag], typed: str) -> list[Tag]:
    """Tags whose path holds ``typed`` (case-blind): exact, then prefix, then the rest."""
    wanted = clean_path(typed).casefold()
    if not wanted:
        return list(tags)
    found = [t for t in tags if wanted in t.path.casefold()]
    return sorted(
        found,
        key=lambda t: (t.path.casefold() != wanted, not t.path.casefold().startswith(wanted)),
    )


class TagPicker(QDialog):
    """A small window-modal picker; ``chosen`` carries the tag path (existing or new)."""

    chosen = Signal(str)

    def __init__(self, tags: list[Tag], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tag"))
        self._tags = tags
        self.query = QLineEdit(placeholderText=self.tr("Type a tag, or a new one (Risks/Legal)"))
        self.query.setAccessibleName(self.tr("Tag to find or create"))
        self.query.setAccessibleDescription(
            self.tr(
                "Type part of a tag's name; Up and Down choose; Enter applies it. "
                "A name no tag has creates that tag; a / makes a subtag."
            )
        )
        self.matches = QListWidget()
        self.matches.setAccessibleName(self.tr("Matching tags"))
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the line
        self.outcome = QLabel()
        self.outcome.setAccessibleName(self.tr("What Enter does"))
        layout = QVBoxLayout(self)
        for widget in (self.query, self.matches, self.outcome):
            layout.addWidget(widget)
        self.query.textChanged.connect(self._refill)
        self.query.returnPressed.connect(self.accept)
        self.query.installEventFilter(self)
        self.matches.currentRowChanged.connect(self._describe)
        self.matches.itemActivated.connect(lambda _item: self.accept())
        self.resize(420, 320)
        self._refill("")

    def _refill(self, typed: str) -> None:
        self.matches.clear()
        for tag in ranked(self._tags, typed):
            item = QListWidgetItem(tag.path)
            item.setData(PATH_ROLE, tag.path)
            item.setData(Qt.ItemDataRole.DecorationRole, QColor(tag.color))
            self.matches.addItem(item)
        path = clean_path(typed)
        if path and not any(t.path.casefold() == path.casefold() for t in self._tags):
            item = QListWidgetItem(self.tr("New tag “{0}”").format(path))
            item.setData(PATH_ROLE, path)
            self.matches.addItem(item)
        self.matches.setCurrentRow(0 if self.matches.count() else -1)
        self._describe()

    def _describe(self, *_: object) -> None:
        path = self.chosen_path()
        if path is None:
            self.outcome.setText(self.tr("Type the name of a tag."))
        elif any(t.path == path for t in self._tags):
            self.outcome.setText(self.tr("Enter tags it “{0}”.").format(path))
        else:
            self.outcome.setText(self.tr("Enter creates the tag “{0}” and tags it.").format(path))

    def chosen_path(self) -> str | None:
        item = self.matches.currentItem()
        return item.data(PATH_ROLE) if item is not None else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the line move through the list (typing stays in the line)."""
        if watched is self.query and isinstance(event, QKeyEvent):
            keys = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}
            step = keys.get(Qt.Key(event.key())) if event.type() == QEvent.Type.KeyPress else None
            if step and self.matches.count():
                row = (self.matches.currentRow() + step) % self.matches.count()
                self.matches.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        if self.result() == QDialog.DialogCode.Accepted and not self.isVisible():
            return  # Enter reaches both the line and the dialog: take it once
        path = self.chosen_path()
        super().accept()
        if path:
            self.chosen.emit(path)
