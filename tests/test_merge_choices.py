"""Settling an annotation edited on both sides (#13): keep mine, take theirs, keep both —
honoured where chosen, written as an ordinary newer edit, and the same annotation on
both sides once they have merged each other (``models.merge_choices``)."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from main import build_listing
from models import ImportedDocument, Library
from models.errors import MarginaliaError
from models.merge_choices import Choices, Keep

from conftest import Cli, ana_shares_a_passage

RECORD = "The Board agreed to report by 2027. Migration matters to every agency. 😀 عربي"


def collided(tmp_path: Path) -> tuple[Path, Path, str]:
    """Ana and Bo each edit the same annotation since Ana shared it: Ana's note and tags
    first, then Bo's (the newer), and Bo moves it."""
    ana, both = ana_shares_a_passage(tmp_path, RECORD)
    ana.set_note(both, "Ana's view")
    ana.set_tags(both, [ana.ensure_tag_path("Risks").id, ana.ensure_tag_path("Funding").id])
    ana.close()
    time.sleep(0.01)  # Bo's edits come a few milliseconds later: his are the newer
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    bo.set_note(both, "Bo's view 😀")
    bo.set_tags(both, [bo.ensure_tag_path("Staff").id])
    start = RECORD.index("Migration")
    bo.move_annotation(both, start, start + 9)
    bo.close()
    return tmp_path / "ana.db", tmp_path / "bo.db", both


def state(library: Library, annotation_id: str) -> tuple[str, str, list[str], str]:
    found = library.annotation(annotation_id)
    tags = sorted(library.tag(t).path for t in found.tag_ids)
    return found.quote, found.note, tags, found.author


ANA = ("agreed to report", "Ana's view", ["Funding", "Risks"], "Ana")
BO = ("Migration", "Bo's view 😀", ["Staff"], "Ana")  # Ana wrote it; Bo edited it


RULE = (*BO[:2], ["Funding", "Staff"], "Ana")  # each tag link by its own newer change


@pytest.mark.parametrize(("keep", "expected"), [("mine", ANA), ("theirs", BO), (None, RULE)])
def test_a_choice_is_kept_and_the_colleague_gets_it_back(
    tmp_path: Path, keep: Keep | None, expected: tuple[str, str, list[str], str]
) -> None:
    ana_path, bo_path, both = collided(tmp_path)
    ana = Library.open(ana_path, author="Ana")
    report = ana.merge(bo_path, choices=Choices(keep))
    (told,) = report.edited_on_both_sides
    assert told.kept == keep and told.merged is not None
    assert state(ana, both) == expected
    assert (told.merged.note, told.merged.tags) == (expected[1], tuple(expected[2]))
    bo = Library.open(bo_path, author="Bo")
    back = bo.merge(ana_path)  # Bo takes Ana's database: no collision, Ana's choice is newer
    assert back.edited_on_both_sides == []
    assert state(bo, both) == expected
    assert build_listing(bo) == build_listing(ana)
    assert not ana.merge(bo_path).changed()  # nothing left to settle
    ana.close()
    bo.close()


def test_keep_both_makes_one_copy_whoever_merges_first(tmp_path: Path) -> None:
    ana_path, bo_path, both = collided(tmp_path)
    for name in ("ana", "bo"):  # each keeps both of the other's file, from the same start
        (tmp_path / f"{name}-start.db").write_bytes((tmp_path / f"{name}.db").read_bytes())
    ana = Library.open(ana_path, author="Ana")
    (told,) = ana.merge(bo_path, choices=Choices("both")).edited_on_both_sides
    assert told.kept == "both" and told.copy is not None
    assert state(ana, both) == BO  # the newer stays under the id
    assert state(ana, told.copy) == ANA  # Ana's version beside it, still hers
    bo = Library.open(bo_path, author="Bo")
    (mirrored,) = bo.merge(tmp_path / "ana-start.db", choices=Choices("both")).edited_on_both_sides
    assert mirrored.copy == told.copy  # the same copy, made on the other side
    assert bo.merge(ana_path).edited_on_both_sides == []
    ana.merge(bo_path)  # Bo's settling came later: its dates reach Ana
    assert not ana.merge(bo_path).changed() and not bo.merge(ana_path).changed()
    listed = build_listing(ana)
    assert listed == build_listing(bo)
    assert sorted(a["id"] for a in listed["annotations"]) == sorted([both, told.copy])
    ana.close()
    bo.close()


def test_opposite_choices_on_both_sides_end_in_one_annotation(tmp_path: Path) -> None:
    """Ana keeps hers, Bo keeps his, independently: the later choice wins everywhere."""
    ana_path, bo_path, both = collided(tmp_path)
    (tmp_path / "ana-start.db").write_bytes(ana_path.read_bytes())
    ana, bo = Library.open(ana_path, author="Ana"), Library.open(bo_path, author="Bo")
    ana.merge(bo_path, choices=Choices("mine"))
    bo.merge(tmp_path / "ana-start.db", choices=Choices("mine"))  # Bo decides last
    ana.merge(bo_path)
    bo.merge(ana_path)
    assert state(ana, both) == state(bo, both) == BO
    assert build_listing(ana) == build_listing(bo)
    ana.close()
    bo.close()


