"""Less retyping, no stale alarms: the birth date and sex are filled in from the NIK (Enter
jumps over them; typed over when the citizen says otherwise, "17081990" accepted), and the
red "Periksa yang ditandai merah" disappears as soon as nothing is marked red any more."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.wizard.driver import capture, focused, key, type_text, wait_step
from tests.ui.wizard.test_full_flow import SITI
from tests.ui.wizard.test_live_validation import to_applicant_step
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


def _type_first_three(qtbot: QtBot, wizard: WizardScreen) -> None:
    for name in ("nik", "no_kk", "name"):
        assert focused() is wizard.applicant_page.editors[name]
        type_text(qtbot, SITI[name])
        key(qtbot, Qt.Key.Key_Return)


def test_birth_date_and_sex_are_filled_from_the_nik_and_enter_jumps_over_them(
    qtbot: QtBot, wizard: WizardScreen
) -> None:
    to_applicant_step(qtbot, wizard)
    page = wizard.applicant_page
    _type_first_three(qtbot, wizard)
    assert focused() is page.editors["phone"]  # the next field still empty
    assert page.editors["birth_date"].text() == "17-08-1990"  # type: ignore[union-attr]
    assert page.editors["sex"].currentText() == "P — Perempuan"  # type: ignore[union-attr]
    for name in ("birth_date", "sex"):
        assert "Diisi dari NIK" in page.messages[name].text()
    assert wizard.model is not None
    applicant = wizard.model.applicant.to_applicant()
    assert (applicant.birth_date, applicant.sex) == (date(1990, 8, 17), "P")


def test_a_birth_date_filled_from_the_nik_is_replaced_by_typing_digits_only(
    qtbot: QtBot, wizard: WizardScreen
) -> None:
    to_applicant_step(qtbot, wizard)
    _type_first_three(qtbot, wizard)
    key(qtbot, Qt.Key.Key_Backtab)
    key(qtbot, Qt.Key.Key_Backtab)
    assert focused() is wizard.applicant_page.editors["birth_date"]
    type_text(qtbot, "18081990")  # the true date differs from the NIK's: typed over
    assert wizard.model is not None
    assert wizard.model.applicant.values["birth_date"] == "18081990"
    assert wizard.model.applicant.birth_date == date(1990, 8, 18)
    assert "Diisi dari NIK" not in wizard.applicant_page.messages["birth_date"].text()
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is wizard.applicant_page.editors["phone"]  # over the sex, still the NIK's


def test_the_red_check_message_clears_once_the_errors_are_fixed(
    qtbot: QtBot, wizard: WizardScreen
) -> None:
    to_applicant_step(qtbot, wizard)
    page = wizard.applicant_page
    type_text(qtbot, "3171015708")  # too short
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert wizard.model is not None
    assert wizard.model.step is Step.APPLICANT
    assert "Periksa yang ditandai merah" in wizard.header.message.text()
    assert focused() is page.editors["nik"]
    key(qtbot, Qt.Key.Key_End)
    type_text(qtbot, "900001")
    key(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, SITI["no_kk"])
    key(qtbot, Qt.Key.Key_Return)
    assert "Periksa yang ditandai merah" in wizard.header.message.text()  # name still missing
    type_text(qtbot, SITI["name"])
    for name in ("name", "phone"):  # birth date and sex came from the NIK
        assert focused() is page.editors[name] or name == "name"
        key(qtbot, Qt.Key.Key_Return)
    assert "Periksa yang ditandai merah" in wizard.header.message.text()  # no address yet
    for name in ("alamat", "rt", "rw", "kode_wilayah"):
        assert focused() is page.editors[name]
        type_text(qtbot, SITI[name])
        if name != "kode_wilayah":
            key(qtbot, Qt.Key.Key_Return)
    assert wizard.model.blockers() == []
    assert wizard.header.message.text() == ""
    # The same on the documents step: capturing what was missing clears it.
    key(qtbot, Qt.Key.Key_Return, CTRL)
    wait_step(qtbot, wizard, Step.DOCUMENTS)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert "Belum ada (○)" in wizard.header.message.text()  # nothing red there: named
    capture(qtbot, wizard.documents_page, "scanner")
    capture(qtbot, wizard.documents_page, "scanner")
    qtbot.waitUntil(lambda: wizard.header.message.text() == "", timeout=10_000)
