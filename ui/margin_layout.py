"""Where each annotation's stripe goes in the margin beside the text (no painting here).

Every annotation is a stripe along its extent, MAXQDA-style. Overlapping annotations
stand side by side in columns, so every tag on a passage shows: an annotation takes the
leftmost column no annotation overlapping it holds. Laid out all at once (a record
opened), the columns are as few as the deepest overlap needs; added one at a time (a
highlight made), a stripe never moves the others. Positions are Qt (UTF-16) positions,
as the reader draws them.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections.abc import Iterable
from itertools import accumulate
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
        self._stripes: list[Stripe] = []
        self._max_end: list[int] = []
        self.set_passages(passages)

    def set_passages(self, passages: Iterable[Passage]) -> None:
        """Lay out every stripe anew: the fewest columns (interval partitioning)."""
        stripes: list[Stripe] = []
        busy: list[tuple[int, int]] = []  # (end, column) of the stripes still open
        free: list[int] = []  # columns given back, smallest first
        for start, end, annotation_id, tag_ids in sorted(passages):
            while busy and busy[0][0] <= start:
                heapq.heappush(free, heapq.heappop(busy)[1])
            column = heapq.heappop(free) if free else len(busy)
            heapq.heappush(busy, (end, column))
            stripes.append(Stripe(start, end, annotation_id, tag_ids, column))
        self._stripes = stripes
        self._reindex()

    def add(self, passage: Passage) -> Stripe:
        """Place one more stripe in the leftmost column free along it."""
        start, end, annotation_id, tag_ids = passage
        taken = {s.column for s in self.between(start, end)}
        column = next(c for c in range(len(taken) + 1) if c not in taken)
        stripe = Stripe(start, end, annotation_id, tag_ids, column)
        insort(self._stripes, stripe)
        self._reindex()
        return stripe

    def remove(self, annotation_id: str) -> None:
        """Take an annotation's stripe out (the others keep their columns)."""
        kept = [s for s in self._stripes if s.id != annotation_id]
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
            if stripe.end > start:
                found.append(stripe)
            index -= 1
        found.reverse()
        return found

    def stripe(self, annotation_id: str) -> Stripe | None:
        return next((s for s in self._stripes if s.id == annotation_id), None)

    def columns(self) -> int:
        """How many columns the stripes use."""
        return max((s.column for s in self._stripes), default=-1) + 1

    def __len__(self) -> int:
        return len(self._stripes)

    def _reindex(self) -> None:
        self._max_end = list(accumulate((s.end for s in self._stripes), max))
