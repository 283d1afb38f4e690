"""Printing the receipt through Qt's print support, with a preview.

The PDF is rasterised once in a background task (pdfium or pdftoppm, 150 dpi, grey) so the
preview's paint callback only draws ready images. Qt paints on the GUI thread and its PDF and
CUPS engines compress every image pixel there (about 80 ms for an A4 page at 150 dpi), which
is why the pages are not rendered finer. The dialogs are injectable: under the offscreen
platform tests must not open modal dialogs, so they pass a function that paints straight onto
the printer instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QCoreApplication, QMarginsF, QRect, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from kiosk.receipts import Layout
from ui.jobs.wizard import receipt_pages

PaintCallback = Callable[[QPrinter], None]
PreviewRunner = Callable[[QPrinter, PaintCallback, QWidget], bool]
"""Shows the preview for `printer`; True when the operator printed."""
SavePathAsker = Callable[[QWidget, str], Path | None]


def print_images(pdf: bytes) -> list[QImage]:
    """The receipt's pages as grey QImages (deep copies: safe to hand to the main thread)."""
    images = []
    for page in receipt_pages(pdf):
        grey = np.ascontiguousarray(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY))
        height, width = grey.shape
        image = QImage(grey.data, width, height, grey.strides[0], QImage.Format.Format_Grayscale8)
        images.append(image.copy())
    return images


def make_printer(layout: Layout, pages: list[QImage], title: str) -> QPrinter:
    """A printer set to A4, or to an 80 mm roll as long as the receipt."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
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


def paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        for index, image in enumerate(pages):
            if index:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
    finally:
        painter.end()


def run_print_preview(printer: QPrinter, paint: PaintCallback, parent: QWidget) -> bool:
    """Qt's modal print preview; the operator picks the printer and prints from it."""
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.paintRequested.connect(paint)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("ReceiptPage", "Simpan tanda terima"),
        suggested,
        "PDF (*.pdf)",
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def destination(printer: QPrinter) -> str:
    """What the audit log says the receipt went to."""
    return printer.outputFileName() or printer.printerName() or "printer"
