"""Reaching widgets by keyboard: Tab through a window and see where the focus goes, and
whether the focused widget looks different from the unfocused one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.window.fit import describe, focusable

MAX_TABS = 120
FOCUS_RING_PIXELS = 40
"""How many pixels must change when a widget takes the focus, for the change to be seen (a
one-pixel dotted rectangle round a button's text is not)."""


def tab_through(qtbot: QtBot, window: QWidget) -> list[QWidget]:
    """Presses Tab from the focused widget until the focus comes back round; the widgets it
    visited, in order."""
    start = QApplication.focusWidget()
    assert start is not None, "nothing has the keyboard focus"
    visited: list[QWidget] = [start]
    for _ in range(MAX_TABS):
        current = QApplication.focusWidget()
        assert current is not None, "the focus went nowhere"
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        QApplication.processEvents()
        now = QApplication.focusWidget()
        if now is current:
            continue  # Tab moved inside the widget (a date's day, month and year)
        if now is None or now is start or now in visited:
            break
        visited.append(now)
    return visited


def unreached_buttons(qtbot: QtBot, window: QWidget) -> list[str]:
    """Visible, enabled buttons that Tab never lands on."""
    visited = tab_through(qtbot, window)
    buttons = [
        w
        for w in window.findChildren(QAbstractButton)
        if w.isVisibleTo(window) and w.isEnabled() and w.window() is window
    ]
    return [describe(b) for b in buttons if b not in visited and not _in_reached_group(b, visited)]


def _in_reached_group(button: QAbstractButton, visited: list[QWidget]) -> bool:
    """Tab stops at one radio button of a group (the arrows choose within it), as on every
    desktop."""
    if not isinstance(button, QRadioButton) or not button.autoExclusive():
        return False
    return any(isinstance(w, QRadioButton) and w.parent() is button.parent() for w in visited)


def _pixels(image: QImage) -> QImage:
    return image.convertToFormat(QImage.Format.Format_RGB32)


def changed_pixels(before: QImage, after: QImage) -> int:
    a, b = _pixels(before), _pixels(after)
    if a.size() != b.size():
        return a.width() * a.height()
    count = 0
    for y in range(a.height()):
        for x in range(a.width()):
            if a.pixel(x, y) != b.pixel(x, y):
                count += 1
    return count


def without_focus_ring(window: QWidget) -> list[str]:
    """Focusable buttons whose look hardly changes when they take the focus."""
    problems = []
    for widget in focusable(window):
        if not isinstance(widget, QAbstractButton) or not widget.isEnabled():
            continue
        widget.clearFocus()
        QApplication.processEvents()
        plain = widget.grab().toImage()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        focused = widget.grab().toImage()
        if changed_pixels(plain, focused) < FOCUS_RING_PIXELS:
            problems.append(describe(widget))
    return problems
