"""Printing says what happened (issue 13, point 4): our own Indonesian preview, a print that
fails or is cancelled is reported as such and the receipt stays for another try, the printer
and paper that worked are saved, and "Simpan PDF" writes into one named export folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from devices.barcodes import read_codes_from_file
from ui.context import AppContext
from ui.screens.wizard.print_preview import PrintPreviewDialog
from ui.screens.wizard.printing import PrintOutcome, send_to_printer
from ui.screens.wizard.receipt_page import ReceiptPage

from .conftest import submit


def page_image() -> QImage:
    image = QImage(400, 560, QImage.Format.Format_Grayscale8)
    image.fill(255)
    return image


def test_the_preview_is_indonesian_and_says_when_there_is_no_printer(qtbot: QtBot) -> None:
    dialog = PrintPreviewDialog([page_image()], printers=[])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Pratinjau cetak tanda terima"
    assert dialog.no_printer.isVisible()
    assert "Tidak ada printer" in dialog.no_printer.text()
    assert not dialog.print_button.isEnabled()
    assert dialog.focusWidget() is dialog.cancel_button
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == 0


def test_the_preview_prints_by_keyboard_to_the_saved_printer(qtbot: QtBot) -> None:
    dialog = PrintPreviewDialog(
        [page_image(), page_image()], printers=["Kasir-A4", "Struk-80"], printer="Struk-80"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert len(dialog.page_labels) == 2
    assert dialog.chosen_printer == "Struk-80"
    assert not dialog.no_printer.isVisible()
    assert dialog.focusWidget() is dialog.print_button
    assert dialog.print_button.text() == "&Cetak (Enter)"
    # Tab reaches the printer list and both buttons.
    reached = set()
    for _ in range(4):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        reached.add(dialog.focusWidget().objectName())
    assert {"preview-printer", "preview-print", "preview-cancel"} <= reached
    dialog.print_button.setFocus()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.print_button, Qt.Key.Key_Return)


@pytest.mark.qt_log_ignore("QPainter::begin")  # Qt's own note of the refused printer
def test_a_printer_that_cannot_be_opened_is_a_failure(qtbot: QtBot, tmp_path: Path) -> None:
    good = QPrinter()
    good.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    good.setOutputFileName(str(tmp_path / "ok.pdf"))
    assert send_to_printer(good, [page_image()]) is PrintOutcome.PRINTED
    assert (tmp_path / "ok.pdf").read_bytes().startswith(b"%PDF")
    gone = QPrinter()
    gone.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    gone.setOutputFileName(str(tmp_path / "no-such-folder" / "x.pdf"))
    assert send_to_printer(gone, [page_image()]) is PrintOutcome.FAILED


def receipt_page(qtbot: QtBot, context: AppContext) -> ReceiptPage:
    submitted = submit(context.store, "3171015708900001", "SITI AMINAH")
    page = ReceiptPage(context)
    qtbot.addWidget(page)
    page.show()
    page.show_receipt(submitted.number, submitted.version, "KTP-el hilang")
    qtbot.waitUntil(page.ready, timeout=20_000)
    return page


def prints(context: AppContext) -> list[str]:
    return [e["action"] for e in context.store.audit.entries() if e["action"] in ("print",)]


def test_a_failed_print_says_so_keeps_the_receipt_and_a_retry_prints(
    qtbot: QtBot, signed_in: AppContext, tmp_path: Path
) -> None:
    page = receipt_page(qtbot, signed_in)
    outcomes = [PrintOutcome.FAILED, PrintOutcome.CANCELLED]

    def refusing(printer: QPrinter, _pages: list[QImage], _parent: object) -> PrintOutcome:
        printer.setPrinterName("Kasir-A4")
        return outcomes.pop(0)

    page.preview_runner = refusing
    qtbot.keyClick(page.print_button, Qt.Key.Key_Return)
    assert "GAGAL dicetak" in page.status.text()
    assert "Tanda terima dicetak" not in page.status.text()
    assert page.print_button.isEnabled()
    page.print_receipt()
    assert "BELUM dicetak" in page.status.text()
    signed_in.tasks.wait()
    assert prints(signed_in) == []

    out = tmp_path / "printed.pdf"

    def printing(printer: QPrinter, pages: list[QImage], _parent: object) -> PrintOutcome:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return send_to_printer(printer, pages)

    page.preview_runner = printing
    page.roll.setChecked(True)  # 80 mm thermal paper
    qtbot.waitUntil(page.ready, timeout=20_000)
    page.print_receipt()
    qtbot.waitUntil(lambda: page.last_action == "print", timeout=10_000)
    assert "Tanda terima dicetak." in page.status.text()
    assert out.read_bytes().startswith(b"%PDF")
    signed_in.tasks.wait()
    assert signed_in.settings.receipt_paper == "80mm"
    data_dir = signed_in.data_dir
    assert data_dir is not None
    saved = json.loads((data_dir / "settings.json").read_text())
    assert saved["receipt_paper"] == "80mm"


def test_save_pdf_goes_to_the_named_export_folder_without_a_file_dialog(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    page = receipt_page(qtbot, signed_in)
    number = page.receipt[0] if page.receipt else ""
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    data_dir = signed_in.data_dir
    assert data_dir is not None
    expected = data_dir / "ekspor" / f"tanda-terima-{number}.pdf"
    qtbot.waitUntil(expected.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "folder ekspor" in page.status.text(), timeout=10_000)
    assert str(expected) in page.status.text()
    assert expected.read_bytes().startswith(b"%PDF")


def test_the_counter_receipt_shows_the_paper_receipts_qr_and_ctrl_s_still_saves(
    qtbot: QtBot, signed_in: AppContext, tmp_path: Path
) -> None:
    """A field laptop with no printer: the citizen photographs the QR on the screen (the
    review's F9); it is the symbol the paper receipt carries (the application number)."""
    page = receipt_page(qtbot, signed_in)
    assert page.receipt is not None
    number = page.receipt[0]
    assert page.qr.isVisible()
    shot = tmp_path / "qr.png"
    assert page.qr.pixmap().save(str(shot))
    assert [c.data for c in read_codes_from_file(shot)] == [number]
    assert "foto" in page.qr_caption.text()
    assert page.qr_caption.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    data_dir = signed_in.data_dir
    assert data_dir is not None
    qtbot.waitUntil((data_dir / "ekspor" / f"tanda-terima-{number}.pdf").exists, timeout=10_000)


def test_the_preview_opens_readable_and_fits_the_page_to_its_width(qtbot: QtBot) -> None:
    """It was ~380 px wide: an A4 receipt could not be read without scrolling both ways
    (the review's C5). Now it takes most of the screen, never more, and the page fills the
    width (a 150 dpi A4 page scaled down, a narrow 80 mm roll never blown up)."""
    a4 = QImage(1240, 1754, QImage.Format.Format_Grayscale8)
    a4.fill(255)
    dialog = PrintPreviewDialog([a4], printers=["Kasir-A4"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.width() >= min(900, room.width() * 0.85)
    assert dialog.frameGeometry().width() <= room.width()
    assert dialog.frameGeometry().height() <= room.height()
    viewport = dialog.page_area.viewport().width()
    shown = dialog.page_labels[0].pixmap().width()
    assert viewport - 40 <= shown <= viewport
    assert dialog.page_area.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    # PgDn / PgUp read down the page without leaving the keyboard.
    bar = dialog.page_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_PageDown)
    assert bar.value() > 0
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_PageUp)
    assert bar.value() == 0

    roll = QImage(472, 1400, QImage.Format.Format_Grayscale8)
    roll.fill(255)
    narrow = PrintPreviewDialog([roll], printers=[])
    qtbot.addWidget(narrow)
    narrow.show()
    qtbot.waitExposed(narrow)
    assert narrow.page_labels[0].pixmap().width() == 472
