"""Writing files without destroying, leaking or mislabelling an officer's work.

Every file Marginalia writes (exports, shared copies, backups) is written to a temporary
``.NAME.PID-XXXX.part`` beside it and renamed into place, so a failure or a kill never
leaves half a file, and parts left by a killed process are removed the next time. A new
file gets the permissions the officer's umask gives; a replaced file keeps its own. No
write may land on the database itself, its journal files or its backups, whatever the
path is called.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from models.errors import MarginaliaError

BACKUPS = "backups"
"""The folder beside a database where its backups are kept."""
KEEP_BACKUPS = 5
"""Backups kept per database; older ones are removed when a new one is written."""
SIDECARS = ("-wal", "-shm", "-journal")
_PART = re.compile(r"^\..+\.(\d+)-[A-Za-z0-9_]+\.part(-wal|-shm|-journal)?$")


class UnsafeTarget(MarginaliaError):
    """Writing there would destroy the database, one of its journals or backups."""


class WriteFailed(MarginaliaError):
    """A file could not be written; nothing was changed (no half file is left)."""


def check_target(target: Path, protected: Iterable[Path] = ()) -> None:
    """Refuse to write ``target`` when it is, under any spelling (relative path, symlink,
    hard link), one of the ``protected`` databases, their journal files or backups, or
    when it is not a regular file (a folder, a FIFO, a device)."""
    if target.exists() and not target.is_file():
        what = "a folder" if target.is_dir() else "not a regular file"
        raise UnsafeTarget(f"{target} is {what}; give the name of a file to write.")
    resolved = target.resolve()
    for database in protected:
        database = database.resolve()
        for guarded in (database, *(Path(f"{database}{s}") for s in SIDECARS)):
            same = resolved == guarded or (
                target.exists() and guarded.exists() and os.path.samefile(target, guarded)
            )
            if same:
                raise UnsafeTarget(f"{target} is the database you are working in "
                                   f"({database.name}); choose another file name.")  # fmt: skip
        if resolved.parent == database.parent / BACKUPS:
            raise UnsafeTarget(f"{target} is in the backups of {database.name}; "
                               "choose another folder.")  # fmt: skip


def remove_stale_parts(folder: Path) -> None:
    """Remove the temporary parts a killed Marginalia process left in ``folder``."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        found = _PART.match(entry.name)
        if found and not _running(int(found.group(1))):
            entry.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def new_part(folder: Path, name: str) -> Path:
    """A new, empty temporary file ``.NAME.PID-XXXX.part`` in ``folder`` (mode 0600)."""
    try:
        handle, part = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}-", suffix=".part",
                                        dir=folder)  # fmt: skip
    except OSError as error:
        raise WriteFailed(describe_os_error(error, folder / name)) from error
    os.close(handle)
    return Path(part)


@contextmanager
def atomic_file(target: str | Path, protected: Iterable[Path] = (),
                mode: int | None = None) -> Iterator[Path]:  # fmt: skip
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    The file gets ``mode``, else the replaced file's mode, else what the umask gives a new
    file. On any error the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    check_target(target, protected)
    if not target.parent.is_dir():
        raise WriteFailed(f"Cannot write {target}: the folder {target.parent} does not exist.")
    remove_stale_parts(target.parent)
    part = new_part(target.parent, target.name)
    try:
        yield part
        os.chmod(part, mode if mode is not None else mode_for(target))
        os.replace(part, target)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise WriteFailed(describe_os_error(error, target)) from error
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def mode_for(target: Path) -> int:
    """The permissions a file written at ``target`` should have: those of the file it
    replaces, else those the umask gives a new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def disk_full(folder: Path) -> bool:
    """Whether the disk holding ``folder`` is (nearly) full: SQLite then reports only a
    "disk I/O error", which must not be taken for a damaged file."""
    try:
        return shutil.disk_usage(folder).free < 256 * 1024
    except OSError:
        return False


def describe_os_error(error: OSError, target: Path) -> str:
    """One sentence for a person about why ``target`` could not be written."""
    folder = target.parent
    if error.errno == errno.ENOSPC:
        return f"The disk holding {folder} is full: {target.name} was not written."
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"{folder} cannot be written to (read-only, or not yours): {target.name} "
                "was not written.")  # fmt: skip
    return f"Cannot write {target} ({error.strerror or error})."


def backup_database(file: Path, reason: str) -> Path:
    """Write a consistent copy of the database ``file`` (its last committed state, read
    with SQLite's backup API) into its ``backups`` folder, named by when and why; keep the
    newest ``KEEP_BACKUPS``. Written as a part and renamed: never a broken backup."""
    folder = file.parent / BACKUPS
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise WriteFailed(describe_os_error(error, folder / file.name)) from error
    when = time.strftime("%Y-%m-%d %H.%M.%S")
    target = folder / f"{file.stem} {when} {reason}{file.suffix or '.db'}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{file.stem} {when} {reason} ({counter}){file.suffix or '.db'}"
    with atomic_file(target, mode=mode_for(file)) as part:
        source = sqlite3.connect(f"file:{_quoted(file)}?mode=ro", uri=True)
        copy = sqlite3.connect(part)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, readable alone
        except sqlite3.Error as error:
            raise WriteFailed(_sqlite_write_error(error, target)) from error
        finally:
            copy.close()
            source.close()
    _prune(folder, file)
    return target


def _prune(folder: Path, file: Path) -> None:
    prefix, suffix = f"{file.stem} ", file.suffix or ".db"
    mine = sorted((p for p in folder.iterdir()
                   if p.name.startswith(prefix) and p.name.endswith(suffix)),
                  key=lambda p: p.stat().st_mtime_ns)  # fmt: skip
    for old in mine[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)


def _quoted(file: Path) -> str:
    return quote(str(file.resolve()))


def _sqlite_write_error(error: sqlite3.Error, target: Path) -> str:
    if "full" in str(error):
        return f"The disk holding {target.parent} is full: {target.name} was not written."
    return f"Cannot write {target} ({error})."
