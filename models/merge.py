"""Merging a colleague's database into this one: nothing lost, nothing duplicated.

The rules are written down in ``models/merging.md``. In short: rows match by id; a
record imported on both sides is one record (same text), under the smaller id on both;
the newer change of a row wins, equal times settled by content; deletions travel;
creation times take the earliest. The tag tree a person sees is derived from the rows
(``models.tag_tree``), and so is where annotations show on the newest version of their
record (``models.placement``): the merge only copies rows, then updates what is derived.
One transaction, after a backup; the other file is read once, into a private verified
copy (``models.merge_copy``), and the merge reads only that copy.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from peewee import SqliteDatabase

from models.arrivals import note_arrivals, note_new_rows
from models.database import database_uuid
from models.errors import MarginaliaError
from models.files import prepare_backup
from models.identity import rename_document, wins
from models.merge_checks import COLUMNS, CONTENT, MUTABLE
from models.merge_choices import Choices, Keep, Sides, settle
from models.merge_copy import MERGE_CACHE_KIB, OtherCopy, private_copy

Kind = Literal["author", "document", "tag", "tag_alias", "annotation", "annotation_tag"]
KINDS: tuple[Kind, ...] = ("author", "document", "tag", "tag_alias", "annotation",
                           "annotation_tag")  # fmt: skip
Row = dict[str, Any]
INSERT_ORDER = {
    "annotation": " ORDER BY o.document_uuid",
    "annotation_tag": " ORDER BY o.annotation_uuid",
}
"""New rows go in by record (annotations) or annotation (taggings): most of their indexes
then grow in place rather than at random (two 10,000-record archives: 20 s → 17 s)."""


class MergeTarget(Protocol):
    """What a merge needs of the library it merges into."""

    db: SqliteDatabase

    @property
    def path(self) -> Path | None: ...

    def wall_clock(self) -> int: ...
    def now(self) -> int: ...
    def author_id(self) -> str: ...
    def known_author_id(self) -> str | None: ...
    def saw_stamp(self, stamp: int) -> None: ...
    def place_annotations(
        self,
        annotation_ids: Iterable[str] | None = None,
        everything: bool = False,
        arrived: Collection[str] | None = None,
    ) -> dict[str, int]: ...


MAX_SHOWN_DEPTH = 32
"""Levels of a tag's path told in a preview (the shown tree has at most 32)."""


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class Collision:
    """Both sides changed the same row since they last met; ``winner`` says whose stays."""

    kind: str
    id: str
    local: dict[str, Any]
    other: dict[str, Any]
    winner: Literal["local", "other"]


@dataclass(frozen=True)
class Version:
    """One side's version of an annotation, as an officer reads it."""

    quote: str
    note: str
    tags: tuple[str, ...]
    author: str
    modified: int
    deleted: bool
    tag_ids: tuple[str, ...] = ()
    edited_by: str = ""
    """Who made this version (a copy kept apart is theirs)."""

    def describe(self) -> str:
        if self.deleted:
            return "deleted"
        tags = ", ".join(self.tags) or "no tag"
        note = f"note “{_short(self.note)}”" if self.note else "no note"
        return f"“{_short(self.quote)}”, {tags}, {note}"


@dataclass(frozen=True)
class Passages:
    """An annotation both sides changed since they last met: their two versions."""

    id: str
    document: str
    """The record's title."""
    mine: Version
    theirs: Version
    winner: Literal["local", "other"]
    merged: Version | None = None
    """The annotation after the merge: without a choice, the newer version's words and
    note, and the tags each tag link's own newer change leaves (which may be neither
    side's set); else the chosen version."""
    kept: Keep | None = None
    """The officer's choice (``models.merge_choices``); None: the merge rule."""
    copy: str | None = None
    """With "both": the id of the separate annotation holding the other version."""

    def settled(self) -> str:
        """How it is settled, in words: the officer's choice or the merge rule."""
        newer = "yours" if self.winner == "local" else "theirs"
        if self.kept == "both":
            other = "theirs" if self.winner == "local" else "yours"
            copied = (
                f" as annotation {self.copy}"
                if self.copy
                else f" (the other, {other}, deletes it: nothing to keep apart)"
            )
            return f"both kept: the newer ({newer}) here, {other} separately{copied}"
        if self.kept:
            return f"{'yours' if self.kept == 'mine' else 'theirs'} kept, as you chose"
        return f"the newer ({newer}) is kept"


