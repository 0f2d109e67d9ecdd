"""The window's size, place and pane sizes, remembered between runs (app settings)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QMainWindow, QSplitter

DEFAULT_SIZE = QSize(1280, 800)


def restore_layout(window: QMainWindow, splitters: dict[str, QSplitter],
                   settings: QSettings) -> None:  # fmt: skip
    """Put the window back as it was left; the first time, as large as the default
    allows on this screen."""
    geometry = settings.value("window/geometry")
    if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
        screen = window.screen().availableGeometry()
        window.resize(DEFAULT_SIZE.boundedTo(screen.size()))
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for name, splitter in splitters.items():
        sizes = settings.value(f"window/{name}-splitter")
        if isinstance(sizes, QByteArray):
            splitter.restoreState(sizes)


def save_layout(window: QMainWindow, splitters: dict[str, QSplitter],
                settings: QSettings) -> None:  # fmt: skip
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    for name, splitter in splitters.items():
        settings.setValue(f"window/{name}-splitter", splitter.saveState())
    settings.sync()
