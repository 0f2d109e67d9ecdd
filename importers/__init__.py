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


def import_file(
    path: str | Path, whole_page: bool = False, encoding: str | None = None
) -> ImportedDocument:
    """Read a record from ``path`` (a web page's main content; ``whole_page``: all its
    visible text; a plain text, Markdown or HTML file in ``encoding`` if one is given).

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
    if encoding is not None:
        return _read_as(file, data, importer, encoding, whole_page)
    if importer is import_html:
        return import_html(file, data, whole_page)
    return importer(file, data)


def _read_as(
    file: Path, data: bytes, importer: Importer, encoding: str, whole_page: bool
) -> ImportedDocument:
    if importer is import_plain:
        return import_plain(file, data, encoding)
    if importer is import_markdown:
        return import_markdown(file, data, encoding)
    if importer is import_html:
        return import_html(file, data, whole_page, encoding)
    raise ImportRefused(
        f"{file.name}: only plain text, Markdown and web pages are read in a chosen "
        "encoding (Word and PDF files say their own)."
    )


ENCODINGS = (
    "utf-8",
    "windows-1252",
    "iso-8859-1",
    "iso-8859-15",
    "windows-1250",
    "iso-8859-2",
    "windows-1251",
    "koi8-r",
    "iso-8859-5",
    "windows-1253",
    "iso-8859-7",
    "windows-1254",
    "iso-8859-9",
    "windows-1255",
    "iso-8859-8",
    "windows-1256",
    "iso-8859-6",
    "windows-1257",
    "mac-roman",
    "utf-16",
    "shift_jis",
    "euc-jp",
    "iso-2022-jp",
    "gb18030",
    "big5",
    "euc-kr",
)
"""Encodings a record in plain text is commonly in, for the officer to choose from."""

__all__ = [
    "ENCODINGS",
    "MAX_EXPANDED_BYTES",
    "MAX_FILE_BYTES",
    "SUPPORTED",
    "ImportRefused",
    "import_file",
]
