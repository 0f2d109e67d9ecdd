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
import shlex
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from peewee import PeeweeException

from exporters import ExportOptions, export
from importers import import_file
from models import Library
from models.errors import (
    AmbiguousQuote,
    DuplicateDocument,
    MarginaliaError,
)
from models.merge_choices import KEEPS, Choices, Keep
from models.text import iso_time
from models.wording import count
from resources import SAMPLE_RECORD, SAMPLE_TITLE
from ui import commands
from ui.commands import printable, short, text_argument

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


OPENED: list[Library] = []
"""Libraries a command opened: closed (and checkpointed) when it ends, whatever happens."""


def open_library(db: str | None, author: str = "", must_exist: bool = False) -> Library:
    """Open --db (or the default database, seeded with the sample record when new)."""
    library = _open_library(db, author, must_exist)
    OPENED.append(library)
    return library


def _open_library(db: str | None, author: str, must_exist: bool) -> Library:
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
    if args.revision_of is not None:
        return import_revision(library, args.revision_of, args.files, args.encoding)
    refused = 0
    for name in args.files:
        try:
            imported = import_file(name, whole_page=args.whole_page, encoding=args.encoding)
            summary, noted = library.import_record(imported, not args.without_comments)
            again = " (it had been deleted: restored)" if summary.restored else ""
            length = count(summary.length, "character")
            comments = f", {count(noted, 'Word comment')} as annotations" if noted else ""
            told = f"imported as {summary.id} ({length}){comments}{again}"
            told += guessed(imported, summary.id, args.db)
            print(f"{printable(name)}: {told}", flush=True)
        except DuplicateDocument as duplicate:
            print(f"{printable(name)}: already in the library as {duplicate.existing_id} "
                  "(same text)", flush=True)  # fmt: skip
        except MarginaliaError as refusal:  # ImportRefused is one
            refused += 1
            print(f"marginalia: {printable(name)}: refused: {printable(str(refusal))}",
                  file=sys.stderr, flush=True)  # fmt: skip
    library.checkpoint()  # the database file alone holds what was imported
    return 1 if refused else 0


def guessed(imported: Any, document_id: str, db: str | None) -> str:
    """A note when a text's encoding was guessed: the officer should check it reads right,
    and can read it again in another (the command says the database it was given)."""
    if imported.metadata.get("encoding guessed") != "yes":
        return ""
    where = f"--db {shlex.quote(db)} " if db else ""
    return (
        f"; its encoding was guessed: read as {imported.metadata['encoding']}, check it reads "
        f"right (if not: import {where}--revision-of {document_id} --encoding ENC FILE)"
    )


