"""The receipt's QR code on screen, for a citizen to photograph when the kiosk cannot print:
the same symbol the printed receipt carries (its application number, error level M), drawn
dark on white with its quiet zone, whatever the theme, so a phone camera reads it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from reportlab.graphics.barcode.qr import QrCodeWidget

QUIET_MODULES = 4


def qr_image(value: str, module_px: int = 5) -> QImage:
    code = QrCodeWidget(value, barLevel="M").qr
    code.make()
    count = code.getModuleCount()
    side = (count + 2 * QUIET_MODULES) * module_px
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        dark = QColor(Qt.GlobalColor.black)
        for row in range(count):
            for column in range(count):
                if code.isDark(row, column):
                    x = (column + QUIET_MODULES) * module_px
                    y = (row + QUIET_MODULES) * module_px
                    painter.fillRect(x, y, module_px, module_px, dark)
    finally:
        painter.end()
    return image
