"""Pictures for the README, made from the sample record annotated:

python -m ui.screenshot window [OUT.png]   the main window, rendered offscreen at 1280×720
python -m ui.screenshot dark [OUT.png]     the same in the dark theme
python -m ui.screenshot review [OUT.png]   the Review tab after a record was revised
python -m ui.screenshot search [OUT.png]   the same, searching text and notes
python -m ui.screenshot brief [OUT.png]    page 3 of the Word brief (needs LibreOffice
                                           and pdftoppm: Debian libreoffice-writer-nogui,
                                           poppler-utils)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from models import Library

PICTURES = Path(__file__).resolve().parent.parent / "resources" / "screenshots"
PASSAGES = [
    ("approach migration through a prism of opportunity rather than fear", "Positions",
     "The SG's framing — quote it in the brief."),
    ("prism of opportunity", "Risks/Institutional", "Who defines the 'opportunity'?"),
    ("effective follow-up to the High-level Dialogue", "Commitments", ""),
    ("more closely associated with the work of the Global Migration Group", "Positions",
     "Which agencies? Ask DESA for the list."),
    ("the global forum as an intergovernmental body", "Risks/Institutional",
     "Overlap between the forum and the GMG."),
    ("remain united in supporting the follow-up process", "Commitments", ""),
]  # fmt: skip


SEARCH_EXAMPLE = 'forum OR "ask desa"'
"""A query that finds words in the record and a phrase in a note."""


def sample_library(folder: Path) -> Library:
    """A library holding the sample record with a few annotations by two officers."""
    from main import seed_sample

    library = Library.open(folder / "sample.db", author="Amina El-Sayed")
    seed_sample(library)
    document = library.documents()[0]
    text = library.document(document.id).text
    for number, (quote, tag, note) in enumerate(PASSAGES):
        library.set_author("Amina El-Sayed" if number % 3 else "Bo Li")
        start = text.index(quote)
        library.annotate_tagged(document.id, start, start + len(quote), [tag], note)
    return library


def render_window(out: Path, query: str = "", theme: str = "system") -> Path:
    """The main window at 1280×720 on the annotated sample, in ``theme``; with
    ``query``, the Search tab showing its hits."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from ui.app import application
    from ui.main_window import MainWindow
    from ui.prompts import Prompts

    app = application()
    with tempfile.TemporaryDirectory() as folder:
        library = sample_library(Path(folder))
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("view/theme", theme)
        window = MainWindow(library, Prompts(), settings)
        window.resize(1280, 720)
        window.show()
        app.processEvents()
        window.annotations.select(window.annotations.model.annotation(3).id)
        if query:
            window.show_search()
            window.search_panel.query.setText(query)
            window.search(query)
        app.processEvents()
        window.grab().save(str(out))
        window.close()
        library.close()
    return out


VERSIONS = (
    "1. The Board agreed to report by 2027 on the follow-up to the High-level Dialogue.\n\n"
    "2. It noted the financial situation of the Global Migration Group.\n\n"
    "3. Migration matters to every agency of the system.",
    "1. The Board decided to report by 2028 on the follow-up to the High-level Dialogue.\n\n"
    "2. Migration matters to every agency of the system, it said.",
)
"""A record and its revision: one passage amended, one not found, one moved."""


def render_review(out: Path) -> Path:
    """The Review tab at 1280×720, an amended passage chosen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from models import ImportedDocument
    from ui.app import application
    from ui.main_window import MainWindow
    from ui.prompts import Prompts

    app = application()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        library = Library.open(folder / "review.db", author="Amina El-Sayed")
        first, revised = VERSIONS
        record = library.import_document(ImportedDocument("Summary record", first, "1.txt", "txt"))
        for quote, tag in (
            ("agreed to report by 2027 on the follow-up", "Commitments"),
            ("financial situation of the Global Migration Group", "Risks"),
            ("Migration matters", "Positions"),
        ):
            start = first.index(quote)
            library.annotate_tagged(record.id, start, start + len(quote), [tag], "")
        new = ImportedDocument("Summary record", revised, "2.txt", "txt")
        version = library.import_revision(new, record.id).document
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(library, Prompts(), settings)
        window.resize(1280, 720)
        window.show()
        window.open_document(version.id)
        window.left_tabs.setCurrentWidget(window.review)
        window.splitters["main"].setSizes([420, 520, 340])
        window.review.items.setCurrentRow(0)
        app.processEvents()
        window.grab().save(str(out))
        window.close()
        library.close()
    return out


def render_brief(out: Path, page: int = 3) -> Path:
    from exporters.brief import write_brief

    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        raise SystemExit("needs LibreOffice (soffice) and pdftoppm (poppler-utils)")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        library = sample_library(folder)
        brief = write_brief(library.export_set(), folder / "brief.docx")
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo",
                        "--convert-to", "pdf", "--outdir", str(folder), str(brief)],
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run([pdftoppm, "-png", "-r", "80", "-f", str(page), "-l", str(page),
                        "-singlefile", str(folder / "brief.pdf"), str(out.with_suffix(""))],
                       check=True, capture_output=True)  # fmt: skip
        library.close()
    return out


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "window"
    names = {
        "window": "main-window.png",
        "dark": "main-window-dark.png",
        "search": "search.png",
        "review": "review.png",
        "brief": "brief-page.png",
    }
    if what not in names:
        raise SystemExit(f"usage: python -m ui.screenshot {{{'|'.join(names)}}} [OUT.png]")
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else PICTURES / names[what]
    target.parent.mkdir(parents=True, exist_ok=True)
    if what == "brief":
        print(render_brief(target))
    elif what == "review":
        print(render_review(target))
    else:
        query = SEARCH_EXAMPLE if what == "search" else ""
        print(render_window(target, query, "dark" if what == "dark" else "system"))
