"""Re-anchoring 10,000 annotations onto a revised 1,000,000-character record.

The revision is generated with the true new place of every passage known: paragraphs
inserted, deleted and reworded (one word replaced). Prints the time, and precision and
recall against that truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.common import Row, synthetic_text, timed
from models.anchoring import Landing, OldPassage, reanchor
from models.text import quote_context


@dataclass
class Truth:
    start: int | None  # None: the paragraph was deleted
    end: int | None
    changed: bool  # a reworded word fell inside the passage


def revise(text: str, passages: list[OldPassage], rng: random.Random) -> tuple[str, list[Truth]]:
    paragraphs = text.split("\n\n")
    starts, at = [], 0
    for paragraph in paragraphs:
        starts.append(at)
        at += len(paragraph) + 2
    new_paragraphs, new_starts, edits = [], {}, {}
    length = 0
    for number, paragraph in enumerate(paragraphs):
        roll = rng.random()
        if roll < 0.02:  # deleted
            continue
        if roll < 0.04:  # a new paragraph before this one
            inserted = f"An inserted paragraph number {number} on new matters."
            new_paragraphs.append(inserted)
            length += len(inserted) + 2
        if roll > 0.95 and " " in paragraph:  # one word replaced
            words = paragraph.split(" ")
            index = rng.randrange(len(words))
            position = sum(len(w) + 1 for w in words[:index])
            words[index] = "revisedword"
            edits[number] = (
                position,
                len(words[index]) - len(paragraph.split(" ")[index]),
                len(paragraph.split(" ")[index]),
            )
            paragraph = " ".join(words)
        new_starts[number] = length
        new_paragraphs.append(paragraph)
        length += len(paragraph) + 2
    truths = []
    for passage in passages:
        number = max(i for i, s in enumerate(starts) if s <= passage.start)
        if number not in new_starts:
            truths.append(Truth(None, None, False))
            continue
        inner_start = passage.start - starts[number]
        inner_end = passage.end - starts[number]
        shift, changed = 0, False
        if number in edits:
            position, delta, old_size = edits[number]
            if position >= inner_end:
                pass
            elif position + old_size <= inner_start:
                shift = delta
            else:
                changed = True
        base = new_starts[number]
        truths.append(Truth(base + inner_start + shift, base + inner_end + shift, changed))
    return "\n\n".join(new_paragraphs), truths


def _lands_on(landing: Landing, truth: Truth) -> bool:
    return landing.outcome == "moved" and (landing.start, landing.end) == (truth.start, truth.end)


def _wrong_move(new: str, passage: OldPassage, truth: Truth, landing: Landing) -> bool:
    """A 'moved' landing is wrong if its words differ from the quote, or if it is not the
    passage's true place (a deleted paragraph has none)."""
    if landing.outcome != "moved":
        return False
    if new[landing.start : landing.end].split() != passage.quote.split():
        return True  # changed words must be flagged 'amended'
    return truth.start is None or (landing.start, landing.end) != (truth.start, truth.end)


def make_passages(text: str, count: int, rng: random.Random) -> list[OldPassage]:
    paragraphs, at, spans = text.split("\n\n"), 0, []
    for paragraph in paragraphs:
        spans.append((at, at + len(paragraph)))
        at += len(paragraph) + 2
    passages = []
    for n in range(count):
        first, last = spans[rng.randrange(len(spans))]
        if last - first < 40:
            continue
        start = rng.randrange(first, last - 30)
        end = min(last, start + rng.randint(20, 120))
        prefix, quote, suffix = quote_context(text, start, end)
        passages.append(OldPassage(str(n), start, end, quote, prefix, suffix))
    return passages


def run(quick: bool = False) -> list[Row]:
    chars, count = (200_000, 2_000) if quick else (1_000_000, 10_000)
    rng = random.Random(21)
    old = synthetic_text(chars, seed=17)
    passages = make_passages(old, count, rng)
    new, truths = revise(old, passages, rng)
    landings: list[Landing] = []
    seconds = timed(lambda: landings.extend(reanchor(old, new, passages)))
    results = list(zip(passages, truths, landings, strict=True))
    survived = [(t, landing) for _, t, landing in results if t.start is not None and not t.changed]
    exact = sum(1 for t, landing in survived if _lands_on(landing, t))
    wrong_moves = sum(1 for p, t, landing in results if _wrong_move(new, p, t, landing))
    reworded = [landing for _, t, landing in results if t.changed]
    flagged = sum(1 for landing in reworded if landing.outcome == "amended")
    deleted = [landing for t, landing in zip(truths, landings, strict=True) if t.start is None]
    orphaned = sum(1 for landing in deleted if landing.outcome == "orphaned")
    recall = exact / max(1, len(survived))
    return [
        Row(f"re-anchor {len(passages):,} passages, {chars:,} chars", seconds, None, "< 10 s",
            seconds < 10),
        Row(f"  unchanged passages landing exactly: {recall:.2%} of {len(survived):,}",
            seconds, None, "≥ 99%", recall >= 0.99),
        Row(f"  'moved' onto wrong text: {wrong_moves}", seconds, None, "0", wrong_moves == 0),
        Row(f"  passages of deleted paragraphs orphaned: {orphaned} of {len(deleted)}",
            seconds, None, "info", True),
        Row(f"  reworded passages flagged amended: {flagged} of {len(reworded)}",
            seconds, None, "info", True),
    ]  # fmt: skip
