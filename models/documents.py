"""Documents: importing records, listing them, reading their text."""

from __future__ import annotations

import json
from dataclasses import replace

from models.entities import Block, Document, DocumentSummary, ImportedDocument
from models.errors import DuplicateDocument, InvalidRange, NotFound
from models.store import Store, new_uuid
from models.text import clean_line, content_hash, is_normalised

MAX_TEXT_CHARS = 50_000_000
SHOWN_DOCUMENT = """(d.deleted_at IS NULL OR EXISTS (SELECT 1 FROM annotation x
    WHERE x.document_uuid = d.uuid AND x.deleted_at IS NULL))"""
"""A record is shown when it is not deleted, or when a live annotation is on it (made by a
colleague who had not seen the deletion; see models/merging.md). ``d`` is the document."""
BY_TITLE = "ORDER BY d.title COLLATE NOCASE, d.created_at, d.uuid"
"""The document list's order (read from the ``document_list`` index)."""
SHOWN_TITLES_AMONG = f"""SELECT d.uuid, d.title FROM document d
    WHERE d.uuid IN (SELECT value FROM json_each(?)) AND {SHOWN_DOCUMENT} {BY_TITLE}"""
"""(id, title) of the shown records among a JSON list of ids, in the list's order."""
_SUMMARY_COLUMNS = """d.uuid, d.title, d.source_name, d.source_format, d.content_hash,
    length(d.text), (SELECT count(*) FROM annotation a
                     WHERE a.document_uuid = d.uuid AND a.deleted_at IS NULL),
    d.created_at, d.modified_at, d.revision_of"""

_LIST_COLUMNS = """d.uuid, d.title, d.source_name, d.source_format, d.content_hash, 0, 0,
    d.created_at, d.modified_at, d.revision_of"""


