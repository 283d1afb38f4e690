""" "Kamera belum mengirim gambar; tunggu sebentar." (the shutter pressed before the first
frame) goes away by itself once the camera's frames arrive: it stayed in red over a running
preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.wizard.driver import SLOW, FakeDialogs, close_wizard
from tests.ui.wizard.test_corner_fix import to_documents
from ui.context import AppContext

pytestmark = pytest.mark.gui
WAITING = "Kamera belum mengirim gambar; tunggu sebentar."


def test_the_waiting_message_goes_once_frames_arrive(
    qtbot: QtBot, counter: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = to_documents(qtbot, counter, FakeDialogs(tmp_path / "dialogs"))
    try:
        station = wizard.documents_page.station
        worker = station.camera.worker
        assert worker is not None
        with monkeypatch.context() as patched:
            patched.setattr(worker, "latest_frame", lambda: None)  # as before the first frame
            station.shutter()
        assert WAITING in station.status.text()
        qtbot.waitUntil(lambda: WAITING not in station.status.text(), timeout=SLOW)
        assert station.status.text() == ""
    finally:
        close_wizard(wizard, counter)
