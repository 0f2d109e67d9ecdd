"""Every export format, reopened and checked: what is in the file, not just that it exists."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import xmlschema
from docx.oxml.ns import qn

from exporters.brief import BriefOptions, locale_territory, page_size_for, write_brief
from exporters.files import ExportFailed
from exporters.refi_qda import write_qdpx
from exporters.table import write_csv
from exporters.web_annotation import write_json
from importers import import_file
from models import ImportedDocument, Library
from models.palette import highlight_color
from models.selection import ExportSet

from conftest import MIXED_TEXT, ROOT, SAMPLE
from records import write_docx

SCHEMA = ROOT / "resources" / "schemas" / "refi-qda" / "Project.xsd"


@pytest.fixture
def annotated(library: Library) -> Library:
    """Two records, two authors, nested tags, overlaps, a passage across paragraphs."""
    mixed = library.import_document(ImportedDocument("Mixed record", MIXED_TEXT, "m.txt", "txt"))
    sample = library.import_document(import_file(SAMPLE))
    text = library.document(sample.id).text
    library.set_author("Amina El-Sayed")
    start = text.index("prism of opportunity rather than fear")
    library.annotate_tagged(sample.id, start, start + 37, ["Positions"], "Quote the SG.")
    library.annotate_tagged(sample.id, start + 9, start + 20, ["Risks/Financial"], "")
    across = text.index("rather than fear")
    library.annotate_tagged(sample.id, across, text.index("for his leadership"),
                            ["Commitments"], "Spans two paragraphs")  # fmt: skip
    library.set_author("Bo Li")
    arabic = MIXED_TEXT.index("الهجرة")
    library.annotate_tagged(mixed.id, arabic, arabic + 6, ["Positions"], "<b>not markup</b>")
    emoji = MIXED_TEXT.index("😀")
    library.annotate_tagged(mixed.id, emoji, emoji + 9, [], "untagged, after an emoji")
    return library


def comment_ranges(document: Any) -> dict[int, dict[str, Any]]:
    """For each comment id: the text of the runs between its range marks, and their fills."""
    found: dict[int, dict[str, Any]] = {}
    open_ids: set[int] = set()
    for element in document.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ids.add(int(element.get(qn("w:id"))))
            found[int(element.get(qn("w:id")))] = {"text": "", "fills": set()}
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.discard(int(element.get(qn("w:id"))))
        elif element.tag == qn("w:r") and element.find(qn("w:commentReference")) is None:
            shading = element.find(f"{qn('w:rPr')}/{qn('w:shd')}")
            for number in open_ids:
                found[number]["text"] += "".join(
                    "\n" if child.tag == qn("w:br") else child.text or ""
                    for child in element
                    if child.tag in (qn("w:t"), qn("w:br"))
                )
                if shading is not None:
                    found[number]["fills"].add("#" + shading.get(qn("w:fill")))
    return found


def test_brief_comments_anchor_exactly_their_passages(annotated: Library, tmp_path: Path) -> None:
    export = annotated.export_set()
    out = write_brief(export, tmp_path / "brief.docx")
    document = docx.Document(str(out))
    comments = list(document.comments)
    assert len(comments) == len(export.annotations) == 5
    ranges = comment_ranges(document)
    by_quote = {a.quote.replace("\n", ""): a for a in export.annotations}
    for comment in comments:
        annotation = by_quote[ranges[comment.comment_id]["text"].replace("\n", "")]
        assert comment.author == annotation.author
    anchored = sorted(r["text"].replace("\n", "") for r in ranges.values())
    assert anchored == sorted(by_quote)


def test_brief_comment_holds_tags_note_author_and_date(annotated: Library, tmp_path: Path) -> None:
    export = annotated.export_set()
    document = docx.Document(str(write_brief(export, tmp_path / "b.docx")))
    texts = [c.text for c in document.comments]
    spanning = next(t for t in texts if "Spans two paragraphs" in t)
    assert spanning.startswith("Commitments")
    assert "Amina El-Sayed" in spanning
    assert any("<b>not markup</b>" in t and "Positions" in t for t in texts)
    assert any(t.startswith("(no tag)") for t in texts)
    initials = {c.initials for c in document.comments}
    assert initials == {"AE", "BL"}


def test_brief_shades_passages_in_their_tag_colours(annotated: Library, tmp_path: Path) -> None:
    export = annotated.export_set()
    tags = {t.path: t.color for t in export.tags}
    document = docx.Document(str(write_brief(export, tmp_path / "b.docx")))
    fills = {r["text"]: r["fills"] for r in comment_ranges(document).values()}
    assert fills["الهجرة"] == {highlight_color([tags["Positions"]])}
    overlap = fills["opportunity"]
    assert overlap == {highlight_color([tags["Risks/Financial"]])}  # the inner one: no blend
    assert fills["prism of opportunity rather than fear"] == {  # alone, overlap, alone
        highlight_color([tags["Positions"]]),
        highlight_color([tags["Risks/Financial"]]),
    }


def test_brief_summary_counts_passages_and_documents(annotated: Library, tmp_path: Path) -> None:
    document = docx.Document(str(write_brief(annotated.export_set(), tmp_path / "b.docx")))
    summary = next(t for t in document.tables if t.cell(0, 0).text == "Tag")
    rows = {r.cells[0].text: (r.cells[1].text, r.cells[2].text) for r in summary.rows[1:]}
    assert rows == {
        "Commitments": ("1", "1"),
        "Positions": ("2", "2"),
        "Risks/Financial": ("1", "1"),
        "(no tag)": ("1", "1"),
    }
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Passages by tag" in headings and "Risks/Financial" in headings


def test_brief_appendix_refers_back_to_paragraphs(annotated: Library, tmp_path: Path) -> None:
    document = docx.Document(str(write_brief(annotated.export_set(), tmp_path / "b.docx")))
    references = [p.text for p in document.paragraphs if " · " in p.text and "¶" in p.text]
    assert any(r.endswith("¶ 2") and r.startswith("Amina El-Sayed") for r in references)
    assert any("Mixed record, ¶ 2" in r for r in references)  # the Arabic paragraph
    assert any(r.endswith("¶ 2–3") for r in references)  # the passage across two paragraphs


def test_brief_options_excerpts_notes_and_filters(annotated: Library, tmp_path: Path) -> None:
    export = annotated.export_set(tag_paths=["Risks"], authors=["Amina El-Sayed"])
    assert [a.quote for a in export.annotations] == ["opportunity"]
    options = BriefOptions(excerpts_only=True, include_notes=False)
    excerpts = write_brief(export, tmp_path / "e.docx", options)
    document = docx.Document(str(excerpts))
    assert len(list(document.comments)) == 0
    body = "\n".join(p.text for p in document.paragraphs)
    assert "opportunity" in body and "Quote the SG." not in body
    assert "In opening the discussion" not in body  # no full text


def test_brief_opens_in_libreoffice(annotated: Library, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("MARGINALIA_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice is required here (CI installs libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed")
    brief = write_brief(annotated.export_set(), tmp_path / "brief.docx")
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(brief)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "brief.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    from importers import import_file

    text = " ".join(import_file(pdf).text.split())
    assert "Summary by tag" in text and "prism of opportunity rather than fear" in text


def test_csv_rows_with_bom_and_code_point_offsets(annotated: Library, tmp_path: Path) -> None:
    export = annotated.export_set()
    out = write_csv(export, tmp_path / "a.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5
    texts = {d.id: d.text for d in export.documents}
    for row in rows:
        assert texts[row["document_id"]][int(row["start"]) : int(row["end"])] == row["passage"]
    arabic = next(r for r in rows if r["passage"] == "الهجرة")
    assert (arabic["tags"], arabic["author"], arabic["document"]) == (
        "Positions", "Bo Li", "Mixed record")  # fmt: skip


def test_json_ld_selectors_resolve_to_the_quote(annotated: Library, tmp_path: Path) -> None:
    export = annotated.export_set()
    data = json.loads(write_json(export, tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 5
    texts = {f"urn:uuid:{d.id}": d.text for d in export.documents}
    for item in data["first"]["items"]:
        quote, position = item["target"]["selector"]
        text = texts[item["target"]["source"]]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
    purposes = {b["purpose"] for i in data["first"]["items"] for b in i["body"]}
    assert purposes == {"tagging", "commenting"}


def test_qdpx_is_valid_and_selections_slice_the_sources(annotated: Library, tmp_path: Path) -> None:
    export = annotated.export_set()
    out = write_qdpx(export, tmp_path / "project.qdpx")
    with zipfile.ZipFile(out) as package:
        names = set(package.namelist())
        project = package.read("project.qde")
        sources = {n: package.read(n) for n in names if n.startswith("sources/")}
    assert "project.qde" in names and len(sources) == 2
    assert not any(data.startswith(b"\xef\xbb\xbf") for data in sources.values())
    schema = xmlschema.XMLSchema(str(SCHEMA))
    schema.validate(project)
    tree = schema.to_dict(project)
    for source in tree["Sources"]["TextSource"]:
        text = sources[source["@plainTextPath"].replace("internal://", "sources/")].decode()
        for selection in source.get("PlainTextSelection", []):
            annotation = next(a for a in export.annotations if a.id == selection["@guid"])
            assert text[selection["@startPosition"] : selection["@endPosition"]] == annotation.quote
    codes = tree["CodeBook"]["Codes"]["Code"]
    risks = next(c for c in codes if c["@name"] == "Risks")
    assert [c["@name"] for c in risks["Code"]] == ["Financial"]
    assert all(c["@color"].startswith("#") for c in codes)


def test_qdpx_names_repeated_tag_names_by_path(library: Library, tmp_path: Path) -> None:
    doc = library.import_document(ImportedDocument("R", "Some text to code.", "r.txt", "txt"))
    library.annotate_tagged(doc.id, 0, 4, ["Risks/Legal", "Opportunities/Legal"])
    out = write_qdpx(library.export_set(), tmp_path / "p.qdpx")
    project = zipfile.ZipFile(out).read("project.qde").decode()
    assert 'name="Risks/Legal"' in project and 'name="Opportunities/Legal"' in project
    xmlschema.XMLSchema(str(SCHEMA)).validate(project)


@pytest.mark.parametrize("writer", [write_csv, write_json, write_qdpx, write_brief])
def test_an_unwritable_target_fails_cleanly(annotated: Library, tmp_path: Path, writer) -> None:  # type: ignore[no-untyped-def]
    export: ExportSet = annotated.export_set()
    with pytest.raises(ExportFailed):
        writer(export, tmp_path / "missing-folder" / "out.file")
    with pytest.raises(ExportFailed):
        writer(export, tmp_path)  # a folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["test.db", "test.db-shm", "test.db-wal"]


def test_a_failed_export_leaves_the_old_file_and_no_partial_one(
    annotated: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.docx"
    target.write_bytes(b"the previous brief")

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk trouble half-way")

    monkeypatch.setattr("docx.document.Document.save", broken)
    with pytest.raises(RuntimeError):
        write_brief(annotated.export_set(), target)
    assert target.read_bytes() == b"the previous brief"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".brief")] == []


def _headings(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def _page_breaks_before(document: Any, text: str) -> int:
    breaks = 0
    for paragraph in document.paragraphs:
        if paragraph.text == text:
            return breaks
        breaks += paragraph._p.xml.count('w:type="page"')
    raise AssertionError(f"{text} is not in the brief")


def test_brief_title_once_summary_on_the_title_page_and_the_locales_paper(
    annotated: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_PAPER", "fr_CH.UTF-8")  # Geneva
    (mixed,) = [d for d in annotated.documents() if d.title == "Mixed record"]
    one = annotated.export_set(document_ids=[mixed.id])
    document = docx.Document(str(write_brief(one, tmp_path / "one.docx")))
    headings = _headings(document)
    assert headings.count("Mixed record") == 1  # the title page's, not again over the text
    assert "Annotated text" in headings
    assert _page_breaks_before(document, "Summary by tag") == 0  # no page of its own
    assert _page_breaks_before(document, "Annotated text") == 1
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    monkeypatch.setenv("LC_PAPER", "en_US.UTF-8")  # New York
    document = docx.Document(str(write_brief(one, tmp_path / "ny.docx")))
    assert round(document.sections[0].page_width.inches, 2) == 8.5
    monkeypatch.setenv("LC_PAPER", "fr_CH.UTF-8")
    letter = BriefOptions(page_size="letter")  # chosen, whatever the locale
    document = docx.Document(str(write_brief(one, tmp_path / "letter.docx", letter)))
    assert round(document.sections[0].page_width.inches, 2) == 8.5
    assert [page_size_for("auto", t) for t in ("US", "ca", "FR", "CH", "")] == [
        "Letter",
        "Letter",
        "A4",
        "A4",
        "A4",
    ]


@pytest.mark.parametrize(
    ("variables", "territory"),
    [
        ({"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, ""),  # LC_ALL wins; C names none
        ({"LC_PAPER": "en_CA.UTF-8", "LANG": "fr_FR.UTF-8"}, "CA"),
        ({"LANG": "de_CH.UTF-8@euro"}, "CH"),
        ({"LANG": "C"}, ""),
    ],
)
def test_the_paper_follows_the_locales_territory_not_pythons_guess(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], territory: str
) -> None:
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert locale_territory() == territory
    assert page_size_for("auto") == ("Letter" if territory == "CA" else "A4")


def test_a_record_opening_with_its_own_title_is_not_given_it_again(
    library: Library, tmp_path: Path
) -> None:
    record = import_file(write_docx(tmp_path / "record.docx"))  # opens with "Summary record"
    stored = library.import_document(
        ImportedDocument("Summary record", record.text, "r.docx", "docx", blocks=record.blocks)
    )
    other = library.import_document(ImportedDocument("Other", "Some text.", "o.txt", "txt"))
    library.annotate_tagged(stored.id, 0, 7, ["Risks"], "")
    library.annotate_tagged(other.id, 0, 4, ["Risks"], "")
    document = docx.Document(str(write_brief(library.export_set(), tmp_path / "b.docx")))
    headings = _headings(document)
    assert headings.count("Summary record") == 1  # the record's own heading
    assert headings.count("Other") == 1  # a record without one is introduced by its title


def test_a_records_table_is_a_word_table_and_its_passages_are_annotated_in_cells(
    library: Library, tmp_path: Path
) -> None:
    record = import_file(write_docx(tmp_path / "record.docx"))
    stored = library.import_document(record)
    text = library.document(stored.id).text
    start = text.index("UNHCR")
    library.annotate_tagged(stored.id, start, start + 5, ["Risks"], "Which office?")
    document = docx.Document(str(write_brief(library.export_set(), tmp_path / "b.docx")))
    assert not [p.text for p in document.paragraphs if " | " in p.text]
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "Agency"]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [["Agency", "Position", "Date"], ["UNHCR", "Supports the forum", ""]]
    comments = comment_ranges(document)
    assert [c["text"] for c in comments.values()] == ["UNHCR"]


def _runs(brief: Any) -> list[tuple[str, dict[str, str]]]:
    """Each text run of the brief's body: its text and font attributes (rFonts, lang)."""
    found = []
    for run in brief.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        names = {k.split("}")[1]: v for k, v in (fonts.attrib.items() if fonts is not None else [])}
        if lang is not None:
            names["lang"] = lang.get(qn("w:eastAsia"))
        if text:
            found.append((text, names))
    return found


