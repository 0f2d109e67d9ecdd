"""Exporters: one module per format, each turning an ``ExportSet`` into a file. No Qt.

``export`` picks the writer by format name; every writer replaces its target atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from exporters.brief import BriefOptions, write_brief
from exporters.files import ExportCancelled, ExportFailed, Progress
from exporters.refi_qda import write_qdpx
from exporters.table import write_csv
from exporters.web_annotation import write_json
from models.selection import ExportSet


def _brief(export: ExportSet, out: Path, excerpts: bool, notes: bool,
           progress: Progress | None = None) -> Path:  # fmt: skip
    options = BriefOptions(excerpts_only=excerpts, include_notes=notes, progress=progress)
    return write_brief(export, out, options)


Writer = Callable[[ExportSet, Path, bool, bool, "Progress | None"], Path]
FORMATS: dict[str, tuple[str, str, Writer]] = {
    "docx": ("Word brief", ".docx", _brief),
    "csv": ("CSV table", ".csv", lambda e, o, _x, n, _p: write_csv(e, o, include_notes=n)),
    "json": ("W3C Web Annotation (JSON-LD)", ".jsonld",
             lambda e, o, _x, n, _p: write_json(e, o, include_notes=n)),
    "qdpx": ("REFI-QDA project", ".qdpx",
             lambda e, o, _x, n, _p: write_qdpx(e, o, include_notes=n)),
}  # fmt: skip
"""Format name -> (what it is called, file extension, writer)."""


def export(export_set: ExportSet, fmt: str, out: str | Path, excerpts: bool = False,
           include_notes: bool = True, progress: Progress | None = None) -> Path:  # fmt: skip
    """Write ``export_set`` as ``fmt`` (docx, csv, json or qdpx) to ``out``.

    Raises:
        ExportFailed: unknown format, or the file cannot be written.
    """
    if fmt not in FORMATS:
        raise ExportFailed(f"Unknown export format “{fmt}”; use one of {', '.join(FORMATS)}.")
    return FORMATS[fmt][2](export_set, Path(out), excerpts, include_notes, progress)


__all__ = ["FORMATS", "BriefOptions", "ExportCancelled", "ExportFailed", "Progress", "export"]
