"""Marginalia: start the desktop app, or run a command-line subcommand.

python main.py [--db PATH]                     the desktop app
python main.py COMMAND --db PATH …             scripting: import, list, annotate, search,
                                               export, share, merge, and the edits
                                               tag, annotation, document (see --help)
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from peewee import PeeweeException

from exporters import export
from importers import import_file
from models import Library
from models.errors import (
    AmbiguousQuote,
    DuplicateDocument,
    InvalidTag,
    MarginaliaError,
    UnknownTag,
)
from models.text import iso_time
from resources import SAMPLE_RECORD, SAMPLE_TITLE

Command = Callable[[argparse.Namespace], int]


def default_database_path() -> Path:
    """The database the app opens when no --db is given, in the user's data folder."""
    from platformdirs import user_data_path

    return user_data_path("Marginalia", appauthor=False) / "marginalia.db"


def system_user_name() -> str:
    """The user's full name from the system account, else the login name."""
    try:
        import pwd

        full = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
        if full:
            return full
    except (ImportError, KeyError, AttributeError):
        pass
    return getpass.getuser()


def open_library(db: str | None, author: str = "", must_exist: bool = False) -> Library:
    """Open --db (or the default database, seeded with the sample record when new)."""
    author = author or os.environ.get("MARGINALIA_AUTHOR", "") or system_user_name()
    if db is None:
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not path.exists()
        library = Library.open(path, author=author)
        if fresh:
            seed_sample(library)
        return library
    if must_exist and not Path(db).exists():
        raise MarginaliaError(f"There is no database at {db}.")
    library = Library.open(db, author=author)
    for line in library.repairs:  # a database from an older version was brought up to date
        print(f"marginalia: repaired {db}: {line}", file=sys.stderr)
    return library


def seed_sample(library: Library) -> None:
    """Put the shipped sample record in a new database, so a newcomer sees a document."""
    library.import_document(dataclasses.replace(import_file(SAMPLE_RECORD), title=SAMPLE_TITLE))


# -- subcommands -------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    library = open_library(args.db, args.author)
    if args.revision_of:
        return import_revision(library, args.revision_of, args.files)
    refused = 0
    for name in args.files:
        try:
            summary = library.import_document(import_file(name))
            print(f"{name}: imported as {summary.id} ({summary.length:,} characters)", flush=True)
        except DuplicateDocument as duplicate:
            print(f"{name}: already in the library as {duplicate.existing_id} (same text)",
                  flush=True)  # fmt: skip
        except MarginaliaError as refusal:  # ImportRefused is one
            refused += 1
            print(f"{name}: refused: {refusal}", flush=True)
    return 1 if refused else 0


def import_revision(library: Library, previous: str, files: list[str]) -> int:
    """`import --revision-of ID FILE`: the new version, with the annotations carried over."""
    if len(files) != 1:
        raise MarginaliaError("Import one file at a time as a new version (--revision-of).")
    report = library.import_revision(import_file(files[0]), previous)
    outcomes = ", ".join(f"{count} {name}" for name, count in report.outcomes.items())
    print(f"{files[0]}: imported as {report.document.id}, a new version of "
          f"{report.previous_id}; annotations: {outcomes}")  # fmt: skip
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    library = open_library(args.db, must_exist=True)
    listing = build_listing(library)
    if args.json:
        print(json.dumps(listing, ensure_ascii=False, indent=2))
        return 0
    print(_count(len(listing["documents"]), "document"))
    for doc in listing["documents"]:
        print(f"  {doc['id']}  {doc['title']}  ({_count(doc['length'], 'character')}, "
              f"{_count(doc['annotations'], 'annotation')})")  # fmt: skip
    print(_count(len(listing["tags"]), "tag"))
    for tag in listing["tags"]:
        print(f"  {tag['color']}  {tag['path']}  ({tag['count']})")
    print(_count(len(listing["annotations"]), "annotation"))
    for note in listing["annotations"]:
        tags = ", ".join(note["tags"]) or "no tags"
        print(f"  {note['id'][:8]}  {note['start']}-{note['end']}  “{_short(note['quote'])}”  "
              f"[{tags}]  {note['author']}")  # fmt: skip
    return 0


