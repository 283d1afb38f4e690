"""No camera on the machine: the documents step says so in the screen's language alone, names
the import folder, and offers no shutter; the camera and quality banners over the picture
follow the language switch (issue 13, point 12)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.camera import CameraStatus, OpenCvCamera, run_capture_loop
from devices.scanner import FakeScanner
from resources.demo import media
from tests.ui.wizard.driver import ktp_el_hilang_to_documents
from tests.ui.wizard.test_full_flow import SITI
from ui.capture.preview_model import PreviewState, analyse_frame
from ui.context import AppContext
from ui.devices_setup import DeviceSet
from ui.screens.wizard.screen import WizardScreen

pytestmark = pytest.mark.gui
INDONESIAN_WORDS = ("Kamera", "tidak", "Pakai", "pemindai", "berkas")


@pytest.fixture
def no_camera(counter: AppContext, tmp_path: Path) -> Path:
    folder = tmp_path / "impor"
    folder.mkdir()
    devices = DeviceSet(
        camera=OpenCvCamera(str(tmp_path / "no-such-camera.mp4")),
        scanner=FakeScanner([media.document_photo(2, "kk").image]),
        import_folder=folder,
    )
    devices.states["camera"] = "absent"  # what the probe finds on a machine without one
    counter.devices = devices
    return folder


def test_missing_camera_in_english_names_the_folder_and_disables_the_shutter(
    qtbot: QtBot, counter: AppContext, no_camera: Path, wizard: WizardScreen
) -> None:
    counter.languages.set_language("en")
    ktp_el_hilang_to_documents(qtbot, wizard, SITI)
    station = wizard.documents_page.station
    message = station.camera.placeholder.text()
    assert "camera" in message.lower()
    assert str(no_camera) in message
    assert [w for w in INDONESIAN_WORDS if w in message] == []
    assert not station.shutter_button.isEnabled()
    assert station.scan_button.isEnabled()
    assert station.import_folder == no_camera
    counter.languages.set_language("id")  # switching back: the message follows
    qtbot.waitUntil(lambda: "Kamera tidak ditemukan" in station.camera.placeholder.text())


def test_camera_banner_follows_the_language(tmp_path: Path) -> None:
    statuses: list[CameraStatus] = []
    stop = threading.Event()

    def on_status(status: CameraStatus) -> None:
        statuses.append(status)
        stop.set()

    camera = OpenCvCamera(str(tmp_path / "gone.mp4"))
    run_capture_loop(camera, lambda _frame: None, on_status, stop, retry_delays=[0.01])
    state = PreviewState(language="en")
    state.on_status(statuses[0])
    assert state.hint == "The camera cannot be opened; check its cable"
    state.language = "id"
    assert state.hint == "Kamera tidak dapat dibuka; periksa kabelnya"


def test_quality_banner_follows_the_language() -> None:
    overlay = analyse_frame(media.document_photo(7, "kk", defect="blurry").image, "document")
    assert not overlay.ok
    state = PreviewState(language="en", camera_state="connected")
    state.on_overlay(overlay)
    english = state.hint
    state.language = "id"
    indonesian = state.hint
    assert english
    assert indonesian
    assert english != indonesian
    assert " / " not in english
    assert " / " not in indonesian
