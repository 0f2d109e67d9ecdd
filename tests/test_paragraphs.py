"""Paragraphs as an officer cites them: the record's own numbers, else counted body
paragraphs, never headings; Word's automatic numbers survive import, reader and brief."""

from __future__ import annotations

from pathlib import Path

import docx

from exporters.brief import write_brief
from importers import import_file
from models import ImportedDocument, Library
from models.entities import Block
from models.paragraphs import cited_paragraphs, label_at

from records import LONG_ITEM, NUMBERED, QUOTED, TABLE, write_numbered_docx, write_structured_docx

UN_RECORD = (
    "Summary record\n\n"
    "1. The Board met on 3 May.\n\n"
    "2. The Chair recalled three points:\n\n"
    "(a) migration;\n\n"
    "(b) refugees.\n\n"
    "The Chair added a remark.\n\n"
    "3. The Board agreed."
)


def blocks(text: str, headings: int = 0) -> list[Block]:
    """Blank-line blocks, the first ``headings`` of them headings."""
    found, start = [], 0
    for n, part in enumerate(text.split("\n\n")):
        found.append(Block("heading" if n < headings else "paragraph", start, start + len(part)))
        start += len(part) + 2
    return found


def labels(text: str, headings: int = 0) -> list[str]:
    return [c.label for c in cited_paragraphs(text, blocks(text, headings))]


def test_a_record_that_numbers_its_paragraphs_is_cited_by_its_own_numbers() -> None:
    assert labels(UN_RECORD, headings=1) == ["", "1", "2", "2 (a)", "2 (b)", "2", "3"]
    cited = cited_paragraphs(UN_RECORD, blocks(UN_RECORD, 1))
    assert label_at(cited, UN_RECORD.index("refugees")) == "2 (b)"
    assert label_at(cited, UN_RECORD.index("\n\n3.")) == "2"  # in the gap: the block before


def test_an_unnumbered_record_counts_body_paragraphs_never_headings() -> None:
    text = "Title\n\nIntroduction\n\nFirst point.\n\nSecond point, 2. in prose.\n\nThird."
    assert labels(text, headings=2) == ["", "", "1", "2", "3"]
    stray = "I. Section\n\nIn 2. cases the Board agreed.\n\nIt met 3. times."
    assert labels(stray) == ["1", "2", "3"]  # two rising numbers mid-prose are not numbering
    backwards = "5. Five.\n\n1. One."
    assert labels(backwards) == ["1", "2"]
    two_lists = "Intro\n\n1. One.\n\n2. Two.\n\n1. Again one.\n\n2. Two.\n\n3. Three."
    assert labels(two_lists) == ["", "1", "2", "1", "2", "3"]  # as printed, never contradicted
    under_heading = "1. One.\n\n2. Two.\n\nAnnex\n\nA plain paragraph."
    assert labels(under_heading, headings=0)[-1] == "2"  # a continuation of 2 ...
    cited = cited_paragraphs(
        under_heading,
        [*blocks(under_heading)[:2], Block("heading", 17, 22), blocks(under_heading)[3]],
    )
    assert [c.label for c in cited] == ["1", "2", "", ""]  # ... unless a heading comes first


def test_word_automatic_numbers_are_imported_as_word_shows_them(tmp_path: Path) -> None:
    """Compared by hand with LibreOffice's rendering of the same file (same labels)."""
    document = import_file(write_numbered_docx(tmp_path / "numbered.docx"))
    shown = [document.text[b.start : b.end] for b in document.blocks if b.kind == "list_item"]
    assert shown == [
        "1. The Board noted the report.",
        "(a) On migration;",
        "(b) On refugees;",
        "(i) in 2026;",
        "(ii) in 2027.",
        "(c) On development.",
        "2. The Board agreed to report back.",
        "5. A list that starts again at 5.",
        "6. And goes on.",
    ]
    levels = [b.level for b in document.blocks if b.kind == "list_item"]
    assert levels == [level for level, _ in NUMBERED if level is not None]
    cited = cited_paragraphs(document.text, document.blocks)
    assert [c.label for c in cited] == [
        "",
        "1",
        "1 (a)",
        "1 (b)",
        "1 (b) (i)",
        "1 (b) (ii)",
        "1 (c)",
        "2",
        "",
        "5",
        "6",
        "6",
    ]


