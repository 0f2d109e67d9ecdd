"""Every importer on real files, and every refusal with its one clear sentence."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import importers
import importers.word
from importers import ImportRefused, import_file
from importers.pdf import join_lines
from models.text import is_normalised

from conftest import MIXED_TEXT, SAMPLE, Cli
from records import (
    HTML,
    QUOTED,
    write_docx,
    write_encrypted_pdf,
    write_pdf,
    write_scanned_pdf,
    write_structured_docx,
    write_zip_bomb_docx,
)


def blocks_of(document) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    return [(b.kind, b.level, document.text[b.start : b.end]) for b in document.blocks]


def test_the_sample_record(tmp_path: Path) -> None:
    document = import_file(SAMPLE)
    assert document.text == SAMPLE.read_text(encoding="utf-8")
    assert "system’s contribution" in document.text
    assert len(document.blocks) == 5 and document.source_format == "txt"


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"],
)
def test_unicode_encodings_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(MIXED_TEXT.replace("\n", "\r\n").encode(encoding))
    document = import_file(path)
    assert document.text == MIXED_TEXT
    assert [b.kind for b in document.blocks] == ["paragraph"] * 3


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "Le Haut-Commissaire a salué les « réfugiés » et l’Organisation – 2007.\n" * 8),
        ("iso-8859-7", "Η Επιτροπή συζήτησε τη μετανάστευση και την ανάπτυξη.\n" * 8),
        ("cp1256", "قال الأمين العام إن الهجرة قضية عالمية تحتاج إلى تعاون.\n" * 8),
    ],
)
def test_legacy_encodings_are_detected(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert import_file(path).text == text


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("iso2022_jp", "国連システムの移住に関する報告書。\n\n2027年までに報告する。\n"),
        ("iso2022_kr", "이주에 관한 보고서입니다.\n\n2027년까지 보고합니다.\n"),
    ],
)
def test_escape_based_encodings_are_read(tmp_path: Path, encoding: str, text: str) -> None:
    """ISO-2022 texts are 7-bit: their escape sequences passed as UTF-8 and were then
    refused as control characters ("binary data?")."""
    path = tmp_path / "mail.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    document = import_file(path)
    assert document.text == text
    assert document.metadata == {"encoding": encoding.replace("jp", "jp_2")}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        "Съешь же ещё этих мягких французских булок, да выпей чаю.\n",
        "قال الأمين العام إن الهجرة قضية عالمية تحتاج إلى تعاون.\n",
    ],
)
def test_utf16_of_one_script_without_a_bom(tmp_path: Path, encoding: str, text: str) -> None:
    """Cyrillic and Arabic leave few zero bytes (spaces only): their high bytes are one
    block's, which told them from a one-byte encoding (they were refused as binary)."""
    path = tmp_path / "note.txt"
    path.write_bytes(text.encode(encoding))
    document = import_file(path)
    assert document.text == text and document.metadata == {"encoding": encoding}


def test_a_text_too_long_for_a_record_is_refused_at_once(tmp_path: Path) -> None:
    """One line of 50,000,001 characters: refused by name, before the work that took a
    helper's machine 11 GB."""
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * 50_000_001)
    with pytest.raises(ImportRefused, match=r"huge\.txt holds 50,000,001 characters"):
        import_file(path)


def test_an_encoding_is_recorded_and_a_guess_is_said(tmp_path: Path, cli: Cli) -> None:
    """UTF-8 is read as such; a legacy code page is a detector's guess, and the import
    says so (and which), so the officer checks the text reads right."""
    plain = tmp_path / "plain.txt"
    plain.write_bytes("Café 😀 قال\n".encode())
    assert import_file(plain).metadata == {"encoding": "utf-8"}
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(
        ("Le Haut-Commissaire a salué les « réfugiés » – 2007.\n" * 8).encode("cp1252")
    )
    told = import_file(legacy).metadata
    assert told["encoding guessed"] == "yes" and told["encoding"].startswith("cp125")
    db = str(tmp_path / "w.db")
    done = cli("import", "--db", db, str(plain), str(legacy))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "guessed" not in lines[0]
    guess = f"its encoding was guessed: read as {told['encoding']}, check it reads right"
    assert guess in lines[1] and f"import --db {db} --revision-of" in lines[1]


def test_cr_only_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "mac.txt"
    path.write_bytes(b"First line\rsecond line\r\rNext paragraph\r")
    document = import_file(path)
    assert document.text == "First line\nsecond line\n\nNext paragraph\n"
    assert blocks_of(document) == [
        ("paragraph", 0, "First line\nsecond line"),
        ("paragraph", 0, "Next paragraph"),
    ]


