"""The one place where Python code-point offsets meet Qt's UTF-16 positions.

Stored offsets count code points; Qt counts UTF-16 code units, so every astral character
(emoji, 𝔘) before a position shifts it by one. A sorted list of astral positions and
bisect convert either way in O(log n).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class OffsetMap:
    """Converts positions for one text (already normalised: no CR, no U+2029)."""

    def __init__(self, text: str) -> None:
        if text.isascii():
            self._astral: list[int] = []
        else:
            self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # Qt position of each astral character: its code point index plus those before it.
        self._astral_qt = [p + n for n, p in enumerate(self._astral)]
        self.length = len(text)

    def to_qt(self, offset: int) -> int:
        """Code-point offset -> UTF-16 position."""
        return offset + bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        """UTF-16 position -> code-point offset (a position inside a pair rounds down)."""
        # Astral characters starting before ``position`` each took two units; one that
        # starts exactly one unit before (``position`` is inside its pair) maps to itself.
        return position - bisect_right(self._astral_qt, position - 1)

    def is_identity(self) -> bool:
        """True when the text has no astral character: both counts agree everywhere."""
        return not self._astral

    def qt_length(self) -> int:
        return self.length + len(self._astral)
