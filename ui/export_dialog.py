"""File → Export: choose what and how, write with a progress dialog, offer to open it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from exporters import FORMATS, ExportCancelled, ExportOptions, export
from exporters.brief import PAGE_SIZES, page_size_for
from models import Library
from models.errors import MarginaliaError
from ui.prompts import show_message

PAPER_KEY, FOLDER_KEY = "export/paper", "export/folder"
"""Settings: the paper and the folder of the last export written."""


@dataclass(frozen=True)
class ExportRequest:
    """What the officer chose in the export dialog."""

    fmt: str
    out: str
    document_ids: tuple[str, ...]
    tag_paths: tuple[str, ...]
    authors: tuple[str, ...]
    excerpts: bool
    include_notes: bool
    page_size: str = "auto"


def _checklist(items: list[tuple[str, str]], checked: set[str]) -> QListWidget:
    widget = QListWidget()
    for label, value in items:
        item = QListWidgetItem(label)
        item.setToolTip(label)  # shortened in the middle when too long to show
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setCheckState(Qt.CheckState.Checked if value in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setMaximumHeight(110)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    _tick_on_click(widget)
    return widget


def _tick_on_click(widget: QListWidget) -> None:
    """A click on an item's name ticks or unticks it, as a click on its box does (a
    click on the box itself is Qt's, and is not undone)."""
    before: dict[int, Qt.CheckState] = {}

    def pressed(item: QListWidgetItem) -> None:
        before.clear()
        before[widget.row(item)] = item.checkState()

    def clicked(item: QListWidgetItem) -> None:
        # A press on the box is the box's own (no itemPressed): nothing is known of it.
        if before.pop(widget.row(item), None) == item.checkState():
            ticked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)

    widget.itemPressed.connect(pressed)
    widget.itemClicked.connect(clicked)


def _checked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        widget.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    )


class ExportDialog(QDialog):
    """The export options. Opened with ``open()``; Export… asks where, then ``run``s the
    request (``run_export``): the form closes when the file is written and stays open,
    with every choice, when it was refused or stopped."""

    def __init__(
        self,
        library: Library,
        current_document: str | None,
        parent: QWidget,
        choose_file: Callable[[str, str, str], str | None],
        run: Callable[[ExportRequest], Path | None],
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.choose_file = choose_file
        self.run = run
        self.settings = settings  # the paper and folder of the last export
        self.setWindowTitle(self.tr("Export"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)  # titles fit
        self.format = QComboBox()
        for name, (label, suffix, _) in FORMATS.items():
            self.format.addItem(f"{self.tr(label)} ({suffix})", name)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        docs = library.documents()
        wanted = {current_document} if current_document else {d.id for d in docs}
        self.documents = _checklist([(d.title, d.id) for d in docs], wanted)
        self.tags = _checklist([(t.path, t.path) for t in library.tags()], set())
        self.authors = _checklist([(a, a) for a in library.authors()], set())
        self.excerpts = QCheckBox(self.tr("Excerpts only (summary and passages, no full text)"))
        self.notes = QCheckBox(self.tr("Include notes"), checked=True)
        self.paper = QComboBox()
        here = page_size_for("auto")
        self.paper.addItem(self.tr("As this computer's locale ({0})").format(here), "auto")
        for size in PAGE_SIZES:
            self.paper.addItem(size, size.lower())
        saved = str(settings.value(FOLDER_KEY, "") or "") if settings is not None else ""
        self.suggested = str((Path(saved) if saved else Path.home()) / "brief.docx")
        if settings is not None:
            self.paper.setCurrentIndex(max(0, self.paper.findData(settings.value(PAPER_KEY))))
        form = QFormLayout(self)
        form.addRow(self.tr("&Format"), self.format)
        form.addRow(self.tr("&Documents"), self.documents)
        form.addRow(self.tr("Only these &tags (none: all)"), self.tags)
        form.addRow(self.tr("Only these &authors (none: all)"), self.authors)
        form.addRow(self.tr("&Paper (Word brief)"), self.paper)
        form.addRow(self.excerpts)
        form.addRow(self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def request(self, out: str = "") -> ExportRequest:
        return ExportRequest(
            fmt=self.format.currentData(), out=out,
            document_ids=_checked(self.documents), tag_paths=_checked(self.tags),
            authors=_checked(self.authors), excerpts=self.excerpts.isChecked(),
            include_notes=self.notes.isChecked(), page_size=self.paper.currentData(),
        )  # fmt: skip

    def accept(self) -> None:
        """Ask where, in the platform's save dialog (which asks before replacing a file);
        cancelling it keeps these options open."""
        label, suffix, _ = FORMATS[self.format.currentData()]
        out = self.choose_file(self.tr("Export to"), self.suggested,
                               f"{self.tr(label)} (*{suffix})")  # fmt: skip
        if not out:
            return
        self.suggested = out
        if self.run(self.request(out)) is None:
            return  # refused (the message said why) or stopped: the choices stay
        if self.settings is not None:
            self.settings.setValue(PAPER_KEY, self.paper.currentData())
            self.settings.setValue(FOLDER_KEY, str(Path(out).parent))
        super().accept()

    def _on_format_changed(self, _index: int) -> None:
        suffix = FORMATS[self.format.currentData()][1]
        self.suggested = str(Path(self.suggested).with_suffix(suffix))
        brief = self.format.currentData() == "docx"
        self.excerpts.setEnabled(brief)
        self.paper.setEnabled(brief)


def run_export(parent: QWidget, library: Library, request: ExportRequest) -> Path | None:
    """Write the export with a progress dialog (Stop cancels, leaving no file); on success
    offer to open the file. Returns the file, or None when refused or cancelled."""
    if not request.document_ids:
        show_message(parent, tr("Export"), tr("Choose at least one document to export."))
        return None
    progress = QProgressDialog(tr("Writing the export…"), tr("Stop"), 0, 100, parent)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def report(done: int, total: int) -> bool:
        progress.setValue(int(100 * done / max(total, 1)))
        QCoreApplication.processEvents()
        return not progress.wasCanceled()

    try:
        selection = library.export_set(request.document_ids, request.tag_paths, request.authors)
        options = ExportOptions(
            request.excerpts, request.include_notes, report, page_size=request.page_size
        )
        out = export(selection, request.fmt, request.out, options, library.files())
    except ExportCancelled:
        return None
    except MarginaliaError as error:
        show_message(parent, tr("Export"), str(error))
        return None
    finally:
        progress.setValue(100)
        progress.deleteLater()
    _offer_to_open(parent, out, len(selection.annotations))
    return out


def _offer_to_open(parent: QWidget, out: Path, count: int) -> QMessageBox:
    noun = tr("annotation") if count == 1 else tr("annotations")
    message = tr("Wrote {0} {1} to {2}.").format(count, noun, out)
    box = QMessageBox(QMessageBox.Icon.Information, tr("Export"), message, parent=parent)
    box.setObjectName("export-done")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    opener = box.addButton(tr("Open the file"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    opener.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(out))))
    box.open()
    return box


def tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)
