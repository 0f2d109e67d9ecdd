"""Tags: a tree of coloured labels ('Risks/Financial') and their management."""

from __future__ import annotations

from typing import Any

from models.entities import Tag
from models.errors import DuplicateTag, InvalidTag, UnknownTag
from models.palette import next_color, normalise_color
from models.store import Store, new_uuid

MAX_TAG_NAME = 200
_LIVE_TAGS = """SELECT t.uuid, t.name, t.parent_uuid, t.color, t.description, t.modified_at,
    (SELECT count(*) FROM annotation_tag l JOIN annotation a ON a.uuid = l.annotation_uuid
     JOIN document d ON d.uuid = a.document_uuid
     WHERE l.tag_uuid = t.uuid AND l.deleted_at IS NULL AND a.deleted_at IS NULL
       AND d.deleted_at IS NULL)
FROM tag t WHERE t.deleted_at IS NULL"""


def clean_tag_name(name: str) -> str:
    """Strip a tag name and check it can be part of a path."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidTag("A tag needs a name.")
    if "/" in cleaned:
        raise InvalidTag(f"A tag name cannot contain '/' (“{cleaned}”); '/' separates levels.")
    if len(cleaned) > MAX_TAG_NAME:
        raise InvalidTag(f"A tag name cannot be longer than {MAX_TAG_NAME} characters.")
    return cleaned


class Tags(Store):
    """Tag operations of the library."""

    def tags(self) -> list[Tag]:
        """Every live tag in tree order: parents before children, siblings by name."""
        rows = self.all(_LIVE_TAGS)
        children: dict[str | None, list[tuple[Any, ...]]] = {}
        for row in rows:
            children.setdefault(row[2], []).append(row)
        ordered: list[Tag] = []

        def walk(parent: str | None, prefix: str) -> None:
            for row in sorted(children.get(parent, []), key=lambda r: (r[1].casefold(), r[0])):
                path = f"{prefix}{row[1]}"
                ordered.append(Tag(row[0], row[1], path, row[3], row[2], row[4], row[6], row[5]))
                walk(row[0], path + "/")

        walk(None, "")
        return ordered

    def tag(self, tag_id: str) -> Tag:
        """One live tag (its own row, its ancestors' names and its count: not the tree)."""
        row = self.one(f"{_LIVE_TAGS} AND t.uuid = ?", (tag_id,))
        if row is None:
            raise UnknownTag(f"There is no tag with id {tag_id}.")
        names, parent, seen = [row[1]], row[2], {tag_id}
        while parent is not None and parent not in seen:
            seen.add(parent)
            above = self.one("SELECT name, parent_uuid FROM tag WHERE uuid = ?", (parent,))
            if above is None:
                break
            names.append(above[0])
            parent = above[1]
        path = "/".join(reversed(names))
        return Tag(row[0], row[1], path, row[3], row[2], row[4], row[6], row[5])

    def tag_by_path(self, path: str) -> Tag:
        """The live tag at a name path such as 'Risks/Financial' (case-insensitive)."""
        wanted = "/".join(clean_tag_name(part).casefold() for part in path.split("/"))
        for tag in self.tags():
            if tag.path.casefold() == wanted:
                return tag
        raise UnknownTag(f"There is no tag “{path}”.")

    def ensure_tag_path(self, path: str) -> Tag:
        """The tag at ``path``, creating it and any missing parent with palette colours."""
        with self.db.atomic():
            parent: str | None = None
            for part in path.split("/"):
                found = self._child_named(parent, clean_tag_name(part))
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
            if parent_id is not None:
                self.tag(parent_id)
            self._check_unique(parent_id, name)
            if color is None:
                color = next_color(
                    r[0] for r in self.all("SELECT color FROM tag WHERE deleted_at IS NULL")
                )
            stamp, tag_id = self.now(), new_uuid()
            self.db.execute_sql(
                "INSERT INTO tag (uuid, name, parent_uuid, color, description, created_at, "
                "modified_at, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    tag_id,
                    name,
                    parent_id,
                    normalise_color(color),
                    description,
                    stamp,
                    stamp,
                    self.author_id(),
                ),
            )
        return self.tag(tag_id)

    def rename_tag(self, tag_id: str, name: str) -> Tag:
        """Give a tag a new name (unique among its siblings)."""
        name = clean_tag_name(name)
        with self.db.atomic():
            self._check_unique(self.tag(tag_id).parent_id, name, except_id=tag_id)
            self.touch("tag", tag_id, "name = ?", (name,))
        return self.tag(tag_id)

    def recolour_tag(self, tag_id: str, color: str) -> Tag:
        """Change a tag's colour (#RRGGBB)."""
        with self.db.atomic():
            self.touch("tag", tag_id, "color = ?", (normalise_color(color),))
        return self.tag(tag_id)

    def describe_tag(self, tag_id: str, description: str) -> Tag:
        """Change a tag's description."""
        with self.db.atomic():
            self.touch("tag", tag_id, "description = ?", (description,))
        return self.tag(tag_id)

    def move_tag(self, tag_id: str, parent_id: str | None) -> Tag:
        """Put a tag (with its subtree) under another parent, or at the top for None."""
        with self.db.atomic():
            tag = self.tag(tag_id)
            if parent_id is not None and parent_id in self._subtree(tag_id):
                raise InvalidTag(f"“{tag.path}” cannot be moved under itself or its own subtag.")
            if parent_id is not None:
                self.tag(parent_id)
            self._check_unique(parent_id, tag.name, except_id=tag_id)
            self.touch("tag", tag_id, "parent_uuid = ?", (parent_id,))
        return self.tag(tag_id)

    def merge_tags(self, source_id: str, target_id: str) -> Tag:
        """Fold ``source`` into ``target``: its passages and subtags move, then it is deleted.

        Subtags whose name already exists under ``target`` are merged the same way.
        """
        with self.db.atomic():
            source, target = self.tag(source_id), self.tag(target_id)
            if source_id == target_id or target_id in self._subtree(source_id):
                raise InvalidTag(f"“{source.path}” cannot be merged into “{target.path}”.")
            self._merge_into(source_id, target_id)
        return self.tag(target.id)

    def _merge_into(self, source_id: str, target_id: str) -> None:
        for child_id, child_name in self.all(
            "SELECT uuid, name FROM tag WHERE parent_uuid = ? AND deleted_at IS NULL", (source_id,)
        ):
            twin = self._child_named(target_id, child_name)
            if twin:
                self._merge_into(child_id, twin)
            else:
                self.touch("tag", child_id, "parent_uuid = ?", (target_id,))
        stamp = self.now()
        links = self.all(
            "SELECT annotation_uuid, document_uuid FROM annotation_tag "
            "WHERE tag_uuid = ? AND deleted_at IS NULL",
            (source_id,),
        )
        self.link_tags([(a, target_id, d) for a, d in links])
        self._tombstone_tags([source_id], stamp)

    def delete_tag(self, tag_id: str) -> int:
        """Delete a tag and its subtags; their passages stay, without these tags.

        Returns the deletion stamp, which ``restore_tag`` uses to bring back exactly what
        this deletion hid.
        """
        with self.db.atomic():
            self.tag(tag_id)
            stamp = self.now()
            self._tombstone_tags(self._subtree(tag_id), stamp)
        return stamp

    def affected_by_deleting(self, tag_id: str) -> int:
        """How many live annotations carry this tag or one of its subtags."""
        subtree = self._subtree(tag_id)
        marks = ",".join("?" * len(subtree))
        row = self.one(
            "SELECT count(DISTINCT l.annotation_uuid) FROM annotation_tag l "
            "JOIN annotation a ON a.uuid = l.annotation_uuid "
            f"WHERE l.tag_uuid IN ({marks}) AND l.deleted_at IS NULL AND a.deleted_at IS NULL",
            tuple(subtree),
        )
        return int(row[0]) if row else 0

    def restore_tag(self, tag_id: str) -> Tag:
        """Undo ``delete_tag``: the tag, its subtags and their links come back."""
        with self.db.atomic():
            row = self.require(
                "SELECT deleted_at, parent_uuid, name FROM tag "
                "WHERE uuid = ? AND deleted_at IS NOT NULL",
                (tag_id,),
                f"deleted tag with id {tag_id}",
            )
            self._check_unique(row[1], row[2])
            stamp, author = self.now(), self.author_id()
            # Links first: their subquery finds the tags by the stamp they still carry.
            for table, key in (("annotation_tag", "tag_uuid"), ("tag", "uuid")):
                self.db.execute_sql(
                    f"UPDATE {table} SET deleted_at = NULL, modified_at = ?, modified_by = ? "
                    f"WHERE deleted_at = ? AND {key} IN "
                    "(SELECT uuid FROM tag WHERE deleted_at = ?)",
                    (stamp, author, row[0], row[0]),
                )
        return self.tag(tag_id)

    # -- helpers -------------------------------------------------------------------------

    def _tombstone_tags(self, tag_ids: list[str], stamp: int) -> None:
        marks = ",".join("?" * len(tag_ids))
        author = self.author_id()
        for table, key in (("annotation_tag", "tag_uuid"), ("tag", "uuid")):
            self.db.execute_sql(
                f"UPDATE {table} SET deleted_at = ?, modified_at = ?, modified_by = ? "
                f"WHERE {key} IN ({marks}) AND deleted_at IS NULL",
                (stamp, stamp, author, *tag_ids),
            )

    def _subtree(self, tag_id: str) -> list[str]:
        rows = self.all(
            "WITH RECURSIVE sub(uuid) AS (SELECT ? UNION "
            "SELECT t.uuid FROM tag t JOIN sub ON t.parent_uuid = sub.uuid "
            "WHERE t.deleted_at IS NULL) SELECT uuid FROM sub",
            (tag_id,),
        )
        return [str(r[0]) for r in rows]

    def _child_named(self, parent_id: str | None, name: str) -> str | None:
        rows = self.all(
            "SELECT uuid, name FROM tag WHERE parent_uuid IS ? AND deleted_at IS NULL",
            (parent_id,),
        )
        wanted = name.casefold()
        return next((str(r[0]) for r in rows if str(r[1]).casefold() == wanted), None)

    def _check_unique(self, parent_id: str | None, name: str, except_id: str = "") -> None:
        clash = self._child_named(parent_id, name)
        if clash and clash != except_id:
            where = "at the top level" if parent_id is None else "under the same parent"
            raise DuplicateTag(f"A tag named “{name}” already exists {where}.")
