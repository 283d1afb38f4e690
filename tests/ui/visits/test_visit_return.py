"""What the operator sees coming back to the visit list: after a mark the focus is on the list
at the same visit (a second Enter must not mark it again as not home), a done visit starts no
application, and after an application from a visit the list shows its number, the old import
message is gone and the visit is still selected; kelurahan show by name and code."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from tests.helpers.applications import ktp_el_hilang
from tests.ui.visits.conftest import cell, click, imported
from ui.context import AppContext
from ui.jobs.wizard import submit_application
from ui.main_window import MainWindow
from ui.screens.visits import VisitsScreen
from ui.screens.wizard.kelurahan_picker import KelurahanPicker
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.visits import VisitLead

pytestmark = pytest.mark.gui


def test_after_a_mark_the_focus_is_on_the_same_row_and_a_done_visit_starts_nothing(
    qtbot: QtBot, window: MainWindow, visits: VisitsScreen, visit_file: Path
) -> None:
    table = imported(qtbot, window, visits, visit_file)
    table.selectRow(1)
    chosen = visits.visits[1].id
    click(qtbot, window, "visit-done")
    qtbot.waitUntil(lambda: cell(table, 1, 4) == "Selesai")
    assert window.focusWidget() is table
    assert visits.selected() is not None
    assert visits.selected().id == chosen  # type: ignore[union-attr]
    assert table.currentRow() == 1
    start = window.findChild(QPushButton, "visit-start")
    assert start is not None
    assert not start.isEnabled()
    table.selectRow(0)
    assert start.isEnabled()


def test_after_an_application_the_list_shows_its_number_and_keeps_the_visit(
    qtbot: QtBot, field: AppContext, window: MainWindow, visits: VisitsScreen, visit_file: Path
) -> None:
    table = imported(qtbot, window, visits, visit_file)
    message = window.findChild(QLabel, "visits-message")
    assert message is not None
    assert message.text() == "2 kunjungan diimpor."
    assert cell(table, 0, 3) == "Gang Mawar 3, RT 002/RW 005, Karang Pilang (35.78.01.1001)"
    table.selectRow(1)
    click(qtbot, window, "visit-start")
    wizard = window.screens["wizard"]
    assert isinstance(wizard, WizardScreen)
    picker = wizard.findChild(KelurahanPicker)
    assert picker is not None
    assert picker.count() == 0  # no NIK typed yet: nothing offered from its kecamatan
    picker.show_code(wizard.model.applicant.values["kode_wilayah"])  # type: ignore[union-attr]
    assert picker.currentText() == "Karang Pilang (35.78.01.1001)"
    lead = VisitLead.of(visits_of(field)[1])
    submitted = submit_application(field.store, ktp_el_hilang(1), [], lead)
    qtbot.mouseClick(window.nav_buttons["visits"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: table.rowCount() == 2)
    assert cell(table, 1, 5) == submitted.number
    assert cell(table, 0, 5) == ""
    assert message.text() == ""
    assert table.currentRow() == 1
    assert visits.selected() is not None
    assert window.focusWidget() is table


def visits_of(field: AppContext) -> list:
    return field.store.visits.list()
