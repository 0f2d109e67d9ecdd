"""Search across records' text, annotations' notes and tags, and titles.

What a person types is parsed by ``models.query`` (OR, "phrases", prefix*, -word), which
explains a query it cannot read. FTS5 finds and ranks the records whose text matches, and finds
the titles and notes that match; the hits inside them are found in Python on the folded
text (and a candidate the finder does not confirm is dropped): FTS5's own highlight()
re-tokenises every matching record and would cost more than the whole search. Nothing is
read for a record, note or title that does not match, so a search costs the same in a
library of 10,000 records and a million notes as in one record. Tag paths are few and
matched in Python.

Each source is matched on its own: a note matches when the note alone satisfies the query,
a record's text when its text does.
"""

from __future__ import annotations

import json
import re
import sqlite3
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from peewee import OperationalError

from models.documents import SHOWN_DOCUMENT, SHOWN_TITLES_AMONG
from models.entities import DocumentHits, SearchHit, SearchResults
from models.errors import QueryError
from models.query import Node, Term, find_spans, fold, matches, parse_query, to_fts, wanted_terms
from models.store import in_chunks
from models.tags import Tags
from models.wording import shortened

PER_DOCUMENT = 20
"""Hits listed per document (all are counted)."""
SNIPPET_BEFORE, SNIPPET_AFTER = 60, 120
PASSAGE_CHARS = 120
JOIN_GAP = 3
"""Matches separated by at most this many non-word characters (``global, forum``) are
one hit, so a phrase-like pair of words is not listed twice."""
_SPACE = re.compile(r"\s")
Span = tuple[int, int]


@dataclass
class _Found:
    """What a search found in one document, gathered source by source. Notes and tags are
    counted first and given snippets only if listed."""

    title: str
    rank: float = 0.0
    title_hit: SearchHit | None = None
    notes: list[tuple[int, int, int]] = field(default_factory=list)
    """(start, end, rowid of the annotation) of each matching note."""
    tags: list[tuple[int, int, str, tuple[str, ...]]] = field(default_factory=list)
    """(start, end, annotation id, matching tags) of each annotation carrying one."""
    text_row: int | None = None
    """The record's rowid when its text matches (among the best ranked)."""
    text: list[SearchHit] = field(default_factory=list)
    text_count: int = 0

    def found(self) -> bool:
        return bool(self.title_hit or self.notes or self.text_row is not None or self.tags)

    def count(self) -> int:
        return bool(self.title_hit) + len(self.notes) + self.text_count + len(self.tags)

    def room(self, most: int) -> int:
        """Text hits that will be listed: hits are listed title, notes, text, then tags."""
        return max(0, most - bool(self.title_hit) - len(self.notes))

    def order(self) -> tuple[int, float, int, str]:
        """Documents whose notes or title match first (most such hits first), then those
        whose text matches by the index's rank, then those matched only through tags
        (most first). Nothing a page reads later (text hits) decides the order, so pages
        of one search follow each other without repeats or gaps."""
        if self.notes or self.title_hit:
            return (0, 0.0, -len(self.notes) - bool(self.title_hit), self.title.casefold())
        if self.text_row is not None:
            return (1, self.rank, 0, self.title.casefold())
        return (2, 0.0, -len(self.tags), self.title.casefold())


