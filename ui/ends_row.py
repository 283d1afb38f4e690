"""A row with a group at its start and a group at its end that wraps when the window is narrow.

The main window's navigation holds the screens' buttons on the left and help, language and
sign-out on the right. On a field laptop (one screen more) or in English the two groups need
more than 1024 px; instead of forcing the window wider than the screen, the end group moves
onto a second line, still right-aligned.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class EndsRow(QLayout):
    """Two widgets: `start` on the left, `end` on the right, or below it when both do not fit."""

    def __init__(self, parent: QWidget, start: QWidget, end: QWidget) -> None:
        super().__init__(parent)
        self.setContentsMargins(0, 0, 0, 0)
        self._items: list[QLayoutItem] = []
        self.addWidget(start)
        self.addWidget(end)

    # QLayout's item interface.
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # Geometry.
    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._place(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        start, end = self._hints()
        return QSize(
            start.width() + self.spacing() + end.width(), max(start.height(), end.height())
        )

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        start, end = self._hints()
        return QSize(max(start.width(), end.width()), max(start.height(), end.height()))

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._place(rect, move=True)

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _hints(self) -> tuple[QSize, QSize]:
        hints = [item.sizeHint() for item in self._shown()] + [QSize(0, 0), QSize(0, 0)]
        return hints[0], hints[1]

    def _place(self, rect: QRect, *, move: bool) -> int:
        """Lays the shown items out in `rect`; the height they take."""
        shown = self._shown()
        if not shown:
            return 0
        start = shown[0]
        end = shown[1] if len(shown) > 1 else None
        start_hint = start.sizeHint()
        if end is None:
            if move:
                start.setGeometry(QRect(rect.topLeft(), QSize(rect.width(), start_hint.height())))
            return start_hint.height()
        end_hint = end.sizeHint()
        one_line = start_hint.width() + self.spacing() + end_hint.width() <= rect.width()
        height = max(start_hint.height(), end_hint.height())
        end_top = rect.top()
        if not one_line:
            end_top = rect.top() + start_hint.height() + self.spacing()
            height = start_hint.height() + self.spacing() + end_hint.height()
        if move:
            start_width = min(start_hint.width(), rect.width())
            end_width = min(end_hint.width(), rect.width())
            start.setGeometry(QRect(rect.left(), rect.top(), start_width, start_hint.height()))
            end.setGeometry(
                QRect(rect.right() + 1 - end_width, end_top, end_width, end_hint.height())
            )
        return height
