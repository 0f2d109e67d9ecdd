"""Agreement between two readings of a record (``models.agreement``): hand-computed
cases, an independent computation (scikit-learn) on random codings, and the library."""

from __future__ import annotations

import math
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import ImportedDocument, Library
from models.agreement import ANY, Coded, TagAgreement, compare, kappa, kappa_text, observed
from models.errors import InvalidRange, NotFound

from conftest import MIXED_TEXT

T = frozenset({"t"})


def row(length: int, first: list[Coded], second: list[Coded], overlap: float = 0.5) -> TagAgreement:
    """The row of tag "t"."""
    return compare(length, first, second, [("t", "T")], overlap).tags[1]


@pytest.mark.parametrize(
    ("first", "second", "agreement", "expected_kappa"),
    [
        ([(0, 4)], [(0, 4)], 1.0, 1.0),  # full agreement
        ([(0, 5)], [(5, 10)], 0.0, -1.0),  # none: each coded what the other left
        ([(0, 6)], [(3, 9)], 0.4, -0.25),  # p_o = (3 + 1) / 10, p_e = .36 + .16
        ([(0, 4)], [], 0.6, 0.0),  # a tag one reader never used: p_e = .6
        ([(0, 4), (2, 6)], [(0, 6)], 1.0, 1.0),  # overlapping passages count once
        ([(0, 10)], [(0, 10)], 1.0, None),  # all coded by both: chance is certain
    ],
)
def test_hand_computed_agreement_over_ten_characters(
    first: list[tuple[int, int]],
    second: list[tuple[int, int]],
    agreement: float,
    expected_kappa: float | None,
) -> None:
    result = row(10, [Coded(s, e, T) for s, e in first], [Coded(s, e, T) for s, e in second])
    assert result.agreement == pytest.approx(agreement)
    if expected_kappa is None:
        assert result.kappa is None
    else:
        assert result.kappa == pytest.approx(expected_kappa)


def test_an_empty_record_or_an_unused_tag_has_no_kappa() -> None:
    assert observed(0, 0, 0, 0) == 1.0 and kappa(0, 0, 0, 0) is None
    unused = row(10, [Coded(0, 4, frozenset({"other"}))], [])
    assert (unused.agreement, unused.kappa) == (1.0, None)


def test_a_passage_agrees_when_one_of_the_others_covers_enough_of_it() -> None:
    long, short = Coded(0, 10, T, "a"), Coded(6, 10, T, "b")
    result = compare(20, [long], [short], [("t", "T")], 0.5)
    tag = result.tags[1]
    assert (tag.agreed_first, tag.agreed_second) == (0, 1)  # 4 of 10; 4 of 4
    assert result.only_first == [long] and result.only_second == []
    assert result.both == []
    loose = compare(20, [long], [short], [("t", "T")], 0.4)
    assert [(m.first.id, m.second.id, m.overlap) for m in loose.both] == [("a", "b", (6, 10))]
    assert loose.tags[0].tag == ANY


spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 25), st.sampled_from(["t", "u"])), max_size=8
)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 80), spans, spans)
def test_kappa_matches_scikit_learn_on_random_codings(
    length: int, first: list[tuple[int, int, str]], second: list[tuple[int, int, str]]
) -> None:
    """The same per-character labels given to scikit-learn's cohen_kappa_score."""
    from sklearn.metrics import cohen_kappa_score

    def coded(raw: list[tuple[int, int, str]]) -> list[Coded]:
        return [
            Coded(min(s, length - 1), min(s + n, length), frozenset({tag})) for s, n, tag in raw
        ]

    mine, theirs = coded(first), coded(second)
    for tag in ("t", "u"):
        result = compare(length, mine, theirs, [(tag, tag)]).tags[1]
        labels = [
            [int(any(c.start <= i < c.end and tag in c.tags for c in side)) for i in range(length)]
            for side in (mine, theirs)
        ]
        agreed = sum(a == b for a, b in zip(*labels, strict=True)) / length
        assert result.agreement == pytest.approx(agreed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scikit-learn warns where kappa is undefined
            expected = cohen_kappa_score(*labels)
        if result.kappa is None:
            assert math.isnan(expected) or len(set(labels[0] + labels[1])) == 1
        else:
            assert result.kappa == pytest.approx(expected)


def test_the_library_compares_two_authors_on_a_record(library: Library) -> None:
    record = library.import_document(ImportedDocument("Mixed", MIXED_TEXT, "m.txt", "txt"))
    word = MIXED_TEXT.index("commitment")
    library.set_author("Amina")
    library.annotate_tagged(record.id, word, word + 10, ["Commitments"], "")
    library.annotate_tagged(record.id, 0, 5, ["Risks"], "")
    library.set_author("Bo")
    library.annotate_tagged(record.id, word, word + 14, ["Commitments"], "")
    result = library.compare(record.id, "Amina", "Bo")
    assert [r.tag for r in result.tags] == [ANY, "Commitments", "Risks"]
    commitments = result.tags[1]
    assert (commitments.coded_first, commitments.coded_second, commitments.coded_both) == (
        10,
        14,
        10,
    )
    assert commitments.length == len(MIXED_TEXT)  # code points, emoji and all
    assert [c.start for c in result.only_first] == [0]
    with pytest.raises(NotFound, match="Cy"):
        library.compare(record.id, "Amina", "Cy")
    with pytest.raises(InvalidRange):
        library.compare(record.id, "Amina", "Bo", min_overlap=0)
    with pytest.raises(InvalidRange, match="two different"):  # it would agree perfectly
        library.compare(record.id, "Amina", "Amina")
    risks = library.tag_by_path("Risks").id
    only_risks = library.compare(record.id, "Amina", "Bo", [risks])
    assert [r.tag for r in only_risks.tags] == [ANY, "Risks"]
    assert [c.start for c in only_risks.only_first] == [0]  # not the Commitments passage
    assert only_risks.only_second == []


def test_a_kappa_is_shown_without_a_minus_zero() -> None:
    assert kappa_text(None) == "—"
    assert kappa_text(-0.0001) == "0.00" and kappa_text(0.4349) == "0.43"
    assert kappa_text(-0.25, 3) == "-0.250"


def test_two_tags_compare_as_two_readings_whoever_marked_them(library: Library) -> None:
    record = library.import_document(ImportedDocument("Mixed", MIXED_TEXT, "m.txt", "txt"))
    library.set_author("Amina")
    library.annotate_tagged(record.id, 0, 10, ["Reading/Ana"], "")
    library.set_author("Bo")
    library.annotate_tagged(record.id, 5, 10, ["Reading/Bo"], "")
    ana, bo = (library.tag_by_path(p).id for p in ("Reading/Ana", "Reading/Bo"))
    (whole,) = library.compare_tags(record.id, ana, bo).tags
    assert (whole.coded_first, whole.coded_second, whole.coded_both) == (10, 5, 5)
    assert (whole.agreed_first, whole.agreed_second) == (1, 1)  # 5 of 10 is half: enough
    unused = library.ensure_tag_path("Reading/Cy").id
    with pytest.raises(NotFound, match="Reading/Cy"):
        library.compare_tags(record.id, ana, unused)
