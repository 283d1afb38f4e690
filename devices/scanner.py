"""Document scanners behind one Protocol: SANE, WIA, a watched folder, and a fake.

Counters have flatbed or feeder scanners (SANE on Linux, WIA on Windows); field teams and
citizens bring photos on phones, which arrive in a shared folder. The capture screen does not
care which: it asks a Scanner for an image and shows the typed error if there is none.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from devices.errors import DeviceError, ImageUnreadable, NoPaper
from devices.image_files import load_pages

log = logging.getLogger("kiosk.devices")

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".pdf"}


@dataclass(frozen=True)
class ScanSettings:
    """What to ask the scanner for.

    Attributes:
        dpi: 200 keeps a KK's small print legible at a modest size.
        colour: colour scans show a verifier an original, not a photocopy.
    """

    dpi: int = 200
    colour: bool = True


@dataclass(frozen=True)
class ScannerInfo:
    """A scanner found on this machine.

    Attributes:
        backend: "sane", "wia", "folder" or "fake".
        device: the backend's device name (e.g. "test:0", a folder path).
        name: label for the settings screen.
    """

    backend: str
    device: str
    name: str


class Scanner(Protocol):
    """What the capture screen needs from a scanner."""

    @property
    def name(self) -> str:
        """Label for messages."""
        ...

    def scan(self, settings: ScanSettings | None = None) -> np.ndarray:
        """One page as a BGR image.

        Raises:
            DeviceUnavailable, DeviceDisconnected, DeviceBusy, PaperJam, NoPaper,
            ScanCancelled: each shown to the user with its own message.
        """
        ...


class FakeScanner:
    """Returns preset pages in turn, or raises a preset error (tests, demo profile)."""

    def __init__(self, pages: Sequence[np.ndarray], error: DeviceError | None = None) -> None:
        self.pages = list(pages)
        self.error = error
        self.scans = 0

    @property
    def name(self) -> str:
        """Always "Pemindai demo"."""
        return "Pemindai demo"

    def scan(self, settings: ScanSettings | None = None) -> np.ndarray:
        """The next preset page (cycling), or the preset error."""
        if self.error is not None:
            raise self.error
        if not self.pages:
            raise NoPaper("no demo pages")
        page = self.pages[self.scans % len(self.pages)]
        self.scans += 1
        return page


class FolderScanner:
    """ "Import from folder": each scan takes the oldest new image or PDF in a folder.

    Phones (via a shared folder or USB) and network scanners that save to a folder drop
    files here. Files are never deleted or moved (the folder may be someone else's); the
    ones already taken are remembered by name, size and time for the session.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._taken: set[tuple[str, int, float]] = set()

    @property
    def name(self) -> str:
        """ "Folder <name>"."""
        return f"Folder {self.folder.name}"

    def _key(self, path: Path) -> tuple[str, int, float]:
        stat = path.stat()
        return (path.name, stat.st_size, stat.st_mtime)

    def pending(self) -> list[Path]:
        """New files not taken yet, oldest first."""
        if not self.folder.is_dir():
            return []
        files = [
            p
            for p in self.folder.iterdir()
            if p.is_file()
            and p.suffix.lower() in IMAGE_SUFFIXES
            and self._key(p) not in self._taken
        ]
        return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))

    def scan(self, settings: ScanSettings | None = None) -> np.ndarray:
        """The first page of the oldest new file.

        Raises:
            NoPaper: nothing new in the folder.
            ImageUnreadable: the next file is damaged (it is skipped from then on).
        """
        files = self.pending()
        if not files:
            raise NoPaper(f"no new file in {self.folder.name}")
        path = files[0]
        self._taken.add(self._key(path))
        try:
            return load_pages(path, dpi=(settings or ScanSettings()).dpi)[0]
        except ImageUnreadable:
            log.info("skipping unreadable file in the import folder")
            raise
