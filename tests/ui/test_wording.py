"""Wording that misled a new operator (issue 13, point 11): the step count, document names cut
off, "Diterima" read as approved, two different "Kirim" buttons, "Memeriksa jaringan..." stuck,
and "Sinkron sekarang" pressed offline with no answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QListWidgetItem, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.applications.status import STATUS_LABELS, Status
from ui.context import AppContext
from ui.screens.wizard.capture_page import CapturePage
from ui.screens.wizard.chrome import WizardHeader
from ui.status_bar import StatusBarWidget
from ui.viewmodels.checklist import DOCUMENTS
from ui.viewmodels.wizard import Step, WizardModel


class OfflineSync:
    def __init__(self) -> None:
        self.listeners: list[object] = []
        self.pokes = 0

    def poke(self, *, force: bool = True) -> None:
        self.pokes += 1


def test_the_step_count_never_changes_its_total(qtbot: QtBot, context: AppContext) -> None:
    header = WizardHeader()
    qtbot.addWidget(header)
    model = WizardModel(context.store.catalog, "petugas1")
    header.show_model(model)
    first = header.progress.text()
    for answer in (0, 1, 0):  # KTP-el -> sudah rekam -> hilang
        model.choose(answer)
    header.show_model(model)
    second = header.progress.text()
    model.step = Step.APPLICANT
    header.show_model(model)
    third = header.progress.text()
    # Before the service the total is one of two (with or without photo and signature).
    assert first.split(":")[0].split(" dari ")[1] == "6–7"
    assert second.split(":")[0].split(" dari ")[1] in ("6", "7")
    assert second.split(":")[0].split(" dari ")[1] == third.split(":")[0].split(" dari ")[1]


def test_received_does_not_read_like_approved() -> None:
    indonesian, english = STATUS_LABELS[Status.RECEIVED]
    assert not indonesian.startswith("Diterima")
    assert "belum diperiksa" in indonesian
    assert "not yet checked" in english


def test_long_document_names_wrap_whole_in_the_checklist(qtbot: QtBot, context: AppContext) -> None:
    page = CapturePage(context, DOCUMENTS)
    qtbot.addWidget(page)
    page.list.resize(300, 400)
    page.show()
    item = QListWidgetItem("○  Surat keterangan kehilangan dari kepolisian  (wajib)")
    page.list.addItem(item)
    line = page.list.fontMetrics().height()
    assert page.list.visualItemRect(item).height() >= 2 * line


def test_status_bar_says_online_once_a_sync_worked_and_answers_a_press(
    qtbot: QtBot, context: AppContext
) -> None:
    context.sync = OfflineSync()
    bar = StatusBarWidget(context)
    qtbot.addWidget(bar)
    try:
        assert bar.link.text() == "Memeriksa jaringan..."
        bar._update({"last_success": datetime.now(UTC) + timedelta(seconds=1)})
        assert "Daring" in bar.link.text()
        buttons = [b.text() for b in bar.findChildren(QPushButton)]
        assert buttons == ["Sinkron sekarang"]  # "Kirim" is the wizard's submit alone
        bar.online = False
        bar.send_now.click()
        assert context.sync.pokes == 1
        assert "Luring" in bar.feedback.text()
    finally:
        bar.timer.stop()
        context.sync = None
