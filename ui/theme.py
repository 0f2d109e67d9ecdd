"""View → Theme: the system's colours, or light or dark ones, remembered.

Light and dark are Qt's Fusion palettes (dark tuned to WCAG AA: body text 13:1 on its
page, placeholder text 4.5:1 or more). Highlights follow the page colour (``ui.colors``)
and pick black or white text for 4.5:1 or more in both. The reader's own selection is a
neutral grey in every theme, so a selection never looks like a blue tag's highlight.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

THEMES = ("system", "light", "dark")
SETTING = "view/theme"
SELECTION = {"light": ("#5C5C5C", "#FFFFFF"), "dark": ("#BDBDBD", "#000000")}
"""The reader's selection (ground, text) on a light and on a dark page."""

_DARK = {
    QPalette.ColorRole.Window: "#2B2B2B",
    QPalette.ColorRole.WindowText: "#E6E6E6",
    QPalette.ColorRole.Base: "#1E1E1E",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.Text: "#E6E6E6",
    QPalette.ColorRole.Button: "#333333",
    QPalette.ColorRole.ButtonText: "#E6E6E6",
    QPalette.ColorRole.ToolTipBase: "#333333",
    QPalette.ColorRole.ToolTipText: "#E6E6E6",
    QPalette.ColorRole.PlaceholderText: "#A0A0A0",
    QPalette.ColorRole.Highlight: "#3D7CC9",
    QPalette.ColorRole.HighlightedText: "#FFFFFF",
    QPalette.ColorRole.Link: "#8AB4F8",
    QPalette.ColorRole.BrightText: "#FF6B6B",
    QPalette.ColorRole.Mid: "#444444",
    QPalette.ColorRole.Dark: "#1A1A1A",
    QPalette.ColorRole.Light: "#4A4A4A",
}
BOXES = (
    "QAbstractItemView::indicator:unchecked, QCheckBox::indicator:unchecked "
    "{{ border: 1px solid {frame}; background: {page}; width: 11px; height: 11px; "
    "border-radius: 2px; }}"
    "QRadioButton::indicator {{ border: 1px solid {frame}; background: {page}; "
    "width: 12px; height: 12px; border-radius: 7px; }}"
    "QRadioButton::indicator:checked {{ background: qradialgradient(cx: 0.5, cy: 0.5, "
    "radius: 0.5, fx: 0.5, fy: 0.5, stop: 0 {dot}, stop: 0.5 {dot}, stop: 0.6 {page}, "
    "stop: 1 {page}); }}"
)
BOX_FRAMES = {"dark": ("#9A9A9A", "#1E1E1E", "#8AB4F8"), "light": ("#767676", "#FFFFFF", "#1A5FB4")}
"""Fusion frames an unticked box in its page colour, darkened: 1.9:1 on a light page and
invisible on a dark one (the export form's boxes could not be seen). Its frame here
stands out 3:1 or more, as WCAG asks of what one must see to use a control. Only
unticked boxes are restyled; a ticked one keeps Fusion's tick, the rest its drawing.
Radio buttons (the merge preview's choices) had the same fault, and a chosen one showed
a grey dot hard to tell from an empty one: each is framed alike, the chosen filled with a
dot in the accent colour (over 4.5:1 on its page)."""
_original: tuple[str, QPalette] | None = None


def palette_for(theme: str) -> QPalette:
    """The application palette of ``theme`` ("system": as the app started)."""
    if theme == "dark":
        palette = QPalette(QColor(_DARK[QPalette.ColorRole.Window]))
        for role, color in _DARK.items():
            palette.setColor(role, QColor(color))
        disabled = QPalette.ColorGroup.Disabled
        for role in (
            QPalette.ColorRole.Text,
            QPalette.ColorRole.WindowText,
            QPalette.ColorRole.ButtonText,
        ):
            palette.setColor(disabled, role, QColor("#7A7A7A"))
        return palette
    style = QStyleFactory.create("Fusion") if theme == "light" else None
    if style is not None:
        return style.standardPalette()
    assert _original is not None
    return QPalette(_original[1])


def apply_theme(theme: str) -> str:
    """Use ``theme`` for the whole app (an unknown name means "system"); returns it."""
    global _original
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if _original is None:
        _original = (app.style().name(), QPalette(app.palette()))
    theme = theme if theme in THEMES else "system"
    app.setStyle("Fusion" if theme != "system" else _original[0])
    app.setPalette(palette_for(theme))
    frame, page, dot = BOX_FRAMES.get(theme, ("", "", ""))
    app.setStyleSheet(BOXES.format(frame=frame, page=page, dot=dot) if frame else "")
    return theme


def saved_theme(settings: QSettings) -> str:
    value = settings.value(SETTING, "system")
    return value if isinstance(value, str) and value in THEMES else "system"


def neutral_selection(widget: QWidget) -> None:
    """Give ``widget`` (the reader) a grey selection that suits its page."""
    shown = widget.palette()
    page = shown.color(QPalette.ColorRole.Base)
    ground, text = SELECTION["dark" if page.lightness() < 128 else "light"]
    if shown.color(QPalette.ColorRole.Highlight) == QColor(ground):
        return  # already (and no palette change, which would call this again)
    own = QPalette()  # only these roles are the widget's own: the rest follow the theme
    own.setResolveMask(0)
    for role, color in (("Base", page), ("Text", shown.color(QPalette.ColorRole.Text))):
        if shown.resolveMask() & (1 << getattr(QPalette.ColorRole, role).value):
            own.setColor(getattr(QPalette.ColorRole, role), color)  # set on the widget: kept
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        own.setColor(group, QPalette.ColorRole.Highlight, QColor(ground))
        own.setColor(group, QPalette.ColorRole.HighlightedText, QColor(text))
    widget.setPalette(own)
