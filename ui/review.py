"""Reviewing a new version: amended and orphaned annotations, and what to do with each."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from importers import import_file
from models import Annotation
from models.differences import word_changes
from models.edits import DeleteAnnotation, Review
from models.errors import MarginaliaError
from models.revisions import RevisionReport
from models.wording import count
from ui.differences import marked
from ui.icons import painted
from ui.prompts import show_message

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("Review", text)


def _short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


AMENDED, NOT_FOUND = QColor("#B26B00"), QColor("#C0392B")
"""Amber: the passage landed on changed words; red: it was not found at all."""


def badge(color: QColor, mark: str) -> QIcon:
    """A round badge in ``color`` with a white ``mark``: tells the kinds apart at a glance
    (and by shape, not colour alone)."""

    def draw(painter: QPainter) -> None:
        painter.setBrush(color)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(0, 0, 16, 16)
        painter.setPen(QColor("white"))
        font = QFont()
        font.setPixelSize(12)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRect(0, 0, 16, 16), Qt.AlignmentFlag.AlignCenter, mark)

    return painted(draw, 16)


class ReviewPanel(QWidget):
    """Annotations that did not land cleanly on this version, with accept / re-attach /
    discard. Every action is an undoable edit performed by the window."""

    accept_requested = Signal(str)
    reattach_requested = Signal(str)
    discard_requested = Signal(str)
    annotation_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.hint = QLabel(tr("Nothing to review in this document."))
        self.hint.setWordWrap(True)
        self.items = QListWidget()
        self.items.setWordWrap(True)
        self.items.currentItemChanged.connect(self._on_items_current_item_changed)
        self.comparison = QTextBrowser()
        self.comparison.setOpenLinks(False)
        self.comparison.setAccessibleName(tr("Old and new wording"))
        self.closest_wording: Callable[[str], tuple[str, float] | None] = lambda i: None
        """For a passage not found: the closest wording of this version, and how alike."""
        self._shown: dict[str, Annotation] = {}
        self._badges = {"amended": badge(AMENDED, "≈"), "orphaned": badge(NOT_FOUND, "?")}
        buttons = QHBoxLayout()
        for text, tip, signal in (
            (tr("Accept"), tr("Keep the annotation where it landed"), self.accept_requested),
            (
                tr("Re-attach"),
                tr("Move the annotation to the selected passage"),
                self.reattach_requested,
            ),
            (tr("Discard"), tr("Delete the annotation"), self.discard_requested),
        ):
            button = QPushButton(text, toolTip=tip)
            button.setAccessibleDescription(tip)
            button.clicked.connect(lambda _=False, s=signal: self._emit_for_current(s))
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.items)
        split.addWidget(self.comparison)
        layout.addWidget(split)
        layout.addLayout(buttons)
        self.setFocusProxy(self.items)  # F6 onto the panel lands in the list

    def show_items(self, annotations: list[Annotation]) -> None:
        self.items.clear()
        self._shown = {a.id: a for a in annotations}
        self.comparison.clear()
        for annotation in annotations:
            if annotation.status == "amended":
                text = tr("Amended: “{0}” now reads “{1}”").format(
                    _short(annotation.old_quote), _short(annotation.quote)
                )
            else:
                text = tr("Not found in this version: “{0}”").format(_short(annotation.quote))
            if annotation.note:
                text += "\n" + tr("Note: {0}").format(_short(annotation.note))
            item = QListWidgetItem(text)  # plain text: a colleague's note cannot inject markup
            item.setIcon(self._badges["amended" if annotation.status == "amended" else "orphaned"])
            item.setData(Qt.ItemDataRole.UserRole, annotation.id)
            self.items.addItem(item)
        waiting = tr("{0} to review: accept where they landed, select the right passage and "
                     "re-attach, or discard.")  # fmt: skip
        waiting = waiting.format(count(len(annotations), "annotation"))
        self.hint.setText(waiting if annotations else tr("Nothing to review in this document."))

    def count(self) -> int:
        return self.items.count()

    def _emit_for_current(self, signal: Signal) -> None:
        item = self.items.currentItem()
        if item is not None:
            signal.emit(item.data(Qt.ItemDataRole.UserRole))  # type: ignore[attr-defined]

    def _on_items_current_item_changed(self, current: QListWidgetItem | None, _: object) -> None:
        if current is not None:
            annotation_id = current.data(Qt.ItemDataRole.UserRole)
            self._compare(annotation_id)
            self.annotation_chosen.emit(annotation_id)

    def _compare(self, annotation_id: str) -> None:
        """The chosen item's old and new wording, with the words that changed marked."""
        annotation = self._shown.get(annotation_id)
        if annotation is None:
            self.comparison.clear()
            return
        if annotation.status == "amended":
            head, now = tr("Amended: the words changed"), tr("Now")
            old, new = annotation.old_quote, annotation.quote
        else:
            found = self.closest_wording(annotation_id)
            old, new = annotation.quote, found[0] if found else ""
            head = tr("Not found in this version")
            now = tr("Closest ({0:.0f}% alike)").format(found[1]) if found else ""
        pieces = word_changes(old, new)
        rows = [
            f"<p><b>{html.escape(head)}</b></p>",
            f"<p><i>{html.escape(tr('Was'))}</i><br>{marked(pieces, 'old')}</p>",
        ]
        if now:
            rows.append(f"<p><i>{html.escape(now)}</i><br>{marked(pieces, 'new')}</p>")
        else:
            rows.append(f"<p><i>{html.escape(tr('Nothing in this version resembles it.'))}</i></p>")
        self.comparison.setHtml("".join(rows))


