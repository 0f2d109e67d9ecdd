"""A colleague's file is untrusted: read once, checked whole, refused whole.

Each case here once got rows into a receiving database that then crashed `list` and every
later merge. Now each is refused with a message naming the file, and the receiving
database is byte-for-byte unchanged.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from main import build_listing
from models import ImportedDocument, Library
from models.errors import IncompatibleDatabase, InvalidRows, MarginaliaError
from models.store import link_uuid, new_uuid

from conftest import ROOT, subprocess_env

RECORD = "The Board agreed to report by 2027 on migration and on refugees. " * 6


@pytest.fixture
def receiver(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "mine.db", author="Me")
    library.import_document(ImportedDocument("Mine", "My own record.", "m.txt", "txt"))
    library.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return library


def colleague(tmp_path: Path, name: str = "theirs.db") -> Path:
    """A colleague's genuine database: one record, two tags, one annotation."""
    library = Library.open(tmp_path / f"source-{name}", author="Colleague")
    doc = library.import_document(ImportedDocument("Record", RECORD, "r.txt", "txt")).id
    library.annotate_tagged(doc, 4, 9, ["Risks/Legal"], "note")
    library.share(tmp_path / name)
    library.close()
    return tmp_path / name


def tamper(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")  # as a hand-made or damaged file could be
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(receiver: Library, other: Path, match: str) -> None:
    target = Path(receiver.db.database)
    before = digest(target)
    with pytest.raises(IncompatibleDatabase, match=match) as caught:
        receiver.merge(other)
    assert other.name in str(caught.value)
    assert digest(target) == before
    assert list(target.parent.glob(".marginalia-merge*")) == []  # the private copy is gone


@pytest.mark.parametrize(
    ("statements", "why"),
    [
        (["ALTER TABLE annotation RENAME TO annotation_rows",
          "CREATE VIEW annotation AS SELECT * FROM annotation_rows"], "view"),
        (["CREATE TRIGGER sneaky AFTER INSERT ON tag BEGIN SELECT 1; END"], "trigger"),
        (["CREATE INDEX extra ON tag(name)"], "index"),
        (["ALTER TABLE annotation ADD COLUMN twist INTEGER AS (end_pos + 1)"], "annotation"),
    ],
)  # fmt: skip
def test_views_triggers_and_foreign_objects_on_our_tables_are_refused(
    receiver: Library, tmp_path: Path, statements: list[str], why: str
) -> None:
    refused(receiver, tamper(colleague(tmp_path), *statements), why)


@pytest.mark.parametrize(
    ("statement", "why"),
    [
        ("UPDATE annotation SET modified_at = 253402300799000", "dated before 2000 or after"),
        ("UPDATE tag SET created_at = 631152000000", "2 tag rows dated"),
        ("UPDATE tag SET name = 'Risks/Financial' WHERE parent_uuid IS NULL", "'/'"),
        ("UPDATE tag SET name = 'Ri' || char(7) || 'sks' WHERE parent_uuid IS NULL",
         "control or invisible character"),
        ("UPDATE tag SET name = 'Ri' || char(8238) || 'sks' WHERE parent_uuid IS NULL",
         "control or invisible character"),
        ("UPDATE author SET name = 'A' || char(8203) || 'na'", "invisible character"),
        ("UPDATE annotation_tag SET uuid = '00000000-0000-4000-8000-000000000001'", "derived"),
        ("UPDATE annotation SET anchor_status = 'lost'", "anchor status"),
        ("UPDATE annotation SET home_end = 2000000000", "outside its document"),
        ("UPDATE meta SET value = 'x' WHERE key = 'shared_at'", "shared_at"),
        ("UPDATE document SET metadata = '[1'", "metadata"),
        ("UPDATE tag SET uuid = upper(uuid) WHERE parent_uuid IS NULL", "malformed id"),
    ],
)  # fmt: skip
def test_rows_that_would_break_the_receiver_are_refused(
    receiver: Library, tmp_path: Path, statement: str, why: str
) -> None:
    refused(receiver, tamper(colleague(tmp_path), statement), why)


def test_a_tag_path_1100_levels_deep_is_refused(receiver: Library, tmp_path: Path) -> None:
    other = colleague(tmp_path)
    ids, now = [new_uuid() for _ in range(1_100)], int(time.time() * 1000)
    conn = sqlite3.connect(other)
    conn.executemany(
        "INSERT INTO tag (uuid, name, parent_uuid, color, created_at, modified_at) "
        "VALUES (?, 'Level', ?, '#000000', ?, ?)",
        [(tag, ids[n - 1] if n else None, now, now) for n, tag in enumerate(ids)],
    )
    conn.commit()
    conn.close()
    refused(receiver, other, "levels deep")


def test_a_tag_cycle_in_a_colleagues_file_is_accepted_and_shown_cut(
    receiver: Library, tmp_path: Path
) -> None:
    """Concurrent moves leave such rows in genuine files: the shown tree cuts the cycle."""
    other = tamper(colleague(tmp_path), "UPDATE tag SET parent_uuid = (SELECT uuid FROM tag t "
                   "WHERE t.parent_uuid = tag.uuid) WHERE parent_uuid IS NULL")  # fmt: skip
    receiver.merge(other)
    assert sorted(t.path for t in receiver.tags()) in (["Legal", "Legal/Risks"],
                                                       ["Risks", "Risks/Legal"])  # fmt: skip


def test_a_file_rewritten_during_merges_never_lets_invalid_rows_in(
    receiver: Library, tmp_path: Path
) -> None:
    good = colleague(tmp_path, "good.db")
    bad = tamper(colleague(tmp_path, "bad.db"),
                 "UPDATE annotation SET end_pos = 2000000000, home_end = 2000000000",
                 "UPDATE annotation SET note = printf('%.300000c', 'x')")  # fmt: skip
    other, stop = tmp_path / "shared.db", threading.Event()
    shutil.copy(good, other)

    def keep_rewriting() -> None:
        turn = 0
        while not stop.is_set():
            shutil.copy((good, bad)[turn % 2], tmp_path / "next.db")
            os.replace(tmp_path / "next.db", other)
            turn += 1

    writer = threading.Thread(target=keep_rewriting)
    writer.start()
    outcomes = []
    try:
        for _ in range(40):
            try:
                receiver.merge(other)
                outcomes.append("merged")
            except IncompatibleDatabase:
                outcomes.append("refused")
    finally:
        stop.set()
        writer.join()
    assert "merged" in outcomes
    assert all(len(a.note) < 1_000 for a in receiver.annotations())
    for annotation in receiver.annotations():
        text = receiver.document(annotation.document_id).text
        assert text[annotation.start : annotation.end] == annotation.quote
    build_listing(receiver)
    receiver.merge(good)  # and the next merge still works


def test_a_200_mb_field_is_refused_without_loading_it(tmp_path: Path) -> None:
    other = colleague(tmp_path)
    conn = sqlite3.connect(other)
    conn.execute("UPDATE annotation SET note = ?", ("x" * 200_000_000,))
    conn.commit()
    conn.close()
    probe = (  # VmHWM: ru_maxrss would include the test process's memory from before exec
        "import re, sys\n"
        "from models import Library\n"
        "from models.errors import InvalidRows\n"
        "library = Library.open(sys.argv[1], author='Me')\n"
        "try:\n"
        "    library.merge(sys.argv[2])\n"
        "except InvalidRows as error:\n"
        "    print('refused:', error)\n"
        "status = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "mine.db"), str(other)],
                          capture_output=True, text=True, env=subprocess_env(), cwd=ROOT,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    refusal, peak = done.stdout.splitlines()
    assert "larger than 100 MB" in refusal
    assert int(peak) < 150, f"peak memory {peak} MB"


def test_an_older_colleagues_file_merges(receiver: Library, tmp_path: Path) -> None:
    """A version-1 file (no homes, no aliases) is read as what it holds."""
    from models.schema import SCHEMA_V1

    other = tmp_path / "v1.db"
    conn = sqlite3.connect(other)
    for statement in SCHEMA_V1:
        conn.execute(statement)
    conn.execute("PRAGMA application_id = 1297237838")
    author, doc, note = new_uuid(), new_uuid(), new_uuid()
    text = "An older colleague’s record."
    conn.executescript(f"""
        INSERT INTO meta VALUES ('schema_version', '1'), ('database_uuid', '{new_uuid()}');
        INSERT INTO author VALUES ('{author}', 'Old', 'O', 1700000000000, 1700000000000, NULL);
        INSERT INTO document (uuid, title, text, content_hash, created_at, modified_at)
            VALUES ('{doc}', 'Old record', '{text}',
                    '{hashlib.sha256(text.encode()).hexdigest()}', 1700000000000, 1700000000000);
        INSERT INTO annotation (uuid, document_uuid, start_pos, end_pos, quote, note,
            author_uuid, created_at, modified_at)
            VALUES ('{note}', '{doc}', 3, 8, 'older', 'kept', '{author}', 1700000000000,
                    1700000000000);
    """)  # fmt: skip
    conn.commit()
    conn.close()
    receiver.merge(other)
    (annotation,) = [a for a in receiver.annotations() if a.note == "kept"]
    assert (annotation.quote, annotation.author) == ("older", "Old")


def test_the_invalid_row_message_names_the_other_file_not_ours(
    receiver: Library, tmp_path: Path
) -> None:
    other = tamper(
        colleague(tmp_path), "UPDATE annotation SET quote = 'xxxxx', home_quote = 'xxxxx'"
    )
    with pytest.raises(InvalidRows, match=r"theirs\.db is refused: an annotation row"):
        receiver.merge(other)


def test_merging_a_database_into_itself_is_refused(receiver: Library, tmp_path: Path) -> None:
    target = Path(receiver.db.database)
    (tmp_path / "link.db").symlink_to(target)
    os.link(target, tmp_path / "hard.db")
    before = digest(target)
    for spelling in (
        target,
        tmp_path / "." / "mine.db",
        tmp_path / "link.db",
        tmp_path / "hard.db",
    ):
        with pytest.raises(MarginaliaError, match="this database itself"):
            receiver.merge(spelling)
    assert digest(target) == before and not (tmp_path / "backups").exists()


def test_nothing_is_created_beside_a_colleagues_file(receiver: Library, tmp_path: Path) -> None:
    sent = tmp_path / "sent"
    sent.mkdir()
    working = Library.open(sent / "theirs.db", author="Colleague")  # their working file (WAL)
    working.import_document(ImportedDocument("Record", RECORD, "r.txt", "txt"))
    working.close()
    for leftover in sent.glob("theirs.db-*"):
        leftover.unlink()  # as sent: the file alone
    before = sorted(p.name for p in sent.iterdir())
    receiver.merge(sent / "theirs.db")
    assert sorted(p.name for p in sent.iterdir()) == before
    (sent / "theirs.db-journal").write_bytes(b"\0" * 512)  # copied mid-write
    with pytest.raises(IncompatibleDatabase, match="being written"):
        receiver.merge(sent / "theirs.db")


def test_a_private_copy_left_by_a_killed_merge_is_removed_next_time(
    receiver: Library, tmp_path: Path
) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    leftover = tmp_path / f".marginalia-merge.{dead}-abcd.part"
    leftover.write_bytes(b"notes a colleague sent")
    receiver.merge(colleague(tmp_path))
    assert not leftover.exists()
    assert list(tmp_path.glob(".marginalia-merge*")) == []


def _add_row(path: Path, table: str, changes: dict[str, object]) -> None:
    """Add to the colleague's file a copy of its first ``table`` row, with ``changes``."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute(f"SELECT * FROM {table} LIMIT 1").fetchone()) | changes
    row.pop("id", None)  # a record's local number: the database gives one
    conn.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        tuple(row.values()),
    )
    conn.commit()
    conn.close()


def _held_alike(receiver: Library, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A colleague's file whose record, tags and annotation the receiver holds alike (they
    are left out of the private copy), and their ids."""
    other = colleague(tmp_path)
    receiver.merge(other)
    conn = sqlite3.connect(other)
    ids = {
        "document": conn.execute("SELECT uuid FROM document").fetchone()[0],
        "annotation": conn.execute("SELECT uuid FROM annotation").fetchone()[0],
        "parent": conn.execute("SELECT uuid FROM tag WHERE parent_uuid IS NULL").fetchone()[0],
        "mine": next(d.id for d in receiver.documents() if d.title == "Mine"),
    }
    conn.close()
    assert ids["mine"] != ids["document"]
    return other, ids


def test_what_a_file_adds_to_rows_the_receiver_holds_alike_is_checked_against_them(
    receiver: Library, tmp_path: Path
) -> None:
    """Rows the receiver holds alike are not copied to be checked; a new passage on such a
    record is checked against the receiver's text, a new tagging against its annotation."""
    other, ids = _held_alike(receiver, tmp_path)
    saved = other.read_bytes()
    _add_row(
        other,
        "annotation",
        {
            "uuid": new_uuid(),
            "quote": "Not what the record says",
            "home_quote": "Not what the record says",
        },
    )
    refused(receiver, other, "quotes text its document does not hold there")
    other.write_bytes(saved)
    link = link_uuid(ids["annotation"], ids["parent"])
    _add_row(
        other,
        "annotation_tag",
        {
            "uuid": link,
            "annotation_uuid": ids["annotation"],
            "tag_uuid": ids["parent"],
            "document_uuid": ids["mine"],
        },
    )
    refused(receiver, other, "names a document its annotation is not on")
    other.write_bytes(saved)
    _add_row(other, "annotation", {"uuid": new_uuid(), "document_uuid": new_uuid()})
    refused(receiver, other, "refers to a missing document")


def test_a_sound_addition_to_rows_the_receiver_holds_alike_merges(
    receiver: Library, tmp_path: Path
) -> None:
    other, ids = _held_alike(receiver, tmp_path)
    passage = new_uuid()
    _add_row(
        other,
        "annotation",
        {
            "uuid": passage,
            "start_pos": 10,
            "end_pos": 15,
            "quote": RECORD[10:15],
            "home_start": 10,
            "home_end": 15,
            "home_quote": RECORD[10:15],
            "note": "added",
        },
    )
    _add_row(
        other,
        "annotation_tag",
        {
            "uuid": link_uuid(passage, ids["parent"]),
            "annotation_uuid": passage,
            "tag_uuid": ids["parent"],
            "document_uuid": ids["document"],
        },
    )
    report = receiver.merge(other)
    assert (report.counts["annotation"].added, report.counts["annotation"].unchanged) == (1, 1)
    assert report.counts["annotation_tag"].added == 1
    added = next(a for a in receiver.annotations(ids["document"]) if a.id == passage)
    assert (added.quote, added.note, added.tag_ids) == (RECORD[10:15], "added", (ids["parent"],))


def test_two_rows_for_a_record_the_receiver_holds_alike_merge_into_one(
    receiver: Library, tmp_path: Path
) -> None:
    """Regression: a file from an older version holding two rows for one record, one of
    which the receiver holds alike (left out of the copy), failed with a foreign-key
    error; the two rows are one record again, under the smaller id on both sides."""
    other, ids = _held_alike(receiver, tmp_path)
    twin = "00000000-0000-4000-8000-000000000001"
    _add_row(other, "document", {"uuid": twin})
    conn = sqlite3.connect(other)
    conn.execute("UPDATE annotation SET note = 'edited', modified_at = modified_at + 1000")
    conn.commit()
    conn.close()
    receiver.merge(other)
    (record,) = [d for d in receiver.documents() if d.title == "Record"]
    assert record.id == twin
    (annotation,) = receiver.annotations(twin)
    assert (annotation.id, annotation.note) == (ids["annotation"], "edited")
    assert annotation.tag_ids  # its tagging followed it
    assert receiver.merge(other).changed() is False  # and nothing more to do
