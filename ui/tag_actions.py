"""Tag management from the tag panel: each action asks, then performs an undoable edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from models.edits import CreateTag, DeleteTag, MoveTag, RecolourTag, RenameTag
from models.errors import MarginaliaError
from models.wording import count
from ui.prompts import show_message

if TYPE_CHECKING:
    from ui.main_window import MainWindow

TOP_LEVEL = "(top level)"


class TagActions(QObject):
    """Create, rename, recolour, move, merge and delete tags for a main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        panel = window.tags
        panel.create_requested.connect(self.create)
        panel.rename_requested.connect(self.rename)
        panel.recolour_requested.connect(self.recolour)
        panel.number_requested.connect(self.number)
        panel.move_requested.connect(self.move)
        panel.merge_requested.connect(self.merge)
        panel.delete_requested.connect(self.delete)

    def _tags(self) -> dict[str, object]:
        return {t.id: t for t in self.window.tags.model.tags()}

    def create(self) -> None:
        path = self.window.prompts.text(
            self.tr("New tag"), self.tr("Name (a / makes a subtag, e.g. Risks/Financial):")
        )
        if path and path.strip():
            self.ensure_path(path.strip())

    def ensure_path(self, path: str) -> str | None:
        """The id of the tag at ``path``, creating missing levels as undoable edits."""
        parent: str | None = None
        for part in (p.strip() for p in path.split("/")):
            existing = next((t for t in self.window.tags.model.tags()
                             if t.parent_id == parent and t.name.casefold() == part.casefold()),
                            None)  # fmt: skip
            if existing:
                parent = existing.id
                continue
            edit = CreateTag(part, parent)
            if not self.window.perform(edit):
                return None
            parent = edit.tag_id
        if parent:
            self._give_free_number(parent)
        return parent

    def _give_free_number(self, tag_id: str) -> None:
        window = self.window
        canonical = window.library.tag_tree().canonical
        window.quick_tags.give_free_number(tag_id, window.tags.model.tags(), canonical)
        window.show_quick_tags()  # the tags were just shown: only the keys changed

    def number(self, tag_id: str) -> None:
        """Give a tag a quick key (Ctrl+1…9), taking it from any other tag, or none."""
        window = self.window
        tag = window.library.tag(tag_id)
        options: dict[str, int | None] = {}
        for number, holder in enumerate(window.numbered_tags(), start=1):
            held = self.tr("now “{0}”").format(holder.path) if holder else self.tr("free")
            options[f"Ctrl+{number} ({held})"] = number
        options[self.tr("No quick key")] = None
        choice = window.prompts.choose(
            self.tr("Quick key"), self.tr("Key for “{0}”:").format(tag.path), list(options)
        )
        if choice is None or choice not in options:
            return
        chosen = options[choice]
        if chosen is None:
            mine = window.quick_tags.number_of(tag_id, window.tags.model.tags(),
                                               window.library.tag_tree().canonical)  # fmt: skip
            if mine:
                window.quick_tags.assign(mine, None)
        else:
            window.quick_tags.assign(chosen, tag_id)
        window.show_quick_tags()

    def rename(self, tag_id: str) -> None:
        tag = self.window.library.tag(tag_id)
        name = self.window.prompts.text(self.tr("Rename tag"), self.tr("New name:"), tag.name)
        if name and name.strip() and name.strip() != tag.name:
            self.window.perform(RenameTag(tag_id, tag.name, name.strip()))

    def recolour(self, tag_id: str) -> None:
        tag = self.window.library.tag(tag_id)
        color = self.window.prompts.color(self.tr("Colour of “{0}”").format(tag.path), tag.color)
        if color and color.upper() != tag.color:
            self.window.perform(RecolourTag(tag_id, tag.color, color))

    def move(self, tag_id: str) -> None:
        tag = self.window.library.tag(tag_id)
        below = self.window.tags.model.subtree_ids(tag_id)
        options = {self.tr(TOP_LEVEL): None} | {
            t.path: t.id for t in self.window.tags.model.tags() if t.id not in below
        }
        choice = self.window.prompts.choose(
            self.tr("Move tag"), self.tr("Put “{0}” under:").format(tag.path), list(options)
        )
        if choice is not None and choice in options and options[choice] != tag.parent_id:
            self.window.perform(MoveTag(tag_id, tag.parent_id, options[choice]))

    def merge(self, tag_id: str) -> None:
        """Merge into another tag. Not undoable: the window says so and asks first."""
        library = self.window.library
        source = library.tag(tag_id)
        below = self.window.tags.model.subtree_ids(tag_id)
        targets = {t.path: t.id for t in self.window.tags.model.tags() if t.id not in below}
        choice = self.window.prompts.choose(
            self.tr("Merge tag"), self.tr("Merge “{0}” into:").format(source.path), list(targets)
        )
        if choice not in targets:
            return
        carried = count(library.affected_by_deleting(tag_id), "passage")
        moving = (
            self.tr("Its subtags and the passages it is on ({0}) move there.")
            if len(below) > 1
            else self.tr("The passages it is on ({0}) move there.")
        ).format(carried)
        question = self.tr(
            "Merge “{0}” into “{1}”? {2} This cannot be undone, and clears the undo history."
        ).format(source.path, choice, moving)
        if not self.window.prompts.confirm(self.tr("Merge tag"), question, self.tr("Merge")):
            return
        try:
            library.merge_tags(tag_id, targets[choice])
        except MarginaliaError as error:
            show_message(self.window, self.tr("Not done"), str(error))
            return
        self.window.undo_stack.clear()
        self.window.refresh_tags()
        self.window._redraw_passages()

    def delete(self, tag_id: str) -> None:
        tag = self.window.library.tag(tag_id)
        carried = count(self.window.library.affected_by_deleting(tag_id), "passage")
        if len(self.window.tags.model.subtree_ids(tag_id)) > 1:
            question = self.tr(
                "Delete the tag “{0}” and its subtags? They are on {1}; the "
                "passages stay, without these tags. (Undo brings them back.)"
            )
        else:
            question = self.tr(
                "Delete the tag “{0}”? It is on {1}; the passages stay, "
                "without this tag. (Undo brings it back.)"
            )
        question = question.format(tag.path, carried)
        if self.window.prompts.confirm(self.tr("Delete tag"), question, self.tr("Delete")):
            self.window.perform(DeleteTag(tag_id, tag.path))
