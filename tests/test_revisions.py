"""Revised records: each test asserts where every annotation lands and with which outcome."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import ImportedDocument, Library
from models.anchoring import OldPassage, reanchor
from models.text import quote_context

V1 = """1. The Board welcomed the report of the High-level Committee on Programmes.

2. The Secretary-General noted that migration had become a central issue for development 😀.

3. The Board agreed to report on progress by 2027 at its second regular session.

4. Executive heads stressed the need for capacity-building in the areas of policy development.

5. قال الأمين العام إن الهجرة قضية عالمية تحتاج إلى تعاون دولي.

6. The Board took note of the financial situation of the system."""


def passage(text: str, quote: str, occurrence: int = 0) -> OldPassage:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    prefix, exact, suffix = quote_context(text, start, start + len(quote))
    return OldPassage(quote[:20], start, start + len(quote), exact, prefix, suffix)


def landed(old: str, new: str, quotes: list[str]) -> dict[str, tuple[str, str | None]]:
    """quote -> (outcome, the new text it landed on)."""
    result = {}
    for landing in reanchor(old, new, [passage(old, q) for q in quotes]):
        text = new[landing.start : landing.end] if landing.start is not None else None
        result[landing.id] = (landing.outcome, text)
    return {q: result[q[:20]] for q in quotes}


QUOTES = [
    "welcomed the report",
    "migration had become a central issue",
    "agreed to report on progress by 2027",
    "capacity-building",
    "الهجرة قضية عالمية",
    "financial situation",
]


def test_unchanged_text_keeps_every_passage() -> None:
    assert landed(V1, V1, QUOTES) == {q: ("moved", q) for q in QUOTES}


def test_inserted_and_deleted_paragraphs() -> None:
    new = V1.replace(
        "1. The Board welcomed", "0. A new opening paragraph was added.\n\n1. The Board welcomed"
    )
    new = new.replace("\n\n6. The Board took note of the financial situation of the system.", "")
    result = landed(V1, new, QUOTES)
    assert result["financial situation"] == ("orphaned", None)
    for quote in QUOTES[:-1]:
        assert result[quote] == ("moved", quote)


def test_renumbered_paragraphs_and_moved_section() -> None:
    paragraphs = V1.split("\n\n")
    moved = [paragraphs[0], paragraphs[3], paragraphs[1], paragraphs[2], *paragraphs[4:]]
    new = "\n\n".join(f"{n + 10}.{p.split('.', 1)[1]}" for n, p in enumerate(moved))
    assert landed(V1, new, QUOTES) == {q: ("moved", q) for q in QUOTES}


def test_a_reworded_sentence_is_amended_even_when_the_old_words_survive_elsewhere() -> None:
    reworded = V1.replace(
        "agreed to report on progress by 2027", "decided to report on progress by 2028"
    )
    new = reworded + "\n\n7. Annex: the Board had agreed to report on progress by 2027 earlier."
    result = landed(V1, new, QUOTES)
    outcome, text = result["agreed to report on progress by 2027"]
    assert outcome == "amended"
    assert text == "decided to report on progress by 2028"
    assert new.index(text) < new.index("Annex")


def test_whitespace_and_hyphenation_from_a_re_extracted_pdf() -> None:
    new = V1.replace("capacity-building in the areas", "capacity- building in  the areas")
    new = new.replace("had become a central issue", "had become a\ncentral issue")
    result = landed(V1, new, QUOTES)
    assert result["capacity-building"][0] == "moved"
    assert result["migration had become a central issue"][0] == "moved"
    assert result["welcomed the report"] == ("moved", "welcomed the report")


def test_emoji_and_arabic_offsets_after_edits() -> None:
    new = "😀😀 Preface 𝔘.\n\n" + V1.replace("Executive heads", "Executive heads 😀")
    result = landed(V1, new, QUOTES)
    assert result["الهجرة قضية عالمية"] == ("moved", "الهجرة قضية عالمية")
    assert result["migration had become a central issue"] == (
        "moved",
        "migration had become a central issue",
    )


def test_a_passage_whose_words_repeat_lands_on_its_own_occurrence() -> None:
    old = "The Board agreed.\n\nLater, the Board agreed.\n\nFinally the Board agreed."
    new = "Intro.\n\n" + old
    second = passage(old, "the Board agreed", 0)
    (landing,) = reanchor(old, new, [second])
    assert new[landing.start : landing.end] == "the Board agreed"
    assert landing.start == new.index("Later, the Board agreed") + len("Later, ")


# -- through the library and the command line ---------------------------------------------


def test_import_revision_moves_amends_and_orphans(library: Library) -> None:
    first = library.import_document(ImportedDocument("CEB v1", V1, "v1.txt", "txt"))
    notes = {}
    for quote in QUOTES:
        start = V1.index(quote)
        notes[quote] = library.annotate_tagged(
            first.id, start, start + len(quote), ["Risks"], quote
        ).id
    v2 = V1.replace("agreed to report on progress by 2027", "decided to report on progress by 2028")
    v2 = v2.replace("\n\n6. The Board took note of the financial situation of the system.", "")
    report = library.import_revision(ImportedDocument("CEB v2", v2, "v2.txt", "txt"), first.id)
    assert report.outcomes == {"moved": 4, "amended": 1, "orphaned": 1}
    new_id = report.document.id
    assert report.document.revision_of == first.id
    on_new = {a.note: a for a in library.annotations(new_id)}
    assert set(on_new) == set(QUOTES) - {"financial situation"}
    amended = on_new["agreed to report on progress by 2027"]
    assert (amended.status, amended.quote) == ("amended", "decided to report on progress by 2028")
    assert amended.old_quote == "agreed to report on progress by 2027"
    assert library.tag_by_path("Risks").annotation_count == 6
    review = {a.note: a for a in library.review_list(new_id)}
    assert set(review) == {"agreed to report on progress by 2027", "financial situation"}
    orphan = review["financial situation"]
    assert (orphan.status, orphan.target, orphan.document_id) == ("orphaned", new_id, first.id)
    assert library.document(first.id).text == V1  # the old version stays readable
    library.accept_anchor(amended.id)
    start = v2.index("The Board welcomed")
    back = library.reattach(orphan.id, new_id, start, start + 9)
    assert (back.status, back.document_id, back.quote) == ("ok", new_id, "The Board")
    assert library.review_list(new_id) == []


def test_cli_import_revision_reports_counts(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    db = tmp_path / "work.db"
    v1, v2 = tmp_path / "v1.txt", tmp_path / "v2.txt"
    v1.write_text(V1, encoding="utf-8")
    v2.write_text(V1.replace("2027", "2028"), encoding="utf-8")
    cli("import", "--db", str(db), str(v1))
    doc = json.loads(cli("list", "--db", str(db), "--json").stdout)["documents"][0]["id"]
    cli("annotate", "--db", str(db), "--doc", doc, "--quote", "financial situation")
    cli("annotate", "--db", str(db), "--doc", doc, "--quote", "progress by 2027")
    done = cli("import", "--db", str(db), "--revision-of", doc[:8], str(v2))
    assert done.returncode == 0, done.stderr
    assert "1 moved, 1 amended, 0 orphaned" in done.stdout
    listing = json.loads(cli("list", "--db", str(db), "--json").stdout)
    statuses = sorted((a["quote"], a["status"]) for a in listing["annotations"])
    assert statuses == [("financial situation", "ok"), ("progress by 2028", "amended")]


@pytest.mark.parametrize("missing", ["ffffffff"])
def test_revision_of_an_unknown_document_is_refused(cli, tmp_path: Path, missing: str) -> None:  # type: ignore[no-untyped-def]
    v2 = tmp_path / "v2.txt"
    v2.write_text(V1, encoding="utf-8")
    cli("import", "--db", str(tmp_path / "w.db"), str(v2))
    done = cli("import", "--db", str(tmp_path / "w.db"), "--revision-of", missing, str(v2))
    assert done.returncode == 1 and "names no document" in done.stderr


def test_a_colleague_annotating_the_old_version_lands_on_the_new_one(tmp_path: Path) -> None:
    from main import build_listing

    ana = Library.open(tmp_path / "ana.db", author="Ana")
    v1 = ana.import_document(ImportedDocument("CEB v1", V1, "v1.txt", "txt")).id
    start = V1.index("welcomed the report")
    mine = ana.annotate_tagged(v1, start, start + 19, ["Positions"])
    ana.share(tmp_path / "bo.db")
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    at = V1.index("capacity-building")
    bos = bo.annotate_tagged(v1, at, at + 17, ["Risks"], "on the old version")
    v2_text = "0. A new first paragraph.\n\n" + V1
    v2 = ana.import_revision(ImportedDocument("CEB v2", v2_text, "v2.txt", "txt"), v1).document.id
    report = ana.merge(tmp_path / "bo.db")
    assert report.reanchored == {"moved": 1}
    carried = ana.annotation(bos.id)
    assert (carried.document_id, carried.quote) == (v2, "capacity-building")
    assert carried.start == v2_text.index("capacity-building")
    assert ana.annotation(mine.id).document_id == v2
    bo.merge(tmp_path / "ana.db")
    assert build_listing(bo) == build_listing(ana)


def test_a_retag_on_the_old_version_and_a_move_to_the_new_one_still_converge(
    tmp_path: Path,
) -> None:
    from main import build_listing

    ana = Library.open(tmp_path / "ana.db", author="Ana")
    v1 = ana.import_document(ImportedDocument("CEB v1", V1, "v1.txt", "txt")).id
    start = V1.index("financial situation")
    note = ana.annotate_tagged(v1, start, start + 19, ["Risks"])
    ana.share(tmp_path / "bo.db")
    bo = Library.open(tmp_path / "bo.db", author="Bo")
    ana.import_revision(ImportedDocument("CEB v2", "Intro.\n\n" + V1, "v2.txt", "txt"), v1)
    bo.set_tags(note.id, [bo.ensure_tag_path("Risks").id, bo.ensure_tag_path("Budget").id])
    ana.merge(tmp_path / "bo.db")
    bo.merge(tmp_path / "ana.db")
    ana.merge(tmp_path / "bo.db")  # not refused: every link sits on its annotation's document
    assert build_listing(ana) == build_listing(bo)
    assert sorted(ana.tag(t).path for t in ana.annotation(note.id).tag_ids) == ["Budget", "Risks"]


def test_an_orphan_is_offered_the_closest_passage_of_the_new_version(library: Library) -> None:
    first = library.import_document(ImportedDocument("v1", V1, "v1.txt", "txt"))
    start = V1.index("financial situation of the system")
    orphan = library.annotate(first.id, start, start + 33)
    kept = library.annotate(first.id, 3, 12)
    v2 = (
        V1.split("\n\n6.")[0]
        + "\n\n6. The system's finances were noted, as was its financial position."
    )
    new_id = library.import_revision(
        ImportedDocument("v2", v2, "v2.txt", "txt"), first.id
    ).document.id
    assert library.annotation(orphan.id).status == "orphaned"
    start, end, score = library.closest_passage(orphan.id)  # type: ignore[misc]
    assert "financial position" in v2[start:end] and score >= 50
    assert library.annotation(kept.id).document_id == new_id
    assert library.closest_passage(kept.id) is None  # not an orphan
