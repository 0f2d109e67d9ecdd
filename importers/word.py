"""Word .docx records: every word Word shows in the body, in reading order — paragraphs,
headings with levels, list items with the numbers Word shows, tables row by row (a
table inside a cell read into it), content controls, fields (their result), text boxes
(after the paragraph holding them), tracked changes as the record reads with them
accepted, ruby's base text — then the footnotes and endnotes, under "Notes", each after
the marker that calls it. Headers and footers go into the record's information, not its
text; a failure to read that information never costs the text.

The XML is walked directly (python-docx gives the parts, styles and numbering): its
``Paragraph.text`` leaves out content controls, insertions, text boxes and more.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from importers.base import MAX_EXPANDED_BYTES, ImportRefused, TextBuilder
from importers.word_numbering import Numbering
from models.entities import ImportedComment, ImportedDocument

_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCUMENT_MAIN_TYPE = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
_OTHER_MAIN_TYPES = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",  # .dotx
    b"application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",  # .dotm
)
_CORE_FIELDS = (
    "title", "author", "subject", "keywords", "category", "comments", "identifier",
    "language", "version", "last_modified_by", "created", "modified",
)  # fmt: skip
_GONE = {f"{_W}{t}" for t in ("delText", "instrText", "rt", "moveFrom", "pPr", "rPr")}
_GONE.add(f"{_MC}Fallback")
"""Never read as text: deleted or moved-away text, field codes (their result is read),
ruby's reading aid, formatting, and the fallback copy of an alternative (its first
choice is read)."""
_BREAKS = {f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}tab": "\t", f"{_W}noBreakHyphen": "-"}
_NOTES = (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES))
_OPENS, _REFERS, _CLOSES = 0xF0000, 0xF8000, 0x100000
_MOST_COMMENTS = _REFERS - _OPENS
_COMMENT_MARKS = {
    f"{_W}commentRangeStart": _OPENS,
    f"{_W}commentReference": _REFERS,
    f"{_W}commentRangeEnd": _CLOSES,
}
"""Where a Word comment's passage starts and ends (and where a comment with no passage is
referred to) is marked by one private-use character each in a second reading of the
record; aligned with the first reading's text, the marks give the comments' offsets in
it, and the record's text is exactly what it is without comments."""
MAX_DOCUMENT_XML = 24 * 2**20
"""The largest document.xml read (python-docx holds it as a tree of about 10× its size):
importing one this large peaks under 300 MB (19 MiB measured: 221 MB)."""
QUOTED = 1
"""A paragraph's level when it is a quotation (``models.Block.level``)."""


def unreadable(path: Path) -> str:
    """One plain sentence for a .docx that cannot be read (the parser's words mean
    nothing to an officer)."""
    return (f"{path.name} is not a Word document Marginalia can read (it may be damaged, "
            "or saved in another format: save it again as .docx).")  # fmt: skip


def check_package(path: Path, required: str) -> None:
    """Refuse a file that is not a zip package holding ``required``, or that expands past
    ``MAX_EXPANDED_BYTES`` (a 'zip bomb')."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportRefused(unreadable(path)) from error
    if required not in {m.filename for m in members}:
        raise ImportRefused(unreadable(path))
    body = next(m.file_size for m in members if m.filename == required)
    if required == "word/document.xml" and body > MAX_DOCUMENT_XML:
        raise ImportRefused(
            f"{path.name} holds {body / 2**20:,.0f} MiB of text markup, over the "
            f"{MAX_DOCUMENT_XML // 2**20} MiB Marginalia reads from one Word document (some "
            "15 million characters): split it into parts and import those."
        )
    expanded = sum(m.file_size for m in members)
    if expanded > MAX_EXPANDED_BYTES:
        raise ImportRefused(
            f"{path.name} expands to {expanded // 2**20:,} MiB, over the "
            f"{MAX_EXPANDED_BYTES // 2**20} MiB limit for a Word document."
        )


def _refuse_other_kinds(path: Path, data: bytes) -> None:
    """A password-protected file or an old binary .doc is not a zip at all; a Strict Open
    XML file is one in other namespaces: each is told what to do."""
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ImportRefused(
                f"{path.name} is protected by a password. Open it in Word, remove the "
                "password (File → Info → Protect Document), save, and import it again."
            )
        raise ImportRefused(
            f"{path.name} is an older Word file (.doc). Open it in Word and save it as "
            "Word Document (.docx), then import that."
        )
    try:
        with zipfile.ZipFile(path) as package:
            head = package.open("word/document.xml").read(4096)
    except (zipfile.BadZipFile, KeyError, OSError):
        return  # check_package tells
    if _STRICT in head:
        raise ImportRefused(
            f"{path.name} is saved as Strict Open XML, which Marginalia cannot read. In "
            "Word, use Save As → Word Document (.docx), then import that."
        )


def _as_document(data: bytes) -> bytes:
    """The package with a template's (.dotx) or a macro-enabled document's (.docm) main
    part typed as a document's: python-docx refuses them by that type alone, and their
    text is read alike (macros are never run, nor read)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml")
        if not any(kind in types for kind in _OTHER_MAIN_TYPES):
            return data
        parts = [(info, package.read(info)) for info in package.infolist()]
    for kind in _OTHER_MAIN_TYPES:
        types = types.replace(kind, _DOCUMENT_MAIN_TYPE)
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for info, content in parts:
            package.writestr(info, types if info.filename == "[Content_Types].xml" else content)
    return copy.getvalue()


