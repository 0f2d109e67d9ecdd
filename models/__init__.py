"""Marginalia's data layer: entities, the database and the Library service. No Qt here."""

from models.entities import (
    Annotation,
    Block,
    Document,
    DocumentSummary,
    ImportedDocument,
    NewAnnotation,
    SearchHit,
    Tag,
)
from models.library import Library

__all__ = [
    "Annotation",
    "Block",
    "Document",
    "DocumentSummary",
    "ImportedDocument",
    "Library",
    "NewAnnotation",
    "SearchHit",
    "Tag",
]
