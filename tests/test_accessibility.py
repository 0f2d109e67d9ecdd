"""What a screen reader and a keyboard-only officer get (WCAG 2.1 AA / EN 301 549)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from ui.main_window import MainWindow

from gui_support import annotate, press


def interactive(root: QWidget) -> list[QWidget]:
    """Every widget the officer can reach with Tab or click to act on."""
    return [w for w in [root, *root.findChildren(QWidget)]
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus and not w.isWindow()
            and w.isVisibleTo(root)]  # fmt: skip


def spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface else ""


def test_every_interactive_widget_has_a_spoken_name(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    nameless = [f"{type(w).__name__} {w.objectName()!r}" for w in interactive(mixed)
                if len(spoken_name(w).strip()) < 2]  # fmt: skip
    assert nameless == []
    buttons = [w for w in interactive(mixed) if isinstance(w, QAbstractButton)]
    assert buttons and all(w.accessibleDescription() or w.toolTip() for w in buttons)


def test_the_tag_buttons_say_what_they_do(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    names = {spoken_name(b) for b in mixed.tags.findChildren(QAbstractButton)}
    assert {"New tag", "Change tag"} <= names
    actions = [a.text().replace("&", "") for a in mixed.tags.view.actions()]
    # The right-click menu: the listing, a separator, then what Change tag offers.
    assert actions[:5] == ["Passages in all records", "", "Rename…", "Colour…", "Quick key…"]
    assert all(a.toolTip() for a in mixed.tags.view.actions() if not a.isSeparator())


def focused_pane(window: MainWindow) -> str:
    focus = QApplication.focusWidget()
    for name, pane in window.panes().items():
        if focus is pane or (focus is not None and pane.isAncestorOf(focus)):
            return name
    return type(focus).__name__


def test_f6_cycles_the_panes_both_ways(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    annotate(qtbot, mixed, "Opening")  # the note pane is in use
    mixed.reader.setFocus()
    order = []
    for _ in range(len(mixed.panes())):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        order.append(focused_pane(mixed))
    assert sorted(order) == sorted(mixed.panes()) and order[-1] == "reader"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert focused_pane(mixed) == order[-2]


def test_one_tab_from_the_document_list_reaches_the_reader(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    mixed.documents.view.setFocus()
    qtbot.keyClick(mixed.documents.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is mixed.reader


def test_tab_leaves_the_note_and_escape_returns_to_the_reader(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    only = annotate(qtbot, mixed, "Opening")
    press(qtbot, mixed, Qt.Key.Key_E)
    note = mixed.annotations.note
    qtbot.keyClicks(note, "Ask DESA")
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert not note.hasFocus() and "\t" not in note.toPlainText()
    note.setFocus()
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert mixed.reader.hasFocus()
    assert mixed.library.annotation(only).note == "Ask DESA"  # saved on leaving


def test_the_whole_loop_without_a_mouse(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Find a word, select it with the keyboard, tag it, write a note, go back."""
    reader = mixed.reader
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(len("Opening")):
        qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(reader, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(reader, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(mixed.annotations.note, "Opening words")
    qtbot.keyClick(mixed.annotations.note, Qt.Key.Key_Escape)
    (annotation,) = mixed.library.annotations()
    assert (annotation.quote, annotation.note) == ("Opening", "Opening words")
    assert reader.hasFocus()
