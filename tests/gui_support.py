"""Replaying the officer in GUI tests: scripted answers to the window's questions, a
window on a small mixed-script record, selecting by code points, pressing keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor

from models import ImportedDocument, Library
from models.merge import MergeReport
from models.merge_choices import Choices
from ui.main_window import MainWindow
from ui.prompts import Prompts
from ui.reread_dialog import RereadDialog

from conftest import MIXED_TEXT


class ScriptedPrompts(Prompts):
    """Answers the window's questions from a script instead of opening dialogs."""

    def __init__(self) -> None:
        super().__init__(None)
        self.answers: list[object] = []
        self.asked: list[str] = []

    def _next(self, question: str) -> object:
        self.asked.append(question)
        return self.answers.pop(0) if self.answers else None

    def text(self, title: str, label: str, default: str = "") -> str | None:
        return self._next(label)  # type: ignore[return-value]

    def color(self, title: str, initial: str) -> str | None:
        return self._next(title)  # type: ignore[return-value]

    def choose(self, title: str, label: str, options) -> str | None:  # type: ignore[no-untyped-def]
        return self._next(label)  # type: ignore[return-value]

    def confirm(self, title: str, text: str, action: str = "") -> bool:
        return bool(self._next(text))

    def merge_preview(self, source: str, report: MergeReport, described: str) -> Choices | None:
        """An answer of True merges by the rule; Choices merge with them."""
        answer = self._next(described)
        return answer if isinstance(answer, Choices) else Choices() if answer else None

    def open_files(self, title: str, filters: str) -> list[str]:
        return self._next(title)  # type: ignore[return-value]

    def reread(self, path: Path, encoding: str, current: str = "") -> ImportedDocument | None:
        """The real dialog, its encoding typed as the answer says, then Read again
        (None: Cancel, or Read again refused)."""
        answer = self._next(f"reread {path.name} ({encoding})")
        if answer is None:
            return None
        dialog = RereadDialog(None, path, encoding, current)
        dialog.encoding.setCurrentText(str(answer))
        dialog.accept()
        record = dialog.record if dialog.result() == RereadDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        return record

    def open_records(self, title: str, filters: str) -> tuple[list[str], bool]:
        """An answer of a list: those files, main content; (files, whole) as given."""
        answer = self._next(title)
        if isinstance(answer, tuple):
            files, whole = answer
            return [str(f) for f in files], bool(whole)
        return ([str(f) for f in answer] if isinstance(answer, list) else []), False

    def save_file(self, title: str, default: str, filters: str) -> str | None:
        return self._next(title)  # type: ignore[return-value]

    def share(self, current, authors, default_out, filters):  # type: ignore[no-untyped-def]
        return self._next("share")


@pytest.fixture
def prompts() -> ScriptedPrompts:
    return ScriptedPrompts()


def settings_beside(library: Library) -> QSettings:
    """The app's settings for a test: a file beside its database (one per test, kept
    when the same database is opened again)."""
    assert library.path is not None
    return QSettings(str(library.path.with_suffix(".ini")), QSettings.Format.IniFormat)


def make_window(qtbot, library: Library, prompts: Prompts) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(library, prompts, settings_beside(library))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # its shortcuts work only once it is active
    return window


@pytest.fixture
def mixed(qtbot, library: Library, prompts: ScriptedPrompts) -> MainWindow:  # type: ignore[no-untyped-def]
    library.import_document(ImportedDocument("Mixed record", MIXED_TEXT, "m.txt", "txt"))
    library.create_tag("Commitments", color="#E69F00")
    library.create_tag("Risks", color="#56B4E9")
    return make_window(qtbot, library, prompts)


def select_code_points(window: MainWindow, start: int, end: int) -> None:
    """Select like the officer does, with positions computed the way Qt counts them."""
    text = window.reader.text()
    cursor = window.reader.textCursor()
    cursor.setPosition(len(text[:start].encode("utf-16-le")) // 2)
    cursor.setPosition(len(text[:end].encode("utf-16-le")) // 2, QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)


def press(
    qtbot, window: MainWindow, key: Qt.Key, modifiers=Qt.KeyboardModifier.ControlModifier
) -> None:  # type: ignore[no-untyped-def]
    window.reader.setFocus()
    qtbot.keyClick(window.reader, key, modifiers)


def background_at(window: MainWindow, start: int) -> str | None:
    """The highlight colour drawn at a code point (what the officer sees)."""
    text = window.reader.text()
    position = len(text[:start].encode("utf-16-le")) // 2
    block = window.reader.document().findBlock(position)
    inside = position - block.position()
    for fmt in block.layout().formats():
        if fmt.start <= inside < fmt.start + fmt.length:
            return fmt.format.background().color().name().upper()
    return None


def annotate(qtbot, window: MainWindow, word: str, key: Qt.Key = Qt.Key.Key_1) -> str:  # type: ignore[no-untyped-def]
    """Select ``word`` in the mixed record and press Ctrl+1 (or ``key``); return the
    chosen annotation's id."""
    start = MIXED_TEXT.index(word)
    select_code_points(window, start, start + len(word))
    press(qtbot, window, key)
    return window.annotations.current_annotation_id() or ""
