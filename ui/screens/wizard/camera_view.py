"""The live camera inside the wizard: the colleague's preview widget and worker, started and
stopped with the step, one preview (and one capture thread) at a time.

A fresh CapturePreview is made per session so the shutter's "steady frames" count and the last
overlay never leak from one document to the next.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.capture.preview_widget import CapturePreview
from ui.capture.preview_worker import PreviewSession, PreviewWorker

log = logging.getLogger("kiosk.ui")


class CameraView(QWidget):
    """Signals:
    ready(bool): the subject has been good for a moment (the shutter is the default action).
    auto_capture(): a good document has rested in place for about a second.
    """

    ready = Signal(bool)
    auto_capture = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel(self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setMinimumSize(320, 180)
        self.layout_.addWidget(self.placeholder)
        self.preview: CapturePreview | None = None
        self.session: PreviewSession | None = None
        self.worker: PreviewWorker | None = None
        self.key: tuple[int, str, str] | None = None
        self.language = "id"
        self._stopping: list[PreviewSession] = []
        self._stale: tuple[QLabel, str] | None = None

    @property
    def running(self) -> bool:
        return self.session is not None

    def start(self, camera: Any, mode: str, kind: str) -> None:
        """Shows `camera` checking for a document (`kind` ktp/kk/page) or a face."""
        key = (id(camera), mode, kind)
        if self.session is not None and self.key == key:
            return
        self.stop()
        self.key = key
        self.preview = CapturePreview(self)
        self.preview.state.language = self.language
        self.preview.capture_ready.connect(self.ready)
        self.preview.auto_capture.connect(self.auto_capture)
        self.layout_.addWidget(self.preview, 1)
        self.placeholder.hide()
        self.worker = PreviewWorker(camera, mode, kind)
        self.worker.frame_ready.connect(self._frame_arrived)  # queued: a method of this widget
        self.preview.attach(self.worker)
        self.session = PreviewSession(self.worker, self)
        self.session.start()

    def clear_at_next_frame(self, label: QLabel) -> None:
        """Clears `label` at the camera's next frame if it still says what it says now: "no
        picture yet" must not stay over a running preview."""
        self._stale = (label, label.text())

    def _frame_arrived(self, _image: QImage, _overlay: object) -> None:
        if self._stale is not None:
            label, text = self._stale
            self._stale = None
            if label.text() == text:
                label.clear()

    def stop(self) -> None:
        """Asks the capture thread to end and drops the preview, without waiting.

        Joining the thread here would stall the GUI for up to one frame check (60-90 ms);
        the thread is reaped when it reports `finished`, or by `wait_stopped`.
        """
        session, preview = self.session, self.preview
        self.session = self.worker = self.preview = None
        self.key = None
        if session is not None:
            session.worker.stop()
            session.worker.frame_drawn()
            self._stopping.append(session)
            session.capture_thread.finished.connect(self._reap)
            session.capture_thread.quit()
        if preview is not None:
            self.layout_.removeWidget(preview)
            preview.hide()
            preview.deleteLater()
            self.ready.emit(False)
        self.placeholder.show()

    def _reap(self) -> None:
        for session in [s for s in self._stopping if s.capture_thread.isFinished()]:
            self._stopping.remove(session)
            session.capture_thread.deleteLater()
            session.deleteLater()

    def wait_stopped(self, timeout_ms: int = 5000) -> bool:
        """Blocks until every stopped capture thread has ended (shutdown and tests)."""
        self.stop()
        ended = all(s.stop(timeout_ms) for s in self._stopping)
        self._reap()
        return ended

    def set_language(self, language: str) -> None:
        """The banner over the picture follows the screen's language."""
        self.language = language
        if self.preview is not None:
            self.preview.state.language = language
            self.preview.update()

    def show_no_camera(self, import_folder: Path | None) -> None:
        """No camera on this machine: what to use instead, and where files to import go."""
        text = self.tr("Kamera tidak ditemukan. Pakai pemindai (F6) atau impor berkas (F7).")
        if import_folder is not None:
            text += " " + self.tr(
                "Hasil pindaian dari pemindai lain dapat disimpan di folder %1 lalu diimpor."
            ).replace("%1", str(import_folder))
        self.show_message(text)

    def show_message(self, text: str) -> None:
        self.stop()
        self.placeholder.setText(text)

    def flash(self) -> None:
        if self.preview is not None:
            self.preview.flash()

    def latest_frame(self) -> np.ndarray | None:
        return self.worker.latest_frame() if self.worker is not None else None

    @property
    def can_capture(self) -> bool:
        return self.preview is not None and self.preview.state.can_capture
