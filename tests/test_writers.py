"""Two programs writing one database (the app and a script) queue instead of failing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from models import ImportedDocument, Library

from conftest import ROOT, subprocess_env

WRITER = """
import sys
from models import Library
library = Library.open(sys.argv[1], author=sys.argv[2])
document = library.documents()[0].id
errors = 0
for n in range(1000):
    try:
        library.annotate_tagged(document, n % 50, n % 50 + 5, ["Risks"], f"{sys.argv[2]} {n}")
    except Exception as error:  # counted, not raised: the test reports how many failed
        errors += 1
        print(type(error).__name__, error, file=sys.stderr)
print(errors)
"""


def test_two_processes_making_1000_annotations_each_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    library = Library.open(path, author="Setup")
    library.import_document(ImportedDocument("Record", "word " * 40, "r.txt", "txt"))
    library.close()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=subprocess_env(), cwd=ROOT)
               for name in ("App", "Script")]  # fmt: skip
    results = [writer.communicate(timeout=300) for writer in writers]
    assert [out.strip() for out, _ in results] == ["0", "0"], [err for _, err in results]
    library = Library.open(path)
    notes = [a.note for a in library.annotations()]
    assert len(notes) == 2_000 and len(set(notes)) == 2_000
    assert [t.annotation_count for t in library.tags()] == [2_000]
