"""Cameras: the OpenCV backend, a fake that plays recorded media, and the reconnect loop.

Kiosk webcams are USB devices that citizens and cleaners knock loose; the preview must say so
plainly and pick the camera up again by itself when it is plugged back in. The loop that does
that (`run_capture_loop`) is plain Python driven by callbacks, so the Qt preview runs it on a
worker thread and tests run it directly.
"""

from __future__ import annotations

import glob
import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from devices.errors import DeviceDisconnected, DeviceError, DeviceUnavailable, ImageUnreadable
from devices.image_files import load_image

log = logging.getLogger("kiosk.devices")

PREFERRED_SIZE = (1280, 720)
MAX_READ_FAILURES = 5  # consecutive failed grabs before a camera counts as unplugged
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)  # reconnect back-off, seconds; the last one repeats


@dataclass(frozen=True)
class CameraInfo:
    """A camera the kiosk can open.

    Attributes:
        source: device index (or a file/URL for recorded media).
        name: human-readable label for the settings screen.
        width: resolution it delivered when probed (0 when not probed).
        height: see width.
    """

    source: int | str
    name: str
    width: int = 0
    height: int = 0


class Camera(Protocol):
    """What the preview needs from a camera."""

    @property
    def name(self) -> str:
        """Label for messages and logs."""
        ...

    def open(self) -> tuple[int, int]:
        """Opens the device; returns the (width, height) it delivers.

        Raises:
            DeviceUnavailable: no such device, or it cannot be opened now.
        """
        ...

    def read(self) -> np.ndarray:
        """The next BGR frame.

        Raises:
            DeviceDisconnected: the device stopped delivering frames.
        """
        ...

    def close(self) -> None:
        """Releases the device; safe to call twice."""
        ...


def _backend() -> int:
    """DirectShow on Windows opens USB webcams faster and more reliably than MSMF."""
    if sys.platform.startswith("win"):
        return int(cv2.CAP_DSHOW)
    if sys.platform.startswith("linux"):
        return int(cv2.CAP_V4L2)
    return int(cv2.CAP_ANY)


class OpenCvCamera:
    """A real camera (device index) or a video file/URL, through cv2.VideoCapture.

    Both go through the same VideoCapture code, so tests exercise this class on a video
    file: the file's end looks to it exactly like an unplugged webcam.
    """

    def __init__(self, source: int | str, preferred: tuple[int, int] = PREFERRED_SIZE) -> None:
        self.source = source
        self.preferred = preferred
        self._capture: cv2.VideoCapture | None = None
        self._failures = 0

    @property
    def name(self) -> str:
        """ "Kamera 0" for a device, the file name for recorded media."""
        if isinstance(self.source, int):
            return f"Kamera {self.source}"
        return Path(self.source).name

    def open(self) -> tuple[int, int]:
        """Opens the source and asks for the preferred resolution (or better)."""
        self.close()
        if isinstance(self.source, int):
            capture = cv2.VideoCapture(self.source, _backend())
        else:
            capture = cv2.VideoCapture(str(self.source))
        if not capture.isOpened():
            capture.release()
            raise DeviceUnavailable(f"{self.name} cannot be opened")
        if isinstance(self.source, int):
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.preferred[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.preferred[1])
            capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a stale queue
        self._capture = capture
        self._failures = 0
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        log.info("camera %s open at %dx%d", self.name, width, height)
        return width, height

    def read(self) -> np.ndarray:
        """The next frame; several failed grabs in a row mean the camera is gone."""
        if self._capture is None:
            raise DeviceDisconnected(f"{self.name} is not open")
        while True:
            ok, frame = self._capture.read()
            if ok and frame is not None and frame.size:
                self._failures = 0
                return frame
            self._failures += 1
            if self._failures >= MAX_READ_FAILURES or not isinstance(self.source, int):
                raise DeviceDisconnected(f"{self.name} stopped sending frames")

    def close(self) -> None:
        """Releases the VideoCapture."""
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class FakeCamera:
    """Plays frames from memory, a video file or a folder of images, looping.

    Used by tests and the demo profile. `unplug()` and `replug()` simulate a USB cable being
    pulled: reads fail with DeviceDisconnected and opening fails until it is plugged back.

    Args:
        frames: in-memory BGR frames, or a video file, or a folder of images (sorted by name).
        fps: delivery rate to imitate a real sensor; None delivers as fast as asked.
        loop: start over at the end (a real camera never ends).
    """

    def __init__(
        self,
        frames: Sequence[np.ndarray] | Path | str,
        fps: float | None = 30.0,
        loop: bool = True,
    ) -> None:
        self._frames = self._load(frames)
        if not self._frames:
            raise DeviceUnavailable("fake camera has no frames")
        self.fps = fps
        self.loop = loop
        self._index = 0
        self._read_lock = threading.Lock()
        self._open = False
        self._plugged = threading.Event()
        self._plugged.set()
        self._next_due = 0.0
        self.opens = 0

    @staticmethod
    def _load(frames: Sequence[np.ndarray] | Path | str) -> list[np.ndarray]:
        if not isinstance(frames, str | Path):
            return list(frames)
        path = Path(frames)
        if path.is_dir():
            loaded = []
            for item in sorted(path.iterdir()):
                try:
                    loaded.append(load_image(item))
                except ImageUnreadable:
                    log.info("fake camera skips %s (not an image)", item.name)
            return loaded
        capture = cv2.VideoCapture(str(path))
        loaded = []
        try:
            while True:
                ok, frame = capture.read()
                if not ok:
                    break
                loaded.append(frame)
        finally:
            capture.release()
        return loaded

    @property
    def name(self) -> str:
        """Always "Kamera demo"."""
        return "Kamera demo"

    def unplug(self) -> None:
        """Simulates pulling the cable."""
        self._plugged.clear()

    def replug(self) -> None:
        """Simulates plugging it back in."""
        self._plugged.set()

    def open(self) -> tuple[int, int]:
        """Opens the fake; fails while unplugged."""
        if not self._plugged.is_set():
            raise DeviceUnavailable("Kamera demo is unplugged")
        self._open = True
        self.opens += 1
        self._next_due = time.monotonic()
        height, width = self._frames[0].shape[:2]
        return width, height

    def read(self) -> np.ndarray:
        """The next frame, paced at `fps`."""
        if not self._open or not self._plugged.is_set():
            self._open = False
            raise DeviceDisconnected("Kamera demo was unplugged")
        if self.fps:
            # WORKAROUND: pacing imitates a sensor's frame clock; this runs on the capture
            # worker thread only, never on the GUI thread.
            delay = self._next_due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_due = max(self._next_due, time.monotonic()) + 1.0 / self.fps
        # A capture thread still stopping can overlap the next one on the same camera: the
        # end-of-media check and the step to the next frame must happen as one.
        with self._read_lock:
            if self._index >= len(self._frames):
                if not self.loop:
                    self._open = False
                    raise DeviceDisconnected("Kamera demo reached the end of its media")
                self._index = 0
            frame = self._frames[self._index]
            self._index += 1
        return frame

    def close(self) -> None:
        """Closes the fake."""
        self._open = False


