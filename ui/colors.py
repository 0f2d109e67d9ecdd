"""Qt colours for highlights, from the Qt-free rules of ``models.palette``."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor

from models import palette


def blend(colors: Iterable[str], base: QColor) -> QColor:
    """A passage's highlight over the page colour ``base`` (light or dark scheme)."""
    return QColor(palette.highlight_color(colors, base.name()))


def text_on(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``background``."""
    return QColor(palette.text_color_on(background.name()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    return palette.contrast(a.name(), b.name())
