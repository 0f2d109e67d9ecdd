"""Run the benchmarks and print one table per area.

    python -m benchmarks          full size (about a minute on 2 cores)
    python -m benchmarks --quick  small sizes, to check the scripts still work

Every figure stands beside a floor measured in the same run (raw sqlite3 doing the same
work), so the ratio holds on any machine; targets are from the issues.
"""

from __future__ import annotations

import argparse
import sys

from benchmarks import library
from benchmarks.common import print_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    rows = library.run(quick=args.quick)
    print_table("Annotation library (models/) against raw sqlite3", rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
