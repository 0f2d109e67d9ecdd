"""Every word a Word record shows, and nothing it does not (#14, Word): content controls,
fields, tracked changes accepted, ruby, text boxes, nested tables, footnotes; headers
as information; a damaged styles or properties part never costs the text; files that
are not readable .docx told for what they are. Fixtures are built here (records.py)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from importers import ImportRefused, import_file
from models import ImportedDocument, Library

from conftest import Cli
from records import (
    WORD_PLACES,
    write_commented_docx,
    write_docx,
    write_edge_commented_docx,
    write_word_places_docx,
)


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> ImportedDocument:
    path = write_word_places_docx(tmp_path_factory.mktemp("word") / "places.docx")
    return import_file(path)


def paragraph(document: ImportedDocument, starts: str) -> str:
    """The text of the block that starts with ``starts``."""
    texts = [document.text[b.start : b.end] for b in document.blocks]
    return next(t for t in texts if t.startswith(starts))


@pytest.mark.parametrize(
    ("place", "shown"),
    [
        ("control", "control: Agreed by the Board"),
        ("field", "field: 28 November 2026"),
        ("complex field", "complex field: page 7"),
        ("insertion", "insertion: with reservations"),
        ("deletion", "deletion:"),
        ("ruby", "ruby: 国連"),
        ("footnote", "footnote: [1]"),
        ("nested field", "nested field: shown"),  # not the inner field's result too
        ("hidden", "hidden: seen"),  # hidden text is not shown
    ],
)
def test_words_in_each_place_word_shows_them(
    places: ImportedDocument, place: str, shown: str
) -> None:
    assert place in WORD_PLACES
    assert paragraph(places, f"{place}:") == shown


def test_what_word_does_not_show_is_left_out(places: ImportedDocument) -> None:
    """Deleted text, field codes and ruby's reading aid are not words of the record."""
    for hidden in ("fully", "DATE", "PAGE", "こくれん", "fldChar", "INNER", "SECRET"):
        assert hidden not in places.text


def test_a_text_box_follows_its_paragraph_once(places: ImportedDocument) -> None:
    assert places.text.count("Boxed: the Chair’s summary 😀") == 2  # once here, once in a cell
    texts = [places.text[b.start : b.end] for b in places.blocks]
    at = texts.index("text box:")
    assert texts[at + 1] == "Boxed: the Chair’s summary 😀"


def test_blocks_in_controls_nested_tables_and_no_empty_rows(places: ImportedDocument) -> None:
    rows = [places.text[b.start : b.end] for b in places.blocks if b.kind == "table_row"]
    assert rows == [  # the empty middle row: none; the nested table's rows kept apart
        "Agency | Position Boxed: the Chair’s summary 😀",
        "IOM | inner / table; second / row",
    ]
    assert paragraph(places, "A block") == "A block in a content control."


def test_footnotes_are_kept_under_notes_with_their_markers(places: ImportedDocument) -> None:
    texts = [(b.kind, places.text[b.start : b.end]) for b in places.blocks]
    assert texts[-2:] == [
        ("heading", "Notes"),
        ("paragraph", "[1] See the report of 2026, قال الأمين العام."),
    ]
    assert "Word's separator" not in places.text


def test_headers_are_information_not_text(places: ImportedDocument) -> None:
    assert places.metadata["header"] == "CEB/2026/2 — restricted"
    assert "restricted" not in places.text


def test_damaged_styles_and_properties_never_cost_the_text(tmp_path: Path) -> None:
    """The fixture holds a style without a type and two core-properties relationships:
    python-docx fails on each (the importer once lost the whole record to them)."""
    path = write_word_places_docx(tmp_path / "damaged.docx")
    opened = docx.Document(str(path))
    with pytest.raises(KeyError):
        list(opened.styles)
    with pytest.raises(ValueError, match="multiple relationships"):
        _ = opened.core_properties
    document = import_file(path)
    assert document.title == "Places of words"  # from the heading: no title to be read
    assert "Agreed by the Board" in document.text


