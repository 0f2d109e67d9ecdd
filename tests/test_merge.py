"""Sharing and merging: the laws under random edit histories, and every refusal."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from main import build_listing
from models import ImportedDocument, Library, share
from models.errors import (
    IncompatibleDatabase,
    InvalidRows,
    NewerDatabase,
    NotADatabase,
    NotMarginalia,
)

from conftest import MIXED_TEXT

RECORD = "The Board agreed to report by 2027 on migration 😀 and on قال refugees. " * 4


def record(library: Library, title: str = "Record", text: str = RECORD) -> str:
    return library.import_document(ImportedDocument(title, text, "r.txt", "txt")).id


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_of(path: Path) -> dict[str, Any]:
    """Every shared row of a database, for comparing whole files."""
    conn = sqlite3.connect(path)
    found = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=str)
             for t in ("author", "tag", "annotation", "annotation_tag")}  # fmt: skip
    found["document"] = sorted(conn.execute("SELECT uuid, title, deleted_at FROM document"))
    conn.close()
    return found


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Library, Library]:
    """Ana's database and the copy she shared with Bo."""
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    record(ana)
    ana.share(tmp_path / "bo.db")
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    return ana, bo


def test_edits_on_both_sides_come_together(pair: tuple[Library, Library], tmp_path: Path) -> None:
    ana, bo = pair
    doc = ana.documents()[0].id
    kept = ana.annotate_tagged(doc, 4, 9, ["Risks"], "Ana's")
    bos = bo.annotate_tagged(doc, 10, 16, ["Commitments"], "Bo's")
    report = ana.merge(tmp_path / "bo.db")
    assert report.counts["annotation"].added == 1 and report.collisions == []
    assert report.backup is not None and report.backup.exists()
    merged = {a.id: a for a in ana.annotations()}
    assert set(merged) == {kept.id, bos.id}
    assert merged[bos.id].author == "Bo" and merged[kept.id].author == "Ana"
    bo.merge(tmp_path / "ana.db")
    assert build_listing(ana) == build_listing(bo)


def test_deletions_travel_and_collisions_are_reported(
    pair: tuple[Library, Library], tmp_path: Path
) -> None:
    ana, bo = pair
    doc = ana.documents()[0].id
    first = ana.annotate_tagged(doc, 4, 9, ["Risks"], "first")
    second = ana.annotate_tagged(doc, 20, 26, [], "second")
    ana.share(tmp_path / "bo.db")
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    bo.delete_annotation(second.id)
    ana.set_note(first.id, "Ana edited")
    bo.set_note(first.id, "Bo edited later")
    report = ana.merge(tmp_path / "bo.db")
    assert report.counts["annotation"].deleted == 1
    (collision,) = report.collisions
    assert collision.id == first.id and collision.winner == "other"
    assert collision.local["note"] == "Ana edited" and collision.other["note"] == "Bo edited later"
    assert [a.id for a in ana.annotations()] == [first.id]
    assert ana.annotation(first.id).note == "Bo edited later"


def test_the_same_record_imported_separately_becomes_one(tmp_path: Path) -> None:
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    cy = Library.open(tmp_path / "cy.db", author="Cy")
    record(ana, "Summary record")
    record(cy, "CEB summary")
    ana.annotate_tagged(ana.documents()[0].id, 0, 3, ["Risks"])
    cy.annotate_tagged(cy.documents()[0].id, 4, 9, ["risks/financial"])
    ana.merge(tmp_path / "cy.db")
    cy.merge(tmp_path / "ana.db")
    listing = build_listing(ana)
    assert listing == build_listing(cy)
    assert len(listing["documents"]) == 1 and listing["documents"][0]["annotations"] == 2
    assert [t["path"] for t in listing["tags"]] in (["Risks", "Risks/financial"],
                                                    ["risks", "risks/financial"])  # fmt: skip


def test_merging_twice_changes_nothing_and_dry_run_writes_nothing(
    pair: tuple[Library, Library], tmp_path: Path
) -> None:
    ana, bo = pair
    bo.annotate_tagged(bo.documents()[0].id, 4, 9, ["Risks"], "Bo's")
    bo.close()
    ana.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = rows_of(tmp_path / "ana.db")
    preview = ana.merge(tmp_path / "bo.db", dry_run=True)
    assert preview.dry_run and preview.counts["annotation"].added == 1
    assert rows_of(tmp_path / "ana.db") == before and preview.backup is None
    ana.merge(tmp_path / "bo.db")
    after = rows_of(tmp_path / "ana.db")
    again = ana.merge(tmp_path / "bo.db")
    assert not again.changed() and rows_of(tmp_path / "ana.db") == after


