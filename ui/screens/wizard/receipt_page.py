"""Step 7: the application number, large, and the receipt (tanda terima): print or save as PDF.

The receipt is the same PDF `kiosk receipt NUMBER` writes. Each print or save is recorded in
the audit log as "print" the first time and "reprint" after (kiosk/receipts/issue.py).

In a citizen's hands (self-service) there is no preview dialog: "Cetak tanda terima" sends
the 80 mm receipt straight to the kiosk's printer, the way the status screen prints the pickup
coupon, and the result is a large message that is also said. The receipt's QR code shows on
screen in every profile, so a citizen can photograph it when there is no printer.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
)

from kiosk.local_store import Store
from kiosk.receipts import Layout
from kiosk.settings import Settings, save_settings
from ui.context import AppContext
from ui.jobs.wizard import (
    ReceiptDocument,
    prepare_receipt,
    record_print,
    render_layout,
    save_receipt,
)
from ui.screens.wizard.printing import (
    PreviewRunner,
    PrintOutcome,
    RollSender,
    SavePathAsker,
    destination,
    export_folder,
    make_printer,
    print_images,
    run_print_preview,
    send_to_kiosk_printer,
)
from ui.screens.wizard.widgets import StepPage, error_text
from ui.selfservice import SELF_SERVICE
from ui.selfservice.receipt_qr import qr_image
from ui.viewmodels.wizard import WizardModel


def receipt_job(
    store: Store,
    settings: Settings,
    number: str,
    version: int,
    operator: str,
    layout: Layout,
    base: ReceiptDocument | None,
) -> tuple[ReceiptDocument, list[QImage]]:
    if base is None:
        document = prepare_receipt(store, settings, number, version, operator, layout)
    else:
        document = render_layout(base, layout)
    return document, print_images(document.pdf)


def record_printed(store: Store, document: ReceiptDocument, target: str, operator: str) -> str:
    """`record_print` in `_record`'s order (as `save_receipt`): printer first, then operator."""
    return record_print(store, document, operator, target)


