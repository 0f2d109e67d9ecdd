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


def annotated_library(path: Path, chars: int, count: int, seed: int,
                      notes: bool = False) -> tuple[Any, str, list[str]]:  # fmt: skip
    """A library at ``path`` with one record of ``chars`` characters, nine tags and
    ``count`` annotations; returns (library, document id, tag ids)."""
    from models import ImportedDocument, Library

    library = Library.open(path, author="Bench")
    text = synthetic_text(chars, seed=seed)
    doc = library.import_document(ImportedDocument("Long record", text, "long.txt", "txt")).id
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
