"""The corner editor: a corner dragged with the mouse or nudged with the keyboard moves, and
the flattened preview changes with it; with nothing detected, four default corners are offered
and placing them by hand completes the capture."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from devices.document import DOCUMENT_KINDS
from resources.demo import media
from ui.capture.corner_model import ADJUSTED, AUTO, MANUAL, CornerModel, CornerResult
from ui.screens.wizard.corner_editor import CornerEditor

pytestmark = pytest.mark.gui


@pytest.fixture
def editor(qtbot: QtBot) -> CornerEditor:
    widget = CornerEditor()
    qtbot.addWidget(widget)
    widget.resize(1000, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_mouse_drag_moves_the_corner_and_the_preview(editor: CornerEditor, qtbot: QtBot) -> None:
    photo = media.document_photo(3, "ktp")
    editor.edit(photo.image, DOCUMENT_KINDS["ktp"], photo.corners)
    assert editor.model is not None
    assert editor.last_preview is not None
    before = editor.last_preview.copy()
    canvas = editor.canvas
    start = canvas.to_screen(photo.corners[0]).toPoint()
    end = start + QPoint(40, 25)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    moved = editor.model.corners[0]
    expected = canvas.to_photo(end.toPointF())
    assert np.allclose(moved, expected, atol=1.5)
    assert np.linalg.norm(moved - photo.corners[0]) > 20
    assert np.abs(editor.last_preview.astype(int) - before.astype(int)).mean() > 3
    result = editor.result()
    assert result is not None
    assert result.choice == ADJUSTED


def test_keyboard_tab_arrows_and_enter(editor: CornerEditor, qtbot: QtBot) -> None:
    photo = media.document_photo(4, "ktp")
    editor.edit(photo.image, DOCUMENT_KINDS["ktp"], photo.corners)
    assert editor.model is not None
    assert editor.last_preview is not None
    before = editor.last_preview.copy()
    canvas = editor.canvas
    assert editor.model.selected == 0
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    assert editor.model.selected == 2  # Tab picks corners, it does not leave the editor
    assert canvas.hasFocus()
    start = editor.model.corners[2].copy()
    for _ in range(3):
        qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    scale, _, _ = canvas._frame()
    assert editor.model.corners[2] == pytest.approx(start + np.array([30, -1]) / scale)
    assert np.abs(editor.last_preview.astype(int) - before.astype(int)).mean() > 1
    with qtbot.waitSignal(editor.accepted) as accepted:
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    result = accepted.args[0]
    assert isinstance(result, CornerResult)
    assert result.choice == ADJUSTED
    assert result.corners[2] == pytest.approx(editor.model.corners[2])


def test_untouched_corners_are_auto_and_nothing_found_is_manual() -> None:
    photo = media.document_photo(5, "kk")
    assert CornerModel(photo.image, DOCUMENT_KINDS["kk"], photo.corners).choice == AUTO
    empty = media.desk_without_document(5)
    model = CornerModel(empty, DOCUMENT_KINDS["kk"], None)
    assert model.choice == MANUAL
    assert model.valid
    width = np.linalg.norm(model.corners[1] - model.corners[0])
    height = np.linalg.norm(model.corners[3] - model.corners[0])
    assert width / height == pytest.approx(DOCUMENT_KINDS["kk"].aspect, rel=0.01)


def test_nothing_detected_is_finished_by_placing_four_corners(
    editor: CornerEditor, qtbot: QtBot
) -> None:
    """A photo the detector finds nothing in: default corners, dragged onto the card."""
    photo = media.document_photo(6, "ktp")
    editor.edit(photo.image, DOCUMENT_KINDS["ktp"], None)
    assert editor.model is not None
    assert not editor.model.detected
    canvas = editor.canvas
    for index in range(4):
        start = canvas.to_screen(editor.model.corners[index]).toPoint()
        end = canvas.to_screen(photo.corners[index]).toPoint()
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(canvas, end)
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    result = editor.result()
    assert result is not None
    assert result.choice == MANUAL
    scale, _, _ = canvas._frame()
    assert np.abs(result.corners - photo.corners).max() <= 1.5 / scale
    # The flattened card from hand-placed corners is the same as from the true corners.
    from devices.document import flatten

    truth = flatten(photo.image, photo.corners, DOCUMENT_KINDS["ktp"])
    placed = flatten(photo.image, result.corners, DOCUMENT_KINDS["ktp"])
    assert np.abs(truth.astype(int) - placed.astype(int)).mean() < 12
