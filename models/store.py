"""What every part of the library shares: the database, the clock and the current author."""

from __future__ import annotations

import gc
import hashlib
import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from peewee import SqliteDatabase

from models.errors import NotFound
from models.palette import authors_palette

LINK_NAMESPACE = uuid.UUID("4f0e8f5e-3c1b-4b8e-9a57-6d1f2b7c9e10")
ALIAS_NAMESPACE = uuid.UUID("8c3b1d52-7a0e-4f6b-b1d9-2e5a4c7f0a13")
COPY_NAMESPACE = uuid.UUID("2b6f4e1a-9d3c-4a7e-8f05-c1e9d7a3b246")


def _format(raw: bytes, version: int) -> str:
    """16 bytes as a canonical RFC 4122 UUID string of the given version."""
    data = bytearray(raw[:16])
    data[6] = (data[6] & 0x0F) | (version << 4)
    data[8] = (data[8] & 0x3F) | 0x80
    h = data.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def link_uuid(annotation_id: str, tag_id: str) -> str:
    """The UUID (version 5) of the link between an annotation and a tag.

    It is derived from the pair, so two colleagues who put the same tag on the same
    annotation create the same link, and merging their work cannot duplicate it.
    """
    name = f"{annotation_id}:{tag_id}".encode()
    return _format(hashlib.sha1(LINK_NAMESPACE.bytes + name, usedforsecurity=False).digest(), 5)


def alias_uuid(tag_id: str) -> str:
    """The UUID (version 5) of the alias row of a tag ("this tag now means another").

    Derived from the tag, so a tag has one alias row on every side, however many times
    and wherever it is merged into another.
    """
    digest = hashlib.sha1(ALIAS_NAMESPACE.bytes + tag_id.encode(), usedforsecurity=False)
    return _format(digest.digest(), 5)


def copy_uuid(annotation_id: str, version: str) -> str:
    """The UUID (version 5) of the copy a merge makes of one version of an annotation
    edited on both sides ("keep both"): derived from the annotation and that version, so
    colleagues who both keep both make the same copy, and merging cannot duplicate it."""
    name = f"{annotation_id}:{version}".encode()
    return _format(hashlib.sha1(COPY_NAMESPACE.bytes + name, usedforsecurity=False).digest(), 5)


random_bytes: Callable[[int], bytes] = os.urandom
"""Where new ids come from (tests replace it with a seeded source to replay a history)."""


def new_uuid() -> str:
    """A fresh random UUID (version 4) in its canonical text form.

    Formatted by hand: ``str(uuid.uuid4())`` costs four times as much, which shows when
    ten thousand passages are annotated at once.
    """
    return _format(random_bytes(16), 4)


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many rows become entities.

    Building 10,000 annotations allocates enough to trigger full collections, each of
    which walks every object the process holds (tens of ms in the app); these objects
    form no cycles, so nothing is lost by collecting later.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


T = TypeVar("T")
CHUNK = 500
"""Ids bound in one ``IN (…)`` query (SQLite allows 32,766 variables; far fewer keep
each statement quick to prepare)."""


def in_chunks(items: list[T], size: int = CHUNK) -> Iterator[list[T]]:
    """``items`` a ``size`` at a time, for queries that bind them."""
    return (items[i : i + size] for i in range(0, len(items), size))


def initials_of(name: str) -> str:
    """'Amina El-Sayed' -> 'AE'."""
    return "".join(part[0] for part in name.split() if part[:1].isalpha()).upper()[:4]


