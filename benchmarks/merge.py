"""Merging two databases of 100,000 annotations each (half of their history shared),
against raw SQLite (ATTACH + INSERT … ON CONFLICT upsert of the same rows). The merge
includes what the floor does not: reading the other file once into a private copy,
checking every row there, the backup, and deriving placements (issue #9: ≤ 3×)."""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
from pathlib import Path

from benchmarks.common import Row, random_passages, synthetic_text, timed
from models import ImportedDocument, Library
from models.merge_checks import COLUMNS


def upsert_floor(receiving: Path, other: Path) -> float:
    conn = sqlite3.connect(receiving, isolation_level=None)
    conn.execute("ATTACH DATABASE ? AS other", (str(other),))

    def upsert() -> None:
        conn.execute("BEGIN")
        for table, names in COLUMNS.items():  # every shared column of every table
            columns = ", ".join(names)
            updates = ", ".join(f"{c} = excluded.{c}" for c in names[1:])
            conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM "
                         f"other.{table} WHERE true ON CONFLICT(uuid) DO UPDATE SET {updates} "
                         f"WHERE excluded.modified_at > {table}.modified_at")  # fmt: skip
        conn.execute("COMMIT")

    seconds = timed(upsert)
    conn.close()
    return seconds


def run(quick: bool = False) -> list[Row]:
    each = 10_000 if quick else 100_000
    rng = random.Random(12)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        ana = Library.open(folder / "ana.db", author="Ana")
        text = synthetic_text(1_000_000, seed=3)
        doc = ana.import_document(ImportedDocument("Record", text, "r.txt", "txt")).id
        tags = [ana.create_tag(f"Tag {n}").id for n in range(9)]
        shared = ana.annotate_many(doc, random_passages(rng, len(text), each // 2, tags))
        ana.share(folder / "bo.db")
        bo = Library.open(folder / "bo.db", author="Bo")
        for library in (ana, bo):
            library.annotate_many(doc, random_passages(rng, len(text), each // 2, tags))
        for annotation_id in rng.sample(shared, each // 20):  # both sides edit some notes
            bo.set_note(annotation_id, "edited by Bo")
        bo.close()
        ana.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        ana.close()
        shutil.copy(folder / "ana.db", folder / "floor.db")
        floor = upsert_floor(folder / "floor.db", folder / "bo.db")
        ana = Library.open(folder / "ana.db", author="Ana")
        ours = timed(lambda: ana.merge(folder / "bo.db"))
        ana.close()
    name = (f"merge {each:,} + {each:,} annotations, half shared (incl. the private copy, "
            "checks, backup)")  # fmt: skip
    return [Row(name, ours, floor, "≤ 3× floor", ours <= 3 * floor)]
