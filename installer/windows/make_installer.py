"""Compiles installer/windows/kiosk.nsi around a frozen app dir into a Windows installer.

    python installer/windows/make_installer.py        # dist/kelurahan-kiosk -> dist/...-setup-V.exe
    python installer/windows/make_installer.py --app-dir DIR --out kelurahan-kiosk-setup.exe

Runs wherever `makensis` does (Windows, or Debian's `nsis` package): the build workflow uses
it on Windows after PyInstaller, and the test suite compiles the script on Linux with a small
placeholder payload. The version comes from the installed package's metadata.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from importlib.metadata import version as distribution_version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "installer" / "frozen"))
from build_support import APP_NAME, numeric_version  # noqa: E402 - needs the path above

SCRIPT = HERE / "kiosk.nsi"
PROGRAMS = ("kiosk.exe", "kiosk-app.exe", "kiosk-launch.exe", "kiosk-server.exe")
WINDOWS_MAKENSIS = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"), "NSIS")


def find_makensis() -> str:
    found = shutil.which("makensis") or shutil.which("makensis", path=str(WINDOWS_MAKENSIS))
    if not found:
        raise SystemExit(
            "makensis tidak ditemukan / not found: apt-get install nsis (Debian), "
            "choco install nsis (Windows)"
        )
    return found


def make_installer(app_dir: Path, out: Path, version: str) -> Path:
    missing = [name for name in PROGRAMS if not (app_dir / name).is_file()]
    if missing:
        raise SystemExit(f"{app_dir} is not a frozen Windows app dir: no {', '.join(missing)}")
    numbers = ".".join(str(n) for n in numeric_version(version))
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [
        find_makensis(),
        "-V2",
        "-WX",  # a warning (a missing file, an unused string) fails the build
        "-INPUTCHARSET",
        "UTF8",
        f"-DVERSION={version}",
        f"-DVERSION_NUMERIC={numbers}",
        f"-DAPP_DIR={app_dir.resolve()}",
        f"-DOUTFILE={out.resolve()}",
        str(SCRIPT),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.is_file():
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"makensis failed ({done.returncode})")
    return out


def main(argv: list[str] | None = None) -> int:
    version = distribution_version(APP_NAME)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-dir", type=Path, default=ROOT / "dist" / APP_NAME)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "dist" / f"{APP_NAME}-setup-{version}.exe"
    )
    parser.add_argument("--version", default=version, help="default: the installed package's")
    args = parser.parse_args(argv)
    print(make_installer(args.app_dir, args.out, args.version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
