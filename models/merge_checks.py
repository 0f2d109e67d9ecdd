"""The checks a colleague's rows pass before they are merged (on the private copy).

Most run as SQL over the copy; texts are read one document at a time, so a large
library is checked in little memory. The first fault refuses the whole file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from datetime import UTC, datetime
from typing import Any, NoReturn

from models.errors import InvalidRows
from models.store import alias_uuid, link_uuid
from models.text import is_normalised

SHARED = ("created_at", "modified_at", "modified_by", "deleted_at")
COLUMNS = {
    "author": ("uuid", "name", "initials", "created_at", "modified_at", "deleted_at"),
    "document": ("uuid", "title", "source_name", "source_format", "text", "content_hash",
                 "structure", "metadata", "revision_of", *SHARED),
    "tag": ("uuid", "name", "parent_uuid", "color", "description", *SHARED),
    "tag_alias": ("uuid", "tag_uuid", "target_uuid", *SHARED),
    "annotation": ("uuid", "document_uuid", "start_pos", "end_pos", "quote", "prefix", "suffix",
                   "note", "author_uuid", "anchor_status", "anchor_quote", "anchor_target",
                   "home_document", "home_start", "home_end", "home_quote", "home_prefix",
                   "home_suffix", "placed_via", *SHARED),
    "annotation_tag": ("uuid", "annotation_uuid", "tag_uuid", "document_uuid", *SHARED),
}  # fmt: skip
"""The shared rows, table by table, in the order a merge writes them (references first)."""
IMMUTABLE = {"uuid", "created_at", "text", "content_hash", "annotation_uuid", "tag_uuid"}
DERIVED = {
    "annotation": {
        "document_uuid",
        "start_pos",
        "end_pos",
        "quote",
        "prefix",
        "suffix",
        "anchor_status",
        "anchor_quote",
        "anchor_target",
        "placed_via",
    },
    "annotation_tag": {"document_uuid"},
}
"""Columns derived from other rows after merging: where an annotation shows (from its
home, ``models.placement``) and a tagging's document (its annotation's)."""
MUTABLE = {
    kind: tuple(c for c in COLUMNS[kind] if c not in IMMUTABLE and c not in DERIVED.get(kind, ()))
    for kind in COLUMNS
}
"""The columns a merge compares and may change, per kind (never ids, creation times,
texts or derived columns)."""
CONTENT = {
    kind: tuple(c for c in MUTABLE[kind] if c not in ("modified_at", "modified_by"))
    for kind in MUTABLE
}
"""What a row says, without who changed it when: rows alike in this did not collide, and
a chosen version sets this of its annotation."""


TABLES = tuple(COLUMNS)
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_UUID_GLOB = "-".join("[0-9a-f]" * n for n in (8, 4, 4, 4, 12))
_COLOR_GLOB = "#" + "[0-9A-F]" * 6
_INVISIBLE = "\u200b\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL_GLOB = "*[" + "".join(map(chr, range(1, 32))) + "\x7f\ufffe\uffff" + _INVISIBLE + "]*"
EARLIEST = 946_684_800_000
"""2000-01-01 in epoch milliseconds: no Marginalia database holds an older change."""
AHEAD_MS = 86_400_000
"""How far ahead of the receiver's clock a change may be dated (clocks disagree)."""
MAX_RAW_DEPTH = 256
"""Tag rows a parent chain may pass through (the shown tree has at most 32 levels, but
concurrent moves may chain rows further; a file beyond this is not a colleague's)."""
LIMITS = {"name": 200, "initials": 10, "title": 2000, "source_name": 1000, "source_format": 20,
          "description": 10_000, "note": 100_000, "quote": 50_000_000, "text": 50_000_000,
          "prefix": 64, "suffix": 64, "anchor_quote": 50_000_000, "anchor_status": 10,
          "content_hash": 64, "structure": 100_000_000, "metadata": 1_000_000,
          "home_quote": 50_000_000, "home_prefix": 64, "home_suffix": 64,
          "placed_via": 100_000}  # fmt: skip
REFERENCES = {
    "document": {"revision_of": "document", "modified_by": "author"},
    "tag": {"parent_uuid": "tag", "modified_by": "author"},
    "tag_alias": {"tag_uuid": "tag", "target_uuid": "tag", "modified_by": "author"},
    "annotation": {"document_uuid": "document", "author_uuid": "author", "modified_by": "author",
                   "anchor_target": "document", "home_document": "document"},
    "annotation_tag": {"annotation_uuid": "annotation", "tag_uuid": "tag",
                       "document_uuid": "document", "modified_by": "author"},
}  # fmt: skip
REQUIRED = {"tag_alias": ("tag_uuid", "target_uuid"),
            "annotation": ("document_uuid", "start_pos", "end_pos", "quote", "home_document",
                           "home_start", "home_end", "home_quote"),
            "annotation_tag": ("annotation_uuid", "tag_uuid", "document_uuid"),
            "document": ("text", "content_hash", "title")}  # fmt: skip
