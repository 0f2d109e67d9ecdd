"""Low-level WordprocessingML for the brief: shaded runs and comment anchors, with lxml.

python-docx proxies cost tens of microseconds per run; a 1 M-character brief has tens
of thousands of runs, so the annotated text is written as elements directly (in the
schema order Word requires) and python-docx keeps the document structure around them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.comments import CT_Comments
from docx.oxml.ns import qn


def add_run(paragraph: Any, text: str, fill: str | None = None, color: str | None = None,
            underline: bool = False, italic: bool = False) -> Any:  # fmt: skip
    """Append a run to a ``w:p`` element; ``\\n`` in ``text`` becomes a line break.

    ``fill`` shades the run (any #RRGGBB, via ``w:shd``), ``color`` sets the text colour.
    """
    run = OxmlElement("w:r")
    if fill or color or underline or italic:
        properties = OxmlElement("w:rPr")
        if italic:
            properties.append(OxmlElement("w:i"))
        if color:  # schema order inside w:rPr: i, color, u, shd
            properties.append(OxmlElement("w:color", attrs={qn("w:val"): color.lstrip("#")}))
        if underline:
            properties.append(OxmlElement("w:u", attrs={qn("w:val"): "single"}))
        if fill:
            properties.append(OxmlElement("w:shd", attrs={
                qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill.lstrip("#"),
            }))  # fmt: skip
        run.append(properties)
    for number, line in enumerate(text.split("\n")):
        if number:
            run.append(OxmlElement("w:br"))
        if line:
            piece = OxmlElement("w:t")
            piece.text = line
            piece.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(piece)
    paragraph.append(run)
    return run


def shade_cell(cell: Any, fill: str) -> None:
    """Give a table cell a background colour."""
    properties = cell._tc.get_or_add_tcPr()
    properties.append(OxmlElement("w:shd", attrs={
        qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill.lstrip("#"),
    }))  # fmt: skip


def anchor_comment(first_run: Any, last_run: Any, comment_id: int) -> None:
    """Mark the runs from ``first_run`` to ``last_run`` (any paragraphs) as a comment's text."""
    first_run.insert_comment_range_start_above(comment_id)
    last_run.insert_comment_range_end_and_reference_below(comment_id)


def set_comment_date(comment: Any, when: dt.datetime) -> None:
    """Date the comment by the annotation, not by the export."""
    comment._comment_elm.date = when


@contextmanager
def fast_comment_ids() -> Iterator[None]:
    """Take the next comment id from the last comment instead of scanning all of them.

    python-docx 1.2 finds the next id with an XPath over every comment, which makes adding
    10,000 comments quadratic (220 s; shared FACTS.md). Comments here are appended in id
    order, so the last one holds the highest id.
    """
    original = CT_Comments._next_available_comment_id

    def next_id(self: CT_Comments) -> int:
        if len(self) == 0:
            return 0
        return int(self[-1].get(qn("w:id"))) + 1

    CT_Comments._next_available_comment_id = next_id  # type: ignore[method-assign]
    try:
        yield
    finally:
        CT_Comments._next_available_comment_id = original  # type: ignore[method-assign]
