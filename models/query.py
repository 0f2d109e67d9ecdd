"""What a person types in the search box, read as a query.

The syntax is the one web search taught everyone:

- ``health migration``: both words (AND is implied; ``health AND migration`` also works);
- ``"global forum"``: the exact phrase;
- ``migr*``: words starting with "migr";
- ``health OR migration``: either; OR binds tighter than the implied AND, so
  ``health OR migration funding`` means (health OR migration) AND funding;
- ``-labour`` or ``NOT labour``: leave out what holds the word;
- ``(a OR b) c``: parentheses group.

Operators are upper-case (``or`` is a word). A query that cannot be read raises
``QueryError`` with one sentence saying what is wrong and how to write it; the FTS5 query
built from a parsed one is always valid, so no SQLite syntax error reaches the officer.

Matching is case- and accent-blind, as the index is: ``fold`` lower-cases a text and
strips the accents of Latin letters without changing its length, so a match found in the
folded text has the same offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from models.errors import QueryError

WORD = re.compile(r"[^\W_]+")
"""A word as the index's tokenizer sees one: letters and digits (``_`` separates)."""
_OPERATORS = {"OR", "AND", "NOT"}
MAX_TERMS, MAX_DEPTH = 64, 16
_SMART_QUOTES = str.maketrans(dict.fromkeys("“”„‟″", '"'))
_LATIN = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")


# -- folding ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _latin_bases() -> dict[str, str]:
    """Accented Latin letter -> its lower-case base letter ('É' -> 'e'), one character each."""
    bases = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(code))[0].lower()
        if base.isascii() and base.isalpha():
            bases[chr(code)] = base
    return bases


def _base(match: re.Match[str]) -> str:
    char = match.group()
    return _latin_bases().get(char, char)


def fold(text: str) -> str:
    """``text`` lower-cased and without accents on Latin letters, the same length.

    Costs one ``lower()`` on text without accents (most English records, even with curly
    quotes); only accented letters are replaced one by one.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # 'İ' lower-cases to two characters
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if lowered.isascii() or unicodedata.is_normalized("NFD", lowered):
        return lowered
    return _LATIN.sub(_base, lowered)


# -- the parsed query -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase, as typed (``words``) and folded; ``prefix``: the last word may go on."""

    words: tuple[str, ...]
    prefix: bool = False
    folded: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", tuple(fold(w) for w in self.words))

    @property
    def pattern(self) -> re.Pattern[str]:
        """Finds the term in folded text, word boundaries as the index has them."""
        return _pattern(self.folded, self.prefix)


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Alternatives joined by OR."""

    options: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    """Every ``required`` part, and none of the ``excluded`` ones."""

    required: tuple[Node, ...]
    excluded: tuple[Node, ...] = ()


Node = Term | AnyOf | AllOf


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...], prefix: bool) -> re.Pattern[str]:
    # Starting with the literal lets the regex engine scan for it fast; the look-behind
    # then checks that it starts a word.
    first = re.escape(words[0])
    body = rf"{first}(?<![^\W_]{first})"
    body += "".join(rf"[\W_]+{re.escape(w)}" for w in words[1:])
    return re.compile(body if prefix else body + r"(?![^\W_])")


def to_fts(node: Node) -> str:
    """The FTS5 expression for a parsed query: every word quoted, every group bracketed."""
    if isinstance(node, Term):
        return '"' + " ".join(node.words) + '"' + ("*" if node.prefix else "")
    if isinstance(node, AnyOf):
        return "(" + " OR ".join(to_fts(o) for o in node.options) + ")"
    required = "(" + " AND ".join(to_fts(r) for r in node.required) + ")"
    return "(" + required + "".join(f" NOT {to_fts(e)}" for e in node.excluded) + ")"


def matches(node: Node, folded: str) -> bool:
    """Whether a folded text satisfies the query (as the index would decide for a record)."""
    if isinstance(node, Term):
        return node.pattern.search(folded) is not None
    if isinstance(node, AnyOf):
        return any(matches(o, folded) for o in node.options)
    return all(matches(r, folded) for r in node.required) and not any(
        matches(e, folded) for e in node.excluded
    )


def wanted_terms(node: Node) -> list[Term]:
    """The terms whose occurrences are shown as matches (not the left-out ones)."""
    if isinstance(node, Term):
        return [node]
    parts = node.options if isinstance(node, AnyOf) else node.required
    return [term for part in parts for term in wanted_terms(part)]


def find_spans(terms: list[Term], folded: str) -> list[tuple[int, int]]:
    """Every occurrence of the terms in ``folded``, sorted, overlaps joined."""
    if len(terms) == 1:  # one pattern's matches are sorted and never overlap
        return [m.span() for m in terms[0].pattern.finditer(folded)]
    found = sorted(m.span() for t in terms for m in t.pattern.finditer(folded))
    joined: list[tuple[int, int]] = []
    for span in found:
        if joined and span[0] < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], span[1]))
        else:
            joined.append(span)
    return joined


# -- parsing ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "term", "OR", "AND", "NOT", "-", "(", ")"
    raw: str
    term: Term | None = None


_STAR = (
    "A * goes right after the beginning of a word, as in migr* (which finds migrant, migration…)."
)


def _tokens(query: str) -> list[_Token]:
    text = query.translate(_SMART_QUOTES)
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, char))
            i += 1
        elif char == '"':
            i = _phrase(text, i, tokens)
        elif char == "-" and i + 1 < len(text) and not text[i + 1].isspace():
            tokens.append(_Token("-", "-"))
            i += 1
        else:
            end = i
            while end < len(text) and not text[end].isspace() and text[end] not in '()"':
                end += 1
            _bare(text[i:end], tokens)
            i = end
    return tokens


def _phrase(text: str, opening: int, tokens: list[_Token]) -> int:
    closing = text.find('"', opening + 1)
    if closing == -1:
        before = [" ".join(t.term.words) for t in tokens if t.term is not None]
        after = " ".join(WORD.findall(text[opening + 1 :])[:3])
        where = (
            f"after “{before[-1]}”" if before else f"before “{after}”" if after else "at the end"
        )
        raise QueryError(
            f'The quote {where} is not closed; write "exact phrase" with a quote at each end.'
        )
    inside = text[opening + 1 : closing]
    prefix = closing + 1 < len(text) and text[closing + 1] == "*"
    words = tuple(WORD.findall(inside))
    if words:
        tokens.append(_Token("term", f'"{inside}"', Term(words, prefix)))
    return closing + 1 + prefix


def _bare(raw: str, tokens: list[_Token]) -> None:
    if raw in _OPERATORS:
        tokens.append(_Token(raw, raw))
        return
    head, star, tail = raw.partition("*")
    if star and (not head or not WORD.fullmatch(head[-1]) or WORD.search(tail)):
        raise QueryError(_STAR)
    words = tuple(WORD.findall(head))
    if words:  # punctuation alone ("&", "—", an emoji) is not searched for
        tokens.append(_Token("term", raw, Term(words, bool(star))))


class _Parser:
    """Recursive descent over the tokens: group := item ([AND] item)*,
    item := [NOT | -] alternatives, alternatives := primary (OR primary)*,
    primary := term | "(" group ")"."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.at].kind if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        self.at += 1
        return self.tokens[self.at - 1]

    def group(self) -> AllOf | None:
        required: list[Node] = []
        excluded: list[Node] = []
        while self.peek() not in (None, ")"):
            kind = self.peek()
            if kind == "OR":
                raise QueryError(_OR)
            if kind == "AND":
                self.take()
                if not (required or excluded) or self.peek() in (None, ")", "OR", "AND"):
                    raise QueryError(_AND)
                continue
            negate = kind in ("NOT", "-")
            if negate:
                self.take()
                if self.peek() not in ("term", "("):
                    raise QueryError(_NOT if kind == "NOT" else _MINUS)
            (excluded if negate else required).append(self.alternatives())
        if excluded and not required:
            raise QueryError(_ONLY_EXCLUDED)
        return AllOf(tuple(required), tuple(excluded)) if required else None

    def alternatives(self) -> Node:
        options = [self.primary()]
        while self.peek() == "OR":
            self.take()
            if self.peek() not in ("term", "("):
                raise QueryError(_OR)
            options.append(self.primary())
        return options[0] if len(options) == 1 else AnyOf(tuple(options))

    def primary(self) -> Node:
        token = self.take()
        if token.term is not None:
            return token.term
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"Brackets can nest {MAX_DEPTH} deep at most; remove some.")
        inner = self.group()
        self.depth -= 1
        if self.peek() != ")":
            raise QueryError(_OPEN)
        self.take()
        if inner is None:
            raise QueryError("There is nothing between “(” and “)”; put words inside.")
        return _simplest(inner)


