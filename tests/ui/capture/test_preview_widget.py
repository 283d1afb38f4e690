"""The live preview on a worker thread: frames arrive, the GUI stays free, unplug is survived."""

from __future__ import annotations

import sys
import time

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from devices.camera import FakeCamera
from resources.demo import media, selfies
from ui.capture.preview_widget import CapturePreview
from ui.capture.preview_worker import PreviewSession, PreviewWorker, to_qimage

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def card_frames() -> list[np.ndarray]:
    return media.preview_frames(8)


def test_qt_binding_keeps_reference_counts_of_none_and_true() -> None:
    """A 30 fps preview makes thousands of Qt calls a minute. PySide6 6.12.0 on Python 3.11
    (None/True not immortal there) drops one reference to None per void method call and to
    True per signal emit, and the kiosk aborts within minutes ("Fatal Python error:
    none_dealloc"). PySide6 6.11.3 is clean: pin pyside6<6.12 or move to Python 3.12+."""
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        fired = Signal()

    probe = Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(20):
        probe.setObjectName("probe")  # a void method
        probe.fired.emit()
    assert sys.getrefcount(None) >= none_before - 5, "Qt binding drops None references"
    assert sys.getrefcount(True) >= true_before - 5, "Qt binding drops True references"


class Heartbeat:
    """A 5 ms timer on the GUI thread; its worst lateness is the longest GUI stall."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.worst_ms = 0.0

    def _beat(self) -> None:
        now = time.perf_counter()
        if self.last:
            self.worst_ms = max(self.worst_ms, (now - self.last) * 1000 - 5)
        self.last = now

    def start(self) -> None:
        self.last = 0.0
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def preview(qtbot: QtBot) -> CapturePreview:
    widget = CapturePreview()
    qtbot.addWidget(widget)
    widget.resize(960, 540)
    widget.show()
    return widget


def start_session(widget: CapturePreview, worker: PreviewWorker) -> PreviewSession:
    widget.attach(worker)
    session = PreviewSession(worker)
    session.start()
    return session


def test_to_qimage_keeps_size_and_colour() -> None:
    frame = np.zeros((10, 20, 3), np.uint8)
    frame[:, :, 2] = 255  # red in BGR
    image = to_qimage(frame)
    assert (image.width(), image.height()) == (20, 10)
    assert image.pixelColor(3, 3).red() == 255
    assert image.pixelColor(3, 3).blue() == 0


def test_document_preview_draws_outline_and_offers_the_shutter(
    qtbot: QtBot, preview: CapturePreview, card_frames: list[np.ndarray]
) -> None:
    worker = PreviewWorker(FakeCamera(card_frames, fps=30), "document", "ktp")
    session = start_session(preview, worker)
    heartbeat = Heartbeat()
    heartbeat.start()
    try:
        with qtbot.waitSignal(preview.capture_ready, timeout=20000) as ready:
            pass
        assert ready.args == [True]
        qtbot.waitUntil(lambda: preview.frames_painted >= 12, timeout=20000)
    finally:
        heartbeat.stop()
        assert session.stop()
    assert preview.state.last is not None
    assert len(preview.state.last.outline) == 4
    assert preview.state.hint.startswith("Bagus")
    assert worker.latest_frame() is not None
    # The checks run on the worker; the GUI thread never waits for them.
    assert heartbeat.worst_ms < 250, heartbeat.worst_ms


def test_selfie_preview_boxes_the_face(qtbot: QtBot, preview: CapturePreview) -> None:
    frames = [selfies.selfie("face_covered_mask", seed) for seed in range(3)]
    worker = PreviewWorker(FakeCamera(frames, fps=30), "selfie")
    session = start_session(preview, worker)
    try:
        qtbot.waitUntil(lambda: preview.state.last is not None, timeout=20000)
    finally:
        assert session.stop()
    assert preview.state.last is not None
    assert preview.state.last.faces
    assert preview.state.last.codes == ("face_covered",)
    assert preview.state.hint.startswith("Wajah tertutup masker?")


def test_unplugged_camera_shows_a_message_and_comes_back(
    qtbot: QtBot, preview: CapturePreview, card_frames: list[np.ndarray]
) -> None:
    camera = FakeCamera(card_frames, fps=60)
    worker = PreviewWorker(camera, "document", checks=False)
    session = start_session(preview, worker)
    try:
        qtbot.waitUntil(lambda: preview.frames_painted >= 2, timeout=10000)
        camera.unplug()
        qtbot.waitUntil(lambda: preview.state.camera_state != "connected", timeout=10000)
        assert "terputus" in preview.state.hint or "tidak tersedia" in preview.state.hint
        painted = preview.frames_painted
        camera.replug()
        qtbot.waitUntil(lambda: preview.state.camera_state == "connected", timeout=10000)
        qtbot.waitUntil(lambda: preview.frames_painted > painted, timeout=10000)
    finally:
        assert session.stop()
    assert camera.opens >= 2


def test_session_stops_even_while_waiting_to_reconnect(
    qtbot: QtBot, preview: CapturePreview, card_frames: list[np.ndarray]
) -> None:
    camera = FakeCamera(card_frames)
    camera.unplug()
    worker = PreviewWorker(camera, "document")
    session = start_session(preview, worker)
    qtbot.waitUntil(lambda: preview.state.camera_state == "unavailable", timeout=10000)
    started = time.perf_counter()
    assert session.stop()
    assert time.perf_counter() - started < 2
    assert not session.capture_thread.isRunning()