def test_a_choice_for_one_annotation_by_its_id_prefix(tmp_path: Path) -> None:
    ana_path, bo_path, both = collided(tmp_path)
    ana = Library.open(ana_path, author="Ana")
    with pytest.raises(MarginaliaError, match="not an annotation edited on both sides"):
        ana.merge(bo_path, choices=Choices(by_id={"ffffffff": "mine"}))
    assert state(ana, both) == ANA  # refused whole: nothing merged
    ana.merge(bo_path, choices=Choices("theirs", {both[:8].upper(): "mine"}))
    assert state(ana, both) == ANA
    ana.close()


def test_keep_on_the_command_line(tmp_path: Path, cli: Cli) -> None:
    ana_path, bo_path, both = collided(tmp_path)
    merge = ("merge", "--db", str(ana_path), str(bo_path))
    bad = cli(*merge, "--keep-id", f"{both}=yours")
    assert bad.returncode == 2 and "ID=mine, ID=theirs or ID=both" in bad.stderr
    for twice, why in (
        ((f"{both}=mine", f"{both.upper()}=theirs"), "given both mine and theirs"),
        ((f"{both}=mine", f"{both[:8]}=both"), "given both mine and both"),
        ((f"{both[:3]}=mine",), "too short to name an annotation"),
    ):
        refused = cli(*merge, *[a for given in twice for a in ("--keep-id", given)])
        assert refused.returncode == 1 and why in refused.stderr, refused.stderr
    unknown = cli(*merge, "--keep-id", "0000=mine")
    assert unknown.returncode != 0 and "not an annotation edited on both sides" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    preview = json.loads(cli(*merge, "--dry-run", "--json", "--keep", "both").stdout)
    (edited,) = [c for c in preview["collisions"] if c["kind"] == "annotation"]
    assert edited["kept"] == "both" and edited["copy"]
    with sqlite3.connect(ana_path) as db:
        assert db.execute("SELECT count(*) FROM annotation").fetchone() == (1,)  # a dry run
    done = cli(*merge, "--keep-id", f"{both[:8]}=both")
    assert done.returncode == 0, done.stderr
    assert (
        f"both kept: the newer (theirs) here, yours separately as annotation {edited['copy']}"
        in (done.stdout)
    )
    ana = Library.open(ana_path, author="Ana")
    assert state(ana, edited["copy"]) == ANA
    ana.close()


def test_keeping_both_when_one_side_deleted_restores_nothing_twice(tmp_path: Path) -> None:
    """Bo deleted it (the newer): keeping both keeps Ana's words as a separate passage."""
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    record = ana.import_document(ImportedDocument("Board record", RECORD, "r.txt", "txt")).id
    both = ana.annotate_tagged(record, 4, 9, ["Risks"], "").id
    ana.share(tmp_path / "bo.db")
    ana.set_note(both, "keep this")
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    bo.delete_annotation(both)
    (told,) = ana.merge(tmp_path / "bo.db", choices=Choices("both")).edited_on_both_sides
    assert told.merged is not None and told.merged.deleted
    assert told.copy is not None and state(ana, told.copy)[:3] == ("Board", "keep this", ["Risks"])
    # Bo's side: nothing collides any more (Ana's side settled it); the copy arrives.
    assert bo.merge(tmp_path / "ana.db").edited_on_both_sides == []
    assert build_listing(bo) == build_listing(ana)
    ana.close()
    bo.close()


def test_tags_changed_on_both_sides_are_a_collision_to_settle(tmp_path: Path) -> None:
    """Ana retags it, Bo retags it differently: told in both versions, and either kept
    whole (by the rule, each tag link went its own way: a set neither chose)."""
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    record = ana.import_document(ImportedDocument("Board record", RECORD, "r.txt", "txt")).id
    both = ana.annotate_tagged(record, 4, 9, ["Risks"], "").id
    ana.share(tmp_path / "bo.db")
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    bo.set_tags(both, [bo.ensure_tag_path("Positions").id, bo.ensure_tag_path("Risks").id])
    time.sleep(0.01)  # a later millisecond: Ana's is the newer
    ana.set_tags(both, [ana.ensure_tag_path("Commitments").id])
    (told,) = ana.merge(tmp_path / "bo.db", dry_run=True).edited_on_both_sides
    assert (told.mine.tags, told.theirs.tags, told.winner) == (
        ("Commitments",),
        ("Positions", "Risks"),
        "local",
    )
    assert told.merged is not None and told.merged.tags == ("Commitments", "Positions")
    ana.merge(tmp_path / "bo.db", choices=Choices(by_id={both: "theirs"}))
    assert state(ana, both)[2] == ["Positions", "Risks"]
    bo.merge(tmp_path / "ana.db")
    assert state(bo, both)[2] == ["Positions", "Risks"]
    ana.close()
    bo.close()
