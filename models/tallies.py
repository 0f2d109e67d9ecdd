"""Tag counts kept current by the edits that change them, not by recounting the library.

Counting every tag's passages reads every tagging of every record: half a second for
100,000 annotations, seconds for a million. The annotating loop changes one annotation at
a time, so the counts are kept in memory and moved by what that annotation contributed
before and after the edit (``tallied``). They are trusted only while nothing else has
written: the database's mark (SQLite's data version and this connection's change count)
must be the one recorded after the last tallied edit, and the shown tag tree the same.
Anything else — a merge, a tag edit, another program — makes the next reading count
everything again, so a count is never wrong, only sometimes slow.

Counting from scratch takes seconds for a million annotations, so when the library is
closed the counts are kept in a small file in the user's cache folder, with the database
file's identity (inode, size, modification and change times). The next opening uses
them only if the file is exactly as it was left and nothing is waiting in its log;
otherwise it counts.

A key is ``(tag, WITH_ITSELF)``: passages carrying the shown tag, or ``(tag,
WITH_SUBTAGS)``: carrying it or any tag below it. Each passage counts once per key.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from models.store import Store
from models.tag_tree import TagTree

WITH_ITSELF, WITH_SUBTAGS = 0, 1
Key = tuple[str, int]
_NO_KEYS: frozenset[Key] = frozenset()
Shape = tuple[dict[str, str], dict[str, str | None]]


class Tallies(Store):
    """The counts behind ``Tags.tags()``; mixed into the library with ``Tags``."""

    _tally: Counter[Key] | None = None
    _tally_mark: tuple[int, int] | None = None
    _tally_shape: Shape | None = None
    _versions_mark: tuple[int, int] | None = None
    _versions_trusted = False
    _newer_versions: dict[str, str] = {}  # noqa: RUF012 (replaced, never mutated)

    def tally(self, tree: TagTree, recount: bool = False) -> Counter[Key]:
        """Every shown tag's counts (from memory when still true, else counted)."""
        mark = self.data_mark()
        if (
            not recount
            and self._tally is not None
            and mark
            and mark == self._tally_mark
            and _shape(tree) == self._tally_shape
        ):
            return self._tally
        tally = None if recount else self._saved_tally(tree)
        if tally is None:
            tally = self._count_all(tree)
        self._tally, self._tally_mark, self._tally_shape = tally, mark, _shape(tree)
        return tally

    @contextmanager
    def counts_unchanged(self) -> Iterator[None]:
        """Around a write that changes no count (what the officer has seen): counts
        current before stay current, rather than counted again at the next reading."""
        before = self.data_mark()
        current = before is not None and self.tally_is_current()
        versions = before is not None and self._versions_mark == before
        yield
        after = self.data_mark()
        if current:
            self._tally_mark = after
        if versions:
            self._versions_mark = after

    # -- kept between sessions --------------------------------------------------------

    def current_tally(self, tree: TagTree) -> Counter[Key] | None:
        """The counts in memory if they are still true (None rather than counting)."""
        if self.tally_is_current() and _shape(tree) == self._tally_shape:
            return self._tally
        return None

    def tally_is_current(self) -> bool:
        """The counts in memory are those of the data as it is now."""
        mark = self.data_mark()
        return self._tally is not None and mark is not None and mark == self._tally_mark

    def keep_tally(self, database: Path, database_id: str) -> None:
        """After closing (the counts current just before): leave them for the next
        opening of this exact file."""
        if self._tally is None or self._tally_shape is None or _log_pending(database):
            return
        counts = [[tag, kind, n] for (tag, kind), n in self._tally.items() if n]
        kept = {"file": _identity(database), "shape": list(self._tally_shape), "tally": counts}
        target = _tally_file(database, database_id)
        with suppress(OSError):  # a cache: never worth failing a close for
            target.parent.mkdir(parents=True, exist_ok=True)
            part = target.with_name(f".{target.name}.{os.getpid()}.part")
            part.write_text(json.dumps(kept), encoding="utf-8")
            part.replace(target)

    def _saved_tally(self, tree: TagTree) -> Counter[Key] | None:
        """The counts left by the last closing, if the file has not changed since."""
        database: Path | None = getattr(self.db, "file", None) or getattr(self, "path", None)
        if database is None or self.db.connection().total_changes or _log_pending(database):
            return None
        try:
            from models.database import database_uuid

            kept_file = _tally_file(database, database_uuid(self.db))
            kept = json.loads(kept_file.read_text(encoding="utf-8"))
            if kept["file"] != _identity(database) or kept["shape"] != list(_shape(tree)):
                return None
            return Counter({(str(tag), int(kind)): int(n) for tag, kind, n in kept["tally"]})
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @contextmanager
    def tallied(self, annotation_ids: Iterable[str] = ()) -> Iterator[list[str]]:
        """Around a write that changes only these annotations (the caller appends the
        ids of annotations it creates to the yielded list): the counts move by their
        difference. Inside another transaction, or with counts not current, nothing is
        kept and the next reading counts again."""
        ids = list(annotation_ids)
        mark = self.data_mark()
        if mark is not None and self._versions_mark != mark:
            self._newer_versions = self._read_newer_versions()
            self._versions_mark = mark
        trusted_before = self._versions_trusted
        self._versions_trusted = trusted_before or mark is not None
        current = self._tally is not None and mark is not None and mark == self._tally_mark
        tree = self.tag_tree() if current else None
        current = current and tree is not None and _shape(tree) == self._tally_shape
        before = self._contributions(ids, tree) if current and tree else {}
        self._tally_mark = None  # until the write is known to be done and counted
        try:
            yield ids
        finally:
            self._versions_trusted = trusted_before
        if mark is not None and self._versions_mark == mark:
            self._versions_mark = self.data_mark()  # only annotations were written
        if not current or self._tally is None:
            return
        after_tree = self.tag_tree()
        if _shape(after_tree) != self._tally_shape:  # the tree changed: count again
            return
        after = self._contributions(ids, after_tree)
        for annotation_id in set(before) | set(after):
            self._tally.subtract(before.get(annotation_id, set()))
            self._tally.update(after.get(annotation_id, set()))
        self._tally_mark = self.data_mark()

    def newer_version(self, document_id: str) -> str | None:
        """The title of a live newer version of a document, if there is one. Inside a
        tallied write the answer is the one read when it began (the loop's writes change
        annotations only): a highlight does not read the document table again."""
        if self._versions_trusted:
            return self._newer_versions.get(document_id)
        return self._read_newer_versions().get(document_id)

    def _read_newer_versions(self) -> dict[str, str]:
        return {
            str(previous): str(title)
            for previous, title in self.all(
                "SELECT revision_of, title FROM document WHERE revision_of IS NOT NULL "
                "AND deleted_at IS NULL AND revision_of != uuid"
            )
        }

    def _contributions(self, ids: list[str], tree: TagTree) -> dict[str, set[Key]]:
        """The keys each live annotation of ``ids`` counts for."""
        found: dict[str, set[Key]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for annotation_id, tag_row in self.all(
                "SELECT l.annotation_uuid, l.tag_uuid FROM annotation_tag l "
                "JOIN annotation a ON a.uuid = l.annotation_uuid "
                f"WHERE l.annotation_uuid IN ({marks}) AND l.deleted_at IS NULL "
                "AND a.deleted_at IS NULL",
                tuple(chunk),
            ):
                found.setdefault(annotation_id, set()).update(_keys(tree, tag_row))
        return found

    def _count_all(self, tree: TagTree) -> Counter[Key]:
        """Count every key from the rows (the slow way, and the truth): one pass over the
        live taggings, read from an index in annotation order, each annotation's keys
        counted once. About two seconds for a million annotations."""
        keys_of = {row: _keys(tree, row) for row in tree.canonical}
        live = {
            uuid
            for (uuid,) in self.db.execute_sql(
                "SELECT uuid FROM annotation INDEXED BY annotation_live WHERE deleted_at IS NULL"
            )
        }
        tally: Counter[Key] = Counter()
        current: str | None = None
        keys: set[Key] = set()
        for annotation_id, tag_row in self.db.execute_sql(
            "SELECT annotation_uuid, tag_uuid FROM annotation_tag INDEXED BY "
            "annotation_tag_document WHERE deleted_at IS NULL"
        ):
            if annotation_id != current:
                tally.update(keys)
                current, keys = annotation_id, set()
            if annotation_id in live:
                keys |= keys_of.get(tag_row, _NO_KEYS)
        tally.update(keys)
        return tally

    def _distinct(self, rows: list[str]) -> int:
        """Live annotations carrying any of the tag ``rows``, each counted once."""
        marks = ",".join("?" * len(rows))
        row = self.one(
            "SELECT count(DISTINCT l.annotation_uuid) FROM annotation_tag l "
            "JOIN annotation a ON a.uuid = l.annotation_uuid WHERE l.deleted_at IS NULL "
            f"AND a.deleted_at IS NULL AND l.tag_uuid IN ({marks})",
            tuple(rows),
        )
        return int(row[0]) if row else 0

    def tag_tree(self) -> TagTree:  # provided by Tags
        raise NotImplementedError


def _keys(tree: TagTree, tag_row: str) -> set[Key]:
    """What one tagging with ``tag_row`` counts for: its shown tag, and that tag and each
    tag above it with their subtags."""
    shown = tree.canonical.get(tag_row)
    if shown is None:
        return set()
    keys: set[Key] = {(shown, WITH_ITSELF)}
    step: str | None = shown
    while step is not None and (step, WITH_SUBTAGS) not in keys:
        keys.add((step, WITH_SUBTAGS))
        step = tree.parent.get(step)
    return keys


def _tally_file(database: Path, database_id: str) -> Path:
    """Where the counts of this database at this place are kept (a copy elsewhere has
    the same id but its own file)."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    place = hashlib.sha256(str(database.resolve()).encode("utf-8", "surrogateescape"))
    name = f"{database_id}-{place.hexdigest()[:16]}.json"
    return Path(cache) / "marginalia" / "tag-counts" / name


def _identity(database: Path) -> list[int]:
    """What changes whenever the file's content can have changed."""
    stat = database.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _log_pending(database: Path) -> bool:
    """Changes are waiting in the write-ahead log (not yet in the file)."""
    log = database.with_name(database.name + "-wal")
    return log.exists() and log.stat().st_size > 0


def _shape(tree: TagTree) -> Shape:
    return (tree.canonical, tree.parent)
