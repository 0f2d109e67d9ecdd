"""The app's own question dialogs (the other tests answer them from a script)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ui.prompts import QUESTION_WIDTH, Prompts


def answered(
    qtbot: QtBot, ask: Callable[[], object], answer: Callable[[QInputDialog], None]
) -> object:
    """What ``ask`` returns when the dialog it opens is answered by ``answer``."""
    seen: list[QInputDialog] = []
    widths: list[int] = []

    def respond() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        qtbot.waitExposed(dialog)
        seen.append(dialog)
        widths.append(dialog.width())
        answer(dialog)

    QTimer.singleShot(0, respond)
    result = ask()
    assert seen and widths[0] >= QUESTION_WIDTH  # its title is not cut
    return result


def test_a_choice_is_wide_enough_for_its_title_and_cancel_means_none(qtbot: QtBot) -> None:
    prompts, options = Prompts(), ["With the notes", "Without the notes"]

    def second(dialog: QInputDialog) -> None:
        dialog.setTextValue("Without the notes")
        dialog.accept()

    assert answered(qtbot, lambda: prompts.choose("Share", "Notes?", options), second) == options[1]
    assert (
        answered(qtbot, lambda: prompts.choose("Share", "Notes?", options), QInputDialog.reject)
        is None
    )


def test_a_text_question_starts_from_its_default(qtbot: QtBot) -> None:
    prompts = Prompts()

    def ask() -> str | None:
        return prompts.text("Rename tag", "New name:", "Risks")

    assert answered(qtbot, ask, QInputDialog.accept) == "Risks"
    assert answered(qtbot, ask, QInputDialog.reject) is None


def test_a_confirmation_names_its_action_on_the_default_button(qtbot: QtBot) -> None:
    """ "Merge" beside Cancel, not Yes/No: Enter does what the button says, Esc does not."""
    prompts = Prompts()
    seen: list[str] = []

    def press(key: Qt.Key) -> Callable[[], None]:
        def respond() -> None:
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox)
            qtbot.waitExposed(box)
            seen.append(box.defaultButton().text())
            qtbot.keyClick(box, key)

        return respond

    QTimer.singleShot(0, press(Qt.Key.Key_Return))
    assert prompts.confirm("Merge", "Merging bo.db would change…", "Merge") is True
    QTimer.singleShot(0, press(Qt.Key.Key_Escape))
    assert prompts.confirm("Merge", "Merging bo.db would change…", "Merge") is False
    assert seen == ["Merge", "Merge"]
