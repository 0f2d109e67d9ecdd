"""Questions the app asks the officer, behind one object so tests can answer them.

The default implementations open Qt's standard dialogs; tests pass a ``Prompts`` whose
methods return prepared answers, so no test ever waits on a modal ``exec()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QDialog,
    QFileDialog,
    QGridLayout,
    QInputDialog,
    QMessageBox,
    QWidget,
)

from models.entities import ImportedDocument
from models.merge import MergeReport
from models.merge_choices import Choices
from ui.merge_dialog import MergePreview
from ui.reread_dialog import RereadDialog
from ui.share_dialog import ShareChoice, ShareDialog

QUESTION_WIDTH = 420
"""Pixels: room for a question's title and its longest choice."""


class Prompts:
    """Ask for a line of text, a colour, a choice, files, or a yes/no confirmation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def text(self, title: str, label: str, default: str = "") -> str | None:
        dialog = self._asking(title, label)
        dialog.setTextValue(default)
        return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def color(self, title: str, initial: str) -> str | None:
        chosen = QColorDialog.getColor(QColor(initial), self.parent, title)
        return chosen.name().upper() if chosen.isValid() else None

    def choose(self, title: str, label: str, options: Sequence[str]) -> str | None:
        dialog = self._asking(title, label)
        dialog.setComboBoxItems(list(options))
        dialog.setComboBoxEditable(False)
        return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _asking(self, title: str, label: str) -> QInputDialog:
        """A question dialog wide enough for its title bar ("Share — Marginalia" was
        cut to "Share ...ginalia" at Qt's own size)."""
        dialog = QInputDialog(self.parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        # Its layout fixes its minimum size, so it is given a width rather than a minimum.
        dialog.resize(QUESTION_WIDTH, dialog.sizeHint().height())
        return dialog

    def confirm(self, title: str, text: str, action: str = "") -> bool:
        """Ask before doing something; ``action`` names the button that does it
        ("Merge", "Delete"), which is the default one, beside Cancel."""
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, self.parent
        )
        go = box.addButton(action or box.tr("Yes"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(go)
        box.exec()
        return box.clickedButton() is go

    def merge_preview(self, source: str, report: MergeReport, described: str) -> Choices | None:
        """What merging ``source`` would change (``ui.merge_dialog``): the officer's
        choices for annotations edited on both sides, or None to cancel. ``described``
        is the same in words, for a prompt without a window."""
        preview = MergePreview(report, source, self.parent)
        return preview.choices() if preview.exec() == QDialog.DialogCode.Accepted else None

    def open_files(self, title: str, filters: str) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(self.parent, title, "", filters)
        return list(files)

    def reread(self, path: Path, encoding: str, current: str = "") -> ImportedDocument | None:
        """The record in ``path`` read in the encoding the officer picks, seeing how it
        reads, otherwise than ``current`` (None if they cancel)."""
        dialog = RereadDialog(self.parent, path, encoding, current)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.record if accepted else None

    def open_records(self, title: str, filters: str) -> tuple[list[str], bool]:
        """Records to import, and whether web pages are read whole (a box under the
        file list; by default their main content)."""
        dialog = QFileDialog(self.parent, title, "", filters)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # to hold the box
        whole = QCheckBox(
            dialog.tr("Web pages whole (navigation, sidebars and footers too)"), dialog
        )
        whole.setObjectName("whole-page")
        layout = dialog.layout()
        if isinstance(layout, QGridLayout):
            layout.addWidget(whole, layout.rowCount(), 0, 1, layout.columnCount())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return [], False
        return list(dialog.selectedFiles()), whole.isChecked()

    def save_file(self, title: str, default: str, filters: str) -> str | None:
        name, _ = QFileDialog.getSaveFileName(self.parent, title, default, filters)
        return name or None

    def share(
        self, current: tuple[str, str] | None, authors: list[str], default_out: str, filters: str
    ) -> ShareChoice | None:
        """The Share form (``current``: the open record's id and title); None if
        cancelled."""
        dialog = ShareDialog(
            self.parent,
            current,
            authors,
            default_out,
            lambda now: self.save_file(dialog.tr("Share to"), now, filters),
        )
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


def show_message(
    parent: QWidget | None, title: str, text: str, error: bool = True, details: str = ""
) -> QMessageBox:
    """Show a message without blocking (``open()``, not ``exec()``); return the box.
    ``details``: a long account behind Show Details, so the box stays on the screen.

    Text is shown as plain text: a note or file name from a colleague's database can
    never inject markup.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:  # nothing else keeps a parentless box alive until it is answered
        _UNPARENTED.add(box)
        box.finished.connect(lambda _result: _UNPARENTED.discard(box))
    box.open()
    return box


_UNPARENTED: set[QMessageBox] = set()
