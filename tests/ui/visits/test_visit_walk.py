"""The visit list end to end in the real main window (field profile), driven by objectName:
a bad CSV is refused row by row with nothing imported, a good one is imported, an application
is started from a visit with its address and category, the visit is marked done, and another
is postponed to a day chosen in the list (tomorrow by default, never before today)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QListWidget, QPushButton, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from kiosk.field.visits import CATEGORY_EXTRA_KEY, VisitState
from kiosk.settings import Profile
from tests.ui.visits.conftest import HEADER, cell, click
from tests.ui.wizard.driver import answer, wait_step
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens.visits import VisitsScreen
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


def test_import_start_an_application_and_mark_done(
    qtbot: QtBot,
    field: AppContext,
    window: MainWindow,
    visits: VisitsScreen,
    visit_file: Path,
    tmp_path: Path,
) -> None:
    screen = visits
    table = window.findChild(QTableWidget, "visits-table")
    message = window.findChild(QLabel, "visits-message")
    problems = window.findChild(QListWidget, "visits-problems")
    assert table is not None
    assert message is not None
    assert problems is not None
    qtbot.waitUntil(lambda: message.text().startswith("Belum ada kunjungan."))

    # A file with two bad rows: both named, nothing imported.
    bad = tmp_path / "salah.csv"
    bad.write_text(
        HEADER
        + "Mbah Sarinah,,Gang Mawar 3,2,5,35.78.01.1001,lansia,2026-12-10,\n"
        + "Pak Harjo,,Gang Mawar 4,2,5,35.78.01.1001,tetangga,2026-12-10,\n"
        + "Bu Rukmini,,Gang Mawar 5,2,5,99.99.99.9999,panti,2026-12-10,\n",
        encoding="utf-8",
    )
    screen.ask_open_path = lambda: str(bad)
    click(qtbot, window, "visits-import")
    qtbot.waitUntil(lambda: problems.count() == 2)
    assert "2 baris salah; tidak ada yang diimpor" in message.text()
    assert problems.item(0).text().startswith("Baris 3, kolom kategori: Kategori tidak")
    assert problems.item(1).text().startswith("Baris 4, kolom kode_wilayah:")
    assert field.store.visits.list() == []

    # The good file: both visits listed, decrypted for the operator.
    screen.ask_open_path = lambda: str(visit_file)
    click(qtbot, window, "visits-import")
    qtbot.waitUntil(lambda: table.rowCount() == 2)
    assert message.text() == "2 kunjungan diimpor."
    assert problems.isHidden()
    assert [cell(table, 0, c) for c in (0, 1, 2, 4)] == [
        "10-12-2026",
        "Lansia",
        "Mbah Sarinah",
        "Direncanakan",
    ]
    assert cell(table, 0, 3) == "Gang Mawar 3, RT 002/RW 005, Karang Pilang (35.78.01.1001)"
    assert cell(table, 1, 2) == "Keluarga Darmo"
    notes = window.findChild(QLabel, "visit-notes")
    assert notes is not None
    assert notes.text() == "Catatan: pakai kursi roda"  # the first visit is selected
    table.selectRow(1)
    assert notes.isVisible()
    assert notes.text() == "Catatan: terbaring"
    assert notes.textFormat() is Qt.TextFormat.PlainText  # a CSV's "<img ...>" stays text

    # "Mulai permohonan": the wizard opens with the visit's address and category.
    table.selectRow(0)
    click(qtbot, window, "visit-start")
    assert window.current == "wizard"
    wizard = window.screens["wizard"]
    assert isinstance(wizard, WizardScreen)
    model = wizard.model
    assert model is not None
    assert model.visit is not None
    values = model.applicant.values
    assert (values["alamat"], values["rt"], values["rw"], values["kode_wilayah"]) == (
        "Gang Mawar 3",
        "002",
        "005",
        "35.78.01.1001",
    )
    assert model.visit.category == "lansia"
    assert wizard.header.progress.text() == "Langkah 1 dari 6–7: Pertanyaan · jemput bola: Lansia"
    # The operator answers the questions; the application carries both over.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    answer(qtbot, wizard, 1, 2, 1)
    wait_step(qtbot, wizard, Step.SERVICE)
    new = model.build_application()
    assert new.applicant.address == {
        "alamat": "Gang Mawar 3",
        "rt": "002",
        "rw": "005",
        "kode_wilayah": "35.78.01.1001",
    }
    assert new.applicant.extra[CATEGORY_EXTRA_KEY] == "lansia"
    draft, _ = model.to_draft()  # a saved draft keeps where it came from
    assert draft["visit"]["category"] == "lansia"

    # Back to the list: mark the visit done.
    qtbot.mouseClick(window.nav_buttons["visits"], Qt.MouseButton.LeftButton)
    assert window.current == "visits"
    qtbot.waitUntil(lambda: table.rowCount() == 2)
    table.selectRow(0)
    click(qtbot, window, "visit-done")
    qtbot.waitUntil(lambda: cell(table, 0, 4) == "Selesai")
    assert message.text() == "Kunjungan ditandai: Selesai"
    done = window.findChild(QPushButton, "visit-done")
    assert done is not None
    assert not done.isEnabled()
    stored = field.store.visits.list()
    assert [v.state for v in stored] == [VisitState.DONE, VisitState.PLANNED]
    marks = [e for e in field.store.audit.entries() if e["action"] == "visit_mark"]
    assert [(e["operator"], e["detail"]) for e in marks] == [
        ("tim1", f"visit {stored[0].id}: done")
    ]
    imports = [e for e in field.store.audit.entries() if e["action"] == "visit_import"]
    assert [(e["operator"], e["detail"]) for e in imports] == [("tim1", "2 visits")]


def test_the_counter_profile_has_no_visit_list(qtbot: QtBot, field: AppContext) -> None:
    field.run_profile = Profile.COUNTER
    window = MainWindow(field)
    qtbot.addWidget(window)
    assert "visits" not in window.nav_buttons
    window.close()
    field.tasks.wait()


def test_leaving_the_screen_drops_the_decrypted_list(
    qtbot: QtBot, field: AppContext, window: MainWindow, visits: VisitsScreen, visit_file: Path
) -> None:
    screen = visits
    screen.ask_open_path = lambda: str(visit_file)
    click(qtbot, window, "visits-import")
    qtbot.waitUntil(lambda: screen.table.rowCount() == 2)
    screen.table.selectRow(0)
    assert screen.notes.text() == "Catatan: pakai kursi roda"
    window.sign_out()
    assert window.current == "signin"
    assert screen.visits == []
    assert screen.table.rowCount() == 0
    assert screen.notes.text() == ""


def test_postponed_to_a_chosen_day_never_before_today(
    qtbot: QtBot, field: AppContext, window: MainWindow, visits: VisitsScreen, visit_file: Path
) -> None:
    screen = visits
    screen.today = lambda: date(2026, 12, 10)
    table = window.findChild(QTableWidget, "visits-table")
    message = window.findChild(QLabel, "visits-message")
    box = window.findChild(QWidget, "visit-postpone-box")
    day = window.findChild(QDateEdit, "visit-postpone-date")
    assert table is not None
    assert message is not None
    assert box is not None
    assert day is not None
    screen.ask_open_path = lambda: str(visit_file)
    click(qtbot, window, "visits-import")
    qtbot.waitUntil(lambda: table.rowCount() == 2)
    assert box.isHidden()
    sarinah = field.store.visits.list()[0]

    # "Ditunda" asks for the day: tomorrow by default, nothing before today.
    table.selectRow(0)
    click(qtbot, window, "visit-postponed")
    assert box.isVisible()
    assert day.date() == QDate(2026, 12, 11)
    assert day.minimumDate() == QDate(2026, 12, 10)
    assert day.calendarPopup()
    day.setDate(QDate(2026, 12, 1))
    assert day.date() == QDate(2026, 12, 10)  # the past cannot be chosen
    # "Batal" closes the row and changes nothing; so does choosing another visit.
    click(qtbot, window, "visit-postpone-cancel")
    assert box.isHidden()
    click(qtbot, window, "visit-postponed")
    table.selectRow(1)
    assert box.isHidden()
    assert field.store.visits.get(sarinah.id).state is VisitState.PLANNED

    # A day chosen: the visit moves down the list to its new day, audited.
    table.selectRow(0)
    click(qtbot, window, "visit-postponed")
    day.setFocus()
    day.setDate(QDate(2026, 12, 15))
    click(qtbot, window, "visit-postpone-save")
    assert box.isHidden()
    qtbot.waitUntil(lambda: cell(table, 1, 0) == "15-12-2026")
    assert message.text() == "Kunjungan ditunda sampai 15-12-2026"
    assert [cell(table, 1, c) for c in (2, 4)] == ["Mbah Sarinah", "Ditunda"]
    assert cell(table, 0, 2) == "Keluarga Darmo"
    moved = field.store.visits.get(sarinah.id)
    assert (moved.state, moved.plan.planned_on) == (VisitState.POSTPONED, date(2026, 12, 15))
    marks = [e for e in field.store.audit.entries() if e["action"] == "visit_mark"]
    assert [(e["operator"], e["detail"]) for e in marks] == [
        ("tim1", f"visit {sarinah.id}: postponed to 2026-12-15")
    ]

    # Postponed again, but midnight passed while the row was open: refused, kept.
    table.selectRow(1)
    click(qtbot, window, "visit-postponed")  # a postponed visit can move again
    assert day.date() == QDate(2026, 12, 11)
    screen.today = lambda: date(2026, 12, 12)
    click(qtbot, window, "visit-postpone-save")
    qtbot.waitUntil(lambda: "tidak boleh sebelum hari ini" in message.text())
    assert "#b00020" in message.styleSheet()
    assert field.store.visits.get(sarinah.id).plan.planned_on == date(2026, 12, 15)
    assert len([e for e in field.store.audit.entries() if e["action"] == "visit_mark"]) == 1

    # Another mark while the row is open closes it: nothing is postponed after all.
    click(qtbot, window, "visit-postponed")
    assert box.isVisible()
    click(qtbot, window, "visit-done")
    assert box.isHidden()
    qtbot.waitUntil(lambda: cell(table, 1, 4) == "Selesai")
