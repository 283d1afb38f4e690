"""'Cetak tanda terima' in a citizen's hands: straight to the kiosk's roll printer (no preview
dialog), a large result message that is also said, and a plain word when there is no printer
(the QR on screen can be photographed instead)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from devices.barcodes import read_codes_from_file
from tests.helpers.applications import ktp_el_hilang
from tests.ui.selfservice.roll_printer import PdfRollPrinter, no_printer, refusing_printer
from tests.ui.selfservice.test_touch_flow import kiosk, touch
from tests.ui.selfservice.touch_apply import apply_by_touch
from ui.context import AppContext
from ui.design.tokens import MIN_TEXT_PT
from ui.main_window import MainWindow
from ui.screens.wizard.printing import PrintOutcome
from ui.screens.wizard.receipt_page import ReceiptPage
from ui.screens.wizard.screen import WizardScreen
from ui.selfservice import SELF_SERVICE
from ui.selfservice.session import citizen_session
from ui.selfservice.start import StartScreen

pytestmark = pytest.mark.gui


def _no_dialog(_printer: QPrinter, _pages: list[QImage], _parent: QWidget) -> PrintOutcome:
    raise AssertionError("a citizen must not get the counter's print preview")


def _receipt_page(qtbot: QtBot, context: AppContext) -> tuple[MainWindow, ReceiptPage]:
    """The receipt step of an application already submitted, in a citizen's wizard."""
    window = kiosk(qtbot, context)
    start = cast(StartScreen, window.screens["start"])
    touch(qtbot, start.voice_button)
    touch(qtbot, start.apply_button)
    wizard = cast(WizardScreen, window.screens["wizard"])
    mine = context.store.submission.submit(ktp_el_hilang(1))
    page = wizard.receipt_page
    wizard.stack.setCurrentWidget(page)
    page.show_receipt(mine.number, 1, "KTP-el hilang")
    qtbot.waitUntil(page.ready, timeout=30_000)
    page.preview_runner = _no_dialog
    return window, page


def _large(page: ReceiptPage) -> None:
    assert page.status.isVisible()
    assert page.status.font().pointSizeF() > MIN_TEXT_PT
    assert page.status.height() >= 88  # a message the eye finds, not a status line


def test_the_citizens_receipt_goes_straight_to_the_roll_and_says_so(
    qtbot: QtBot, context: AppContext, fake_devices: object, tmp_path: Path
) -> None:
    context.devices = fake_devices
    window = kiosk(qtbot, context)
    touch(qtbot, cast(StartScreen, window.screens["start"]).voice_button)
    apply_by_touch(qtbot, window, lambda _screen, _where: None)
    page = cast(WizardScreen, window.screens["wizard"]).receipt_page
    page.preview_runner = _no_dialog
    roll = PdfRollPrinter(tmp_path / "tanda-terima.pdf")
    page.roll_sender = roll
    voice = citizen_session(context).voice
    touch(qtbot, page.print_button)
    qtbot.waitUntil(lambda: "sudah dicetak" in page.status.text(), timeout=20_000)
    assert roll.widths_mm == [pytest.approx(80, abs=0.5)]
    number = page.receipt[0] if page.receipt else ""
    assert number in [c.data for c in read_codes_from_file(roll.path)]
    assert any(s.startswith("Tanda terima sedang dicetak") for s in voice.spoken)
    assert voice.spoken[-1] == page.status.text()
    _large(page)
    prints = [e for e in context.store.audit.entries() if e["action"] == "print"]
    assert [(p["number"], p["operator"]) for p in prints] == [(number, SELF_SERVICE.username)]
    assert window.findChildren(QDialog) == []


def test_without_a_printer_the_citizen_is_told_to_photograph_the_qr(
    qtbot: QtBot, context: AppContext
) -> None:
    _window, page = _receipt_page(qtbot, context)
    page.roll_sender = no_printer
    touch(qtbot, page.print_button)
    qtbot.waitUntil(lambda: "tidak punya printer" in page.status.text())
    assert "foto kode QR" in page.status.text()
    assert page.qr.isVisible()
    assert not page.qr.pixmap().isNull()
    assert citizen_session(context).voice.spoken[-1] == page.status.text()
    _large(page)
    assert [e for e in context.store.audit.entries() if e["action"] == "print"] == []


def test_a_receipt_the_printer_refuses_sends_the_citizen_to_the_counter(
    qtbot: QtBot, context: AppContext
) -> None:
    _window, page = _receipt_page(qtbot, context)
    page.roll_sender = refusing_printer
    touch(qtbot, page.print_button)
    qtbot.waitUntil(lambda: "loket" in page.status.text())
    assert "tidak bisa mencetak" in page.status.text()
    assert page.print_button.isEnabled()  # try again once the counter has seen to it
    _large(page)
    assert [e for e in context.store.audit.entries() if e["action"] == "print"] == []


def test_the_qr_on_screen_is_the_receipts_number(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    _window, page = _receipt_page(qtbot, context)
    assert page.qr.isVisible()
    shot = tmp_path / "qr.png"
    assert page.qr.pixmap().save(str(shot))
    assert page.receipt is not None
    assert [c.data for c in read_codes_from_file(shot)] == [page.receipt[0]]
