"""What a merge would do, told as an officer reads it (#13): an annotation edited on
both sides with both versions, and each annotation a colleague deleted, with its words
and who deleted it — in the report's lines and in ``merge --dry-run --json``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from models import ImportedDocument, Library

RECORD = "The Board agreed to report by 2027. Migration matters to every agency."


def test_a_dry_run_shows_both_versions_and_who_deleted_what(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
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
    assert "edited on both sides, in Board record: yours “agreed to report”" in told.stdout
    assert "theirs “agreed to report”, Staff, note “Bo's view”" in told.stdout
    assert "deleted by Bo, in Board record: “Migration matters”" in told.stdout
