"""Three colleagues' databases, random edits with every operation of the library, merges
between any two at any point, under three kinds of clock: the model the merge laws are
checked against (``tests/test_merge_laws.py`` runs it; a longer run is
``MARGINALIA_LAW_EXAMPLES=5000 pytest tests/test_merge_laws.py``).

After every step each database must list, export (the Word brief at the end of each
history) and merge into a fresh database without error, and its tag tree must be valid.
At the end the three are synced in two different orders from the same starting point:
every copy must end identical, the two orders must agree, merging again must change
nothing, and each annotation must be live exactly when its newest version (across the
three) is. Ids come from a seeded source, so a failing history replays exactly.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from exporters import ExportFailed, export
from main import build_listing
from models import ImportedDocument, Library, store, tag_listing
from models.errors import MarginaliaError
from models.merge import MergeReport, Version
from models.merge_choices import KEEPS, Choices, Keep
from models.tag_tree import MAX_DEPTH

BASE_TIME = 1_800_000_000_000  # January 2027, in epoch milliseconds
RECORDS = (
    "The Board agreed to report by 2027 on migration 😀 and on refugees.\n\n"
    "قال الأمين العام إن الهجرة قضية عالمية.\n\nFunding remains a risk for the agencies.",
    "Summary of the second session.\n\nMember States asked for a review of capacity.\n\n"
    "The deadline for comments is 30 June.",
)
REVISIONS = (  # revised versions of RECORDS[0]: a paragraph added, a sentence reworded
    "Preface added in the revision.\n\n" + RECORDS[0],
    RECORDS[0].replace("a risk for", "the main risk to"),
)
PATHS = ("Risks", "Risks/Legal", "Commitments", "Commitments/Dates", "Hazards", "risks")
NAMES = ("Risks", "Hazards", "Legal", "Dates", "Commitments")
NOTES = ("", "FX sensitivity", "check with legal", "😀 follow up")
CLOCKS = ("shared", "stuck", "skewed")
SYNC_ORDERS = (((1, 0), (2, 0), (0, 1), (0, 2)), ((0, 2), (1, 2), (2, 1), (2, 0), (1, 0)))
EXPORTS = (("csv", "all.csv"), ("json", "all.jsonld"), ("qdpx", "all.qdpx"))
"""Exported after every step; the Word brief (40 ms a time) once per history, at the end."""
FAST = os.environ.get("MARGINALIA_LAW_FAST") == "1"
"""Skip the per-step export and fresh-merge checks (to shrink a failure quickly)."""
CHOICES: tuple[Keep | None, ...] = (None, None, *KEEPS)
"""How a merge settles annotations edited on both sides: the rule as often as a choice."""
pick = st.integers(min_value=0, max_value=40)
side = st.integers(min_value=0, max_value=2)


def make_clocks(kind: str) -> list[Callable[[], int]]:
    """One clock per colleague: one shared clock, all stuck on one millisecond, or skewed."""
    if kind == "shared":
        shared = itertools.count(BASE_TIME, 5)
        return [lambda: next(shared)] * 3
    if kind == "stuck":
        return [lambda: BASE_TIME] * 3
    offsets = (0, 3_600_000, -7_200_000)  # one colleague an hour ahead, one two behind
    counters = [itertools.count(BASE_TIME + offset, 3) for offset in offsets]
    return [lambda counter=counter: next(counter) for counter in counters]  # type: ignore[misc]


def refused(action: Callable[[], Any]) -> None:
    """Run one user action; a refusal (a named error) is an acceptable outcome."""
    with contextlib.suppress(MarginaliaError):
        action()


def tree_faults(library: Library) -> list[str]:
    """What is wrong with a database's tag tree as a person sees it (nothing, ideally)."""
    tags = library.tags()
    by_id = {t.id: t for t in tags}
    faults = [] if len(by_id) == len(tags) else ["a tag is listed twice"]
    siblings: set[tuple[str | None, str]] = set()
    for tag in tags:
        if tag.parent_id is not None and tag.parent_id not in by_id:
            faults.append(f"{tag.path} hangs under a tag that is not shown")
            continue
        parent = by_id.get(tag.parent_id) if tag.parent_id else None
        if tag.path != (f"{parent.path}/{tag.name}" if parent else tag.name):
            faults.append(f"{tag.path} has a path that is not its parent's")
        if tag.path.count("/") >= MAX_DEPTH:
            faults.append(f"{tag.path} is deeper than {MAX_DEPTH} levels")
        key = (tag.parent_id, tag.name.casefold())
        if key in siblings:
            faults.append(f"two sibling tags are named {tag.name}")
        siblings.add(key)
    for annotation in library.annotations():
        faults.extend(f"annotation {annotation.id[:8]} carries a tag that is not shown"
                      for t in annotation.tag_ids if t not in by_id)  # fmt: skip
    return faults


