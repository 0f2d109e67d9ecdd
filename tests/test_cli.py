"""The command-line contract, end to end through subprocesses."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from conftest import MIXED_TEXT, ROOT, SAMPLE, Cli, subprocess_env
from records import write_docx, write_scanned_pdf


def listing(cli, db: Path) -> dict:  # type: ignore[no-untyped-def]
    done = cli("list", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_clean_failure(done) -> None:  # type: ignore[no-untyped-def]
    assert done.returncode == 1
    assert done.stderr.startswith("marginalia: ")
    assert "Traceback" not in done.stderr + done.stdout


def test_import_prints_a_line_per_file_and_exits_1_when_one_is_refused(
    cli,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    db = tmp_path / "work.db"
    scan = write_scanned_pdf(tmp_path / "scan.pdf")
    word = write_docx(tmp_path / "record.docx")
    done = cli("import", "--db", str(db), str(SAMPLE), str(scan), str(word))
    assert done.returncode == 1
    lines = done.stdout.splitlines()  # results on stdout, the refusal on stderr
    assert len(lines) == 2 and all("imported as" in line for line in lines)
    (refusal,) = done.stderr.splitlines()
    assert refusal.startswith(f"marginalia: {scan}: refused") and "OCR" in refusal
    assert [d["title"] for d in listing(cli, db)["documents"]] == [
        "ceb migration dialogue",
        "Summary record of the CEB",
    ]


def test_reimport_is_reported_with_the_existing_id(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "work.db"
    first = cli("import", "--db", str(db), str(SAMPLE))
    again = cli("import", "--db", str(db), str(SAMPLE))
    existing = first.stdout.split("imported as ")[1].split()[0]
    assert again.returncode == 0
    assert f"already in the library as {existing}" in again.stdout
    assert len(listing(cli, db)["documents"]) == 1


def test_annotate_by_quote_and_range_then_list_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "work.db"
    source = tmp_path / "mixed.txt"
    source.write_bytes(MIXED_TEXT.replace("\n", "\r\n").encode("utf-8"))
    cli("import", "--db", str(db), str(source))
    doc = listing(cli, db)["documents"][0]
    assert doc["length"] == len(MIXED_TEXT)
    assert doc["content_hash"] == hashlib.sha256(MIXED_TEXT.encode()).hexdigest()

    quoted = cli("annotate", "--db", str(db), "--doc", doc["id"][:8], "--quote", "commitment",
                 "--tag", "Commitments", "--tag", "Risks/Deadlines", "--note", "By 2027",
                 "--author", "Amina El-Sayed")  # fmt: skip
    assert quoted.returncode == 0, quoted.stderr
    start = MIXED_TEXT.index("الهجرة")
    ranged = cli("annotate", "--db", str(db), "--doc", doc["id"], "--start", str(start),
                 "--end", str(start + 6))  # fmt: skip
    assert ranged.returncode == 0, ranged.stderr

    data = listing(cli, db)
    assert data["documents"][0]["annotations"] == 2
    assert {t["path"]: t["count"] for t in data["tags"]} == {
        "Commitments": 1, "Risks": 0, "Risks/Deadlines": 1,
    }  # fmt: skip
    assert all(t["color"].startswith("#") and len(t["color"]) == 7 for t in data["tags"])
    by_id = {a["id"]: a for a in data["annotations"]}
    first = by_id[quoted.stdout.strip()]
    assert first["quote"] == "commitment"
    assert MIXED_TEXT[first["start"] : first["end"]] == "commitment"
    assert first["tags"] == ["Commitments", "Risks/Deadlines"]
    assert (first["note"], first["author"]) == ("By 2027", "Amina El-Sayed")
    assert first["created"].endswith("Z")
    second = by_id[ranged.stdout.strip()]
    assert (second["quote"], second["author"], second["tags"]) == ("الهجرة", "CLI Officer", [])
    assert set(second) == {"id", "document", "start", "end", "quote", "tags", "note", "author",
                           "created", "modified", "status"}  # fmt: skip


@pytest.mark.parametrize(("quote", "count"), [("the", "occurs"), ("no such words", "does not")])
def test_annotate_quote_must_match_once(cli, tmp_path: Path, quote: str, count: str) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "work.db"
    cli("import", "--db", str(db), str(SAMPLE))
    doc = listing(cli, db)["documents"][0]["id"]
    done = cli("annotate", "--db", str(db), "--doc", doc, "--quote", quote, "--tag", "New")
    assert_clean_failure(done)
    assert count in done.stderr
    data = listing(cli, db)
    assert data["annotations"] == [] and data["tags"] == []  # the tag was not created either


@pytest.mark.parametrize(
    "args",
    [
        ["--start", "5", "--end", "5"],
        ["--start", "0", "--end", "999999"],
        ["--start", "-3", "--end", "2"],
    ],
)
def test_annotate_bad_ranges_fail_cleanly(cli, tmp_path: Path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "work.db"
    cli("import", "--db", str(db), str(SAMPLE))
    doc = listing(cli, db)["documents"][0]["id"]
    assert_clean_failure(cli("annotate", "--db", str(db), "--doc", doc, *args))
    assert_clean_failure(cli("annotate", "--db", str(db), "--doc", "ffff0000", *args))


def test_annotate_needs_range_or_quote(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = cli("annotate", "--db", str(tmp_path / "x.db"), "--doc", "abcd", "--start", "1")
    assert done.returncode == 2 and "--quote" in done.stderr


def test_search_json_and_text(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "work.db"
    cli("import", "--db", str(db), str(SAMPLE))
    done = cli("search", "--db", str(db), "intergovernmental", "--json")
    result = json.loads(done.stdout)
    hit = result["results"][0]
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "intergovernmental"
    text = cli("search", "--db", str(db), "intergovernmental")
    assert "[intergovernmental]" in text.stdout
    assert "No document matches" in cli("search", "--db", str(db), "zebra").stdout


def corrupt_files(tmp_path: Path) -> dict[str, Path]:
    files = {"text": tmp_path / "notes.db", "empty": tmp_path / "empty.db"}
    files["text"].write_text("not a database")
    files["empty"].write_bytes(b"")
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE accounts (id INTEGER)")
    conn.commit()
    conn.close()
    files["foreign"] = foreign
    return files


@pytest.mark.parametrize("kind", ["text", "empty", "foreign", "newer", "truncated"])
@pytest.mark.parametrize("command", ["import", "list", "annotate", "search"])
def test_bad_databases_are_refused_byte_for_byte_untouched(
    cli,
    tmp_path: Path,
    kind: str,
    command: str,  # type: ignore[no-untyped-def]
) -> None:
    good = tmp_path / "good.db"
    cli("import", "--db", str(good), str(SAMPLE))
    if kind == "newer":
        conn = sqlite3.connect(good)
        conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
        conn.commit()
        conn.close()
        path = good
    elif kind == "truncated":
        conn = sqlite3.connect(good)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        path = tmp_path / "cut.db"
        path.write_bytes(good.read_bytes()[:5000])
    else:
        path = corrupt_files(tmp_path)[kind]
    before = path.read_bytes()
    extra = {"import": [str(SAMPLE)], "list": [], "search": ["migration"],
             "annotate": ["--doc", "abcd", "--start", "0", "--end", "3"]}[command]  # fmt: skip
    done = cli(command, "--db", str(path), *extra)
    assert_clean_failure(done)
    assert path.read_bytes() == before


def test_a_missing_database_is_created_by_import_but_not_by_list(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "missing.db"
    assert_clean_failure(cli("list", "--db", str(missing)))
    assert not missing.exists()
    assert cli("import", "--db", str(missing), str(SAMPLE)).returncode == 0
    assert missing.exists()


@pytest.mark.parametrize("fmt", ["docx", "csv", "json", "qdpx"])
def test_export_writes_each_format(cli, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "work.db"
    cli("import", "--db", str(db), str(SAMPLE))
    doc = listing(cli, db)["documents"][0]["id"]
    cli("annotate", "--db", str(db), "--doc", doc, "--quote", "prism of opportunity",
        "--tag", "Positions", "--note", "SG framing")  # fmt: skip
    out = tmp_path / f"brief.{fmt}"
    done = cli("export", "--db", str(db), "--format", fmt, "--out", str(out), "--doc", doc[:8])
    assert done.returncode == 0, done.stderr
    assert "1 annotation from 1 document" in done.stdout
    assert out.stat().st_size > 0
    if fmt == "json":
        assert json.loads(out.read_text())["total"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "Unknown export format"),
        (["--format", "csv", "--doc", "ffffffff"], "names no document"),
        (["--format", "csv", "--tag", "Nope"], "no tag"),
        (["--format", "csv", "--author", "Nobody"], "No one named"),
    ],
)
def test_export_refuses_bad_options_and_writes_nothing(
    cli, tmp_path: Path, args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "work.db"
    cli("import", "--db", str(db), str(SAMPLE))
    out = tmp_path / "out.file"
    done = cli("export", "--db", str(db), "--out", str(out), *args)
    assert_clean_failure(done)
    assert message in done.stderr
    assert not out.exists()


def test_export_to_an_unwritable_place_fails_cleanly(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "work.db"
    cli("import", "--db", str(db), str(SAMPLE))
    done = cli("export", "--db", str(db), "--format", "docx", "--out",
               str(tmp_path / "no-such-folder" / "brief.docx"))  # fmt: skip
    assert_clean_failure(done)
    assert "does not exist" in done.stderr


def test_two_colleagues_share_and_merge_to_identical_listings(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ana, bo = tmp_path / "ana.db", tmp_path / "bo.db"
    cli("import", "--db", str(ana), str(SAMPLE))
    cli("import", "--db", str(bo), str(SAMPLE))  # the same record, imported separately
    doc_a = listing(cli, ana)["documents"][0]["id"]
    doc_b = listing(cli, bo)["documents"][0]["id"]
    first = cli("annotate", "--db", str(ana), "--doc", doc_a, "--quote", "prism of opportunity",
                "--tag", "Positions", "--author", "Ana").stdout.strip()  # fmt: skip
    cli("annotate", "--db", str(ana), "--doc", doc_a, "--quote", "Global Migration Group as",
        "--tag", "Risks", "--author", "Ana")  # fmt: skip
    cli("annotate", "--db", str(bo), "--doc", doc_b, "--quote", "intergovernmental body",
        "--tag", "risks/Institutional", "--note", "GMG overlap", "--author", "Bo")  # fmt: skip
    assert cli("merge", "--db", str(bo), str(ana)).returncode == 0  # Bo takes Ana's work
    assert cli("share", "--db", str(bo), "--out", str(tmp_path / "for-ana.db")).returncode == 0
    done = cli("merge", "--db", str(ana), str(tmp_path / "for-ana.db"), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["counts"]["annotation"]["added"] == 1 and report["backup"]
    # Ana deletes one passage, Bo retags another; they merge both ways again.
    script = ("import sys; sys.path.insert(0, sys.argv[1]); from models import Library; "
              "lib = Library.open(sys.argv[2], author=sys.argv[3]); exec(sys.argv[4])")  # fmt: skip

    def run(db: Path, who: str, code: str) -> None:
        subprocess.run([sys.executable, "-c", script, str(ROOT), str(db), who, code],
                       check=True, env=subprocess_env())  # fmt: skip

    run(ana, "Ana", f"lib.delete_annotation({first!r})")
    run(bo, "Bo", "a = [x for x in lib.annotations() if x.quote.startswith('Global')][0]; "
                  "lib.set_tags(a.id, [lib.ensure_tag_path('Commitments').id])")  # fmt: skip
    cli("merge", "--db", str(ana), str(bo))
    cli("merge", "--db", str(bo), str(ana))
    left, right = listing(cli, ana), listing(cli, bo)
    assert left == right
    assert len(left["documents"]) == 1
    assert sorted(a["quote"] for a in left["annotations"]) == [
        "Global Migration Group as", "intergovernmental body"]  # fmt: skip
    assert {a["author"] for a in left["annotations"]} == {"Ana", "Bo"}
    again = cli("merge", "--db", str(ana), str(bo), "--dry-run", "--json")
    counts = json.loads(again.stdout)["counts"]
    assert all(c["added"] == c["updated"] == c["deleted"] == 0 for c in counts.values())


def test_merge_refuses_a_file_that_is_not_a_database(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "work.db"
    cli("import", "--db", str(db), str(SAMPLE))
    bad = tmp_path / "notes.db"
    bad.write_text("just some notes")
    before = db.read_bytes()
    done = cli("merge", "--db", str(db), str(bad))
    assert_clean_failure(done)
    assert "not a Marginalia database" in done.stderr
    assert db.read_bytes() == before


# -- every edit, scriptable -----------------------------------------------------------------


def one_line_refusal(done, words: str) -> None:  # type: ignore[no-untyped-def]
    assert_clean_failure(done)
    assert len(done.stderr.splitlines()) == 1 and words in done.stderr, done.stderr


def test_tag_edits_from_the_command_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "work.db")
    cli("import", "--db", db, str(SAMPLE))
    doc = listing(cli, Path(db))["documents"][0]["id"]
    note = cli("annotate", "--db", db, "--doc", doc, "--start", "0", "--end", "7",
               "--tag", "Risks/Legal").stdout.strip()  # fmt: skip
    steps = [
        (("tag", "create", "--db", db, "Commitments/Dates", "--color", "#112233"),
         "created tag “Commitments/Dates”"),
        (("tag", "rename", "--db", db, "Risks", "Hazards"), "renamed tag “Risks” to “Hazards”"),
        (("tag", "move", "--db", db, "Hazards/Legal", "--under", "Commitments"),
         "moved tag “Hazards/Legal” to “Commitments/Legal”"),
        (("tag", "merge", "--db", db, "Commitments/Legal", "Commitments/Dates"),
         "into “Commitments/Dates”"),
    ]  # fmt: skip
    for args, said in steps:
        done = cli(*args)
        assert done.returncode == 0 and said in done.stdout, done.stderr
    data = listing(cli, Path(db))
    assert [a["tags"] for a in data["annotations"]] == [["Commitments/Dates"]]
    deleted = cli("tag", "delete", "--db", db, "Commitments")
    assert "1 passage lost it" in deleted.stdout
    assert listing(cli, Path(db))["annotations"][0]["tags"] == []
    undo = deleted.stdout.split("Undo: ")[1].split()
    restored = cli(*undo[:2], "--db", db, *undo[2:])
    assert restored.returncode == 0 and "restored tag “Commitments”" in restored.stdout
    assert listing(cli, Path(db))["annotations"][0]["tags"] == ["Commitments/Dates"]
    assert note  # the annotation made above still exists, tagged again


def test_tag_edits_that_cannot_be_done_are_refused_in_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "work.db")
    cli("import", "--db", db, str(SAMPLE))
    cli("tag", "create", "--db", db, "Risks/Legal")
    cli("tag", "create", "--db", db, "Hazards")
    one_line_refusal(cli("tag", "rename", "--db", db, "Nowhere", "X"), "There is no tag")
    one_line_refusal(cli("tag", "move", "--db", db, "Risks", "--under", "Risks/Legal"),
                     "cannot be moved under itself")  # fmt: skip
    one_line_refusal(cli("tag", "rename", "--db", db, "Hazards", "risks"), "already exists")
    one_line_refusal(cli("tag", "create", "--db", db, "Risks"), "already exists")
    one_line_refusal(cli("tag", "restore", "--db", db, "0000"), "no deleted tag")
    assert [t["path"] for t in listing(cli, Path(db))["tags"]] == [
        "Hazards",
        "Risks",
        "Risks/Legal",
    ]


def test_annotation_and_document_edits_from_the_command_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "work.db")
    cli("import", "--db", db, str(SAMPLE))
    doc = listing(cli, Path(db))["documents"][0]["id"]
    note = cli("annotate", "--db", db, "--doc", doc, "--start", "0", "--end", "7").stdout.strip()
    short = note[:8]
    for args, said in [
        (("note", short, "FX sensitivity"), "note set (14 characters)"),
        (("tags", short, "Risks", "Commitments/Dates"), "tags Commitments/Dates, Risks"),
        (("move", short, "--start", "4", "--end", "11"), "now 4-11"),
        (("delete", short), "deleted annotation"),
        (("restore", short), "restored annotation"),
    ]:
        done = cli("annotation", args[0], "--db", db, *args[1:])
        assert done.returncode == 0 and said in done.stdout, done.stderr
    (annotation,) = listing(cli, Path(db))["annotations"]
    assert (annotation["start"], annotation["end"], annotation["note"]) == (4, 11, "FX sensitivity")
    one_line_refusal(cli("annotation", "note", "--db", db, "ffff", "x"), "names no annotation")
    one_line_refusal(cli("annotation", "move", "--db", db, short, "--start", "5", "--end", "5"),
                     "is empty")  # fmt: skip
    gone = cli("document", "delete", "--db", db, doc[:8])
    assert gone.returncode == 0 and "with 1 annotation" in gone.stdout
    assert listing(cli, Path(db))["documents"] == []
    back = cli("document", "restore", "--db", db, doc[:8])
    assert back.returncode == 0 and "with 1 annotation" in back.stdout
    one_line_refusal(cli("document", "restore", "--db", db, doc[:8]), "names no deleted document")


@pytest.mark.parametrize("wildcards", ["%%%%", "____", "%" * 8, "_" * 8])
def test_document_ids_are_matched_literally(cli, tmp_path: Path, wildcards: str) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "work.db")
    cli("import", "--db", db, str(SAMPLE))
    done = cli("annotate", "--db", db, "--doc", wildcards, "--start", "0", "--end", "3")
    one_line_refusal(done, "names no document")
    assert listing(cli, Path(db))["annotations"] == []


def test_opening_a_database_that_needed_repair_says_so_on_stderr(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "work.db"
    cli("import", "--db", str(db), str(SAMPLE))
    conn = sqlite3.connect(db)  # what an older version could leave: one text, two rows
    conn.execute("INSERT INTO document (uuid, title, text, content_hash, created_at, "
                 "modified_at) SELECT '00000000-0000-4000-8000-000000000000', 'Again', text, "
                 "content_hash, created_at, modified_at FROM document")  # fmt: skip
    conn.commit()
    conn.close()
    done = cli("list", "--db", str(db), "--json")
    assert done.returncode == 0
    assert done.stderr.startswith("marginalia: repaired") and "joined" in done.stderr
    assert [d["id"] for d in json.loads(done.stdout)["documents"]] == [
        "00000000-0000-4000-8000-000000000000"]  # fmt: skip
    again = cli("list", "--db", str(db))
    assert again.returncode == 0 and again.stderr == ""
    assert list((tmp_path / "backups").glob("work * before repairing.db"))


def test_a_reader_that_stops_early_gets_no_error_message(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from models import Library, NewAnnotation

    db = tmp_path / "work.db"
    cli("import", "--db", str(db), str(SAMPLE))
    library = Library.open(db)
    doc = library.documents()[0].id
    library.annotate_many(doc, [NewAnnotation(n % 900, n % 900 + 40) for n in range(3_000)])
    library.close()  # about 1 MB of JSON: far more than a pipe holds
    script = f"{sys.executable} {ROOT / 'main.py'} list --db {db} --json | head -1"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                          env=subprocess_env(), timeout=60)  # fmt: skip
    assert done.stdout.strip() == "{"
    assert done.stderr == ""  # not "marginalia: Broken pipe"


def test_compare_tells_how_far_two_authors_agree(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    cli("import", "--db", str(db), str(SAMPLE))
    listing = json.loads(cli("list", "--db", str(db), "--json").stdout)
    doc = listing["documents"][0]["id"]
    for author, quote, tag in (
        ("Amina", "prism of opportunity rather than fear", "Positions"),
        ("Bo Li", "prism of opportunity", "Positions"),
        ("Bo Li", "effective follow-up to the High-level Dialogue", "Commitments"),
    ):
        done = cli(
            "annotate",
            "--db",
            str(db),
            "--doc",
            doc,
            "--quote",
            quote,
            "--tag",
            tag,
            "--author",
            author,
        )
        assert done.returncode == 0, done.stderr
    done = cli(
        "compare", "--db", str(db), "--doc", doc[:8], "--authors", "Amina", "Bo Li", "--json"
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    rows = {r["tag"]: r for r in result["tags"]}
    assert list(rows) == ["(any passage)", "Commitments", "Positions"]
    positions = rows["Positions"]
    assert positions["characters"] == {"first": 37, "second": 20, "both": 20}
    assert positions["passages"]["agreed_first"] == 1  # 20 of 37 characters: over half
    assert rows["Commitments"]["kappa"] == 0.0  # a tag one reader never used
    assert [p["quote"] for p in result["only_second"]] == [
        "effective follow-up to the High-level Dialogue"
    ]
    both = ("compare", "--db", str(db), "--doc", doc, "--authors", "Amina", "Bo Li")
    text = cli(*both, "--min-overlap", "0.8")
    assert text.returncode == 0 and "Only Amina marked: 1" in text.stdout and "kappa" in text.stdout
    unknown = cli("compare", "--db", str(db), "--doc", doc, "--authors", "Amina", "Cy")
    assert unknown.returncode == 1 and "Cy" in unknown.stderr and "Traceback" not in unknown.stderr
    silly = cli(*both, "--min-overlap", "2")
    by_tag = cli(
        "compare", "--db", str(db), "--doc", doc, "--tags", "Positions", "Commitments", "--json"
    )  # two tags as two readings, whoever marked them
    assert by_tag.returncode == 0, by_tag.stderr
    (whole,) = json.loads(by_tag.stdout)["tags"]
    assert whole["characters"] == {"first": 37, "second": 46, "both": 0}
    neither = cli(
        "compare",
        "--db",
        str(db),
        "--doc",
        doc,
        "--authors",
        "Amina",
        "Bo Li",
        "--tags",
        "Positions",
        "Commitments",
    )
    assert neither.returncode == 2  # one or the other
    brief = tmp_path / "brief.docx"
    export = ("export", "--db", str(db), "--format", "docx", "--out", str(brief))
    done = cli(*export, "--compare", "Amina", "Bo Li")
    assert done.returncode == 0, done.stderr
    written = docx.Document(str(brief))
    assert "How far Amina and Bo Li agree" in [p.text for p in written.paragraphs]
    (table,) = [t for t in written.tables if t.rows[0].cells[0].text == "Tag"][-1:]
    assert [c.text for c in table.rows[0].cells][:3] == ["Tag", "Agreement", "Kappa"]
    positions = next(r for r in table.rows if r.cells[0].text == "Positions")
    assert [c.text for c in positions.cells][3:6] == ["37", "20", "20"]
    stranger = cli(*export, "--compare", "Amina", "Cy")
    assert stranger.returncode == 1 and "Cy" in stranger.stderr
    table_only = cli(
        "export",
        "--db",
        str(db),
        "--format",
        "csv",
        "--out",
        str(tmp_path / "t.csv"),
        "--compare",
        "Amina",
        "Bo Li",
    )
    assert table_only.returncode == 1 and "docx" in table_only.stderr
    assert silly.returncode == 1 and "overlap" in silly.stderr
