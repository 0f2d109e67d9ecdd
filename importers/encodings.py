"""Which encoding a text of unknown encoding is in, when nothing in its bytes says so.

charset_normalizer proposes the encodings the bytes decode in, ranked by its measure of
mess and language fit. Between scripts (Cyrillic code pages, Greek, Hebrew, Arabic) its
letter frequencies decide well, and its choice stands. Between the code pages of Latin
letters it often ranks a wrong one first on short or close texts (a Latin-1 "naïve"
read as windows-1250 "naďve", ISO-8859-2 Polish as ISO-8859-10, Czech as windows-1252
"V¹ichni"); there its proposals and the common Latin code pages the bytes decode in are
ranked again as a reader would judge the result:

- the letters outside ASCII should belong to one language's alphabet ("ą ę ś ź ż" are
  Polish; "ŋ ģ ę ķ ž ņ" together belong to none);
- signs such as ¹ ± ¶ ¼ against letters, or a capital inside a word ("mŠnniskor"),
  mean a wrong code page;
- at a tie, the more widespread code page (windows-1252 before windows-1250), then
  charset_normalizer's own order.
Japanese or Chinese read as Korean shows loose Hangul letter parts (jamo), which no
Korean text is written in: then the East Asian encoding that reads without them wins.

Measured by ``python -m benchmarks encodings`` (24 passages in 19 languages, each in
every common Latin code page it fits in: 124 texts): charset_normalizer alone read 67
exactly, this 124; the 18 texts of charset_normalizer's own tests in the shared corpus
stay exact (``benchmarks corpus``).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Callable

from charset_normalizer import from_bytes

SAMPLE = 65_536
"""Bytes of the text judged (the whole text must still decode)."""
_CANDIDATES = 12
LATIN_CODE_PAGES = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "iso8859_2",
    "cp1254",
    "iso8859_9",
    "cp1257",
    "iso8859_13",
    "mac_roman",
    "iso8859_16",
)
"""Code pages for Latin letters records are commonly in, most widespread first (the
order breaks ties)."""
_EAST_ASIAN = ("shift_jis", "euc_jp", "gb18030", "big5", "cp949", "euc_kr")
_ALPHABETS = {
    "French": "àâæçéèêëîïôœùûüÿ",
    "German": "äöüß",
    "Spanish": "áéíñóúü",
    "Portuguese": "àáâãçéêíóôõú",
    "Italian": "àèéìíòóùú",
    "Catalan": "àçèéíïòóúü",
    "Dutch": "áäéëíïóöúü",
    "Danish and Norwegian": "æøåé",
    "Swedish and Finnish": "åäöé",
    "Icelandic": "áðéíóúýþæö",
    "Estonian": "äõöüšž",
    "Polish": "ąćęłńóśźż",
    "Czech": "áčďéěíňóřšťúůýž",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Croatian and Slovene": "čćđšž",
    "Hungarian": "áéíóöőúüű",
    "Romanian": "ăâîșțşţ",
    "Turkish": "çğıöşüâîû",
    "Lithuanian": "ąčęėįšųūž",
    "Latvian": "āčēģīķļņšūž",
    "Albanian": "çë",
    "Maltese": "ċġħżàèìòù",
}
_SCRIPTS = {
    "Japanese": ((0x3040, 0x30FF), (0x4E00, 0x9FFF), (0x3400, 0x4DBF)),
    "Chinese": ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF)),
    "Korean": ((0xAC00, 0xD7AF), (0x4E00, 0x9FFF)),
}
_USUAL_SIGNS = set("“”‘’„‚«»‹›–—…•·°€£¥§¿¡©®™\u00a0×")
"""Signs outside ASCII that ordinary text uses; others stuck to letters are suspect."""
_OUTSIDE_ASCII = re.compile(r"[^\x00-\x7f]")
_IN_WORDS = set("’·‐")
"""Signs a word may hold: an apostrophe ("l’hôpital"), Catalan's "l·l", a hyphen."""


