"""Word-level differences between two wordings (the Review tab's comparison)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from models.differences import Piece, word_changes

words = st.lists(st.sampled_from(["the", "Board", "agreed", "2027", ",", " ", "😀", "قال", "\n"]))


def test_changed_words_are_marked_not_characters() -> None:
    assert word_changes("agreed to report by 2027", "decided to report by 2028") == [
        Piece("removed", "agreed"),
        Piece("added", "decided"),
        Piece("same", " to report by "),
        Piece("removed", "2027"),
        Piece("added", "2028"),
    ]
    assert word_changes("same", "same") == [Piece("same", "same")]
    assert word_changes("", "new words") == [Piece("added", "new words")]


@given(words, words)
def test_the_pieces_give_back_both_wordings(old: list[str], new: list[str]) -> None:
    before, after = "".join(old), "".join(new)
    pieces = word_changes(before, after)
    assert "".join(p.text for p in pieces if p.kind != "added") == before
    assert "".join(p.text for p in pieces if p.kind != "removed") == after
    assert all(p.text for p in pieces)
