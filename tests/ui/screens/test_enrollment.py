"""The enrollment screen (issue 13, point 13): a device that is not enrolled offers the way
forward in the status bar; a supervisor enrolls against a real kiosk-server and reads the
server key's fingerprint aloud; a petugas cannot; a wrong code says why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.accounts import Operator, Role
from tests.helpers.processes import ServerProcess
from ui.context import AppContext
from ui.screens.enrollment_dialog import EnrollmentDialog, grouped
from ui.status_bar import StatusBarWidget

SUPERVISOR = Operator("rina", "Rina Supervisor", Role.SUPERVISOR)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "server", f"sqlite:///{tmp_path / 'server.sqlite3'}")
    process.cli("keys", "create")
    process.start()
    yield process
    process.stop()


def dialog_for(qtbot: QtBot, context: AppContext) -> EnrollmentDialog:
    dialog = EnrollmentDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_device_not_enrolled_offers_enrollment_in_the_status_bar(
    qtbot: QtBot, context: AppContext
) -> None:
    bar = StatusBarWidget(context)
    qtbot.addWidget(bar)
    assert context.sync is None
    assert bar.link.text() == "Belum terhubung ke server"
    assert bar.send_now.text() == "Daftarkan perangkat…"
    assert bar.send_now.isEnabled()
    bar.timer.stop()


def test_a_petugas_cannot_enroll(qtbot: QtBot, context: AppContext) -> None:
    context.operator = Operator("siti", "Siti", Role.PETUGAS)
    dialog = dialog_for(qtbot, context)
    assert not dialog.enroll_button.isEnabled()
    assert not dialog.server.isEnabled()
    assert "Hanya supervisor" in dialog.message.text()


def test_a_supervisor_enrolls_and_reads_the_server_key_fingerprint(
    qtbot: QtBot, context: AppContext, server: ServerProcess
) -> None:
    context.operator = SUPERVISOR
    dialog = dialog_for(qtbot, context)
    assert dialog.windowTitle() == "Daftarkan perangkat ke server Dukcapil"
    dialog.server.setText(server.url)
    dialog.code.setText("ABCD-EFGH-JKMN")  # well formed, but not one the server issued
    dialog.enroll_button.click()
    qtbot.waitUntil(lambda: "Pendaftaran gagal" in dialog.message.text(), timeout=20_000)
    assert not context.store.state.is_enrolled()
    assert dialog.enroll_button.isEnabled()

    dialog.code.setText(server.enrollment_code("31.71.01"))
    dialog.enroll_button.click()
    qtbot.waitUntil(dialog.fingerprint.isVisible, timeout=20_000)
    assert context.store.state.is_enrolled()
    assert "31.71.01" in dialog.message.text()
    key = context.store.state.seal_key()
    assert key is not None
    assert dialog.fingerprint.text() == grouped(key.fingerprint)
    assert len(dialog.fingerprint.text().split()) == 16  # 64 hex digits in groups of four
    assert not dialog.code.isEnabled()
