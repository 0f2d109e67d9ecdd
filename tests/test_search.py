"""Search: the query syntax people type, every hit in text, notes, tags and titles, marked;
a query that cannot be read is explained, and no input reaches SQLite as FTS5 syntax."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import ImportedDocument, Library
from models.entities import DocumentHits, SearchHit, SearchResults
from models.errors import MarginaliaError, QueryError
from models.query import fold, fts_query

from conftest import MIXED_TEXT


def add(library: Library, title: str, text: str) -> str:
    return library.import_document(ImportedDocument(title, text, "x.txt", "txt")).id


def titles(results: SearchResults) -> set[str]:
    return {d.title for d in results}


def marked(hit: SearchHit) -> list[str]:
    return [hit.snippet[s:e] for s, e in hit.highlights]


def same(a: str, b: str) -> bool:
    return fold(a) == fold(b)


@pytest.fixture
def records(library: Library) -> dict[str, str]:
    texts = {
        "Health": "Health systems need funding. The health ministers met twice.",
        "Migration": "Migration and development: the migration dialogue.",
        "Both": "Health of migrants: migration and health care funding.",
        "Labour": "Labour migration and remittances.",
    }
    return {title: add(library, title, text) for title, text in texts.items()}


# -- the query syntax ---------------------------------------------------------------------


def test_or_finds_either_word(library: Library, records: dict[str, str]) -> None:
    assert titles(library.search("health OR migration")) == {
        "Health",
        "Migration",
        "Both",
        "Labour",
    }
    assert titles(library.search("health migration")) == {"Both"}
    assert titles(library.search("health AND migration")) == {"Both"}
    assert titles(library.search("health or migration")) == set()  # 'or' is a word


def test_or_binds_tighter_than_the_implied_and(library: Library, records: dict[str, str]) -> None:
    assert titles(library.search("labour OR health funding")) == {"Health", "Both"}
    assert titles(library.search("(labour OR health) remittances")) == {"Labour"}


def test_words_can_be_left_out(library: Library, records: dict[str, str]) -> None:
    assert titles(library.search("migration -labour")) == {"Migration", "Both"}
    assert titles(library.search("migration NOT labour")) == {"Migration", "Both"}
    assert titles(library.search('migration -"health care"')) == {"Migration", "Labour"}
    hits = library.search("migration -labour").documents[0].hits
    assert all(same(w, "migration") for h in hits for w in marked(h))


def test_prefix_phrase_and_diacritics(library: Library) -> None:
    doc = add(library, "Réfugiés", "Le Haut-Commissaire pour les réfugiés a parlé.")
    assert [d.document_id for d in library.search("refugies")] == [doc]
    assert [d.document_id for d in library.search("REFUGIÉS")] == [doc]
    assert [d.document_id for d in library.search("commiss*")] == [doc]
    assert [d.document_id for d in library.search("“pour les réfugiés”")] == [doc]
    assert list(library.search('"les pour"')) == []
    hit = library.search("haut-commissaire").documents[0].hits[0]
    assert marked(hit) == ["Haut-Commissaire"]
    assert marked(library.search("commiss*").documents[0].hits[0]) == ["Commiss"]


def test_arabic_and_emoji_text_is_searchable(library: Library) -> None:
    doc = add(library, "Mixed", MIXED_TEXT)
    found = library.search("الهجرة").documents[0]
    assert found.document_id == doc
    hit = found.hits[0]
    assert marked(hit) == ["الهجرة"] and MIXED_TEXT[hit.start : hit.end] == "الهجرة"
    later = library.search("commitment").documents[0].hits[0]  # after emoji: code points
    assert MIXED_TEXT[later.start : later.end] == "commitment"


def test_fts_query_quotes_every_word_and_brackets_every_group() -> None:
    assert fts_query('migration "global forum" refug*') == (
        '(("migration" AND "global forum" AND "refug"*))'
    )
    assert fts_query("a OR b -c") == '((("a" OR "b")) NOT "c")'
    assert fts_query('x "NOT OR"') == '(("x" AND "NOT OR"))'


# -- what cannot be read is explained ------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "explained"),
    [
        ('health "global forum', "The quote after “health” is not closed"),
        ('"global forum', "The quote before “global forum” is not closed"),
        ("OR migration", "“OR” needs a word on each side"),
        ("migration OR", "“OR” needs a word on each side"),
        ("health OR OR migration", "“OR” needs a word on each side"),
        ("migration AND", "“AND” needs a word on each side"),
        ("migration NOT", "“NOT” needs a word after it"),
        ("*", "A * goes right after the beginning of a word"),
        ("mig*ration", "A * goes right after the beginning of a word"),
        ("-labour", "Say what to find as well as what to leave out"),
        ("NOT labour", "Say what to find as well as what to leave out"),
        ("(health OR migration", "A “(” is not closed"),
        ("health)", "A “)” has no “(” before it"),
        ("health ()", "There is nothing between “(” and “)”"),
        ("😀 —", "There is no word to search for in “😀 —”"),
        ("(" * 40 + "a" + ")" * 40, "Brackets can nest"),
        (" ".join(["word"] * 70), "A search can hold 64 words or phrases at most"),
    ],
)
def test_a_query_that_cannot_be_read_is_explained(
    library: Library, records: dict[str, str], query: str, explained: str
) -> None:
    with pytest.raises(QueryError) as error:
        library.search(query)
    message = str(error.value)
    assert message.startswith(explained)
    assert message.endswith(".") and "\n" not in message and "fts5" not in message.lower()


NASTY = ['"', "OR", "AND", "NOT OR", "*", "NEAR(", "NEAR(a b, 2)", "a AND", "-", "--a", "a -",
         "title:x", "text : a", "(a", "a)", "^a", "a+b", "{a}", "[a]", 'a"b', "'", "a'b",
         "\x00", "a\x00b", "\x1b[31m", "\t\n", "😀", "👩🏽‍⚖️ report", "الهجرة OR قضية",
         "\u202e evil", "a" * 5000, "OR " * 50, '"' * 7, "a*b*", "**", "a**", "NOT",
         "a NOT NOT b", "a OR NOT b", "(((", ")))", "a AND OR b", "é*", "ß",
         "İstanbul"]  # fmt: skip


@pytest.mark.parametrize("query", NASTY)
def test_no_input_reaches_sqlite_as_syntax(library: Library, query: str) -> None:
    add(library, "A", "a b title x text report قال الأمين العام إن الهجرة قضية عالمية.")
    try:
        results = library.search(query)
    except QueryError as error:
        assert str(error) and "fts5" not in str(error).lower()
    else:
        assert isinstance(results, SearchResults)


def test_an_empty_query_finds_nothing_and_is_no_error(library: Library) -> None:
    add(library, "A", "Some text.")
    assert list(library.search("")) == [] and list(library.search("   ")) == []


def test_query_error_is_a_library_error() -> None:
    assert issubclass(QueryError, MarginaliaError)


# -- every hit, counted and marked ---------------------------------------------------------


def test_each_hit_is_listed_with_a_count_per_document(library: Library) -> None:
    text = "\n\n".join(f"Paragraph {n}: the budget line {n} of the budget." for n in range(7))
    doc = add(library, "Accounts", text)
    add(library, "Other", "One budget.")
    found = library.search("budget")
    assert {d.title for d in found} == {"Accounts", "Other"}
    document = next(d for d in found if d.title == "Accounts")
    assert document.count == 14 and len(document.hits) == 14 and not document.more
    assert [h.where for h in document.hits] == ["text"] * 14
    starts = [h.start for h in document.hits]
    assert starts == sorted(starts) and len(set(starts)) == 14
    for hit in document.hits:
        assert text[hit.start : hit.end] == "budget"
        assert "budget" in marked(hit) and "\n" not in hit.snippet
    assert found.hit_count == 15 and document.document_id == doc


def test_hits_beyond_the_cap_are_counted_not_listed(library: Library) -> None:
    add(library, "Many", " ".join(f"risk {n}." for n in range(120)))
    document = library.search("risk", per_document=50).documents[0]
    assert document.count == 120 and len(document.hits) == 50 and document.more


def test_documents_are_capped_at_the_limit(library: Library) -> None:
    for n in range(5):
        add(library, f"Record {n}", f"Migration report number {n}.")
    found = library.search("migration", limit=3)
    assert len(found) == 3 and found.more_documents
    assert not library.search("migration", limit=5).more_documents


@settings(max_examples=60, deadline=None)
@given(
    records=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 2), st.booleans()), min_size=1, max_size=9
    ),
    page=st.integers(1, 4),
)
def test_pages_of_one_search_follow_each_other_without_repeats_or_gaps(
    records: list[tuple[int, int, bool]], page: int
) -> None:
    """Records matching by text (more or fewer times), by notes, by a tag, or by several:
    however the search pane pages through them, each is listed once, in one order."""
    library = Library.open(":memory:", author="Me")
    for n, (in_text, notes, tagged) in enumerate(records):
        text = f"Record {n} on funding. " + "The budget line. " * in_text
        doc = add(library, f"Record {n}", text)
        for _ in range(notes):
            library.annotate(doc, 0, 6, note="ask about the budget")
        if tagged:
            library.annotate_tagged(doc, 10, 17, ["Budget"], "")
    whole = library.search("budget", limit=100)
    listed, skip, more = [], 0, True
    while more:
        found = library.search("budget", limit=page, skip=skip)
        listed += [(d.document_id, d.count) for d in found]
        skip, more = skip + page, found.more_documents
    assert listed == [(d.document_id, d.count) for d in whole]
    assert len(whole) == sum(1 for t, n, g in records if t or n or g)


def test_adjacent_words_are_one_hit_each_word_marked(library: Library, sample_document) -> None:
    found = library.search("global forum").documents[0]
    text = library.document(sample_document.id).text
    pair = [h for h in found.hits if text[h.start : h.end].lower() == "global forum"]
    assert len(pair) == 1
    assert [w.lower() for w in marked(pair[0])][:2] == ["global", "forum"]
    assert all(w.lower() in {"global", "forum"} for h in found.hits for w in marked(h))


def test_a_snippet_stays_on_its_line_and_cuts_at_spaces(library: Library) -> None:
    text = "First line about nothing.\nSecond line about budget " + "words " * 60 + "end."
    add(library, "Lines", text)
    hit = library.search("budget").documents[0].hits[0]
    assert hit.snippet.startswith("Second line") and "First" not in hit.snippet
    assert hit.snippet.endswith("…") and hit.snippet[:-1].endswith("words")


def test_title_hit_when_the_title_matches(library: Library) -> None:
    add(library, "Annual budget review", "Nothing about money here.")
    document = library.search("budget").documents[0]
    assert document.count == 1
    hit = document.hits[0]
    assert (hit.where, hit.start, hit.end, marked(hit)) == ("title", 0, 0, ["budget"])


# -- notes and tags ------------------------------------------------------------------------


@pytest.fixture
def annotated(library: Library, sample_document) -> tuple[str, str, str]:
    text = library.document(sample_document.id).text
    start = text.index("prism of opportunity")
    annotation = library.annotate_tagged(
        sample_document.id, start, start + 20, ["Risks/Financial"],
        note="Ask Treasury about the FX sensitivity.\nRéfugiés: see annex <b>2</b>.",
    )  # fmt: skip
    return sample_document.id, annotation.id, text


def test_a_phrase_from_a_note_finds_the_note(library: Library, annotated) -> None:  # type: ignore[no-untyped-def]
    document_id, annotation_id, text = annotated
    found = library.search('"FX sensitivity"')
    assert [d.document_id for d in found] == [document_id]
    hit = found.documents[0].hits[0]
    assert (hit.where, hit.annotation_id) == ("note", annotation_id)
    assert text[hit.start : hit.end] == "prism of opportunity"
    assert hit.passage == "prism of opportunity"
    assert marked(hit) == ["FX sensitivity"] and "\n" not in hit.snippet
    assert "<b>2</b>" in hit.snippet  # shown as typed; the app escapes it
    assert library.search("fx sensitivity").documents[0].hits[0].where == "note"
    assert library.search("refugies annex").documents[0].hits[0].where == "note"


def test_a_note_matches_only_when_it_holds_the_whole_query(library: Library, annotated) -> None:  # type: ignore[no-untyped-def]
    assert list(library.search('"FX sensitivity" zebra')) == []
    assert list(library.search('"FX sensitivity" -treasury')) == []
    hits = library.search("treasury OR zebra").documents[0].hits
    assert [h.where for h in hits] == ["note"]


def test_notes_and_text_hits_are_listed_together(library: Library, annotated) -> None:  # type: ignore[no-untyped-def]
    _, _, text = annotated
    document = library.search("opportunity OR treasury").documents[0]
    assert [h.where for h in document.hits] == ["note", "text"]
    assert document.count == 2
    assert text[document.hits[1].start : document.hits[1].end] == "opportunity"


def test_tag_paths_are_searched(library: Library, annotated) -> None:  # type: ignore[no-untyped-def]
    _, annotation_id, text = annotated
    for query in ("financial", "risks financial", '"risks financial"', "financ*"):
        document = library.search(query).documents[0]
        hit = document.hits[0]
        assert (hit.where, hit.annotation_id, hit.snippet) == ("tag", annotation_id,
                                                             "Risks/Financial")  # fmt: skip
        assert text[hit.start : hit.end] == "prism of opportunity"
    assert marked(library.search("financial").documents[0].hits[0]) == ["Financial"]
    assert list(library.search("financial -risks")) == []


def test_a_renamed_tag_is_found_by_its_new_name(library: Library, annotated) -> None:  # type: ignore[no-untyped-def]
    tag = library.tag_by_path("Risks/Financial")
    library.rename_tag(tag.id, "Currency")
    assert list(library.search("financial")) == []
    assert library.search("currency").documents[0].hits[0].snippet == "Risks/Currency"


def test_an_edited_note_is_found_at_once(library: Library, annotated) -> None:  # type: ignore[no-untyped-def]
    _, annotation_id, _ = annotated
    assert library.search("treasury")  # the notes are now cached
    library.set_note(annotation_id, "Ask the central bank.")
    assert list(library.search("treasury")) == []
    assert library.search("central bank").documents[0].hits[0].annotation_id == annotation_id


def test_a_note_written_through_another_connection_is_found(library: Library, annotated) -> None:  # type: ignore[no-untyped-def]
    _, annotation_id, _ = annotated
    assert library.search("treasury")
    assert library.path is not None
    other = sqlite3.connect(library.path)
    other.execute("UPDATE annotation SET note = 'Ask the auditors.' WHERE uuid = ?",
                  (annotation_id,))  # fmt: skip
    other.commit()
    other.close()
    assert library.search("auditors").documents[0].hits[0].annotation_id == annotation_id


def test_deleted_annotations_and_documents_are_not_found(library: Library, annotated) -> None:  # type: ignore[no-untyped-def]
    document_id, annotation_id, _ = annotated
    library.delete_annotation(annotation_id)
    assert list(library.search("treasury")) == []
    assert list(library.search("financial")) == []
    assert library.search("opportunity")  # the text still is
    library.restore_annotation(annotation_id)
    assert library.search("treasury")
    library.delete_document(document_id)
    for query in ("treasury", "financial", "opportunity", "migration"):
        assert list(library.search(query)) == [], query


def test_documents_whose_notes_match_come_first(library: Library, annotated) -> None:  # type: ignore[no-untyped-def]
    document_id, _, _ = annotated
    add(library, "Accounts", "The treasury and the treasury again: treasury.")
    assert library.search("treasury").documents[0].document_id == document_id


def test_every_highlight_lies_on_the_searched_words(library: Library, annotated) -> None:  # type: ignore[no-untyped-def]
    add(library, "Mixed", MIXED_TEXT)
    for query in ("migration OR financial OR treasury", "global forum", "الهجرة", "commit*"):
        for document in library.search(query):
            assert isinstance(document, DocumentHits)
            for hit in document.hits:
                assert hit.highlights, (query, hit)
                for word in marked(hit):
                    folded = unicodedata.normalize("NFC", fold(word))
                    assert any(t.strip('"*').lower() in folded for t in query.split()), word
