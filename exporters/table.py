"""CSV of annotations, one row each, that Excel opens with the right characters."""

from __future__ import annotations

import csv
from pathlib import Path

from exporters.files import atomic_path
from models.selection import ExportSet
from models.text import iso_time

COLUMNS = (
    "document_id", "document", "annotation_id", "start", "end", "passage", "prefix",
    "suffix", "tags", "note", "author", "created", "modified",
)  # fmt: skip


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guarded(cell: str) -> str:
    """A text cell Excel or LibreOffice would run as a formula, made plain text ("'"
    before it, as OWASP recommends for CSV injection)."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def write_csv(export: ExportSet, out: str | Path, include_notes: bool = True,
              keep_formulas: bool = False) -> Path:  # fmt: skip
    """Write the annotations as UTF-8 CSV with a BOM (Excel needs it to read UTF-8).

    Offsets are code points into the document text, end exclusive; ``tags`` joins the
    tag paths with '; '. A text cell starting with = + - @ (or a tab or carriage return)
    gets a leading ' so a spreadsheet shows it instead of running it, unless
    ``keep_formulas``.
    """
    titles = {d.id: d.title for d in export.documents}
    tags = export.tag_map()
    with atomic_path(out) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for a in export.annotations:
            paths = "; ".join(sorted(tags[t].path for t in a.tag_ids if t in tags))
            texts = [titles[a.document_id], a.quote, a.prefix, a.suffix, paths,
                     a.note if include_notes else "", a.author]  # fmt: skip
            title, quote, prefix, suffix, paths, note, author = (
                texts if keep_formulas else [guarded(t) for t in texts])  # fmt: skip
            writer.writerow([
                a.document_id, title, a.id, a.start, a.end, quote, prefix, suffix, paths, note,
                author, iso_time(a.created), iso_time(a.modified),
            ])  # fmt: skip
    return Path(out)
