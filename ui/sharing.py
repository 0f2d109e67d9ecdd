"""File → Share… and File → Merge…: a colleague's work comes back with a preview first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from models.errors import MarginaliaError, NotFound
from ui import arrivals
from ui.prompts import show_message

if TYPE_CHECKING:
    from ui.main_window import MainWindow

DATABASES = "Marginalia databases (*.db *.sqlite);;All files (*)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Sharing", text)


def share(window: MainWindow) -> Path | None:
    """Write a copy for a colleague, as the Share form says (every record or the open
    one, with or without notes, leaving out chosen authors' passages)."""
    current = (window.current.id, window.current.title) if window.current else None
    default = str(Path.home() / "marginalia-shared.db")
    chosen = window.prompts.share(current, window.library.authors(), default, tr(DATABASES))
    if chosen is None:  # Cancel writes nothing
        return None
    try:
        window.library.share(
            chosen.out,
            chosen.document_ids,
            no_notes=chosen.no_notes,
            without_authors=chosen.without_authors,
        )
    except MarginaliaError as error:
        show_message(window, tr("Share"), str(error))
        return None
    done = tr("Wrote {0}. Send it to your colleague; merge their copy back with File → Merge.")
    show_message(window, tr("Share"), done.format(chosen.out), error=False)
    return Path(chosen.out)


def merge(window: MainWindow) -> bool:
    """Preview what merging a colleague's database would do, then do it on confirmation."""
    chosen = window.prompts.open_files(tr("Merge a colleague's database"), tr(DATABASES))
    if not chosen:
        return False
    window.annotations.save_note()
    try:
        preview = window.library.merge(chosen[0], dry_run=True)
        if not preview.changed():
            message = tr("{0} holds nothing you do not have already: nothing to merge.")
            show_message(window, tr("Merge"), message.format(Path(chosen[0]).name), error=False)
            return False
        question = tr("Merging {0} would change:\n\n{1}\n\nA backup is written first. Merge?")
        described = question.format(Path(chosen[0]).name, "\n".join(preview.describe()))
        choices = window.prompts.merge_preview(Path(chosen[0]).name, preview, described)
        if choices is None:
            return False
        report = window.library.merge(chosen[0], choices=choices)
    except MarginaliaError as error:
        show_message(window, tr("Merge refused"), str(error))
        return False
    # Ids may have been unified with the colleague's: the undo history no longer applies.
    window.undo_stack.clear()
    _reload(window)
    summary = tr("Merged. To undo the whole merge, open the backup named last below.\n\n{0}")
    lines = [arrivals.told_after_merge(window), *report.describe()]
    described = "\n".join(line for line in lines if line)
    show_message(window, tr("Merge"), summary.format(described), error=False)
    return True


def _reload(window: MainWindow) -> None:
    current = window.current.id if window.current else None
    window.current = None
    window.refresh_tags()
    window.refresh_documents()
    window.search_panel.refresh()
    try:
        if current:
            window.library.document_summary(current)
            window.open_document(current)
            return
    except NotFound:
        pass
    documents = window.library.documents()
    if documents:
        window.open_document(documents[0].id)
