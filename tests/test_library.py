"""The Library service: documents, annotations, invariants and named errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import ImportedDocument, Library, NewAnnotation
from models.errors import DuplicateDocument, InvalidRange, NotFound, UnknownTag

from conftest import MIXED_TEXT


def imported(text: str, title: str = "Record") -> ImportedDocument:
    return ImportedDocument(title=title, text=text, source_name="r.txt", source_format="txt")


def row_counts(library: Library) -> dict[str, int]:
    tables = ("document", "annotation", "annotation_tag", "tag", "author")
    return {t: library.one(f"SELECT count(*) FROM {t}")[0] for t in tables}  # type: ignore[index]


def test_import_stores_text_hash_and_structure(library: Library, sample_document) -> None:
    document = library.document(sample_document.id)
    assert document.text.startswith("CEB had an exchange of views")
    assert len(document.text) == sample_document.length
    assert sample_document.content_hash == hashlib.sha256(document.text.encode()).hexdigest()
    assert [b.kind for b in document.blocks] == ["paragraph"] * 5
    assert document.text[document.blocks[1].start :].startswith("In opening the discussion")


def test_reimporting_the_same_text_is_reported_not_duplicated(library: Library) -> None:
    first = library.import_document(imported("Same text.", "One"))
    with pytest.raises(DuplicateDocument) as refused:
        library.import_document(imported("Same text.", "Two"))
    assert refused.value.existing_id == first.id
    assert len(library.documents()) == 1


def test_unnormalised_text_is_refused(library: Library) -> None:
    with pytest.raises(InvalidRange, match="not normalised"):
        library.import_document(imported("a\r\nb"))
    assert library.documents() == []


def test_annotate_counts_code_points_through_emoji_and_arabic(library: Library) -> None:
    doc = library.import_document(imported(MIXED_TEXT))
    start = MIXED_TEXT.index("الهجرة")
    note = library.annotate(doc.id, start, start + len("الهجرة"), note="key word")
    assert note.quote == "الهجرة"
    later = MIXED_TEXT.index("commitment")
    second = library.annotate(doc.id, later, later + len("commitment"))
    assert second.quote == "commitment"
    assert second.prefix == MIXED_TEXT[later - 32 : later]
    assert second.suffix == MIXED_TEXT[later + 10 : later + 42]
    assert [a.id for a in library.annotations(doc.id)] == [note.id, second.id]
    assert library.annotations(doc.id)[0].author == "Test Officer"


@pytest.mark.parametrize(("start", "end"), [(5, 5), (6, 5), (-1, 3), (0, 10_000)])
def test_invalid_ranges_raise_and_change_nothing(library: Library, start: int, end: int) -> None:
    doc = library.import_document(imported(MIXED_TEXT))
    before = row_counts(library)
    with pytest.raises(InvalidRange):
        library.annotate(doc.id, start, end)
    assert row_counts(library) == before


def test_unknown_tag_or_document_raise_and_change_nothing(library: Library) -> None:
    doc = library.import_document(imported(MIXED_TEXT))
    before = row_counts(library)
    with pytest.raises(UnknownTag):
        library.annotate(doc.id, 0, 4, ["no-such-tag"])
    with pytest.raises(NotFound):
        library.annotate("no-such-document", 0, 4)
    assert row_counts(library) == before


def test_failed_bulk_annotation_writes_nothing(library: Library) -> None:
    doc = library.import_document(imported(MIXED_TEXT))
    before = row_counts(library)
    with pytest.raises(InvalidRange):
        library.annotate_many(doc.id, [NewAnnotation(0, 4), NewAnnotation(3, 2)])
    assert row_counts(library) == before


def test_note_tags_and_boundaries_can_change(library: Library) -> None:
    doc = library.import_document(imported(MIXED_TEXT))
    risk, deadline = library.create_tag("Risk"), library.create_tag("Deadline")
    note = library.annotate(doc.id, 0, 7, [risk.id])
    assert library.set_note(note.id, "Check with legal").note == "Check with legal"
    assert library.set_tags(note.id, [deadline.id]).tag_ids == (deadline.id,)
    assert set(library.set_tags(note.id, [risk.id, deadline.id]).tag_ids) == {risk.id, deadline.id}
    moved = library.move_annotation(note.id, 8, 9)
    assert (moved.quote, moved.prefix) == ("😀", "Opening ")
    assert moved.modified > note.modified


def test_deleted_annotation_comes_back_with_its_id_tags_and_note(library: Library) -> None:
    doc = library.import_document(imported(MIXED_TEXT))
    tag = library.create_tag("Risk")
    note = library.annotate(doc.id, 0, 7, [tag.id], note="keep me")
    library.delete_annotation(note.id)
    assert library.annotations(doc.id) == []
    with pytest.raises(NotFound):
        library.annotation(note.id)
    back = library.restore_annotation(note.id)
    assert (back.id, back.tag_ids, back.note) == (note.id, (tag.id,), "keep me")


def test_deleted_document_hides_its_annotations_and_comes_back(library: Library) -> None:
    doc = library.import_document(imported(MIXED_TEXT))
    library.annotate(doc.id, 0, 7)
    library.delete_document(doc.id)
    assert library.documents() == [] and library.annotations() == []
    assert list(library.search("Chair")) == []
    library.restore_document(doc.id)
    assert len(library.annotations()) == 1


def test_document_ids_resolve_from_unique_prefixes(library: Library) -> None:
    doc = library.import_document(imported("Some text."))
    assert library.resolve_document_id(doc.id[:6]) == doc.id
    assert library.resolve_document_id(doc.id.upper()) == doc.id
    with pytest.raises(NotFound):
        library.resolve_document_id("zzzz")
    with pytest.raises(NotFound):
        library.resolve_document_id(doc.id[:2])


def test_timestamps_strictly_increase_even_with_a_frozen_clock(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lib = Library.open(tmp_path / "c.db", author="A", clock=lambda: 1_000)
    doc = lib.import_document(imported("Text here."))
    first = lib.annotate(doc.id, 0, 4)
    second = lib.annotate(doc.id, 5, 9)
    assert doc.created < first.created < second.created


texts = st.text(alphabet=st.sampled_from(list("ab \n😀𝔘قالé\t")), min_size=1, max_size=80).filter(
    lambda t: t.strip()
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, data=st.data())
def test_every_annotation_quotes_exactly_its_code_points(
    library: Library, text: str, data: st.DataObject
) -> None:
    """Law: for any text and any valid range, quote == text[start:end] with context."""
    try:
        doc = library.import_document(imported(text))
    except DuplicateDocument as duplicate:
        doc = library.document_summary(duplicate.existing_id)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    note = library.annotate(doc.id, start, end)
    stored = library.annotation(note.id)
    assert stored.quote == text[start:end]
    assert stored.prefix == text[max(0, start - 32) : start]
    assert stored.suffix == text[end : end + 32]


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["delete", "restore", "note"]), max_size=12))
def test_delete_restore_sequences_keep_identity(library: Library, steps: list[str]) -> None:
    """Law: any sequence of delete/restore/edit leaves the same id, quote and latest note."""
    docs = library.documents()
    doc = docs[0] if docs else library.import_document(imported(MIXED_TEXT))
    note = library.annotate(doc.id, 0, 7)
    live, last_note = True, ""
    for number, step in enumerate(steps):
        if step == "delete" and live:
            library.delete_annotation(note.id)
            live = False
        elif step == "restore" and not live:
            library.restore_annotation(note.id)
            live = True
        elif step == "note" and live:
            last_note = f"note {number}"
            library.set_note(note.id, last_note)
    if not live:
        library.restore_annotation(note.id)
    final = library.annotation(note.id)
    assert (final.quote, final.note) == (note.quote, last_note)


def test_ids_are_canonical_uuids_and_links_are_deterministic() -> None:
    import uuid

    from models.store import LINK_NAMESPACE, link_uuid, new_uuid

    made = {new_uuid() for _ in range(1000)}
    assert len(made) == 1000
    assert all(uuid.UUID(u).version == 4 and str(uuid.UUID(u)) == u for u in made)
    assert link_uuid("a", "b") == str(uuid.uuid5(LINK_NAMESPACE, "a:b"))
    assert link_uuid("a", "b") != link_uuid("b", "a")


def test_passages_and_annotations_by_id_agree_with_annotations(library: Library) -> None:
    doc = library.import_document(imported(MIXED_TEXT))
    tag = library.create_tag("Risk")
    ids = library.annotate_many(doc.id, [NewAnnotation(10, 20, (tag.id,)), NewAnnotation(0, 5),
                                         NewAnnotation(3, 9, (tag.id,), "n")])  # fmt: skip
    library.delete_annotation(ids[1])
    full = library.annotations(doc.id)
    assert [(p.id, p.start, p.end, p.tag_ids) for p in library.passages(doc.id)] == [
        (a.id, a.start, a.end, a.tag_ids) for a in full
    ]
    by_id = library.annotations_by_id([ids[2], ids[1], ids[0], "unknown"])
    assert sorted(by_id) == sorted(full)  # the deleted and the unknown are skipped


def test_a_document_can_be_read_without_its_structure(library: Library, sample_document) -> None:  # type: ignore[no-untyped-def]
    full = library.document(sample_document.id)
    shown = library.document(sample_document.id, structure=False)
    assert shown.text == full.text and len(full.blocks) == 5 and shown.blocks == ()


def test_a_refused_first_write_leaves_no_missing_author_behind(tmp_path: Path) -> None:
    """Regression (merge laws, three colleagues): a colleague's first write in a shared
    copy was refused after it had made their author row; the row went with the rollback
    but its id was remembered, and deleting the record then failed a foreign key."""
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    record = ana.import_document(imported("Some words here.")).id
    ana.share(tmp_path / "bo.db")
    ana.close()
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    with pytest.raises(InvalidRange):
        bo.annotate_tagged(record, 0, 99, ["Risks"], "")
    bo.delete_document(record)
    assert bo.documents() == []
    assert [a.author for a in bo.annotations(record)] == []
    assert bo.one("SELECT count(*) FROM author WHERE name = 'Bo'") == (1,)
    bo.close()
