"""Careless or hostile input gets one clear line, and every export stays valid (issue #10)."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from exporters import ExportOptions, export
from models import ImportedDocument, Library

from conftest import ROOT, subprocess_env

CONTROLS = "a\x00b\x01c\x07d\x0be\x0cf\ufffeg\uffffh"


def cli(*args: str | bytes, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, env=subprocess_env(**env), cwd=cwd, timeout=120)  # fmt: skip


@pytest.fixture
def work(tmp_path: Path) -> Path:
    library = Library.open(tmp_path / "w.db", author="Officer")
    library.import_document(ImportedDocument("Record", "The Board agreed. " * 20, "r.txt", "txt"))
    library.close()
    return tmp_path / "w.db"


def doc_of(db: Path) -> str:
    return Library.open(db).documents()[0].id


def test_arguments_that_are_not_text_and_numbers_out_of_range_get_one_line(work: Path) -> None:
    doc = doc_of(work)
    bad = b"caf\xe9 \xff"  # not UTF-8
    done = cli("annotate", "--db", str(work), "--doc", doc, "--start", "0", "--end", "3",
               "--note", bad, cwd=work.parent)  # fmt: skip
    assert done.returncode == 2 and "is not valid text" in done.stderr
    huge = cli("annotate", "--db", str(work), "--doc", doc, "--start", "1", "--end", str(10**30),
               cwd=work.parent)  # fmt: skip
    assert huge.returncode == 1 and "lies outside the document" in huge.stderr
    for outcome in (done, huge):
        assert "unexpected error" not in outcome.stderr and "Traceback" not in outcome.stderr
    named = work.parent / b"caf\xe9.txt".decode("utf-8", "surrogateescape")
    named.write_text("A record whose file name is not UTF-8.")
    imported = cli("import", "--db", str(work), str(named), cwd=work.parent)
    assert imported.returncode == 0 and "imported as" in imported.stdout, imported.stderr


def test_control_characters_never_break_an_export(work: Path, tmp_path: Path) -> None:
    """Typed into a note, a tag, a title, an imported file; or merged from a colleague."""
    source = tmp_path / "controls.txt"
    source.write_bytes(f"Opening {CONTROLS.replace(chr(0), '')} remarks.\n".encode())
    assert cli("import", "--db", str(work), str(source), cwd=tmp_path).returncode == 0
    library = Library.open(work, author="Officer")
    doc = library.documents()[0]
    annotation = library.annotate_tagged(doc.id, 0, 5, [f"Tag {CONTROLS}"], f"Note {CONTROLS}")
    library.rename_document(doc.id, f"Title {CONTROLS}")
    assert "\x07" not in library.annotation(annotation.id).note  # cleaned on entry
    assert "\n" in library.set_note(annotation.id, "two\r\nlines\x07").note
    library.db.execute_sql("UPDATE annotation SET note = ?", (f"Merged {CONTROLS}",))
    for fmt in ("docx", "qdpx", "json", "csv"):
        out = export(library.export_set(), fmt, tmp_path / f"out.{fmt}")
        assert out.stat().st_size > 0
    comments = [c.text for c in docx.Document(str(tmp_path / "out.docx")).comments]
    assert any("Merged a\ufffdb" in text for text in comments)
    with zipfile.ZipFile(tmp_path / "out.qdpx") as archive:
        assert "Merged a\ufffdb" in archive.read("project.qde").decode()


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(work: Path) -> None:
    library = Library.open(work, author="=cmd|' /C calc'!A0")
    doc = library.documents()[0].id
    library.annotate_tagged(doc, 0, 3, ["+Risks"], '=HYPERLINK("http://evil","x")')
    library.annotate_tagged(doc, 4, 9, [], "@SUM(1+1)")
    library.db.execute_sql("UPDATE annotation SET note = '-2+3' WHERE note = '@SUM(1+1)'")
    guarded = work.parent / "guarded.csv"
    export(library.export_set(), "csv", guarded)
    rows = list(csv.DictReader(guarded.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["note"] for r in rows] == ['\'=HYPERLINK("http://evil","x")', "'-2+3"]
    assert rows[0]["tags"] == "'+Risks" and rows[0]["author"].startswith("'=")
    raw = work.parent / "raw.csv"
    export(library.export_set(), "csv", raw, ExportOptions(keep_formulas=True))
    assert next(csv.DictReader(raw.read_text(encoding="utf-8-sig").splitlines()))["note"][0] == "="


def test_text_output_shows_escape_sequences_instead_of_obeying_them(work: Path) -> None:
    library = Library.open(work, author="Officer")
    doc = library.documents()[0].id
    library.db.execute_sql("UPDATE document SET title = ?", ("Rec\x1b[2Jord\u202eevil\u200b",))
    library.annotate_tagged(doc, 0, 3, [], "")
    library.db.execute_sql("UPDATE author SET name = ?", ("Ana\x1b]0;owned\x07",))
    library.close()
    listed = cli("list", "--db", str(work), cwd=work.parent)
    assert "\x1b" not in listed.stdout and "\u202e" not in listed.stdout
    assert "Rec<U+001B>[2Jord<U+202E>evil<U+200B>" in listed.stdout
    found = cli("search", "--db", str(work), "Board", cwd=work.parent)
    assert "\x1b" not in found.stdout and "<U+001B>" in found.stdout
    exact = json.loads(cli("list", "--db", str(work), "--json", cwd=work.parent).stdout)
    assert exact["documents"][0]["title"] == "Rec\x1b[2Jord\u202eevil\u200b"  # JSON stays exact


def test_a_refusal_shows_control_characters_in_a_typed_path_escaped_on_one_line(
    work: Path,
) -> None:
    out = work.parent / "no such folder\x1b[2J\nfake: line" / "copy.db"
    done = cli("share", "--db", str(work), "--out", str(out), cwd=work.parent)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "\x1b" not in done.stderr
    assert "<U+001B>[2J fake: line" in done.stderr


def test_the_command_line_search_says_when_more_documents_match(work: Path) -> None:
    library = Library.open(work, author="Officer")
    for n in range(52):
        library.import_document(ImportedDocument(f"Note {n}", f"Funding note {n}.", "n.txt", "txt"))
    library.close()
    found = cli("search", "--db", str(work), "funding", cwd=work.parent)
    assert found.returncode == 0 and found.stdout.count("(1 hit)") == 50
    assert found.stdout.rstrip().endswith("the best 50 are listed; add words to narrow them.")
    listing = json.loads(
        cli("search", "--db", str(work), "funding", "--json", cwd=work.parent).stdout
    )
    assert listing["more"] is True and len(listing["results"]) == 50


def test_a_pdf_that_asks_not_to_be_extracted_imports_without_log_lines(tmp_path: Path) -> None:
    from fpdf import FPDF
    from fpdf.enums import AccessPermission

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "The Board agreed to report by 2027 on migration. " * 5)
    pdf.set_encryption(owner_password="owner", permissions=AccessPermission.PRINT_LOW_RES)
    pdf.output(str(tmp_path / "restricted.pdf"))
    done = cli("import", "--db", str(tmp_path / "w.db"), str(tmp_path / "restricted.pdf"),
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0 and "imported as" in done.stdout
    assert done.stderr == ""  # not "The PDF <_io.BytesIO object at 0x…> should not allow…"


def test_without_a_display_the_app_says_how_to_run(tmp_path: Path) -> None:
    env = {k: v for k, v in subprocess_env(HOME=str(tmp_path)).items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(tmp_path / "w.db")],
                          capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert "no display" in done.stderr and "python main.py --help" in done.stderr
    assert "xcb" not in done.stderr


def _web_annotation_faults(item: dict[str, object]) -> list[str]:
    """The Web Annotation Data Model's MUST constraints our items can touch (sections
    3.1-3.3), as the W3C test suite's must-pass assertions check them."""
    faults = []
    context = item.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if "http://www.w3.org/ns/anno.jsonld" not in contexts:
        faults.append("@context")
    if not isinstance(item.get("id"), str) or not re.match(r"^[a-z][a-z0-9+.-]*:", str(item["id"])):
        faults.append("id is not an IRI")
    if item.get("type") != "Annotation" and "Annotation" not in (item.get("type") or []):  # type: ignore[operator]
        faults.append("type")
    if "target" not in item:
        faults.append("target")
    if "body" in item and "bodyValue" in item:
        faults.append("body and bodyValue")
    body = item.get("body")
    textual = (
        isinstance(body, list)
        and body
        and all(
            isinstance(b, dict)
            and b.get("type") == "TextualBody"
            and isinstance(b.get("value"), str)
            for b in body
        )
    )
    if body is not None and not textual:
        faults.append("body is not a list of textual bodies")
    for key in ("created", "modified"):
        value = item.get(key)
        if value is not None and not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z",
                                                  str(value)):  # fmt: skip
            faults.append(f"{key} is not an xsd:dateTime with a time zone")
    return faults


