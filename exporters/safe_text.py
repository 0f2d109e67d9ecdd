"""Text every consumer of an export accepts, whatever a colleague's database held.

XML 1.0 (Word, REFI-QDA) forbids most control characters and U+FFFE/U+FFFF; lxml raises
on them. A note or name merged from a colleague (or typed before Marginalia cleaned them
on entry) may hold some. Each is replaced by U+FFFD, one character for one, so offsets
into quotes and texts stay exact in every format.
"""

from __future__ import annotations

import re
from dataclasses import replace

from models.entities import Annotation, Document
from models.selection import ExportSet

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD (same length)."""
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


def safe_export(export: ExportSet) -> ExportSet:
    """The same export with every text field safe for XML (see the module)."""
    if not any(_NOT_XML.search(t) for t in _texts(export)):
        return export
    return ExportSet(
        tuple(_document(d) for d in export.documents),
        tuple(_annotation(a) for a in export.annotations),
        tuple(replace(t, name=xml_text(t.name), path=xml_text(t.path),
                      description=xml_text(t.description)) for t in export.tags),
        export.database_id,
    )  # fmt: skip


def _document(d: Document) -> Document:
    metadata = {xml_text(str(k)): xml_text(str(v)) for k, v in d.metadata.items()}
    return replace(d, title=xml_text(d.title), source_name=xml_text(d.source_name),
                   text=xml_text(d.text), metadata=metadata)  # fmt: skip


def _annotation(a: Annotation) -> Annotation:
    return a._replace(quote=xml_text(a.quote), prefix=xml_text(a.prefix),
                      suffix=xml_text(a.suffix), note=xml_text(a.note),
                      author=xml_text(a.author), old_quote=xml_text(a.old_quote))  # fmt: skip


def _texts(export: ExportSet) -> list[str]:
    found = [
        t
        for d in export.documents
        for t in (d.title, d.source_name, d.text, *map(str, d.metadata.values()))
    ]
    found += [
        t for a in export.annotations for t in (a.note, a.author, a.quote, a.prefix, a.suffix)
    ]
    found += [t for tag in export.tags for t in (tag.name, tag.path, tag.description)]
    return found  # fmt: skip


__all__ = ["safe_export", "xml_text"]
