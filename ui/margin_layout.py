"""Where each annotation's stripe goes in the margin beside the text (no painting here).

Every annotation is a stripe along its extent, MAXQDA-style. Overlapping annotations
stand side by side in columns, so every tag on a passage shows: an annotation takes the
leftmost column no annotation overlapping it holds. Laid out all at once (a record
opened), the columns are as few as the deepest overlap needs; added one at a time (a
highlight made), a stripe never moves the others. Positions are Qt (UTF-16) positions,
as the reader draws them.
"""

from __future__ import annotations

from bisect import bisect_left
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
    tag_ids: tuple[str, ...] | None
    """None until read (``ui.passage_tags``)."""
    column: int


class MarginLayout:
    """The stripes of one record, found by position in O(log n + found)."""

    def __init__(self, passages: Iterable[Passage] = ()) -> None:
        self._passages: list[Passage] = []  # in text order
        self._column_of: list[int] = []  # each passage's column, alongside
        self._max_end: list[int] = []  # the furthest end up to each passage
        self._columns = 0
        self.set_passages(passages)

    def set_passages(self, passages: Iterable[Passage]) -> None:
        """Lay out every stripe anew, in text order, each in the leftmost column free at
        its start: in that order the fewest columns (an interval graph's greedy colouring).
        No tuple is made per passage: a record's 10,000 are laid out while it opens."""
        ordered = sorted(passages)
        columns: list[int] = []
        max_end: list[int] = []
        ends: list[int] = []  # where each column is free again
        place, reach, furthest = columns.append, max_end.append, 0
        for start, end, _, _ in ordered:
            for column, free_from in enumerate(ends):
                if free_from <= start:
                    ends[column] = end
                    break
            else:
                column = len(ends)
                ends.append(end)
            place(column)
            if end > furthest:
                furthest = end
            reach(furthest)
        self._passages, self._column_of, self._max_end = ordered, columns, max_end
        self._columns = len(ends)

    def add(self, passage: Passage) -> Stripe:
        """Place one more stripe in the leftmost column free along it."""
        start, end, annotation_id, tag_ids = passage
        taken = {s.column for s in self.between(start, end)}
        column = next(c for c in range(len(taken) + 1) if c not in taken)
        index = bisect_left(self._passages, passage)
        self._passages.insert(index, passage)
        self._column_of.insert(index, column)
        self._reindex()
        return Stripe(start, end, annotation_id, tag_ids, column)

    def remove(self, annotation_id: str) -> None:
        """Take an annotation's stripe out (the others keep their columns)."""
        kept = [n for n, p in enumerate(self._passages) if p[2] != annotation_id]
        if len(kept) != len(self._passages):
            self._passages = [self._passages[n] for n in kept]
            self._column_of = [self._column_of[n] for n in kept]
            self._reindex()

    def between(self, start: int, end: int) -> list[Stripe]:
        """The stripes overlapping positions ``start:end`` (a position for an empty range),
        in text order."""
        end = max(end, start + 1)
        found = []
        index = bisect_left(self._passages, (end,)) - 1
        while index >= 0 and self._max_end[index] > start:
            passage = self._passages[index]
            if passage[1] > start:
                found.append(Stripe(*passage, self._column_of[index]))
            index -= 1
        found.reverse()
        return found

    def stripe(self, annotation_id: str) -> Stripe | None:
        found = (n for n, p in enumerate(self._passages) if p[2] == annotation_id)
        index = next(found, None)
        return None if index is None else Stripe(*self._passages[index], self._column_of[index])

    def columns(self) -> int:
        """How many columns the stripes use."""
        return self._columns

    def __len__(self) -> int:
        return len(self._passages)

    def _reindex(self) -> None:
        self._max_end = list(accumulate(map(itemgetter(1), self._passages), max))
        self._columns = max(self._column_of, default=-1) + 1
