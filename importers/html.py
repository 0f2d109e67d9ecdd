"""HTML records: headings, paragraphs, list items and table rows, in document order."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml import etree

from importers.base import ImportRefused, TextBuilder
from importers.plain import decode_text
from models.entities import BlockKind, ImportedDocument

_SKIP = {"script", "style", "noscript", "template", "head", "nav", "svg", "iframe", "object"}
_BLOCKS: dict[str, BlockKind] = {
    **{tag: "paragraph" for tag in ("p", "div", "section", "article", "main", "blockquote",
                                    "pre", "dd", "dt", "figcaption", "caption", "address",
                                    "header", "footer", "aside", "form", "fieldset", "table",
                                    "ul", "ol", "dl", "body", "html", "hr")},
    "li": "list_item",
}  # fmt: skip
_LISTS = ("ul", "ol")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, name: str) -> str:
    """Decode by BOM, then the page's own <meta charset>, then like plain text."""
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


def import_html(path: Path, data: bytes) -> ImportedDocument:
    """Read an HTML page's visible text as structured blocks."""
    source = re.sub(r"^\s*<\?xml[^>]*\?>", "", decode_html(data, path.name))
    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError) as error:
        raise ImportRefused(f"{path.name} is not a web page Marginalia can read "
                            "(it may be damaged or empty).") from error  # fmt: skip
    builder = TextBuilder()
    _Walker(builder).walk(root)
    title = (root.findtext(".//title") or "").strip()
    if not title:
        first = root.find(".//h1")
        title = first.text_content().strip() if first is not None else ""
    return builder.build(path, "html", title=title, metadata=_meta(root))


def _meta(root: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if name and content and name not in found:
            found[name] = content
    return found


class _Walker:
    """Walks the tree, flushing inline text into a block whenever a block element starts.

    Text before a nested block belongs to the enclosing block ('two' in
    ``<li>two<ul><li>nested</li></ul></li>`` is a list item).
    """

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.buffer: list[str] = []
        self.enclosing: list[tuple[BlockKind, int]] = [("paragraph", 0)]
        self.opened: list[str] = []  # the block elements we are inside

    def flush(self) -> None:
        kind, level = self.enclosing[-1]
        self.builder.add(kind, "".join(self.buffer), level)
        self.buffer = []

    def walk(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP or not tag:
            return
        if tag == "br":
            self.buffer.append("\n")
        elif tag == "tr":
            self.flush()
            cells = [" ".join(c.text_content().split()) for c in element if c.tag in ("td", "th")]
            self.builder.add("table_row", " | ".join(c for c in cells if c))
        elif tag in _HEADINGS or tag in _BLOCKS:
            self.flush()
            heading = _HEADINGS.get(tag)
            self.opened.append(tag)
            self.enclosing.append(("heading", heading) if heading else self._look_of(tag))
            self._walk_children(element)
            self.flush()
            self.enclosing.pop()
            self.opened.pop()
        else:
            self._walk_children(element)

    def _look_of(self, tag: str) -> tuple[BlockKind, int]:
        """A block's kind and level: a list item's level is how deep its list is nested,
        a paragraph's how deep it is quoted (``models.Block.level``)."""
        if tag == "li":
            return "list_item", max(0, sum(t in _LISTS for t in self.opened) - 1)
        kind = "paragraph" if tag == "blockquote" else _BLOCKS[tag]
        quoted = sum(t == "blockquote" for t in self.opened)  # self.opened holds this one
        return kind, quoted if kind == "paragraph" else 0

    def _walk_children(self, element: etree._Element) -> None:
        if element.text:
            self.buffer.append(_fold(element.text))
        for child in element:
            self.walk(child)
            if child.tail:
                self.buffer.append(_fold(child.tail))


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text)
