"""Choosing what goes into an export: documents, tags, authors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.annotations import Annotations
from models.database import database_uuid
from models.documents import Documents
from models.entities import Annotation, Document, Tag
from models.errors import NotFound
from models.tags import Tags


@dataclass(frozen=True)
class ExportSet:
    """Everything an exporter needs, with no database behind it.

    ``annotations`` are in document order, then text order; ``tags`` is every live tag in
    tree order (exporters show those the annotations use).
    """

    documents: tuple[Document, ...]
    annotations: tuple[Annotation, ...]
    tags: tuple[Tag, ...]
    database_id: str

    def tag_map(self) -> dict[str, Tag]:
        return {tag.id: tag for tag in self.tags}

    def used_tags(self) -> list[Tag]:
        """Tags carried by at least one exported annotation, in tree order."""
        used = {t for a in self.annotations for t in a.tag_ids}
        return [tag for tag in self.tags if tag.id in used]

    def authors(self) -> list[str]:
        return sorted({a.author for a in self.annotations if a.author})


class Selection(Documents, Annotations, Tags):
    """Export selection operations of the library."""

    def export_set(
        self,
        document_ids: Iterable[str] = (),
        tag_paths: Iterable[str] = (),
        authors: Iterable[str] = (),
    ) -> ExportSet:
        """The documents (all live ones when none are named) and their annotations,
        keeping only those carrying one of ``tag_paths`` (or a subtag) and written by one
        of ``authors``, when these are given.

        Raises:
            NotFound: an id names no document, or a path names no tag.
        """
        wanted = [self.resolve_document_id(d) for d in document_ids]
        documents = [self.document(d) for d in (wanted or [d.id for d in self.documents()])]
        tags = self.tags()
        keep_tags = self._tag_filter(tags, tag_paths)
        keep_authors = set(authors)
        unknown = keep_authors - set(self.authors())
        if unknown:
            raise NotFound(f"No one named “{sorted(unknown)[0]}” has written in this library.")
        annotations = [
            a for d in documents for a in self.annotations(d.id)
            if (keep_tags is None or keep_tags.intersection(a.tag_ids))
            and (not keep_authors or a.author in keep_authors)
        ]  # fmt: skip
        return ExportSet(tuple(documents), tuple(annotations), tuple(tags), database_uuid(self.db))

    def _tag_filter(self, tags: list[Tag], paths: Iterable[str]) -> set[str] | None:
        chosen = [self.tag_by_path(p).id for p in paths]
        if not chosen:
            return None
        keep = set(chosen)
        for tag in tags:  # tree order: parents first, so subtags join their parent
            if tag.parent_id in keep:
                keep.add(tag.id)
        return keep
