"""Low-level WordprocessingML for the brief: paragraphs, shaded runs, comments, with lxml.

python-docx proxies cost tens of microseconds to milliseconds per call (a style lookup by
name walks every style); a 1 M-character brief has tens of thousands of runs and
thousands of comments, so everything whose number grows with the record is written as
elements directly, in the schema order Word requires. python-docx keeps the document
skeleton (title page, tables, the comments part) around them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import SubElement

from exporters.scripts import EMOJI_FONT, east_asian_language, emoji_pieces
from exporters.scripts import FONTS as EAST_ASIAN_FONTS

W_VAL, W_ID, W_FILL, W_COLOR = qn("w:val"), qn("w:id"), qn("w:fill"), qn("w:color")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class WordWriter:
    """Appends paragraphs and comments to a python-docx ``Document`` quickly."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self._end = document.element.body.sectPr  # paragraphs go before the section
        self._styles = {style.name: style.style_id for style in document.styles}
        self._comments: Any = None
        self._next_comment = 0

    def paragraph(self, style: str | None = None, indent_cm: float = 0) -> Any:
        """A new empty ``w:p`` at the end of the body, with a style given by name, indented
        ``indent_cm`` from the left."""
        p = OxmlElement("w:p")
        if style or indent_cm:
            properties = OxmlElement("w:pPr")
            if style:
                properties.append(OxmlElement("w:pStyle", attrs={W_VAL: self._styles[style]}))
            if indent_cm:  # in twentieths of a point
                twips = str(round(indent_cm / 2.54 * 1440))
                properties.append(OxmlElement("w:ind", attrs={qn("w:left"): twips}))
            p.append(properties)
        if self._end is not None:
            self._end.addprevious(p)
        else:
            self.document.element.body.append(p)
        return p

    def heading(self, text: str, level: int) -> Any:
        """A heading at the end of the body, as ``Document.add_heading`` makes it, without
        its search of the whole body for the section mark (quadratic over a long brief)."""
        return add_run(self.paragraph(f"Heading {level}"), text)

    def page_break(self) -> Any:
        """A paragraph holding a page break, at the end of the body."""
        run = SubElement(self.paragraph(), R)
        SubElement(run, BR, attrib={qn("w:type"): "page"})
        return run

    def comment(self, first_run: Any, last_run: Any, lines: list[str], author: str,
                initials: str, when: dt.datetime) -> int:  # fmt: skip
        """A Word comment holding ``lines``, anchored from ``first_run`` to ``last_run``
        (which may lie in different paragraphs); returns its id."""
        if self._comments is None:
            self._comments = self.document.comments._comments_elm
            ids = [int(c.get(W_ID)) for c in self._comments]
            self._next_comment = max(ids, default=-1) + 1
        number, self._next_comment = self._next_comment, self._next_comment + 1
        comment = OxmlElement("w:comment", attrs={
            W_ID: str(number), qn("w:author"): author, qn("w:initials"): initials,
            qn("w:date"): when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        })  # fmt: skip
        for index, line in enumerate(lines):
            p = OxmlElement("w:p")
            properties = OxmlElement("w:pPr")
            properties.append(OxmlElement("w:pStyle", attrs={W_VAL: "CommentText"}))
            p.append(properties)
            if index == 0:
                mark = OxmlElement("w:r")
                mark.append(_run_style("CommentReference"))
                mark.append(OxmlElement("w:annotationRef"))
                p.append(mark)
            add_run(p, line)
            comment.append(p)
        self._comments.append(comment)
        first_run.insert_comment_range_start_above(number)
        last_run.insert_comment_range_end_and_reference_below(number)
        return number


def _run_style(style_id: str) -> Any:
    properties = OxmlElement("w:rPr")
    properties.append(OxmlElement("w:rStyle", attrs={W_VAL: style_id}))
    return properties


R, RPR, T, BR = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:br")
ITALIC, COLOR, U, SHD = qn("w:i"), qn("w:color"), qn("w:u"), qn("w:shd")
FONTS, LANG = qn("w:rFonts"), qn("w:lang")
SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
"""A run's font slots (Latin, other Latin, complex scripts, East Asian)."""


