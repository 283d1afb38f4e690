"""Fixtures of the jemput bola screens: a field laptop with an operator signed in, no camera
or scanner (the visit list never needs one), its main window on the Visits screen, and a visit
list file; and the few ways the tests reach into the window."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from kiosk.accounts import Operator, Role
from kiosk.settings import Profile
from ui.context import AppContext
from ui.devices_setup import DeviceSet
from ui.main_window import MainWindow
from ui.screens.visits import VisitsScreen

pytestmark = pytest.mark.gui

HEADER = "nama,keluarga,alamat,rt,rw,kode_wilayah,kategori,tanggal,catatan\n"
GOOD_ROWS = (
    "Mbah Sarinah,,Gang Mawar 3,2,5,35.78.01.1001,lansia,2026-12-10,pakai kursi roda\n"
    ",Keluarga Darmo,Jl. Kenari 8,4,1,35.78.01.1001,sakit,11/12/2026,terbaring\n"
)


@pytest.fixture(autouse=True)
def _nothing_left_behind(qapp: QApplication) -> Iterator[None]:
    yield
    threads = [t.name for t in threading.enumerate() if t.name.startswith("kiosk-camera")]
    assert threads == [], f"threads left running: {threads}"
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [], f"windows left open: {shown}"


@pytest.fixture
def field(context: AppContext) -> AppContext:
    """A jemput bola laptop with `tim1` signed in."""
    context.run_profile = Profile.FIELD
    context.operator = Operator("tim1", "Tim Satu", Role.PETUGAS)
    context.devices = DeviceSet()
    return context


@pytest.fixture
def visit_file(tmp_path: Path) -> Path:
    path = tmp_path / "kunjungan.csv"
    path.write_text(HEADER + GOOD_ROWS, encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot: QtBot, field: AppContext) -> Iterator[MainWindow]:
    """The real main window of the field laptop, shown; closed with nothing left running."""
    window = MainWindow(field)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.screens["wizard"].shutdown()  # type: ignore[attr-defined]
    window.close()
    field.tasks.wait()


@pytest.fixture
def visits(qtbot: QtBot, window: MainWindow) -> VisitsScreen:
    """The Visits screen, reached as the operator does (its button in the navigation)."""
    assert "visits" in window.nav_buttons  # the field profile's own screen
    qtbot.mouseClick(window.nav_buttons["visits"], Qt.MouseButton.LeftButton)
    assert window.current == "visits"
    screen = window.screens["visits"]
    assert isinstance(screen, VisitsScreen)
    return screen


def click(qtbot: QtBot, parent: QWidget, name: str) -> None:
    button = parent.findChild(QPushButton, name)
    assert button is not None, name
    assert button.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def imported(qtbot: QtBot, window: MainWindow, screen: VisitsScreen, path: Path) -> QTableWidget:
    """The visit file at `path` (two visits) imported through the screen's button: its table."""
    table = window.findChild(QTableWidget, "visits-table")
    assert table is not None
    screen.ask_open_path = lambda: str(path)
    click(qtbot, window, "visits-import")
    qtbot.waitUntil(lambda: table.rowCount() == 2)
    return table


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""
