"""User edits as small objects that can be applied and reverted (Qt-free undo logic).

``ui/undo.py`` wraps each in one QUndoCommand. ``apply``/``revert`` return a ``Change``
saying what changed, so views refresh just that instead of reloading everything.
A deleted annotation is restored with its original id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from models.library import Library

ChangeKind = Literal["annotation", "tag", "document"]


@dataclass(frozen=True)
class Change:
    """What an edit touched: the kind of thing and the ids."""

    kind: ChangeKind
    ids: tuple[str, ...]


@dataclass
class Edit:
    """Base class: a description for the Edit menu, and apply/revert."""

    def describe(self) -> str:
        raise NotImplementedError

    def apply(self, library: Library) -> Change:
        raise NotImplementedError

    def revert(self, library: Library) -> Change:
        raise NotImplementedError


@dataclass
class CreateAnnotation(Edit):
    """Highlight a passage; redo after undo brings back the same annotation."""

    document_id: str
    start: int
    end: int
    tag_ids: tuple[str, ...] = ()
    note: str = ""
    annotation_id: str | None = field(default=None, init=False)

    def describe(self) -> str:
        return "Highlight passage"

    def apply(self, library: Library) -> Change:
        if self.annotation_id is None:
            created = library.annotate(self.document_id, self.start, self.end, self.tag_ids,
                                       self.note)  # fmt: skip
            self.annotation_id = created.id
        else:
            library.restore_annotation(self.annotation_id)
        return Change("annotation", (self.annotation_id,))

    def revert(self, library: Library) -> Change:
        assert self.annotation_id is not None
        library.delete_annotation(self.annotation_id)
        return Change("annotation", (self.annotation_id,))


@dataclass
class DeleteAnnotation(Edit):
    annotation_id: str

    def describe(self) -> str:
        return "Delete annotation"

    def apply(self, library: Library) -> Change:
        library.delete_annotation(self.annotation_id)
        return Change("annotation", (self.annotation_id,))

    def revert(self, library: Library) -> Change:
        library.restore_annotation(self.annotation_id)
        return Change("annotation", (self.annotation_id,))


@dataclass
class EditNote(Edit):
    annotation_id: str
    old: str
    new: str

    def describe(self) -> str:
        return "Edit note"

    def apply(self, library: Library) -> Change:
        library.set_note(self.annotation_id, self.new)
        return Change("annotation", (self.annotation_id,))

    def revert(self, library: Library) -> Change:
        library.set_note(self.annotation_id, self.old)
        return Change("annotation", (self.annotation_id,))


@dataclass
class SetTags(Edit):
    annotation_id: str
    old: tuple[str, ...]
    new: tuple[str, ...]

    def describe(self) -> str:
        return "Change tags"

    def apply(self, library: Library) -> Change:
        library.set_tags(self.annotation_id, self.new)
        return Change("annotation", (self.annotation_id,))

    def revert(self, library: Library) -> Change:
        library.set_tags(self.annotation_id, self.old)
        return Change("annotation", (self.annotation_id,))


@dataclass
class MovePassage(Edit):
    annotation_id: str
    old: tuple[int, int]
    new: tuple[int, int]

    def describe(self) -> str:
        return "Adjust passage"

    def apply(self, library: Library) -> Change:
        library.move_annotation(self.annotation_id, *self.new)
        return Change("annotation", (self.annotation_id,))

    def revert(self, library: Library) -> Change:
        library.move_annotation(self.annotation_id, *self.old)
        return Change("annotation", (self.annotation_id,))


@dataclass
class CreateTag(Edit):
    name: str
    parent_id: str | None = None
    color: str | None = None
    tag_id: str | None = field(default=None, init=False)

    def describe(self) -> str:
        return f"Create tag “{self.name}”"

    def apply(self, library: Library) -> Change:
        if self.tag_id is None:
            self.tag_id = library.create_tag(self.name, self.color, self.parent_id).id
        else:
            library.restore_tag(self.tag_id)
        return Change("tag", (self.tag_id,))

    def revert(self, library: Library) -> Change:
        assert self.tag_id is not None
        library.delete_tag(self.tag_id)
        return Change("tag", (self.tag_id,))


@dataclass
class RenameTag(Edit):
    tag_id: str
    old: str
    new: str

    def describe(self) -> str:
        return f"Rename tag “{self.old}”"

    def apply(self, library: Library) -> Change:
        library.rename_tag(self.tag_id, self.new)
        return Change("tag", (self.tag_id,))

    def revert(self, library: Library) -> Change:
        library.rename_tag(self.tag_id, self.old)
        return Change("tag", (self.tag_id,))


@dataclass
class RecolourTag(Edit):
    tag_id: str
    old: str
    new: str

    def describe(self) -> str:
        return "Change tag colour"

    def apply(self, library: Library) -> Change:
        library.recolour_tag(self.tag_id, self.new)
        return Change("tag", (self.tag_id,))

    def revert(self, library: Library) -> Change:
        library.recolour_tag(self.tag_id, self.old)
        return Change("tag", (self.tag_id,))


@dataclass
class DeleteTag(Edit):
    tag_id: str
    name: str = ""

    def describe(self) -> str:
        return f"Delete tag “{self.name}”"

    def apply(self, library: Library) -> Change:
        library.delete_tag(self.tag_id)
        return Change("tag", (self.tag_id,))

    def revert(self, library: Library) -> Change:
        library.restore_tag(self.tag_id)
        return Change("tag", (self.tag_id,))


@dataclass
class MoveTag(Edit):
    tag_id: str
    old_parent: str | None
    new_parent: str | None

    def describe(self) -> str:
        return "Move tag"

    def apply(self, library: Library) -> Change:
        library.move_tag(self.tag_id, self.new_parent)
        return Change("tag", (self.tag_id,))

    def revert(self, library: Library) -> Change:
        library.move_tag(self.tag_id, self.old_parent)
        return Change("tag", (self.tag_id,))


@dataclass
class Review(Edit):
    """Accept an amended annotation where it landed, or re-attach one (amended or orphaned)
    to a chosen passage; undo puts it back exactly as it was."""

    annotation_id: str
    document_id: str | None = None  # None: accept where it is
    start: int = 0
    end: int = 0
    before: tuple[str, int, int, str, str, str | None] | None = field(default=None, init=False)

    def describe(self) -> str:
        return "Accept passage" if self.document_id is None else "Re-attach passage"

    def apply(self, library: Library) -> Change:
        a = library.annotation(self.annotation_id)
        self.before = (a.document_id, a.start, a.end, a.status, a.old_quote, a.target)
        if self.document_id is None:
            library.accept_anchor(self.annotation_id)
        else:
            library.reattach(self.annotation_id, self.document_id, self.start, self.end)
        return Change("annotation", (self.annotation_id,))

    def revert(self, library: Library) -> Change:
        assert self.before is not None
        document_id, start, end, status, old_quote, target = self.before
        library.place_annotation(self.annotation_id, document_id, start, end, status, old_quote,
                                 target)  # fmt: skip
        return Change("annotation", (self.annotation_id,))