@dataclass(frozen=True)
class Look:
    """How a run looks: shading (any #RRGGBB), text colour, underline, italics, and the
    East Asian language of the record it quotes (for its Chinese characters)."""

    fill: str | None = None
    color: str | None = None
    underline: bool = False
    italic: bool = False
    language: str = "zh-CN"


def add_run(paragraph: Any, text: str, fill: str | None = None, color: str | None = None,
            underline: bool = False, italic: bool = False) -> Any:  # fmt: skip
    """Append runs to a ``w:p`` element (``\n`` in ``text`` becomes a line break) and
    return the first: see ``add_runs``."""
    return add_runs(paragraph, text, Look(fill, color, underline, italic))[0]


def add_runs(paragraph: Any, text: str, look: Look = Look()) -> tuple[Any, Any]:
    """Append ``text`` to a ``w:p`` element as runs that all look alike, one for each
    stretch of emoji and one for the text between (each names its fonts: see
    ``exporters.scripts``); return the first and the last run.

    Elements are made with ``SubElement`` on the python-docx tree, so they take its
    namespaces and element classes (a run can then carry comment marks).
    """
    runs = [_run(paragraph, piece, look, emoji) for piece, emoji in emoji_pieces(text)]
    return runs[0], runs[-1]


def _run(paragraph: Any, text: str, look: Look, emoji: bool) -> Any:
    run = SubElement(paragraph, R)
    language = None if emoji else east_asian_language(text, look.language)
    if emoji or language or look != Look(language=look.language):
        properties = SubElement(run, RPR)
        if emoji:  # schema order inside w:rPr: rFonts, i, color, u, shd, lang
            SubElement(properties, FONTS, {qn(f"w:{a}"): EMOJI_FONT for a in SLOTS})
        elif language:
            names = {qn("w:eastAsia"): EAST_ASIAN_FONTS[language], qn("w:hint"): "eastAsia"}
            SubElement(properties, FONTS, names)
        if look.italic:
            SubElement(properties, ITALIC)
        if look.color:
            SubElement(properties, COLOR, {W_VAL: look.color.lstrip("#")})
        if look.underline:
            SubElement(properties, U, {W_VAL: "single"})
        if look.fill:
            shading = {W_VAL: "clear", W_COLOR: "auto", W_FILL: look.fill.lstrip("#")}
            SubElement(properties, SHD, shading)
        if language:
            SubElement(properties, LANG, {qn("w:eastAsia"): language})
    for number, line in enumerate(text.split("\n")):
        if number:
            SubElement(run, BR)
        if line:
            piece = SubElement(run, T, {XML_SPACE: "preserve"})
            piece.text = line
    return run


def set_space_before(paragraph: Any, points: float) -> None:
    """Space above a ``w:p`` (its ``w:spacing``, after its style and before its indent,
    as the schema orders them)."""
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    spacing = OxmlElement("w:spacing", attrs={qn("w:before"): str(round(points * 20))})
    indent = properties.find(qn("w:ind"))
    if indent is not None:
        indent.addprevious(spacing)
    else:
        properties.append(spacing)


def superscript(text: str, right_to_left: bool = False) -> Any:
    """A run (not yet placed) of small raised grey text: a tag's mark after a passage
    (``right_to_left``: after an Arabic or Hebrew one, so it follows it in its own
    direction rather than standing between it and the text before)."""
    run = OxmlElement("w:r")
    properties = SubElement(run, RPR)
    SubElement(properties, COLOR, {W_VAL: "595959"})  # schema order: color, vertAlign, rtl
    SubElement(properties, qn("w:vertAlign"), {W_VAL: "superscript"})
    if right_to_left:
        SubElement(properties, qn("w:rtl"))
    SubElement(run, T).text = text
    return run


def shade_cell(cell: Any, fill: str) -> None:
    """Give a table cell a background colour."""
    properties = cell._tc.get_or_add_tcPr()
    properties.append(OxmlElement("w:shd", attrs={
        W_VAL: "clear", W_COLOR: "auto", W_FILL: fill.lstrip("#"),
    }))  # fmt: skip
