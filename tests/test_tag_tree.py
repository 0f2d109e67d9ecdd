"""The shown tag tree, derived from rows alone: valid for any rows, the same for the same rows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models.tag_tree import MAX_DEPTH, AliasRow, TagRow, TagTree, derive

IDS = [f"{n:08x}-0000-4000-8000-000000000000" for n in range(12)]


def row(n: int, name: str, parent: int | None = None, modified: int = 1,
        deleted: bool = False) -> TagRow:  # fmt: skip
    return TagRow(IDS[n], name, None if parent is None else IDS[parent], "#000000", "",
                  modified, deleted)  # fmt: skip


def alias(source: int, target: int, modified: int = 1) -> AliasRow:
    return AliasRow(f"alias-{source}", IDS[source], IDS[target], modified)


def paths(tree: TagTree) -> list[str]:
    return [tree.paths[t] for t in tree.order]


def test_crossed_moves_are_cut_at_the_newest_move() -> None:
    # X moved under Y on one side (modified 5), Y under X on the other (modified 7)
    tree = derive([row(0, "X", 1, modified=5), row(1, "Y", 0, modified=7)], [], set())
    assert paths(tree) == ["Y", "Y/X"]


def test_a_deleted_parent_in_use_is_shown_with_only_what_is_used() -> None:
    rows = [row(0, "Risks", deleted=True), row(1, "Legal", 0),
            row(2, "Financial", 0, deleted=True)]  # fmt: skip
    assert paths(derive(rows, [], set())) == ["Risks", "Risks/Legal"]
    carried = derive([row(0, "Risks", deleted=True)], [], {IDS[0]})
    assert paths(carried) == ["Risks"]
    assert paths(derive([row(0, "Risks", deleted=True)], [], set())) == []


def test_same_named_siblings_are_one_tag_and_their_subtags_join_too() -> None:
    rows = [row(3, "Risks"), row(1, "risks"), row(4, "Legal", 3), row(2, "Legal", 1)]
    tree = derive(rows, [], set())
    assert paths(tree) == ["risks", "risks/Legal"]
    assert tree.canonical[IDS[3]] == IDS[1] and tree.canonical[IDS[4]] == IDS[2]
    assert tree.joined[IDS[1]] == [IDS[1], IDS[3]]


def test_aliases_follow_chains_and_a_cycle_of_aliases_is_cut_at_the_newest() -> None:
    rows = [row(0, "Dates"), row(1, "Deadlines"), row(2, "Sub", 0)]
    tree = derive(rows, [alias(0, 1)], set())
    assert paths(tree) == ["Deadlines", "Deadlines/Sub"]
    assert tree.canonical[IDS[0]] == IDS[1]
    crossed = derive(rows[:2], [alias(0, 1, modified=3), alias(1, 0, modified=9)], set())
    assert paths(crossed) == ["Deadlines"]  # 1 -> 0 is newer and ignored; 0 -> 1 stands


def test_nothing_is_deeper_than_the_limit() -> None:
    rows = [TagRow(f"{n:08x}-1111-4000-8000-000000000000", f"L{n}",
                   None if n == 0 else f"{n - 1:08x}-1111-4000-8000-000000000000",
                   "#000000", "", 1, False) for n in range(MAX_DEPTH + 5)]  # fmt: skip
    tree = derive(rows, [], set())
    assert max(p.count("/") for p in paths(tree)) == MAX_DEPTH - 1
    assert len(tree.order) == len(rows)


@st.composite
def tag_rows(draw: st.DrawFn) -> tuple[list[TagRow], list[AliasRow], set[str]]:
    count = draw(st.integers(1, len(IDS)))
    names = st.sampled_from(["Risks", "risks", "Legal", "Dates", "X"])
    rows = [TagRow(IDS[n], draw(names), draw(st.one_of(st.none(), st.sampled_from(IDS[:count]))),
                   "#000000", "", draw(st.integers(1, 4)), draw(st.booleans()))
            for n in range(count)]  # fmt: skip
    target, stamp = st.sampled_from(IDS[:count]), st.integers(1, 4)
    aliases = [AliasRow(f"a{n}", IDS[n], draw(target), draw(stamp))
               for n in range(count) if draw(st.booleans())]  # fmt: skip
    used = set(draw(st.lists(st.sampled_from(IDS[:count]))))
    return rows, aliases, used


@settings(max_examples=400)
@given(tag_rows())
def test_any_rows_give_a_valid_tree_and_row_order_does_not_matter(
    drawn: tuple[list[TagRow], list[AliasRow], set[str]],
) -> None:
    rows, aliases, used = drawn
    tree = derive(rows, aliases, used)
    shown = set(tree.order)
    assert len(shown) == len(tree.order)
    siblings = set()
    for tag_id in tree.order:
        parent = tree.parent[tag_id]
        assert parent is None or parent in shown
        assert tree.paths[tag_id].count("/") < MAX_DEPTH
        key = (parent, tree.rows[tag_id].name.casefold())
        assert key not in siblings  # no two shown siblings share a name
        siblings.add(key)
    assert all(tree.canonical[t] in shown for t in used if t in tree.canonical)
    assert all(t in tree.canonical for t in used)  # everything in use is shown
    again = derive(list(reversed(rows)), list(reversed(aliases)), used)
    assert (again.order, again.paths, again.canonical) == (tree.order, tree.paths, tree.canonical)
