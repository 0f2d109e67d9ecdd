"""Writing export files safely: a temporary file renamed into place, never half a file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from models.errors import MarginaliaError
from models.files import UnsafeTarget, WriteFailed, atomic_file


class ExportFailed(MarginaliaError):
    """The export could not be written; no file (or the old one, untouched) is left."""


class ExportCancelled(ExportFailed):
    """The officer stopped the export; no file (or the old one, untouched) is left."""


Progress = Callable[[int, int], bool | None]
"""A progress report (done, total); returning False asks the writer to stop."""


@contextmanager
def atomic_path(target: str | Path, protected: Iterable[Path] = ()) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target``
    (see ``models.files.atomic_file``: never half a file, never over ``protected``).

    On any error the temporary file is removed and ``target`` is left as it was.
    """
    try:
        with atomic_file(target, protected) as part:
            yield part
    except (WriteFailed, UnsafeTarget) as error:
        raise ExportFailed(str(error)) from error
