"""Named errors raised by the annotation library.

Every error carries one sentence meant for a policy officer: the CLI prints it on stderr,
the desktop app shows it in a dialog.
"""

from __future__ import annotations


class MarginaliaError(Exception):
    """Base class of every error the library raises on purpose."""


class NotFound(MarginaliaError):
    """A document, tag, annotation or author id does not name a live row."""


class InvalidRange(MarginaliaError):
    """A passage's start/end do not fit inside its document's text, or are empty."""


class UnknownTag(NotFound):
    """A tag id or name path names no live tag."""


class DuplicateTag(MarginaliaError):
    """Another live tag under the same parent already has this name (case-insensitive)."""


class InvalidTag(MarginaliaError):
    """A tag name, colour or parent is not acceptable (empty name, '/', bad colour, cycle)."""


class DuplicateDocument(MarginaliaError):
    """The same text (same content hash) is already in the library."""

    def __init__(self, message: str, existing_id: str) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class SupersededDocument(MarginaliaError):
    """The document has a newer version: annotations go on the newest one."""


class AmbiguousQuote(MarginaliaError):
    """A quoted passage occurs zero times or more than once in the document."""

    def __init__(self, message: str, matches: int) -> None:
        super().__init__(message)
        self.matches = matches


class IncompatibleDatabase(MarginaliaError):
    """A file cannot be opened as a Marginalia database; it has not been modified."""


class NotADatabase(IncompatibleDatabase):
    """The file is not SQLite at all, or is corrupt or truncated."""


class NotMarginalia(IncompatibleDatabase):
    """The file is an SQLite database, but not one Marginalia wrote."""


class NewerDatabase(IncompatibleDatabase):
    """The database was written by a newer version of Marginalia."""


class ReadOnlyDatabase(MarginaliaError):
    """The database can be read but not changed (a read-only file, folder or disk)."""


class DiskFull(MarginaliaError):
    """The disk is full: nothing was changed; free some space and try again."""


class InvalidRows(IncompatibleDatabase):
    """A database offered for merging holds rows that break its own invariants."""


class QueryError(MarginaliaError):
    """A search query cannot be read (an unclosed quote, a lone OR, a lone *); the message
    says what is wrong and how to write it."""
