"""File → Share… and File → Merge…: a colleague's work comes back with a preview first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from models.errors import MarginaliaError, NotFound
from models.merge import MergeReport
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
    if window.library.read_only:
        told = tr(
            "This database is read-only (its file, folder or disk cannot be written), so "
            "nothing can be merged into it. Save a copy where you can write, and merge there."
        )
        show_message(window, tr("Merge"), told)
        return False
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
    details = "\n".join(report.describe())
    show_message(window, tr("Merge"), merged_summary(window, report), False, details)
    return True


def merged_summary(window: MainWindow, report: MergeReport) -> str:
    """A few lines: what changed in annotations, what was settled, what is new, and the
    backup that undoes it all (the whole account is behind Show Details)."""
    notes = report.counts["annotation"]
    lines = [
        tr("Merged. Annotations: {0} added, {1} changed, {2} deleted.").format(
            notes.added, notes.updated, notes.deleted
        )
    ]
    both = report.edited_on_both_sides
    if both:
        chosen = sum(1 for b in both if b.kept)
        told = tr("{0} edited on both sides: {1} as you chose, {2} by the newer.")
        lines.append(told.format(len(both), chosen, len(both) - chosen))
    lines.append(arrivals.told_after_merge(window))
    if report.backup:
        lines.append(tr("To undo the whole merge, open the backup:\n{0}").format(report.backup))
    return "\n\n".join(line for line in lines if line)


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
