"""Opening databases: creation, pragmas, refusals that leave the file untouched, migration."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from models import database
from models.database import inspect_database, open_database
from models.errors import NewerDatabase, NotADatabase, NotMarginalia
from models.schema import APPLICATION_ID, SCHEMA_VERSION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_database(tmp_path: Path) -> Path:
    path = tmp_path / "records.db"
    db = open_database(path)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def test_new_database_has_wal_foreign_keys_busy_timeout_and_identity(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert len(database.database_uuid(db)) == 36
    db.close()
    assert inspect_database(tmp_path / "new.db") == SCHEMA_VERSION


def test_reopening_keeps_the_data(tmp_path: Path) -> None:
    path = make_database(tmp_path)
    first = database.database_uuid(open_database(path))
    assert database.database_uuid(open_database(path)) == first


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", NotMarginalia),
        (b"hello, this is a text file\n" * 10, NotADatabase),
        (b"SQLite format 3\x00" + b"\x00" * 50, NotADatabase),
    ],
)
def test_files_that_are_not_databases_are_refused_untouched(
    tmp_path: Path, content: bytes, error: type[Exception]
) -> None:
    path = tmp_path / "odd.db"
    path.write_bytes(content)
    with pytest.raises(error):
        open_database(path)
    assert path.read_bytes() == content


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotMarginalia, match="not a Marginalia one"):
        open_database(path)
    assert digest(path) == before


def test_a_truncated_database_is_refused_untouched(tmp_path: Path) -> None:
    path = make_database(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = digest(path)
    with pytest.raises(NotADatabase):
        open_database(path)
    assert digest(path) == before


def test_a_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = make_database(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NewerDatabase, match="newer Marginalia"):
        open_database(path)
    assert digest(path) == before


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotADatabase, match="does not exist"):
        open_database(tmp_path / "no" / "such.db")


def test_an_older_database_is_backed_up_then_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_database(tmp_path)
    old_bytes = path.read_bytes()

    def add_colour_scheme(db) -> None:  # type: ignore[no-untyped-def]
        db.execute_sql("ALTER TABLE tag ADD COLUMN scheme TEXT NOT NULL DEFAULT 'light'")

    monkeypatch.setattr(database, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(database, "MIGRATIONS", {SCHEMA_VERSION: add_colour_scheme})
    db = open_database(path)
    columns = [row[1] for row in db.execute_sql("PRAGMA table_info(tag)").fetchall()]
    assert "scheme" in columns
    assert inspect_database(path) == SCHEMA_VERSION + 1
    db.close()
    backups = list(
        (tmp_path / "backups").glob(f"records * before upgrading from version {SCHEMA_VERSION}.db")
    )
    assert len(backups) == 1
    assert backups[0].read_bytes() == old_bytes or inspect_database(backups[0]) == SCHEMA_VERSION


def test_a_failing_migration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_database(tmp_path)

    def broken(db) -> None:  # type: ignore[no-untyped-def]
        db.execute_sql("ALTER TABLE tag ADD COLUMN scheme TEXT")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(database, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(database, "MIGRATIONS", {SCHEMA_VERSION: broken})
    with pytest.raises(RuntimeError):
        open_database(path)
    monkeypatch.undo()
    db = open_database(path)
    columns = [row[1] for row in db.execute_sql("PRAGMA table_info(tag)").fetchall()]
    assert "scheme" not in columns
    assert inspect_database(path) == SCHEMA_VERSION


def test_a_version_1_database_is_migrated_and_repaired(tmp_path: Path) -> None:
    """What older versions left behind: two rows for one record (re-imported after a
    delete), a tag link whose id is not the derived one (merged in), and a change dated in
    year 9999 (merged in: it won every later edit)."""
    import hashlib
    import time

    from models import Library
    from models.schema import SCHEMA_V1
    from models.store import link_uuid, new_uuid

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in SCHEMA_V1:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    text, now = "A record imported twice.", int(time.time() * 1000)
    first, second, tag, note, link = (new_uuid() for _ in range(5))
    digest_ = hashlib.sha256(text.encode()).hexdigest()
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1'), ('database_uuid', ?)",
                 (new_uuid(),))  # fmt: skip
    conn.executemany(
        "INSERT INTO document (uuid, title, text, content_hash, created_at, modified_at, "
        "deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(first, "Deleted copy", text, digest_, now - 9, now - 5, now - 5),
         (second, "Live copy", text, digest_, now - 3, now - 3, None)],
    )  # fmt: skip
    conn.execute("INSERT INTO tag (uuid, name, color, created_at, modified_at) VALUES "
                 "(?, 'Risks', '#000000', ?, 253402300799000)", (tag, now))  # fmt: skip
    conn.execute("INSERT INTO annotation (uuid, document_uuid, start_pos, end_pos, quote, "
                 "created_at, modified_at) VALUES (?, ?, 2, 8, 'record', ?, ?)",
                 (note, second, now, now))  # fmt: skip
    conn.execute("INSERT INTO annotation_tag (uuid, annotation_uuid, tag_uuid, document_uuid, "
                 "created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?)",
                 (link, note, tag, second, now, now))  # fmt: skip
    conn.commit()
    conn.close()
    library = Library.open(path, author="Me")
    assert len(list((tmp_path / "backups").glob("old * before upgrading from version 1.db"))) == 1
    assert any("joined" in line for line in library.repairs)
    (document,) = library.documents()
    assert document.id == min(first, second) and document.title == "Live copy"
    (annotation,) = library.annotations()
    assert annotation.document_id == document.id and len(annotation.tag_ids) == 1
    row = library.db.execute_sql("SELECT uuid FROM annotation_tag").fetchone()
    assert row[0] == link_uuid(note, tag)
    assert library.tags()[0].modified < now + 86_400_000  # the year-9999 stamp is gone
    library.set_tags(note, [])  # untagging finds the link by its derived id
    assert library.annotation(note).tag_ids == ()
    library.close()
    again = Library.open(path)
    assert again.repairs == []  # nothing left to repair: opening again writes nothing


def test_a_version_2_database_gets_its_notes_indexed_for_search(tmp_path: Path) -> None:
    """Notes written before the note index existed are found after the upgrade, and the
    index follows every later change (edit, deletion, a raw write by another program)."""
    from models import ImportedDocument, Library, NewAnnotation
    from models.schema import SCHEMA_BY_VERSION

    path = tmp_path / "v2.db"
    library = Library.open(path, author="Me")
    record = ImportedDocument("Record", "Funding for 2027 " * 5, "r.txt", "txt")
    doc = library.import_document(record).id
    passages = [NewAnnotation(0, 7, (), "ask the treasury"), NewAnnotation(8, 11, (), "")]
    first, second = library.annotate_many(doc, passages)
    library.close()
    conn = sqlite3.connect(path)  # as version 2 had it: no note index
    old = {r[0] for r in _objects(SCHEMA_BY_VERSION[2])}
    objects = (
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' "
        "AND (type != 'table' OR name IN ('note_fts', 'arrival'))"
    )
    for kind, name in conn.execute(objects).fetchall():
        if name not in old:
            conn.execute(f"DROP {kind} IF EXISTS {name}")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.commit()
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {r[0] for r in _objects(SCHEMA_BY_VERSION[2])}
    conn.close()

    library = Library.open(path, author="Me")
    assert inspect_database(path) == SCHEMA_VERSION
    assert _note_hits(library, "treasury") == [first]
    library.set_note(second, "Treasury again")
    library.set_note(first, "ask the minister")
    assert _note_hits(library, "treasury") == [second]
    library.delete_annotation(second)
    assert _note_hits(library, "treasury") == []
    by_hand = "UPDATE annotation SET note = 'treasury, by hand' WHERE uuid = ?"
    library.db.execute_sql(by_hand, (first,))
    assert _note_hits(library, "treasury") == [first]
    library.close()


def _objects(statements: list[str]) -> list[tuple[str]]:
    conn = sqlite3.connect(":memory:")
    for statement in statements:
        conn.execute(statement)
    return conn.execute("SELECT name FROM sqlite_master").fetchall()


def _note_hits(library: Any, words: str) -> list[str]:
    found = library.search(words).documents
    return [h.annotation_id for d in found for h in d.hits if h.where == "note"]
