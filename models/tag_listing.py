"""One tag's passages across the library: every record holding a passage tagged with it
(or with a tag under it), by title, each with its passages in text order.

Only the records listed are read. A tag carried by many passages is listed by walking the
records in title order (the document list's index) and reading each record's taggings
from their index until enough records are found; a rare tag is listed from the tag's own
index instead, which would otherwise mean walking every record to find a few. Either way
the cost follows what is listed, not the size of the library.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice

from models.documents import BY_TITLE, SHOWN_DOCUMENT, SHOWN_TITLES_AMONG
from models.entities import DocumentHits, SearchHit, SearchResults
from models.tags import Tags
from models.tallies import WITH_SUBTAGS
from models.wording import shortened

PER_RECORD, RECORDS = 20, 50
"""Passages listed per record (all are counted), and records listed at once."""
RARE = 2_000
"""Up to this many passages, a tag is listed from its own index."""


class TagListing(Tags):
    """Listing a tag's passages across records."""

    def tagged(
        self, tag_id: str, limit: int | None = None, per_document: int = PER_RECORD, skip: int = 0
    ) -> SearchResults:
        """The records holding passages tagged ``tag_id`` or a tag under it, by title:
        ``limit`` records (``RECORDS`` when None) after the first ``skip``, each with its
        first ``per_document`` passages (all counted). ``more_documents`` says more
        records follow.

        Raises:
            UnknownTag: no tag has this id.
        """
        limit = limit or RECORDS
        tree = self.tag_tree()
        shown = self._shown_id(tree, tag_id)
        wanted = set(tree.subtree(shown))
        rows = [row for row, canonical in tree.canonical.items() if canonical in wanted]
        passages = self.tally(tree)[(shown, WITH_SUBTAGS)]  # kept: the tree shows them
        found = self._rare(rows) if passages <= RARE else self._walked(rows)
        listed = list(islice(found, skip, skip + limit + 1))
        documents = tuple(
            DocumentHits(document_id, title, len(hits), tuple(hits[:per_document]))
            for document_id, title, hits in listed[:limit]
        )
        return SearchResults(tree.paths[shown], documents, len(listed) > limit)

    def _walked(self, rows: list[str]) -> Iterator[tuple[str, str, list[SearchHit]]]:
        """Records in title order, each with its passages carrying one of ``rows``."""
        marks = ",".join("?" * len(rows))
        for document_id, title in self.all(
            f"SELECT d.uuid, d.title FROM document d WHERE {SHOWN_DOCUMENT} {BY_TITLE}"
        ):
            hits = self._hits(
                "SELECT a.uuid, a.start_pos, a.end_pos, substr(a.quote, 1, 121) FROM annotation a "
                "WHERE a.deleted_at IS NULL AND a.uuid IN (SELECT l.annotation_uuid FROM "
                "annotation_tag l WHERE l.document_uuid = ? AND l.deleted_at IS NULL "
                f"AND l.tag_uuid IN ({marks})) ORDER BY a.start_pos, a.end_pos, a.uuid",
                (document_id, *rows),
            )
            if hits:
                yield document_id, title, hits

    def _rare(self, rows: list[str]) -> Iterator[tuple[str, str, list[SearchHit]]]:
        """The same, read from the tags' index: every passage at once, then the titles."""
        marks = ",".join("?" * len(rows))
        by_document: dict[str, list[SearchHit]] = {}
        for document_id, *passage in self.all(
            "SELECT a.document_uuid, a.uuid, a.start_pos, a.end_pos, substr(a.quote, 1, 121) "
            "FROM annotation a WHERE a.deleted_at IS NULL AND a.uuid IN (SELECT "
            "l.annotation_uuid FROM annotation_tag l WHERE l.deleted_at IS NULL AND "
            f"l.tag_uuid IN ({marks})) ORDER BY a.start_pos, a.end_pos, a.uuid",
            rows,
        ):
            by_document.setdefault(document_id, []).append(_hit(*passage))
        for document_id, title in self.all(SHOWN_TITLES_AMONG, (json.dumps(list(by_document)),)):
            yield document_id, title, by_document[document_id]

    def _hits(self, sql: str, params: tuple[str, ...]) -> list[SearchHit]:
        return [_hit(*row) for row in self.all(sql, params)]


def _hit(annotation_id: str, start: int, end: int, quote: str) -> SearchHit:
    return SearchHit("passage", shortened(quote), (), start, end, annotation_id)
