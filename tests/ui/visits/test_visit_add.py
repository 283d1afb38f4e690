"""One visit planned by hand in the real main window: "Tambah kunjungan" opens the form, the
kelurahan is chosen through the wizard's region dialog, Enter saves, and the visit is in the
list (selected) and in the store, sealed; a bad RT is said beside the field and stores nothing,
and Esc closes the form."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.field.visits import VisitCategory
from tests.ui.visits.conftest import cell, click
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens.visits import VisitsScreen
from ui.screens.wizard.region_dialog import RegionDialog

pytestmark = pytest.mark.gui

TODAY = date(2026, 12, 10)
KELURAHAN = "35.78.01.1001"


def open_form(qtbot: QtBot, window: MainWindow, visits: VisitsScreen) -> QDialog:
    visits.today = lambda: TODAY
    click(qtbot, window, "visits-add")
    dialog = window.findChild(QDialog, "visit-add-dialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def form_closed(window: MainWindow) -> bool:
    """The form is gone (deleted with what was typed), not merely hidden."""
    return window.findChild(QDialog, "visit-add-dialog") is None


def editor(dialog: QDialog, kind: type, name: str) -> object:
    found = dialog.findChild(kind, name)
    assert found is not None, name
    return found


def type_into(qtbot: QtBot, dialog: QDialog, name: str, text: str) -> None:
    line = editor(dialog, QLineEdit, name)
    assert isinstance(line, QLineEdit)
    line.setFocus()
    qtbot.keyClicks(line, text)


def choose_in_region_dialog(code: str) -> None:
    """Answers the region dialog as a petugas does once it is up: provinsi down, then Pilih."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, RegionDialog):
        QTimer.singleShot(10, lambda: choose_in_region_dialog(code))
        return
    for level, length in (("provinsi", 2), ("kabupaten", 5), ("kecamatan", 8), ("kelurahan", 13)):
        combo = dialog.combos[level]
        combo.setCurrentIndex(combo.findData(code[:length]))
    dialog.choose_button.click()


def fill(qtbot: QtBot, dialog: QDialog, *, rt: str) -> None:
    type_into(qtbot, dialog, "visit-add-name", "Mbah Sarinah")
    type_into(qtbot, dialog, "visit-add-address", "Gang Mawar 3")
    type_into(qtbot, dialog, "visit-add-rt", rt)
    type_into(qtbot, dialog, "visit-add-rw", "5")
    QTimer.singleShot(0, lambda: choose_in_region_dialog(KELURAHAN))
    click(qtbot, dialog, "visit-add-kelurahan-pick")  # the region dialog runs and returns
    picker = editor(dialog, QComboBox, "visit-add-kelurahan")
    assert isinstance(picker, QComboBox)
    assert picker.currentText().endswith(f"({KELURAHAN})")
    assert picker.findData(KELURAHAN) >= 0  # its kecamatan is offered for the next visit
    category = editor(dialog, QComboBox, "visit-add-category")
    assert isinstance(category, QComboBox)
    assert category.currentIndex() == -1  # chosen, never assumed
    assert category.itemText(category.findData("sakit")) == "Sakit / terbaring"
    category.setCurrentIndex(category.findData("sakit"))
    day = editor(dialog, QDateEdit, "visit-add-date")
    assert isinstance(day, QDateEdit)
    assert day.calendarPopup()
    assert day.minimumDate() == QDate(2026, 12, 10)
    day.setDate(QDate(2026, 12, 12))
    type_into(qtbot, dialog, "visit-add-notes", "terbaring, lantai 2")


def test_a_visit_planned_in_the_form_is_listed_selected_and_stored(
    qtbot: QtBot, field: AppContext, window: MainWindow, visits: VisitsScreen
) -> None:
    dialog = open_form(qtbot, window, visits)
    assert dialog.focusWidget() is editor(dialog, QLineEdit, "visit-add-name")
    fill(qtbot, dialog, rt="2")
    notes = editor(dialog, QLineEdit, "visit-add-notes")
    assert isinstance(notes, QLineEdit)
    qtbot.keyClick(notes, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: form_closed(window))
    table = window.findChild(QTableWidget, "visits-table")
    message = window.findChild(QLabel, "visits-message")
    assert table is not None
    assert message is not None
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    assert message.text() == "Kunjungan ditambahkan."
    assert [cell(table, 0, c) for c in range(5)] == [
        "12-12-2026",
        "Sakit / terbaring",
        "Mbah Sarinah",
        f"Gang Mawar 3, RT 002/RW 005, Karang Pilang ({KELURAHAN})",
        "Direncanakan",
    ]
    [visit] = field.store.visits.list()
    selected = visits.selected()
    assert selected is not None
    assert selected.id == visit.id  # the new visit is the one selected
    assert visits.notes.text() == "Catatan: terbaring, lantai 2"
    assert (visit.plan.category, visit.plan.planned_on) == (VisitCategory.SAKIT, date(2026, 12, 12))
    assert (visit.plan.name, visit.plan.notes) == ("Mbah Sarinah", "terbaring, lantai 2")
    assert visit.plan.address["kode_wilayah"] == KELURAHAN
    added = [e for e in field.store.audit.entries() if e["action"] == "visit_add"]
    assert [(e["operator"], e["detail"]) for e in added] == [("tim1", f"visit {visit.id}")]


