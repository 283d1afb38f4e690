"""Measures what a citizen sees on a self-service screen, from the real widgets.

Sizes come from each widget's geometry; text sizes from the font the style sheet gave it;
contrast from the colours Qt paints, read back from a rendering of each button and label
(its background is the most frequent colour, its text the colour farthest from it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from ui.design.tokens import BAR_TEXT_PT, contrast_ratio


@dataclass(frozen=True)
class Problem:
    widget: str
    what: str


def _name(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


INSET_PX = 8
"""Cropped off each side before counting, so the border (and rounded corners) is not text."""


def painted_colours(widget: QWidget) -> tuple[str, str]:
    """(text, background) as painted in the widget's current state (checked, pressed, ...).

    The background is the most frequent colour inside the border, the text the next most
    frequent: glyph interiors are painted in exactly the text colour, anti-aliased edges
    spread over many colours. The icon is taken off for the rendering (a pictogram is not
    text; its own colours would count as the text's).
    """
    button = widget if isinstance(widget, QAbstractButton) else None
    icon = button.icon() if button is not None else None
    if button is not None:
        button.setIcon(QIcon())
    try:
        image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    finally:
        if button is not None and icon is not None:
            button.setIcon(icon)
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.sizeInBytes() // 4)
    pixels = pixels.reshape(height, image.bytesPerLine() // 4)[:, :width]
    inner = pixels[INSET_PX : height - INSET_PX, INSET_PX : width - INSET_PX] & 0xFFFFFF
    values, counts = np.unique(inner, return_counts=True)
    order = np.argsort(counts)[::-1]
    background = int(values[order[0]])
    text = int(values[order[1]]) if len(order) > 1 else background
    return f"#{text:06x}", f"#{background:06x}"


def painted_contrast(widget: QWidget) -> float:
    return contrast_ratio(*painted_colours(widget))


def visible_parts(screen: QWidget) -> list[QWidget]:
    parts = [*screen.findChildren(QAbstractButton), *screen.findChildren(QLabel)]
    return [w for w in parts if w.isVisibleTo(screen) and (not isinstance(w, QLabel) or w.text())]


TOP_ROW_BUTTONS = ("home", "repeat", "staff")
"""A screen's top row: "Kembali ke awal", "Ulangi", "Petugas", in the choices bar's size."""


def in_choices_bar(widget: QWidget) -> bool:
    """The citizen's choices and the top row's buttons: at BAR_TEXT_PT whatever the text size
    (at the largest they went off a 1024 px screen; the pictures say what they are)."""
    if widget.objectName() in TOP_ROW_BUTTONS:
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if parent.objectName() == "choices_bar":
            return True
        parent = parent.parentWidget()
    return False


def problems(
    screen: QWidget, *, min_px: int = 44, min_pt: float = 18, min_ratio: float = 7.0
) -> list[Problem]:
    """What falls short of the floors; `min_pt` for every text but the choices bar's, which
    keeps BAR_TEXT_PT (itself above the 18 pt floor)."""
    found = []
    for widget in visible_parts(screen):
        widget.ensurePolished()
        if isinstance(widget, QAbstractButton):
            size = widget.size()
            if size.width() < min_px or size.height() < min_px:
                found.append(Problem(_name(widget), f"target {size.width()}x{size.height()}"))
        points = widget.font().pointSizeF()
        if points < (min(min_pt, BAR_TEXT_PT) if in_choices_bar(widget) else min_pt):
            found.append(Problem(_name(widget), f"text {points} pt"))
        ratio = painted_contrast(widget)
        if ratio < min_ratio:
            found.append(Problem(_name(widget), f"contrast {ratio:.2f}:1"))
    return found
