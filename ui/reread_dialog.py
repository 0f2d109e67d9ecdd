"""The record's file as it reads in an encoding the officer picks (``ui.reread``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from importers import ENCODINGS, import_file
from importers.encodings import plausibility
from models.entities import ImportedDocument
from models.errors import MarginaliaError

PREVIEW = 4000
"""Characters of the record shown as it would read."""
JUDGED = 20_000
"""Characters of a reading judged for how plausible it looks."""


def tr(text: str) -> str:
    return QCoreApplication.translate("Reread", text)


class RereadDialog(QDialog):
    """The record's file as it reads in the chosen encoding; Read again is enabled only
    when every byte of the file is text in it and it reads otherwise than ``current``
    (the record's text now)."""

    def __init__(
        self, parent: QWidget | None, path: Path, encoding: str, current: str = ""
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.current = current
        self._plausible_now = plausibility(current[:JUDGED]) if current else 0.0
        self.record: ImportedDocument | None = None
        self.setWindowTitle(tr("Read “{0}” in another encoding").format(path.name))
        self.encoding = QComboBox(objectName="encoding")
        self.encoding.setEditable(True)
        self.encoding.addItems(list(dict.fromkeys([encoding, *ENCODINGS])))
        self.encoding.setAccessibleName(tr("Encoding"))
        self.preview = QPlainTextEdit(objectName="preview", readOnly=True)
        self.preview.setAccessibleName(tr("The record as it would read"))
        self.problem = QLabel(objectName="problem", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.read_button = self.buttons.addButton(
            tr("Read again"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("File:"), QLabel(str(path), wordWrap=True))
        form.addRow(tr("&Encoding:"), self.encoding)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(640, 480)
        self.encoding.currentTextChanged.connect(self.read_as)
        self.read_as(self.encoding.currentText())

    def read_as(self, encoding: str) -> None:
        """Read the file in ``encoding`` and show it, or say why it cannot be."""
        try:
            self.record = import_file(self.path, encoding=encoding)
        except MarginaliaError as refusal:  # ImportRefused is one
            self.record = None
            self.preview.clear()
            self.problem.setText(str(refusal))
        else:
            self.preview.setPlainText(self.record.text[:PREVIEW])
            told = tr("Read as {0}: check the accented letters read right.")
            if self.record.text == self.current:
                told = tr("Read as {0}, it reads as the record does now: choose another.")
            elif plausibility(self.record.text[:JUDGED]) < self._plausible_now:
                told = tr(
                    "Read as {0}, it looks less right than the record does now (its "
                    "letters belong to no one language, or signs sit inside words)."
                )
            self.problem.setText(told.format(self.record.metadata["encoding"]))
        self.read_button.setEnabled(self.record is not None and self.record.text != self.current)

    def accept(self) -> None:
        """Read again only what the box says now (never a reading left from before)."""
        self.read_as(self.encoding.currentText())
        if self.read_button.isEnabled():
            super().accept()
