"""The whole flow on the real window, from an empty database to a reopened one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from models import Library

from conftest import SAMPLE
from test_gui import ScriptedPrompts, make_window, press, select_code_points


def test_from_empty_database_to_reopened_annotations(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "brief.db"
    prompts = ScriptedPrompts()
    library = Library.open(db, author="Amina El-Sayed")
    window = make_window(qtbot, library, prompts)
    assert window.documents.model.rowCount() == 0 and window.reader.text() == ""

    prompts.answers = [[str(SAMPLE)]]
    window.import_action.trigger()
    text = SAMPLE.read_text(encoding="utf-8")
    assert window.reader.text() == text

    prompts.answers = ["Commitments"]
    window.tags.create_requested.emit()
    assert window.quick_tag_actions[0].text() == "Highlight as “Commitments”"

    passage = "remain united in supporting the follow-up process"
    start = text.index(passage)
    select_code_points(window, start - 1, start + len(passage) + 1)  # white space is trimmed
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_E)
    qtbot.keyClicks(window.annotations.note, "Secretary-General's call: brief the director")
    window.annotations.save_note()

    (annotation,) = library.annotations()
    assert (annotation.start, annotation.quote) == (start, passage)
    assert annotation.note == "Secretary-General's call: brief the director"

    window.undo_stack.undo()  # the note
    window.undo_stack.undo()  # the highlight
    assert library.annotations() == []
    window.undo_stack.redo()
    window.undo_stack.redo()
    (again,) = library.annotations()
    assert (again.id, again.note) == (annotation.id, annotation.note)
    window.close()
    library.close()

    reopened = Library.open(db, author="Amina El-Sayed")
    second = make_window(qtbot, reopened, ScriptedPrompts())
    assert second.annotations.model.rowCount() == 1
    row = second.annotations.model.annotation(0)
    assert (row.quote, row.note, row.author) == (
        annotation.quote,
        annotation.note,
        "Amina El-Sayed",
    )
    assert second.tags.model.tags()[0].annotation_count == 1
    reopened.close()
