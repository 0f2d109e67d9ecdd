"""Authors' colours: distinct while the palette lasts, the same for every colleague,
and steady as colleagues join or arrive by a merge (``models.palette.authors_palette``)."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from models.palette import PALETTE, authors_palette, own_colour

ids = st.uuids().map(str)
authors = st.lists(st.tuples(st.text("abcdef", min_size=1, max_size=3), ids), max_size=12)


@given(authors)
def test_authors_differ_while_the_palette_lasts(rows: list[tuple[str, str]]) -> None:
    colours = authors_palette(rows)
    assert set(colours) == {name for name, _ in rows}
    assert len(set(colours.values())) == min(len(colours), len(PALETTE))


@given(authors, st.text("ghij", min_size=1, max_size=3), ids)
def test_a_colleague_who_joins_later_changes_no_one(
    rows: list[tuple[str, str]], name: str, author_id: str
) -> None:
    before = authors_palette(rows)
    after = authors_palette([*rows, (name, author_id)])
    assert {n: after[n] for n in before} == before


@given(authors, st.text("ghij", min_size=1, max_size=3), ids)
def test_one_who_arrives_earlier_moves_only_whoever_held_their_colour(
    rows: list[tuple[str, str]], name: str, author_id: str
) -> None:
    """A colleague merged in who wrote before everyone here takes their own colour; if
    no one here held it, no one's colour changes; else only that holder's chain moves."""
    before = authors_palette(rows)
    after = authors_palette([(name, author_id), *rows])
    assert after[name] == own_colour(author_id)
    changed = {n for n in before if after[n] != before[n]}
    if own_colour(author_id) not in before.values():
        assert changed == set()
    elif len(before) < len(PALETTE):
        holder = next(n for n, c in before.items() if c == own_colour(author_id))
        assert holder in changed


def test_two_colleagues_whose_ids_point_at_one_colour_get_two() -> None:
    first = str(uuid.UUID(int=1))
    candidates = (str(uuid.UUID(int=n)) for n in range(2, 10_000))
    second = next(c for c in candidates if own_colour(c) == own_colour(first))
    colours = authors_palette([("Ana", first), ("Bo", second)])
    assert colours["Ana"] == own_colour(first) != colours["Bo"]
