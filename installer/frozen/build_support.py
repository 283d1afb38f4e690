"""What installer/kiosk.spec bundles besides Python modules, kept apart so it can be tested.

Imported by the spec at build time only (the frozen app never imports it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

APP_NAME = "kelurahan-kiosk"
"""The distribution name (pyproject.toml), the app dir's name and the Debian package's."""
PUBLISHER = "Kelurahan Kiosk contributors"
DESCRIPTION = "Anjungan Layanan Adminduk / Adminduk service kiosk"

# Data the app reads at run time, relative to the repository root, and where each lands in
# the app dir (the same place relative to the modules, so the `Path(__file__)` look-ups in
# resources/__init__.py, kiosk/store/db.py and server/db.py find them unchanged).
DATA_PATTERNS = (
    ("resources/catalog", "services.json"),
    ("resources/keys", "trusted_keys.json"),
    ("resources/translations", "*.qm"),
    ("resources/icons/selfservice", "*.svg"),
    ("resources/icons/selfservice", "LICENSE*"),
    ("resources/wilayah", "*.csv"),
    ("resources/wilayah", "*.csv.gz"),
    ("resources/wilayah", "LICENSE*"),
    ("resources/wilayah", "README.md"),
    ("resources/sane", "dll.conf"),
    # The operator guide F1 opens (ui/help.py), read from the installed files: no network.
    ("docs", "operator-guide.md"),
    ("docs/screenshots", "*.png"),
    # Alembic reads migrations as scripts from disk, not as importable modules.
    ("kiosk/store/migrations", "env.py"),
    ("kiosk/store/migrations", "script.py.mako"),
    ("kiosk/store/migrations/versions", "*.py"),
    ("server/migrations", "env.py"),
    ("server/migrations", "script.py.mako"),
    ("server/migrations/versions", "*.py"),
)

# On Linux the app dir holds what Python and its wheels bring (Qt, OpenCV, libpython, ...) and
# nothing from the build machine's own system: shared libraries found in the system's library
# folders come from Debian's packages instead, which installer/linux/shlib_depends.py turns
# into the package's Depends. SANE then loads its scanner backends next to its own system
# library, security updates of OpenSSL or libxcb reach the kiosk through apt, and programs the
# app starts (tesseract) never pick up a bundled copy of a library they also use.
LINUX_SYSTEM_LIBRARY_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")
# Qt plugins a kiosk does not use, each needing system libraries it would otherwise depend on:
# the GTK theme (GTK 3), the platforms that run without a window system, and Qt Multimedia's
# FFmpeg backend with its libav*/libsw* copies (QtTextToSpeech loads Qt Multimedia, but speech
# goes through speech-dispatcher and the camera through OpenCV; that FFmpeg build links a
# libbz2.so.1 that Debian does not provide).
LINUX_UNUSED_QT_PLUGINS = re.compile(
    r"PySide6/Qt/plugins/(platformthemes/libqgtk3|platforms/libq(eglfs|linuxfb|vnc|vkkhrdisplay"
    r"|minimalegl)|egldeviceintegrations/|multimedia/libffmpegmediaplugin)"
)
LINUX_UNUSED_QT_LIBRARIES = re.compile(
    r"(libQt6EglFs(DeviceIntegration|KmsSupport)|lib(avcodec|avformat|avutil|swresample|swscale))"
    r"\.so",
    re.I,
)


def linux_bundles(destination: str, source: str, kind: str) -> bool:
    """Whether a binary PyInstaller found belongs in the Linux app dir (see above).

    Python's own extension modules stay even where a Debian-built Python keeps them under
    /usr/lib: only shared libraries (`BINARY`) are left to the system.
    """
    if kind == "BINARY" and source.startswith(LINUX_SYSTEM_LIBRARY_DIRS):
        return False
    path = destination.replace("\\", "/")
    if LINUX_UNUSED_QT_PLUGINS.search(path):
        return False
    return LINUX_UNUSED_QT_LIBRARIES.match(Path(path).name) is None


def data_files(root: Path) -> list[tuple[str, str]]:
    """(source file, destination folder) pairs for PyInstaller's `datas`."""
    found: list[tuple[str, str]] = []
    for folder, pattern in DATA_PATTERNS:
        matches = sorted((root / folder).glob(pattern))
        if not matches:
            raise FileNotFoundError(f"nothing matches {folder}/{pattern}: the build would lack it")
        found += [(str(path), folder) for path in matches if path.is_file()]
    found.append((str(demo_photo()), "skimage"))
    return found


def demo_photo() -> Path:
    """The public-domain photo behind the demo selfies, from the installed scikit-image."""
    import skimage

    path = Path(skimage.__file__).resolve().parent / "data" / "astronaut.png"
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """`0.2.0rc1` -> (0, 2, 0, 0): Windows version resources hold four numbers."""
    parts = [int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3]]
    while len(parts) < 4:
        parts.append(0)
    return parts[0], parts[1], parts[2], parts[3]


def windows_version_info(version: str, program: str) -> Any:
    """The version resource of one Windows executable (what Explorer's Properties show)."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    numbers = numeric_version(version)
    strings = [
        StringStruct("CompanyName", PUBLISHER),
        StringStruct("FileDescription", f"{DESCRIPTION} ({program})"),
        StringStruct("FileVersion", version),
        StringStruct("InternalName", program),
        StringStruct("OriginalFilename", f"{program}.exe"),
        StringStruct("ProductName", APP_NAME),
        StringStruct("ProductVersion", version),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[
            # 0x0421 Indonesian and 0x0409 US English, both in the Unicode code page.
            StringFileInfo([StringTable("042104B0", strings), StringTable("040904B0", strings)]),
            VarFileInfo([VarStruct("Translation", [0x0421, 1200, 0x0409, 1200])]),
        ],
    )


if __name__ == "__main__":
    sys.stdout.write(f"{APP_NAME} {len(data_files(Path(__file__).resolve().parents[2]))} files\n")
