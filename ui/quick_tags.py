"""Which tag Ctrl+1…9 means: the officer's choice, kept per database in the app's
settings and stable until changed (adding a tag never renumbers the others)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from models import Tag

QUICK_TAGS = 9


class QuickTags:
    """Numbers 1…9 of one database, each naming a tag or free.

    A number keeps its tag's id while the tag is deleted (undo brings it back with its
    number) and follows a tag merged into another.
    """

    def __init__(self, settings: QSettings, database_id: str) -> None:
        self._settings = settings
        self._key = f"quick-tags/{database_id}"
        saved = settings.value(self._key)
        self._ids: list[str] = [str(v) for v in saved] if isinstance(saved, list) else []
        self._seeded = isinstance(saved, list)
        self._ids = (self._ids + [""] * QUICK_TAGS)[:QUICK_TAGS]

    def numbered(self, tags: list[Tag], canonical: dict[str, str]) -> list[Tag | None]:
        """The tag each number means now (None: free). The first time a database is
        opened its first nine tags get 1…9."""
        if not self._seeded:
            self._ids = ([t.id for t in tags[:QUICK_TAGS]] + [""] * QUICK_TAGS)[:QUICK_TAGS]
            self._save()
        shown = {t.id: t for t in tags}
        numbered = [shown.get(canonical.get(i, i)) if i else None for i in self._ids]
        for tag in {t.id: t for t in numbered if t is not None}.values():
            keys = [n for n, t in enumerate(numbered) if t is not None and t.id == tag.id]
            if len(keys) > 1:  # a tag merged into another: the target keeps its own key
                keep = next((n for n in keys if self._ids[n] == tag.id), keys[0])
                for n in keys:
                    numbered[n] = tag if n == keep else None
        return numbered

    def number_of(self, tag_id: str, tags: list[Tag], canonical: dict[str, str]) -> int | None:
        """The number (1…9) of a tag, if it has one."""
        for number, tag in enumerate(self.numbered(tags, canonical), start=1):
            if tag is not None and tag.id == tag_id:
                return number
        return None

    def assign(self, number: int, tag_id: str | None) -> None:
        """Give ``number`` (1…9) to a tag (taking it from any other number), or free it."""
        self._ids = ["" if i == tag_id else i for i in self._ids]
        self._ids[number - 1] = tag_id or ""
        self._save()

    def give_free_number(self, tag_id: str, tags: list[Tag], canonical: dict[str, str]) -> None:
        """A new tag takes the lowest free number, if there is one."""
        numbered = self.numbered(tags, canonical)
        if any(t is not None and t.id == tag_id for t in numbered):
            return
        free = [n for n, tag in enumerate(numbered, start=1) if tag is None]
        if free:
            self.assign(free[0], tag_id)

    def _save(self) -> None:
        self._seeded = True
        self._settings.setValue(self._key, list(self._ids))
        self._settings.sync()
