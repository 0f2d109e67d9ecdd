"""The tags of the open record's passages, read when a passage comes on screen.

Opening a record reads only where its passages lie (one indexed query; the rows are
used as they come). Their tags are read for the few on screen, a batch at a time, by
whatever draws them first (the text's formats, the margin's stripes) and kept until
another record is shown. A passage drawn after an edit carries its tags itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ui.highlighter import Passage

TagLoader = Callable[[list[str]], dict[str, tuple[str, ...]]]
"""Reads the live tags of annotations by id (``Library.tags_of``)."""


class PassageTags:
    """Tags by annotation id, read on demand."""

    def __init__(self) -> None:
        self.loader: TagLoader = lambda ids: {}
        self._known: dict[str, tuple[str, ...]] = {}

    def forget(self) -> None:
        """Another record is shown (or the tags changed): read them again when needed."""
        self._known = {}

    def read(self, passages: Iterable[Passage]) -> None:
        """Read, in one query, the tags of those ``passages`` that do not carry them."""
        missing = [p[2] for p in passages if p[3] is None and p[2] not in self._known]
        if missing:
            found = self.loader(missing)
            self._known.update((i, found.get(i, ())) for i in missing)

    def of(self, passage: Passage) -> tuple[str, ...]:
        """A passage's tag ids (read now if no batch read them)."""
        if passage[3] is not None:
            return passage[3]
        if passage[2] not in self._known:
            self.read([passage])
        return self._known[passage[2]]
