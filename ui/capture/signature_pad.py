"""The signature pad: sign with a finger or the mouse; the result is black ink on white.

The strokes are kept as points (the view model below, no Qt), and rendered by the device
layer, so the stored image does not depend on the screen's size or pixel ratio.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPen, QTabletEvent
from PySide6.QtWidgets import QWidget

from devices.signature import render_strokes

MIN_INK_POINTS = 10  # fewer points than this is a tap, not a signature


@dataclass
class SignatureModel:
    """Strokes in a fixed canvas (default 800x300 px, the portals' signature box ratio)."""

    size: tuple[int, int] = (800, 300)
    strokes: list[list[tuple[float, float]]] = field(default_factory=list)

    def begin(self, x: float, y: float) -> None:
        """Starts a stroke at canvas coordinates."""
        self.strokes.append([(x, y)])

    def extend(self, x: float, y: float) -> None:
        """Adds a point to the current stroke."""
        if not self.strokes:
            self.begin(x, y)
        else:
            self.strokes[-1].append((x, y))

    def clear(self) -> None:
        """Empties the pad ("Ulangi / Clear")."""
        self.strokes.clear()

    @property
    def is_signed(self) -> bool:
        """Enough ink to count as a signature."""
        return sum(len(s) for s in self.strokes) >= MIN_INK_POINTS

    def to_image(self) -> np.ndarray:
        """Black strokes on white, at the canvas size."""
        return render_strokes(self.strokes, self.size)


class SignaturePad(QWidget):
    """Draw area mapping widget coordinates onto the model's fixed canvas.

    Signals:
        changed(bool): emitted after each stroke or clear, with `is_signed`.
    """

    changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SignatureModel()
        self.setMinimumSize(400, 150)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)

    def _to_canvas(self, point: QPointF) -> tuple[float, float]:
        width, height = self.model.size
        return point.x() * width / max(1, self.width()), point.y() * height / max(1, self.height())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.model.begin(*self._to_canvas(event.position()))
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.model.extend(*self._to_canvas(event.position()))
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.changed.emit(self.model.is_signed)

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802 - Qt override
        point = self._to_canvas(event.position())
        if event.type() == QTabletEvent.Type.TabletPress:
            self.model.begin(*point)
        elif event.type() == QTabletEvent.Type.TabletMove:
            self.model.extend(*point)
        else:
            self.changed.emit(self.model.is_signed)
        event.accept()
        self.update()

    def clear(self) -> None:
        """Clears the pad."""
        self.model.clear()
        self.update()
        self.changed.emit(False)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), Qt.GlobalColor.white)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(Qt.GlobalColor.lightGray, 1, Qt.PenStyle.DashLine))
            baseline = int(self.height() * 0.75)
            painter.drawLine(10, baseline, self.width() - 10, baseline)
            painter.setPen(QPen(Qt.GlobalColor.black, 3))
            sx = self.width() / self.model.size[0]
            sy = self.height() / self.model.size[1]
            for stroke in self.model.strokes:
                points = [QPointF(x * sx, y * sy) for x, y in stroke]
                for start, end in zip(points, points[1:], strict=False):
                    painter.drawLine(start, end)
        finally:
            painter.end()
