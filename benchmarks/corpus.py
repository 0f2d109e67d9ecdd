"""Import fidelity on real files other projects keep as test fixtures (#14).

    python -m benchmarks corpus [--dir PATH]     (default ../shared/corpus/realworld)

Every file is imported as the app does (``importers.import_file``), one by one. Per
format: how many were imported, refused (by reason) or failed inside (an internal
error: never acceptable), and how many of the record's words were kept — recall of the
reference's words (a multiset: each word as often as the reference has it):

- PDF against ``pdftotext`` (poppler-utils), with both speeds in MB of PDF per CPU second;
- Word against mammoth's raw text (``pip install mammoth``; skipped if absent);
- HTML against Mozilla readability's expected main text (in the corpus), with the share
  of imported words that are not in it (navigation and boilerplate);
- plain text against each file's known encoding (from charset_normalizer's own tests):
  decoded exactly or not.

Recall is reported over files whose reference holds at least 50 words.
"""

from __future__ import annotations

import importlib
import re
import resource
import shutil
import statistics
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from importers import ImportRefused, import_file
from models.text import normalise

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "realworld"
SMALL = 50
"""References with fewer words than this are left out of recall figures."""
KNOWN_ENCODINGS = {
    "sample-arabic-1.txt": "cp1256",
    "sample-arabic.txt": "utf_8",
    "sample-bulgarian.txt": "utf_8",
    "sample-chinese.txt": "big5",
    "sample-english.bom.txt": "utf_8_sig",
    "sample-french-1.txt": "cp1252",
    "sample-french.txt": "utf_8",
    "sample-greek-2.txt": "cp1253",
    "sample-greek.txt": "cp1253",
    "sample-hebrew-2.txt": "cp1255",
    "sample-hebrew-3.txt": "cp1255",
    "sample-korean.txt": "cp949",
    "sample-polish.txt": "utf_8",
    "sample-russian-2.txt": "utf_8",
    "sample-russian-3.txt": "utf_8",
    "sample-russian.txt": "mac_cyrillic",
    "sample-spanish.txt": "utf_8",
    "sample-turkish.txt": "cp1254",
}
"""The encodings charset_normalizer's tests give for its sample texts (tests/
test_full_detection.py), which the corpus holds as txt/cn__data__<name>."""


@dataclass
class Tally:
    """One format's outcome."""

    files: int = 0
    imported: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)
    worst: list[tuple[float, str]] = field(default_factory=list)
    extras: list[float] = field(default_factory=list)
    extras_untitled: list[float] = field(default_factory=list)
    exact: int = 0
    seconds: float = 0.0
    reference_seconds: float = 0.0
    megabytes: float = 0.0


_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(f"[{_CJK}]|(?:(?![{_CJK}])\\w)+")
"""A word, or one CJK character: Chinese and Japanese are not written with spaces, so
whole runs would count as one "word" and any difference in them as all lost."""


_LETTER_SPACED = re.compile(r"\b(?:\w ){2,}\w\b")
"""Three or more single letters in a row: a letter-spaced word ("A m e r i c a n")."""


def words(text: str, spaced_letters_joined: bool = False) -> Counter[str]:
    """The text's words. With ``spaced_letters_joined`` (for PDFs), a letter-spaced run
    counts as the word it spells, on both sides: pdftotext keeps some letter-spaced
    titles and OCR layers spaced out, and an import that reads them as words is not
    losing them."""
    text = text.casefold()
    if spaced_letters_joined:
        text = _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)
    return Counter(_WORD.findall(text))


def recall(kept: Counter[str], reference: Counter[str]) -> float:
    total = sum(reference.values())
    return sum(min(n, kept[w]) for w, n in reference.items()) / total if total else 1.0


def extra(kept: Counter[str], reference: Counter[str]) -> float:
    """The share of imported words the reference does not have."""
    total = sum(kept.values())
    return sum(max(0, n - reference[w]) for w, n in kept.items()) / total if total else 0.0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pdftotext(path: Path) -> tuple[str, float] | None:
    if shutil.which("pdftotext") is None:
        return None
    before = _children_cpu()
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120
    )
    return done.stdout.decode("utf-8", "replace"), _children_cpu() - before


def mammoth_text(path: Path) -> str | None:
    try:
        mammoth = importlib.import_module("mammoth")  # optional: only for this reference
    except ImportError:
        return None
    with path.open("rb") as handle:
        return str(mammoth.extract_raw_text(handle).value)


