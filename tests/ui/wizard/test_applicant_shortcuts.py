"""Fewer keys for the counter: the kelurahan/desa completes from a few letters of its name
(the NIK's kecamatan first), RT/RW take "1" for "001", the WhatsApp number groups itself
while digits are typed, and a birth date typed as 8 digits reads DD-MM-YYYY."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from tests.ui.wizard.driver import focused, key, type_text
from tests.ui.wizard.test_full_flow import SITI
from tests.ui.wizard.test_live_validation import to_applicant_step
from ui.screens.wizard.screen import WizardScreen
from ui.screens.wizard.widgets import ERROR_COLOUR

pytestmark = pytest.mark.gui


def _to(qtbot: QtBot, wizard: WizardScreen, name: str) -> None:
    """The NIK typed, then the focus on `name` (as a click on its label would put it)."""
    to_applicant_step(qtbot, wizard)
    type_text(qtbot, SITI["nik"])
    key(qtbot, Qt.Key.Key_Return)
    wizard.applicant_page.editors[name].setFocus()
    qtbot.waitUntil(lambda: focused() is wizard.applicant_page.editors[name])


@pytest.mark.parametrize(
    ("typed", "code", "shown"),
    [
        ("gam", "31.71.01.1001", "Gambir (31.71.01.1001)"),
        ("Petojo", "31.71.01.1003", "Petojo Utara (31.71.01.1003)"),  # Enter: the first match
        ("31.71.01.1006", "31.71.01.1006", "Duri Pulo (31.71.01.1006)"),  # a code still works
    ],
)
def test_a_few_letters_of_the_kelurahan_complete_it_and_enter_accepts(
    qtbot: QtBot, wizard: WizardScreen, typed: str, code: str, shown: str
) -> None:
    _to(qtbot, wizard, "kode_wilayah")
    page = wizard.applicant_page
    picker = page.editors["kode_wilayah"]
    assert isinstance(picker, QComboBox)
    assert wizard.model is not None
    form = wizard.model.applicant
    went_on_with: list[str] = []  # what the form held when Enter asked to go on
    page.advance.connect(lambda: went_on_with.append(form.values["kode_wilayah"]))
    type_text(qtbot, typed)
    assert ERROR_COLOUR not in page.messages["kode_wilayah"].text()  # no alarm mid-name
    key(qtbot, Qt.Key.Key_Return)
    assert went_on_with == [code]
    assert form.values["kode_wilayah"] == code
    assert picker.currentText() == shown
    assert "kode_wilayah" not in wizard.model.applicant.error_fields()


def test_a_kelurahan_name_outside_the_kecamatan_is_an_error_not_a_guess(
    qtbot: QtBot, wizard: WizardScreen
) -> None:
    _to(qtbot, wizard, "kode_wilayah")
    type_text(qtbot, "Karang")
    assert wizard.applicant_page.messages["kode_wilayah"].text() == ""  # still typing
    key(qtbot, Qt.Key.Key_Return)
    assert wizard.model is not None
    assert "kode_wilayah" in wizard.model.applicant.error_fields()
    assert "tidak ada di data wilayah" in wizard.applicant_page.messages["kode_wilayah"].text()


def test_rt_and_rw_take_short_forms_shown_with_three_digits(
    qtbot: QtBot, wizard: WizardScreen
) -> None:
    _to(qtbot, wizard, "rt")
    page = wizard.applicant_page
    type_text(qtbot, "1")
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is page.editors["rw"]
    type_text(qtbot, "12")
    key(qtbot, Qt.Key.Key_Return)
    rt, rw = page.editors["rt"], page.editors["rw"]
    assert isinstance(rt, QLineEdit)
    assert isinstance(rw, QLineEdit)
    assert (rt.text(), rw.text()) == ("001", "012")
    assert wizard.model is not None
    assert (wizard.model.applicant.values["rt"], wizard.model.applicant.values["rw"]) == (
        "001",
        "012",
    )


def test_the_whatsapp_number_groups_itself_while_digits_are_typed(
    qtbot: QtBot, wizard: WizardScreen
) -> None:
    _to(qtbot, wizard, "phone")
    phone = wizard.applicant_page.editors["phone"]
    assert isinstance(phone, QLineEdit)
    type_text(qtbot, "08123")
    assert phone.text() == "0812 3"
    type_text(qtbot, "4567890")
    assert phone.text() == "0812 3456 7890"
    assert phone.cursorPosition() == len(phone.text())
    key(qtbot, Qt.Key.Key_Backspace)
    key(qtbot, Qt.Key.Key_Backspace)
    key(qtbot, Qt.Key.Key_Backspace)
    key(qtbot, Qt.Key.Key_Backspace)
    assert phone.text() == "0812 3456"  # the separator goes with the digits
    key(qtbot, Qt.Key.Key_Backspace)
    assert phone.text() == "0812 345"
    phone.setCursorPosition(2)  # a digit typed in the middle keeps the cursor after it
    type_text(qtbot, "9")
    assert phone.text() == "0891 2345"
    assert phone.cursorPosition() == 3
    assert wizard.model is not None
    assert wizard.model.applicant.values["phone"] == "0891 2345"


def test_eight_digits_of_a_birth_date_read_as_dd_mm_yyyy(
    qtbot: QtBot, wizard: WizardScreen
) -> None:
    _to(qtbot, wizard, "birth_date")
    birth = wizard.applicant_page.editors["birth_date"]
    assert isinstance(birth, QLineEdit)
    birth.selectAll()
    type_text(qtbot, "18081990")
    key(qtbot, Qt.Key.Key_Return)
    assert birth.text() == "18-08-1990"