@dataclass(frozen=True)
class Deletion:
    """An annotation the merge deletes here: a colleague deleted it."""

    id: str
    document: str
    quote: str
    by: str


@dataclass(frozen=True)
class Arrival:
    """An annotation the merge adds here, or changes to the colleague's version."""

    id: str
    document: str
    change: Literal["added", "changed"]
    quote: str
    tags: tuple[str, ...]
    note: str
    author: str
    by: str
    """Whose change it is (the colleague who made or last edited it)."""


LINES_LISTED = 50
"""Of those, the lines a person is told."""
ARRIVALS_LISTED = 500
"""Annotations a merge report lists one by one (all are counted)."""


@dataclass
class MergeReport:
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    collisions: list[Collision] = field(default_factory=list)
    edited_on_both_sides: list[Passages] = field(default_factory=list)
    """The annotation collisions, each with both versions (passage, tags, note, author)."""
    deleted: list[Deletion] = field(default_factory=list)
    arrived: list[Arrival] = field(default_factory=list)
    """What the colleague's side adds or changes, by record (at most ARRIVALS_LISTED)."""
    arrived_total: int = 0
    backup: Path | None = None
    dry_run: bool = False
    reanchored: dict[str, int] = field(default_factory=dict)
    """Annotations made on an older version of a record, carried to its newest one."""

    def changed(self) -> bool:
        return any(c.added or c.updated or c.deleted for c in self.counts.values())

    def describe(self) -> list[str]:
        """The report as lines for a person (the CLI prints them, the app shows them)."""
        names = {"author": "authors", "document": "documents", "tag": "tags",
                 "tag_alias": "tag merges", "annotation": "annotations",
                 "annotation_tag": "tag links"}  # fmt: skip
        lines = [f"{names[kind]:<12} {c.added} added, {c.updated} updated, {c.deleted} deleted, "
                 f"{c.unchanged} unchanged" for kind, c in self.counts.items()]  # fmt: skip
        for both in self.edited_on_both_sides:
            after = f"; after merging {both.merged.describe()}" if both.merged else ""
            lines.append(
                f"edited on both sides, in {both.document} ({both.id}): yours "
                f"{both.mine.describe()}; theirs {both.theirs.describe()}; {both.settled()}{after}"
            )
        shown = {both.id for both in self.edited_on_both_sides}
        for collision in self.collisions:
            if collision.id in shown or collision.local.get("annotation_uuid") in shown:
                continue  # told with its annotation, in both versions
            what = f"{names[collision.kind][:-1]} {collision.id[:8]}"
            kept = "yours" if collision.winner == "local" else "theirs"
            lines.append(f"collision: {what} was edited on both sides; the newer ({kept}) is kept")
        for gone in self.deleted:
            lines.append(f"deleted by {gone.by}, in {gone.document}: “{_short(gone.quote)}”")
        for came in self.arrived[:LINES_LISTED]:
            tags = ", ".join(came.tags) or "no tag"
            note = f", note “{_short(came.note)}”" if came.note else ""
            where = f"{came.change} by {came.by}, in {came.document}"
            lines.append(f"{where}: “{_short(came.quote)}”, {tags}{note}")
        if self.arrived_total > min(len(self.arrived), LINES_LISTED):
            more = self.arrived_total - min(len(self.arrived), LINES_LISTED)
            lines.append(f"… and {more} more added or changed (--json lists {ARRIVALS_LISTED})")
        if any(self.reanchored.values()):
            counts = ", ".join(f"{n} {outcome}" for outcome, n in self.reanchored.items())
            lines.append(f"annotations made on an older version, carried to the newest: {counts}")
        if self.backup:
            lines.append(f"backup of the database before merging: {self.backup}")
        return lines


class _Rollback(Exception):
    """Ends a dry run: everything the merge did is undone."""