def _png() -> bytes:
    """A one-pixel PNG."""
    row = zlib.compress(b"\x00\xff\x00\x00")
    chunks = [(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)), (b"IDAT", row)]
    body = b"".join(
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        for kind, data in [*chunks, (b"IEND", b"")]
    )
    return b"\x89PNG\r\n\x1a\n" + body


def _without(path: Path, name: str, replacement: bytes | None = None) -> None:
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    with zipfile.ZipFile(path, "w") as package:
        for part, content in parts.items():
            if part != name:
                package.writestr(part, content)
            elif replacement is not None:
                package.writestr(part, replacement)


def test_a_package_missing_an_image_is_read_without_it(tmp_path: Path) -> None:
    """Word opens such a file (an empty frame where the picture was); so does Marginalia,
    and the record's information says what was left out."""
    path = tmp_path / "picture.docx"
    document = docx.Document()
    document.add_paragraph("The Board agreed, as the chart shows:")
    document.add_picture(io.BytesIO(_png()))
    document.add_paragraph("The chart is missing from this copy.")
    document.save(str(path))
    _without(path, "word/media/image1.png")
    with pytest.raises(KeyError):
        docx.Document(str(path))
    record = import_file(path)
    assert "The Board agreed, as the chart shows:" in record.text
    assert "The chart is missing from this copy." in record.text
    assert record.metadata["parts left out"] == "word/media/image1.png (missing)"


def test_a_damaged_part_beside_the_text_costs_only_itself(tmp_path: Path) -> None:
    """Properties that are not XML any more: the text is read, the properties are not."""
    path = write_docx(tmp_path / "damaged.docx")
    _without(path, "docProps/core.xml", b"<cp:coreProperties><dc:title>Cut off")
    record = import_file(path)
    assert "Closing paragraph." in record.text
    assert record.metadata["parts left out"] == "docProps/core.xml (damaged)"
    _without(path, "word/document.xml", b"<w:document><w:body>Cut off")
    with pytest.raises(ImportRefused, match="is not a Word document Marginalia can read"):
        import_file(path)


def test_a_template_is_read_as_a_document(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "record.dotx")
    with zipfile.ZipFile(path) as package:
        parts = {i.filename: package.read(i) for i in package.infolist()}
    main = b"wordprocessingml.document.main+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        main, b"wordprocessingml.template.main+xml"
    )
    docx_path = tmp_path / "template.docx"
    with zipfile.ZipFile(docx_path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    with pytest.raises(ValueError, match="not a Word file"):
        docx.Document(str(docx_path))  # python-docx refuses it by its content type
    assert "Supports the forum" in import_file(docx_path).text


@pytest.mark.parametrize(
    ("content", "told"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "password"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, r"older Word file \(\.doc\)"),
    ],
)
def test_protected_and_old_files_are_told_what_they_are(
    tmp_path: Path, content: bytes, told: str
) -> None:
    path = tmp_path / "record.docx"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=told):
        import_file(path)


def test_strict_open_xml_is_told_how_to_save_it(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "strict.docx")
    with zipfile.ZipFile(path) as package:
        parts = {i.filename: package.read(i) for i in package.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    )
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    with pytest.raises(ImportRefused, match="Strict Open XML"):
        import_file(path)


