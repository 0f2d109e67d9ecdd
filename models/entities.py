"""Plain, immutable values the library hands out. No database access hides behind them.

Widgets and exporters receive these, never peewee rows, so nothing can trigger a lazy
query from the interface and exporters can be tested without a database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

BlockKind = Literal["heading", "paragraph", "list_item", "table_row"]


class Block(NamedTuple):
    """One paragraph-like span of a document's text (end exclusive, code points). A
    named tuple: a record's thousands of paragraphs are made each time it opens."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    """Heading level (0 for a title, 1 for 'Heading 1', …); a list item's nesting (0 at
    the outermost list); a paragraph's quotation depth (0: not quoted, 1: a quotation,
    2: a quotation within one); 0 for table rows. Quotations are paragraphs with a level
    rather than a kind of their own, so a version that does not know them reads them
    as paragraphs and merges them."""


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """What an importer produces: normalised text plus its structure, no database ids."""

    title: str
    text: str
    source_name: str
    source_format: str
    blocks: tuple[Block, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    comments: tuple[ImportedComment, ...] = ()
    """The file's own comments (Word's), offered as annotations."""


@dataclass(frozen=True)
class ImportedComment:
    """A comment the record's file holds on a passage: who wrote it, when, what."""

    start: int
    end: int
    author: str
    note: str
    created: int | None = None
    """When it was written (UTC epoch milliseconds), if the file says."""


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A document without its text, for lists."""

    id: str
    title: str
    source_name: str
    source_format: str
    content_hash: str
    length: int
    annotation_count: int
    created: int
    modified: int
    revision_of: str | None
    restored: bool = False
    """Set by an import that brought back a deleted copy of the same text."""


@dataclass(frozen=True, slots=True)
class Document:
    """A document with its full normalised text and structure."""

    id: str
    title: str
    source_name: str
    source_format: str
    text: str
    content_hash: str
    blocks: tuple[Block, ...]
    metadata: dict[str, Any]
    created: int
    modified: int
    revision_of: str | None


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag; ``path`` joins the names from the root with '/' (e.g. 'Risks/Financial')."""

    id: str
    name: str
    path: str
    color: str
    parent_id: str | None
    description: str
    annotation_count: int
    modified: int
    created: int = 0
    with_subtags: int = 0
    """Passages carrying this tag or any tag below it (each counted once)."""


class Annotation(NamedTuple):
    """A highlighted passage with its tags and note.

    ``start``/``end`` are code-point offsets into the document text, end exclusive.
    ``tag_ids`` are sorted. A NamedTuple rather than a frozen dataclass: a document's
    10,000 annotations are built in a third of the time, which keeps listing them within
    1.5× of the raw query.
    """

    id: str
    document_id: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    note: str
    author: str
    tag_ids: tuple[str, ...]
    created: int
    modified: int
    status: str = "ok"
    """'ok', 'amended' (re-anchored on changed words; ``old_quote`` holds the old ones) or
    'orphaned' (no place found in the revision ``target``: waiting for review)."""
    old_quote: str = ""
    target: str | None = None


class Passage(NamedTuple):
    """Where an annotation lies and which tags it carries: what drawing it needs.

    Fields are in sort order, so a list of passages sorts into text order as it is.
    """

    start: int
    end: int
    id: str
    tag_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NewAnnotation:
    """A passage to annotate in bulk (see ``Library.annotate_many``)."""

    start: int
    end: int
    tag_ids: tuple[str, ...] = ()
    note: str = ""


SearchPlace = Literal["text", "note", "tag", "title", "passage"]


Shown = tuple[str, tuple[tuple[int, int], ...]]


class SearchHit:
    """One place where a search matched: in a document's text, an annotation's note or
    tags, or the document's title.

    ``highlights`` are ``(start, end)`` spans of the matched words inside ``snippet``.
    ``start``/``end`` locate the hit in the document text (code points) so the app can
    open the document there: the matched words for a text hit, the annotated passage for a
    note or tag hit (whose ``annotation_id`` is set and ``passage`` holds the start of its
    quote), and 0, 0 for a title hit.

    The snippet may be given as a function, made the first time it is read: a search
    counts and places every hit, but only the hits someone looks at need their words.
    """

    __slots__ = ("_shown", "annotation_id", "end", "passage", "start", "where")

    def __init__(self, where: SearchPlace, snippet: str | Callable[[], Shown],
                 highlights: tuple[tuple[int, int], ...], start: int, end: int,
                 annotation_id: str | None = None, passage: str = "") -> None:  # fmt: skip
        self.where, self.start, self.end = where, start, end
        self.annotation_id, self.passage = annotation_id, passage
        self._shown: Shown | Callable[[], Shown] = (
            snippet if callable(snippet) else (snippet, highlights)
        )

    def _made(self) -> Shown:
        if callable(self._shown):
            self._shown = self._shown()
        return self._shown

    @property
    def snippet(self) -> str:
        return self._made()[0]

    @property
    def highlights(self) -> tuple[tuple[int, int], ...]:
        return self._made()[1]

    def _key(self) -> tuple[object, ...]:
        return (self.where, self.snippet, self.highlights, self.start, self.end,
                self.annotation_id, self.passage)  # fmt: skip

    def as_dict(self) -> dict[str, object]:
        """The hit as plain data (for JSON)."""
        return dict(zip(("where", "snippet", "highlights", "start", "end", "annotation_id",
                         "passage"), self._key(), strict=True))  # fmt: skip

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SearchHit) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"SearchHit{self._key()!r}"


@dataclass(frozen=True, slots=True)
class DocumentHits:
    """A document a search matched, with how many hits it holds and the first of them
    (title, notes, text, then tags; at most the search's ``per_document``)."""

    document_id: str
    title: str
    count: int
    hits: tuple[SearchHit, ...]
    rank: float = 0.0
    """The full-text index's rank of the text (lower is better; 0 without a text hit)."""

    @property
    def more(self) -> bool:
        """Some hits are counted but not listed."""
        return self.count > len(self.hits)


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What a search found: documents best first, each with its hits.

    Iterating gives the documents; ``more_documents`` says the list was cut at the
    search's limit.
    """

    query: str
    documents: tuple[DocumentHits, ...] = ()
    more_documents: bool = False

    def __iter__(self) -> Iterator[DocumentHits]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def hit_count(self) -> int:
        """Hits in every listed document (counted, not only listed)."""
        return sum(d.count for d in self.documents)