def test_the_brief_cites_the_records_own_numbers_and_keeps_its_labels(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "n.db", author="Officer")
    numbered = library.import_document(import_file(write_numbered_docx(tmp_path / "n.docx")))
    plain = library.import_document(
        ImportedDocument(
            "Plain",
            "Heading\n\nFirst.\n\nSecond point.",
            "p.txt",
            "txt",
            blocks=(Block("heading", 0, 7), Block("paragraph", 9, 15), Block("paragraph", 17, 30)),
        )
    )
    text = library.document(numbered.id).text
    refugees = text.index("refugees")
    library.annotate_tagged(numbered.id, refugees, refugees + 8, ["Risks"], "")
    library.annotate_tagged(plain.id, 17, 23, ["Risks"], "")
    brief = docx.Document(str(write_brief(library.export_set(), tmp_path / "brief.docx")))
    references = [p.text for p in brief.paragraphs if " · " in p.text]
    assert any(r.endswith("Numbered record, ¶ 1 (b)") for r in references), references
    assert any(r.endswith("Plain, ¶ 2") for r in references), references  # not ¶ 3
    items = [p for p in brief.paragraphs if p.text.startswith(("(b) On refugees", "2. The"))]
    assert len(items) == 2 and all(p.style.name != "List Bullet" for p in items)
    assert all(p.paragraph_format.left_indent for p in items)
    library.close()


def test_a_structured_word_record_keeps_its_structure_in_the_brief(tmp_path: Path) -> None:
    """Numbered items keep their labels, bullets their levels, the quotation Word's Quote
    style and the table is a Word table with the record's cells."""
    library = Library.open(tmp_path / "s.db", author="Officer")
    record = library.import_document(import_file(write_structured_docx(tmp_path / "s.docx")))
    text = library.document(record.id).text
    start = text.index("Supports with")
    library.annotate_tagged(record.id, start, start + 8, ["Positions"], "")
    brief = docx.Document(str(write_brief(library.export_set(), tmp_path / "brief.docx")))
    style_of = {p.text: p.style.name for p in brief.paragraphs}
    assert style_of["A point made with a bullet."] == "List Bullet"
    assert style_of["A point within that point."] == "List Bullet 2"
    assert style_of[QUOTED] == "Quote"
    assert "(ii) in 2027." in style_of and "(a) " + LONG_ITEM in style_of
    cells = [[c.text for c in row.cells] for row in brief.tables[-1].rows]
    assert cells == [list(row) for row in TABLE]
    library.close()


def test_every_record_title_is_a_heading_1_and_a_table_stands_off_what_follows(
    tmp_path: Path,
) -> None:
    library = Library.open(tmp_path / "h.db", author="Officer")
    text = "Own title\n\nSection one\n\nFirst point.\n\nA | B\n\nC | D\n\nAfter the table."
    own = library.import_document(
        ImportedDocument(
            "Own title",
            text,
            "o.txt",
            "txt",
            blocks=(
                Block("heading", 0, 9, 0),
                Block("heading", 11, 22, 1),
                Block("paragraph", 24, 36),
                Block("table_row", 38, 43),
                Block("table_row", 45, 50),
                Block("paragraph", 52, 68),
            ),
        )
    )
    library.import_document(ImportedDocument("Plain", "Just words.", "p.txt", "txt"))
    library.annotate_tagged(own.id, 24, 29, ["Risks"], "")
    brief = docx.Document(str(write_brief(library.export_set(), tmp_path / "b.docx")))
    style_of = {p.text: p.style.name for p in brief.paragraphs}
    assert style_of["Own title"] == style_of["Plain"] == "Heading 1"  # its own, and ours
    assert style_of["Section one"] == "Heading 2"
    after = next(p for p in brief.paragraphs if p.text == "After the table.")
    assert after.paragraph_format.space_before is not None
    assert after.paragraph_format.space_before.pt > 0
    first = next(p for p in brief.paragraphs if p.text == "First point.")
    assert first.paragraph_format.space_before is None  # only after a table
    library.close()
