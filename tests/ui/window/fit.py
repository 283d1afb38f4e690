"""What "fits the screen" means for the tests: every focusable widget the operator can see lies
inside the window, inside every widget that contains it, and (inside a scroll area) within the
visible width, so scrolling down reaches it and nothing needs a sideways scroll."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

SIZES = (QSize(1024, 768), QSize(1366, 768))
"""The common office screens the window must work on."""
ROOM_FOR_PANELS = 60
"""Height a window manager's title bar and a desktop panel take from the screen."""


def describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    name = widget.objectName()
    return f"{type(widget).__name__}({name or label or '?'})"


def focusable(window: QWidget) -> list[QWidget]:
    """The visible widgets Tab can land on (enabled or not: a greyed button cut off is still
    cut off)."""
    return [
        w
        for w in window.findChildren(QWidget)
        if w.isVisibleTo(window)
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.window() is window
    ]


def outside(window: QWidget) -> list[str]:
    """The focusable widgets that lie (partly) outside what the window shows."""
    problems = []
    for widget in focusable(window):
        rect = QRect(QPoint(0, 0), widget.size())
        child: QWidget = widget
        parent = widget.parentWidget()
        while parent is not None:
            rect.translate(child.pos())
            scroll = parent.parentWidget()
            if isinstance(scroll, QAbstractScrollArea) and parent is scroll.viewport():
                # Scrolled content: reachable when it fits the visible width.
                if rect.left() < 0 or rect.right() >= parent.width():
                    problems.append(f"{describe(widget)} is wider than its scroll area")
                    break
                rect = QRect(QPoint(0, 0), parent.size())
            elif not parent.rect().contains(rect):
                problems.append(
                    f"{describe(widget)} at {rect.x()},{rect.y()} {rect.width()}x"
                    f"{rect.height()} lies outside {describe(parent)} "
                    f"({parent.width()}x{parent.height()})"
                )
                break
            if parent is window:
                break
            child, parent = parent, parent.parentWidget()
    return problems


def misfits(window: QWidget, where: str) -> list[str]:
    """Renders the window at every common size; what does not fit, as readable lines."""
    problems = []
    for size in SIZES:
        window.resize(size)
        for _ in range(3):
            QApplication.processEvents()
        at = f"{where} at {size.width()}x{size.height()}"
        if window.size() != size:
            hint = window.minimumSizeHint()
            problems.append(
                f"{at}: the window cannot shrink to this size (it needs at least "
                f"{hint.width()}x{hint.height()})"
            )
            continue
        needed = window.minimumSizeHint().height()
        if needed > size.height() - ROOM_FOR_PANELS:
            problems.append(
                f"{at}: the window needs {needed} px of height, leaving no room for a title "
                f"bar and a panel"
            )
        problems += [f"{at}: {line}" for line in outside(window)]
    return problems
