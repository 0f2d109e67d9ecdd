"""Pictures for the README, made from the sample record annotated:

python -m ui.screenshot window [OUT.png]   the main window, rendered offscreen at 1280×720
python -m ui.screenshot dark [OUT.png]     the same in the dark theme
python -m ui.screenshot review [OUT.png]   the Review tab after a record was revised
python -m ui.screenshot search [OUT.png]   the same, searching text and notes
python -m ui.screenshot export [OUT.png]   the same with File → Export's form open
python -m ui.screenshot compare [OUT.png]  Annotate → Compare two readings, two officers
python -m ui.screenshot merge [OUT.png]    File → Merge's preview of a colleague's copy
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
from typing import Any

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


STRUCTURED_TITLE = "CEB: migration and development"
STRUCTURED = f"""<html><head><title>{STRUCTURED_TITLE}</title></head><body>
<h1>Summary of conclusions: international migration and development</h1>
<h2>I. Follow-up to the High-level Dialogue</h2>
<p>1. CEB had an exchange of views on:</p>
<ul><li>(a) the contribution of the High-level Dialogue to the strengthening of
international cooperation and to the global dialogue on international migration as a key
component of development in both developing and developed countries; and</li>
<li>(b) ways to optimize the system’s contribution to its follow-up in relation to both
advocacy and analytical and technical support.</li></ul>
<p>2. In opening the discussion, the Secretary-General noted that the High-level Dialogue
had shown that:</p>
<blockquote>the issue of migration and development, considered for years to be too
sensitive to debate at the United Nations, could indeed be addressed constructively at the
global level and that it was in fact easier at that level to approach migration through a
prism of opportunity rather than fear.</blockquote>
<p>3. The Under-Secretary-General for Economic and Social Affairs thanked the
Secretary-General for his leadership on the issue and briefed the Board on the steps being
taken to ensure effective follow-up to the High-level Dialogue.</p>
<h2>II. The Global Migration Group</h2>
<p>4. In the ensuing discussions, executive heads briefed the Board on their ongoing
activities, recording, in some cases, their interest in being more closely associated with
the work of the Global Migration Group. The United Nations High Commissioner for Refugees,
in his capacity as Chair of the Global Migration Group, stressed the importance of effective
cooperation between the global forum as an intergovernmental body and the Global Migration
Group as an inter-agency mechanism.</p>
<table><tr><th>Body</th><th>Its part in the follow-up</th></tr>
<tr><td>Global forum</td><td>Intergovernmental body</td></tr>
<tr><td>Global Migration Group</td><td>Inter-agency mechanism; UNHCR chairs</td></tr>
<tr><td>DESA</td><td>Briefed the Board on the follow-up</td></tr></table>
<p>5. The Secretary-General urged all to remain united in supporting the follow-up process
and in fully seizing the opportunities it offered.</p>
</body></html>"""
"""The sample record's words set out as such records are (numbered paragraphs, lettered
points, a quotation, a table), to show the reader at work on structure."""


def structured_record(library: Library) -> str:
    """The id of the sample's structured record."""
    return next(d.id for d in library.documents() if d.title == STRUCTURED_TITLE)


def sample_library(folder: Path) -> Library:
    """A library holding the sample record and its words as a structured record, the
    latter with a few annotations by two officers."""
    from importers import import_file
    from main import seed_sample

    library = Library.open(folder / "sample.db", author="Amina El-Sayed")
    seed_sample(library)
    page = folder / "ceb-structured.html"
    page.write_text(STRUCTURED, encoding="utf-8")
    document = library.import_document(import_file(page))
    text = library.document(document.id).text
    for number, (quote, tag, note) in enumerate(PASSAGES):
        library.set_author("Amina El-Sayed" if number % 3 else "Bo Li")
        start = text.index(quote)
        library.annotate_tagged(document.id, start, start + len(quote), [tag], note)
    return library


def render_window(out: Path, query: str = "", theme: str = "system", export: bool = False) -> Path:
    """The main window at 1280×720 on the annotated sample, in ``theme``; with
    ``query``, the Search tab showing its hits; with ``export``, the export form open
    over it (taken from the screen: run it under Xvfb, QT_QPA_PLATFORM=xcb)."""
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
        window.open_document(structured_record(library))
        app.processEvents()
        window.annotations.select(window.annotations.model.annotation(1).id)
        if query:
            window.show_search()
            window.search_panel.query.setText(query)
            window.search(query)
        app.processEvents()
        picture = window.grab() if not export else _with_export_form(window)
        picture.save(str(out))
        window.close()
        library.close()
    return out