class Search(Tags):
    """Search operations of the library."""

    def search(
        self, query: str, limit: int = 50, per_document: int = PER_DOCUMENT, skip: int = 0
    ) -> SearchResults:
        """Every hit of ``query`` in the text, notes, tags and titles of shown documents.

        Returns at most ``limit`` documents after the best ``skip``, best first, each
        listing at most ``per_document`` hits (all are counted); only their texts are
        read. ``more_documents`` says more follow. An empty query finds nothing.

        Raises:
            QueryError: the query cannot be read; the message says how to write it.
        """
        parsed = parse_query(query)
        if parsed is None:
            return SearchResults(query)
        terms = wanted_terms(parsed)
        found: dict[str, _Found] = defaultdict(lambda: _Found(""))
        self._title_hits(parsed, terms, found)
        notes = self._note_hits(parsed, found)
        paths = self._tag_hits(parsed, found)
        cut = self._rank_texts(parsed, found, skip + limit)
        self._keep_shown(found)
        hit = sorted(((d, f) for d, f in found.items() if f.found()), key=lambda h: h[1].order())
        page = hit[skip : skip + limit]
        self._text_hits(parsed, terms, page, per_document)
        documents = self._listed(page, terms, notes, paths, per_document)
        return SearchResults(query, documents, cut or len(hit) > skip + limit)

    # -- sources -------------------------------------------------------------------------

    def _title_hits(self, parsed: Node, terms: list[Term], found: dict[str, _Found]) -> None:
        for document_id, title in self._matching(
            "SELECT d.uuid, d.title FROM document_fts f JOIN document d ON d.id = f.rowid "
            "WHERE document_fts MATCH ?",
            f"title : {to_fts(parsed)}",
        ):
            folded = fold(title)
            if matches(parsed, folded):
                spans = tuple(find_spans(terms, folded))
                found[document_id].title_hit = SearchHit("title", title, spans, 0, 0)

    def _note_hits(self, parsed: Node, found: dict[str, _Found]) -> dict[int, str]:
        """Adds the live notes that match; returns their text by annotation rowid."""
        notes = {}
        for rowid, document_id, start, end, note in self._matching(
            "SELECT a.rowid, a.document_uuid, a.start_pos, a.end_pos, a.note FROM note_fts f "
            "JOIN annotation a ON a.rowid = f.rowid WHERE note_fts MATCH ? "
            "AND a.deleted_at IS NULL",
            to_fts(parsed),
        ):
            if matches(parsed, fold(note)):
                found[document_id].notes.append((start, end, rowid))
                notes[rowid] = note
        return notes

    def _keep_shown(self, found: dict[str, _Found]) -> None:
        """Drops what was found in records not shown; gives the others their titles."""
        titles = dict(self.all(SHOWN_TITLES_AMONG, (json.dumps(list(found)),)))
        for document_id in list(found):
            if document_id in titles:
                found[document_id].title = titles[document_id]
            else:
                del found[document_id]

    def _tag_hits(self, parsed: Node, found: dict[str, _Found]) -> dict[str, str]:
        """Annotations carrying a tag whose path matches; returns the matching tags' paths."""
        tree = self.tag_tree()
        wanted = {t: p for t, p in tree.paths.items() if matches(parsed, fold(p))}
        rows = [r for r, shown in tree.canonical.items() if shown in wanted]
        carried: dict[str, tuple[str, int, int, list[str]]] = {}
        for chunk in in_chunks(rows):
            marks = ",".join("?" * len(chunk))
            for annotation_id, tag_id, document_id, start, end in self.all(
                "SELECT l.annotation_uuid, l.tag_uuid, a.document_uuid, a.start_pos, a.end_pos "
                "FROM annotation_tag l JOIN annotation a ON a.uuid = l.annotation_uuid "
                f"WHERE l.deleted_at IS NULL AND a.deleted_at IS NULL AND l.tag_uuid IN ({marks})",
                chunk,
            ):
                known = carried.get(annotation_id)
                if known is None:
                    carried[annotation_id] = (document_id, start, end, [tree.canonical[tag_id]])
                else:
                    known[3].append(tree.canonical[tag_id])
        for annotation_id, (document_id, start, end, tags) in carried.items():
            found[document_id].tags.append((start, end, annotation_id, tuple(tags)))
        return wanted

    def _rank_texts(self, parsed: Node, found: dict[str, _Found], most: int) -> bool:
        """Ranks the best ``most`` records whose text matches; True if more match."""
        ranked = self._ranked(parsed, most + 1)
        for rowid, document_id, rank in ranked[:most]:
            found[document_id].rank = rank
            found[document_id].text_row = rowid
        return len(ranked) > most

    def _text_hits(
        self, parsed: Node, terms: list[Term], page: list[tuple[str, _Found]], most: int
    ) -> None:
        """Counts and places the hits in the text of the listed records (only theirs are
        read): those ranked by the index, and those listed for their notes or title whose
        text matches too (whether or not the index ranked them among the best)."""
        read = [d for d, e in page if e.text_row is not None or e.notes or e.title_hit]
        marks = ",".join("?" * len(read))
        texts = dict(self.all(f"SELECT uuid, text FROM document WHERE uuid IN ({marks})", read))
        for document_id, entry in page:
            text = texts.get(document_id)
            if text is None:
                continue
            folded = fold(text)
            if entry.text_row is None and not matches(parsed, folded):
                continue
            spans = find_spans(terms, folded)
            places = _joined(text, spans)
            entry.text_count = max(len(places), 1)
            room = entry.room(most)
            entry.text = [
                SearchHit("text", partial(_snippet, text, spans, place), (), *place)
                for place in places[:room]
            ]  # the words around each hit are cut when shown
            if not places:  # the index matched a form the finder does not see: open at the top
                entry.text = [SearchHit("text", _head(text), (), 0, 0)][:room]

    def _ranked(self, parsed: Node, limit: int) -> list[tuple[int, str, float]]:
        rows = self._matching(
            "SELECT d.id, d.uuid, f.rank FROM document_fts f JOIN document d ON d.id = f.rowid "
            f"WHERE document_fts MATCH ? AND {SHOWN_DOCUMENT} ORDER BY f.rank LIMIT ?",
            f"text : {to_fts(parsed)}",
            limit,
        )
        return [(int(r[0]), str(r[1]), float(r[2])) for r in rows]

    def _matching(self, sql: str, expression: str, *more: object) -> list[Any]:
        """The rows of an index query ``sql`` whose MATCH is ``expression``."""
        try:
            return self.all(sql, (expression, *more))
        except (OperationalError, sqlite3.OperationalError) as error:
            if "fts5" not in str(error).lower():
                raise
            raise QueryError(
                "This search cannot be run as typed; search for words, "
                '"exact phrases", prefix* or alternatives joined by OR.'
            ) from error

    # -- the listing ---------------------------------------------------------------------

    def _listed(
        self,
        hit: list[tuple[str, _Found]],
        terms: list[Term],
        notes: dict[int, str],
        paths: dict[str, str],
        most: int,
    ) -> tuple[DocumentHits, ...]:
        """The documents with their hits listed in order (title, notes, text, tags)."""
        for _, entry in hit:
            entry.notes.sort()
            entry.tags.sort()
        quotes = self._quotes("rowid", [n for _, e in hit for *_, n in e.notes[:most]])
        tags = self._quotes("uuid", [t[2] for _, e in hit for t in e.tags[: e.room(most)]])
        documents = []
        for document_id, entry in hit:
            hits = [entry.title_hit] if entry.title_hit else []
            for start, end, rowid in entry.notes[: most - len(hits)]:
                spans = find_spans(terms, fold(notes[rowid]))
                shown, marked = _snippet(notes[rowid], spans, spans[0], lines=False)
                annotation_id, quote = quotes[rowid]
                hits.append(SearchHit("note", shown, marked, start, end, annotation_id, quote))
            hits.extend(entry.text)
            for start, end, annotation_id, tag_ids in entry.tags[: max(0, most - len(hits))]:
                shown = ", ".join(sorted({paths[t] for t in tag_ids}))
                marked = tuple(find_spans(terms, fold(shown)))
                quote = tags[annotation_id][1]
                hits.append(SearchHit("tag", shown, marked, start, end, annotation_id, quote))
            documents.append(
                DocumentHits(document_id, entry.title, entry.count(), tuple(hits), entry.rank)
            )
        return tuple(documents)

    def _quotes(self, key: str, keys: list[Any]) -> dict[Any, tuple[str, str]]:
        """Annotation id and shortened quote of the annotations whose ``key`` (rowid or
        uuid) is among ``keys``."""
        found = {}
        for chunk in in_chunks(keys):
            marks = ",".join("?" * len(chunk))
            for row_key, annotation_id, quote in self.all(
                f"SELECT {key}, uuid, substr(quote, 1, ?) FROM annotation WHERE {key} IN ({marks})",
                (PASSAGE_CHARS + 1, *chunk),
            ):
                found[row_key] = (str(annotation_id), shortened(str(quote), PASSAGE_CHARS))
        return found