def copy_database(library: Library, target: Path) -> None:
    """A consistent copy of a library's file (SQLite's backup API)."""
    copy = sqlite3.connect(target)
    library.db.connection().backup(copy)
    copy.close()


def annotation_versions(path: Path) -> dict[str, tuple[int, bool]]:
    """Each annotation's modification time and whether it is live, in one database."""
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT uuid, modified_at, deleted_at IS NULL FROM annotation")
    found = {uuid: (modified, bool(live)) for uuid, modified, live in rows}
    conn.close()
    return found


class Colleagues(RuleBasedStateMachine):
    """Three databases of one team and everything its members do to them."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="marginalia-laws-"))
        self.libraries: list[Library] = []
        self.clocks: list[Callable[[], int]] = []
        self.touched: set[int] = set()

    def path(self, index: int) -> Path:
        return self.folder / f"colleague{index}.db"

    # -- the starting point ------------------------------------------------------------

    @initialize(clock=st.sampled_from(CLOCKS), start_shared=st.booleans(),
                seed=st.integers(0, 2**32))  # fmt: skip
    def start(self, clock: str, start_shared: bool, seed: int) -> None:
        store.random_bytes = random.Random(seed).randbytes  # ids in a replayable order
        self.clocks = make_clocks(clock)
        first = Library.open(self.path(0), author="Ana", clock=self.clocks[0])
        self.libraries = [first]
        if start_shared:  # one colleague shares her work; else everyone starts empty
            document = self._import(first, RECORDS[0])
            first.annotate_tagged(document, 4, 9, ["Risks"], "first")
            first.share(self.path(1))
            first.share(self.path(2))
        for index, author in ((1, "Bo"), (2, "Cy")):
            self.libraries.append(Library.open(self.path(index), author=author,
                                               clock=self.clocks[index]))  # fmt: skip
        self.touched = {0, 1, 2}

    def _import(self, library: Library, text: str) -> str:
        imported = ImportedDocument("Record", text, "record.txt", "txt")
        return library.import_document(imported).id

    def _pick(self, items: list[Any], number: int) -> Any:
        return items[number % len(items)] if items else None

    def _deleted(self, library: Library, table: str, number: int) -> str | None:
        rows = library.db.execute_sql(
            f"SELECT uuid FROM {table} WHERE deleted_at IS NOT NULL ORDER BY uuid"
        ).fetchall()
        return self._pick([r[0] for r in rows], number)

    def _act(self, index: int, action: Callable[[], Any]) -> None:
        self.touched.add(index)
        refused(action)

    # -- records -----------------------------------------------------------------------

    @precondition(lambda self: self.libraries)
    @rule(index=side, which=st.integers(0, 1), title=st.sampled_from(["Record", "CEB summary"]))
    def import_record(self, index: int, which: int, title: str) -> None:
        library = self.libraries[index]
        imported = ImportedDocument(title, RECORDS[which], "record.txt", "txt")
        self._act(index, lambda: library.import_document(imported))

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick, which=st.integers(0, 1))
    def import_revision(self, index: int, number: int, which: int) -> None:
        imported = ImportedDocument("Record v2", REVISIONS[which], "record-v2.txt", "txt")
        self._on_record(index, number, lambda lib, doc: lib.import_revision(imported, doc))

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick)
    def withdraw_version(self, index: int, number: int) -> None:
        self._on_record(index, number, lambda library, doc: library.withdraw_version(doc))

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick)
    def delete_record(self, index: int, number: int) -> None:
        self._on_record(index, number, lambda library, doc: library.delete_document(doc))

    def _on_record(self, index: int, number: int, action: Callable[[Library, str], Any]) -> None:
        """Do ``action`` on a shown record of side ``index`` (if it has one)."""
        library = self.libraries[index]
        document = self._pick(library.documents(), number)
        if document is not None:
            self._act(index, lambda: action(library, document.id))

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick)
    def restore_record(self, index: int, number: int) -> None:
        library = self.libraries[index]
        document = self._deleted(library, "document", number)
        if document is not None:
            self._act(index, lambda: library.restore_document(document))

    # -- annotations -------------------------------------------------------------------

    @precondition(lambda self: self.libraries)
    @rule(
        index=side,
        number=pick,
        start=st.integers(0, 150),
        length=st.integers(1, 30),
        paths=st.lists(st.sampled_from(PATHS), max_size=2),
        note=st.sampled_from(NOTES),
    )
    def annotate(self, index: int, number: int, start: int, length: int,
                 paths: list[str], note: str) -> None:  # fmt: skip
        library = self.libraries[index]
        document = self._pick(library.documents(), number)
        if document is not None:
            start = min(start, document.length - 1)
            end = min(start + length, document.length)
            self._act(index, lambda: library.annotate_tagged(document.id, start, end, paths,
                                                             note))  # fmt: skip

    def _annotation(self, index: int, number: int) -> Any:
        return self._pick(self.libraries[index].annotations(), number)

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick, note=st.sampled_from(NOTES))
    def edit_note(self, index: int, number: int, note: str) -> None:
        annotation = self._annotation(index, number)
        if annotation is not None:
            self._act(index, lambda: self.libraries[index].set_note(annotation.id, note))

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick, paths=st.lists(st.sampled_from(PATHS), max_size=2))
    def retag(self, index: int, number: int, paths: list[str]) -> None:
        library, annotation = self.libraries[index], self._annotation(index, number)
        if annotation is not None:

            def retag() -> None:
                library.set_tags(annotation.id, [library.ensure_tag_path(p).id for p in paths])

            self._act(index, retag)

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick, start=st.integers(0, 150), length=st.integers(1, 30))
    def move_passage(self, index: int, number: int, start: int, length: int) -> None:
        library, annotation = self.libraries[index], self._annotation(index, number)
        if annotation is not None:
            self._act(index, lambda: library.move_annotation(annotation.id, start,
                                                             start + length))  # fmt: skip

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick)
    def delete_passage(self, index: int, number: int) -> None:
        annotation = self._annotation(index, number)
        if annotation is not None:
            self._act(index, lambda: self.libraries[index].delete_annotation(annotation.id))

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick)
    def restore_passage(self, index: int, number: int) -> None:
        library = self.libraries[index]
        annotation = self._deleted(library, "annotation", number)
        if annotation is not None:
            self._act(index, lambda: library.restore_annotation(annotation))

    # -- tags --------------------------------------------------------------------------

    def _tag(self, index: int, number: int) -> Any:
        return self._pick(self.libraries[index].tags(), number)

    @precondition(lambda self: self.libraries)
    @rule(index=side, path=st.sampled_from(PATHS))
    def create_tag(self, index: int, path: str) -> None:
        self._act(index, lambda: self.libraries[index].ensure_tag_path(path))

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick, name=st.sampled_from(NAMES))
    def rename_tag(self, index: int, number: int, name: str) -> None:
        tag = self._tag(index, number)
        if tag is not None:
            self._act(index, lambda: self.libraries[index].rename_tag(tag.id, name))

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick, parent=st.one_of(st.none(), pick))
    def move_tag(self, index: int, number: int, parent: int | None) -> None:
        tag = self._tag(index, number)
        above = None if parent is None else self._tag(index, parent)
        if tag is not None:
            self._act(index, lambda: self.libraries[index].move_tag(
                tag.id, above.id if above else None))  # fmt: skip

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick, into=pick)
    def merge_tags(self, index: int, number: int, into: int) -> None:
        source, target = self._tag(index, number), self._tag(index, into)
        if source is not None and target is not None:
            self._act(index, lambda: self.libraries[index].merge_tags(source.id, target.id))

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick)
    def delete_tag(self, index: int, number: int) -> None:
        tag = self._tag(index, number)
        if tag is not None:
            self._act(index, lambda: self.libraries[index].delete_tag(tag.id))

    @precondition(lambda self: self.libraries)
    @rule(index=side, number=pick)
    def restore_tag(self, index: int, number: int) -> None:
        library = self.libraries[index]
        tag = self._deleted(library, "tag", number)
        if tag is not None:
            self._act(index, lambda: library.restore_tag(tag))

    # -- merging -----------------------------------------------------------------------

    @precondition(lambda self: self.libraries)
    @rule(into=side, offset=st.integers(1, 2), keep=st.sampled_from(CHOICES))
    def merge(self, into: int, offset: int, keep: Keep | None) -> None:
        """Merge a colleague's file, settling every annotation edited on both sides alike
        (None: by the merge rule)."""
        source = (into + offset) % 3
        self.touched.add(into)
        report = self.libraries[into].merge(self.path(source), choices=Choices(keep))
        check_choices_kept(self.libraries[into], report)

    @precondition(lambda self: self.libraries)
    @rule(into=side, offset=st.integers(1, 2), seed=st.integers(0, 2**16))
    def merge_choosing_each(self, into: int, offset: int, seed: int) -> None:
        """Preview the merge, then choose for each annotation edited on both sides."""
        library, source = self.libraries[into], self.path((into + offset) % 3)
        preview = library.merge(source, dry_run=True)
        chooser = random.Random(seed)
        by_id = {b.id: chooser.choice(KEEPS) for b in preview.edited_on_both_sides}
        self.touched.add(into)
        report = library.merge(source, choices=Choices(by_id=by_id))
        assert {b.id for b in report.edited_on_both_sides} == set(by_id)  # as previewed
        check_choices_kept(library, report)

    @precondition(lambda self: self.libraries)
    @rule(index=side, offset=st.integers(1, 2), number=pick, by_tag=st.booleans(),
          no_notes=st.booleans())  # fmt: skip
    def share_part(self, index: int, offset: int, number: int, by_tag: bool,
                   no_notes: bool) -> None:  # fmt: skip
        """Share one record (or one tag's passages) with a colleague, who merges it."""
        library, into = self.libraries[index], (index + offset) % 3
        part = self._pick([t.path for t in library.tags()] if by_tag else
                          [d.id for d in library.documents()], number)  # fmt: skip
        if part is None:
            return
        copy = self.folder / "part.db"
        library.share(copy, [] if by_tag else [part], [part] if by_tag else [], (), no_notes)
        self.touched.add(into)
        self.libraries[into].merge(copy)
        copy.unlink()

    # -- what must hold after every step -----------------------------------------------

    @invariant()
    def every_database_lists_and_its_tree_is_valid(self) -> None:
        for library in self.libraries:
            build_listing(library)
            assert tree_faults(library) == []

    @invariant()
    def kept_tag_counts_equal_a_full_recount(self) -> None:
        for library in self.libraries:
            tree = library.tag_tree()
            kept = {k: n for k, n in library.tally(tree).items() if n}
            assert kept == {k: n for k, n in library.tally(tree, recount=True).items() if n}

    @invariant()
    def every_tag_lists_exactly_its_passages_across_records(self) -> None:
        for library in self.libraries:
            assert tag_listing_faults(library) == []

    @invariant()
    def every_tagging_is_on_its_annotations_record(self) -> None:
        for library in self.libraries:  # the listing of a tag reads taggings by record
            apart = library.db.execute_sql(
                "SELECT count(*) FROM annotation_tag l JOIN annotation a ON a.uuid = "
                "l.annotation_uuid WHERE l.document_uuid IS NOT a.document_uuid"
            ).fetchone()[0]
            assert apart == 0

    @invariant()
    def the_note_index_agrees_with_every_note(self) -> None:
        for library in self.libraries:  # SQLite reports any difference as an error
            library.db.execute_sql(
                "INSERT INTO note_fts (note_fts, rank) VALUES ('integrity-check', 1)"
            )

    @invariant()
    def every_changed_database_exports_and_merges_into_a_fresh_one(self) -> None:
        if FAST:
            return
        for index in sorted(self.touched):
            library = self.libraries[index]
            selection = library.export_set()
            for kind, name in EXPORTS:
                if kind == "qdpx" and not selection.documents:  # refused, not invalid
                    with pytest.raises(ExportFailed, match="at least one document"):
                        export(selection, kind, self.folder / name)
                    continue
                export(selection, kind, self.folder / name)
            fresh_path = self.folder / "fresh.db"
            fresh = Library.open(fresh_path, author="Fresh", clock=self.clocks[index])
            fresh.merge(self.path(index))
            listing, copied = build_listing(library), build_listing(fresh)
            assert copied["tags"] == listing["tags"]
            assert copied["documents"] == listing["documents"]
            fresh.close()
            for leftover in self.folder.glob("fresh.db*"):
                leftover.unlink()
        self.touched.clear()

    # -- the laws, checked once the colleagues sync --------------------------------------

    def teardown(self) -> None:
        try:
            if len(self.libraries) == 3:
                self.check_sync_laws()
        finally:
            for library in self.libraries:
                library.close()
            shutil.rmtree(self.folder, ignore_errors=True)
            store.random_bytes = os.urandom

    def check_sync_laws(self) -> None:
        for library in self.libraries:
            export(library.export_set(), "docx", self.folder / "brief.docx")
        snapshots = []
        for index, library in enumerate(self.libraries):
            snapshots.append(self.folder / f"snapshot{index}.db")
            copy_database(library, snapshots[-1])
        outcomes = [self._sync(snapshots, order, number)
                    for number, order in enumerate(SYNC_ORDERS)]  # fmt: skip
        assert outcomes[0] == outcomes[1], "two sync orders ended differently"
        self._check_newest_wins(snapshots, outcomes[0])

    def _sync(self, snapshots: list[Path], order: tuple[tuple[int, int], ...],
              number: int) -> dict[str, Any]:  # fmt: skip
        folder = self.folder / f"order{number}"
        folder.mkdir()
        paths = [folder / f"colleague{i}.db" for i in range(3)]
        for snapshot, path in zip(snapshots, paths, strict=True):
            shutil.copy(snapshot, path)
        authors = ("Ana", "Bo", "Cy")
        libraries = [Library.open(p, author=a, clock=c)
                     for p, a, c in zip(paths, authors, self.clocks, strict=True)]  # fmt: skip
        try:
            for _ in range(4):  # rounds until a whole round changes nothing
                changed = [libraries[a].merge(paths[b]).changed() for a, b in order]
                if not any(changed):
                    break
            listings = [build_listing(library) for library in libraries]
            assert listings[0] == listings[1] == listings[2], "the colleagues did not converge"
            again = libraries[0].merge(paths[1])
            assert not again.changed(), "merging a synced colleague again changed something"
            assert build_listing(libraries[0]) == listings[0]
            return listings[0]
        finally:
            for library in libraries:
                library.close()

    def _check_newest_wins(self, snapshots: list[Path], synced: dict[str, Any]) -> None:
        """An annotation is live after syncing exactly when its newest version was."""
        live = {a["id"] for a in synced["annotations"]}
        versions: dict[str, list[tuple[int, bool]]] = {}
        for snapshot in snapshots:
            for uuid, version in annotation_versions(snapshot).items():
                versions.setdefault(uuid, []).append(version)
        for uuid, seen in versions.items():
            newest = max(modified for modified, _ in seen)
            verdicts = {alive for modified, alive in seen if modified == newest}
            if len(verdicts) == 1:  # equal times with different outcomes: either may win
                assert (uuid in live) == verdicts.pop(), f"annotation {uuid[:8]} lost or revived"


def check_choices_kept(library: Library, report: MergeReport) -> None:
    """Each choice is what the annotation became: the chosen version's note, tags and
    deletion (with "both": the newer, and a copy of the other unless it was deleted)."""
    for both in report.edited_on_both_sides:
        newer = both.mine if both.winner == "local" else both.theirs
        older = both.theirs if both.winner == "local" else both.mine
        chosen = {"mine": both.mine, "theirs": both.theirs, "both": newer}.get(both.kept or "")
        if chosen is None:
            continue
        assert both.merged is not None
        assert _said(both.merged) == _said(chosen), f"{both.kept} not kept for {both.id[:8]}"
        if both.kept == "both" and not older.deleted:
            assert both.copy is not None
            (note, modified) = library.db.execute_sql(
                "SELECT note, modified_at FROM annotation WHERE uuid = ?", (both.copy,)
            ).fetchone()
            if modified == older.modified:  # made now, not one a colleague has edited since
                assert note == older.note
                assert _live_tags(library, both.copy) == set(older.tag_ids)


def _said(version: Version) -> tuple[str, tuple[str, ...], bool]:
    return version.note, tuple(sorted(version.tag_ids)), version.deleted


def _live_tags(library: Library, annotation_id: str) -> set[str]:
    rows = library.db.execute_sql(
        "SELECT tag_uuid FROM annotation_tag WHERE annotation_uuid = ? AND deleted_at IS NULL",
        (annotation_id,),
    ).fetchall()
    return {t for (t,) in rows}


def tag_listing_faults(library: Library) -> list[str]:
    """How ``Library.tagged`` (both ways of listing, page by page) differs from reading
    every record's annotations: records in list order, each with the passages carrying
    the tag or a tag under it, in text order."""
    tree = library.tag_tree()
    records = [d.id for d in library.documents(counted=False)]
    annotations = {d: library.annotations(d) for d in records}
    faults = []
    for tag in library.tags():
        below = set(tree.subtree(tag.id))
        expected = [(d, [a.id for a in annotations[d] if below & set(a.tag_ids)]) for d in records]
        expected = [(d, ids) for d, ids in expected if ids]
        for rare in (0, 10**9):
            listed = _listed_in_pages(library, tag.id, rare)
            if listed != expected:
                faults.append(f"{tag.path} (rare={rare}): {listed} != {expected}")
    return faults


def _listed_in_pages(library: Library, tag_id: str, rare: int) -> list[tuple[str, list[str]]]:
    kept, tag_listing.RARE = tag_listing.RARE, rare
    try:
        listed, skip, more = [], 0, True
        while more:
            page = library.tagged(tag_id, limit=2, per_document=1_000, skip=skip)
            for record in page:
                assert record.count == len(record.hits)
                listed.append((record.document_id, [h.annotation_id for h in record.hits]))
            skip, more = skip + 2, page.more_documents
        return listed
    finally:
        tag_listing.RARE = kept
