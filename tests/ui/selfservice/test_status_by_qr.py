"""Cek status by the receipt's QR: the printed receipt held to the (fake) camera, the NIK's
last four on the keypad, by touch only; the QR alone shows nothing, and wrong tries count as
on the keypad."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import cast

import pytest
from pytestqt.qtbot import QtBot

from kiosk.applications.status import Status
from kiosk.store.clock import utcnow
from tests.helpers.applications import ktp_el_hilang, rejected_by_server
from tests.helpers.receipt_camera import receipt_camera
from tests.ui.selfservice.roll_printer import PdfRollPrinter, refusing_printer
from tests.ui.selfservice.test_touch_flow import _all_text, _type, kiosk, touch
from ui.context import AppContext
from ui.devices_setup import DeviceSet
from ui.main_window import MainWindow
from ui.selfservice import SELF_SERVICE
from ui.selfservice.session import citizen_session
from ui.selfservice.start import StartScreen
from ui.selfservice.status import ENTRY_PAGE, RESULT_PAGE, SCAN_PAGE, StatusScreen


def _status_screen(qtbot: QtBot, context: AppContext) -> StatusScreen:
    window = kiosk(qtbot, context)
    start = cast(StartScreen, window.screens["start"])
    touch(qtbot, start.voice_button)
    touch(qtbot, start.status_button)
    return cast(StatusScreen, window.screens["status"])


def _scan(qtbot: QtBot, status: StatusScreen) -> None:
    touch(qtbot, status.scan_button)
    assert status.pages.currentIndex() == SCAN_PAGE
    qtbot.waitUntil(lambda: status.pages.currentIndex() == ENTRY_PAGE, timeout=15_000)


def test_the_receipt_qr_and_the_nik_tail_show_the_holders_status_offline(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    store = context.store
    mine = store.submission.submit(ktp_el_hilang(1))
    rejected_by_server(store.records, mine.id)
    store.state.mark_synced(utcnow() - timedelta(minutes=90))
    context.devices = DeviceSet(camera=receipt_camera(store, mine.number, tmp_path), demo=True)
    nik = ktp_el_hilang(1).applicant.nik
    status = _status_screen(qtbot, context)
    voice = citizen_session(context).voice
    _scan(qtbot, status)
    assert "Dekatkan kode QR" in voice.spoken[-2]  # what to do while the camera looks
    assert "4 angka terakhir NIK" in voice.spoken[-1]  # the QR alone shows nothing
    assert mine.number not in _all_text(cast(MainWindow, status.window()))
    _type(qtbot, status.keypad, nik[-4:])
    touch(qtbot, status.next_button)
    qtbot.waitUntil(lambda: status.pages.currentIndex() == RESULT_PAGE)
    assert mine.number in status.answer.text()
    assert "perlu perbaikan" in status.answer.text()
    assert "Foto ulang KK asli" in status.answer.text()
    assert nik not in _all_text(cast(MainWindow, status.window()))
    assert "1 jam yang lalu" in status.age.text()  # offline: how old the state is
    assert voice.spoken[-1] == status.answer.text()


def test_a_receipt_qr_with_another_nik_tail_counts_as_a_wrong_try(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    store = context.store
    mine = store.submission.submit(ktp_el_hilang(1))
    context.devices = DeviceSet(camera=receipt_camera(store, mine.number, tmp_path), demo=True)
    status = _status_screen(qtbot, context)
    wrong_tail = "0000" if not ktp_el_hilang(1).applicant.nik.endswith("0000") else "1111"
    for attempt in range(5):
        _scan(qtbot, status)
        _type(qtbot, status.keypad, wrong_tail)
        touch(qtbot, status.next_button)
        qtbot.waitUntil(lambda: status.notice.isVisible())
        expected = "Terlalu banyak" if attempt == 4 else "tidak cocok"
        assert expected in status.notice.text()
        assert mine.number not in _all_text(cast(MainWindow, status.window()))
    assert status.pages.currentIndex() == ENTRY_PAGE


def test_without_a_camera_the_citizen_is_told_to_type_the_number(
    qtbot: QtBot, context: AppContext
) -> None:
    status = _status_screen(qtbot, context)
    touch(qtbot, status.scan_button)
    assert status.pages.currentIndex() == ENTRY_PAGE
    assert "Kamera tidak tersedia" in status.notice.text()


def test_ready_for_pickup_says_where_and_from_when_and_prints_the_coupon_on_the_roll(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    from devices.barcodes import read_codes_from_file

    store = context.store
    context.settings.office_name = "Kelurahan Menteng"
    mine = store.submission.submit(ktp_el_hilang(1))
    for step in (Status.RECEIVED, Status.VERIFIED, Status.READY):
        store.records.transition(mine.id, 1, step, source="server")
    context.devices = DeviceSet(camera=receipt_camera(store, mine.number, tmp_path), demo=True)
    window = kiosk(qtbot, context)
    touch(qtbot, cast(StartScreen, window.screens["start"]).status_button)
    status = cast(StatusScreen, window.screens["status"])
    roll = PdfRollPrinter(tmp_path / "kupon.pdf")
    status.print_coupon = roll
    assert not status.coupon_button.isVisibleTo(status)
    _scan(qtbot, status)
    _type(qtbot, status.keypad, ktp_el_hilang(1).applicant.nik[-4:])
    touch(qtbot, status.next_button)
    qtbot.waitUntil(lambda: status.pages.currentIndex() == RESULT_PAGE)
    assert "siap diambil di Kelurahan Menteng sejak" in status.answer.text()
    assert str(utcnow().year) in status.answer.text()
    touch(qtbot, status.coupon_button)
    qtbot.waitUntil(lambda: "sudah dicetak" in status.notice.text(), timeout=20_000)
    assert roll.widths_mm == [pytest.approx(80, abs=0.5)]
    assert [c.data for c in read_codes_from_file(roll.path)] == [mine.number]
    prints = [e for e in store.audit.entries() if e["action"] == "print"]
    assert prints[0]["detail"] == "pickup coupon 80mm"
    assert prints[0]["operator"] == SELF_SERVICE.username


def test_a_coupon_the_printer_refuses_is_explained_and_can_be_tried_again(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    store = context.store
    mine = store.submission.submit(ktp_el_hilang(1))
    for step in (Status.RECEIVED, Status.VERIFIED, Status.READY):
        store.records.transition(mine.id, 1, step, source="server")
    context.devices = DeviceSet(camera=receipt_camera(store, mine.number, tmp_path), demo=True)
    window = kiosk(qtbot, context)
    touch(qtbot, cast(StartScreen, window.screens["start"]).status_button)
    status = cast(StatusScreen, window.screens["status"])
    status.print_coupon = refusing_printer
    _scan(qtbot, status)
    _type(qtbot, status.keypad, ktp_el_hilang(1).applicant.nik[-4:])
    touch(qtbot, status.next_button)
    qtbot.waitUntil(lambda: status.pages.currentIndex() == RESULT_PAGE)
    assert "Kantor tempat Anda mengajukan" in status.answer.text()  # no office name set
    touch(qtbot, status.coupon_button)
    qtbot.waitUntil(lambda: "tidak bisa dicetak" in status.notice.text(), timeout=20_000)
    assert status.coupon_button.isEnabled()
    assert [e for e in store.audit.entries() if e["action"] == "print"] == []
