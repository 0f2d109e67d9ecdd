"""What a merge brought, in the window: a dot beside each new annotation of the open
record, "New from <colleague>" in the author filter, and the marks cleared as the
officer sees them (choosing the annotation, or Annotate → Mark all as seen)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from peewee import PeeweeException
from PySide6.QtCore import QCoreApplication

from models.wording import count

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("Arrivals", text)


def show_new(window: MainWindow) -> None:
    """Mark what is new in the open record (after opening it, or a merge)."""
    new = window.library.arrivals(window.current.id) if window.current else {}
    window.annotations.show_new(new)
    if new:
        window.reader.margin.forget()  # the margin's dots, read again when shown


def seen(window: MainWindow, annotation_id: str) -> None:
    """The officer chose this annotation: it is no longer new. A database another
    program holds just keeps the mark until the next time."""
    if not window.annotations.model.is_new(annotation_id):
        return
    try:
        window.library.mark_seen([annotation_id])
    except (sqlite3.Error, PeeweeException):
        return
    window.annotations.seen(annotation_id)
    window.reader.margin.forget(annotation_id)
    if window.current is not None:  # one fewer new in this record (not counted again)
        window.documents.model.one_seen(window.current.id)


def mark_all_seen(window: MainWindow) -> None:
    """Annotate → Mark all as seen: every record's marks."""
    try:
        cleared = window.library.mark_all_seen()
    except (sqlite3.Error, PeeweeException) as error:
        window.statusBar().showMessage(tr("Not saved: {0}").format(error), 8000)
        return
    window.annotations.show_new({})
    window.documents.model.set_new({})
    window.reader.margin.forget()
    said = tr("Marked {0} as seen.") if cleared else tr("Nothing new to mark: {0}.")
    window.statusBar().showMessage(said.format(count(cleared, "annotation")), 8000)


def told_after_merge(window: MainWindow) -> str:
    """What the merge left marked new, for the merge's summary."""
    arrived = window.library.arrived_from()
    if not arrived:
        return ""
    who = ", ".join(
        f"{count(a.count, 'annotation')} from {a.name or 'a colleague'}" for a in arrived
    )
    told = tr(
        "New: {0}. Each shows a dot until you choose it; the author filter's “New from …” "
        "lists them."
    )
    return told.format(who)
