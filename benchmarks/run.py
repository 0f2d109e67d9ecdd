"""Run the benchmarks and print one table per area.

    python -m benchmarks          full size (about a minute on 2 cores)
    python -m benchmarks --quick  small sizes, to check the scripts still work

Every figure stands beside a floor measured in the same run (raw sqlite3 doing the same
work), so the ratio holds on any machine; targets are from the issues.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks import (
    anchoring,
    archive,
    brief,
    compare,
    corpus,
    encodings,
    gui,
    library,
    merge,
)
from benchmarks.common import print_table

AREAS = {
    "library": ("Annotation library (models/) against raw sqlite3", library),
    "gui": ("Desktop window (ui/) against a plain QPlainTextEdit", gui),
    "brief": ("Word brief (exporters/) against python-docx writing the bare paragraphs", brief),
    "merge": ("Merging databases (models/merge.py) against raw SQLite upserts", merge),
    "anchoring": (
        "Re-anchoring annotations onto a revised record (models/anchoring.py)",
        anchoring,
    ),
    "compare": ("Comparing two readings (models/agreement.py) against numpy labels", compare),
}
ON_REQUEST = {
    "archive": ("A unit's archive: many records (built once, then cached)", archive),
    "corpus": ("Import fidelity on real files (importers/)", corpus),
    "encodings": ("Reading texts of unknown encoding (importers/encodings.py)", encodings),
}
"""Areas run only when named: building the archive takes minutes the first time, and
the corpus lies outside the project (``--dir``)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--records", type=int, help="archive: how many records")
    parser.add_argument("--dir", type=Path, help="corpus: the folder of real files")
    parser.add_argument(
        "areas",
        nargs="*",
        choices=[[], *AREAS, *ON_REQUEST],
        help="only these areas (archive only when named)",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    for name in args.areas or AREAS:
        title, module = (AREAS | ON_REQUEST)[name]
        if name == "corpus":
            corpus.run(args.dir)
        elif name == "encodings":
            encodings.run()
        elif name == "archive":
            print_table(title, archive.run(quick=args.quick, records=args.records))
        else:
            print_table(title, module.run(quick=args.quick))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
