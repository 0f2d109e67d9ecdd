"""HTML records: headings, paragraphs, list items and table rows, in document order.

By default the page's main content: what a browser hides is never read (hidden,
``aria-hidden``, ``display: none``; in the main content also the usual classes for it,
"hidden", "sr-only"), nor scripts and styles (in table cells either), and
the page's furniture is left out — navigation, banners, sidebars, footers, share and
cookie boxes, newsletter forms, comment threads (by their element, role, class or id),
and lists and boxes outside the article that are mostly links (menus, "most read") —
unless such an element holds 30% or more of the page's text (then it is the content,
whatever its name). ``whole_page`` keeps everything visible.

Measured on readability's 62 test pages with an expected text (``benchmarks corpus``):
boilerplate median 12.7% → 4.9% by name → 3.0% with the lists of links → 2.7% with
the usual hiding classes (1.8% counting the page's title as content, as readability
gives it apart), recall median 0.998;
readability-lxml and trafilatura lost more of the main text (7 and 12 pages below 0.9
against 1), so neither was taken.
(A first version reached 2.9% but lost whole articles in common blog layouts: their
wrapper's class named a sidebar, their title's header stood outside the article.)
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml import etree

from importers.base import ImportRefused, TextBuilder
from importers.plain import Decoded, decode, read_as
from importers.word_numbering import formatted
from models.entities import BlockKind, ImportedDocument

_SKIP = {"script", "style", "noscript", "template", "head", "nav", "svg", "iframe", "object"}
_SKIP |= {"select", "datalist"}  # a form's list of choices is not the page's text
_BLOCKS: dict[str, BlockKind] = {
    **{tag: "paragraph" for tag in ("p", "div", "section", "article", "main", "blockquote",
                                    "pre", "dd", "dt", "figcaption", "caption", "address",
                                    "header", "footer", "aside", "form", "fieldset", "table",
                                    "ul", "ol", "dl", "body", "html", "hr")},
    "li": "list_item",
}  # fmt: skip
_LISTS = ("ul", "ol")
_OL_STYLES = {
    "1": "decimal",
    "a": "lowerLetter",
    "A": "upperLetter",
    "i": "lowerRoman",
    "I": "upperRoman",
}
"""An <ol>'s type attribute, as Word names its number formats."""
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_FURNITURE_TAGS = ("nav", "aside")
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu"}
_FURNITURE_ROLES |= {"menubar", "dialog", "alert"}
_FURNITURE_NAMES = re.compile(
    r"(^|[-_ ])(nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|share|sharing|social|"
    r"cookies?|related|promo|advert|ads?|subscribe|newsletter|masthead|skip|toolbar|"
    r"comments?)([-_ ]|$)",
    re.IGNORECASE,
)
_HIDING_CLASSES = {"hidden", "hide", "d-none", "sr-only", "visually-hidden", "visuallyhidden"}
_HIDING_CLASSES |= {"screen-reader-text", "screenreader-only", "offscreen", "u-hidden"}
_CONTAINERS = {"div", "section", "aside", "ul", "ol", "form", "span", "table", "nav", "menu"}
"""Elements furniture is recognised in by their class or id (never a paragraph)."""
_CONTENT_SHARE = 0.3
"""An element holding this share of the page's text is content, whatever its name."""
_LINK_LISTS = {"ul", "ol", "div", "section", "dl", "p"}
_FEW_LINKS = 3
_LINK_DENSITY = 0.6
"""A list, table or box whose text is at least this much links, with three or more."""
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, name: str, encoding: str | None = None) -> Decoded:
    """Decode in ``encoding`` (the officer's choice), else by BOM, then the page's own
    <meta charset>, then like plain text (a guess, said as such)."""
    if encoding is not None:
        return decode(data, name, encoding)
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        try:
            label = declared.group(1).decode("ascii")
            return Decoded(data.decode(label), codecs.lookup(label).name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, name)


def import_html(
    path: Path, data: bytes, whole_page: bool = False, encoding: str | None = None
) -> ImportedDocument:
    """Read an HTML page's main content (``whole_page``: all its visible text) as
    structured blocks, in ``encoding`` if one is given."""
    decoded = decode_html(data, path.name, encoding)
    source = re.sub(r"^\s*<\?xml[^>]*\?>", "", decoded.text)
    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError) as error:
        raise ImportRefused(f"{path.name} is not a web page Marginalia can read "
                            "(it may be damaged or empty).") from error  # fmt: skip
    _prune(root, whole_page)
    builder = TextBuilder()
    _Walker(builder).walk(root)
    title = (root.findtext(".//title") or "").strip()
    if not title:
        first = root.find(".//h1")
        title = first.text_content().strip() if first is not None else ""
    metadata = {**_meta(root), **read_as(decoded)}
    return builder.build(path, "html", title=title, metadata=metadata)


def _prune(root: lxml.html.HtmlElement, whole_page: bool) -> None:
    """Take out what a browser hides and, but for ``whole_page``, the page's furniture."""
    body = root.find("body")
    total = len(_shown_text(body if body is not None else root))  # not the scripts' text
    content = set(root.iter("article", "main"))
    holding = {a for element in content for a in element.iterancestors()}
    linked = _linked(root) if not whole_page else set()
    article = content or _densest(root)
    gone: list[lxml.html.HtmlElement] = []
    inside = [root]  # elements to look into (never into one that goes)
    while inside:
        for element in inside.pop().iterchildren():
            if not isinstance(element.tag, str):
                continue
            if (
                _hidden(element)
                or (not whole_page and _hidden_by_class(element))
                or (
                    not whole_page
                    and element not in holding  # a wrapper of the article is not furniture
                    and (_furniture(element, content) or _link_list(element, linked, article))
                    and len(_shown_text(element)) < _CONTENT_SHARE * total
                )
            ):
                gone.append(element)
            else:
                inside.append(element)
    for element in gone:
        element.drop_tree()  # its tail (the text after it) stays


