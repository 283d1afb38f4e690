"""The jemput bola visit list (field profile): planned visits, a CSV import, what came of each
visit, "Mulai permohonan" into the wizard with the visit's address and category, and the USB
bundle buttons (ui/screens/visits_bundle.py).

Everything that reads or writes the store runs on a worker (ui/viewmodels/visits.py); the list
is held only while the screen is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.field.visit_csv import COLUMNS, VisitFileInvalid
from kiosk.field.visits import Visit, VisitState
from ui.context import AppContext
from ui.design.tokens import DEFAULT
from ui.dialog_folder import start_folder
from ui.screens.base import Screen
from ui.screens.visits_add import AddVisitDialog
from ui.screens.visits_bundle import BundleBox
from ui.screens.visits_notes import VisitNotes
from ui.screens.visits_postpone import PostponeBox
from ui.screens.wizard.widgets import error_text, language
from ui.viewmodels.visits import (
    VisitLead,
    VisitList,
    import_visits,
    last_kecamatan,
    load_visits,
    mark_visit,
    postpone_visit,
    visit_row,
)

ERROR_STYLE = f"color: {DEFAULT.error}; font-weight: bold;"
MARKS = (
    ("visit-done", VisitState.DONE),
    ("visit-not-home", VisitState.NOT_HOME),
    ("visit-postponed", VisitState.POSTPONED),
)


def ask_csv_file(parent: QWidget, title: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, start_folder(), "CSV (*.csv *.txt)")
    return path


class VisitsScreen(Screen):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.setObjectName("visits")
        self.ask_open_path: Callable[[], str] = lambda: ask_csv_file(self, self.tr("Impor CSV"))
        """Asks which CSV file to import ("" when cancelled); tests put an answer in."""
        self.today: Callable[[], date] = date.today
        """The laptop's local date (a postponed visit never moves before it); tests fix it."""
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("visits-import")
        self.import_button.clicked.connect(self.import_file)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("visits-add")
        self.add_button.clicked.connect(self.open_add_form)
        self.adding: AddVisitDialog | None = None
        """The open "Tambah kunjungan" form (closed with the screen: it holds typed data)."""
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.import_button)
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("visits-table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(lambda _index: self.start_application())  # Enter
        self.notes = VisitNotes(self)  # a reserved place: selecting never moves the table
        self.message = QLabel(self)
        self.message.setObjectName("visits-message")
        self.message.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setObjectName("visits-problems")
        self.problems.setMaximumHeight(120)
        self.problems.hide()
        actions = QHBoxLayout()
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("visit-start")
        self.start_button.clicked.connect(self.start_application)
        actions.addWidget(self.start_button)
        self.mark_buttons: dict[VisitState, QPushButton] = {}
        for name, state in MARKS:
            button = QPushButton(self)
            button.setObjectName(name)
            if state is VisitState.POSTPONED:
                button.clicked.connect(self.ask_new_day)
            else:
                button.clicked.connect(lambda _=False, s=state: self.mark(s))
            actions.addWidget(button)
            self.mark_buttons[state] = button
        actions.addStretch(1)
        self.postpone = PostponeBox(self)
        self.postpone.chosen.connect(self.postpone_to)
        self._postponing: str | None = None
        """The visit the open date row is for (the row closes when the selection moves)."""
        self.bundle = BundleBox(context, self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addLayout(actions)
        layout.addWidget(self.postpone)
        layout.addWidget(self.message)
        layout.addWidget(self.problems)
        layout.addWidget(self.bundle)
        self.visits: list[Visit] = []
        self.listing = VisitList([])
        self._select_after_reload: str | None = None
        """A visit just added, or the one selected when the screen was left: selected when
        the list is read again."""
        self._focus_list = False
        """Give the list the focus once it is read again (after a mark, on coming back), so
        arrow keys walk the visits, not the buttons."""
        self.retranslate()
        self._update_buttons()

    # --- the list -------------------------------------------------------------------------
    def activate(self, **kwargs: Any) -> None:
        self._say("")  # an import message from before the wizard is not news any more
        self._focus_list = True
        self.reload()
        self.bundle.activate()

    def reload(self) -> None:
        if self.context.operator is None:
            return
        self.context.tasks.run(
            load_visits, self.context.store, on_done=self._show_visits, on_error=self._failed
        )

    def _show_visits(self, listing: VisitList) -> None:
        if self.context.operator is None or not self.isVisible():
            return  # signed out or moved on while reading: nothing stays decrypted
        selected = self.selected()
        self.listing = listing
        self.visits = visits = listing.visits
        wanted, self._select_after_reload = self._select_after_reload, None
        if wanted is None and selected is None and self._focus_list and visits:
            wanted = visits[0].id  # the keyboard starts on a visit, not on nothing
        self._fill_table(wanted or (selected.id if selected else None))
        if self._focus_list:
            self._focus_list = False
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not visits and not self.message.text():
            self._say(
                self.tr(
                    "Belum ada kunjungan. Tekan Tambah kunjungan... atau Impor CSV... untuk "
                    "memuat rencananya."
                )
            )

    def _fill_table(self, select_id: str | None = None) -> None:
        lang = language(self.context)
        self.table.setRowCount(len(self.visits))
        for index, visit in enumerate(self.visits):
            row = visit_row(visit, lang, self.listing)
            cells = (row.day, row.category, row.who, row.address, row.state, row.application)
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))
            if visit.id == select_id:
                self.table.selectRow(index)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self._update_buttons()

    def selected(self) -> Visit | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.visits):
            return None
        return self.visits[rows[0].row()]

    def _update_buttons(self) -> None:
        visit = self.selected()
        if visit is None or visit.id != self._postponing:
            self.postpone.hide()
        self._show_notes(visit)
        self.start_button.setEnabled(visit is not None and visit.state is not VisitState.DONE)
        for state, button in self.mark_buttons.items():
            again = state is VisitState.POSTPONED  # a postponed visit can move to another day
            button.setEnabled(visit is not None and (again or visit.state is not state))

    def _show_notes(self, visit: Visit | None) -> None:
        """The team's notes of the selected visit (decrypted like the rest of the list)."""
        if visit is None:
            self.notes.show_text("")
            return
        text = visit_row(visit, language(self.context)).notes or "-"
        self.notes.show_text(self.tr("Catatan: %1").replace("%1", text))

    # --- actions --------------------------------------------------------------------------
    def import_file(self) -> None:
        operator = self.context.operator
        path = self.ask_open_path()
        if not path or operator is None:
            return
        self._say(self.tr("Memeriksa berkas..."))
        self.import_button.setEnabled(False)
        self.context.tasks.run(
            import_visits,
            self.context.store,
            Path(path),
            operator.username,
            on_done=self._imported,
            on_error=self._import_failed,
        )

    def _imported(self, count: int) -> None:
        self.import_button.setEnabled(True)
        self._say(self.tr("%n kunjungan diimpor.", "", count))
        self._focus_list = True  # on to the visits, not back to the button pressed
        self.reload()

    def _import_failed(self, error: Exception) -> None:
        self.import_button.setEnabled(True)
        self._failed(error)
        if isinstance(error, VisitFileInvalid) and error.problems:
            en = language(self.context) == "en"
            shape = self.tr("Baris %1, kolom %2: %3")
            for problem in error.problems:
                text = problem.message_en if en else problem.message_id
                line = shape.replace("%1", str(problem.row)).replace("%2", problem.column)
                self.problems.addItem(line.replace("%3", text))
            self.problems.show()

    def open_add_form(self) -> None:
        """The form for one visit planned by hand; the kecamatan visited last is offered."""
        if self.context.operator is None:
            return
        if self.adding is not None:
            self.adding.raise_()
            return
        self.adding = AddVisitDialog(
            self, self.context, today=self.today(), kecamatan=last_kecamatan(self.visits)
        )
        self.adding.added.connect(self._added)
        self.adding.finished.connect(self._add_form_closed)
        self.adding.open()

    def _add_form_closed(self) -> None:
        if self.adding is not None:
            self.adding.deleteLater()  # what was typed goes with it
        self.adding = None

    def _added(self, visit_id: str) -> None:
        self._say(self.tr("Kunjungan ditambahkan."))
        self._select_after_reload = visit_id
        self.reload()

    def mark(self, state: VisitState) -> None:
        self._postponing = None  # another mark closes an open date row
        self.postpone.hide()
        visit, operator = self.selected(), self.context.operator
        if visit is None or operator is None:
            return
        # The pressed button may be disabled by the mark: focus goes back to the list (the
        # same row), never to the next mark button a second Enter would press.
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus_list = True
        self.context.tasks.run(
            mark_visit,
            self.context.store,
            visit.id,
            state,
            operator.username,
            on_done=self._marked,
            on_error=self._failed,
        )

    def ask_new_day(self) -> None:
        """Ditunda opens the date row (tomorrow chosen); Simpan tanggal marks the visit."""
        visit = self.selected()
        if visit is None:
            return
        self._postponing = visit.id
        self.postpone.open_on(self.today())

    def postpone_to(self, day: date) -> None:
        visit_id, operator = self._postponing, self.context.operator
        self._postponing = None
        if visit_id is None or operator is None:
            return
        self.context.tasks.run(
            postpone_visit,
            self.context.store,
            visit_id,
            day,
            operator.username,
            self.today(),
            on_done=self._postponed,
            on_error=self._failed,
        )

    def _postponed(self, visit: Visit) -> None:
        row = visit_row(visit, language(self.context))
        text = self.tr("Kunjungan ditunda sampai %1").replace("%1", row.day)
        self._say(text)
        self.reload()

    def _marked(self, visit: Visit) -> None:
        state = visit_row(visit, language(self.context)).state
        self._say(self.tr("Kunjungan ditandai: %1").replace("%1", state))
        self.reload()

    def start_application(self) -> None:
        """The wizard opens with the visit's address (alamat, RT/RW, kelurahan) and category."""
        visit = self.selected()
        if visit is not None:
            self.go("wizard", visit=VisitLead.of(visit))

    # --- messages -------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.problems.clear()
        self.problems.hide()
        self.message.setStyleSheet("")
        self.message.setText(text)

    def _failed(self, error: Exception) -> None:
        fallback = self.tr("Terjadi kesalahan tak terduga; tidak ada data yang hilang.")
        self._say(error_text(error, language(self.context), fallback))
        self.message.setStyleSheet(ERROR_STYLE)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Whoever comes next (another operator, after a sign-out) sees a fresh read; a
        minimised window (a spontaneous hide) keeps the list."""
        if not event.spontaneous():
            selected = self.selected()
            self._select_after_reload = selected.id if selected else None
            if self.adding is not None:
                self.adding.saving = False
                self.adding.reject()
            self._postponing = None
            self.visits = []
            self.listing = VisitList([])
            self.table.setRowCount(0)
            self._update_buttons()
        super().hideEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Daftar kunjungan jemput bola"))
        self.import_button.setText(self.tr("&Impor CSV..."))
        self.add_button.setText(self.tr("&Tambah kunjungan..."))
        self.add_button.setToolTip(self.tr("Rencanakan satu kunjungan"))
        self.import_button.setToolTip(self.tr("Kolom: %1").replace("%1", ", ".join(COLUMNS)))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Tanggal"),
                self.tr("Kategori"),
                self.tr("Nama / keluarga"),
                self.tr("Alamat"),
                self.tr("Status"),
                self.tr("Permohonan"),
            ]
        )
        self.start_button.setText(self.tr("&Mulai permohonan (Enter)"))
        labels = {
            VisitState.DONE: self.tr("&Selesai"),
            VisitState.NOT_HOME: self.tr("Tidak di &rumah"),
            VisitState.POSTPONED: self.tr("&Ditunda"),
        }
        for state, button in self.mark_buttons.items():
            button.setText(labels[state])
        if self.visits:
            self._fill_table(getattr(self.selected(), "id", None))
        self.postpone.retranslate()
        self.bundle.retranslate()


def create(context: AppContext) -> VisitsScreen:
    return VisitsScreen(context)
