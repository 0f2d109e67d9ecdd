"""Merging a colleague's work in the window, as an officer does it (#13): the preview
shows an annotation both edited in its two versions and keeps both when asked; what
the merge brought is marked new, listed by "New from <name>", and cleared when seen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel, QMessageBox, QRadioButton
from pytestqt.qtbot import QtBot

from models import ImportedDocument, Library
from models.merge import MergeReport
from models.merge_choices import Choices
from ui.annotation_table import ANNOTATION_ID_ROLE
from ui.main_window import MainWindow
from ui.merge_dialog import MergePreview
from ui.panels import NOTE_SAVE_DELAY_MS
from ui.prompts import Prompts

from conftest import MIXED_TEXT
from gui_support import ScriptedPrompts, annotate, make_window

DECORATION = Qt.ItemDataRole.DecorationRole


def dot(index: QModelIndex) -> bool:
    """Whether a row shows the mark of what a merge brought (not the blank beside it)."""
    shown = index.data(DECORATION)
    model = index.model()
    mark = getattr(model, "new_mark", None)  # the panel's and the record list's models
    return isinstance(shown, QIcon) and mark is not None and shown.cacheKey() == mark.cacheKey()


class RealPreview(ScriptedPrompts):
    """Scripted file choice, but the real merge preview, answered by ``officer``."""

    def __init__(self, officer: Callable[[MergePreview], None]) -> None:
        super().__init__()
        self.officer = officer
        self.failures: list[BaseException] = []

    def merge_preview(self, source: str, report: MergeReport, described: str) -> Choices | None:
        def act() -> None:
            try:
                dialog = QApplication.activeModalWidget()
                assert isinstance(dialog, MergePreview)
                self.officer(dialog)
            except BaseException as failure:  # shown after exec() returns
                self.failures.append(failure)
                QApplication.activeModalWidget().reject()

        QTimer.singleShot(0, act)
        return Prompts.merge_preview(self, source, report, described)


def type_note(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Ctrl+E, type, and wait past the autosave, as the officer does."""
    qtbot.keyClick(window.reader, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.annotations.note, text)
    qtbot.wait(NOTE_SAVE_DELAY_MS + 300)


