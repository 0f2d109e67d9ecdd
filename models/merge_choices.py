"""Settling an annotation both sides edited: keep mine, take theirs, or keep both.

Without a choice the merge rule stands (the newer version is kept; each tag link goes by
its own newer change). A choice is written, in the merge's own transaction, as an
ordinary edit made now by the officer who merges, so it is newer than either version and
travels like any edit: the colleague who merges it back gets the same annotation, and the
merge laws hold unchanged.

- **mine** / **theirs**: the annotation becomes that version: its words and place, note,
  author, tags, and whether it is deleted. Nothing is written when the merge already left
  it so.
- **both**: the annotation becomes the newer version (as with mine or theirs), and the
  other version (unless it is a deletion) becomes a separate annotation, with its note
  and tags, by whoever made that version. Its id is derived from the annotation and that version
  (``store.copy_uuid``), dated when that version was written: colleagues who both keep
  both make the same copy, and merging never duplicates it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from peewee import SqliteDatabase

from models.errors import MarginaliaError
from models.merge_checks import COLUMNS, CONTENT, MUTABLE
from models.store import copy_uuid, link_uuid

Keep = Literal["mine", "theirs", "both"]
KEEPS: tuple[Keep, ...] = ("mine", "theirs", "both")
Row = dict[str, Any]
WHOLE = CONTENT["annotation"]
"""What a chosen version sets of an annotation: its home, note, author, deletion (where
it shows on the newest version of its record is derived again from its home)."""
SHORTEST_PREFIX = 4


@dataclass(frozen=True)
class Choices:
    """What to keep of each annotation edited on both sides: ``by_id`` for one, else
    ``every`` for all, else (None) the merge rule."""

    every: Keep | None = None
    by_id: Mapping[str, Keep] = field(default_factory=dict)

    def of(self, annotation_id: str) -> Keep | None:
        return self.by_id.get(annotation_id, self.every)

    @classmethod
    def given(cls, every: Keep | None, pairs: Iterable[tuple[str, Keep]]) -> Choices:
        """Choices as typed (``ID=CHOICE`` pairs); ``MarginaliaError`` if one id is given
        two different choices."""
        by_id: dict[str, Keep] = {}
        for given, keep in pairs:
            key = given.strip().lower()
            if by_id.get(key, keep) != keep:
                raise MarginaliaError(f"{given} is given both {by_id[key]} and {keep}: choose one.")
            by_id[key] = keep
        return cls(every, by_id)

    def resolved(self, collided: Collection[str]) -> Choices:
        """The same choices with each id (or unique prefix of one) made a full id of an
        annotation edited on both sides; ``MarginaliaError`` if one names none or several,
        or two name one with different choices."""
        by_id: dict[str, Keep] = {}
        for given, keep in self.by_id.items():
            key = given.strip().lower()
            if len(key) < SHORTEST_PREFIX:
                raise MarginaliaError(
                    f"{given} is too short to name an annotation: give at least "
                    f"{SHORTEST_PREFIX} characters of its id."
                )
            found = [c for c in collided if c == key or c.startswith(key)]
            if len(found) != 1:
                what = "an annotation" if not found else "more than one annotation"
                why = "is not" if not found else "names"
                raise MarginaliaError(
                    f"{given} {why} {what} edited on both sides in this merge "
                    "(merge --dry-run lists them)."
                )
            if by_id.get(found[0], keep) != keep:
                raise MarginaliaError(
                    f"{found[0]} is given both {by_id[found[0]]} and {keep}: choose one."
                )
            by_id[found[0]] = keep
        return Choices(self.every, by_id)


@dataclass(frozen=True)
class Sides:
    """Both versions of an annotation edited on both sides, as each file held it before
    the merge: the row and its live tags."""

    mine: Row
    theirs: Row
    mine_tags: frozenset[str]
    theirs_tags: frozenset[str]
    winner: Literal["local", "other"]

    def version(self, which: Literal["mine", "theirs"]) -> tuple[Row, frozenset[str]]:
        return (self.mine, self.mine_tags) if which == "mine" else (self.theirs, self.theirs_tags)

    def newer(self) -> tuple[Row, frozenset[str]]:
        return self.version("mine" if self.winner == "local" else "theirs")

    def other_than_winner(self) -> tuple[Row, frozenset[str]]:
        return self.version("theirs" if self.winner == "local" else "mine")


class Editor(Protocol):
    """What settling needs of the library: its database, clock and author."""

    db: SqliteDatabase

    def now(self) -> int: ...
    def author_id(self) -> str: ...


@dataclass
class Settled:
    """What the choices wrote: the annotations changed (to be placed again), and for
    each annotation kept both ways, its copy's id."""

    changed: list[str] = field(default_factory=list)
    copies: dict[str, str] = field(default_factory=dict)
    links_added: int = 0


