"""Word's automatic paragraph numbers, as Word shows them: "1.", "(a)", "iv.", "2.3".

Word does not store these numbers in the text; it counts them as it lays the document
out, from the list definitions in ``word/numbering.xml``. An officer cites the record by
them ("paragraph 12 (b)"), so the importer writes each label at the start of its
paragraph, as the reader and the brief then show it. Counting follows the usual rules:
one counter per list and level, starting at the level's start value (or the list's
override); counting a level resets the levels below it. Bullets get no label (the
paragraph stays a list item).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLACE = re.compile(r"%([1-9])")
_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


class Level(NamedTuple):
    start: int
    format: str
    """Word's numFmt: decimal, lowerLetter, upperRoman, bullet, none, ..."""
    text: str
    """Word's lvlText: "%1.", "(%2)", "%1.%2." ..."""
    style: str
    """The paragraph style tied to this level (its pStyle), if any."""


def _val(element: Any, child: str, default: str = "") -> str:
    found = element.find(f"{W}{child}") if element is not None else None
    return str(found.get(f"{W}val", default)) if found is not None else default


def _number(value: str, default: int) -> int:
    return int(value) if value.lstrip("-").isdigit() else default


def roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def letters(number: int) -> str:
    """Word's letter numbering: a … z, then aa … zz, aaa …"""
    if number < 1:
        return str(number)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def formatted(number: int, style: str) -> str:
    if style == "lowerLetter":
        return letters(number)
    if style == "upperLetter":
        return letters(number).upper()
    if style == "lowerRoman":
        return roman(number)
    if style == "upperRoman":
        return roman(number).upper()
    if style == "decimalZero":
        return f"{number:02d}"
    return str(number)


class Numbering:
    """Counts a document's numbered paragraphs in reading order."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, Level]] = {}  # numId -> its levels
        self._counts: dict[str, dict[int, int]] = {}
        self._style_lists: dict[str, tuple[str, int]] = {}  # style id -> (numId, ilvl)
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no lists in this document
        abstract = {a.get(f"{W}abstractNumId"): a for a in numbering.findall(f"{W}abstractNum")}
        for num in numbering.findall(f"{W}num"):
            definition = abstract.get(_val(num, "abstractNumId"))
            if definition is None:
                continue
            levels = self._levels_of(definition)
            for override in num.findall(f"{W}lvlOverride"):
                level = _number(override.get(f"{W}ilvl", ""), -1)
                start = _val(override, "startOverride")
                if level in levels and start:
                    levels[level] = levels[level]._replace(start=_number(start, 1))
            self._levels[str(num.get(f"{W}numId"))] = levels
        self._read_styles(document)

    @staticmethod
    def _levels_of(definition: Any) -> dict[int, Level]:
        levels = {}
        for lvl in definition.findall(f"{W}lvl"):
            level = _number(lvl.get(f"{W}ilvl", ""), -1)
            start = _number(_val(lvl, "start", "1"), 1)
            kind, text = _val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText")
            levels[level] = Level(start, kind, text, _val(lvl, "pStyle"))
        return levels

    def _read_styles(self, document: Any) -> None:
        """Styles that number their paragraphs (List Number), following basedOn."""
        styles = {s.get(f"{W}styleId"): s for s in document.styles.element.findall(f"{W}style")}
        for style_id in styles:
            seen, current = set(), styles.get(style_id)
            while current is not None and style_id not in self._style_lists:
                num_pr = current.find(f"{W}pPr/{W}numPr")
                if num_pr is not None and _val(num_pr, "numId"):
                    self._style_lists[style_id] = self._list_of(num_pr, style_id)
                based = _val(current, "basedOn")
                if not based or based in seen:
                    break
                seen.add(based)
                current = styles.get(based)

    def _list_of(self, num_pr: Any, style_id: str = "") -> tuple[str, int]:
        num_id = _val(num_pr, "numId")
        level = _val(num_pr, "ilvl")
        if not level:  # a level may name the style it numbers
            tied = [n for n, lv in self._levels.get(num_id, {}).items() if lv.style == style_id]
            return num_id, tied[0] if tied else 0
        return num_id, _number(level, 0)

    def label(self, p_pr: Any, style_id: str) -> tuple[str, int] | None:
        """Count a paragraph (its pPr element and style id); return (its label, its list
        level), "" for a bullet, or None when it is not numbered."""
        num_pr = p_pr.find(f"{W}numPr") if p_pr is not None else None
        where = self._list_of(num_pr, style_id) if num_pr is not None else None
        if where is None or not where[0]:
            where = self._style_lists.get(style_id)
        if where is None or where[0] in ("", "0") or where[0] not in self._levels:
            return None
        num_id, level = where
        levels = self._levels[num_id]
        if level not in levels:
            return None
        counts = self._counts.setdefault(num_id, {})
        counts[level] = counts.get(level, levels[level].start - 1) + 1
        for deeper in [n for n in counts if n > level]:
            del counts[deeper]
        own = levels[level]
        if own.format in ("bullet", "none"):
            return "", level

        def place(match: re.Match[str]) -> str:
            n = int(match.group(1)) - 1
            if n not in levels:
                return ""
            return formatted(counts.get(n, levels[n].start), levels[n].format)

        return _PLACE.sub(place, own.text).strip(), level
