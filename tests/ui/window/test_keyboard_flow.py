"""KTP-el hilang by keyboard alone at 1024x768 completes, and its key presses are counted
(the figure itself is printed by bench/keyboard_flow.py, never a pass/fail limit)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.window.keyboard_flow import EXPECTED, SITI, KeyCounter, ktp_el_hilang
from tests.ui.wizard.driver import capture, focused, key, ktp_el_hilang_to_documents, wait_step
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


def test_ktp_el_hilang_by_keyboard_alone_at_1024x768(
    qtbot: QtBot, counter: AppContext, window: MainWindow, capsys: pytest.CaptureFixture[str]
) -> None:
    window.resize(1024, 768)
    keys = KeyCounter(qtbot)
    number = ktp_el_hilang(keys, window)
    summary = counter.store.records.find_by_number(number)
    assert summary
    applicant = counter.store.records.read_applicant_audited(summary[0].id, 1, operator="petugas1")
    assert {k: applicant[k] for k in EXPECTED} == EXPECTED
    assert (applicant["nik"], applicant["no_kk"]) == (SITI["nik"], SITI["no_kk"])
    assert keys.typed > 0
    assert keys.keys > 0
    # Every applicant field got its keys, the address ones counted apart (bench/keyboard_flow.py
    # prints the count without them beside the one taken before the address was asked).
    assert set(keys.by_field) == {"", *(n for n in SITI if n not in ("birth_date", "sex"))}
    assert keys.by_field["kode_wilayah"] == 2  # "G", Enter: the NIK's kecamatan comes first
    assert keys.without_address + keys.address == keys.total
    with capsys.disabled():
        print(f"\n[ktp-el-hilang by keyboard] {keys.total} keystrokes")  # noqa: T201


def test_after_the_last_document_the_keyboard_stays_in_the_wizard(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The capture buttons go grey once every document is in; the focus they held fell out of
    the wizard onto "Permohonan baru (F2)", where Ctrl+Enter did nothing and Enter or Space
    would have started another application."""
    window.resize(1024, 768)
    window.show_screen("applications", {})
    key(qtbot, Qt.Key.Key_F2)
    wizard: Any = window.screens["wizard"]
    ktp_el_hilang_to_documents(qtbot, wizard, SITI)
    station = wizard.documents_page.station
    for _ in range(2):  # the operator pressed "Pindai" itself, which keeps the focus
        station.scan_button.setFocus()
        capture(qtbot, wizard.documents_page, "scanner")
    qtbot.waitUntil(lambda: station.item is None)
    assert wizard.isAncestorOf(focused()), focused().objectName()
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_step(qtbot, wizard, Step.REVIEW)
