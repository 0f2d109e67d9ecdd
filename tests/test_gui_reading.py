"""The record as written, in the reader: list items indented by level with hanging
labels, quotations set in, table cells lined up, a reading line height; and the stored
text, offsets and mouse positions unchanged by any of it."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QTextBlock, QTextLine
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from exporters.brief import write_brief
from importers import import_file
from models import Library
from ui.main_window import MainWindow
from ui.reader import DocumentReader
from ui.reading_layout import LINE_HEIGHT, QUOTE_INDENT_CHARS

from gui_support import ScriptedPrompts, make_window
from records import LONG_ITEM, QUOTED, TABLE, write_structured_docx


@pytest.fixture
def structured(
    qtbot: QtBot, library: Library, prompts: ScriptedPrompts, tmp_path: Path
) -> MainWindow:
    record = library.import_document(import_file(write_structured_docx(tmp_path / "s.docx")))
    window = make_window(qtbot, library, prompts)
    window.resize(1280, 720)
    window.open_document(record.id)
    return window


def shown(window: MainWindow, words: str) -> tuple[QTextBlock, QTextLine]:
    """The block holding ``words``, scrolled on screen and laid out, and its first line."""
    reader = window.reader
    reader.select_range(reader.text().index(words), reader.text().index(words))
    reader.centerCursor()
    QApplication.processEvents()
    reader.viewport().grab()  # a paint: what is on screen is laid out
    block = reader.document().findBlock(reader.text().index(words))
    return block, block.layout().lineAt(0)


def left_of(window: MainWindow, words: str) -> float:
    return shown(window, words)[1].x()


def test_list_items_stand_in_by_level_and_wrap_under_their_words(structured: MainWindow) -> None:
    body = left_of(structured, "A closing paragraph")
    first, second, third = (left_of(structured, w) for w in ("1. The Board", "(a) On", "(i) in"))
    assert body < first < second < third
    assert left_of(structured, "A point within") > left_of(structured, "A point made")
    block, line = shown(structured, LONG_ITEM[:20])
    layout = block.layout()
    assert layout.lineCount() >= 2  # it wraps
    label = QFontMetricsF(structured.reader.document().defaultFont()).horizontalAdvance("(a) ")
    assert layout.lineAt(1).x() == pytest.approx(line.x() + label, abs=0.5)  # hanging


def test_a_quotation_is_set_in_on_both_sides(structured: MainWindow) -> None:
    _, body = shown(structured, "A closing paragraph")
    block, quote = shown(structured, QUOTED[:20])
    unit = QFontMetricsF(structured.reader.document().defaultFont()).averageCharWidth()
    assert quote.x() == pytest.approx(body.x() + QUOTE_INDENT_CHARS * unit, abs=0.5)
    assert block.layout().lineCount() >= 2
    text_width = (
        structured.reader.viewport().width() - 2 * structured.reader.document().documentMargin()
    )
    assert quote.width() == pytest.approx(text_width - 2 * QUOTE_INDENT_CHARS * unit, abs=1)


def test_table_cells_line_up_from_row_to_row(structured: MainWindow) -> None:
    for column in (1, 2):
        starts = set()
        for row in TABLE:
            words = " | ".join(row)
            _, line = shown(structured, words)
            inside = sum(len(cell) + 3 for cell in row[:column])
            x, _ = line.cursorToX(inside)
            starts.add(round(x))
        assert max(starts) - min(starts) <= 1, starts
    assert " | ".join(TABLE[2]) in structured.reader.text()  # the stored text as it was


def test_lines_have_a_reading_line_height_that_survives_a_resize(
    structured: MainWindow,
) -> None:
    for width in (1280, 900):
        structured.resize(width, 720)
        QApplication.processEvents()
        block, _ = shown(structured, QUOTED[:20])
        layout = block.layout()
        one, two = layout.lineAt(0), layout.lineAt(1)
        assert two.y() - one.y() == pytest.approx(one.height() * LINE_HEIGHT, abs=0.5)
        assert one.x() > shown(structured, "A closing paragraph")[1].x()  # still set in


def test_a_click_in_an_indented_item_lands_on_the_word_under_the_pointer(
    qtbot: QtBot, structured: MainWindow
) -> None:
    reader = structured.reader
    block, line = shown(structured, "(ii) in 2027")
    word = reader.text().index("2027")
    x, _ = line.cursorToX(word - block.position() + 1)  # inside the word
    top = reader.blockBoundingGeometry(block).translated(reader.contentOffset()).top()
    point = QPoint(int(x), int(top + line.y() + line.height() / 2))
    qtbot.mouseDClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert reader.selected_range() == (word, word + 4)


def test_a_bullet_is_drawn_before_an_unlabelled_item_only(structured: MainWindow) -> None:
    def inked_left_of(words: str) -> bool:
        block, line = shown(structured, words)
        reader = structured.reader
        top = reader.blockBoundingGeometry(block).translated(reader.contentOffset()).top()
        picture = reader.viewport().grab().toImage()
        page = picture.pixelColor(QPoint(2, int(top + line.y() + 2)))
        y = int(top + line.y() + line.height() / 2)
        return any(
            _differs(picture.pixelColor(QPointF(x, y).toPoint()), page)
            for x in range(int(line.x() - 20), int(line.x() - 2))
        )

    assert inked_left_of("A point made with a bullet")
    assert not inked_left_of("1. The Board noted")  # its label is its own text
    assert not inked_left_of("A closing paragraph")


def _differs(color: QColor, page: QColor) -> bool:
    return abs(color.lightness() - page.lightness()) > 60


def test_a_text_record_numbered_by_hand_is_numbered_in_margin_and_brief(
    qtbot: QtBot,
    library: Library,
    prompts: ScriptedPrompts,
    tmp_path: Path,
) -> None:
    path = tmp_path / "record.txt"
    path.write_text(
        "Summary record\r\n\r\n1. The Board met 🙂 on 3 May.\r\n\r\n2. The Chair recalled:\r\n\r\n"
        "(a) migration;\r\n\r\n(b) refugees.\r\n\r\n3. The Board agreed.\r\n",
        encoding="utf-8",
    )
    record = library.import_document(import_file(path))
    window = make_window(qtbot, library, prompts)
    window.open_document(record.id)
    text = window.reader.text()
    numbers = sorted(window.reader.margin.numbers().items())
    assert [label for _, label in numbers] == ["1", "2", "(a)", "(b)", "3"]
    utf16 = text.encode("utf-16-le")
    assert all(utf16[2 * at :].decode("utf-16-le").startswith(label) for at, label in numbers)
    start = text.index("refugees")
    library.annotate_tagged(record.id, start, start + 8, ["Risks"], "")
    brief = docx.Document(str(write_brief(library.export_set(), tmp_path / "brief.docx")))
    assert any(p.text.endswith("¶ 2 (b)") for p in brief.paragraphs)


def _long_structured(library: Library, tmp_path: Path) -> str:
    """A record long enough to scroll, with points, quotations and tables throughout,
    ending in a paragraph of its own."""
    parts = []
    for n in range(1, 61):
        parts.append(
            f"<p>{n}. Paragraph {n} of the record, long enough to wrap onto a second "
            "line in the reader at its usual width, as records do.</p>"
        )
        if n % 5 == 0:
            parts.append("<ul><li>(a) a point;</li><li>(b) another point.</li></ul>")
            parts.append(f"<blockquote>Quoted words {n}, set in on both sides.</blockquote>")
            parts.append(f"<table><tr><td>Body {n}</td><td>Position</td></tr></table>")
    parts.append("<p>The closing words of the record.</p>")
    page = tmp_path / "long.html"
    page.write_text("<html><body>" + "".join(parts) + "</body></html>", encoding="utf-8")
    return str(library.import_document(import_file(page)).id)


def _on_screen(window: MainWindow, words: str, whole_block: bool = False) -> bool:
    """Whether ``words`` (``whole_block``: their paragraph) are all on screen."""
    reader = window.reader
    reader.viewport().grab()
    start = reader.text().index(words)
    block = reader.document().findBlock(start)
    if whole_block:
        top = reader.blockBoundingGeometry(block).translated(reader.contentOffset()).top()
        bottom = top + block.layout().boundingRect().bottom()
        return top >= 0 and bottom <= reader.viewport().height()
    cursor = reader.textCursor()
    cursor.setPosition(start)
    first = reader.cursorRect(cursor).top()
    cursor.setPosition(start + len(words))  # ASCII words: code points are Qt positions
    return first >= 0 and reader.cursorRect(cursor).bottom() <= reader.viewport().height()


def test_the_end_of_a_long_structured_record_can_be_reached(
    qtbot: QtBot,
    library: Library,
    prompts: ScriptedPrompts,
    tmp_path: Path,
) -> None:
    record = _long_structured(library, tmp_path)
    window = make_window(qtbot, library, prompts)
    window.resize(1280, 720)
    window.open_document(record)
    reader = window.reader
    reader.setFocus()
    for _ in range(3):  # the end, as the keyboard and the scroll bar take the officer there
        qtbot.keyClick(reader, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
    assert _on_screen(window, "The closing words", whole_block=True)
    reader.verticalScrollBar().setValue(0)
    for _ in range(3):
        reader.verticalScrollBar().setValue(reader.verticalScrollBar().maximum())
        QApplication.processEvents()
    assert _on_screen(window, "The closing words", whole_block=True)
    last = reader.document().lastBlock()  # and no further: the page ends with the text
    bottom = reader.blockBoundingGeometry(last).translated(reader.contentOffset()).bottom()
    assert bottom >= reader.viewport().height() - 3 * reader.fontMetrics().lineSpacing()


def test_a_resize_keeps_the_paragraph_at_the_top_there(
    qtbot: QtBot,
    library: Library,
    tmp_path: Path,
) -> None:
    record = library.document(_long_structured(library, tmp_path))
    reader = DocumentReader()
    qtbot.addWidget(reader)
    reader.resize(700, 500)
    reader.show()
    reader.show_document(record)
    reader.verticalScrollBar().setValue(reader.verticalScrollBar().maximum() // 2)
    QApplication.processEvents()
    top = reader.firstVisibleBlock().blockNumber()
    for width in (400, 700, 300, 650):  # lines wrap anew each time
        reader.resize(width, 500)
        QApplication.processEvents()
        reader.viewport().grab()
        assert reader.firstVisibleBlock().blockNumber() == top, width


def test_find_and_choosing_a_passage_bring_it_fully_on_screen(
    qtbot: QtBot,
    library: Library,
    prompts: ScriptedPrompts,
    tmp_path: Path,
) -> None:
    record = _long_structured(library, tmp_path)
    text = library.document(record).text
    start = text.index("Body 45")
    far = library.annotate_tagged(record, start, start + 7, ["Risks"], "")
    window = make_window(qtbot, library, prompts)
    window.resize(1280, 720)
    window.open_document(record)
    for words in ("Quoted words 35", "Body 55", "Paragraph 58 of", "The closing words"):
        window.reader.verticalScrollBar().setValue(0)
        assert window.reader.find_text(words)
        assert _on_screen(window, words), words
    window.reader.verticalScrollBar().setValue(0)
    window.annotations.select(far.id)
    assert _on_screen(window, "Body 45")


def test_a_long_last_cell_wraps_under_its_own_column(
    qtbot: QtBot,
    library: Library,
    prompts: ScriptedPrompts,
    tmp_path: Path,
) -> None:
    page = tmp_path / "t.html"
    long_cell = "Inter-agency mechanism, chaired in turn, that reports to the Board " * 3
    page.write_text(
        "<table><tr><td>Body</td><td>Part</td><td>Role</td></tr>"
        f"<tr><td>GMG</td><td>Support</td><td>{long_cell}</td></tr></table>",
        encoding="utf-8",
    )
    record = library.import_document(import_file(page))
    window = make_window(qtbot, library, prompts)
    window.resize(1280, 720)
    window.open_document(record.id)
    _, header = shown(window, "Body | Part | Role")
    role, _ = header.cursorToX(len("Body | Part | "))
    block, line = shown(window, "GMG | Support")
    layout = block.layout()
    assert layout.lineCount() >= 2
    start, _ = line.cursorToX(len("GMG | Support | "))
    assert start == pytest.approx(role, abs=1)  # the cell starts in its column
    for n in range(1, layout.lineCount()):
        assert layout.lineAt(n).x() == pytest.approx(role, abs=1)  # and wraps under it
