"""The Windows scanner backend (WIA 2.0 through COM), behind the same Scanner Protocol.

Importable everywhere so the kiosk's device list is one code path; on any other system, or
without pywin32, it reports "not available" instead of failing at import.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from devices.errors import DeviceUnavailable, PaperJam, ScanCancelled
from devices.image_files import load_image
from devices.scanner import ScannerInfo, ScanSettings

WIA_FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"
# HRESULTs of WIA: paper jam, user cancelled.
_WIA_ERROR_PAPER_JAM = -2145320958
_WIA_CANCELLED = 1


def _device_manager() -> Any:
    if not sys.platform.startswith("win"):
        raise DeviceUnavailable("WIA is only on Windows")
    try:
        import win32com.client
    except ImportError as exc:
        raise DeviceUnavailable("pywin32 is not installed") from exc
    return win32com.client.Dispatch("WIA.DeviceManager")


def wia_available() -> bool:
    """True when WIA can be asked for devices here."""
    try:
        _device_manager()
    except DeviceUnavailable:
        return False
    return True


def list_wia_scanners() -> list[ScannerInfo]:
    """WIA scanners (device type 1); empty where WIA does not exist."""
    try:
        manager = _device_manager()
    except DeviceUnavailable:
        return []
    found = []
    for info in manager.DeviceInfos:
        if info.Type == 1:
            name = info.Properties("Name").Value
            found.append(ScannerInfo("wia", str(info.DeviceID), str(name)))
    return found


class WiaScanner:
    """One WIA scanner, by device id."""

    def __init__(self, device_id: str) -> None:
        self.device_id = device_id

    @property
    def name(self) -> str:
        """The WIA device id."""
        return self.device_id

    def scan(self, settings: ScanSettings | None = None) -> np.ndarray:
        """One page through WIA's first item, saved as PNG and read back."""
        settings = settings or ScanSettings()
        manager = _device_manager()
        try:
            device = next(i for i in manager.DeviceInfos if i.DeviceID == self.device_id).Connect()
            item = device.Items[1]
            for prop, value in (("6147", settings.dpi), ("6148", settings.dpi)):
                item.Properties(prop).Value = value  # horizontal / vertical resolution
            result = item.Transfer(WIA_FORMAT_PNG)
        except StopIteration as exc:
            raise DeviceUnavailable(f"{self.device_id} not found") from exc
        except Exception as exc:  # noqa: BLE001 - COM errors carry only an HRESULT
            code = getattr(exc, "hresult", None)
            if code == _WIA_ERROR_PAPER_JAM:
                raise PaperJam(str(exc)) from exc
            if code == _WIA_CANCELLED:
                raise ScanCancelled(str(exc)) from exc
            raise DeviceUnavailable(str(exc)) from exc
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "scan.png"
            result.SaveFile(str(path))
            return load_image(path)
