"""The table model of the applications list: a QAbstractTableModel, so 10,000 rows stay fast.

Cells are formatted only when the view asks for them (the visible ones), never all up front;
the view uses fixed row heights so Qt never measures every row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from kiosk.applications import Status
from kiosk.applications.records import ApplicationSummary
from kiosk.applications.status import STATUS_LABELS
from kiosk.catalog import CatalogView
from kiosk.receipts.data import find_service
from ui.design.tokens import DEFAULT

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
REJECTED_COLOUR = QColor(DEFAULT.error)
_AnyIndex = QModelIndex | QPersistentModelIndex


def qdate_to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def status_text(status: str, language: str) -> str:
    try:
        label_id, label_en = STATUS_LABELS[Status(status)]
    except ValueError:
        return status
    return label_en if language == "en" else label_id


class ApplicationTableModel(QAbstractTableModel):
    NUMBER, SERVICE, STATUS, NIK, NAME, SUBMITTED = range(6)

    def __init__(self, catalog: CatalogView, language: Callable[[], str]) -> None:
        super().__init__()
        self._catalog = catalog
        self._language = language
        self._rows: list[ApplicationSummary] = []
        self._services: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # --- content ------------------------------------------------------------------------
    def set_rows(self, rows: list[ApplicationSummary]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def set_names(self, names: dict[str, str]) -> None:
        """The applicants' (masked) names, decrypted in the background after the rows."""
        self._names = names
        if self._rows:
            column = self.NAME
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def row_at(self, row: int) -> ApplicationSummary:
        return self._rows[row]

    def retranslate(self) -> None:
        self._services.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _service_name(self, code: str) -> str:
        name = self._services.get(code)
        if name is None:
            service = find_service(self._catalog, code)
            name = service.name.get(self._language()) if service else code
            self._services[code] = name
        return name

    def _text(self, row: ApplicationSummary, column: int) -> str:
        if column == self.NUMBER:
            return row.number
        if column == self.SERVICE:
            return self._service_name(row.service)
        if column == self.STATUS:
            return status_text(row.status, self._language())
        if column == self.NIK:
            return row.nik_masked
        if column == self.NAME:
            return self._names.get(row.id, "")
        return f"{row.created_at.astimezone():%d-%m-%Y %H:%M}"

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column())  # the tooltip shows a cell cut short
        if role == ROW_ROLE:
            return row
        rejected = row.status == Status.REJECTED.value
        if role == Qt.ItemDataRole.ForegroundRole and rejected:
            return QBrush(REJECTED_COLOUR)
        if role == Qt.ItemDataRole.FontRole and rejected and index.column() == self.STATUS:
            return self._bold
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Nomor permohonan"),
            self.tr("Layanan"),
            self.tr("Status"),
            self.tr("NIK"),
            self.tr("Nama"),
            self.tr("Diajukan"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        keys: dict[int, Callable[[ApplicationSummary], Any]] = {
            self.NUMBER: lambda r: r.number,
            self.SERVICE: lambda r: self._service_name(r.service),
            self.STATUS: lambda r: status_text(r.status, self._language()),
            self.NIK: lambda r: r.nik_masked,
            self.NAME: lambda r: self._names.get(r.id, ""),
            self.SUBMITTED: lambda r: r.created_at,
        }
        if column not in keys:
            return
        self.layoutAboutToBeChanged.emit()
        descending = order == Qt.SortOrder.DescendingOrder
        self._rows.sort(key=keys[column], reverse=descending)
        self.layoutChanged.emit()
