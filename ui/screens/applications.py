"""The applications screen: local applications with their status at a glance."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from kiosk.applications import Status
from kiosk.applications.status import STATUS_LABELS
from kiosk.store import ApplicationSummary
from ui.context import AppContext
from ui.screens.base import Screen

PAGE = 500


class ApplicationsScreen(Screen):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        layout.addWidget(self.heading)
        self.table = QTableWidget(0, 5, self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.rows: list[ApplicationSummary] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText("<h2>" + self.tr("Daftar permohonan") + "</h2>")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Nomor"),
                self.tr("Layanan"),
                self.tr("Status"),
                self.tr("NIK"),
                self.tr("Dibuat"),
            ]
        )
        self._fill()

    def activate(self, **kwargs: Any) -> None:
        self.context.tasks.run(
            self.context.store.list_applications, limit=PAGE, on_done=self._loaded
        )

    def _loaded(self, rows: list[ApplicationSummary]) -> None:
        self.rows = rows
        self._fill()

    def _fill(self) -> None:
        english = self.context.languages.language == "en"
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            label_id, label_en = STATUS_LABELS[Status(row.status)]
            service = self.context.store.catalog.service(row.service).name
            values = (
                row.number,
                service.en if english else service.id,
                label_en if english else label_id,
                row.nik_masked,
                f"{row.created_at.astimezone():%d-%m-%Y %H:%M}",
            )
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))


def create(context: AppContext) -> Screen:
    return ApplicationsScreen(context)
