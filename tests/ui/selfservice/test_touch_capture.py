"""The documents step in a citizen's hands: a photo that fails its checks is retaken or
brought to the staff at the counter, never accepted with a reason (a staff decision, and the
supervisor's approval dialog has no on-screen keys); no keyboard hints, no file import."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QWidget
from pytestqt.qtbot import QtBot

from resources.demo import media
from tests.ui.selfservice.test_touch_flow import kiosk, touch
from tests.ui.selfservice.touch_apply import (
    CITIZEN,
    KELURAHAN,
    SLOW,
    panel_of,
    touch_to_applicant,
    type_field,
    wait_step,
)
from ui.context import AppContext
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui

KEY_HINTS = ("(Spasi)", "(Enter)", "(Esc)", "(F6)", "(F7)", "(F8)", "(F9)", "&")


@pytest.fixture
def touch_kiosk(context: AppContext, fake_devices: object) -> AppContext:
    context.devices = fake_devices
    return context


def to_documents(qtbot: QtBot, touch_kiosk: AppContext) -> WizardScreen:
    window = kiosk(qtbot, touch_kiosk)
    wizard = touch_to_applicant(qtbot, window, lambda _screen, _where: None)
    panel = panel_of(wizard)
    for name, text in CITIZEN.items():
        type_field(qtbot, wizard, name, text)
    picker = wizard.applicant_page.editors["kode_wilayah"]
    touch(qtbot, picker)
    qtbot.waitUntil(lambda: panel.combo is picker)
    [option] = [b for b in panel.option_buttons if KELURAHAN in b.text()]
    touch(qtbot, option)
    touch(qtbot, wizard.footer.next_button)
    wait_step(qtbot, wizard, Step.DOCUMENTS)
    return wizard


def test_a_failed_photo_offers_a_retake_and_the_staff_not_an_override(
    qtbot: QtBot, touch_kiosk: AppContext, tmp_path: Path
) -> None:
    wizard = to_documents(qtbot, touch_kiosk)
    station = wizard.documents_page.station
    qtbot.waitUntil(lambda: station.camera.can_capture, timeout=SLOW)
    texts = [b.text() for b in station.findChildren(QAbstractButton) if b.isVisibleTo(station)]
    assert [t for t in texts if any(h in t for h in KEY_HINTS)] == []
    assert not station.import_button.isVisibleTo(station)
    # A blurred KK, as the camera may deliver it (the import is the tests' way to get one).
    blurry = tmp_path / "kk.jpg"
    cv2.imwrite(str(blurry), media.document_photo(7, "kk", defect="blurry").image)
    station.open_path = lambda _parent: blurry
    station.import_file()
    assert wizard.model is not None
    checklist = wizard.model.checklist
    assert checklist is not None
    qtbot.waitUntil(lambda: checklist.status("kk") == "check", timeout=SLOW)
    result = station.result
    qtbot.waitUntil(result.issues.isVisible)
    assert not result.reason.isVisible()
    assert not result.accept_button.isVisible()
    assert result.help.isVisible()
    assert "petugas di loket" in result.help.text()
    assert station.retake_button.text() == "Foto ulang"
    touch(qtbot, station.retake_button)
    qtbot.waitUntil(lambda: station.camera.isVisible())


def wholly_shown(widget: QWidget) -> bool:
    """The widget lies inside its window and inside every scroll area's viewport above it."""
    rect = QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent.parentWidget(), QAbstractScrollArea):
            view = QRect(parent.mapTo(widget.window(), QPoint(0, 0)), parent.size())
            if not view.contains(rect):
                return False
        parent = parent.parentWidget()
    return widget.window().rect().contains(rect)


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)], ids=["1366x768", "1024x768"])
def test_the_shutter_is_in_view_beside_the_preview(
    qtbot: QtBot, touch_kiosk: AppContext, size: tuple[int, int]
) -> None:
    """Seen at a real screen: the camera preview filled the step and the capture buttons lay
    below the fold; the citizen saw a black box and no button."""
    wizard = to_documents(qtbot, touch_kiosk)
    wizard.window().resize(*size)
    station = wizard.documents_page.station
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(50)
    assert station.shutter_button.isVisible()
    assert wholly_shown(station.shutter_button)
    assert station.camera.height() >= 150  # the preview is still there to aim with
