"""Runs the camera and the checks on a QThread and hands results to the GUI by signal.

The GUI thread only draws: a 1280x720 frame takes 20-60 ms to check, which would freeze the
screen if done there. Frames are dropped, not queued, while the GUI has not drawn the last
one, so a slow screen never builds a backlog of stale frames.
"""

from __future__ import annotations

import logging
import threading
import time

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from devices.camera import Camera, CameraStatus, run_capture_loop
from kiosk.field.battery import BatteryReader, preview_interval, read_battery
from ui.capture.preview_model import PreviewOverlay, analyse_frame

log = logging.getLogger("kiosk.devices")
BATTERY_RECHECK_S = 30.0


def to_qimage(frame: np.ndarray) -> QImage:
    """A deep copy of a BGR frame as a QImage (safe to pass between threads)."""
    frame = np.ascontiguousarray(frame)
    height, width = frame.shape[:2]
    image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_BGR888)
    return image.copy()


class PreviewWorker(QObject):
    """Lives on the capture thread; `run` blocks there until `stop()`.

    Frames are shown at the camera's rate (fewer on battery) while the checks run on a second
    thread on the newest frame whenever the previous check is done: a slow check (60-90 ms for
    a face at 1280x720) then lowers how often the hint and outline refresh, not the preview's
    fps.

    Signals:
        frame_ready(QImage, PreviewOverlay | None): a frame and the newest overlay to draw
            over it (the same object is re-sent until a newer check finishes; None before
            the first check or with checks off).
        status_changed(CameraStatus): connected / disconnected / unavailable.
        finished(): the loop has ended.
    """

    frame_ready = Signal(QImage, object)
    status_changed = Signal(object)
    finished = Signal()

    def __init__(
        self,
        camera: Camera,
        mode: str,
        kind: str = "ktp",
        checks: bool = True,
        battery: BatteryReader = read_battery,
    ) -> None:
        super().__init__()
        self.battery = battery
        self.frame_interval = 0.0
        """Seconds between two frames shown; more than 0 on battery (kiosk/field/battery.py),
        read again every BATTERY_RECHECK_S. The shutter always takes the newest frame."""
        self._shown_at = float("-inf")
        self._battery_read_at = float("-inf")
        self.clock = time.monotonic
        self.camera = camera
        self.mode = mode
        self.kind = kind
        self.checks = checks
        self._stop = threading.Event()
        self._drawn = threading.Event()
        self._drawn.set()
        self._fresh = threading.Event()
        self._latest: np.ndarray | None = None
        self._overlay: PreviewOverlay | None = None  # until the first check finishes
        self._lock = threading.Lock()
        self.frames_seen = 0
        self.frames_checked = 0

    def latest_frame(self) -> np.ndarray | None:
        """The newest full-resolution frame, for the shutter (any thread)."""
        with self._lock:
            return None if self._latest is None else self._latest.copy()

    def frame_drawn(self) -> None:
        """Called by the GUI after drawing, so the next frame may be sent (any thread)."""
        self._drawn.set()

    def stop(self) -> None:
        """Asks the loop to end (any thread); `run` returns within one frame or retry wait."""
        self._stop.set()
        self._fresh.set()

    def _on_frame(self, frame: np.ndarray) -> None:
        self.frames_seen += 1
        with self._lock:
            self._latest = frame
            overlay = self._overlay
        self._fresh.set()
        if not self._drawn.is_set():
            return  # the GUI is still drawing the previous one: drop this frame
        now = self.clock()
        if now - self._battery_read_at >= BATTERY_RECHECK_S:
            self._battery_read_at = now
            self.frame_interval = preview_interval(self.battery())
        # 10 % slack: a 30 fps camera then shows every third frame (10 fps), not every fourth.
        if now - self._shown_at < self.frame_interval * 0.9:
            return  # on battery: fewer frames drawn, less power
        self._shown_at = now
        self._drawn.clear()
        self.frame_ready.emit(to_qimage(frame), overlay)

    def _check_newest_frames(self) -> None:
        """The checking thread: analyses the newest frame, again and again, until stopped."""
        while not self._stop.is_set():
            self._fresh.wait()
            self._fresh.clear()
            with self._lock:
                frame = self._latest
            if frame is None or self._stop.is_set():
                continue
            overlay = analyse_frame(frame, self.mode, self.kind)
            with self._lock:
                self._overlay = overlay
            self.frames_checked += 1

    def _on_status(self, status: CameraStatus) -> None:
        self.status_changed.emit(status)

    @Slot()
    def run(self) -> None:
        """The capture loop (on the worker thread), with the checking thread beside it."""
        checker = None
        if self.checks:
            checker = threading.Thread(
                target=self._check_newest_frames, name="kiosk-camera-checks", daemon=True
            )
            checker.start()
        try:
            run_capture_loop(self.camera, self._on_frame, self._on_status, self._stop)
        finally:
            self._stop.set()
            self._fresh.set()
            if checker is not None:
                checker.join()
            self.finished.emit()


class PreviewSession(QObject):
    """Owns the capture thread and its worker: start, stop, and nothing left behind."""

    def __init__(self, worker: PreviewWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.capture_thread = QThread()
        self.capture_thread.setObjectName("kiosk-camera")
        worker.moveToThread(self.capture_thread)
        self.capture_thread.started.connect(worker.run)
        worker.finished.connect(self.capture_thread.quit)

    def start(self) -> None:
        """Starts the capture thread."""
        self.capture_thread.start()

    def stop(self, timeout_ms: int = 5000) -> bool:
        """Stops the loop and joins the thread; True when it ended in time."""
        self.worker.stop()
        self.worker.frame_drawn()
        if not self.capture_thread.isRunning():
            return True
        self.capture_thread.quit()
        ended = self.capture_thread.wait(timeout_ms)
        if not ended:
            log.warning("camera thread did not stop within %d ms", timeout_ms)
        return bool(ended)
