"""One application: the applicant's data, documents, every status with reason, sync state.

Opening it is an audited read by the signed-in operator (the store records the "view"). A
rejected application shows the reason and what to fix in red at the top, with "Perbaiki",
which opens the wizard on a new version of the same application.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.receipts import ReceiptData
from kiosk.receipts.data import find_service
from ui.context import AppContext
from ui.design.tokens import DEFAULT
from ui.look import ERROR_TEXT_STYLE
from ui.screens.application_table import status_text
from ui.screens.base import Screen
from ui.screens.detail_parts import (
    ApplicantFields,
    DocumentGrid,
    HistoryTable,
    SyncLine,
    format_time,
    thumbnails,
)
from ui.screens.wizard.printing import (
    PreviewRunner,
    PrintOutcome,
    destination,
    make_printer,
    print_images,
    run_print_preview,
)
from ui.viewmodels.detail import (
    RECEIPT_LAYOUT,
    ApplicationDetail,
    load_detail,
    prepare_reprint,
    record_reprint,
)

REJECTED_STYLE = (
    f"QFrame#rejection {{ border: 3px solid {DEFAULT.error}; background: {DEFAULT.warning}; }}"
    f" QFrame#rejection QLabel {{ color: {DEFAULT.on_warning}; }}"
)


class DetailScreen(Screen):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.setObjectName("detail")
        self.detail: ApplicationDetail | None = None
        self.images: list[QImage | None] = []
        self.preview_runner: PreviewRunner = run_print_preview
        self._generation = 0
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(lambda: self.go("applications"))
        self.reprint_button = QPushButton()
        self.reprint_button.clicked.connect(self.reprint)
        self.revise_button = QPushButton()
        self.revise_button.setObjectName("revise")
        self.revise_button.setStyleSheet("font-weight: bold;")
        self.revise_button.clicked.connect(self.revise)
        top.addWidget(self.heading, 1)
        for button in (self.revise_button, self.reprint_button, self.back_button):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)
        self.sync_label = SyncLine()
        outer.addWidget(self.sync_label)
        self.message = QLabel()
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, lambda: self.go("applications"))

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rejection = QFrame()
        self.rejection.setObjectName("rejection")
        self.rejection.setStyleSheet(REJECTED_STYLE)
        rejection_layout = QVBoxLayout(self.rejection)
        self.rejection_reason = QLabel()
        self.rejection_fix = QLabel()
        for label in (self.rejection_reason, self.rejection_fix):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            rejection_layout.addWidget(label)
        layout.addWidget(self.rejection)
        row = QHBoxLayout()
        self.fields = ApplicantFields()
        self.history_box = QGroupBox()
        self.history = HistoryTable()
        self.history.setMinimumHeight(200)
        QVBoxLayout(self.history_box).addWidget(self.history)
        row.addWidget(self.fields, 2)
        row.addWidget(self.history_box, 3)
        layout.addLayout(row)
        self.documents_box = QGroupBox()
        self.documents = DocumentGrid()
        QVBoxLayout(self.documents_box).addWidget(self.documents)
        layout.addWidget(self.documents_box)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self._show()

    def _language(self) -> str:
        return self.context.languages.language

    # --- loading ------------------------------------------------------------------------
    def activate(self, **kwargs: Any) -> None:
        operator = self.context.operator
        if operator is None or "id" not in kwargs:
            return
        self._generation += 1
        generation = self._generation
        self.detail, self.images = None, []
        self._show(self.tr("Memuat permohonan…"))

        def loaded(detail: ApplicationDetail) -> None:
            if generation == self._generation:
                self.detail = detail
                self._show()
                infos = list(detail.attachments)
                self.context.tasks.run(thumbnails, self.context.store, infos, on_done=pictures)

        def pictures(images: list[QImage | None]) -> None:
            if generation == self._generation:
                self.images = images
                self._show_documents()

        self.context.tasks.run(
            load_detail,
            self.context.store,
            kwargs["id"],
            kwargs.get("version"),
            operator=operator.username,
            on_done=loaded,
            on_error=self._failed,
        )

    def _failed(self, error: Exception) -> None:
        if isinstance(error, KioskError):
            text = error.message_en if self._language() == "en" else error.message_id
        else:
            text = self.tr("Terjadi kesalahan tak terduga; coba lagi")
        self.message.setStyleSheet(ERROR_TEXT_STYLE)
        self.message.setText(text)
        self.reprint_button.setEnabled(self.detail is not None)

    # --- texts --------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._show(self.message.text() if self.detail is None else "")

    def _show(self, message: str = "") -> None:
        detail, language = self.detail, self._language()
        self.back_button.setText(self.tr("Kembali ke daftar (Esc)"))
        self.reprint_button.setText(self.tr("Cetak ulang tanda terima"))
        self.revise_button.setText(self.tr("Perbaiki permohonan ini"))
        self.fields.setTitle(self.tr("Data pemohon"))
        self.documents_box.setTitle(self.tr("Dokumen"))
        self.history_box.setTitle(self.tr("Riwayat status"))
        self.history.retranslate()
        self.message.setStyleSheet("")
        self.message.setText(message)
        self.reprint_button.setEnabled(detail is not None)
        self.revise_button.setVisible(detail is not None and detail.can_revise)
        self.rejection.setVisible(detail is not None and detail.rejected)
        if detail is None:
            self.heading.setText("<h2>" + self.tr("Permohonan") + "</h2>")
            self.history.show_entries([], language)
            self.fields.show_fields([])
            self.sync_label.clear()
            self._show_documents()
            return
        shown = detail.shown
        status = status_text(shown.status, language)
        self.heading.setText(
            f"<h2>{shown.number}</h2><p style='font-size:14pt'>"
            + self.tr("Versi %1 · Status: <b>%2</b>")
            .replace("%1", str(shown.version))
            .replace("%2", status)
            + "</p>"
        )
        rejection = detail.rejection
        missing = self.tr("(tidak disebut)")
        reason = escape(rejection.reason) if rejection and rejection.reason else missing
        fix = escape(rejection.fix_hint) if rejection and rejection.fix_hint else missing
        self.rejection_reason.setText(
            "<p style='font-size:14pt'><b>" + self.tr("Ditolak. Alasan:") + f"</b> {reason}</p>"
        )
        self.rejection_fix.setText(
            "<p style='font-size:14pt'><b>" + self.tr("Yang perlu diperbaiki:") + f"</b> {fix}</p>"
        )
        if detail.rejected and not detail.can_revise:
            self.message.setText(
                self.tr("Versi ini sudah diperbaiki dengan versi yang lebih baru.")
            )
        self.history.show_entries(list(detail.history), language)
        self.fields.show_fields(self._field_rows(detail))
        self.sync_label.show_state(detail.sync, language)
        self._show_documents()

    def _show_documents(self) -> None:
        infos = list(self.detail.attachments) if self.detail else []
        catalog = self.context.store.catalog.catalog
        self.documents.show_attachments(infos, self.images, catalog, self._language())

    def _field_rows(self, detail: ApplicationDetail) -> list[tuple[str, str]]:
        found = find_service(self.context.store.catalog, detail.shown.service)
        service = found.name.get(self._language()) if found else detail.shown.service
        return [
            ("service", service),
            *detail.fields(),
            ("submitted", format_time(detail.shown.created_at)),
        ]

    # --- actions ------------------------------------------------------------------------
    def revise(self) -> None:
        if self.detail is not None and self.detail.can_revise:
            shown = self.detail.shown
            self.go("wizard", revision_of=(shown.id, shown.version))

    def reprint(self) -> None:
        operator, detail = self.context.operator, self.detail
        if operator is None or detail is None:
            return
        self.reprint_button.setEnabled(False)
        self.message.setText(self.tr("Menyiapkan tanda terima…"))

        def rendered(result: tuple[ReceiptData, list[QImage]]) -> None:
            data, pages = result
            settings = self.context.settings
            printer = make_printer(RECEIPT_LAYOUT, pages, data.number, settings.receipt_printer)
            outcome = self.preview_runner(printer, pages, self)
            self.reprint_button.setEnabled(True)
            if outcome is PrintOutcome.CANCELLED:
                self.message.setText(
                    self.tr("Pencetakan dibatalkan: tanda terima BELUM dicetak ulang.")
                )
                return
            if outcome is PrintOutcome.FAILED:
                self.message.setText(
                    self.tr(
                        "Tanda terima GAGAL dicetak (printer %1 tidak bisa dipakai). Periksa "
                        "printer, lalu coba lagi."
                    ).replace("%1", printer.printerName() or "?")
                )
                return
            self.context.tasks.run(
                record_reprint,
                self.context.store,
                data,
                operator=operator.username,
                destination=destination(printer),
                on_done=lambda _action: self.message.setText(
                    self.tr("Tanda terima dicetak ulang.")
                ),
                on_error=self._failed,
            )

        def render() -> tuple[ReceiptData, list[QImage]]:
            data, pdf = prepare_reprint(
                self.context.store,
                detail,
                operator=operator.username,
                settings=self.context.settings,
            )
            return data, print_images(pdf)

        self.context.tasks.run(render, on_done=rendered, on_error=self._failed)


def create(context: AppContext) -> Screen:
    return DetailScreen(context)