WHAT = {"author": "author", "document": "document", "tag": "tag", "tag_alias": "tag alias",
        "annotation": "annotation", "annotation_tag": "tag link"}  # fmt: skip


def refuse(name: str, table: str, row_id: Any, why: str) -> NoReturn:
    which = f" ({str(row_id)[:36]!r})" if row_id else ""
    what = WHAT.get(table, table)
    article = "an" if what[0] in "aeiou" else "a"
    raise InvalidRows(f"{name} is refused: {article} {what} row{which} {why}. "
                      "Nothing was merged.")  # fmt: skip


def verify_rows(conn: sqlite3.Connection, name: str, now: int) -> None:
    """Check every row of the private copy; raise ``InvalidRows`` naming the first fault."""
    for table, columns in COLUMNS.items():  # one scan of each table checks all its rules
        rules = _row_rules(table, columns)
        which = " ".join(f"WHEN {condition} THEN {n}" for n, (condition, _) in enumerate(rules))
        faulty = " OR ".join(f"({condition})" for condition, _ in rules)
        row = conn.execute(f"SELECT uuid, CASE {which} END FROM {table} t "
                           f"WHERE {faulty} LIMIT 1").fetchone()  # fmt: skip
        if row is not None:
            refuse(name, table, row[0], rules[row[1]][1])
    _check_times(conn, name, now, COLUMNS)
    _check_derived_ids(conn, name)
    _check_tag_depth(conn, name)
    _check_documents(conn, name)


