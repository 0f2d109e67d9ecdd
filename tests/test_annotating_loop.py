"""The annotating loop as an officer does it: select, tag, write a note, move on.

Real key events and real timers: a note is typed, the autosave is waited out, and more
is typed, then the database is read back through the library.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from models import Library
from ui.main_window import MainWindow
from ui.panels import NOTE_SAVE_DELAY_MS

from gui_support import annotate, press, select_code_points

PAST_AUTOSAVE_MS = NOTE_SAVE_DELAY_MS + 400


def notes(library: Library) -> dict[str, str]:
    return {a.id: a.note for a in library.annotations()}


def type_note_in_two_bursts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_E)
    assert window.annotations.note.hasFocus()
    qtbot.keyClicks(window.annotations.note, "Follow up")
    qtbot.wait(PAST_AUTOSAVE_MS)  # the autosave runs: the row is written and redrawn
    qtbot.keyClicks(window.annotations.note, " with DESA")
    qtbot.wait(PAST_AUTOSAVE_MS)


def test_a_note_typed_across_an_autosave_stays_with_its_passage(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    annotate(qtbot, mixed, "Opening")
    annotate(qtbot, mixed, "commitment")
    middle = annotate(qtbot, mixed, "الهجرة", Qt.Key.Key_2)
    type_note_in_two_bursts(qtbot, mixed)
    written = notes(mixed.library)
    assert written.pop(middle) == "Follow up with DESA"
    assert set(written.values()) == {""}  # no other note changed
    assert mixed.annotations.current_annotation_id() == middle
    assert mixed.annotations.note.toPlainText() == "Follow up with DESA"


def test_a_note_on_the_only_annotation_survives_the_autosave(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    only = annotate(qtbot, mixed, "Opening")
    type_note_in_two_bursts(qtbot, mixed)
    assert notes(mixed.library) == {only: "Follow up with DESA"}
    assert mixed.annotations.note.isEnabled()


def test_a_note_keeps_its_passage_when_a_filter_would_hide_the_row(
    qtbot, mixed: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    annotate(qtbot, mixed, "Opening")
    chosen = annotate(qtbot, mixed, "commitment")
    qtbot.keyClicks(mixed.annotations.words, "commit")  # the officer filters the panel
    mixed.annotations.select(chosen)
    press(qtbot, mixed, Qt.Key.Key_E)
    qtbot.keyClicks(mixed.annotations.note, "Dates")
    qtbot.wait(PAST_AUTOSAVE_MS)
    mixed.annotations.words.setText("Opening")  # the row no longer passes, and goes
    mixed.annotations.note.setFocus()
    qtbot.keyClicks(mixed.annotations.note, " by 2027")
    qtbot.wait(PAST_AUTOSAVE_MS)
    written = notes(mixed.library)
    assert written.pop(chosen) == "Dates by 2027"
    assert set(written.values()) == {""}


def test_undo_while_writing_puts_the_old_note_back_in_the_editor(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    only = annotate(qtbot, mixed, "Opening")
    type_note_in_two_bursts(qtbot, mixed)
    mixed.undo_stack.undo()  # both bursts were one note edit: one undo step
    assert notes(mixed.library) == {only: ""}
    assert mixed.annotations.note.toPlainText() == ""


def pick_tag(qtbot, window: MainWindow, typed: str, *keys: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+T, type into the picker, press ``keys`` (then Enter)."""
    press(qtbot, window, Qt.Key.Key_T)
    picker = window.tag_picker
    assert picker is not None and picker.isVisible()
    qtbot.keyClicks(picker.query, typed)
    for key in (*keys, Qt.Key.Key_Return):
        qtbot.keyClick(picker.query, key)
    assert not picker.isVisible()


def tag_paths(window: MainWindow, annotation_id: str) -> list[str]:
    tags = window.library.annotation(annotation_id).tag_ids
    return sorted(window.library.tag(t).path for t in tags)


def test_ctrl_t_creates_a_tag_typed_in_the_picker_when_tags_exist(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    pick_tag(qtbot, mixed, "Risks/Financial")
    (annotation,) = mixed.library.annotations()
    assert tag_paths(mixed, annotation.id) == ["Risks/Financial"]
    assert mixed.annotations.current_annotation_id() == annotation.id  # the chosen row
    assert mixed.reader.selected_range() is None  # selection cleared
    mixed.undo_stack.undo()  # one step undoes the tag and the highlight
    assert mixed.library.annotations() == []
    assert [t.path for t in mixed.library.tags()] == ["Commitments", "Risks"]


def test_ctrl_t_finds_a_tag_by_part_of_its_name(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    pick_tag(qtbot, mixed, "isk")
    (annotation,) = mixed.library.annotations()
    assert tag_paths(mixed, annotation.id) == ["Risks"]
    assert [t.path for t in mixed.library.tags()] == ["Commitments", "Risks"]


def test_ctrl_t_can_create_a_tag_whose_name_starts_an_existing_one(
    qtbot, mixed: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_T)
    assert mixed.tag_picker is not None
    qtbot.keyClicks(mixed.tag_picker.query, "Risk")
    assert "“Risks”" in mixed.tag_picker.outcome.text()  # says what Enter will do
    qtbot.keyClick(mixed.tag_picker.query, Qt.Key.Key_Down)
    assert "creates the tag “Risk”" in mixed.tag_picker.outcome.text()
    qtbot.keyClick(mixed.tag_picker.query, Qt.Key.Key_Return)
    (annotation,) = mixed.library.annotations()
    assert tag_paths(mixed, annotation.id) == ["Risk"]


def test_ctrl_t_then_ctrl_e_writes_the_note_of_that_one_annotation(
    qtbot, mixed: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    pick_tag(qtbot, mixed, "Risks")
    press(qtbot, mixed, Qt.Key.Key_E)
    qtbot.keyClicks(mixed.annotations.note, "Check")
    qtbot.wait(PAST_AUTOSAVE_MS)
    (annotation,) = mixed.library.annotations()  # no second, untagged highlight
    assert annotation.note == "Check"
    press(qtbot, mixed, Qt.Key.Key_F8, Qt.KeyboardModifier.NoModifier)
    assert mixed.annotations.current_annotation_id() == annotation.id


def test_highlighting_a_passage_again_tags_it_instead_of_doubling_it(
    qtbot, mixed: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    first = annotate(qtbot, mixed, "Opening")
    again = annotate(qtbot, mixed, "Opening", Qt.Key.Key_2)
    assert again == first
    assert tag_paths(mixed, first) == ["Commitments", "Risks"]
    assert len(mixed.library.annotations()) == 1


def test_ctrl_t_on_the_chosen_annotation_without_a_selection_toggles_the_tag(
    qtbot, mixed: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    chosen = annotate(qtbot, mixed, "Opening")
    pick_tag(qtbot, mixed, "Risks")
    assert tag_paths(mixed, chosen) == ["Commitments", "Risks"]
    assert len(mixed.library.annotations()) == 1
