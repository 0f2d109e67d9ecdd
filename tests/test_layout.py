"""The window at the sizes officers' laptops have: nothing cut off, and remembered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from models import ImportedDocument, Library
from ui.annotation_table import AnnotationTableModel as M
from ui.main_window import MainWindow

from conftest import MIXED_TEXT
from gui_support import ScriptedPrompts, annotate, make_window


@pytest.fixture
def colleagues(qtbot, library: Library) -> MainWindow:  # type: ignore[no-untyped-def]
    library.import_document(ImportedDocument("Mixed record", MIXED_TEXT, "m.txt", "txt"))
    library.create_tag("Commitments", color="#E69F00")
    library.set_author("Maria-Fernanda Oyelaran-Castellanos")
    window = make_window(qtbot, library, ScriptedPrompts())
    annotate(qtbot, window, "Opening")
    qtbot.waitUntil(lambda: "Maria-Fernanda" in window.annotations.authors()[0])
    return window


@pytest.mark.parametrize("size", [(1280, 720), (1024, 640)])
def test_every_shown_column_fits_and_the_passage_is_readable(qtbot, colleagues: MainWindow,
                                                            size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    colleagues.resize(*size)
    qtbot.waitUntil(lambda: colleagues.width() == size[0])
    QApplication.processEvents()
    table = colleagues.annotations.table
    header = table.horizontalHeader()
    shown = [c for c in range(len(M.HEADERS)) if not header.isSectionHidden(c)]
    assert sum(header.sectionSize(c) for c in shown) <= table.viewport().width()
    assert {M.PASSAGE, M.TAGS} <= set(shown)
    assert header.sectionSize(M.PASSAGE) >= 140
    if M.AUTHOR in shown:  # the whole name, not its first four letters
        name = "Maria-Fernanda Oyelaran-Castellanos"
        assert header.sectionSize(M.AUTHOR) >= table.fontMetrics().horizontalAdvance(name)
    assert colleagues.minimumSizeHint().width() <= size[0]
    assert colleagues.reader.width() >= 300


def test_window_and_pane_sizes_are_remembered(qtbot, library: Library) -> None:  # type: ignore[no-untyped-def]
    first = make_window(qtbot, library, ScriptedPrompts())
    first.resize(780, 560)  # within the offscreen screen (800×600)
    total = sum(first.splitters["main"].sizes())
    first.splitters["main"].setSizes([total // 4, total // 2, total - total // 4 - total // 2])
    sizes = first.splitters["main"].sizes()
    first.close()
    again = make_window(qtbot, library, ScriptedPrompts())
    assert (again.width(), again.height()) == (780, 560)
    assert again.splitters["main"].sizes() == sizes


def test_a_narrow_tag_panel_gives_the_names_the_room(qtbot, colleagues: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from ui.library_models import TagTreeModel

    header = colleagues.tags.view.header()
    colleagues.tags.resize(400, 300)
    assert not header.isSectionHidden(TagTreeModel.KEY)
    colleagues.tags.resize(220, 300)
    assert header.isSectionHidden(TagTreeModel.KEY)
    first = colleagues.tags.model.index(0, TagTreeModel.NAME)
    assert "Ctrl+1" in first.data(Qt.ItemDataRole.ToolTipRole)  # the key is still told


def test_the_first_start_on_a_small_screen_fills_it(qtbot, library: Library) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, library, ScriptedPrompts())  # offscreen: an 800×600 screen
    assert window.isMaximized()
    assert window.frameGeometry().height() <= window.screen().availableGeometry().height()


def test_a_narrow_window_keeps_the_record_readable(qtbot: QtBot, library: Library) -> None:
    """The side panes keep their room, and so does the record: the window stops
    narrowing before the reader disappears (it shrank to nothing at 600 px)."""
    window = make_window(qtbot, library, ScriptedPrompts())
    window.showNormal()
    window.resize(600, 560)
    QApplication.processEvents()
    assert window.reader.width() >= 240
    assert window.width() <= window.screen().availableGeometry().width()  # 800 px fits