def _row_rules(table: str, columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """(SQL condition a bad row meets, what is wrong with it) for one table."""
    rules = [(f"NOT (typeof(uuid) = 'text' AND uuid GLOB '{_UUID_GLOB}')", "has a malformed id")]
    rules += [(f"{c} IS NULL", f"lacks its {c}") for c in REQUIRED.get(table, ())]
    rules += [(f"{c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {target} r WHERE r.uuid = t.{c}) "
               f"AND NOT EXISTS (SELECT 1 FROM mine.{target} r WHERE r.uuid = t.{c})",
               f"refers to a missing {WHAT[target]} ({c})")
              for c, target in REFERENCES.get(table, {}).items()]  # fmt: skip
    rules += [(f"{c} IS NOT NULL AND (typeof({c}) != 'text' OR length({c}) > {LIMITS[c]})",
               f"has an oversized or non-text {c}") for c in columns if c in LIMITS]  # fmt: skip
    times = [c for c in ("created_at", "modified_at", "deleted_at") if c in columns]
    rules += [
        (f"{c} IS NOT NULL AND typeof({c}) != 'integer'", f"has an invalid time in {c}")
        for c in times
    ] + [("created_at IS NULL OR modified_at IS NULL", "lacks a time")]
    rules += _TABLE_RULES.get(table, [])
    return rules


_NAMED = [("trim(name) = ''", "has no name"),
          (f"name GLOB '{_CONTROL_GLOB}' OR instr(CAST(name AS BLOB), x'00') > 0",
           "has a control or invisible character in its name")]  # fmt: skip
_TABLE_RULES = {
    "author": _NAMED,
    "tag": [*_NAMED, ("instr(name, '/') > 0", "has '/' in its name (it would read as a path)"),
            (f"NOT color GLOB '{_COLOR_GLOB}'", "has a malformed colour")],
    "tag_alias": [("tag_uuid = target_uuid", "says a tag means itself")],
    "document": [("NOT json_valid(structure) OR json_type(structure) != 'array'",
                  "has a malformed structure"),
                 ("NOT json_valid(metadata) OR json_type(metadata) != 'object'",
                  "has malformed metadata")],
    "annotation": [("typeof(start_pos) != 'integer' OR typeof(end_pos) != 'integer' OR "
                    "typeof(home_start) != 'integer' OR typeof(home_end) != 'integer'",
                    "has offsets that are not whole numbers"),
                   ("anchor_status NOT IN ('ok', 'amended', 'orphaned')",
                    "has an unknown anchor status")],
    "annotation_tag": [("NOT EXISTS (SELECT 1 FROM annotation a WHERE a.uuid = t.annotation_uuid "
                        "AND a.document_uuid = t.document_uuid) AND (EXISTS (SELECT 1 FROM "
                        "annotation a WHERE a.uuid = t.annotation_uuid) OR NOT EXISTS (SELECT 1 "
                        "FROM mine.annotation a WHERE a.uuid = t.annotation_uuid "
                        "AND a.document_uuid = t.document_uuid))",
                        "names a document its annotation is not on")],
}  # fmt: skip


def _check_times(conn: sqlite3.Connection, name: str, now: int,
                 columns: dict[str, tuple[str, ...]]) -> None:  # fmt: skip
    """Every change dated between 2000 and a day after the receiver's clock."""
    latest = now + AHEAD_MS
    counts = {}
    for table, listed in columns.items():
        times = [c for c in ("created_at", "modified_at", "deleted_at") if c in listed]
        outside = " OR ".join(f"{c} < {EARLIEST} OR {c} > {latest}" for c in times)
        (count,) = conn.execute(f"SELECT count(*) FROM {table} WHERE {outside}").fetchone()
        if count:
            counts[table] = count
    if counts:
        rows = ", ".join(f"{n} {WHAT[t]} row{'s' if n > 1 else ''}" for t, n in counts.items())
        until = datetime.fromtimestamp(latest / 1000, tz=UTC).strftime("%d %b %Y")
        raise InvalidRows(
            f"{name} is refused: {rows} dated before 2000 or after {until} "
            "(a day ahead of this computer's clock). Nothing was merged."
        )


def _check_derived_ids(conn: sqlite3.Connection, name: str) -> None:
    """A tagging's id is derived from its annotation and tag, an alias's from its tag: a
    different id would make untagging (or unmerging) miss it."""
    for link, annotation, tag in conn.execute(
        "SELECT uuid, annotation_uuid, tag_uuid FROM annotation_tag"
    ):
        if link != link_uuid(annotation, tag):
            refuse(name, "annotation_tag", link, "has an id not derived from what it links")
    for alias, tag in conn.execute("SELECT uuid, tag_uuid FROM tag_alias"):
        if alias != alias_uuid(tag):
            refuse(name, "tag_alias", alias, "has an id not derived from its tag")


def _check_tag_depth(conn: sqlite3.Connection, name: str) -> None:
    parents = dict(conn.execute("SELECT uuid, parent_uuid FROM mine.tag").fetchall())
    parents.update(conn.execute("SELECT uuid, parent_uuid FROM tag").fetchall())
    depth: dict[str, int] = {}
    for start in parents:
        walk, current = [], start
        while current is not None and current not in depth and current not in walk:
            walk.append(current)
            if len(walk) > MAX_RAW_DEPTH:
                refuse(name, "tag", start, f"lies more than {MAX_RAW_DEPTH} levels deep")
            current = parents.get(current)
        base = depth.get(current, 0) if current is not None else 0
        for offset, tag in enumerate(reversed(walk), start=1):
            depth[tag] = base + offset
            if depth[tag] > MAX_RAW_DEPTH:
                refuse(name, "tag", tag, f"lies more than {MAX_RAW_DEPTH} levels deep")


def _check_documents(conn: sqlite3.Connection, name: str) -> None:
    """Texts match their hashes and are normalised; every annotation's offsets (where it
    shows, and its home) fit their text and its quotes are what the text holds there
    (on a record the receiver holds alike, against the receiver's text). One text in
    memory at a time."""
    documents = conn.execute("SELECT uuid, text, content_hash, structure FROM document")
    for document_id, text, digest, structure in documents:
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
            refuse(name, "document", document_id, "has text that does not match its content hash")
        if not is_normalised(text):
            refuse(name, "document", document_id, "has text that is not normalised")
        if not _blocks_fit(json.loads(structure), len(text)):
            refuse(name, "document", document_id, "has a structure outside its text")
        _check_passages(conn, name, document_id, text)
    held = conn.execute(
        "SELECT uuid, text FROM mine.document WHERE uuid IN (SELECT document_uuid FROM "
        "annotation UNION SELECT home_document FROM annotation EXCEPT SELECT uuid FROM document)"
    )
    for document_id, text in held:
        _check_passages(conn, name, document_id, text)


def _check_passages(conn: sqlite3.Connection, name: str, document_id: str, text: str) -> None:
    """The annotations shown or at home on ``document_id`` (of ``text``) quote it."""
    for column in ("document_uuid", "home_document"):
        prefix = "" if column == "document_uuid" else "home_"
        offsets = (
            ("start_pos", "end_pos", "quote")
            if not prefix
            else ("home_start", "home_end", "home_quote")
        )
        for annotation_id, start, end, quote in conn.execute(
            f"SELECT uuid, {', '.join(offsets)} FROM annotation WHERE {column} = ?",
            (document_id,),
        ):
            if not 0 <= start < end <= len(text):
                refuse(name, "annotation", annotation_id, "has offsets outside its document's text")
            if text[start:end] != quote:
                refuse(
                    name,
                    "annotation",
                    annotation_id,
                    "quotes text its document does not hold there",
                )


def _blocks_fit(blocks: list[Any], length: int) -> bool:
    kinds = ("heading", "paragraph", "list_item", "table_row")
    return all(
        isinstance(b, list) and len(b) == 4 and b[0] in kinds
        and all(type(n) is int for n in b[1:]) and 0 <= b[1] <= b[2] <= length
        for b in blocks
    )  # fmt: skip