def test_brief_names_east_asian_and_emoji_fonts_on_their_runs(
    library: Library, tmp_path: Path
) -> None:
    records = {
        "Chinese": "会议讨论了移民问题。The Board 🙂 agreed.",
        "Japanese": "日本語の文章です。移民問題について。",
        "Korean": "한국어 문장입니다. Done.",
    }
    for title, text in records.items():
        record = library.import_document(ImportedDocument(title, text, f"{title}.txt", "txt"))
        for words in ("移民", "🙂 agreed", "한국어"):
            if words in text:
                start = text.index(words)
                library.annotate_tagged(record.id, start, start + len(words), ["Positions"], "")
    path = write_brief(library.export_set(), tmp_path / "brief.docx")
    brief = docx.Document(str(path))
    runs = _runs(brief)

    def fonts_of(words: str) -> dict[str, str]:
        return next(names for text, names in runs if words in text)

    chinese, japanese = [names for text, names in runs if text == "移民"][:2]  # then excerpts
    assert chinese == {"eastAsia": "SimSun", "hint": "eastAsia", "lang": "zh-CN"}
    assert japanese == {"eastAsia": "Yu Mincho", "hint": "eastAsia", "lang": "ja-JP"}
    assert fonts_of("한국어")["lang"] == "ko-KR"
    excerpts = [names for text, names in runs if text == "移民"][2:]  # in the appendix
    assert sorted(e["lang"] for e in excerpts) == ["ja-JP", "zh-CN"]
    assert fonts_of("🙂") == dict.fromkeys(("ascii", "hAnsi", "cs", "eastAsia"), "Segoe UI Emoji")
    assert "🙂" in [text for text, _ in runs]  # a run of its own
    assert fonts_of(" agreed") == {}  # Latin only: the template's fonts
    assert "🙂 agreed" in [r["text"] for r in comment_ranges(brief).values()]  # still anchored


