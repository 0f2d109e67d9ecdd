"""View → Theme: light and dark on real widgets, remembered, readable (WCAG AA)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QToolBar
from pytestqt.qtbot import QtBot

from models import ImportedDocument, Library, palette
from ui.colors import contrast
from ui.main_window import MainWindow
from ui.prompts import Prompts

from conftest import MIXED_TEXT
from gui_support import annotate, background_at, make_window, settings_beside

AA = 4.5


@pytest.fixture(autouse=True)
def system_theme_after() -> Iterator[None]:
    """Every other test expects the system's colours."""
    yield
    from ui.theme import apply_theme

    apply_theme("system")


def page(window: MainWindow) -> QColor:
    return window.reader.palette().color(QPalette.ColorRole.Base)


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_each_theme_keeps_text_highlights_and_selection_readable(
    qtbot: QtBot, mixed: MainWindow, theme: str
) -> None:
    annotate(qtbot, mixed, "commitment", Qt.Key.Key_1)
    annotate(qtbot, mixed, "Chair", Qt.Key.Key_2)
    mixed.theme_actions[theme].trigger()
    QApplication.processEvents()  # the new colours reach every widget
    assert (page(mixed).lightness() < 60) == (theme == "dark")
    shown = mixed.reader.palette()
    text = shown.color(QPalette.ColorRole.Text)
    assert contrast(text, page(mixed)) >= 7  # body text: AAA
    mixed.reader.viewport().grab()  # highlights are drawn again for the new page
    for word in ("commitment", "Chair"):
        ground = background_at(mixed, MIXED_TEXT.index(word))
        assert ground is not None
        assert contrast(QColor(ground), QColor(palette.text_color_on(ground))) >= AA
    for color in palette.PALETTE:  # every default tag colour, on this page
        ground = palette.highlight_color([color], page(mixed).name())
        assert contrast(QColor(ground), QColor(palette.text_color_on(ground))) >= AA
    selection = shown.color(QPalette.ColorRole.Highlight)
    assert selection.saturation() < 20  # grey: never mistaken for a tag's highlight
    chosen = shown.color(QPalette.ColorRole.HighlightedText)
    assert contrast(selection, chosen) >= AA
    placeholder = QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
    assert contrast(placeholder, page(mixed)) >= AA


def test_the_theme_is_remembered_and_system_brings_the_start_colours_back(
    qtbot: QtBot, mixed: MainWindow, library: Library
) -> None:
    start = page(mixed)
    mixed.theme_actions["dark"].trigger()
    assert mixed.settings.value("view/theme") == "dark"
    mixed.close()
    QApplication.setPalette(QPalette(start))  # as if the app started afresh
    again = MainWindow(library, Prompts(), settings_beside(library))
    qtbot.addWidget(again)
    assert again.theme_actions["dark"].isChecked()
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 60
    again.theme_actions["system"].trigger()
    QApplication.processEvents()
    assert QApplication.palette().color(QPalette.ColorRole.Base) == start
    assert again.settings.value("view/theme") == "system"


def _ink(icon: QIcon) -> QColor:
    """The darkest-or-lightest drawn pixel of an icon (its strokes)."""
    picture = icon.pixmap(24, 24).toImage()
    drawn = [
        picture.pixelColor(x, y)
        for x in range(24)
        for y in range(24)
        if picture.pixelColor(x, y).alpha() > 200
    ]
    assert drawn, "the icon draws something"
    return drawn[len(drawn) // 2]


def test_the_toolbar_says_what_each_button_does_and_redraws_for_the_theme(
    qtbot: QtBot, mixed: MainWindow
) -> None:
    (toolbar,) = mixed.findChildren(QToolBar)
    assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    labels = [a.iconText() for a in toolbar.actions()]
    assert labels == ["Import", "Export", "Undo", "Redo", "Search", "Delete"]
    back = mixed.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack)
    assert mixed.undo_action.icon().cacheKey() != back.cacheKey()  # not "back"
    mixed.theme_actions["dark"].trigger()
    assert _ink(mixed.export_action.icon()).lightness() > 150  # light strokes on dark
    mixed.theme_actions["light"].trigger()
    assert _ink(mixed.export_action.icon()).lightness() < 100


