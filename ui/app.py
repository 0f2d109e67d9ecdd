"""Starting the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from models import Library
from models.errors import MarginaliaError
from ui.main_window import MainWindow
from ui.prompts import show_message

AUTHOR_KEY = "author"


def application() -> QApplication:
    """The QApplication (created once)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
        app.setApplicationName("Marginalia")
        app.setOrganizationName("Marginalia")
        app.setApplicationDisplayName("Marginalia")
    return app


def open_window(opener: Callable[[], Library]) -> MainWindow | None:
    """Open the database and its window; on failure show why (without blocking) and
    return None. The database file is never modified when it cannot be opened."""
    try:
        library = opener()
    except MarginaliaError as error:
        box = show_message(None, "Marginalia", f"This database cannot be opened.\n\n{error}")
        box.setObjectName("open-failure")
        return None
    settings = QSettings()
    saved = settings.value(AUTHOR_KEY, "")
    if isinstance(saved, str) and saved.strip():
        library.set_author(saved)
    window = MainWindow(library)
    window.author_changed.connect(lambda name: settings.setValue(AUTHOR_KEY, name))
    if library.repairs:  # said once, without blocking: the window is usable meanwhile
        said = "This database was brought up to date.\n\n" + "\n".join(library.repairs)
        box = show_message(window, "Marginalia", said, error=False)
        box.setObjectName("repair-report")
    return window


def run_app(opener: Callable[[], Library]) -> int:
    """Run the app until its window closes; 1 if the database could not be opened."""
    app = application()
    window = open_window(opener)
    if window is None:
        app.exec()
        return 1
    window.show()
    return app.exec()