def test_markdown_headings_lists_and_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    source = "# Brief\n\nIntro line\ncontinues.\n\n- first\n- second\n\n## Risks\nText 😀.\n"
    path.write_text(source, encoding="utf-8")
    document = import_file(path)
    assert document.title == "Brief"
    assert blocks_of(document) == [
        ("heading", 1, "Brief"),
        ("paragraph", 0, "Intro line continues."),
        ("list_item", 0, "- first"),
        ("list_item", 0, "- second"),
        ("heading", 2, "Risks"),
        ("paragraph", 0, "Text 😀."),
    ]


def test_word_document_structure_and_properties(tmp_path: Path) -> None:
    document = import_file(write_docx(tmp_path / "record.docx"))
    assert document.title == "Summary record of the CEB"
    assert document.metadata["author"] == "CEB secretariat"
    assert document.metadata["subject"] == "Migration"
    assert blocks_of(document) == [
        ("heading", 0, "Summary record"),
        ("heading", 1, "I. Migration and development"),
        ("paragraph", 0, "The Board had an exchange of views 😀 on migration."),
        ("heading", 2, "A. Positions"),
        ("paragraph", 0, "قال الأمين العام إن الهجرة قضية عالمية."),
        ("list_item", 0, "Strengthen cooperation"),
        ("list_item", 0, "1. Report in 2027"),
        ("table_row", 0, "Agency | Position | Date"),
        ("table_row", 0, "UNHCR | Supports the forum"),
        ("paragraph", 0, "Closing paragraph."),
    ]
    assert is_normalised(document.text)


def test_pdf_reading_order_paragraphs_headings_and_hyphenation(tmp_path: Path) -> None:
    document = import_file(write_pdf(tmp_path / "record.pdf", pages=3))
    headings = [text for kind, _, text in blocks_of(document) if kind == "heading"]
    assert headings == ["Section 1: Migration", "Section 2: Migration", "Section 3: Migration"]
    paragraphs = [text for kind, _, text in blocks_of(document) if kind == "paragraph"]
    assert len(paragraphs) == 6
    assert "international cooperation" in paragraphs[0]  # line-end hyphen removed
    assert "capacity-building were" in paragraphs[0]  # real compound kept
    assert "réfugiés" in paragraphs[0]
    assert "  " not in document.text
    assert not any(text.strip().isdigit() for _, _, text in blocks_of(document))  # page numbers
    assert document.title == "Section 1: Migration"


def test_join_lines_keeps_compounds_the_document_uses() -> None:
    assert join_lines(["policy inter-", "national"], set()) == "policy international"
    assert join_lines(["capacity-", "building"], {"capacity-building"}) == "capacity-building"
    assert join_lines(["UN-", "Habitat"], set()) == "UN- Habitat"


def test_html_visible_text_in_structure(tmp_path: Path) -> None:
    path = tmp_path / "record.html"
    path.write_bytes(HTML.encode("cp1252"))
    document = import_file(path)
    assert document.title == "CEB summary record"
    assert document.metadata["description"] == "Exchange of views on migration"
    assert blocks_of(document) == [
        ("heading", 1, "Summary record"),
        ("paragraph", 0, "The Board agreed to strengthen cooperation.\nIt will report in 2027."),
        ("heading", 2, "Positions"),
        ("list_item", 0, "UNHCR supports the forum"),
        ("list_item", 1, "as Chair of the GMG"),  # nested: one level in
        ("list_item", 0, "ILO abstains"),
        ("table_row", 0, "Agency | Position"),
        ("table_row", 0, "IOM | Supports – “fully”"),
    ]
    assert "tracking" not in document.text and "Home" not in document.text


# -- refusals ---------------------------------------------------------------------------


def refusal(path: Path) -> str:
    with pytest.raises(ImportRefused) as refused:
        import_file(path)
    message = str(refused.value)
    assert "\n" not in message and path.name in message
    return message


@pytest.mark.parametrize("name", ["empty.txt", "empty.docx", "empty.pdf", "empty.html"])
def test_empty_files(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    assert "is empty" in refusal(tmp_path / name)


def test_whitespace_only_text(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text(" \n\n\t\n")
    assert "is empty" in refusal(tmp_path / "blank.txt")


def test_binary_junk(tmp_path: Path) -> None:
    junk = bytes(range(256)) * 40
    (tmp_path / "junk.txt").write_bytes(junk)
    assert "does not look like text" in refusal(tmp_path / "junk.txt")
    (tmp_path / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + junk)
    assert "does not look like text" in refusal(tmp_path / "image.md")


def test_a_docx_that_is_not_a_package(tmp_path: Path) -> None:
    (tmp_path / "fake.docx").write_bytes(b"this is not a zip file at all" * 10)
    assert "is not a Word document Marginalia can read" in refusal(tmp_path / "fake.docx")


def test_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "other.docx", "w") as package:
        package.writestr("hello.txt", "hi")
    assert "other.docx is not a Word document Marginalia can read" in refusal(
        tmp_path / "other.docx"
    )


def test_a_docx_that_expands_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importers.word, "MAX_EXPANDED_BYTES", 4 * 2**20)
    path = write_zip_bomb_docx(tmp_path / "bomb.docx", expanded_bytes=6 * 2**20)
    assert path.stat().st_size < 2**20  # small on disk, large once expanded
    assert "expands to" in refusal(path)


