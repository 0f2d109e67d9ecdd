"""File → Share a copy…: one form for what goes into a colleague's copy, and where.

It replaces three questions in a row (what, where, notes?), where Cancel at the last
one was easy to miss. Every choice is labelled, and the primary button says what it
does: Share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ShareChoice:
    """What the officer chose: ``Library.share``'s arguments."""

    out: str
    document_ids: tuple[str, ...] = ()
    """Empty: every record."""
    no_notes: bool = False
    without_authors: tuple[str, ...] = ()


class ShareDialog(QDialog):
    """The form; ``browse`` asks where to save (a file dialog, or a test's answer)."""

    def __init__(
        self,
        parent: QWidget | None,
        current: tuple[str, str] | None,
        authors: list[str],
        default_out: str,
        browse: Callable[[str], str | None],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Share a copy — Marginalia"))
        self._current, self._browse = current, browse
        self.everything = QRadioButton(self.tr("&Every record"))
        title = current[1] if current else ""
        shown = title if len(title) <= 60 else title[:59] + "…"  # the form stays narrow
        self.only_open = QRadioButton(
            self.tr("Only “{0}”").format(shown) if current else self.tr("Only the open record")
        )
        self.only_open.setEnabled(current is not None)
        scope = QButtonGroup(self)
        for button in (self.everything, self.only_open):
            scope.addButton(button)
        self.everything.setChecked(True)
        self.notes = QCheckBox(self.tr("Include the &notes"))
        self.notes.setChecked(True)
        self.authors = QListWidget()
        self.authors.setAccessibleName(self.tr("Leave out the passages of"))
        for name in authors:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.authors.addItem(item)
        self.authors.setMaximumHeight(110)
        self.out = QLineEdit(default_out)
        self.out.setAccessibleName(self.tr("Save the copy to"))
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.browse_button.clicked.connect(self._choose_file)
        self.browse_button.setAutoDefault(False)  # Enter shares; it opened the file dialog
        self.buttons = QDialogButtonBox()
        self.share_button = self.buttons.addButton(
            self.tr("&Share"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.share_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.out.textChanged.connect(lambda text: self.share_button.setEnabled(bool(text.strip())))
        self._lay_out()
        self.resize(520, self.sizeHint().height())

    def _lay_out(self) -> None:
        records = QVBoxLayout()
        records.addWidget(self.everything)
        records.addWidget(self.only_open)
        where = QHBoxLayout()
        where.addWidget(self.out, 1)
        where.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("Records:"), records)
        form.addRow(self.tr("Notes:"), self.notes)
        form.addRow(self.tr("Leave out the\npassages of:"), self.authors)
        form.addRow(self.tr("Save to:"), where)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.buttons)

    def _choose_file(self) -> None:
        chosen = self._browse(self.out.text())
        if chosen:
            self.out.setText(chosen)

    def choice(self) -> ShareChoice | None:
        """What the form says (None without a file to write)."""
        out = self.out.text().strip()
        if not out:
            return None
        only = self.only_open.isChecked() and self._current is not None
        left_out = tuple(
            self.authors.item(n).text()
            for n in range(self.authors.count())
            if self.authors.item(n).checkState() == Qt.CheckState.Checked
        )
        return ShareChoice(
            out,
            (self._current[0],) if only and self._current else (),
            not self.notes.isChecked(),
            left_out,
        )