def test_json_ld_items_each_pass_the_models_must_assertions(work: Path) -> None:
    library = Library.open(work, author="Officer")
    doc = library.documents()[0].id
    library.annotate_tagged(doc, 0, 3, [], "")  # no tag, no note: no body at all
    library.annotate_tagged(doc, 4, 9, ["Risks"], "a note")
    out = export(library.export_set(), "json", work.parent / "all.jsonld")
    collection = json.loads(out.read_text())
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and page["id"].startswith("urn:uuid:")
    for item in page["items"]:
        assert _web_annotation_faults(item) == [], item
    assert "body" not in page["items"][0]
    empty = export(library.export_set(authors=["Officer"], tag_paths=["Risks"]), "json",
                   work.parent / "one.jsonld")  # fmt: skip
    assert json.loads(empty.read_text())["total"] == 1
    library.create_tag("Unused")
    nothing = export(library.export_set(tag_paths=["Unused"]), "json", work.parent / "no.jsonld")
    assert "first" not in json.loads(nothing.read_text())  # an empty collection has no page


def test_an_empty_refi_qda_export_is_refused_not_written_invalid(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Library.open(db).close()
    done = cli("export", "--db", str(db), "--format", "qdpx", "--out", "p.qdpx", cwd=tmp_path)
    assert done.returncode == 1 and "at least one document" in done.stderr
    assert not (tmp_path / "p.qdpx").exists()


def test_a_hot_journal_beside_a_database_is_not_called_damaged(work: Path) -> None:
    other = work.parent / "copied.db"
    other.write_bytes(work.read_bytes())
    Path(f"{other}-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\0" * 504)
    done = cli("merge", "--db", str(work), str(other), cwd=work.parent)
    assert done.returncode == 1 and "being written" in done.stderr
    assert "damaged" not in done.stderr
    assert sqlite3.connect(work).execute("PRAGMA quick_check").fetchone() == ("ok",)
