"""Shared helpers: timing, synthetic records, the result table."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

FUNCTION_WORDS = "the of and to in a that for on as by with was is be it at its which from"
TOPIC_WORDS = (
    "board migration development cooperation forum agency report policy capacity dialogue "
    "secretary general member states funding risk deadline commitment review global group "
    "refugees labour rights"
)
VOCABULARY = FUNCTION_WORDS.split() + TOPIC_WORDS.split() + [f"w{n}" for n in range(20_000)]
# Zipf's law: the n-th most frequent word occurs about 1/n as often as the first, as in
# real prose; the topic words land at ranks 21-44, where "migration" sits in a UN record.
CUMULATIVE = list(accumulate(1 / (rank + 1) for rank in range(len(VOCABULARY))))


def synthetic_text(chars: int, seed: int) -> str:
    """Paragraphs of record-like prose with a natural (Zipfian) spread of words."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < chars:
        words = rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=rng.randint(40, 120))
        paragraph = " ".join(words).capitalize() + ".\n\n"
        parts.append(paragraph)
        length += len(paragraph)
    return "".join(parts)[:chars].rstrip() + "."


def structured_record(chars: int, seed: int) -> tuple[str, tuple[Any, ...]]:
    """Record-like prose set out as a UN record is: numbered paragraphs under a heading
    every 25, lettered points after every tenth, a quotation every 40th and a small
    table every 50th. Returns the text and its blocks."""
    from models.entities import Block, BlockKind

    rng = random.Random(seed)
    parts: list[str] = []
    blocks: list[Block] = []
    length, number = 0, 0

    def add(kind: BlockKind, words: str, level: int = 0) -> None:
        nonlocal length
        if parts:
            parts.append("\n\n")
            length += 2
        parts.append(words)
        blocks.append(Block(kind, length, length + len(words), level))
        length += len(words)

    def prose(low: int, high: int) -> str:
        return " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=rng.randint(low, high)))

    while length < chars:
        number += 1
        if number % 25 == 1:
            add("heading", f"Section {number // 25 + 1}: {prose(2, 5)}", 1)
        add("paragraph", f"{number}. {prose(40, 120).capitalize()}.")
        if number % 10 == 0:
            for letter in "abc":
                add("list_item", f"({letter}) {prose(8, 30)};", 1)
        if number % 40 == 0:
            add("paragraph", prose(30, 60).capitalize() + ".", 1)  # a quotation
        if number % 50 == 0:
            for row in (("Body", "Position", "Lead"), ("Forum", "Supports", "DESA")):
                add("table_row", " | ".join(row))
    return "".join(parts), tuple(blocks)


def random_passages(rng: random.Random, length: int, count: int, tags: list[str],
                    notes: bool = False) -> list[Any]:  # fmt: skip
    """``count`` passages of 10-300 characters spread over a text, tags in turn."""
    from models import NewAnnotation

    passages = []
    for n in range(count):
        start = rng.randrange(length - 300)
        passages.append(NewAnnotation(start, start + rng.randint(10, 300), (tags[n % len(tags)],),
                                      f"note {n}" if notes else ""))  # fmt: skip
    return passages


def annotated_library(
    path: Path, chars: int, count: int, seed: int, notes: bool = False, structured: bool = False
) -> tuple[Any, str, list[str]]:
    """A library at ``path`` with one record of ``chars`` characters (``structured``: set
    out as ``structured_record`` does), nine tags and ``count`` annotations; returns
    (library, document id, tag ids)."""
    from models import ImportedDocument, Library

    library = Library.open(path, author="Bench")
    text, blocks = (
        structured_record(chars, seed) if structured else (synthetic_text(chars, seed), ())
    )
    record = ImportedDocument("Long record", text, "long.txt", "txt", blocks=blocks)
    doc = library.import_document(record).id
    tags = [library.create_tag(f"Tag {n}").id for n in range(9)]
    rng = random.Random(seed)
    library.annotate_many(doc, random_passages(rng, len(text), count, tags, notes))
    return library, doc, tags


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of ``action`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_time(action: Callable[[], object], repeat: int) -> float:
    """Median seconds over ``repeat`` calls."""
    return statistics.median(timed(action) for _ in range(repeat))


@dataclass
class Row:
    """One line of the table: our figure beside the floor, and the target it must meet."""

    name: str
    ours: float
    floor: float | None
    target: str
    met: bool
    unit: str = "s"
    """Seconds (shown in ms), or "MB"."""

    def cells(self) -> list[str]:
        ratio = f"{self.ours / self.floor:.2f}×" if self.floor else "—"
        floor = self._shown(self.floor) if self.floor is not None else "—"
        return [self.name, self._shown(self.ours), floor, ratio, self.target,
                "yes" if self.met else "NO"]  # fmt: skip

    def _shown(self, figure: float) -> str:
        return f"{figure:,.0f} MB" if self.unit == "MB" else f"{figure * 1000:,.1f} ms"


def print_table(title: str, rows: list[Row]) -> None:
    header = ["measure", "Marginalia", "floor", "ratio", "target", "met"]
    table = [header] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    print(f"\n{title}")
    for number, line in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))
