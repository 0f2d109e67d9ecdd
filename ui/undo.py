"""One QUndoCommand adapter around the Qt-free edits of ``models/edits.py``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from models import Library
from models.edits import Change, Edit, EditNote

NOTE_EDIT_ID = 1


class EditCommand(QUndoCommand):
    """Runs an edit's apply/revert against the library and reports the change.

    The edit has already been applied once when the command is pushed (so a refused edit
    never reaches the stack); the stack's first ``redo`` call is therefore skipped.
    """

    def __init__(self, edit: Edit, library: Library, changed: Callable[[Change], None]) -> None:
        super().__init__(edit.describe())
        self.edit = edit
        self._library = library
        self._changed = changed
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._changed(self.edit.apply(self._library))

    def undo(self) -> None:
        self._changed(self.edit.revert(self._library))

    def id(self) -> int:
        return NOTE_EDIT_ID if isinstance(self.edit, EditNote) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing a note saves often; successive saves of one note undo as one step."""
        mine, theirs = self.edit, getattr(other, "edit", None)
        if not (isinstance(mine, EditNote) and isinstance(theirs, EditNote)):
            return False
        if mine.target != theirs.target:
            return False
        mine.new = theirs.new
        if mine.new == mine.old:  # typed and then undone in the editor: nothing to undo
            self.setObsolete(True)
        return True
