"""The applications screen: find an application by NIK, name or number, filter, open it.

Loading and every store lookup run in background tasks; the table is a model/view pair so a
busy office's 10,000 applications scroll and filter without a stall. Enter or a double click
opens the selected application.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from kiosk.applications import Status
from kiosk.applications.records import ApplicationSummary
from kiosk.errors import KioskError
from ui.context import AppContext
from ui.look import ERROR_TEXT_STYLE
from ui.screens.application_table import ApplicationTableModel, qdate_to_date, status_text
from ui.screens.base import Screen
from ui.viewmodels.applications import (
    ApplicationsViewModel,
    SearchKind,
    classify,
    load_applications,
    load_names,
    search_by_name,
    search_by_nik,
)

ERROR_STYLE = ERROR_TEXT_STYLE
COLUMN_WIDTHS = (150, 180, 200, 150, 130, 140)
"""Nomor, Layanan, Status, NIK, Nama, Diajukan (Layanan stretches, Status fits its labels)."""
CHANGING_COUNTS = ("manifests_sent", "acknowledged", "needs_attention", "changes_applied")
"""A sync pass report's counts that mean the store's statuses changed (sync/engine.py)."""


class PassBridge(QObject):
    """Carries a sync pass report from the sync thread to the main thread (queued signal)."""

    report = Signal(object)


class ApplicationsScreen(Screen):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.setObjectName("applications")
        self.view_model = ApplicationsViewModel()
        self._generation = 0
        self._loads = 0
        self.loading = False
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        layout.addWidget(self.heading)

        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(40)
        self.search.returnPressed.connect(self.run_search)
        self.search.installEventFilter(self)
        self.search_button = QPushButton()
        self.search_button.clicked.connect(self.run_search)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_search)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button)
        search_row.addWidget(self.clear_button)
        layout.addLayout(search_row)

        filter_row = QHBoxLayout()
        self.status_label = QLabel()
        self.status_filter = QComboBox()
        self.status_label.setBuddy(self.status_filter)
        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.day_check = QCheckBox()
        self.day_edit = QDateEdit(QDate.currentDate())
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("dd-MM-yyyy")
        self.day_edit.setEnabled(False)
        self.day_check.toggled.connect(self.day_edit.setEnabled)
        self.day_check.toggled.connect(self._filters_changed)
        self.day_edit.dateChanged.connect(self._filters_changed)
        for widget in (self.status_label, self.status_filter, self.day_check, self.day_edit):
            filter_row.addWidget(widget)
        filter_row.addStretch(1)
        layout.addLayout(filter_row)

        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.model = ApplicationTableModel(context.store.catalog, self._language)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Fixed row heights: Qt never measures 10,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(38)
        header = self.table.horizontalHeader()
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        # The service takes what the window has left (no measuring of 10,000 rows, no
        # horizontal scrolling at 1024 px); a cell cut short shows its text as a tooltip. The
        # status gets the width of its longest label (`_fit_status`): at 1024 px a shared
        # stretch cut "Sampai di Dukcapil, belum diperiksa" to "Sampai di Dukca...".
        header.setSectionResizeMode(ApplicationTableModel.SERVICE, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        header.setSortIndicator(ApplicationTableModel.SUBMITTED, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self._open_index)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.hint = QLabel()
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)
        self._message = ""
        self.bridge = PassBridge(self)
        self.bridge.report.connect(self._sync_passed)
        context.when_sync_known(self._listen_to_sync)
        self.retranslate()

    def _listen_to_sync(self) -> None:
        if self.context.sync is not None:
            self.context.sync.listeners.append(self.bridge.report.emit)

    def _sync_passed(self, report: Any) -> None:
        """A pass that changed statuses (sent, acknowledged, news from the server) is read
        again while the list is shown, keeping the row the operator is on; a hidden list is
        read when it is shown next."""
        changed = any(getattr(report, name, 0) for name in CHANGING_COUNTS)
        if changed and self.isVisible() and self.context.operator is not None:
            self._load(keep_place=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Arrow down from the search box goes to the results, keyboard only."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.table.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _language(self) -> str:
        return self.context.languages.language

    # --- texts --------------------------------------------------------------------------
    def _fit_status(self) -> None:
        """The status column as wide as the longest status label of the language."""
        metrics = self.table.fontMetrics()
        texts = (status_text(status.value, self._language()) for status in Status)
        width = max(metrics.horizontalAdvance(text) for text in texts) + 16
        self.table.horizontalHeader().resizeSection(ApplicationTableModel.STATUS, width)

    def retranslate(self) -> None:
        self._fit_status()
        self.heading.setText("<h2>" + self.tr("Daftar permohonan") + "</h2>")
        self.search.setPlaceholderText(
            self.tr("Ketik NIK (16 angka), nama pemohon, atau nomor permohonan, lalu Enter")
        )
        self.search_button.setText(self.tr("Cari"))
        self.clear_button.setText(self.tr("Tampilkan semua"))
        self.status_label.setText(self.tr("&Status:"))
        self.day_check.setText(self.tr("Hanya &tanggal:"))
        self.hint.setText(
            self.tr(
                "Enter: cari · Enter lagi: buka yang terpilih · ↓: ke daftar · klik dua kali: buka"
            )
        )
        self.day_edit.setLocale(QLocale())  # month names follow the language
        self.open_button.setText(self.tr("Buka"))
        current = self.status_filter.currentIndex()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(self.tr("Semua status"), None)
        for status in Status:
            if status is not Status.DRAFT:
                self.status_filter.addItem(
                    status_text(status.value, self._language()), status.value
                )
        self.status_filter.setCurrentIndex(max(current, 0))
        self.status_filter.blockSignals(False)
        self.model.retranslate()
        self._show_summary()

    def _show_summary(self) -> None:
        if self._message:
            self.summary.setStyleSheet(ERROR_STYLE)
            self.summary.setText(self._message)
            return
        self.summary.setStyleSheet("")
        count = self.model.rowCount()
        kind = self.view_model.kind
        if self.loading:
            text = self.tr("Memuat permohonan…")
        elif kind is SearchKind.NIK:
            text = self.tr("%n permohonan dengan NIK ini", "", count)
        elif kind is SearchKind.NAME:
            text = self.tr('%n permohonan dengan nama seperti "%1"', "", count).replace(
                "%1", self.view_model.query
            )
        elif kind is SearchKind.NUMBER:
            text = self.tr('%n permohonan dengan nomor berisi "%1"', "", count).replace(
                "%1", self.view_model.query.upper()
            )
        else:
            text = self.tr("%n permohonan", "", count)
        self.summary.setText(text)

    # --- loading ------------------------------------------------------------------------
    def activate(self, **kwargs: Any) -> None:
        self._load()
        operator = self.context.operator
        if operator is not None:
            self.context.tasks.run(
                load_names,
                self.context.store,
                operator=operator.username,
                on_done=self._names_loaded,
                on_error=self._failed,
            )
        self.search.setFocus()
        self.search.selectAll()

    def _load(self, *, keep_place: bool = False) -> None:
        self.loading = True
        if not keep_place:
            self._show_summary()
        self._loads += 1
        load = self._loads

        def loaded(rows: list[ApplicationSummary]) -> None:
            if load == self._loads:  # an older read finishing late is not the truth
                self._loaded(rows, keep_place=keep_place)

        self.context.tasks.run(
            load_applications, self.context.store, on_done=loaded, on_error=self._failed
        )

    def _loaded(self, rows: list[ApplicationSummary], *, keep_place: bool = False) -> None:
        self.loading = False
        current = self.table.currentIndex()
        place = self.model.row_at(current.row()).id if keep_place and current.isValid() else None
        self.view_model.set_rows(rows)
        self._refresh(select_id=place)

    def _names_loaded(self, names: dict[str, str]) -> None:
        self.model.set_names(names)
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() == ApplicationTableModel.NAME:
            self.model.sort(ApplicationTableModel.NAME, header.sortIndicatorOrder())

    def _refresh(self, select_id: str | None = None) -> None:
        self.model.set_rows(self.view_model.visible())
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if self.model.rowCount():
            rows = range(self.model.rowCount())
            same = [r for r in rows if self.model.row_at(r).id == select_id]
            self.table.selectRow(same[0] if same else 0)
        self._show_summary()

    def _failed(self, error: Exception) -> None:
        self.loading = False
        if isinstance(error, KioskError):
            english = self._language() == "en"
            self._message = error.message_en if english else error.message_id
        else:
            self._message = self.tr("Data tidak bisa dimuat. Coba lagi; bila terulang, hubungi TI.")
        self._show_summary()

    # --- search and filters -------------------------------------------------------------
    def run_search(self) -> None:
        """Enter searches; Enter again on the same search opens the selected row."""
        query = self.search.text()
        kind = classify(query)
        searched = self.view_model.query == query.strip() and self.view_model.kind is kind
        if searched and kind is not SearchKind.NONE and self.model.rowCount():
            self.open_selected()
            return
        self._message = ""
        self._generation += 1
        generation = self._generation

        def found(ids: set[str]) -> None:
            if generation == self._generation:
                self.view_model.set_search(query, ids)
                self._refresh()

        store = self.context.store
        if kind is SearchKind.NIK:
            self.context.tasks.run(
                search_by_nik, store, query, on_done=found, on_error=self._failed
            )
        elif kind is SearchKind.NAME:
            operator = self.context.operator
            if operator is None:
                return
            self.summary.setText(self.tr("Mencari nama…"))
            self.context.tasks.run(
                search_by_name,
                store,
                query,
                operator=operator.username,
                on_done=found,
                on_error=self._failed,
            )
        else:
            self.view_model.set_search(query)
            self._refresh()

    def clear_search(self) -> None:
        self._generation += 1
        self._message = ""
        self.search.clear()
        self.view_model.clear_search()
        self._refresh()
        self.search.setFocus()

    def _filters_changed(self) -> None:
        chosen = self.status_filter.currentData()
        self.view_model.status = Status(chosen) if chosen else None
        qdate = self.day_edit.date()
        self.view_model.day = qdate_to_date(qdate) if self.day_check.isChecked() else None
        self._refresh()

    # --- opening ------------------------------------------------------------------------
    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            row = self.model.row_at(index.row())
            self.go("detail", id=row.id, version=row.version)

    def open_selected(self) -> None:
        self._open_index(self.table.currentIndex())


def create(context: AppContext) -> Screen:
    return ApplicationsScreen(context)