def _with_export_form(window: Any) -> Any:
    """The window, dimmed, with File → Export's form over it in a frame (Xvfb has no
    window manager to draw one)."""
    from PySide6.QtGui import QColor, QPainter, QPen
    from PySide6.QtWidgets import QApplication

    form = window.ask_export()
    form.adjustSize()
    QApplication.processEvents()
    picture = window.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 90))
    place = picture.rect().center() - form.rect().center()
    painter.drawPixmap(place, form.grab())
    painter.setPen(QPen(QColor(80, 80, 80), 1))
    painter.drawRect(form.rect().translated(place).adjusted(-1, -1, 0, 0))
    painter.end()
    form.reject()
    return picture


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


def render_colleagues(out: Path, what: str) -> Path:
    """Two colleagues' work on the structured sample: ``what`` "compare" shows Annotate
    → Compare two readings; "merge", File → Merge's preview of a colleague's copy in
    which they changed a note and the tags of one of Amina's passages and deleted
    another."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QRadioButton

    from ui.app import application
    from ui.main_window import MainWindow
    from ui.merge_dialog import MergePreview
    from ui.prompts import Prompts

    app = application()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        library = sample_library(folder)
        record = structured_record(library)
        if what == "merge":
            library.share(folder / "bo.db")
            amina = [a for a in library.annotations(record) if a.author == "Amina El-Sayed"]
            library.set_note(amina[0].id, "Who defines the 'opportunity'? Ask DESA.")
            colleague = Library.open(folder / "bo.db", author="Bo Li")
            colleague.set_note(amina[0].id, "Who defines the 'opportunity'? Ask the GMG.")
            colleague.set_tags(amina[0].id, [colleague.ensure_tag_path("Positions").id])
            colleague.delete_annotation(amina[1].id)
            text = colleague.document(record).text
            for words, note in (("migration", "A second look: numbers?"), ("Member States", "")):
                start = text.find(words)
                if start >= 0:
                    end = start + len(words)
                    colleague.annotate_tagged(record, start, end, ["Positions"], note)
            colleague.close()
            preview = MergePreview(library.merge(folder / "bo.db", dry_run=True), "bo.db")
            both = preview.findChild(QRadioButton, "keep-both")
            if both is not None:
                both.setChecked(True)  # the choice the officer makes here
            preview.resize(1000, 620)
            preview.show()
            app.processEvents()
            preview.grab().save(str(out))
        else:
            settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
            window = MainWindow(library, Prompts(), settings)
            window.show()
            window.open_document(record)
            dialog = window.ask_compare()
            assert dialog is not None
            dialog.resize(1000, 560)
            app.processEvents()
            dialog.grab().save(str(out))
            window.close()
        library.close()
    return out


def render_reread(out: Path) -> Path:
    """File → Read again in another encoding, on a French note in Latin-1 that was
    guessed wrong: the encoding being typed, the note as it would read."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import application
    from ui.reread_dialog import RereadDialog

    app = application()
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "note-verbale.txt"
        note = "Le Haut-Commissaire a salué les « réfugiés » : naïve crainte, café, été.\n\n"
        path.write_bytes((note * 6).encode("iso8859_1", errors="replace"))
        dialog = RereadDialog(None, path, "cp1250")
        dialog.encoding.setCurrentText("iso-8859-1")
        dialog.resize(760, 480)
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(out))
    return out


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "window"
    names = {
        "window": "main-window.png",
        "dark": "main-window-dark.png",
        "search": "search.png",
        "review": "review.png",
        "brief": "brief-page.png",
        "export": "export-form.png",
        "compare": "compare.png",
        "merge": "merge-preview.png",
        "reread": "reread.png",
    }
    if what not in names:
        raise SystemExit(f"usage: python -m ui.screenshot {{{'|'.join(names)}}} [OUT.png]")
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else PICTURES / names[what]
    target.parent.mkdir(parents=True, exist_ok=True)
    if what == "brief":
        print(render_brief(target))
    elif what == "review":
        print(render_review(target))
    elif what == "reread":
        print(render_reread(target))
    elif what in ("compare", "merge"):
        print(render_colleagues(target, what))
    else:
        query = SEARCH_EXAMPLE if what == "search" else ""
        theme = "dark" if what == "dark" else "system"
        print(render_window(target, query, theme, export=what == "export"))
