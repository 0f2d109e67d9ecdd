"""The window's size, place and pane sizes, remembered between runs (app settings)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtWidgets import QMainWindow, QSplitter

DEFAULT_SIZE = QSize(1280, 800)


def restore_layout(
    window: QMainWindow, splitters: dict[str, QSplitter], settings: QSettings
) -> None:
    """Put the window back as it was left; the first time, as large as the default
    allows on this screen."""
    geometry = settings.value("window/geometry")
    if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
        screen = window.screen().availableGeometry().size()
        if DEFAULT_SIZE.width() < screen.width() and DEFAULT_SIZE.height() < screen.height() - 80:
            window.resize(DEFAULT_SIZE)
        else:  # a laptop screen: fill it, frame and status bar included
            window.resize(screen - QSize(0, 80))
            window.setWindowState(Qt.WindowState.WindowMaximized)
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for name, splitter in splitters.items():
        sizes = settings.value(f"window/{name}-splitter")
        if isinstance(sizes, QByteArray):
            splitter.restoreState(sizes)


def save_layout(window: QMainWindow, splitters: dict[str, QSplitter], settings: QSettings) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    for name, splitter in splitters.items():
        settings.setValue(f"window/{name}-splitter", splitter.saveState())
    settings.sync()
