"""The tag tree a person sees, derived from the rows alone (see models/merging.md).

Merging rows (newer wins) converges the rows but not the tree: two moves can close a
cycle, a parent can be deleted while a colleague tags under it, two colleagues can create
the same name. Instead of repairing such states by writing (which would differ from side
to side), the shown tree is a pure function of the tag rows, the alias rows and which
tags live annotations carry. Every side holds the same rows after syncing, so every side
derives the same tree. All walks are iterative: no input can exhaust the stack.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

MAX_DEPTH = 32
"""Levels a shown tag path may have; a tag deeper than this hangs at the last level."""


@dataclass(frozen=True, slots=True)
class TagRow:
    """One row of the tag table, as the derivation needs it."""

    id: str
    name: str
    parent_id: str | None
    color: str
    description: str
    modified: int
    deleted: bool
    created: int = 0


@dataclass(frozen=True, slots=True)
class AliasRow:
    """A live alias row: ``source`` now means ``target``."""

    id: str
    source: str
    target: str
    modified: int


@dataclass
class TagTree:
    """The shown tags: each with a parent, a path, and the tag ids that count as it."""

    rows: dict[str, TagRow]
    parent: dict[str, str | None] = field(default_factory=dict)
    """Shown tag -> its shown parent (None at the top level)."""
    canonical: dict[str, str] = field(default_factory=dict)
    """Every tag id that counts as a shown tag -> that tag's id."""
    order: list[str] = field(default_factory=list)
    """Shown tags, parents before children, siblings by name."""
    paths: dict[str, str] = field(default_factory=dict)
    children: dict[str | None, list[str]] = field(default_factory=dict)
    joined: dict[str, list[str]] = field(default_factory=dict)
    """Shown tag -> the rows shown as it because they are same-named siblings (itself
    first; not the tags merged into it). An officer's edit of the tag first records them
    as aliases of it, so they stay one tag whatever the edit."""

    def shown(self, tag_id: str) -> bool:
        return tag_id in self.parent

    def members(self, tag_id: str) -> list[str]:
        """Every tag id that counts as the shown tag ``tag_id`` (itself included)."""
        return [t for t, c in self.canonical.items() if c == tag_id]

    def subtree(self, tag_id: str) -> list[str]:
        """A shown tag and the shown tags under it, parents first."""
        found, queue = [], deque([tag_id])
        while queue:
            current = queue.popleft()
            found.append(current)
            queue.extend(self.children.get(current, ()))
        return found

    def depth(self, tag_id: str | None) -> int:
        """Levels above a shown tag (0 at the top; -1 for "no tag", the root)."""
        return -1 if tag_id is None else self.paths[tag_id].count("/")

    def height(self, tag_id: str) -> int:
        """Levels below a shown tag (0 for a leaf)."""
        base = self.depth(tag_id)
        return max(self.depth(t) for t in self.subtree(tag_id)) - base

    def child_named(self, parent_id: str | None, name: str) -> str | None:
        wanted = name.casefold()
        return next((t for t in self.children.get(parent_id, ())
                     if self.rows[t].name.casefold() == wanted), None)  # fmt: skip


def derive(rows: list[TagRow], aliases: list[AliasRow], used: set[str]) -> TagTree:
    """The shown tree from every tag row (live and deleted), the live alias rows, and the
    ids of tags that a live annotation carries through a live tagging."""
    tree = TagTree({row.id: row for row in rows})
    first = _resolve_aliases(tree.rows, aliases)
    groups: dict[str, list[str]] = {}
    for tag_id, root in first.items():
        groups.setdefault(root, []).append(tag_id)
    parents = _cut_cycles(tree.rows, {
        root: first.get(tree.rows[root].parent_id or "", None) for root in groups
    })  # fmt: skip
    shown = _shown(tree.rows, groups, parents, used)
    parents = _cap_depth({t: parents[t] for t in shown}, shown)
    same = _join_namesakes(tree, parents)
    for tag_id, root in first.items():
        if root in shown:
            tree.canonical[tag_id] = same[root]
    _order(tree)
    return tree


def _resolve_aliases(rows: dict[str, TagRow], aliases: list[AliasRow]) -> dict[str, str]:
    """Tag id -> the tag it finally means, following aliases. A cycle of aliases (X into
    Y on one side, Y into X on the other) is cut at its newest alias (ties: larger id)."""
    edge = {a.source: a for a in aliases
            if a.source in rows and a.target in rows and a.source != a.target}  # fmt: skip
    for cycle in _cycles({s: a.target for s, a in edge.items()}):
        newest = max((edge[s] for s in cycle), key=lambda a: (a.modified, a.id))
        del edge[newest.source]
    first: dict[str, str] = {}
    for tag_id in rows:
        chain, current = [], tag_id
        while current in edge and current not in first:
            chain.append(current)
            current = edge[current].target
        root = first.get(current, current)
        for member in [*chain, tag_id]:
            first[member] = root
    return first


