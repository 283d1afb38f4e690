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


def _block(script: str, opening: str, closing: str) -> str:
    """The lines of one Section or Function of the script, from its opening line to its end."""
    lines = script.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(opening))
    end = next(i for i in range(start, len(lines)) if lines[i].strip() == closing)
    return "\n".join(lines[start : end + 1])


def test_uninstall_removes_the_staged_releases_and_keeps_the_data_dir_unless_asked() -> None:
    """The releases folder (kiosk.paths.releases_dir_path: %LOCALAPPDATA%\\kelurahan-kiosk-
    releases, the versions the kiosk downloaded) goes with the app, for every user profile; the
    data dir beside it only in the optional section, unticked, so `/S` never removes it."""
    script = (ROOT / "installer/windows/kiosk.nsi").read_text()
    assert '!define RELEASES_DIR "${APP_ID}-releases"' in script
    app = _block(script, 'Section "un.$(SecAppName)"', "SectionEnd")
    assert "Call un.RemoveStagedReleases" in app
    releases = _block(script, "Function un.RemoveStagedReleases", "FunctionEnd")
    removed = [line.strip() for line in releases.splitlines() if line.strip().startswith("RMDir")]
    assert removed == [
        'RMDir /r "$LOCALAPPDATA\\${RELEASES_DIR}"',  # the user uninstalling
        'RMDir /r "$R3\\AppData\\Local\\${RELEASES_DIR}"',  # every other profile
    ]
    assert "ProfileList" in script
    assert "EnumRegKey $R2 HKLM" in releases
    data = _block(script, 'Section /o "un.$(SecRemoveDataName)"', "SectionEnd")
    assert 'RMDir /r "$LOCALAPPDATA\\${APP_ID}"' in data
    # Nowhere else does the uninstaller touch the data dir.
    everything_else = script.replace(data, "")
    assert '"$LOCALAPPDATA\\${APP_ID}"' not in everything_else
    assert "$LOCALAPPDATA\\${APP_ID}\\" not in everything_else