# -- snippets -----------------------------------------------------------------------------


def _joined(text: str, spans: list[Span]) -> list[Span]:
    """Matches separated only by a little punctuation or space become one hit."""
    if len(spans) < 2:
        return spans
    joined = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = joined[-1]
        gap = text[last_end:start]
        if len(gap) <= JOIN_GAP and "\n" not in gap and not any(c.isalnum() for c in gap):
            joined[-1] = (last_start, end)
        else:
            joined.append((start, end))
    return joined


def _snippet(
    text: str, spans: list[Span], around: Span, lines: bool = True
) -> tuple[str, tuple[Span, ...]]:
    """A snippet of ``text`` around ``around`` (within its line when ``lines``), cut at
    spaces, white space shown as spaces, and where the ``spans`` inside it lie."""
    start, end = around
    low, high = max(0, start - SNIPPET_BEFORE), min(len(text), end + SNIPPET_AFTER)
    if lines:
        low = text.rfind("\n", low, start) + 1 or low
        newline = text.find("\n", end, high)
        high = high if newline == -1 else newline
    if low > 0 and text[low - 1] != "\n":
        space = text.find(" ", low, start)
        low = space + 1 if space != -1 else low
    if high < len(text) and text[high] != "\n":
        space = text.rfind(" ", end, high)
        high = space if space != -1 else high
    prefix = "…" if low > 0 and text[low - 1] != "\n" else ""
    suffix = "…" if high < len(text) and text[high] != "\n" else ""
    shift = len(prefix) - low
    inside = spans[bisect_left(spans, (low, 0)) : bisect_left(spans, (high, 0))]
    if inside and inside[-1][1] > high:  # a phrase running past the end of the line
        inside[-1] = (inside[-1][0], high)
    marked = tuple((s + shift, e + shift) for s, e in inside)
    shown = text[low:high]
    if not shown.isprintable():  # a line break, a tab, a no-break space
        shown = _SPACE.sub(" ", shown)
    return prefix + shown + suffix, marked


def _head(text: str) -> str:
    return _SPACE.sub(" ", text[: SNIPPET_BEFORE + SNIPPET_AFTER])
