"""The receipt page through Qt's print path (80 mm roll), device errors at the capture station,
and the device set the shell builds for the status bar."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from devices.barcodes import read_codes_from_file
from devices.errors import PaperJam
from devices.scanner import FakeScanner, FolderScanner
from kiosk.settings import Settings
from tests.helpers.applications import ktp_el_hilang
from tests.ui.wizard.driver import FakeDialogs, answer, key, wait_step
from ui.context import AppContext
from ui.devices_setup import DeviceSet, build_devices
from ui.screens.wizard.screen import WizardScreen
from ui.tasks import TaskRunner
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


def test_the_roll_receipt_prints_through_qt_and_each_print_is_audited(
    qtbot: QtBot, counter: AppContext, wizard: WizardScreen, dialogs: FakeDialogs
) -> None:
    submitted = counter.store.submission.submit(ktp_el_hilang(1, operator="petugas1"))
    page = wizard.receipt_page
    wizard.stack.setCurrentWidget(page)
    page.show_receipt(submitted.number, 1, "KTP-el hilang")
    qtbot.waitUntil(page.ready, timeout=20_000)
    page.print_button.setFocus()
    key(qtbot, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)  # "Struk &80 mm"
    qtbot.waitUntil(lambda: page.layout_choice == "80mm")  # a mnemonic clicks after ~100 ms
    qtbot.waitUntil(page.ready, timeout=20_000)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_action == "print", timeout=10_000)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_action == "reprint", timeout=10_000)
    document = pypdfium2.PdfDocument(dialogs.printed[0])
    try:
        width_mm = document[0].get_size()[0] / 72 * 25.4
    finally:
        document.close()
    assert width_mm == pytest.approx(80, abs=0.5)
    codes = read_codes_from_file(dialogs.printed[0], dpi=150)
    assert [c.data for c in codes] == [submitted.number]  # the rasterised print still scans
    prints = [e for e in counter.store.audit.entries() if e["action"] in ("print", "reprint")]
    assert [(e["action"], e["detail"].split(" -> ")[0]) for e in reversed(prints)] == [
        ("print", "v1 80mm"),
        ("reprint", "v1 80mm"),
    ]


def test_a_scanner_fault_is_explained_and_nothing_is_captured(
    qtbot: QtBot, counter: AppContext, wizard: WizardScreen
) -> None:
    counter.devices.scanner = FakeScanner([], error=PaperJam("feeder"))
    answer(qtbot, wizard, 1, 2, 1)
    wait_step(qtbot, wizard, Step.SERVICE)
    assert wizard.model is not None
    wizard.model.step = Step.DOCUMENTS  # straight to the capture station for this check
    wizard.show_step()
    station = wizard.documents_page.station
    key(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "Kertas macet" in station.status.text(), timeout=10_000)
    assert wizard.model.checklist is not None
    assert wizard.model.checklist.files == {}


def test_the_demo_device_set_reports_its_state_in_indonesian(qtbot: QtBot, tmp_path: Path) -> None:
    tasks = TaskRunner()
    devices = build_devices(Settings(), tmp_path, demo=True, tasks=tasks)
    assert devices.summary() == "Kamera: memeriksa… · Pemindai: memeriksa… · Printer: memeriksa…"
    qtbot.waitUntil(lambda: devices.states["camera"] == "demo", timeout=10_000)
    assert devices.summary().startswith("Kamera: demo · Pemindai: demo · Printer: ")
    frame = devices.scanner.scan()  # pages are generated on first use, off the main thread
    assert frame.ndim == 3
    tasks.wait()


def test_the_counter_profile_gets_the_real_backends(qtbot: QtBot, tmp_path: Path) -> None:
    devices = build_devices(Settings(), tmp_path, demo=False)
    assert isinstance(devices, DeviceSet)
    assert type(devices.camera).__name__ == "OpenCvCamera"
    assert isinstance(devices.scanner, FolderScanner)  # until SANE answers the probe
    assert devices.import_folder == tmp_path / "impor"
    assert devices.import_folder.is_dir()
