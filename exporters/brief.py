"""The annotated Word brief: what a policy officer hands to a director.

Title page (record, metadata, who annotated, date, tag legend), a summary table by tag,
the record's text with every passage shaded in its tag colours and each annotation a
real Word comment anchored to exactly its passage, and an appendix of passages by tag.
"""

from __future__ import annotations

import datetime as dt
import locale
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import docx
import docx.shared
from docx.enum.text import WD_BREAK

from exporters.files import ExportCancelled, ExportFailed, Progress, atomic_path
from exporters.scripts import ends_right_to_left, record_language
from exporters.wordml import (
    Look,
    WordWriter,
    add_run,
    add_runs,
    set_space_before,
    shade_cell,
    superscript,
)
from models.agreement import Coded, compare
from models.entities import Annotation, Block, Document, Tag
from models.palette import close_colors, highlight_color, text_color_on
from models.paragraphs import blocks_of, cited_paragraphs, label_at, starts_with_label
from models.selection import ExportSet
from models.store import initials_of

HEADING_STYLES = {"heading", "title"}
LIST_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
TABLE_GAP_PT = 8
"""Space before the paragraph that follows a table (Word's own tables have none)."""
QUOTE_STYLE = "Quote"
AGREEMENT_WIDTHS = [3.2, 2.3, 1.5, 1.8, 1.8, 1.4, 2.0, 2.0]
"""The agreement table's columns, in centimetres (16 in all: words do not break)."""
AGREEMENT_EXPLAINED = (
    "Agreement and Cohen's kappa are counted over characters: each character of the "
    "record is marked with a tag, or not, by each reader; kappa corrects the agreement "
    "for chance (— where it is undefined). A passage agrees when one of the other "
    "reader's covers at least half of it."
)


@dataclass(frozen=True)
class BriefOptions:
    """What the brief contains."""

    excerpts_only: bool = False
    """Leave out the full text: title page, summary and appendix only."""
    include_notes: bool = True
    title: str = ""
    page_size: str = "auto"
    """"A4", "Letter", or "auto": Letter where the officer's locale is in North America
    (US, Canada, Mexico), A4 everywhere else."""
    exported_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    progress: Progress | None = None
    """Called with (done, total) as paragraphs are written; returning False cancels."""
    compare: tuple[str, str] | None = None
    """Two authors whose readings the brief compares, record by record (after the
    summary): agreement and kappa per tag (``models.agreement``)."""


def write_brief(export: ExportSet, out: str | Path, options: BriefOptions | None = None) -> Path:
    """Write the brief as .docx (atomically: no partial file on failure)."""
    options = options or BriefOptions()
    brief = _Brief(export, options)
    with atomic_path(out) as temporary:
        brief.document.save(str(temporary))
    return Path(out)


PAGE_SIZES = {"A4": (21.0, 29.7), "Letter": (21.59, 27.94)}
"""Width and height in centimetres."""
LETTER_TERRITORIES = {"US", "CA", "MX"}
WINDOWS_TERRITORIES = {"United States": "US", "Canada": "CA", "Mexico": "MX"}
"""Windows names its locales' territories in full; only these matter for paper."""


def page_size_for(choice: str, territory: str | None = None) -> str:
    """The paper the brief is laid out on: ``choice`` if it names one ("a4", "letter",
    any case), else by the locale's territory (``territory``, or this computer's)."""
    named = {name.lower(): name for name in PAGE_SIZES}
    if choice.lower() in named:
        return named[choice.lower()]
    if territory is None:
        territory = locale_territory()
    return "Letter" if territory.upper() in LETTER_TERRITORIES else "A4"


def locale_territory() -> str:
    """This computer's territory for paper ("US", "FR"; "" when the locale names none,
    as "C" does): from LC_ALL, LC_PAPER or LANG, else the C library's own setting
    ("English_United States.1252" on Windows). Not ``locale.getlocale``, which reports
    the "C.UTF-8" locale of servers and containers as en_US."""
    name = next((os.environ[v] for v in ("LC_ALL", "LC_PAPER", "LANG") if os.environ.get(v)), "")
    name = name or locale.setlocale(locale.LC_CTYPE)
    place = name.partition("_")[2].split(".")[0].split("@")[0]
    return WINDOWS_TERRITORIES.get(place, place if len(place) == 2 else "")


