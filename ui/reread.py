"""File → Read again in another encoding: a record read from plain text, Markdown or a
web page whose encoding was guessed wrong ("naďve" for "naïve") is read again from its
file in the encoding the officer picks, seeing the text as it would read, and becomes
the record's next version, its annotations carried over; reading it as an earlier
version read goes back to that version."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from rapidfuzz import fuzz

from models.errors import DuplicateDocument, MarginaliaError
from models.wording import count
from ui.prompts import show_message
from ui.review import show_new_version

if TYPE_CHECKING:
    from ui.main_window import MainWindow

READABLE = ("txt", "md", "html")


def tr(text: str) -> str:
    return QCoreApplication.translate("Reread", text)


ALIKE = 60.0
"""How alike (%) a record's text and its reading in another encoding are, outside their
accented letters, below which the file may be another."""


def _alike(before: str, after: str) -> float:
    """How alike two readings are in their ASCII letters and digits, which every other
    encoding of a text leaves as they are (100 if either has almost none: a text in
    another script)."""
    plain = [re.sub(r"[^A-Za-z0-9]", "", text)[:20_000] for text in (before, after)]
    if min(len(p) for p in plain) < 20:
        return 100.0
    return float(fuzz.ratio(*plain))


def _another_file(path: str, title: str, alike: float) -> str:
    told = tr(
        "{0} reads differently from “{1}” beyond its accented letters ({2:.0f}% "
        "alike in the rest): it may be another file. Store it as the record's new "
        "version all the same?"
    )
    return told.format(Path(path).name, title, alike)


def reread_document(window: MainWindow) -> str | None:
    """Ask for the open record's file and an encoding; store the record read that way as
    its new version. Returns the new version's id (None if nothing was done)."""
    current = window.current
    title = tr("Read in another encoding")
    if current is None or current.source_format not in READABLE:
        show_message(
            window,
            title,
            tr(
                "Open a record read from plain text, Markdown or a "
                "web page first: Word and PDF files say their own "
                "encoding."
            ),
        )
        return None
    if window.library.newer_version(current.id) is not None:
        earlier = tr(
            "This is an earlier version of “{0}”: open its newest version to read it again."
        )
        show_message(window, title, earlier.format(current.title))
        return None
    files = window.prompts.open_files(
        tr("The file “{0}” was read from").format(current.source_name),
        tr("Plain text, Markdown and web pages (*.txt *.text *.md *.markdown *.html *.htm)"),
    )
    if not files:
        return None
    encoding = current.metadata.get("encoding", "utf-8")
    record = window.prompts.reread(Path(files[0]), encoding, current.text)
    if record is None:
        return None
    alike = _alike(current.text, record.text)
    if alike < ALIKE and not window.prompts.confirm(
        title, _another_file(files[0], current.title, alike), tr("Store it")
    ):
        return None
    try:
        report = window.library.import_revision(record, current.id)
    except DuplicateDocument as duplicate:
        chain = [current.id, *window.library.earlier_versions(current.id)]
        if duplicate.existing_id in chain[1:]:
            return _go_back(window, chain, duplicate.existing_id)
        show_message(window, title, str(duplicate))
        return None
    except MarginaliaError as error:
        show_message(window, title, str(error))
        return None
    return show_new_version(window, report)


def _go_back(window: MainWindow, chain: list[str], earlier: str) -> str | None:
    """The reading chosen is the text of ``earlier``, a version in ``chain`` (the open
    record's, newest first): the officer read it in a wrong encoding, then the right
    one. Offer to take the newer versions back."""
    library = window.library
    after = chain[: chain.index(earlier)]  # the versions read since, newest first
    made_on_them = sum(library.made_on(version) for version in after)
    title = window.current.title if window.current else ""
    told = tr(
        "This reading is the text of an earlier version of “{0}”. Go back to it? "
        "The version open now will be taken back, and the annotations carried "
        "onto it return to the earlier version."
    )
    told = told.format(title)
    if len(after) > 1:
        told += " " + tr("So will the {0} read between them.").format(
            count(len(after) - 1, "other version")
        )
    if made_on_them:
        made = tr("{0} made on them will be deleted with them.")
        told += " " + made.format(count(made_on_them, "annotation"))
    if not window.prompts.confirm(tr("Read in another encoding"), told, tr("Go back")):
        return None
    for version in after:
        library.withdraw_version(version)
    window.undo_stack.clear()  # annotations moved to another document
    library.checkpoint()
    window.refresh_documents()
    window.open_document(earlier)
    window.statusBar().showMessage(tr("Back to the earlier reading."), 8000)
    return earlier
