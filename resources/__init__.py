"""Plain resource files (the sample record, icons, style sheets), found through one helper."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent
SAMPLE_RECORD = ROOT / "sample" / "ceb-migration-dialogue.txt"
SAMPLE_TITLE = (
    "CEB summary record: follow-up to the High-level Dialogue on International Migration "
    "and Development"
)


def resource(relative: str) -> Path:
    """The path of a file under ``resources/``; raises FileNotFoundError if it is missing."""
    path = ROOT / relative
    if not path.is_file():
        raise FileNotFoundError(f"Marginalia resource missing: {relative}")
    return path
