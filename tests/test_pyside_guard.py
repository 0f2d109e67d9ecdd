"""Guard against the PySide6 build that crashes CPython 3.11 (shared FACTS.md).

PySide6 6.12.0 drops a reference to None on every wrapped void call; after a few thousand
calls the interpreter dies with 'deallocating None'. pyproject.toml excludes it on 3.11;
this test fails loudly if such a build is ever installed.
"""

from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_calls_do_not_leak_references_to_none() -> None:
    from PySide6.QtCore import QObject

    holder = QObject()
    before = sys.getrefcount(None)
    for _ in range(10_000):
        holder.setObjectName("x")
    after = sys.getrefcount(None)
    assert after > before - 100, f"PySide6 leaks None references ({before} -> {after})"
