"""A unit's archive: many records, each with a hundred annotations (issue #15).

    python -m benchmarks archive [--records N]      (default 10,000; --quick: 200)

The library is built once and kept in ``benchmarks/out/`` under a name made of its
parameters, so later runs only measure. Each figure stands beside a floor measured in
the same run: raw SQLite reading or writing the same result. Targets are those of
issue #15 for 10,000 records and 1,000,000 annotations.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.common import Row, random_passages, synthetic_text, timed

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from models import Library
    from ui.main_window import MainWindow

CHARS, PER_RECORD, AREAS, TOPICS = 20_000, 100, 6, 4
BUILD_VERSION = 2
"""Raise when the way the archive is built changes: the cached file is then rebuilt."""
OUT = Path(__file__).resolve().parent / "out"


def archive_path(records: int) -> Path:
    name = f"archive-r{records}-c{CHARS}-a{PER_RECORD}-t{AREAS * (TOPICS + 1)}-v{BUILD_VERSION}.db"
    return OUT / name


def build_archive(records: int) -> Path:
    """The cached archive: ``records`` records of 20,000 characters, 100 annotations each
    with a note, 30 tags (6 areas of 4 topics)."""
    from models import ImportedDocument, Library

    path = archive_path(records)
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    part = path.with_suffix(".building")
    part.unlink(missing_ok=True)
    library = Library.open(part, author="Archivist")
    tags = []
    for area in range(AREAS):
        parent = library.create_tag(f"Area {area}")
        tags += [parent.id] + [
            library.create_tag(f"Topic {topic}", parent_id=parent.id).id for topic in range(TOPICS)
        ]
    rng = random.Random(records)
    for number in range(records):
        text = synthetic_text(CHARS, seed=number)
        imported = ImportedDocument(f"Record {number:05d}", text, f"r{number}.txt", "txt")
        document = library.import_document(imported).id
        library.annotate_many(document, random_passages(rng, len(text), PER_RECORD, tags, True))
    library.close()
    part.rename(path)
    library = Library.open(path, author="Archivist")
    library.tags()  # counted once, then kept at closing: as an officer leaves a library
    library.close()
    return path


def _median(action: Callable[[], object], repeat: int = 5) -> float:
    return statistics.median(timed(action) for _ in range(repeat))


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _open_window(app: QApplication, path: Path, settings_file: Path) -> tuple[Library, MainWindow]:
    from PySide6.QtCore import QSettings

    from models import Library
    from ui.main_window import MainWindow
    from ui.prompts import Prompts

    library = Library.open(path, author="Archivist")
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(library, Prompts(), settings)
    window.resize(1280, 720)
    window.show()
    app.processEvents()
    return library, window


def _window_rows(path: Path) -> tuple[list[Row], Path]:
    """Start, open, highlight, retag, delete + undo: the officer's path, in the window.
    Also returns the edited copy of the archive."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from models.edits import DeleteAnnotation, SetTags
    from ui.app import application

    app = application()
    folder = Path(tempfile.mkdtemp())
    raw = _raw(path)
    floor_start = timed(
        lambda: (
            raw.execute("SELECT uuid, title FROM document ORDER BY title").fetchall(),
            raw.execute("SELECT uuid, name FROM tag").fetchall(),
        )
    )
    opened: list[tuple[Library, MainWindow]] = []
    started = timed(lambda: opened.append(_open_window(app, path, folder / "s.ini")))
    library, window = opened.pop()
    window.close()  # then the library: nothing was written
    library.close()
    work = folder / "archive.db"
    shutil.copyfile(path, work)  # edits go to a copy: the cached archive stays as built
    recounted = timed(lambda: opened.append(_open_window(app, work, folder / "s.ini")))
    library, window = opened.pop()
    raw = _raw(work)

    def settle() -> None:  # the deferred refresh of counts is part of an edit
        app.processEvents()
        while window._refresh_later.isActive():
            app.processEvents()

    ids = [d.id for d in library.documents()]

    def open_two() -> None:
        for document_id in (ids[len(ids) // 2], ids[1]):
            window.open_document(document_id)
            app.processEvents()

    open_record = _median(open_two, 3) / 2
    floor_open = _median(
        lambda: (
            raw.execute("SELECT text FROM document WHERE uuid = ?", (ids[1],)).fetchall()
            + raw.execute(
                "SELECT uuid, start_pos, end_pos FROM annotation WHERE document_uuid = ? "
                "AND deleted_at IS NULL",
                (ids[1],),
            ).fetchall()
        )
    )
    starts = iter(range(10, 19_000, 37))

    def highlight() -> str:
        start = next(starts)
        window.reader.select_range(start, start + 20)
        created = window.highlight([]) or ""
        settle()
        return created

    added = _median(highlight)
    created = highlight()
    tag_ids = [t.id for t in library.tags()]

    def retag_once() -> None:
        old = library.annotation(created).tag_ids
        window.perform(SetTags(created, old, (random.choice(tag_ids),)))
        settle()

    retag = _median(retag_once)

    def delete_it() -> None:
        window.perform(DeleteAnnotation(created))
        settle()

    def undo_it() -> None:
        window.undo_stack.undo()
        settle()

    deletes, undos = [], []
    for _ in range(5):
        deletes.append(timed(delete_it))
        undos.append(timed(undo_it))
    delete, undo = statistics.median(deletes), statistics.median(undos)
    floor_write = _median(lambda: _raw_insert(work))
    window.close()
    library.close()
    rows = [
        Row("start to a usable window", started, floor_start, "< 1 s", started < 1),
        Row(
            "  … after another program changed the file (counts tags anew)",
            recounted,
            floor_start,
            "info",
            True,
        ),
        Row("open a record", open_record, floor_open, "info", True),
        Row("add one highlight (text, panel, counts)", added, floor_write, "< 20 ms", added < 0.02),
        Row("retag it", retag, floor_write, "< 20 ms", retag < 0.02),
        Row("delete it", delete, floor_write, "< 20 ms", delete < 0.02),
        Row("undo the deletion", undo, floor_write, "< 20 ms", undo < 0.02),
    ]
    return rows, work


def _raw_insert(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE annotation SET modified_at = modified_at WHERE rowid = 1")
    conn.close()


def _library_rows(work: Path) -> list[Row]:
    """One tag's passages across the library, search, sharing one record, and a brief of
    one tag over a tenth of the records."""
    from exporters.brief import write_brief
    from models import Library
    from ui.search_panel import PAGE

    library = Library.open(work, author="Archivist")
    raw = _raw(work)
    tag = library.tag_by_path("Area 1/Topic 2")
    across = _median(lambda: library.tagged(tag.id), 3)
    floor_across = _median(
        lambda: raw.execute(
            "SELECT d.uuid, a.uuid, a.start_pos, a.end_pos, substr(a.quote, 1, 121) FROM (SELECT "
            "uuid, title FROM document ORDER BY title LIMIT 51) d JOIN annotation_tag l ON "
            "l.document_uuid = d.uuid JOIN annotation a ON a.uuid = l.annotation_uuid WHERE "
            "l.tag_uuid = ? AND l.deleted_at IS NULL AND a.deleted_at IS NULL",
            (tag.id,),
        ).fetchall(),
        3,
    )
    queries = {
        "migration w777": '"migration" "w777"',
        '"global forum"': '"global forum"',
        "refug*": '"refug"*',
    }
    slowest = max(queries, key=lambda q: _median(lambda: library.search(q, PAGE), 3))
    searched = _median(lambda: library.search(slowest, PAGE), 5)
    floor_search = _median(
        lambda: raw.execute(  # the same ranked page, from the index
            "SELECT rowid, rank FROM document_fts WHERE document_fts MATCH ? ORDER BY rank LIMIT ?",
            (queries[slowest], PAGE + 1),
        ).fetchall(),
        5,
    )
    documents = [d.id for d in library.documents(counted=False)]
    first = documents[0]
    tenth = documents[: max(1, len(documents) // 10)]
    selection = library.export_set(document_ids=tenth, tag_paths=["Area 1/Topic 2"])
    with tempfile.TemporaryDirectory() as name:
        out = Path(name)
        shared = timed(lambda: library.share(out / "one.db", document_ids=[first]))
        brief = timed(lambda: write_brief(selection, out / "brief.docx"))
    library.close()
    passages = len(selection.annotations)
    return [
        Row(
            "one tag's passages across the library (first 50 records)",
            across,
            floor_across,
            "< 100 ms",
            across < 0.1,
        ),
        Row(
            f"search: the pane's best {PAGE} records (slowest of 3 queries)",
            searched,
            floor_search,
            "< 20 ms",
            searched < 0.02,
        ),
        Row("share one record", shared, None, "< 2 s", shared < 2),
        Row(
            f"brief of one tag over {len(tenth):,} records ({passages:,} passages)",
            brief,
            None,
            "< 10 s",
            brief < 10,
        ),
    ]


def run(quick: bool = False, records: int | None = None) -> list[Row]:
    records = records or (200 if quick else 10_000)
    began = time.perf_counter()
    path = build_archive(records)
    built = time.perf_counter() - began
    rows, work = _window_rows(path)
    try:
        rows += _library_rows(work)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        from benchmarks.archive_merge import merge_row  # it builds on this module

        rows.append(merge_row(records, work))
    finally:  # the edited copies of the archive (2-5 GB at 10,000 records)
        shutil.rmtree(work.parent, ignore_errors=True)
    size = path.stat().st_size / 2**20
    how = f"built in {built:.0f} s" if built > 1 else "cached"
    print(
        f"archive: {records:,} records, {records * PER_RECORD:,} annotations, {size:,.0f} MB "
        f"on disk ({how}); peak memory of the officer's steps {peak:,.0f} MB (target < 500 MB)"
    )
    rows.append(Row("peak memory of the officer's steps", peak, None, "< 500 MB", peak < 500, "MB"))
    return rows
