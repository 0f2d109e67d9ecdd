"""Annotations: highlighted passages with tags and a note."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from models.documents import SHOWN_DOCUMENT, unresolved
from models.entities import Annotation, NewAnnotation, Passage
from models.errors import InvalidRange, NotFound, SupersededDocument, UnknownTag
from models.store import collection_paused, in_chunks, new_uuid
from models.tags import Tags
from models.text import CONTEXT_CHARS, clean_note, find_all, quote_context

MAX_NOTE_CHARS = 100_000
PLACES_KEPT = 4
"""Records whose passages' places are kept at hand while the database does not change."""
Place = tuple[int, int, str, None]
"""(start, end, annotation id, None): a ``Passage`` whose tags are not read yet."""
_SELECT = """SELECT a.uuid, a.document_uuid, a.start_pos, a.end_pos, a.quote, a.prefix,
    a.suffix, a.note, ifnull(au.name, ''), a.created_at, a.modified_at, a.anchor_status,
    a.anchor_quote, a.anchor_target
    FROM annotation a LEFT JOIN author au ON au.uuid = a.author_uuid"""
_ORDER = " ORDER BY a.start_pos, a.end_pos, a.uuid"
_LINKS = """SELECT l.annotation_uuid, l.tag_uuid FROM annotation_tag l
    WHERE l.document_uuid = ? AND l.deleted_at IS NULL"""


