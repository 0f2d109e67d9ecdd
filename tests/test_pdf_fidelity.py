"""Every word a PDF's text layer holds, and nothing that is not a word of the record
(#14, PDF): text in form XObjects, ligatures as the letters a reader types, glyphs
without a text mapping never stored, page furniture dropped only when it is furniture.
The fixture is written object by object (records.raw_pdf)."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers import ImportRefused, import_file
from models import ImportedDocument

from records import pdf_stream, pdf_text, raw_pdf, write_pdf_places


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> ImportedDocument:
    return import_file(write_pdf_places(tmp_path_factory.mktemp("pdf") / "places.pdf"))


def test_text_in_a_form_xobject_is_read(places: ImportedDocument) -> None:
    assert "Text inside a form XObject: the Board agreed." in places.text


def test_ligatures_become_the_letters_a_reader_types(places: ImportedDocument) -> None:
    assert "filled flows of migrants" in places.text
    assert "\ufb01" not in places.text and "\ufb02" not in places.text


def test_glyphs_without_a_text_mapping_are_never_stored(places: ImportedDocument) -> None:
    assert "(cid:" not in places.text
    assert "The second page goes on." in places.text  # the rest of that page stays


def test_furniture_goes_but_a_number_in_the_text_stays(places: ImportedDocument) -> None:
    """The page numbers in the bottom margin go, and so do the running header's repeats
    (it is kept once, where it first appears); the year 2007 alone mid-page is text."""
    texts = [places.text[b.start : b.end] for b in places.blocks]
    assert "2007" in texts
    assert "1" not in texts and "2" not in texts
    assert places.text.count("CEB/2026/2 restricted") == 1


def test_a_pdf_whose_fonts_map_no_text_is_told_so(tmp_path: Path) -> None:
    """Only unmapped glyphs: not "scanned" (it has a text layer), but unreadable as text."""
    fonts = b"/Font << /F2 4 0 R >>"
    content = b"BT /F2 12 Tf 72 500 Td <004100420043> Tj ET\n" * 3
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << %s >> "
        b"/Contents 5 0 R >>" % fonts,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>",
        pdf_stream(content),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry "
        b"(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 0 1000 1000] "
        b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    path = tmp_path / "unmapped.pdf"
    path.write_bytes(raw_pdf(objects))
    with pytest.raises(ImportRefused, match="no text mapping"):
        import_file(path)


def numbered_pages(path: Path, height: int, pages: int = 3) -> Path:
    """Pages with a line of text and a page number ``height`` points from the bottom
    (792 high); page 1 also has a lone "4" in a chart's axis, at another height."""
    kids = " ".join(f"{3 + 2 * n} 0 R" for n in range(pages)).encode()
    tree = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", tree]
    for n in range(pages):
        body = pdf_text(72, 700, b"The Board met on page %d." % (n + 1)) + pdf_text(
            300, height, b"%d" % (n + 1)
        )
        body += pdf_text(200, 60, b"4") if n == 0 else b""
        objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
            b"<< /F1 %d 0 R >> >> /Contents %d 0 R >>" % (3 + 2 * pages, 4 + 2 * n),
            pdf_stream(body),
        ]
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    path.write_bytes(raw_pdf(objects))
    return path


def test_page_numbers_where_latex_puts_them_are_furniture(tmp_path: Path) -> None:
    """About 12% from the bottom, at the same height on every page (a helper found them
    kept, one between two halves of a sentence); a lone number on one page stays."""
    document = import_file(numbered_pages(tmp_path / "latex.pdf", height=92))
    texts = [document.text[b.start : b.end] for b in document.blocks]
    assert not {"1", "2", "3"} & set(texts)
    assert "4" in texts and "The Board met on page 2." in texts
