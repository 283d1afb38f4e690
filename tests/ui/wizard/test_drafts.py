"""A half-typed application survives a power cut: the autosaved draft is offered when the
wizard opens again on the same data dir, resumes where it stopped, and can be finished."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.local_store import Store
from kiosk.settings import Settings
from tests.ui.wizard.driver import (
    FakeDialogs,
    capture,
    close_wizard,
    key,
    ktp_el_hilang_to_documents,
    open_wizard,
    wait_step,
)
from tests.ui.wizard.test_full_flow import SITI, attachments_of, submit_and_wait_receipt
from ui.context import AppContext
from ui.devices_setup import DeviceSet
from ui.tasks import TaskRunner
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


def test_a_draft_survives_a_power_cut_and_is_finished_after_restart(
    qtbot: QtBot,
    counter: AppContext,
    data_dir: Path,
    fake_devices: DeviceSet,
    dialogs: FakeDialogs,
) -> None:
    first = open_wizard(qtbot, counter, dialogs)
    ktp_el_hilang_to_documents(qtbot, first, SITI)
    assert capture(qtbot, first.documents_page, "scanner") == "kk"
    assert first.model is not None
    draft_id = first.model.draft_id
    store = counter.store

    def draft_holds_the_kk() -> bool:
        files = store.drafts.load(draft_id).get("files", [])
        return [f["document"] for f in files] == ["kk"]

    qtbot.waitUntil(draft_holds_the_kk, timeout=10_000)
    # Power cut: no flush, no orderly close; only the test's own threads are stopped.
    close_wizard(first, counter)
    first.hide()
    store.close()

    reopened = Store.open(data_dir)
    again = AppContext(
        store=reopened,
        settings=Settings(),
        tasks=TaskRunner(),
        languages=counter.languages,
        devices=fake_devices,
        operator=counter.operator,
    )
    second = open_wizard(qtbot, again, dialogs)
    try:
        qtbot.waitUntil(lambda: second.questions.drafts_list.count() == 1, timeout=10_000)
        offered = second.questions.drafts_list.item(0).text()
        assert "KTP-el hilang" in offered
        assert "SITI A*****" in offered  # whose draft it is, masked after the first word
        assert "3171********0001" in offered
        assert not second.questions.drafts_list.hasFocus()
        key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # resume: an explicit choice
        wait_step(qtbot, second, Step.DOCUMENTS)
        assert second.model is not None
        assert second.model.draft_id == draft_id
        assert second.model.applicant.values["nik"] == SITI["nik"]
        checklist = second.model.checklist
        assert checklist is not None
        assert checklist.status("kk") == "ok"
        kept_sha = checklist.files["kk"].sha256
        assert second.documents_page.station.item is not None
        assert second.documents_page.station.item.code == "surat-kehilangan"
        assert capture(qtbot, second.documents_page, "scanner") == "surat-kehilangan"
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        number = submit_and_wait_receipt(qtbot, second)
        attachments = attachments_of(again, number)
        assert attachments["kk"].sha256 == kept_sha
        assert set(attachments) == {"kk", "surat-kehilangan", "f-1.02"}
        assert reopened.drafts.list("petugas1") == []
    finally:
        close_wizard(second, again)
        reopened.close()


def test_only_the_operators_own_drafts_are_offered(
    qtbot: QtBot, counter: AppContext, dialogs: FakeDialogs
) -> None:
    store = counter.store
    store.drafts.save(None, operator="someone-else", service="kia", data={}, attachment_hashes=[])
    mine = store.drafts.save(
        None, operator="petugas1", service="akta-kelahiran", data={}, attachment_hashes=[]
    )
    wizard = open_wizard(qtbot, counter, dialogs)
    try:
        drafts = wizard.questions.drafts_list
        qtbot.waitUntil(lambda: drafts.count() == 1, timeout=10_000)
        assert "Akta kelahiran" in drafts.item(0).text()
        assert drafts.item(0).data(Qt.ItemDataRole.UserRole) == mine
        key(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # "Hapus draf"
        qtbot.waitUntil(lambda: store.drafts.list("petugas1") == [], timeout=10_000)
        assert not wizard.questions.drafts_box.isVisible()
        assert [d.operator for d in store.drafts.list()] == ["someone-else"]
    finally:
        close_wizard(wizard, counter)
