"""One record under several ids, and which of two versions of a row is the newer.

A record is its text: documents with the same content hash are one record. Where two
rows hold one text (imported separately on two sides, or in a database from an older
version), the smaller id is kept, the references move to it, and the row takes the
newest version's fields and the earliest creation time. Every side does the same, so
they end with the same rows. Works on any schema of a connection (``main``, or a
colleague's file attached as ``other``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Run = Callable[[str, Sequence[Any]], Any]
"""``execute(sql, params)`` of an sqlite3 connection or a peewee database."""
Row = dict[str, Any]
DOCUMENT_VERSION = ("title", "source_name", "source_format", "structure", "metadata",
                    "revision_of", "modified_at", "modified_by", "deleted_at")  # fmt: skip


def rank(value: Any) -> tuple[int, Any]:
    """Values of a column made comparable: None < numbers < text."""
    return (0, 0) if value is None else (1, value) if isinstance(value, int) else (2, str(value))


def wins(mine: Row, theirs: Row, mutable: Sequence[str]) -> bool:
    """True when ``mine`` is the version to keep: newer, or at equal times the greater
    content (so both sides of a merge settle a tie the same way)."""
    if mine["modified_at"] != theirs["modified_at"]:
        return bool(mine["modified_at"] > theirs["modified_at"])
    return [rank(mine[c]) for c in mutable] >= [rank(theirs[c]) for c in mutable]


def rename_document(run: Run, schema: str, old: str, new: str, row: bool = True) -> None:
    """Point every reference to document ``old`` at ``new`` (and, with ``row``, give the
    row itself the new id)."""
    references = (("document", "revision_of"), ("annotation", "document_uuid"),
                  ("annotation", "anchor_target"), ("annotation", "home_document"),
                  ("annotation_tag", "document_uuid"))  # fmt: skip
    for table, column in ((("document", "uuid"),) if row else ()) + references:
        run(f"UPDATE {schema}.{table} SET {column} = ? WHERE {column} = ?", (new, old))


def join_duplicate_documents(run: Run, schema: str = "main") -> int:
    """Keep one document row per text in ``schema``; return how many rows were joined."""
    columns = ("uuid", "content_hash", "created_at", *DOCUMENT_VERSION)
    rows = [dict(zip(columns, r, strict=True)) for r in run(
        f"SELECT {', '.join(columns)} FROM {schema}.document WHERE content_hash IN "
        f"(SELECT content_hash FROM {schema}.document GROUP BY content_hash "
        "HAVING count(*) > 1) ORDER BY content_hash, uuid", ()).fetchall()]  # fmt: skip
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row["content_hash"], []).append(row)
    for group in groups.values():
        keep, newest = group[0], group[0]
        for row in group[1:]:
            if not wins(newest, row, DOCUMENT_VERSION):
                newest = row
        for row in group[1:]:
            rename_document(run, schema, row["uuid"], keep["uuid"], row=False)
            run(f"DELETE FROM {schema}.document WHERE uuid = ?", (row["uuid"],))
        assignment = ", ".join(f"{c} = ?" for c in DOCUMENT_VERSION)
        run(f"UPDATE {schema}.document SET {assignment}, created_at = ? WHERE uuid = ?",
            (*(newest[c] for c in DOCUMENT_VERSION), min(r["created_at"] for r in group),
             keep["uuid"]))  # fmt: skip
    return sum(len(group) - 1 for group in groups.values())
