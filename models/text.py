"""The one normal form of document text, and the quote context stored with a passage.

Stored text uses ``\\n`` line endings and contains no character that Qt would treat as a
block separator or drop, so that Python code-point offsets and what the reader sees agree.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

CONTEXT_CHARS = 32
"""Characters of prefix and suffix kept with a quote (W3C TextQuoteSelector context)."""

_LINE_BREAKS = re.compile("\r\n|\r|\u2029|\u2028|\x0b|\x0c|\x85")
_QT_NONCHARACTERS = str.maketrans({"\ufdd0": "\ufffd", "\ufdd1": "\ufffd", "\u00ad": None,
                                   "\ufffe": "\ufffd", "\uffff": "\ufffd"})  # fmt: skip
# Control characters other than tab and newline are never meaningful in a record.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """Return ``text`` in the stored normal form.

    CRLF, CR, U+2028/U+2029 and other line or page breaks become ``\\n``; U+FDD0/U+FDD1
    (which Qt uses internally as separators) and U+FFFE/U+FFFF (which XML forbids) become
    U+FFFD; soft hyphens are removed; other
    control characters (except tab) are dropped; a leading BOM is removed.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _LINE_BREAKS.sub("\n", text)
    text = text.translate(_QT_NONCHARACTERS)
    return _CONTROL.sub("", text)


def clean_note(text: str) -> str:
    """A note as stored: line breaks as ``\\n``, no control characters but tab and newline,
    no characters XML forbids (a note goes into Word comments and REFI-QDA files)."""
    return normalise(text)


def clean_line(text: str) -> str:
    """A one-line text as stored (a title, a name): normalised, spaces collapsed."""
    return " ".join(normalise(text).split())


def is_normalised(text: str) -> bool:
    """Tell whether ``text`` is already in the stored normal form."""
    return normalise(text) == text


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the UTF-8 bytes of normalised ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def quote_context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """Return ``(prefix, quote, suffix)`` for the passage ``text[start:end]``."""
    prefix = text[max(0, start - CONTEXT_CHARS) : start]
    return prefix, text[start:end], text[end : end + CONTEXT_CHARS]


def find_all(text: str, quote: str) -> list[int]:
    """Return the start offset of every (possibly overlapping) occurrence of ``quote``."""
    found: list[int] = []
    at = text.find(quote)
    while at != -1 and quote:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def iso_time(epoch_ms: int) -> str:
    """Epoch milliseconds as ISO 8601 UTC ('2026-11-27T10:31:46.123Z')."""
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