class Store:
    """The database handle, a clock and the author on whose behalf writes are made."""

    def __init__(
        self,
        db: SqliteDatabase,
        author: str = "",
        clock: Callable[[], int] | None = None,
    ) -> None:
        self.db = db
        self.set_author(author)
        self._clock = clock or (lambda: time.time_ns() // 1_000_000)
        self._last_stamp = self._seen_stamp()
        self._author_uuid: str | None = None

    @property
    def read_only(self) -> bool:
        """The database can be read but not changed (``ReadOnlyDatabase`` on a write)."""
        return getattr(self.db, "read_only_file", None) is not None

    def now(self) -> int:
        """Current UTC time in epoch milliseconds, strictly increasing within this library
        and later than every change merged into it (so an edit made after a merge wins
        over what was merged, even when a colleague's clock runs ahead)."""
        self._last_stamp = max(self._clock(), self._last_stamp + 1)
        return self._last_stamp

    def wall_clock(self) -> int:
        """This computer's clock in epoch milliseconds (what "a day ahead" is measured from)."""
        return self._clock()

    def saw_stamp(self, stamp: int) -> None:
        """Remember a change dated ``stamp`` (merged from elsewhere): later ones are newer."""
        if stamp > self._last_stamp:
            self._last_stamp = stamp
            self.db.execute_sql(
                "INSERT INTO meta (key, value) VALUES ('clock', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (str(stamp),),
            )

    def _seen_stamp(self) -> int:
        row = self.db.execute_sql("SELECT value FROM meta WHERE key = 'clock'").fetchone()
        return int(row[0]) if row and str(row[0]).isdigit() else 0

    def set_author(self, name: str) -> None:
        """Make later writes on behalf of ``name`` (spaces collapsed, control and invisible
        characters dropped: a name is shown on every annotation)."""
        cleaned = "".join(c for c in name if c.isprintable() or c == " ")
        self.author_name = " ".join(cleaned.split()) or "Unknown author"
        self._author_uuid = None

    def author_id(self) -> str:
        """The UUID of the current author, created on first use (call inside a write).

        The id is remembered, but looked up again each time: a write that created the
        author's row and was then refused (rolled back) took the row with it.
        """
        known = self._author_uuid
        if known is None or self.one("SELECT 1 FROM author WHERE uuid = ?", (known,)) is None:
            self._author_uuid = known = self._author_for(self.author_name)
        return known

    def known_author_id(self) -> str | None:
        """The current author's UUID if the database holds it (never written)."""
        row = self.one(
            "SELECT uuid FROM author WHERE name = ? AND deleted_at IS NULL ORDER BY created_at",
            (self.author_name,),
        )
        return str(row[0]) if row else None

    def _author_for(self, name: str) -> str:
        row = self.one(
            "SELECT uuid FROM author WHERE name = ? AND deleted_at IS NULL ORDER BY created_at",
            (name,),
        )
        if row:
            return str(row[0])
        author_id, stamp = new_uuid(), self.now()
        self.db.execute_sql(
            "INSERT INTO author (uuid, name, initials, created_at, modified_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (author_id, name, initials_of(name), stamp, stamp),
        )
        return author_id

    def data_mark(self) -> tuple[int, int] | None:
        """What tells this data from any later state of it, for caches: SQLite's data
        version (other connections' commits) and this connection's change count. None
        inside a transaction, whose rows may still be rolled back."""
        if self.db.in_transaction():
            return None
        return (
            int(self.db.execute_sql("PRAGMA data_version").fetchone()[0]),
            self.db.connection().total_changes,
        )

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        """Run a query and return its first row, or None."""
        row: tuple[Any, ...] | None = self.db.execute_sql(sql, params).fetchone()
        return row

    def all(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query and return all its rows as tuples."""
        rows: list[tuple[Any, ...]] = self.db.execute_sql(sql, params).fetchall()
        return rows

    def require(self, sql: str, params: tuple[Any, ...], what: str) -> tuple[Any, ...]:
        """Like ``one`` but raise ``NotFound`` naming ``what`` when there is no row."""
        row = self.one(sql, params)
        if row is None:
            raise NotFound(f"There is no {what}.")
        return row

    def touch(self, table: str, row_id: str, assignment: str = "",
              params: tuple[Any, ...] = (), live: bool | None = True) -> None:  # fmt: skip
        """Change a live (with ``live=False`` a deleted, with None any) row and stamp who
        and when; ``NotFound`` if there is no such row. An empty ``assignment`` only
        stamps it."""
        state = {True: "deleted_at IS NULL", False: "deleted_at IS NOT NULL", None: "true"}[live]
        setting = f"{assignment}, " if assignment else ""
        cursor = self.db.execute_sql(
            f"UPDATE {table} SET {setting}modified_at = ?, modified_by = ? "
            f"WHERE uuid = ? AND {state}",
            (*params, self.now(), self.author_id(), row_id),
        )
        if cursor.rowcount != 1:
            which = "deleted " if live is False else ""
            raise NotFound(f"There is no {which}{table} with id {row_id}.")

    def link_tags(self, links: list[tuple[str, str, str]], fresh: bool = False) -> None:
        """Create (or revive) links ``(annotation id, tag id, document id)``.

        ``fresh``: the annotations were created in this transaction, so no link can exist
        yet and a plain insert does (it is cheaper than an upsert).
        """
        stamp, author = self.now(), self.author_id()
        revive = (
            ""
            if fresh
            else (
                " ON CONFLICT(uuid) DO UPDATE SET deleted_at = NULL, "
                "modified_at = excluded.modified_at, modified_by = excluded.modified_by"
            )
        )
        self.db.cursor().executemany(
            "INSERT INTO annotation_tag (uuid, annotation_uuid, tag_uuid, document_uuid, "
            f"created_at, modified_at, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?){revive}",
            [(link_uuid(a, t), a, t, d, stamp, stamp, author) for a, t, d in links],
        )

    def authors(self) -> list[str]:
        """Names of everyone who has written in this database, sorted."""
        rows = self.all("SELECT DISTINCT name FROM author WHERE deleted_at IS NULL ORDER BY name")
        return [str(name) for (name,) in rows]

    def author_colors(self) -> dict[str, str]:
        """Each author's colour, distinct while the palette lasts, the same for every
        colleague holding the same authors (after a merge), and steady as colleagues come.

        Each author has a colour of their own by their id (a hash into the palette);
        taken in the order they first wrote, an author whose colour an earlier one holds
        takes the next free one. So a colleague who joins later never changes anyone's
        colour, and one who arrives by a merge changes at most those their colour pushes
        on. Derived from the rows, never stored: nothing to merge or to disagree about,
        and no change of file format between colleagues' versions.
        """
        rows = self.all(
            "SELECT name, uuid FROM author WHERE deleted_at IS NULL ORDER BY created_at, uuid"
        )
        return authors_palette([(str(name), str(author_id)) for name, author_id in rows])
