"""Full-text search over documents (SQLite FTS5), kept behind this one module."""

from __future__ import annotations

import re

from models.entities import SearchHit
from models.store import Store

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use marks: cannot occur in stored text
_TERMS = re.compile(r'"([^"]+)"|(\w+\*?)')


def fts_query(query: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word or "phrase" must occur.

    A trailing ``*`` on a word keeps its meaning (prefix search); other FTS5 syntax is
    treated as plain text, so no input can raise a syntax error.
    """
    terms = []
    for phrase, word in _TERMS.findall(query):
        if phrase.strip():
            terms.append('"' + phrase.replace('"', "") + '"')
        elif word:
            star = "*" if word.endswith("*") else ""
            terms.append(f'"{word.rstrip("*")}"{star}')
    return " ".join(terms)


def _highlights(snippet: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length, opened = 0, 0
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", snippet):
        if piece == _OPEN:
            opened = length
        elif piece == _CLOSE:
            spans.append((opened, length))
        else:
            plain.append(piece)
            length += len(piece)
    return "".join(plain), tuple(spans)


class Search(Store):
    """Search operations of the library."""

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Live documents matching every word of ``query``, best first, with snippets."""
        match = fts_query(query)
        if not match:
            return []
        rows = self.all(
            "SELECT d.uuid, d.title, "
            f"snippet(document_fts, -1, '{_OPEN}', '{_CLOSE}', '…', 24), bm25(document_fts) "
            "FROM document_fts JOIN document d ON d.id = document_fts.rowid "
            "WHERE document_fts MATCH ? AND d.deleted_at IS NULL ORDER BY 4 LIMIT ?",
            (match, limit),
        )
        hits = []
        for document_id, title, snippet, rank in rows:
            plain, spans = _highlights(snippet)
            hits.append(SearchHit(document_id, title, plain, spans, float(rank)))
        return hits
