"""The desktop window on a long structured record (numbered paragraphs under headings,
lettered points, quotations, tables: ``benchmarks.common.structured_record``): open it
for the first time and again, add one highlight, repaint while scrolling (the text, set
out as written, and the annotation margin beside it).

Every figure stands beside a floor measured in the same run: a plain QPlainTextEdit
showing the same text with no highlights and no formatting.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import Row, annotated_library, median_time, timed
from models import ImportedDocument, Library


def _library(folder: Path, chars: int, count: int) -> tuple[Library, str, list[str]]:
    return annotated_library(folder / "gui.db", chars, count, seed=11, structured=True)  # type: ignore[no-any-return]


def _paint_time(editor, *beside, repeat: int = 15) -> float:  # type: ignore[no-untyped-def]
    """Median time to paint the visible page (and the widgets ``beside`` it: the margin),
    at positions spread through the record."""
    bar = editor.verticalScrollBar()
    spots = [bar.maximum() * k // repeat for k in range(repeat)]

    def paint_next() -> None:
        bar.setValue(spots.pop())
        editor.viewport().grab()
        for widget in beside:
            widget.grab()

    return median_time(paint_next, repeat)


def _forget_opened(window: Any) -> None:
    """Drop what the window and library keep of records opened before."""
    window.library._places_kept = {}
    window.reader._structures.clear()


def run(quick: bool = False) -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QPlainTextEdit

    from ui.app import application
    from ui.main_window import MainWindow
    from ui.prompts import Prompts

    app = application()
    chars, count = (200_000, 2_000) if quick else (1_000_000, 10_000)
    with tempfile.TemporaryDirectory() as tmp:
        library, doc, tags = _library(Path(tmp), chars, count)
        text = library.document(doc).text

        plain = QPlainTextEdit()
        plain.setReadOnly(True)
        plain.resize(700, 760)
        plain.show()
        app.processEvents()
        floor_opens = []
        for _ in range(5):  # the median of 5, as the app's opens below
            plain.setPlainText("")
            app.processEvents()
            floor_opens.append(timed(lambda: (plain.setPlainText(text), app.processEvents())))
        floor_open = statistics.median(floor_opens)
        floor_paint = _paint_time(plain)

        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(library, Prompts(), settings)
        window.resize(1280, 800)
        window.show()
        structure = library.document(doc).blocks
        same = ImportedDocument("Same text", text + " ", "b.txt", "txt", blocks=structure)
        bare = library.import_document(same)
        opens: dict[str, list[float]] = {doc: [], bare.id: []}
        for _ in range(5):  # alternate, so each open really loads its document
            for document_id in (bare.id, doc):
                _forget_opened(window)  # as if never opened before
                opens[document_id].append(
                    timed(lambda d=document_id: (window.open_document(d), app.processEvents()))
                )
        app_floor, opened = statistics.median(opens[bare.id]), statistics.median(opens[doc])
        reopens = []
        for _ in range(5):  # going back to a record read before
            window.open_document(bare.id)
            app.processEvents()
            reopens.append(timed(lambda: (window.open_document(doc), app.processEvents())))
        reopened = statistics.median(reopens)
        assert window.reader.passage_count() == count
        assert window.annotations.model.rowCount() == count
        paint = _paint_time(window.reader, window.reader.margin)

        rng = random.Random(3)

        def add_one() -> None:
            start = rng.randrange(len(text) - 100)
            window.reader.select_range(start, start + 40)
            window.highlight([tags[0]])

        add = median_time(add_one, 21)
        add_with_counts = median_time(lambda: (add_one(), window._refresh_counts()), 11)
        window.close()
        plain.close()
        library.close()
    size = f"{chars:,}-char structured record, {count:,} highlights (median of 5)"
    return [
        Row(f"open a {size}", opened, floor_open, "< 500 ms and ≤ 3× floor",
            opened < 0.5 and opened <= 3 * floor_open),
        Row("  … floor: the app opening the same text unannotated", app_floor, floor_open,
            "info", True),
        Row("open it again (after another record)", reopened, floor_open,
            "< 500 ms and ≤ 3× floor", reopened < 0.5 and reopened <= 3 * floor_open),
        Row("add one highlight (shown in text and panel)", add, None, "< 20 ms", add < 0.02),
        Row("  … then refresh document and tag counts", add_with_counts, None, "info", True),
        Row("repaint one screen while scrolling (text, margin)", paint, floor_paint,
            "≈ floor (no growth)", paint <= 2 * floor_paint + 0.002),
    ]  # fmt: skip
