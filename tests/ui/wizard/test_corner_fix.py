"""In the wizard: a camera photo in which nothing is detected opens the corner editor with four
default corners; placing them by hand and pressing Enter completes the capture, and the
capture records that its corners were set by hand. F9 opens the editor on a good capture."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from devices.camera import FakeCamera
from resources.demo import media
from tests.ui.wizard.driver import (
    SLOW,
    FakeDialogs,
    close_wizard,
    key,
    ktp_el_hilang_to_documents,
    open_wizard,
)
from ui.capture.corner_model import ADJUSTED, MANUAL
from ui.context import AppContext
from ui.screens.wizard.capture_page import CapturePage
from ui.screens.wizard.capture_station import VIEW_CORNERS, VIEW_RESULT
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.checklist import DocumentChecklist

pytestmark = pytest.mark.gui


def to_documents(qtbot: QtBot, counter: AppContext, dialogs: FakeDialogs) -> WizardScreen:
    wizard = open_wizard(qtbot, counter, dialogs)
    ktp_el_hilang_to_documents(qtbot, wizard)
    return wizard


def checklist_of(page: CapturePage) -> DocumentChecklist:
    """The page's checklist, which it has from the documents step on."""
    assert page.model is not None
    assert page.model.checklist is not None
    return page.model.checklist


def test_nothing_detected_is_completed_by_placing_four_corners(
    qtbot: QtBot, counter: AppContext, tmp_path: Path
) -> None:
    desks = [media.desk_without_document(seed) for seed in range(2)]
    counter.devices.camera = FakeCamera(desks, fps=30)
    wizard = to_documents(qtbot, counter, FakeDialogs(tmp_path / "dialogs"))
    try:
        page = wizard.documents_page
        station = page.station
        assert station.item is not None
        code = station.item.code
        qtbot.waitUntil(lambda: station.camera.latest_frame() is not None, timeout=SLOW)
        key(qtbot, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: station.views.currentIndex() == VIEW_CORNERS, timeout=SLOW)
        editor = station.corners
        assert editor.model is not None
        assert not editor.model.detected
        canvas = editor.canvas
        assert canvas.hasFocus()
        # Move every default corner a little outward by hand, then accept with Enter.
        for index, (dx, dy) in enumerate(((-30, -20), (30, -20), (30, 20), (-30, 20))):
            start = canvas.to_screen(editor.model.corners[index]).toPoint()
            qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
            qtbot.mouseMove(canvas, start + QPoint(dx, dy))
            qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, dy))
        checklist = checklist_of(page)
        first = checklist.files.get(code)
        assert first is not None
        assert "no_document" in first.codes
        key(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: checklist.files.get(code) is not first, timeout=SLOW)
        placed = checklist.files[code]
        assert placed.corners_set == MANUAL
        assert "no_document" not in placed.codes
        assert placed.sha256
        assert checklist.status(code) in ("ok", "check")  # captured: no longer missing
        assert checklist.to_dict()[0]["corners"] == MANUAL  # kept in the draft too
    finally:
        close_wizard(wizard, counter)


def test_f9_adjusts_the_corners_of_a_good_capture(
    qtbot: QtBot, counter: AppContext, tmp_path: Path
) -> None:
    wizard = to_documents(qtbot, counter, FakeDialogs(tmp_path / "dialogs"))
    try:
        page = wizard.documents_page
        station = page.station
        assert station.item is not None
        code = station.item.code
        checklist = checklist_of(page)
        qtbot.waitUntil(lambda: station.camera.can_capture, timeout=SLOW)
        key(qtbot, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: code in checklist.files, timeout=SLOW)
        taken = checklist.files[code]
        assert taken.corners_set == "auto"
        if station.item is None or station.item.code != code:
            page.select(code)
        qtbot.waitUntil(lambda: station.views.currentIndex() == VIEW_RESULT, timeout=SLOW)
        key(qtbot, Qt.Key.Key_F9)
        assert station.views.currentIndex() == VIEW_CORNERS
        key(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
        key(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: checklist.files[code] is not taken, timeout=SLOW)
        assert checklist.files[code].corners_set == ADJUSTED
        assert checklist.files[code].data != taken.data
    finally:
        close_wizard(wizard, counter)


def test_auto_capture_takes_a_steady_document_by_itself(
    qtbot: QtBot, counter: AppContext, tmp_path: Path
) -> None:
    """With the kiosk setting on, a good card held still is captured without the shutter."""
    counter.settings = counter.settings.model_copy(update={"auto_capture": True})
    steady = media.document_photo(3, "kk").image
    counter.devices.camera = FakeCamera([steady], fps=30)
    wizard = to_documents(qtbot, counter, FakeDialogs(tmp_path / "dialogs"))
    try:
        page = wizard.documents_page
        station = page.station
        assert station.item is not None
        code = station.item.code
        checklist = checklist_of(page)
        qtbot.waitUntil(lambda: code in checklist.files, timeout=SLOW)  # no key pressed
        assert checklist.files[code].source == "camera"
        assert checklist.files[code].corners_set == "auto"
    finally:
        close_wizard(wizard, counter)


def test_without_the_setting_nothing_is_taken_by_itself(
    qtbot: QtBot, counter: AppContext, tmp_path: Path
) -> None:
    steady = media.document_photo(3, "kk").image
    counter.devices.camera = FakeCamera([steady], fps=30)
    wizard = to_documents(qtbot, counter, FakeDialogs(tmp_path / "dialogs"))
    try:
        station = wizard.documents_page.station
        assert station.item is not None
        code = station.item.code
        qtbot.waitUntil(lambda: station.camera.can_capture, timeout=SLOW)
        qtbot.wait(1500)  # longer than the auto-capture delay
        assert code not in checklist_of(wizard.documents_page).files
    finally:
        close_wizard(wizard, counter)
