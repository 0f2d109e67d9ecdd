"""Highlight colours that stay readable on light and dark backgrounds."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor

UNTAGGED = "#B0B0B0"
TINT = 0.55
"""How much of the tag colour shows over the page background."""


def blend(colors: Iterable[str], base: QColor) -> QColor:
    """The average of ``colors``, laid at ``TINT`` over the page's ``base`` colour."""
    qcolors = [QColor(c) for c in colors] or [QColor(UNTAGGED)]
    n = len(qcolors)
    r = sum(c.red() for c in qcolors) / n
    g = sum(c.green() for c in qcolors) / n
    b = sum(c.blue() for c in qcolors) / n
    return QColor(
        round(base.red() + (r - base.red()) * TINT),
        round(base.green() + (g - base.green()) * TINT),
        round(base.blue() + (b - base.blue()) * TINT),
    )


def luminance(color: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def text_on(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``background``."""
    light = luminance(background)
    return (
        QColor("#000000") if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else QColor("#FFFFFF")
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
