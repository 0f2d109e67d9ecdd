"""Comparing two readings of a long record (``Library.compare``): two authors with
10,000 passages each on a 1 M-character record.

The floor, measured in the same run: numpy over the per-character labels (a boolean
array per reader and tag, its sums and the kappa), given the passages already in
memory; Marginalia's figure includes reading them from the database.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from benchmarks.common import Row, median_time, random_passages, synthetic_text
from models import ImportedDocument, Library

Reading = list[tuple[int, int, tuple[str, ...]]]


def _numpy_floor(length: int, readings: list[Reading], tags: list[str]) -> None:
    import numpy as np

    for tag in tags:
        labels = []
        for passages in readings:
            coded = np.zeros(length, dtype=bool)
            for start, end, carried in passages:
                if tag in carried:
                    coded[start:end] = True
            labels.append(coded)
        a, b = labels[0].mean(), labels[1].mean()
        observed = (labels[0] == labels[1]).mean()
        chance = a * b + (1 - a) * (1 - b)
        _ = (observed - chance) / (1 - chance) if chance < 1 else None


def run(quick: bool = False) -> list[Row]:
    chars, count = (200_000, 2_000) if quick else (1_000_000, 10_000)
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "compare.db", author="Amina")
        text = synthetic_text(chars, seed=5)
        doc = library.import_document(ImportedDocument("Long", text, "l.txt", "txt")).id
        tags = [library.create_tag(f"Tag {n}").id for n in range(9)]
        rng = random.Random(5)
        readings = []
        for author in ("Amina", "Bo"):
            library.set_author(author)
            passages = random_passages(rng, len(text), count, tags)
            library.annotate_many(doc, passages)
            readings.append([(p.start, p.end, tuple(p.tag_ids)) for p in passages])
        compared = median_time(lambda: library.compare(doc, "Amina", "Bo"), 3)
        floor = median_time(lambda: _numpy_floor(len(text), readings, tags), 3)
        library.close()
    what = f"compare two authors, {count:,} passages each, {chars:,} chars, 9 tags"
    return [Row(what, compared, floor, "< 1 s", compared < 1.0)]
