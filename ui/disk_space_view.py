"""Free disk space in the status bar, shown only when it runs low (kiosk.disk_space)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.disk_space import DiskLevel, DiskStatus
from ui.look import ERROR_TEXT_STYLE

LOW_STYLE = ERROR_TEXT_STYLE


class DiskSpaceLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disk-space")
        self.status: DiskStatus | None = None

    def show_status(self, status: DiskStatus | None) -> None:
        self.status = status
        self.retranslate()

    def retranslate(self) -> None:
        status = self.status
        if status is None or status.level is DiskLevel.OK:
            self.setText("")
            return
        if status.level is DiskLevel.REFUSE:
            text = self.tr("Disk hampir penuh (%1 MB): foto baru ditolak, antrean tetap aman")
        else:
            text = self.tr("Ruang disk tinggal %1 MB: kirim atau ekspor antrean")
        self.setText(text.replace("%1", str(status.free_mib)))
        self.setStyleSheet(LOW_STYLE)
