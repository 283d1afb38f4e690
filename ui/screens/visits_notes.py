"""The notes of the selected visit in a place of their own: always there, always the same
height, so selecting a visit never moves the table (the list jumped when a "Catatan:" line
appeared under it). Notes too long for the place end in "…"; the whole text is the tooltip.
They come from a CSV file, so they stay plain text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

LINES = 3


class VisitNotes(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visit-notes")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._full = ""
        self._fix_height()

    def _fix_height(self) -> None:
        margins = self.contentsMargins()
        lines = self.fontMetrics().lineSpacing() * LINES
        self.setFixedHeight(lines + margins.top() + margins.bottom() + 2)

    def show_text(self, text: str) -> None:
        """`text` in the reserved place ("" leaves it empty, the place stays)."""
        self._full = text
        self.setToolTip(text)
        self._fit()

    def _fit(self) -> None:
        text = self._full
        width = max(self.contentsRect().width(), 1)
        metrics = self.fontMetrics()
        flags = int(Qt.TextFlag.TextWordWrap)
        limit = self.contentsRect().height()
        if metrics.boundingRect(0, 0, width, 10_000, flags, text).height() > limit:
            low, high = 0, len(text)
            while low < high:  # the longest start of the text that fits, with "…"
                middle = (low + high + 1) // 2
                tried = text[:middle].rstrip() + "…"
                fits = metrics.boundingRect(0, 0, width, 10_000, flags, tried).height() <= limit
                low, high = (middle, high) if fits else (low, middle - 1)
            text = text[:low].rstrip() + "…"
        self.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the larger text sizes: three lines still
            self._fix_height()
            self._fit()