def _tagged(library: Library, tags: int, untagged: bool = False) -> list[str]:
    """A record with one passage per tag (the palette in turn: the ninth is orange
    again), and one without a tag; returns the passages' words."""
    words = [f"point{n}" for n in range(tags + 1)]
    record = library.import_document(
        ImportedDocument("Points", " ".join(words) + ".", "p.txt", "txt")
    )
    text = library.document(record.id).text
    for n in range(tags):
        start = text.index(words[n])
        library.annotate_tagged(record.id, start, start + len(words[n]), [f"Tag {n + 1:02}"], "")
    if untagged:
        start = text.index(words[tags])
        library.annotate_tagged(record.id, start, start + len(words[tags]), [], "")
    return words


def _marks_after(brief: Any, words: list[str]) -> dict[str, str]:
    """For each passage, the raised text right after its runs (its tags' marks)."""
    marks: dict[str, str] = {}
    last = ""
    for run in brief.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        raised = run.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}") is not None
        if raised and last in words:
            marks[last] = text
        elif text:
            last = text
    return marks


def test_brief_numbers_tags_whose_colours_repeat_in_legend_and_text(
    library: Library, tmp_path: Path
) -> None:
    words = _tagged(library, tags=9)
    brief = docx.Document(str(write_brief(library.export_set(), tmp_path / "b.docx")))
    legend = next(t for t in brief.tables if t.rows[0].cells[1].text == "Tag 01")
    assert [r.cells[0].text for r in legend.rows] == [str(n) for n in range(1, 10)]
    assert _marks_after(brief, words) == {words[n]: str(n + 1) for n in range(9)}


