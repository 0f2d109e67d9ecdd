"""What a merge would do, told as an officer reads it (#13): an annotation edited on
both sides with both versions, and each annotation a colleague deleted, with its words
and who deleted it — in the report's lines and in ``merge --dry-run --json``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models import ImportedDocument, Library

from conftest import Cli, ana_shares_a_passage

RECORD = "The Board agreed to report by 2027. Migration matters to every agency."


def test_a_dry_run_shows_both_versions_and_who_deleted_what(tmp_path: Path, cli: Cli) -> None:
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    record = ana.import_document(ImportedDocument("Board record", RECORD, "r.txt", "txt")).id
    start = RECORD.index("agreed to report")
    both = ana.annotate_tagged(record, start, start + 16, ["Risks"], "first").id
    start = RECORD.index("Migration matters")
    doomed = ana.annotate_tagged(record, start, start + 17, [], "").id
    ana.share(tmp_path / "bo.db")
    ana.set_note(both, "Ana's view")
    ana.set_tags(both, [ana.ensure_tag_path("Risks").id, ana.ensure_tag_path("Funding").id])
    ana.close()
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    bo.set_note(both, "Bo's view")
    bo.set_tags(both, [bo.ensure_tag_path("Staff").id])
    bo.delete_annotation(doomed)
    bo.close()
    before = hashlib.sha256((tmp_path / "ana.db").read_bytes()).hexdigest()
    merge = ("merge", "--db", str(tmp_path / "ana.db"), str(tmp_path / "bo.db"), "--dry-run")
    done = cli(*merge, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    (edited,) = [c for c in report["collisions"] if c["kind"] == "annotation"]
    assert edited["id"] == both and edited["document"] == "Board record"
    mine, theirs = edited["mine"], edited["theirs"]
    assert (mine["note"], theirs["note"]) == ("Ana's view", "Bo's view")
    assert (mine["tags"], theirs["tags"]) == (["Funding", "Risks"], ["Staff"])
    assert mine["quote"] == theirs["quote"] == "agreed to report"
    assert mine["author"] == theirs["author"] == "Ana"  # who wrote it; edits are dated
    assert edited["winner"] == "theirs" and theirs["modified"] > mine["modified"]
    assert report["deleted"] == [
        {"id": doomed, "document": "Board record", "quote": "Migration matters", "by": "Bo"}
    ]
    assert hashlib.sha256((tmp_path / "ana.db").read_bytes()).hexdigest() == before  # a dry run
    told = cli(*merge)
    assert (
        f"edited on both sides, in Board record ({both}): yours “agreed to report”" in told.stdout
    )
    assert "theirs “agreed to report”, Staff, note “Bo's view”" in told.stdout
    assert "deleted by Bo, in Board record: “Migration matters”" in told.stdout
    done = cli(*merge[:-1], "--json")  # now for real: what the preview said it would be
    assert done.returncode == 0, done.stderr
    merged = Library.open(tmp_path / "ana.db", author="Ana")
    after = merged.annotation(both)
    tags = sorted(merged.tag(t).path for t in after.tag_ids)
    assert edited["merged"]["tags"] == tags  # each tag link's newer change: not a side's set
    assert edited["merged"]["note"] == after.note == "Bo's view"
    merged.close()


def test_the_merge_preview_shows_both_versions_marked_and_asks_to_merge(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QGroupBox, QLabel

    from ui.differences import ADDED, REMOVED
    from ui.merge_dialog import MergePreview

    ana, both = ana_shares_a_passage(tmp_path, RECORD)
    ana.set_note(both, "check the 2027 deadline")
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    bo.set_note(both, "check the 2028 deadline")
    bo.close()
    report = ana.merge(tmp_path / "bo.db", dry_run=True)
    preview = MergePreview(report, "bo.db")
    qtbot.addWidget(preview)
    preview.show()
    (box,) = preview.findChildren(QGroupBox)
    texts = [label.text() for label in box.findChildren(QLabel)]
    assert any("<b>\u2068Board record\u2069</b>: theirs is the newer" in t for t in texts)
    yours = next(t for t in texts if "2027" in t)
    theirs = next(t for t in texts if "2028" in t)
    assert REMOVED in yours and ">2027<" in yours  # what only yours says, struck
    assert ADDED in theirs and ">2028<" in theirs  # what only theirs says, underlined
    assert "check the" in yours and "deadline" in theirs
    assert "check the 2028 deadline" in texts  # after merging: the newer note, plain
    assert preview.merge_button.isDefault() and preview.merge_button.text() == "Merge"
    qtbot.keyClick(preview, Qt.Key.Key_Return)  # Enter merges
    assert preview.result() == preview.DialogCode.Accepted
    ana.close()
