"""Low-level WordprocessingML for the brief: paragraphs, shaded runs, comments, with lxml.

python-docx proxies cost tens of microseconds to milliseconds per call (a style lookup by
name walks every style); a 1 M-character brief has tens of thousands of runs and
thousands of comments, so everything whose number grows with the record is written as
elements directly, in the schema order Word requires. python-docx keeps the document
skeleton (title page, tables, the comments part) around them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import SubElement

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


def add_run(paragraph: Any, text: str, fill: str | None = None, color: str | None = None,
            underline: bool = False, italic: bool = False) -> Any:  # fmt: skip
    """Append a run to a ``w:p`` element; ``\n`` in ``text`` becomes a line break.

    ``fill`` shades the run (any #RRGGBB, via ``w:shd``), ``color`` sets the text colour.
    Elements are made with ``SubElement`` on the python-docx tree, so they take its
    namespaces and element classes (a run can then carry comment marks).
    """
    run = SubElement(paragraph, R)
    if fill or color or underline or italic:
        properties = SubElement(run, RPR)
        if italic:  # schema order inside w:rPr: i, color, u, shd
            SubElement(properties, ITALIC)
        if color:
            SubElement(properties, COLOR, {W_VAL: color.lstrip("#")})
        if underline:
            SubElement(properties, U, {W_VAL: "single"})
        if fill:
            SubElement(properties, SHD, {W_VAL: "clear", W_COLOR: "auto", W_FILL: fill.lstrip("#")})
    for number, line in enumerate(text.split("\n")):
        if number:
            SubElement(run, BR)
        if line:
            piece = SubElement(run, T, {XML_SPACE: "preserve"})
            piece.text = line
    return run


def shade_cell(cell: Any, fill: str) -> None:
    """Give a table cell a background colour."""
    properties = cell._tc.get_or_add_tcPr()
    properties.append(OxmlElement("w:shd", attrs={
        W_VAL: "clear", W_COLOR: "auto", W_FILL: fill.lstrip("#"),
    }))  # fmt: skip
