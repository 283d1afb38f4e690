"""Printing the receipt through Qt's print support, with our own preview (print_preview.py).

The PDF is rasterised once in a background task (pdfium or pdftoppm, 150 dpi, grey) so the
preview's paint callback only draws ready images. Qt paints on the GUI thread and its PDF and
CUPS engines compress every image pixel there (about 80 ms for an A4 page at 150 dpi), which
is why the pages are not rendered finer. The dialogs are injectable: under the offscreen
platform tests must not open modal dialogs, so they pass a function that paints straight onto
the printer instead.

A print has three outcomes, and the screen says which: printed, cancelled (nothing was sent)
or failed (the printer refused or is gone); only "printed" is recorded as a print.

At the self-service kiosk there is no dialog at all: the receipt and the pickup coupon go
straight to the kiosk's own printer (`send_to_kiosk_printer`), and a machine without any
printer is a fourth outcome, said plainly, rather than a PDF written where nobody looks.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QMarginsF, QRect, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from kiosk.receipts import Layout
from ui.jobs.wizard import receipt_pages
from ui.screens.wizard.print_preview import PrintPreviewDialog, installed_printers


class PrintOutcome(StrEnum):
    PRINTED = "printed"
    CANCELLED = "cancelled"
    FAILED = "failed"
    NO_PRINTER = "no_printer"


PreviewRunner = Callable[[QPrinter, list[QImage], QWidget], PrintOutcome]
"""Shows the preview of `pages` for `printer` and prints them when the operator says so."""
RollSender = Callable[[QPrinter, list[QImage]], PrintOutcome]
"""Sends ready pages to the kiosk's printer, no dialog (tests print to a PDF file instead)."""
SavePathAsker = Callable[[QWidget, str], Path | None]
EXPORT_FOLDER_NAME = "ekspor"


def print_images(pdf: bytes) -> list[QImage]:
    """The receipt's pages as grey QImages (deep copies: safe to hand to the main thread)."""
    images = []
    for page in receipt_pages(pdf):
        grey = np.ascontiguousarray(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY))
        height, width = grey.shape
        image = QImage(grey.data, width, height, grey.strides[0], QImage.Format.Format_Grayscale8)
        images.append(image.copy())
    return images


def make_printer(
    layout: Layout, pages: list[QImage], title: str, printer_name: str = ""
) -> QPrinter:
    """A printer set to A4, or to an 80 mm roll as long as the receipt; `printer_name` is the
    office's saved printer (empty: the system's default)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if printer_name:
        printer.setPrinterName(printer_name)
    printer.setDocName(title)
    printer.setFullPage(True)
    if layout == "80mm" and pages:
        first = pages[0]
        height_mm = 80.0 * first.height() / max(first.width(), 1)
        size = QPageSize(QSizeF(80.0, height_mm), QPageSize.Unit.Millimeter, "Struk 80 mm")
    else:
        size = QPageSize(QPageSize.PageSizeId.A4)
    printer.setPageLayout(
        QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    return printer


def paint_pages(printer: QPrinter, pages: list[QImage]) -> bool:
    """Paints every page; False when the printer could not be opened (gone, no output)."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for index, image in enumerate(pages):
            if index and not printer.newPage():
                return False
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
    finally:
        painter.end()
    return printer.printerState() != QPrinter.PrinterState.Error


def send_to_printer(printer: QPrinter, pages: list[QImage]) -> PrintOutcome:
    return PrintOutcome.PRINTED if paint_pages(printer, pages) else PrintOutcome.FAILED


def send_to_kiosk_printer(printer: QPrinter, pages: list[QImage]) -> PrintOutcome:
    """Straight to the printer `make_printer` set (the saved one, else the system's default).

    On a machine without any printer Qt leaves the name empty and falls back to writing a PDF
    file: that is NO_PRINTER, and nothing is painted.
    """
    native = printer.outputFormat() is QPrinter.OutputFormat.NativeFormat
    if not native or not printer.printerName():
        return PrintOutcome.NO_PRINTER
    return send_to_printer(printer, pages)


def run_print_preview(printer: QPrinter, pages: list[QImage], parent: QWidget) -> PrintOutcome:
    """Our Indonesian preview; prints to the printer chosen there (the saved one preselected)."""
    dialog = PrintPreviewDialog(
        pages, printers=installed_printers(), printer=printer.printerName(), parent=parent
    )
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen_printer:
            return PrintOutcome.CANCELLED
        printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        printer.setPrinterName(dialog.chosen_printer)
    finally:
        dialog.deleteLater()
    return send_to_printer(printer, pages)


def export_folder(settings_folder: str, data_dir: Path | None) -> Path:
    """The one folder receipts are saved to as PDF (named in the message after saving)."""
    if settings_folder:
        return Path(settings_folder)
    return (data_dir or Path.cwd()) / EXPORT_FOLDER_NAME


def destination(printer: QPrinter) -> str:
    """What the audit log says the receipt went to."""
    return printer.outputFileName() or printer.printerName() or "printer"