def list_cameras(max_index: int = 4) -> list[CameraInfo]:
    """Cameras present on this machine.

    On Linux only /dev/video* nodes that open and deliver a frame count (each UVC camera
    also registers metadata nodes that cannot capture). Elsewhere indices 0..max_index are
    probed, as OpenCV offers no enumeration.
    """
    if sys.platform.startswith("linux"):
        indices = sorted(
            int(node[len("/dev/video") :])
            for node in glob.glob("/dev/video*")
            if node[len("/dev/video") :].isdigit()
        )
    else:
        indices = list(range(max_index + 1))
    found = []
    for index in indices:
        camera = OpenCvCamera(index)
        try:
            width, height = camera.open()
            camera.read()
        except DeviceError:
            continue
        finally:
            camera.close()
        found.append(CameraInfo(index, f"Kamera {index}", width, height))
    return found


@dataclass(frozen=True)
class CameraStatus:
    """A change of the camera's state, for the preview's banner.

    Attributes:
        state: "connected", "disconnected" (was working, now gone: retrying) or
            "unavailable" (cannot be opened: retrying).
        message: bilingual text for the user.
        size: (width, height) when connected.
        message_id: the message in Bahasa Indonesia alone (a screen shows one language).
        message_en: the message in English alone.
    """

    state: str
    message: str
    size: tuple[int, int] = (0, 0)
    message_id: str = ""
    message_en: str = ""

    def text(self, language: str) -> str:
        """The message in one language ("id" or "en"); the bilingual one when not known."""
        single = self.message_en if language == "en" else self.message_id
        return single or self.message


CAMERA_READY = ("Kamera siap", "Camera ready")
CAMERA_CANNOT_OPEN = (
    "Kamera tidak dapat dibuka; periksa kabelnya",
    "The camera cannot be opened; check its cable",
)


def _status(state: str, texts: tuple[str, str], size: tuple[int, int] = (0, 0)) -> CameraStatus:
    return CameraStatus(state, f"{texts[0]} / {texts[1]}", size, texts[0], texts[1])


def run_capture_loop(
    camera: Camera,
    on_frame: Callable[[np.ndarray], None],
    on_status: Callable[[CameraStatus], None],
    stop: threading.Event,
    retry_delays: Sequence[float] = RETRY_DELAYS,
) -> None:
    """Reads frames until `stop` is set, reconnecting with back-off when the camera drops.

    Meant to run on a worker thread: `on_frame` is called there for every frame and should
    hand the result to the GUI by signal. Device errors never escape; they become statuses.
    """
    attempt = 0
    connected = False
    try:
        while not stop.is_set():
            try:
                if not connected:
                    size = camera.open()
                    connected, attempt = True, 0
                    on_status(_status("connected", CAMERA_READY, size))
                on_frame(camera.read())
            except DeviceDisconnected as exc:
                camera.close()
                connected = False
                log.info("camera lost: %s", exc.detail)
                on_status(_status("disconnected", (exc.message_id, exc.message_en)))
                stop.wait(retry_delays[min(attempt, len(retry_delays) - 1)])
                attempt += 1
            except DeviceUnavailable as exc:
                log.info("camera unavailable: %s", exc.detail)
                on_status(_status("unavailable", CAMERA_CANNOT_OPEN))
                stop.wait(retry_delays[min(attempt, len(retry_delays) - 1)])
                attempt += 1
    finally:
        camera.close()