_OR = "“OR” needs a word on each side, as in health OR migration."
_AND = "“AND” needs a word on each side, as in health AND migration (or just: health migration)."
_NOT = "“NOT” needs a word after it, as in migration NOT labour."
_MINUS = "A minus sign leaves out the word right after it, as in migration -labour."
_ONLY_EXCLUDED = "Say what to find as well as what to leave out, as in migration -labour."
_OPEN = "A “(” is not closed; write (health OR migration) with a bracket at each end."
_CLOSE = "A “)” has no “(” before it; write (health OR migration) with a bracket at each end."
_NOTHING = "There is no word to search for in “{0}”; search looks for words and numbers."


def _simplest(node: AllOf) -> Node:
    return node.required[0] if len(node.required) == 1 and not node.excluded else node


def parse_query(query: str) -> Node | None:
    """The query a person typed, parsed; None when it is empty or only spaces.

    Raises:
        QueryError: the query cannot be read (the message says how to write it).
    """
    if not query.strip():
        return None
    tokens = _tokens(query)
    if sum(t.kind == "term" for t in tokens) > MAX_TERMS:
        raise QueryError(f"A search can hold {MAX_TERMS} words or phrases at most; use fewer.")
    parser = _Parser(tokens)
    parsed = parser.group()
    if parser.peek() == ")":
        raise QueryError(_CLOSE)
    if parsed is None:
        shown = " ".join("".join(c if c.isprintable() else " " for c in query).split())
        if not shown:
            raise QueryError("There is no word to search for; search looks for words and numbers.")
        raise QueryError(_NOTHING.format(shown[:40] + ("…" if len(shown) > 40 else "")))
    return _simplest(parsed)


def fts_query(query: str) -> str:
    """The FTS5 expression for what a person typed ('' for an empty query).

    Raises:
        QueryError: the query cannot be read.
    """
    parsed = parse_query(query)
    return to_fts(parsed) if parsed is not None else ""
