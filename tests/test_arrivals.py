"""What a merge brought stays marked new until the officer has seen it (#13), and the
marks are this file's own: never shared, and they change no tag count."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from models import ImportedDocument, Library
from models.arrivals import Arrived
from models.database import inspect_database
from models.merge_choices import Choices, Keep
from models.schema import SCHEMA_BY_VERSION, SCHEMA_VERSION

from conftest import Cli

RECORD = "The Board agreed to report by 2027. Migration matters. 😀 قال الأمين العام\nEnd."


def colleagues(tmp_path: Path) -> tuple[Library, Library, str, list[str]]:
    """Ana shares a record with three annotations; Bo changes one note, deletes one,
    adds one; Ana leaves hers as they were."""
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    record = ana.import_document(ImportedDocument("Board record", RECORD, "r.txt", "txt")).id
    ids = [ana.annotate_tagged(record, s, s + 5, ["Risks"], "").id for s in (4, 10, 36)]
    ana.share(tmp_path / "bo.db")
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    bo.set_note(ids[0], "Bo's note")
    bo.delete_annotation(ids[1])
    start = RECORD.index("قال")
    ids.append(bo.annotate_tagged(record, start, start + 3, ["Arabic"], "new").id)
    return ana, bo, record, ids


def test_a_merge_marks_what_it_brought_from_whom(tmp_path: Path) -> None:
    ana, bo, record, ids = colleagues(tmp_path)
    assert ana.merge(tmp_path / "bo.db", dry_run=True).changed()
    assert ana.arrivals() == {}  # a preview marks nothing
    ana.merge(tmp_path / "bo.db")
    assert ana.arrivals(record) == {ids[0]: "Bo", ids[3]: "Bo"}  # not the deleted, not hers
    assert ana.arrived_from() == [Arrived("Bo", 2)]
    assert ana.mark_seen([ids[0], ids[2]]) == 1
    assert ana.arrivals() == {ids[3]: "Bo"}
    assert ana.mark_all_seen("Cy") == 0 and ana.mark_all_seen("Bo") == 1
    assert ana.arrivals() == {} and ana.arrived_from() == []
    assert not ana.merge(tmp_path / "bo.db").changed() and ana.arrivals() == {}
    bo.set_tags(ids[2], [bo.ensure_tag_path("Funding").id])  # only a tag changes
    ana.merge(tmp_path / "bo.db")
    assert ana.arrivals() == {ids[2]: "Bo"}
    ana.close()
    bo.close()


def test_marks_are_not_shared(tmp_path: Path) -> None:
    ana, bo, _, _ = colleagues(tmp_path)
    ana.merge(tmp_path / "bo.db")
    assert ana.arrivals()
    ana.share(tmp_path / "cy.db")
    with sqlite3.connect(tmp_path / "cy.db") as cy:
        assert cy.execute("SELECT count(*) FROM arrival").fetchone() == (0,)
    ana.close()
    bo.close()


def test_only_the_colleagues_version_is_news(tmp_path: Path) -> None:
    """Keep mine: nothing new. Take theirs: new. Keep both: theirs (here the copy)."""
    cases: list[tuple[Keep, int]] = [("mine", 0), ("theirs", 1), ("both", 1)]
    for keep, news in cases:
        folder = tmp_path / keep
        folder.mkdir()
        ana, bo, _, ids = colleagues(folder)
        bo.mark_all_seen()
        time.sleep(0.01)
        ana.set_note(ids[0], "Ana's later note")  # Ana's edit is the newer
        report = ana.merge(folder / "bo.db", choices=Choices(keep))
        (both,) = report.edited_on_both_sides
        marked = set(ana.arrivals()) - {ids[3]}
        assert len(marked) == news
        if keep == "both":
            assert both.copy is not None and marked == {both.copy}
            assert ana.annotation(both.copy).author == "Bo"  # Bo's version: Bo's note
            bo.merge(folder / "ana.db")
            assert both.copy not in bo.arrivals()  # his own version is no news to Bo
        ana.close()
        bo.close()


def test_seeing_keeps_the_tag_counts(tmp_path: Path) -> None:
    ana, bo, _, ids = colleagues(tmp_path)
    ana.merge(tmp_path / "bo.db")
    tree = ana.tag_tree()
    counts = ana.tally(tree)
    assert ana.tally_is_current()
    ana.mark_seen([ids[3]])
    assert ana.tally_is_current() and ana.tally(tree) == counts  # not counted again
    ana.close()
    bo.close()


def test_a_version_3_database_gains_the_marks(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    Library.open(path, author="Me").close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE arrival")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    assert inspect_database(path) == 3
    library = Library.open(path, author="Me")
    assert inspect_database(path) == SCHEMA_VERSION == 4
    assert library.arrivals() == {}
    names = {r[0] for r in library.db.execute_sql("SELECT name FROM sqlite_master")}
    assert "arrival" in names and len(SCHEMA_BY_VERSION[4]) == len(SCHEMA_BY_VERSION[3]) + 1
    library.close()


def test_the_preview_lists_what_arrives_record_by_record(tmp_path: Path, cli: Cli) -> None:
    ana, bo, _, ids = colleagues(tmp_path)
    bo.close()
    ana.close()
    merge = ("merge", "--db", str(tmp_path / "ana.db"), str(tmp_path / "bo.db"), "--dry-run")
    done = cli(*merge, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    arrived = {a["id"]: a for a in report["arrived"]}
    assert report["arrived_total"] == 2 and set(arrived) == {ids[0], ids[3]}
    changed, added = arrived[ids[0]], arrived[ids[3]]
    assert (changed["change"], changed["note"], changed["by"]) == ("changed", "Bo's note", "Bo")
    assert changed["author"] == "Ana" and changed["quote"] == RECORD[4:9]
    assert (added["change"], added["quote"], added["tags"]) == ("added", "قال", ["Arabic"])
    assert added["document"] == "Board record" and added["author"] == "Bo"
    told = cli(*merge).stdout
    assert "added by Bo, in Board record: “قال”, Arabic, note “new”" in told
    assert "changed by Bo, in Board record: “Board”, Risks, note “Bo's note”" in told
