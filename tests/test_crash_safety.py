"""Killing the CLI in the middle of a bulk import leaves an intact database."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from importers import import_file
from models import Library

from conftest import ROOT, SAMPLE, subprocess_env

FILES = 200


def write_records(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for number in range(FILES):
        path = folder / f"record-{number:03}.txt"
        body = f"Record {number}: the Board discussed item {number} 😀 قال.\n\n" * 900
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def test_sigkill_mid_import_keeps_the_database_intact(tmp_path: Path) -> None:
    db = tmp_path / "work.db"
    earlier = Library.open(db, author="Earlier Officer")
    sample = earlier.import_document(import_file(SAMPLE))
    kept = earlier.annotate_tagged(sample.id, 0, 3, ["Kept"], note="earlier work")
    earlier.close()

    records = write_records(tmp_path / "records")
    command = [sys.executable, "-u", str(ROOT / "main.py"), "import", "--db", str(db)]
    with subprocess.Popen(
        [*command, *map(str, records)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=subprocess_env(),
    ) as process:  # fmt: skip
        assert process.stdout is not None
        for _ in range(10):  # let it commit a few documents, then kill it mid-flight
            assert "imported as" in process.stdout.readline()
        time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO document_fts(document_fts) VALUES ('integrity-check')")
    rows = conn.execute("SELECT title, text, content_hash, structure FROM document").fetchall()
    assert 10 < len(rows) < FILES + 1, "the kill must land in the middle of the import"
    for _title, text, digest, structure in rows:
        assert hashlib.sha256(text.encode()).hexdigest() == digest  # no half-written text
        assert structure != "[]"
    conn.close()

    after = Library.open(db, author="Earlier Officer")
    assert after.annotation(kept.id).note == "earlier work"
    assert after.tag_by_path("Kept").annotation_count == 1
    imported = len(after.documents())
    rerun = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "import", "--db", str(db), *map(str, records)],
        capture_output=True, text=True, env=subprocess_env(), timeout=300,
    )  # fmt: skip
    assert rerun.returncode == 0
    assert rerun.stdout.count("already in the library") == imported - 1
    assert len(after.documents()) == FILES + 1