def _set_widths(table: Any, centimetres: list[float]) -> None:
    """Fixed column widths (Word and LibreOffice read them from every cell)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, centimetres, strict=True):
        column.w = docx.shared.Cm(width)  # LibreOffice lays the table out from the grid
    for row in table.rows:
        for cell, width in zip(row.cells, centimetres, strict=True):
            cell.width = docx.shared.Cm(width)


CELL_SEPARATOR = " | "
"""How the importers join a table row's cells in the stored text."""


def _cell_spans(text: str, block: Block) -> list[tuple[int, int]]:
    """Where each cell of a table row lies in the text (without the separators)."""
    spans, start = [], block.start
    while (found := text.find(CELL_SEPARATOR, start, block.end)) != -1:
        spans.append((start, found))
        start = found + len(CELL_SEPARATOR)
    spans.append((start, block.end))
    return spans


def _table_widths(text: str, blocks: Sequence[Block]) -> dict[int, int]:
    """For the first row of each run of table rows (by block number), the number of
    columns its table needs."""
    widths: dict[int, int] = {}
    first = None
    for number, block in enumerate(blocks):
        if block.kind != "table_row":
            first = None
            continue
        first = number if first is None else first
        widths[first] = max(widths.get(first, 0), len(_cell_spans(text, block)))
    return widths


def _cells(cells: Sequence[Any], spans: list[tuple[int, int]]) -> list[tuple[Any, int, int]]:
    """Each cell's paragraph with the text span it shows (a row with fewer cells than
    its table leaves the last ones empty)."""
    return [
        (cell.paragraphs[0]._p, start, end)
        for cell, (start, end) in zip(cells, spans, strict=False)
    ]


def _short_names(first: str, second: str) -> tuple[str, str]:
    """Two readers' initials for narrow columns (their names when initials clash)."""
    a, b = initials_of(first) or first, initials_of(second) or second
    return (a, b) if a != b else (first, second)


def legend_marks(tags: Sequence[Tag], untagged: bool) -> dict[str, str]:
    """Each tag's number in the legend ("1", "2", …) when two of ``tags`` (or a tag and
    the grey of passages without one) look alike on the page; else none are needed."""
    shades = [highlight_color([t.color]) for t in tags] + (
        [highlight_color([])] if untagged else []
    )
    alike = any(close_colors(a, b) for n, a in enumerate(shades) for b in shades[n + 1 :])
    return {tag.id: str(n) for n, tag in enumerate(tags, start=1)} if alike else {}


def _opens_with(document: Document, title: str) -> bool:
    """Whether the record's text starts with a heading reading ``title``."""
    blocks = document.blocks
    if not blocks or blocks[0].kind != "heading":
        return False
    first = document.text[blocks[0].start : blocks[0].end]
    return " ".join(first.split()).casefold() == " ".join(title.split()).casefold()