class ReceiptPage(StepPage):
    new_requested = Signal()
    citizen_told = Signal(str)
    """A print result for the citizen, to be said aloud (the self-service voice)."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.preview_runner: PreviewRunner = run_print_preview
        self.save_path_asker: SavePathAsker = self._export_path
        self.roll_sender: RollSender = send_to_kiosk_printer
        _body, layout = self.scrolling_body()
        self.heading = QLabel(self)
        self.number = QLabel(self)
        self.number.setObjectName("receipt-number")
        font = QFont(self.number.font())
        font.setPointSize(40)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr = QLabel(self)
        self.qr.setObjectName("receipt-qr")
        self.qr.hide()
        self.qr_caption = QLabel(self)  # at a counter or a field laptop: what the QR is for
        self.qr_caption.setObjectName("receipt-qr-caption")
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setMaximumWidth(240)
        self.qr_caption.hide()
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        choice = QHBoxLayout()
        self.a4 = QRadioButton(self)
        self.roll = QRadioButton(self)
        (self.roll if context.settings.receipt_paper == "80mm" else self.a4).setChecked(True)
        self.a4.toggled.connect(lambda _on: self._layout_changed())
        choice.addWidget(self.a4)
        choice.addWidget(self.roll)
        choice.addStretch(1)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(self)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_receipt)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self.save_pdf)
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.new_requested)
        for button in (self.print_button, self.save_button, self.new_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel(self)
        self.status.setObjectName("receipt-status")
        self.status.setWordWrap(True)
        for widget in (self.heading, self.number, self.info):
            layout.addWidget(widget)
        layout.addLayout(choice)
        layout.addLayout(buttons)
        # The QR beside the print result: what to photograph when there is no printer.
        result_row = QHBoxLayout()
        result_row.addWidget(self.status, 1)
        qr_column = QVBoxLayout()
        qr_column.addWidget(self.qr)
        qr_column.addWidget(self.qr_caption, 1, Qt.AlignmentFlag.AlignTop)
        result_row.addLayout(qr_column)
        layout.addLayout(result_row)
        layout.addStretch(1)
        for key, action in (
            ("Return", self.print_receipt),
            ("Enter", self.print_receipt),
            ("Ctrl+S", self.save_pdf),
            ("Ctrl+N", self.new_requested.emit),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.receipt: tuple[str, int, str] | None = None
        self.documents: dict[str, tuple[ReceiptDocument, list[QImage]]] = {}
        self.last_action = ""
        self.retranslate()

    @property
    def citizen(self) -> bool:
        return self.context.operator == SELF_SERVICE

    @property
    def layout_choice(self) -> Layout:
        if self.citizen:
            return "80mm"  # the kiosk's roll, as the pickup coupon
        return "a4" if self.a4.isChecked() else "80mm"

    def show_model(self, model: WizardModel) -> None:
        if model.number is not None and model.service is not None:
            service = model.catalog.service(model.service).name.get(self.lang)
            self.show_receipt(model.number, model.version, service)

    def show_receipt(self, number: str, version: int, service_name: str) -> None:
        self.receipt = (number, version, service_name)
        self.documents = {}
        self.last_action = ""
        self.status.clear()
        self.status.setVisible(not self.citizen)  # a citizen's framed result: once there is one
        self.qr.setPixmap(QPixmap.fromImage(qr_image(number, module_px=8)))
        self.qr.show()
        self.qr_caption.setVisible(not self.citizen)
        self.retranslate()
        self._prepare(self.layout_choice)

    def ready(self, layout: Layout | None = None) -> bool:
        return (layout or self.layout_choice) in self.documents

    def _prepare(self, layout: Layout) -> None:
        operator = self.context.operator
        if self.receipt is None or operator is None:
            return
        number, version, _ = self.receipt
        base = next(iter(self.documents.values()))[0] if self.documents else None
        self._enable(False)
        self.context.tasks.run(
            receipt_job,
            self.context.store,
            self.context.settings,
            number,
            version,
            operator.username,
            layout,
            base,
            on_done=self._prepared,
            on_error=self._failed,
        )

    def _prepared(self, result: tuple[ReceiptDocument, list[QImage]]) -> None:
        document, _images = result
        if self.receipt is None or document.data.number != self.receipt[0]:
            return
        self.documents[document.layout] = result
        self._enable(self.ready())

    def _layout_changed(self) -> None:
        if self.receipt is not None and not self.ready():
            self._prepare(self.layout_choice)
        else:
            self._enable(self.ready())

    def print_receipt(self) -> None:
        if not self.ready() or self.receipt is None:
            return
        document, images = self.documents[self.layout_choice]
        settings = self.context.settings
        title = f"Tanda terima {document.data.number}"
        printer = make_printer(document.layout, images, title, settings.receipt_printer)
        if self.citizen:
            self._print_on_roll(printer, document, images)
            return
        outcome = self.preview_runner(printer, images, self)
        if outcome is PrintOutcome.PRINTED:
            self._remember_printer(printer.printerName(), document.layout)
            self._record(record_printed, document, destination(printer))
            return
        # The receipt stays on this page: the operator prints again or saves it as PDF.
        self.last_action = str(outcome)
        if outcome is PrintOutcome.CANCELLED:
            text = self.tr(
                "Pencetakan dibatalkan: tanda terima BELUM dicetak. Tekan Cetak untuk mencoba "
                "lagi, atau Simpan PDF."
            )
        else:
            text = self.tr(
                "Tanda terima GAGAL dicetak (printer %1 tidak bisa dipakai). Periksa printer "
                "(kertas, kabel, daya), lalu tekan Cetak lagi, atau Simpan PDF."
            ).replace("%1", printer.printerName() or "?")
        self.status.setText(f"<span style='color:{self.colours.error}'>{html.escape(text)}</span>")

    def _print_on_roll(
        self, printer: QPrinter, document: ReceiptDocument, images: list[QImage]
    ) -> None:
        """Straight to the kiosk's printer: a citizen gets no dialog to choose or confirm."""
        self.print_button.setEnabled(False)
        self._tell_citizen(self.tr("Tanda terima sedang dicetak. Mohon tunggu sebentar."))
        self.status.repaint()  # seen while the printer is being fed
        outcome = self.roll_sender(printer, images)
        self.last_action = str(outcome)
        if outcome is PrintOutcome.PRINTED:
            self._record(record_printed, document, destination(printer))
            return
        self.print_button.setEnabled(True)
        if outcome is PrintOutcome.NO_PRINTER:
            text = self.tr(
                "Anjungan ini tidak punya printer, jadi tanda terima tidak bisa dicetak. Silakan "
                "foto kode QR di layar ini dengan ponsel Anda: kode itu untuk cek status nanti."
            )
        else:
            text = self.tr(
                "Printer tidak bisa mencetak tanda terima. Minta bantuan petugas di loket; "
                "permohonan Anda sudah tersimpan. Kode QR di layar ini juga bisa Anda foto."
            )
        self._tell_citizen(text)

    def _tell_citizen(self, text: str) -> None:
        """Plain large text in the theme's own colour (the style sheet's result role)."""
        self.status.setText(text)
        self.status.show()
        self.citizen_told.emit(text)
        # Once laid out with the new text (the next turn of the event loop).
        QTimer.singleShot(0, self, self._bring_result_into_view)

    def _bring_result_into_view(self) -> None:
        """Below the fold at the larger text sizes: every scrolling area around brings it up."""
        shown = self.qr if self.qr.isVisible() else self.status
        parent = self.status.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(shown)
            parent = parent.parentWidget()

    def _remember_printer(self, name: str, layout: Layout) -> None:
        """The printer and paper that worked become the office's saved choice."""
        settings = self.context.settings
        if (settings.receipt_printer, settings.receipt_paper) == (name, layout):
            return
        changed = settings.model_copy(update={"receipt_printer": name, "receipt_paper": layout})
        self.context.settings = changed
        data_dir = self.context.data_dir
        if data_dir is not None:
            self.context.tasks.run(save_settings, data_dir, changed, on_error=self._failed)

    def _export_path(self, _parent: object, name: str) -> Path:
        folder = export_folder(self.context.settings.export_folder, self.context.data_dir)
        return folder / name

    def save_pdf(self) -> None:
        if not self.ready() or self.receipt is None:
            return
        document, _ = self.documents[self.layout_choice]
        path = self.save_path_asker(self, f"tanda-terima-{document.data.number}.pdf")
        if path is not None:
            self._record(save_receipt, document, path, saved=path)

    def _record(
        self, job: Any, document: ReceiptDocument, target: Any, saved: Path | None = None
    ) -> None:
        operator = self.context.operator
        if operator is None:
            return
        self.context.tasks.run(
            job,
            self.context.store,
            document,
            target,
            operator.username,
            on_done=lambda action: self._recorded(action, saved),
            on_error=self._failed,
        )

    def _recorded(self, action: str, saved: Path | None = None) -> None:
        self.last_action = action
        if self.citizen:
            self._tell_citizen(
                self.tr("Tanda terima sudah dicetak. Silakan ambil dari printer anjungan.")
            )
            return
        text = (
            self.tr("Tanda terima dicetak ulang.")
            if action == "reprint"
            else self.tr("Tanda terima dicetak.")
        )
        if saved is not None:
            text = self.tr("Tanda terima disimpan sebagai PDF di folder ekspor: %1").replace(
                "%1", str(saved)
            )
        self.status.setText(f"<span style='color:{self.colours.ok}'>✔ {html.escape(text)}</span>")

    def _failed(self, error: Exception) -> None:
        self._enable(self.ready())
        if isinstance(error, OSError):
            folder = export_folder(self.context.settings.export_folder, self.context.data_dir)
            text = self.tr(
                "Berkas tidak dapat disimpan di folder ekspor %1 (penuh atau tidak boleh "
                "ditulis). Tanda terima tetap ada di sini; hubungi TI."
            ).replace("%1", str(folder))
        else:
            fallback = self.tr("Tanda terima gagal dibuat; permohonan tetap tersimpan. Coba lagi.")
            text = error_text(error, self.lang, fallback)
        self.status.show()
        self.status.setText(f"<span style='color:{self.colours.error}'>{html.escape(text)}</span>")

    def _enable(self, on: bool) -> None:
        self.print_button.setEnabled(on)
        self.save_button.setEnabled(on)

    def focus_first(self) -> None:
        self.print_button.setFocus()

    def retranslate(self) -> None:
        self.heading.setText("<h2>" + self.tr("Permohonan tersimpan") + "</h2>")
        self.a4.setText(self.tr("Kertas A&4"))
        self.roll.setText(self.tr("Struk &80 mm"))
        if self.citizen:  # no keyboard at a self-service kiosk
            self.print_button.setText(self.tr("Cetak tanda terima"))
            self.new_button.setText(self.tr("Permohonan baru"))
        else:
            self.print_button.setText(self.tr("&Cetak (Enter)"))
            self.new_button.setText(self.tr("Permohonan &baru (Ctrl+N)"))
        self.save_button.setText(self.tr("Simpan &PDF (Ctrl+S)"))
        self.qr_caption.setText(
            self.tr(
                "Kode QR tanda terima (nomor permohonan). Tanpa printer: pemohon bisa "
                "memfotonya dengan ponsel untuk cek status, atau simpan PDF (Ctrl+S)."
            )
        )
        if self.receipt is not None:
            number, _version, service = self.receipt
            self.number.setText(number)
            if self.citizen:
                told = self.tr(
                    "Data dan dokumen Anda sudah aman di anjungan ini dan dikirim otomatis ke "
                    "Dukcapil. Cetak tanda terimanya: kode QR-nya untuk cek status."
                )
            else:
                told = self.tr(
                    "Data dan dokumen sudah aman di perangkat ini dan dikirim otomatis ke "
                    "Dukcapil saat ada jaringan. Berikan tanda terima kepada pemohon."
                )
            self.info.setText(f"<p>{html.escape(service)}</p><p>{told}</p>")
