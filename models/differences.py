"""What changed between two wordings, word by word: for the Review tab (a passage amended
in a new version) and, later, a merge's collisions.

Words are compared, not characters: "decided to report by 2028" against "agreed to report
by 2027" is two words changed, which is how an officer reads it. Spaces and punctuation
stay with the words they follow, so joining the pieces gives back each wording exactly.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal, NamedTuple

_WORDS = re.compile(r"\w+|\W", re.UNICODE)


class Piece(NamedTuple):
    kind: Literal["same", "removed", "added"]
    text: str


def words_of(text: str) -> list[str]:
    """Words and single other characters (spaces, punctuation, emoji), in order."""
    return _WORDS.findall(text)


def word_changes(old: str, new: str) -> list[Piece]:
    """The pieces that turn ``old`` into ``new``: the same, removed from ``old``, added
    in ``new``. Joining the "same" and "removed" pieces gives ``old``; the "same" and
    "added" ones give ``new``."""
    before, after = words_of(old), words_of(new)
    pieces: list[Piece] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(after[j1:j2])))
    return pieces
