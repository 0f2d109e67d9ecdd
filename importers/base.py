"""What every importer shares: the refusal error, limits, and the text builder."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from models.entities import Block, BlockKind, ImportedDocument
from models.errors import MarginaliaError
from models.text import normalise

MAX_FILE_BYTES = 100 * 1024 * 1024
"""Largest file accepted for import (100 MiB)."""
MAX_EXPANDED_BYTES = 300 * 1024 * 1024
"""Largest total size a compressed package (.docx) may expand to (300 MiB)."""

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


class ImportRefused(MarginaliaError):
    """A file cannot be imported; the message says why in one sentence."""


def clean_inline(text: str) -> str:
    """Normalise a block's text and fold runs of spaces, keeping its line breaks."""
    lines = normalise(text).split("\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in lines).strip("\n")


@dataclass
class TextBuilder:
    """Collects blocks and joins them with a blank line, recording each block's span."""

    parts: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    length: int = 0

    def add(self, kind: BlockKind, text: str, level: int = 0) -> None:
        """Append one block; blank blocks are skipped."""
        text = clean_inline(text)
        if not text:
            return
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        self.parts.append(text)
        self.blocks.append(Block(kind, self.length, self.length + len(text), level))
        self.length += len(text)

    def build(
        self,
        path: Path,
        source_format: str,
        title: str = "",
        metadata: dict[str, str] | None = None,
    ) -> ImportedDocument:
        """The imported document; refused when no text was found."""
        text = "".join(self.parts)
        if not text.strip():
            raise ImportRefused(f"{path.name} contains no text to annotate.")
        return ImportedDocument(
            title=" ".join(normalise(title).split()) or default_title(path),
            text=text,
            source_name=readable_name(path),
            source_format=source_format,
            blocks=tuple(self.blocks),
            metadata=metadata or {},
        )


def readable_name(path: Path) -> str:
    """A file's name as text: bytes that are not UTF-8 (allowed in file names) become
    U+FFFD, so the name can be stored and shown."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def default_title(path: Path) -> str:
    """A title from a file name: 'ceb-migration_dialogue.txt' -> 'ceb migration dialogue'."""
    name = readable_name(path)
    return re.sub(r"[-_]+", " ", name.rsplit(".", 1)[0]).strip() or name
