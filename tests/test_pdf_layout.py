"""How a PDF's glyphs become words, lines and paragraphs (importers/pdf_reading.py):
the cases real files showed read wrong (#14). Each page is drawn by a content stream
written here (records.pdf_pages), so every glyph's place is known."""

from __future__ import annotations

from pathlib import Path

from importers import import_file
from importers.pdf_reading import Line, ends_paragraph
from models import ImportedDocument

from records import pdf_lines, pdf_pages, pdf_stream, raw_pdf


def blocks(document: ImportedDocument) -> list[str]:
    return [document.text[b.start : b.end] for b in document.blocks]


def test_a_letter_spaced_title_reads_as_words(tmp_path: Path) -> None:
    """4 pt between letters and no space characters (as OCR layers and spaced titles
    are drawn): the wider gap between the words still separates them."""
    content = b"BT /F1 12 Tf 4 Tc 72 700 Td (American) Tj 95 0 Td (President) Tj ET\n"
    content += pdf_lines(72, 650, ["The line below is set normally."], 14)
    document = import_file(pdf_pages(tmp_path / "spaced.pdf", [content]))
    assert blocks(document)[0] == "American President"


def test_a_word_drawn_twice_over_itself_is_read_once(tmp_path: Path) -> None:
    """Fake bold: the same line drawn again 0.4 pt to the right."""
    line = b"(Municipality of Saint-Sauveur) Tj ET\n"
    content = b"BT /F1 12 Tf 72 700 Td " + line + b"BT /F1 12 Tf 72.4 700 Td " + line
    document = import_file(pdf_pages(tmp_path / "bold.pdf", [content]))
    assert blocks(document) == ["Municipality of Saint-Sauveur"]


def test_lines_set_double_spaced_stay_one_paragraph(tmp_path: Path) -> None:
    """A draft set at two lines: 28 pt from line to line, 56 pt between paragraphs."""
    first = [
        "The Board met in Geneva for its session in May.",
        "It took note of the report of the working group",
        "on migration and of the progress made since its",
        "previous session, and agreed to meet in autumn.",
    ]
    second = ["It then turned to the financial situation", "of the organizations in the system."]
    content = pdf_lines(72, 700, first, 28) + pdf_lines(72, 700 - 3 * 28 - 56, second, 28)
    document = import_file(pdf_pages(tmp_path / "spaced.pdf", [content]))
    assert blocks(document) == [" ".join(first), " ".join(second)]


def test_one_line_paragraphs_are_not_one_paragraph(tmp_path: Path) -> None:
    """A letter of one-line paragraphs, 24 pt apart: their spacing is no line pitch."""
    lines = ["Dear colleagues,", "The Board agreed.", "Kind regards,"]
    document = import_file(pdf_pages(tmp_path / "letter.pdf", [pdf_lines(72, 700, lines, 24)]))
    assert blocks(document) == lines


def test_an_indented_first_line_starts_a_paragraph(tmp_path: Path) -> None:
    """Books and papers mark a new paragraph by indenting it, with no space between."""
    content = pdf_lines(72, 700, ["The first paragraph runs over", "two lines and ends."], 14)
    content += pdf_lines(90, 700 - 28, ["The second one is indented"], 14)
    content += pdf_lines(72, 700 - 42, ["and goes on here."], 14)
    document = import_file(pdf_pages(tmp_path / "indented.pdf", [content]))
    assert blocks(document) == [
        "The first paragraph runs over two lines and ends.",
        "The second one is indented and goes on here.",
    ]


def test_a_paragraph_running_on_to_the_next_page_is_one_paragraph(tmp_path: Path) -> None:
    pages = [
        pdf_lines(72, 120, ["The Committee asked the secretariat for a", "report on inter-"], 14),
        pdf_lines(72, 700, ["national cooperation by June.", "", "Next matter."], 14),
    ]
    document = import_file(pdf_pages(tmp_path / "two pages.pdf", pages))
    assert blocks(document)[0] == (
        "The Committee asked the secretariat for a report on international cooperation by June."
    )