def test_share_keeps_only_what_was_chosen(tmp_path: Path) -> None:
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    one, two = record(ana, "One"), record(ana, "Two", MIXED_TEXT)
    ana.annotate_tagged(one, 0, 3, ["Risks/Financial"], "secret note")
    ana.annotate_tagged(one, 4, 9, ["Commitments"], "other")
    ana.annotate_tagged(two, 0, 7, ["Risks"], "two")
    ana.set_author("Bo")
    ana.annotate_tagged(one, 10, 16, ["Risks"], "by Bo")
    ana.share(tmp_path / "copy.db", [one], ["Risks"], ["Bo"], no_notes=True)
    copy = Library.open(tmp_path / "copy.db")
    assert [d.title for d in copy.documents()] == ["One"]
    assert [(a.quote, a.note) for a in copy.annotations()] == [("The", "")]
    assert [t.path for t in copy.tags()] == ["Risks", "Risks/Financial"]
    raw = (tmp_path / "copy.db").read_bytes()
    assert b"secret note" not in raw and b"Two" not in raw  # vacuumed away
    assert not (tmp_path / "copy.db-wal").exists() or (tmp_path / "copy.db-wal").stat().st_size == 0


@pytest.mark.parametrize("whole", [False, True], ids=["chosen rows", "whole file, then cut"])
def test_a_shared_copy_holds_no_word_of_what_it_leaves_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole: bool
) -> None:
    """Not in its tables, nor in its search indexes: the bytes of the file are checked.
    A share from a database that cannot be written copies the whole file, then cuts it."""
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    kept = record(ana, "Kept record", "Kept text about funding.")
    gone = record(ana, "Gone record", "Zanzibarword appears only here.")
    ana.annotate(kept, 0, 4, note="Quixoticnote on the kept record")
    ana.annotate(gone, 0, 12, note="Otherworldly note on the other")
    if whole:
        monkeypatch.setattr(share, "writable", lambda _: False)
    ana.share(tmp_path / "copy.db", [kept], no_notes=True)
    raw = (tmp_path / "copy.db").read_bytes().lower()
    for word in (b"zanzibarword", b"quixoticnote", b"otherworldly"):
        assert word not in raw
    copy = Library.open(tmp_path / "copy.db")
    assert [d.title for d in copy.search("funding")] == ["Kept record"]
    assert len(copy.annotations()) == 1 and not copy.search("quixoticnote").documents