def _colliding_names() -> tuple[str, str]:
    """Two names the old hash gave one colour."""
    seen: dict[str, str] = {}
    for n in range(100):
        name = f"Officer {n}"
        color = palette.author_color(name)
        if color in seen:
            return seen[color], name
        seen[color] = name
    raise AssertionError("no two names share a colour")


def test_authors_get_distinct_colours_the_same_for_every_colleague(
    qtbot: QtBot, library: Library, prompts: Prompts, tmp_path: Path
) -> None:
    first, second = _colliding_names()
    document = library.import_document(ImportedDocument("R", "Alpha beta gamma.", "r.txt", "txt"))
    for n, name in enumerate((first, second)):
        library.set_author(name)
        library.annotate_tagged(document.id, n * 6, n * 6 + 5, [], "")
    colours = library.author_colors()
    assert colours[first] != colours[second]
    library.share(tmp_path / "copy.db")
    colleague = Library.open(tmp_path / "copy.db", author="Colleague")
    colleague.annotate_tagged(document.id, 12, 17, [], "")
    library.merge(tmp_path / "copy.db")
    colleague.merge(library.path)  # type: ignore[arg-type]
    assert library.author_colors() == colleague.author_colors()  # after merging: one view
    colours = library.author_colors()
    assert len(set(colours.values())) == len(colours) == 4  # the fixture's officer too
    colleague.close()
    window = make_window(qtbot, library, prompts)
    model = window.annotations.model
    shown = {
        model.annotation(r).author: model.data(
            model.index(r, model.AUTHOR), Qt.ItemDataRole.DecorationRole
        )
        .name()
        .upper()
        for r in range(model.rowCount())
    }
    assert shown == {n: c for n, c in colours.items() if n != "Test Officer"}  # wrote nothing


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_an_unticked_box_in_a_list_can_be_seen(qtbot: QtBot, theme: str) -> None:
    """WCAG's 3:1 for what one must see to use a control: the frame of an unticked box
    in the export form's lists (Fusion drew it in the dark page's own colour)."""
    from PySide6.QtWidgets import QListWidget, QListWidgetItem

    from ui.theme import apply_theme

    apply_theme(theme)
    boxes = QListWidget()
    qtbot.addWidget(boxes)
    item = QListWidgetItem("A record")
    item.setCheckState(Qt.CheckState.Unchecked)
    boxes.addItem(item)
    boxes.resize(300, 80)
    boxes.show()
    row = boxes.visualItemRect(item)
    picture = boxes.viewport().grab().toImage()
    ground = boxes.palette().color(QPalette.ColorRole.Base)
    box = boxes.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 4  # not the text
    seen = max(
        contrast(picture.pixelColor(x, y), ground)
        for x in range(row.left(), row.left() + box)
        for y in range(row.top(), row.bottom())
    )
    assert seen >= 3


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_a_choice_of_what_to_keep_can_be_seen_and_told_apart(qtbot: QtBot, theme: str) -> None:
    """The merge preview's radio buttons: an empty one's ring stands out 3:1, and the
    chosen one shows a dot that stands out as much (Fusion drew both near invisible on
    the dark page)."""
    from PySide6.QtWidgets import QRadioButton, QWidget

    from ui.theme import apply_theme

    apply_theme(theme)
    page = QWidget()
    qtbot.addWidget(page)
    chosen, other = QRadioButton("Keep both", page), QRadioButton("Keep mine", page)
    chosen.setChecked(True)
    other.move(0, 40)
    page.resize(200, 80)
    page.show()
    ground = page.palette().color(QPalette.ColorRole.Window)
    size = page.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth) + 4

    def strongest(button: QRadioButton, inner: bool) -> float:
        picture = button.grab().toImage()
        middle = picture.height() // 2
        spots = range(size // 2 - 2, size // 2 + 3) if inner else range(0, size)
        rows = range(middle - 2, middle + 3) if inner else range(picture.height())
        return max(contrast(picture.pixelColor(x, y), ground) for x in spots for y in rows)

    assert strongest(other, inner=False) >= 3  # the ring of an empty choice
    assert strongest(chosen, inner=True) >= 3  # the dot of the chosen one
    assert strongest(other, inner=True) < 1.5  # and an empty one has none