def readability_text(folder: Path, path: Path) -> tuple[str, str] | None:
    """A readability test page's title and its expected main text (its .expected.html):
    readability gives the article's title apart from its content (taken here from the
    page's <title>), and an import keeps it as its first heading."""
    found = re.search(r"test-pages__(.+)__source\.html$", path.name)
    expected = folder / "html_expected" / f"{found.group(1)}.expected.html" if found else None
    if expected is None or not expected.exists():
        return None
    from lxml import html

    content = html.fromstring(expected.read_text(encoding="utf-8")).text_content()  # UTF-8
    title = html.fromstring(path.read_bytes()).findtext(".//title") or ""
    return title, str(content)


def reason(message: str, path: Path) -> str:
    """A refusal's reason without the file's name, for counting alike ones together."""
    return " ".join(message.replace(path.name, "FILE").split())[:90]


def measure(folder: Path) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for path in sorted(p for p in folder.glob("*/*") if p.is_file()):
        kind = path.parent.name
        if kind not in ("pdf", "docx", "html", "txt"):
            continue
        tally = tallies.setdefault(kind, Tally())
        tally.files += 1
        start = _cpu()
        try:
            text = import_file(path).text
        except ImportRefused as refusal:
            tally.refused[reason(str(refusal), path)] += 1
            continue
        except Exception as error:  # the point: an internal error is counted, not raised
            tally.errors.append(f"{path.name}: {type(error).__name__}: {error}"[:160])
            continue
        finally:
            tally.seconds += _cpu() - start
        tally.imported += 1
        _compare(kind, folder, path, text, tally)
    return tallies


def _compare(kind: str, folder: Path, path: Path, text: str, tally: Tally) -> None:
    reference: str | None = None
    untitled = ""
    if kind == "pdf":
        read = pdftotext(path)
        if read is not None:
            reference, spent = read
            tally.reference_seconds += spent
            tally.megabytes += path.stat().st_size / 1e6
    elif kind == "docx":
        reference = mammoth_text(path)
    elif kind == "html":
        expected_page = readability_text(folder, path)
        if expected_page is not None:
            title, untitled = expected_page
            reference = f"{title}\n{untitled}"
    elif kind == "txt":
        known = KNOWN_ENCODINGS.get(path.name.removeprefix("cn__data__"))
        if known:
            tally.exact += text == normalise(path.read_bytes().decode(known))
        return
    if reference is None:
        return
    expected, kept = words(reference, kind == "pdf"), words(text, kind == "pdf")
    if sum(expected.values()) >= SMALL:
        tally.recalls.append(recall(kept, expected))
        tally.worst.append((tally.recalls[-1], path.name))
        if kind == "html":
            tally.extras.append(extra(kept, expected))
            tally.extras_untitled.append(extra(kept, words(untitled)))


def report(tallies: dict[str, Tally]) -> None:
    header = ["format", "files", "imported", "refused", "errors", "recall median", "min"]
    header += ["< 0.9", "other"]
    rows = [header]
    for kind, t in tallies.items():
        median = f"{statistics.median(t.recalls):.3f}" if t.recalls else "—"
        least = f"{min(t.recalls):.3f}" if t.recalls else "—"
        below = str(sum(r < 0.9 for r in t.recalls)) if t.recalls else "—"
        counts = [str(t.files), str(t.imported), str(sum(t.refused.values())), str(len(t.errors))]
        rows.append([kind, *counts, median, least, below, _other(kind, t)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    print("\nImport fidelity on the real-world corpus (importers/)")
    for number, row in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * w for w in widths))
    for kind, t in tallies.items():
        for why, n in t.refused.most_common():
            print(f"  {kind} refused ×{n}: {why}")
        for error in t.errors:
            print(f"  {kind} INTERNAL ERROR: {error}")
        for kept, name in sorted(t.worst)[:5]:
            if kept < 0.9:
                print(f"  {kind} recall {kept:.3f}: {name}")


def _other(kind: str, t: Tally) -> str:
    if kind == "pdf" and t.seconds and t.reference_seconds:
        ours, theirs = t.megabytes / t.seconds, t.megabytes / t.reference_seconds
        return f"{ours:.2f} MB/s, pdftotext {theirs:.2f} MB/s ({theirs / ours:.1f}× faster)"
    if kind == "html" and t.extras:
        untitled = statistics.median(t.extras_untitled)
        return (
            f"boilerplate median {statistics.median(t.extras):.1%} "
            f"({untitled:.1%} not counting the title)"
        )
    if kind == "txt":
        return f"decoded exactly {t.exact}/{t.imported} imported"
    if kind == "docx" and not t.recalls:
        return "recall needs mammoth (pip install mammoth)"
    return ""


def run(folder: Path | None = None, echo: Callable[[str], None] = print) -> None:
    folder = folder or DEFAULT
    if not folder.is_dir():
        echo(f"The corpus is not at {folder}: nothing measured (give --dir PATH).")
        return
    started = time.perf_counter()
    report(measure(folder))
    echo(f"\n({time.perf_counter() - started:.0f} s)")
