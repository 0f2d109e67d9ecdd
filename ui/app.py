"""Starting the desktop app."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

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
    """Run the app until its window closes (or the session ends: SIGTERM, or Ctrl+C in
    the terminal); 1 if the database could not be opened. On the way out the note being
    typed is saved and the database file made whole (checkpointed): copying the .db file
    alone then copies all the work."""
    app = application()
    window = open_window(opener)
    if window is None:
        app.exec()
        return 1
    close_on_signals(app, window)
    window.show()
    code = app.exec()
    window.annotations.save_note()
    window.library.close()
    return code


def close_on_signals(app: QApplication, window: QWidget) -> None:
    """SIGTERM (logout, shutdown) and SIGINT close the window as its close button does.

    Python runs a signal handler only when the interpreter gets control, which Qt's event
    loop does not give it by itself; a quarter-second timer does.
    """
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda _number, _frame: window.close())
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)
