"""The annotation library against raw sqlite3 doing the same work on the same schema."""

from __future__ import annotations

import random
import sqlite3
import tempfile
from pathlib import Path

from benchmarks.common import Row, median_time, synthetic_text, timed
from models import ImportedDocument, Library, NewAnnotation
from models.annotations import _LINKS, _ORDER, _SELECT
from models.database import open_database
from models.store import new_uuid
from models.text import content_hash


def _raw_connection(path: Path) -> sqlite3.Connection:
    open_database(path).close()  # same schema, FTS triggers and file format
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA synchronous = normal")
    conn.execute("PRAGMA foreign_keys = on")
    return conn


def bench_bulk_import(folder: Path, texts: list[str]) -> Row:
    """Each record in its own transaction, as the CLI and the app import them."""
    library = Library.open(folder / "import.db", author="Bench")
    ours = timed(
        lambda: [
            library.import_document(ImportedDocument(f"Record {n}", text, f"r{n}.txt", "txt"))
            for n, text in enumerate(texts)
        ]
    )
    conn = _raw_connection(folder / "import-floor.db")

    def floor() -> None:
        for n, text in enumerate(texts):
            conn.execute("BEGIN")
            conn.execute(
                "INSERT INTO document (uuid, title, source_name, source_format, text, "
                "content_hash, structure, metadata, created_at, modified_at) "
                "VALUES (?, ?, ?, 'txt', ?, ?, '[]', '{}', 0, 0)",
                (new_uuid(), f"Record {n}", f"r{n}.txt", text, content_hash(text)),
            )
            conn.execute("COMMIT")

    base = timed(floor)
    library.close()
    conn.close()
    return Row(f"import {len(texts):,} records of 50 KB", ours, base, "≤ 2× floor",
               ours <= 2 * base)  # fmt: skip


def _passages(text_length: int, count: int, seed: int = 7) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    spans = []
    for _ in range(count):
        start = rng.randrange(text_length - 200)
        spans.append((start, start + rng.randint(5, 200)))
    return spans


def bench_annotations(folder: Path, count: int, text_chars: int) -> list[Row]:
    text = synthetic_text(text_chars, seed=99)
    library = Library.open(folder / "annotate.db", author="Bench")
    doc = library.import_document(ImportedDocument("Long record", text, "long.txt", "txt"))
    tags = [library.create_tag(f"Tag {n}").id for n in range(9)]
    spans = _passages(len(text), count)
    passages = [NewAnnotation(s, e, (tags[n % 9],), f"note {n}") for n, (s, e) in enumerate(spans)]
    insert = timed(lambda: library.annotate_many(doc.id, passages))
    insert_floor = _raw_annotation_floor(folder, text, spans)

    listing = median_time(lambda: library.annotations(doc.id), 7)
    conn = sqlite3.connect(folder / "annotate.db")
    sql = f"{_SELECT} WHERE a.document_uuid = ? AND a.deleted_at IS NULL{_ORDER}"

    def listing_floor_queries() -> None:  # the same two queries, rows left as tuples
        conn.execute(sql, (doc.id,)).fetchall()
        conn.execute(_LINKS, (doc.id,)).fetchall()

    listing_floor = median_time(listing_floor_queries, 7)
    conn.close()

    singles = iter(_passages(len(text), 400, seed=3))
    single = median_time(lambda: library.annotate(doc.id, *next(singles), [tags[0]]), 200)
    library.close()
    return [
        Row(f"insert {count:,} annotations (bulk)", insert, insert_floor, "≤ 2× floor",
            insert <= 2 * insert_floor),
        Row(f"list one document's {count:,} annotations", listing, listing_floor, "≤ 1.5× floor",
            listing <= 1.5 * listing_floor),
        Row(f"one annotate call on a {text_chars:,}-char record", single, None, "< 5 ms",
            single < 0.005),
    ]  # fmt: skip


