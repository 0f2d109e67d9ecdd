"""Opening, creating, checking and migrating a Marginalia database file.

An existing file is inspected read-only before anything is written to it, so a file that
is not ours, is corrupt, or comes from a newer version is refused byte-for-byte untouched.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from peewee import SqliteDatabase

from models.errors import (
    DiskFull,
    NewerDatabase,
    NotADatabase,
    NotMarginalia,
    ReadOnlyDatabase,
)
from models.files import backup_database, disk_full
from models.schema import (
    APPLICATION_ID,
    SCHEMA,
    SCHEMA_V2,
    SCHEMA_V3,
    SCHEMA_V4,
    SCHEMA_VERSION,
)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    # With WAL, NORMAL never corrupts and loses nothing when the process is killed.
    "synchronous": "normal",
    # 64 MiB of page cache: indexes keyed by random UUIDs thrash the 2 MiB default when
    # 100,000 rows are merged or imported.
    "cache_size": -65536,
}

Migration = Callable[[SqliteDatabase], None]


def _add_tag_aliases(db: SqliteDatabase) -> None:
    for statement in SCHEMA_V2:
        db.execute_sql(statement)
    from models.repair import derive_link_ids

    derive_link_ids(db)


def _index_notes(db: SqliteDatabase) -> None:
    for statement in SCHEMA_V3:
        db.execute_sql(statement)
    db.execute_sql(
        "INSERT INTO note_fts (rowid, note) SELECT rowid, note FROM annotation WHERE note != ''"
    )


def _add_arrivals(db: SqliteDatabase) -> None:
    for statement in SCHEMA_V4:
        db.execute_sql(statement)


MIGRATIONS: dict[int, Migration] = {1: _add_tag_aliases, 2: _index_notes, 3: _add_arrivals}
"""``MIGRATIONS[v]`` upgrades a version-``v`` database to ``v + 1`` inside a transaction."""


def open_database(path: str | Path) -> SqliteDatabase:
    """Open the Marginalia database at ``path``, creating it if the file does not exist.

    An older database is migrated after a backup copy is written next to it.

    Raises:
        NotADatabase: the file is not SQLite, or is corrupt or truncated.
        NotMarginalia: the file is SQLite but not a Marginalia database (or is empty).
        NewerDatabase: the file was written by a newer version of Marginalia.
    """
    target = str(path)
    if target == ":memory:":
        return _create(target)
    file = Path(path)
    if not file.exists():
        if not file.parent.is_dir():
            raise NotADatabase(f"Cannot create {file}: the folder {file.parent} does not exist.")
        return _create(target)
    version = inspect_database(file, untouched=not writable(file))
    if not writable(file):
        if version < SCHEMA_VERSION:
            raise ReadOnlyDatabase(
                f"{file} comes from an older version of Marginalia and is read-only, so it "
                "cannot be brought up to date here."
            )
        return _connect(read_only_uri(file, untouched=True), file)
    if version < SCHEMA_VERSION:
        backup_database(file, f"before upgrading from version {version}")
        db = _connect(target)
        _migrate(db, version)
        return db
    return _connect(target)


def writable(file: Path) -> bool:
    """Whether the database ``file`` can be changed: the file and its folder (where
    SQLite keeps its log) writable, on a mount that is not read-only."""
    try:
        read_only_mount = bool(os.statvfs(file).f_flag & os.ST_RDONLY)
    except OSError:
        read_only_mount = False
    return not read_only_mount and os.access(file, os.W_OK) and os.access(file.parent, os.W_OK)


class MarginaliaDatabase(SqliteDatabase):
    """SQLite as Marginalia uses it: refuses writes at once when read-only, and does not
    hide why a commit failed behind a rollback that has nothing left to undo."""

    read_only_file: Path | None = None
    file: Path | None = None
    """The database file (None in memory), whatever URI the connection was opened with."""

    def begin(self, lock_type: str | None = None) -> None:
        if self.read_only_file is not None:
            raise ReadOnlyDatabase(
                f"{self.read_only_file} is read-only (the file, its folder or the disk cannot "
                "be written): you can read, search and export it, not change it."
            )
        super().begin(lock_type)

    def rollback(self) -> None:
        # A failed COMMIT (a full disk) may already have rolled back; a second ROLLBACK
        # would raise "no transaction is active" and hide the real error.
        if not self.is_closed() and self.connection().in_transaction:
            super().rollback()


def read_only_uri(file: Path, untouched: bool = False) -> str:
    """An SQLite URI that opens ``file`` for reading only.

    With ``untouched`` (a colleague's file), nothing is created beside it either: a file
    with no write-ahead log next to it is opened as immutable (else SQLite would create
    ``-wal``/``-shm`` files in the colleague's folder); one whose log holds changes must
    be read with it.
    """
    wal = Path(f"{file}-wal")
    settled = not wal.exists() or wal.stat().st_size == 0
    mode = "immutable=1" if untouched and settled else "mode=ro"
    return f"file:{quote(str(file.resolve()))}?{mode}"


WHOLE_CHECK_BYTES = 64 * 2**20
"""Files up to this size are checked page by page when opened (about 0.1 s)."""


def inspect_database(file: Path, untouched: bool = False) -> int:
    """Return the schema version of the Marginalia database ``file``, reading only
    (with ``untouched``, see ``read_only_uri``).

    Raises the same errors as ``open_database``.
    """
    if file.is_dir():
        raise NotADatabase(f"{file} is a folder, not a Marginalia database.")
    if not file.exists():
        raise NotADatabase(f"There is no file {file}.")
    if not file.is_file():  # a FIFO or a device would block the first read forever
        raise NotADatabase(f"{file} is not a regular file, so not a Marginalia database.")
    with file.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if not header:
        raise NotMarginalia(f"{file} is empty, not a Marginalia database.")
    if header != SQLITE_HEADER:
        raise NotADatabase(f"{file} is not a Marginalia database (not an SQLite file).")
    try:
        conn = sqlite3.connect(read_only_uri(file, untouched), uri=True)
    except sqlite3.Error as error:
        raise NotADatabase(f"{file} cannot be read: {error}.") from error
    try:
        return _read_version(conn, file)
    except sqlite3.DatabaseError as error:
        if disk_full(file.parent):
            raise DiskFull(f"The disk holding {file.parent.resolve()} is full: free some space "
                           f"to open {file.name} (it is not damaged).") from error  # fmt: skip
        raise NotADatabase(f"{file} is damaged or truncated ({error}).") from error
    finally:
        conn.close()


def _read_version(conn: sqlite3.Connection, file: Path) -> int:
    """The schema version, after checking the file. SQLite's whole-file check reads every
    page, so it runs only on files up to ``WHOLE_CHECK_BYTES``; a large archive is opened
    at once, and damage further in is reported by the query that meets it."""
    if file.stat().st_size <= WHOLE_CHECK_BYTES:
        check = conn.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise NotADatabase(f"{file} is damaged: SQLite's check reports problems.")
    (app_id,) = conn.execute("PRAGMA application_id").fetchone()
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if app_id != APPLICATION_ID or not has_meta:
        raise NotMarginalia(f"{file} is an SQLite database, but not a Marginalia one.")
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None or not str(row[0]).isdigit():
        raise NotMarginalia(f"{file} has no Marginalia schema version.")
    version = int(row[0])
    if version > SCHEMA_VERSION:
        raise NewerDatabase(
            f"{file} was written by a newer Marginalia (database version {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Update Marginalia to open it."
        )
    return version


def database_uuid(db: SqliteDatabase) -> str:
    """The UUID this database was given when it was created."""
    row = db.execute_sql("SELECT value FROM meta WHERE key = 'database_uuid'").fetchone()
    return str(row[0])


def _connect(target: str, read_only: Path | None = None) -> SqliteDatabase:
    """A connection to ``target`` (a read-only URI for the file ``read_only``)."""
    # Write transactions begin IMMEDIATE: a transaction that read, then wrote, could not
    # wait for another writer (its snapshot would be stale) and failed at once with
    # "database is locked"; taking the write lock first makes writers queue on the
    # busy timeout instead.
    pragmas = {k: v for k, v in PRAGMAS.items()
               if read_only is None or k not in ("journal_mode", "synchronous")}  # fmt: skip
    db = MarginaliaDatabase(target, pragmas=pragmas, timeout=BUSY_TIMEOUT_MS / 1000,
                            lock_type="IMMEDIATE", uri=read_only is not None)  # fmt: skip
    db.read_only_file = read_only
    db.file = read_only or (None if target == ":memory:" else Path(target))
    db.connect()
    return db


def _create(target: str) -> SqliteDatabase:
    db = _connect(target)
    with db.atomic():
        for statement in SCHEMA:
            db.execute_sql(statement)
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        now = str(int(time.time() * 1000))
        db.execute_sql(
            "INSERT INTO meta (key, value) VALUES (?, ?), (?, ?), (?, ?)",
            (
                "schema_version",
                str(SCHEMA_VERSION),
                "database_uuid",
                str(uuid.uuid4()),
                "created_at",
                now,
            ),
        )
    return db


def _migrate(db: SqliteDatabase, version: int) -> None:
    with db.atomic():
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](db)
            version += 1
            db.execute_sql(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),)
            )
