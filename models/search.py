"""Full-text search over documents (SQLite FTS5), kept behind this one module.

FTS5 ranks the documents; the snippet and the position of the first match are found in
Python. FTS5's own snippet()/highlight() re-tokenise every matching document (about
0.5 ms per 50 KB), which alone would cost 25 ms for 50 results; a regex over the text
finds the first match in microseconds and also tells the app where to jump.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import islice

from models.documents import SHOWN_DOCUMENT
from models.entities import SearchHit
from models.store import Store

_TERMS = re.compile(r'"([^"]+)"|(\w+\*?)')
_WORD = re.compile(r"\w+")
SNIPPET_BEFORE, SNIPPET_AFTER = 90, 160


def parse_query(query: str) -> list[tuple[list[str], bool]]:
    """User input as terms: each a list of words (a phrase) and whether it is a prefix."""
    terms: list[tuple[list[str], bool]] = []
    for phrase, word in _TERMS.findall(query):
        words = _WORD.findall(phrase or word)
        if words:
            terms.append((words, bool(word) and word.endswith("*")))
    return terms


def fts_query(query: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word or "phrase" must occur.

    A trailing ``*`` on a word keeps its meaning (prefix search); other FTS5 syntax is
    treated as plain text, so no input can raise a syntax error.
    """
    return " ".join(
        '"' + " ".join(words) + '"' + ("*" if prefix else "")
        for words, prefix in parse_query(query)
    )


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """For each base letter, every Latin letter that folds to it ('e' -> 'eéèêëēĕėęě…')."""
    found: dict[str, set[str]] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()
        if base.isascii() and base.isalpha():
            found.setdefault(base, {base}).update({char, char.lower()})
    return {base: "".join(sorted(chars)) for base, chars in found.items()}


def _letter_pattern(letter: str) -> str:
    base = unicodedata.normalize("NFD", letter)[0].lower()
    variants = _variants().get(base)
    return f"[{re.escape(variants)}]" if variants else re.escape(letter)


@lru_cache(maxsize=64)
def term_patterns(query: str, accents: bool = True) -> tuple[re.Pattern[str], ...]:
    """One regex per term of ``query``, finding it as FTS5 would.

    With ``accents`` a pattern ignores case and accents, as the index does, but is slow
    (a character class per letter); without, it is a literal lower-case pattern meant for
    lower-cased text, starting with the literal so the regex engine scans fast.
    """
    patterns = []
    for words, prefix in parse_query(query):
        end = "" if prefix else r"(?!\w)"
        if accents:
            body = r"\W+".join("".join(_letter_pattern(c) for c in word) for word in words)
            patterns.append(re.compile(rf"(?<!\w){body}{end}", re.IGNORECASE))
        else:
            first = re.escape(words[0].lower())
            rest = "".join(r"\W+" + re.escape(word.lower()) for word in words[1:])
            patterns.append(re.compile(rf"{first}(?<!\w{first}){rest}{end}"))
    return tuple(patterns)


Found = tuple[int, int, int]  # start, end, term number
Snippet = tuple[str, tuple[tuple[int, int], ...], int | None, int | None]
CANDIDATE_MATCHES = 40
"""Matches per term considered as the centre of the snippet."""


def _find(searched: str, patterns: tuple[re.Pattern[str], ...], start: int = 0,
          end: int | None = None, most: int | None = None) -> list[Found]:  # fmt: skip
    found: list[Found] = []
    for number, pattern in enumerate(patterns):
        matches = pattern.finditer(searched, start, len(searched) if end is None else end)
        found.extend((m.start(), m.end(), number) for m in islice(matches, most))
    return sorted(found)


def snippet(text: str, query: str) -> Snippet:
    """The window of text that shows the most different terms of ``query``, the matches
    inside it, and the position in ``text`` of the match the window is built around.

    Lower-cased text is searched with the fast patterns when lower-casing keeps every
    offset; the accent-blind patterns are the fallback when that finds nothing.
    """
    searched, patterns = text.lower(), term_patterns(query, accents=False)
    candidates = _find(searched, patterns, most=CANDIDATE_MATCHES)
    if len(searched) != len(text) or not candidates:
        searched, patterns = text, term_patterns(query)
        candidates = _find(searched, patterns, most=CANDIDATE_MATCHES)
    if not candidates:
        return text[: SNIPPET_BEFORE + SNIPPET_AFTER], (), None, None
    anchor = candidates[0]
    if len(patterns) > 1:
        starts = [c[0] for c in candidates]
        anchor = max(candidates, key=lambda c: (_terms_near(candidates, starts, c), -c[0]))
    start = max(0, anchor[0] - SNIPPET_BEFORE)
    end = min(len(text), anchor[1] + SNIPPET_AFTER)
    prefix, suffix = ("…" if start > 0 else ""), ("…" if end < len(text) else "")
    shift = len(prefix) - start
    spans = tuple((s + shift, e + shift) for s, e, _ in _find(searched, patterns, start, end))
    return prefix + text[start:end] + suffix, spans, anchor[0], anchor[1]


def _terms_near(candidates: list[Found], starts: list[int], anchor: Found) -> int:
    """How many different terms a window built around ``anchor`` would show."""
    low = bisect_left(starts, anchor[0] - SNIPPET_BEFORE)
    high = bisect_right(starts, anchor[1] + SNIPPET_AFTER)
    return len({c[2] for c in candidates[low:high]})


class Search(Store):
    """Search operations of the library."""

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Live documents matching every word of ``query``, best first, with snippets."""
        match = fts_query(query)
        if not match:
            return []
        ranked = self.all(
            "SELECT d.id, d.uuid, d.title, f.rank FROM document_fts f "
            "JOIN document d ON d.id = f.rowid "
            f"WHERE document_fts MATCH ? AND {SHOWN_DOCUMENT} ORDER BY f.rank LIMIT ?",
            (match, limit),
        )
        if not ranked:
            return []
        marks = ",".join("?" * len(ranked))
        texts = dict(
            self.all(f"SELECT id, text FROM document WHERE id IN ({marks})", [r[0] for r in ranked])
        )
        hits = []
        for rowid, document_id, title, rank in ranked:
            shown, spans, first_start, first_end = snippet(texts[rowid], query)
            hits.append(
                SearchHit(document_id, title, shown, spans, float(rank), first_start, first_end)
            )
        return hits
