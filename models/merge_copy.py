"""A colleague's database, copied once into a private file and checked there.

The other file is untrusted, and it may change while it is read. So it is read once,
in one read transaction, into a private temporary database. That copy is checked, and
the merge reads only the copy. The file is opened read-only with
``trusted_schema=OFF``, ``cell_size_check=ON`` and no application functions, and its
schema must hold exactly Marginalia's objects on Marginalia's table names (no views, no
triggers, no generated columns). A value over ``MAX_VALUE_BYTES`` stops the copy before
it is loaded.

Rows the receiver already holds exactly (every column alike) are left out of the copy:
a merge would leave them as they are, and they need no checking (they are the
receiver's own). Two archives sharing half their records then copy and check only what
differs. Were the receiver changed by another program between the copy and the merge,
its change is newer than the row left out, which the merge would not have kept anyway.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from models.database import inspect_database, read_only_uri
from models.errors import DiskFull, InvalidRows, NewerDatabase, NotADatabase, NotMarginalia
from models.files import new_part, remove_stale_parts
from models.identity import join_duplicate_documents
from models.merge_checks import COLUMNS, TABLES, UUID_PATTERN, refuse, verify_rows
from models.schema import APPLICATION_ID, SCHEMA_BY_VERSION, SCHEMA_VERSION

MAX_VALUE_BYTES = 100_000_000
MERGE_CACHE_KIB = 262_144
"""SQLite's page cache while merging (256 MB, given back after): a merge of two archives
looks up a million rows by id, at random, and a smaller cache reads their pages again and
again (the new rows of a 10,000-record archive went in in 25 s instead of 35 s with 64 MB)."""


@dataclass
class OtherCopy:
    """The private, verified copy of a colleague's database."""

    source: Path
    """The colleague's file (named in messages)."""
    path: Path
    """The private copy, to attach and merge from."""
    database_uuid: str
    meta: dict[str, str]
    max_modified: int
    """The newest change the file holds (copied or left out)."""
    alike: dict[str, int]
    """Rows left out of the copy, table by table: the receiver holds them exactly."""
    newest_alike: int
    """The newest change among those: a change both databases hold."""


@contextmanager
def private_copy(
    source: Path, folder: Path | None, now: int, receiver: Path | None = None
) -> Iterator[OtherCopy]:
    """Copy ``source`` into a private file in ``folder`` (the system's temporary folder
    for None), leaving out the rows the database file ``receiver`` holds alike; verify it
    against the receiver's clock ``now``, yield it, delete it.

    Raises:
        NotADatabase, NotMarginalia, NewerDatabase: as when opening a database.
        InvalidRows: the file breaks a rule; the message names the file and the fault.
    """
    if Path(f"{source}-journal").exists():
        raise NotADatabase(
            f"{source} was being written when it was copied (a “-journal” file lies beside "
            "it): open it in Marginalia once, or copy it again."
        )
    inspect_database(source, untouched=True)
    folder = folder or Path(tempfile.gettempdir())
    remove_stale_parts(folder)
    private = new_part(folder, "marginalia-merge")
    try:
        conn = sqlite3.connect(private, isolation_level=None, uri=True)
        try:
            yield _copy_and_verify(conn, source, private, now, receiver)
        finally:
            conn.close()
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{private}{suffix}").unlink(missing_ok=True)


def _copy_and_verify(
    conn: sqlite3.Connection, source: Path, private: Path, now: int, receiver: Path | None
) -> OtherCopy:
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    for pragma in ("trusted_schema = OFF", "cell_size_check = ON", "journal_mode = OFF",
                   "synchronous = OFF"):  # fmt: skip
        conn.execute(f"PRAGMA {pragma}")
    for table, columns in COLUMNS.items():
        conn.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)")
    _attach_receiver(conn, receiver)
    try:
        alike = _copy(conn, source, private.parent)
        conn.execute("PRAGMA main.journal_mode = DELETE")  # the merge may rewrite ids in it
        _index_ids(conn, source.name)
        conn.execute("CREATE INDEX annotation_document ON annotation(document_uuid)")
        conn.execute("CREATE INDEX annotation_home ON annotation(home_document)")
        meta = _meta(conn, source.name)
        verify_rows(conn, source.name, now)
    finally:
        conn.execute("DETACH DATABASE mine")
    conn.execute("BEGIN")
    join_duplicate_documents(conn.execute)  # a file from an older version may hold some
    conn.execute("COMMIT")
    copied = max(conn.execute(f"SELECT ifnull(max(modified_at), 0) FROM {t}").fetchone()[0]
                 for t in TABLES)  # fmt: skip
    newest_alike = max((newest for _, newest in alike.values()), default=0)
    return OtherCopy(
        source,
        private,
        meta["database_uuid"],
        meta,
        max(copied, newest_alike),
        {t: count for t, (count, _) in alike.items()},
        newest_alike,
    )