def import_revision(
    library: Library, previous: str, files: list[str], encoding: str | None = None
) -> int:
    """`import --revision-of ID FILE`: the new version, with the annotations carried over
    (the same file read in another ``encoding``, for one)."""
    if len(files) != 1:
        raise MarginaliaError("Import one file at a time as a new version (--revision-of).")
    try:
        report = library.import_revision(import_file(files[0], encoding=encoding), previous)
    except DuplicateDocument as duplicate:
        newest = library.resolve_document_id(previous)
        if duplicate.existing_id not in library.earlier_versions(newest):
            raise
        raise MarginaliaError(
            f"{printable(files[0])} reads as the record's earlier version "
            f"{duplicate.existing_id}: to go back to it, take back the versions read since "
            f"(document withdraw {newest}, the newest first)."
        ) from duplicate
    outcomes = ", ".join(f"{count} {name}" for name, count in report.outcomes.items())
    print(f"{printable(files[0])}: imported as {report.document.id}, a new version of "
          f"{report.previous_id}; annotations: {outcomes}")  # fmt: skip
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    library = open_library(args.db, must_exist=True)
    listing = build_listing(library)
    if args.json:
        print(json.dumps(listing, ensure_ascii=False, indent=2))
        return 0
    print(count(len(listing["documents"]), "document"))
    for doc in listing["documents"]:
        print(f"  {doc['id']}  {printable(doc['title'])}  ({count(doc['length'], 'character')}, "
              f"{count(doc['annotations'], 'annotation')})")  # fmt: skip
    print(count(len(listing["tags"]), "tag"))
    for tag in listing["tags"]:
        print(f"  {tag['color']}  {printable(tag['path'])}  ({tag['count']})")
    print(count(len(listing["annotations"]), "annotation"))
    for note in listing["annotations"]:
        tags = printable(", ".join(note["tags"])) or "no tags"
        print(f"  {note['id'][:8]}  {note['start']}-{note['end']}  “{short(note['quote'])}”  "
              f"[{tags}]  {printable(note['author'])}")  # fmt: skip
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
    found = library.search(args.query)
    if args.json:  # each document's first hit also at its top level, as before
        results = [{"document": d.document_id, "title": d.title, "count": d.count,
                    "snippet": d.hits[0].snippet, "highlights": d.hits[0].highlights,
                    "hits": [h.as_dict() for h in d.hits]} for d in found]  # fmt: skip
        listing = {"query": args.query, "results": results, "more": found.more_documents}
        print(json.dumps(listing, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(f"No document matches “{printable(args.query)}”.")
    for document in found:
        print(f"{document.document_id}  {printable(document.title)}  "
              f"({count(document.count, 'hit')})")  # fmt: skip
        for hit in document.hits:
            marked = printable(_mark(hit.snippet, hit.highlights))
            print(f"    {hit.where}: {' '.join(marked.split())}")
        if document.more:
            print(f"    … and {document.count - len(document.hits)} more")
    if found.more_documents:
        listed = len(found)
        print(f"More documents match: the best {listed} are listed; add words to narrow them.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    library = open_library(args.db, must_exist=True)
    selection = library.export_set(args.doc, args.tag, args.author)
    if args.compare and args.format != "docx":
        raise MarginaliaError("--compare is for the Word brief: use --format docx.")
    options = ExportOptions(
        args.excerpts,
        not args.no_notes,
        keep_formulas=args.keep_formulas,
        page_size=args.page_size,
        compare=tuple(args.compare) if args.compare else None,
    )
    out = export(selection, args.format, args.out, options, library.files())
    print(f"{out}: {count(len(selection.annotations), 'annotation')} from "
          f"{count(len(selection.documents), 'document')}")  # fmt: skip
    return 0


def cmd_share(args: argparse.Namespace) -> int:
    library = open_library(args.db, must_exist=True)
    copy_id = library.share(args.out, args.doc, args.tag, args.without_author, args.no_notes)
    print(f"{args.out}: shared as database {copy_id}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    library = open_library(args.db, must_exist=True)
    choices = Choices.given(args.keep, args.keep_id)
    report = library.merge(args.other, dry_run=args.dry_run, choices=choices)
    if args.json:
        print(json.dumps(report_json(report), ensure_ascii=False, indent=2))
        return 0
    if not report.changed():
        print(f"{args.other} holds nothing you do not have already: nothing to merge.")
        return 0
    print(("Would merge" if report.dry_run else "Merged") + f" {args.other}:")
    for line in report.describe():
        print(f"  {line}")
    return 0


def keep_one(given: str) -> tuple[str, Keep]:
    """``ID=mine|theirs|both`` from the command line."""
    annotation_id, _, keep = given.partition("=")
    for choice in KEEPS:
        if keep.strip().lower() == choice and annotation_id.strip():
            return annotation_id.strip(), choice
    raise argparse.ArgumentTypeError(f"{given!r}: give ID=mine, ID=theirs or ID=both")


def cmd_compare(args: argparse.Namespace) -> int:
    library = open_library(args.db, must_exist=True)
    document = library.document(library.resolve_document_id(args.doc))
    if args.tags:  # two tags' passages, whoever marked them, as two readings
        first, second = args.tags
        ids = [library.resolve_tag(t) for t in args.tags]
        result = library.compare_tags(document.id, *ids, args.min_overlap)
    else:
        first, second = args.authors
        tags = [library.resolve_tag(t) for t in args.tag] or None
        result = library.compare(document.id, first, second, tags, args.min_overlap)
    if args.json:
        print(
            json.dumps(
                comparison_json(result, document, first, second), ensure_ascii=False, indent=2
            )
        )
        return 0
    print(
        f"{printable(first)} and {printable(second)} on “{printable(document.title)}” "
        f"({count(result.length, 'character')}; a passage agrees when one of the other's "
        f"covers {result.min_overlap:.0%} of it)"
    )
    print(agreement_table(result, first, second))
    for who, passages in ((first, result.only_first), (second, result.only_second)):
        print(f"Only {printable(who)} marked: {len(passages)}")
        for passage in passages:
            quote = " ".join(document.text[passage.start : passage.end].split())
            print(f"  {passage.start}–{passage.end}  “{printable(quote)}”")
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    return commands.run_tag(open_library(args.db, args.author, must_exist=True), args)


def cmd_annotation(args: argparse.Namespace) -> int:
    return commands.run_annotation(open_library(args.db, args.author, must_exist=True), args)


def cmd_document(args: argparse.Namespace) -> int:
    return commands.run_document(open_library(args.db, args.author, must_exist=True), args)


def report_json(report: Any) -> dict[str, Any]:
    """The merge report as plain JSON: an annotation edited on both sides with both its
    versions (passage, tags, note, author, time), other rows' collisions with both rows;
    each annotation a colleague deleted with its words and who deleted it."""
    both = {b.id: b for b in report.edited_on_both_sides}

    def collision(c: Any) -> dict[str, Any]:
        winner = "mine" if c.winner == "local" else "theirs"
        if c.id in both:
            versions = both[c.id]
            merged = vars(versions.merged) if versions.merged else None
            return {
                "kind": c.kind,
                "id": c.id,
                "document": versions.document,
                "mine": vars(versions.mine),
                "theirs": vars(versions.theirs),
                "winner": winner,
                "merged": merged,
                "kept": versions.kept,
                "copy": versions.copy,
            }
        return {
            "kind": c.kind,
            "id": c.id,
            "document": None,
            "mine": c.local,
            "theirs": c.other,
            "winner": winner,
        }

    return {
        "dry_run": report.dry_run,
        "backup": str(report.backup) if report.backup else None,
        "counts": {k: vars(c) for k, c in report.counts.items()},
        "collisions": [collision(c) for c in report.collisions],
        "deleted": [vars(d) for d in report.deleted],
        "arrived": [vars(a) for a in report.arrived],
        "arrived_total": report.arrived_total,
        "reanchored": report.reanchored,
    }


def agreement_table(result: Any, first: str, second: str) -> str:
    """The comparison's rows as a table for a terminal."""
    header = [
        "tag",
        "agreement",
        "kappa",
        f"{first} chars",
        f"{second} chars",
        "both",
        f"{first} agreed",
        f"{second} agreed",
    ]
    rows = [header] + [[printable(r.tag), *r.cells(precise=True)[1:]] for r in result.tags]
    widths = [max(len(row[n]) for row in rows) for n in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def comparison_json(result: Any, document: Any, first: str, second: str) -> dict[str, Any]:
    """The comparison as plain JSON (offsets in code points, with each passage's words)."""

    def passage(p: Any) -> dict[str, Any]:
        return {"id": p.id, "start": p.start, "end": p.end, "quote": document.text[p.start : p.end]}

    return {
        "document": document.id,
        "authors": [first, second],
        "length": result.length,
        "min_overlap": result.min_overlap,
        "tags": [
            {
                "tag": r.tag,
                "agreement": r.agreement,
                "kappa": r.kappa,
                "characters": {
                    "first": r.coded_first,
                    "second": r.coded_second,
                    "both": r.coded_both,
                },
                "passages": {
                    "first": r.passages_first,
                    "second": r.passages_second,
                    "agreed_first": r.agreed_first,
                    "agreed_second": r.agreed_second,
                },
            }
            for r in result.tags
        ],
        "both": [
            {"first": passage(m.first), "second": passage(m.second), "overlap": list(m.overlap)}
            for m in result.both
        ],
        "only_first": [passage(p) for p in result.only_first],
        "only_second": [passage(p) for p in result.only_second],
    }


def _mark(text: str, spans: Sequence[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        text = f"{text[:start]}[{text[start:end]}]{text[end:]}"
    return text


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
    imp.add_argument("--author", default="", type=text_argument,
                     help="who is importing (default: you)")  # fmt: skip
    imp.add_argument("--revision-of", metavar="ID",
                     help="import FILE as a new version of this document")  # fmt: skip
    imp.add_argument(
        "--encoding",
        metavar="ENC",
        help="read plain text or Markdown in this encoding (e.g. windows-1250) rather than "
        "the one it is found to be in",
    )
    imp.add_argument(
        "--without-comments",
        action="store_true",
        help="leave a Word file's own comments out (by default each becomes an annotation "
        "by its author)",
    )
    imp.add_argument(
        "--whole-page",
        action="store_true",
        help="a web page's whole visible text (by default its main content, without "
        "navigation, sidebars and footers)",
    )
    lst = command("list", cmd_list, "list documents, tags and annotations")
    lst.add_argument("--json", action="store_true", help="print one JSON object")
    ann = command("annotate", cmd_annotate, "highlight a passage with tags and a note")
    ann.add_argument("--doc", required=True, help="document id (or a unique prefix)")
    ann.add_argument("--start", type=int, help="first character (code point, from 0)")
    ann.add_argument("--end", type=int, help="character after the passage")
    ann.add_argument("--quote", type=text_argument,
                     help="the passage's exact text (must occur once)")  # fmt: skip
    ann.add_argument("--tag", action="append", default=[], type=text_argument,
                     help="tag name or path (repeatable)")  # fmt: skip
    ann.add_argument("--note", default="", type=text_argument, help="the note")
    ann.add_argument("--author", default="", type=text_argument,
                     help="who writes it (default: you)")  # fmt: skip
    exp = command("export", cmd_export, "write a Word brief, CSV, JSON-LD or REFI-QDA file")
    exp.add_argument("--format", required=True, help="docx, csv, json or qdpx")
    exp.add_argument("--out", required=True, help="the file to write")
    exp.add_argument("--doc", action="append", default=[], help="only this document (repeatable)")
    exp.add_argument("--tag", action="append", default=[], help="only passages with this tag")
    exp.add_argument("--author", action="append", default=[], help="only this author's passages")
    exp.add_argument("--excerpts", action="store_true", help="brief without the full text")
    exp.add_argument(
        "--compare",
        nargs=2,
        metavar=("A", "B"),
        type=text_argument,
        help="brief: a table of how far these two authors' readings agree",
    )
    exp.add_argument("--no-notes", action="store_true", help="leave the notes out")
    exp.add_argument(
        "--page-size",
        choices=["auto", "a4", "letter"],
        default="auto",
        help="the brief's paper (default: Letter in North America, else A4)",
    )
    exp.add_argument("--keep-formulas", action="store_true",
                     help="CSV: leave cells starting with = + - @ as they are (a spreadsheet "
                          "may run them); by default they get a leading '")  # fmt: skip
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
    mer.add_argument(
        "--keep",
        choices=KEEPS,
        help="for every annotation edited on both sides: keep mine, take theirs, or keep "
        "both (theirs as a separate annotation); default: the newer",
    )
    mer.add_argument(
        "--keep-id",
        action="append",
        default=[],
        type=keep_one,
        metavar="ID=CHOICE",
        help="the same for one annotation (its id or a unique prefix; repeatable)",
    )
    com = command("compare", cmd_compare, "how far two readings of a record agree")
    com.add_argument("--doc", required=True, help="document id (or a unique prefix)")
    who = com.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--authors",
        nargs=2,
        metavar=("A", "B"),
        type=text_argument,
        help="the two authors to compare",
    )
    who.add_argument(
        "--tags",
        nargs=2,
        metavar=("X", "Y"),
        type=text_argument,
        help="or two tags, whoever marked their passages (two readings kept by tag)",
    )
    com.add_argument(
        "--tag",
        action="append",
        default=[],
        type=text_argument,
        help="only this tag (repeatable; default: every tag either used)",
    )
    com.add_argument(
        "--min-overlap",
        type=float,
        default=0.5,
        metavar="SHARE",
        help="share of a passage the other's must cover to agree (default 0.5)",
    )
    com.add_argument("--json", action="store_true", help="print one JSON object")
    sea = command("search", cmd_search, "full-text search across documents")
    sea.add_argument("query", type=text_argument)
    sea.add_argument("--json", action="store_true", help="print one JSON object")
    commands.add_edit_commands(command, {"tag": cmd_tag, "annotation": cmd_annotation,
                                         "document": cmd_document})  # fmt: skip
    return parser


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
        return start_app(args.db)
    try:
        return run_command(args)
    finally:
        while OPENED:
            OPENED.pop().close()


def start_app(db: str | None) -> int:
    """The desktop app, unless there is no display to show it on."""
    if no_display():
        print("marginalia: there is no display to show the window on (no desktop session: "
              "DISPLAY is not set). Start it from a desktop session, or use the command "
              "line: python main.py --help", file=sys.stderr)  # fmt: skip
        return 1
    from ui.app import run_app

    return run_app(lambda: open_library(db))


def database_error(error: Exception, args: argparse.Namespace) -> str:
    """What went wrong with the database, for a person (its folder when the disk is full)."""
    where = Path(getattr(args, "db", None) or default_database_path())
    if "full" in str(error):
        return f"the disk holding {where.resolve().parent} is full; nothing was changed."
    if "readonly" in str(error) or "read-only" in str(error):
        return f"{where} is read-only; nothing was changed."
    return f"the database {where} could not be used ({error})."


def no_display() -> bool:
    """On Linux and other X11/Wayland systems, whether no display is reachable."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_command(args: argparse.Namespace) -> int:
    """Run a subcommand; bad input and refusals become one line on stderr, exit code 1."""
    try:
        return int(args.handler(args))
    except BrokenPipeError:  # `list | head`: the reader has gone; stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:  # Ctrl+C: the unfinished change was rolled back
        print("marginalia: interrupted; the unfinished change was not made.", file=sys.stderr)
        return 130
    except MarginaliaError as error:
        _say_error(str(error))
    except (sqlite3.Error, PeeweeException) as error:
        _say_error(database_error(error, args))
    except OSError as error:
        _say_error(f"{error.strerror or error}: {error.filename or ''}")
    except Exception as error:  # a bug, not bad input: still one line, not a traceback
        if os.environ.get("MARGINALIA_DEBUG"):
            raise
        unexpected = f"unexpected error ({type(error).__name__}: {error})"
        _say_error(f"{unexpected}; set MARGINALIA_DEBUG=1 for details.")
    return 1


def _say_error(message: str) -> None:
    """One line on stderr; a path or name typed with control characters (an escape
    sequence, a newline) is shown escaped, never acted on by the terminal."""
    print(f"marginalia: {printable(message)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
