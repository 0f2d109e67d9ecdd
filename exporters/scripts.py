"""Fonts for the scripts a record is written in, named on each Word run.

Word draws Chinese, Japanese and Korean characters in a run's East Asian font, chosen by
the run's East Asian language; left to the template's defaults, Korean falls into a
Chinese font and LibreOffice substitutes a font of the wrong metrics. Emoji need a colour
emoji font. So a run holding either names one: Word on Windows has these fonts, and
other programs substitute their own (LibreOffice: Noto CJK, Noto Color Emoji).
"""

from __future__ import annotations

import re
import unicodedata

HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
EAST_ASIAN = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3130-\u318f"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]"
)
EMOJI = re.compile(
    "(?:[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]"
    "[\ufe0f\u200d\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
    "\U0001f000-\U0001faff\u2600-\u27bf]*)+"
)
FONTS = {"zh-CN": "SimSun", "ja-JP": "Yu Mincho", "ko-KR": "Malgun Gothic"}
"""The East Asian font named for each language (Word's own defaults for them)."""
EMOJI_FONT = "Segoe UI Emoji"


def record_language(text: str) -> str:
    """The East Asian language of a record's Chinese characters: Japanese if it has
    kana, Korean if it has Hangul (and no kana), else Chinese."""
    if KANA.search(text):
        return "ja-JP"
    return "ko-KR" if HANGUL.search(text) else "zh-CN"


def east_asian_language(text: str, record: str = "zh-CN") -> str | None:
    """The East Asian language of a run's text (``record``'s for characters that any of
    them use), or None when it has no East Asian characters."""
    if not EAST_ASIAN.search(text):
        return None
    if HANGUL.search(text):
        return "ko-KR"
    return "ja-JP" if KANA.search(text) else record


def emoji_pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces that are all emoji or hold none: (piece, is emoji)."""
    pieces, at = [], 0
    for found in EMOJI.finditer(text):
        if found.start() > at:
            pieces.append((text[at : found.start()], False))
        pieces.append((found.group(), True))
        at = found.end()
    if at < len(text) or not pieces:
        pieces.append((text[at:], False))
    return pieces


def ends_right_to_left(text: str) -> bool:
    """Whether the last letter of ``text`` is written right to left (Arabic, Hebrew…)."""
    for character in reversed(text):
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False