def test_a_bad_rt_is_said_beside_it_and_nothing_is_stored(
    qtbot: QtBot, field: AppContext, window: MainWindow, visits: VisitsScreen
) -> None:
    dialog = open_form(qtbot, window, visits)
    fill(qtbot, dialog, rt="1a")
    click(qtbot, dialog, "visit-add-save")
    rt_message = editor(dialog, QLabel, "visit-add-rt-message")
    assert isinstance(rt_message, QLabel)
    qtbot.waitUntil(rt_message.isVisible)
    assert rt_message.text().startswith("RT ")
    assert dialog.isVisible()  # what was typed stays for the fix
    assert dialog.focusWidget() is editor(dialog, QLineEdit, "visit-add-rt")
    general = editor(dialog, QLabel, "visit-add-message")
    assert isinstance(general, QLabel)
    assert general.text() == "Belum disimpan; perbaiki yang ditandai."
    assert field.store.visits.list() == []
    assert [e for e in field.store.audit.entries() if e["action"] == "visit_add"] == []

    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)  # Esc cancels
    qtbot.waitUntil(lambda: form_closed(window))
    assert field.store.visits.list() == []


def test_no_category_chosen_is_asked_for(
    qtbot: QtBot, field: AppContext, window: MainWindow, visits: VisitsScreen
) -> None:
    dialog = open_form(qtbot, window, visits)
    type_into(qtbot, dialog, "visit-add-name", "Pak Harjo")
    click(qtbot, dialog, "visit-add-save")
    category_message = editor(dialog, QLabel, "visit-add-category-message")
    assert isinstance(category_message, QLabel)
    assert category_message.text() == "Pilih kategori kunjungan"
    assert category_message.isVisible()
    assert field.store.visits.list() == []
    click(qtbot, dialog, "visit-add-cancel")
    qtbot.waitUntil(lambda: form_closed(window))


def test_tab_goes_down_the_form(
    qtbot: QtBot, field: AppContext, window: MainWindow, visits: VisitsScreen
) -> None:
    dialog = open_form(qtbot, window, visits)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    names: list[str] = []
    for _ in range(13):  # Tab steps through the day's parts (day, month, year) as Qt's do
        focused = QApplication.focusWidget()
        assert focused is not None
        parent = focused.parent()
        name = focused.objectName() or (parent.objectName() if parent else "")
        if not names or names[-1] != name:
            names.append(name)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert names == [
        "visit-add-name",
        "visit-add-household",
        "visit-add-address",
        "visit-add-rt",
        "visit-add-rw",
        "visit-add-kelurahan",
        "visit-add-kelurahan-pick",
        "visit-add-category",
        "visit-add-date",
        "visit-add-notes",
        "visit-add-save",
    ]
    click(qtbot, dialog, "visit-add-cancel")
    qtbot.waitUntil(lambda: form_closed(window))


def test_in_english_the_labels_and_refusals_are_english(
    qtbot: QtBot, field: AppContext, window: MainWindow, visits: VisitsScreen
) -> None:
    field.languages.set_language("en")
    dialog = open_form(qtbot, window, visits)
    assert dialog.windowTitle() == "Add a visit"
    category = editor(dialog, QComboBox, "visit-add-category")
    assert isinstance(category, QComboBox)
    assert category.itemText(category.findData("odgj")) == "Mental illness"
    category.setCurrentIndex(category.findData("odgj"))
    type_into(qtbot, dialog, "visit-add-name", "Pak Harjo")
    click(qtbot, dialog, "visit-add-save")
    street = editor(dialog, QLabel, "visit-add-address-message")
    assert isinstance(street, QLabel)
    qtbot.waitUntil(street.isVisible)
    assert street.text() == "The street address is required"
    assert field.store.visits.list() == []
    click(qtbot, dialog, "visit-add-cancel")
    qtbot.waitUntil(lambda: form_closed(window))