def _opened(path: Path, data: bytes) -> tuple[Any, list[str]]:
    """The package opened by python-docx, and the parts left out to open it: a damaged
    package (an image missing, a part that is not well-formed XML) is opened without
    them, as Word offers to; only the document's own text part is indispensable."""
    try:
        return docx.Document(io.BytesIO(data)), []
    except Exception as error:  # python-docx raises many kinds on a broken package
        mended, left_out = _without_broken_parts(data)
        if not left_out:  # nothing broken to leave out: unreadable as it is
            raise ImportRefused(unreadable(path)) from error
    try:
        return docx.Document(io.BytesIO(mended)), left_out
    except Exception as error:
        raise ImportRefused(unreadable(path)) from error


def _without_broken_parts(data: bytes) -> tuple[bytes, list[str]]:
    """The package with every relationship to a missing or malformed part taken out,
    and those parts' names (each with why)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    broken = {name: "missing" for name in _targets(parts) if name not in parts}
    for name, content in parts.items():
        if name.endswith(".xml") and name != "word/document.xml" and not _well_formed(content):
            broken[name] = "damaged"
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            if name.endswith(".rels"):
                content = _relationships_without(name, content, broken)
            if broken.get(name) != "damaged":
                package.writestr(name, content)
    return copy.getvalue(), [f"{name} ({why})" for name, why in sorted(broken.items())]


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _targets(parts: dict[str, bytes]) -> Iterator[str]:
    """The parts every relationship in the package points to."""
    for name, content in parts.items():
        if name.endswith(".rels") and _well_formed(content):
            for relationship in etree.fromstring(content).iter(_RELS):
                if relationship.get("TargetMode") != "External":
                    yield _resolved(name, relationship.get("Target", ""))


def _resolved(rels_name: str, target: str) -> str:
    """A relationship's target as a part name ("word/_rels/document.xml.rels" and
    "media/image1.png" give "word/media/image1.png")."""
    if target.startswith("/"):
        return target.lstrip("/")
    source_folder = posixpath.dirname(posixpath.dirname(rels_name))
    return posixpath.normpath(posixpath.join(source_folder, target))


def _relationships_without(name: str, content: bytes, broken: dict[str, str]) -> bytes:
    if not _well_formed(content):
        return content
    root = etree.fromstring(content)
    for relationship in list(root.iter(_RELS)):
        external = relationship.get("TargetMode") == "External"
        if not external and _resolved(name, relationship.get("Target", "")) in broken:
            root.remove(relationship)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _well_formed(content: bytes) -> bool:
    try:
        etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return False
    return True


def import_docx(path: Path, data: bytes) -> ImportedDocument:
    """Read a .docx (or a template, or a macro-enabled document) in reading order,
    keeping its heading/list/table structure."""
    _refuse_other_kinds(path, data)
    check_package(path, "word/document.xml")
    document, left_out_parts = _opened(path, _as_document(data))
    part, body = document.part, document.element.body
    styles, notes, comments = _styles(document), _notes(part), _comments(part)
    reader = _read(_Reader(document, styles, notes, []), body)
    metadata = {**_core_properties(document), **_headers_and_footers(part)}
    if left_out_parts:
        metadata["parts left out"] = ", ".join(left_out_parts)
    title = metadata.get("title") or reader.title
    built = reader.builder.build(path, "docx", title=title, metadata=metadata)
    if not comments:
        return built
    marked = _read(_Reader(document, styles, notes, comments), body)
    anchored = _anchor_comments("".join(marked.builder.parts), built, comments)
    left_out = len(comments) - len(anchored)
    told = {"comments left out": str(left_out)} if left_out else {}
    return replace(built, comments=anchored, metadata={**built.metadata, **told})


def _read(reader: _Reader, body: Any) -> _Reader:
    for child in body.iterchildren():
        reader.block(child)
    reader.add_notes()
    return reader


class _Reader:
    """Walks the body's blocks into a ``TextBuilder``."""

    def __init__(
        self,
        document: Any,
        styles: dict[str, str],
        notes: dict[str, str],
        comments: list[tuple[str, str, str, int | None]],
    ) -> None:
        self.builder, self.styles, self.notes = TextBuilder(), styles, notes
        self.comments = comments
        self.comment_index = {c[0]: n for n, c in enumerate(comments)}
        self.numbering = _numbering(document)
        self.title = ""
        self.called: list[tuple[str, str]] = []  # (marker, note text), in reading order
        self.fields: list[bool] = []
        """Complex fields open here, outermost first: True once past their code (in
        their result). Text inside any field's code, a nested field's result included,
        is not shown."""

    def block(self, element: Any) -> None:
        tag = element.tag
        if tag == f"{_W}p":
            self.paragraph(element)
        elif tag == f"{_W}tbl":
            for row in _rows(element):
                cells = [self.cell(tc) for tc in _cells(row)]
                if any(cells):  # an empty row is no record's text
                    self.builder.add("table_row", " | ".join(cells))
        elif tag in (f"{_W}sdt", f"{_W}customXml", f"{_W}sdtContent", f"{_W}smartTag"):
            for child in _content(element):
                self.block(child)

    def paragraph(self, p: Any) -> None:
        """One paragraph, with the number Word shows before it; its text boxes after."""
        boxes: list[Any] = []
        text = self.text_of(p, boxes)
        p_pr = p.pPr
        style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else ""
        style = self.styles.get(style_id, "")
        numbered = self.numbering.label(p_pr, style_id) if self.numbering and text.strip() else None
        shown = f"{numbered[0]} {text.lstrip()}" if numbered and numbered[0] else text
        heading = _HEADING_STYLE.fullmatch(style.strip())
        if style == "Title" or heading:
            self.builder.add("heading", shown, int(heading.group(1)) if heading else 0)
            self.title = self.title or text.strip()
        elif numbered is not None or style.lower().startswith("list"):
            level = max(numbered[1] if numbered else 0, _list_level(style))
            self.builder.add("list_item", shown, level)
        elif "quote" in style.lower() or style == "Block Text":  # Quote, Intense Quote
            self.builder.add("paragraph", shown, QUOTED)
        else:
            self.builder.add("paragraph", shown)
        for box in boxes:
            for child in box.iterchildren():
                self.block(child)

    def cell(self, tc: Any) -> str:
        """A cell's words on one line: its paragraphs, and any table inside it (none
        for a cell merged down from the one above: it keeps its column)."""
        if _merged_from_above(tc):
            return ""
        parts: list[str] = []
        for child in _content(tc):
            if child.tag == f"{_W}p":
                boxes: list[Any] = []
                parts.append(self.text_of(child, boxes).strip())
                parts += [self.text_of(p, []) for box in boxes for p in box.iter(f"{_W}p")]
            elif child.tag == f"{_W}tbl":
                rows = [[self.cell(inner) for inner in _cells(r)] for r in _rows(child)]
                parts.append("; ".join(" / ".join(c for c in row if c) for row in rows))
        return " ".join(" ".join(part.split()) for part in parts if part.strip())

    def text_of(self, element: Any, boxes: list[Any]) -> str:
        parts: list[str] = []
        self._gather(element, parts, boxes)
        return "".join(parts)

    def _gather(self, element: Any, parts: list[str], boxes: list[Any]) -> None:
        """The text Word shows, depth first; text boxes are kept aside in ``boxes``."""
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _GONE:
                continue
            shown = all(self.fields)  # not in a field's code (its result is read)
            if tag == f"{_W}fldChar":
                self._field(child.get(f"{_W}fldCharType", ""))
            elif tag == f"{_W}r" and _hidden(child):
                continue
            elif tag == f"{_W}t":
                parts.append(child.text or "" if shown else "")
            elif tag in _BREAKS:
                parts.append(_BREAKS[tag] if shown else "")
            elif tag == f"{_W}txbxContent":
                boxes += [child] if shown else []
            elif tag in _COMMENT_MARKS:
                number = self.comment_index.get(child.get(f"{_W}id", ""))
                if number is not None and shown:
                    parts.append(chr(_COMMENT_MARKS[tag] + number))
            elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
                parts.append(self._call(tag, child.get(f"{_W}id", "")) if shown else "")
            else:
                self._gather(child, parts, boxes)  # runs, hyperlinks, controls: look in

    def _field(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(False)
        elif kind == "separate" and self.fields:
            self.fields[-1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _call(self, tag: str, note_id: str) -> str:
        kind = "footnote" if tag.endswith("footnoteReference") else "endnote"
        text = self.notes.get(f"{kind}:{note_id}")
        if text is None:
            return ""
        marker = f"[{len(self.called) + 1}]"
        self.called.append((marker, text))
        return marker

    def add_notes(self) -> None:
        """The notes the text calls, under "Notes", each after its marker."""
        if not self.called:
            return
        self.builder.add("heading", "Notes", 1)
        for marker, text in self.called:
            self.builder.add("paragraph", f"{marker} {text}")


def _comments(part: Any) -> list[tuple[str, str, str, int | None]]:
    """The file's comments in order: (id, author, text, when in epoch ms)."""
    root = _related_xml(part, RT.COMMENTS)
    if root is None:
        return []
    found = []
    for comment in root.iterchildren(f"{_W}comment"):
        text = "\n".join(" ".join(_plain_text(p).split()) for p in comment.iter(f"{_W}p"))
        author = " ".join((comment.get(f"{_W}author") or "").split())
        found.append((comment.get(f"{_W}id", ""), author, text.strip(), _when(comment)))
    return found[:_MOST_COMMENTS]


def _when(comment: Any) -> int | None:
    try:
        moment = datetime.fromisoformat(comment.get(f"{_W}date", "").replace("Z", "+00:00"))
    except ValueError:
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def _anchor_comments(
    marked: str, built: ImportedDocument, comments: list[tuple[str, str, str, int | None]]
) -> tuple[ImportedComment, ...]:
    """The comments on their passages in the record's text: ``marked`` (the record read
    again with the comments' marks) aligned with it. Only whitespace may differ besides
    the marks (the blocks' spaces are folded around them). A comment with no passage but
    a reference gets the paragraph it is in; one with no words, or that cannot be
    placed, is left out."""
    text, at = built.text, 0
    opened: dict[int, int] = {}
    spans: dict[int, tuple[int, int]] = {}
    for character in marked:
        if at < len(text) and character == text[at]:
            at += 1
            continue
        code = ord(character)
        if _OPENS <= code < _REFERS:
            opened[code - _OPENS] = at
        elif _REFERS <= code < _CLOSES:
            spans.setdefault(code - _REFERS, _paragraph_at(built, at))
        elif code >= _CLOSES:
            number = code - _CLOSES
            if number in opened:
                spans[number] = (opened.pop(number), at)
        elif at < len(text) and text[at].isspace() and not character.isspace():
            while at < len(text) and text[at].isspace():
                at += 1
            at += at < len(text) and character == text[at]
        elif not character.isspace():
            return ()  # not the same text: place none rather than misplace any
    anchored = []
    for number, (start, end) in sorted(spans.items()):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        _, author, note, when = comments[number]
        if start < end and note:
            anchored.append(ImportedComment(start, end, author or "Unknown author", note, when))
    return tuple(sorted(anchored, key=lambda c: (c.start, c.end)))


def _paragraph_at(built: ImportedDocument, at: int) -> tuple[int, int]:
    """The span of the block holding offset ``at`` (a comment with no passage of its own)."""
    for block in built.blocks:
        if block.start <= at <= block.end:
            return block.start, block.end
    return at, at


def _hidden(run: Any) -> bool:
    """A run formatted as hidden text (w:vanish): Word does not show it."""
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true") not in ("0", "false", "off")


def _content(element: Any) -> Iterator[Any]:
    """An element's children, a content control or custom XML wrapper looked through."""
    for child in element.iterchildren():
        if child.tag in (f"{_W}sdt", f"{_W}customXml", f"{_W}smartTag"):
            inner = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if inner is not None:
                yield from _content(inner)
        else:
            yield child


def _rows(table: Any) -> list[Any]:
    return [r for r in _content(table) if r.tag == f"{_W}tr"]


def _cells(row: Any) -> list[Any]:
    return [tc for tc in _content(row) if tc.tag == f"{_W}tc"]


def _merged_from_above(tc: Any) -> bool:
    """A cell merged down from the one above: Word shows its words once, above."""
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"


def _styles(document: Any) -> dict[str, str]:
    """Style id → name, read from the XML (python-docx's styles fail on a style with no
    type). Never costs the text: unreadable styles are none."""
    try:
        element = document.styles.element
    except Exception:  # a damaged styles part: read the text unstyled
        return {}
    found = {}
    for style in element.iterchildren(f"{_W}style"):
        name = style.find(f"{_W}name")
        found[style.get(f"{_W}styleId", "")] = name.get(f"{_W}val", "") if name is not None else ""
    return found


def _numbering(document: Any) -> Numbering | None:
    try:
        return Numbering(document)
    except Exception:  # a damaged numbering part: the text without numbers
        return None


def _notes(part: Any) -> dict[str, str]:
    """Footnotes and endnotes by ``kind:id`` (Word's separators left out)."""
    found: dict[str, str] = {}
    for kind, relationship in _NOTES:
        root = _related_xml(part, relationship)
        if root is None:
            continue
        for note in root.iterchildren(f"{_W}{kind}"):
            if note.get(f"{_W}type") in (
                "separator",
                "continuationSeparator",
                "continuationNotice",
            ):
                continue
            paragraphs = [_plain_text(p) for p in note.iter(f"{_W}p")]
            text = " ".join(" ".join(p.split()) for p in paragraphs if p.strip())
            if text:
                found[f"{kind}:{note.get(f'{_W}id', '')}"] = text
    return found


def _headers_and_footers(part: Any) -> dict[str, str]:
    """The words of the headers and footers, for the record's information."""
    found: dict[str, str] = {}
    for name, relationship in (("header", RT.HEADER), ("footer", RT.FOOTER)):
        texts: list[str] = []
        related = [
            r.target_part
            for r in part.rels.values()
            if r.reltype == relationship and not r.is_external
        ]
        for target in related:
            try:
                root = etree.fromstring(target.blob)
            except Exception:
                continue
            text = " ".join(" ".join(_plain_text(p).split()) for p in root.iter(f"{_W}p"))
            if text.strip() and text.strip() not in texts:
                texts.append(text.strip())
        if texts:
            found[name] = " / ".join(texts)
    return found


def _related_xml(part: Any, relationship: str) -> Any:
    try:
        return etree.fromstring(part.part_related_by(relationship).blob)
    except Exception:  # no such part, or unreadable: no notes
        return None


def _plain_text(element: Any) -> str:
    """The shown text of a paragraph outside the body (a note, a header)."""
    parts: list[str] = []
    for node in element.iter():
        if not isinstance(node.tag, str) or any(a.tag in _GONE for a in node.iterancestors()):
            continue
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag in _BREAKS:
            parts.append(" ")
    return "".join(parts)


def _list_level(style: str) -> int:
    """The level a list style names: "List Bullet 2" is one level in (Word's own such
    styles count from level 0 of a list of their own, indented further)."""
    found = re.search(r"\s(\d)$", style)
    return int(found.group(1)) - 1 if found else 0


def _core_properties(document: Any) -> dict[str, str]:
    """Title, author, dates…: information only, so a part that cannot be read (two
    core-properties parts, a bad date) leaves it out and never costs the text."""
    try:
        package = document.part.package
        if not any(r.reltype == RT.CORE_PROPERTIES for r in package.rels.values()):
            return {}  # python-docx would make up a default part ("Word Document", now)
        props = document.core_properties
    except Exception:
        return {}
    found: dict[str, str] = {}
    for name in _CORE_FIELDS:
        try:
            value = getattr(props, name, None)
        except Exception:
            continue
        if value:
            found[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return found
