"""Where each annotation's stripe goes in the margin beside the text (no painting here).

Every annotation is a stripe along its extent, MAXQDA-style. Overlapping annotations
stand side by side in columns, so every tag on a passage shows: an annotation takes the
leftmost column no annotation overlapping it holds. Laid out all at once (a record
opened), the columns are as few as the deepest overlap needs; added one at a time (a
highlight made), a stripe never moves the others. Positions are Qt (UTF-16) positions,
as the reader draws them.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

from ui.highlighter import Passage


class Stripe(NamedTuple):
    """One annotation's stripe: its extent (Qt positions), column and tags."""

    start: int
    end: int
    id: str
    tag_ids: tuple[str, ...]
    column: int


class MarginLayout:
    """The stripes of one record, found by position in O(log n + found)."""

    def __init__(self, passages: Iterable[Passage] = ()) -> None:
        self._stripes: list[tuple[int, int, str, tuple[str, ...], int]] = []  # as Stripe
        self._max_end: list[int] = []
        self._columns = 0
        self.set_passages(passages)

    def set_passages(self, passages: Iterable[Passage]) -> None:
        """Lay out every stripe anew, in text order, each in the leftmost column free at
        its start: in that order the fewest columns (an interval graph's greedy colouring).
        Plain tuples, not Stripes: a record's 10,000 are laid out while it opens."""
        stripes = []
        ends: list[int] = []  # where each column is free again
        for start, end, annotation_id, tag_ids in sorted(passages):
            for column, free_from in enumerate(ends):
                if free_from <= start:
                    ends[column] = end
                    break
            else:
                column = len(ends)
                ends.append(end)
            stripes.append((start, end, annotation_id, tag_ids, column))
        self._stripes = stripes
        self._reindex(columns=len(ends))

    def add(self, passage: Passage) -> Stripe:
        """Place one more stripe in the leftmost column free along it."""
        start, end, annotation_id, tag_ids = passage
        taken = {s.column for s in self.between(start, end)}
        column = next(c for c in range(len(taken) + 1) if c not in taken)
        insort(self._stripes, (start, end, annotation_id, tag_ids, column))
        self._reindex()
        return Stripe(start, end, annotation_id, tag_ids, column)

    def remove(self, annotation_id: str) -> None:
        """Take an annotation's stripe out (the others keep their columns)."""
        kept = [s for s in self._stripes if s[2] != annotation_id]
        if len(kept) != len(self._stripes):
            self._stripes = kept
            self._reindex()

    def between(self, start: int, end: int) -> list[Stripe]:
        """The stripes overlapping positions ``start:end`` (a position for an empty range),
        in text order."""
        end = max(end, start + 1)
        found = []
        index = bisect_left(self._stripes, (end,)) - 1
        while index >= 0 and self._max_end[index] > start:
            stripe = self._stripes[index]
            if stripe[1] > start:
                found.append(Stripe._make(stripe))
            index -= 1
        found.reverse()
        return found

    def stripe(self, annotation_id: str) -> Stripe | None:
        return next((Stripe._make(s) for s in self._stripes if s[2] == annotation_id), None)

    def columns(self) -> int:
        """How many columns the stripes use."""
        return self._columns

    def __len__(self) -> int:
        return len(self._stripes)

    def _reindex(self, columns: int | None = None) -> None:
        self._max_end = list(accumulate(map(itemgetter(1), self._stripes), max))
        if columns is None:
            columns = max(map(itemgetter(4), self._stripes), default=-1) + 1
        self._columns = columns