def merge_database(
    library: MergeTarget,
    other_path: str | Path,
    dry_run: bool = False,
    choices: Choices | None = None,
) -> MergeReport:
    """Merge the database at ``other_path`` into ``library``; see the module's rules.
    ``choices`` settle annotations edited on both sides (``models.merge_choices``).

    Raises:
        MarginaliaError: a choice names no annotation edited on both sides.
        IncompatibleDatabase (and its kinds): the other file is refused whole, before
            anything is written.
    """
    db, local = library.db, library.path
    # The private copy goes beside the database (same disk, the officer's own folder),
    # else (a read-only folder: a dry run still works) in the temporary folder.
    folder = local.parent if local and os.access(local.parent, os.W_OK) else None
    refuse_itself(local, other_path)
    with private_copy(Path(other_path), folder, library.wall_clock(), local) as other:
        report, backup = MergeReport(dry_run=dry_run), None
        settled = _settled(library)
        # Attached outside the transaction: SQLite cannot detach a file a transaction read.
        db.execute_sql("ATTACH DATABASE ? AS other", (str(other.path),))
        (cache,) = db.execute_sql("PRAGMA main.cache_size").fetchone()
        db.execute_sql(f"PRAGMA main.cache_size = -{MERGE_CACHE_KIB}")
        try:
            with db.atomic():
                db.execute_sql("PRAGMA defer_foreign_keys = ON")
                _Merge(library, other, report, choices or Choices()).run()
                if dry_run:
                    raise _Rollback
                if report.changed() and local is not None:
                    # Read by another connection, the file still holds what it held
                    # before this (uncommitted) merge: that is what the backup keeps.
                    backup = prepare_backup(
                        local,
                        f"before merging {other.source.stem}",
                        settled=settled == _data_version(db),
                    )
                    # Committed with the merge: were this process killed before the backup
                    # takes its name, the next opening knows the part is a real backup.
                    db.execute_sql("INSERT INTO meta (key, value) VALUES ('pending_backup', ?) "
                                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                   (backup.part.name,))  # fmt: skip
        except _Rollback:
            pass
        except BaseException:
            if backup is not None:  # the merge did not happen: nothing to undo
                backup.discard()
            raise
        finally:
            db.execute_sql("DETACH DATABASE other")
            db.execute_sql(f"PRAGMA main.cache_size = {int(cache)}")
        if backup is not None:  # committed: now the backup may take its place
            report.backup = backup.keep()
    return report


def refuse_itself(local: Path | None, other_path: str | Path) -> None:
    """``MarginaliaError`` if the file offered for merging is the database itself."""
    if local is not None and Path(other_path).exists() and local.samefile(other_path):
        raise MarginaliaError(
            f"{other_path} is this database itself; merge a file a colleague sent you."
        )


def _settled(library: MergeTarget) -> int | None:
    """Move every committed change from the write-ahead log into the database file; if
    that succeeded, the file alone holds everything committed, and stays so while no
    other connection commits: return the connection's data version (read before, so a
    commit meanwhile shows), which tells (see ``prepare_backup``). None otherwise.
    Passive: never waits for another program reading the database."""
    db = library.db
    if library.path is None or db.in_transaction():
        return None
    if db.execute_sql("PRAGMA journal_mode").fetchone()[0] != "wal":
        return None  # a rollback journal lets a large change spill into the file itself
    version = _data_version(db)
    busy, logged, moved = db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return version if not busy and logged == moved else None


def _data_version(db: SqliteDatabase) -> int:
    """Changes when another connection commits to the database (SQLite's data_version)."""
    return int(db.execute_sql("PRAGMA data_version").fetchone()[0])


