"""Shared fixtures. Qt runs offscreen; no test reaches the network (see nonet/)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from models import ImportedDocument, Library

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app's settings (window layout, quick keys, name) never touch the real home.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="marginalia-settings-")
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="marginalia-cache-")  # kept tag counts

pytest_plugins = ["gui_support"]  # the GUI fixtures: prompts, mixed

ROOT = Path(__file__).resolve().parent.parent
NONET = Path(__file__).resolve().parent / "nonet"
SAMPLE = ROOT / "resources" / "sample" / "ceb-migration-dialogue.txt"
MIXED_TEXT = (
    "Opening 😀 remarks by the Chair.\n\n"
    "قال الأمين العام إن الهجرة قضية عالمية.\n\n"
    "Emoji 𝔘𝔑 and more: 👩🏽‍⚖️ then the commitment to report by 2027."
)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "test.db", author="Test Officer")
    yield lib
    lib.close()


@pytest.fixture
def sample_document(library):  # type: ignore[no-untyped-def]
    from importers import import_file

    return library.import_document(import_file(SAMPLE))


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


Cli = Callable[..., CliResult]
"""The ``cli`` fixture: ``cli("list", "--db", …)`` runs ``python main.py`` with those."""


def ana_shares_a_passage(tmp_path: Path, record: str) -> tuple[Library, str]:
    """Ana imports ``record``, highlights "agreed to report" (note "first", tag Risks) and
    shares her database with Bo as bo.db: her library and the passage's id."""
    ana = Library.open(tmp_path / "ana.db", author="Ana")
    record_id = ana.import_document(ImportedDocument("Board record", record, "r.txt", "txt")).id
    start = record.index("agreed to report")
    passage = ana.annotate_tagged(record_id, start, start + 16, ["Risks"], "first").id
    ana.share(tmp_path / "bo.db")
    return ana, passage


def subprocess_env(**extra: str) -> dict[str, str]:
    """Environment for a CLI subprocess: network blocked, a known author, a private home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join([str(NONET), str(ROOT)])
    env["MARGINALIA_AUTHOR"] = "CLI Officer"
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


@pytest.fixture
def cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run ``python main.py ARGS`` in a subprocess; returns exit code and output."""
    home = tmp_path / "home"
    home.mkdir()

    def run(*args: str, **env: str) -> CliResult:
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=subprocess_env(HOME=str(home), XDG_DATA_HOME=str(home / "data"), **env),
            cwd=tmp_path,
            timeout=120,
        )
        return CliResult(done.returncode, done.stdout, done.stderr)

    return run