class Documents(Store):
    """Document operations of the library."""

    def import_document(
        self, imported: ImportedDocument, *, revision_of: str | None = None
    ) -> DocumentSummary:
        """Store an imported record as a new document, in one transaction.

        A record is its text: importing the text of a deleted document restores that
        document (with the annotations its deletion hid) instead of making a second copy;
        the summary then says ``restored``.

        Raises:
            DuplicateDocument: a document already has exactly this text.
            InvalidRange: the text is not normalised or a block lies outside it.
            NotFound: ``revision_of`` names no live document.
        """
        _check_imported(imported)
        digest = content_hash(imported.text)
        with self.db.atomic():
            existing = self.one(
                f"SELECT uuid, title, {SHOWN_DOCUMENT} FROM document d WHERE content_hash = ?",
                (digest,),
            )
            if existing and (existing[2] or revision_of is not None):
                state = "" if existing[2] else " (deleted: restore it instead)"
                raise DuplicateDocument(
                    f"The same text is already in the library as “{existing[1]}”{state}.",
                    str(existing[0]),
                )
            if existing:
                self.restore_document(str(existing[0]))
                return replace(self.document_summary(str(existing[0])), restored=True)
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
                clean_line(imported.title) or clean_line(imported.source_name),
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

    def documents(self, counted: bool = True) -> list[DocumentSummary]:
        """Every live document, by title. Without ``counted`` its length and number of
        annotations are left 0 (no text or annotation is read: a list of 10,000 records
        is then quick); ``annotation_count`` gives the number for the rows shown."""
        columns = _SUMMARY_COLUMNS if counted else _LIST_COLUMNS
        rows = self.all(f"SELECT {columns} FROM document d WHERE {SHOWN_DOCUMENT} {BY_TITLE}")
        return [DocumentSummary(*row) for row in rows]

    def annotation_count(self, document_id: str) -> int:
        """Live annotations shown on one document (an index range, however large the
        library)."""
        row = self.one(
            "SELECT count(*) FROM annotation WHERE document_uuid = ? AND deleted_at IS NULL",
            (document_id,),
        )
        return int(row[0]) if row else 0

    def holds_text(self, text: str) -> bool:
        """A shown record has exactly this text (importing it again would be refused)."""
        found = self.one(
            f"SELECT 1 FROM document d WHERE content_hash = ? AND {SHOWN_DOCUMENT}",
            (content_hash(text),),
        )
        return found is not None

    def document_summary(self, document_id: str) -> DocumentSummary:
        """One live document without its text."""
        row = self.require(
            f"SELECT {_SUMMARY_COLUMNS} FROM document d WHERE d.uuid = ? AND {SHOWN_DOCUMENT}",
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
            f"{blocks_column}, metadata, created_at, modified_at, revision_of FROM document d "
            f"WHERE uuid = ? AND {SHOWN_DOCUMENT}",
            (document_id,),
            f"document with id {document_id}",
        )
        blocks = tuple(map(Block._make, json.loads(row[6])))  # 4,000 of them in a long record
        return Document(
            id=row[0], title=row[1], source_name=row[2], source_format=row[3], text=row[4],
            content_hash=row[5], blocks=blocks, metadata=json.loads(row[7]), created=row[8],
            modified=row[9], revision_of=row[10],
        )  # fmt: skip

    def resolve_document_id(self, id_or_prefix: str, deleted: bool = False) -> str:
        """Turn a full document id, or a unique prefix of at least 4 characters, into an id.

        The prefix is matched literally (no wildcards). Shown documents only; with
        ``deleted``, deleted ones only (to restore them).
        """
        key = id_or_prefix.strip().lower()
        state = f"NOT {SHOWN_DOCUMENT}" if deleted else SHOWN_DOCUMENT
        rows = (
            self.all(
                f"SELECT uuid FROM document d WHERE substr(uuid, 1, ?) = ? AND {state} "
                "ORDER BY uuid != ? LIMIT 2",
                (len(key), key, key),
            )
            if len(key) >= 4
            else []
        )
        if rows and rows[0][0] == key:
            return key
        if len(rows) != 1:
            raise NotFound(unresolved(id_or_prefix, "document", bool(rows), deleted))
        return str(rows[0][0])

    def rename_document(self, document_id: str, title: str) -> DocumentSummary:
        """Give a document a new title (one line, control characters dropped)."""
        title = clean_line(title)
        if not title:
            raise InvalidRange("A document title cannot be empty.")
        with self.db.atomic():
            self.touch("document", document_id, "title = ?", (title,))
        return self.document_summary(document_id)

    def delete_document(self, document_id: str) -> int:
        """Hide a document and its annotations (tombstones, so merges carry the deletion);
        return the stamp, which ``restore_document`` uses to bring back exactly these."""
        with self.db.atomic():
            stamp, author = self.now(), self.author_id()
            self.require(f"SELECT 1 FROM document d WHERE uuid = ? AND {SHOWN_DOCUMENT}",
                         (document_id,), f"document with id {document_id}")  # fmt: skip
            # The record's own row takes the new stamp even if a colleague's annotations
            # were keeping a deleted record shown: restoring brings back this deletion.
            for table, key, live in (("annotation", "document_uuid", " AND deleted_at IS NULL"),
                                     ("document", "uuid", "")):  # fmt: skip
                self.db.execute_sql(
                    f"UPDATE {table} SET deleted_at = ?, modified_at = ?, modified_by = ? "
                    f"WHERE {key} = ?{live}",
                    (stamp, stamp, author, document_id),
                )
        return stamp

    def restore_document(self, document_id: str) -> DocumentSummary:
        """Bring back a deleted document with the annotations its deletion hid."""
        with self.db.atomic():
            (stamp,) = self.require(
                "SELECT deleted_at FROM document WHERE uuid = ? AND deleted_at IS NOT NULL",
                (document_id,),
                f"deleted document with id {document_id}",
            )
            # Its annotations: those shown on it when it was deleted, and those at home on
            # it that show on a newer version by now (a colleague's revision).
            for table, where in (("annotation", "(document_uuid = ? OR home_document = ?)"),
                                 ("document", "(uuid = ? OR uuid = ?)")):  # fmt: skip
                self.db.execute_sql(
                    f"UPDATE {table} SET deleted_at = NULL, modified_at = ?, modified_by = ? "
                    f"WHERE {where} AND deleted_at = ?",
                    (self.now(), self.author_id(), document_id, document_id, stamp),
                )
        return self.document_summary(document_id)


def unresolved(reference: str, kind: str, several: bool, deleted: bool) -> str:
    """Why an id (or prefix) a person typed names no single row, in one sentence."""
    if len(reference.strip()) < 4:
        return f"“{reference}” is too short to name a {kind}: give at least 4 characters of its id."
    which = f"deleted {kind}" if deleted else kind
    return f"The id “{reference}” names {f'several {which}s' if several else f'no {which}'}."


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
