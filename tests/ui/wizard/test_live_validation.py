"""Validation while typing: errors in red under the field block "Lanjut" and take the focus;
a NIK/birth-date mismatch is an amber warning that can be checked off and never blocks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from tests.ui.wizard.driver import answer, fill_applicant, focused, key, type_text, wait_step
from tests.ui.wizard.test_full_flow import SITI
from ui.context import AppContext
from ui.screens.wizard.screen import WizardScreen
from ui.screens.wizard.widgets import ERROR_COLOUR, WARNING_COLOUR
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


def to_applicant_step(qtbot: QtBot, wizard: WizardScreen) -> None:
    answer(qtbot, wizard, 1, 2, 1)
    wait_step(qtbot, wizard, Step.SERVICE)
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.APPLICANT)


def test_a_new_applicant_step_shows_no_error_before_anything_is_typed(
    qtbot: QtBot, wizard: WizardScreen
) -> None:
    """Empty fields are not yet errors: RT and RW were red ("RT harus berupa angka") the moment
    the step opened. Going on with them empty says what is missing, each with its own example."""
    to_applicant_step(qtbot, wizard)
    page = wizard.applicant_page
    shown = {n: m.text() for n, m in page.messages.items() if not m.isHidden()}
    assert shown == {}
    key(qtbot, Qt.Key.Key_Return, CTRL)  # Lanjut with nothing typed
    assert "RT wajib diisi (contoh 005)" in page.messages["rt"].text()
    assert "RW wajib diisi (contoh 002)" in page.messages["rw"].text()
    assert ERROR_COLOUR in page.messages["rt"].text()


def test_a_typo_in_the_nik_shows_the_error_under_the_field_and_blocks(
    qtbot: QtBot, wizard: WizardScreen
) -> None:
    to_applicant_step(qtbot, wizard)
    page = wizard.applicant_page
    type_text(qtbot, "31710157")
    assert page.messages["nik"].text().count("8/16 digit") == 1  # progress, not an error yet
    assert ERROR_COLOUR not in page.messages["nik"].text()
    type_text(qtbot, "O8900001")  # the letter O for a zero
    message = page.messages["nik"].text()
    assert "NIK hanya boleh berisi angka" in message
    assert ERROR_COLOUR in message
    key(qtbot, Qt.Key.Key_Return)
    fill_applicant_from(qtbot, wizard, "no_kk")
    key(qtbot, Qt.Key.Key_Return, CTRL)  # Lanjut
    assert wizard.model is not None
    assert wizard.model.step is Step.APPLICANT
    assert focused() is page.editors["nik"]
    assert "Periksa yang ditandai merah" in wizard.header.message.text()
    type_text(qtbot, SITI["nik"])  # the field's text was selected: typing replaces it
    decoded = page.messages["nik"].text()
    assert "Menurut NIK: Gambir, Kota Administrasi Jakarta Pusat" in decoded
    assert "lahir 17-08-1990" in decoded
    assert "<span style='white-space:nowrap'>perempuan</span>" in decoded  # never "laki-"/"laki"
    assert ERROR_COLOUR not in decoded
    key(qtbot, Qt.Key.Key_Return, CTRL)
    wait_step(qtbot, wizard, Step.DOCUMENTS)


def fill_applicant_from(qtbot: QtBot, wizard: WizardScreen, first: str) -> None:
    """Types the remaining fields from `first` on, with Enter after each."""
    names = list(SITI)
    for name in names[names.index(first) :]:
        value = SITI[name]
        type_text(qtbot, value[0] if name == "sex" else value)
        if name != names[-1]:
            key(qtbot, Qt.Key.Key_Return)


def test_a_birth_date_that_disagrees_with_the_nik_warns_but_does_not_block(
    qtbot: QtBot, wizard: WizardScreen
) -> None:
    to_applicant_step(qtbot, wizard)
    page = wizard.applicant_page
    fill_applicant(qtbot, wizard, {**SITI, "birth_date": "18-08-1990"})
    wait_step(qtbot, wizard, Step.DOCUMENTS)  # Enter on the last field went on regardless
    key(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    wait_step(qtbot, wizard, Step.APPLICANT)
    message = page.messages["birth_date"].text()
    assert "Tanggal lahir di NIK (17-08-1990) berbeda dengan yang diisi (18-08-1990)" in message
    assert WARNING_COLOUR in message
    assert page.acknowledge_buttons["birth_date"].isVisible()
    page.acknowledge_buttons["birth_date"].click()
    assert not page.acknowledge_buttons["birth_date"].isVisible()
    assert WARNING_COLOUR not in page.messages["birth_date"].text()  # checked: shown grey
    assert wizard.model is not None
    assert wizard.model.applicant.unacknowledged_warnings() == []
    key(qtbot, Qt.Key.Key_Return, CTRL)
    wait_step(qtbot, wizard, Step.DOCUMENTS)
    assert wizard.model.applicant.to_applicant().birth_date is not None


def test_messages_follow_the_language_switch(
    qtbot: QtBot, counter: AppContext, wizard: WizardScreen, expected_warnings: set[str]
) -> None:
    expected_warnings.add("kiosk.ui")  # the compiled English catalogue comes later
    to_applicant_step(qtbot, wizard)
    type_text(qtbot, "317101A")
    assert "NIK hanya boleh berisi angka" in wizard.applicant_page.messages["nik"].text()
    counter.languages.set_language("en")
    qtbot.waitUntil(
        lambda: "NIK may contain digits only" in wizard.applicant_page.messages["nik"].text()
    )
    assert "Lost KTP-el" in wizard.service_page.heading.text()


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Clicks the box itself (the widget is as wide as the form; its middle is empty space)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()


def test_the_citizen_agrees_to_hear_back_on_whatsapp_and_email(
    qtbot: QtBot, wizard: WizardScreen
) -> None:
    to_applicant_step(qtbot, wizard)
    page = wizard.applicant_page
    assert not page.email_editor.isEnabled()
    tick(qtbot, page.contact_whatsapp)
    assert "nomor WhatsApp" in page.contact_message.text()  # no number typed yet
    tick(qtbot, page.contact_email)
    assert page.email_editor.isEnabled()
    page.email_editor.setFocus()
    type_text(qtbot, "siti@contoh.id")
    page.editors["nik"].setFocus()
    fill_applicant(qtbot, wizard, {**SITI, "phone": "081234567890"})
    wait_step(qtbot, wizard, Step.DOCUMENTS)
    assert wizard.model is not None
    extra = wizard.model.applicant.to_applicant().extra
    assert extra == {"kontak_izin": "whatsapp,email", "kontak_email": "siti@contoh.id"}