def test_an_encrypted_pdf(tmp_path: Path) -> None:
    assert "is encrypted" in refusal(write_encrypted_pdf(tmp_path / "locked.pdf"))


def test_a_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    message = refusal(write_scanned_pdf(tmp_path / "scan.pdf"))
    assert "no text layer" in message and "OCR" in message


def test_a_pdf_of_drawings_is_not_called_a_scan(tmp_path: Path) -> None:
    """OCR would find nothing there: the officer is told what the file holds."""
    drawings = refusal(write_scanned_pdf(tmp_path / "chart.pdf", pictures=False))
    assert "no text to annotate: its pages are blank or hold only drawings" in drawings


def test_a_pdf_that_is_not_a_pdf(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n" + b"garbage " * 100)
    assert refusal(tmp_path / "broken.pdf")


def test_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 1000)
    (tmp_path / "long.txt").write_text("word " * 300)
    assert "over the" in refusal(tmp_path / "long.txt")


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "sheet.xlsx").write_bytes(b"PK")
    assert "unsupported" in refusal(tmp_path / "sheet.xlsx")
    assert "does not exist" in refusal(tmp_path / "gone.txt")


def test_utf16_bom_is_not_mistaken_for_binary(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Plain words here.".encode("utf-16-le"))
    assert import_file(path).text == "Plain words here."


def test_quotations_and_nested_lists_keep_their_depth(tmp_path: Path) -> None:
    """A quotation is a paragraph whose level is how deeply it is quoted (a version that
    does not know quotations reads a paragraph); list items carry their nesting."""
    markdown = tmp_path / "r.md"
    markdown.write_text(
        "- one\n  - nested\n- two\n\n> The SG said\n> it twice.\n> > Within.\n\nAfter.\n",
        encoding="utf-8",
    )
    assert blocks_of(import_file(markdown)) == [
        ("list_item", 0, "- one"),
        ("list_item", 1, "- nested"),
        ("list_item", 0, "- two"),
        ("paragraph", 1, "The SG said it twice."),
        ("paragraph", 2, "Within."),
        ("paragraph", 0, "After."),
    ]
    page = tmp_path / "r.html"
    page.write_text(
        "<ol><li>one<ol><li>nested<ul><li>deeper</li></ul></li></ol></li></ol>"
        "<blockquote><p>Quoted.</p><blockquote>Within.</blockquote></blockquote><p>After.</p>",
        encoding="utf-8",
    )
    assert blocks_of(import_file(page)) == [
        ("list_item", 0, "1. one"),
        ("list_item", 1, "1. nested"),
        ("list_item", 2, "deeper"),
        ("paragraph", 1, "Quoted."),
        ("paragraph", 2, "Within."),
        ("paragraph", 0, "After."),
    ]
    word = import_file(write_structured_docx(tmp_path / "s.docx"))
    assert ("paragraph", 1, QUOTED) in blocks_of(word)
    assert ("list_item", 1, "A point within that point.") in blocks_of(word)


def test_a_markdown_table_is_read_as_table_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_text(
        "Intro.\n\n| Agency | Position |\n|---|:--:|\n| IOM | Supports “fully” |\n\n"
        "After | not a row.\n",
        encoding="utf-8",
    )
    assert blocks_of(import_file(path)) == [
        ("paragraph", 0, "Intro."),
        ("table_row", 0, "Agency | Position"),
        ("table_row", 0, "IOM | Supports “fully”"),
        ("paragraph", 0, "After | not a row."),
    ]


def test_a_web_pages_numbered_lists_keep_the_numbers_a_browser_shows(tmp_path: Path) -> None:
    """As Word's automatic numbers are: written into the text, so an officer cites them
    and the reader and brief show them."""
    page = tmp_path / "ol.html"
    page.write_text(
        '<ul><li>bullet<ol><li>first</li><li>second<ol type="a"><li>sub a</li><li>sub b</li>'
        '</ol></li></ol></li></ul><ol start="5"><li>five</li><li value="9">nine</li>'
        '<li>ten</li></ol><ol type="i"><li>one</li><li>two</li></ol>',
        encoding="utf-8",
    )
    assert blocks_of(import_file(page)) == [
        ("list_item", 0, "bullet"),
        ("list_item", 1, "1. first"),
        ("list_item", 1, "2. second"),
        ("list_item", 2, "a. sub a"),
        ("list_item", 2, "b. sub b"),
        ("list_item", 0, "5. five"),
        ("list_item", 0, "9. nine"),
        ("list_item", 0, "10. ten"),
        ("list_item", 0, "i. one"),
        ("list_item", 0, "ii. two"),
    ]
