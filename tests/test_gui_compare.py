"""Annotate → Compare two readings, on real widgets: the agreement table, the passages
only one reader marked, and a double-click that shows one in the record."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from models import ImportedDocument, Library
from ui.compare_dialog import CompareDialog

from conftest import MIXED_TEXT
from gui_support import ScriptedPrompts, make_window


def test_two_readings_are_compared_and_a_passage_only_one_marked_is_shown(
    qtbot: QtBot, library: Library, prompts: ScriptedPrompts
) -> None:
    record = library.import_document(ImportedDocument("Mixed", MIXED_TEXT, "m.txt", "txt"))
    word = MIXED_TEXT.index("commitment")
    library.set_author("Amina")
    library.annotate_tagged(record.id, word, word + 10, ["Commitments"], "")
    alone = library.annotate_tagged(record.id, 0, 5, ["Risks"], "")
    library.annotate_tagged(record.id, 8, 12, ["Risks"], "")
    library.set_author("Bo")
    library.annotate_tagged(record.id, word, word + 14, ["Commitments"], "")
    library.set_author("Amina")  # you: the first reader
    window = make_window(qtbot, library, prompts)
    window.open_document(record.id)
    dialog = window.ask_compare()
    assert isinstance(dialog, CompareDialog) and dialog.isVisible()
    assert (dialog.first.currentText(), dialog.second.currentText()) == ("Amina", "Bo")
    table = dialog.table
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(8)]
        for r in range(table.rowCount())
    }
    assert list(rows) == ["(any passage)", "Commitments", "Risks"]
    assert rows["Commitments"][3:6] == ["10", "14", "10"]
    assert rows["Commitments"][6:] == ["1 of 1", "1 of 1"]  # Bo's 14: 10 covered, over half
    assert rows["Risks"][2] == "0.00"  # a tag Bo never used: no agreement beyond chance
    assert dialog.only_first.count() == 2 and dialog.only_second.count() == 0
    dialog.overlap.setValue(80)  # Bo's passage now needs 80% covered: 10 of 14 is 71%
    rows = {table.item(r, 0).text(): table.item(r, 7).text() for r in range(table.rowCount())}
    assert rows["Commitments"] == "0 of 1"
    assert dialog.only_second.count() == 1
    qtbot.keyClick(dialog.overlap, Qt.Key.Key_Return)  # Enter in the box: still open
    assert dialog.isVisible()
    first = dialog.only_first.item(0)
    assert first.data(Qt.ItemDataRole.UserRole) == alone.id
    other = library.import_document(ImportedDocument("Other", "Other words.", "o.txt", "txt"))
    window.refresh_documents()
    window.open_document(other.id)  # the officer moved on, and hides Amina's passages
    window.annotations.author_filter.setCurrentIndex(
        window.annotations.author_filter.findData("Bo")
    )
    dialog.only_first.setCurrentItem(first)
    qtbot.keyClick(dialog.only_first, Qt.Key.Key_Return)  # as a double-click does
    assert dialog.isVisible()
    assert window.current is not None and window.current.id == record.id
    assert window.annotations.current_annotation_id() == alone.id
    assert window.reader.chosen_range() == (0, 5)
    library.set_author("Bo")  # Bo marks more beside the open window…
    library.annotate_tagged(record.id, 8, 12, ["Risks"], "")
    QApplication.sendEvent(dialog, QEvent(QEvent.Type.WindowActivate))  # …then back to it
    rows = {table.item(r, 0).text(): table.item(r, 5).text() for r in range(table.rowCount())}
    assert rows["Risks"] == "4"  # both marked those four characters now
    dialog.second.setCurrentIndex(dialog.first.currentIndex())  # one reader twice
    assert table.rowCount() == 0 and "two different readers" in dialog.status.text()
    dialog.close()
