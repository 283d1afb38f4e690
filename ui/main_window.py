"""The main window: the local applications and the state of the kiosk at a glance."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.applications import Status
from kiosk.applications.status import STATUS_LABELS
from kiosk.settings import Settings
from kiosk.store import Store

COLUMNS = ("Nomor / Number", "Layanan / Service", "Status", "NIK", "Dibuat / Created")


class MainWindow(QMainWindow):
    def __init__(self, store: Store, settings: Settings, *, demo: bool = False) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        title = "Anjungan Layanan Adminduk"
        self.setWindowTitle(f"{title} (DEMO)" if demo else title)
        self.resize(1100, 700)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        heading = QLabel(f"<h2>{title}</h2><p>Profil / profile: {settings.profile.value}</p>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        self.table = QTableWidget(0, len(COLUMNS), central)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.refresh()

    def refresh(self) -> None:
        rows = self.store.list_applications(limit=500)
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            label_id, _ = STATUS_LABELS[Status(row.status)]
            service = self.store.catalog.service(row.service).name.id
            values = (row.number, service, label_id, row.nik_masked, f"{row.created_at:%d-%m-%Y}")
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))
        waiting = self.store.count(status=Status.SUBMITTED)
        self.statusBar().showMessage(
            f"{len(rows)} permohonan, {waiting} menunggu dikirim / "
            f"{len(rows)} applications, {waiting} waiting to send"
        )
