"""Cameras: the real OpenCV backend on a video file, the fake, and the reconnect loop."""

from __future__ import annotations

import glob
import sys
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.camera import (
    CameraStatus,
    FakeCamera,
    OpenCvCamera,
    list_cameras,
    run_capture_loop,
)
from devices.errors import DeviceDisconnected, DeviceUnavailable
from resources.demo import media


@pytest.fixture(scope="module")
def frames() -> list[np.ndarray]:
    return media.preview_frames(6, frame=(640, 360))


@pytest.fixture
def video(tmp_path: Path, frames: list[np.ndarray]) -> Path:
    return media.write_video(tmp_path / "preview.avi", frames)


def test_opencv_backend_reads_a_video_then_reports_it_gone(video: Path) -> None:
    """A file goes through the same VideoCapture code as a webcam; its end is an unplug."""
    camera = OpenCvCamera(str(video))
    assert camera.open() == (640, 360)
    shapes = [camera.read().shape for _ in range(6)]
    assert shapes == [(360, 640, 3)] * 6
    with pytest.raises(DeviceDisconnected):
        camera.read()
    camera.close()
    camera.close()  # twice is fine


def test_opencv_backend_missing_source_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(DeviceUnavailable):
        OpenCvCamera(str(tmp_path / "none.avi")).open()


def test_read_before_open_is_a_disconnect() -> None:
    with pytest.raises(DeviceDisconnected):
        OpenCvCamera(0).read()


def test_list_cameras_lists_only_cameras_that_deliver_frames() -> None:
    found = list_cameras()
    if sys.platform.startswith("linux") and not glob.glob("/dev/video*"):
        assert found == []
    assert all(c.width > 0 and c.height > 0 for c in found)


def test_fake_camera_plays_a_folder_and_skips_non_images(
    tmp_path: Path, frames: list[np.ndarray]
) -> None:
    for index, frame in enumerate(frames[:3]):
        cv2.imwrite(str(tmp_path / f"{index:02d}.png"), frame)
    (tmp_path / "03.png").write_bytes(b"not a png")
    camera = FakeCamera(tmp_path, fps=None)
    camera.open()
    assert [int(camera.read().sum()) for _ in range(4)] == [
        int(f.sum()) for f in (*frames[:3], frames[0])
    ]


def test_fake_camera_plays_a_video(video: Path) -> None:
    camera = FakeCamera(video, fps=None, loop=False)
    assert camera.open() == (640, 360)
    for _ in range(6):
        camera.read()
    with pytest.raises(DeviceDisconnected):
        camera.read()


def test_capture_loop_reconnects_after_unplug(frames: list[np.ndarray]) -> None:
    camera = FakeCamera(frames, fps=None)
    stop = threading.Event()
    statuses: list[str] = []
    count = {"frames": 0}
    first_frames, lost, back, more = (threading.Event() for _ in range(4))

    def on_frame(frame: np.ndarray) -> None:
        count["frames"] += 1
        if count["frames"] == 3:
            first_frames.set()
        if back.is_set() and count["frames"] > 3:
            more.set()

    def on_status(status: CameraStatus) -> None:
        statuses.append(status.state)
        if status.state == "disconnected":
            lost.set()
        if status.state == "connected" and lost.is_set():
            back.set()

    worker = threading.Thread(
        target=run_capture_loop, args=(camera, on_frame, on_status, stop, (0.01,))
    )
    worker.start()
    try:
        assert first_frames.wait(5)
        camera.unplug()
        assert lost.wait(5)
        camera.replug()
        assert back.wait(5)
        assert more.wait(5)
    finally:
        stop.set()
        worker.join(5)
    assert not worker.is_alive()
    assert statuses[0] == "connected"
    assert "disconnected" in statuses
    assert statuses[statuses.index("disconnected") + 1 :].count("connected") == 1
    assert camera.opens >= 2


def test_capture_loop_keeps_retrying_an_unavailable_camera(tmp_path: Path) -> None:
    stop = threading.Event()
    seen: list[CameraStatus] = []

    def on_status(status: CameraStatus) -> None:
        seen.append(status)
        if len(seen) == 3:
            stop.set()

    run_capture_loop(OpenCvCamera(str(tmp_path / "x.avi")), lambda f: None, on_status, stop, (0.0,))
    assert [s.state for s in seen] == ["unavailable"] * 3
    assert seen[0].message == (
        "Kamera tidak dapat dibuka; periksa kabelnya / The camera cannot be opened; check its cable"
    )


def test_fake_camera_survives_two_capture_threads_at_once() -> None:
    """A preview stopping while the next one starts shares the camera for a moment."""

    frames = [np.full((4, 4, 3), i, np.uint8) for i in range(3)]
    camera = FakeCamera(frames, fps=2000)
    camera.open()
    failures: list[BaseException] = []

    def reader() -> None:
        try:
            for _ in range(300):
                camera.read()
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            failures.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
