"""Each way two colleagues' tag and record edits once broke a merge, kept as its own case.

Every case ends with both colleagues synced: identical `list --json` (creation times
included), and merging again changes nothing. See models/merging.md for the rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from main import build_listing
from models import ImportedDocument, Library

RECORD = "The Board agreed to report by 2027 on migration 😀 and on قال refugees. " * 3


class Clock:
    """One clock for both colleagues, so "newer" is unambiguous in these cases."""

    def __init__(self) -> None:
        self.now = 1_800_000_000_000

    def __call__(self) -> int:
        self.now += 10
        return self.now


@pytest.fixture
def team(tmp_path: Path) -> tuple[Library, Library]:
    """Ana, with a record and the tags Risks, Risks/Financial, Commitments, and Bo, who
    received a copy of her database."""
    clock = Clock()
    ana = Library.open(tmp_path / "ana.db", author="Ana", clock=clock)
    doc = ana.import_document(ImportedDocument("Record", RECORD, "r.txt", "txt")).id
    ana.annotate_tagged(doc, 4, 9, ["Risks/Financial"], "Ana's")
    ana.annotate_tagged(doc, 10, 16, ["Commitments"])
    ana.share(tmp_path / "bo.db")
    return ana, Library.open(tmp_path / "bo.db", author="Bo", clock=clock)


def sync(ana: Library, bo: Library) -> dict[str, Any]:
    """Merge both ways; both must end identical, and merging again must change nothing."""
    ana.merge(bo.db.database)
    bo.merge(ana.db.database)
    listing = build_listing(ana)
    assert build_listing(bo) == listing
    assert not ana.merge(bo.db.database).changed()
    assert not bo.merge(ana.db.database).changed()
    return listing


def tags_of(listing: dict[str, Any], quote: str) -> list[str]:
    return next(a["tags"] for a in listing["annotations"] if a["quote"] == quote)


def test_a_parent_deleted_while_a_colleague_tags_under_it_shows_again(
    team: tuple[Library, Library],
) -> None:
    ana, bo = team
    ana.delete_tag(ana.tag_by_path("Risks").id)
    doc = bo.documents()[0].id
    bo.annotate_tagged(doc, 20, 26, ["Risks/Legal"], "Bo's")
    listing = sync(ana, bo)
    assert [t["path"] for t in listing["tags"]] == ["Commitments", "Risks", "Risks/Legal"]
    assert tags_of(listing, RECORD[20:26]) == ["Risks/Legal"]
    assert tags_of(listing, RECORD[4:9]) == []  # Ana's deletion covered what she saw


def test_crossed_moves_are_cut_the_same_way_on_both_sides(team: tuple[Library, Library]) -> None:
    ana, bo = team
    ana.move_tag(ana.tag_by_path("Risks").id, ana.tag_by_path("Commitments").id)
    bo.move_tag(bo.tag_by_path("Commitments").id, bo.tag_by_path("Risks").id)  # later
    listing = sync(ana, bo)
    # Bo's move is the newer: it is the one cut; Ana's stands.
    assert [t["path"] for t in listing["tags"]] == [
        "Commitments", "Commitments/Risks", "Commitments/Risks/Financial"]  # fmt: skip
    ana.move_tag(ana.tag_by_path("Commitments").id, None)  # still editable afterwards
    sync(ana, bo)


def test_a_tag_deleted_then_used_again_by_the_same_colleague_merges(
    team: tuple[Library, Library],
) -> None:
    ana, bo = team
    bo.delete_tag(bo.tag_by_path("Commitments").id)
    bo.annotate_tagged(bo.documents()[0].id, 20, 26, ["Commitments/Dates"])
    listing = sync(ana, bo)
    assert [t["path"] for t in listing["tags"]] == [
        "Commitments", "Commitments/Dates", "Risks", "Risks/Financial"]  # fmt: skip
    assert tags_of(listing, RECORD[10:16]) == []  # the old tagging stays deleted


@pytest.mark.parametrize("edit", ["rename", "move"])
def test_a_renamed_tag_and_a_new_tag_with_its_old_name_both_stay(
    team: tuple[Library, Library], edit: str
) -> None:
    ana, bo = team
    risks = bo.tag_by_path("Risks").id
    if edit == "rename":
        bo.rename_tag(risks, "Hazards")
    else:
        bo.move_tag(risks, bo.tag_by_path("Commitments").id)
    bo.annotate_tagged(bo.documents()[0].id, 20, 26, ["Risks"], "new")
    listing = sync(ana, bo)
    moved = "Hazards" if edit == "rename" else "Commitments/Risks"
    assert {t["path"] for t in listing["tags"]} >= {moved, f"{moved}/Financial", "Risks"}
    assert tags_of(listing, RECORD[4:9]) == [f"{moved}/Financial"]
    assert tags_of(listing, RECORD[20:26]) == ["Risks"]  # one tag, not both


def test_a_tag_merged_on_one_side_and_used_on_the_other_lands_on_the_merged(
    team: tuple[Library, Library],
) -> None:
    ana, bo = team
    ana.merge_tags(ana.tag_by_path("Commitments").id, ana.tag_by_path("Risks").id)
    bo.annotate_tagged(bo.documents()[0].id, 20, 26, ["Commitments"], "Bo's")
    listing = sync(ana, bo)
    assert [t["path"] for t in listing["tags"]] == ["Risks", "Risks/Financial"]
    assert tags_of(listing, RECORD[20:26]) == ["Risks"]
    assert tags_of(listing, RECORD[10:16]) == ["Risks"]


def test_tags_created_separately_with_one_name_become_one_and_stay_one(tmp_path: Path) -> None:
    clock = Clock()
    ana = Library.open(tmp_path / "ana.db", author="Ana", clock=clock)
    cy = Library.open(tmp_path / "cy.db", author="Cy", clock=clock)
    for library, (start, end) in ((ana, (0, 3)), (cy, (4, 9))):
        doc = library.import_document(ImportedDocument("Record", RECORD, "r.txt", "txt")).id
        library.annotate_tagged(doc, start, end, ["Risks"])
    listing = sync(ana, cy)
    assert [(t["path"], t["count"]) for t in listing["tags"]] == [("Risks", 2)]
    assert len(listing["documents"]) == 1
    ana.rename_tag(ana.tag_by_path("Risks").id, "Hazards")  # renames both rows
    listing = sync(ana, cy)
    assert [(t["path"], t["count"]) for t in listing["tags"]] == [("Hazards", 2)]


def test_a_record_deleted_and_imported_again_is_one_record(team: tuple[Library, Library]) -> None:
    ana, bo = team
    doc = bo.documents()[0].id
    bo.delete_document(doc)
    again = bo.import_document(ImportedDocument("Record again", RECORD, "r.txt", "txt"))
    assert again.id == doc and again.restored and again.annotation_count == 2
    assert len(bo.documents()) == 1
    listing = sync(ana, bo)
    assert len(listing["documents"]) == 1 and listing["documents"][0]["annotations"] == 2


def test_a_record_deleted_while_a_colleague_annotates_it_shows_their_work(
    team: tuple[Library, Library],
) -> None:
    ana, bo = team
    doc = ana.documents()[0].id
    ana.delete_document(doc)
    bo.annotate_tagged(doc, 30, 40, [], "written without seeing the deletion")
    listing = sync(ana, bo)
    assert [d["id"] for d in listing["documents"]] == [doc]
    assert [a["note"] for a in listing["annotations"]] == ["written without seeing the deletion"]


def test_creation_times_converge_for_records_and_tags_matched_by_content(tmp_path: Path) -> None:
    clock = Clock()
    ana = Library.open(tmp_path / "ana.db", author="Ana", clock=clock)
    ana.import_document(ImportedDocument("Record", RECORD, "r.txt", "txt"))
    ana.create_tag("Risks")
    cy = Library.open(tmp_path / "cy.db", author="Cy", clock=clock)  # later, separately
    cy.import_document(ImportedDocument("CEB summary", RECORD, "r.txt", "txt"))
    cy.create_tag("Risks")
    listing = sync(cy, ana)
    assert listing["documents"][0]["created"] == build_listing(ana)["documents"][0]["created"]
    earliest = min(d.created for d in (ana.documents()[0], cy.documents()[0]))
    assert ana.documents()[0].created == earliest


def test_a_joined_tag_stays_one_when_colleagues_moves_cross(tmp_path: Path) -> None:
    clock = Clock()
    ana = Library.open(tmp_path / "ana.db", author="Ana", clock=clock)
    bo = Library.open(tmp_path / "bo.db", author="Bo", clock=clock)
    ana.create_tag("Risks")
    ana.create_tag("Themes")
    bo.create_tag("Risks")  # made separately: one tag once they meet
    sync(ana, bo)
    ana.move_tag(ana.tag_by_path("Themes").id, ana.tag_by_path("Risks").id)
    bo.move_tag(bo.tag_by_path("Risks").id, bo.tag_by_path("Themes").id)  # the newer: cut
    listing = sync(ana, bo)
    assert [t["path"] for t in listing["tags"]] == ["Risks", "Risks/Themes"]


def test_an_edit_that_changes_nothing_does_not_win_over_a_colleagues(
    team: tuple[Library, Library],
) -> None:
    ana, bo = team
    bo.rename_tag(bo.tag_by_path("Commitments").id, "Pledges")
    ana.move_tag(ana.tag_by_path("Commitments").id, None)  # already at the top: no edit
    ana.rename_tag(ana.tag_by_path("Commitments").id, "Commitments")  # same name: no edit
    listing = sync(ana, bo)
    assert "Pledges" in [t["path"] for t in listing["tags"]]


def test_a_copy_shared_on_by_a_colleague_reports_only_real_collisions(
    team: tuple[Library, Library], tmp_path: Path
) -> None:
    ana, bo = team
    doc = bo.documents()[0].id
    bo.annotate_tagged(doc, 30, 40, ["Risks"], "Bo's")
    bo.share(tmp_path / "back.db")  # Bo sends back a copy of his copy
    ana.set_note(ana.annotations()[1].id, "Ana edited this one")
    report = ana.merge(tmp_path / "back.db")
    assert report.counts["annotation"].added == 1 and report.collisions == []


def test_restoring_an_old_version_brings_back_what_its_deletion_hid(
    team: tuple[Library, Library], tmp_path: Path
) -> None:
    ana, bo = team
    v1 = ana.documents()[0].id
    v2 = ana.import_revision(ImportedDocument("v2", "New preface.\n\n" + RECORD, "v2.txt", "txt"),
                             v1).document.id  # fmt: skip
    bo.delete_document(v1)  # without having seen the new version
    listing = sync(ana, bo)
    assert listing["annotations"] == []
    ana.restore_document(v1)
    listing = sync(ana, bo)
    assert {a["document"] for a in listing["annotations"]} == {v2}
    assert len(listing["annotations"]) == 2


def test_a_structured_record_travels_with_its_structure(tmp_path: Path) -> None:
    """Headings, nested points, quotations and table rows reach a colleague as they are
    (a quotation is a paragraph with a level, which every version's checks accept)."""
    from importers import import_file

    from records import write_structured_docx

    ana = Library.open(tmp_path / "ana.db", author="Ana")
    record = ana.import_document(import_file(write_structured_docx(tmp_path / "s.docx"))).id
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    ana.share(tmp_path / "copy.db")
    bo.merge(tmp_path / "copy.db")
    assert bo.document(record).blocks == ana.document(record).blocks
    kinds = {(b.kind, b.level) for b in bo.document(record).blocks}
    assert {("paragraph", 1), ("list_item", 2), ("table_row", 0), ("heading", 1)} <= kinds
    ana.close()
    bo.close()


@pytest.mark.parametrize("one_record", [False, True])
def test_a_colleague_whose_clock_runs_behind_still_edits_after_the_copy(
    tmp_path: Path, one_record: bool
) -> None:
    """Regression: Bo's computer clock ran a minute behind Ana's; his edit of the copy
    she sent was dated before her rows in it, so her merge kept her old note (Bo's work
    lost, no collision told). A copy now carries the sharer's clock, and Bo's edits are
    dated after everything he received."""
    wall = Clock()

    def ahead() -> int:
        return wall() + 60_000

    ana = Library.open(tmp_path / "ana.db", author="Ana", clock=ahead)
    record = ana.import_document(ImportedDocument("Record", RECORD, "r.txt", "txt")).id
    passage = ana.annotate_tagged(record, 4, 9, ["Risks"], "Ana's first thought").id
    ana.share(tmp_path / "bo.db", [record] if one_record else [])
    bo = Library.open(tmp_path / "bo.db", author="Bo", clock=wall)
    bo.set_note(passage, "Bo's reading")
    bo.close()
    report = ana.merge(tmp_path / "bo.db")
    assert ana.annotation(passage).note == "Bo's reading"
    assert report.counts["annotation"].updated == 1
    ana.close()


@pytest.mark.parametrize("bo_clock", ["ten minutes behind", "within the same moment"])
def test_an_edit_made_just_after_the_copy_still_collides(tmp_path: Path, bo_clock: str) -> None:
    """Regression (found by a helper): the meeting was dated when the copy was finished,
    after the clock the copy carries; Bo's first edits, dated just after that clock,
    counted as known to both. Ana's later edit of the same note then won without a word
    of Bo's. Bo's computer runs ten minutes behind, or he edits within the moment the
    copy is made (his clock reads the time Ana started sharing)."""
    wall = Clock()
    ana = Library.open(tmp_path / "ana.db", author="Ana", clock=wall)
    record = ana.import_document(ImportedDocument("Record", RECORD, "r.txt", "txt")).id
    passage = ana.annotate_tagged(record, 4, 9, ["Risks"], "original").id
    sharing = wall.now
    ana.share(tmp_path / "bo.db")
    behind = {
        "ten minutes behind": lambda: wall() - 600_000,
        "within the same moment": lambda: sharing,
    }
    bo = Library.open(tmp_path / "bo.db", author="Bo", clock=behind[bo_clock])
    bo.set_note(passage, "Bo's careful rewrite 📝")
    bo.close()
    ana.set_note(passage, "Ana's rewrite")
    (both,) = ana.merge(tmp_path / "bo.db", dry_run=True).edited_on_both_sides
    assert (both.mine.note, both.theirs.note) == ("Ana's rewrite", "Bo's careful rewrite 📝")
    ana.close()
