"""The layers of DESIGN.md: models/, importers/ and exporters/ never import Qt."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, subprocess_env


def test_import_contract_forbids_qt_in_the_qt_free_layers() -> None:
    """import-linter follows indirect imports through every module of the packages."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_loading_the_qt_free_layers_loads_no_qt_at_all() -> None:
    """Import every module of the three packages in a fresh interpreter; Qt stays unloaded."""
    script = """
import importlib, pkgutil, sys
for package in ("models", "importers", "exporters"):
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(info.name)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui")))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(),
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_the_qt_free_packages_pass_strict_mypy() -> None:
    from mypy import api

    report, errors, status = api.run(["--config-file", str(ROOT / "pyproject.toml")])
    assert status == 0, report + errors
