"""Find in this document (Ctrl+F): a bar above the reader with Previous, Next and a count."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from ui.accessibility import named
from ui.reader import DocumentReader

PREFILL_CHARS = 80
"""A selection up to this long (on one line) is what Ctrl+F offers to find."""
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_LINE_BREAKS = ("\u2029", "\u2028", "\n")


class FindBar(QWidget):
    """Finds words in the reader's document: Enter finds the next, Shift+Enter the
    previous, Esc closes the bar and gives the keyboard back to the reader. The label says
    which match is selected ("3 of 17") or "Not found" (in words, not colour alone)."""

    def __init__(self, reader: DocumentReader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self._forwarding = False
        self._build_widgets()
        named(self, self.tr("Find in this document"))
        self.setFocusProxy(self.edit)
        self.hide()

    def _build_widgets(self) -> None:
        self.edit = named(
            QLineEdit(placeholderText=self.tr("Find in this document")),
            self.tr("Find in this document"),
            self.tr("Enter finds the next match, Shift+Enter the previous one, Esc closes"),
        )
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.installEventFilter(self)
        self.previous = self._button(self.tr("Previous"), self.tr("Previous match (Shift+Enter)"))
        self.previous.clicked.connect(self.find_previous)
        self.next = self._button(self.tr("Next"), self.tr("Next match (Enter)"))
        self.next.clicked.connect(self.find_next)
        self.status = named(QLabel(), self.tr("Matches"))
        self.status.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 of 0000") + 8)
        self.close_button = self._button("×", self.tr("Close the find bar (Esc)"))
        self.close_button.setAccessibleName(self.tr("Close find bar"))
        self.close_button.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for widget in (self.edit, self.previous, self.next, self.status, self.close_button):
            layout.addWidget(widget)
        layout.setStretch(0, 1)

    def _button(self, text: str, tip: str) -> QToolButton:
        button = named(QToolButton(), text, tip)
        button.setText(text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    # -- what the window calls ---------------------------------------------------------------

    def open(self) -> None:
        """Show the bar with the keyboard in it, its words selected; a short one-line
        selection in the reader becomes the words to find."""
        selected = self.reader.textCursor().selectedText()
        if (
            selected
            and len(selected) <= PREFILL_CHARS
            and not any(c in selected for c in _LINE_BREAKS)
        ):
            self.edit.setText(selected)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self._show_count()

    def find_next(self) -> bool:
        return self._find(backwards=False)

    def find_previous(self) -> bool:
        return self._find(backwards=True)

    def close_bar(self) -> None:
        """Hide the bar and give the keyboard back to the reader (its selection kept)."""
        self.hide()
        self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- finding -------------------------------------------------------------------------------

    def _find(self, backwards: bool) -> bool:
        words = self.edit.text()
        if not words:
            self._say("", found=True)
            return False
        found = self.reader.find_text(words, backwards)
        if found:
            self._show_count()
        else:
            self._say(self.tr("Not found"), found=False)
        return found

    def _show_count(self) -> None:
        words = self.edit.text()
        if not words:
            self._say("", found=True)
            return
        current, total = self.reader.find_position(words)
        if not total:
            self._say(self.tr("Not found"), found=False)
        elif current:
            self._say(self.tr("{0} of {1}").format(current, total), found=True)
        else:
            many = self.tr("{0} matches").format(total)
            self._say(many if total > 1 else self.tr("1 match"), found=True)

    def _say(self, text: str, found: bool) -> None:
        self.status.setText(text)
        self.status.setAccessibleDescription(text)
        palette = QPalette(self.palette())
        if not found:  # the words say it; the colour only helps to notice it
            dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
            palette.setColor(
                QPalette.ColorRole.WindowText, QColor("#FF8A80" if dark else "#B00020")
            )
        self.status.setPalette(palette)

    def _on_edit_text_changed(self, _text: str) -> None:
        self._show_count()

    # -- keys ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter, Shift+Enter and Esc in the line edit are the bar's, before any shortcut
        of the window can take them."""
        if watched is self.edit and isinstance(event, QKeyEvent):
            key = event.key()
            ours = key in _ENTER or key == Qt.Key.Key_Escape
            if event.type() == QEvent.Type.ShortcutOverride and ours:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress and ours:
                self._handle(event)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys sent to the bar itself (not its line edit) act as if typed in it."""
        if event.key() in _ENTER or event.key() == Qt.Key.Key_Escape:
            self._handle(event)
        elif event.text() and event.text().isprintable() and not self._forwarding:
            self._forwarding = True
            try:
                self.edit.setFocus()
                self.edit.event(event)
            finally:
                self._forwarding = False
        else:
            super().keyPressEvent(event)

    def _handle(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.find_previous()
        else:
            self.find_next()
        event.accept()