class _Brief:
    def __init__(self, export: ExportSet, options: BriefOptions) -> None:
        self.export, self.options = export, options
        self.tags = export.tag_map()
        self.document: Any = docx.Document()
        self._language = "zh-CN"  # of the record being written (its Chinese characters)
        self._marks: dict[str, str] = {}  # tag id -> its number in the legend, if needed
        self._heading_shift = 2  # Word heading level of the record's own level-0 heading
        self.document.core_properties.title = self._title()
        self.document.core_properties.author = ", ".join(export.authors())
        self.word = WordWriter(self.document)
        self._set_page(page_size_for(options.page_size))
        self._title_page()
        self._summary()
        if options.compare:
            self._comparison(*options.compare)
        if not options.excerpts_only:
            self._annotated_text()
        self._appendix()

    def _title(self) -> str:
        if self.options.title:
            return self.options.title
        if len(self.export.documents) == 1:
            return self.export.documents[0].title
        return f"Annotated brief: {len(self.export.documents)} records"

    def _set_page(self, size: str) -> None:
        width, height = PAGE_SIZES[size]
        section = self.document.sections[0]
        section.page_width, section.page_height = docx.shared.Cm(width), docx.shared.Cm(height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, docx.shared.Cm(2.5))

    # -- title page and summary ------------------------------------------------------------

    def _title_page(self) -> None:
        d = self.document
        d.add_heading(self._title(), 0)
        rows = [("Records", "; ".join(doc.title for doc in self.export.documents))]
        if len(self.export.documents) == 1:
            meta = self.export.documents[0].metadata
            rows += [(k.replace("_", " ").capitalize(), str(v)) for k, v in meta.items() if v]
            rows.append(("Source file", self.export.documents[0].source_name))
        rows += [
            ("Annotated by", ", ".join(self.export.authors()) or "—"),
            ("Passages", str(len(self.export.annotations))),
            ("Exported", self.options.exported_at.strftime("%d %B %Y, %H:%M UTC")),
        ]
        _set_widths(self._table(["", ""], rows), [4, 12])
        used = self.export.used_tags()
        self._marks = legend_marks(used, self._has_untagged())
        if used:
            d.add_heading("Tags", 1)
            if self._marks:
                d.add_paragraph(
                    "Some tags share a colour here: each passage is followed by the "
                    "numbers of its tags, as this legend gives them."
                )
            table = d.add_table(rows=0, cols=3)
            table.style = "Table Grid"
            for tag in used:
                cells = table.add_row().cells
                shade_cell(cells[0], highlight_color([tag.color]))
                cells[0].text = self._marks.get(tag.id, "")
                cells[1].text = tag.path
                cells[2].text = str(sum(tag.id in a.tag_ids for a in self.export.annotations))
            if self._has_untagged():
                cells = table.add_row().cells
                shade_cell(cells[0], highlight_color([]))
                cells[1].text = "(no tag)"
                cells[2].text = str(sum(not self._tags_of(a) for a in self.export.annotations))
            _set_widths(table, [1, 12, 3])

    def _summary(self) -> None:
        """On the title page (a page of its own was nearly empty)."""
        self.document.add_heading("Summary by tag", 1)
        rows = []
        for tag in self.export.used_tags():
            carrying = [a for a in self.export.annotations if tag.id in a.tag_ids]
            rows.append((tag.path, str(len(carrying)), str(len({a.document_id for a in carrying}))))
        untagged = [a for a in self.export.annotations if not self._tags_of(a)]
        if untagged:  # (``_has_untagged``)
            rows.append(("(no tag)", str(len(untagged)),
                         str(len({a.document_id for a in untagged}))))  # fmt: skip
        if rows:
            _set_widths(self._table(["Tag", "Passages", "Documents"], rows), [10, 3, 3])
        else:
            self.document.add_paragraph("No passage is annotated in this selection.")

    def _comparison(self, first: str, second: str) -> None:
        """How far two authors' readings agree, a table per record."""
        readers = self.export.authors()
        for who in (first, second):
            if who not in readers:
                raise ExportFailed(
                    f"No passage in this export is by “{who}”: the brief can "
                    f"compare only {', '.join(readers) or 'no one'}."
                )
        self.document.add_heading(f"How far {first} and {second} agree", 1)
        a, b = _short_names(first, second)
        self.document.add_paragraph(f"{AGREEMENT_EXPLAINED} {a}: {first}; {b}: {second}.")
        coded: dict[tuple[str, str], list[Coded]] = {}  # (record, reader) -> passages
        for annotation in self.export.annotations:
            if annotation.author in (first, second):
                tags = frozenset(self._tags_of(annotation))
                passage = Coded(annotation.start, annotation.end, tags, annotation.id)
                coded.setdefault((annotation.document_id, annotation.author), []).append(passage)
        paths = [(t.id, t.path) for t in self.export.used_tags()]
        header = ["Tag", "Agreement", "Kappa", f"Chars {a}", f"Chars {b}", "Both"]
        header += [f"Agreed {a}", f"Agreed {b}"]
        for document in self.export.documents:
            mine, theirs = coded.get((document.id, first), []), coded.get((document.id, second), [])
            used = {t for c in mine + theirs for t in c.tags}
            result = compare(len(document.text), mine, theirs, [p for p in paths if p[0] in used])
            if len(self.export.documents) > 1:
                self.document.add_heading(document.title, 2)
            if not mine and not theirs:
                self.document.add_paragraph(f"Neither {first} nor {second} marked this record.")
                continue
            rows = [r.cells() for r in result.tags]
            _set_widths(self._table(header, rows), AGREEMENT_WIDTHS)

    def _has_untagged(self) -> bool:
        return any(not self._tags_of(a) for a in self.export.annotations)

    def _table(self, columns: list[str], rows: Sequence[Sequence[str]]) -> Any:
        """A grid table; a header row in bold when ``columns`` has any text."""
        table = self.document.add_table(rows=0, cols=len(columns))
        table.style = "Table Grid"
        if any(columns):
            cells = table.add_row().cells
            for cell, text in zip(cells, columns, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
        return table

    # -- the annotated text ---------------------------------------------------------------

    def _annotated_text(self) -> None:
        by_document: dict[str, list[Annotation]] = {}
        for annotation in self.export.annotations:
            by_document.setdefault(annotation.document_id, []).append(annotation)
        single = len(self.export.documents) == 1
        for document in self.export.documents:
            self.word.page_break()
            self._heading_shift = 2  # the record's title under the Heading 1 written here
            if single:  # the title page named it already
                self.word.heading("Annotated text", 1)
            elif not _opens_with(document, document.title):
                self.word.heading(document.title, 1)
            else:  # its own title shows: as Heading 1, as other records' titles are
                self._heading_shift = 1 - document.blocks[0].level
            self._write_text(document, by_document.get(document.id, []))

    def _write_text(self, document: Document, annotations: list[Annotation]) -> None:
        first_run: dict[str, Any] = {}
        last_run: dict[str, Any] = {}
        self._language = record_language(document.text)
        pending = sorted(annotations, key=lambda a: (a.start, a.end))
        active: list[Annotation] = []
        text = document.text
        blocks = blocks_of(document)
        tables = _table_widths(text, blocks)
        table: Any = None
        for number, block in enumerate(blocks):
            if number % 200 == 0:
                self._report(number, len(blocks))
            if block.kind == "table_row":  # the record's table, as a Word table
                table = table if number not in tables else self._grid(tables[number])
                places = _cells(table.add_row().cells, _cell_spans(text, block))
            else:
                paragraph = self._paragraph_for(block, text)
                if table is not None:  # the first paragraph after a table stands off it
                    set_space_before(paragraph, TABLE_GAP_PT)
                    table = None
                places = [(paragraph, block.start, block.end)]
            for paragraph, start, end in places:
                active = [a for a in active if a.end > start]
                while pending and pending[0].start < end:
                    active.append(pending.pop(0))
                inside = [a for a in active if a.start < end]
                edges = sorted(
                    {start, end}
                    | {max(start, min(end, e)) for a in inside for e in (a.start, a.end)}
                )
                for left, right in pairwise(edges):
                    covering = [a for a in inside if a.start <= left and a.end >= right]
                    first, last = self._segment(paragraph, text[left:right], covering)
                    for annotation in covering:
                        first_run.setdefault(annotation.id, first)
                        last_run[annotation.id] = last
        shown = [a for a in annotations if a.id in first_run]
        ending: dict[int, tuple[Any, list[Annotation]]] = {}  # passages by their last run
        for annotation in shown:
            last = last_run[annotation.id]
            ending.setdefault(id(last), (last, []))[1].append(annotation)
        for last, ended in ending.values():  # first: the marks stand outside the comments
            self._mark(ended, last)
        for annotation in shown:
            self._comment(annotation, first_run[annotation.id], last_run[annotation.id])

    def _grid(self, columns: int) -> Any:
        table = self.document.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        return table

    def _report(self, done: int, total: int) -> None:
        if self.options.progress is not None and self.options.progress(done, total) is False:
            raise ExportCancelled("The export was cancelled; no file was written.")

    def _paragraph_for(self, block: Block, text: str) -> Any:
        if block.kind in HEADING_STYLES:
            return self.word.paragraph(
                f"Heading {min(9, max(1, block.level + self._heading_shift))}"
            )
        if block.kind == "paragraph" and block.level:  # a quotation
            return self.word.paragraph(QUOTE_STYLE)
        if block.kind != "list_item":
            return self.word.paragraph()
        if not starts_with_label(text, block):  # Word's bullet, one style a level
            return self.word.paragraph(LIST_STYLES[min(block.level, len(LIST_STYLES) - 1)])
        return self.word.paragraph(indent_cm=0.75 * (block.level + 1))  # its own label

    def _segment(self, paragraph: Any, text: str, covering: list[Annotation]) -> tuple[Any, Any]:
        """Runs of the record's text; shaded as the reader shows it where passages cover
        it: the innermost passage's first tag, never a blend."""
        if not covering:
            return add_runs(paragraph, text, Look(language=self._language))
        top = min(covering, key=lambda a: (a.end - a.start, -a.start, a.id))
        tags = sorted((self.tags[t] for t in self._tags_of(top)), key=lambda t: t.path)
        fill = highlight_color([tags[0].color] if tags else [])
        look = Look(fill, text_color_on(fill), len(covering) > 1, language=self._language)
        return add_runs(paragraph, text, look)

    def _mark(self, ended: list[Annotation], last: Any) -> None:
        """After the passages ending at one run, their tags' numbers from the legend
        (when colours repeat), once each, in order: "2,5"."""
        marks = {self._marks[t] for a in ended for t in self._tags_of(a) if t in self._marks}
        if marks:
            rtl = ends_right_to_left(ended[0].quote)
            last.addnext(superscript(",".join(sorted(marks, key=int)), rtl))

    def _comment(self, annotation: Annotation, first: Any, last: Any) -> None:
        lines = [", ".join(self.tags[t].path for t in self._tags_of(annotation)) or "(no tag)"]
        if self.options.include_notes and annotation.note:
            lines.append(annotation.note)
        when = dt.datetime.fromtimestamp(annotation.modified / 1000, dt.UTC)
        lines.append(f"— {annotation.author or 'Unknown author'}, {when:%d %b %Y}")
        author = annotation.author or "Unknown author"
        self.word.comment(first, last, lines, author, initials_of(annotation.author), when)

    # -- the appendix --------------------------------------------------------------------

    def _appendix(self) -> None:
        d = self.document
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        d.add_heading("Passages by tag", 1)
        self._titles = {doc.id: doc.title for doc in self.export.documents}
        self._cited = {d.id: cited_paragraphs(d.text, blocks_of(d)) for d in self.export.documents}
        self._languages = {d.id: record_language(d.text) for d in self.export.documents}
        groups: list[tuple[str, Tag | None]] = [(t.path, t) for t in self.export.used_tags()]
        if any(not self._tags_of(a) for a in self.export.annotations):
            groups.append(("(no tag)", None))
        for label, tag in groups:
            self.word.heading(label, 2)
            for annotation in self.export.annotations:
                if (tag.id in annotation.tag_ids) if tag else not self._tags_of(annotation):
                    self._excerpt(annotation, tag)

    def _excerpt(self, annotation: Annotation, tag: Tag | None) -> None:
        fill = highlight_color([tag.color] if tag else [])
        language = self._languages[annotation.document_id]
        look = Look(fill, text_color_on(fill), language=language)
        add_runs(self.word.paragraph(QUOTE_STYLE), annotation.quote, look)
        if self.options.include_notes and annotation.note:
            add_run(self.word.paragraph(), annotation.note)
        when = dt.datetime.fromtimestamp(annotation.modified / 1000, dt.UTC)
        cited = self._cited[annotation.document_id]
        label = label_at(cited, annotation.start)
        last = label_at(cited, annotation.end - 1)
        if label and last and last != label:  # a passage over several paragraphs
            label = f"{label}–{last}"
        source = self._titles[annotation.document_id] + (f", ¶ {label}" if label else "")
        add_run(
            self.word.paragraph(),
            f"{annotation.author or 'Unknown author'} · {when:%d %b %Y} · {source}",
            italic=True,
        )

    def _tags_of(self, annotation: Annotation) -> list[str]:
        return [t for t in annotation.tag_ids if t in self.tags]
