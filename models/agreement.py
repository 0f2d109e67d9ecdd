"""How far two readings of a record agree: two officers' passages, tag by tag.

**Over characters** (as MAXQDA and QualCoder compute it). For a tag, every character
of the record is labelled twice: "coded" when a passage of the first reader carrying
the tag covers it, and likewise for the second. With N characters, A and B the numbers
coded by each and S those coded by both:

- percentage agreement  p_o = (S + (N - A - B + S)) / N, the characters both coded or
  both left;
- chance agreement      p_e = (A/N)(B/N) + (1 - A/N)(1 - B/N);
- Cohen's kappa         κ = (p_o - p_e) / (1 - p_e), undefined (None) when p_e = 1:
  both readers coded every character, or neither coded any.

An empty record has nothing to disagree on: p_o = 1, κ undefined. Coverage is counted
once however many passages overlap a character. The "(any passage)" row does the same
for highlighting at all, whatever the tags.

**Over passages.** A passage of one reader counts as agreed when one passage of the
other, carrying the same tag, overlaps at least ``min_overlap`` of its characters.

Offsets are code points, as everywhere in the models. Nothing here reads the database:
``Library.compare`` gathers the passages.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

ANY = "(any passage)"
"""The row comparing highlighting at all, whatever the tags."""


class Coded(NamedTuple):
    """A reader's passage: where it lies and the tags it carries."""

    start: int
    end: int
    tags: frozenset[str]
    id: str = ""


class Match(NamedTuple):
    """A passage of the first reader and the second's that agrees with it best."""

    first: Coded
    second: Coded
    overlap: tuple[int, int]


@dataclass(frozen=True)
class TagAgreement:
    """One tag's agreement between the two readers."""

    tag: str
    length: int
    coded_first: int
    coded_second: int
    coded_both: int
    passages_first: int
    passages_second: int
    agreed_first: int
    """Passages of the first reader that the second's agree with."""
    agreed_second: int

    @property
    def agreement(self) -> float:
        """Percentage agreement over characters, 0 to 1."""
        return observed(self.length, self.coded_first, self.coded_second, self.coded_both)

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa over characters (None when undefined)."""
        return kappa(self.length, self.coded_first, self.coded_second, self.coded_both)

    def cells(self, precise: bool = False) -> list[str]:
        """The row as a table shows it: tag, agreement, kappa, characters coded by the
        first, the second and both, and each reader's passages agreed ("2 of 3";
        ``precise``: "66.7%", a kappa to 3 places and "2/3", for a terminal)."""
        of = "/" if precise else " of "
        return [
            self.tag,
            f"{self.agreement:.1%}" if precise else f"{self.agreement:.0%}",
            kappa_text(self.kappa, 3 if precise else 2),
            f"{self.coded_first:,}",
            f"{self.coded_second:,}",
            f"{self.coded_both:,}",
            f"{self.agreed_first}{of}{self.passages_first}",
            f"{self.agreed_second}{of}{self.passages_second}",
        ]


@dataclass(frozen=True)
class Comparison:
    """Two readings of one record, tag by tag, and which passages only one made."""

    length: int
    min_overlap: float
    tags: list[TagAgreement] = field(default_factory=list)
    both: list[Match] = field(default_factory=list)
    only_first: list[Coded] = field(default_factory=list)
    only_second: list[Coded] = field(default_factory=list)


def observed(length: int, first: int, second: int, both: int) -> float:
    """Share of the ``length`` characters both readers coded or both left."""
    if length == 0:
        return 1.0
    return (both + (length - first - second + both)) / length


def kappa(length: int, first: int, second: int, both: int) -> float | None:
    """Cohen's kappa of two readers' character labels (None when chance agreement is
    certain: one label everywhere for both)."""
    if length == 0:
        return None
    a, b = first / length, second / length
    chance = a * b + (1 - a) * (1 - b)
    if chance >= 1:
        return None
    return (observed(length, first, second, both) - chance) / (1 - chance)


def kappa_text(value: float | None, digits: int = 2) -> str:
    """A kappa for a table: "0.43", "—" when undefined, never "-0.00"."""
    return "—" if value is None else f"{round(value, digits) + 0.0:.{digits}f}"


def compare(
    length: int,
    first: Sequence[Coded],
    second: Sequence[Coded],
    tags: Sequence[tuple[str, str]],
    min_overlap: float = 0.5,
) -> Comparison:
    """Compare two readings of a record of ``length`` characters, for each of ``tags``
    ((id, name) pairs, in the order to report them) and for highlighting at all. The
    passages both marked, and those only one reader marked, are listed whatever their
    tags (the rows tell tag by tag)."""
    rows = [_agreement(ANY, length, first, second, min_overlap)]
    for tag_id, name in tags:
        mine = [c for c in first if tag_id in c.tags]
        theirs = [c for c in second if tag_id in c.tags]
        rows.append(_agreement(name, length, mine, theirs, min_overlap))
    firsts, seconds = _Index(first), _Index(second)
    matches = []
    for passage in first:
        best = seconds.best(passage, min_overlap)
        if best is not None:
            overlap = (max(passage.start, best.start), min(passage.end, best.end))
            matches.append(Match(passage, best, overlap))
    return Comparison(
        length,
        min_overlap,
        rows,
        matches,
        [c for c in first if seconds.best(c, min_overlap) is None],
        [c for c in second if firsts.best(c, min_overlap) is None],
    )


def _agreement(
    name: str, length: int, first: Sequence[Coded], second: Sequence[Coded], min_overlap: float
) -> TagAgreement:
    mine, theirs = _union(first), _union(second)
    firsts, seconds = _Index(first), _Index(second)
    return TagAgreement(
        name,
        length,
        _covered(mine),
        _covered(theirs),
        _shared(mine, theirs),
        len(first),
        len(second),
        sum(seconds.best(c, min_overlap) is not None for c in first),
        sum(firsts.best(c, min_overlap) is not None for c in second),
    )


class _Index:
    """Passages sorted by start with the furthest end so far: those overlapping a span
    are found by bisection."""

    def __init__(self, passages: Iterable[Coded]) -> None:
        self._ordered = sorted(passages, key=lambda p: (p.start, p.end))
        self._starts = [p.start for p in self._ordered]
        self._reach = list(accumulate((p.end for p in self._ordered), max))

    def best(self, passage: Coded, min_overlap: float) -> Coded | None:
        """The passage overlapping ``passage`` most, if by ``min_overlap`` of it."""
        needed = max(1.0, min_overlap * (passage.end - passage.start))
        best, most = None, 0
        index = bisect_left(self._starts, passage.end) - 1
        while index >= 0 and self._reach[index] > passage.start:
            other = self._ordered[index]
            shared = min(passage.end, other.end) - max(passage.start, other.start)
            if shared >= needed and shared > most:
                best, most = other, shared
            index -= 1
        return best


def _union(passages: Iterable[Coded]) -> list[tuple[int, int]]:
    """The characters the passages cover, as sorted, separate spans."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted((p.start, p.end) for p in passages if p.end > p.start):
        if spans and start <= spans[-1][1]:
            if end > spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _covered(spans: list[tuple[int, int]]) -> int:
    return sum(end - start for start, end in spans)


def _shared(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> int:
    """Characters two sorted lists of separate spans both cover."""
    total, i, j = 0, 0, 0
    while i < len(first) and j < len(second):
        low = max(first[i][0], second[j][0])
        high = min(first[i][1], second[j][1])
        total += max(0, high - low)
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return total
