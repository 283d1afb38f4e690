"""The live preview: the newest camera frame, the document outline or face box, and a hint.

It only draws. Frames and overlays arrive by signal from PreviewWorker; after painting, the
widget tells the worker it may send the next frame.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from devices.camera import CameraStatus
from ui.capture.preview_model import PreviewOverlay, PreviewState
from ui.capture.preview_worker import PreviewWorker

GOOD = QColor(40, 200, 90)
FLASH_SECONDS = 0.15
WARN = QColor(255, 170, 0)


class CapturePreview(QWidget):
    """Shows frames from a PreviewWorker with the overlay and hint banner.

    Signals:
        capture_ready(bool): the shutter may be offered (steady, good frames) or not.
        auto_capture(): a good document has rested in place for about a second (once per
            resting period; the screen decides whether the kiosk takes it by itself).
    """

    capture_ready = Signal(bool)
    auto_capture = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = PreviewState()
        self._image: QImage | None = None
        self._overlay: PreviewOverlay | None = None
        self._worker: PreviewWorker | None = None
        self._ready = False
        self.frames_painted = 0
        self._flash_until = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def attach(self, worker: PreviewWorker) -> None:
        """Connects to a worker's signals (queued across threads)."""
        self._worker = worker
        worker.frame_ready.connect(self.show_frame)
        worker.status_changed.connect(self.show_status)

    @Slot(QImage, object)
    def show_frame(self, image: QImage, overlay: PreviewOverlay | None) -> None:
        """Keeps the frame and repaints."""
        self._image, self._overlay = image, overlay
        if overlay is not None:
            self.state.on_overlay(overlay)
        self._announce()
        if self.state.should_auto_capture():
            self.auto_capture.emit()
        self.update()

    def flash(self) -> None:
        """A short white flash over the picture: the photo was taken."""
        self._flash_until = time.monotonic() + FLASH_SECONDS
        self.update()
        QTimer.singleShot(int(FLASH_SECONDS * 1000) + 20, self.update)

    @Slot(object)
    def show_status(self, status: CameraStatus) -> None:
        """Shows the camera's state in the banner."""
        if self.state.on_status(status):
            self._announce()
            self.update()

    def _announce(self) -> None:
        ready = self.state.can_capture
        if ready != self._ready:
            self._ready = ready
            self.capture_ready.emit(ready)

    def _frame_rect(self) -> QRectF:
        if self._image is None or self._image.isNull():
            return QRectF(self.rect())
        scale = min(self.width() / self._image.width(), self.height() / self._image.height())
        width, height = self._image.width() * scale, self._image.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), Qt.GlobalColor.black)
            target = self._frame_rect()
            if self._image is not None:
                painter.drawImage(target, self._image)
                self._draw_overlay(painter, target)
            self._draw_banner(painter)
            if time.monotonic() < self._flash_until:
                painter.fillRect(self.rect(), QColor(255, 255, 255, 200))
        finally:
            painter.end()
        self.frames_painted += 1
        if self._worker is not None:
            self._worker.frame_drawn()

    def _draw_overlay(self, painter: QPainter, target: QRectF) -> None:
        overlay = self._overlay
        if overlay is None or not overlay.frame_size[0]:
            return
        sx = target.width() / overlay.frame_size[0]
        sy = target.height() / overlay.frame_size[1]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(GOOD if overlay.ok else WARN, 4))
        if overlay.outline:
            points = [QPointF(target.x() + x * sx, target.y() + y * sy) for x, y in overlay.outline]
            painter.drawPolygon(QPolygonF(points))
        for x, y, w, h in overlay.faces:
            painter.drawRect(QRectF(target.x() + x * sx, target.y() + y * sy, w * sx, h * sy))

    def _draw_banner(self, painter: QPainter) -> None:
        text = self.state.hint
        if not text:
            return
        font = QFont(self.font())
        font.setPointSize(max(12, self.height() // 28))
        painter.setFont(font)
        band = QRectF(0, self.height() - self.height() / 8, self.width(), self.height() / 8)
        painter.fillRect(band, QColor(0, 0, 0, 170))
        ok = (
            self.state.camera_state == "connected"
            and self.state.last is not None
            and self.state.last.ok
        )
        painter.setPen(GOOD if ok else QColor(Qt.GlobalColor.white))
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, text)
