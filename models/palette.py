"""Tag colours: validation and a colour-blind-safe default palette."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

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
