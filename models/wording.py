"""Wording shared by the command line and the app: counted nouns."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 document', '2 documents', '1,204 passages'; ``plural`` for irregular nouns."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
