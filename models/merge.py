"""Merging a colleague's database into this one: nothing lost, nothing duplicated.

Rules (DESIGN.md): documents match by id, then by content hash; tags by id, then by
name path (case-insensitive); annotations, links and authors by id. When the same
record or tag was created separately on both sides, both adopt the smaller id, so that
merging either way ends with the same rows. The newer modification wins; equal times
are settled by comparing the rows' contents, so every merge order gives one result.
Tombstones travel like any other change. One transaction; a backup is written first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from peewee import SqliteDatabase

from models.database import backup_database, database_uuid
from models.errors import InvalidRows
from models.merge_read import COLUMNS, OtherDatabase, Row, read_other
from models.store import link_uuid

Kind = Literal["author", "document", "tag", "annotation", "annotation_tag"]
KINDS: tuple[Kind, ...] = ("author", "document", "tag", "annotation", "annotation_tag")
IMMUTABLE = {"uuid", "created_at", "text", "content_hash"}


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


@dataclass
class MergeReport:
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    collisions: list[Collision] = field(default_factory=list)
    backup: Path | None = None
    dry_run: bool = False
    reanchored: dict[str, int] = field(default_factory=dict)
    """Annotations made on an older version of a record, carried to its newest one."""

    def changed(self) -> bool:
        return any(c.added or c.updated or c.deleted for c in self.counts.values())

    def describe(self) -> list[str]:
        """The report as lines for a person (the CLI prints them, the app shows them)."""
        names = {"author": "authors", "document": "documents", "tag": "tags",
                 "annotation": "annotations", "annotation_tag": "tag links"}  # fmt: skip
        lines = [f"{names[kind]:<12} {c.added} added, {c.updated} updated, {c.deleted} deleted, "
                 f"{c.unchanged} unchanged" for kind, c in self.counts.items()]  # fmt: skip
        for collision in self.collisions:
            what = f"{names[collision.kind][:-1]} {collision.id[:8]}"
            lines.append(f"collision: {what} was edited on both sides; "
                         f"the {collision.winner} version (the newer) is kept")  # fmt: skip
        if any(self.reanchored.values()):
            counts = ", ".join(f"{n} {outcome}" for outcome, n in self.reanchored.items())
            lines.append(f"annotations made on an older version, carried to the newest: {counts}")
        if self.backup:
            lines.append(f"backup of the database before merging: {self.backup}")
        return lines


class _Rollback(Exception):
    """Ends a dry run: everything the merge did is undone."""


def merge_database(
    db: SqliteDatabase,
    other_path: str | Path,
    dry_run: bool = False,
    after: Callable[[set[str]], dict[str, int]] | None = None,
) -> MergeReport:
    """Merge the database at ``other_path`` into ``db``; see the module's rules.

    Raises:
        IncompatibleDatabase (and its kinds): the other file is refused whole, before
            anything is written.

    ``after`` runs inside the transaction with the ids of the other file's annotations
    (the library re-anchors those left on an older version of a record) and returns
    counts for the report.
    """
    other = read_other(other_path)
    report = MergeReport(dry_run=dry_run)
    if not dry_run and db.database != ":memory:":
        report.backup = backup_database(Path(db.database), "merge")
    # Attached (outside the transaction: SQLite cannot detach a file a transaction read),
    # the verified file's new rows are copied by SQLite itself, not row by row from Python.
    db.execute_sql("ATTACH DATABASE ? AS other", (str(Path(other_path).resolve()),))
    try:
        with db.atomic():
            db.execute_sql("PRAGMA defer_foreign_keys = ON")
            _Merge(db, other, report).run()
            if after is not None:
                report.reanchored = after({row[0] for row in other.tuples["annotation"]})
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    finally:
        db.execute_sql("DETACH DATABASE other")
    return report


class _Merge:
    def __init__(self, db: SqliteDatabase, other: OtherDatabase, report: MergeReport) -> None:
        self.db, self.other, self.report = db, other, report
        self.renamed_other = False  # ids changed in memory: the attached file is stale
        self.local_uuid = database_uuid(db)
        self.since = self._last_met()

    def run(self) -> None:
        self._adopt_documents()
        self._adopt_tags()
        if not self.renamed_other:
            self._run_in_sql()
            return
        rows = self.other.rows  # ids were rewritten in these rows: they go through Python
        local = {kind: self._local_rows(kind, rows[kind]) for kind in KINDS}
        # A row both sides hold unchanged was there when they parted: they parted later.
        for kind in KINDS:
            mutable, mine = MUTABLE[kind], local[kind]
            for row in rows[kind]:
                there = mine.get(row["uuid"])
                if there is not None and _same(there, row, mutable):
                    self.since = max(self.since, row["modified_at"])
        for kind in KINDS:
            self._apply(kind, rows[kind], local[kind])
        self._remember_meeting()

    def _run_in_sql(self) -> None:
        """The same rules, with SQLite comparing the two files: only rows that differ
        come to Python, and new rows are copied by SQLite."""
        for kind in KINDS:
            self._check_unchanged_file(kind)
            same = " AND ".join(f"o.{c} IS m.{c}" for c in MUTABLE[kind])
            row = self.db.execute_sql(
                f"SELECT max(o.modified_at) FROM other.{kind} o "
                f"JOIN main.{kind} m ON m.uuid = o.uuid WHERE {same}"
            ).fetchone()
            self.since = max(self.since, row[0] or 0)
        for kind in KINDS:
            columns, width = COLUMNS[kind], len(COLUMNS[kind])
            joined = f"FROM other.{kind} o JOIN main.{kind} m ON m.uuid = o.uuid"
            same = " AND ".join(f"o.{c} IS m.{c}" for c in MUTABLE[kind])
            selected = ", ".join([f"o.{c}" for c in columns] + [f"m.{c}" for c in columns])
            pairs = self._all(f"SELECT {selected} {joined} WHERE NOT ({same})")
            theirs = [dict(zip(columns, p[:width], strict=True)) for p in pairs]
            local = {p[width]: dict(zip(columns, p[width:], strict=True)) for p in pairs}
            shared = self.db.execute_sql(f"SELECT count(*) {joined}").fetchone()[0]
            self.report.counts[kind].unchanged += shared - len(pairs)
            self._apply(kind, theirs, local)
            new = self.other.count(kind) - shared
            self._copy_new(kind, new)
            self.report.counts[kind].added += new
        self._remember_meeting()

    def _check_unchanged_file(self, kind: Kind) -> None:
        count = self.db.execute_sql(f"SELECT count(*) FROM other.{kind}").fetchone()[0]
        if count != self.other.count(kind):
            raise InvalidRows(f"{self.other.path.name} changed while it was being merged; "
                              "nothing was merged.")  # fmt: skip

    # -- matching records and tags created separately ------------------------------------

    def _adopt_documents(self) -> None:
        rows = self._all("SELECT uuid, content_hash FROM document "
                         "ORDER BY deleted_at IS NULL, uuid DESC")  # fmt: skip
        by_hash = {digest: uuid for uuid, digest in rows}  # the live, smallest id wins
        local_ids = {uuid for uuid, _ in rows}
        digest_at = COLUMNS["document"].index("content_hash")
        for document in self.other.tuples["document"]:
            theirs, mine = document[0], by_hash.get(document[digest_at])
            if mine and mine != theirs and theirs not in local_ids:
                self._same(mine, theirs, "document")

    def _adopt_tags(self) -> None:
        local_paths = _paths(self._all(
            "SELECT uuid, name, parent_uuid FROM tag WHERE deleted_at IS NULL"))  # fmt: skip
        by_path = {path: uuid for uuid, path in local_paths.items()}
        at = {c: i for i, c in enumerate(COLUMNS["tag"])}
        tags = self.other.tuples["tag"]
        other_live = [(t[0], t[at["name"]], t[at["parent_uuid"]]) for t in tags
                      if t[at["deleted_at"]] is None]  # fmt: skip
        for theirs, path in sorted(_paths(other_live).items(), key=lambda item: item[1].count("/")):
            mine = by_path.get(path)
            if mine and mine != theirs and theirs not in local_paths:
                self._same(mine, theirs, "tag")

    def _same(self, mine: str, theirs: str, kind: Literal["document", "tag"]) -> None:
        """One record (or tag) under two ids: both databases keep the smaller."""
        keep = min(mine, theirs)
        if keep == theirs:
            self._rename_local(kind, mine, keep)
        else:
            self._rename_other(kind, theirs, keep)

    def _rename_local(self, kind: str, old: str, new: str) -> None:
        run = self.db.execute_sql
        if kind == "document":
            run("UPDATE document SET uuid = ? WHERE uuid = ?", (new, old))
            run("UPDATE document SET revision_of = ? WHERE revision_of = ?", (new, old))
            run("UPDATE annotation SET document_uuid = ? WHERE document_uuid = ?", (new, old))
            run("UPDATE annotation SET anchor_target = ? WHERE anchor_target = ?", (new, old))
            run("UPDATE annotation_tag SET document_uuid = ? WHERE document_uuid = ?", (new, old))
            return
        run("UPDATE tag SET uuid = ? WHERE uuid = ?", (new, old))
        run("UPDATE tag SET parent_uuid = ? WHERE parent_uuid = ?", (new, old))
        links = self._all("SELECT uuid, annotation_uuid FROM annotation_tag WHERE tag_uuid = ?",
                          (old,))  # fmt: skip
        self.db.cursor().executemany(
            "UPDATE annotation_tag SET tag_uuid = ?, uuid = ? WHERE uuid = ?",
            [(new, link_uuid(annotation, new), link) for link, annotation in links],
        )

    def _rename_other(self, kind: str, old: str, new: str) -> None:
        self.renamed_other = True
        rows = self.other.rows
        references = {"document": [("document", "uuid"), ("document", "revision_of"),
                                   ("annotation", "document_uuid"),
                                   ("annotation", "anchor_target"),
                                   ("annotation_tag", "document_uuid")],
                      "tag": [("tag", "uuid"), ("tag", "parent_uuid"),
                              ("annotation_tag", "tag_uuid")]}[kind]  # fmt: skip
        for table, column in references:
            for row in rows[table]:
                if row[column] == old:
                    row[column] = new
        if kind == "tag":
            for link in rows["annotation_tag"]:
                link["uuid"] = link_uuid(link["annotation_uuid"], link["tag_uuid"])

    # -- applying rows -------------------------------------------------------------------

    def _apply(self, kind: Kind, theirs: list[Row], local: dict[str, Row]) -> None:
        counts = self.report.counts[kind]
        mutable = MUTABLE[kind]
        inserts, updates = [], []
        for row in theirs:
            mine = local.get(row["uuid"])
            if mine is None:
                counts.added += 1
                inserts.append(row)
                continue
            if _same(mine, row, mutable):
                counts.unchanged += 1
                continue
            ours_wins = _wins(mine, row, mutable)
            if mine["modified_at"] > self.since and row["modified_at"] > self.since:
                winner: Literal["local", "other"] = "local" if ours_wins else "other"
                self.report.collisions.append(
                    Collision(kind, row["uuid"], _shown(mine), _shown(row), winner)
                )
            if ours_wins:
                counts.unchanged += 1
                continue
            if row["deleted_at"] is not None and mine["deleted_at"] is None:
                counts.deleted += 1
            else:
                counts.updated += 1
            updates.append(row)
        self._write(kind, inserts, new=True)
        self._write(kind, updates, new=False)

    def _copy_new(self, kind: Kind, expected: int) -> None:
        """Insert the other file's rows this database lacks, straight from the file."""
        columns = ", ".join(COLUMNS[kind])
        cursor = self.db.execute_sql(
            f"INSERT INTO main.{kind} ({columns}) SELECT {columns} FROM other.{kind} o "
            f"WHERE NOT EXISTS (SELECT 1 FROM main.{kind} m WHERE m.uuid = o.uuid)"
        )
        if cursor.rowcount != expected:  # the file changed since it was verified
            raise InvalidRows(f"{self.other.path.name} changed while it was being merged; "
                              "nothing was merged.")  # fmt: skip

    def _local_rows(self, kind: Kind, theirs: list[Row]) -> dict[str, Row]:
        """This database's rows with the ids of ``theirs``.

        One scan of the table beats probing it by id: at 100,000 rows, filling a
        temporary table of ids to join on costs three times as much.
        """
        columns = COLUMNS[kind]
        wanted = {r["uuid"] for r in theirs}
        cursor = self.db.execute_sql(f"SELECT {', '.join(columns)} FROM {kind}")
        return {
            values[0]: dict(zip(columns, values, strict=True))
            for values in cursor
            if values[0] in wanted
        }

    def _write(self, kind: Kind, rows: list[Row], new: bool) -> None:
        """Insert rows this database lacks, or overwrite the ones whose other side won."""
        if not rows:
            return
        columns = COLUMNS[kind]
        conflict = "ON CONFLICT(uuid) DO UPDATE SET " + ", ".join(
            f"{c} = excluded.{c}" for c in MUTABLE[kind]
        )  # a plain insert for new rows: cheaper than an upsert
        self.db.cursor().executemany(
            f"INSERT INTO {kind} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"{'' if new else conflict}",
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

    def _align_links(self) -> None:
        """A link's document is its annotation's: when the annotation's newer side moved it
        to a new version and the link's newer side did not, the link follows (both merge
        directions derive the same, so they still converge)."""
        owner = "(SELECT a.document_uuid FROM annotation a WHERE a.uuid = l.annotation_uuid)"
        self.db.execute_sql(
            f"UPDATE annotation_tag AS l SET document_uuid = {owner} "
            f"WHERE document_uuid IS NOT {owner}"
        )

    def _remember_meeting(self) -> None:
        self._align_links()
        stamp = max(self.other.max_modified(), self.since)
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

    def _all(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self.db.execute_sql(sql, tuple(params)).fetchall()
        return rows


def _paths(tags: Iterable[tuple[str, str, str | None]]) -> dict[str, str]:
    """Tag id -> lower-cased name path, from (id, name, parent id) rows."""
    rows = {uuid: (name, parent) for uuid, name, parent in tags}

    def path(uuid: str) -> str:
        name, parent = rows[uuid]
        return f"{path(parent)}/{name.casefold()}" if parent in rows else name.casefold()

    return {uuid: path(uuid) for uuid in rows}


MUTABLE = {kind: tuple(c for c in COLUMNS[kind] if c not in IMMUTABLE) for kind in KINDS}
"""The columns a merge may change, per kind (never ids, creation times or texts)."""


def _same(mine: Row, theirs: Row, mutable: tuple[str, ...]) -> bool:
    return all(mine[c] == theirs[c] for c in mutable)


def _rank(value: Any) -> tuple[int, Any]:
    """Values of a column made comparable: None < numbers < text."""
    return (0, 0) if value is None else (1, value) if isinstance(value, int) else (2, str(value))


def _wins(mine: Row, theirs: Row, mutable: tuple[str, ...]) -> bool:
    """True when the local row stays: newer, or at equal times the greater content."""
    if mine["modified_at"] != theirs["modified_at"]:
        return bool(mine["modified_at"] > theirs["modified_at"])
    return [_rank(mine[c]) for c in mutable] >= [_rank(theirs[c]) for c in mutable]


def _shown(row: Row) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("text", "structure")}
