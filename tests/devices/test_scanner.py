"""Scanners: SANE's built-in `test` driver (in a subprocess, as SANE reads its config once per
process), the Windows backend's clean refusal, the watched folder and the fake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from devices.errors import ImageUnreadable, NoPaper, PaperJam
from devices.sane_scanner import translate_error
from devices.scanner import FakeScanner, FolderScanner, ScanSettings
from devices.wia_scanner import WiaScanner, list_wia_scanners, wia_available

ROOT = Path(__file__).resolve().parents[2]

SANE_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from devices.sane_scanner import SaneScanner, list_sane_scanners
    from devices.scanner import ScanSettings
    from devices.errors import DeviceError
    out = {"devices": [s.device for s in list_sane_scanners()]}
    image = SaneScanner("test:0", {"test_picture": "Color pattern"}).scan(ScanSettings(dpi=50))
    out["shape"] = list(image.shape)
    out["colours"] = int(len({tuple(p) for p in image.reshape(-1, 3)[::97]}))
    for status in sys.argv[1:]:
        scanner = SaneScanner("test:0", {"enable_test_options": True, "read_return_value": status})
        try:
            scanner.scan(ScanSettings(dpi=50))
            out[status] = "no error"
        except DeviceError as exc:
            out[status] = [type(exc).__name__, exc.message]
    print(json.dumps(out))
    """
)


def run_sane(config: Path, *statuses: str) -> dict[str, Any]:
    env = {**os.environ, "SANE_CONFIG_DIR": str(config)}
    done = subprocess.run(
        [sys.executable, "-c", SANE_SCRIPT, *statuses],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_sane_test_device_scans_a_colour_page(sane_config: Path) -> None:
    out = run_sane(sane_config)
    assert "test:0" in out["devices"]
    height, width, channels = out["shape"]
    assert channels == 3
    assert width > 100
    assert height > 100
    assert out["colours"] > 4  # the colour pattern, not a blank page


def test_sane_errors_become_typed_errors(sane_config: Path) -> None:
    out = run_sane(
        sane_config, "SANE_STATUS_JAMMED", "SANE_STATUS_CANCELLED", "SANE_STATUS_NO_DOCS",
        "SANE_STATUS_DEVICE_BUSY", "SANE_STATUS_IO_ERROR",
    )  # fmt: skip
    assert out["SANE_STATUS_JAMMED"][0] == "PaperJam"
    assert out["SANE_STATUS_JAMMED"][1].startswith("Kertas macet")
    assert out["SANE_STATUS_CANCELLED"][0] == "ScanCancelled"
    assert out["SANE_STATUS_NO_DOCS"][0] == "NoPaper"
    assert out["SANE_STATUS_DEVICE_BUSY"][0] == "DeviceBusy"
    assert out["SANE_STATUS_IO_ERROR"][0] == "DeviceDisconnected"


def test_unknown_sane_status_is_still_a_device_error() -> None:
    error = translate_error(RuntimeError("Something new"))
    assert type(error).__name__ == "DeviceError"
    assert "Something new" in error.message


@pytest.mark.skipif(sys.platform.startswith("win"), reason="WIA exists on Windows")
def test_wia_reports_not_available_cleanly() -> None:
    assert wia_available() is False
    assert list_wia_scanners() == []
    with pytest.raises(Exception, match="WIA is only on Windows") as caught:
        WiaScanner("any").scan()
    assert type(caught.value).__name__ == "DeviceUnavailable"


def _page(value: int) -> np.ndarray:
    return np.full((40, 60, 3), value, np.uint8)


def test_folder_scanner_takes_new_files_oldest_first(tmp_path: Path) -> None:
    for index, value in enumerate((10, 20)):
        path = tmp_path / f"scan{index}.png"
        cv2.imwrite(str(path), _page(value))
        os.utime(path, (1000 + index, 1000 + index))
    (tmp_path / "notes.txt").write_text("ignored")
    scanner = FolderScanner(tmp_path)
    assert [p.name for p in scanner.pending()] == ["scan0.png", "scan1.png"]
    assert int(scanner.scan()[0, 0, 0]) == 10
    assert int(scanner.scan()[0, 0, 0]) == 20
    with pytest.raises(NoPaper):
        scanner.scan()


def test_folder_scanner_skips_a_damaged_file_after_reporting_it(tmp_path: Path) -> None:
    bad = tmp_path / "a.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0broken")
    os.utime(bad, (1000, 1000))
    cv2.imwrite(str(tmp_path / "b.png"), _page(30))
    scanner = FolderScanner(tmp_path)
    with pytest.raises(ImageUnreadable):
        scanner.scan()
    assert int(scanner.scan()[0, 0, 0]) == 30


def test_folder_scanner_reads_the_first_pdf_page(tmp_path: Path) -> None:
    from resources.demo.receipt import write_receipt_pdf

    write_receipt_pdf(tmp_path / "r.pdf", "261122-A7K3-0001")
    page = FolderScanner(tmp_path).scan(ScanSettings(dpi=72))
    assert page.shape[:2] == pytest.approx((842, 595), abs=2)


def test_fake_scanner_cycles_pages_or_raises_its_error() -> None:
    scanner = FakeScanner([_page(1), _page(2)])
    assert [int(scanner.scan()[0, 0, 0]) for _ in range(3)] == [1, 2, 1]
    with pytest.raises(PaperJam):
        FakeScanner([], error=PaperJam("demo")).scan()
