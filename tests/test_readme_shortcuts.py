"""README's table of shortcuts is the app's: every key the window answers to is listed,
and every key listed is one the app answers to."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QKeySequence

from ui.main_window import MainWindow

from conftest import ROOT

KEYS_HANDLED_OUTSIDE_ACTIONS = {
    "Up", "Down", "Enter", "Shift+Enter", "Tab", "Esc", "Alt+N",  # picker, note, find bar
}  # fmt: skip
PLATFORM_ALTERNATIVES = {"Undo", "Redo", "Alt+Backspace", "Alt+Shift+Backspace"}
"""Extra keys Qt's standard Undo/Redo bring on some desktops (media keys, old Motif)."""


def readme_keys() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("<!-- shortcuts -->")[1].split("<!-- /shortcuts -->")[0]
    keys = set(re.findall(r"`([^`]+)`", table))
    keys.discard("Risks/Financial")
    keys.discard('"a phrase"')
    keys -= {"prefix*", "OR", "-word"}
    if "Ctrl+1" in keys and "Ctrl+9" in keys:
        keys |= {f"Ctrl+{n}" for n in range(2, 9)}
    return keys


def app_keys(window: MainWindow) -> set[str]:
    return {
        shortcut.toString(QKeySequence.SequenceFormat.PortableText)
        for action in window.findChildren(QAction)
        for shortcut in action.shortcuts()
    }


def test_the_readme_lists_exactly_the_apps_shortcuts(qtbot, mixed: MainWindow) -> None:  # type: ignore[no-untyped-def]
    listed, handled = readme_keys(), app_keys(mixed) - PLATFORM_ALTERNATIVES
    assert handled - listed == set(), "keys the app has that README does not list"
    assert listed - handled - KEYS_HANDLED_OUTSIDE_ACTIONS == set(), "keys README invents"
