"""Sharing: a standalone copy of the database (all of it, or chosen documents and tags)
for a colleague, consistent even while the app has the database open."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from models.database import read_only_uri, writable
from models.errors import MarginaliaError
from models.files import atomic_file, check_target, new_part, remove_stale_parts
from models.schema import APPLICATION_ID, SCHEMA
from models.store import new_uuid


class ShareFailed(MarginaliaError):
    """The copy could not be written; no partial file is left."""


@dataclass(frozen=True)
class ShareRequest:
    """What goes into a shared copy: chosen documents and tags (all when none), without
    the named authors' passages and, with ``no_notes``, without notes."""

    document_ids: tuple[str, ...] = ()
    tag_ids: tuple[str, ...] = ()
    without_authors: tuple[str, ...] = ()
    no_notes: bool = False
    clock: int = 0
    """The sharer's clock: every change in the copy is dated at or before it. The copy
    remembers it, so the colleague's edits are dated after everything they received,
    even when their computer's clock runs behind the sharer's."""


def write_share(source: sqlite3.Connection, database: Path | None, out: str | Path,
                request: ShareRequest) -> str:  # fmt: skip
    """Copy the database behind ``source`` (the file ``database``, None in memory) to
    ``out``, keeping only what ``request`` asks for. Returns the copy's database id.

    Chosen records are copied row by row, in one read transaction (sharing one record of
    a 2 GB archive reads that record, not the archive); a whole database, or one cut by
    tag, is copied with SQLite's backup API and then reduced.

    The full copy is reduced in a private file beside the database, never at ``out``:
    what is left out is never on disk where the copy goes, even if the share is killed.
    Removed content is vacuumed away, so it cannot be recovered from the file. ``out``
    is written as a part and renamed (never over the database itself).
    """
    target = Path(out)
    protected = [database] if database else []
    check_target(target, protected)
    if not target.parent.is_dir():
        raise ShareFailed(f"Cannot write {target}: the folder {target.parent} does not exist.")
    # Beside the database (its data is already there), else in the temporary folder.
    beside = database is not None and os.access(database.parent, os.W_OK)
    folder = database.parent if database and beside else Path(tempfile.gettempdir())
    remove_stale_parts(folder)
    private = new_part(folder, "marginalia-share")
    try:
        copy = sqlite3.connect(private, isolation_level=None, uri=True)
        try:
            whole = True
            if request.document_ids and database is not None and writable(database):
                _copy_documents(copy, database, list(request.document_ids))
                whole = False
            else:
                source.backup(copy)
            copy_id = _reduce(copy, request, whole)
        except sqlite3.Error as error:
            raise ShareFailed(f"The copy could not be made ({error}).") from error
        finally:
            copy.close()
        with atomic_file(target, protected) as part:
            shutil.copyfile(private, part)
    finally:
        for suffix in ("", "-journal"):
            Path(f"{private}{suffix}").unlink(missing_ok=True)
    return copy_id


def _copy_documents(copy: sqlite3.Connection, database: Path, documents: list[str]) -> None:
    """Make ``copy`` a database of our schema holding the chosen documents of ``database``
    with their annotations and links, and every tag, alias, author and bookkeeping row
    (what is not wanted is then removed by ``_reduce``, as from a whole copy)."""
    for statement in SCHEMA:
        copy.execute(statement)
    copy.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    copy.execute("ATTACH DATABASE ? AS source", (read_only_uri(database),))
    try:
        copy.execute("BEGIN")  # one snapshot of the source for every table
        copy.execute("CREATE TEMP TABLE chosen (uuid TEXT PRIMARY KEY)")
        copy.executemany("INSERT OR IGNORE INTO chosen VALUES (?)", [(d,) for d in documents])
        for table, where in _COPIED.items():
            columns = ", ".join(r[1] for r in copy.execute(f"PRAGMA main.table_info({table})"))
            copy.execute(
                f"INSERT INTO main.{table} ({columns}) SELECT {columns} "
                f"FROM source.{table} " + where.format(columns=columns)
            )
        copy.execute("COMMIT")
    finally:
        if copy.in_transaction:
            copy.execute("ROLLBACK")
        copy.execute("DETACH DATABASE source")


_COPIED = {
    "meta": "",
    "author": "",
    "tag": "",
    "tag_alias": "",
    "document": "WHERE uuid IN (SELECT uuid FROM temp.chosen)",
    # Live and deleted ones apart: each half is then read through its partial index.
    "annotation": "WHERE document_uuid IN (SELECT uuid FROM temp.chosen) AND deleted_at IS NULL "
    "UNION ALL SELECT {columns} FROM source.annotation WHERE document_uuid IN "
    "(SELECT uuid FROM temp.chosen) AND deleted_at IS NOT NULL",
    "annotation_tag": "WHERE document_uuid IN (SELECT uuid FROM temp.chosen)",
}
"""What is read from the source for a share of chosen records, table by table."""


