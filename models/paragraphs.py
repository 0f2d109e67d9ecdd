"""The record's paragraphs as an officer cites them: "¶ 12", "¶ 12 (a)".

A record that numbers its paragraphs ("12. The Board noted…", as UN records do) is
cited by its own numbers, a lettered sub-paragraph by its paragraph's number and its
letter; Word's automatic numbers are in the text since import (``importers.word_numbering``).
A record that does not number them is cited by counting its body paragraphs from 1,
never its headings, title or table rows. The stored text stays the single truth: labels
are read from it, not stored beside it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, pairwise
from typing import NamedTuple

from models.entities import Block, Document

NUMBER = re.compile(r"\s*(\d{1,3})\.(?=\s)")
"""A paragraph's own number: "12. The Board…"."""
SUB = re.compile(r"\s*\(([a-z]{1,2}|[ivxlc]{1,6})\)(?=\s)")
"""A sub-paragraph's letter or roman numeral: "(a) …", "(iv) …"."""
OWN_LABEL = re.compile(rf"{NUMBER.pattern}|{SUB.pattern}")
"""Either: a paragraph's own number (group 1) or a sub-paragraph's letter (group 2)."""
LABEL = re.compile(
    r"\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|\(?(?:[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6})\)"
    r"|(?:[a-zA-Z]|[ivxlcIVXLC]{1,6})\.)(?=\s)"
)
"""Any label a list item may start with ("3.", "2.1", "(b)", "iv.", "B.")."""
BODY = ("paragraph", "list_item")
CITED_KINDS = (*BODY, "table_row")
OWN_NUMBERS_AGREE = 0.5
"""Share of consecutive own numbers that must rise for a record to count as numbering its
paragraphs (two lists of a Word record, each counting from 1, still do; numbers that only
fall do not)."""


class Cited(NamedTuple):
    """A block of the record and how it is cited ("" for headings and what comes before
    the first numbered paragraph)."""

    label: str
    start: int
    end: int


def blocks_of(document: Document) -> tuple[Block, ...]:
    """The document's blocks; one imported without structure is split on blank lines."""
    if document.blocks:
        return document.blocks
    parts = document.text.split("\n\n")
    starts = accumulate((len(part) + 2 for part in parts), initial=0)
    pairs = zip(starts, parts, strict=False)  # one start more than parts
    new = tuple.__new__  # Block(...) without its Python-level __new__: thousands of them
    return tuple(
        new(Block, ("paragraph", start, start + len(part), 0))
        for start, part in pairs
        if part and not part.isspace()
    )


def numbers_own_paragraphs(text: str, blocks: Sequence[Block]) -> bool:
    """Whether the record numbers its body paragraphs itself."""
    numbers = [
        int(m.group(1))
        for b in blocks
        if b.kind in BODY and (m := NUMBER.match(text, b.start, b.end))
    ]
    if len(numbers) < 2:
        return False
    rising = sum(later > earlier for earlier, later in pairwise(numbers))
    return rising >= OWN_NUMBERS_AGREE * (len(numbers) - 1)


def cited_paragraphs(text: str, blocks: Sequence[Block]) -> list[Cited]:
    """Every block with the label it is cited by, in text order."""
    if numbers_own_paragraphs(text, blocks):
        return _by_own_numbers(text, blocks)
    cited, counted, new = [], 0, tuple.__new__
    for kind, start, end, _ in blocks:
        counted += kind in BODY
        cited.append(new(Cited, (str(counted) if kind in BODY else "", start, end)))
    return cited


def _by_own_numbers(text: str, blocks: Sequence[Block]) -> list[Cited]:
    cited, number, letter, new = [], "", "", tuple.__new__
    for kind, start, end, _ in blocks:
        label = ""
        if kind == "heading":  # a new section: what follows is no longer that point
            number, letter = "", ""
        elif kind in CITED_KINDS:
            found = OWN_LABEL.match(text, start, end)  # one look: most blocks have neither
            if found and found.group(1):
                number, letter = found.group(1), ""
            label = number  # also a paragraph's continuation, or a table within it
            sub = found.group(2) if found else None
            if sub and number:
                if letter and _is_roman(sub, letter):  # (a) (i): a point within (a)
                    label = f"{number} ({letter}) ({sub})"
                else:
                    letter = sub
                    label = f"{number} ({letter})"
        cited.append(new(Cited, (label, start, end)))
    return cited


def _is_roman(mark: str, letter: str) -> bool:
    """Whether "(i)", "(v)", "(x)" after "(letter)" is a roman numeral, not the next
    letter ("(i)" after "(h)" is a letter)."""
    roman = all(c in "ivxlc" for c in mark)
    return roman and not (len(mark) == 1 and ord(mark) == ord(letter[-1]) + 1)


def label_at(cited: Sequence[Cited], offset: int) -> str:
    """How the passage starting at ``offset`` is cited: its block's label (the block
    before, in the gap between two)."""
    index = bisect_right([c.start for c in cited], offset) - 1
    return cited[index].label if index >= 0 else ""


def starts_with_label(text: str, block: Block) -> bool:
    """Whether a list item shows its own label ("3.", "(b)"), as Word's numbered lists do
    once imported: a brief then shows it as is, without a bullet."""
    return LABEL.match(text, block.start, block.end) is not None
