"""Scanners: SANE's built-in `test` driver (each call in a child process of its own, watched:
a hung one is killed), the Windows backend's clean refusal, the watched folder and the fake."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from devices import sane_scanner
from devices.errors import (
    DeviceBusy,
    DeviceDisconnected,
    DeviceError,
    ImageUnreadable,
    NoPaper,
    PaperJam,
    ScanCancelled,
    ScannerNotResponding,
)
from devices.sane_scanner import SaneScanner, list_sane_scanners, translate_error
from devices.scanner import FakeScanner, FolderScanner, ScanSettings
from devices.wia_scanner import WiaScanner, list_wia_scanners, wia_available

# A scan's own bound is generous (a kiosk's scanner may be slow); the test driver answers
# within a second, and a test that hangs fails after this long instead of after minutes.
TEST_SCAN_TIMEOUT_S = 30.0


def hanging_scan(device: str, options: dict[str, Any], settings: ScanSettings) -> np.ndarray:
    """Runs in the child in place of the SANE scan: a driver that never hands over its page.
    (The `test` driver cannot hang: its read delay slows each buffer, a 50 dpi page by 0.4 s.)
    """
    Path(options["pid_file"]).write_text(str(os.getpid()))
    time.sleep(3600)
    return np.zeros((1, 1, 3), np.uint8)


def test_sane_test_device_scans_a_colour_page(
    sane_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANE_CONFIG_DIR", str(sane_config))  # read afresh by each child
    assert "test:0" in [s.device for s in list_sane_scanners(TEST_SCAN_TIMEOUT_S)]
    scanner = SaneScanner("test:0", {"test_picture": "Color pattern"}, TEST_SCAN_TIMEOUT_S)
    image = scanner.scan(ScanSettings(dpi=50))
    height, width, channels = image.shape
    assert channels == 3
    assert width > 100
    assert height > 100
    assert len({tuple(p) for p in image.reshape(-1, 3)[::97]}) > 4  # a pattern, not blank


@pytest.mark.parametrize(
    ("status", "error"),
    [
        ("SANE_STATUS_JAMMED", PaperJam),
        ("SANE_STATUS_CANCELLED", ScanCancelled),
        ("SANE_STATUS_NO_DOCS", NoPaper),
        ("SANE_STATUS_DEVICE_BUSY", DeviceBusy),
        ("SANE_STATUS_IO_ERROR", DeviceDisconnected),
    ],
)
def test_sane_errors_become_typed_errors(
    sane_config: Path, monkeypatch: pytest.MonkeyPatch, status: str, error: type[DeviceError]
) -> None:
    monkeypatch.setenv("SANE_CONFIG_DIR", str(sane_config))
    options = {"enable_test_options": True, "read_return_value": status}
    with pytest.raises(DeviceError) as caught:
        SaneScanner("test:0", options, TEST_SCAN_TIMEOUT_S).scan(ScanSettings(dpi=50))
    assert type(caught.value) is error
    if error is PaperJam:
        assert caught.value.message.startswith("Kertas macet")


def test_a_hung_scan_is_stopped_and_told_to_unplug(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sane_scanner, "_scan_in_child", hanging_scan)
    pid_file = tmp_path / "child.pid"
    scanner = SaneScanner("test:0", {"pid_file": str(pid_file)}, timeout_s=2.0)
    started = time.monotonic()
    with pytest.raises(ScannerNotResponding) as caught:
        scanner.scan(ScanSettings(dpi=50))
    assert 2.0 <= time.monotonic() - started < 15.0
    assert caught.value.message.startswith("Pemindai tidak menjawab")
    assert "cabut dan pasang lagi" in caught.value.message_id
    assert "unplug" in caught.value.message_en
    assert "test:0" in caught.value.detail
    child = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left asleep
        os.kill(child, 0)
    assert multiprocessing.active_children() == []


def crashing_scan(device: str, options: dict[str, Any], settings: ScanSettings) -> np.ndarray:
    """Runs in the child in place of the SANE scan: a driver that takes its process down."""
    os._exit(3)


def test_a_driver_that_crashes_its_process_is_a_device_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sane_scanner, "_scan_in_child", crashing_scan)
    started = time.monotonic()
    with pytest.raises(DeviceError) as caught:
        SaneScanner("test:0", timeout_s=TEST_SCAN_TIMEOUT_S).scan()
    assert time.monotonic() - started < 10.0  # not waited out to the bound
    assert type(caught.value) is DeviceError
    assert "exit code 3" in caught.value.detail


def hanging_listing() -> list[tuple[str, str, str, str]]:
    """Runs in the child in place of SANE's get_devices(): never answers."""
    time.sleep(3600)
    return []


def test_a_hung_device_listing_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A listing whose driver never answers (a stand-in that sleeps, as a network backend
    waiting on a scanner that is gone): stopped at its bound, not waited for."""
    monkeypatch.setattr(sane_scanner, "_devices_in_child", hanging_listing)
    started = time.monotonic()
    with pytest.raises(ScannerNotResponding):
        sane_scanner.list_sane_scanners(timeout_s=1.0)
    assert time.monotonic() - started < 10.0
    assert multiprocessing.active_children() == []


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