def _raw_annotation_floor(folder: Path, text: str, spans: list[tuple[int, int]]) -> float:
    conn = _raw_connection(folder / "annotate-floor.db")
    doc, tag = new_uuid(), new_uuid()
    conn.execute("INSERT INTO document (uuid, title, text, content_hash, created_at, "
                 "modified_at) VALUES (?, 'R', ?, '', 0, 0)", (doc, text))  # fmt: skip
    conn.execute("INSERT INTO tag (uuid, name, color, created_at, modified_at) "
                 "VALUES (?, 'T', '#E69F00', 0, 0)", (tag,))  # fmt: skip

    def floor() -> None:
        ids = [new_uuid() for _ in spans]
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO annotation (uuid, document_uuid, start_pos, end_pos, quote, prefix, "
            "suffix, note, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'n', 0, 0)",
            [(i, doc, s, e, text[s:e], text[max(0, s - 32) : s], text[e : e + 32])
             for i, (s, e) in zip(ids, spans, strict=True)],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO annotation_tag (uuid, annotation_uuid, tag_uuid, document_uuid, "
            "created_at, modified_at) VALUES (?, ?, ?, ?, 0, 0)",
            [(new_uuid(), i, tag, doc) for i in ids],
        )
        conn.execute("COMMIT")

    seconds = timed(floor)
    conn.close()
    return seconds


def bench_search(folder: Path, count: int) -> Row:
    """Runs on the database the import benchmark filled."""
    library = Library.open(folder / "import.db", author="Bench")
    queries = ["w12345", "migration w777", '"global forum"', "refug*", "migration"]
    ours = max(median_time(lambda q=q: library.search(q), 9) for q in queries)
    conn = sqlite3.connect(folder / "import.db")
    sql = ("SELECT d.uuid, d.title, snippet(document_fts, -1, '[', ']', '…', 24) "
           "FROM document_fts JOIN document d ON d.id = document_fts.rowid "
           "WHERE document_fts MATCH ? ORDER BY bm25(document_fts) LIMIT 50")  # fmt: skip
    fts = ['"w12345"', '"migration" "w777"', '"global forum"', '"refug"*', '"migration"']
    base = max(median_time(lambda q=q: conn.execute(sql, (q,)).fetchall(), 9) for q in fts)
    conn.close()
    library.close()
    name = f"search {count:,} records (slowest of 5 queries)"
    return Row(name, ours, base, "< 20 ms", ours < 0.02)


def bench_note_search(folder: Path, count: int) -> Row:
    """Runs on the database the annotation benchmark filled: one record with ``count``
    annotations, each with a note and one of nine tags. The first search reads the notes;
    the figure is the slowest warm query (the app searches again as the officer refines)."""
    library = Library.open(folder / "annotate.db", author="Bench")
    queries = ['"note 1234"', "note", "note*", "w777 OR note", '"tag 3"', "zebra"]
    first = timed(lambda: library.search(queries[0]))
    ours = max(median_time(lambda q=q: library.search(q), 9) for q in queries)
    conn = sqlite3.connect(folder / "annotate.db")
    sql = "SELECT uuid, note FROM annotation WHERE deleted_at IS NULL AND note LIKE ?"
    base = median_time(lambda: conn.execute(sql, ("%note 1234%",)).fetchall(), 9)
    conn.close()
    library.close()
    name = f"search {count:,} notes and tags (first search {first * 1000:.0f} ms)"
    return Row(name, ours, base, "< 50 ms", ours < 0.05)


def run(quick: bool = False) -> list[Row]:
    records, annotations, chars = (100, 2_000, 200_000) if quick else (1_000, 10_000, 1_000_000)
    texts = [synthetic_text(50_000, seed=n) for n in range(records)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [bench_bulk_import(folder, texts)]
        rows.append(bench_search(folder, records))
        rows.extend(bench_annotations(folder, annotations, chars))
        rows.append(bench_note_search(folder, annotations))
    return rows
