"""The one service through which the app, the CLI and the tests read and change data."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from models.agreement import Coded, Comparison, compare
from models.arrivals import Arrivals
from models.database import database_uuid, open_database
from models.entities import (
    Annotation,
    DocumentSummary,
    ImportedComment,
    ImportedDocument,
    NewAnnotation,
)
from models.errors import InvalidRange, NotFound
from models.files import settle_backups
from models.merge import MergeReport, merge_database, refuse_itself
from models.merge_checks import EARLIEST
from models.merge_choices import Choices
from models.repair import repair_on_open
from models.revisions import Revisions
from models.search import Search
from models.selection import Selection
from models.share import ShareRequest, write_share
from models.tag_listing import TagListing
from models.text import clean_line, clean_note


class Library(Selection, Revisions, Search, TagListing, Arrivals):
    """A policy officer's annotation database.

    Every method that changes data runs in one transaction and raises a named error from
    ``models.errors`` (changing nothing) when the call is invalid. Results are immutable
    entities from ``models.entities``.
    """

    @classmethod
    def open(
        cls, path: str | Path, author: str = "", clock: Callable[[], int] | None = None
    ) -> Library:
        """Open (or create) the database at ``path`` on behalf of ``author``.

        A database that needs repairing (see ``models.repair``) is repaired; ``repairs``
        then says what was done.
        """
        library = cls(open_database(path), author=author, clock=clock)
        library.repairs = repair_on_open(library)
        if library.path and not library.read_only:
            settle_backups(library.path, library._meta_value("pending_backup"))
        return library

    def _meta_value(self, key: str) -> str | None:
        row = self.one("SELECT value FROM meta WHERE key = ?", (key,))
        return str(row[0]) if row else None

    repairs: list[str] = []  # noqa: RUF012 (read-only default; open() sets a new list)

    def annotate_tagged(
        self,
        document_id: str,
        start: int,
        end: int,
        tag_paths: Iterable[str] = (),
        note: str = "",
    ) -> Annotation:
        """Annotate with tags named by path, creating missing tags, all in one transaction."""
        with self.db.atomic():
            tag_ids = [self.ensure_tag_path(path).id for path in tag_paths]
            return self.annotate(document_id, start, end, tag_ids, note)

    def share(
        self,
        out: str | Path,
        document_ids: Iterable[str] = (),
        tag_paths: Iterable[str] = (),
        without_authors: Iterable[str] = (),
        no_notes: bool = False,
    ) -> str:
        """Write a standalone copy for a colleague (see ``models.share``); return its id.

        The copy remembers when it was made, so merging it back can tell which edits
        collided.
        """
        documents = [self.resolve_document_id(d) for d in document_ids]
        tree = self.tag_tree()
        shown = {s for p in tag_paths for s in tree.subtree(self.tag_by_path(p).id)}
        tags = [t for t, canonical in tree.canonical.items() if canonical in shown]
        met = self.now()  # every change in the copy is dated at or before this
        request = ShareRequest(
            tuple(documents), tuple(tags), tuple(without_authors), no_notes, clock=met
        )
        copy_id = write_share(self.db.connection(), self.path, out, request)
        if self.read_only:  # the copy is made; this database cannot note that it was
            return copy_id
        with self.db.atomic():  # met then, not now: the colleague's edits come after ``met``
            self.db.execute_sql(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (f"sync:{copy_id}", str(met)),
            )
        return copy_id

    def import_record(
        self, imported: ImportedDocument, with_comments: bool = True
    ) -> tuple[DocumentSummary, int]:
        """Import a record and, ``with_comments``, its file's own comments (Word's) as
        annotations by their authors, dated when written, in one transaction; returns
        the record and how many comments became annotations (none for a record that
        was restored: its annotations came back with it)."""
        with self.db.atomic():
            summary = self.import_document(imported)
            if not with_comments or summary.restored or not imported.comments:
                return summary, 0
            return summary, self._annotate_comments(summary.id, imported.comments)

    def _annotate_comments(self, document_id: str, comments: Iterable[ImportedComment]) -> int:
        comments = list(comments)
        passages = [NewAnnotation(c.start, c.end, (), clean_note(c.note)) for c in comments]
        ids = self.annotate_many(document_id, passages)
        now = self.wall_clock()
        for annotation_id, comment in zip(ids, comments, strict=True):
            author = self._author_for(clean_line(comment.author) or "Unknown author")
            when = comment.created
            created = when if when is not None and EARLIEST <= when <= now else None
            self.db.execute_sql(
                "UPDATE annotation SET author_uuid = ?, "
                "created_at = coalesce(min(?, created_at), created_at) WHERE uuid = ?",
                (author, created, annotation_id),
            )
        return len(ids)

    def compare(
        self,
        document_id: str,
        first: str,
        second: str,
        tag_ids: Iterable[str] | None = None,
        min_overlap: float = 0.5,
    ) -> Comparison:
        """How far two authors' readings of a record agree (``models.agreement``): for
        ``tag_ids`` (default: every tag either used on it), and for highlighting at all.

        Raises:
            NotFound: no such record, or no author of that name annotated it.
            InvalidRange: ``min_overlap`` is not a share above 0 and at most 1.
        """
        if first == second:
            raise InvalidRange(f"Choose two different readers (both are “{first}”).")
        length, passages = self._readings(document_id, min_overlap)
        readers = sorted({author for author, _ in passages})
        for name in (first, second):
            if name not in readers:
                known = ", ".join(readers) or "no one yet"
                raise NotFound(f"No passage of this record is by “{name}” (by: {known}).")
        coded = {who: [c for author, c in passages if author == who] for who in (first, second)}
        if tag_ids is None:
            tag_ids = {t for passages in coded.values() for c in passages for t in c.tags}
        else:  # only passages with one of these tags: the lists, as the rows
            tag_ids = set(tag_ids)
            coded = {who: [c for c in cs if c.tags & tag_ids] for who, cs in coded.items()}
        tags = sorted(((t, self.tag(t).path) for t in set(tag_ids)), key=lambda pair: pair[1])
        return compare(length, coded[first], coded[second], tags, min_overlap)

    def compare_tags(
        self, document_id: str, first: str, second: str, min_overlap: float = 0.5
    ) -> Comparison:
        """How far the passages of two tags agree on a record, whoever marked them: two
        readings kept apart by tag rather than by author ("Ana's reading", "Bo's"). Its
        one row is "(any passage)": each tag's passages, as a reader's.

        Raises:
            NotFound: no such record, or no passage of it carries that tag.
            InvalidRange: ``min_overlap`` is not a share above 0 and at most 1.
        """
        if first == second:
            raise InvalidRange("Choose two different tags to compare.")
        length, passages = self._readings(document_id, min_overlap)
        coded = {}
        for tag_id in (first, second):
            coded[tag_id] = [c for _, c in passages if tag_id in c.tags]
            if not coded[tag_id]:
                raise NotFound(f"No passage of this record carries “{self.tag(tag_id).path}”.")
        return compare(length, coded[first], coded[second], [], min_overlap)

    def _readings(
        self, document_id: str, min_overlap: float
    ) -> tuple[int, list[tuple[str, Coded]]]:
        """A record's length and its live passages with their authors: where each lies,
        its tags and whose it is, not its words or note."""
        if not 0 < min_overlap <= 1:
            raise InvalidRange(
                f"The overlap must be a share above 0 and at most 1, not {min_overlap}."
            )
        length = self.document_summary(document_id).length
        rows = self.all(
            "SELECT a.start_pos, a.end_pos, a.uuid, ifnull(au.name, '') FROM annotation a "
            "LEFT JOIN author au ON au.uuid = a.author_uuid "
            "WHERE a.document_uuid = ? AND a.deleted_at IS NULL",
            (document_id,),
        )
        tags_of = self._tag_ids([document_id])
        return length, [
            (str(author), Coded(start, end, frozenset(tags_of.get(uuid, ())), uuid))
            for start, end, uuid, author in rows
        ]

    def merge(
        self, other: str | Path, dry_run: bool = False, choices: Choices | None = None
    ) -> MergeReport:
        """Merge a colleague's database into this one (see ``models.merge``), settling
        annotations edited on both sides by ``choices`` (``models.merge_choices``);
        afterwards the database file alone holds everything."""
        if self.read_only and dry_run:
            return self._preview_in_a_copy(other, choices)
        if self.read_only:
            self.db.begin()  # raises ReadOnlyDatabase before anything else is done
        report = merge_database(self, other, dry_run, choices)
        self.checkpoint()
        return report

    def _preview_in_a_copy(self, other: str | Path, choices: Choices | None) -> MergeReport:
        """A preview of merging into a database this program may not write: a preview
        merges, then rolls back, so it is done on a private copy (in the temporary
        folder, removed after)."""
        assert self.path is not None  # a database in memory is never read-only
        refuse_itself(self.path, other)
        with tempfile.TemporaryDirectory(prefix="marginalia-preview-") as folder:
            copy = Path(folder) / self.path.name
            with contextlib.closing(sqlite3.connect(copy)) as target:
                self.db.connection().backup(target)
            preview = Library.open(copy, author=self.author_name, clock=self.wall_clock)
            try:
                return preview.merge(other, dry_run=True, choices=choices)
            finally:
                preview.close()

    @property
    def path(self) -> Path | None:
        """The database file (None for a database in memory)."""
        file: Path | None = getattr(self.db, "file", None)
        return file

    def files(self) -> list[Path]:
        """The database file (none in memory): what no export or copy may overwrite."""
        return [self.path] if self.path else []

    def checkpoint(self) -> None:
        """Move every committed change from the write-ahead log into the database file, so
        the file alone holds everything (copying it copies all the work)."""
        if (
            self.path
            and not self.read_only
            and not self.db.is_closed()
            and not self.db.in_transaction()
        ):
            self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        """Checkpoint, then close the database connection (and keep the tag counts for
        the next opening, see ``models.tallies``)."""
        if not self.db.is_closed():
            identity = None
            with contextlib.suppress(sqlite3.Error):  # another reader may hold the log
                self.checkpoint()
                identity = database_uuid(self.db) if self.tally_is_current() else None
            self.db.close()
            if identity and self.path and not self.read_only:
                self.keep_tally(self.path, identity)
