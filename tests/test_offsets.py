"""Code points <-> Qt's UTF-16 positions: the one conversion, checked against Qt itself."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextDocument

from ui.offsets import OffsetMap

from conftest import MIXED_TEXT

alphabet = st.sampled_from(list("ab \n😀𝔘👩🏽‍⚖️قالé\t"))


def utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


@given(st.text(alphabet=alphabet, max_size=60))
def test_round_trip_on_every_position(text: str) -> None:
    offsets = OffsetMap(text)
    for offset in range(len(text) + 1):
        position = offsets.to_qt(offset)
        assert position == utf16(text, offset)
        assert offsets.from_qt(position) == offset
    assert offsets.qt_length() == utf16(text, len(text))


@given(st.text(alphabet=alphabet, min_size=1, max_size=60), st.data())
def test_positions_inside_a_pair_round_down(text: str, data: st.DataObject) -> None:
    offsets = OffsetMap(text)
    position = data.draw(st.integers(0, offsets.qt_length()))
    offset = offsets.from_qt(position)
    assert offsets.to_qt(offset) <= position < offsets.to_qt(offset) + 2 or position == 0


def test_qt_sees_the_same_characters_at_converted_positions() -> None:
    document = QTextDocument()
    document.setPlainText(MIXED_TEXT)
    offsets = OffsetMap(MIXED_TEXT)
    for word in ("remarks", "الهجرة", "commitment", "2027"):
        start = MIXED_TEXT.index(word)
        cursor = document.find(word)
        assert cursor.selectionStart() == offsets.to_qt(start)
        assert offsets.from_qt(cursor.selectionEnd()) == start + len(word)
