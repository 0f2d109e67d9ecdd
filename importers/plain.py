"""Plain text and Markdown: decoding any common encoding, paragraphs and headings."""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from importers.base import ImportRefused, TextBuilder, default_title, readable_name
from importers.encodings import guess
from models.documents import MAX_TEXT_CHARS
from models.entities import Block, ImportedDocument
from models.text import normalise

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# A paragraph: from a non-space character up to a blank line or the end of the text.
_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n(?![ \t]*(?:\n|$))[^\n]*)*")
_HEADING = re.compile(r"(#{1,6})[ \t]+(.+?)[ \t#]*")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S.*")
_QUOTE = re.compile(r"[ \t]{0,3}((?:>[ \t]?)+)(.*)")
_TABLE_ROW = re.compile(r"[ \t]{0,3}\|(.*)\|[ \t]*")
"""A row of a Markdown (GitHub) table: "| Agency | Position |"."""
_RULE = re.compile(r":?-+:?")
"""The cell of a table's header rule: "---", ":--:"."""


@dataclass(frozen=True)
class Decoded:
    """A record's text and the encoding it was read in; ``guessed`` when nothing in the
    bytes said so (no BOM, not valid UTF-8, no escape sequences): a detector chose."""

    text: str
    encoding: str
    guessed: bool = False


def decode(data: bytes, name: str, encoding: str | None = None) -> Decoded:
    """Decode bytes in ``encoding`` (the officer's choice), or else of unknown encoding:
    a BOM; UTF-32 or UTF-16 by their zero bytes (before UTF-8, which NUL-padded ASCII
    also passes); UTF-8; the escape sequences of ISO-2022; then a detector.

    Raises:
        ImportRefused: the bytes are not text in any encoding we can recognise, or not
            text in the one chosen.
    """
    if encoding is not None:
        return decode_as(data, name, encoding)
    for bom, marked in _BOMS:
        if data.startswith(bom):
            return Decoded(_checked(data.decode(marked, errors="replace"), name), marked)
    wide = _bomless_wide(data)
    if wide is not None:
        return Decoded(_checked(wide[0], name), wide[1])
    escaped = _iso2022(data)
    if escaped is not None:
        return Decoded(_checked(escaped[0], name), escaped[1])
    try:
        return Decoded(_checked(data.decode("utf-8"), name), "utf-8")
    except UnicodeDecodeError:
        pass
    encoding = guess(data)
    if encoding is None:
        raise ImportRefused(f"{name} does not look like text (binary data?).")
    return Decoded(_checked(data.decode(encoding), name), encoding, guessed=True)


def decode_as(data: bytes, name: str, encoding: str) -> Decoded:
    """Decode bytes in the encoding the officer chose, every byte of them (a BOM of that
    encoding is left out).

    Raises:
        ImportRefused: no such text encoding, a byte that is not text in it, or a byte
            order mark that says the file is in another.
    """
    codec = _text_codec(encoding)
    bom, marked = next(((b, e) for b, e in _BOMS if data.startswith(b)), (b"", ""))
    if bom and not _marks(bom, codec.name):
        found = marked.removesuffix("-sig")
        raise ImportRefused(
            f"{name} begins with the byte order mark of {found}: it is in {found}, not "
            f"{codec.name}."
        )
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"{name} cannot be read as {codec.name}: byte {error.start + 1:,} "
            f"(0x{data[error.start]:02X}) is not {codec.name} text."
        ) from error
    except (UnicodeError, ValueError) as error:  # a codec's own complaint
        raise ImportRefused(f"{name} cannot be read as {codec.name}.") from error
    return Decoded(_checked(text.removeprefix("\ufeff"), name), codec.name)


_NOT_TEXT_ENCODINGS = {"undefined", "unicode_escape", "raw_unicode_escape", "idna", "punycode"}
"""Python codecs that take bytes to text but are not an encoding a file is written in."""


def _text_codec(encoding: str) -> codecs.CodecInfo:
    """The codec of an encoding name a record may be in.

    Raises:
        ImportRefused: no such encoding, or a transform (rot13, base64, zlib…).
    """
    try:
        codec = codecs.lookup(encoding.strip())
    except LookupError:
        codec = None
    if (
        codec is None
        or not getattr(codec, "_is_text_encoding", True)  # rot13, base64, hex, zlib…
        or codec.name.replace("-", "_") in _NOT_TEXT_ENCODINGS
    ):
        raise ImportRefused(
            f"“{encoding}” is not an encoding Marginalia knows (for example: utf-8, "
            "windows-1252, iso-8859-2, shift_jis)."
        )
    return codec


def _marks(bom: bytes, encoding: str) -> bool:
    """A file beginning with ``bom`` can be in ``encoding`` (its own family's)."""
    if bom == codecs.BOM_UTF8:
        return encoding.startswith("utf-8")
    if bom in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE):
        return encoding.startswith("utf-32")
    return encoding.startswith(("utf-16", "utf-32"))  # FF FE also begins UTF-32 LE


