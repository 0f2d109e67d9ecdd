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


# -- quick keys, counts, versions, empty states ----------------------------------------


def test_quick_keys_stay_put_when_a_tag_is_added_and_can_be_set(
    qtbot, mixed: MainWindow, prompts
) -> None:  # type: ignore[no-untyped-def]
    assert [t.path if t else None for t in mixed.numbered_tags()[:3]] == [
        "Commitments",
        "Risks",
        None,
    ]
    mixed.tag_actions.ensure_path("Budget")  # sorts first, used to take Ctrl+1
    assert [t.path if t else None for t in mixed.numbered_tags()[:3]] == [
        "Commitments",
        "Risks",
        "Budget",
    ]
    budget = mixed.library.tag_by_path("Budget").id
    mixed.tags.select(budget)
    prompts.answers = ["Ctrl+1 (now “Commitments”)"]
    mixed.tags.number_requested.emit(budget)
    assert mixed.numbered_tags()[0].id == budget
    assert mixed.numbered_tags()[2] is None  # it moved from 3 to 1
    first = annotate(qtbot, mixed, "Opening")
    assert tag_paths(mixed, first) == ["Budget"]
    tree = mixed.tags.model
    assert (
        tree.index(0, tree.KEY).data() == "Ctrl+1" and tree.index(0, tree.NAME).data() == "Budget"
    )


def test_a_free_quick_key_says_so(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_5)
    assert mixed.library.annotations() == []
    assert "Ctrl+5 has no tag yet" in mixed.statusBar().currentMessage()


def test_an_empty_database_says_how_to_start(qtbot, library: Library) -> None:  # type: ignore[no-untyped-def]
    from gui_support import ScriptedPrompts, make_window

    window = make_window(qtbot, library, ScriptedPrompts())
    assert "Import a record (Ctrl+O)" in window.reader.placeholderText()
    assert not window.tags.change_button.isEnabled()
    assert not any(a.isEnabled() for a in window.tags.change_actions)
    menu = [a.text() for a in window.annotate_menu.actions()]
    assert not any("no tag" in t.casefold() and "Highlight" in t for t in menu)
    press(qtbot, window, Qt.Key.Key_1)
    assert "no tags yet" in window.statusBar().currentMessage()
    assert window.status_summary.text().startswith("0 documents · no record open · 0 tags")
    assert not window.highlight_action.isEnabled() and not window.note_action.isEnabled()
    assert not window.export_action.isEnabled()


def test_counts_follow_edits_with_plurals_and_subtag_totals(
    qtbot, mixed: MainWindow, prompts
) -> None:  # type: ignore[no-untyped-def]
    assert mixed.status_summary.text().startswith(
        "1 document · 0 annotations in this document · 2 tags"
    )
    mixed.tag_actions.ensure_path("Risks/Legal")
    legal = mixed.library.tag_by_path("Risks/Legal").id
    mixed.quick_tags.assign(3, legal)
    mixed.refresh_tags()
    annotate(qtbot, mixed, "Opening", Qt.Key.Key_3)
    qtbot.waitUntil(lambda: "1 annotation in this document" in mixed.status_summary.text())
    tree = mixed.tags.model
    risks = tree.index(1, tree.NAME)
    assert risks.data() == "Risks"
    assert tree.index(1, tree.PASSAGES).data() == "0 (1)"
    assert "1 with its subtags" in tree.index(1, tree.PASSAGES).data(Qt.ItemDataRole.ToolTipRole)
    prompts.answers = ["Commitments", True]  # merge Risks/Legal into Commitments
    mixed.tag_actions.merge(legal)
    assert "2 tags" in mixed.status_summary.text()  # not the stale "3 tags"


