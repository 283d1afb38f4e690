"""The offline budget in the status bar, and its warning at every start (kiosk.offline_budget).

A label: days since the last contact with the server, the queue, the days left before new
applications are refused; red once past the warn limit. The first reading after start-up, if
past the warn limit, also opens a (non-modal) warning, so a jemput bola team sees it every
time it opens the laptop, not only when it looks down at the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ui.look import ERROR_TEXT_STYLE

if TYPE_CHECKING:  # the module imports SQLAlchemy; the status bar is built before the store
    from kiosk.offline_budget import BudgetStatus

# kiosk.offline_budget.BudgetLevel's values (a StrEnum compares equal to them).
NONE, OK, WARN, BLOCKED = "none", "ok", "warn", "blocked"

WARN_STYLE = ERROR_TEXT_STYLE


class OfflineBudgetLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offline-budget")
        self.status: BudgetStatus | None = None
        self.warning: QMessageBox | None = None

    def show_status(self, status: BudgetStatus | None) -> None:
        first_reading = self.status is None
        self.status = status
        self.retranslate()
        if (
            first_reading
            and status is not None
            and status.level
            in (
                WARN,
                BLOCKED,
            )
        ):
            self._warn_at_start(status)

    def retranslate(self) -> None:
        status = self.status
        if status is None or status.level == NONE or status.days_offline is None:
            self.setText("")
            return
        if status.level == BLOCKED:
            text = self.tr(
                "%1 hari tanpa sinkron: permohonan baru ditolak sampai sinkron atau tanda "
                "terima bundel USB"
            ).replace("%1", str(status.days_offline))
        else:
            text = (
                self.tr("Sejak sinkron: %1 hari · antrean %2 · sisa %3 hari")
                .replace("%1", str(status.days_offline))
                .replace("%2", str(status.queued))
                .replace("%3", str(status.days_left))
            )
        self.setText(text)
        self.setStyleSheet(WARN_STYLE if status.level != OK else "")

    def _warn_at_start(self, status: BudgetStatus) -> None:
        if status.level == BLOCKED:
            text = self.tr(
                "Sudah %1 hari tanpa sinkron (batas %2 hari). Permohonan baru ditolak; yang "
                "sudah antre tetap aman. Sinkronkan, atau ekspor bundel USB dan ambil tanda "
                "terimanya."
            )
        else:
            text = self.tr(
                "Sudah %1 hari tanpa sinkron. Setelah %2 hari permohonan baru akan ditolak. "
                "Sinkronkan, atau ekspor bundel USB ke kantor."
            )
        text = text.replace("%1", str(status.days_offline)).replace("%2", str(status.block_days))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Batas luring"), text, parent=self)
        box.open()  # non-modal: the kiosk stays usable for what is allowed
        self.warning = box