def _bomless_wide(data: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 without a BOM: ASCII and most scripts' text shows zero bytes at
    fixed places (three of four, or every other)."""
    sample = data[:4096]
    if len(sample) < 4 or not sample.count(0):
        return None
    zeros = [sample[i::4].count(0) / max(1, len(sample[i::4])) for i in range(4)]
    candidates = []
    if len(data) % 4 == 0 and min(zeros[2], zeros[3]) > 0.9:
        candidates.append("utf-32-le")
    if len(data) % 4 == 0 and min(zeros[0], zeros[1]) > 0.9:
        candidates.append("utf-32-be")
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    candidates += ["utf-16-le"] if odd > 0.3 * half or _one_script(sample[1::2]) else []
    candidates += ["utf-16-be"] if even > 0.3 * half or _one_script(sample[0::2]) else []
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, encoding
    return None


def _one_script(high: bytes) -> bool:
    """UTF-16 of an alphabetic script: the high bytes are its block's (0x04 Cyrillic,
    0x06 Arabic) and 0 for spaces and digits — two values nearly everywhere. Text in a
    one-byte encoding puts letters of every kind there."""
    top = Counter(high).most_common(2)
    return (
        len(high) >= 16
        and sum(n for _, n in top) >= 0.95 * len(high)
        and all(value < 0x30 for value, _ in top)
    )


def _iso2022(data: bytes) -> tuple[str, str] | None:
    """Japanese and Korean mail and web texts in 7 bits: ISO-2022, told by its escape
    sequences (ESC $ … / ESC ( …), which a detector counts as control characters."""
    if (b"\x1b$" not in data and b"\x1b(" not in data) or not data.isascii():
        return None
    encodings = ("iso2022_kr",) if b"\x1b$)C" in data else ("iso2022_jp_2", "iso2022_jp_ext")
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _checked(text: str, name: str) -> str:
    """Refuse decoded 'text' that is really binary: NULs or many control characters."""
    controls = len(_CONTROL.findall(text[:100_000]))
    if "\x00" in text or controls > max(2, len(text[:100_000]) // 200):
        raise ImportRefused(f"{name} does not look like text (binary data?).")
    return text


def import_plain(path: Path, data: bytes, encoding: str | None = None) -> ImportedDocument:
    """A .txt record (in ``encoding``, or in the one it is found to be in): the text as
    it is, normalised; its paragraphs are blank-line separated."""
    decoded = decode(data, path.name, encoding)
    text = normalise(within_limit(decoded.text, path.name))
    if not text.strip():
        raise ImportRefused(f"{path.name} contains no text to annotate.")
    blocks = tuple(Block("paragraph", m.start(), m.end()) for m in _PARAGRAPH.finditer(text))
    return ImportedDocument(
        title=_first_line_title(text) or default_title(path),
        text=text,
        source_name=readable_name(path),
        source_format="txt",
        blocks=blocks,
        metadata=read_as(decoded),
    )


def within_limit(text: str, name: str) -> str:
    """Refuse, before any more work, a text longer than a record may be."""
    if len(text) > MAX_TEXT_CHARS:
        raise ImportRefused(
            f"{name} holds {len(text):,} characters, over the {MAX_TEXT_CHARS:,} a record "
            "may have: split it, or import the part you need."
        )
    return text


def read_as(decoded: Decoded) -> dict[str, str]:
    """What a record's information says of its encoding: the one used, and whether it was
    guessed (the officer should check the text reads right)."""
    told = {"encoding": decoded.encoding}
    if decoded.guessed:
        told["encoding guessed"] = "yes"
    return told


def _first_line_title(text: str) -> str:
    first = text.strip().split("\n", 1)[0].strip()
    return first if 0 < len(first) <= 100 and "\n\n" in text.strip() else ""


def import_markdown(path: Path, data: bytes, encoding: str | None = None) -> ImportedDocument:
    """A .md record (in ``encoding``, or in the one it is found to be in): headings
    (without their '#'), list items and paragraphs."""
    decoded = decode(data, path.name, encoding)
    text = normalise(within_limit(decoded.text, path.name))
    builder, title = TextBuilder(), ""
    for chunk in re.split(r"\n[ \t]*\n", text):
        paragraph: list[str] = []
        quoted = 0  # how deep the paragraph being gathered is quoted ("> ", "> > ")
        for line in chunk.split("\n"):
            heading = _HEADING.fullmatch(line.strip())
            quote = _QUOTE.fullmatch(line)
            depth = quote.group(1).count(">") if quote else 0
            row = _TABLE_ROW.fullmatch(line)
            if heading or row or _LIST_ITEM.fullmatch(line) or depth != quoted:
                builder.add("paragraph", " ".join(paragraph), quoted)
                paragraph, quoted = [], depth
            if row:
                cells = [cell.strip() for cell in row.group(1).split("|")]
                if not all(_RULE.fullmatch(cell) for cell in cells):  # not |---|:--:|
                    builder.add("table_row", " | ".join(c for c in cells if c))
            elif heading:
                level = len(heading.group(1))
                title = title or heading.group(2)
                builder.add("heading", heading.group(2), level)
            elif _LIST_ITEM.fullmatch(line):
                builder.add("list_item", line, _nesting(line))
            else:
                paragraph.append((quote.group(2) if quote else line).strip())
        builder.add("paragraph", " ".join(paragraph), quoted)
    return builder.build(path, "md", title=title, metadata=read_as(decoded))


def _nesting(line: str) -> int:
    """How deep a Markdown list item is nested: two spaces (or half a tab) a level."""
    leading = line[: len(line) - len(line.lstrip(" \t"))]
    return (leading.count(" ") + 4 * leading.count("\t")) // 2
