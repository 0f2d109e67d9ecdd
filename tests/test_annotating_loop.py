"""The annotating loop as an officer does it: select, tag, write a note, move on.

Real key events and real timers: a note is typed, the autosave is waited out, and more
is typed, then the database is read back through the library.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from models import Library
from ui.main_window import MainWindow
from ui.panels import NOTE_SAVE_DELAY_MS

from conftest import MIXED_TEXT
from gui_support import press, select_code_points

PAST_AUTOSAVE_MS = NOTE_SAVE_DELAY_MS + 400


def annotate(qtbot, window: MainWindow, word: str, key: Qt.Key = Qt.Key.Key_1) -> str:  # type: ignore[no-untyped-def]
    start = MIXED_TEXT.index(word)
    select_code_points(window, start, start + len(word))
    press(qtbot, window, key)
    return window.annotations.current_annotation_id() or ""


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
