"""What the frozen build takes along (installer/frozen/build_support.py), the Depends it
computes (installer/linux/shlib_depends.py) and the demo photo that stands in for scikit-image."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer" / "frozen"))
sys.path.insert(0, str(ROOT / "installer" / "linux"))
import build_support  # noqa: E402
import shlib_depends  # noqa: E402


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_files_bring_catalog_translations_wilayah_and_both_migration_trees() -> None:
    found = build_support.data_files(ROOT)
    pairs = {(Path(os.path.relpath(source, ROOT)).as_posix(), dest) for source, dest in found}
    assert ("resources/catalog/services.json", "resources/catalog") in pairs
    assert ("resources/translations/kiosk_en.qm", "resources/translations") in pairs
    assert ("resources/wilayah/villages.csv.gz", "resources/wilayah") in pairs
    assert ("kiosk/store/migrations/env.py", "kiosk/store/migrations") in pairs
    assert ("server/migrations/script.py.mako", "server/migrations") in pairs
    for tree in ("kiosk/store/migrations/versions", "server/migrations/versions"):
        on_disk = {(p.relative_to(ROOT).as_posix(), tree) for p in (ROOT / tree).glob("*.py")}
        assert on_disk
        assert on_disk <= pairs
    assert not any(source.endswith(".ts") for source, _ in pairs)  # sources stay behind
    pictures = {dest for source, dest in pairs if source.endswith(".png")}
    assert pictures == {"skimage", "docs/screenshots"}  # the demo photo, the guide's pictures


def test_a_pattern_matching_nothing_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_support, "DATA_PATTERNS", (("resources/catalog", "*.yaml"),))
    with pytest.raises(FileNotFoundError, match=r"resources/catalog/\*\.yaml"):
        build_support.data_files(ROOT)


@pytest.mark.parametrize(
    ("destination", "source", "kind", "bundled"),
    [
        ("libxkbcommon.so.0", "/lib/x86_64-linux-gnu/libxkbcommon.so.0", "BINARY", False),
        ("libsane.so.1", "/usr/lib/x86_64-linux-gnu/libsane.so.1", "BINARY", False),
        ("libQt6Core.so.6", "/venv/site-packages/PySide6/Qt/lib/libQt6Core.so.6", "BINARY", True),
        ("libpython3.11.so.1.0", "/opt/python/lib/libpython3.11.so.1.0", "BINARY", True),
        # A Debian-built Python keeps its extension modules under /usr/lib: they stay.
        ("_ssl.cpython-311-x86_64-linux-gnu.so", "/usr/lib/python3.11/lib-dynload/_ssl.so",
         "EXTENSION", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/venv/libqxcb.so", "BINARY", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "/venv/libqoffscreen.so", "BINARY", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", "/venv/libqwayland.so", "BINARY", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/venv/libqgtk3.so", "BINARY", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", "/venv/libqeglfs.so", "BINARY", False),
        ("libQt6EglFSDeviceIntegration.so.6", "/venv/libQt6EglFSDeviceIntegration.so.6",
         "BINARY", False),
    ],
)  # fmt: skip
def test_linux_app_dir_keeps_what_python_brings_and_leaves_the_system_to_debian(
    destination: str, source: str, kind: str, bundled: bool
) -> None:
    assert build_support.linux_bundles(destination, source, kind) is bundled


@pytest.mark.parametrize(
    ("version", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("0.2.0rc1", (0, 2, 0, 0)),
     ("2.10.3.dev4+g1234", (2, 10, 3, 0))],
)  # fmt: skip
def test_windows_version_numbers(version: str, numbers: tuple[int, int, int, int]) -> None:
    assert build_support.numeric_version(version) == numbers


def test_windows_version_resource_names_program_and_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PyInstaller's version-resource classes are plain Python; only their module's imports
    (pefile, win32api) are Windows-only, so they are stood in for here."""
    import PyInstaller.compat

    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    info = build_support.windows_version_info("0.2.0rc1", "kiosk-server")
    raw = info.toRaw()
    for text in ("kiosk-server.exe", "0.2.0rc1", "kelurahan-kiosk", "042104B0", "040904B0"):
        assert text.encode("utf-16-le") in raw
    assert info.ffi.fileVersionMS == (0 << 16) | 2


def test_demo_photo_stand_in_gives_scikit_image_s_pixels() -> None:
    from skimage import data

    shim: Any = load(ROOT / "installer/frozen/demo_photo/skimage/data.py", "frozen_skimage_data")
    shim.PHOTO = build_support.demo_photo()  # in the app dir it sits beside the module
    frozen = shim.astronaut()
    assert frozen.dtype == np.uint8
    assert frozen.flags.c_contiguous
    np.testing.assert_array_equal(frozen, data.astronaut())


def test_frozen_entry_refuses_other_modules(capsys: pytest.CaptureFixture[str]) -> None:
    entry = load(ROOT / "installer/frozen/entry.py", "frozen_entry")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "argv", ["kiosk", "-m", "http.server"])
        assert entry.main() == 2
    assert "-m http.server: bukan bagian aplikasi ini / not part of" in capsys.readouterr().err


def _shared_library(folder: Path, name: str, soname: str, needs: list[str]) -> Path:
    source = folder / f"{name}.c"
    source.write_text(f"int {name.replace('-', '_')}(void) {{ return 1; }}\n")
    target = folder / soname
    links = [f"-l:{lib}" for lib in needs]
    subprocess.run(
        ["cc", "-shared", "-fPIC", "-o", target, source, f"-Wl,-soname,{soname}",
         "-Wl,--no-as-needed", f"-L{folder}", *links],
        check=True, capture_output=True,
    )  # fmt: skip
    source.unlink()
    return target


def test_depends_lists_system_packages_and_not_what_the_app_dir_holds(tmp_path: Path) -> None:
    app = tmp_path / "app"
    (app / "_internal").mkdir(parents=True)
    zbar = shlib_depends.loader_cache()["libzbar.so.0"]
    shutil.copy(zbar, app / "_internal" / "libzbar.so.0")  # bundled: libzbar0 not needed
    _shared_library(app / "_internal", "uses", "libuses.so.1", ["libzbar.so.0", "libz.so.1"])
    packages = shlib_depends.depends(app)
    assert packages[0].startswith("libc6 (>= 2.")
    assert "zlib1g" in packages
    assert "libzbar0" not in packages
    assert packages == sorted(set(packages), key=packages.index)  # no repeats


def test_depends_stops_the_build_when_a_library_is_nowhere(tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    _shared_library(build, "ghost", "libghost-kiosk.so.7", [])
    app = tmp_path / "app"
    app.mkdir()
    _shared_library(build, "haunted", "libhaunted.so.1", ["libghost-kiosk.so.7"])
    shutil.move(build / "libhaunted.so.1", app / "libhaunted.so.1")
    with pytest.raises(shlib_depends.MissingLibrary) as raised:
        shlib_depends.depends(app)
    assert raised.value.missing == {"libghost-kiosk.so.7": ["libhaunted.so.1"]}
