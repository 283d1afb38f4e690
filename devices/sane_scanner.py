"""The SANE scanner backend (Linux), via python-sane.

Every SANE call runs in a child process the kiosk kills when it does not answer in time
(devices/sane_process.py): a hung driver must not freeze the scan job. SANE reads its
configuration once, at sane.init(), per process; the child initialises it lazily and once.
Tests and the demo point SANE_CONFIG_DIR at a folder whose dll.conf names only the built-in
`test` backend, a real SANE driver that needs no hardware.
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
from devices.sane_process import run_watched
from devices.scanner import ScannerInfo, ScanSettings

log = logging.getLogger("kiosk.devices")
SCAN_TIMEOUT_S = 60.0
"""A scan that has not delivered its page by then is stopped: a slow A4 colour page at 300
dpi takes 10-20 s, a hung driver for ever."""
LIST_TIMEOUT_S = 20.0
"""A device listing waits this long (network scanners answer within a few seconds)."""
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


def _devices_in_child() -> list[tuple[str, str, str, str]]:
    """Runs in the SANE child: what sane.get_devices() sees ([] without python-sane)."""
    try:
        sane = _sane()
    except DeviceUnavailable:
        return []
    return [tuple(device) for device in sane.get_devices()]


def list_sane_scanners(timeout_s: float = LIST_TIMEOUT_S) -> list[ScannerInfo]:
    """Scanners SANE can see (network scanners included, which can take a few seconds).

    Raises:
        ScannerNotResponding: the listing took longer than `timeout_s` (a hung driver).
    """
    devices = run_watched(_devices_in_child, (), timeout_s, "SANE device list")
    return [
        ScannerInfo("sane", name, f"{vendor} {model}".strip()) for name, vendor, model, _ in devices
    ]


def _scan_in_child(device: str, options: dict[str, Any], settings: ScanSettings) -> np.ndarray:
    """Runs in the SANE child: one page from the device, as BGR."""
    sane = _sane()
    try:
        handle = sane.open(device)
    except Exception as exc:  # noqa: BLE001 - python-sane raises _sane.error only
        raise DeviceUnavailable(f"{device}: {exc}") from exc
    try:
        for option, value in (
            ("mode", "Color" if settings.colour else "Gray"),
            ("resolution", settings.dpi),
            *options.items(),
        ):
            if option in handle.opt:
                setattr(handle, option, value)
        image = handle.scan()
    except Exception as exc:  # noqa: BLE001 - python-sane raises _sane.error only
        raise translate_error(exc) from exc
    finally:
        handle.close()
    rgb = np.asarray(image.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


class SaneScanner:
    """One SANE device, opened per scan so an unplugged scanner never leaves a stale handle.

    Each scan runs in a child process (devices/sane_process.py) stopped after `timeout_s`.
    """

    def __init__(
        self,
        device: str,
        options: dict[str, Any] | None = None,
        timeout_s: float = SCAN_TIMEOUT_S,
    ) -> None:
        self.device = device
        self.options = dict(options or {})
        self.timeout_s = timeout_s

    @property
    def name(self) -> str:
        """The SANE device name."""
        return self.device

    def scan(self, settings: ScanSettings | None = None) -> np.ndarray:
        """Scans one page at the settings' resolution, as BGR.

        Raises:
            ScannerNotResponding: no page within `timeout_s`; the scan was stopped.
        """
        args = (self.device, self.options, settings or ScanSettings())
        image = run_watched(_scan_in_child, args, self.timeout_s, self.device)
        log.info("scanned %dx%d from %s", image.shape[1], image.shape[0], self.device)
        return image