def test_share_is_consistent_while_another_window_is_writing(tmp_path: Path) -> None:
    import threading
    import time

    ana = Library.open(tmp_path / "ana.db", author="Ana")
    doc = record(ana)
    started, release = threading.Event(), threading.Event()

    def other_window() -> None:  # holds an uncommitted write, then commits it
        conn = sqlite3.connect(tmp_path / "ana.db", isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE document SET title = 'Renamed, not yet committed'")
        started.set()
        release.wait(5)
        time.sleep(0.2)
        conn.execute("COMMIT")
        conn.close()

    writer = threading.Thread(target=other_window)
    writer.start()
    started.wait(5)
    release.set()  # the share's own bookkeeping waits for the commit (busy timeout)
    ana.share(tmp_path / "copy.db")
    writer.join()
    copy = Library.open(tmp_path / "copy.db")
    assert [d.title for d in copy.documents()] == ["Record"]  # the committed state only
    assert copy.documents()[0].id == doc


# -- refusals -----------------------------------------------------------------------------


def tampered(tmp_path: Path, statement: str, params: tuple[Any, ...] = ()) -> Path:
    """A shared copy with one row broken by hand."""
    source = Library.open(tmp_path / "source.db", author="Ana")
    doc = record(source)
    source.annotate_tagged(doc, 4, 9, ["Risks"], "note")
    source.share(tmp_path / "bad.db")
    conn = sqlite3.connect(tmp_path / "bad.db")
    conn.execute("PRAGMA foreign_keys = OFF")  # as a hand-made or damaged file could be
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(statement, params)
    conn.commit()
    conn.close()
    return tmp_path / "bad.db"


@pytest.mark.parametrize(
    ("statement", "why"),
    [
        ("UPDATE annotation SET end_pos = 100000", "offsets outside"),
        ("UPDATE annotation SET quote = 'xxxxx'", "quotes text"),
        ("UPDATE annotation SET document_uuid = '00000000-0000-4000-8000-000000000000'",
         "missing document"),
        ("UPDATE annotation_tag SET tag_uuid = '00000000-0000-4000-8000-000000000000'",
         "missing tag"),
        ("UPDATE tag SET uuid = 'not-a-uuid' WHERE parent_uuid IS NULL", "malformed id"),
        ("UPDATE tag SET color = 'red'", "malformed colour"),
        ("UPDATE annotation SET note = printf('%.200000c', 'x')", "oversized"),
        ("UPDATE document SET text = text || ' changed'", "content hash"),
    ],
)  # fmt: skip
def test_invalid_rows_are_refused_and_the_database_is_untouched(
    library: Library, tmp_path: Path, statement: str, why: str
) -> None:
    record(library, "Mine", MIXED_TEXT)
    library.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    target = Path(library.db.database)
    before = digest(target)
    bad = tampered(tmp_path, statement)
    with pytest.raises(InvalidRows, match=why):
        library.merge(bad)
    assert digest(target) == before
    assert not (tmp_path / "backups").exists()


def test_other_kinds_of_file_are_refused_untouched(library: Library, tmp_path: Path) -> None:
    record(library)
    library.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    target = Path(library.db.database)
    before = digest(target)
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE x (y)").connection.close()
    newer = tmp_path / "newer.db"
    Library.open(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    truncated = tmp_path / "cut.db"
    truncated.write_bytes(newer.read_bytes()[:3000])
    for path, error in ((text, NotADatabase), (foreign, NotMarginalia), (newer, NewerDatabase),
                        (truncated, IncompatibleDatabase)):  # fmt: skip
        with pytest.raises(error):
            library.merge(path)
    assert digest(target) == before


def test_a_separately_imported_record_joins_the_live_copy_not_a_deleted_one(tmp_path: Path) -> None:
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    old = ana.import_document(ImportedDocument("Old", RECORD, "r.txt", "txt")).id
    ana.delete_document(old)
    live = record(ana, "Live")
    cy = Library.open(tmp_path / "cy.db", author="Cy")
    theirs = record(cy, "Cy's")
    cy.annotate_tagged(theirs, 0, 3, ["Risks"])
    ana.merge(tmp_path / "cy.db")
    (annotation,) = ana.annotations()
    assert annotation.document_id == min(live, theirs)
    assert [d.id for d in ana.documents()] == [min(live, theirs)]


def test_a_partial_share_is_a_whole_database_a_colleague_can_merge(tmp_path: Path) -> None:
    """Sharing only the new version of a record, or only some tags, after tags were merged:
    the copy must not refer to anything it left out (else merging it is refused)."""
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    v1 = record(ana, "Record v1")
    at = RECORD.index("report by 2027")
    kept = ana.annotate_tagged(v1, at, at + 14, ["Dates"], "Ana's")
    lost = ana.annotate_tagged(v1, 4, 9, ["Risks"], "gone in v2")
    v2_text = "A new first paragraph.\n\n" + RECORD.replace("The Board", "Members")
    v2 = ana.import_revision(ImportedDocument("Record v2", v2_text, "v2.txt", "txt"), v1)
    assert ana.annotation(lost.id).status == "orphaned"
    ana.merge_tags(ana.tag_by_path("Dates").id, ana.create_tag("Deadlines").id)
    ana.share(tmp_path / "v2-only.db", [v2.document.id])
    ana.share(tmp_path / "deadlines.db", [], ["Deadlines"])
    for copy in ("v2-only.db", "deadlines.db"):
        fresh = Library.open(tmp_path / f"fresh-{copy}", author="Bo")
        fresh.merge(tmp_path / copy)
        shown = {a.id: a for a in fresh.annotations()}
        assert shown[kept.id].quote == ana.annotation(kept.id).quote
        assert [fresh.tag(t).path for t in shown[kept.id].tag_ids] == ["Deadlines"]
        assert lost.id not in shown
