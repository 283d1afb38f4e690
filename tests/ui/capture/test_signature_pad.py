"""The signature pad: mouse strokes become black ink on a fixed-size white canvas."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from ui.capture.signature_pad import SignatureModel, SignaturePad

pytestmark = pytest.mark.gui


def test_model_needs_enough_ink_to_count_as_signed() -> None:
    model = SignatureModel()
    model.begin(10, 10)
    assert not model.is_signed
    for step in range(20):
        model.extend(10 + step * 5, 10 + step)
    assert model.is_signed
    assert model.to_image().shape == (300, 800)
    model.clear()
    assert not model.is_signed


def test_drawing_with_the_mouse_makes_a_signature(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 150)
    pad.show()
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 75))
    for x in range(25, 380, 15):
        qtbot.mouseMove(pad, QPoint(x, 75 + (x % 30) - 15))
    assert len(pad.model.strokes) == 1
    assert len(pad.model.strokes[0]) > 20
    with qtbot.waitSignal(pad.changed, timeout=2000) as changed:
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(380, 75))
    assert changed.args == [True]
    image = pad.model.to_image()
    assert float(np.mean(image == 0)) > 0.005
    with qtbot.waitSignal(pad.changed, timeout=2000) as cleared:
        pad.clear()
    assert cleared.args == [False]
