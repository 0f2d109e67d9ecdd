"""Annotating actions of the main window: highlight, tag, note, move, delete, hover."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from models.edits import CreateAnnotation, DeleteAnnotation, EditNote, MovePassage, SetTags
from models.store import initials_of
from ui import arrivals
from ui.margin import Mark
from ui.tag_picker import TagPicker

if TYPE_CHECKING:
    from ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class Annotating(_Base):
    """Mixed into MainWindow; every change goes through ``perform`` (undoable)."""

    def highlight(self, tag_ids: Iterable[str] = ()) -> str | None:
        """Highlight the selected passage (adding ``tag_ids``); return its annotation.

        A passage already highlighted exactly there is not highlighted twice: it gets
        the tags instead. Either way it becomes the chosen row and the selection is
        cleared, so the next key (Ctrl+E, Ctrl+T) acts on it.
        """
        selected = self.reader.selected_range()
        if self.current is None or selected is None:
            self.statusBar().showMessage(self.tr("Select a passage first."), 4000)
            return None
        existing = self.annotations.model.annotation_at(*selected)
        if existing:
            self._add_tags(existing, tuple(tag_ids))
            annotation_id: str | None = existing
        else:
            edit = CreateAnnotation(self.current.id, *selected, tuple(tag_ids))
            annotation_id = edit.annotation_id if self.perform(edit) else None
        if annotation_id:
            self.reader.clear_selection()  # so the highlight shows in its colour
            self.annotations.select(annotation_id)
        return annotation_id

    def _add_tags(self, annotation_id: str, tag_ids: tuple[str, ...]) -> None:
        old = self.library.annotation(annotation_id).tag_ids
        new = old + tuple(t for t in tag_ids if t not in old)
        if new != old:
            self.perform(SetTags(annotation_id, old, new))

    def highlight_with_tag(self, number: int) -> None:
        """Ctrl+1…9: highlight the selection with the tag of that number, or toggle that
        tag on the chosen annotation when nothing is selected."""
        tag = self.numbered_tags()[number - 1]
        if tag is None:
            self._say_number_is_free(number)
            return
        chosen = self.annotations.current_annotation_id()
        if self.reader.selected_range() is None and chosen:
            self.toggle_tag(chosen, tag.id)
        else:
            self.highlight([tag.id])

    def _say_number_is_free(self, number: int) -> None:
        if not self.tags.model.tags():
            said = self.tr(
                "There are no tags yet: press Ctrl+T to tag the selection with a new one."
            )
        else:
            said = self.tr(
                "Ctrl+{0} has no tag yet: choose a tag in the Tags panel, then "
                "Change tag → Quick key"
            ).format(number)
        self.statusBar().showMessage(said, 8000)

    def toggle_tag(self, annotation_id: str, tag_id: str) -> None:
        old = self.library.annotation(annotation_id).tag_ids
        new = tuple(t for t in old if t != tag_id) if tag_id in old else (*old, tag_id)
        self.perform(SetTags(annotation_id, old, new))

    def pick_tag(self) -> TagPicker | None:
        """Ctrl+T: choose a tag by typing (a new name creates it) for the selection or,
        with nothing selected, the chosen annotation."""
        selected = self.reader.selected_range()
        target = self.annotations.current_annotation_id()
        if selected is None and target is None:
            self.statusBar().showMessage(
                self.tr("Select a passage or choose an annotation, then press Ctrl+T."), 6000
            )
            return None
        picker = TagPicker(self.tags.model.tags(), self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.chosen.connect(lambda path: self._tag_with_path(path, selected, target))
        picker.open()
        self.tag_picker = picker
        return picker

    def _tag_with_path(
        self, path: str, selected: tuple[int, int] | None, target: str | None
    ) -> None:
        """Tag the passage the picker was opened on (creating the tag if it is new) as
        one undoable step; the annotation becomes the chosen row."""
        self.undo_stack.beginMacro(self.tr("Tag passage"))
        try:
            tag_id = self.tag_actions.ensure_path(path)
            if tag_id and selected is not None and self.current is not None:
                self.reader.select_range(*selected)
                self.highlight([tag_id])
            elif tag_id and target:
                self.toggle_tag(target, tag_id)
                self.annotations.select(target)
        finally:
            self.undo_stack.endMacro()
        self.reader.setFocus()

    def edit_note(self) -> None:
        """Ctrl+E: write the note of the chosen annotation (highlighting the selection
        first if it is not an annotation yet); never makes a second highlight."""
        if self.reader.selected_range() is not None:
            self.highlight()
        if self.annotations.current_annotation_id():
            self.annotations.note.setFocus()
        else:
            self.statusBar().showMessage(
                self.tr("Select a passage or choose an annotation, then press Ctrl+E."), 6000
            )

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
        other = self.annotations.model.annotation_at(*selected)
        if other and other != annotation_id:
            self.statusBar().showMessage(
                self.tr(
                    "That passage is already highlighted: choose its annotation instead, or "
                    "select a different passage."
                ),
                8000,
            )
            return
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
            self.reader.show_passage(annotation.start, annotation.end, annotation_id)
        arrivals.seen(self, annotation_id)

    def show_authors_in_margin(self, shown: bool) -> None:
        """View → Authors in the margin: each stripe with its author's initials."""
        self.reader.margin.set_show_authors(shown)
        self.settings.setValue("view/authors_in_margin", shown)

    def margin_marks(self, annotation_ids: list[str]) -> dict[str, Mark]:
        """Which of these annotations have notes, their authors' initials, and which a
        merge brought (for the stripes on screen)."""
        new = self.annotations.model.is_new
        return {
            a.id: Mark(bool(a.note.strip()), initials_of(a.author), new(a.id))
            for a in self.library.annotations_by_id(annotation_ids)
        }

    def describe_passages(self, annotation_ids: list[str]) -> str:
        """Hover text: each passage's tags, note and author (plain text)."""
        parts = []
        for annotation_id in annotation_ids:
            row = self.annotations.model.row_of(annotation_id)
            if row is None:
                continue
            annotation = self.annotations.model.annotation(row)
            names = ", ".join(self.annotations.model.tag_names(annotation.tag_ids))
            names = names or self.tr("no tags")
            parts.append(f"{names} — {annotation.author}\n{annotation.note}".strip())
        return "\n\n".join(parts)
