"""QR and barcode reading with pyzbar (the system's libzbar).

Reads the QR on the kiosk's own receipts (the application number, for status checks) and
any code on a captured document (the QR signature on an electronic KK).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import cv2
import numpy as np

from devices.errors import DeviceError, DeviceUnavailable
from devices.image_files import load_pages

if TYPE_CHECKING:
    from devices.camera import Camera

log = logging.getLogger("kiosk.devices")


@dataclass(frozen=True)
class Barcode:
    """One decoded code.

    Attributes:
        type: symbology as zbar names it ("QRCODE", "CODE128", "EAN13", ...).
        data: decoded text (UTF-8, undecodable bytes replaced).
        polygon: outline points in the input image's pixels.
        page: page index for multi-page input (PDF), else 0.
    """

    type: str
    data: str
    polygon: tuple[tuple[int, int], ...]
    page: int = 0

    def to_json(self) -> dict[str, object]:
        """The CLI's shape: type, data, and where it was."""
        return {
            "type": self.type,
            "data": self.data,
            "page": self.page,
            "polygon": [list(p) for p in self.polygon],
        }


class BarcodeReader(Protocol):
    """Anything that finds codes in an image."""

    def read(self, image: np.ndarray) -> list[Barcode]:
        """Every code found in a BGR or grey image."""
        ...


class PyzbarReader:
    """The real reader: zbar, with a second, sharpened and upscaled pass for small codes."""

    def __init__(self) -> None:
        try:
            from pyzbar import pyzbar
        except (ImportError, OSError) as exc:  # OSError: libzbar0 missing
            raise DeviceUnavailable("zbar library (libzbar0) is not installed") from exc
        self._pyzbar = pyzbar

    def _decode(self, gray: np.ndarray, scale: float) -> list[Barcode]:
        found = []
        for symbol in self._pyzbar.decode(gray):
            points = tuple((int(p.x / scale), int(p.y / scale)) for p in symbol.polygon)
            text = symbol.data.decode("utf-8", errors="replace")
            found.append(Barcode(symbol.type, text, points))
        return found

    def read(self, image: np.ndarray) -> list[Barcode]:
        """Codes in the image; tries the image as is, then a 2x upscaled, Otsu-binarised copy."""
        gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        found = self._decode(gray, 1.0)
        if found:
            return found
        if max(gray.shape) < 2500:
            bigger = cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
            _, binary = cv2.threshold(bigger, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
            found = self._decode(binary, 2.0)
        return found


class FakeBarcodeReader:
    """Returns preset codes: for screens' tests and the demo profile."""

    def __init__(self, codes: list[Barcode] | None = None) -> None:
        self.codes = list(codes or [])
        self.calls = 0

    def read(self, image: np.ndarray) -> list[Barcode]:
        """The preset codes, whatever the image."""
        self.calls += 1
        return list(self.codes)


def read_codes_from_file(
    path: Path, reader: BarcodeReader | None = None, dpi: int = 150
) -> list[Barcode]:
    """Every code in an image file or in every page of a PDF (rendered at `dpi`)."""
    reader = reader or PyzbarReader()
    codes: list[Barcode] = []
    for index, page in enumerate(load_pages(path, dpi)):
        codes += [Barcode(c.type, c.data, c.polygon, index) for c in reader.read(page)]
    return codes


def watch_for_code(
    camera: Camera,
    reader: BarcodeReader,
    accept: Callable[[str], bool],
    stop: threading.Event,
    timeout_s: float = 30.0,
    clock: Callable[[], float] = time.monotonic,
) -> str | None:
    """Reads frames until one holds a code `accept` takes (a receipt held to the kiosk camera);
    None when `stop` is set, the time is up, or the camera is gone.

    Blocking: run it in a worker. Codes `accept` refuses (a KTP's, a shop's) are passed over,
    so a citizen who shows the wrong paper first can still show the right one.
    """
    deadline = clock() + timeout_s
    try:
        camera.open()
        while not stop.is_set() and clock() < deadline:
            for code in reader.read(camera.read()):
                if accept(code.data):
                    return code.data
    except DeviceError as exc:
        log.info("no code read, camera gone: %s", exc.detail)
    finally:
        camera.close()
    return None
