"""Tags: a tree of coloured labels ('Risks/Financial') and their management.

The tree shown is derived from the rows (``models.tag_tree``); operations take the ids of
shown tags and write rows so that the derived tree becomes what the officer asked for.
"""

from __future__ import annotations

import re
from dataclasses import replace

from models.entities import Tag
from models.errors import DuplicateTag, InvalidTag, UnknownTag
from models.palette import next_color, normalise_color
from models.store import alias_uuid, new_uuid
from models.tag_tree import MAX_DEPTH, AliasRow, TagRow, TagTree, derive
from models.tallies import WITH_ITSELF, WITH_SUBTAGS, Tallies

MAX_TAG_NAME = 200
_CONTROL = re.compile("[\x00-\x1f\x7f\ufffe\uffff]")
INVISIBLE = re.compile("[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
"""Zero-width spaces and bidirectional overrides: they make look-alike or reversed names
("budget" twice; a name that reads backwards). Joiners (emoji, Persian) are kept."""


def clean_tag_name(name: str) -> str:
    """Strip a tag name (control characters become spaces, invisible ones are dropped,
    spaces collapse) and check it can be part of a path."""
    cleaned = " ".join(_CONTROL.sub(" ", INVISIBLE.sub("", name)).split())
    if not cleaned:
        raise InvalidTag("A tag needs a name.")
    if "/" in cleaned:
        raise InvalidTag(f"A tag name cannot contain '/' (“{cleaned}”); '/' separates levels.")
    if len(cleaned) > MAX_TAG_NAME:
        raise InvalidTag(f"A tag name cannot be longer than {MAX_TAG_NAME} characters.")
    return cleaned


class Tags(Tallies):
    """Tag operations of the library."""

    _tree_cache: tuple[tuple[int, int], TagTree] | None = None

    # -- reading -------------------------------------------------------------------------

    def tag_tree(self) -> TagTree:
        """The tree as shown, derived from the rows (cached until the data changes)."""
        mark = self.data_mark()
        if mark and self._tree_cache and self._tree_cache[0] == mark:
            return self._tree_cache[1]
        rows = [TagRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7]) for r in self.all(
            "SELECT uuid, name, parent_uuid, color, description, modified_at, "
            "deleted_at IS NOT NULL, created_at FROM tag")]  # fmt: skip
        aliases = [AliasRow(*r) for r in self.all(
            "SELECT uuid, tag_uuid, target_uuid, modified_at FROM tag_alias "
            "WHERE deleted_at IS NULL")]  # fmt: skip
        tree = derive(rows, aliases, self._carried_tags())
        self._tree_cache = (mark, tree) if mark else None
        return tree

    def _carried_tags(self) -> set[str]:
        """Deleted or merged-away tags that a live annotation still carries (the only ones
        whose use decides whether they are shown)."""
        rows = self.all(
            "SELECT DISTINCT l.tag_uuid FROM annotation_tag l "
            "JOIN annotation a ON a.uuid = l.annotation_uuid "
            "WHERE l.deleted_at IS NULL AND a.deleted_at IS NULL AND l.tag_uuid IN "
            "(SELECT uuid FROM tag WHERE deleted_at IS NOT NULL "
            "UNION SELECT tag_uuid FROM tag_alias WHERE deleted_at IS NULL)"
        )
        return {str(r[0]) for r in rows}

    def tags(self) -> list[Tag]:
        """Every shown tag in tree order: parents before children, siblings by name."""
        tree = self.tag_tree()
        tally = self.tally(tree)
        return [
            replace(
                self._entity(tree, t, tally[(t, WITH_ITSELF)]),
                with_subtags=tally[(t, WITH_SUBTAGS)],
            )
            for t in tree.order
        ]

    def tag(self, tag_id: str) -> Tag:
        """One shown tag (a merged-away id gives the tag it was merged into)."""
        tree = self.tag_tree()
        shown = self._shown_id(tree, tag_id)
        tally = self.current_tally(tree)
        if tally is not None:
            counts = tally[(shown, WITH_ITSELF)], tally[(shown, WITH_SUBTAGS)]
        else:  # two index queries over this tag's rows, not a count of the library
            counts = self._distinct(tree.members(shown)), self.affected_by_deleting(shown)
        return replace(self._entity(tree, shown, counts[0]), with_subtags=counts[1])

    def _entity(self, tree: TagTree, tag_id: str, count: int) -> Tag:
        row = tree.rows[tag_id]
        return Tag(tag_id, row.name, tree.paths[tag_id], row.color, tree.parent[tag_id],
                   row.description, count, row.modified, row.created, count)  # fmt: skip

    def _shown_id(self, tree: TagTree, tag_id: str) -> str:
        shown = tree.canonical.get(tag_id)
        if shown is None:
            raise UnknownTag(f"There is no tag with id {tag_id}.")
        return shown

    def tag_by_path(self, path: str) -> Tag:
        """The shown tag at a name path such as 'Risks/Financial' (case-insensitive)."""
        tree, parent = self.tag_tree(), None
        for part in path.split("/"):
            parent = tree.child_named(parent, clean_tag_name(part))
            if parent is None:
                raise UnknownTag(f"There is no tag “{path}”.")
        assert parent is not None
        return self.tag(parent)

    def resolve_tag(self, reference: str, deleted: bool = False) -> str:
        """The id of the shown tag a person means by ``reference``: its id, its path, or a
        unique prefix of at least 4 characters of its id. With ``deleted``, the id (or
        prefix) of a deleted tag row, to restore it."""
        key = reference.strip()
        if deleted:
            rows = self.all(
                "SELECT uuid FROM tag WHERE deleted_at IS NOT NULL AND substr(uuid, 1, ?) = ? "
                "LIMIT 2",
                (len(key), key.lower()),
            )
            if len(key) >= 4 and len(rows) == 1:
                return str(rows[0][0])
            raise UnknownTag(f"“{reference}” names no deleted tag"
                             f"{' (it is not unique)' if len(rows) > 1 else ''}.")  # fmt: skip
        tree = self.tag_tree()
        if key in tree.canonical:
            return tree.canonical[key]
        try:
            return self.tag_by_path(key).id
        except (UnknownTag, InvalidTag):
            found = {c for t, c in tree.canonical.items() if t.startswith(key.lower())}
            if len(key) >= 4 and len(found) == 1:
                return found.pop()
        raise UnknownTag(f"There is no tag “{reference}” (give its path or id).")

    # -- creating and changing -----------------------------------------------------------

    def ensure_tag_path(self, path: str) -> Tag:
        """The tag at ``path``, creating it and any missing parent with palette colours."""
        with self.db.atomic():
            parent: str | None = None
            for part in path.split("/"):
                found = self.tag_tree().child_named(parent, clean_tag_name(part))
                parent = found if found else self.create_tag(part, parent_id=parent).id
        assert parent is not None
        return self.tag(parent)

    def create_tag(
        self,
        name: str,
        color: str | None = None,
        parent_id: str | None = None,
        description: str = "",
    ) -> Tag:
        """Create a tag; without a colour it gets the least-used palette colour."""
        name = clean_tag_name(name)
        with self.db.atomic():
            tree = self.tag_tree()
            if parent_id is not None:
                parent_id = self._shown_id(tree, parent_id)
                self._check_depth(tree, parent_id, 0, name)
            self._check_unique(tree, parent_id, name)
            if color is None:
                color = next_color(tree.rows[t].color for t in tree.order)
            stamp, tag_id = self.now(), new_uuid()
            self.db.execute_sql(
                "INSERT INTO tag (uuid, name, parent_uuid, color, description, created_at, "
                "modified_at, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (tag_id, name, parent_id, normalise_color(color), description, stamp, stamp,
                 self.author_id()),
            )  # fmt: skip
        return self.tag(tag_id)

    def _set(self, tree: TagTree, tag_id: str, assignment: str,
             params: tuple[object, ...]) -> None:  # fmt: skip
        """Change a shown tag. Same-named rows shown as it are first recorded as its
        aliases (part of this edit, so a fact every side receives): they stay one tag
        whatever the edit, e.g. when two colleagues' moves cross. A deleted row still
        shown (a colleague uses it) is brought back, since the officer works with it."""
        stamp = self.now()
        for row in tree.joined[tag_id][1:]:
            self.write_alias(row, tag_id, stamp)
        self.touch("tag", tag_id, f"{assignment}, deleted_at = NULL", params, live=None)

    def rename_tag(self, tag_id: str, name: str) -> Tag:
        """Give a tag a new name (unique among its siblings)."""
        name = clean_tag_name(name)
        with self.db.atomic():
            tree = self.tag_tree()
            tag_id = self._shown_id(tree, tag_id)
            if tree.rows[tag_id].name != name:  # a no-op is not an edit that would win
                self._check_unique(tree, tree.parent[tag_id], name, except_id=tag_id)
                self._set(tree, tag_id, "name = ?", (name,))
        return self.tag(tag_id)

    def recolour_tag(self, tag_id: str, color: str) -> Tag:
        """Change a tag's colour (#RRGGBB)."""
        with self.db.atomic():
            tree, color = self.tag_tree(), normalise_color(color)
            tag_id = self._shown_id(tree, tag_id)
            if tree.rows[tag_id].color != color:
                self._set(tree, tag_id, "color = ?", (color,))
        return self.tag(tag_id)

    def describe_tag(self, tag_id: str, description: str) -> Tag:
        """Change a tag's description."""
        with self.db.atomic():
            tree = self.tag_tree()
            tag_id = self._shown_id(tree, tag_id)
            if tree.rows[tag_id].description != description:
                self._set(tree, tag_id, "description = ?", (description,))
        return self.tag(tag_id)

    def move_tag(self, tag_id: str, parent_id: str | None) -> Tag:
        """Put a tag (with its subtree) under another parent, or at the top for None."""
        with self.db.atomic():
            tree = self.tag_tree()
            tag_id = self._shown_id(tree, tag_id)
            if parent_id is not None:
                parent_id = self._shown_id(tree, parent_id)
                if parent_id in tree.subtree(tag_id):
                    raise InvalidTag(f"“{tree.paths[tag_id]}” cannot be moved under itself "
                                     "or its own subtag.")  # fmt: skip
            if tree.parent[tag_id] == parent_id:
                return self.tag(tag_id)  # already there: not an edit that would win
            self._check_depth(tree, parent_id, tree.height(tag_id), tree.paths[tag_id])
            self._check_unique(tree, parent_id, tree.rows[tag_id].name, except_id=tag_id)
            self._set(tree, tag_id, "parent_uuid = ?", (parent_id,))
        return self.tag(tag_id)

    def merge_tags(self, source_id: str, target_id: str) -> Tag:
        """Fold ``source`` into ``target``: from now on it means ``target``, so its passages
        and subtags show there (a subtag named like one of ``target``'s joins it).

        Recorded as an alias, not by moving taggings: a colleague who tags with ``source``
        before seeing the merge has their passage land on ``target`` too.
        """
        with self.db.atomic():
            tree = self.tag_tree()
            source_id, target_id = self._shown_id(tree, source_id), self._shown_id(tree, target_id)
            if source_id == target_id or target_id in tree.subtree(source_id):
                raise InvalidTag(f"“{tree.paths[source_id]}” cannot be merged into "
                                 f"“{tree.paths[target_id]}”.")  # fmt: skip
            stamp = self.now()
            for row in tree.joined[source_id]:
                self.write_alias(row, target_id, stamp)
        return self.tag(target_id)

    def write_alias(self, source: str, target: str, stamp: int) -> None:
        """Record that tag ``source`` now means ``target`` (in the caller's transaction)."""
        self.db.execute_sql(
            "INSERT INTO tag_alias (uuid, tag_uuid, target_uuid, created_at, modified_at, "
            "modified_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(uuid) DO UPDATE SET "
            "target_uuid = excluded.target_uuid, modified_at = excluded.modified_at, "
            "modified_by = excluded.modified_by, deleted_at = NULL",
            (alias_uuid(source), source, target, stamp, stamp, self.author_id()),
        )

    # -- deleting ------------------------------------------------------------------------

    def delete_tag(self, tag_id: str) -> int:
        """Delete a tag and its subtags; their passages stay, without these tags.

        Returns the deletion stamp, which ``restore_tag`` uses to bring back exactly what
        this deletion hid.
        """
        with self.db.atomic():
            tree = self.tag_tree()
            rows = self._rows_of(tree, self._shown_id(tree, tag_id))
            stamp = self.now()
            marks, author = ",".join("?" * len(rows)), self.author_id()
            self.db.execute_sql(
                "UPDATE annotation_tag SET deleted_at = ?, modified_at = ?, modified_by = ? "
                f"WHERE tag_uuid IN ({marks}) AND deleted_at IS NULL",
                (stamp, stamp, author, *rows),
            )
            self.db.execute_sql(
                "UPDATE tag SET deleted_at = ?, modified_at = ?, modified_by = ? "
                f"WHERE uuid IN ({marks})",
                (stamp, stamp, author, *rows),
            )
        return stamp

    def _rows_of(self, tree: TagTree, tag_id: str) -> list[str]:
        """Every tag row that counts as ``tag_id`` or one of its shown subtags."""
        shown = set(tree.subtree(tag_id))
        return [t for t, c in tree.canonical.items() if c in shown]

    def affected_by_deleting(self, tag_id: str) -> int:
        """How many live annotations carry this tag or one of its subtags."""
        tree = self.tag_tree()
        return self._distinct(self._rows_of(tree, self._shown_id(tree, tag_id)))

    def restore_tag(self, tag_id: str) -> Tag:
        """Undo ``delete_tag``: the tag, its subtags and their taggings come back."""
        with self.db.atomic():
            row = self.require(
                "SELECT deleted_at, parent_uuid, name FROM tag "
                "WHERE uuid = ? AND deleted_at IS NOT NULL",
                (tag_id,),
                f"deleted tag with id {tag_id}",
            )
            tree = self.tag_tree()
            if row[1] is None or row[1] in tree.canonical:  # else no sibling is shown
                parent = tree.canonical[row[1]] if row[1] is not None else None
                self._check_unique(tree, parent, row[2], tree.canonical.get(tag_id, ""))
            stamp, author = self.now(), self.author_id()
            # Taggings first: their subquery finds the tags by the stamp they still carry.
            for table, key in (("annotation_tag", "tag_uuid"), ("tag", "uuid")):
                self.db.execute_sql(
                    f"UPDATE {table} SET deleted_at = NULL, modified_at = ?, modified_by = ? "
                    f"WHERE deleted_at = ? AND {key} IN "
                    "(SELECT uuid FROM tag WHERE deleted_at = ?)",
                    (stamp, author, row[0], row[0]),
                )
        return self.tag(tag_id)

    # -- checks --------------------------------------------------------------------------

    def _check_unique(self, tree: TagTree, parent_id: str | None, name: str,
                      except_id: str = "") -> None:  # fmt: skip
        clash = tree.child_named(parent_id, name)
        if clash and clash != except_id:
            where = "at the top level" if parent_id is None else "under the same parent"
            raise DuplicateTag(f"A tag named “{name}” already exists {where}.")

    def _check_depth(self, tree: TagTree, parent_id: str | None, height: int,
                     what: str) -> None:  # fmt: skip
        if tree.depth(parent_id) + 1 + height >= MAX_DEPTH:
            raise InvalidTag(f"“{what}” would be more than {MAX_DEPTH} levels deep.")
