"""Where annotations show, derived from where the officer put them (see models/merging.md).

An annotation's *home* is the passage an officer chose: shared, merged like any column,
changed only by the officer (highlight, move, accept, re-attach). Where it *shows* is a
function of the home and the record's newer versions. Follow the home's record to its
newest version, one version at a time, re-anchoring at each step (``models.anchoring``).
The annotation moves while it is found, and is marked *amended* if its words changed on
the way, or *orphaned* (left on the last version that held it) when it is lost. Every
side computes the same placement from the same rows. So a colleague's annotation on an
old version shows on the newest one, whichever order the merges ran in, and no merge
writes a change of its own.

``placed_via`` remembers the chain of versions a placement was computed along, so it is
recomputed only when the home or the chain changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from itertools import pairwise
from typing import Any

from models.anchoring import OldPassage, reanchor
from models.annotations import Annotations
from models.documents import Documents
from models.text import quote_context

_HOME = "home_start, home_end, home_quote, home_prefix, home_suffix"


class Placement(Documents, Annotations):
    """Placement of annotations on the newest version of their record."""

    def newest_versions(self) -> dict[str, list[str]]:
        """For each document in a revision relation: the chain of versions from it to the
        newest (live rows only; of two newer versions, the later created, then the
        smaller id, on every side)."""
        rows = self.all("SELECT uuid, revision_of, deleted_at IS NULL, created_at FROM document "
                        "WHERE revision_of IS NOT NULL")  # fmt: skip
        successor: dict[str, tuple[int, str]] = {}
        members: set[str] = set()
        for uuid, previous, live, created in rows:
            members.update((uuid, previous))
            if live and uuid != previous:
                best = successor.get(previous)
                if best is None or (created, _descending(uuid)) > (best[0], _descending(best[1])):
                    successor[previous] = (created, uuid)
        chains = {}
        for start in members:
            chain = [start]
            while chain[-1] in successor and successor[chain[-1]][1] not in chain:
                chain.append(successor[chain[-1]][1])
            chains[start] = chain
        return chains

    def place_annotations(
        self,
        annotation_ids: Iterable[str] | None = None,
        everything: bool = False,
        arrived: Collection[str] | None = None,
    ) -> dict[str, int]:
        """Recompute where annotations show: those of ``annotation_ids``, else those whose
        record has versions (and, with ``everything``, also check every other one shows
        at home). ``arrived`` names the annotations whose taggings a merge just wrote on
        another record than theirs (only theirs are corrected, not every tagging).
        Returns how many moved, were amended or orphaned."""
        only = None if annotation_ids is None else list(dict.fromkeys(annotation_ids))
        chains = self.newest_versions()
        if everything or only is not None:
            self._place_at_home(chains, only, arrived)
        counts: Counter[str] = Counter()
        for home, chain in chains.items():
            rows = self._stale(home, ">".join(chain), only)
            if rows:
                counts.update(self._follow(chain, rows))
        return {key: counts[key] for key in ("moved", "amended", "orphaned") if counts[key]}

    def _place_at_home(
        self,
        chains: dict[str, list[str]],
        only: list[str] | None,
        arrived: Collection[str] | None,
    ) -> None:
        """Annotations whose record has no versions show at home; a tagging's document is
        its annotation's (checked for those placed here, those of ``only`` and those that
        ``arrived``, or for every tagging when none is named)."""
        marks = ",".join("?" * len(chains))
        chosen = "" if only is None else f" AND uuid IN ({','.join('?' * len(only))})"
        rows = self.db.execute_sql(
            "UPDATE annotation SET document_uuid = home_document, start_pos = home_start, "
            "end_pos = home_end, quote = home_quote, prefix = home_prefix, suffix = home_suffix, "
            "anchor_status = 'ok', anchor_quote = '', anchor_target = NULL, "
            "placed_via = home_document WHERE deleted_at IS NULL "
            f"AND placed_via IS NOT home_document AND home_document NOT IN ({marks}){chosen} "
            "RETURNING uuid",
            (*chains, *(only or ())),
        ).fetchall()
        if only is not None:  # the taggings of the annotations named (those placed too)
            scope, params = "VALUES " + ",".join(["(?)"] * len(only)), tuple(only)
            if not only:
                return
        elif arrived is not None:  # those placed here, and those the caller names
            self.db.cursor().executemany(
                "UPDATE annotation_tag SET document_uuid = (SELECT document_uuid FROM "
                "annotation WHERE uuid = ?) WHERE annotation_uuid = ?",
                [(uuid, uuid) for uuid in dict.fromkeys([*(row[0] for row in rows), *arrived])],
            )
            return
        else:  # every tagging
            scope, params = "", ()
        within = f" AND l.annotation_uuid IN ({scope})" if scope else ""
        self.db.execute_sql(
            "UPDATE annotation_tag AS l SET document_uuid = a.document_uuid FROM annotation a "
            f"WHERE a.uuid = l.annotation_uuid AND l.document_uuid IS NOT a.document_uuid{within}",
            params,
        )

    def _stale(self, home: str, via: str, only: list[str] | None) -> list[tuple[Any, ...]]:
        chosen = "" if only is None else f" AND uuid IN ({','.join('?' * len(only))})"
        return self.all(
            f"SELECT uuid, {_HOME} FROM annotation WHERE home_document = ? "
            f"AND deleted_at IS NULL AND placed_via IS NOT ?{chosen}",
            (home, via, *(only or ())),
        )

    def _follow(self, chain: list[str], rows: list[tuple[Any, ...]]) -> Counter[str]:
        """Carry passages along ``chain`` one version at a time; write where they land."""
        via, texts = ">".join(chain), {d: self._text_of(d) for d in chain}
        moving = {r[0]: OldPassage(*r) for r in rows}
        home_quote = {r[0]: r[3] for r in rows}
        placed: dict[str, tuple[str, OldPassage]] = {r: (chain[0], p) for r, p in moving.items()}
        status: dict[str, tuple[str, str | None]] = dict.fromkeys(moving, ("ok", None))
        for old, new in pairwise(chain):
            for landing in reanchor(texts[old], texts[new], list(moving.values())):
                if landing.start is None or landing.end is None:
                    status[landing.id] = ("orphaned", new)
                    del moving[landing.id]
                    continue
                prefix, quote, suffix = quote_context(texts[new], landing.start, landing.end)
                passage = OldPassage(landing.id, landing.start, landing.end, quote, prefix, suffix)
                moving[landing.id] = passage
                placed[landing.id] = (new, passage)
                if landing.outcome == "amended":
                    status[landing.id] = ("amended", None)
        counts: Counter[str] = Counter()
        for annotation_id, (document_id, p) in placed.items():
            state, target = status[annotation_id]
            old_quote = home_quote[annotation_id] if state != "ok" else ""
            self.db.execute_sql(
                "UPDATE annotation SET document_uuid = ?, start_pos = ?, end_pos = ?, quote = ?, "
                "prefix = ?, suffix = ?, anchor_status = ?, anchor_quote = ?, anchor_target = ?, "
                "placed_via = ? WHERE uuid = ?",
                (document_id, p.start, p.end, p.quote, p.prefix, p.suffix, state, old_quote,
                 target, via, annotation_id),
            )  # fmt: skip
            self.db.execute_sql(
                "UPDATE annotation_tag SET document_uuid = ? WHERE annotation_uuid = ?",
                (document_id, annotation_id),
            )
            if len(chain) > 1:
                counts["moved" if state == "ok" else state] += 1
        return counts

    def _text_of(self, document_id: str) -> str:
        row = self.require("SELECT text FROM document WHERE uuid = ?", (document_id,),
                           f"document with id {document_id}")  # fmt: skip
        return str(row[0])


def _descending(uuid: str) -> str:
    """Sort key that puts the smaller id first under max()."""
    return "".join(chr(0x10FFFF - ord(c)) for c in uuid)
