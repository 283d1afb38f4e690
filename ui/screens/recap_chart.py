"""A horizontal bar chart drawn with QPainter: one bar per service, the count at its end.

Drawn by hand rather than with QtCharts: it starts faster, and the labels use the app's large
font, so a supervisor reads it from a step back.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.design.tokens import DEFAULT

BAR_COLOUR = QColor(DEFAULT.primary)
ROW_HEIGHT = 30


class BarChart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.bars: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[tuple[str, int]]) -> None:
        self.bars = bars
        self.setFixedHeight(max(1, len(bars)) * ROW_HEIGHT + 10)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(600, max(1, len(self.bars)) * ROW_HEIGHT + 10)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        label_width = min(
            self.width() // 3,
            max((metrics.horizontalAdvance(n) for n, _ in self.bars), default=0) + 12,
        )
        number_width = metrics.horizontalAdvance("00000") + 8
        largest = max((v for _, v in self.bars), default=0)
        area = max(1, self.width() - label_width - number_width)
        for i, (name, value) in enumerate(self.bars):
            top = 5 + i * ROW_HEIGHT
            label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, label_width - 12)
            painter.setPen(self.palette().windowText().color())
            text_rect = QRectF(0, top, label_width - 8, ROW_HEIGHT)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(text_rect, int(align), label)
            length = area * value / largest if largest else 0
            bar = QRectF(label_width, top + 5, length, ROW_HEIGHT - 10)
            painter.fillRect(bar, BAR_COLOUR)
            number_rect = QRectF(label_width + length + 6, top, number_width, ROW_HEIGHT)
            left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(number_rect, int(left), str(value))
        painter.end()
