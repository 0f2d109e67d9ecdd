"""The margin beside the record, on real widgets: stripes side by side for overlapping
annotations, a click chooses, the chosen one stays outlined, notes and authors show."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from importers import import_file
from models import palette
from ui.main_window import MainWindow
from ui.margin import INITIALS, NOTE_MARK

from conftest import MIXED_TEXT
from gui_support import annotate, background_at
from records import write_numbered_docx

OUTER, INNER = "commitment to report by 2027", "report"


def overlapping(qtbot: QtBot, window: MainWindow) -> tuple[str, str]:
    """Two annotations, one inside the other (after emoji and Arabic): Commitments, then
    Risks."""
    outer = annotate(qtbot, window, OUTER, Qt.Key.Key_1)
    inner = annotate(qtbot, window, INNER, Qt.Key.Key_2)
    assert outer and inner and outer != inner
    return outer, inner


def click_stripe(qtbot: QtBot, window: MainWindow, annotation_id: str) -> None:
    rect = window.reader.margin.rect_of(annotation_id)
    assert rect is not None, "the stripe is on screen"
    qtbot.mouseClick(window.reader.margin, Qt.MouseButton.LeftButton, pos=rect.center())


def test_overlapping_annotations_stand_side_by_side_in_their_tag_colours(
    qtbot: QtBot, mixed: MainWindow
) -> None:
    outer, inner = overlapping(qtbot, mixed)
    margin = mixed.reader.margin
    first, second = margin.rect_of(outer), margin.rect_of(inner)
    assert first is not None and second is not None
    assert first.right() < second.left()  # two columns
    assert first.top() <= second.top() and second.bottom() <= first.bottom()
    picture = margin.grab().toImage()
    assert picture.pixelColor(first.center()) == QColor("#E69F00")
    assert picture.pixelColor(second.center()) == QColor("#56B4E9")
    assert mixed.reader.viewportMargins().left() >= margin.width_needed()


def test_overlaps_in_the_text_show_the_innermost_tag_colour_not_a_blend(
    qtbot: QtBot, mixed: MainWindow
) -> None:
    overlapping(qtbot, mixed)
    start = MIXED_TEXT.index(INNER)
    page = mixed.reader.palette().color(QPalette.ColorRole.Base).name()
    assert background_at(mixed, start) == palette.highlight_color(["#56B4E9"], page)
    assert background_at(mixed, start - 3) == palette.highlight_color(["#E69F00"], page)


def test_clicking_a_stripe_chooses_its_annotation_and_it_stays_outlined(
    qtbot: QtBot, mixed: MainWindow
) -> None:
    outer, inner = overlapping(qtbot, mixed)
    click_stripe(qtbot, mixed, outer)
    assert mixed.annotations.current_annotation_id() == outer
    start = MIXED_TEXT.index(OUTER)
    assert mixed.reader.chosen_range() == (start, start + len(OUTER))
    qtbot.wait(1_000)  # it used to flash for 0.7 s, then nothing marked it
    assert mixed.reader.chosen_range() == (start, start + len(OUTER))
    assert mixed.reader.margin.chosen_id == outer
    click_stripe(qtbot, mixed, inner)
    assert mixed.annotations.current_annotation_id() == inner
    inside = MIXED_TEXT.index(INNER)
    assert mixed.reader.chosen_range() == (inside, inside + len(INNER))
    assert mixed.reader.margin.chosen_id == inner
    mixed.delete_annotation()
    assert mixed.reader.margin.rect_of(inner) is None
    assert mixed.reader.chosen_range() != (inside, inside + len(INNER))
    assert mixed.reader.margin.chosen_id != inner


def _marked(window: MainWindow, annotation_id: str, left: int, width: int) -> bool:
    """Whether the margin draws something in the text colour beside the stripe's top,
    ``left``..``left + width`` pixels from the margin's right edge."""
    margin = window.reader.margin
    margin.repaint()
    rect = margin.rect_of(annotation_id)
    assert rect is not None
    picture = margin.grab().toImage()
    ink = margin.palette().color(QPalette.ColorRole.WindowText)
    x0 = margin.width() - left
    return any(
        picture.pixelColor(QPoint(x, y)) == ink
        for x in range(x0, x0 + width)
        for y in range(rect.top(), rect.top() + 12)
    )


def test_a_note_shows_as_a_mark_and_authors_on_demand(qtbot: QtBot, mixed: MainWindow) -> None:
    outer, _ = overlapping(qtbot, mixed)
    assert not _marked(mixed, outer, NOTE_MARK, NOTE_MARK)
    mixed.annotations.select(outer)
    mixed.annotations.note.setFocus()
    qtbot.keyClicks(mixed.annotations.note, "Check the date")
    qtbot.waitUntil(lambda: mixed.library.annotation(outer).note == "Check the date")
    assert _marked(mixed, outer, NOTE_MARK, NOTE_MARK)
    narrow = mixed.reader.margin.width()
    mixed.authors_action.trigger()  # View → Authors in the margin
    assert mixed.settings.value("view/authors_in_margin", type=bool) is True
    assert mixed.reader.margin.width() == narrow + INITIALS
    assert _marked(mixed, outer, INITIALS, INITIALS)  # the author's initials
    assert _marked(mixed, outer, INITIALS + NOTE_MARK, NOTE_MARK)  # the note mark, left of them
    mixed.authors_action.trigger()
    assert mixed.reader.margin.width() == narrow


def test_the_margin_numbers_paragraphs_as_the_record_does(
    qtbot: QtBot, mixed: MainWindow, tmp_path: Path
) -> None:
    """Word's automatic numbers, shown in the text since import, and in the margin where
    each paragraph starts; an unnumbered record's body paragraphs counted, not headings."""
    numbered = mixed.library.import_document(
        import_file(write_numbered_docx(tmp_path / "numbered.docx"))
    )
    mixed.refresh_documents()
    mixed.open_document(numbered.id)
    text = mixed.reader.text()
    shown = sorted(mixed.reader.margin.numbers().items())
    assert [label for _, label in shown] == ["1", "(a)", "(b)", "(i)", "(ii)", "(c)", "2", "5", "6"]
    assert all(text[position:].startswith(label) for position, label in shown)  # ASCII text
    mixed.open_document(mixed.library.documents()[0].id)  # the mixed record: no numbers
    assert mixed.current is not None and mixed.current.title == "Mixed record"
    shown = sorted(mixed.reader.margin.numbers().items())
    starts = [len(p.encode("utf-16-le")) // 2 for p in ("", *_paragraph_ends(MIXED_TEXT))]
    assert shown == [(start, str(n)) for n, start in enumerate(starts, start=1)]


def _paragraph_ends(text: str) -> list[str]:
    """The text before each paragraph after the first."""
    return [text[: m.end()] for m in re.finditer("\n\n", text)]
