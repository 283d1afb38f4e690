"""The on-screen keys type into the field they are bound to: a field the page clears or fills
is what the keys show and go on from, another field never gets the previous one's text, and
the keys do not move while a long text is typed (one line of preview, its end shown)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.selfservice.test_touch_flow import touch
from ui.context import AppContext
from ui.selfservice.session import citizen_session
from ui.selfservice.touch_input import TouchInputPanel

pytestmark = pytest.mark.gui


KEPT: list[QWidget] = []


def _panel(qtbot: QtBot, context: AppContext) -> tuple[TouchInputPanel, QLineEdit, QLineEdit]:
    root = QWidget()
    KEPT[:] = [root]  # alive for the test (qtbot holds it weakly)
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    first, second = QLineEdit(root), QLineEdit(root)
    first.setObjectName("reason-1")
    second.setObjectName("reason-2")
    panel = TouchInputPanel(citizen_session(context), root)
    for widget in (first, second, panel):
        layout.addWidget(widget)
    root.resize(700, 700)
    root.show()
    qtbot.waitExposed(root)
    return panel, first, second


def _type(qtbot: QtBot, panel: TouchInputPanel, text: str) -> None:
    for char in text:
        touch(qtbot, panel.keyboard.keys[char])


def test_a_field_cleared_by_the_page_starts_the_keys_over(
    qtbot: QtBot, context: AppContext
) -> None:
    panel, first, _second = _panel(qtbot, context)
    panel.attach(first)
    _type(qtbot, panel, "KARTU")
    assert first.text() == "KARTU"
    first.clear()  # the page moved on to the next document, the same box
    assert panel.keyboard.text == ""
    _type(qtbot, panel, "SURAT")
    assert first.text() == "SURAT"


def test_another_field_never_gets_the_previous_fields_text(
    qtbot: QtBot, context: AppContext
) -> None:
    panel, first, second = _panel(qtbot, context)
    panel.attach(first)
    _type(qtbot, panel, "KARTU")
    second.setText("AB")
    panel.attach(second)
    assert panel.keyboard.text == "AB"
    _type(qtbot, panel, "C")
    assert (first.text(), second.text()) == ("KARTU", "ABC")


def test_the_keys_stay_put_while_a_long_text_is_typed(qtbot: QtBot, context: AppContext) -> None:
    panel, first, _second = _panel(qtbot, context)
    panel.attach(first)
    _type(qtbot, panel, "A")
    qtbot.wait(20)  # the panel laid out for the keyboard
    key = panel.keyboard.keys["Q"]
    before = key.mapTo(panel, key.rect().topLeft())
    _type(qtbot, panel, "SURAT KETERANGAN KEHILANGAN DARI KEPOLISIAN ")
    qtbot.wait(20)
    assert key.mapTo(panel, key.rect().topLeft()) == before
    assert first.text().startswith("ASURAT KETERANGAN")
