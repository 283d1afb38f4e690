"""Pages shown one at a time, sized by the page on screen only.

WORKAROUND: a QStackedWidget (its QStackedLayout) answers sizeHint and heightForWidth with the
largest of all its pages whatever their size policy, so inside a scroll area the survey's
question page scrolled three screens for the suggestion keyboard's page, hidden. Here the
pages sit in a box layout and all but the current one are hidden; a hidden widget takes no
room in a box layout.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget


class ShownPageStack(QWidget):
    """The part of QStackedWidget's interface the self-service screens use.

    Signals:
        currentChanged(int): another page is shown.
    """

    currentChanged = Signal(int)  # noqa: N815 - QStackedWidget's name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._pages: list[QWidget] = []
        self._current = -1

    def addWidget(self, page: QWidget) -> int:  # noqa: N802 - QStackedWidget's name
        self._pages.append(page)
        self._layout.addWidget(page)
        if self._current < 0:
            self._current = 0
        page.setVisible(len(self._pages) - 1 == self._current)
        return len(self._pages) - 1

    def count(self) -> int:
        return len(self._pages)

    def widget(self, index: int) -> QWidget | None:
        return self._pages[index] if 0 <= index < len(self._pages) else None

    def currentIndex(self) -> int:  # noqa: N802 - QStackedWidget's name
        return self._current

    def currentWidget(self) -> QWidget | None:  # noqa: N802 - QStackedWidget's name
        return self.widget(self._current)

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802 - QStackedWidget's name
        if index == self._current or not 0 <= index < len(self._pages):
            return
        self._current = index
        for number, page in enumerate(self._pages):
            page.setVisible(number == index)
        # The new page's room now, as QStackedWidget gives it: the slots that scroll it to
        # its top must see its height.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.currentChanged.emit(index)
