"""REFI-QDA project (.qdpx): the exchange format NVivo, ATLAS.ti, MAXQDA and QualCoder read.

A .qdpx is a zip holding ``project.qde`` (QDA-XML 1.0) and the sources as UTF-8 text
without BOM under ``sources/``. Tags become codes (with colour and hierarchy), each
annotation a PlainTextSelection in code points with one Coding per tag and its note as
the Description; authors become users.
"""

from __future__ import annotations

import uuid
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from exporters.files import ExportFailed, atomic_path
from models.entities import Annotation, Tag
from models.selection import ExportSet
from models.store import link_uuid
from models.text import iso_time

NS = "urn:QDA-XML:project:1.0"
USER_NAMESPACE = uuid.UUID("6b1c1f0e-7d43-4c55-b1de-2f5a3c2f8a01")


def _element(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attributes.items() if v})


def user_guid(name: str) -> str:
    """A stable GUID for an author, so re-exports name the same user."""
    return str(uuid.uuid5(USER_NAMESPACE, name))


def code_names(tags: list[Tag]) -> dict[str, str]:
    """Code names: the tag's name, or its full path where the name is used twice."""
    counts = Counter(t.name.casefold() for t in tags)
    return {t.id: t.name if counts[t.name.casefold()] == 1 else t.path for t in tags}


def project_xml(export: ExportSet, include_notes: bool = True) -> bytes:
    """The ``project.qde`` document."""
    root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS})
    root.set("name", "Marginalia export")
    root.set("origin", "Marginalia")
    users = _element(root, "Users")
    for name in export.authors() or ["Unknown author"]:
        _element(users, "User", guid=user_guid(name), name=name)
    _codebook(root, export.tags)
    sources = _element(root, "Sources")
    by_document: dict[str, list[Annotation]] = {}
    for annotation in export.annotations:
        by_document.setdefault(annotation.document_id, []).append(annotation)
    live_tags = {t.id for t in export.tags}
    for document in export.documents:
        source = _element(sources, "TextSource", guid=document.id, name=document.title,
                          plainTextPath=f"internal://{document.id}.txt",
                          creationDateTime=iso_time(document.created))  # fmt: skip
        for annotation in by_document.get(document.id, []):
            _selection(source, annotation, live_tags, include_notes)
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return xml


def _codebook(root: etree._Element, tags: tuple[Tag, ...]) -> None:
    if not tags:
        return
    codes = _element(_element(root, "CodeBook"), "Codes")
    names = code_names(list(tags))
    placed: dict[str, etree._Element] = {}
    for tag in tags:  # tree order: a parent is placed before its children
        parent = placed.get(tag.parent_id or "", codes)
        code = _element(parent, "Code", guid=tag.id, name=names[tag.id], isCodable="true",
                        color=tag.color)  # fmt: skip
        if tag.description:
            description = _element(code, "Description")
            description.text = tag.description
            code.insert(0, description)
        placed[tag.id] = code


def _selection(source: etree._Element, annotation: Annotation, live_tags: set[str],
               include_notes: bool) -> None:  # fmt: skip
    user, when = user_guid(annotation.author or "Unknown author"), iso_time(annotation.created)
    name = " ".join(annotation.quote.split())
    selection = _element(source, "PlainTextSelection", guid=annotation.id,
                         name=name if len(name) <= 80 else name[:79] + "…",
                         startPosition=str(annotation.start), endPosition=str(annotation.end),
                         creatingUser=user, creationDateTime=when,
                         modifiedDateTime=iso_time(annotation.modified))  # fmt: skip
    if include_notes and annotation.note:
        _element(selection, "Description").text = annotation.note
    for tag_id in annotation.tag_ids:
        if tag_id in live_tags:
            coding = _element(selection, "Coding", guid=link_uuid(annotation.id, tag_id),
                              creatingUser=user, creationDateTime=when)  # fmt: skip
            _element(coding, "CodeRef", targetGUID=tag_id)


def write_qdpx(export: ExportSet, out: str | Path, include_notes: bool = True) -> Path:
    """Write the .qdpx zip: project.qde plus one UTF-8 text file per document.

    Raises:
        ExportFailed: no document is chosen (a project without sources is invalid).
    """
    if not export.documents:
        raise ExportFailed("A REFI-QDA project needs at least one document; none is chosen.")
    with atomic_path(out) as temporary, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", project_xml(export, include_notes))
        for document in export.documents:
            z.writestr(f"sources/{document.id}.txt", document.text.encode("utf-8"))
    return Path(out)
