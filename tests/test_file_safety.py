"""No command destroys, leaks or mislabels the officer's files (issue #10).

Each case does what a careless or unlucky user did: writes an export over the database,
kills a share or a merge part-way, exports under another umask, fills the disk, works on
a read-only mount. Each checks that no byte of the user's data changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import models.merge
from models import ImportedDocument, Library, NewAnnotation
from models.files import PendingBackup

from conftest import ROOT, SAMPLE, subprocess_env

SECRET = "SECRET-NOTE-4711"


def state(db: Path) -> dict[str, str]:
    """The bytes of a database and its journal files."""
    files = [db, *(Path(f"{db}{s}") for s in ("-wal", "-shm", "-journal"))]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A database with the sample record and one annotation, as the CLI leaves it."""
    library = Library.open(tmp_path / "w.db", author="Officer")
    doc = library.import_document(ImportedDocument("Record", SAMPLE.read_text(), "s.txt", "txt"))
    library.annotate_tagged(doc.id, 0, 7, ["Risks"], SECRET)
    library.close()
    return tmp_path / "w.db"


def cli(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, env=subprocess_env(**env), cwd=cwd, timeout=120)  # fmt: skip


def refused(done: subprocess.CompletedProcess[str], words: str) -> None:
    assert done.returncode == 1, done.stdout
    assert done.stderr.startswith("marginalia: ") and words in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_no_export_or_share_lands_on_the_database_under_any_name(work: Path) -> None:
    folder = work.parent
    (folder / "link.db").symlink_to(work)
    os.link(work, folder / "hard.db")
    library = Library.open(work)
    library.merge(_colleague(folder))  # leaves a backup in backups/
    library.close()
    backup = next((folder / "backups").iterdir())
    before = state(work)
    targets = [str(work), "./w.db", "w.db-wal", "w.db-shm", "w.db-journal", "link.db",
               "hard.db", str(backup), "sub/../w.db"]  # fmt: skip
    (folder / "sub").mkdir()
    for target in targets:
        said = "database you are working in" if "backups" not in target else "backups"
        refused(cli("export", "--db", "w.db", "--format", "csv", "--out", target, cwd=folder), said)
        refused(cli("share", "--db", "w.db", "--out", target, "--no-notes", cwd=folder), said)
    refused(cli("merge", "--db", "w.db", "./w.db", cwd=folder), "this database itself")
    assert state(work) == before
    assert len(Library.open(work).annotations()) == 2  # its own and the colleague's


def _colleague(folder: Path) -> Path:
    other = Library.open(folder / "colleague.db", author="Colleague")
    doc = other.import_document(ImportedDocument("Record", SAMPLE.read_text(), "s.txt", "txt"))
    other.annotate_tagged(doc.id, 10, 20, ["Risks"], "theirs")
    other.close()
    return folder / "colleague.db"


def test_a_killed_share_never_leaves_excluded_notes_at_the_destination(work: Path) -> None:
    library = Library.open(work)
    doc = library.documents()[0].id
    library.annotate_many(doc, [NewAnnotation(n % 1900, n % 1900 + 30, (), f"{SECRET} {n}")
                                for n in range(30_000)])  # fmt: skip
    library.close()
    destination = work.parent / "shared-drive"
    destination.mkdir()
    rng = random.Random(10)
    for _ in range(8):
        share = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "share", "--db",
                                  str(work), "--out", str(destination / "copy.db"),
                                  "--no-notes"], env=subprocess_env())  # fmt: skip
        time.sleep(rng.uniform(0.3, 1.5))
        share.send_signal(signal.SIGKILL)
        share.wait()
        for leftover in destination.iterdir():
            assert SECRET.encode() not in leftover.read_bytes(), leftover.name
    done = cli("share", "--db", str(work), "--out", str(destination / "copy.db"), "--no-notes",
               cwd=work.parent)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [p.name for p in destination.iterdir()] == ["copy.db"]  # parts cleaned up
    assert SECRET.encode() not in (destination / "copy.db").read_bytes()
    assert not [p for p in work.parent.iterdir() if p.name.endswith((".part", "-journal"))]