def refresh_review(window: MainWindow) -> None:
    """The review list of the open document, and the count on its tab."""
    items = window.library.review_list(window.current.id) if window.current else []
    window.review.show_items(items)
    label = tr("Review ({0})").format(len(items)) if items else tr("Review")
    window.left_tabs.setTabText(window.left_tabs.indexOf(window.review), label)


def connect_review(window: MainWindow) -> None:
    """Wire the review panel's requests to undoable edits on the window."""
    panel = window.review

    def accept(annotation_id: str) -> None:
        if window.library.annotation(annotation_id).status != "amended":
            window.statusBar().showMessage(tr("Only an amended passage can be accepted; "
                                              "re-attach or discard this one."), 5000)  # fmt: skip
            return
        window.perform(Review(annotation_id))

    def reattach(annotation_id: str) -> None:
        selected = window.reader.selected_range()
        if selected is None or window.current is None:
            window.statusBar().showMessage(tr("Select the passage to attach it to first."), 5000)
            return
        window.perform(Review(annotation_id, window.current.id, *selected))
        window.reader.clear_selection()

    @functools.lru_cache(maxsize=64)
    def closest(annotation_id: str, target: str | None) -> tuple[int, int, float] | None:
        """The closest passage of the version ``target`` (searched once per orphan)."""
        return window.library.closest_passage(annotation_id)

    def closest_wording(annotation_id: str) -> tuple[str, float] | None:
        annotation = window.library.annotation(annotation_id)
        found = closest(annotation_id, annotation.target)
        if found is None or annotation.target is None:
            return None
        start, end, score = found
        return window.library.document(annotation.target).text[start:end], score

    panel.closest_wording = closest_wording
    panel.accept_requested.connect(accept)
    panel.reattach_requested.connect(reattach)
    panel.discard_requested.connect(lambda i: window.perform(DeleteAnnotation(i)))

    def show(annotation_id: str) -> None:
        """An amended passage is shown where it landed; for an orphan, the closest passage
        of this version is selected, ready to re-attach."""
        annotation = window.library.annotation(annotation_id)
        if annotation.status != "orphaned":
            window.annotations.select(annotation_id)
            return
        candidate = closest(annotation_id, annotation.target)
        if candidate is None:
            window.statusBar().showMessage(tr("Nothing in this version resembles it."), 5000)
            return
        start, end, score = candidate
        window.reader.select_range(start, end)
        window.reader.reveal_cursor(centre=True)
        window.statusBar().showMessage(tr("Closest passage ({0:.0f}% alike) selected: "
                                          "re-attach to it, or select another.").format(score),
                                       8000)  # fmt: skip

    panel.annotation_chosen.connect(show)


def import_new_version(window: MainWindow) -> str | None:
    """File → Import new version: the chosen file becomes the open document's next
    version; its annotations are carried over and the review list opens."""
    if window.current is None:
        show_message(window, tr("New version"), tr("Open the document that was revised first."))
        return None
    title = tr("New version of “{0}”").format(window.current.title)
    files = window.prompts.open_files(title, tr("Records (*.txt *.md *.docx *.pdf *.html *.htm)"))
    if not files:
        return None
    try:
        report = window.library.import_revision(import_file(files[0]), window.current.id)
    except MarginaliaError as error:  # ImportRefused is one
        show_message(window, tr("New version"), str(error))
        return None
    return show_new_version(window, report)


def show_new_version(window: MainWindow, report: RevisionReport) -> str:
    """Open the new version and say how its annotations fared; the review list opens
    if some need the officer. Returns the new version's id."""
    window.undo_stack.clear()  # annotations moved to another document
    window.library.checkpoint()  # the database file alone now holds the new version
    window.refresh_documents()
    window.open_document(report.document.id)
    counts = report.outcomes
    window.statusBar().showMessage(tr("New version: {0} moved, {1} amended, {2} not found.")
                                   .format(counts["moved"], counts["amended"],
                                           counts["orphaned"]), 10000)  # fmt: skip
    if counts["amended"] or counts["orphaned"]:
        window.left_tabs.setCurrentWidget(window.review)
    return report.document.id
