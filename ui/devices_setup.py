"""The device set screens use (AppContext.devices): camera, selfie camera, scanner, printer.

The demo profile plays generated media through the device layer's fakes (resources/demo);
every other profile gets the real backends: the OpenCV camera, the first SANE (or WIA)
scanner, else the watched import folder. Probing the hardware (opening cameras, asking SANE
and the print system) can take seconds, so it runs in a background task and `summary()`,
which the status bar reads every few seconds, only reports what the probe found.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from devices.camera import Camera, FakeCamera, OpenCvCamera, list_cameras
from devices.checks import check_document
from devices.scanner import FakeScanner, FolderScanner, Scanner, ScanSettings
from kiosk.settings import Settings
from ui.tasks import TaskRunner

log = logging.getLogger("kiosk.ui")
IMPORT_FOLDER = "impor"
DEMO_PREVIEW_FRAMES = 12


class LazyCamera:
    """A camera built on first `open()`, which runs on the capture thread: the demo's media
    are generated there instead of delaying the app's start."""

    def __init__(self, name: str, build: Callable[[], Camera]) -> None:
        self._name, self._build = name, build
        self._camera: Camera | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._name

    def _inner(self) -> Camera:
        with self._lock:
            if self._camera is None:
                self._camera = self._build()
            return self._camera

    def open(self) -> tuple[int, int]:
        return self._inner().open()

    def read(self) -> np.ndarray:
        return self._inner().read()

    def close(self) -> None:
        if self._camera is not None:
            self._camera.close()


class LazyScanner:
    """A scanner whose pages are made on the first scan (a worker thread)."""

    def __init__(self, name: str, build: Callable[[], Scanner]) -> None:
        self._name, self._build = name, build
        self._scanner: Scanner | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._name

    def scan(self, settings: ScanSettings | None = None) -> np.ndarray:
        with self._lock:
            if self._scanner is None:
                self._scanner = self._build()
        return self._scanner.scan(settings)


@dataclass(frozen=True)
class Probe:
    states: dict[str, str]
    scanner: Any = None
    camera_source: int | str | None = None


@dataclass
class DeviceSet:
    camera: Any = None
    """Documents (Camera protocol), or None."""
    selfie_camera: Any = None
    """Faces; the document camera when the kiosk has only one."""
    scanner: Any = None
    """Scanner protocol: SANE/WIA, the import folder, or a fake."""
    import_folder: Path | None = None
    demo: bool = False
    states: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(("camera", "scanner", "printer"), "checking")
    )
    """Per device: checking, demo, ready or absent."""

    def probe(self) -> Probe:
        """Looks for the hardware (blocking: run it in a background task, then `apply`)."""
        if self.demo:
            return Probe({"camera": "demo", "scanner": "demo", "printer": _printer_state()})
        cameras = list_cameras()
        scanner = _real_scanner()
        states = {
            "camera": "ready" if cameras else "absent",
            "scanner": "ready" if scanner is not None else "folder",
            "printer": _printer_state(),
        }
        return Probe(states, scanner, cameras[0].source if cameras else None)

    def apply(self, probe: Probe) -> None:
        """Takes the probe's findings (on the main thread)."""
        self.states.update(probe.states)
        if probe.scanner is not None:
            self.scanner = probe.scanner
        if probe.camera_source is not None and isinstance(self.camera, OpenCvCamera):
            camera = OpenCvCamera(probe.camera_source)
            self.camera = self.selfie_camera = camera

    def camera_for(self, kind: str) -> Any:
        """The camera for a document of this kind (the selfie camera for "selfie"); None
        when there is none, or the probe found none (opening it would only fail, again and
        again)."""
        if self.states.get("camera") == "absent":
            return None
        if kind == "selfie":
            return self.selfie_camera or self.camera
        return self.camera

    def summary(self) -> str:
        """One line for the status bar: "Kamera: siap · Pemindai: demo · Printer: tidak ada"."""
        translate = QCoreApplication.translate
        words = {
            "checking": translate("DeviceSet", "memeriksa…"),
            "demo": translate("DeviceSet", "demo"),
            "ready": translate("DeviceSet", "siap"),
            "absent": translate("DeviceSet", "tidak ada"),
            "folder": translate("DeviceSet", "impor folder"),
        }
        parts = (
            (translate("DeviceSet", "Kamera"), self.states["camera"]),
            (translate("DeviceSet", "Pemindai"), self.states["scanner"]),
            (translate("DeviceSet", "Printer"), self.states["printer"]),
        )
        return " · ".join(f"{name}: {words.get(state, state)}" for name, state in parts)


def _demo_module(name: str) -> Any:
    """resources/demo, loaded by name: demo media belong to demo builds and tests only
    (selfies need scikit-image), never to the product's import graph."""
    return importlib.import_module(f"resources.demo.{name}")


def _printer_state() -> str:
    from PySide6.QtPrintSupport import QPrinterInfo

    return "ready" if QPrinterInfo.availablePrinterNames() else "absent"


def _real_scanner() -> Scanner | None:
    if sys.platform.startswith("win"):
        from devices.wia_scanner import WiaScanner, list_wia_scanners

        found = list_wia_scanners()
        return WiaScanner(found[0].device) if found else None
    from devices.errors import ScannerNotResponding
    from devices.sane_scanner import SaneScanner, list_sane_scanners

    try:
        found = list_sane_scanners()
    except ScannerNotResponding as exc:  # a hung driver: the kiosk uses the watched folder
        log.warning("scanner probe: %s", exc.message_en)
        return None
    return SaneScanner(found[0].device) if found else None


def demo_devices(preview_frames: int = DEMO_PREVIEW_FRAMES) -> DeviceSet:
    """Fakes with generated documents: a card in the camera, KK and letters in the scanner."""

    def camera() -> Camera:
        media = _demo_module("media")
        frames = media.preview_frames(preview_frames)
        steady = [f for f in frames if check_document(f)[0].ok]  # a hand that holds still
        return FakeCamera(steady or frames, fps=15)

    def selfie_camera() -> Camera:
        try:
            selfies = _demo_module("selfies")
            return FakeCamera([selfies.selfie("clean", seed) for seed in range(4)], fps=15)
        except ImportError:  # scikit-image is a development dependency
            return camera()

    def scanner() -> Scanner:
        media = _demo_module("media")
        return FakeScanner([media.document_photo(seed, "kk").image for seed in (2, 5)])

    return DeviceSet(
        camera=LazyCamera("Kamera demo", camera),
        selfie_camera=LazyCamera("Kamera demo", selfie_camera),
        scanner=LazyScanner("Pemindai demo", scanner),
        demo=True,
    )


def build_devices(
    settings: Settings, data_dir: Path, *, demo: bool, tasks: TaskRunner | None = None
) -> DeviceSet:
    """The device set for this profile; with `tasks`, the hardware probe starts in the
    background and the states appear in `summary()` when it is done."""
    if demo:
        devices = demo_devices()
    else:
        folder = data_dir / IMPORT_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        camera = OpenCvCamera(0)
        devices = DeviceSet(
            camera=camera,
            selfie_camera=camera,
            scanner=FolderScanner(folder),
            import_folder=folder,
        )
    log.info("devices for profile %s (%s)", settings.profile.value, "demo" if demo else "real")
    if tasks is not None:
        tasks.run(devices.probe, on_done=devices.apply, on_error=_probe_failed)
    return devices


def _probe_failed(error: Exception) -> None:
    log.warning("device probe failed: %s", type(error).__name__)
