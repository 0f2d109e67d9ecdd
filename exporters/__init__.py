"""Exporters: one module per format, each turning an ``ExportSet`` into a file. No Qt.

``export`` picks the writer by format name; every writer replaces its target atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from exporters.brief import BriefOptions, write_brief
from exporters.files import ExportCancelled, ExportFailed, Progress
from exporters.refi_qda import write_qdpx
from exporters.safe_text import safe_export
from exporters.table import write_csv
from exporters.web_annotation import write_json
from models.files import check_target
from models.selection import ExportSet


@dataclass(frozen=True)
class ExportOptions:
    """How to write an export: notes or not; for the brief, excerpts only and progress;
    for CSV, whether cells that look like formulas stay as they are."""

    excerpts: bool = False
    include_notes: bool = True
    progress: Progress | None = None
    keep_formulas: bool = False
    page_size: str = "auto"
    """The brief's paper: "a4", "letter" or "auto" (by the locale)."""
    compare: tuple[str, str] | None = None
    """The brief: two authors whose readings it compares."""


Writer = Callable[[ExportSet, Path, ExportOptions], Path]


def _brief(export: ExportSet, out: Path, o: ExportOptions) -> Path:
    return write_brief(
        export,
        out,
        BriefOptions(
            excerpts_only=o.excerpts,
            include_notes=o.include_notes,
            progress=o.progress,
            page_size=o.page_size,
            compare=o.compare,
        ),
    )


FORMATS: dict[str, tuple[str, str, Writer]] = {
    "docx": ("Word brief", ".docx", _brief),
    "csv": ("CSV table", ".csv",
            lambda e, out, o: write_csv(e, out, o.include_notes, o.keep_formulas)),
    "json": ("W3C Web Annotation (JSON-LD)", ".jsonld",
             lambda e, out, o: write_json(e, out, include_notes=o.include_notes)),
    "qdpx": ("REFI-QDA project", ".qdpx",
             lambda e, out, o: write_qdpx(e, out, include_notes=o.include_notes)),
}  # fmt: skip
"""Format name -> (what it is called, file extension, writer)."""


def export(
    export_set: ExportSet,
    fmt: str,
    out: str | Path,
    options: ExportOptions | None = None,
    protected: Iterable[Path] = (),
) -> Path:
    """Write ``export_set`` as ``fmt`` (docx, csv, json or qdpx) to ``out``, never over
    one of the ``protected`` databases (their journals or backups). Text a format cannot
    hold (control characters in XML) is replaced character for character.

    Raises:
        ExportFailed: unknown format, nothing a format can hold, or the file cannot be
            written. UnsafeTarget: ``out`` is a protected file.
    """
    if fmt not in FORMATS:
        raise ExportFailed(f"Unknown export format “{fmt}”; use one of {', '.join(FORMATS)}.")
    check_target(Path(out), protected)
    return FORMATS[fmt][2](safe_export(export_set), Path(out), options or ExportOptions())


__all__ = ["FORMATS", "BriefOptions", "ExportCancelled", "ExportFailed", "ExportOptions",
           "Progress", "export"]  # fmt: skip
