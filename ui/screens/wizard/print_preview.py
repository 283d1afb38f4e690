"""Our own print preview, in the app's language: the receipt's pages, the printer, the paper.

Qt's QPrintPreviewDialog is English-only (Qt ships no Indonesian catalogue), preselects "Print
to File (PDF)" when no printer is installed and writes into the home folder; this one offers
only the printers the system has, says so plainly when there is none (then "Simpan PDF" is the
way), and is driven by keyboard: Enter prints, Esc cancels, PgDn/PgUp read down the page,
Tab reaches every control. It opens at most of the screen with the page fitted to its width. The
printer and paper chosen here are saved as the office's settings (`receipt_printer`,
`receipt_paper`), so the next receipt goes to the same printer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QAbstractSlider,
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

PREVIEW_MAX_WIDTH = 1100
"""Wider than this an A4 page is taller than any screen shows at once: no gain."""


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
        self.page_area = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setMinimumHeight(320)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The page fits the width (`_fit_pages`), so only ever up and down; the bar is always
        # there so showing it never narrows the page.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        holder = QWidget(scroll)
        self.column = column = QVBoxLayout(holder)
        self.pages = pages
        self.page_labels: list[QLabel] = []
        for _image in pages:
            label = QLabel(holder)
            label.setStyleSheet(
                f"border: 1px solid {DEFAULT.border}; background: {DEFAULT.background};"
            )
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        bar = scroll.verticalScrollBar()
        for key, step in (
            (Qt.Key.Key_PageDown, QAbstractSlider.SliderAction.SliderPageStepAdd),
            (Qt.Key.Key_PageUp, QAbstractSlider.SliderAction.SliderPageStepSub),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda s=step: bar.triggerAction(s))
        self._fitted_to = -1

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
        self._open_readable(parent)

    def _open_readable(self, parent: QWidget | None) -> None:
        """Most of the screen (a 1024x768 one too) and never beyond it: the page readable."""
        screen = (parent.screen() if parent is not None else None) or self.screen()
        room = screen.availableGeometry()
        self.resize(min(PREVIEW_MAX_WIDTH, int(room.width() * 0.9)), int(room.height() * 0.9))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_pages()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit_pages()

    def _fit_pages(self) -> None:
        """Fit to width: each page as wide as the view, never larger than rendered (150 dpi;
        a narrow 80 mm roll is not blown up into a blur)."""
        margins = self.column.contentsMargins()
        width = self.page_area.viewport().width() - margins.left() - margins.right() - 2
        if width <= 0 or width == self._fitted_to:
            return
        self._fitted_to = width
        for image, label in zip(self.pages, self.page_labels, strict=True):
            pixmap = QPixmap.fromImage(image)
            if pixmap.width() > width:
                pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            label.setPixmap(pixmap)

    @property
    def chosen_printer(self) -> str:
        data = self.printer_box.currentData()
        return str(data) if data else ""
