"""The one service through which the app, the CLI and the tests read and change data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from models.annotations import Annotations
from models.database import open_database
from models.documents import Documents
from models.search import Search
from models.tags import Tags


class Library(Documents, Annotations, Tags, Search):
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

    def close(self) -> None:
        """Close the database connection."""
        if not self.db.is_closed():
            self.db.close()
