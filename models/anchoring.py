"""Re-anchoring: where does each annotation of a record land in its revised text?

For every passage: if the text at its expected new position (old position carried
through a line-level diff) is the quote, it stays there. Otherwise every exact
occurrence of the quote in the new text and the best approximate match near the expected
position are scored together — quote similarity, prefix/suffix context similarity and
distance from the expected position — so an exact match elsewhere (the old wording
surviving in another paragraph) cannot win over the amended passage it belonged to.
Outcomes: ``moved`` (the same words found confidently; possibly at the same place),
``amended`` (found, but its words changed: the old quote is kept for review) and
``orphaned`` (no confident match: left for review). rapidfuzz does the approximate
matching.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from rapidfuzz import fuzz

from models.text import find_all

Outcome = Literal["moved", "amended", "orphaned"]
MAX_EXACT_CANDIDATES = 64
MOVED_CONTEXT = 0.6
"""Context similarity an exact match needs to count as the same passage."""
AMENDED_QUOTE = 75.0
"""Quote similarity (0-100) an approximate match needs to count as the amended passage."""
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class OldPassage:
    id: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Landing:
    """Where a passage lands in the new text (None for an orphan) and how."""

    id: str
    outcome: Outcome
    start: int | None
    end: int | None
    score: float


class PositionMap:
    """Old offsets -> expected new offsets, through a line-level diff of the two texts."""

    def __init__(self, old: str, new: str) -> None:
        old_lines, new_lines = old.split("\n"), new.split("\n")
        old_starts, new_starts = _line_starts(old_lines), _line_starts(new_lines)
        matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        self._starts: list[int] = []
        self._deltas: list[int] = []
        for block in matcher.get_matching_blocks():
            if block.size:
                self._starts.append(old_starts[block.a])
                self._deltas.append(new_starts[block.b] - old_starts[block.a])

    def expected(self, offset: int) -> int:
        index = bisect_right(self._starts, offset) - 1
        return offset + (self._deltas[index] if index >= 0 else 0)


def _line_starts(lines: list[str]) -> list[int]:
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    starts.append(at)
    return starts


def _loose(text: str) -> str:
    """Text compared loosely: hyphens inside words dropped (re-extraction breaks and
    re-joins them), white space folded."""
    return _SPACE.sub(" ", re.sub(r"(\w)-\s*(\w)", r"\1\2", text)).strip()


def _context(new: str, start: int, end: int, passage: OldPassage) -> float:
    before = new[max(0, start - len(passage.prefix)) : start]
    after = new[end : end + len(passage.suffix)]
    scores = [fuzz.ratio(passage.prefix, before) if passage.prefix else 100.0,
              fuzz.ratio(passage.suffix, after) if passage.suffix else 100.0]  # fmt: skip
    return sum(scores) / 200


def land(new: str, passage: OldPassage, expected: int) -> Landing:
    """Where one passage lands in ``new`` given its expected position."""
    quote, size = passage.quote, passage.end - passage.start
    if new[expected : expected + size] == quote:
        return Landing(passage.id, "moved", expected, expected + size, 1.0)
    best: tuple[float, int, int] | None = None
    occurrences = sorted(find_all(new, quote), key=lambda at: abs(at - expected))
    for at in occurrences[:MAX_EXACT_CANDIDATES]:
        context = _context(new, at, at + size, passage)
        nearness = 1 - min(1.0, abs(at - expected) / max(2_000, len(new) / 10))
        score = 0.7 * context + 0.3 * nearness
        if best is None or score > best[0]:
            best = (score, at, at + size)
    approximate = _approximate(new, passage, expected)
    confident = best and _context(new, best[1], best[2], passage) >= MOVED_CONTEXT
    if best and confident and (approximate is None or approximate[0] <= best[0] + 0.25):
        return Landing(passage.id, "moved", best[1], best[2], best[0])
    if approximate is not None:
        score, start, end = approximate
        same = _loose(new[start:end]) == _loose(quote)
        return Landing(passage.id, "moved" if same else "amended", start, end, score)
    if best is not None and len(quote) >= 12:  # a long exact quote, even out of context
        return Landing(passage.id, "moved", best[1], best[2], best[0])
    return Landing(passage.id, "orphaned", None, None, 0.0)


def _approximate(new: str, passage: OldPassage, expected: int) -> tuple[float, int, int] | None:
    """The best approximate match of the quote around the expected position, scored like
    an exact one (quote similarity weighs in); None when too unlike.

    A tight window is tried first, so the amended passage itself wins over its old
    wording surviving a paragraph away; a wider one catches passages that moved a little.
    """
    quote = passage.quote
    for margin in (max(40, len(quote) // 2), max(300, 2 * len(quote))):
        left = max(0, expected - margin)
        window = new[left : expected + len(quote) + margin]
        if not window.strip():
            continue
        found = fuzz.partial_ratio_alignment(quote, window, score_cutoff=AMENDED_QUOTE)
        if found is None:
            continue
        start, end = _trim(new, left + found.dest_start, left + found.dest_end)
        if end <= start:
            continue
        context = _context(new, start, end, passage)
        if context >= 0.3 or found.score >= 90:
            return 0.5 * found.score / 100 + 0.5 * context, start, end
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Whole words, no surrounding white space (an alignment may cut a changed word)."""
    while 0 < start < end and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while start < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def reanchor(old: str, new: str, passages: list[OldPassage]) -> list[Landing]:
    """Land every passage of ``old`` in ``new``; nothing is dropped (orphans included)."""
    positions = PositionMap(old, new)
    return [land(new, p, min(len(new), max(0, positions.expected(p.start)))) for p in passages]


def closest(text: str, quote: str) -> tuple[int, int, float] | None:
    """The passage of ``text`` most like ``quote`` anywhere (for an orphan under review):
    (start, end, similarity 0-100), or None when nothing is even half alike."""
    if not quote.strip() or not text.strip():
        return None
    found = fuzz.partial_ratio_alignment(quote, text, score_cutoff=50)
    if found is None:
        return None
    start, end = _trim(text, found.dest_start, found.dest_end)
    return (start, end, found.score) if end > start else None
