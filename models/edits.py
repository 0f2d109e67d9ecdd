"""User edits as small objects that can be applied and reverted (Qt-free undo logic).

``ui/undo.py`` wraps each in one QUndoCommand. ``apply``/``revert`` return a ``Change``
saying what changed, so views refresh just that instead of reloading everything.
A deleted annotation is restored with its original id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

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
class Swap(Edit):
    """An edit that replaces one value of an annotation or tag: ``apply`` sets ``new``,
    ``revert`` sets ``old`` back. Subclasses say what is set and how it is called."""

    target: str
    old: Any
    new: Any
    kind: ClassVar[ChangeKind] = "annotation"
    label: ClassVar[str] = ""

    def describe(self) -> str:
        return self.label

    def apply(self, library: Library) -> Change:
        self.set(library, self.new)
        return Change(self.kind, (self.target,))

    def revert(self, library: Library) -> Change:
        self.set(library, self.old)
        return Change(self.kind, (self.target,))

    def set(self, library: Library, value: Any) -> None:
        raise NotImplementedError


class EditNote(Swap):
    label = "Edit note"

    def set(self, library: Library, value: Any) -> None:
        library.set_note(self.target, value)


class SetTags(Swap):
    label = "Change tags"

    def set(self, library: Library, value: Any) -> None:
        library.set_tags(self.target, value)


class MovePassage(Swap):
    label = "Adjust passage"

    def set(self, library: Library, value: Any) -> None:
        library.move_annotation(self.target, *value)


class RenameTag(Swap):
    kind = "tag"

    def describe(self) -> str:
        return f"Rename tag “{self.old}”"

    def set(self, library: Library, value: Any) -> None:
        library.rename_tag(self.target, value)


class RecolourTag(Swap):
    kind = "tag"
    label = "Change tag colour"

    def set(self, library: Library, value: Any) -> None:
        library.recolour_tag(self.target, value)


class MoveTag(Swap):
    kind = "tag"
    label = "Move tag"

    def set(self, library: Library, value: Any) -> None:
        library.move_tag(self.target, value)


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
class Review(Edit):
    """Accept an amended annotation where it landed, or re-attach one (amended or orphaned)
    to a chosen passage; undo puts its home back, and so its placement."""

    annotation_id: str
    document_id: str | None = None  # None: accept where it is
    start: int = 0
    end: int = 0
    before: tuple[str, int, int] | None = field(default=None, init=False)

    def describe(self) -> str:
        return "Accept passage" if self.document_id is None else "Re-attach passage"

    def apply(self, library: Library) -> Change:
        self.before = library.home_of(self.annotation_id)
        if self.document_id is None:
            library.accept_anchor(self.annotation_id)
        else:
            library.reattach(self.annotation_id, self.document_id, self.start, self.end)
        return Change("annotation", (self.annotation_id,))

    def revert(self, library: Library) -> Change:
        assert self.before is not None
        library.rehome(self.annotation_id, *self.before)
        return Change("annotation", (self.annotation_id,))
