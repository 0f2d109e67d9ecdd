"""Tag colours: validation and a colour-blind-safe default palette."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from models.errors import InvalidTag

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common form of
# colour blindness. Black is left out: it cannot serve as a highlight.
PALETTE = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#999999",  # grey
)
_HEX = re.compile(r"#?([0-9A-Fa-f]{6})")


def normalise_color(color: str) -> str:
    """'#e69f00' or 'E69F00' -> '#E69F00'; anything else raises ``InvalidTag``."""
    match = _HEX.fullmatch(color.strip())
    if not match:
        raise InvalidTag(f"“{color}” is not a colour; use the form #RRGGBB.")
    return "#" + match.group(1).upper()


def next_color(used: Iterable[str]) -> str:
    """The palette colour used least so far (earliest in the palette on a tie)."""
    counts = Counter(c.upper() for c in used)
    return min(PALETTE, key=lambda c: (counts[c], PALETTE.index(c)))


TINT = 0.55
"""How much of a tag colour shows over the page in a highlight."""


def _rgb(color: str) -> tuple[int, int, int]:
    value = normalise_color(color)
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c):02X}" for c in rgb)


def highlight_color(colors: Iterable[str], page: str = "#FFFFFF", tint: float = TINT) -> str:
    """The shading for a passage: the average of its tag colours laid over the page.

    Overlapping passages therefore get a blend of their tags' colours.
    """
    return _highlight(tuple(sorted(colors)), page, tint)


@lru_cache(maxsize=4096)
def _highlight(colors: tuple[str, ...], page: str, tint: float) -> str:
    rgbs = [_rgb(c) for c in colors] or [_rgb("#B0B0B0")]
    mean = tuple(sum(c[i] for c in rgbs) / len(rgbs) for i in range(3))
    base = _rgb(page)
    return _hex(tuple(base[i] + (mean[i] - base[i]) * tint for i in range(3)))  # type: ignore[arg-type]


def luminance(color: str) -> float:
    """WCAG relative luminance of #RRGGBB."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(color)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio (1 to 21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@lru_cache(maxsize=4096)
def text_color_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return (
        "#000000"
        if contrast(background, "#000000") >= contrast(background, "#FFFFFF")
        else "#FFFFFF"
    )


def own_colour(author_id: str) -> str:
    """The palette colour an author's id points at (a hash, the same everywhere)."""
    return PALETTE[hashlib.sha256(author_id.encode()).digest()[0] % len(PALETTE)]


def authors_palette(authors: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each author's colour, from (name, id) in the order they first wrote: their own
    colour, or the next in the palette that no earlier author holds (their own again
    once the palette is used up). A name met again keeps its first colour."""
    colours: dict[str, str] = {}
    for name, author_id in authors:
        if name in colours:
            continue
        own = PALETTE.index(own_colour(author_id))
        turns = (PALETTE[(own + n) % len(PALETTE)] for n in range(len(PALETTE)))
        taken = set(colours.values())
        colours[name] = next((c for c in turns if c not in taken), PALETTE[own])
    return colours


def author_color(name: str) -> str:
    """A stable palette colour for an author, so a colleague's work is told apart at a
    glance (the same name gets the same colour on every machine)."""
    digest = hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).digest()
    return PALETTE[digest[0] % len(PALETTE)]


ALIKE = 40.0
"""Below this distance ("redmean", 0–765) two shadings are hard to tell apart on paper."""


def close_colors(first: str, second: str) -> bool:
    """Whether two colours look nearly alike (a cheap perceptual distance: the "redmean"
    weighting of RGB differences, good enough to tell light greys apart)."""
    (r1, g1, b1), (r2, g2, b2) = _rgb(first), _rgb(second)
    mean = (r1 + r2) / 2
    dr, dg, db = r1 - r2, g1 - g2, b1 - b2
    distance = (
        (2 + mean / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean) / 256) * db * db
    ) ** 0.5
    return float(distance) < ALIKE