def _attach_receiver(conn: sqlite3.Connection, receiver: Path | None) -> None:
    """Attach the receiver's file read-only as ``mine`` (an empty one in memory when it
    has none): rows are compared with it, and what they refer to may be in it."""
    if receiver is not None:
        conn.execute("ATTACH DATABASE ? AS mine", (read_only_uri(receiver),))
        conn.execute(f"PRAGMA mine.cache_size = -{MERGE_CACHE_KIB}")
        return
    conn.execute("ATTACH DATABASE ':memory:' AS mine")
    for table, columns in COLUMNS.items():
        conn.execute(f"CREATE TABLE mine.{table} ({', '.join(columns)})")
        conn.execute(f"CREATE UNIQUE INDEX mine.{table}_id ON {table}(uuid)")


def _copy(
    conn: sqlite3.Connection, source: Path, private_folder: Path
) -> dict[str, tuple[int, int]]:
    """Read every shared row of ``source`` once, in one read transaction, into the private
    copy (in ``private_folder``), but those the receiver holds alike. Returns, table by
    table, how many were left out and the newest change among them."""
    uri = read_only_uri(source, untouched=True)
    try:
        conn.execute("ATTACH DATABASE ? AS other", (uri,))
    except sqlite3.Error as error:
        raise NotADatabase(f"{source} cannot be read: {error}.") from error
    try:
        conn.execute("BEGIN")
        version = _check_schema(conn, source)
        alike = {}
        for table, columns in COLUMNS.items():
            if table == "tag_alias" and version < 2:
                continue
            if table == "annotation" and version < 2:  # no homes yet: where it shows
                columns = tuple(c for c in columns if not c.startswith(("home_", "placed_")))
            alike[table] = _copy_table(conn, table, columns)
        restored = _restore_duplicates(conn)
        alike["document"] = (alike["document"][0] - restored, alike["document"][1])
        conn.execute("INSERT INTO main.meta SELECT key, value FROM other.meta")
        if version < 2:
            conn.execute("UPDATE main.annotation SET home_document = document_uuid, "
                         "home_start = start_pos, home_end = end_pos, home_quote = quote, "
                         "home_prefix = prefix, home_suffix = suffix")  # fmt: skip
        conn.execute("COMMIT")
    except sqlite3.DataError as error:  # SQLITE_TOOBIG, raised before the value is loaded
        raise InvalidRows(f"{source.name} is refused: it holds a value larger than "
                          f"{MAX_VALUE_BYTES // 1_000_000} MB ({error}). "
                          "Nothing was merged.") from error  # fmt: skip
    except sqlite3.DatabaseError as error:
        if "full" in str(error):  # writing the private copy, not reading theirs, failed
            raise DiskFull(
                f"The disk holding {private_folder} is full: {source.name} could not be "
                "copied to be checked. Nothing was merged."
            ) from error
        raise InvalidRows(f"{source.name} cannot be read completely ({error}); "
                          "nothing was merged.") from error  # fmt: skip
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute("DETACH DATABASE other")
    return alike


class _LeftOut:
    """Counts the rows left out of the copy, and the newest change among them, as the
    copy passes them (an SQL function: one pass instead of a second join)."""

    def __init__(self) -> None:
        self.count, self.newest = 0, 0

    def __call__(self, modified_at: int) -> int:
        self.count += 1
        self.newest = max(self.newest, modified_at)
        return 1


