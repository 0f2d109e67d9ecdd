"""Merging two archives (issue #15): a colleague's archive that shares half the records
of the unit's archive, merged back into it.

The colleague's archive is built once beside the unit's (cached like it): a share of
the second half of the records, in which the colleague then imported as many records of
their own (annotated alike), wrote notes on 1,000 shared passages, retagged 1,000 and
deleted 500. The floor is raw SQLite upserting the same rows (``benchmarks.merge``).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from benchmarks.archive import CHARS, PER_RECORD, archive_path
from benchmarks.common import Row, random_passages, synthetic_text, timed
from benchmarks.merge import upsert_floor

EDITED = 1_000


def colleague_path(records: int) -> Path:
    unit = archive_path(records)
    return unit.with_name(unit.stem + "-colleague.db")


def build_colleague(records: int) -> Path:
    """The colleague's archive for the unit's archive of ``records`` records (built once)."""
    from models import ImportedDocument, Library

    path = colleague_path(records)
    if path.exists():
        return path
    unit, part = archive_path(records), path.with_suffix(".building")
    part.unlink(missing_ok=True)
    source = path.with_suffix(".source")
    shutil.copyfile(unit, source)  # sharing notes the colleague in the source: not the cache
    library = Library.open(source, author="Archivist")
    documents = [d.id for d in library.documents(counted=False)]
    tags = [t.id for t in library.tags()]
    library.share(part, document_ids=documents[len(documents) // 2 :])
    library.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{source}{suffix}").unlink(missing_ok=True)
    colleague = Library.open(part, author="Colleague")
    rng = random.Random(records + 1)
    for number in range(records, records + records // 2):
        text = synthetic_text(CHARS, seed=number)
        imported = ImportedDocument(f"Record {number:05d}", text, f"r{number}.txt", "txt")
        document = colleague.import_document(imported).id
        colleague.annotate_many(document, random_passages(rng, len(text), PER_RECORD, tags, True))
    shared = [
        a.id
        for d in documents[len(documents) // 2 :][: EDITED // 10]
        for a in colleague.annotations(d)
    ]
    rng.shuffle(shared)
    for number, annotation_id in enumerate(shared[: EDITED * 2 + EDITED // 2]):
        if number < EDITED:
            colleague.set_note(annotation_id, f"checked by the colleague ({number})")
        elif number < 2 * EDITED:
            colleague.set_tags(annotation_id, [rng.choice(tags)])
        else:
            colleague.delete_annotation(annotation_id)
    colleague.close()
    part.rename(path)
    return path


def merge_row(records: int, work: Path) -> Row:
    """Merge the colleague's archive into a copy of the unit's, beside the same merge done
    by raw upserts into another copy."""
    from models import Library

    colleague = build_colleague(records)
    unit = archive_path(records)
    floor_copy = work.with_name("floor.db")
    shutil.copyfile(unit, floor_copy)
    floor = upsert_floor(floor_copy, colleague)
    floor_copy.unlink()
    shutil.copyfile(unit, work)
    library = Library.open(work, author="Archivist")
    ours = timed(lambda: library.merge(colleague))
    library.close()
    name = f"merge two archives ({records:,} + {records:,} records, half shared)"
    return Row(name, ours, floor, "< 60 s, ≤ 3× floor", ours < 60 and ours <= 3 * floor)
