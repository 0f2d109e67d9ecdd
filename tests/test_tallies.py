"""Tag counts kept by the edits (models/tallies.py) equal a full recount, whatever the
officer does: the app's edits with undo and redo, tag edits, merges of a colleague's copy,
another program writing the same file."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from models import ImportedDocument, Library
from models.edits import (
    CreateAnnotation,
    CreateTag,
    DeleteAnnotation,
    DeleteTag,
    Edit,
    EditNote,
    MovePassage,
    MoveTag,
    SetTags,
)
from models.errors import MarginaliaError

TEXT = "The Board noted the report on migration and asked for a review by 2027. " * 8


def kept_and_recounted(library: Library) -> tuple[dict[object, int], dict[object, int]]:
    tree = library.tag_tree()
    kept = {k: n for k, n in library.tally(tree).items() if n}
    return kept, {k: n for k, n in library.tally(tree, recount=True).items() if n}


class TagCounts(RuleBasedStateMachine):
    """One officer's database (and sometimes a colleague's copy merged back)."""

    @initialize()
    def open_library(self) -> None:
        self.folder = Path(tempfile.mkdtemp())
        self.library = Library.open(self.folder / "mine.db", author="Officer")
        imported = ImportedDocument("Record", TEXT, "r.txt", "txt")
        self.document = self.library.import_document(imported).id
        self.tags = [self.library.create_tag(name).id for name in ("Risks", "Dates", "Aims")]
        self.annotations: list[str] = []
        self.done: list[Edit] = []
        self.undone: list[Edit] = []

    def perform(self, edit: Edit) -> None:
        try:
            edit.apply(self.library)
        except MarginaliaError:
            return
        self.done.append(edit)
        self.undone.clear()

    @rule(
        start=st.integers(0, len(TEXT) - 20),
        size=st.integers(1, 19),
        tags=st.lists(st.integers(0, 9), max_size=3),
    )
    def highlight(self, start: int, size: int, tags: list[int]) -> None:
        chosen = tuple(dict.fromkeys(self.tags[n % len(self.tags)] for n in tags))
        edit = CreateAnnotation(self.document, start, start + size, chosen)
        self.perform(edit)
        if edit.annotation_id:
            self.annotations.append(edit.annotation_id)

    @precondition(lambda self: self.annotations)
    @rule(pick=st.integers(0, 99), tags=st.lists(st.integers(0, 9), max_size=3))
    def retag(self, pick: int, tags: list[int]) -> None:
        target = self.annotations[pick % len(self.annotations)]
        old = self.library.annotation(target).tag_ids if self._live(target) else None
        if old is not None:
            new = tuple(dict.fromkeys(self.tags[n % len(self.tags)] for n in tags))
            self.perform(SetTags(target, old, new))

    @precondition(lambda self: self.annotations)
    @rule(pick=st.integers(0, 99), kind=st.sampled_from(["delete", "note", "move"]))
    def change(self, pick: int, kind: str) -> None:
        target = self.annotations[pick % len(self.annotations)]
        if not self._live(target):
            return
        annotation = self.library.annotation(target)
        if kind == "delete":
            self.perform(DeleteAnnotation(target))
        elif kind == "note":
            self.perform(EditNote(target, annotation.note, annotation.note + "!"))
        else:
            moved = (annotation.start + 1, annotation.end + 1)
            self.perform(MovePassage(target, (annotation.start, annotation.end), moved))

    @rule(kind=st.sampled_from(["create", "subtag", "move", "delete"]), pick=st.integers(0, 99))
    def edit_a_tag(self, kind: str, pick: int) -> None:
        shown = [t.id for t in self.library.tags()]
        if not shown:
            return
        tag = shown[pick % len(shown)]
        if kind == "create":
            edit: Edit = CreateTag(f"Tag {len(self.tags)}")
        elif kind == "subtag":
            edit = CreateTag(f"Sub {len(self.tags)}", tag)
        elif kind == "move":
            other = shown[(pick + 1) % len(shown)]
            edit = MoveTag(tag, self.library.tag(tag).parent_id, other)
        else:
            edit = DeleteTag(tag)
        self.perform(edit)
        if isinstance(edit, CreateTag) and edit.tag_id:
            self.tags.append(edit.tag_id)

    @precondition(lambda self: self.done)
    @rule()
    def undo(self) -> None:
        edit = self.done.pop()
        try:  # refused when another program deleted what it changes, as in the app
            edit.revert(self.library)
        except MarginaliaError:
            return
        self.undone.append(edit)

    @precondition(lambda self: self.undone)
    @rule()
    def redo(self) -> None:
        edit = self.undone.pop()
        try:
            edit.apply(self.library)
        except MarginaliaError:
            return
        self.done.append(edit)

    @precondition(lambda self: self.annotations)
    @rule(pick=st.integers(0, 99))
    def colleague_merges_back(self, pick: int) -> None:
        """A colleague tags one passage in their copy; it is merged back."""
        copy = self.folder / "copy.db"
        copy.unlink(missing_ok=True)
        self.library.share(copy)
        colleague = Library.open(copy, author="Colleague")
        target = self.annotations[pick % len(self.annotations)]
        shown = [t.id for t in colleague.tags()]
        if self._live(target) and shown:
            colleague.set_tags(target, [shown[pick % len(shown)]])
        colleague.close()
        self.library.merge(copy)
        self.done.clear()  # the app clears its undo history after a merge
        self.undone.clear()

    @precondition(lambda self: self.annotations)
    @rule(pick=st.integers(0, 99))
    def another_program_writes(self, pick: int) -> None:
        """A script on the same file deletes a passage while the app is open."""
        other = Library.open(self.folder / "mine.db", author="Script")
        target = self.annotations[pick % len(self.annotations)]
        if self._live(target):
            other.delete_annotation(target)
        other.close()

    def _live(self, annotation_id: str) -> bool:
        return any(a.id == annotation_id for a in self.library.annotations(self.document))

    @invariant()
    def counts_kept_equal_a_recount(self) -> None:
        if hasattr(self, "library"):
            # One tag at a time first: after another program wrote, from the rows.
            one_by_one = [self.library.tag(t) for t in self.library.tag_tree().order]
            assert one_by_one == self.library.tags()
            kept, truth = kept_and_recounted(self.library)
            assert kept == truth
            shown = {t.id: (t.annotation_count, t.with_subtags) for t in self.library.tags()}
            assert all(n >= 0 for pair in shown.values() for n in pair)

    def teardown(self) -> None:
        if hasattr(self, "library"):
            self.library.close()
            shutil.rmtree(self.folder, ignore_errors=True)


TagCounts.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_kept_tag_counts_equal_a_recount = TagCounts.TestCase


def test_the_loop_reads_counts_without_recounting(library: Library) -> None:
    """After a tallied edit the next reading comes from memory: no full recount."""
    document = library.import_document(ImportedDocument("R", TEXT, "r.txt", "txt")).id
    risks = library.create_tag("Risks").id
    library.tags()  # counted once
    counted: list[int] = []
    original = library._count_all
    library._count_all = lambda tree: (counted.append(1), original(tree))[1]  # type: ignore[method-assign]
    created = library.annotate(document, 0, 9, [risks])
    library.set_tags(created.id, [])
    library.set_tags(created.id, [risks])
    library.delete_annotation(created.id)
    library.restore_annotation(created.id)
    assert [t.annotation_count for t in library.tags()] == [1]
    assert counted == []


def spy_on_counting(library: Library) -> list[int]:
    counted: list[int] = []
    original = library._count_all
    library._count_all = lambda tree: (counted.append(1), original(tree))[1]  # type: ignore[method-assign]
    return counted


def test_counts_kept_at_closing_are_used_at_the_next_opening(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "kept.db", author="Officer")
    document = library.import_document(ImportedDocument("R", TEXT, "r.txt", "txt")).id
    risks = library.create_tag("Risks").id
    library.annotate(document, 0, 9, [risks])
    library.tags()
    library.close()
    again = Library.open(tmp_path / "kept.db", author="Officer")
    counted = spy_on_counting(again)
    assert [t.annotation_count for t in again.tags()] == [1]
    assert counted == []  # read from the kept file, not counted
    again.close()


def test_kept_counts_are_not_trusted_once_the_file_changed(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "kept.db", author="Officer")
    document = library.import_document(ImportedDocument("R", TEXT, "r.txt", "txt")).id
    risks = library.create_tag("Risks").id
    first = library.annotate(document, 0, 9, [risks])
    library.tags()
    library.close()
    script = sqlite3.connect(tmp_path / "kept.db")  # another program, not Marginalia
    with script:
        script.execute("UPDATE annotation SET deleted_at = 1 WHERE uuid = ?", (first.id,))
    script.close()
    again = Library.open(tmp_path / "kept.db", author="Officer")
    counted = spy_on_counting(again)
    assert [t.annotation_count for t in again.tags()] == [0]
    assert counted == [1]
    again.close()


def test_a_newer_version_is_seen_by_the_next_highlight_whoever_imported_it(
    tmp_path: Path,
) -> None:
    import pytest

    from models.errors import SupersededDocument

    library = Library.open(tmp_path / "v.db", author="Officer")
    old = library.import_document(ImportedDocument("R", TEXT, "r.txt", "txt")).id
    library.annotate(old, 0, 9)  # the versions are read once, then kept
    library.annotate(old, 10, 19)
    newer = library.import_revision(ImportedDocument("R", TEXT + " Added.", "r2.txt", "txt"), old)
    with pytest.raises(SupersededDocument):
        library.annotate(old, 20, 29)
    library.delete_document(newer.document.id)
    library.annotate(old, 20, 29)  # the old version is the newest again
    other = Library.open(tmp_path / "v.db", author="Script")  # another program imports
    other.import_revision(ImportedDocument("R", TEXT + " Other.", "r3.txt", "txt"), old)
    other.close()
    with pytest.raises(SupersededDocument):
        library.annotate(old, 30, 39)
    library.close()
