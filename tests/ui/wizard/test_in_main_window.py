"""The wizard inside the real main window: F2 opens it, leaving it stops the camera, and the
status bar shows the device set's summary."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.wizard.driver import answer, key, wait_step
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


def test_f2_opens_the_wizard_and_f3_leaves_it_with_the_camera_off(
    qtbot: QtBot, counter: AppContext
) -> None:
    window = MainWindow(counter)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_screen("applications", {})
    key(qtbot, Qt.Key.Key_F2)
    assert window.current == "wizard"
    wizard = window.screens["wizard"]
    assert isinstance(wizard, WizardScreen)
    try:
        answer(qtbot, wizard, 1, 2, 1)
        wait_step(qtbot, wizard, Step.SERVICE)
        assert wizard.model is not None
        wizard.model.step = Step.DOCUMENTS
        wizard.show_step()
        camera = wizard.documents_page.station.camera
        qtbot.waitUntil(lambda: camera.running, timeout=10_000)
        key(qtbot, Qt.Key.Key_F3)
        assert window.current == "applications"
        assert not camera.running  # hidden: the capture thread was asked to stop
        key(qtbot, Qt.Key.Key_F2)  # back: the same application, camera again
        assert wizard.model.step is Step.DOCUMENTS
        qtbot.waitUntil(lambda: camera.running, timeout=10_000)
        assert window.status.devices.text() == counter.devices.summary()
        assert window.status.devices.text().startswith("Kamera: memeriksa…")
    finally:
        wizard.shutdown()
        window.status.timer.stop()
        counter.tasks.wait()
