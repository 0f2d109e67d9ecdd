"""Annotating actions of the main window: highlight, tag, note, move, delete, hover."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from models.edits import CreateAnnotation, DeleteAnnotation, EditNote, MovePassage, SetTags

if TYPE_CHECKING:
    from ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class Annotating(_Base):
    """Mixed into MainWindow; every change goes through ``perform`` (undoable)."""

    def highlight(self, tag_ids: Iterable[str] = ()) -> str | None:
        """Highlight the selected passage; return the new annotation's id."""
        selected = self.reader.selected_range()
        if self.current is None or selected is None:
            self.statusBar().showMessage(self.tr("Select a passage first."), 4000)
            return None
        edit = CreateAnnotation(self.current.id, *selected, tuple(tag_ids))
        if not self.perform(edit):
            return None
        self.reader.clear_selection()  # so the new highlight shows in its colour
        self.annotations.select(edit.annotation_id or "")
        return edit.annotation_id

    def highlight_with_tag(self, number: int) -> None:
        """Ctrl+1…9: highlight the selection with the n-th tag, or toggle that tag on the
        chosen annotation when nothing is selected."""
        tags = self.tags.model.tags()
        if number >= len(tags):
            return
        tag_id = tags[number].id
        if self.reader.selected_range() is None and self.annotations.current_annotation_id():
            self.toggle_tag(self.annotations.current_annotation_id() or "", tag_id)
        else:
            self.highlight([tag_id])

    def toggle_tag(self, annotation_id: str, tag_id: str) -> None:
        old = self.library.annotation(annotation_id).tag_ids
        new = tuple(t for t in old if t != tag_id) if tag_id in old else (*old, tag_id)
        self.perform(SetTags(annotation_id, old, new))

    def pick_tag(self) -> None:
        """Ctrl+T: choose a tag by typing (a new name creates it) for the selection or the
        chosen annotation."""
        selected = self.reader.selected_range()
        target = self.annotations.current_annotation_id()
        paths = [t.path for t in self.tags.model.tags()]
        path = self.prompts.choose(self.tr("Tag"), self.tr("Tag (type to find or create):"),
                                   paths)  # fmt: skip
        if not path or not path.strip() or (selected is None and target is None):
            return
        self.undo_stack.beginMacro(self.tr("Tag passage"))
        try:
            tag_id = self.tag_actions.ensure_path(path.strip())
            if tag_id and selected is not None and self.current is not None:
                self.perform(CreateAnnotation(self.current.id, *selected, (tag_id,)))
            elif tag_id and target:
                self.toggle_tag(target, tag_id)
        finally:
            self.undo_stack.endMacro()

    def edit_note(self) -> None:
        """Ctrl+E: write the note of the chosen annotation (highlighting the selection
        first if it is not an annotation yet)."""
        if self.reader.selected_range() is not None:
            self.highlight()
        if self.annotations.current_annotation_id():
            self.annotations.note.setFocus()

    def adjust_passage(self) -> None:
        """Ctrl+M: the chosen annotation now covers the selected text instead."""
        annotation_id = self.annotations.current_annotation_id()
        selected = self.reader.selected_range()
        if not annotation_id or selected is None:
            self.statusBar().showMessage(
                self.tr("Choose an annotation, then select its new passage."), 4000
            )
            return
        old = self.library.annotation(annotation_id)
        if (old.start, old.end) != selected:
            self.perform(MovePassage(annotation_id, (old.start, old.end), selected))
            self.reader.clear_selection()

    def delete_annotation(self) -> None:
        annotation_id = self.annotations.current_annotation_id()
        if annotation_id:
            self.perform(DeleteAnnotation(annotation_id))

    def _on_annotations_note_edited(self, annotation_id: str, text: str) -> None:
        old = self.library.annotation(annotation_id).note
        self.perform(EditNote(annotation_id, old, text))

    def _on_annotations_annotation_chosen(self, annotation_id: str) -> None:
        row = self.annotations.model.row_of(annotation_id)
        if row is not None:
            annotation = self.annotations.model.annotation(row)
            self.reader.show_passage(annotation.start, annotation.end)

    def describe_passages(self, annotation_ids: list[str]) -> str:
        """Hover text: each passage's tags, note and author (plain text)."""
        parts = []
        for annotation_id in annotation_ids:
            row = self.annotations.model.row_of(annotation_id)
            if row is None:
                continue
            annotation = self.annotations.model.annotation(row)
            tags = [self.annotations.model.tag(t) for t in annotation.tag_ids]
            names = ", ".join(t.path for t in tags if t) or self.tr("no tags")
            parts.append(f"{names} — {annotation.author}\n{annotation.note}".strip())
        return "\n\n".join(parts)
