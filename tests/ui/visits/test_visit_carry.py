"""What a visit carries into the wizard and how the list holds still (the real-screen review,
F6 and F8): the visit's name fills "Nama lengkap" (still editable; a household-only visit leaves
it empty), and selecting a visit never moves the table (its notes have a reserved place)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from tests.ui.visits.conftest import HEADER, click, imported
from ui.main_window import MainWindow
from ui.screens.visits import VisitsScreen
from ui.screens.wizard.screen import WizardScreen

pytestmark = pytest.mark.gui


def test_the_visit_name_is_carried_into_the_wizard_and_stays_editable(
    qtbot: QtBot, window: MainWindow, visits: VisitsScreen, visit_file: Path
) -> None:
    table = imported(qtbot, window, visits, visit_file)
    table.selectRow(0)  # Mbah Sarinah
    click(qtbot, window, "visit-start")
    wizard = window.screens["wizard"]
    assert isinstance(wizard, WizardScreen)
    model = wizard.model
    assert model is not None
    assert model.applicant.values["name"] == "Mbah Sarinah"
    assert model.applicant.values["alamat"] == "Gang Mawar 3"
    box = wizard.findChild(QLineEdit, "name")
    assert box is not None
    wizard.applicant_page.show_model(model)  # what the data step shows when it is reached
    assert box.text() == "Mbah Sarinah"
    assert not box.isReadOnly()
    draft, _ = model.to_draft()  # a resumed draft still knows where it came from
    assert draft["visit"]["name"] == "Mbah Sarinah"


def test_a_household_visit_leaves_the_name_empty(
    qtbot: QtBot, window: MainWindow, visits: VisitsScreen, visit_file: Path
) -> None:
    table = imported(qtbot, window, visits, visit_file)
    table.selectRow(1)  # Keluarga Darmo: a household, no one's name
    click(qtbot, window, "visit-start")
    wizard = window.screens["wizard"]
    assert isinstance(wizard, WizardScreen)
    assert wizard.model is not None
    assert wizard.model.applicant.values["name"] == ""
    assert wizard.model.applicant.values["alamat"] == "Jl. Kenari 8"


def test_selecting_a_visit_does_not_move_the_table(
    qtbot: QtBot, window: MainWindow, visits: VisitsScreen, tmp_path: Path
) -> None:
    path = tmp_path / "kunjungan.csv"
    long_notes = "pakai kursi roda, " * 25  # near the 500-letter limit: several lines
    path.write_text(
        HEADER
        + f"Mbah Sarinah,,Gang Mawar 3,2,5,35.78.01.1001,lansia,2026-12-10,{long_notes}\n"
        + ",Keluarga Darmo,Jl. Kenari 8,4,1,35.78.01.1001,sakit,11/12/2026,\n",
        encoding="utf-8",
    )
    table = imported(qtbot, window, visits, path)
    notes = window.findChild(QLabel, "visit-notes")
    assert notes is not None
    table.clearSelection()
    QApplication.processEvents()
    before = table.geometry()
    for row in (0, 1, 0):
        table.selectRow(row)
        QApplication.processEvents()
        assert table.geometry() == before
    table.selectRow(0)
    assert notes.isVisible()
    assert notes.text().startswith("Catatan: pakai kursi roda")
    assert "pakai kursi roda" in notes.toolTip()  # the whole text, if it had to be cut
    table.selectRow(1)
    assert notes.text() == "Catatan: -"


def test_after_an_import_the_list_has_the_keyboard_and_enter_starts_an_application(
    qtbot: QtBot, window: MainWindow, visits: VisitsScreen, visit_file: Path
) -> None:
    """The import left the focus on "Tambah kunjungan..." with nothing selected, and Enter on
    a visit did nothing: a keyboard-only operator tabbed around to "Mulai permohonan"."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    table = imported(qtbot, window, visits, visit_file)
    qtbot.waitUntil(table.hasFocus)
    assert visits.selected() is not None
    assert visits.selected() is visits.visits[0]
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert visits.selected() is visits.visits[1]
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.current == "wizard"
    wizard = window.screens["wizard"]
    assert isinstance(wizard, WizardScreen)
    assert wizard.model is not None
    assert wizard.model.applicant.values["alamat"] == "Jl. Kenari 8"
