from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from models.text import (
    CONTEXT_CHARS,
    content_hash,
    find_all,
    is_normalised,
    normalise,
    quote_context,
)


def test_line_endings_become_newlines() -> None:
    assert normalise("a\r\nb\rc\u2029d\u2028e") == "a\nb\nc\nd\ne"


def test_qt_separators_soft_hyphens_bom_and_controls_are_removed() -> None:
    assert normalise("\ufeffin\u00adter\ufdd0x\x00y\x07z\tq") == "inter\ufffdxyz\tq"


@given(st.text())
def test_normalising_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert is_normalised(once)


def test_content_hash_is_sha256_of_utf8() -> None:
    assert content_hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert content_hash("😀") != content_hash("😁")


@given(st.text(min_size=1), st.data())
def test_quote_context_surrounds_the_passage(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    prefix, quote, suffix = quote_context(text, start, end)
    assert prefix + quote + suffix in text
    assert quote == text[start:end]
    assert text[:start].endswith(prefix) and len(prefix) == min(start, CONTEXT_CHARS)
    assert text[end:].startswith(suffix) and len(suffix) == min(len(text) - end, CONTEXT_CHARS)


def test_find_all_counts_overlapping_matches() -> None:
    assert find_all("aaaa", "aa") == [0, 1, 2]
    assert find_all("abc", "") == []
