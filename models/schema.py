"""The SQLite schema, version by version.

Every shared row has a random UUID, ``created_at``/``modified_at`` (UTC epoch
milliseconds), ``modified_by`` (the author who last changed it) and a ``deleted_at``
tombstone. Cross-references use UUIDs so rows can move between databases unchanged; only
``document.id`` is a local integer, because the FTS5 index needs a stable rowid.
"""

from __future__ import annotations

SCHEMA_VERSION = 4
APPLICATION_ID = 0x4D52474E  # 'MRGN' in the SQLite header: marks our files.

_SHARED = """
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    modified_by TEXT REFERENCES author(uuid),
    deleted_at INTEGER"""

SCHEMA_V1 = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE author (
    uuid TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    initials TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    deleted_at INTEGER)""",
    f"""CREATE TABLE document (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    source_name TEXT NOT NULL DEFAULT '',
    source_format TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    structure TEXT NOT NULL DEFAULT '[]',
    metadata TEXT NOT NULL DEFAULT '{{}}',
    revision_of TEXT REFERENCES document(uuid),{_SHARED})""",
    "CREATE INDEX document_content_hash ON document(content_hash)",
    f"""CREATE TABLE tag (
    uuid TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent_uuid TEXT REFERENCES tag(uuid),
    color TEXT NOT NULL CHECK (color GLOB '#[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]'),
    description TEXT NOT NULL DEFAULT '',{_SHARED})""",
    "CREATE INDEX tag_parent ON tag(parent_uuid)",
    f"""CREATE TABLE annotation (
    uuid TEXT PRIMARY KEY,
    document_uuid TEXT NOT NULL REFERENCES document(uuid),
    start_pos INTEGER NOT NULL CHECK (start_pos >= 0),
    end_pos INTEGER NOT NULL,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    author_uuid TEXT REFERENCES author(uuid),
    anchor_status TEXT NOT NULL DEFAULT 'ok'
        CHECK (anchor_status IN ('ok', 'amended', 'orphaned')),
    anchor_quote TEXT NOT NULL DEFAULT '',
    anchor_target TEXT REFERENCES document(uuid),{_SHARED},
    CHECK (end_pos > start_pos))""",
    # A document's live passages in text order, without touching the table (tombstoned
    # rows are rarely read by document, and every index slows merging 100,000 rows).
    """CREATE INDEX annotation_live ON annotation(document_uuid, start_pos, end_pos, uuid)
    WHERE deleted_at IS NULL""",
    # The few annotations waiting for review after a new version (tiny partial indexes).
    "CREATE INDEX annotation_amended ON annotation(document_uuid) WHERE anchor_status = 'amended'",
    "CREATE INDEX annotation_orphaned ON annotation(anchor_target) "
    "WHERE anchor_status = 'orphaned'",
    # document_uuid repeats the annotation's (which never changes): a document's links are
    # then one index range, 4 ms for 10,000 instead of 35 ms of per-annotation lookups.
    f"""CREATE TABLE annotation_tag (
    uuid TEXT PRIMARY KEY,
    annotation_uuid TEXT NOT NULL REFERENCES annotation(uuid),
    tag_uuid TEXT NOT NULL REFERENCES tag(uuid),
    document_uuid TEXT NOT NULL REFERENCES document(uuid),{_SHARED},
    UNIQUE (annotation_uuid, tag_uuid))""",
    "CREATE INDEX annotation_tag_tag ON annotation_tag(tag_uuid)",
    """CREATE INDEX annotation_tag_document
    ON annotation_tag(document_uuid, deleted_at, annotation_uuid, tag_uuid)""",
    """CREATE VIRTUAL TABLE document_fts USING fts5(
    title, text, content='document', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN
    INSERT INTO document_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN
    INSERT INTO document_fts(document_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER document_fts_update AFTER UPDATE OF title, text ON document BEGIN
    INSERT INTO document_fts(document_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO document_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]
"""Statements that create a version-1 database from nothing."""

SCHEMA_V2 = [
    # "This tag now means that one": written when a tag is merged into another, and when
    # a merge finds two same-named tags under one parent. The id is derived from the tag
    # (``store.alias_uuid``), so one tag has one alias row on every side.
    f"""CREATE TABLE tag_alias (
    uuid TEXT PRIMARY KEY,
    tag_uuid TEXT NOT NULL UNIQUE REFERENCES tag(uuid),
    target_uuid TEXT NOT NULL REFERENCES tag(uuid),{_SHARED},
    CHECK (tag_uuid != target_uuid))""",
    # Where the officer put an annotation (its home: shared, merged like any column). The
    # columns it had (document_uuid, start_pos, ..., anchor_*) now hold where it shows,
    # derived from the home and the record's newer versions (models/placement.py), and
    # placed_via says from which chain of versions, so it is recomputed only on change.
    "ALTER TABLE annotation ADD COLUMN home_document TEXT REFERENCES document(uuid)",
    "ALTER TABLE annotation ADD COLUMN home_start INTEGER",
    "ALTER TABLE annotation ADD COLUMN home_end INTEGER",
    "ALTER TABLE annotation ADD COLUMN home_quote TEXT",
    "ALTER TABLE annotation ADD COLUMN home_prefix TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE annotation ADD COLUMN home_suffix TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE annotation ADD COLUMN placed_via TEXT",
    "CREATE INDEX annotation_home ON annotation(home_document) WHERE deleted_at IS NULL",
    # The few annotations not shown at home (on a revised record, or just merged in):
    # finding them after a merge reads this tiny index, not the table.
    """CREATE INDEX annotation_away ON annotation(home_document)
    WHERE placed_via IS NOT home_document""",
]
"""Statements that turn a version-1 database into a version-2 one."""

SCHEMA_V3 = [
    # Notes found by the index, as records' text is: a search no longer reads every note.
    # Keyed by the annotation's rowid, which never changes (merges update rows in place,
    # never replace them; VACUUM keeps rowids). Only non-empty notes are indexed.
    """CREATE VIRTUAL TABLE note_fts USING fts5(
    note, content='annotation', content_rowid='rowid', columnsize=0,
    tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER note_fts_insert AFTER INSERT ON annotation WHEN new.note != '' BEGIN
    INSERT INTO note_fts(rowid, note) VALUES (new.rowid, new.note);
    END""",
    """CREATE TRIGGER note_fts_delete AFTER DELETE ON annotation WHEN old.note != '' BEGIN
    INSERT INTO note_fts(note_fts, rowid, note) VALUES ('delete', old.rowid, old.note);
    END""",
    """CREATE TRIGGER note_fts_update AFTER UPDATE OF note ON annotation
    WHEN old.note IS NOT new.note BEGIN
    INSERT INTO note_fts(note_fts, rowid, note) SELECT 'delete', old.rowid, old.note
    WHERE old.note != '';
    INSERT INTO note_fts(rowid, note) SELECT new.rowid, new.note WHERE new.note != '';
    END""",
    # A record's deleted annotations (few), so sharing one record reads that record's rows
    # through indexes instead of every annotation of the archive.
    "CREATE INDEX annotation_gone ON annotation(document_uuid) WHERE deleted_at IS NOT NULL",
    # The document list, in its order, without reading the records: each record's row
    # holds its text, so listing 10,000 titles from the table read 10,000 pages.
    """CREATE INDEX document_list ON document(title COLLATE NOCASE, created_at, uuid,
    deleted_at, source_name, source_format, content_hash, modified_at, revision_of)""",
]
"""Statements that turn a version-2 database into a version-3 one (then filled by
``INSERT INTO note_fts ... SELECT``: see ``models.database``)."""

SCHEMA_V4 = [
    # What a merge brought, until the officer has seen it (``models.arrivals``): this
    # file's own state, never shared, merged or compared (a share empties it).
    """CREATE TABLE arrival (
    annotation_uuid TEXT PRIMARY KEY,
    from_author TEXT,
    merged_at INTEGER NOT NULL)""",
]
"""Statements that turn a version-3 database into a version-4 one."""

SCHEMA = [*SCHEMA_V1, *SCHEMA_V2, *SCHEMA_V3, *SCHEMA_V4]
"""Statements that create a database of the current version from nothing."""

SCHEMA_BY_VERSION = {
    1: SCHEMA_V1,
    2: [*SCHEMA_V1, *SCHEMA_V2],
    3: [*SCHEMA_V1, *SCHEMA_V2, *SCHEMA_V3],
    4: SCHEMA,
}
"""What a database of each version holds: a file offered for merging must hold exactly
these objects on Marginalia's table names."""
