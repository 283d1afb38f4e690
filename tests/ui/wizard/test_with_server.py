"""Issue 5 acceptance: an application entered in the wizard reaches a real district server,
is rejected there with a reason, the rejection flows back, and the "perbaiki" revision made in
the wizard arrives on the server as version 2 of the same application."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.applications import Status
from sync.engine import SyncEngine
from sync.enrollment import enroll
from tests.helpers.processes import ServerProcess
from tests.ui.wizard.driver import capture, key, ktp_el_hilang_to_documents, wait_step
from tests.ui.wizard.test_full_flow import SITI, submit_and_wait_receipt
from ui.context import AppContext
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "server", f"sqlite:///{tmp_path / 'server.sqlite3'}")
    process.cli("keys", "create")  # so the application travels sealed, as in production
    process.start()
    yield process
    process.stop()


def test_rejected_then_revised_end_to_end_with_a_server(
    qtbot: QtBot, counter: AppContext, wizard: WizardScreen, server: ServerProcess
) -> None:
    store = counter.store
    enroll(store, server.url, server.enrollment_code("31.71.01"), "loket 1")
    engine = SyncEngine(store)

    ktp_el_hilang_to_documents(qtbot, wizard, SITI)
    assert capture(qtbot, wizard.documents_page, "camera") == "kk"
    assert capture(qtbot, wizard.documents_page, "scanner") == "surat-kehilangan"
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    number = submit_and_wait_receipt(qtbot, wizard)
    [summary] = store.records.find_by_number(number)

    assert engine.run_once().acknowledged == 1
    [on_server] = server.applications()
    assert (on_server["id"], on_server["status"]) == (summary.id, "received")

    server.cli(
        "decide",
        summary.id,
        "--status",
        "rejected",
        "--reason",
        "Surat kehilangan tidak terbaca",
        "--fix",
        "Pindai ulang surat kehilangan",
    )
    engine.run_once()
    assert store.records.find_by_id(summary.id)[0].status == Status.REJECTED.value

    wizard.activate(revision_of=(summary.id, 1))
    wait_step(qtbot, wizard, Step.SERVICE)
    assert "Surat kehilangan tidak terbaca" in wizard.service_page.details.text()
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.APPLICANT)
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_step(qtbot, wizard, Step.DOCUMENTS)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_F8)  # retake the letter the verifier could not read
    assert capture(qtbot, wizard.documents_page, "scanner") == "surat-kehilangan"
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert submit_and_wait_receipt(qtbot, wizard) == number

    assert engine.run_once().acknowledged == 1
    versions = sorted((a["version"], a["status"]) for a in server.applications())
    assert versions == [(1, "rejected"), (2, "received")]
    assert [(v.version, v.status) for v in store.records.find_by_id(summary.id)] == [
        (1, "rejected"),
        (2, "received"),
    ]
    # Sealed both times; the kept KK went by reference (the server already had it), the
    # re-scanned letter is new, and only the server's key opens the corrected fields.
    by_version = {a["version"]: a for a in server.applications()}
    kk = [
        {a["sha256"] for a in by_version[v]["attachments"] if a["document_code"] == "kk"}
        for v in (1, 2)
    ]
    assert kk[0] == kk[1]
    letters = [
        {
            a["sha256"]
            for a in by_version[v]["attachments"]
            if a["document_code"] == "surat-kehilangan"
        }
        for v in (1, 2)
    ]
    assert letters[0] != letters[1]
    shown = json.loads(server.cli("show", summary.id, "--version", "2").stdout)
    assert shown["sealed"] is True
    assert shown["fields"]["nik"] == SITI["nik"]
    assert all(a.sealed for a in store.records.attachments(summary.id, 2))