def shared_then_edited_on_both_sides(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> tuple[str, Path]:
    annotation_id = annotate(qtbot, window, "commitment")
    type_note(qtbot, window, "due 2027")
    copy = tmp_path / "for-bo.db"
    window.library.share(copy)
    bo = Library.open(copy, author="Bo Li")
    bo.set_note(annotation_id, "due 2028, says Bo")
    bo.close()
    window.annotations.select(annotation_id)
    type_note(qtbot, window, " (checked)")  # Ana's edit after Bo's: hers is the newer
    assert window.library.annotation(annotation_id).note == "due 2027 (checked)"
    return annotation_id, copy


def test_the_preview_shows_both_versions_and_keeps_both(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    seen: dict[str, object] = {}

    def officer(dialog: MergePreview) -> None:
        (box,) = dialog.findChildren(QGroupBox)
        texts = " ".join(label.text() for label in box.findChildren(QLabel))
        seen["both shown"] = "2027" in texts and "2028" in texts and "Bo" in texts
        added = dialog._added["annotation"][0]  # the Annotations row's "added"
        seen["added before"] = added.text()
        keep_both = box.findChild(QRadioButton, "keep-both")
        qtbot.mouseClick(keep_both, Qt.MouseButton.LeftButton)
        after = " ".join(label.text() for label in box.findChildren(QLabel))
        seen["after"] = after
        seen["added after"] = added.text()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter merges

    library.import_document(ImportedDocument("Mixed record", MIXED_TEXT, "m.txt", "txt"))
    library.create_tag("Commitments", color="#E69F00")
    prompts = RealPreview(officer)
    window = make_window(qtbot, library, prompts)
    annotation_id, copy = shared_then_edited_on_both_sides(qtbot, window, tmp_path)
    prompts.answers = [[str(copy)]]
    window.merge_action.trigger()
    assert prompts.failures == []
    assert seen["both shown"]
    assert (seen["added before"], seen["added after"]) == ("0", "1")  # the copy counted
    after = str(seen["after"])
    assert (
        "a separate annotation:" in after and "due 2028, says Bo" in after and "by Bo Li" in after
    )
    notes = sorted(a.note for a in library.annotations())
    assert notes == ["due 2027 (checked)", "due 2028, says Bo"]  # both kept, in the database
    model = window.annotations.model
    assert model.rowCount() == 2  # and in the panel, on the same words
    assert {model.annotation(r).quote for r in range(2)} == {"commitment"}
    copy_id = next(a.id for a in library.annotations() if a.id != annotation_id)
    assert model.is_new(copy_id) and not model.is_new(annotation_id)  # Bo's version is news
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    summary = boxes[-1].text()
    assert "New: 1 annotation from Bo Li" in summary
    assert "1 edited on both sides: 1 as you chose, 0 by the newer" in summary
    assert "To undo the whole merge, open the backup:" in summary
    assert "edited on both sides, in Mixed record" in boxes[-1].detailedText()


def test_new_from_a_colleague_lists_what_the_merge_brought_until_seen(
    qtbot: QtBot, mixed: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    mine = annotate(qtbot, mixed, "Chair")
    copy = tmp_path / "for-bo.db"
    mixed.library.share(copy)
    bo = Library.open(copy, author="Bo Li")
    record = bo.documents()[0].id
    start = MIXED_TEXT.index("commitment")
    first = bo.annotate_tagged(record, start, start + 10, ["Risks"], "Bo's").id
    start = MIXED_TEXT.index("قال")
    second = bo.annotate_tagged(record, start, start + 3, [], "").id
    bo.close()
    prompts.answers = [[str(copy)], True]
    mixed.merge_action.trigger()
    panel, model = mixed.annotations, mixed.annotations.model
    assert model.rowCount() == 3
    rows = [model.index(r, 0) for r in range(3)]
    dotted = {i.data(ANNOTATION_ID_ROLE) for i in rows if dot(i)}
    assert dotted == {first, second}
    marks = mixed.margin_marks([mine, first, second])  # the margin's dots, beside the stripes
    assert (marks[mine].new, marks[first].new, marks[second].new) == (False, True, True)
    assert "New from Bo Li" in model.index(model.row_of(first), 0).data(Qt.ItemDataRole.ToolTipRole)
    combo = panel.author_filter
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert "New from Bo Li (2)" in offered
    combo.setCurrentIndex(offered.index("New from Bo Li (2)"))
    assert model.rowCount() == 2 and model.row_of(mine) is None
    table = panel.table
    row = model.row_of(first)
    assert row is not None
    rect = table.visualRect(model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.current_annotation_id() == first
    assert set(mixed.library.arrivals()) == {second}  # seen: no longer new, in the database
    assert not mixed.margin_marks([first])[first].new
    assert not dot(model.index(row, 0))
    assert model.rowCount() == 2  # the list stays while being stepped through
    assert combo.currentText() == "New from Bo Li (1)"
    mixed.seen_action.trigger()  # Annotate → Mark all as seen
    assert mixed.library.arrivals() == {}
    assert not any(dot(model.index(r, 0)) for r in range(2))
    mixed.open_document(record)
    mixed.current = None
    mixed.open_document(record)  # opened again: nothing new is offered
    assert not any("New from" in combo.itemText(i) for i in range(combo.count()))
    assert model.rowCount() == 3


def test_the_record_list_tells_which_records_hold_something_new(
    qtbot: QtBot, mixed: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    copy = tmp_path / "for-bo.db"
    mixed.library.share(copy)
    bo = Library.open(copy, author="Bo Li")
    other = bo.import_document(ImportedDocument("Second record", "Funding 😀 risk.", "s", "txt"))
    news = [
        bo.annotate_tagged(other.id, 0, 7, [], "").id,
        bo.annotate_tagged(other.id, 8, 9, [], "").id,
    ]
    bo.close()
    prompts.answers = [[str(copy)], True]
    mixed.merge_action.trigger()
    documents = mixed.documents.model
    row = documents.row_of(other.id)
    assert row is not None
    label = documents.index(row).data(Qt.ItemDataRole.DisplayRole)
    assert label.endswith("· 2, 2 new") and dot(documents.index(row))
    first = documents.row_of(mixed.library.documents()[0].id)
    mixed.open_document(other.id)
    mixed.annotations.select(news[0])  # seen: one new left in that record
    assert documents.index(row).data(Qt.ItemDataRole.DisplayRole).endswith("· 2, 1 new")
    mixed.annotations.select(news[1])
    assert documents.index(row).data(Qt.ItemDataRole.DisplayRole).endswith("· 2")
    assert not dot(documents.index(row))
    assert first is not None and not dot(documents.index(first))