def test_vertical_japanese_reads_down_each_column_from_right_to_left(tmp_path: Path) -> None:
    sentence = "移民と難民の保護について理事会は合意した"
    columns = [sentence[:10], sentence[10:]]
    content = b"".join(
        b"BT /F2 14 Tf %d 700 Td <%s> Tj ET\n"
        % (x, "".join(f"{ord(c):04X}" for c in column).encode())
        for x, column in zip([400, 382], columns, strict=True)
    )
    document = import_file(pdf_pages(tmp_path / "vertical.pdf", [content]))
    assert blocks(document) == [sentence]


def test_text_turned_a_quarter_reads_along_its_line(tmp_path: Path) -> None:
    """A label up the side of a table, and an upright line next to it."""
    content = b"BT /F1 12 Tf 0 1 -1 0 60 200 Tm (Figures for the 2027 budget) Tj ET\n"
    content += pdf_lines(100, 700, ["Table 3: contributions by member state."], 14)
    document = import_file(pdf_pages(tmp_path / "turned.pdf", [content]))
    assert "Figures for the 2027 budget" in blocks(document)


def test_a_page_shown_turned_reads_across_as_the_reader_sees_it(tmp_path: Path) -> None:
    """/Rotate 90 with the text drawn turned back: a landscape table, upright to the
    reader, two lines of one paragraph, the first above the second."""
    content = b"".join(
        b"BT /F1 12 Tf 0 1 -1 0 %d 100 Tm (%s) Tj ET\n" % (x, line)
        for x, line in [
            (100, b"The first line of the landscape table"),
            (114, b"runs on to its second."),
        ]
    )
    document = import_file(pdf_pages(tmp_path / "landscape.pdf", [content], b"/Rotate 90"))
    assert blocks(document) == ["The first line of the landscape table runs on to its second."]


def test_a_filled_in_form_field_is_read(tmp_path: Path) -> None:
    """The value typed into a form's field is drawn by the field (an annotation's
    appearance), not the page: the reader sees it, so it is text of the record."""
    appearance = b"BT /F1 12 Tf 2 5 Td (U.S. Fish and Wildlife Service) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R"
        b" >> >> /Contents 7 0 R /Annots [5 0 R] >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (agency) /V (U.S. Fish and Wildlife "
        b"Service) /Rect [200 600 500 620] /F 4 /P 4 0 R /AP << /N 6 0 R >> >>",
        pdf_stream(
            appearance,
            b"/Type /XObject /Subtype /Form /BBox [0 0 300 20] /Resources << /Font << /F1 3 0 R"
            b" >> >>",
        ),
        pdf_stream(pdf_lines(72, 605, ["Agency:"], 14)),
    ]
    (tmp_path / "form.pdf").write_bytes(raw_pdf(objects))
    document = import_file(tmp_path / "form.pdf")
    assert "U.S. Fish and Wildlife Service" in document.text
    assert "Agency:" in document.text


def test_a_right_to_left_paragraph_ends_where_its_line_ends_short_on_the_left() -> None:
    """Arabic set right-aligned: the last line of a paragraph stops short of the left
    edge, and its full stop may be drawn (and so come) first. Lines as PDFium gives."""
    full = Line("قال الأمين العام إن الهجرة قضية عالمية", 72, 540, 700, 712, 12, False, 0)
    short = Line(".تتطلب تعاونا دوليا", 300, 540, 686, 698, 12, False, 0)
    after = Line("وأكد المجلس أهمية التعاون بين الوكالات", 72, 540, 672, 684, 12, False, 0)
    assert ends_paragraph([full, short], after)
    assert not ends_paragraph([full], short)  # a full line goes on
    english = Line("The Board agreed to report in the spring.", 72, 300, 686, 698, 12, False, 0)
    assert ends_paragraph([full._replace(text="The Board met."), english], after)


