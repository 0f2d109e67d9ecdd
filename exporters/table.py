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


def write_csv(export: ExportSet, out: str | Path, include_notes: bool = True) -> Path:
    """Write the annotations as UTF-8 CSV with a BOM (Excel needs it to read UTF-8).

    Offsets are code points into the document text, end exclusive; ``tags`` joins the
    tag paths with '; '.
    """
    titles = {d.id: d.title for d in export.documents}
    tags = export.tag_map()
    with atomic_path(out) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for a in export.annotations:
            paths = "; ".join(sorted(tags[t].path for t in a.tag_ids if t in tags))
            writer.writerow([
                a.document_id, titles[a.document_id], a.id, a.start, a.end, a.quote, a.prefix,
                a.suffix, paths, a.note if include_notes else "", a.author,
                iso_time(a.created), iso_time(a.modified),
            ])  # fmt: skip
    return Path(out)