def _reduce(copy: sqlite3.Connection, request: ShareRequest, whole: bool) -> str:
    """Remove from ``copy`` (``whole``: a copy of the whole database) what ``request``
    leaves out, and give it its own id; returns the id."""
    run = copy.execute
    documents, tags = list(request.document_ids), list(request.tag_ids)
    run("PRAGMA journal_mode = DELETE")  # one self-contained file to hand over
    run("BEGIN")
    if documents:
        _keep_documents(copy, documents)
    if tags:
        _keep_tags(copy, tags)
    for author in request.without_authors:
        run(
            "DELETE FROM annotation_tag WHERE annotation_uuid IN (SELECT a.uuid FROM "
            "annotation a JOIN author au ON au.uuid = a.author_uuid WHERE au.name = ?)",
            (author,),
        )
        run("DELETE FROM annotation WHERE author_uuid IN (SELECT uuid FROM author "
            "WHERE name = ?)", (author,))  # fmt: skip
    if request.no_notes:
        run("UPDATE annotation SET note = ''")
    source_id = run("SELECT value FROM meta WHERE key = 'database_uuid'").fetchone()[0]
    copy_id = new_uuid()
    # When the two met: the sharer's clock given to the copy (the wall clock when none
    # is), never a moment taken later. A colleague's first edit is dated just after the
    # copy's clock; a meeting dated later would count that edit as known to both.
    stamp = str(request.clock or int(time.time() * 1000))
    # The copy knows whom its source last met (so a colleague who shares it on is not
    # taken for a stranger: only edits made since then count as collisions).
    origin = dict(run("SELECT key, value FROM meta WHERE key IN ('shared_from', 'shared_at')"))
    if origin.keys() == {"shared_from", "shared_at"}:
        run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
            "value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
            (f"sync:{origin['shared_from']}", origin["shared_at"]))  # fmt: skip
    run("DELETE FROM meta WHERE key IN ('shared_from', 'shared_at')")
    run("DELETE FROM arrival")  # what reached this officer is not news to the colleague
    run("UPDATE meta SET value = ? WHERE key = 'database_uuid'", (copy_id,))
    run("INSERT INTO meta (key, value) VALUES ('shared_from', ?), ('shared_at', ?)",
        (source_id, stamp))  # fmt: skip
    later = "value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))"
    clock = (str(request.clock),)
    run(
        f"INSERT INTO meta (key, value) VALUES ('clock', ?) ON CONFLICT(key) DO UPDATE SET {later}",
        clock,
    )
    # FTS5 keeps the words of a deleted row until its segments are merged: rebuilt, the
    # indexes hold only what the copy holds (else VACUUM would keep them in the file).
    if whole and documents:
        run("INSERT INTO document_fts (document_fts) VALUES ('rebuild')")
    if documents or tags or request.without_authors or request.no_notes:
        run("INSERT INTO note_fts (note_fts) VALUES ('rebuild')")
    run("COMMIT")
    run("VACUUM")
    return copy_id


def _keep_documents(copy: sqlite3.Connection, documents: list[str]) -> None:
    """Keep the chosen documents and the annotations shown on them. An annotation whose
    home is an older version left out is at home where it shows, in the copy (where it
    shows is derived again when the copy is merged; no older text is handed over)."""
    marks = ",".join("?" * len(documents))
    for statement in (
        f"DELETE FROM annotation_tag WHERE document_uuid NOT IN ({marks})",
        f"DELETE FROM annotation WHERE document_uuid NOT IN ({marks})",
        "UPDATE annotation SET home_document = document_uuid, home_start = start_pos, "
        "home_end = end_pos, home_quote = quote, home_prefix = prefix, home_suffix = suffix, "
        f"placed_via = NULL WHERE home_document NOT IN ({marks})",
        "UPDATE annotation SET anchor_target = NULL, anchor_status = 'ok', anchor_quote = '', "
        f"placed_via = NULL WHERE anchor_target NOT IN ({marks})",
        f"UPDATE document SET revision_of = NULL WHERE revision_of NOT IN ({marks})",
        f"DELETE FROM document WHERE uuid NOT IN ({marks})",
    ):
        copy.execute(statement, documents * statement.count(f"({marks})"))


def _keep_tags(copy: sqlite3.Connection, chosen: list[str]) -> None:
    """Keep the chosen tags (every row shown as them or under them: the caller passes
    these) and only the passages that carry one of them; keep also what those rows refer
    to (parents, for the paths; the tags they were merged into), so the copy is whole."""
    copy.execute("CREATE TEMP TABLE wanted (uuid TEXT PRIMARY KEY)")
    copy.execute("CREATE TEMP TABLE kept (uuid TEXT PRIMARY KEY)")
    copy.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", [(t,) for t in chosen])
    copy.execute("INSERT OR IGNORE INTO kept WITH RECURSIVE up(uuid) AS ("
                 "SELECT uuid FROM wanted "
                 "UNION SELECT t.parent_uuid FROM tag t JOIN up ON t.uuid = up.uuid "
                 "WHERE t.parent_uuid IS NOT NULL "
                 "UNION SELECT a.target_uuid FROM tag_alias a JOIN up ON a.tag_uuid = up.uuid) "
                 "SELECT uuid FROM up")  # fmt: skip
    copy.execute("DELETE FROM annotation_tag WHERE annotation_uuid NOT IN (SELECT "
                 "annotation_uuid FROM annotation_tag WHERE tag_uuid IN (SELECT uuid FROM "
                 "wanted) AND deleted_at IS NULL)")  # fmt: skip
    copy.execute("DELETE FROM annotation WHERE uuid NOT IN "
                 "(SELECT annotation_uuid FROM annotation_tag)")  # fmt: skip
    copy.execute("DELETE FROM annotation_tag WHERE tag_uuid NOT IN (SELECT uuid FROM wanted)")
    copy.execute("DELETE FROM tag_alias WHERE tag_uuid NOT IN (SELECT uuid FROM kept) "
                 "OR target_uuid NOT IN (SELECT uuid FROM kept)")  # fmt: skip
    copy.execute("DELETE FROM tag WHERE uuid NOT IN (SELECT uuid FROM kept)")
