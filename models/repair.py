"""Bringing a database in line with the merge rules when it is opened.

A database written by an older version (or merged by one) may hold two rows for one
record (the same text). The tag tree needs no repair: what is shown is derived from the
rows and valid whatever they hold (``models.tag_tree``). So what is written here is one
id per record; nothing is written when nothing needs it, otherwise a backup comes first,
then one transaction, and the lines returned say what was done.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Protocol

from peewee import SqliteDatabase

from models.files import backup_database
from models.identity import join_duplicate_documents
from models.store import link_uuid

_AHEAD_MS = 86_400_000


class Repairable(Protocol):
    db: SqliteDatabase

    def place_annotations(
        self,
        annotation_ids: Iterable[str] | None = None,
        everything: bool = False,
        arrived: Collection[str] | None = None,
    ) -> dict[str, int]: ...


def repair_on_open(library: Repairable) -> list[str]:
    """Repair what needs writing (see the module); return what was done, for a person."""
    db = library.db
    if getattr(db, "read_only_file", None) is not None:
        return []  # nothing can be written; what is shown is derived and valid anyway
    (duplicates,) = db.execute_sql(
        "SELECT count(*) - count(DISTINCT content_hash) FROM document"
    ).fetchone()
    # Unplaced rows are among those not placed at home: the small annotation_away index
    # is read, not a million rows.
    unplaced = db.execute_sql(
        "SELECT 1 FROM annotation INDEXED BY annotation_away WHERE placed_via IS NOT "
        "home_document AND placed_via IS NULL AND deleted_at IS NULL LIMIT 1"
    ).fetchone()
    if not duplicates and not unplaced:
        return []
    if not duplicates:  # migrated from version 1: where annotations show is derived anew
        with db.atomic():
            library.place_annotations(everything=True)
        return []
    lines = []
    file: Path | None = getattr(db, "file", None)
    if file is not None:
        backup = backup_database(file, "before repairing")
        lines.append(f"backup of the database before repairing it: {backup}")
    with db.atomic():
        joined = join_duplicate_documents(db.execute_sql)
        library.place_annotations(everything=True)
    lines.append(f"{joined} duplicate record row(s) joined with the record of the same text")
    return lines


def derive_link_ids(db: SqliteDatabase) -> None:
    """Version 1 -> 2: every tagging gets the id derived from its annotation and tag (an
    older merge could bring others, which untagging then missed), and changes dated more
    than a day in the future (accepted by older merges) are dated now, so they no longer
    win over every later edit."""
    rows = db.execute_sql("SELECT uuid, annotation_uuid, tag_uuid FROM annotation_tag")
    renamed = [(link_uuid(a, t), link) for link, a, t in rows.fetchall() if link != link_uuid(a, t)]
    db.cursor().executemany("UPDATE annotation_tag SET uuid = ? WHERE uuid = ?", renamed)
    db.execute_sql("UPDATE annotation SET home_document = document_uuid, home_start = start_pos, "
                   "home_end = end_pos, home_quote = quote, home_prefix = prefix, "
                   "home_suffix = suffix")  # fmt: skip
    now = int(time.time() * 1000)
    for table in ("author", "document", "tag", "annotation", "annotation_tag"):
        for column in ("created_at", "modified_at", "deleted_at"):
            db.execute_sql(f"UPDATE {table} SET {column} = ? WHERE {column} > ?",
                           (now, now + _AHEAD_MS))  # fmt: skip