def _cycles(edges: dict[str, str]) -> list[list[str]]:
    """The cycles of a graph where every node has at most one outgoing edge."""
    state: dict[str, int] = {}  # 1: on the current walk, 2: done
    cycles = []
    for start in edges:
        walk, current = [], start
        while current in edges and current not in state:
            state[current] = 1
            walk.append(current)
            current = edges[current]
        if state.get(current) == 1:
            cycles.append(walk[walk.index(current) :])
        for node in walk:
            state[node] = 2
    return cycles


def _cut_cycles(rows: dict[str, TagRow], parents: dict[str, str | None]) -> dict[str, str | None]:
    """Break each parent cycle at the tag whose row changed last (ties: larger id): it
    goes to the top level. A tag that is its own parent (through aliases) is one too."""
    edges = {t: p for t, p in parents.items() if p is not None and p in parents}
    result: dict[str, str | None] = {t: edges.get(t) for t in parents}
    for cycle in _cycles(edges):
        newest = max(cycle, key=lambda t: (rows[t].modified, t))
        result[newest] = None
    return result


def _shown(rows: dict[str, TagRow], groups: dict[str, list[str]],
           parents: dict[str, str | None], used: set[str]) -> set[str]:  # fmt: skip
    """Tags that are not deleted or are carried by a live annotation, and their ancestors."""
    shown: set[str] = set()
    for root, members in groups.items():
        if not rows[root].deleted or any(m in used for m in members):
            current: str | None = root
            while current is not None and current not in shown:
                shown.add(current)
                current = parents[current]
    return shown


def _cap_depth(parents: dict[str, str | None], shown: set[str]) -> dict[str, str | None]:
    """No shown tag deeper than MAX_DEPTH levels: deeper ones hang at the last level."""
    children: dict[str | None, list[str]] = {}
    for tag_id, parent in parents.items():
        children.setdefault(parent, []).append(tag_id)
    depth: dict[str | None, int] = {None: -1}
    queue: deque[str | None] = deque([None])
    while queue:
        current = queue.popleft()
        for child in children.get(current, ()):
            if depth[current] == MAX_DEPTH - 1:  # would be one level too deep
                parents[child] = parents[current] if current is not None else None
            depth[child] = depth[parents[child]] + 1
            queue.append(child)
    return parents


def _join_namesakes(tree: TagTree, parents: dict[str, str | None]) -> dict[str, str]:
    """Shown siblings with the same name (ignoring case) are one tag: the smallest id.
    Level by level, so the subtags of joined tags are compared with each other too."""
    children: dict[str | None, list[str]] = {}
    for tag_id, parent in parents.items():
        children.setdefault(parent, []).append(tag_id)
    same: dict[str, str] = {}
    queue: deque[tuple[str | None, list[str]]] = deque([(None, children.get(None, []))])
    while queue:
        parent, kids = queue.popleft()
        by_name: dict[str, list[str]] = {}
        for kid in kids:
            by_name.setdefault(tree.rows[kid].name.casefold(), []).append(kid)
        for namesakes in by_name.values():  # the first made stays (then the smaller id)
            keep = min(namesakes, key=lambda t: (tree.rows[t].created, t))
            tree.parent[keep] = parent
            below: list[str] = []
            tree.joined[keep] = sorted(namesakes, key=lambda t: (t != keep, t))
            for tag_id in namesakes:
                same[tag_id] = keep
                below.extend(children.get(tag_id, ()))
            queue.append((keep, below))
    return same


def _order(tree: TagTree) -> None:
    for tag_id, parent in tree.parent.items():
        tree.children.setdefault(parent, []).append(tag_id)
    for kids in tree.children.values():
        kids.sort(key=lambda t: (tree.rows[t].name.casefold(), t))
    stack: list[tuple[str, str]] = [(t, "") for t in reversed(tree.children.get(None, []))]
    while stack:
        tag_id, prefix = stack.pop()
        path = prefix + tree.rows[tag_id].name
        tree.paths[tag_id] = path
        tree.order.append(tag_id)
        stack.extend((t, path + "/") for t in reversed(tree.children.get(tag_id, [])))