def test_versions_are_labelled_and_the_title_names_the_record(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from models import ImportedDocument

    old = mixed.current
    assert old is not None and mixed.windowTitle().startswith("Mixed record — ")
    newer = mixed.library.import_revision(ImportedDocument(
        "Mixed record", MIXED_TEXT + "\n\nAdded.", "m2.txt", "txt"), old.id)  # fmt: skip
    mixed.refresh_documents()
    labels = [mixed.documents.model.data(mixed.documents.model.index(r, 0))
              for r in range(mixed.documents.model.rowCount())]  # fmt: skip
    assert len(set(labels)) == 2
    assert any("(v1, " in label and "superseded" in label for label in labels)
    assert any("(v2, " in label and "superseded" not in label for label in labels)
    mixed.open_document(newer.document.id)
    assert mixed.windowTitle().startswith("Mixed record (v2, ")


# -- found by trying it as an officer (Xvfb, real keys) ---------------------------------


def test_coming_back_to_a_note_adds_to_its_end(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    first = annotate(qtbot, mixed, "Opening")
    press(qtbot, mixed, Qt.Key.Key_E)
    qtbot.keyClicks(mixed.annotations.note, "Gamma three.")
    annotate(qtbot, mixed, "commitment")
    press(qtbot, mixed, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)  # back to it
    assert mixed.annotations.current_annotation_id() == first
    press(qtbot, mixed, Qt.Key.Key_E)
    qtbot.keyClicks(mixed.annotations.note, " More.")
    qtbot.wait(PAST_AUTOSAVE_MS)
    assert mixed.library.annotation(first).note == "Gamma three. More."


def test_retagging_the_chosen_annotation_keeps_one_row(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    chosen = annotate(qtbot, mixed, "Opening")
    annotate(qtbot, mixed, "commitment")
    mixed.annotations.select(chosen)
    for key in (Qt.Key.Key_2, Qt.Key.Key_1):  # toggles, nothing selected
        press(qtbot, mixed, key)
    model = mixed.annotations.model
    ids = [model.annotation(r).id for r in range(model.rowCount())]
    assert sorted(ids) == sorted(a.id for a in mixed.library.annotations())  # no ghost row
    assert tag_paths(mixed, chosen) == ["Risks"]
    assert model.tag_ids(model.row_of(chosen) or 0) == mixed.library.annotation(chosen).tag_ids
    assert mixed.annotations.current_annotation_id() == chosen


def move_to(qtbot, window: MainWindow, annotation_id: str, word: str) -> None:  # type: ignore[no-untyped-def]
    """Choose the annotation, select ``word``, Ctrl+M."""
    window.annotations.select(annotation_id)
    start = MIXED_TEXT.index(word)
    select_code_points(window, start, start + len(word))
    press(qtbot, window, Qt.Key.Key_M)


def test_moving_a_passage_keeps_one_row(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    chosen = annotate(qtbot, mixed, "Opening")
    annotate(qtbot, mixed, "the Chair")
    move_to(qtbot, mixed, chosen, "commitment")
    model = mixed.annotations.model
    assert model.rowCount() == 2
    assert [model.annotation(r).quote for r in range(2)] == ["the Chair", "commitment"]


def test_ctrl_h_highlights_the_selection_without_a_tag(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    select_code_points(mixed, 0, 7)
    press(qtbot, mixed, Qt.Key.Key_H)
    (annotation,) = mixed.library.annotations()
    assert (annotation.quote, annotation.tag_ids) == ("Opening", ())
    assert mixed.annotations.current_annotation_id() == annotation.id


def test_a_note_past_the_limit_is_cut_there_and_saved(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from models.annotations import MAX_NOTE_CHARS

    annotate(qtbot, mixed, "commitment")
    only = annotate(qtbot, mixed, "Opening")
    press(qtbot, mixed, Qt.Key.Key_E)
    mixed.annotations.note.insertPlainText("x" * (MAX_NOTE_CHARS + 5000))  # a paste
    qtbot.keyClicks(mixed.annotations.note, "END")
    press(qtbot, mixed, Qt.Key.Key_F8, Qt.KeyboardModifier.NoModifier)  # move on at once
    assert len(mixed.library.annotation(only).note) == MAX_NOTE_CHARS
    assert "at most 100,000 characters" in mixed.statusBar().currentMessage()


def test_a_tag_merged_into_another_leaves_one_quick_key(qtbot, mixed: MainWindow, prompts) -> None:  # type: ignore[no-untyped-def]
    commitments = mixed.library.tag_by_path("Commitments").id
    risks = mixed.library.tag_by_path("Risks").id
    prompts.answers = ["Commitments", True]
    mixed.tag_actions.merge(risks)
    numbered = mixed.numbered_tags()
    assert numbered[0] is not None and numbered[0].id == commitments
    assert numbered[1] is None  # Ctrl+2 is free, not a second key for Commitments
    menu = [a.text() for a in mixed.annotate_menu.actions()]
    assert menu.count("Highlight as “Commitments”") == 1


def test_typing_then_undoing_in_the_note_leaves_no_empty_undo_step(
    qtbot, mixed: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    annotate(qtbot, mixed, "Opening")
    steps = mixed.undo_stack.count()
    press(qtbot, mixed, Qt.Key.Key_E)
    qtbot.keyClicks(mixed.annotations.note, "abc")
    qtbot.wait(PAST_AUTOSAVE_MS)
    qtbot.keyClick(mixed.annotations.note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(PAST_AUTOSAVE_MS)
    assert mixed.library.annotations()[0].note == ""
    assert mixed.undo_stack.count() == steps  # the note edit that came to nothing is gone


# -- found on the re-test ----------------------------------------------------------------


def test_ctrl_del_in_the_note_deletes_a_word_not_the_annotation(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    annotate(qtbot, mixed, "commitment")
    chosen = annotate(qtbot, mixed, "Opening")
    press(qtbot, mixed, Qt.Key.Key_E)
    note = mixed.annotations.note
    qtbot.keyClicks(note, "first second")
    qtbot.keyClick(note, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(note, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(note, "1st")
    qtbot.wait(PAST_AUTOSAVE_MS)
    assert len(mixed.library.annotations()) == 2
    assert mixed.library.annotation(chosen).note.startswith("1st")
    assert "second" in mixed.library.annotation(chosen).note


def test_a_long_paste_into_a_note_keeps_the_note_around_it(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from models.annotations import MAX_NOTE_CHARS

    chosen = annotate(qtbot, mixed, "Opening")
    press(qtbot, mixed, Qt.Key.Key_E)
    note = mixed.annotations.note
    qtbot.keyClicks(note, "Head. Tail.")
    for _ in range(len("Tail.")):
        qtbot.keyClick(note, Qt.Key.Key_Left)
    note.insertPlainText("😀" * (MAX_NOTE_CHARS + 10))  # a paste in the middle
    qtbot.wait(PAST_AUTOSAVE_MS)
    saved = mixed.library.annotation(chosen).note
    assert len(saved) == MAX_NOTE_CHARS
    assert saved.startswith("Head. 😀") and saved.endswith("😀Tail.")


def test_moving_a_passage_onto_another_annotation_is_refused(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    chosen = annotate(qtbot, mixed, "Opening")
    annotate(qtbot, mixed, "commitment")
    move_to(qtbot, mixed, chosen, "commitment")
    assert sorted(a.quote for a in mixed.library.annotations()) == ["Opening", "commitment"]
    assert "already highlighted" in mixed.statusBar().currentMessage()
