"""Full-text search: FTS5 results with highlighted snippets; any input is safe."""

from __future__ import annotations

import pytest

from models import ImportedDocument, Library
from models.search import fts_query

from conftest import MIXED_TEXT


def add(library: Library, title: str, text: str) -> str:
    return library.import_document(ImportedDocument(title, text, "x.txt", "txt")).id


def test_search_finds_documents_and_marks_the_words(library: Library, sample_document) -> None:
    add(library, "Budget", "The budget for 2027 was approved.")
    hits = library.search("global forum")
    assert [h.document_id for h in hits] == [sample_document.id]
    words = {hits[0].snippet[s:e].lower() for s, e in hits[0].highlights}
    assert words == {"global", "forum"}


def test_prefix_phrase_and_diacritics(library: Library) -> None:
    doc = add(library, "Réfugiés", "Le Haut-Commissaire pour les réfugiés a parlé.")
    assert [h.document_id for h in library.search("refugies")] == [doc]
    assert [h.document_id for h in library.search("commiss*")] == [doc]
    assert library.search('"pour les réfugiés"')[0].document_id == doc
    assert library.search('"les pour"') == []


def test_arabic_and_emoji_text_is_searchable(library: Library) -> None:
    doc = add(library, "Mixed", MIXED_TEXT)
    hit = library.search("الهجرة")[0]
    assert hit.document_id == doc
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "الهجرة"


@pytest.mark.parametrize("query", ['"', "AND", "NOT OR", "title:x", "(a", "*", "", "  ", 'a"b'])
def test_fts_syntax_in_user_input_never_raises(library: Library, query: str) -> None:
    add(library, "A", "a b title x")
    library.search(query)


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('migration "global forum" refug*') == '"migration" "global forum" "refug"*'