@pytest.mark.parametrize("suffix", [".docm", ".dotx"])
def test_macro_enabled_and_template_files_are_read(tmp_path: Path, suffix: str) -> None:
    """Their main part's content type differs in full (not only its end); macros are
    never run."""
    office = b"application/vnd.openxmlformats-officedocument"
    kind = {
        ".docm": b"application/vnd.ms-word.document.macroEnabled.main+xml",
        ".dotx": office + b".wordprocessingml.template.main+xml",
    }[suffix]
    path = write_docx(tmp_path / "record.docx")
    with zipfile.ZipFile(path) as package:
        parts = {i.filename: package.read(i) for i in package.infolist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", kind
    )
    target = tmp_path / f"record{suffix}"
    with zipfile.ZipFile(target, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    assert "Supports the forum" in import_file(target).text


def test_no_properties_part_means_no_made_up_information(tmp_path: Path) -> None:
    """python-docx makes up a default part (title "Word Document", modified now)."""
    path = write_docx(tmp_path / "bare.docx")
    with zipfile.ZipFile(path) as package:
        parts = {i.filename: package.read(i) for i in package.infolist()}
    del parts["docProps/core.xml"]
    parts["_rels/.rels"] = re.sub(
        rb"<Relationship[^>]*core-properties[^>]*/>", b"", parts["_rels/.rels"]
    )
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    document = import_file(path)
    assert document.title == "Summary record"  # its Title paragraph, not "Word Document"
    assert "last_modified_by" not in document.metadata and "modified" not in document.metadata


def test_word_comments_are_anchored_on_their_passages(tmp_path: Path) -> None:
    document = import_file(write_commented_docx(tmp_path / "commented.docx"))
    spans = [(document.text[c.start : c.end], c.author, c.note) for c in document.comments]
    assert spans == [
        ("report by 2027", "Bo Li", "Check the 2027 date 😀"),
        ("قال الأمين العام", "أمينة", "ملاحظة\nsecond line"),
    ]
    assert document.comments[0].created == 1795167000000  # 20 Nov 2026, 09:30 UTC
    assert "The Board agreed to report by 2027 on migration." in document.text
    assert all(ord(c) < 0xF0000 for c in document.text)  # no mark left behind
    paragraph = document.blocks[1]
    assert document.text[paragraph.start : paragraph.end].endswith("قال الأمين العام")


def test_word_comments_become_annotations_by_their_authors(tmp_path: Path, cli: Cli) -> None:
    path = write_commented_docx(tmp_path / "commented.docx")
    db = tmp_path / "w.db"
    done = cli("import", "--db", str(db), str(path))
    assert done.returncode == 0, done.stderr
    assert ", 2 Word comments as annotations" in done.stdout
    library = Library.open(db, author="Ana")
    found = sorted((a.quote, a.author, a.note) for a in library.annotations())
    assert found == [
        ("report by 2027", "Bo Li", "Check the 2027 date 😀"),
        ("قال الأمين العام", "أمينة", "ملاحظة\nsecond line"),
    ]
    created = {a.author: a.created for a in library.annotations()}
    assert created["Bo Li"] == 1795167000000
    library.close()
    again = cli("import", "--db", str(tmp_path / "w2.db"), "--without-comments", str(path))
    assert again.returncode == 0 and "Word comment" not in again.stdout
    bare = Library.open(tmp_path / "w2.db")
    assert bare.annotations() == []
    bare.close()


def test_comments_never_change_the_records_text(tmp_path: Path) -> None:
    """Found by a helper: the marks that place comments went through the cleaning of
    spaces (a trailing space stayed), reached the title, and took a symbol font's
    private-use characters with them. The text with comments is the text without."""
    document = import_file(write_edge_commented_docx(tmp_path / "edges.docx"))
    assert document.title == "Report on migration"
    assert document.text == (
        "Report on migration\n\nTrailing words.\n\n"
        "A point here, and a symbol \U00100184 too.\n\nBefore after."
    )
    spans = {c.author: document.text[c.start : c.end] for c in document.comments}
    assert spans == {
        "Ned": "Report on migration",
        "Ann": "Trailing words.",
        "Tariq": "A point here, and a symbol \U00100184 too.",  # no passage: its paragraph
    }
    assert document.metadata["comments left out"] == "1"  # the empty range


def test_a_word_document_too_large_to_read_in_bounded_memory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text part is held as a tree of about ten times its size: past the limit (24
    MiB, some 15 million characters; 260 MB peak measured at it) the file is refused
    by name, before it is parsed. The limit is lowered here to keep the test small."""
    import importers.word

    path = write_docx(tmp_path / "long.docx")
    monkeypatch.setattr(importers.word, "MAX_DOCUMENT_XML", 1024)
    with pytest.raises(ImportRefused, match=r"long\.docx holds .* MiB of text markup, over"):
        import_file(path)
