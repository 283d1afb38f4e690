"""Where the file dialogs open: the first removable drive (the USB stick a jemput bola team
carries), else the user's home; never the program's working directory (the review found the
source tree offered for a CSV import).

Linux desktops mount sticks under /media/$USER/NAME (Debian, Ubuntu) or /run/media/$USER/NAME
(Fedora, openSUSE); Windows gives them a drive letter that the system reports as removable.
"""

from __future__ import annotations

import getpass
import string
import sys
from collections.abc import Sequence
from pathlib import Path

MEDIA_ROOTS = (Path("/media"), Path("/run/media"))
DRIVE_REMOVABLE = 2
"""GetDriveTypeW's answer for a USB stick or a card reader."""


def removable_drives(user: str | None = None, roots: Sequence[Path] | None = None) -> list[Path]:
    """The mounted removable drives, in the order a user would look (sorted by name)."""
    if sys.platform == "win32":
        return _windows_removable()
    user = user or getpass.getuser()
    found: list[Path] = []
    for root in MEDIA_ROOTS if roots is None else roots:
        try:
            found.extend(sorted(p for p in (root / user).iterdir() if p.is_dir()))
        except OSError:
            continue  # no such folder: nothing mounted there
    return found


def _windows_removable() -> list[Path]:
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    mask = kernel.GetLogicalDrives()
    drives = []
    for index, letter in enumerate(string.ascii_uppercase):
        root = f"{letter}:\\"
        if mask >> index & 1 and kernel.GetDriveTypeW(root) == DRIVE_REMOVABLE:
            drives.append(Path(root))
    return drives


def start_folder(user: str | None = None, roots: Sequence[Path] | None = None) -> str:
    """The folder a file dialog opens in: the first removable drive, else the home folder."""
    drives = removable_drives(user, roots)
    return str(drives[0] if drives else Path.home())