class _Merge:
    def __init__(
        self, library: MergeTarget, other: OtherCopy, report: MergeReport, choices: Choices
    ) -> None:
        self.library, self.db, self.other, self.report = library, library.db, other, report
        self.choices = choices
        self.sides: dict[str, Sides] = {}
        self.arrived: dict[str, str | None] = {}
        """Annotations the other file changed here: id → author of the change."""
        self.stamp = library.wall_clock()
        self.me = library.known_author_id()
        (self.last_row,) = self.db.execute_sql(
            "SELECT ifnull(max(rowid), 0) FROM main.annotation"
        ).fetchone()  # annotations the merge adds come after it
        self.local_uuid = database_uuid(self.db)
        self.since = self._last_met()
        self.joined: set[str] = set()

    def run(self) -> None:
        """Compare the two files in SQL: only rows that differ come to Python, and new
        rows are copied by SQLite. (Rows both hold alike were left out of the copy.)"""
        self._adopt_documents()
        pairs = {kind: self._pairs(kind) for kind in KINDS}
        self.since = max(self.since, self._newest_held_alike(pairs))
        self._retagged_on_both_sides(*pairs["annotation"])
        for kind, (theirs, local) in pairs.items():
            self.report.counts[kind].unchanged += self.other.alike.get(kind, 0)
            self._apply(kind, theirs, local)
            self._add_new(kind)
        # A tagging that arrived is on its annotation's record as the other file places
        # it: only annotations placed elsewhere here can have taggings to correct.
        theirs, local = pairs["annotation"]
        elsewhere = [
            r["uuid"] for r in theirs if r["document_uuid"] != local[r["uuid"]]["document_uuid"]
        ]
        self.report.reanchored = self.library.place_annotations(everything=True, arrived=elsewhere)
        self.library.saw_stamp(self.other.max_modified)  # a choice is newer than both sides
        self._settle()
        note_arrivals(self.db, self.arrived, self.stamp, self.me)
        self._tell_arrivals()
        self._remember_meeting()

    def _tell_arrivals(self) -> None:
        """List what this merge marked new, record by record, for the officer."""
        (self.report.arrived_total,) = self.db.execute_sql(
            "SELECT count(*) FROM main.arrival WHERE merged_at = ?", (self.stamp,)
        ).fetchone()
        names = (
            *("uuid", "document_uuid", "quote", "note", "author_uuid"),
            *("from_author", "rowid", "start_pos"),
        )
        rows = self._all(
            "SELECT a.uuid, a.document_uuid, a.quote, a.note, a.author_uuid, r.from_author, "
            "a.rowid, a.start_pos FROM main.arrival r "
            "JOIN main.annotation a ON a.uuid = r.annotation_uuid "
            f"WHERE r.merged_at = {int(self.stamp)} LIMIT {ARRIVALS_LISTED}"
        )
        told: list[tuple[str, int, Arrival]] = []
        for found in rows:
            row = dict(zip(names, found, strict=True))
            tags = tuple(sorted(self._tag_path(t) for t in self._tag_ids("main", row)))
            change: Literal["added", "changed"] = (
                "added" if row["rowid"] > self.last_row else "changed"
            )
            title, author = self._title(row["document_uuid"]), self._author(row["author_uuid"])
            by = self._author(row["from_author"])
            came = Arrival(row["uuid"], title, change, row["quote"], tags, row["note"], author, by)
            told.append((title.casefold(), row["start_pos"], came))
        self.report.arrived = [came for *_, came in sorted(told, key=lambda t: t[:2])]

    def _settle(self) -> None:
        """Write the officer's choices, then tell what each annotation became."""
        choices = self.choices.resolved(self.sides)
        settled = settle(self.library, self.sides, choices)
        for annotation_id, both in self.sides.items():
            self._arrived_by_choice(annotation_id, both, choices.of(annotation_id))
        for annotation_id, copy_id in settled.copies.items():
            if self.sides[annotation_id].winner == "local":  # the copy is theirs
                self.arrived[copy_id] = self.sides[annotation_id].theirs["modified_by"]
        if settled.changed:
            self.library.place_annotations(settled.changed, arrived=settled.changed)
        self.report.counts["annotation"].added += len(settled.copies)
        self.report.counts["annotation_tag"].added += settled.links_added
        self.report.edited_on_both_sides = [
            replace(
                both,
                merged=self._merged(both.id),
                kept=choices.of(both.id),
                copy=settled.copies.get(both.id),
            )
            for both in self.report.edited_on_both_sides
        ]

    def _pairs(self, kind: Kind) -> tuple[list[Row], dict[str, Row]]:
        """The rows of ``kind`` both files hold (and differ in something): theirs, and
        ours by id."""
        columns, width = COLUMNS[kind], len(COLUMNS[kind])
        selected = ", ".join([f"o.{c}" for c in columns] + [f"m.{c}" for c in columns])
        pairs = self._all(
            f"SELECT {selected} FROM other.{kind} o JOIN main.{kind} m ON m.uuid = o.uuid"
        )
        theirs = [dict(zip(columns, p[:width], strict=True)) for p in pairs]
        local = {p[width]: dict(zip(columns, p[width:], strict=True)) for p in pairs}
        return theirs, local

    def _newest_held_alike(self, pairs: dict[Kind, tuple[list[Row], dict[str, Row]]]) -> int:
        """The newest change both databases hold (changed since on both sides is a
        collision): among the rows left out of the copy, and those alike but for derived
        columns or creation times."""
        newest = self.other.newest_alike
        for kind, (theirs, local) in pairs.items():
            for row in theirs:
                if _same(local[row["uuid"]], row, MUTABLE[kind]):
                    newest = max(newest, row["modified_at"])
        return newest

    def _add_new(self, kind: Kind) -> None:
        note_new_rows(self.db, kind, self.stamp, self.me)
        listed = ", ".join(COLUMNS[kind])
        cursor = self.db.execute_sql(
            f"INSERT INTO main.{kind} ({listed}) SELECT {listed} FROM other.{kind} o "
            f"WHERE NOT EXISTS (SELECT 1 FROM main.{kind} m WHERE m.uuid = o.uuid)"
            f"{INSERT_ORDER.get(kind, '')}"
        )
        self.report.counts[kind].added += cursor.rowcount

    # -- one record imported on both sides -----------------------------------------------

    def _adopt_documents(self) -> None:
        """Documents holding the same text are one record: both files keep the smaller id
        (ids are rewritten in the private copy, or here)."""
        pairs = self._all(
            "SELECT m.uuid, o.uuid FROM main.document m JOIN other.document o "
            "ON o.content_hash = m.content_hash WHERE o.uuid != m.uuid"
        )
        run = self.db.execute_sql
        for mine, theirs in pairs:
            self.joined.add(min(mine, theirs))  # two imports meeting: not a collision
            if theirs < mine:
                rename_document(run, "main", mine, theirs)
            else:
                rename_document(run, "other", theirs, mine)

    # -- applying rows -------------------------------------------------------------------

    def _apply(self, kind: Kind, theirs: list[Row], local: dict[str, Row]) -> None:
        counts, mutable = self.report.counts[kind], MUTABLE[kind]
        updates, earlier = [], []
        for row in theirs:
            mine = local[row["uuid"]]
            if row["created_at"] < mine["created_at"]:
                earlier.append(row)
            if _same(mine, row, mutable):
                counts.unchanged += row["created_at"] >= mine["created_at"]
                counts.updated += row["created_at"] < mine["created_at"]
                continue
            ours_wins = wins(mine, row, mutable)
            edited = mine["modified_at"] > self.since and row["modified_at"] > self.since
            alike = _same(mine, row, CONTENT[kind])  # the same edit made on both sides
            told = kind == "annotation" and row["uuid"] in self.sides
            if edited and not alike and not told and row["uuid"] not in self.joined:
                winner: Literal["local", "other"] = "local" if ours_wins else "other"
                self.report.collisions.append(
                    Collision(kind, row["uuid"], _shown(mine), _shown(row), winner)
                )
                if kind == "annotation":
                    self._collided(mine, row, winner)
            if ours_wins:
                counts.unchanged += row["created_at"] >= mine["created_at"]
                counts.updated += row["created_at"] < mine["created_at"]
                continue
            if row["deleted_at"] is not None and mine["deleted_at"] is None:
                counts.deleted += 1
                if kind == "annotation":
                    title, by = self._title(mine["document_uuid"]), self._author(row["modified_by"])
                    self.report.deleted.append(Deletion(row["uuid"], title, mine["quote"], by))
            else:
                counts.updated += 1
            if kind in ("annotation", "annotation_tag"):
                self.arrived[str(row.get("annotation_uuid") or row["uuid"])] = row["modified_by"]
            updates.append(row)
        self._write(kind, updates)
        self.db.cursor().executemany(  # a creation time is the earliest either side knew
            f"UPDATE main.{kind} SET created_at = ? WHERE uuid = ?",
            [(row["created_at"], row["uuid"]) for row in earlier],
        )

    def _write(self, kind: Kind, rows: list[Row]) -> None:
        """Overwrite the rows whose other side won (keeping the earliest creation time)."""
        if not rows:
            return
        columns = COLUMNS[kind]
        conflict = ", ".join(f"{c} = excluded.{c}" for c in MUTABLE[kind])
        if kind == "annotation":  # a new home: where it shows is derived again
            conflict += ", placed_via = NULL"
        self.db.cursor().executemany(
            f"INSERT INTO main.{kind} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT(uuid) DO UPDATE SET "
            f"{conflict}, created_at = min({kind}.created_at, excluded.created_at)",
            [tuple(row[c] for c in columns) for row in rows],
        )

    # -- when did the two databases last meet --------------------------------------------

    def _last_met(self) -> int:
        other, meta = self.other, self.other.meta
        stamps = [
            self._meta(f"sync:{other.database_uuid}"),
            int(meta.get(f"sync:{self.local_uuid}", 0)),
        ]
        if meta.get("shared_from") == self.local_uuid:
            stamps.append(int(meta.get("shared_at", 0)))
        if self._meta_text("shared_from") == other.database_uuid:
            stamps.append(self._meta("shared_at"))
        return max(stamps)

    def _remember_meeting(self) -> None:
        stamp = max(self.other.max_modified, self.since)
        self.db.execute_sql(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (f"sync:{self.other.database_uuid}", str(stamp)),
        )

    def _meta_text(self, key: str) -> str:
        row = self.db.execute_sql("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else ""

    def _meta(self, key: str) -> int:
        value = self._meta_text(key)
        return int(value) if value.isdigit() else 0

    # -- what the officer is told -----------------------------------------------------------

    def _retagged_on_both_sides(self, theirs: list[Row], local: dict[str, Row]) -> None:
        """Annotations both sides changed since they last met where a side changed only
        its tags: for the officer as much a collision as two notes (the rows themselves
        colliding are found by ``_apply``). Found from the other file's changed rows,
        each looked up here: the cost follows the colleague's changes, not the archive."""
        since = int(self.since)
        found = self._all(
            "WITH theirs(uuid) AS ("
            f"SELECT o.uuid FROM other.annotation o WHERE o.modified_at > {since} UNION "
            "SELECT o.annotation_uuid FROM other.annotation_tag o "
            f"WHERE o.modified_at > {since}) "
            "SELECT m.uuid FROM theirs t JOIN main.annotation m ON m.uuid = t.uuid "
            f"WHERE m.modified_at > {since} OR EXISTS (SELECT 1 FROM main.annotation_tag l "
            f"WHERE l.annotation_uuid = m.uuid AND l.modified_at > {since}) ORDER BY 1"
        )
        changed = {row["uuid"]: row for row in theirs}
        for (annotation_id,) in found:
            other = changed.get(annotation_id)
            if other is not None and self._rows_collide(local[annotation_id], other):
                continue  # told by _apply, with the rows
            mine = self._row("main", annotation_id)
            self._tags_collide(mine, other or mine)

    def _rows_collide(self, mine: Row, theirs: Row) -> bool:
        return (
            mine["modified_at"] > self.since
            and theirs["modified_at"] > self.since
            and not _same(mine, theirs, CONTENT["annotation"])
        )

    def _tags_collide(self, mine: Row, theirs: Row) -> None:
        """Tell (and let the officer settle) an annotation whose versions differ, one side
        or both having changed its tags. The newer version is the side whose newest
        change (row or tag) is newer; equal, the larger content (as rows are settled)."""
        tags = self._tag_ids("main", mine), self._tag_ids("other", theirs)
        if tags[0] == tags[1] and _same(mine, theirs, CONTENT["annotation"]):
            return  # the same tags and words on both sides
        newest = self._newest_change("main", mine), self._newest_change("other", theirs)
        if newest[0] != newest[1]:
            ours = newest[0] > newest[1]
        elif not _same(mine, theirs, MUTABLE["annotation"]):
            ours = wins(mine, theirs, MUTABLE["annotation"])
        else:
            ours = sorted(tags[0]) > sorted(tags[1])
        winner: Literal["local", "other"] = "local" if ours else "other"
        collision = Collision("annotation", mine["uuid"], _shown(mine), _shown(theirs), winner)
        self.report.collisions.append(collision)
        self._collided(mine, theirs, winner, tags)

    def _newest_change(self, side: str, row: Row) -> int:
        (links,) = self.db.execute_sql(
            f"SELECT ifnull(max(modified_at), 0) FROM {side}.annotation_tag "
            "WHERE annotation_uuid = ?",
            (row["uuid"],),
        ).fetchone()
        return max(int(row["modified_at"]), int(links))

    def _row(self, side: str, annotation_id: str) -> Row:
        columns = COLUMNS["annotation"]
        found = self.db.execute_sql(
            f"SELECT {', '.join(columns)} FROM {side}.annotation WHERE uuid = ?", (annotation_id,)
        ).fetchone()
        return dict(zip(columns, found, strict=True))

    def _arrived_by_choice(self, annotation_id: str, both: Sides, kept: Keep | None) -> None:
        """Is the annotation, as chosen, news to this officer? Their version is; yours
        is not; by the rule, it is if a change of theirs (words, note or a tag) won."""
        theirs = kept == "theirs" or (kept == "both" and both.winner == "other")
        if theirs:
            self.arrived[annotation_id] = both.theirs["modified_by"]
        elif kept is not None:
            self.arrived.pop(annotation_id, None)
            self.db.execute_sql(
                "DELETE FROM arrival WHERE annotation_uuid = ? AND merged_at = ?",
                (annotation_id, self.stamp),
            )

    def _collided(
        self,
        mine: Row,
        theirs: Row,
        winner: Literal["local", "other"],
        tags: tuple[frozenset[str], frozenset[str]] | None = None,
    ) -> None:
        """Keep both versions of an annotation edited on both sides (before any is
        written): for the officer, and for a choice. ``tags``: each side's, if read."""
        tags = tags or (self._tag_ids("main", mine), self._tag_ids("other", theirs))
        self.sides[mine["uuid"]] = Sides(mine, theirs, *tags, winner)
        title = self._title(mine["document_uuid"])
        versions = self._version(mine, tags[0]), self._version(theirs, tags[1])
        self.report.edited_on_both_sides.append(Passages(mine["uuid"], title, *versions, winner))

    def _merged(self, annotation_id: str) -> Version:
        """The annotation as this file holds it once merged (in a dry run too: the merge
        is done, then undone)."""
        row = self._row("main", annotation_id)
        return self._version(row, self._tag_ids("main", row))

    def _version(self, row: Row, tag_ids: frozenset[str]) -> Version:
        """An annotation as one side holds it, for a person."""
        tags = tuple(sorted({self._tag_path(t) for t in tag_ids}))
        author = self._author(row["author_uuid"])
        deleted = row["deleted_at"] is not None
        modified, edited_by = row["modified_at"], self._author(row["modified_by"])
        ids = tuple(sorted(tag_ids))
        return Version(row["quote"], row["note"], tags, author, modified, deleted, ids, edited_by)

    def _tag_ids(self, side: str, row: Row) -> frozenset[str]:
        """The tags of an annotation as one side holds it: that side's live links (the
        colleague's links left out of the copy, being alike, are ours from before we
        last met)."""
        links = self.db.execute_sql(
            f"SELECT tag_uuid FROM {side}.annotation_tag "
            "WHERE annotation_uuid = ? AND deleted_at IS NULL",
            (row["uuid"],),
        ).fetchall()
        if side == "other":
            links += self.db.execute_sql(
                "SELECT tag_uuid FROM main.annotation_tag m WHERE annotation_uuid = ? "
                "AND deleted_at IS NULL AND created_at <= ? "
                "AND NOT EXISTS (SELECT 1 FROM other.annotation_tag o WHERE o.uuid = m.uuid)",
                (row["uuid"], self.since),
            ).fetchall()
        return frozenset(t for (t,) in links)

    def _name(self, table: str, column: str, row_id: str | None) -> str:
        """A name from our file or the copy (a row held alike is only in ours)."""
        for side in ("main", "other"):
            found = self.db.execute_sql(
                f"SELECT {column} FROM {side}.{table} WHERE uuid = ?", (row_id,)
            ).fetchone()
            if found:
                return "" if found[0] is None else str(found[0])
        return ""

    def _title(self, document_id: str) -> str:
        return self._name("document", "title", document_id) or document_id[:8]

    def _author(self, author_id: str | None) -> str:
        return self._name("author", "name", author_id) or "an unknown author"

    def _tag_path(self, tag_id: str) -> str:
        """A tag as its path ("Risks/Institutional"): a name alone can be ambiguous."""
        parts: list[str] = []
        current: str | None = tag_id
        while current and len(parts) < MAX_SHOWN_DEPTH:
            parts.append(self._name("tag", "name", current) or current[:8])
            current = self._name("tag", "parent_uuid", current) or None
        return "/".join(reversed(parts))

    def _all(self, sql: str) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self.db.execute_sql(sql).fetchall()
        return rows


def _same(mine: Row, theirs: Row, mutable: tuple[str, ...]) -> bool:
    return all(mine[c] == theirs[c] for c in mutable)


def _short(text: str, most: int = 60) -> str:
    """Words for one line: at most ``most`` characters, … where cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= most else flat[: most - 1].rstrip() + "…"


def _shown(row: Row) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("text", "structure")}