class Annotations(Tags):
    """Annotation operations of the library."""

    _places_kept: dict[str, tuple[tuple[int, int], list[Place]]] = {}  # noqa: RUF012 (replaced, never mutated)

    def annotate(
        self,
        document_id: str,
        start: int,
        end: int,
        tag_ids: Iterable[str] = (),
        note: str = "",
    ) -> Annotation:
        """Highlight ``text[start:end]`` of a document, with tags and a note.

        Raises:
            NotFound: no live document has this id.
            InvalidRange: the range is empty or outside the text.
            UnknownTag: a tag id names no live tag.
        """
        annotation_id = new_uuid()
        with self.tallied([annotation_id]), self.db.atomic():
            note = self._clean_note(note)
            self._check_newest(document_id)
            length, window_start, window = self._text_window(document_id, start, end)
            _check_range(start, end, length)
            prefix, quote, suffix = quote_context(window, start - window_start, end - window_start)
            tags = self._live_tags(tag_ids)
            self._insert_annotations(
                document_id, [(annotation_id, start, end, quote, prefix, suffix, note)]
            )
            self.link_tags([(annotation_id, tag, document_id) for tag in tags], fresh=True)
        return self.annotation(annotation_id)

    def annotate_many(self, document_id: str, passages: Sequence[NewAnnotation]) -> list[str]:
        """Create many annotations on one document in one transaction; return their ids."""
        with self.tallied() as counted, self.db.atomic():
            text = self._document_text(document_id)
            self._check_newest(document_id)
            canonical = self.tag_tree().canonical
            self._live_tags({t for p in passages for t in p.tag_ids})
            rows: list[tuple[Any, ...]] = []
            links: list[tuple[str, str, str]] = []
            for passage in passages:
                _check_range(passage.start, passage.end, len(text))
                note = self._clean_note(passage.note)
                annotation_id = new_uuid()
                context = quote_context(text, passage.start, passage.end)
                rows.append(
                    (
                        annotation_id,
                        passage.start,
                        passage.end,
                        context[1],
                        context[0],
                        context[2],
                        note,
                    )
                )
                shown = dict.fromkeys(canonical[t] for t in passage.tag_ids)
                links.extend((annotation_id, t, document_id) for t in shown)
            self._insert_annotations(document_id, rows)
            self.link_tags(links, fresh=True)
            counted.extend(row[0] for row in rows)
        return [row[0] for row in rows]

    def annotations(self, document_id: str | None = None) -> list[Annotation]:
        """Live annotations of one document (or of all live documents), in text order."""
        if document_id is not None:
            rows = self.all(f"{_SELECT} WHERE a.document_uuid = ? AND a.deleted_at IS NULL{_ORDER}",
                            (document_id,))  # fmt: skip
            return self._entities(rows, [document_id])
        documents = [str(r[0]) for r in self.all(
            f"SELECT uuid FROM document d WHERE {SHOWN_DOCUMENT} "
            "ORDER BY title COLLATE NOCASE, uuid")]  # fmt: skip
        return [a for d in documents for a in self.annotations(d)]

    def passages(self, document_id: str) -> list[Passage]:
        """Where a document's live annotations lie, with their tags, in text order.

        Much cheaper than ``annotations`` (no quotes, notes or authors); ``places`` is
        cheaper still, for a record's 10,000 highlights drawn at once.
        """
        rows = self.all(
            "SELECT start_pos, end_pos, uuid FROM annotation "
            "WHERE document_uuid = ? AND deleted_at IS NULL ORDER BY start_pos, end_pos, uuid",
            (document_id,),
        )
        none: tuple[str, ...] = ()
        new = tuple.__new__  # what Passage._make calls, without the call in between
        with collection_paused():
            tags = self._tag_ids([document_id]).get
            return [new(Passage, (start, end, id_, tags(id_, none))) for start, end, id_ in rows]

    def places(self, document_id: str) -> list[Place]:
        """Where a document's live annotations lie, in text order, without their tags
        (None where a ``Passage`` has them; ``tags_of`` reads them for those shown): the
        rows are used as SQLite returns them, with no Python work per annotation.

        Those of the last few records read are kept while nothing at all has been
        written to the database (by this library or another program), so going back to
        a record does not read them again.
        """
        mark = self.data_mark()
        kept = self._places_kept.get(document_id)
        if mark is not None and kept is not None and kept[0] == mark:
            return list(kept[1])
        found: list[Place] = self.all(
            "SELECT start_pos, end_pos, uuid, NULL FROM annotation "
            "WHERE document_uuid = ? AND deleted_at IS NULL ORDER BY start_pos, end_pos, uuid",
            (document_id,),
        )
        if mark is not None:
            kept_now = {d: k for d, k in self._places_kept.items() if k[0] == mark}
            kept_now.pop(document_id, None)
            while len(kept_now) >= PLACES_KEPT:
                del kept_now[next(iter(kept_now))]
            kept_now[document_id] = (mark, found)
            self._places_kept = kept_now
        return list(found)

    def tags_of(self, annotation_ids: list[str]) -> dict[str, tuple[str, ...]]:
        """The shown tag ids of live annotations, by id (none: not in the result)."""
        found: dict[str, tuple[str, ...]] = {}
        for chunk in in_chunks(annotation_ids):
            found.update(self._tag_ids([], chunk))
        return found

    def annotations_by_id(self, annotation_ids: Iterable[str]) -> list[Annotation]:
        """The live annotations among ``annotation_ids`` (any order; unknown ids skipped)."""
        wanted = list(dict.fromkeys(annotation_ids))
        found: list[Annotation] = []
        for chunk in in_chunks(wanted):
            marks = ",".join("?" * len(chunk))
            rows = self.all(f"{_SELECT} WHERE a.uuid IN ({marks}) AND a.deleted_at IS NULL", chunk)
            found.extend(self._entities(rows, [], only=chunk))
        return found

    def resolve_annotation_id(self, reference: str, deleted: bool = False) -> str:
        """The id of the live (with ``deleted``: deleted) annotation whose id is, or starts
        with, ``reference`` (at least 4 characters, matched literally)."""
        key = reference.strip().lower()
        state = "IS NOT NULL" if deleted else "IS NULL"
        rows = self.all(
            f"SELECT uuid FROM annotation WHERE deleted_at {state} AND substr(uuid, 1, ?) = ? "
            "ORDER BY uuid != ? LIMIT 2",
            (len(key), key, key),
        ) if len(key) >= 4 else []  # fmt: skip
        if (rows and rows[0][0] == key) or len(rows) == 1:
            return str(rows[0][0])
        raise NotFound(unresolved(reference, "annotation", bool(rows), deleted))

    def annotation(self, annotation_id: str) -> Annotation:
        """One live annotation."""
        row = self.require(
            f"{_SELECT} WHERE a.uuid = ? AND a.deleted_at IS NULL",
            (annotation_id,),
            f"annotation with id {annotation_id}",
        )
        return self._entities([row], [], only=[annotation_id])[0]

    def _entities(
        self, rows: list[tuple[Any, ...]], documents: list[str], only: list[str] | None = None
    ) -> list[Annotation]:
        """Rows of ``_SELECT`` as entities, with author names and live tag ids."""
        make = Annotation._make  # tuple.__new__: a third of the cost of Annotation(...)
        none: tuple[str, ...] = ()
        with collection_paused():
            tags = self._tag_ids(documents, only)
            return [make((*r[:9], tags.get(r[0], none), *r[9:])) for r in rows]

    def _tag_ids(
        self, documents: list[str], only: list[str] | None = None
    ) -> dict[str, tuple[str, ...]]:
        """Shown tag ids (sorted) of each annotation of ``documents``, or of just ``only``."""
        canonical = self.tag_tree().canonical
        if only is not None:
            marks = ",".join("?" * len(only))
            links = self.all(
                "SELECT annotation_uuid, tag_uuid FROM annotation_tag "
                f"WHERE annotation_uuid IN ({marks}) AND deleted_at IS NULL",
                only,
            )
        else:
            links = [link for d in documents for link in self.all(_LINKS, (d,))]
        alone = {tag: (shown,) for tag, shown in canonical.items()}.get  # shared tuples
        pairs = [(a, shown) for a, tag in links if (shown := alone(tag)) is not None]
        grouped = dict(pairs)  # right unless an annotation has several tags
        if len(grouped) < len(pairs):
            several: dict[str, set[str]] = {}
            for annotation_id, shown in pairs:
                several.setdefault(annotation_id, set()).update(shown)
            grouped.update((a, tuple(sorted(s))) for a, s in several.items() if len(s) > 1)
        return grouped

    def set_note(self, annotation_id: str, note: str) -> Annotation:
        """Replace an annotation's note (line breaks kept, control characters dropped)."""
        note = self._clean_note(note)
        with self.tallied([annotation_id]), self.db.atomic():
            self.touch("annotation", annotation_id, "note = ?", (note,))
        return self.annotation(annotation_id)

    def set_tags(self, annotation_id: str, tag_ids: Iterable[str]) -> Annotation:
        """Make exactly ``tag_ids`` the tags of an annotation."""
        with self.tallied([annotation_id]), self.db.atomic():
            wanted = self._live_tags(tag_ids)
            before = self.annotation(annotation_id)
            canonical = self.tag_tree().canonical
            links = self.all(
                "SELECT uuid, tag_uuid FROM annotation_tag "
                "WHERE annotation_uuid = ? AND deleted_at IS NULL",
                (annotation_id,),
            )
            # A tag merged into another counts as it: untagging removes both taggings.
            dropped = [link for link, tag in links if canonical.get(tag) not in wanted]
            stamp, author = self.now(), self.author_id()
            self.db.cursor().executemany(
                "UPDATE annotation_tag SET deleted_at = ?, modified_at = ?, modified_by = ? "
                "WHERE uuid = ?",
                [(stamp, stamp, author, link) for link in dropped],
            )
            added = [t for t in wanted if t not in before.tag_ids]
            self.link_tags([(annotation_id, t, before.document_id) for t in added])
            self.touch("annotation", annotation_id)  # the tags changed: stamp the annotation
        return self.annotation(annotation_id)

    def move_annotation(self, annotation_id: str, start: int, end: int) -> Annotation:
        """Change the passage an annotation covers (its quote and context follow); it is
        then at home there, on the version the officer sees."""
        with self.tallied([annotation_id]), self.db.atomic():
            self.set_home(annotation_id, self.annotation(annotation_id).document_id, start, end)
        return self.annotation(annotation_id)

    def set_home(self, annotation_id: str, document_id: str, start: int, end: int) -> None:
        """Put an annotation at home on ``text[start:end]`` of a document, showing there
        until placement (``models.placement``) says otherwise; in the caller's transaction."""
        length, window_start, window = self._text_window(document_id, start, end)
        _check_range(start, end, length)
        prefix, quote, suffix = quote_context(window, start - window_start, end - window_start)
        self.touch(
            "annotation",
            annotation_id,
            "document_uuid = ?, start_pos = ?, end_pos = ?, quote = ?, prefix = ?, suffix = ?, "
            "home_document = ?, home_start = ?, home_end = ?, home_quote = ?, home_prefix = ?, "
            "home_suffix = ?, anchor_status = 'ok', anchor_quote = '', anchor_target = NULL, "
            "placed_via = NULL",
            (document_id, start, end, quote, prefix, suffix) * 2,
        )
        self.db.execute_sql(
            "UPDATE annotation_tag SET document_uuid = ? WHERE annotation_uuid = ?",
            (document_id, annotation_id),
        )

    def delete_annotation(self, annotation_id: str) -> None:
        """Hide an annotation (tombstone); ``restore_annotation`` brings it back."""
        with self.tallied([annotation_id]), self.db.atomic():
            self.touch("annotation", annotation_id, "deleted_at = ?", (self.now(),))

    def restore_annotation(self, annotation_id: str) -> Annotation:
        """Bring back a deleted annotation with its original id, tags and note."""
        with self.tallied([annotation_id]), self.db.atomic():
            self.touch("annotation", annotation_id, "deleted_at = NULL", (), live=False)
        return self.annotation(annotation_id)

    def find_quote(self, document_id: str, quote: str) -> list[int]:
        """Start offsets of every occurrence of ``quote`` in a document's text."""
        return find_all(self._document_text(document_id), quote)

    # -- helpers -------------------------------------------------------------------------

    def _document_text(self, document_id: str) -> str:
        row = self.require(
            f"SELECT text FROM document d WHERE uuid = ? AND {SHOWN_DOCUMENT}",
            (document_id,),
            f"document with id {document_id}",
        )
        return str(row[0])

    def _text_window(self, document_id: str, start: int, end: int) -> tuple[int, int, str]:
        """Document length and just the text around ``start:end`` (SQLite counts code points).
        Offsets far outside any text (10**30) are clamped for the query; the caller's range
        check then refuses them with the real numbers."""
        if not (isinstance(start, int) and isinstance(end, int)):
            raise InvalidRange("A passage's start and end must be whole numbers.")
        start, end = (min(max(n, 0), 1 << 40) for n in (start, end))
        window_start = max(0, start - CONTEXT_CHARS)
        length = max(0, end - window_start) + CONTEXT_CHARS
        row = self.require(
            "SELECT length(text), substr(text, ?, ?) FROM document d "
            f"WHERE uuid = ? AND {SHOWN_DOCUMENT}",
            (window_start + 1, length, document_id),
            f"document with id {document_id}",
        )
        return int(row[0]), window_start, str(row[1])

    def _live_tags(self, tag_ids: Iterable[str]) -> list[str]:
        """The shown tags ``tag_ids`` mean (a merged-away id means its target), in order."""
        canonical = self.tag_tree().canonical
        wanted: dict[str, None] = {}
        for tag_id in tag_ids:
            shown = canonical.get(tag_id)
            if shown is None:
                raise UnknownTag(f"There is no tag with id {tag_id}.")
            wanted[shown] = None
        return list(wanted)

    def _check_newest(self, document_id: str) -> None:
        """Annotations live on the newest version of a record (merges carry any left on an
        older one there), so a new one cannot be made on an older version."""
        newer = self.newer_version(document_id)
        if newer is not None:
            raise SupersededDocument(
                f"This is an older version of the record; “{newer}” replaces it. "
                "Annotate the newest version."
            )

    def _clean_note(self, note: str) -> str:
        note = clean_note(note)
        if len(note) > MAX_NOTE_CHARS:
            raise InvalidRange(f"A note cannot be longer than {MAX_NOTE_CHARS:,} characters.")
        return note

    def _insert_annotations(self, document_id: str, rows: list[tuple[Any, ...]]) -> None:
        stamp, author = self.now(), self.author_id()
        self.db.cursor().executemany(  # its home is where it shows (models/placement.py)
            "INSERT INTO annotation (uuid, document_uuid, start_pos, end_pos, quote, prefix, "
            "suffix, note, author_uuid, created_at, modified_at, modified_by, home_document, "
            "home_start, home_end, home_quote, home_prefix, home_suffix, placed_via) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r[0], document_id, *r[1:], author, stamp, stamp, author, document_id, *r[1:6],
              document_id) for r in rows],
        )  # fmt: skip


def _check_range(start: int, end: int, length: int) -> None:
    if not (isinstance(start, int) and isinstance(end, int)):
        raise InvalidRange("A passage's start and end must be whole numbers.")
    if start >= end:
        raise InvalidRange(f"The passage {start}–{end} is empty; select some text first.")
    if start < 0 or end > length:
        raise InvalidRange(
            f"The passage {start}–{end} lies outside the document (0–{length} characters)."
        )
