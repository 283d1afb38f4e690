"""The daily and monthly recap: applications per service and status, a chart, PDF/CSV export.

Like the district's monthly report (rekap laporan bulanan): every service is a row, zeros
included, every status a column. Counting and export run in background tasks; each export is
recorded in the audit log as an "export" by the signed-in operator.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.reports import ExportFormat, Recap, status_label
from ui.context import AppContext
from ui.design.tokens import DEFAULT
from ui.look import ERROR_TEXT_STYLE
from ui.screens.application_table import qdate_to_date
from ui.screens.base import Screen
from ui.screens.recap_chart import BarChart
from ui.viewmodels.recap import (
    RecapViewModel,
    chart_bars,
    default_file_name,
    export_to_file,
    load_recap,
)

ZERO_COLOUR = QColor(DEFAULT.muted_text)
AskDestination = Callable[[QWidget, str, ExportFormat], "Path | None"]


def ask_destination(parent: QWidget, suggested: str, fmt: ExportFormat) -> Path | None:
    pattern = "PDF (*.pdf)" if fmt == "pdf" else "CSV (*.csv)"
    path, _ = QFileDialog.getSaveFileName(parent, "", str(Path.home() / suggested), pattern)
    return Path(path) if path else None


class RecapScreen(Screen):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.setObjectName("recap")
        self.view_model = RecapViewModel()
        self.ask_destination: AskDestination = ask_destination
        self._generation = 0
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        outer.addWidget(self.heading)
        controls = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.previous_button = QPushButton()
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumWidth(200)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        self.date_edit.dateChanged.connect(self._date_changed)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(lambda: self._step(1))
        self.export_pdf = QPushButton()
        self.export_pdf.clicked.connect(lambda: self.export("pdf"))
        self.export_csv = QPushButton()
        self.export_csv.clicked.connect(lambda: self.export("csv"))
        for widget in (self.kind, self.previous_button, self.date_edit, self.next_button):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.export_pdf)
        controls.addWidget(self.export_csv)
        outer.addLayout(controls)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        self.message = QLabel()
        self.message.setWordWrap(True)
        outer.addWidget(self.message)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.table = QTableWidget()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.table)
        self.chart_title = QLabel()
        layout.addWidget(self.chart_title)
        self.chart = BarChart()
        layout.addWidget(self.chart)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.retranslate()

    def _language(self) -> str:
        return self.context.languages.language

    # --- texts --------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText("<h2>" + self.tr("Rekap permohonan") + "</h2>")
        self.kind.blockSignals(True)
        index = self.kind.currentIndex()
        self.kind.clear()
        self.kind.addItem(self.tr("Harian"), "day")
        self.kind.addItem(self.tr("Bulanan"), "month")
        self.kind.setCurrentIndex(max(index, 0))
        self.kind.blockSignals(False)
        self.date_edit.setLocale(QLocale())  # month names follow the language
        self.previous_button.setText(self.tr("◀ Sebelumnya"))
        self.next_button.setText(self.tr("Berikutnya ▶"))
        self.export_pdf.setText(self.tr("Ekspor PDF"))
        self.export_csv.setText(self.tr("Ekspor CSV"))
        self.chart_title.setText("<h3>" + self.tr("Jumlah permohonan per layanan") + "</h3>")
        self._show()

    def _show(self) -> None:
        recap, language = self.view_model.recap, self._language()
        self.export_pdf.setEnabled(recap is not None)
        self.export_csv.setEnabled(recap is not None)
        if recap is None:
            self.summary.setText(self.tr("Memuat rekap…"))
            self.table.setRowCount(0)
            self.chart.set_bars([])
            return
        label = recap.period.label_en if language == "en" else recap.period.label_id
        self.summary.setText(
            "<p style='font-size:14pt'><b>"
            + label
            + "</b> — "
            + self.tr("Jumlah permohonan: <b>%1</b> · Perbaikan diajukan: <b>%2</b>")
            .replace("%1", str(recap.total))
            .replace("%2", str(recap.corrections))
            + "</p>"
        )
        self._fill_table(recap, language)
        self.chart.set_bars(chart_bars(recap, language))

    def _fill_table(self, recap: Recap, language: str) -> None:
        statuses = recap.statuses
        headers = [self.tr("Layanan")]
        headers += [
            textwrap.fill(status_label(s).get(language), 12, break_long_words=False)
            for s in statuses
        ]
        headers.append(self.tr("Jumlah"))
        totals = recap.status_totals
        rows = [
            [row.name.get(language), *(row.counts.get(s, 0) for s in statuses), row.total]
            for row in recap.services
        ]
        rows.append([self.tr("Jumlah"), *(totals[s] for s in statuses), recap.total])
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(headers)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if c and value == 0:
                    item.setForeground(ZERO_COLOUR)  # the non-zero counts stand out
                if r == len(rows) - 1 or c == len(values) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        # The whole table, no inner scroll bar: the page scrolls as one.
        rows_height = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(rows_height + header.height() + 2 * self.table.frameWidth())

    # --- loading ------------------------------------------------------------------------
    def activate(self, **kwargs: Any) -> None:
        self.message.clear()
        self.load()

    def load(self) -> None:
        self._generation += 1
        generation = self._generation
        self.view_model.recap = None
        self._show()

        def loaded(recap: Recap) -> None:
            if generation == self._generation:
                self.view_model.recap = recap
                self._show()

        self.context.tasks.run(
            load_recap,
            self.context.store,
            self.view_model.period,
            self.context.settings,
            on_done=loaded,
            on_error=self._failed,
        )

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.date_edit.setDisplayFormat("MMMM yyyy" if kind == "month" else "dd-MM-yyyy")
        self.view_model.set_kind(kind)
        self.load()

    def _date_changed(self, value: QDate) -> None:
        self.view_model.set_date(qdate_to_date(value))
        self.load()

    def _step(self, steps: int) -> None:
        self.view_model.step(steps)
        self.date_edit.blockSignals(True)
        start = self.view_model.period.start
        self.date_edit.setDate(QDate(start.year, start.month, start.day))
        self.date_edit.blockSignals(False)
        self.load()

    def _failed(self, error: Exception) -> None:
        cannot_write_there = isinstance(error, OSError) or (
            isinstance(error.__cause__, OSError) and getattr(error, "code", "") != "disk_full"
        )
        if cannot_write_there:
            text = self.tr("Berkas tidak bisa disimpan di sana. Pilih folder atau flashdisk lain.")
        elif isinstance(error, KioskError):
            text = error.message_en if self._language() == "en" else error.message_id
        else:
            text = self.tr("Terjadi kesalahan tak terduga; coba lagi")
        self.message.setStyleSheet(ERROR_TEXT_STYLE)
        self.message.setText(text)

    # --- export -------------------------------------------------------------------------
    def export(self, fmt: ExportFormat) -> None:
        recap, operator = self.view_model.recap, self.context.operator
        if recap is None or operator is None:
            return
        path = self.ask_destination(self, default_file_name(recap, fmt), fmt)
        if path is None:
            return
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Menyimpan…"))

        def saved(done: Path) -> None:
            self.message.setText(self.tr("Tersimpan: %1").replace("%1", str(done)))

        self.context.tasks.run(
            export_to_file,
            self.context.store,
            recap,
            fmt,
            path,
            operator=operator.username,
            on_done=saved,
            on_error=self._failed,
        )


def create(context: AppContext) -> Screen:
    return RecapScreen(context)
