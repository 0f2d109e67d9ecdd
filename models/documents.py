"""Documents: importing records, listing them, reading their text."""

from __future__ import annotations

import json

from models.entities import Block, Document, DocumentSummary, ImportedDocument
from models.errors import DuplicateDocument, InvalidRange, NotFound
from models.store import Store, new_uuid
from models.text import content_hash, is_normalised

MAX_TEXT_CHARS = 50_000_000
_SUMMARY_COLUMNS = """d.uuid, d.title, d.source_name, d.source_format, d.content_hash,
    length(d.text), (SELECT count(*) FROM annotation a
                     WHERE a.document_uuid = d.uuid AND a.deleted_at IS NULL),
    d.created_at, d.modified_at, d.revision_of"""


class Documents(Store):
    """Document operations of the library."""

    def import_document(
        self,
        imported: ImportedDocument,
        *,
        revision_of: str | None = None,
        allow_duplicate: bool = False,
    ) -> DocumentSummary:
        """Store an imported record as a new document, in one transaction.

        Raises:
            DuplicateDocument: a live document already has exactly this text.
            InvalidRange: the text is not normalised or a block lies outside it.
            NotFound: ``revision_of`` names no live document.
        """
        _check_imported(imported)
        digest = content_hash(imported.text)
        with self.db.atomic():
            existing = self.one(
                "SELECT uuid, title FROM document WHERE content_hash = ? AND deleted_at IS NULL",
                (digest,),
            )
            if existing and not allow_duplicate:
                raise DuplicateDocument(
                    f"The same text is already in the library as “{existing[1]}”.",
                    str(existing[0]),
                )
            if revision_of is not None:
                revision_of = self.resolve_document_id(revision_of)
            document_id = new_uuid()
            self._insert_document(document_id, imported, digest, revision_of)
        return self.document_summary(document_id)

    def _insert_document(
        self, document_id: str, imported: ImportedDocument, digest: str, revision_of: str | None
    ) -> None:
        stamp = self.now()
        self.db.execute_sql(
            "INSERT INTO document (uuid, title, source_name, source_format, text, "
            "content_hash, structure, metadata, revision_of, created_at, modified_at, "
            "modified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                imported.title.strip() or imported.source_name,
                imported.source_name,
                imported.source_format,
                imported.text,
                digest,
                _structure_json(imported.blocks),
                json.dumps(imported.metadata, ensure_ascii=False),
                revision_of,
                stamp,
                stamp,
                self.author_id(),
            ),
        )

    def documents(self) -> list[DocumentSummary]:
        """Every live document, by title."""
        rows = self.all(
            f"SELECT {_SUMMARY_COLUMNS} FROM document d WHERE d.deleted_at IS NULL "
            "ORDER BY d.title COLLATE NOCASE, d.created_at"
        )
        return [DocumentSummary(*row) for row in rows]

    def document_summary(self, document_id: str) -> DocumentSummary:
        """One live document without its text."""
        row = self.require(
            f"SELECT {_SUMMARY_COLUMNS} FROM document d WHERE d.uuid = ? AND d.deleted_at IS NULL",
            (document_id,),
            f"document with id {document_id}",
        )
        return DocumentSummary(*row)

    def document(self, document_id: str, structure: bool = True) -> Document:
        """One live document with its full text and (unless ``structure`` is False, as
        for just showing it) its paragraph/heading structure."""
        blocks_column = "structure" if structure else "'[]'"
        row = self.require(
            "SELECT uuid, title, source_name, source_format, text, content_hash, "
            f"{blocks_column}, metadata, created_at, modified_at, revision_of FROM document "
            "WHERE uuid = ? AND deleted_at IS NULL",
            (document_id,),
            f"document with id {document_id}",
        )
        blocks = tuple(Block(*item) for item in json.loads(row[6]))
        return Document(
            id=row[0], title=row[1], source_name=row[2], source_format=row[3], text=row[4],
            content_hash=row[5], blocks=blocks, metadata=json.loads(row[7]), created=row[8],
            modified=row[9], revision_of=row[10],
        )  # fmt: skip

    def resolve_document_id(self, id_or_prefix: str) -> str:
        """Turn a full document id, or a unique prefix of at least 4 characters, into an id."""
        key = id_or_prefix.strip().lower()
        if self.one("SELECT 1 FROM document WHERE uuid = ? AND deleted_at IS NULL", (key,)):
            return key
        rows = (
            self.all(
                "SELECT uuid FROM document WHERE uuid LIKE ? AND deleted_at IS NULL LIMIT 2",
                (key.replace("%", "").replace("_", "") + "%",),
            )
            if len(key) >= 4
            else []
        )
        if len(rows) != 1:
            many = "several documents" if rows else "no document"
            raise NotFound(f"The id “{id_or_prefix}” names {many}.")
        return str(rows[0][0])

    def rename_document(self, document_id: str, title: str) -> DocumentSummary:
        """Give a document a new title."""
        if not title.strip():
            raise InvalidRange("A document title cannot be empty.")
        with self.db.atomic():
            self.touch("document", document_id, "title = ?", (title.strip(),))
        return self.document_summary(document_id)

    def delete_document(self, document_id: str) -> int:
        """Hide a document (a tombstone, so merges carry the deletion); return its stamp."""
        with self.db.atomic():
            stamp = self.now()
            self.touch("document", document_id, "deleted_at = ?", (stamp,))
        return stamp

    def restore_document(self, document_id: str) -> DocumentSummary:
        """Bring back a deleted document."""
        with self.db.atomic():
            self.touch("document", document_id, "deleted_at = NULL", (), live=False)
        return self.document_summary(document_id)


def _check_imported(imported: ImportedDocument) -> None:
    text = imported.text
    if not text.strip():
        raise InvalidRange("The document has no text.")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidRange(f"The document is longer than {MAX_TEXT_CHARS:,} characters.")
    if not is_normalised(text):
        raise InvalidRange("The document text is not normalised (see models.text.normalise).")
    for block in imported.blocks:
        if not 0 <= block.start <= block.end <= len(text):
            raise InvalidRange(f"A {block.kind} lies outside the text ({block.start}-{block.end}).")


def _structure_json(blocks: tuple[Block, ...]) -> str:
    return json.dumps([[b.kind, b.start, b.end, b.level] for b in blocks])
