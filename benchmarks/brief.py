"""The Word brief of a long record, against python-docx writing the same paragraphs bare."""

from __future__ import annotations

import tempfile
from pathlib import Path

import docx

from benchmarks.common import Row, annotated_library, timed
from exporters.brief import BriefOptions, write_brief
from models.paragraphs import blocks_of


def run(quick: bool = False) -> list[Row]:
    chars, count = (200_000, 2_000) if quick else (1_000_000, 10_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        library, _, _ = annotated_library(folder / "brief.db", chars, count, seed=8, notes=True)
        export = library.export_set()
        document = export.documents[0]

        def floor() -> None:
            bare = docx.Document()
            for block in blocks_of(document):
                bare.add_paragraph(document.text[block.start : block.end])
            bare.save(str(folder / "floor.docx"))

        base = timed(floor)
        ours = timed(lambda: write_brief(export, folder / "brief.docx", BriefOptions()))
        library.close()
    name = f"Word brief, {chars:,} chars, {count:,} comments"
    return [Row(name, ours, base, "< 10 s", ours < 10)]