def build_listing(library: Library) -> dict[str, list[dict[str, Any]]]:
    """The `list --json` object: live documents, tags and annotations."""
    tags = library.tags()
    paths = {tag.id: tag.path for tag in tags}
    return {
        "documents": [
            {"id": d.id, "title": d.title, "content_hash": d.content_hash,
             "length": d.length, "annotations": d.annotation_count,
             "created": iso_time(d.created), "revision_of": d.revision_of}
            for d in library.documents()
        ],
        "tags": [
            {"id": t.id, "name": t.name, "path": t.path, "color": t.color,
             "count": t.annotation_count, "created": iso_time(t.created)}
            for t in tags
        ],
        "annotations": [
            {"id": a.id, "document": a.document_id, "start": a.start, "end": a.end,
             "quote": a.quote, "tags": sorted(paths[t] for t in a.tag_ids), "note": a.note,
             "author": a.author, "created": iso_time(a.created), "modified": iso_time(a.modified),
             "status": a.status, **({"old_quote": a.old_quote} if a.status != "ok" else {})}
            for a in library.annotations()
        ],
    }  # fmt: skip


def cmd_annotate(args: argparse.Namespace) -> int:
    library = open_library(args.db, args.author, must_exist=True)
    document_id = library.resolve_document_id(args.doc)
    if args.quote is not None:
        found = library.find_quote(document_id, args.quote)
        if len(found) != 1:
            where = "does not occur" if not found else f"occurs {len(found)} times"
            raise AmbiguousQuote(
                f"The quote {where} in the document; it must match exactly once "
                "(quote more words, or give --start and --end).",
                len(found),
            )
        start, end = found[0], found[0] + len(args.quote)
    else:
        start, end = args.start, args.end
    annotation = library.annotate_tagged(document_id, start, end, args.tag, args.note)
    print(annotation.id)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    library = open_library(args.db, must_exist=True)
    hits = library.search(args.query)
    if args.json:
        results = [{"document": h.document_id, "title": h.title, "snippet": h.snippet,
                    "highlights": [list(span) for span in h.highlights]} for h in hits]  # fmt: skip
        print(json.dumps({"query": args.query, "results": results}, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print(f"No document matches “{args.query}”.")
    for hit in hits:
        marked = _mark(hit.snippet, hit.highlights)
        print(f"{hit.document_id}  {hit.title}\n    {' '.join(marked.split())}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    library = open_library(args.db, must_exist=True)
    selection = library.export_set(args.doc, args.tag, args.author)
    out = export(selection, args.format, args.out, args.excerpts, not args.no_notes)
    print(f"{out}: {_count(len(selection.annotations), 'annotation')} from "
          f"{_count(len(selection.documents), 'document')}")  # fmt: skip
    return 0


def cmd_share(args: argparse.Namespace) -> int:
    library = open_library(args.db, must_exist=True)
    copy_id = library.share(args.out, args.doc, args.tag, args.without_author, args.no_notes)
    print(f"{args.out}: shared as database {copy_id}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    library = open_library(args.db, must_exist=True)
    report = library.merge(args.other, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(report_json(report), ensure_ascii=False, indent=2))
        return 0
    print(("Would merge" if report.dry_run else "Merged") + f" {args.other}:")
    for line in report.describe():
        print(f"  {line}")
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    library = open_library(args.db, args.author, must_exist=True)
    if args.action == "create":
        parent_path, _, leaf = args.path.strip().rpartition("/")
        if parent_path and not leaf.strip():
            raise InvalidTag("A tag needs a name after the last '/'.")
        parent = library.ensure_tag_path(parent_path).id if parent_path else None
        tag = library.create_tag(leaf, args.color, parent, args.description)
        print(f"created tag “{tag.path}” ({tag.id}, {tag.color})")
        return 0
    if args.action == "restore":
        tag = library.restore_tag(library.resolve_tag(args.tag, deleted=True))
        print(
            f"restored tag “{tag.path}” ({tag.id}) with {_count(tag.annotation_count, 'passage')}"
        )
        return 0
    before = library.tag(library.resolve_tag(args.tag))
    if args.action == "rename":
        tag = library.rename_tag(before.id, args.name)
        print(f"renamed tag “{before.path}” to “{tag.path}” ({tag.id})")
    elif args.action == "move":
        parent = None if args.top else library.resolve_tag(args.under)
        tag = library.move_tag(before.id, parent)
        print(f"moved tag “{before.path}” to “{tag.path}” ({tag.id})")
    elif args.action == "merge":
        tag = library.merge_tags(before.id, library.resolve_tag(args.into))
        print(f"merged tag “{before.path}” into “{tag.path}” ({tag.id}), which "
              f"{_count(tag.annotation_count, 'passage')} now carry")  # fmt: skip
    else:
        affected = library.affected_by_deleting(before.id)
        library.delete_tag(before.id)
        print(f"deleted tag “{before.path}” and its subtags ({before.id}); "
              f"{_count(affected, 'passage')} lost it. Undo: tag restore {before.id}")  # fmt: skip
    return 0


def cmd_annotation(args: argparse.Namespace) -> int:
    library = open_library(args.db, args.author, must_exist=True)
    annotation_id = library.resolve_annotation_id(args.id, deleted=args.action == "restore")
    if args.action == "note":
        annotation = library.set_note(annotation_id, args.text)
        print(f"annotation {annotation_id}: note set ({_count(len(annotation.note), 'character')})")
    elif args.action == "tags":
        with library.db.atomic():  # a path that names no tag yet creates it, as annotate does
            wanted = [_tag_or_new(library, t) for t in args.tag]
            annotation = library.set_tags(annotation_id, wanted)
        paths = sorted(library.tag(t).path for t in annotation.tag_ids)
        print(f"annotation {annotation_id}: tags {', '.join(paths) or '(none)'}")
    elif args.action == "move":
        annotation = library.move_annotation(annotation_id, args.start, args.end)
        print(f"annotation {annotation_id}: now {annotation.start}-{annotation.end} "
              f"“{_short(annotation.quote)}”")  # fmt: skip
    elif args.action == "delete":
        library.delete_annotation(annotation_id)
        print(f"deleted annotation {annotation_id}. Undo: annotation restore {annotation_id}")
    else:
        annotation = library.restore_annotation(annotation_id)
        print(f"restored annotation {annotation_id} “{_short(annotation.quote)}”")
    return 0


def cmd_document(args: argparse.Namespace) -> int:
    library = open_library(args.db, args.author, must_exist=True)
    if args.action == "delete":
        summary = library.document_summary(library.resolve_document_id(args.id))
        library.delete_document(summary.id)
        print(f"deleted document {summary.id} “{summary.title}” with "
              f"{_count(summary.annotation_count, 'annotation')}. "
              f"Undo: document restore {summary.id}")  # fmt: skip
    else:
        summary = library.restore_document(library.resolve_document_id(args.id, deleted=True))
        print(f"restored document {summary.id} “{summary.title}” with "
              f"{_count(summary.annotation_count, 'annotation')}")  # fmt: skip
    return 0


def _tag_or_new(library: Library, reference: str) -> str:
    try:
        return library.resolve_tag(reference)
    except UnknownTag:
        return library.ensure_tag_path(reference).id


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def report_json(report: Any) -> dict[str, Any]:
    """The merge report as plain JSON."""
    return {
        "dry_run": report.dry_run,
        "backup": str(report.backup) if report.backup else None,
        "counts": {k: vars(c) for k, c in report.counts.items()},
        "collisions": [vars(c) for c in report.collisions],
        "reanchored": report.reanchored,
    }


def _mark(text: str, spans: Sequence[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        text = f"{text[:start]}[{text[start:end]}]{text[end:]}"
    return text


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# -- argument parsing --------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marginalia", description="Annotate official records offline."
    )
    parser.add_argument("--db", help="annotation database file (default: your data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("--db", default=argparse.SUPPRESS, help="annotation database file")
        cmd.set_defaults(handler=handler)
        return cmd

    imp = command("import", cmd_import, "import records (.txt .md .docx .pdf .html)")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--author", default="", help="who is importing (default: you)")
    imp.add_argument("--revision-of", metavar="ID",
                     help="import FILE as a new version of this document")  # fmt: skip
    lst = command("list", cmd_list, "list documents, tags and annotations")
    lst.add_argument("--json", action="store_true", help="print one JSON object")
    ann = command("annotate", cmd_annotate, "highlight a passage with tags and a note")
    ann.add_argument("--doc", required=True, help="document id (or a unique prefix)")
    ann.add_argument("--start", type=int, help="first character (code point, from 0)")
    ann.add_argument("--end", type=int, help="character after the passage")
    ann.add_argument("--quote", help="the passage's exact text (must occur once)")
    ann.add_argument("--tag", action="append", default=[], help="tag name or path (repeatable)")
    ann.add_argument("--note", default="", help="the note")
    ann.add_argument("--author", default="", help="who writes it (default: you)")
    exp = command("export", cmd_export, "write a Word brief, CSV, JSON-LD or REFI-QDA file")
    exp.add_argument("--format", required=True, help="docx, csv, json or qdpx")
    exp.add_argument("--out", required=True, help="the file to write")
    exp.add_argument("--doc", action="append", default=[], help="only this document (repeatable)")
    exp.add_argument("--tag", action="append", default=[], help="only passages with this tag")
    exp.add_argument("--author", action="append", default=[], help="only this author's passages")
    exp.add_argument("--excerpts", action="store_true", help="brief without the full text")
    exp.add_argument("--no-notes", action="store_true", help="leave the notes out")
    sha = command("share", cmd_share, "write a copy of the database for a colleague")
    sha.add_argument("--out", required=True, help="the copy to write")
    sha.add_argument("--doc", action="append", default=[], help="only this document (repeatable)")
    sha.add_argument("--tag", action="append", default=[], help="only passages with this tag")
    sha.add_argument("--without-author", action="append", default=[], metavar="NAME",
                     help="leave this author's passages out")  # fmt: skip
    sha.add_argument("--no-notes", action="store_true", help="leave the notes out")
    mer = command("merge", cmd_merge, "merge a colleague's database into this one")
    mer.add_argument("other", metavar="OTHER", help="the database to merge in")
    mer.add_argument("--dry-run", action="store_true", help="report without writing")
    mer.add_argument("--json", action="store_true", help="print the report as JSON")
    sea = command("search", cmd_search, "full-text search across documents")
    sea.add_argument("query")
    sea.add_argument("--json", action="store_true", help="print one JSON object")
    _edit_commands(command)
    return parser


def _edit_commands(command: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    """`tag`, `annotation` and `document`: every edit the app makes, for scripts."""

    def group(name: str, handler: Command, help_text: str) -> Any:
        cmd = command(name, handler, help_text)
        cmd.add_argument("--author", default="", help="who makes the change (default: you)")
        return cmd.add_subparsers(dest="action", metavar="ACTION", required=True)

    tag = group("tag", cmd_tag, "create, rename, move, merge, delete or restore a tag")
    create = tag.add_parser("create", help="create a tag (and missing parents) by path")
    create.add_argument("path", help="e.g. Risks/Financial")
    create.add_argument("--color", help="#RRGGBB (default: the next palette colour)")
    create.add_argument("--description", default="")
    tag.add_parser("rename", help="rename a tag").add_argument("tag", help="path or id")
    tag.choices["rename"].add_argument("name")
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
    note = group("annotation", cmd_annotation, "change, delete or restore an annotation")
    text = note.add_parser("note", help="replace the note")
    text.add_argument("id")
    text.add_argument("text")
    tags = note.add_parser("tags", help="set exactly these tags (none: untag)")
    tags.add_argument("id")
    tags.add_argument("tag", nargs="*", help="path or id")
    moved = note.add_parser("move", help="cover another passage of the same document")
    moved.add_argument("id")
    moved.add_argument("--start", type=int, required=True)
    moved.add_argument("--end", type=int, required=True)
    note.add_parser("delete", help="delete an annotation").add_argument("id")
    note.add_parser("restore", help="restore a deleted annotation").add_argument("id")
    document = group("document", cmd_document, "delete or restore a document")
    document.add_parser("delete", help="delete a document and its annotations").add_argument("id")
    document.add_parser("restore", help="restore a deleted document").add_argument("id")
    for actions in (tag, note, document):  # --db and --author also after the action
        for action in actions.choices.values():
            action.add_argument("--db", default=argparse.SUPPRESS, help="annotation database file")
            action.add_argument("--author", default=argparse.SUPPRESS, help="who makes the change")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "annotate":
        by_range = args.start is not None or args.end is not None
        if by_range == (args.quote is not None) or (by_range and None in (args.start, args.end)):
            parser.error("annotate needs either --start and --end, or --quote")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        from ui.app import run_app

        return run_app(lambda: open_library(args.db))
    try:
        return int(args.handler(args))
    except BrokenPipeError:  # `list | head`: the reader has gone; stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:  # Ctrl+C: the unfinished change was rolled back
        print("marginalia: interrupted; the unfinished change was not made.", file=sys.stderr)
        return 130
    except MarginaliaError as error:
        print(f"marginalia: {error}", file=sys.stderr)
    except (sqlite3.Error, PeeweeException) as error:
        print(f"marginalia: the database could not be used ({error}).", file=sys.stderr)
    except OSError as error:
        print(f"marginalia: {error.strerror or error}: {error.filename or ''}", file=sys.stderr)
    except Exception as error:  # a bug, not bad input: still one line, not a traceback
        if os.environ.get("MARGINALIA_DEBUG"):
            raise
        message = f"unexpected error ({type(error).__name__}: {error})"
        print(f"marginalia: {message}; set MARGINALIA_DEBUG=1 for details.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
