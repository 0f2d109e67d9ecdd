"""The margin beside the record, on real widgets: stripes side by side for overlapping
annotations, a click chooses, the chosen one stays outlined, notes and authors show."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from importers import import_file
from models import Document, ImportedDocument, Library, palette
from ui.main_window import MainWindow
from ui.margin import INITIALS, NOTE_MARK
from ui.reader import READING_MEASURE, DocumentReader

from conftest import MIXED_TEXT
from gui_support import ScriptedPrompts, annotate, background_at, make_window
from records import write_docx, write_numbered_docx

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


def test_headings_show_by_level_and_lines_keep_a_readable_length(
    qtbot: QtBot, mixed: MainWindow, tmp_path: Path
) -> None:
    record = mixed.library.import_document(import_file(write_docx(tmp_path / "record.docx")))
    mixed.refresh_documents()
    mixed.open_document(record.id)
    mixed.resize(1600, 800)
    QApplication.processEvents()
    mixed.reader.viewport().grab()
    text, reader = mixed.reader.text(), mixed.reader

    def look(words: str) -> QTextCharFormat | None:
        block = reader.document().findBlock(text.index(words))
        formats = [QTextCharFormat(f.format) for f in block.layout().formats() if f.start == 0]
        return formats[0] if formats else None  # a copy: the layout's own go with it

    title, section, body = look("Summary record"), look("I. Migration"), look("The Board had")
    assert title is not None and section is not None
    assert title.fontWeight() == section.fontWeight() == QFont.Weight.Bold
    assert title.fontPointSize() > section.fontPointSize() > reader.font().pointSizeF()
    assert body is None  # body text as it is
    reader.zoomIn(2)  # headings follow the zoom
    reader.viewport().grab()
    assert look("Summary record").fontPointSize() > title.fontPointSize()  # type: ignore[union-attr]


def test_lines_keep_a_readable_length_on_a_wide_window(qtbot: QtBot) -> None:
    reader = DocumentReader()
    qtbot.addWidget(reader)
    reader.resize(1500, 500)
    reader.show()
    reader.show_document(
        Document(
            "d", "Wide", "w.txt", "txt", "A long line of words. " * 200, "", (), {}, 0, 0, None
        )
    )
    QApplication.processEvents()
    measure = reader.fontMetrics().averageCharWidth() * READING_MEASURE
    text_width = reader.viewport().width() - 2 * reader.document().documentMargin()
    assert measure - 2 <= text_width <= measure + 2
    left, right = reader.viewportMargins().left(), reader.viewportMargins().right()
    assert abs((left - reader.margin.width()) - right) <= 1  # centred, the margin beside it
    assert reader.margin.geometry().right() + 1 == reader.contentsRect().left() + left
    reader.resize(500, 500)  # narrower than the measure: the lines follow the window
    QApplication.processEvents()
    assert reader.viewportMargins().right() == 0


def test_two_stripes_in_one_column_that_meet_on_a_line_both_show(
    qtbot: QtBot, mixed: MainWindow
) -> None:
    first = annotate(qtbot, mixed, "Emoji", Qt.Key.Key_1)
    second = annotate(qtbot, mixed, "commitment", Qt.Key.Key_2)
    margin = mixed.reader.margin
    above, below = margin.rect_of(first), margin.rect_of(second)
    assert above is not None and below is not None
    assert above.x() == below.x()  # one column: the passages do not overlap
    assert above.bottom() < below.top() and above.height() >= 3 and below.height() >= 3
    click_stripe(qtbot, mixed, first)
    assert mixed.annotations.current_annotation_id() == first
    click_stripe(qtbot, mixed, second)
    assert mixed.annotations.current_annotation_id() == second


def test_choosing_a_passage_already_on_screen_does_not_scroll(
    qtbot: QtBot, library: Library, prompts: ScriptedPrompts
) -> None:
    """A clicked stripe stays under the pointer; one off screen is scrolled to."""
    text = "\n\n".join(f"Paragraph {n} of the record." for n in range(300))
    document = library.import_document(ImportedDocument("Long", text, "l.txt", "txt"))
    for n in (150, 151, 290):
        start = text.index(f"Paragraph {n} ")
        library.annotate_tagged(document.id, start, start + 12, ["Risks"], "")
    window = make_window(qtbot, library, prompts)
    bar = window.reader.verticalScrollBar()
    window.annotations.select(window.annotations.model.annotation(0).id)  # scrolled to
    QApplication.processEvents()
    where = bar.value()
    assert where > 0
    click_stripe(qtbot, window, window.annotations.model.annotation(1).id)  # on screen
    assert bar.value() == where
    window.annotations.select(window.annotations.model.annotation(2).id)  # far below
    assert bar.value() > where


def test_a_passages_tags_read_in_one_order_in_margin_hover_and_panel(
    qtbot: QtBot, library: Library, prompts: ScriptedPrompts
) -> None:
    document = library.import_document(ImportedDocument("R", MIXED_TEXT, "m.txt", "txt"))
    risks = library.create_tag("Risks", color="#56B4E9")  # made first: its id may sort first
    commitments = library.create_tag("Commitments", color="#E69F00")
    annotated = library.annotate_tagged(document.id, 0, 7, [risks.path, commitments.path], "")
    window = make_window(qtbot, library, prompts)
    assert window.describe_passages([annotated.id]).startswith("Commitments, Risks")
    assert window.annotations.model.tag_names(annotated.tag_ids) == ["Commitments", "Risks"]
    rect = window.reader.margin.rect_of(annotated.id)
    assert rect is not None
    picture = window.reader.margin.grab().toImage()
    assert picture.pixelColor(rect.left() + 1, rect.center().y()) == QColor("#E69F00")
    assert picture.pixelColor(rect.right() - 1, rect.center().y()) == QColor("#56B4E9")


def test_a_record_annotated_before_it_opens_shows_its_tags_everywhere(
    qtbot: QtBot, library: Library, prompts: ScriptedPrompts
) -> None:
    """Opening reads where passages lie, and their tags only for what is on screen: the
    colours in the text and the margin, the panel's chips and its tag filter are those
    of the tags all the same (after emoji and Arabic, so Qt's positions differ)."""
    record = library.import_document(ImportedDocument("Mixed", MIXED_TEXT, "m.txt", "txt"))
    outer, inner = MIXED_TEXT.index(OUTER), MIXED_TEXT.index(INNER)
    risks = library.annotate_tagged(record.id, inner, inner + len(INNER), ["Risks"], "")
    both = library.annotate_tagged(
        record.id, outer, outer + len(OUTER), ["Commitments", "Risks"], ""
    )
    colors = {t.path: t.color for t in library.tags()}
    window = make_window(qtbot, library, prompts)
    window.open_document(record.id)
    window.reader.viewport().grab()
    page = window.reader.palette().color(QPalette.ColorRole.Base).name()
    assert background_at(window, inner) == palette.highlight_color([colors["Risks"]], page)
    first = next(t for t in window.tags.model.tags() if t.path in ("Commitments", "Risks"))
    assert background_at(window, outer) == palette.highlight_color([first.color], page)
    stripe = window.reader.margin.rect_of(both.id)
    assert stripe is not None
    picture = window.reader.margin.grab().toImage()
    shown = {
        picture.pixelColor(stripe.left() + x, stripe.center().y()).name().upper()
        for x in range(stripe.width())
    }
    assert {colors["Commitments"].upper(), colors["Risks"].upper()} <= shown
    model = window.annotations.model
    chips = {model.annotation(r).id: model.tag_names(model.tag_ids(r)) for r in range(2)}
    assert chips == {both.id: ["Commitments", "Risks"], risks.id: ["Risks"]}
    window.annotations.filter_by_tag(library.tag_by_path("Commitments").id)
    assert [model.annotation(r).id for r in range(model.rowCount())] == [both.id]


def test_the_tag_filter_finds_rows_the_panel_has_not_read_yet(
    qtbot: QtBot, library: Library, prompts: ScriptedPrompts
) -> None:
    """The panel reads a page of rows as they are shown; filtering by tag reads every
    row's tags at once (not the rest of each row), and finds rows far down too."""
    words = [f"word{n}" for n in range(300)]
    text = " ".join(words)
    record = library.import_document(ImportedDocument("Long", text, "l.txt", "txt"))
    tagged = []
    for n in range(300):
        start = sum(len(w) + 1 for w in words[:n])
        made = library.annotate_tagged(
            record.id, start, start + 4, ["Risks" if n % 3 else "Funding"], ""
        )
        if n % 3 == 0:
            tagged.append(made.id)
    window = make_window(qtbot, library, prompts)
    window.open_document(record.id)
    window.annotations.filter_by_tag(library.tag_by_path("Funding").id)
    model = window.annotations.model
    assert [model.annotation(r).id for r in range(model.rowCount())] == tagged
