"""W3C Web Annotation (JSON-LD): one AnnotationCollection of the exported annotations.

Each annotation targets its document (``urn:uuid:`` + document id) with a
TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector counting code
points, as the Web Annotation Data Model specifies; tags are ``tagging`` bodies and the
note a ``commenting`` body (an annotation with neither has no body). Every item carries
its own ``@context``, and the page its own id, so each reads correctly on its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from exporters.files import atomic_path
from models.entities import Annotation, Tag
from models.selection import ExportSet
from models.text import iso_time

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def web_annotation(
    annotation: Annotation, tags: dict[str, Tag], include_notes: bool
) -> dict[str, Any]:
    """One annotation in the Web Annotation Data Model."""
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": tags[t].path}
        for t in sorted(annotation.tag_ids, key=lambda t: tags[t].path if t in tags else t)
        if t in tags
    ]
    if include_notes and annotation.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": annotation.note,
                       "format": "text/plain"})  # fmt: skip
    item: dict[str, Any] = {
        "@context": CONTEXT,  # each item stands alone when read singly
        "id": f"urn:uuid:{annotation.id}",
        "type": "Annotation",
        "created": iso_time(annotation.created),
        "modified": iso_time(annotation.modified),
        "creator": {"type": "Person", "name": annotation.author},
        "target": {
            "source": f"urn:uuid:{annotation.document_id}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": annotation.quote,
                 "prefix": annotation.prefix, "suffix": annotation.suffix},
                {"type": "TextPositionSelector", "start": annotation.start,
                 "end": annotation.end},
            ],
        },
    }  # fmt: skip
    if bodies:  # no tag and no note: the model wants no body rather than an empty one
        item["body"] = bodies
    return item


def write_json(export: ExportSet, out: str | Path, include_notes: bool = True) -> Path:
    """Write the export as a JSON-LD AnnotationCollection (UTF-8, no BOM)."""
    tags = export.tag_map()
    items = [web_annotation(a, tags, include_notes) for a in export.annotations]
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{export.database_id}",
        "type": "AnnotationCollection",
        "label": "Marginalia annotations",
        "total": len(items),
        "documents": [{"id": f"urn:uuid:{d.id}", "title": d.title, "source": d.source_name,
                       "content_hash": d.content_hash} for d in export.documents],
    }  # fmt: skip
    if items:  # an empty collection has no pages
        collection["first"] = {"id": f"urn:uuid:{export.database_id}#page-1",
                               "type": "AnnotationPage", "partOf": collection["id"],
                               "startIndex": 0, "items": items}  # fmt: skip
    with atomic_path(out) as temporary:
        temporary.write_text(json.dumps(collection, ensure_ascii=False, indent=2), encoding="utf-8")
    return Path(out)
