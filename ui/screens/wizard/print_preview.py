"""Our own print preview, in the app's language: the receipt's pages, the printer, the paper.

Qt's QPrintPreviewDialog is English-only (Qt ships no Indonesian catalogue), preselects "Print
to File (PDF)" when no printer is installed and writes into the home folder; this one offers
only the printers the system has, says so plainly when there is none (then "Simpan PDF" is the
way), and is driven by keyboard: Enter prints, Esc cancels, Tab reaches every control. The
printer and paper chosen here are saved as the office's settings (`receipt_printer`,
`receipt_paper`), so the next receipt goes to the same printer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.design.tokens import DEFAULT
from ui.look import ERROR_TEXT_STYLE

PREVIEW_WIDTH = 360


def installed_printers() -> list[str]:
    """The system's printers, its default first."""
    names = list(QPrinterInfo.availablePrinterNames())
    default = QPrinterInfo.defaultPrinterName()
    if default in names:
        names.remove(default)
        names.insert(0, default)
    return names


class PrintPreviewDialog(QDialog):
    def __init__(
        self,
        pages: list[QImage],
        *,
        printers: list[str],
        printer: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("print-preview")
        self.setWindowTitle(self.tr("Pratinjau cetak tanda terima"))
        layout = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setMinimumHeight(320)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder = QWidget(scroll)
        column = QVBoxLayout(holder)
        self.page_labels: list[QLabel] = []
        for image in pages:
            label = QLabel(holder)
            label.setPixmap(
                QPixmap.fromImage(image).scaledToWidth(
                    PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation
                )
            )
            label.setStyleSheet(
                f"border: 1px solid {DEFAULT.border}; background: {DEFAULT.background};"
            )
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)

        row = QHBoxLayout()
        self.printer_label = QLabel(self.tr("&Printer:"), self)
        self.printer_box = QComboBox(self)
        self.printer_box.setObjectName("preview-printer")
        self.printer_label.setBuddy(self.printer_box)
        for name in printers:
            self.printer_box.addItem(name, name)
        if printer in printers:
            self.printer_box.setCurrentIndex(printers.index(printer))
        row.addWidget(self.printer_label)
        row.addWidget(self.printer_box, 1)
        layout.addLayout(row)
        self.no_printer = QLabel(self)
        self.no_printer.setObjectName("preview-no-printer")
        self.no_printer.setWordWrap(True)
        self.no_printer.setStyleSheet(ERROR_TEXT_STYLE)
        self.no_printer.setText(
            self.tr(
                "Tidak ada printer yang terpasang di komputer ini. Tanda terima belum dicetak: "
                "pasang printer, atau tutup jendela ini dan pilih Simpan PDF."
            )
        )
        self.no_printer.setVisible(not printers)
        self.printer_box.setEnabled(bool(printers))
        layout.addWidget(self.no_printer)

        buttons = QHBoxLayout()
        self.print_button = QPushButton(self.tr("&Cetak (Enter)"), self)
        self.print_button.setObjectName("preview-print")
        self.print_button.setDefault(True)
        self.print_button.setEnabled(bool(printers))
        self.print_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton(self.tr("&Batal (Esc)"), self)
        self.cancel_button.setObjectName("preview-cancel")
        self.cancel_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        (self.print_button if printers else self.cancel_button).setFocus()

    @property
    def chosen_printer(self) -> str:
        data = self.printer_box.currentData()
        return str(data) if data else ""
