"""File → Read again in another encoding: a plain-text record whose encoding was guessed
wrong ("naďve" for "naïve") is read again from its file in the encoding the officer
picks, seeing the text as it would read, and becomes the record's next version, its
annotations carried over."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from models.errors import MarginaliaError
from ui.prompts import show_message
from ui.review import show_new_version

if TYPE_CHECKING:
    from ui.main_window import MainWindow

READABLE = ("txt", "md")


def tr(text: str) -> str:
    return QCoreApplication.translate("Reread", text)


def reread_document(window: MainWindow) -> str | None:
    """Ask for the open record's file and an encoding; store the record read that way as
    its new version. Returns the new version's id (None if nothing was done)."""
    current = window.current
    title = tr("Read in another encoding")
    if current is None or current.source_format not in READABLE:
        show_message(window, title, tr("Open a plain text or Markdown record first: other "
                                       "files say their own encoding."))  # fmt: skip
        return None
    files = window.prompts.open_files(
        tr("The file “{0}” was read from").format(current.source_name),
        tr("Plain text and Markdown (*.txt *.text *.md *.markdown)"),
    )
    if not files:
        return None
    record = window.prompts.reread(Path(files[0]), current.metadata.get("encoding", "utf-8"))
    if record is None:
        return None
    try:
        report = window.library.import_revision(record, current.id)
    except MarginaliaError as error:  # the same text: that encoding reads the same
        show_message(window, title, str(error))
        return None
    return show_new_version(window, report)
