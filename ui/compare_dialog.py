"""Annotate → Compare two readings…: how far two officers' readings of the open record
agree, tag by tag (``models.agreement``), and the passages only one of them marked —
a double-click on one shows it in the record."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import Library
from models.agreement import Comparison

COLUMNS = (
    "Tag",
    "Agreement",
    "Kappa",
    "{0}: characters",
    "{1}: characters",
    "Both",
    "{0}: agreed",
    "{1}: agreed",
)
"""The table's columns; {0} and {1} are the two readers."""
EXPLAINED = (
    "Agreement and Cohen's kappa are counted over characters: each character is marked "
    "with a tag, or not, by each reader (kappa corrects the agreement for chance; — where "
    "it is undefined). A double-click on a passage shows it in the record."
)


class CompareDialog(QDialog):
    """Two readers of one record, compared as the officer changes who and how."""

    def __init__(
        self, library: Library, document_id: str, parent: QWidget, show: Callable[[str, str], None]
    ) -> None:
        super().__init__(parent)
        self.library, self.document_id, self.show_annotation = library, document_id, show
        self.setWindowTitle(self.tr("Compare two readings"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 110)
        readers = self._readers()
        self.first, self.second = QComboBox(), QComboBox()
        for box, default in ((self.first, 0), (self.second, 1)):
            box.addItems(readers)
            box.setCurrentIndex(min(default, len(readers) - 1))
            box.currentIndexChanged.connect(self.refresh)
        self.overlap = QSpinBox()
        self.overlap.setRange(1, 100)
        self.overlap.setValue(50)
        self.overlap.setSuffix(self.tr(" % of it"))
        self.overlap.valueChanged.connect(self.refresh)
        form = QFormLayout()
        form.addRow(self.tr("&First reader"), self.first)
        form.addRow(self.tr("&Second reader"), self.second)
        form.addRow(self.tr("A passage &agrees when the other's covers"), self.overlap)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.only_first, self.only_second = QListWidget(), QListWidget()
        self.only_first_label, self.only_second_label = QLabel(), QLabel()
        for passages, label in (
            (self.only_first, self.only_first_label),
            (self.only_second, self.only_second_label),
        ):
            label.setBuddy(passages)
            passages.itemActivated.connect(self._show)
        lists = QHBoxLayout()
        for label, passages in (
            (self.only_first_label, self.only_first),
            (self.only_second_label, self.only_second),
        ):
            column = QVBoxLayout()
            column.addWidget(label)
            column.addWidget(passages)
            lists.addLayout(column)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        closing = buttons.button(QDialogButtonBox.StandardButton.Close)
        closing.setAutoDefault(False)  # Enter in the overlap box or on a passage: not Close
        closing.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addLayout(lists)
        layout.addWidget(buttons)
        self.refresh()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:  # back from annotating beside it
            self.refresh()
        return super().event(event)

    def _readers(self) -> list[str]:
        """Who annotated the record: you first, then those with most passages."""
        counts: dict[str, int] = {}
        for annotation in self.library.annotations(self.document_id):
            counts[annotation.author] = counts.get(annotation.author, 0) + 1
        you = self.library.author_name
        return sorted(counts, key=lambda name: (name != you, -counts[name], name))

    def refresh(self) -> None:
        """Compare the chosen readers again."""
        first, second = self.first.currentText(), self.second.currentText()
        if self.first.count() < 2 or first == second:
            readers = self.first.count()
            self.status.setText(
                self.tr("Only one reader has marked this record so far.")
                if readers == 1
                else self.tr("No one has marked this record yet.")
                if readers == 0
                else self.tr("Choose two different readers.")
            )
            self._fill(None, self.tr("first reader"), self.tr("second reader"))
            return
        share = self.overlap.value() / 100
        result = self.library.compare(self.document_id, first, second, min_overlap=share)
        self.status.setText(EXPLAINED)
        self._fill(result, first, second)

    def _fill(self, result: Comparison | None, first: str, second: str) -> None:
        rows = result.tags if result else []
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([c.format(first, second) for c in COLUMNS])
        for number, row in enumerate(rows):
            for column, text in enumerate(row.cells()):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(number, column, item)
        self.table.resizeColumnsToContents()
        text = self.library.document(self.document_id).text if result else ""
        for passages, label, who, only in (
            (self.only_first, self.only_first_label, first, result.only_first if result else []),
            (
                self.only_second,
                self.only_second_label,
                second,
                result.only_second if result else [],
            ),
        ):
            label.setText(self.tr("Only {0} marked ({1})").format(who, len(only)))
            passages.clear()
            for passage in only:
                words = " ".join(text[passage.start : passage.end].split())
                item = QListWidgetItem(f"“{words}”")
                item.setData(Qt.ItemDataRole.UserRole, passage.id)
                passages.addItem(item)

    def _show(self, item: QListWidgetItem) -> None:
        self.show_annotation(self.document_id, str(item.data(Qt.ItemDataRole.UserRole)))