def settle(editor: Editor, sides: Mapping[str, Sides], choices: Choices) -> Settled:
    """Write each choice (call after the merge's rows are in, inside its transaction)."""
    settled = Settled()
    for annotation_id, both in sides.items():
        keep = choices.of(annotation_id)
        if keep == "both":
            if _become(editor, annotation_id, *both.newer()):
                settled.changed.append(annotation_id)
            row, tags = both.other_than_winner()
            if row["deleted_at"] is None:
                settled.copies[annotation_id] = _copy(editor.db, annotation_id, row, tags)
                settled.changed.append(settled.copies[annotation_id])
                settled.links_added += len(tags)
        elif keep is not None and _become(editor, annotation_id, *both.version(keep)):
            settled.changed.append(annotation_id)
    return settled


def _become(editor: Editor, annotation_id: str, row: Row, tags: frozenset[str]) -> bool:
    """Make the annotation this version, as an edit made now; False if it already is."""
    db = editor.db
    current = db.execute_sql(
        f"SELECT {', '.join(WHOLE)} FROM annotation WHERE uuid = ?", (annotation_id,)
    ).fetchone()
    live = _live_tags(db, annotation_id)
    if tuple(current) == tuple(row[c] for c in WHOLE) and live == tags:
        return False
    stamp, author = editor.now(), editor.author_id()
    setting = ", ".join(f"{c} = ?" for c in WHOLE)
    db.execute_sql(
        f"UPDATE annotation SET {setting}, modified_at = ?, modified_by = ?, placed_via = NULL "
        "WHERE uuid = ?",
        (*(row[c] for c in WHOLE), stamp, author, annotation_id),
    )
    _retag(db, annotation_id, tags, stamp, author)
    return True


def _retag(
    db: SqliteDatabase, annotation_id: str, tags: frozenset[str], stamp: int, author: str
) -> None:
    """Give the annotation exactly ``tags``, every link stamped now (also those already
    as wanted): of two choices made apart, the later then wins every link, not some."""
    (document,) = db.execute_sql(
        "SELECT document_uuid FROM annotation WHERE uuid = ?", (annotation_id,)
    ).fetchone()
    links = db.execute_sql(
        "SELECT uuid, tag_uuid, deleted_at FROM annotation_tag WHERE annotation_uuid = ?",
        (annotation_id,),
    ).fetchall()
    db.cursor().executemany(
        "UPDATE annotation_tag SET deleted_at = ?, modified_at = ?, modified_by = ? WHERE uuid = ?",
        [
            (None if tag in tags else (gone or stamp), stamp, author, link)
            for link, tag, gone in links
        ],
    )
    new = sorted(tags - {tag for _, tag, _ in links})
    db.cursor().executemany(
        "INSERT INTO annotation_tag (uuid, annotation_uuid, tag_uuid, document_uuid, "
        "created_at, modified_at, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (link_uuid(annotation_id, t), annotation_id, t, document, stamp, stamp, author)
            for t in new
        ],
    )


def _copy(db: SqliteDatabase, annotation_id: str, row: Row, tags: frozenset[str]) -> str:
    """A separate annotation holding this version, dated and signed as the version was;
    its id, derived from the annotation and the version."""
    copy_id = copy_uuid(annotation_id, fingerprint(row, tags))
    # The copy is that version: its editor's (their note, their tags), not the first author's.
    values = {**row, "uuid": copy_id, "placed_via": None}
    values["author_uuid"] = row["modified_by"] or row["author_uuid"]
    columns = COLUMNS["annotation"]
    db.execute_sql(
        f"INSERT INTO annotation ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        "ON CONFLICT(uuid) DO NOTHING",
        tuple(values[c] for c in columns),
    )
    dated = (row["modified_at"], row["modified_at"], row["modified_by"])
    db.cursor().executemany(
        "INSERT INTO annotation_tag (uuid, annotation_uuid, tag_uuid, document_uuid, "
        "created_at, modified_at, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(uuid) DO NOTHING",
        [(link_uuid(copy_id, t), copy_id, t, row["document_uuid"], *dated) for t in sorted(tags)],
    )
    return copy_id


def fingerprint(row: Row, tags: frozenset[str]) -> str:
    """One version of an annotation, the same text on every side that holds it."""
    shown = {c: row[c] for c in MUTABLE["annotation"]}  # its words and who made it when
    text = json.dumps([shown, sorted(tags)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _live_tags(db: SqliteDatabase, annotation_id: str) -> frozenset[str]:
    rows = db.execute_sql(
        "SELECT tag_uuid FROM annotation_tag WHERE annotation_uuid = ? AND deleted_at IS NULL",
        (annotation_id,),
    ).fetchall()
    return frozenset(t for (t,) in rows)