def _copy_table(conn: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> tuple[int, int]:
    """Copy the rows of ``table`` the receiver does not hold alike (a version-1 file's
    annotations lack columns: all are copied); return how many were left out, and the
    newest change among them."""
    listed, left_out = ", ".join(columns), _LeftOut()
    held = ""
    if columns == COLUMNS[table]:
        same = " AND ".join(f"o.{c} IS m.{c}" for c in columns)
        conn.create_function("left_out", 1, left_out)
        held = (
            f" WHERE NOT EXISTS (SELECT 1 FROM mine.{table} m WHERE m.uuid = o.uuid "
            f"AND CASE WHEN {same} THEN left_out(m.modified_at) ELSE 0 END)"
        )
    try:
        conn.execute(
            f"INSERT INTO main.{table} ({listed}) SELECT {listed} FROM other.{table} o{held}"
        )
    finally:
        conn.create_function("left_out", 1, None)
    return left_out.count, left_out.newest


def _restore_duplicates(conn: sqlite3.Connection) -> int:
    """A file from an older version may hold two rows for one record (the same text).
    When the receiver holds one of them alike, it was left out: copy it after all, so the
    two are joined in the copy (``join_duplicate_documents``) as they were before."""
    listed = ", ".join(f"o.{c}" for c in COLUMNS["document"])
    return conn.execute(
        f"INSERT INTO main.document ({listed.replace('o.', '')}) SELECT DISTINCT {listed} "
        # CROSS JOIN: the copy's records (not yet indexed) outside, the file's looked up
        # by its content-hash index; as a plain join SQLite chose the other way round,
        # comparing every pair (44 s for two 10,000-record archives).
        "FROM main.document c CROSS JOIN other.document o ON o.content_hash = c.content_hash "
        "AND o.uuid != c.uuid WHERE NOT EXISTS (SELECT 1 FROM main.document d "
        "WHERE d.uuid = o.uuid)"
    ).rowcount


def _index_ids(conn: sqlite3.Connection, name: str) -> None:
    """Index the copy's rows by id once they are all in (one sort: a million rows went in
    twice as fast as into an index kept while copying), refusing two rows with one id."""
    for table in COLUMNS:
        try:
            conn.execute(f"CREATE UNIQUE INDEX {table}_id ON {table}(uuid)")
        except sqlite3.IntegrityError:
            refuse(name, table, "", "shares its id with another row")


@cache
def expected_schema(version: int) -> frozenset[tuple[str, str, str, str | None]]:
    """The schema objects (type, name, table, SQL) a database of ``version`` holds."""
    conn = sqlite3.connect(":memory:")
    for statement in SCHEMA_BY_VERSION[version]:
        conn.execute(statement)
    objects = frozenset(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    conn.close()
    return objects


def _check_schema(conn: sqlite3.Connection, source: Path) -> int:
    """The file's schema version, after checking (in the copy's read transaction) that it
    holds exactly Marginalia's objects on Marginalia's names."""
    (application_id,) = conn.execute("PRAGMA other.application_id").fetchone()
    objects = set(conn.execute("SELECT type, name, tbl_name, sql FROM other.sqlite_master"))
    if application_id != APPLICATION_ID or not any(o[:2] == ("table", "meta") for o in objects):
        raise NotMarginalia(f"{source} is an SQLite database, but not a Marginalia one.")
    row = conn.execute("SELECT value FROM other.meta WHERE key = 'schema_version'").fetchone()
    if row is None or not str(row[0]).isdigit() or int(row[0]) < 1:
        raise NotMarginalia(f"{source} has no Marginalia schema version.")
    version = int(row[0])
    if version > SCHEMA_VERSION:
        raise NewerDatabase(f"{source} was written by a newer Marginalia (database version "
                            f"{version}). Update Marginalia to merge it.")  # fmt: skip
    expected = expected_schema(version)
    ours = {name for _, name, _, _ in expected} | {table for _, _, table, _ in expected}
    # Views and triggers first: they are what would change what is read.
    first = {"view": 0, "trigger": 1}
    for kind, name, table, sql in sorted(objects, key=lambda o: (first.get(o[0], 2), str(o))):
        shadow = kind == "table" and name.startswith(("document_fts_", "note_fts_"))
        if (
            (name in ours or table in ours)
            and not shadow
            and (kind, name, table, sql) not in expected
        ):
            article = "an" if kind == "index" else "a"
            fault = (f"its {kind} “{name}” is not as Marginalia makes it" if name == table else
                     f"it holds {article} {kind} “{name}” on Marginalia's table “{table}”, "
                     "which Marginalia does not make")  # fmt: skip
            raise InvalidRows(f"{source.name} is refused: {fault}. Nothing was merged.")
    missing = {o[1] for o in expected if o[0] == "table"} - {o[1] for o in objects}
    if missing:
        raise InvalidRows(f"{source.name} is refused: it lacks the table "
                          f"“{sorted(missing)[0]}”. Nothing was merged.")  # fmt: skip
    return version


def _meta(conn: sqlite3.Connection, name: str) -> dict[str, str]:
    """The file's bookkeeping, checked: its id, and when it last met other databases."""
    meta = {str(k): v for k, v in conn.execute("SELECT key, value FROM meta")}
    checked = {"database_uuid": meta.get("database_uuid")}
    for key, value in meta.items():
        if key.startswith("sync:") or key in ("shared_at", "clock") or key == "shared_from":
            checked[key] = value
    for key, value in checked.items():
        numeric = key.startswith("sync:") or key in ("shared_at", "clock")
        valid = (isinstance(value, str) and value.isascii() and value.isdigit() and
                 len(value) < 16) if numeric else _is_uuid(value)  # fmt: skip
        if not valid:
            raise InvalidRows(f"{name} is refused: its bookkeeping value “{key}” is "
                              f"malformed ({json.dumps(str(value))[:60]}). "
                              "Nothing was merged.")  # fmt: skip
    return {k: str(v) for k, v in checked.items()}


def _is_uuid(value: object) -> bool:
    return isinstance(value, str) and UUID_PATTERN.fullmatch(value) is not None
