"""The SANE scanner backend (Linux), via python-sane.

SANE reads its configuration once, at sane.init(), per process; this module initialises it
lazily and once. Tests and the demo point SANE_CONFIG_DIR at a folder whose dll.conf names
only the built-in `test` backend, a real SANE driver that needs no hardware.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np

from devices.errors import (
    DeviceBusy,
    DeviceDisconnected,
    DeviceError,
    DeviceUnavailable,
    NoPaper,
    PaperJam,
    ScanCancelled,
)
from devices.scanner import ScannerInfo, ScanSettings

log = logging.getLogger("kiosk.devices")
_init_lock = threading.Lock()
_initialised = False

# SANE status texts (sane_strstatus) -> the kiosk's typed errors.
_STATUS_ERRORS: dict[str, type[DeviceError]] = {
    "Document feeder jammed": PaperJam,
    "Operation was canceled": ScanCancelled,
    "Operation was cancelled": ScanCancelled,
    "Document feeder out of documents": NoPaper,
    "Scanner cover is open": NoPaper,
    "Device busy": DeviceBusy,
    "Error during device I/O": DeviceDisconnected,
    "Invalid argument": DeviceUnavailable,
    "Access to resource has been denied": DeviceUnavailable,
}


def _sane() -> Any:
    """The initialised python-sane module.

    Raises:
        DeviceUnavailable: python-sane or libsane is missing.
    """
    global _initialised
    try:
        import sane
    except ImportError as exc:
        raise DeviceUnavailable("SANE (python-sane) is not installed") from exc
    with _init_lock:
        if not _initialised:
            sane.init()
            _initialised = True
    return sane


def translate_error(exc: Exception) -> DeviceError:
    """The typed error for a python-sane exception, by its SANE status text."""
    text = str(exc)
    return _STATUS_ERRORS.get(text, DeviceError)(text)


def list_sane_scanners() -> list[ScannerInfo]:
    """Scanners SANE can see (network scanners included, which can take a few seconds)."""
    try:
        sane = _sane()
        devices = sane.get_devices()
    except DeviceUnavailable:
        return []
    return [
        ScannerInfo("sane", name, f"{vendor} {model}".strip()) for name, vendor, model, _ in devices
    ]


class SaneScanner:
    """One SANE device, opened per scan so an unplugged scanner never leaves a stale handle."""

    def __init__(self, device: str, options: dict[str, Any] | None = None) -> None:
        self.device = device
        self.options = dict(options or {})

    @property
    def name(self) -> str:
        """The SANE device name."""
        return self.device

    def scan(self, settings: ScanSettings | None = None) -> np.ndarray:
        """Scans one page at the settings' resolution, as BGR."""
        settings = settings or ScanSettings()
        sane = _sane()
        try:
            handle = sane.open(self.device)
        except Exception as exc:  # noqa: BLE001 - python-sane raises _sane.error only
            raise DeviceUnavailable(f"{self.device}: {exc}") from exc
        try:
            for option, value in (
                ("mode", "Color" if settings.colour else "Gray"),
                ("resolution", settings.dpi),
                *self.options.items(),
            ):
                if option in handle.opt:
                    setattr(handle, option, value)
            image = handle.scan()
        except Exception as exc:  # noqa: BLE001 - python-sane raises _sane.error only
            raise translate_error(exc) from exc
        finally:
            handle.close()
        rgb = np.asarray(image.convert("RGB"))
        log.info("scanned %dx%d from %s", rgb.shape[1], rgb.shape[0], self.device)
        return np.ascontiguousarray(rgb[:, :, ::-1])
