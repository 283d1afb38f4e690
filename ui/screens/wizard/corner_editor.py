"""Corners the operator can fix: the photo with four handles, a magnifier and a live preview.

Drag a handle with the mouse or a finger; or Tab to pick a corner, arrows to move it (Shift
for bigger steps), Enter to accept, Esc to go back. The flattened preview beside the photo
follows every move. The rules live in ui/capture/corner_model.py; this only draws and maps
screen points to photo pixels.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from devices.document import DocumentKind
from ui.capture.corner_model import CornerModel, CornerResult
from ui.capture.preview_worker import to_qimage

HANDLE_RADIUS = 14  # screen pixels: big enough for a fingertip
GRAB_RADIUS = 36  # how near a press must be to a handle to pick it up
MAGNIFIER = 140  # side of the magnifier in screen pixels
ZOOM = 3.0
LINE = QColor(40, 200, 90)
SELECTED = QColor(255, 170, 0)


class CornerCanvas(QWidget):
    """The photo with the quad and its four handles.

    Signals:
        changed(): a corner moved or another was selected.
        accepted(): Enter.
        cancelled(): Esc.
    """

    changed = Signal()
    accepted = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: CornerModel | None = None
        self._pixmap: QPixmap | None = None
        self._dragging: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 200)
        self.setObjectName("corner-canvas")

    def set_model(self, model: CornerModel) -> None:
        self.model = model
        self._pixmap = QPixmap.fromImage(to_qimage(model.image))
        self._dragging = None
        self.update()

    # --- coordinates ---------------------------------------------------------------------
    def _frame(self) -> tuple[float, float, float]:
        """Scale and offset of the photo drawn centred in the widget."""
        assert self.model is not None
        width, height = self.model.size
        scale = min(self.width() / width, self.height() / height)
        return scale, (self.width() - width * scale) / 2, (self.height() - height * scale) / 2

    def to_screen(self, point: np.ndarray) -> QPointF:
        scale, dx, dy = self._frame()
        return QPointF(float(point[0]) * scale + dx, float(point[1]) * scale + dy)

    def to_photo(self, point: QPointF) -> tuple[float, float]:
        scale, dx, dy = self._frame()
        return (point.x() - dx) / scale, (point.y() - dy) / scale

    # --- input ------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.model is None:
            return
        scale, _, _ = self._frame()
        index = self.model.nearest(self.to_photo(event.position()), GRAB_RADIUS / scale)
        if index is not None:
            self._dragging = index
            self.model.select(index)
            self.changed.emit()
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.model is None or self._dragging is None:
            return
        self.model.move_to(self._dragging, self.to_photo(event.position()))
        self.changed.emit()
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._dragging = None
        self.update()

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt override
        """Tab and Shift+Tab pick the next corner instead of leaving the editor."""
        if self.model is None:
            return super().focusNextPrevChild(forward)
        self.model.select_next(1 if forward else -1)
        self.changed.emit()
        self.update()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self.model is None:
            super().keyPressEvent(event)
            return
        key = Qt.Key(event.key())
        scale, _, _ = self._frame()
        step = (10.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0) / scale
        moves = {
            Qt.Key.Key_Left: (-step, 0.0),
            Qt.Key.Key_Right: (step, 0.0),
            Qt.Key.Key_Up: (0.0, -step),
            Qt.Key.Key_Down: (0.0, step),
        }
        if key in moves:
            self.model.nudge(*moves[key])
            self.changed.emit()
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accepted.emit()
        elif key == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)

    # --- drawing ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(30, 30, 30))
        if self.model is None or self._pixmap is None:
            painter.end()
            return
        scale, dx, dy = self._frame()
        width, height = self.model.size
        target = QRectF(dx, dy, width * scale, height * scale)
        painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        points = [self.to_screen(p) for p in self.model.corners]
        painter.setPen(QPen(LINE if self.model.valid else SELECTED, 3))
        painter.drawPolygon(QPolygonF(points))
        for index, point in enumerate(points):
            selected = index == self.model.selected
            painter.setPen(QPen(QColor(255, 255, 255), 3))
            painter.setBrush(SELECTED if selected else LINE)
            radius = HANDLE_RADIUS + (4 if selected else 0)
            painter.drawEllipse(point, radius, radius)
        if self.hasFocus() or self._dragging is not None:
            self._draw_magnifier(painter, points[self.model.selected], scale)
        painter.end()

    def _draw_magnifier(self, painter: QPainter, at: QPointF, scale: float) -> None:
        """A zoomed view of the selected corner, in the widget's corner away from it."""
        assert self.model is not None
        assert self._pixmap is not None
        corner = self.model.corners[self.model.selected]
        half = MAGNIFIER / (2 * ZOOM * scale)  # photo pixels shown either side
        source = QRectF(corner[0] - half, corner[1] - half, 2 * half, 2 * half)
        left = at.x() > self.width() / 2
        top = at.y() > self.height() / 2
        x = 8.0 if left else self.width() - MAGNIFIER - 8.0
        y = 8.0 if top else self.height() - MAGNIFIER - 8.0
        box = QRectF(x, y, MAGNIFIER, MAGNIFIER)
        painter.fillRect(box, QColor(0, 0, 0))
        painter.drawPixmap(box, self._pixmap, source)
        painter.setPen(QPen(SELECTED, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box)
        centre = box.center()
        painter.drawLine(QPointF(centre.x() - 12, centre.y()), QPointF(centre.x() + 12, centre.y()))
        painter.drawLine(QPointF(centre.x(), centre.y() - 12), QPointF(centre.x(), centre.y() + 12))


class CornerEditor(QWidget):
    """The canvas, the live flattened preview and a short help line.

    Signals:
        accepted(CornerResult): the operator accepted these corners (Enter or the button).
        cancelled(): back to the camera.
    """

    accepted = Signal(object)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("corner-editor")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        row = QHBoxLayout()
        self.canvas = CornerCanvas(self)
        self.canvas.changed.connect(self._update_preview)
        self.canvas.accepted.connect(self.accept)
        self.canvas.cancelled.connect(self.cancelled)
        self.preview = QLabel(self)
        self.preview.setObjectName("corner-preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumWidth(200)
        self.preview.setMaximumWidth(380)
        row.addWidget(self.canvas, 3)
        row.addWidget(self.preview, 1)
        layout.addLayout(row, 1)
        self.model: CornerModel | None = None
        self.last_preview: np.ndarray | None = None
        self.retranslate()

    def edit(self, image: np.ndarray, kind: DocumentKind, corners: np.ndarray | None) -> None:
        """Starts editing `corners` over `image` (None: four default corners to place)."""
        self.model = CornerModel(image, kind, corners)
        self.canvas.set_model(self.model)
        self.retranslate()
        self._update_preview()
        self.canvas.setFocus()

    def accept(self) -> None:
        if self.model is None or not self.model.valid:
            return
        self.accepted.emit(self.model.result())

    def result(self) -> CornerResult | None:
        return self.model.result() if self.model is not None else None

    def _update_preview(self) -> None:
        if self.model is None:
            return
        flat = self.model.preview()
        self.last_preview = flat
        if flat is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("Sudut tidak membentuk segi empat"))
            return
        pixmap = QPixmap.fromImage(to_qimage(flat))
        room = max(120, self.preview.width() - 8)
        if pixmap.width() > room:
            pixmap = pixmap.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(pixmap)

    def retranslate(self) -> None:
        intro = (
            self.tr("Dokumen tidak terdeteksi: letakkan keempat sudut di sudut dokumen.")
            if self.model is not None and not self.model.detected
            else self.tr("Periksa keempat sudut; geser bila belum tepat.")
        )
        keys = self.tr(
            "Seret titik sudut, atau Tab pilih sudut, panah geser, Enter terima, Esc batal."
        )
        self.help.setText(f"<b>{intro}</b> {keys}")
