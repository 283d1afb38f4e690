"""installer/windows/kiosk.nsi compiles (Debian's makensis) around a placeholder payload: the
real payload is the Windows PyInstaller build, made by .github/workflows/windows.yml."""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer" / "windows"))
import make_installer  # noqa: E402

VERSION = version("kelurahan-kiosk")


def placeholder_app_dir(folder: Path, programs: tuple[str, ...] = make_installer.PROGRAMS) -> Path:
    for name in programs:
        (folder / name).write_bytes(b"MZ placeholder for " + name.encode())
    (folder / "_internal").mkdir()
    (folder / "_internal" / "base_library.zip").write_bytes(b"PK placeholder")
    return folder


def test_installer_compiles_with_version_resource_in_both_languages(tmp_path: Path) -> None:
    app_dir = placeholder_app_dir(tmp_path)
    out = make_installer.make_installer(
        app_dir, tmp_path / "out" / f"kelurahan-kiosk-setup-{VERSION}.exe", VERSION
    )
    data = out.read_bytes()
    assert data.startswith(b"MZ")
    for text in (
        f"Pemasang Anjungan Layanan Adminduk {VERSION}",  # FileDescription, Indonesian
        f"Anjungan Layanan Adminduk {VERSION} setup",  # and English
        "ProductVersion",
        VERSION,
    ):
        assert text.encode("utf-16-le") in data, text
    assert b"MZ placeholder for kiosk-app.exe" not in data  # the payload is compressed inside


def test_an_app_dir_without_the_windows_programs_is_refused(tmp_path: Path) -> None:
    app_dir = placeholder_app_dir(tmp_path, programs=("kiosk.exe", "kiosk-server.exe"))
    with pytest.raises(SystemExit, match="no kiosk-app.exe"):
        make_installer.make_installer(app_dir, tmp_path / "kiosk-setup.exe", VERSION)


def test_a_makensis_error_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.nsi"
    broken.write_text(
        (ROOT / "installer/windows/kiosk.nsi").read_text().replace("SectionEnd", "", 1)
    )
    monkeypatch.setattr(make_installer, "SCRIPT", broken)
    with pytest.raises(SystemExit, match="makensis failed"):
        make_installer.make_installer(
            placeholder_app_dir(tmp_path), tmp_path / "kiosk-setup.exe", VERSION
        )


def test_the_shortcuts_start_the_launcher() -> None:
    """The Start-menu entry, the autostart entry and the finish page run kiosk-launch.exe,
    which chooses the version (kiosk/updates/launcher.py), never one version's app directly."""
    script = (ROOT / "installer/windows/kiosk.nsi").read_text()
    starts = [
        line
        for line in script.splitlines()
        if line.lstrip().startswith(("CreateShortCut", "!define MUI_FINISHPAGE_RUN "))
    ]
    assert len(starts) == 3
    for line in starts:
        assert "\\kiosk-launch.exe" in line, line
