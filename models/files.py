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
from dataclasses import dataclass
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
                what = "the database" if guarded == database else "a file of the database"
                raise UnsafeTarget(f"{target} is {what} you are working in "
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
    if target.is_symlink():  # write the file the link points to; the link stays a link
        target = Path(os.path.realpath(target))
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


@dataclass
class PendingBackup:
    """A backup written but not yet in place: ``keep`` once the change it guards is
    committed, ``discard`` if it is not (a killed process leaves only a part, which the
    next run removes: never a backup of a change that did not happen)."""

    part: Path
    target: Path
    database: Path

    def keep(self) -> Path:
        os.replace(self.part, self.target)
        _prune(self.target.parent, self.database)
        return self.target

    def discard(self) -> None:
        self.part.unlink(missing_ok=True)


def settle_backups(database: Path, committed: str | None) -> None:
    """Deal with backup parts a killed process left beside ``database``: the one whose
    change was committed (the database names it as ``committed``) takes its place as a
    backup; the others guarded changes that never happened and are removed."""
    folder = database.parent / BACKUPS
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        found = _PART.match(entry.name)
        if not found or _running(int(found.group(1))):
            continue
        if entry.name == committed and not found.group(2):
            os.replace(entry, folder / entry.name[1:].rsplit(".", 2)[0])
            _prune(folder, database)
        else:
            entry.unlink(missing_ok=True)


def backup_database(file: Path, reason: str) -> Path:
    """Write a backup of the database ``file`` now (see ``prepare_backup``)."""
    return prepare_backup(file, reason).keep()


def prepare_backup(file: Path, reason: str, settled: bool = False) -> PendingBackup:
    """Copy the database ``file`` as last committed (SQLite's backup API, read by its own
    connection) into a part in its ``backups`` folder, to be named by when and why; the
    newest ``KEEP_BACKUPS`` are kept when it is put in place.

    With ``settled`` the caller vouches that the file itself holds everything committed
    and that nothing writes it meanwhile (its write-ahead log was emptied and no other
    connection has committed since, see ``models.merge``): its bytes are copied, three
    times as fast as the backup API for a large archive."""
    folder = file.parent / BACKUPS
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise WriteFailed(describe_os_error(error, folder / file.name)) from error
    remove_stale_parts(folder)
    when = time.strftime("%Y-%m-%d %H.%M.%S")
    target = folder / f"{file.stem} {when} {reason}{file.suffix or '.db'}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{file.stem} {when} {reason} ({counter}){file.suffix or '.db'}"
    part = new_part(folder, target.name)
    try:
        _copy_database(file, part, settled)
        os.chmod(part, mode_for(file))
    except (sqlite3.Error, OSError) as error:
        for leftover in (part, *(Path(f"{part}{s}") for s in ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        message = (_sqlite_write_error(error, target) if isinstance(error, sqlite3.Error)
                   else describe_os_error(error, target))  # fmt: skip
        raise WriteFailed(message) from error
    return PendingBackup(part, target, file)


def _copy_database(file: Path, part: Path, settled: bool) -> None:
    if settled:
        shutil.copyfile(file, part)
    else:
        source, copy = sqlite3.connect(f"file:{_quoted(file)}?mode=ro", uri=True), None
        try:
            copy = sqlite3.connect(part)
            source.backup(copy)
        finally:
            source.close()
            if copy is not None:
                copy.close()
    copy = sqlite3.connect(part)
    try:
        copy.execute("PRAGMA journal_mode = DELETE")  # one file, readable alone
    finally:
        copy.close()


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
