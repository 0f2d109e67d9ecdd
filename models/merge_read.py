"""Reading a colleague's database for merging: everything is checked before anything is
written, so a bad file is refused whole and the receiving database is untouched.

The other file is untrusted: every id, reference, offset, colour and size is verified.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from models.database import inspect_database
from models.errors import InvalidRows
from models.text import is_normalised

Row = dict[str, Any]
SHARED = ("created_at", "modified_at", "modified_by", "deleted_at")
COLUMNS = {
    "author": ("uuid", "name", "initials", "created_at", "modified_at", "deleted_at"),
    "document": ("uuid", "title", "source_name", "source_format", "text", "content_hash",
                 "structure", "metadata", "revision_of", *SHARED),
    "tag": ("uuid", "name", "parent_uuid", "color", "description", *SHARED),
    "annotation": ("uuid", "document_uuid", "start_pos", "end_pos", "quote", "prefix", "suffix",
                   "note", "author_uuid", *SHARED),
    "annotation_tag": ("uuid", "annotation_uuid", "tag_uuid", "document_uuid", *SHARED),
}  # fmt: skip
TABLES = tuple(COLUMNS)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_COLOR = re.compile(r"#[0-9A-F]{6}")
LIMITS = {"name": 200, "initials": 10, "title": 2000, "source_name": 1000, "source_format": 20,
          "description": 10_000, "note": 100_000, "quote": 50_000_000, "text": 50_000_000,
          "prefix": 64, "suffix": 64, "structure": 100_000_000, "metadata": 1_000_000}  # fmt: skip


@dataclass
class OtherDatabase:
    """The rows of the database being merged in, already verified."""

    path: Path
    database_uuid: str
    meta: dict[str, str]
    rows: dict[str, list[Row]] = field(default_factory=dict)

    def max_modified(self) -> int:
        return max((r["modified_at"] for t in TABLES for r in self.rows[t]), default=0)


def read_other(path: str | Path) -> OtherDatabase:
    """Load and verify every shared row of the database at ``path`` (read-only).

    Raises:
        NotADatabase, NotMarginalia, NewerDatabase: as when opening a database.
        InvalidRows: a row breaks an invariant (the message says which and why).
    """
    file = Path(path)
    inspect_database(file)
    conn = sqlite3.connect(f"file:{quote(str(file.resolve()))}?mode=ro", uri=True)
    try:
        meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
        other = OtherDatabase(file, meta.get("database_uuid", ""), meta)
        for table, columns in COLUMNS.items():
            query = f"SELECT {', '.join(columns)} FROM {table}"
            other.rows[table] = [dict(zip(columns, r, strict=True)) for r in conn.execute(query)]
    except sqlite3.DatabaseError as error:
        raise InvalidRows(f"{file.name} cannot be read completely ({error}).") from error
    finally:
        conn.close()
    verify(other)
    return other


def verify(other: OtherDatabase) -> None:
    """Check ids, references, sizes, colours, hashes and offsets; raise on the first fault."""
    name = other.path.name
    rows = other.rows
    ids = {table: {r["uuid"] for r in rows[table]} for table in TABLES}
    for table in TABLES:
        for row in rows[table]:
            _check_row(name, table, row, ids)
    texts = {r["uuid"]: r["text"] for r in rows["document"]}
    for document in rows["document"]:
        _check_document(name, document)
    for annotation in rows["annotation"]:
        _check_annotation(name, annotation, texts)
    documents_of = {r["uuid"]: r["document_uuid"] for r in rows["annotation"]}
    for link in rows["annotation_tag"]:
        if documents_of.get(link["annotation_uuid"]) != link["document_uuid"]:
            _refuse(name, "annotation_tag", link, "names a document its annotation is not on")
    _check_tag_tree(name, rows["tag"])


def _refuse(name: str, table: str, row: Row, why: str) -> None:
    raise InvalidRows(f"{name} is refused: a {table.replace('_', ' ')} row "
                      f"({str(row.get('uuid'))[:36]!r}) {why}. Nothing was merged.")  # fmt: skip


REFERENCES = {
    "document": {"revision_of": "document", "modified_by": "author"},
    "tag": {"parent_uuid": "tag", "modified_by": "author"},
    "annotation": {"document_uuid": "document", "author_uuid": "author", "modified_by": "author"},
    "annotation_tag": {"annotation_uuid": "annotation", "tag_uuid": "tag",
                       "document_uuid": "document", "modified_by": "author"},
}  # fmt: skip


TIMES = ("created_at", "modified_at", "deleted_at")
TABLE_LIMITS = {t: [(c, LIMITS[c]) for c in COLUMNS[t] if c in LIMITS] for t in TABLES}


def _check_row(name: str, table: str, row: Row, ids: dict[str, set[str]]) -> None:
    if not isinstance(row["uuid"], str) or not _UUID.fullmatch(row["uuid"]):
        _refuse(name, table, row, "has a malformed id")
    for column, target in REFERENCES.get(table, {}).items():
        value = row[column]
        if value is not None and value not in ids[target]:
            _refuse(name, table, row, f"refers to a missing {target} ({column})")
    for column in TIMES:
        value = row[column]
        if value is not None and (type(value) is not int or value < 0):
            _refuse(name, table, row, f"has an invalid time in {column}")
    for column, limit in TABLE_LIMITS[table]:
        value = row[column]
        if value is not None and (type(value) is not str or len(value) > limit):
            _refuse(name, table, row, f"has an oversized or non-text {column}")
    if table == "tag" and not _COLOR.fullmatch(str(row["color"])):
        _refuse(name, table, row, "has a malformed colour")
    if table in ("tag", "author") and not str(row["name"]).strip():
        _refuse(name, table, row, "has no name")


def _check_document(name: str, document: Row) -> None:
    text = document["text"]
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != document["content_hash"]:
        _refuse(name, "document", document, "has text that does not match its content hash")
    if not is_normalised(text):
        _refuse(name, "document", document, "has text that is not normalised")


def _check_annotation(name: str, annotation: Row, texts: dict[str, str]) -> None:
    text = texts[annotation["document_uuid"]]
    start, end = annotation["start_pos"], annotation["end_pos"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        _refuse(name, "annotation", annotation, "has offsets outside its document's text")
    if text[start:end] != annotation["quote"]:
        _refuse(name, "annotation", annotation, "quotes text its document does not hold there")


def _check_tag_tree(name: str, tags: list[Row]) -> None:
    parents = {t["uuid"]: t["parent_uuid"] for t in tags}
    for tag in tags:
        seen, current = set(), tag["uuid"]
        while current is not None:
            if current in seen:
                _refuse(name, "tag", tag, "is its own ancestor")
            seen.add(current)
            current = parents.get(current)
