"""Tag management: tree paths, colours, uniqueness, merge and delete with restore."""

from __future__ import annotations

import pytest

from models import ImportedDocument, Library
from models.errors import DuplicateTag, InvalidTag, UnknownTag
from models.palette import PALETTE


@pytest.fixture
def doc(library: Library):  # type: ignore[no-untyped-def]
    text = "The Board agreed to report on migration by 2027, subject to funding."
    return library.import_document(ImportedDocument("R", text, "r.txt", "txt"))


def test_new_tags_take_distinct_palette_colours(library: Library) -> None:
    colours = [library.create_tag(f"T{n}").color for n in range(len(PALETTE))]
    assert sorted(colours) == sorted(PALETTE)
    assert library.create_tag("Extra", color="#12ab9f").color == "#12AB9F"


def test_paths_and_tree_order(library: Library) -> None:
    risks = library.create_tag("Risks")
    library.create_tag("Financial", parent_id=risks.id)
    library.create_tag("actions")
    assert [t.path for t in library.tags()] == ["actions", "Risks", "Risks/Financial"]
    assert library.tag_by_path("risks/FINANCIAL").name == "Financial"
    with pytest.raises(UnknownTag):
        library.tag_by_path("Risks/Legal")


def test_ensure_tag_path_creates_only_what_is_missing(library: Library) -> None:
    first = library.ensure_tag_path("Risks/Financial")
    again = library.ensure_tag_path("risks/financial")
    assert first.id == again.id
    assert len(library.tags()) == 2


@pytest.mark.parametrize("name", ["", "   ", "a/b", "x" * 201])
def test_bad_names_are_refused(library: Library, name: str) -> None:
    with pytest.raises(InvalidTag):
        library.create_tag(name)
    assert library.tags() == []


def test_bad_colour_is_refused(library: Library) -> None:
    with pytest.raises(InvalidTag):
        library.create_tag("Risk", color="red")


def test_sibling_names_are_unique_case_insensitively(library: Library) -> None:
    risks = library.create_tag("Risks")
    with pytest.raises(DuplicateTag):
        library.create_tag("RISKS")
    library.create_tag("Risks", parent_id=risks.id)  # a child may share its parent's name
    other = library.create_tag("Other")
    with pytest.raises(DuplicateTag):
        library.rename_tag(other.id, "risks")
    assert library.tag(other.id).name == "Other"


def test_rename_recolour_and_move(library: Library) -> None:
    risks = library.create_tag("Risks")
    money = library.create_tag("Money")
    assert library.rename_tag(money.id, "Financial").path == "Financial"
    assert library.recolour_tag(money.id, "#000080").color == "#000080"
    assert library.move_tag(money.id, risks.id).path == "Risks/Financial"
    with pytest.raises(InvalidTag):
        library.move_tag(risks.id, money.id)  # a tag cannot go under its own subtag
    assert library.move_tag(money.id, None).path == "Financial"


def test_merge_moves_passages_without_duplicates(library: Library, doc) -> None:  # type: ignore[no-untyped-def]
    risk, risks = library.create_tag("Risk"), library.create_tag("Risks")
    both = library.annotate(doc.id, 0, 9, [risk.id, risks.id])
    only = library.annotate(doc.id, 10, 20, [risk.id])
    library.create_tag("Legal", parent_id=risk.id)
    merged = library.merge_tags(risk.id, risks.id)
    assert merged.annotation_count == 2
    assert library.annotation(both.id).tag_ids == (risks.id,)
    assert library.annotation(only.id).tag_ids == (risks.id,)
    assert [t.path for t in library.tags()] == ["Risks", "Risks/Legal"]


def test_delete_reports_affected_passages_and_restore_brings_all_back(
    library: Library,
    doc,  # type: ignore[no-untyped-def]
) -> None:
    risks = library.create_tag("Risks")
    legal = library.create_tag("Legal", parent_id=risks.id)
    kept = library.create_tag("Kept")
    first = library.annotate(doc.id, 0, 9, [risks.id, kept.id])
    second = library.annotate(doc.id, 10, 20, [legal.id])
    assert library.affected_by_deleting(risks.id) == 2
    library.delete_tag(risks.id)
    assert [t.path for t in library.tags()] == ["Kept"]
    assert library.annotation(first.id).tag_ids == (kept.id,)
    assert library.annotation(second.id).tag_ids == ()
    library.restore_tag(risks.id)
    assert sorted(library.annotation(first.id).tag_ids) == sorted([risks.id, kept.id])
    assert library.annotation(second.id).tag_ids == (legal.id,)


def test_tag_counts_ignore_deleted_annotations(library: Library, doc) -> None:  # type: ignore[no-untyped-def]
    tag = library.create_tag("Risk")
    note = library.annotate(doc.id, 0, 9, [tag.id])
    assert library.tag(tag.id).annotation_count == 1
    library.delete_annotation(note.id)
    assert library.tag(tag.id).annotation_count == 0


def test_a_tag_path_deeper_than_32_levels_is_refused(library: Library) -> None:
    from models.tag_tree import MAX_DEPTH

    deepest = library.ensure_tag_path("/".join(f"L{n}" for n in range(MAX_DEPTH)))
    assert deepest.path.count("/") == MAX_DEPTH - 1
    with pytest.raises(InvalidTag, match="32 levels"):
        library.create_tag("Too deep", parent_id=deepest.id)
    library.ensure_tag_path("Side/Branch")
    side = library.tag_by_path("Side")
    with pytest.raises(InvalidTag, match="32 levels"):  # Side/Branch would land 2 levels lower
        library.move_tag(side.id, library.tag_by_path("/".join(f"L{n}" for n in range(31))).id)
    assert library.tag_by_path("Side/Branch").parent_id == side.id


def test_a_merged_away_tag_means_its_target_everywhere(library: Library, doc) -> None:  # type: ignore[no-untyped-def]
    dates, deadlines = library.create_tag("Dates"), library.create_tag("Deadlines")
    library.create_tag("Soon", parent_id=dates.id)
    tagged = library.annotate(doc.id, 0, 3, [dates.id])
    library.merge_tags(dates.id, deadlines.id)
    assert [t.path for t in library.tags()] == ["Deadlines", "Deadlines/Soon"]
    assert library.annotation(tagged.id).tag_ids == (deadlines.id,)
    assert library.tag(dates.id).id == deadlines.id  # the old id still resolves
    later = library.annotate(doc.id, 4, 9, [dates.id])  # e.g. a colleague's script
    assert later.tag_ids == (deadlines.id,)
    library.set_tags(tagged.id, [])  # untagging removes the tagging under either id
    assert library.annotation(tagged.id).tag_ids == ()
    assert library.tag(deadlines.id).annotation_count == 1


def test_invisible_and_control_characters_do_not_make_look_alike_names(library: Library) -> None:
    library.create_tag("budget")
    for look_alike in ("bud\u200bget", "budget\u202e", "\u2066budget\u2069", "\ufeffbudget"):
        with pytest.raises(DuplicateTag):
            library.create_tag(look_alike)
    assert library.create_tag("bud\x07get").name == "bud get"
    assert library.create_tag("Rights 👩🏽‍⚖️").name == "Rights 👩🏽‍⚖️"  # joiners are kept
    library.set_author("Ana\u202e\x1b[31m Evil")
    assert library.author_name == "Ana[31m Evil"
