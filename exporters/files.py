"""Writing export files safely: a temporary file renamed into place, never half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from models.errors import MarginaliaError


class ExportFailed(MarginaliaError):
    """The export could not be written; no file (or the old one, untouched) is left."""


class ExportCancelled(ExportFailed):
    """The officer stopped the export; no file (or the old one, untouched) is left."""


Progress = Callable[[int, int], bool | None]
"""A progress report (done, total); returning False asks the writer to stop."""


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target``.

    On any error the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    if target.is_dir():
        raise ExportFailed(f"{target} is a folder; give a file name to export to.")
    if not target.parent.is_dir():
        raise ExportFailed(f"Cannot write {target}: the folder {target.parent} does not exist.")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                        dir=target.parent)  # fmt: skip
    except OSError as error:
        raise ExportFailed(f"Cannot write in {target.parent} ({error.strerror}).") from error
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportFailed(f"Cannot write {target} ({error.strerror}).") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
