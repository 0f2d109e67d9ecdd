"""Importers: one module per format, each turning a file into an ``ImportedDocument``.

They never touch the database or Qt. ``import_file`` picks the importer by extension
and applies the limits every format shares.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from importers.base import MAX_EXPANDED_BYTES, MAX_FILE_BYTES, ImportRefused
from importers.html import import_html
from importers.pdf import import_pdf
from importers.plain import import_markdown, import_plain
from importers.word import import_docx
from models.entities import ImportedDocument

Importer = Callable[[Path, bytes], ImportedDocument]
IMPORTERS: dict[str, Importer] = {
    ".txt": import_plain,
    ".text": import_plain,
    ".md": import_markdown,
    ".markdown": import_markdown,
    ".docx": import_docx,
    ".dotx": import_docx,
    ".docm": import_docx,
    ".dotm": import_docx,
    ".pdf": import_pdf,
    ".html": import_html,
    ".htm": import_html,
}
SUPPORTED = tuple(IMPORTERS)


def import_file(path: str | Path, whole_page: bool = False) -> ImportedDocument:
    """Read a record from ``path`` (a web page's main content; ``whole_page``: all its
    visible text).

    Raises:
        ImportRefused: with one sentence saying why (unsupported, empty, too large,
            unreadable, encrypted, scanned, not text…).
    """
    file = Path(path)
    if file.exists() and not file.is_file() and not file.is_dir():  # a FIFO would block
        raise ImportRefused(f"{file.name} is not a regular file (a pipe or a device).")
    importer = IMPORTERS.get(file.suffix.lower())
    if importer is None:
        kinds = ", ".join(SUPPORTED)
        raise ImportRefused(f"{file.name}: unsupported kind of file (Marginalia reads {kinds}).")
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportRefused(
                f"{file.name} is {size // 2**20:,} MiB, over the "
                f"{MAX_FILE_BYTES // 2**20} MiB limit for one record."
            )
        data = file.read_bytes()
    except FileNotFoundError as error:
        raise ImportRefused(f"{file.name} does not exist.") from error
    except IsADirectoryError as error:
        raise ImportRefused(f"{file.name} is a folder, not a file.") from error
    except OSError as error:
        raise ImportRefused(f"{file.name} cannot be read ({error.strerror}).") from error
    if not data.strip():
        raise ImportRefused(f"{file.name} is empty.")
    if importer is import_html:
        return import_html(file, data, whole_page)
    return importer(file, data)


__all__ = ["MAX_EXPANDED_BYTES", "MAX_FILE_BYTES", "SUPPORTED", "ImportRefused", "import_file"]
