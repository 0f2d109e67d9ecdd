"""Two wordings side by side with what changed marked: removed words struck through on a
red ground, added words underlined on a green ground (strong enough to read in light and
dark themes: the text colour is set with the ground, 7:1 contrast or more)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from models.differences import Piece

REMOVED = "background-color:#FDD8D6; color:#6B0000; text-decoration:line-through"
ADDED = "background-color:#D3F2DA; color:#0B4D1E; text-decoration:underline"


def marked(pieces: Sequence[Piece], side: str) -> str:
    """One side of a comparison as HTML: ``side`` "old" shows what was removed, "new"
    what was added. Every word is escaped (a colleague's words are never markup)."""
    shown, hidden, style = (
        ("removed", "added", REMOVED) if side == "old" else ("added", "removed", ADDED)
    )
    parts = []
    for piece in pieces:
        if piece.kind == hidden:
            continue
        text = html.escape(piece.text).replace("\n", "<br>")
        parts.append(f'<span style="{style}">{text}</span>' if piece.kind == shown else text)
    return "".join(parts)
