"""The Word brief of a long record, against python-docx writing the same paragraphs bare."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import docx

from benchmarks.common import Row, synthetic_text, timed
from exporters.brief import BriefOptions, blocks_of, write_brief
from models import ImportedDocument, Library, NewAnnotation


def run(quick: bool = False) -> list[Row]:
    chars, count = (200_000, 2_000) if quick else (1_000_000, 10_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        library = Library.open(folder / "brief.db", author="Bench")
        text = synthetic_text(chars, seed=8)
        doc = library.import_document(ImportedDocument("Long record", text, "r.txt", "txt")).id
        tags = [library.create_tag(f"Tag {n}").id for n in range(9)]
        rng = random.Random(4)
        passages = []
        for n in range(count):
            start = rng.randrange(len(text) - 300)
            passages.append(NewAnnotation(start, start + rng.randint(10, 300), (tags[n % 9],),
                                          f"note {n}"))  # fmt: skip
        library.annotate_many(doc, passages)
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
