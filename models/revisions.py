"""Revised records: import a new version and carry the annotations onto it."""

from __future__ import annotations

from dataclasses import dataclass

from models.anchoring import closest
from models.documents import SHOWN_DOCUMENT
from models.entities import Annotation, DocumentSummary, ImportedDocument
from models.errors import InvalidRange, NotFound
from models.placement import Placement


@dataclass(frozen=True)
class RevisionReport:
    """The new version, and how many annotations moved, were amended or orphaned."""

    document: DocumentSummary
    previous_id: str
    outcomes: dict[str, int]


@dataclass(frozen=True)
class Withdrawal:
    """A version taken back: the version shown again, how many annotations show on it,
    and how many made on the withdrawn version went with it."""

    document: DocumentSummary
    annotations: int
    deleted: int


class Revisions(Placement):
    """Revision operations of the library."""

    def import_revision(self, imported: ImportedDocument, previous_id: str) -> RevisionReport:
        """Store ``imported`` as the new version of a document, in one transaction; the
        annotations of the old version then show on the new one (``models.placement``).
        The old version stays readable; orphans stay on it, marked for review, until the
        officer re-attaches or discards them.

        Raises:
            NotFound: no such document.
            InvalidRange: it already has a newer version (a second would split the
                record's history in two).
        """
        previous_id = self.resolve_document_id(previous_id)
        newer = self.newer_version(previous_id)
        if newer is not None:  # a second new version of it would be a branch of the record
            raise InvalidRange(
                f"This version has a newer one ({newer}): import the new version of that."
            )
        with self.db.atomic():
            summary = self.import_document(imported, revision_of=previous_id)
            counts = self.place_annotations()
        outcomes = {key: counts.get(key, 0) for key in ("moved", "amended", "orphaned")}
        return RevisionReport(self.document_summary(summary.id), previous_id, outcomes)

    def withdraw_version(self, document_id: str) -> Withdrawal:
        """Take back a record's newest version (read in the wrong encoding, or from the
        wrong file), in one transaction: it is deleted, the annotations carried onto it
        from older versions show on the previous version again, and those made on it
        are deleted with it (``restore_document`` brings them all back).

        Raises:
            NotFound: no such document.
            InvalidRange: it is no new version of a record, or it has a newer one.
        """
        document_id = self.resolve_document_id(document_id)
        (previous,) = self.require(
            "SELECT revision_of FROM document WHERE uuid = ?", (document_id,), "document"
        )
        if previous is None:
            raise InvalidRange("This is no new version of a record: delete it instead.")
        if self.newer_version(document_id) is not None:
            raise InvalidRange("This version has a newer one: only the newest is taken back.")
        with self.db.atomic():
            stamp, author = self.now(), self.author_id()
            made_on_it = self.db.execute_sql(
                "UPDATE annotation SET deleted_at = ?, modified_at = ?, modified_by = ? "
                "WHERE home_document = ? AND deleted_at IS NULL",
                (stamp, stamp, author, document_id),
            ).rowcount
            self.db.execute_sql(
                "UPDATE document SET deleted_at = ?, modified_at = ?, modified_by = ? "
                "WHERE uuid = ?",
                (stamp, stamp, author, document_id),
            )
            self.place_annotations()  # the previous version is the newest again
        returned = self.annotation_count(str(previous))
        return Withdrawal(self.document_summary(str(previous)), returned, made_on_it)

    def made_on(self, document_id: str) -> int:
        """Live annotations an officer made on this version (not carried onto it)."""
        row = self.one(
            "SELECT count(*) FROM annotation WHERE home_document = ? AND deleted_at IS NULL",
            (document_id,),
        )
        return int(row[0]) if row else 0

    def newer_version(self, document_id: str) -> str | None:
        """The version made from this one, if any (the newest, should there be two)."""
        row = self.one(
            f"SELECT d.uuid FROM document d WHERE d.revision_of = ? AND {SHOWN_DOCUMENT} "
            "ORDER BY d.created_at DESC LIMIT 1",
            (document_id,),
        )
        return str(row[0]) if row else None

    def earlier_versions(self, document_id: str) -> list[str]:
        """The versions a document was revised from, the previous first."""
        chain: list[str] = []
        current: str | None = document_id
        while current is not None and len(chain) < 10_000:
            row = self.one("SELECT revision_of FROM document WHERE uuid = ?", (current,))
            current = str(row[0]) if row and row[0] is not None else None
            if current is not None:
                chain.append(current)
        return chain

    def restore_annotation(self, annotation_id: str) -> Annotation:
        """Bring back a deleted annotation, on the newest version of its record."""
        with self.tallied([annotation_id]), self.db.atomic():
            super().restore_annotation(annotation_id)
            self.place_annotations([annotation_id])
        return self.annotation(annotation_id)

    def move_annotation(self, annotation_id: str, start: int, end: int) -> Annotation:
        with self.tallied([annotation_id]), self.db.atomic():
            super().move_annotation(annotation_id, start, end)
            self.place_annotations([annotation_id])
        return self.annotation(annotation_id)

    def delete_document(self, document_id: str) -> int:
        with self.db.atomic():
            stamp = super().delete_document(document_id)
            self.place_annotations()  # an older version may be the newest again
        return stamp

    def restore_document(self, document_id: str) -> DocumentSummary:
        """Bring back a deleted document with the annotations its deletion hid (those of
        an older version show on it again)."""
        with self.db.atomic():
            super().restore_document(document_id)
            self.place_annotations()
        return self.document_summary(document_id)

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
        """The officer agrees with where an amended annotation landed: it is at home there."""
        with self.db.atomic():
            annotation = self.annotation(annotation_id)
            if annotation.status != "amended":
                raise InvalidRange("Only an amended annotation can be accepted where it is.")
            self.rehome(annotation_id, annotation.document_id, annotation.start, annotation.end)
        return self.annotation(annotation_id)

    def reattach(self, annotation_id: str, document_id: str, start: int, end: int) -> Annotation:
        """Put an amended or orphaned annotation on a passage the officer chose."""
        with self.db.atomic():
            annotation = self.annotation(annotation_id)
            if document_id not in (annotation.document_id, annotation.target):
                raise NotFound("An orphan can only be re-attached to the revision it awaits.")
            self.rehome(annotation_id, document_id, start, end)
        return self.annotation(annotation_id)

    def home_of(self, annotation_id: str) -> tuple[str, int, int]:
        """Where the officer put an annotation: (document id, start, end)."""
        row = self.require(
            "SELECT home_document, home_start, home_end FROM annotation "
            "WHERE uuid = ? AND deleted_at IS NULL",
            (annotation_id,),
            f"annotation with id {annotation_id}",
        )
        return str(row[0]), int(row[1]), int(row[2])

    def rehome(self, annotation_id: str, document_id: str, start: int, end: int) -> Annotation:
        """Make ``text[start:end]`` of a document an annotation's home (also the undo of a
        review step: the home it had, and so exactly the placement it had)."""
        with self.db.atomic():
            self.set_home(annotation_id, document_id, start, end)
            self.place_annotations([annotation_id])
        return self.annotation(annotation_id)