def test_a_killed_merge_never_leaves_a_broken_or_false_backup_nor_prunes_real_ones(
    work: Path,
) -> None:
    other = _colleague(work.parent)
    library = Library.open(other, author="Colleague")
    doc = library.documents()[0].id
    library.annotate_many(doc, [NewAnnotation(n % 1900, n % 1900 + 9) for n in range(20_000)])
    library.close()
    pristine = work.parent / "pristine.db"
    pristine.write_bytes(work.read_bytes())
    backups = work.parent / "backups"
    backups.mkdir()
    real = [backups / f"w 2026-01-0{n} 10.00.00 before merging old.db" for n in range(1, 4)]
    for path in real:
        path.write_bytes(pristine.read_bytes())
    rng = random.Random(7)
    for _ in range(12):
        for stale in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
            stale.unlink(missing_ok=True)
        work.write_bytes(pristine.read_bytes())
        before = {p.name for p in backups.iterdir()}
        merge = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "merge", "--db",
                                  str(work), str(other)], env=subprocess_env())  # fmt: skip
        time.sleep(rng.uniform(0.2, 1.2))
        merge.send_signal(signal.SIGKILL)
        merge.wait()
        Library.open(work).close()  # the next opening settles what the kill left
        merged = sqlite3.connect(work).execute("SELECT count(*) FROM annotation").fetchone()[0] > 1
        after = {p.name for p in backups.glob("*.db")}
        assert not [p for p in backups.iterdir() if p.name.startswith(".")]
        assert set(map(str, (p.name for p in real))) <= after  # no real backup pruned
        assert len(after - before) == (1 if merged else 0)  # no backup of a merge not made
        for backup in backups.glob("*.db"):
            check = sqlite3.connect(f"file:{backup}?immutable=1", uri=True)
            assert check.execute("PRAGMA quick_check").fetchone() == ("ok",)
            check.close()
        for extra in after - before:
            (backups / extra).unlink()
    assert cli("merge", "--db", str(work), str(other), cwd=work.parent).returncode == 0


@pytest.mark.parametrize("written_meanwhile", [False, True])
def test_the_backup_before_a_merge_holds_the_database_as_last_committed(
    work: Path, monkeypatch: pytest.MonkeyPatch, written_meanwhile: bool
) -> None:
    """The backup is the file's own bytes when the log was emptied and nobody committed
    since; when another program commits in between, SQLite's backup. Either way it holds
    what was committed before the merge, and nothing of the merge."""
    other = _colleague(work.parent)
    library = Library.open(work)
    ways: list[bool] = []
    settled, prepare = models.merge._settled, models.merge.prepare_backup

    def settled_then_written(target: models.merge.MergeTarget) -> int | None:
        version = settled(target)
        if written_meanwhile:
            elsewhere = sqlite3.connect(work)
            elsewhere.execute("UPDATE annotation SET note = 'written meanwhile'")
            elsewhere.commit()
            elsewhere.close()
        return version

    def prepare_noting_the_way(file: Path, reason: str, settled: bool = False) -> PendingBackup:
        ways.append(settled)
        return prepare(file, reason, settled)

    monkeypatch.setattr(models.merge, "_settled", settled_then_written)
    monkeypatch.setattr(models.merge, "prepare_backup", prepare_noting_the_way)
    backup = library.merge(other).backup
    library.close()
    assert backup is not None and ways == [not written_meanwhile]
    assert not Path(f"{backup}-wal").exists()
    kept = sqlite3.connect(f"file:{backup}?immutable=1", uri=True)
    assert kept.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert kept.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    notes = [row[0] for row in kept.execute("SELECT note FROM annotation")]
    assert notes == ["written meanwhile" if written_meanwhile else SECRET]
    kept.close()
    merged = sqlite3.connect(work).execute("SELECT count(*) FROM annotation").fetchone()[0]
    assert merged > 1


