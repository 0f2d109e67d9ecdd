"""Where a record's passages lie, as the library keeps them for records read before, and
their tags, read apart: together always what the database holds, whatever this library
or another program on the same file does in between."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from models import ImportedDocument, Library

TEXTS = (
    "Café 🙂 one two three four five six seven.",
    "مرحبا بالعالم and words\nhere too, in Arabic.",
)


class KeptPassages(RuleBasedStateMachine):
    """Two connections to one file (``ours`` reads, either writes)."""

    @initialize()
    def open_file(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        path = Path(self.folder.name) / "kept.db"
        self.ours = Library.open(path, author="Amina")
        self.other = Library.open(path, author="Ben")  # another program on the file
        self.docs = [
            self.ours.import_document(ImportedDocument(f"R{n}", t, f"r{n}.txt", "txt")).id
            for n, t in enumerate(TEXTS)
        ]
        self.tags = [self.ours.create_tag(name).id for name in ("Risk", "Funding", "Staff")]

    def teardown(self) -> None:
        if hasattr(self, "ours"):
            self.ours.close()
            self.other.close()
            self.folder.cleanup()

    def _live(self, writer: Library) -> list[str]:
        return [a.id for a in writer.annotations()]

    @rule(
        who=st.booleans(),
        doc=st.integers(0, 1),
        start=st.integers(0, 30),
        length=st.integers(1, 8),
        tag=st.integers(0, 2),
    )
    def annotate(self, who: bool, doc: int, start: int, length: int, tag: int) -> None:
        writer = self.ours if who else self.other
        writer.annotate(self.docs[doc], start, start + length, [self.tags[tag % len(self.tags)]])

    @rule(who=st.booleans(), pick=st.integers(0, 99), tags=st.sets(st.integers(0, 2)))
    def retag(self, who: bool, pick: int, tags: set[int]) -> None:
        writer = self.ours if who else self.other
        live = self._live(writer)
        if live:
            writer.set_tags(live[pick % len(live)], [self.tags[t % len(self.tags)] for t in tags])

    @rule(who=st.booleans(), pick=st.integers(0, 99))
    def delete(self, who: bool, pick: int) -> None:
        writer = self.ours if who else self.other
        live = self._live(writer)
        if live:
            writer.delete_annotation(live[pick % len(live)])

    @rule(who=st.booleans(), pick=st.integers(0, 99), shift=st.integers(0, 5))
    def move(self, who: bool, pick: int, shift: int) -> None:
        writer = self.ours if who else self.other
        live = writer.annotations()
        if live:
            chosen = live[pick % len(live)]
            writer.move_annotation(chosen.id, max(0, chosen.start - shift), chosen.end)

    @precondition(lambda self: len(self.tags) > 1)
    @rule(who=st.booleans(), pick=st.integers(0, 9))
    def merge_or_delete_tag(self, who: bool, pick: int) -> None:
        writer = self.ours if who else self.other
        source = self.tags.pop(pick % len(self.tags))
        if pick % 2:
            writer.merge_tags(source, self.tags[0])
        else:
            writer.delete_tag(source)

    @rule(doc=st.integers(0, 1))
    def read(self, doc: int) -> None:
        self.ours.places(self.docs[doc])  # fills what is kept

    @invariant()
    def kept_is_what_the_file_holds(self) -> None:
        if not hasattr(self, "ours"):
            return
        for doc in self.docs:
            places = self.ours.places(doc)
            tags = self.ours.tags_of([p[2] for p in places])
            read_now = [(s, e, i, tags.get(i, ())) for s, e, i, _ in places]
            assert read_now == self.ours.passages(doc)  # read afresh, tags with them


TestKeptPassages = KeptPassages.TestCase
TestKeptPassages.settings = settings(max_examples=40, stateful_step_count=20, deadline=None)


def test_a_tag_added_by_another_program_shows_on_the_next_read(tmp_path: Path) -> None:
    ours = Library.open(tmp_path / "kept.db", author="Amina")
    other = Library.open(tmp_path / "kept.db", author="Ben")
    doc = ours.import_document(ImportedDocument("R", TEXTS[0], "r.txt", "txt")).id
    risk = ours.create_tag("Risk").id
    annotation = ours.annotate(doc, 0, 4).id
    assert ours.places(doc) == [(0, 4, annotation, None)]
    assert ours.tags_of([annotation]) == {}
    other.set_tags(annotation, [risk])
    assert ours.tags_of([annotation]) == {annotation: (risk,)}
    other.move_annotation(annotation, 1, 5)
    assert ours.places(doc) == [(1, 5, annotation, None)]
    ours.close()
    other.close()
