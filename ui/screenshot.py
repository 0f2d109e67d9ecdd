"""Render the main window with the sample record annotated, offscreen, to a PNG.

python -m ui.screenshot [resources/screenshots/main-window.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "resources" / "screenshots" / "main-window.png"
PASSAGES = [
    ("approach migration through a prism of opportunity rather than fear", "Positions",
     "The SG's framing — quote it in the brief."),
    ("effective follow-up to the High-level Dialogue", "Commitments", ""),
    ("more closely associated with the work of the Global Migration Group", "Positions",
     "Which agencies? Ask DESA for the list."),
    ("the global forum as an intergovernmental body", "Risks/Institutional",
     "Overlap between the forum and the GMG."),
    ("remain united in supporting the follow-up process", "Commitments", ""),
]  # fmt: skip


def render(out: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from main import seed_sample
    from models import Library
    from ui.app import application
    from ui.main_window import MainWindow
    from ui.prompts import Prompts

    app = application()
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "sample.db", author="Amina El-Sayed")
        seed_sample(library)
        document = library.documents()[0]
        text = library.document(document.id).text
        for quote, tag, note in PASSAGES:
            start = text.index(quote)
            library.annotate_tagged(document.id, start, start + len(quote), [tag], note)
        window = MainWindow(library, Prompts())
        window.resize(1400, 820)
        window.show()
        window.annotations.select(window.annotations.model.annotation(1).id)
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.close()
        library.close()
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    print(render(target))
