"""The main window on real widgets: select text, press the shortcut, see the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QTextBrowser
from pytestqt.qtbot import QtBot

from main import open_library
from models import ImportedDocument, Library
from models.edits import Change
from ui.app import open_window
from ui.main_window import MainWindow
from ui.prompts import Prompts
from ui.review import AMENDED, NOT_FOUND
from ui.share_dialog import ShareChoice, ShareDialog

from conftest import MIXED_TEXT, SAMPLE
from gui_support import ScriptedPrompts, background_at, make_window, press, select_code_points


def test_every_question_the_app_can_ask_is_scripted_in_tests() -> None:
    """An unscripted question would open a real modal dialog and hang the suite."""
    asked = {name for name in vars(Prompts) if not name.startswith("_")}
    assert asked <= set(vars(ScriptedPrompts))


def test_first_start_opens_the_default_database_with_the_sample(
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    window = open_window(lambda: open_library(None, author="New Officer"))
    assert window is not None
    qtbot.addWidget(window)
    assert (tmp_path / "data" / "Marginalia" / "marginalia.db").exists()
    assert window.documents.model.rowCount() == 1
    assert window.reader.text() == SAMPLE.read_text(encoding="utf-8")
    assert "CEB summary record" in window.windowTitle() + window.current.title  # type: ignore[union-attr]
    window.library.close()


def test_ctrl_1_highlights_the_selection_with_the_first_tag(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    start = MIXED_TEXT.index("الهجرة")
    select_code_points(mixed, start, start + len("الهجرة"))
    press(qtbot, mixed, Qt.Key.Key_1)
    rows = mixed.library.annotations()
    assert len(rows) == 1
    assert (rows[0].start, rows[0].end, rows[0].quote) == (start, start + 6, "الهجرة")
    assert [mixed.library.tag(t).name for t in rows[0].tag_ids] == ["Commitments"]
    assert mixed.annotations.model.rowCount() == 1
    assert mixed.annotations.model.annotation(0).id == rows[0].id
    assert background_at(mixed, start) is not None  # drawn at once
    assert background_at(mixed, start - 2) is None


def test_offsets_stay_right_after_emoji(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    start = MIXED_TEXT.index("commitment")
    select_code_points(mixed, start, start + len("commitment"))
    press(qtbot, mixed, Qt.Key.Key_2)
    (annotation,) = mixed.library.annotations()
    assert annotation.quote == "commitment" and annotation.start == start
    assert background_at(mixed, start) == background_at(mixed, start + 9) is not None
    assert background_at(mixed, start + 10) is None


def test_note_typed_in_the_panel_is_saved(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    press(qtbot, mixed, Qt.Key.Key_E)
    assert mixed.annotations.note.hasFocus() or mixed.annotations.note.isEnabled()
    qtbot.keyClicks(mixed.annotations.note, "Follow up with DESA")
    qtbot.waitUntil(lambda: mixed.library.annotations()[0].note == "Follow up with DESA")
    mixed.undo_stack.undo()
    assert mixed.library.annotations()[0].note == ""


def test_tag_rename_shows_in_the_panel(qtbot, mixed: MainWindow, prompts: ScriptedPrompts) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    mixed.tags.select(mixed.library.tag_by_path("Commitments").id)
    prompts.answers = ["Pledges"]
    mixed.tags.rename_requested.emit(mixed.tags.current_tag_id())
    model = mixed.annotations.model
    assert model.data(model.index(0, model.TAGS)) == "Pledges"
    assert mixed.quick_tag_actions[0].text() == "Highlight as “Pledges”"
    mixed.undo_stack.undo()
    assert model.data(model.index(0, model.TAGS)) == "Commitments"


def test_delete_undo_redo_keeps_the_same_annotation(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    (original,) = mixed.library.annotations()
    mixed.annotations.select(original.id)
    press(qtbot, mixed, Qt.Key.Key_Delete)
    assert mixed.library.annotations() == [] and mixed.annotations.model.rowCount() == 0
    assert background_at(mixed, 0) is None
    assert mixed.undo_action.text() == "&Undo Delete annotation"
    press(qtbot, mixed, Qt.Key.Key_Z)
    (restored,) = mixed.library.annotations()
    assert restored._replace(modified=0) == original._replace(modified=0)
    assert mixed.annotations.model.annotation(0).id == original.id
    assert background_at(mixed, 0) is not None
    press(
        qtbot,
        mixed,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert mixed.library.annotations() == []


def test_clicking_a_row_shows_the_passage_and_a_highlight_selects_its_row(
    qtbot, mixed: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    start = MIXED_TEXT.index("commitment")
    select_code_points(mixed, start, start + 10)
    press(qtbot, mixed, Qt.Key.Key_1)
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_2)
    later = mixed.annotations.model.annotation(1)
    mixed.annotations.select(later.id)
    cursor = mixed.reader.textCursor()
    assert cursor.position() == len(MIXED_TEXT[:start].encode("utf-16-le")) // 2
    mixed.annotations.select(mixed.annotations.model.annotation(0).id)
    mixed.reader.passage_clicked.emit(later.id)
    assert mixed.annotations.current_annotation_id() == later.id
    press(qtbot, mixed, Qt.Key.Key_F8, Qt.KeyboardModifier.NoModifier)
    assert mixed.annotations.current_annotation_id() != later.id


def test_delete_tag_says_how_many_passages(
    qtbot, mixed: MainWindow, prompts: ScriptedPrompts
) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    tag_id = mixed.library.tag_by_path("Commitments").id
    prompts.answers = [True]
    mixed.tags.delete_requested.emit(tag_id)
    assert "It is on 1 passage;" in prompts.asked[-1]
    assert mixed.library.annotations()[0].tag_ids == ()
    assert background_at(mixed, 0) is not None  # still highlighted, untagged
    mixed.undo_stack.undo()
    assert mixed.library.annotations()[0].tag_ids == (tag_id,)


def test_a_refused_file_gets_a_dialog_and_the_others_import(
    qtbot, mixed: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "scan.docx"
    bad.write_bytes(b"not a word file" * 20)
    good = tmp_path / "good.txt"
    good.write_text("A good record about budgets.")
    mixed.import_files([str(bad), str(good)])
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert len(boxes) == 1
    assert "scan.docx is not a Word document Marginalia can read" in boxes[0].text()
    assert "zip" not in boxes[0].text()  # no parser internals
    assert "Imported 1 of 2 files." in boxes[0].text()
    assert mixed.current is not None and mixed.current.title == "good"
    boxes[0].close()


def test_refusals_name_the_file_in_one_plain_sentence(
    qtbot, mixed: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "minutes.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj garbage\n")
    again = tmp_path / "again.txt"
    again.write_text(MIXED_TEXT, encoding="utf-8")
    mixed.import_files([str(broken), str(again)])
    (box,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
              and w.isVisible()]  # fmt: skip
    lines = box.text().splitlines()
    assert lines[0] == "Imported 0 of 2 files."
    assert (
        "minutes.pdf is not a PDF Marginalia can read (it may be damaged, or not a PDF at all)."
        in lines
    )
    assert "again.txt is already in the library, as “Mixed record”." in lines
    assert "Root" not in box.text() and "(The same" not in box.text()
    box.close()


def test_a_bad_database_gets_a_dialog_and_stays_untouched(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x01" * 3000)
    before = bad.read_bytes()
    assert open_window(lambda: open_library(str(bad))) is None
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "open-failure"]
    assert boxes and "cannot be opened" in boxes[0].text()  # type: ignore[attr-defined]
    assert bad.read_bytes() == before
    boxes[0].close()


def test_a_database_brought_up_to_date_says_so_once(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    path = tmp_path / "old.db"
    library = Library.open(path, author="Me")
    library.import_document(ImportedDocument("Record", "One text.", "r.txt", "txt"))
    library.close()
    conn = sqlite3.connect(path)  # one text under two rows, as older versions could leave
    conn.execute("INSERT INTO document (uuid, title, text, content_hash, created_at, "
                 "modified_at) SELECT '00000000-0000-4000-8000-000000000000', 'Again', text, "
                 "content_hash, created_at, modified_at FROM document")  # fmt: skip
    conn.commit()
    conn.close()
    window = open_window(lambda: Library.open(path, author="Me"))
    assert window is not None
    qtbot.addWidget(window)
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "repair-report"]
    assert boxes and "joined" in boxes[0].text()  # type: ignore[attr-defined]
    assert [d.id for d in window.library.documents()] == ["00000000-0000-4000-8000-000000000000"]
    boxes[0].close()


def test_hover_text_is_plain_even_for_markup_in_notes(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    (annotation,) = mixed.library.annotations()
    mixed.library.set_note(annotation.id, "<b>bold</b>")
    mixed.apply_change(Change("annotation", (annotation.id,)))
    assert mixed.describe_passages([annotation.id]) == "Commitments — Test Officer\n<b>bold</b>"


def test_item_models_pass_qt_model_tester(qtbot, qtmodeltester, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    qtmodeltester.check(mixed.annotations.model)
    mixed.annotations.model.set_filter(words="opening")
    qtmodeltester.check(mixed.annotations.model)
    qtmodeltester.check(mixed.documents.model)
    qtmodeltester.check(mixed.tags.model)


def test_undoing_a_tag_deletion_redraws_its_colour(
    qtbot, mixed: MainWindow, prompts: ScriptedPrompts
) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_2)
    tagged = background_at(mixed, 0)
    prompts.answers = [True]
    mixed.tags.delete_requested.emit(mixed.library.tag_by_path("Risks").id)
    untagged = background_at(mixed, 0)
    assert untagged != tagged
    mixed.undo_stack.undo()
    assert background_at(mixed, 0) == tagged


def test_recolouring_a_tag_redraws_its_passages(
    qtbot, mixed: MainWindow, prompts: ScriptedPrompts
) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    before = background_at(mixed, 0)
    prompts.answers = ["#0000FF"]
    mixed.tags.recolour_requested.emit(mixed.library.tag_by_path("Commitments").id)
    assert mixed.library.tag_by_path("Commitments").color == "#0000FF"
    assert background_at(mixed, 0) != before


def test_passages_far_down_a_long_record_are_drawn_when_scrolled_to(
    qtbot, library: Library, prompts: ScriptedPrompts
) -> None:  # type: ignore[no-untyped-def]
    text = "\n\n".join(f"Paragraph {n} 😀 of the record, on migration." for n in range(3000))
    doc = library.import_document(ImportedDocument("Long", text, "long.txt", "txt"))
    tag = library.create_tag("Risks", color="#56B4E9")
    start = text.index("Paragraph 2990 ")
    library.annotate(doc.id, start, start + 14, [tag.id])
    window = make_window(qtbot, library, prompts)
    assert window.annotations.model.rowCount() == 1
    window.annotations.select(window.annotations.model.annotation(0).id)  # scrolls there
    window.reader.viewport().grab()  # paint what is on screen
    assert background_at(window, start) is not None
    assert background_at(window, start + 14) is None


def test_ctrl_m_moves_the_chosen_passage_to_the_selection(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    (annotation,) = mixed.library.annotations()
    mixed.annotations.select(annotation.id)
    start = MIXED_TEXT.index("remarks")
    select_code_points(mixed, start, start + 7)
    press(qtbot, mixed, Qt.Key.Key_M)
    moved = mixed.library.annotation(annotation.id)
    assert (moved.start, moved.quote) == (start, "remarks")
    assert background_at(mixed, start) is not None and background_at(mixed, 0) is None
    mixed.undo_stack.undo()
    assert mixed.library.annotation(annotation.id).quote == "Opening"


def test_dropping_files_imports_them(qtbot, mixed: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    record = tmp_path / "dropped.md"
    record.write_text("# Dropped record\n\nThe Board agreed.", encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(record))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    mixed.dropEvent(event)
    assert mixed.current is not None and mixed.current.title == "Dropped record"
    assert mixed.documents.model.rowCount() == 2
    alone = tmp_path / "alone.db"  # the .db file alone (no -wal) holds what was imported
    alone.write_bytes(Path(mixed.library.db.database).read_bytes())
    import sqlite3

    assert sqlite3.connect(alone).execute("SELECT count(*) FROM document").fetchone() == (2,)


def test_find_in_document_selects_the_next_match(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, mixed, Qt.Key.Key_F)
    assert mixed.find_bar.isVisible()
    qtbot.keyClicks(mixed.find_bar, "the")
    qtbot.keyClick(mixed.find_bar, Qt.Key.Key_Return)
    first = mixed.reader.selected_range()
    qtbot.keyClick(mixed.find_bar, Qt.Key.Key_Return)
    second = mixed.reader.selected_range()
    assert first and second and first[0] < second[0]
    assert MIXED_TEXT[second[0] : second[1]].lower() == "the"
    qtbot.keyClick(mixed.find_bar, Qt.Key.Key_Escape)
    assert not mixed.find_bar.isVisible() and mixed.reader.hasFocus()


def test_highlights_stay_readable_on_a_dark_page(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    from ui.colors import contrast

    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    light = background_at(mixed, 0)
    dark = QPalette(mixed.reader.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1E1E1E"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#E0E0E0"))
    mixed.reader.setPalette(dark)
    mixed.reader.viewport().grab()
    darker = background_at(mixed, 0)
    assert darker and light and darker != light
    text = mixed.reader.text()
    block = mixed.reader.document().findBlock(0)
    (piece,) = [f for f in block.layout().formats() if f.start == 0]
    assert contrast(piece.format.background().color(), piece.format.foreground().color()) >= 4.5
    assert text


def test_a_locked_database_refuses_the_edit_with_a_message(
    qtbot, mixed: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    def locked(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(mixed.library, "annotate", locked)
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    boxes = [w for w in QApplication.topLevelWidgets() + mixed.findChildren(QMessageBox)
             if isinstance(w, QMessageBox) and w.isVisible()]  # fmt: skip
    assert boxes and "could not be written" in boxes[0].text()
    assert mixed.undo_stack.count() == 0
    boxes[0].close()


def test_file_export_writes_the_brief_and_offers_to_open_it(
    qtbot, mixed: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import docx

    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    dialog = mixed.ask_export()
    assert dialog.isVisible()
    assert dialog.request().document_ids == (mixed.current.id,)  # type: ignore[union-attr]
    mixed.prompts.answers = [None]  # the save dialog cancelled: nothing written, still open
    dialog.accept()
    assert dialog.isVisible() and not list(tmp_path.glob("*.docx"))
    mixed.prompts.answers = [str(tmp_path / "brief.docx")]  # type: ignore[attr-defined]
    dialog.accept()
    assert mixed.prompts.asked[-1] == "Export to"  # type: ignore[attr-defined]
    brief = docx.Document(str(tmp_path / "brief.docx"))
    assert len(list(brief.comments)) == 1
    done = mixed.findChild(QMessageBox, "export-done")
    assert done is not None and done.isVisible()
    assert "Open the file" in [b.text() for b in done.buttons()]
    done.close()


def test_the_export_form_lays_the_brief_out_on_the_paper_chosen(
    qtbot, mixed: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import docx
    from docx.shared import Cm

    dialog = mixed.ask_export()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Export…" and ok.isDefault()
    paper = dialog.paper
    assert paper.isEnabled() and paper.currentData() == "auto"
    qtbot.keyClicks(paper, "Letter")  # type-ahead in the combo box, as a person does
    assert paper.currentData() == "letter"
    mixed.prompts.answers = [str(tmp_path / "brief.docx")]  # type: ignore[attr-defined]
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the primary button
    section = docx.Document(str(tmp_path / "brief.docx")).sections[0]
    assert abs(section.page_width - Cm(21.59)) < Cm(0.01)
    assert abs(section.page_height - Cm(27.94)) < Cm(0.01)
    dialog = mixed.ask_export()
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert not dialog.paper.isEnabled()  # paper means nothing to a table
    dialog.reject()


def test_an_export_onto_the_open_database_is_refused(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    database = Path(mixed.library.db.database)
    mixed.library.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    dialog = mixed.ask_export()
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    mixed.prompts.answers = [str(database)]  # type: ignore[attr-defined]
    dialog.accept()
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]  # fmt: skip
    assert boxes and "the database you are working in" in boxes[0].text()
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    boxes[0].close()
    assert dialog.isVisible() and dialog.paper.currentData() == "letter"  # choices kept
    elsewhere = database.parent / "exports"
    elsewhere.mkdir()
    mixed.prompts.answers = [str(elsewhere / "brief.docx")]  # type: ignore[attr-defined]
    dialog.accept()  # another name: written, and the form closes
    assert not dialog.isVisible() and (elsewhere / "brief.docx").exists()
    again = mixed.ask_export()  # the next export starts where this one ended
    assert again.paper.currentData() == "letter"
    assert Path(again.suggested).parent == elsewhere
    again.reject()


def test_stopping_an_export_leaves_no_file(
    qtbot, mixed: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QProgressDialog

    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog = mixed.ask_export()
    mixed.prompts.answers = [str(folder / "brief.docx")]  # type: ignore[attr-defined]
    dialog.accept()
    assert list(folder.iterdir()) == []
    assert mixed.findChild(QMessageBox, "export-done") is None


def test_the_panel_filters_by_words_tag_and_author(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    start = MIXED_TEXT.index("commitment")
    select_code_points(mixed, start, start + 10)
    press(qtbot, mixed, Qt.Key.Key_2)
    mixed.library.set_author("Bo Li")
    select_code_points(mixed, start + 14, start + 20)
    press(qtbot, mixed, Qt.Key.Key_2)
    panel, model = mixed.annotations, mixed.annotations.model
    panel.words.setText("COMMIT")
    assert [model.annotation(r).quote for r in range(model.rowCount())] == ["commitment"]
    panel.words.clear()
    panel.filter_by_tag(mixed.library.tag_by_path("Risks").id)
    assert model.rowCount() == 2
    qtbot.waitUntil(lambda: panel.author_filter.findData("Bo Li") > 0)  # offered once written
    panel.author_filter.setCurrentIndex(panel.author_filter.findData("Bo Li"))
    assert [model.annotation(r).quote for r in range(model.rowCount())] == ["report"]
    select_code_points(mixed, 8, 9)  # a new Risks passage by Bo Li appears in the filtered view
    press(qtbot, mixed, Qt.Key.Key_2)
    assert model.rowCount() == 2
    panel.filter_by_tag("")
    panel.author_filter.setCurrentIndex(0)
    assert model.rowCount() == 4


def test_share_then_merge_a_colleagues_copy_back(
    qtbot, mixed: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    copy = tmp_path / "for-bo.db"
    prompts.answers = [None]  # Cancel in the Share form
    mixed.share_action.trigger()
    assert not copy.exists()
    prompts.answers = [ShareChoice(str(copy))]  # every record, with the notes
    mixed.share_action.trigger()
    assert copy.exists()
    bo = Library.open(copy, author="Bo Li")
    start = MIXED_TEXT.index("commitment")
    bos = bo.annotate_tagged(bo.documents()[0].id, start, start + 10, ["Risks"], "<i>Bo</i>")
    bo.close()
    prompts.answers = [[str(copy)], True]
    mixed.merge_action.trigger()
    preview = prompts.asked[-1]
    assert "annotations  1 added" in preview and "Merge?" in preview
    assert mixed.annotations.model.row_of(bos.id) is not None
    row = mixed.annotations.model.row_of(bos.id)
    model = mixed.annotations.model
    assert model.data(model.index(row, model.AUTHOR)) == "Bo Li"
    assert model.data(model.index(row, model.AUTHOR), Qt.ItemDataRole.DecorationRole) is not None
    assert background_at(mixed, start) is not None
    assert mixed.undo_stack.count() == 0
    assert list((tmp_path / "backups").glob("test * before merging *.db"))
    asked = len(prompts.asked)
    prompts.answers = [[str(copy)]]  # the same copy again: nothing new in it
    mixed.merge_action.trigger()
    assert len(prompts.asked) == asked + 1  # not asked to confirm a merge of nothing
    boxes = [w for w in mixed.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and "nothing to merge" in boxes[-1].text()
    assert len(list((tmp_path / "backups").glob("*.db"))) == 1  # and no second backup


def test_a_refused_merge_explains_and_changes_nothing(
    qtbot, mixed: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all")
    before = mixed.library.annotations()
    prompts.answers = [[str(junk)]]
    mixed.merge_action.trigger()
    boxes = [w for w in mixed.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and "not a Marginalia database" in boxes[-1].text()
    assert mixed.library.annotations() == before


def marks(browser: QTextBrowser) -> dict[str, set[str]]:
    """The words a comparison shows struck through (removed) and underlined (added)."""
    found: dict[str, set[str]] = {"struck": set(), "underlined": set()}
    block = browser.document().begin()
    while block.isValid():
        pieces = block.begin()
        while not pieces.atEnd():
            fragment = pieces.fragment()
            look = fragment.charFormat()
            if look.fontStrikeOut():
                found["struck"].add(fragment.text())
            if look.fontUnderline():
                found["underlined"].add(fragment.text())
            pieces += 1
        block = block.next()
    return found


def test_import_a_new_version_and_review_what_did_not_land_cleanly(
    qtbot, library: Library, prompts: ScriptedPrompts, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    v1 = (
        "The Board agreed to report by 2027.\n\nIt noted the financial situation.\n\n"
        "Migration 😀 matters."
    )
    doc = library.import_document(ImportedDocument("Record", v1, "v1.txt", "txt"))
    for quote in ("agreed to report by 2027", "financial situation", "Migration"):
        start = v1.index(quote)
        library.annotate_tagged(doc.id, start, start + len(quote), ["Risks"], quote)
    window = make_window(qtbot, library, prompts)
    v2 = tmp_path / "v2.txt"
    v2.write_text(
        "The Board decided to report by 2028.\n\nMigration 😀 matters a lot.", encoding="utf-8"
    )
    prompts.answers = [[str(v2)]]
    window.new_version_action.trigger()
    assert window.current is not None and window.current.revision_of == doc.id
    assert window.annotations.model.rowCount() == 2  # moved + amended are on the new version
    assert window.review.count() == 2 and window.left_tabs.currentWidget() is window.review
    texts = [window.review.items.item(i).text() for i in range(2)]
    assert any(t.startswith("Amended: “agreed to report by 2027” now reads") for t in texts)
    assert any(t.startswith("Not found in this version: “financial situation”") for t in texts)
    amended = next(i for i in range(2) if texts[i].startswith("Amended"))
    badges = [window.review.items.item(i).icon().pixmap(16, 16).toImage() for i in range(2)]
    assert badges[amended].pixelColor(2, 8) == AMENDED  # amber
    assert badges[1 - amended].pixelColor(2, 8) == NOT_FOUND  # red
    window.review.items.setCurrentRow(1 - amended)
    assert "Not found in this version" in window.review.comparison.toPlainText()
    assert marks(window.review.comparison) == {
        "struck": {"financial situation"},
        "underlined": set(),
    }
    window.review.items.setCurrentRow(amended)
    assert marks(window.review.comparison) == {
        "struck": {"agreed", "2027"},
        "underlined": {"decided", "2028"},
    }
    window.review.accept_requested.emit(
        window.review.items.currentItem().data(Qt.ItemDataRole.UserRole)
    )
    qtbot.waitUntil(lambda: window.review.count() == 1)  # the list refreshes after the edit
    orphan_id = window.review.items.item(0).data(Qt.ItemDataRole.UserRole)
    text = window.reader.text()
    select_code_points(window, text.index("Migration"), text.index("Migration") + 9)
    window.review.items.setCurrentRow(0)
    select_code_points(window, text.index("Migration"), text.index("Migration") + 9)
    window.review.reattach_requested.emit(orphan_id)
    qtbot.waitUntil(lambda: window.review.count() == 0)
    assert window.library.annotation(orphan_id).document_id == window.current.id
    assert window.annotations.model.rowCount() == 3
    window.undo_stack.undo()  # the re-attach is undone: the orphan waits again
    qtbot.waitUntil(lambda: window.review.count() == 1)
    assert window.library.annotation(orphan_id).status == "orphaned"
    window.review.discard_requested.emit(orphan_id)
    qtbot.waitUntil(lambda: window.review.count() == 0)
    window.undo_stack.undo()  # a discarded annotation comes back, still waiting for review
    qtbot.waitUntil(lambda: window.review.count() == 1)


def test_the_share_form_says_what_goes_into_the_copy(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    browsed: list[str] = []

    def browse(now: str) -> str:
        browsed.append(now)
        return str(tmp_path / "for-bo.db")

    form = ShareDialog(None, ("doc-1", "CEB record"), ["Amina", "Bo"], "/home/x.db", browse)
    qtbot.addWidget(form)
    assert form.share_button.text().replace("&", "") == "Share" and form.share_button.isDefault()
    assert form.choice() == ShareChoice("/home/x.db")  # every record, notes, nobody left out
    form.only_open.setChecked(True)
    form.notes.setChecked(False)
    form.authors.item(1).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(form.browse_button, Qt.MouseButton.LeftButton)
    assert browsed == ["/home/x.db"]
    assert form.choice() == ShareChoice(str(tmp_path / "for-bo.db"), ("doc-1",), True, ("Bo",))
    form.out.clear()
    assert not form.share_button.isEnabled() and form.choice() is None
    form.out.setText(str(tmp_path / "typed.db"))
    form.show()
    form.out.setFocus()
    qtbot.keyClick(form.out, Qt.Key.Key_Return)  # Enter in the path field shares
    assert form.result() == QDialog.DialogCode.Accepted and len(browsed) == 1
    without = ShareDialog(None, None, [], "", browse)
    qtbot.addWidget(without)
    assert not without.only_open.isEnabled() and without.choice() is None


def test_sharing_leaves_out_the_authors_and_notes_the_form_says(
    qtbot, mixed: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_1)
    mine = mixed.annotations.current_annotation_id()
    mixed.library.set_note(mine, "private")
    mixed.library.set_author("Bo Li")
    bos = mixed.library.annotate_tagged(mixed.current.id, 9, 15, [], "Bo's")  # type: ignore[union-attr]
    copy = tmp_path / "copy.db"
    me = mixed.library.annotation(mine).author
    prompts.answers = [ShareChoice(str(copy), no_notes=True, without_authors=(me,))]
    mixed.share_action.trigger()
    shared = Library.open(copy, author="Colleague")
    assert [(a.id, a.note) for a in shared.annotations()] == [(bos.id, "")]
    shared.close()


def test_a_click_on_a_records_name_in_the_export_form_ticks_it(
    qtbot: QtBot, mixed: MainWindow
) -> None:
    mixed.library.import_document(ImportedDocument("Second record", "Other words.", "s.txt", "txt"))
    dialog = mixed.ask_export()
    records = dialog.documents
    second = next(
        records.item(r) for r in range(records.count()) if records.item(r).text() == "Second record"
    )
    assert second.checkState() == Qt.CheckState.Unchecked
    name = records.visualItemRect(second)
    qtbot.mouseClick(records.viewport(), Qt.MouseButton.LeftButton, pos=name.center())
    assert second.checkState() == Qt.CheckState.Checked
    assert mixed.current is not None and len(dialog.request().document_ids) == 2
    qtbot.mouseClick(records.viewport(), Qt.MouseButton.LeftButton, pos=name.center())
    assert second.checkState() == Qt.CheckState.Unchecked  # and off again
    box = QPoint(name.left() + 8, name.center().y())
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a click of its own
    qtbot.mouseClick(records.viewport(), Qt.MouseButton.LeftButton, pos=box)
    assert second.checkState() == Qt.CheckState.Checked  # the box: once, not undone
    dialog.reject()


@pytest.mark.parametrize("accepted", [True, False])
def test_a_word_files_comments_are_offered_as_annotations(
    qtbot: QtBot, mixed: MainWindow, prompts: ScriptedPrompts, tmp_path: Path, accepted: bool
) -> None:
    from records import write_commented_docx

    path = write_commented_docx(tmp_path / "marked up.docx")
    prompts.answers = [accepted]  # "Add comments" or Cancel
    mixed.import_files([str(path)])
    assert "holds 2 Word comments (by Bo Li, أمينة)" in prompts.asked[-1]
    assert mixed.current is not None and mixed.current.title == "Commented record"
    model = mixed.annotations.model
    shown = sorted(model.annotation(r).author for r in range(model.rowCount()))
    assert shown == (["Bo Li", "أمينة"] if accepted else [])
    assert len(mixed.library.annotations(mixed.current.id)) == len(shown)
    asked = len(prompts.asked)
    mixed.import_files([str(path)])  # the same file again: already there, nothing asked
    assert len(prompts.asked) == asked
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert any("already in the library" in box.text() for box in boxes if box.isVisible())
