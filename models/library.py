"""The one service through which the app, the CLI and the tests read and change data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from models.database import open_database
from models.entities import Annotation
from models.search import Search
from models.selection import Selection


class Library(Selection, Search):
    """A policy officer's annotation database.

    Every method that changes data runs in one transaction and raises a named error from
    ``models.errors`` (changing nothing) when the call is invalid. Results are immutable
    entities from ``models.entities``.
    """

    @classmethod
    def open(
        cls, path: str | Path, author: str = "", clock: Callable[[], int] | None = None
    ) -> Library:
        """Open (or create) the database at ``path`` on behalf of ``author``."""
        return cls(open_database(path), author=author, clock=clock)

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

    def close(self) -> None:
        """Close the database connection."""
        if not self.db.is_closed():
            self.db.close()
