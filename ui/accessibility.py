"""Spoken names for widgets, and moving between the window's panes from the keyboard."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QApplication, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, description: str = "") -> W:
    """Give ``widget`` the name a screen reader says (and what it is for)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def next_pane(panes: list[QWidget], step: int) -> QWidget:
    """The pane after (``step`` 1) or before (-1) the one holding the keyboard focus;
    hidden and disabled panes are skipped."""
    shown = [p for p in panes if p.isVisible() and p.isEnabled()] or panes
    focus = QApplication.focusWidget()
    here = next(
        (
            i
            for i, p in enumerate(shown)
            if focus is p or (focus is not None and p.isAncestorOf(focus))
        ),
        None,
    )
    if here is None:
        return shown[0] if step > 0 else shown[-1]
    return shown[(here + step) % len(shown)]
