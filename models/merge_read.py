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
                   "note", "author_uuid", "anchor_status", "anchor_quote", "anchor_target",
                   *SHARED),
    "annotation_tag": ("uuid", "annotation_uuid", "tag_uuid", "document_uuid", *SHARED),
}  # fmt: skip
TABLES = tuple(COLUMNS)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_COLOR = re.compile(r"#[0-9A-F]{6}")
LIMITS = {"name": 200, "initials": 10, "title": 2000, "source_name": 1000, "source_format": 20,
          "description": 10_000, "note": 100_000, "quote": 50_000_000, "text": 50_000_000,
          "prefix": 64, "suffix": 64, "anchor_quote": 50_000_000, "anchor_status": 10,
          "structure": 100_000_000, "metadata": 1_000_000}  # fmt: skip


@dataclass
class OtherDatabase:
    """The rows of the database being merged in, already verified.

    Rows are kept as tuples in ``COLUMNS`` order; ``rows`` gives them as dicts, built
    only when a merge needs to rewrite ids in memory.
    """

    path: Path
    database_uuid: str
    meta: dict[str, str]
    tuples: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    _rows: dict[str, list[Row]] | None = None

    @property
    def rows(self) -> dict[str, list[Row]]:
        if self._rows is None:
            self._rows = {t: [dict(zip(COLUMNS[t], r, strict=True)) for r in self.tuples[t]]
                          for t in TABLES}  # fmt: skip
        return self._rows

    def count(self, table: str) -> int:
        return len(self.tuples[table])

    def max_modified(self) -> int:
        if self._rows is not None:
            return max((r["modified_at"] for t in TABLES for r in self._rows[t]), default=0)
        spot = {t: COLUMNS[t].index("modified_at") for t in TABLES}
        return max((r[spot[t]] for t in TABLES for r in self.tuples[t]), default=0)


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
            other.tuples[table] = conn.execute(query).fetchall()
    except sqlite3.DatabaseError as error:
        raise InvalidRows(f"{file.name} cannot be read completely ({error}).") from error
    finally:
        conn.close()
    verify(other)
    return other


def verify(other: OtherDatabase) -> None:
    """Check ids, references, sizes, colours, hashes and offsets; raise on the first fault."""
    name = other.path.name
    rows = other.tuples
    ids = {table: {r[0] for r in rows[table]} for table in TABLES}
    for table in TABLES:
        _check_rows(name, table, rows[table], ids)
    text_at = COLUMNS["document"].index("text")
    texts = {r[0]: r[text_at] for r in rows["document"]}
    hash_at = COLUMNS["document"].index("content_hash")
    for document in rows["document"]:
        _check_document(name, document[0], document[text_at], document[hash_at])
    for annotation in rows["annotation"]:
        _check_annotation(name, annotation, texts)
    documents_of = {r[0]: r[1] for r in rows["annotation"]}
    for link in rows["annotation_tag"]:
        if documents_of.get(link[1]) != link[3]:
            _refuse(name, "annotation_tag", link[0], "names a document its annotation is not on")
    _check_tag_tree(name, rows["tag"])


def _refuse(name: str, table: str, row_id: Any, why: str) -> None:
    raise InvalidRows(f"{name} is refused: a {table.replace('_', ' ')} row "
                      f"({str(row_id)[:36]!r}) {why}. Nothing was merged.")  # fmt: skip


REFERENCES = {
    "document": {"revision_of": "document", "modified_by": "author"},
    "tag": {"parent_uuid": "tag", "modified_by": "author"},
    "annotation": {"document_uuid": "document", "author_uuid": "author", "modified_by": "author",
                   "anchor_target": "document"},
    "annotation_tag": {"annotation_uuid": "annotation", "tag_uuid": "tag",
                       "document_uuid": "document", "modified_by": "author"},
}  # fmt: skip
TIMES = ("created_at", "modified_at", "deleted_at")


def _check_rows(name: str, table: str, rows: list[tuple[Any, ...]],
                ids: dict[str, set[str]]) -> None:  # fmt: skip
    """Ids, references, times and sizes of every row of one table."""
    spot = {c: i for i, c in enumerate(COLUMNS[table])}
    references = [(spot[c], c, ids[t], t) for c, t in REFERENCES.get(table, {}).items()]
    times = [(spot[c], c) for c in TIMES if c in spot]
    limits = [(spot[c], c, LIMITS[c]) for c in COLUMNS[table] if c in LIMITS]
    uuid_match = _UUID.fullmatch
    for row in rows:
        if type(row[0]) is not str or not uuid_match(row[0]):
            _refuse(name, table, row[0], "has a malformed id")
        for at, column, known, target in references:
            if row[at] is not None and row[at] not in known:
                _refuse(name, table, row[0], f"refers to a missing {target} ({column})")
        for at, column in times:
            value = row[at]
            if value is not None and (type(value) is not int or value < 0):
                _refuse(name, table, row[0], f"has an invalid time in {column}")
        for at, column, limit in limits:
            value = row[at]
            if value is not None and (type(value) is not str or len(value) > limit):
                _refuse(name, table, row[0], f"has an oversized or non-text {column}")
    if table in ("tag", "author"):
        for row in rows:
            if not str(row[spot["name"]]).strip():
                _refuse(name, table, row[0], "has no name")
    if table == "tag":
        for row in rows:
            if not _COLOR.fullmatch(str(row[spot["color"]])):
                _refuse(name, table, row[0], "has a malformed colour")


def _check_document(name: str, document_id: str, text: str, digest: str) -> None:
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
        _refuse(name, "document", document_id, "has text that does not match its content hash")
    if not is_normalised(text):
        _refuse(name, "document", document_id, "has text that is not normalised")


def _check_annotation(name: str, annotation: tuple[Any, ...], texts: dict[str, str]) -> None:
    text = texts[annotation[1]]
    start, end = annotation[2], annotation[3]
    if not (type(start) is int and type(end) is int and 0 <= start < end <= len(text)):
        _refuse(name, "annotation", annotation[0], "has offsets outside its document's text")
    if text[start:end] != annotation[4]:
        _refuse(name, "annotation", annotation[0], "quotes text its document does not hold there")


def _check_tag_tree(name: str, tags: list[tuple[Any, ...]]) -> None:
    parent_at = COLUMNS["tag"].index("parent_uuid")
    parents = {t[0]: t[parent_at] for t in tags}
    for tag in tags:
        seen, current = set(), tag[0]
        while current is not None:
            if current in seen:
                _refuse(name, "tag", tag[0], "is its own ancestor")
            seen.add(current)
            current = parents.get(current)