def guess(data: bytes) -> str | None:
    """The encoding ``data`` most plausibly is in (None: no encoding decodes it)."""
    proposed = [match.encoding for match in list(from_bytes(data))[:_CANDIDATES]]
    if not proposed:
        return None
    script = _script(_sample(data, proposed[0], whole=False) or "")
    if script == "Latin":
        return _best(data, proposed, LATIN_CODE_PAGES, lambda text: _script(text) == "Latin")
    if script == "Hangul jamo":  # loose jamo: Japanese or Chinese read as Korean
        return _best(data, proposed, _EAST_ASIAN, lambda text: _script(text) == "East Asian")
    return proposed[0]  # other scripts: charset_normalizer's letter frequencies decide


def _best(
    data: bytes, proposed: list[str], common: tuple[str, ...], fits: Callable[[str], bool]
) -> str:
    """Of ``proposed`` and the ``common`` encodings, the one whose text fits and reads
    most plausibly; at a tie the more common encoding, then the earlier proposed."""
    scored = []
    for rank, encoding in enumerate(dict.fromkeys([*proposed, *common])):
        sample = _sample(data, encoding, whole=encoding not in proposed)
        if sample is not None and fits(sample):
            prior = common.index(encoding) if encoding in common else len(common)
            scored.append((-plausibility(sample), prior, rank, encoding))
    return min(scored)[3] if scored else proposed[0]


def _script(text: str) -> str:
    """The script of the letters outside ASCII: "Latin" if most are Latin, "Hangul
    jamo" if loose Korean letter parts are common, "East Asian" if most are ideographs,
    kana or Hangul syllables, else ""."""
    letters = Counter(c for c in _OUTSIDE_ASCII.findall(text) if c.isalpha())
    total = sum(letters.values())
    if not total:
        return "Latin"
    named = Counter[str]()
    for letter, n in letters.items():
        code = ord(letter)
        if 0x3130 <= code <= 0x318F:
            named["Hangul jamo"] += n
        elif 0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF:
            named["East Asian"] += n
        elif code <= 0x24F or unicodedata.name(letter, "").startswith("LATIN"):  # µ, ª too
            named["Latin"] += n
    if named["Hangul jamo"] > 0.05 * total:
        return "Hangul jamo"
    found, count = named.most_common(1)[0] if named else ("", 0)
    return found if count >= 0.9 * total else ""


def _sample(data: bytes, encoding: str, whole: bool) -> str | None:
    """The start of the text in ``encoding``; None if it does not decode (all of it, if
    ``whole``: charset_normalizer has checked its own proposals)."""
    try:
        if whole:
            data.decode(encoding)
        return codecs.getincrementaldecoder(encoding)().decode(data[:SAMPLE], final=False)
    except (UnicodeDecodeError, LookupError):
        return None


def plausibility(text: str) -> float:
    """How much of the text outside ASCII reads as one language or script (1.0 at best),
    less the share of odd signs stuck to letters."""
    found = Counter(_OUTSIDE_ASCII.findall(text.casefold()))
    letters = {c: n for c, n in found.items() if c.isalpha()}
    total = sum(letters.values())
    fits = max(
        *(sum(n for c, n in letters.items() if c in alphabet) for alphabet in _ALPHABETS.values()),
        *(sum(n for c, n in letters.items() if _in(c, ranges)) for ranges in _SCRIPTS.values()),
    )
    return (fits / total if total else 1.0) - _odd_signs(text, sum(found.values()))


def _in(letter: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(letter)
    return any(low <= code <= high for low, high in ranges)


def _odd_signs(text: str, outside: int) -> float:
    """Twice the share, among the ``outside`` characters outside ASCII, of the odd ones: a
    sign against a letter that is not usual punctuation (¹ in "V¹ichni"; usual signs too
    inside a word, but apostrophes), or a capital inside a word ("mŠnniskor")."""
    odd = 0
    for found in _OUTSIDE_ASCII.finditer(text):
        char, at = found.group(), found.start()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if char.isalpha():
            odd += char.isupper() and before.isalpha() and before.islower()
        elif char in _USUAL_SIGNS or unicodedata.category(char) == "Zs":
            odd += before.isalpha() and after.isalpha() and char not in _IN_WORDS
        else:
            odd += before.isalpha() or after.isalpha()
    return 2 * odd / outside if outside else 0.0