def test_backups_only_for_merges_that_change_something_and_only_the_last_five(
    work: Path,
) -> None:
    library = Library.open(work)
    other = _colleague(work.parent)
    assert library.merge(other).backup is not None
    assert library.merge(other).backup is None  # nothing new: no backup
    bad = work.parent / "bad.db"
    bad.write_bytes(b"not a database at all, " * 100)
    with pytest.raises(Exception, match="not a Marginalia database"):
        library.merge(bad)
    backups = sorted((work.parent / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.endswith(" before merging colleague.db")
    for n in range(7):
        colleague = Library.open(other, author="Colleague")
        colleague.annotate_tagged(colleague.documents()[0].id, n, n + 3, [], f"more {n}")
        colleague.close()
        time.sleep(1.01)  # backups are named to the second
        library.merge(other)
    assert len(list((work.parent / "backups").iterdir())) == 5


@pytest.mark.parametrize("fmt", ["docx", "csv", "json", "qdpx"])
def test_written_files_follow_the_umask_and_replaced_files_keep_their_mode(
    work: Path, fmt: str
) -> None:
    out = work.parent / f"brief.{fmt}"
    done = cli("export", "--db", "w.db", "--format", fmt, "--out", out.name, cwd=work.parent)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()
    for mode in (0o644, 0o600, 0o664):
        out.chmod(mode)
        assert cli("export", "--db", "w.db", "--format", fmt, "--out", out.name,
                   cwd=work.parent).returncode == 0  # fmt: skip
        assert stat.S_IMODE(out.stat().st_mode) == mode


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_the_database_file_alone_holds_everything_after_each_command(work: Path) -> None:
    folder = work.parent
    assert cli("import", "--db", "w.db", str(_record(folder)), cwd=folder).returncode == 0
    doc = Library.open(work).documents()[0].id
    assert cli("annotate", "--db", "w.db", "--doc", doc, "--start", "1", "--end", "4",
               "--note", "after import", cwd=folder).returncode == 0  # fmt: skip
    copy = folder / "copied-alone.db"
    copy.write_bytes(work.read_bytes())  # what a colleague gets when the .db is copied
    alone = sqlite3.connect(copy)
    assert alone.execute("SELECT count(*) FROM document").fetchone() == (2,)
    assert alone.execute("SELECT count(*) FROM annotation WHERE note = 'after import'"
                         ).fetchone() == (1,)  # fmt: skip


def _big_colleague(folder: Path) -> Path:
    path = _colleague(folder)
    library = Library.open(path, author="Colleague")
    doc = library.documents()[0].id
    library.annotate_many(doc, [NewAnnotation(n % 1900, n % 1900 + 9, (), "note " * 40)
                                for n in range(3_000)])  # fmt: skip
    library.close()
    return path


def _record(folder: Path) -> Path:
    path = folder / "second.txt"
    path.write_text("A second record, imported from the command line.")
    return path


def test_the_app_sent_sigterm_leaves_a_whole_database_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = subprocess_env(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
                         QT_QPA_PLATFORM="offscreen")  # fmt: skip
    app = subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=env,
                           stderr=subprocess.DEVNULL)  # fmt: skip
    db = home / "data" / "Marginalia" / "marginalia.db"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _has_document(db):  # seeded by the app itself
        time.sleep(0.1)
    time.sleep(0.5)
    app.send_signal(signal.SIGTERM)
    assert app.wait(timeout=30) == 0
    copy = tmp_path / "alone.db"
    copy.write_bytes(db.read_bytes())
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM document").fetchone() == (1,)


def _has_document(db: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        return bool(conn.execute("SELECT count(*) FROM document").fetchone()[0])
    except sqlite3.Error:
        return False


@pytest.mark.parametrize("where", ["db", "merge", "import"])
def test_a_fifo_is_refused_at_once(work: Path, where: str) -> None:
    fifo = work.parent / ("pipe.txt" if where == "import" else "pipe.db")
    os.mkfifo(fifo)
    args = {"db": ("list", "--db", str(fifo)), "merge": ("merge", "--db", "w.db", str(fifo)),
            "import": ("import", "--db", "w.db", str(fifo))}[where]  # fmt: skip
    started = time.monotonic()
    done = cli(*args, cwd=work.parent)
    assert time.monotonic() - started < 20
    assert done.returncode == 1 and "not a regular file" in done.stderr


# -- a read-only mount and a full disk: real small filesystems ---------------------------


@contextlib.contextmanager
def small_filesystem(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where`` (needs root; else the test is skipped)."""
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip("a small filesystem cannot be mounted here (needs root): "
                    f"{mounted.stderr.decode().strip()}")  # fmt: skip
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@contextlib.contextmanager
def read_only_place(work: Path, kind: str) -> Iterator[tuple[Path, list[str]]]:
    """The database in a read-only place: a read-only mount, or a folder and file without
    write permission (as root, run without the capability to override permissions)."""
    if kind == "mount":
        with small_filesystem(work.parent / "place", "8m") as place:
            (place / "w.db").write_bytes(work.read_bytes())
            subprocess.run(["mount", "-o", "remount,ro", str(place)], check=True)
            yield place, []
        return
    place = work.parent / "place"
    place.mkdir()
    (place / "w.db").write_bytes(work.read_bytes())
    (place / "w.db").chmod(0o444)
    place.chmod(0o555)
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    if os.geteuid() == 0 and subprocess.run([*prefix, "true"]).returncode != 0:
        pytest.skip("cannot drop root's permission override here (setpriv)")
    try:
        yield place, prefix if os.geteuid() == 0 else []
    finally:
        place.chmod(0o755)


@pytest.mark.parametrize("kind", ["mount", "folder"])
def test_a_database_in_a_read_only_place_is_read_not_changed(work: Path, kind: str) -> None:
    with read_only_place(work, kind) as (place, prefix):

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            command = [*prefix, sys.executable, str(ROOT / "main.py"), *args]
            return subprocess.run(command, capture_output=True, text=True, cwd=work.parent,
                                  env=subprocess_env(), timeout=120)  # fmt: skip

        before = sorted(p.name for p in place.iterdir())
        listed = run("list", "--db", "place/w.db", "--json")
        assert listed.returncode == 0, listed.stderr
        assert run("search", "--db", "place/w.db", "Chair").returncode == 0
        exported = run("export", "--db", "place/w.db", "--format", "csv", "--out", "out.csv")
        assert exported.returncode == 0 and SECRET in (work.parent / "out.csv").read_text()
        doc = json.loads(listed.stdout)["documents"][0]["id"]
        refused(run("annotate", "--db", "place/w.db", "--doc", doc, "--start", "0", "--end", "3"),
                "read-only")  # fmt: skip
        other = _colleague(work.parent)
        # A preview merges into a private copy, then rolls back; a merge is refused.
        previewed = run("merge", "--db", "place/w.db", str(other), "--dry-run", "--json")
        assert previewed.returncode == 0, previewed.stderr
        assert json.loads(previewed.stdout)["counts"]["annotation"]["added"] > 0
        refused(run("merge", "--db", "place/w.db", str(other), "--json"), "read-only")
        assert sorted(p.name for p in place.iterdir()) == before  # no -wal or -shm left


@pytest.mark.parametrize("left", [0, 300_000])
def test_a_full_disk_is_named_and_the_database_stays_intact(work: Path, left: int) -> None:
    """With no space left (SQLite says only "disk I/O error"), and with a little (the write
    fails at commit, and a second rollback used to hide why)."""
    with small_filesystem(work.parent / "mount", "2m") as mount:
        db = mount / "w.db"
        db.write_bytes(work.read_bytes())
        library = Library.open(db)
        notes_before = [a.note for a in library.annotations()]
        library.close()
        record = work.parent / "long.txt"
        record.write_text("A long record. " * 70_000)  # about 1 MB
        filler = mount / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            while os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize > left + 4096:
                handle.write(b"\0" * 4096)
        done = cli("import", "--db", str(db), str(record), cwd=work.parent)
        assert done.returncode == 1 and "is full" in done.stderr, done.stderr
        assert str(mount) in done.stderr
        if left:  # a merge's private copy cannot be written: the disk, not their file
            merged = cli("merge", "--db", str(db), str(_big_colleague(work.parent)),
                         cwd=work.parent)  # fmt: skip
            assert merged.returncode == 1 and "is full" in merged.stderr, merged.stderr
            assert str(mount) in merged.stderr and "cannot be read" not in merged.stderr
            assert not (mount / "backups").exists()  # no empty or broken backup either
        assert "no transaction" not in done.stderr and "damaged or" not in done.stderr
        filler.unlink()
        check = sqlite3.connect(db)
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        check.close()
        after = Library.open(db)
        assert [a.note for a in after.annotations()] == notes_before
        assert len(after.documents()) == 1
