"""Importing several records with a progress dialog and a summary of what was refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from importers import import_file
from models import Library
from models.entities import ImportedDocument
from models.errors import DuplicateDocument, MarginaliaError
from models.wording import count
from ui.prompts import show_message


def tr(text: str) -> str:
    return QCoreApplication.translate("Import", text)


def _already_there(library: Library, name: str, duplicate: DuplicateDocument) -> str:
    try:
        title = library.document_summary(duplicate.existing_id).title
    except MarginaliaError:  # the copy there is deleted: its message says to restore it
        return tr("{0}: {1}").format(name, str(duplicate))
    return tr("{0} is already in the library, as “{1}”.").format(name, title)


def _offer(name: str, record: ImportedDocument) -> str:
    authors = ", ".join(sorted({c.author for c in record.comments}))
    if len(record.comments) == 1:
        told = tr("{0} holds 1 Word comment (by {2}). Add it as an annotation, by its author?")
    else:
        told = tr("{0} holds {1} (by {2}). Add them as annotations, each by its author?")
    without = tr("Cancel imports the record without them.")
    return (
        told.format(name, count(len(record.comments), "Word comment"), authors) + "\n\n" + without
    )


def _guessed(name: str, record: ImportedDocument) -> list[str]:
    """A line for a record whose encoding was guessed: the officer should look."""
    if record.metadata.get("encoding guessed") != "yes":
        return []
    told = tr(
        "{0} was read as {1}, a guess: if its letters read wrong, open it and use "
        "File → Read again in another encoding."
    )
    return [told.format(name, record.metadata["encoding"])]


def import_paths(
    parent: QWidget,
    library: Library,
    paths: list[str],
    ask: Callable[[str], bool] = lambda question: True,
    whole_page: bool = False,
) -> list[str]:
    """Import each file in its own transaction; return the new documents' ids.

    A Word file's own comments are offered as annotations (``ask`` is asked; by default
    they are added); web pages are read whole with ``whole_page``. A refused file never
    stops the others; at the end one message lists every refusal (and every file that
    was already in the library) with its reason, and every record whose encoding was
    guessed.
    """
    progress = QProgressDialog(tr("Importing records…"), tr("Stop"), 0, len(paths), parent)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    imported: list[str] = []
    problems: list[str] = []
    for number, path in enumerate(paths):
        progress.setValue(number)
        progress.setLabelText(tr("Importing {0}…").format(Path(path).name))
        QCoreApplication.processEvents()
        if progress.wasCanceled():
            problems.append(tr("Stopped before {0}.").format(Path(path).name))
            break
        try:
            record = import_file(path, whole_page=whole_page)
            offered = bool(record.comments) and not library.holds_text(record.text)
            wanted = offered and ask(_offer(Path(path).name, record))
            imported.append(library.import_record(record, wanted)[0].id)
            problems += _guessed(Path(path).name, record)
        except DuplicateDocument as duplicate:
            problems.append(_already_there(library, Path(path).name, duplicate))
        except MarginaliaError as refusal:  # ImportRefused is one
            problems.append(str(refusal))
    progress.setValue(len(paths))
    progress.deleteLater()
    if imported:
        library.checkpoint()  # the database file alone now holds the new records
    if problems:
        summary = tr("Imported {0} of {1}.").format(len(imported), count(len(paths), "file"))
        show_message(parent, tr("Import"), summary + "\n\n" + "\n".join(problems))
    return imported
