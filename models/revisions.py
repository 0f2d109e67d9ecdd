"""Revised records: import a new version and carry the annotations onto it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from models.anchoring import Landing, OldPassage, closest, reanchor
from models.annotations import Annotations
from models.documents import Documents
from models.entities import Annotation, DocumentSummary, ImportedDocument
from models.errors import InvalidRange, NotFound
from models.text import quote_context


@dataclass(frozen=True)
class RevisionReport:
    """The new version, and how many annotations moved, were amended or orphaned."""

    document: DocumentSummary
    previous_id: str
    outcomes: dict[str, int]


class Revisions(Documents, Annotations):
    """Revision operations of the library."""

    def import_revision(self, imported: ImportedDocument, previous_id: str) -> RevisionReport:
        """Store ``imported`` as the new version of a document and re-anchor its live
        annotations there, all in one transaction. The old version stays readable;
        orphans stay on it, marked for review, until the officer re-attaches or discards
        them.
        """
        previous_id = self.resolve_document_id(previous_id)
        old = self.document(previous_id, structure=False)
        with self.db.atomic():
            summary = self.import_document(imported, revision_of=previous_id)
            passages = self.annotations(previous_id)
            landings = reanchor(old.text, imported.text, [_old(a) for a in passages])
            for landing in landings:
                self._land(landing, summary.id, imported.text)
        counts = Counter(landing.outcome for landing in landings)
        outcomes = {key: counts.get(key, 0) for key in ("moved", "amended", "orphaned")}
        return RevisionReport(self.document_summary(summary.id), previous_id, outcomes)

    def _land(self, landing: Landing, document_id: str, text: str) -> None:
        stamp, author = self.now(), self.author_id()
        if landing.start is None or landing.end is None:
            self.db.execute_sql(
                "UPDATE annotation SET anchor_status = 'orphaned', anchor_quote = quote, "
                "anchor_target = ?, modified_at = ?, modified_by = ? WHERE uuid = ?",
                (document_id, stamp, author, landing.id),
            )
            return
        prefix, quote, suffix = quote_context(text, landing.start, landing.end)
        status = "amended" if landing.outcome == "amended" else "ok"
        self.db.execute_sql(
            "UPDATE annotation SET anchor_quote = CASE WHEN ? = 'amended' THEN quote ELSE '' "
            "END, anchor_status = ?, anchor_target = NULL, document_uuid = ?, start_pos = ?, "
            "end_pos = ?, quote = ?, prefix = ?, suffix = ?, modified_at = ?, modified_by = ? "
            "WHERE uuid = ?",
            (status, status, document_id, landing.start, landing.end, quote, prefix, suffix,
             stamp, author, landing.id),
        )  # fmt: skip
        self._move_links(landing.id, document_id)

    def carry_to_revisions(self, annotation_ids: set[str]) -> dict[str, int]:
        """Re-anchor those of ``annotation_ids`` that sit on a document with a newer
        version (a colleague annotated the old one), along the whole chain of versions.
        Meant for the transaction of a merge."""
        counts: Counter[str] = Counter()
        passes = 1 + len(self.all("SELECT 1 FROM document"))  # a cycle cannot loop forever
        for _ in range(passes):
            rows = self.all(
                "SELECT a.uuid, a.document_uuid, n.uuid FROM annotation a "
                "JOIN document n ON n.revision_of = a.document_uuid AND n.deleted_at IS NULL "
                "WHERE a.deleted_at IS NULL AND a.anchor_status = 'ok'"
            )
            moving = [(a, old, new) for a, old, new in rows if a in annotation_ids]
            if not moving:
                break
            for (old_id, new_id), group in _by_documents(moving).items():
                old_text = self.document(old_id, structure=False).text
                new_text = self.document(new_id, structure=False).text
                passages = [_old(a) for a in self.annotations_by_id(group)]
                for landing in reanchor(old_text, new_text, passages):
                    self._land(landing, new_id, new_text)
                    counts[landing.outcome] += 1
        return dict(counts)

    def review_list(self, document_id: str) -> list[Annotation]:
        """Annotations of a revision the officer should look at: amended ones on it, and
        orphans from its previous version waiting for a place in it."""
        rows = sorted(self.all(  # each half reads only its small partial index
            "SELECT uuid, start_pos FROM annotation INDEXED BY annotation_amended "
            "WHERE document_uuid = ? AND anchor_status = 'amended' AND deleted_at IS NULL "
            "UNION ALL SELECT uuid, start_pos FROM annotation INDEXED BY annotation_orphaned "
            "WHERE anchor_target = ? AND anchor_status = 'orphaned' AND deleted_at IS NULL",
            (document_id, document_id),
        ), key=lambda row: (row[1], row[0]))  # fmt: skip
        found = {a.id: a for a in self.annotations_by_id([str(r[0]) for r in rows])}
        return [found[str(r[0])] for r in rows if str(r[0]) in found]

    def closest_passage(self, annotation_id: str) -> tuple[int, int, float] | None:
        """For an orphan: the passage of the version it awaits most like its old quote,
        as (start, end, similarity 0-100), or None."""
        annotation = self.annotation(annotation_id)
        if annotation.status != "orphaned" or annotation.target is None:
            return None
        text = self.document(annotation.target, structure=False).text
        return closest(text, annotation.quote)

    def accept_anchor(self, annotation_id: str) -> Annotation:
        """The officer agrees with where an amended annotation landed."""
        with self.db.atomic():
            annotation = self.annotation(annotation_id)
            if annotation.status != "amended":
                raise InvalidRange("Only an amended annotation can be accepted where it is.")
            self._set_anchor(annotation_id, "ok", "", None)
        return self.annotation(annotation_id)

    def reattach(self, annotation_id: str, document_id: str, start: int, end: int) -> Annotation:
        """Put an amended or orphaned annotation on a passage the officer chose."""
        with self.db.atomic():
            annotation = self.annotation(annotation_id)
            if annotation.document_id != document_id:
                if annotation.target != document_id:
                    raise NotFound("An orphan can only be re-attached to the revision it awaits.")
                self.db.execute_sql(
                    "UPDATE annotation SET document_uuid = ? WHERE uuid = ?",
                    (document_id, annotation_id),
                )
                self._move_links(annotation_id, document_id)
            self.move_annotation(annotation_id, start, end)
            self._set_anchor(annotation_id, "ok", "", None)
        return self.annotation(annotation_id)

    def place_annotation(self, annotation_id: str, document_id: str, start: int, end: int,
                         status: str = "ok", old_quote: str = "",
                         target: str | None = None) -> Annotation:  # fmt: skip
        """Put an annotation exactly back where and how it was (undo of a review step)."""
        with self.db.atomic():
            annotation = self.annotation(annotation_id)
            if annotation.document_id != document_id:
                self.db.execute_sql("UPDATE annotation SET document_uuid = ? WHERE uuid = ?",
                                    (document_id, annotation_id))  # fmt: skip
                self._move_links(annotation_id, document_id)
            self.move_annotation(annotation_id, start, end)
            self._set_anchor(annotation_id, status, old_quote, target)
        return self.annotation(annotation_id)

    def _move_links(self, annotation_id: str, document_id: str) -> None:
        """Links follow their annotation to another document; stamped, so merges carry it."""
        self.db.execute_sql(
            "UPDATE annotation_tag SET document_uuid = ?, modified_at = ?, modified_by = ? "
            "WHERE annotation_uuid = ? AND document_uuid IS NOT ?",
            (document_id, self.now(), self.author_id(), annotation_id, document_id),
        )

    def _set_anchor(
        self, annotation_id: str, status: str, old_quote: str, target: str | None
    ) -> None:
        self.touch("annotation", annotation_id,
                   "anchor_status = ?, anchor_quote = ?, anchor_target = ?",
                   (status, old_quote, target))  # fmt: skip


def _by_documents(moving: list[tuple[str, str, str]]) -> dict[tuple[str, str], list[str]]:
    groups: dict[tuple[str, str], list[str]] = {}
    for annotation_id, old_id, new_id in moving:
        groups.setdefault((old_id, new_id), []).append(annotation_id)
    return groups


def _old(annotation: Annotation) -> OldPassage:
    return OldPassage(annotation.id, annotation.start, annotation.end, annotation.quote,
                      annotation.prefix, annotation.suffix)  # fmt: skip
