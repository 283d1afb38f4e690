"""The test printer of the kiosk's roll: what would go to the printer is written to a PDF file
(read back for its QR codes), and the paper width of each print is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage, QPageSize
from PySide6.QtPrintSupport import QPrinter

from ui.screens.wizard.printing import PrintOutcome, paint_pages, send_to_kiosk_printer


class PdfRollPrinter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.widths_mm: list[float] = []

    def __call__(self, printer: QPrinter, pages: list[QImage]) -> PrintOutcome:
        page_size = printer.pageLayout().pageSize()
        self.widths_mm.append(page_size.size(QPageSize.Unit.Millimeter).width())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.path))
        return PrintOutcome.PRINTED if paint_pages(printer, pages) else PrintOutcome.FAILED


def no_printer(printer: QPrinter, pages: list[QImage]) -> PrintOutcome:
    """The kiosk's real sender on a machine without any printer (Qt then has no name)."""
    printer.setPrinterName("")
    return send_to_kiosk_printer(printer, pages)


def refusing_printer(_printer: QPrinter, _pages: list[QImage]) -> PrintOutcome:
    return PrintOutcome.FAILED
