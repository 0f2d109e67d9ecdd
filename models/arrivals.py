"""What a merge brought, until the officer has seen it.

A merge marks each live annotation it added or changed (its words, note or tags) with
the colleague whose change it was; choosing the annotation, or "mark all seen", clears
the mark. The marks are this file's own state (the ``arrival`` table): never shared
(a share empties them), merged or compared, and they change no tag count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from peewee import SqliteDatabase

from models.store import in_chunks
from models.tallies import Tallies


@dataclass(frozen=True)
class Arrived:
    """Annotations a merge brought from one colleague, not seen yet."""

    name: str
    count: int


class Arrivals(Tallies):
    """Reading and clearing the marks; mixed into the library."""

    def arrivals(self, document_id: str | None = None) -> dict[str, str]:
        """Live annotations marked new (of one record, or all): id → from whom."""
        if self.one("SELECT 1 FROM arrival LIMIT 1") is None:
            return {}  # usually: nothing new (and opening a record reads no passage more)
        # One record's: its live passages (an index range) each looked up in the marks,
        # so opening a record costs the same however many marks the archive holds.
        where = "AND a.document_uuid = ?" if document_id else ""
        rows = self.all(
            "SELECT r.annotation_uuid, ifnull(au.name, '') FROM annotation a "
            "JOIN arrival r ON r.annotation_uuid = a.uuid "
            "LEFT JOIN author au ON au.uuid = r.from_author "
            f"WHERE a.deleted_at IS NULL {where}",
            (document_id,) if document_id else (),
        )
        return {str(uuid): str(name) for uuid, name in rows}

    def new_by_record(self) -> dict[str, int]:
        """How many annotations of each record are marked new (records with none left out)."""
        if self.one("SELECT 1 FROM arrival LIMIT 1") is None:
            return {}
        rows = self.all(
            "SELECT a.document_uuid, count(*) FROM arrival r "
            "JOIN annotation a ON a.uuid = r.annotation_uuid "
            "WHERE a.deleted_at IS NULL GROUP BY a.document_uuid"
        )
        return {str(document): int(n) for document, n in rows}

    def arrived_from(self) -> list[Arrived]:
        """Who brought what is still new, with how many, most first."""
        counts = Counter(self.arrivals().values())
        return [Arrived(n, c) for n, c in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]

    def mark_seen(self, annotation_ids: Iterable[str]) -> int:
        """Clear the marks of these annotations; how many were marked. Nothing on a
        read-only database (the marks stay until it can be written)."""
        ids = list(annotation_ids)
        if self.read_only or not ids:
            return 0
        with self.counts_unchanged(), self.db.atomic():
            cleared = 0
            for chunk in in_chunks(ids):
                marks = ", ".join("?" * len(chunk))
                cursor = self.db.execute_sql(
                    f"DELETE FROM arrival WHERE annotation_uuid IN ({marks})", chunk
                )
                cleared += cursor.rowcount
        return cleared

    def mark_all_seen(self, from_name: str | None = None) -> int:
        """Clear every mark (or those from one colleague); how many."""
        if from_name is None:
            return self.mark_seen(self.arrivals())
        return self.mark_seen(i for i, name in self.arrivals().items() if name == from_name)


def note_arrivals(
    db: SqliteDatabase, by: Mapping[str, str | None], stamp: int, me: str | None
) -> None:
    """Mark these annotations new (id → author of the change) if live and the change is
    not the officer's own (``me``), and drop the marks of those the merge deleted
    (inside the merge's transaction)."""
    db.cursor().executemany(
        "INSERT INTO arrival (annotation_uuid, from_author, merged_at) "
        "SELECT uuid, ?, ? FROM annotation WHERE uuid = ? AND deleted_at IS NULL "
        "ON CONFLICT(annotation_uuid) DO UPDATE SET from_author = excluded.from_author, "
        "merged_at = excluded.merged_at",
        [(author, stamp, uuid) for uuid, author in by.items() if author is None or author != me],
    )
    db.cursor().executemany(
        "DELETE FROM arrival WHERE annotation_uuid = ? AND EXISTS "
        "(SELECT 1 FROM annotation WHERE uuid = ? AND deleted_at IS NOT NULL)",
        [(uuid, uuid) for uuid in by],
    )


def note_new_rows(db: SqliteDatabase, kind: str, stamp: int, me: str | None) -> None:
    """Before a merge adds the other file's new annotations (or tag links): mark them,
    or the annotations they tag, new (but the officer's own, ``me``: made elsewhere, or
    kept apart by a colleague who kept both)."""
    if kind == "annotation":
        select = (
            "SELECT o.uuid, o.modified_by, ? FROM other.annotation o WHERE o.deleted_at IS NULL "
            "AND o.modified_by IS NOT ? "
            "AND NOT EXISTS (SELECT 1 FROM main.annotation m WHERE m.uuid = o.uuid)"
        )
    elif kind == "annotation_tag":
        select = (
            "SELECT o.annotation_uuid, o.modified_by, ? FROM other.annotation_tag o "
            "WHERE o.modified_by IS NOT ? "
            "AND NOT EXISTS (SELECT 1 FROM main.annotation_tag m WHERE m.uuid = o.uuid) "
            "AND NOT EXISTS (SELECT 1 FROM main.arrival r WHERE r.annotation_uuid = "
            "o.annotation_uuid)"
        )
    else:
        return
    db.execute_sql(
        "INSERT INTO main.arrival (annotation_uuid, from_author, merged_at) "
        f"{select} ORDER BY 1 ON CONFLICT(annotation_uuid) DO NOTHING",
        (stamp, me),
    )
