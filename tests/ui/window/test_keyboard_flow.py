"""KTP-el hilang by keyboard alone at 1024x768 completes, and its key presses are counted
(the figure itself is printed by bench/keyboard_flow.py, never a pass/fail limit)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.window.keyboard_flow import EXPECTED, SITI, KeyCounter, ktp_el_hilang
from ui.context import AppContext
from ui.main_window import MainWindow

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
    with capsys.disabled():
        print(f"\n[ktp-el-hilang by keyboard] {keys.total} keystrokes")  # noqa: T201