def test_brief_numbers_the_tag_that_looks_like_no_tag_grey(
    library: Library, tmp_path: Path
) -> None:
    words = _tagged(library, tags=8, untagged=True)  # the eighth is the palette's grey
    brief = docx.Document(str(write_brief(library.export_set(), tmp_path / "b.docx")))
    assert _marks_after(brief, words)[words[7]] == "8"
    assert words[8] not in _marks_after(brief, words)  # no tag: no mark


def test_brief_needs_no_tag_numbers_when_every_colour_differs(
    library: Library, tmp_path: Path
) -> None:
    words = _tagged(library, tags=7, untagged=True)
    brief = docx.Document(str(write_brief(library.export_set(), tmp_path / "b.docx")))
    assert _marks_after(brief, words) == {}
    legend = next(t for t in brief.tables if t.rows[0].cells[1].text == "Tag 01")
    assert all(r.cells[0].text == "" for r in legend.rows)
    assert legend.rows[-1].cells[1].text == "(no tag)"


def test_passages_ending_together_share_one_mark_outside_their_comments(
    library: Library, tmp_path: Path
) -> None:
    text = "The delegate said: الهجرة والتنمية and the Board agreed. Point one."
    record = library.import_document(ImportedDocument("RTL", text, "r.txt", "txt"))
    for n in range(9):  # more tags than colours: numbers are needed
        library.ensure_tag_path(f"Tag {n + 1}")
    arabic = text.index("الهجرة")
    library.annotate_tagged(record.id, arabic, text.index(" and the"), ["Tag 1"], "")
    point = text.index("Point")
    for n in (5, 3, 9):
        library.annotate_tagged(record.id, point, point + 5, [f"Tag {n}"], "")
    brief = docx.Document(str(write_brief(library.export_set(), tmp_path / "b.docx")))
    marks = [
        (r, "".join(t.text or "" for t in r.iter(qn("w:t"))))
        for r in brief.element.body.iter(qn("w:r"))
        if r.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}") is not None
    ]
    assert sorted(text for _, text in marks) == ["1", "2,3,4"]  # legend numbers; one mark
    after_arabic = next(r for r, text in marks if text == "1")
    assert after_arabic.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None  # follows it
    ranges = comment_ranges(brief)
    assert sorted(r["text"] for r in ranges.values()) == sorted(
        ["الهجرة والتنمية", "Point", "Point", "Point"]
    )  # the marks are not inside any comment
