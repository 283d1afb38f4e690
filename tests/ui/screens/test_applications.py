from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.applications import Status
from sync.engine import PassReport
from ui.context import AppContext
from ui.screens.application_table import ApplicationTableModel
from ui.screens.applications import ApplicationsScreen
from ui.viewmodels.applications import LIST_NAMES_DETAIL, NAME_SEARCH_DETAIL

from .conftest import bulk_seed, qdate, reject, submit


def make_screen(qtbot: QtBot, context: AppContext) -> ApplicationsScreen:
    screen = ApplicationsScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    qtbot.waitUntil(lambda: not screen.loading and signed_in_tasks_idle(screen))
    return screen


def signed_in_tasks_idle(screen: ApplicationsScreen) -> bool:
    """The names column is filled by a second task; tests start once it is done too."""
    return screen.context.tasks.running == 0


def numbers(screen: ApplicationsScreen) -> list[str]:
    model = screen.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def search(qtbot: QtBot, screen: ApplicationsScreen, text: str) -> None:
    screen.search.setText(text)
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.context.tasks.running == 0)


def test_lists_the_latest_version_of_every_application_newest_first(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    store = signed_in.store
    first = submit(store, "3171015708900001", "SITI AMINAH")
    second = submit(store, "3171015708900002", "DEWI LESTARI")
    reject(store, first)
    screen = make_screen(qtbot, signed_in)
    assert numbers(screen) == [second.number, first.number]
    model = screen.model
    assert model.index(1, 1).data() == "KTP-el hilang"
    assert model.index(1, 2).data() == "Ditolak, perlu perbaikan"
    assert model.index(1, 3).data() == "3171********0001"
    assert screen.summary.text() == "2 permohonan"


def test_nik_search_finds_exactly_that_applicant_without_decrypting(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    store = signed_in.store
    wanted = submit(store, "3171015708900001", "SITI AMINAH")
    submit(store, "3171015708900002", "SITI AMINAH")
    screen = make_screen(qtbot, signed_in)
    audit_before = len(store.audit.entries())
    search(qtbot, screen, "3171 0157 0890 0001")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert numbers(screen) == [wanted.number]
    assert len(store.audit.entries()) == audit_before
    assert screen.summary.text() == "1 permohonan dengan NIK ini"


def test_name_search_matches_words_in_any_case_and_is_one_audited_view(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    store = signed_in.store
    siti = submit(store, "3171015708900001", "SITI AMINAH")
    submit(store, "3171015708900002", "DEWI LESTARI")
    also = submit(store, "3171015708900003", "AMINAH SITI RAHAYU")
    screen = make_screen(qtbot, signed_in)
    audit_before = len(store.audit.entries())
    search(qtbot, screen, "amin siti")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    assert sorted(numbers(screen)) == sorted([siti.number, also.number])
    new_entries = store.audit.entries()[: len(store.audit.entries()) - audit_before]
    assert [(e["action"], e["operator"], e["detail"]) for e in new_entries] == [
        ("view", "siti", NAME_SEARCH_DETAIL)
    ]


def test_number_search_filters_on_part_of_the_number(qtbot: QtBot, signed_in: AppContext) -> None:
    store = signed_in.store
    first = submit(store, "3171015708900001", "SITI AMINAH")
    submit(store, "3171015708900002", "DEWI LESTARI")
    screen = make_screen(qtbot, signed_in)
    search(qtbot, screen, first.number[-6:].lower())
    assert numbers(screen) == [first.number]
    screen.clear_search()
    assert screen.model.rowCount() == 2


def test_filters_by_status_and_by_day(qtbot: QtBot, signed_in: AppContext) -> None:
    store = signed_in.store
    rejected = submit(store, "3171015708900001", "SITI AMINAH")
    submit(store, "3171015708900002", "DEWI LESTARI")
    reject(store, rejected)
    screen = make_screen(qtbot, signed_in)
    index = screen.status_filter.findData(Status.REJECTED.value)
    screen.status_filter.setCurrentIndex(index)
    assert numbers(screen) == [rejected.number]
    screen.status_filter.setCurrentIndex(0)
    today = date.today()
    screen.day_edit.setDate(qdate(today - timedelta(days=1)))
    screen.day_check.setChecked(True)
    assert screen.model.rowCount() == 0
    screen.day_edit.setDate(qdate(today))
    assert screen.model.rowCount() == 2


def test_enter_and_double_click_open_the_detail(qtbot: QtBot, signed_in: AppContext) -> None:
    submitted = submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    screen = make_screen(qtbot, signed_in)
    screen.table.setFocus()
    screen.table.selectRow(0)
    with qtbot.waitSignal(screen.navigate) as opened:
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert opened.args == ["detail", {"id": submitted.id, "version": 1}]
    rect = screen.table.visualRect(screen.model.index(0, 1))
    viewport = screen.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(screen.navigate) as opened:
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == ["detail", {"id": submitted.id, "version": 1}]


def test_switching_language_retranslates_rows_and_headers(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    screen = make_screen(qtbot, signed_in)
    signed_in.languages.set_language("en")
    qtbot.waitUntil(lambda: screen.search_button.text() == "Search")  # LanguageChange is posted
    assert screen.model.index(0, 2).data() == "Queued to send"
    assert screen.model.headerData(0, Qt.Orientation.Horizontal) == "Application number"
    assert screen.summary.text() == "1 application"


def test_ten_thousand_applications_load_and_search_in_the_background(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    store = signed_in.store
    bulk_seed(store, 10_000)
    screen = make_screen(qtbot, signed_in)
    assert screen.model.rowCount() == 10_000
    screen.table.scrollToBottom()
    assert screen.table.grab().isNull() is False
    audit_before = len(store.audit.entries())
    search(qtbot, screen, "warga bcd")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert screen.model.index(0, 0).data().endswith("-00732")  # "BCD" is serial 731
    assert len(store.audit.entries()) == audit_before + 1


def test_type_enter_enter_opens_the_found_application(qtbot: QtBot, signed_in: AppContext) -> None:
    wanted = submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    submit(signed_in.store, "3171015708900002", "DEWI LESTARI")
    screen = make_screen(qtbot, signed_in)
    search(qtbot, screen, "3171015708900001")
    assert numbers(screen) == [wanted.number]
    with qtbot.waitSignal(screen.navigate) as opened:
        qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert opened.args == ["detail", {"id": wanted.id, "version": 1}]
    qtbot.keyClick(screen.search, Qt.Key.Key_Down)
    assert screen.table.hasFocus()


def names(screen: ApplicationsScreen) -> list[str]:
    model = screen.model
    return [model.index(r, ApplicationTableModel.NAME).data() for r in range(model.rowCount())]


def test_the_name_column_tells_apart_two_rows_with_the_same_masked_nik(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    store = signed_in.store
    submit(store, "3171015708900001", "SITI AMINAH")
    submit(store, "3171015708910001", "DEWI  LESTARI PUTRI")
    audit_before = len(store.audit.entries())
    screen = make_screen(qtbot, signed_in)
    model = screen.model
    nik_column = [model.index(r, ApplicationTableModel.NIK).data() for r in range(2)]
    assert nik_column == ["3171********0001", "3171********0001"]
    assert names(screen) == ["DEWI L****** P****", "SITI A*****"]
    assert model.headerData(ApplicationTableModel.NAME, Qt.Orientation.Horizontal) == "Nama"
    new_entries = store.audit.entries()[: len(store.audit.entries()) - audit_before]
    assert [(e["action"], e["operator"], e["detail"]) for e in new_entries] == [
        ("view", "siti", LIST_NAMES_DETAIL)
    ]
    screen.table.sortByColumn(ApplicationTableModel.NAME, Qt.SortOrder.AscendingOrder)
    assert names(screen) == ["DEWI L****** P****", "SITI A*****"]
    screen.table.sortByColumn(ApplicationTableModel.NAME, Qt.SortOrder.DescendingOrder)
    assert names(screen) == ["SITI A*****", "DEWI L****** P****"]


def test_names_survive_a_search_and_the_name_of_the_latest_version_is_shown(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    store = signed_in.store
    first = submit(store, "3171015708900001", "SITI AMINA")
    reject(store, first)
    submit(store, "3171015708900001", "SITI AMINAH", revision_of=first)
    submit(store, "3171015708900002", "DEWI LESTARI")
    screen = make_screen(qtbot, signed_in)
    search(qtbot, screen, "3171015708900001")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert names(screen) == ["SITI A*****"]


class PassingSync:
    """Stands in for the sync scheduler: the list only listens to its pass reports, which
    arrive on the sync thread."""

    def __init__(self) -> None:
        self.listeners: list[Callable[[PassReport], None]] = []

    def finish_pass(self, report: PassReport) -> None:
        thread = threading.Thread(target=lambda: [f(report) for f in list(self.listeners)])
        thread.start()
        thread.join()


def test_a_sync_pass_that_changes_the_store_refreshes_the_list_in_place(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    """Right after sign-in the list was read before the first sync pass and kept saying
    "Menunggu dikirim" while the status bar said nothing was waiting (the review's F7)."""
    sync = PassingSync()
    signed_in.sync_known(sync)
    store = signed_in.store
    first = submit(store, "3171015708900001", "SITI AMINAH")
    second = submit(store, "3171015708900002", "DEWI LESTARI")
    screen = make_screen(qtbot, signed_in)
    assert numbers(screen) == [second.number, first.number]
    assert screen.model.index(1, 2).data() == "Menunggu dikirim"
    screen.table.selectRow(1)  # the operator is on the older one, in the list
    screen.table.setFocus()

    reject(store, first)  # what a pass brings from the server
    sync.finish_pass(PassReport(changes_applied=1))
    qtbot.waitUntil(lambda: screen.model.index(1, 2).data() == "Ditolak, perlu perbaikan")
    qtbot.waitUntil(lambda: signed_in_tasks_idle(screen))
    assert screen.table.currentIndex().row() == 1  # still on the same application
    assert screen.model.row_at(screen.table.currentIndex().row()).id == first.id

    # A pass that changed nothing reads nothing.
    reads = screen._loads
    sync.finish_pass(PassReport())
    qtbot.wait(50)
    assert screen._loads == reads


def test_a_pass_while_the_list_is_hidden_waits_for_the_next_showing(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    sync = PassingSync()
    signed_in.sync_known(sync)
    first = submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    screen = make_screen(qtbot, signed_in)
    screen.hide()
    reject(signed_in.store, first)
    sync.finish_pass(PassReport(acknowledged=1))
    qtbot.wait(50)
    assert not screen.loading
    assert screen.model.index(0, 2).data() == "Menunggu dikirim"
    screen.show()
    screen.activate()
    qtbot.waitUntil(lambda: screen.model.index(0, 2).data() == "Ditolak, perlu perbaikan")
