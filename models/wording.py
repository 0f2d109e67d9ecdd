"""Wording shared by the command line and the app: counted nouns, shortened passages."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 document', '2 documents', '1,204 passages'; ``plural`` for irregular nouns."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def shortened(passage: str, most: int = 120) -> str:
    """A passage on one line, cut to ``most`` characters with an ellipsis."""
    passage = " ".join(passage.split())
    return passage if len(passage) <= most else passage[:most].rstrip() + "…"
