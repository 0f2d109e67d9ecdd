"""The margin's stripes: columns for overlapping annotations, found by position."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ui.margin_layout import MarginLayout, Stripe

extents = st.tuples(st.integers(0, 60), st.integers(1, 25)).map(lambda p: (p[0], p[0] + p[1]))
passage_sets = st.lists(extents, max_size=40).map(
    lambda spans: [(s, e, f"a{n:02d}", ("t",)) for n, (s, e) in enumerate(spans)]
)


def overlap(a: Stripe, b: Stripe) -> bool:
    return a.start < b.end and b.start < a.end


def depth(stripes: list[Stripe]) -> int:
    """The most stripes covering one position."""
    return max((sum(s.start <= p < s.end for s in stripes) for p in range(100)), default=0)


def all_stripes(layout: MarginLayout) -> list[Stripe]:
    return layout.between(0, 1_000)


def test_apart_passages_share_the_first_column_and_overlaps_stand_side_by_side() -> None:
    layout = MarginLayout(
        [(0, 10, "a", ("t1",)), (10, 20, "b", ()), (5, 15, "c", ("t1", "t2")), (6, 8, "d", ())]
    )
    columns = {s.id: s.column for s in all_stripes(layout)}
    assert columns == {"a": 0, "b": 0, "c": 1, "d": 2}  # touching passages do not overlap
    assert layout.columns() == 3
    assert [s.id for s in layout.between(9, 11)] == ["a", "c", "b"]  # text order
    assert [s.id for s in layout.between(16, 16)] == ["b"]  # a position
    assert layout.between(20, 30) == []
    assert layout.stripe("c") == Stripe(5, 15, "c", ("t1", "t2"), 1)


def test_a_new_highlight_takes_the_leftmost_free_column_and_moves_nothing() -> None:
    layout = MarginLayout([(0, 10, "a", ()), (2, 12, "b", ()), (20, 30, "c", ())])
    assert [s.column for s in all_stripes(layout)] == [0, 1, 0]
    assert layout.add((11, 18, "d", ())).column == 0  # "a" ended at 10: its column is free
    assert layout.add((3, 4, "e", ())).column == 2
    assert {s.id: s.column for s in all_stripes(layout)} == {
        "a": 0,
        "b": 1,
        "c": 0,
        "d": 0,
        "e": 2,
    }
    layout.remove("b")
    assert {s.id: s.column for s in all_stripes(layout)} == {"a": 0, "c": 0, "d": 0, "e": 2}
    assert layout.add((2, 12, "f", ())).column == 1  # the column "b" left


@given(passage_sets)
def test_laid_out_at_once_overlaps_never_share_a_column_and_columns_are_fewest(
    passages: list[tuple[int, int, str, tuple[str, ...]]],
) -> None:
    layout = MarginLayout(passages)
    stripes = all_stripes(layout)
    assert sorted(s.id for s in stripes) == sorted(p[2] for p in passages)
    for n, a in enumerate(stripes):
        assert all(a.column != b.column for b in stripes[n + 1 :] if overlap(a, b))
    assert layout.columns() == depth(stripes)


@given(passage_sets, st.lists(st.integers(0, 39), max_size=15), st.integers(0, 80))
def test_added_and_removed_one_at_a_time_overlaps_never_share_a_column(
    passages: list[tuple[int, int, str, tuple[str, ...]]], removed: list[int], probe: int
) -> None:
    layout = MarginLayout()
    for passage in passages:
        before = set(all_stripes(layout))
        layout.add(passage)
        assert before <= set(all_stripes(layout))  # nobody moved
    for index in removed:
        if index < len(passages):
            layout.remove(passages[index][2])
    stripes = all_stripes(layout)
    for n, a in enumerate(stripes):
        assert all(a.column != b.column for b in stripes[n + 1 :] if overlap(a, b))
    expected = [s for s in stripes if s.start < probe + 5 and s.end > probe]
    assert layout.between(probe, probe + 5) == expected