def mapped_font_pdf(path: Path, shown: bytes, mapping: bytes) -> Path:
    """A page showing ``shown`` in Times whose codes 1 and 2 have the text ``mapping``
    gives them (a ToUnicode "bfchar" list)."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Mapped def "
        b"/CMapType 2 def 1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar "
        + mapping
        + b" endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R"
        b" >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /Type /Encoding "
        b"/Differences [1 /ff /bullet] >> /ToUnicode 6 0 R >>",
        pdf_stream(b"BT /F1 12 Tf 72 700 Td (%s) Tj ET" % shown),
        pdf_stream(cmap),
    ]
    path.write_bytes(raw_pdf(objects))
    return path


def test_a_ligature_glyph_gives_all_its_letters(tmp_path: Path) -> None:
    """One glyph whose text mapping is "ff" (as TeX and InDesign set "Differential")."""
    path = mapped_font_pdf(
        tmp_path / "ligature.pdf",
        b"Individual Di\\001erential Privacy",
        b"<01> <00660066> <02> <2022>",
    )
    assert import_file(path).text.strip() == "Individual Differential Privacy"


def test_a_symbol_font_bullet_is_a_bullet(tmp_path: Path) -> None:
    """Word's bullets in the Symbol font map to a private-use code (U+F0B7)."""
    path = mapped_font_pdf(tmp_path / "bullet.pdf", b"\\002 Geneva", b"<01> <0066> <02> <F0B7>")
    assert import_file(path).text.strip() == "\u2022 Geneva"


def test_narrow_double_letters_are_not_one_drawn_twice(tmp_path: Path) -> None:
    """Condensed type (40% wide): the two l's of "all" nearly touch, yet sit side by side."""
    content = b"BT /F1 12 Tf 40 Tz 72 700 Td (Hello all, a million illicit bills) Tj ET\n"
    document = import_file(pdf_pages(tmp_path / "narrow.pdf", [content]))
    assert blocks(document) == ["Hello all, a million illicit bills"]


def test_a_footer_with_its_page_number_is_furniture(tmp_path: Path) -> None:
    """ISO's footer ends (or, on left pages, starts) with the page number, in roman on
    the front matter: it repeats all the same, and is kept once."""
    footers = [
        "\xa9ISO/IEC 2012 - All rights reserved iii",
        "iv \xa9ISO/IEC 2012 - All rights reserved",
        "\xa9 ISO/IEC 2012 - All rights reserved 1",
        "2 \xa9ISO/IEC 2012 - All rights reserved",
    ]
    pages = [
        pdf_lines(72, 700, [f"The text of page {n}."], 14) + pdf_lines(72, 30, [footer], 14)
        for n, footer in enumerate(footers, 1)
    ]
    document = import_file(pdf_pages(tmp_path / "iso.pdf", pages))
    assert document.text.count("All rights reserved") == 1
    assert all(f"The text of page {n}." in blocks(document) for n in range(1, 5))


def test_tight_word_gaps_of_a_page_without_spaces_separate_words(tmp_path: Path) -> None:
    """TeX draws no space characters; a tight justified line sets its words 0.11 em
    apart. A page that has spaces keeps a word whole whose letters stand 0.11 em apart."""
    tight = (
        b"BT /F1 12 Tf 72 700 Td [(Katrina) -110 (flew) -110 (to) -110 (New) -110 (Orleans)] TJ ET"
    )
    spaced = (
        b"BT /F1 12 Tf 72 700 Td [(The field D) -110 (T) -110 (_UUID holds an identifier.)] TJ ET"
    )
    document = import_file(pdf_pages(tmp_path / "tex.pdf", [tight, spaced]))
    assert blocks(document) == [
        "Katrina flew to New Orleans",
        "The field DT_UUID holds an identifier.",
    ]


def test_a_footer_set_high_with_page_n_is_furniture(tmp_path: Path) -> None:
    """ "Copyright Office Summary December 1998 Page 4" 10% up the page, on every page."""
    pages = [
        pdf_lines(72, 700, [f"The text of page {n}."], 14)
        + pdf_lines(72, 80, [f"Copyright Office Summary December 1998 Page {n}"], 14)
        for n in range(1, 5)
    ]
    document = import_file(pdf_pages(tmp_path / "summary.pdf", pages))
    assert document.text.count("Copyright Office Summary") == 1
    assert all(f"The text of page {n}." in blocks(document) for n in range(1, 5))


def test_each_bulleted_line_is_an_item_of_its_own(tmp_path: Path) -> None:
    """Bullets (byte 0xB7 of the standard encoding) at the line pitch, no space between."""
    items = ["\xb7 Part 1: Fundamentals", "\xb7 Part 2: Open Packaging", "\xb7 Part 3: Markup"]
    content = pdf_lines(72, 700, ["The standard has three parts:", *items], 14)
    document = import_file(pdf_pages(tmp_path / "parts.pdf", [content]))
    assert blocks(document) == ["The standard has three parts:"] + [
        item.replace("\xb7", "\u2022") for item in items
    ]
