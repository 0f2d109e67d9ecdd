"""The command line's edit commands and how the command line prints text. No Qt.

``tag``, ``annotation`` and ``document`` make every edit the app makes, one per call,
each printing what it changed. Text from a database (titles, names, notes, quotes) is
printed with control characters, bidirectional overrides and invisible characters made
visible, so a colleague's data cannot move the cursor, recolour the terminal or make a
name read backwards. JSON output stays exact.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Callable
from typing import Any

from models import Library
from models.errors import InvalidTag, UnknownTag
from models.wording import count

Command = Callable[[argparse.Namespace], int]


def text_argument(value: str) -> str:
    """An argument meant as text (a note, a name, a query): refused when it holds bytes
    that are not UTF-8 (Python keeps them as lone surrogates, which no file can hold)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            f"“{printable(value)}” is not valid text (it holds bytes that are not UTF-8)"
        ) from None
    return value


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control, format (bidi, zero-width) and
    unassigned characters shown as ``<U+XXXX>`` (tab and newline become a space)."""
    shown = []
    for char in text:
        if char in "\t\n":
            shown.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") and char != "\u200d":
            shown.append(f"<U+{ord(char):04X}>")
        else:
            shown.append(char)
    return "".join(shown)


def short(text: str, limit: int = 60) -> str:
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def run_tag(library: Library, args: argparse.Namespace) -> int:
    """`tag create|rename|move|merge|delete|restore`."""
    if args.action == "create":
        parent_path, _, leaf = args.path.strip().rpartition("/")
        if parent_path and not leaf.strip():
            raise InvalidTag("A tag needs a name after the last '/'.")
        parent = library.ensure_tag_path(parent_path).id if parent_path else None
        tag = library.create_tag(leaf, args.color, parent, args.description)
        print(f"created tag “{printable(tag.path)}” ({tag.id}, {tag.color})")
        return 0
    if args.action == "restore":
        tag = library.restore_tag(library.resolve_tag(args.tag, deleted=True))
        print(f"restored tag “{printable(tag.path)}” ({tag.id}) with "
              f"{count(tag.annotation_count, 'passage')}")  # fmt: skip
        return 0
    before = library.tag(library.resolve_tag(args.tag))
    was = printable(before.path)
    if args.action == "rename":
        tag = library.rename_tag(before.id, args.name)
        print(f"renamed tag “{was}” to “{printable(tag.path)}” ({tag.id})")
    elif args.action == "move":
        tag = library.move_tag(before.id, None if args.top else library.resolve_tag(args.under))
        print(f"moved tag “{was}” to “{printable(tag.path)}” ({tag.id})")
    elif args.action == "merge":
        tag = library.merge_tags(before.id, library.resolve_tag(args.into))
        print(f"merged tag “{was}” into “{printable(tag.path)}” ({tag.id}), which "
              f"{count(tag.annotation_count, 'passage')} now carry")  # fmt: skip
    else:
        affected = library.affected_by_deleting(before.id)
        library.delete_tag(before.id)
        print(f"deleted tag “{was}” and its subtags ({before.id}); "
              f"{count(affected, 'passage')} lost it. Undo: tag restore {before.id}")  # fmt: skip
    return 0


def run_annotation(library: Library, args: argparse.Namespace) -> int:
    """`annotation note|tags|move|delete|restore ID`."""
    annotation_id = library.resolve_annotation_id(args.id, deleted=args.action == "restore")
    if args.action == "note":
        annotation = library.set_note(annotation_id, args.text)
        print(f"annotation {annotation_id}: note set ({count(len(annotation.note), 'character')})")
    elif args.action == "tags":
        with library.db.atomic():  # a path that names no tag yet creates it, as annotate does
            wanted = [_tag_or_new(library, t) for t in args.tag]
            annotation = library.set_tags(annotation_id, wanted)
        paths = sorted(printable(library.tag(t).path) for t in annotation.tag_ids)
        print(f"annotation {annotation_id}: tags {', '.join(paths) or '(none)'}")
    elif args.action == "move":
        annotation = library.move_annotation(annotation_id, args.start, args.end)
        print(f"annotation {annotation_id}: now {annotation.start}-{annotation.end} "
              f"“{short(annotation.quote)}”")  # fmt: skip
    elif args.action == "delete":
        library.delete_annotation(annotation_id)
        print(f"deleted annotation {annotation_id}. Undo: annotation restore {annotation_id}")
    else:
        annotation = library.restore_annotation(annotation_id)
        print(f"restored annotation {annotation_id} “{short(annotation.quote)}”")
    return 0


def run_document(library: Library, args: argparse.Namespace) -> int:
    """`document delete|restore|withdraw ID`."""
    if args.action == "withdraw":
        newest = library.resolve_document_id(args.id)
        taken = library.withdraw_version(newest)
        went = f"; {count(taken.deleted, 'annotation')} made on the version went with it"
        print(
            f"took back version {newest}: “{printable(taken.document.title)}” is "
            f"{taken.document.id} again, with {count(taken.annotations, 'annotation')}"
            f"{went if taken.deleted else ''}. Undo: document restore {newest}"
        )
    elif args.action == "delete":
        summary = library.document_summary(library.resolve_document_id(args.id))
        library.delete_document(summary.id)
        print(f"deleted document {summary.id} “{printable(summary.title)}” with "
              f"{count(summary.annotation_count, 'annotation')}. "
              f"Undo: document restore {summary.id}")  # fmt: skip
    else:
        summary = library.restore_document(library.resolve_document_id(args.id, deleted=True))
        print(f"restored document {summary.id} “{printable(summary.title)}” with "
              f"{count(summary.annotation_count, 'annotation')}")  # fmt: skip
    return 0


def _tag_or_new(library: Library, reference: str) -> str:
    try:
        return library.resolve_tag(reference)
    except UnknownTag:
        return library.ensure_tag_path(reference).id


def add_edit_commands(command: Callable[[str, Command, str], argparse.ArgumentParser],
                      handlers: dict[str, Command]) -> None:  # fmt: skip
    """Add `tag`, `annotation` and `document` to the command line."""

    def group(name: str, help_text: str) -> Any:
        cmd = command(name, handlers[name], help_text)
        cmd.add_argument("--author", default="", type=text_argument,
                         help="who makes the change (default: you)")  # fmt: skip
        return cmd.add_subparsers(dest="action", metavar="ACTION", required=True)

    tag = group("tag", "create, rename, move, merge, delete or restore a tag")
    create = tag.add_parser("create", help="create a tag (and missing parents) by path")
    create.add_argument("path", type=text_argument, help="e.g. Risks/Financial")
    create.add_argument("--color", help="#RRGGBB (default: the next palette colour)")
    create.add_argument("--description", default="", type=text_argument)
    tag.add_parser("rename", help="rename a tag").add_argument("tag", help="path or id")
    tag.choices["rename"].add_argument("name", type=text_argument)
    move = tag.add_parser("move", help="put a tag under another, or at the top")
    move.add_argument("tag", help="path or id")
    where = move.add_mutually_exclusive_group(required=True)
    where.add_argument("--under", metavar="TAG", help="the new parent (path or id)")
    where.add_argument("--top", action="store_true", help="to the top level")
    merge = tag.add_parser("merge", help="fold a tag into another")
    merge.add_argument("tag", help="the tag folded in (path or id)")
    merge.add_argument("into", help="the tag it joins (path or id)")
    tag.add_parser("delete", help="delete a tag and its subtags").add_argument("tag")
    tag.add_parser("restore", help="restore a deleted tag").add_argument("tag", help="its id")
    note = group("annotation", "change, delete or restore an annotation")
    text = note.add_parser("note", help="replace the note")
    text.add_argument("id")
    text.add_argument("text", type=text_argument)
    tags = note.add_parser("tags", help="set exactly these tags (none: untag)")
    tags.add_argument("id")
    tags.add_argument("tag", nargs="*", type=text_argument, help="path or id")
    moved = note.add_parser("move", help="cover another passage of the same document")
    moved.add_argument("id")
    moved.add_argument("--start", type=int, required=True)
    moved.add_argument("--end", type=int, required=True)
    note.add_parser("delete", help="delete an annotation").add_argument("id")
    note.add_parser("restore", help="restore a deleted annotation").add_argument("id")
    document = group("document", "delete, restore or withdraw a document")
    document.add_parser("delete", help="delete a document and its annotations").add_argument("id")
    document.add_parser("restore", help="restore a deleted document").add_argument("id")
    document.add_parser(
        "withdraw",
        help="take back a record's newest version (read from the wrong file or in the "
        "wrong encoding): its annotations show on the previous version again",
    ).add_argument("id")
    for actions in (tag, note, document):  # --db and --author also after the action
        for action in actions.choices.values():
            action.add_argument("--db", default=argparse.SUPPRESS, help="annotation database file")
            action.add_argument("--author", default=argparse.SUPPRESS, type=text_argument,
                                help="who makes the change")  # fmt: skip
