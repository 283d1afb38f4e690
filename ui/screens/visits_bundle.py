"""The USB bundle buttons of the field profile: "Ekspor bundel ke USB" writes the sealed queue
to a new file on the stick, "Ambil tanda terima" takes the server's receipt back.

Both run on a worker with a busy bar (shown after ~0.5 s, never flickering); the result line
names the file written or what the receipt acknowledged, and a failure says what to do (no
stick, a full or locked stick, a receipt that is not this device's). Nothing in the queue
changes on a failure.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sync.bundle import AckReport, ExportReport
from sync.protocol.bundles import RECEIPT_SUFFIX
from ui.context import AppContext
from ui.design.tokens import DEFAULT
from ui.dialog_folder import start_folder
from ui.screens.wizard.widgets import error_text, language
from ui.tasks import BusyPolicy
from ui.viewmodels.visits import export_to_folder, take_receipt, waiting_for_bundle

ERROR_STYLE = f"color: {DEFAULT.error}; font-weight: bold;"


class BundleBox(QGroupBox):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("bundle-box")
        self.ask_folder: Callable[[], str] = lambda: QFileDialog.getExistingDirectory(
            self, self.tr("Pilih folder flashdisk"), start_folder()
        )
        """Asks for the stick's folder ("" when cancelled); tests put an answer in."""
        self.ask_receipt: Callable[[], str] = lambda: QFileDialog.getOpenFileName(
            self, self.tr("Pilih tanda terima"), start_folder(), f"*{RECEIPT_SUFFIX}"
        )[0]
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("bundle-export")
        self.export_button.clicked.connect(self.export)
        self.ack_button = QPushButton(self)
        self.ack_button.setObjectName("bundle-ack")
        self.ack_button.clicked.connect(self.acknowledge)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("bundle-progress")
        self.progress.setRange(0, 0)  # a bundle is one step: a moving bar, not a percentage
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.progress)
        buttons.addStretch(1)
        self.result = QLabel(self)
        self.result.setObjectName("bundle-result")
        self.result.setWordWrap(True)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.busy_policy = BusyPolicy(self)
        self.busy_policy.visible_changed.connect(self.progress.setVisible)
        self.running = False
        self.retranslate()

    def activate(self) -> None:
        if not self.running:
            self.result.clear()

    def export(self) -> None:
        """Asks first how many applications wait: with none, no folder is asked and no file
        written (an empty stick is not carried to the office)."""
        if self.running or self.context.operator is None:
            return
        self._start(self.tr("Menghitung permohonan yang menunggu..."))
        self.context.tasks.run(
            waiting_for_bundle,
            self.context.store,
            on_done=self._counted,
            on_error=self._failed,
        )

    def _counted(self, waiting: int) -> None:
        self._finish()
        operator = self.context.operator
        if operator is None:
            return
        if waiting == 0:
            self._say(
                self.tr("Tidak ada permohonan yang perlu dibawa; tidak ada berkas yang ditulis.")
            )
            return
        self._say("")
        folder = self.ask_folder()
        if not folder:
            return
        self._start(self.tr("Menulis bundel ke flashdisk..."))
        self.context.tasks.run(
            export_to_folder,
            self.context.store,
            Path(folder),
            operator.username,
            on_done=self._exported,
            on_error=self._failed,
        )

    def acknowledge(self) -> None:
        if self.running or self.context.operator is None:
            return
        path = self.ask_receipt()
        if not path:
            return
        self._start(self.tr("Membaca tanda terima..."))
        self.context.tasks.run(
            take_receipt,
            self.context.store,
            Path(path),
            on_done=self._acknowledged,
            on_error=self._failed,
        )

    def _start(self, text: str) -> None:
        self.running = True
        self.export_button.setEnabled(False)
        self.ack_button.setEnabled(False)
        self.busy_policy.set_busy(True)
        self._say(text)

    def _finish(self) -> None:
        self.running = False
        self.export_button.setEnabled(True)
        self.ack_button.setEnabled(True)
        self.busy_policy.set_busy(False)

    def _exported(self, report: ExportReport) -> None:
        self._finish()
        text = (
            self.tr("Bundel ditulis: %1 (%2 permohonan). Bawa ke kantor untuk diimpor.")
            .replace("%1", str(report.path))
            .replace("%2", str(report.applications))
        )
        if report.not_sealed:
            text += " " + self.tr(
                "%n permohonan belum tersegel dan tidak ikut; kirim lewat jaringan.",
                "",
                report.not_sealed,
            )
        self._say(text)

    def _acknowledged(self, report: AckReport) -> None:
        self._finish()
        text = (
            self.tr("Tanda terima diambil: %1 permohonan diterima server (%2 sudah sebelumnya).")
            .replace("%1", str(report.acknowledged))
            .replace("%2", str(report.already))
        )
        if report.refused:
            text += " " + self.tr("Ditolak server: %1").replace(
                "%1", ", ".join(str(r["number"]) for r in report.refused)
            )
        self._say(text)

    def _failed(self, error: Exception) -> None:
        self._finish()
        fallback = self.tr("Terjadi kesalahan tak terduga; tidak ada data yang hilang.")
        self._say(error_text(error, language(self.context), fallback))
        self.result.setStyleSheet(ERROR_STYLE)

    def _say(self, text: str) -> None:
        self.result.setStyleSheet("")
        self.result.setText(text)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Bundel USB tersegel"))
        self.export_button.setText(self.tr("Ekspor bundel ke USB..."))
        self.ack_button.setText(self.tr("Ambil tanda terima..."))