def _linked(root: lxml.html.HtmlElement) -> set[lxml.html.HtmlElement]:
    """Lists, tables and boxes that are mostly links (menus, "most read", "related
    stories", category and tag lists): their letters counted in one pass up the tree."""
    letters: dict[etree._Element, int] = {}
    in_links: dict[etree._Element, int] = {}
    links: dict[etree._Element, int] = {}
    found = set()
    for _, element in etree.iterwalk(root, events=("end",)):
        if not isinstance(element.tag, str) or element.tag in _SKIP:
            letters[element] = in_links[element] = links[element] = 0
            continue
        own = _letters(element.text)
        kids = [c for c in element if c in letters]
        total = own + sum(letters[c] + _letters(c.tail) for c in kids)
        letters[element] = total
        in_links[element] = total if element.tag == "a" else sum(in_links[c] for c in kids)
        links[element] = (element.tag == "a") + sum(links[c] for c in kids)
        if (
            element.tag in _LINK_LISTS
            and links[element] >= _FEW_LINKS
            and in_links[element] >= _LINK_DENSITY * total
        ):
            found.add(element)
    return found


def _densest(root: lxml.html.HtmlElement) -> set[lxml.html.HtmlElement]:
    """Where a page without <article> or <main> has its article: the element whose own
    paragraphs hold the most text (Wikipedia's content division)."""
    held: dict[lxml.html.HtmlElement, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            held[parent] = held.get(parent, 0) + len(paragraph.text_content())
    return {max(held, key=held.__getitem__)} if held else set()


def _link_list(
    element: lxml.html.HtmlElement,
    linked: set[lxml.html.HtmlElement],
    content: set[lxml.html.HtmlElement],
) -> bool:
    """Mostly links, and outside the article (a changelog's list of bugs, each a link,
    an encyclopedia's external links, are the article's text)."""
    return element in linked and not any(a in content for a in element.iterancestors())


def _letters(text: str | None) -> int:
    if not text:
        return 0
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t")


def _hidden_by_class(element: lxml.html.HtmlElement) -> bool:
    """Hidden by a stylesheet's usual class for it ("hidden", "sr-only": text only a
    screen reader speaks). Only for the main content: a page's script may show it."""
    return not _HIDING_CLASSES.isdisjoint((element.get("class") or "").lower().split())


def _hidden(element: lxml.html.HtmlElement) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )


def _furniture(element: lxml.html.HtmlElement, content: set[lxml.html.HtmlElement]) -> bool:
    """Navigation, banners, sidebars, footers…: by element, role, class or id. A header
    or footer inside an article (its title, its byline) is content."""
    if element.tag in ("body", "html", "main", "article"):
        return False
    if element.tag in _FURNITURE_TAGS or element.get("role", "").lower() in _FURNITURE_ROLES:
        return True
    if element.tag in ("header", "footer"):
        inside = any(a in content for a in element.iterancestors())
        titled = element.find(".//h1") is not None or element.find(".//h2") is not None
        return not inside and not (element.tag == "header" and titled)
    if element.tag not in _CONTAINERS:
        return False  # a paragraph or heading named "share-of-migrants" is text
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return _FURNITURE_NAMES.search(names) is not None


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
        self.counts: list[tuple[int, str] | None] = []  # each open list's last number
        """(number, type) for an <ol>, None for a <ul>: an item of a numbered list gets
        the number a browser shows before it, written into the text (as Word's are)."""

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
            cells = [" ".join(_shown_text(c).split()) for c in element if c.tag in ("td", "th")]
            self.builder.add("table_row", " | ".join(c for c in cells if c))
        elif tag in _HEADINGS or tag in _BLOCKS:
            self.flush()
            heading = _HEADINGS.get(tag)
            self.opened.append(tag)
            self.enclosing.append(("heading", heading) if heading else self._look_of(tag))
            if tag in _LISTS:
                self.counts.append(_first_number(element) if tag == "ol" else None)
            elif tag == "li":
                self._label(element)
            self._walk_children(element)
            self.flush()
            if tag in _LISTS:
                self.counts.pop()
            self.enclosing.pop()
            self.opened.pop()
        else:
            self._walk_children(element)

    def _label(self, item: etree._Element) -> None:
        """Start a numbered list's item with its number ("3.", "c.", "iv.")."""
        if not self.counts or self.counts[-1] is None:
            return
        number, style = self.counts[-1]
        value = str(item.get("value", "")).strip()
        number = int(value) if value.isdigit() else number + 1
        self.counts[-1] = (number, style)
        self.buffer.append(f"{formatted(number, _OL_STYLES.get(style, 'decimal'))}. ")

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


def _shown_text(element: etree._Element) -> str:
    """An element's text without its scripts, styles and the like (a table cell's)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _SKIP:
            parts.append(_shown_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _first_number(ol: etree._Element) -> tuple[int, str]:
    """The number before an <ol>'s first item (its start, less one) and its type."""
    start = str(ol.get("start", "")).strip()
    return (int(start) - 1 if start.lstrip("-").isdigit() else 0), str(ol.get("type", "1"))


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text)
